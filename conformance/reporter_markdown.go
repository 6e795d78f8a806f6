package conformance

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// NewMarkdownReporter returns a Reporter that writes r as GitHub-flavoured
// Markdown for a CI step summary: a heading with the verdict, the summary,
// the failures, warnings and errors with their evidence, the skips with
// their reasons, mock's coverage, and every result in a collapsed table.
func NewMarkdownReporter(r *Report) Reporter {
	return func(w io.Writer) error {
		p := &textPrinter{w: w}
		s := Summarize(r.Results)
		p.printf("## conformance %s: %s\n\n", r.Command, strings.ToUpper(string(r.Verdict())))
		p.printf("- **Target:** %s\n", mdText(r.Target))
		if len(r.Capabilities) > 0 {
			p.printf("- **Capabilities:** %s\n", capabilityLine(r.Capabilities))
		}
		if r.ClientExitCode != nil {
			p.printf("- **Client command exit status:** %d\n", *r.ClientExitCode)
		}
		p.printf("- **%d checks:** %d passed, %d failed, %d warned, %d skipped, %d errored in %s\n",
			s.Total, s.Pass, s.Fail, s.Warn, s.Skip, s.Error, r.Duration.Round(time.Millisecond))
		mdDetails(p, "Failures", r.Results, StatusFail)
		mdDetails(p, "Warnings", r.Results, StatusWarn)
		mdDetails(p, "Errors", r.Results, StatusError)
		mdSkips(p, r.Results)
		if r.Coverage != nil {
			mdCoverage(p, r.Coverage)
		}
		if len(r.Results) > 0 {
			p.printf("\n<details><summary>All %d results</summary>\n\n", len(r.Results))
			p.printf("| status | id | level | section | title |\n|---|---|---|---|---|\n")
			for _, res := range r.Results {
				p.printf("| %s | `%s` | %s | %s | %s |\n", statusWord(res.Status), res.ID, res.Level, res.Section, mdCell(res.Title))
			}
			p.printf("\n</details>\n")
		}
		return p.err
	}
}

// mdDetails lists the results with status st, each with its findings or
// its reason.
func mdDetails(p *textPrinter, heading string, results []Result, st Status) {
	first := true
	for _, res := range results {
		if res.Status != st {
			continue
		}
		if first {
			p.printf("\n### %s\n\n", heading)
			first = false
		}
		p.printf("- **`%s`** (%s, %s): %s\n", res.ID, res.Level, res.Section, mdText(res.Title))
		for _, f := range res.Findings {
			p.printf("  - %s\n", mdText(f.String()))
		}
		if res.Reason != "" {
			p.printf("  - %s\n", mdText(firstLine(res.Reason)))
		}
	}
}

func mdSkips(p *textPrinter, results []Result) {
	first := true
	for _, res := range results {
		if res.Status != StatusSkip {
			continue
		}
		if first {
			p.printf("\n### Skipped\n\n| id | reason |\n|---|---|\n")
			first = false
		}
		p.printf("| `%s` | %s |\n", res.ID, mdCell(res.Reason))
	}
}

func mdCoverage(p *textPrinter, c *Coverage) {
	p.printf("\n### Coverage\n\n| operation | requests |\n|---|---|\n")
	for _, op := range coverageOperationIDs(c) {
		p.printf("| `%s` | %d |\n", op, c.Operations[op])
	}
	p.printf("\n| event type | served |\n|---|---|\n")
	for _, ev := range coverageEventNames(c) {
		p.printf("| `%s` | %d |\n", ev, c.Events[ev])
	}
	p.printf("\nRequests matching no operation: %d\n", c.Unmatched)
}

// mdText makes s safe as Markdown inline text: one line, with the
// characters that would start markup or HTML escaped.
func mdText(s string) string {
	return mdEscaper.Replace(oneLine(s))
}

// mdCell is mdText for a table cell, where a pipe also ends the cell.
func mdCell(s string) string {
	return strings.ReplaceAll(mdText(s), "|", `\|`)
}

var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "<", "&lt;", ">", "&gt;", "[", `\[`, "]", `\]`,
)

// mdHeading is used by the rules reporter for section names.
func mdHeading(level int, text string) string {
	return fmt.Sprintf("%s %s\n", strings.Repeat("#", level), text)
}
