package loadgen

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
)

// chartPercentiles are the points of the latency percentile chart.
var chartPercentiles = []float64{0, 50, 75, 90, 95, 99, 99.5, 99.9, 99.99, 100}

// NewHTMLReporter returns a Reporter writing m as one self-contained HTML
// page that opens offline: the Markdown report's tables and inline SVG
// charts of latency percentiles, events per second over time and errors
// over time (and events per second per client under ClientBoth). A few
// lines of inline script mark each chart as rendered once the browser has
// laid it out (data-rendered), which the headless browser test checks.
func NewHTMLReporter(m *Metrics, cmp *Comparison) Reporter {
	return func(w io.Writer) error {
		bw := bufio.NewWriter(w)
		writeHTML(bw, m, cmp)
		if err := bw.Flush(); err != nil {
			return fmt.Errorf("write html report: %w", err)
		}
		return nil
	}
}

const htmlHead = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>runsuite load report</title>
<style>
body{font-family:sans-serif;margin:2em auto;max-width:60em;color:#222}
table{border-collapse:collapse;margin:1em 0}
th,td{border:1px solid #ccc;padding:.3em .6em;text-align:right}
th:first-child,td:first-child{text-align:left}
figure{margin:1.5em 0}
figcaption{font-weight:bold;margin-bottom:.4em}
.regression{color:#b00;font-weight:bold}
</style></head><body>
`

// renderScript marks every chart whose plot the browser laid out with a
// non-empty box and at least one mark.
const renderScript = `<script>
(function(){
  var figs = document.querySelectorAll('figure[data-chart]'), ok = 0;
  figs.forEach(function(f){
    var svg = f.querySelector('svg.chart');
    var marks = svg ? svg.querySelectorAll('g.plot .series') : [];
    var drawn = 0;
    marks.forEach(function(m){ var b = m.getBBox(); if (b.width > 0 || b.height > 0) drawn++; });
    var r = svg ? svg.getBoundingClientRect() : {width:0, height:0};
    var rendered = marks.length > 0 && drawn === marks.length && r.width > 0 && r.height > 0;
    f.setAttribute('data-rendered', rendered ? 'yes' : 'no');
    f.setAttribute('data-marks', drawn + '/' + marks.length);
    f.setAttribute('data-box', Math.round(r.width) + 'x' + Math.round(r.height));
    if (rendered) ok++;
  });
  document.body.setAttribute('data-charts', ok + '/' + figs.length);
})();
</script>
`

func writeHTML(w *bufio.Writer, m *Metrics, cmp *Comparison) {
	w.WriteString(htmlHead)
	fmt.Fprintf(w, "<h1>runsuite load report</h1>\n")
	writeHTMLSummary(w, m)
	for _, c := range htmlCharts(m) {
		fmt.Fprintf(w, "<figure data-chart=%q><figcaption>%s</figcaption>\n%s\n</figure>\n", c.id, html.EscapeString(c.title), c.svg)
	}
	writeHTMLLatency(w, m)
	if len(m.Notes) > 0 {
		w.WriteString("<h2>Notes</h2>\n<table><tr><th>figure</th><th>value</th><th>target</th><th>command</th></tr>\n")
		for _, n := range m.Notes {
			fmt.Fprintf(w, "<tr><td>%s</td><td>%s %s</td><td>%s</td><td><code>%s</code></td></tr>\n",
				html.EscapeString(n.Figure), fmtNumber(n.Value), html.EscapeString(n.Unit), html.EscapeString(n.Target), html.EscapeString(n.Command))
		}
		w.WriteString("</table>\n")
	}
	if cmp != nil {
		writeHTMLComparison(w, cmp)
	}
	w.WriteString(renderScript)
	w.WriteString("</body></html>\n")
}

func writeHTMLSummary(w *bufio.Writer, m *Metrics) {
	c := m.Config
	fmt.Fprintf(w, "<p>Target: %s. Scenarios: %s. Client: %s. %d worker(s)", html.EscapeString(c.Target), html.EscapeString(joinScenarios(c.Scenarios)), html.EscapeString(string(c.Client)), c.Workers)
	if c.Rate > 0 {
		fmt.Fprintf(w, ", %.4g runs/s", c.Rate)
	}
	fmt.Fprintf(w, ". Ran %s from %s; %d shard(s).", html.EscapeString(fmtDuration(m.Duration)), html.EscapeString(m.Started.UTC().Format("2006-01-02 15:04:05 UTC")), len(m.Shards))
	if m.Interrupted {
		w.WriteString(" Interrupted.")
	}
	w.WriteString("</p>\n<table><tr><th>runs</th><th>ok</th><th>errors</th><th>cancelled</th><th>events</th><th>events/s</th><th>MB/s</th><th>CPU/event</th><th>peak RSS</th><th>dials</th><th>goroutines</th></tr>\n")
	fmt.Fprintf(w, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%.1f</td><td>%s</td><td>%s</td><td>%s</td><td>%d → %d</td></tr></table>\n",
		fmtCount(m.Runs), fmtCount(m.OK), fmtCount(m.ErrorCount()), fmtCount(m.Cancelled), fmtCount(m.Events), fmtRate(m.EventsPerSecond), m.MBPerSecond,
		html.EscapeString(fmtDuration(m.Cost.CPUPerEvent)), html.EscapeString(fmtBytes(m.Cost.PeakRSS)), fmtCount(m.Cost.Dials), m.Cost.GoroutinesStart, m.Cost.GoroutinesEnd)
	if len(m.Errors) > 0 {
		w.WriteString("<table><tr><th>error kind</th><th>runs</th></tr>\n")
		for _, k := range slices.Sorted(maps.Keys(m.Errors)) {
			fmt.Fprintf(w, "<tr><td>%s</td><td>%s</td></tr>\n", html.EscapeString(k), fmtCount(m.Errors[k]))
		}
		w.WriteString("</table>\n")
	}
	if ratio, ok := m.ClientRatio(); ok {
		fmt.Fprintf(w, "<p>runsuite decoded <b>%.1f×</b> the events/s of openai-go against the same target.</p>\n", ratio)
	}
}

func writeHTMLLatency(w *bufio.Writer, m *Metrics) {
	w.WriteString("<table><tr><th>latency</th><th>count</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>max</th></tr>\n")
	for _, r := range m.Latency.rows() {
		h := r.H
		fmt.Fprintf(w, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n", html.EscapeString(r.Name), fmtCount(h.Count()),
			fmtDuration(h.Quantile(50)), fmtDuration(h.Quantile(90)), fmtDuration(h.Quantile(99)), fmtDuration(h.Quantile(99.9)), fmtDuration(h.Max()))
	}
	w.WriteString("</table>\n")
}

func writeHTMLComparison(w *bufio.Writer, cmp *Comparison) {
	fmt.Fprintf(w, "<h2>Against the baseline (threshold %.0f%%)</h2>\n<table><tr><th>figure</th><th>baseline</th><th>now</th><th>change</th></tr>\n", 100*cmp.Threshold)
	for _, f := range cmp.Figures {
		cls := ""
		if f.Change > cmp.Threshold {
			cls = ` class="regression"`
		}
		fmt.Fprintf(w, "<tr%s><td>%s</td><td>%s %s</td><td>%s %s</td><td>%+.1f%% worse</td></tr>\n", cls, html.EscapeString(f.Figure), fmtNumber(f.Baseline), html.EscapeString(f.Unit), fmtNumber(f.Current), html.EscapeString(f.Unit), 100*f.Change)
	}
	w.WriteString("</table>\n")
}

// chart is one figure of the HTML report.
type chart struct {
	id, title, svg string
}

// htmlCharts builds the report's charts.
func htmlCharts(m *Metrics) []chart {
	var out []chart
	// Latency percentiles, on a log-log plot: x is 1/(1-q).
	var lines []line
	lo, hi := math.Inf(1), 0.0
	for _, r := range m.Latency.rows() {
		if r.H.Count() == 0 {
			continue
		}
		l := line{name: r.Name}
		for _, q := range chartPercentiles {
			v := math.Max(float64(r.H.Quantile(q))/1e6, 1e-4) // ms, floored for the log axis
			l.xs = append(l.xs, percentileX(q))
			l.ys = append(l.ys, v)
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
		lines = append(lines, l)
	}
	if len(lines) == 0 { // nothing measured: an empty baseline keeps the chart drawable
		lines = []line{{name: "no latency measured", xs: []float64{1, percentileX(100)}, ys: []float64{1e-3, 1e-3}}}
		lo, hi = 1e-3, 1
	}
	if hi <= lo {
		hi = lo * 10
	}
	out = append(out, chart{id: "latency", title: "Latency percentiles",
		svg: lineChart("latency-chart", "Latency percentiles", lines, axis{min: 1, max: percentileX(100), log: true}, axis{min: lo, max: hi, log: true},
			"percentile", "milliseconds", percentileLabel, fmtMS)})

	// Events per second and errors over time.
	var xs, eps, errs []float64
	maxEPS, maxErr := 1.0, 1.0
	for _, p := range m.Series {
		xs = append(xs, float64(p.Second))
		eps = append(eps, float64(p.Events))
		errs = append(errs, float64(p.Errors))
		maxEPS, maxErr = math.Max(maxEPS, float64(p.Events)), math.Max(maxErr, float64(p.Errors))
	}
	if len(xs) == 0 {
		xs, eps, errs = []float64{0}, []float64{0}, []float64{0}
	}
	xAxis := axis{min: 0, max: math.Max(1, xs[len(xs)-1])}
	secs := func(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) + "s" }
	out = append(out, chart{id: "events", title: "Events per second over time",
		svg: lineChart("events-chart", "Events per second over time", []line{{name: "events/s", xs: xs, ys: eps}}, xAxis, axis{min: 0, max: maxEPS * 1.1},
			"seconds since start", "events/s", secs, func(v float64) string { return fmtRate(v) })})
	out = append(out, chart{id: "errors", title: "Errors over time",
		svg: lineChart("errors-chart", "Errors over time", []line{{name: "failed runs/s", xs: xs, ys: errs}}, xAxis, axis{min: 0, max: maxErr * 1.1},
			"seconds since start", "failed runs/s", secs, func(v float64) string { return fmt.Sprintf("%.1f", v) })})

	if len(m.Clients) > 0 {
		var names []string
		var vals []float64
		for _, k := range slices.Sorted(maps.Keys(m.Clients)) {
			names = append(names, string(k))
			vals = append(vals, m.Clients[k].EventsPerSecond)
		}
		out = append(out, chart{id: "clients", title: "Events per second by client",
			svg: barChart("clients-chart", "Events per second by client", names, vals, "events/s", func(v float64) string { return fmtRate(v) })})
	}
	return out
}

// percentileX places percentile q on the chart's x axis: 1/(1-q), capped
// at the 99.999th.
func percentileX(q float64) float64 {
	return 1 / math.Max(1-q/100, 1e-5)
}

func percentileLabel(x float64) string {
	q := 100 * (1 - 1/x)
	switch {
	case x >= 1e5:
		return "max"
	case q == 0:
		return "p0"
	}
	return "p" + strconv.FormatFloat(math.Round(q*1000)/1000, 'f', -1, 64)
}

func fmtMS(v float64) string {
	switch {
	case v >= 1:
		return fmt.Sprintf("%.0fms", v)
	case v >= 0.001:
		return fmt.Sprintf("%.0fµs", v*1000)
	}
	return fmt.Sprintf("%.0fns", v*1e6)
}
