package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/runsuite/runsuite/conformance"
)

// rulesOptions holds the rules command's flags.
type rulesOptions struct {
	format string
	side   string
}

// newRulesCmd returns the rules command.
func newRulesCmd() *cobra.Command {
	opts := rulesOptions{format: "text", side: "all"}
	cmd := &cobra.Command{
		Use:   "rules [flags]",
		Short: "Print the catalogue of conformance checks",
		Long: `rules prints every check of the conformance catalogue: its id, the side
of the wire it judges (server checks run by verify, client rules applied by
mock), its level (MUST fails a run, SHOULD warns), the contract section it
enforces, the capabilities it needs and its title.

--format markdown writes the page docs/rules.md is generated from (make docs).

Exit status: 0, or 2 for usage errors or a failed write.`,
		Example: `  conformance rules
  conformance rules --side client
  conformance rules --format markdown > docs/rules.md`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runRules(cmd, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.format, "format", opts.format, "text, markdown or json")
	f.StringVar(&opts.side, "side", opts.side, "all, server or client")
	return cmd
}

// runRules selects the checks of a side and writes them in a format.
func runRules(cmd *cobra.Command, opts rulesOptions) error {
	var checks []conformance.Check
	switch opts.side {
	case "all":
		checks = conformance.Catalogue()
	case string(conformance.SideServer):
		checks = conformance.ServerChecks()
	case string(conformance.SideClient):
		checks = conformance.ClientRules()
	default:
		return usageErrorf(cmd, "--side must be all, server or client, got %q", opts.side)
	}
	var rep conformance.Reporter
	switch opts.format {
	case "text":
		rep = conformance.NewRulesReporter(checks)
	case "markdown":
		rep = conformance.NewRulesMarkdownReporter(checks)
	case "json":
		rep = rulesJSON(checks)
	default:
		return usageErrorf(cmd, "--format must be text, markdown or json, got %q", opts.format)
	}
	if err := rep(cmd.OutOrStdout()); err != nil {
		return fmt.Errorf("print rules: %w", err)
	}
	return nil
}

// ruleJSON is one check as rules --format json writes it.
type ruleJSON struct {
	ID         string                   `json:"id"`
	Title      string                   `json:"title"`
	Side       conformance.Side         `json:"side"`
	Level      conformance.Level        `json:"level"`
	Section    string                   `json:"section"`
	Operations []string                 `json:"operations"`
	Needs      []conformance.Capability `json:"needs"`
}

// rulesJSON writes checks as a JSON array, one object per check.
func rulesJSON(checks []conformance.Check) conformance.Reporter {
	return func(w io.Writer) error {
		out := make([]ruleJSON, 0, len(checks))
		for _, c := range checks {
			r := ruleJSON{ID: c.ID, Title: c.Title, Side: c.Side, Level: c.Level, Section: c.Section,
				Operations: []string{}, Needs: append([]conformance.Capability{}, c.Needs...)}
			for _, op := range c.Operations {
				r.Operations = append(r.Operations, string(op))
			}
			out = append(out, r)
		}
		b, err := json.MarshalIndent(out, "", "  ")
		if err != nil {
			return fmt.Errorf("encode rules: %w", err)
		}
		_, err = w.Write(append(b, '\n'))
		return err
	}
}
