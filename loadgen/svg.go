package loadgen

import (
	"fmt"
	"html"
	"math"
	"strings"
)

// The geometry of every chart, in SVG user units.
const (
	chartW, chartH   = 720.0, 300.0
	padL, padR       = 70.0, 20.0
	padT, padB       = 20.0, 45.0
	plotW, plotH     = chartW - padL - padR, chartH - padT - padB
	chartFontSize    = 11
	maxSeriesPoints  = 2000 // longer series are thinned for drawing
	chartLineColours = "#1f77b4 #d62728 #2ca02c #9467bd #ff7f0e #8c564b"
)

// line is one polyline of a chart.
type line struct {
	name string
	xs   []float64
	ys   []float64
}

// axis maps data values to plot coordinates, linearly or in log10.
type axis struct {
	min, max float64
	log      bool
}

func (a axis) pos(v float64) float64 {
	lo, hi := a.min, a.max
	if a.log {
		v, lo, hi = math.Log10(math.Max(v, a.min)), math.Log10(lo), math.Log10(hi)
	}
	if hi == lo {
		return 0.5
	}
	return (v - lo) / (hi - lo)
}

// ticks returns tick values: powers of ten on a log axis, five even steps
// otherwise.
func (a axis) ticks() []float64 {
	var out []float64
	if a.log {
		for e := math.Floor(math.Log10(a.min)); e <= math.Ceil(math.Log10(a.max)); e++ {
			v := math.Pow(10, e)
			if v >= a.min*0.999 && v <= a.max*1.001 {
				out = append(out, v)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	for i := 0; i <= 4; i++ {
		out = append(out, a.min+(a.max-a.min)*float64(i)/4)
	}
	return out
}

// lineChart draws lines on x and y axes as an SVG element with the given
// id. xLabel and yLabel name the axes; xTick and yTick format tick values.
func lineChart(id, title string, lines []line, x, y axis, xLabel, yLabel string, xTick, yTick func(float64) string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg id="%s" class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %g %g" width="%g" height="%g" role="img" aria-label="%s" font-family="sans-serif" font-size="%d">`,
		html.EscapeString(id), chartW, chartH, chartW, chartH, html.EscapeString(title), chartFontSize)
	fmt.Fprintf(&b, `<rect x="%g" y="%g" width="%g" height="%g" fill="#fafafa" stroke="#ccc"/>`, padL, padT, plotW, plotH)
	for _, t := range y.ticks() {
		py := padT + plotH*(1-y.pos(t))
		fmt.Fprintf(&b, `<line x1="%g" y1="%.1f" x2="%g" y2="%.1f" stroke="#e5e5e5"/><text x="%g" y="%.1f" text-anchor="end" dominant-baseline="middle">%s</text>`,
			padL, py, padL+plotW, py, padL-6, py, html.EscapeString(yTick(t)))
	}
	for _, t := range x.ticks() {
		px := padL + plotW*x.pos(t)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%g" x2="%.1f" y2="%g" stroke="#e5e5e5"/><text x="%.1f" y="%g" text-anchor="middle">%s</text>`,
			px, padT, px, padT+plotH, px, padT+plotH+14, html.EscapeString(xTick(t)))
	}
	fmt.Fprintf(&b, `<text x="%g" y="%g" text-anchor="middle">%s</text>`, padL+plotW/2, chartH-8, html.EscapeString(xLabel))
	fmt.Fprintf(&b, `<text x="12" y="%g" text-anchor="middle" transform="rotate(-90 12 %g)">%s</text>`, padT+plotH/2, padT+plotH/2, html.EscapeString(yLabel))
	colours := strings.Fields(chartLineColours)
	b.WriteString(`<g class="plot">`)
	for i, l := range lines {
		colour := colours[i%len(colours)]
		if len(l.xs) == 1 { // a single point has no line: mark it
			fmt.Fprintf(&b, `<circle class="series" data-name="%s" cx="%.1f" cy="%.1f" r="3" fill="%s"/>`,
				html.EscapeString(l.name), padL+plotW*x.pos(l.xs[0]), padT+plotH*(1-y.pos(l.ys[0])), colour)
			continue
		}
		var pts strings.Builder
		step := max(1, len(l.xs)/maxSeriesPoints)
		for j := 0; j < len(l.xs); j += step {
			fmt.Fprintf(&pts, "%.1f,%.1f ", padL+plotW*x.pos(l.xs[j]), padT+plotH*(1-y.pos(l.ys[j])))
		}
		fmt.Fprintf(&b, `<polyline class="series" data-name="%s" fill="none" stroke="%s" stroke-width="2" points="%s"/>`,
			html.EscapeString(l.name), colour, strings.TrimSpace(pts.String()))
	}
	b.WriteString(`</g>`)
	for i, l := range lines { // legend
		fmt.Fprintf(&b, `<rect x="%g" y="%d" width="10" height="10" fill="%s"/><text x="%g" y="%d" dominant-baseline="hanging">%s</text>`,
			padL+10, int(padT)+6+14*i, colours[i%len(colours)], padL+24, int(padT)+6+14*i, html.EscapeString(l.name))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// barChart draws one bar per value.
func barChart(id, title string, names []string, values []float64, yLabel string, yTick func(float64) string) string {
	var b strings.Builder
	top := 0.0
	for _, v := range values {
		top = math.Max(top, v)
	}
	if top == 0 {
		top = 1
	}
	y := axis{min: 0, max: top * 1.1}
	fmt.Fprintf(&b, `<svg id="%s" class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %g %g" width="%g" height="%g" role="img" aria-label="%s" font-family="sans-serif" font-size="%d">`,
		html.EscapeString(id), chartW, chartH, chartW, chartH, html.EscapeString(title), chartFontSize)
	fmt.Fprintf(&b, `<rect x="%g" y="%g" width="%g" height="%g" fill="#fafafa" stroke="#ccc"/>`, padL, padT, plotW, plotH)
	for _, t := range y.ticks() {
		py := padT + plotH*(1-y.pos(t))
		fmt.Fprintf(&b, `<line x1="%g" y1="%.1f" x2="%g" y2="%.1f" stroke="#e5e5e5"/><text x="%g" y="%.1f" text-anchor="end" dominant-baseline="middle">%s</text>`,
			padL, py, padL+plotW, py, padL-6, py, html.EscapeString(yTick(t)))
	}
	fmt.Fprintf(&b, `<text x="12" y="%g" text-anchor="middle" transform="rotate(-90 12 %g)">%s</text>`, padT+plotH/2, padT+plotH/2, html.EscapeString(yLabel))
	colours := strings.Fields(chartLineColours)
	slot := plotW / float64(max(1, len(values)))
	b.WriteString(`<g class="plot">`)
	for i, v := range values {
		h := plotH * y.pos(v)
		bx := padL + slot*float64(i) + slot*0.2
		fmt.Fprintf(&b, `<rect class="series" data-name="%s" x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`,
			html.EscapeString(names[i]), bx, padT+plotH-h, slot*0.6, math.Max(h, 1), colours[i%len(colours)])
		fmt.Fprintf(&b, `<text x="%.1f" y="%g" text-anchor="middle">%s</text>`, bx+slot*0.3, padT+plotH+14, html.EscapeString(names[i]))
	}
	b.WriteString(`</g></svg>`)
	return b.String()
}
