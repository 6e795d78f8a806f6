package loadgen

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
)

// Reporter writes a report of an attack.
type Reporter func(w io.Writer) error

// NewJSONReporter returns a Reporter writing m as its versioned JSON
// document.
func NewJSONReporter(m *Metrics) Reporter {
	return m.WriteJSON
}

// ClientRatio returns how many times runsuite's events per second
// openai-go's are, when both clients were measured; ok is false otherwise.
func (m *Metrics) ClientRatio() (ratio float64, ok bool) {
	r, o := m.Clients[ClientRunsuite], m.Clients[ClientOpenAIGo]
	if r == nil || o == nil || o.EventsPerSecond == 0 {
		return 0, false
	}
	return r.EventsPerSecond / o.EventsPerSecond, true
}

// latencyRows lists the histograms in report order.
func (l *Latency) rows() []struct {
	Name string
	H    *Histogram
} {
	return []struct {
		Name string
		H    *Histogram
	}{
		{"time to response headers", &l.TimeToHeaders},
		{"time to first event", &l.TimeToFirstEvent},
		{"inter-event gap", &l.InterEventGap},
		{"time to requires_action", &l.TimeToRequiresAction},
		{"stream duration", &l.StreamDuration},
	}
}

// NewMarkdownReporter returns a Reporter writing m as Markdown, for CI logs
// and step summaries, with the outcome of cmp when it is not nil.
func NewMarkdownReporter(m *Metrics, cmp *Comparison) Reporter {
	return func(w io.Writer) error {
		bw := bufio.NewWriter(w)
		writeMarkdown(bw, m, cmp)
		if err := bw.Flush(); err != nil {
			return fmt.Errorf("write markdown report: %w", err)
		}
		return nil
	}
}

func writeMarkdown(w *bufio.Writer, m *Metrics, cmp *Comparison) {
	c := m.Config
	fmt.Fprintf(w, "# runsuite load report\n\n")
	load := fmt.Sprintf("%d concurrent runs (closed loop)", c.Workers)
	if c.Rate > 0 {
		load = fmt.Sprintf("%.4g runs/s (open loop, up to %d in flight)", c.Rate, c.Workers)
	}
	fmt.Fprintf(w, "- target: %s\n- scenarios: %s; client: %s\n- load: %s", c.Target, joinScenarios(c.Scenarios), c.Client, load)
	if c.RampUp > 0 {
		fmt.Fprintf(w, ", ramp-up %v", c.RampUp)
	}
	fmt.Fprintf(w, "\n- started %s, ran %s", m.Started.UTC().Format(time.RFC3339), fmtDuration(m.Duration))
	if m.Interrupted {
		fmt.Fprintf(w, " (interrupted)")
	}
	fmt.Fprintf(w, "; %d shard(s); %s on %d CPUs\n\n", len(m.Shards), c.GoVersion, c.CPUs)

	fmt.Fprintf(w, "| runs | ok | errors | cancelled | events | events/s | MB/s | CPU/event | peak RSS | dials | goroutines start → end |\n")
	fmt.Fprintf(w, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %.1f | %s | %s | %s | %d → %d |\n\n",
		fmtCount(m.Runs), fmtCount(m.OK), fmtCount(m.ErrorCount()), fmtCount(m.Cancelled), fmtCount(m.Events),
		fmtRate(m.EventsPerSecond), m.MBPerSecond, fmtDuration(m.Cost.CPUPerEvent), fmtBytes(m.Cost.PeakRSS),
		fmtCount(m.Cost.Dials), m.Cost.GoroutinesStart, m.Cost.GoroutinesEnd)
	if m.Cost.InProcessTarget {
		fmt.Fprintf(w, "CPU includes the in-process emulator serving the runs.\n\n")
	}

	fmt.Fprintf(w, "## Latency\n\n| | count | p50 | p90 | p99 | p99.9 | max |\n|---|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range m.Latency.rows() {
		h := r.H
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s |\n", r.Name, fmtCount(h.Count()),
			fmtDuration(h.Quantile(50)), fmtDuration(h.Quantile(90)), fmtDuration(h.Quantile(99)), fmtDuration(h.Quantile(99.9)), fmtDuration(h.Max()))
	}
	fmt.Fprintln(w)

	if len(m.Clients) > 0 {
		fmt.Fprintf(w, "## Clients\n\n| client | turns | runs | events | events/s | CPU/event | p99 time to first event | errors |\n|---|---:|---:|---:|---:|---:|---:|---:|\n")
		for _, k := range slices.Sorted(maps.Keys(m.Clients)) {
			cm := m.Clients[k]
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s |\n", k, fmtDuration(cm.Duration), fmtCount(cm.Runs), fmtCount(cm.Events),
				fmtRate(cm.EventsPerSecond), fmtDuration(cm.Cost.CPUPerEvent), fmtDuration(cm.Latency.TimeToFirstEvent.Quantile(99)), fmtCount(cm.ErrorCount()))
		}
		if ratio, ok := m.ClientRatio(); ok {
			fmt.Fprintf(w, "\nrunsuite decoded **%.1f×** the events/s of openai-go against the same target.\n", ratio)
		}
		fmt.Fprintln(w)
	}

	if len(m.Errors) > 0 {
		fmt.Fprintf(w, "## Errors\n\n| kind | runs | first seen |\n|---|---:|---|\n")
		for _, k := range slices.Sorted(maps.Keys(m.Errors)) {
			fmt.Fprintf(w, "| %s | %s | %s |\n", k, fmtCount(m.Errors[k]), mdCell(m.ErrorSamples[k]))
		}
		fmt.Fprintln(w)
	}
	if len(m.RunStatuses) > 0 {
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(m.RunStatuses)) {
			parts = append(parts, fmt.Sprintf("%s %s", k, fmtCount(m.RunStatuses[k])))
		}
		fmt.Fprintf(w, "Runs by last status: %s.\n\n", strings.Join(parts, ", "))
	}
	if len(m.EventTypes) > 0 {
		fmt.Fprintf(w, "<details><summary>Events by type</summary>\n\n| event | count |\n|---|---:|\n")
		for _, k := range slices.Sorted(maps.Keys(m.EventTypes)) {
			fmt.Fprintf(w, "| %s | %s |\n", k, fmtCount(m.EventTypes[k]))
		}
		fmt.Fprintf(w, "\n</details>\n\n")
	}
	if len(m.Notes) > 0 {
		fmt.Fprintf(w, "## Notes\n\n| figure | value | target | command |\n|---|---:|---|---|\n")
		for _, n := range m.Notes {
			fmt.Fprintf(w, "| %s | %s %s | %s | %s |\n", mdCell(n.Figure), fmtNumber(n.Value), mdCell(n.Unit), mdCell(n.Target), codeCell(n.Command))
		}
		fmt.Fprintln(w)
	}
	if cmp != nil {
		writeComparison(w, cmp)
	}
}

// codeCell writes s as inline code in a table cell, or nothing when empty.
func codeCell(s string) string {
	if s == "" {
		return ""
	}
	return "`" + strings.ReplaceAll(mdCell(s), "`", "'") + "`"
}

// mdCell makes s safe inside a Markdown table cell.
func mdCell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.Join(strings.Fields(s), " ")
}

func writeComparison(w *bufio.Writer, cmp *Comparison) {
	fmt.Fprintf(w, "## Against the baseline (threshold %.0f%%)\n\n| figure | baseline | now | change |\n|---|---:|---:|---:|\n", 100*cmp.Threshold)
	for _, f := range cmp.Figures {
		verdict := ""
		if f.Change > cmp.Threshold {
			verdict = " **regression**"
		}
		fmt.Fprintf(w, "| %s | %s %s | %s %s | %+.1f%% worse%s |\n", f.Figure, fmtNumber(f.Baseline), f.Unit, fmtNumber(f.Current), f.Unit, 100*f.Change, verdict)
	}
	if len(cmp.Regressions) == 0 {
		fmt.Fprintf(w, "\nNo regression beyond the threshold.\n")
	} else {
		fmt.Fprintf(w, "\n%d regression(s) beyond the threshold.\n", len(cmp.Regressions))
	}
}
