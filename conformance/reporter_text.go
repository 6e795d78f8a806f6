package conformance

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/runsuite/runsuite/contract"
)

// TextOption configures NewTextReporter.
type TextOption func(*textConfig)

type textConfig struct {
	color bool
}

// WithColor sets whether the text report colours its status words with
// ANSI escapes. Front ends turn it on only when the writer IsTerminal.
func WithColor(on bool) TextOption { return func(c *textConfig) { c.color = on } }

// NewTextReporter returns a Reporter that writes r for people: a heading,
// one line per result (PASS, FAIL, WARN, SKIP or ERROR, then the id and the
// title, and for a failure or warning the level and the section of
// docs/contract.md it breaks), the evidence of each finding under a failure or a warning, the
// reason under a skip or an error, mock's coverage when there is one, and a
// summary line.
func NewTextReporter(r *Report, opts ...TextOption) Reporter {
	var cfg textConfig
	for _, o := range opts {
		o(&cfg)
	}
	return func(w io.Writer) error {
		p := &textPrinter{w: w, color: cfg.color}
		p.printf("conformance %s: %s\n", r.Command, r.Target)
		if len(r.Capabilities) > 0 {
			p.printf("capabilities: %s\n", capabilityLine(r.Capabilities))
		}
		p.printf("\n")
		width := 0
		for _, res := range r.Results {
			width = max(width, len(res.ID))
		}
		for _, res := range r.Results {
			p.result(res, width)
		}
		if r.Coverage != nil {
			p.coverage(r.Coverage)
		}
		if r.ClientExitCode != nil {
			p.printf("client command exited with status %d\n", *r.ClientExitCode)
		}
		s := Summarize(r.Results)
		p.printf("\n%d checks: %d passed, %d failed, %d warned, %d skipped, %d errored in %s: %s\n",
			s.Total, s.Pass, s.Fail, s.Warn, s.Skip, s.Error, r.Duration.Round(time.Millisecond), p.verdict(r.Verdict()))
		return p.err
	}
}

// textPrinter writes formatted text and keeps the first write error.
type textPrinter struct {
	w     io.Writer
	color bool
	err   error
}

func (p *textPrinter) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

const ansiReset = "\x1b[0m"

var statusColor = map[Status]string{
	StatusPass:  "\x1b[32m", // green
	StatusFail:  "\x1b[31m", // red
	StatusWarn:  "\x1b[33m", // yellow
	StatusSkip:  "\x1b[36m", // cyan
	StatusError: "\x1b[35m", // magenta
}

func (p *textPrinter) word(s Status) string {
	w := fmt.Sprintf("%-5s", statusWord(s))
	if p.color {
		return statusColor[s] + w + ansiReset
	}
	return w
}

func (p *textPrinter) verdict(v Verdict) string {
	s := map[Verdict]Status{VerdictPass: StatusPass, VerdictFail: StatusFail, VerdictIncomplete: StatusError}[v]
	if p.color {
		return statusColor[s] + string(v) + ansiReset
	}
	return string(v)
}

func (p *textPrinter) result(res Result, width int) {
	rule := ""
	if res.Status == StatusFail || res.Status == StatusWarn {
		rule = fmt.Sprintf(" (%s %s)", res.Level, res.Section) // where to read the rule up
	}
	p.printf("%s %-*s  %s%s\n", p.word(res.Status), width, res.ID, res.Title, rule)
	const indent = "      "
	for _, f := range res.Findings {
		p.printf("%s- %s\n", indent, oneLine(f.String()))
	}
	if res.Reason != "" {
		for _, line := range strings.Split(strings.TrimRight(res.Reason, "\n"), "\n") {
			p.printf("%s%s\n", indent, line)
		}
	}
}

func (p *textPrinter) coverage(c *Coverage) {
	used := 0
	for _, op := range contract.Operations() {
		if c.Operations[string(op.ID)] > 0 {
			used++
		}
	}
	p.printf("\ncoverage: %d of %d operations\n", used, len(contract.Operations()))
	for _, op := range coverageOperationIDs(c) {
		n := c.Operations[op]
		note := ""
		if n == 0 {
			note = "  (not exercised)"
		}
		p.printf("  %-36s %6d%s\n", op, n, note)
	}
	known := contract.EventNames()
	seen := 0
	for _, name := range known {
		if c.Events[name] > 0 {
			seen++
		}
	}
	p.printf("event types: %d of %d served\n", seen, len(known))
	for _, name := range coverageEventNames(c) {
		note := ""
		if !slices.Contains(known, name) {
			note = "  (not in the contract)"
		}
		p.printf("  %-36s %6d%s\n", name, c.Events[name], note)
	}
	p.printf("requests matching no operation: %d\n", c.Unmatched)
}

// coverageOperationIDs lists the ten operations of the contract, then any
// other id the coverage holds, in a fixed order.
func coverageOperationIDs(c *Coverage) []string {
	var ids []string
	for _, op := range contract.Operations() {
		ids = append(ids, string(op.ID))
	}
	for _, id := range slices.Sorted(maps.Keys(c.Operations)) {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids
}

// coverageEventNames lists every event type of the contract, then any
// other name the coverage holds, in a fixed order.
func coverageEventNames(c *Coverage) []string {
	names := contract.EventNames()
	var extra []string
	for _, name := range slices.Sorted(maps.Keys(c.Events)) {
		if !slices.Contains(names, name) {
			extra = append(extra, name)
		}
	}
	return append(slices.Clone(names), extra...)
}

// capabilityLine renders capabilities as "file_search yes, streaming no".
func capabilityLine(caps map[Capability]bool) string {
	var parts []string
	for _, c := range Capabilities() {
		v, ok := caps[c]
		if !ok {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s %s", c, map[bool]string{true: "yes", false: "no"}[v]))
	}
	return strings.Join(parts, ", ")
}

// oneLine folds line breaks so that a finding stays on one line.
func oneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}
