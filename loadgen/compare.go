package loadgen

import (
	"fmt"
	"math"
)

// DefaultThreshold is the relative change Compare flags as a regression:
// 10%.
const DefaultThreshold = 0.10

// Regression is one figure that got worse than its baseline by more than
// the threshold.
type Regression struct {
	Figure   string  // e.g. "p99 time to first event"
	Baseline float64 // in Unit
	Current  float64
	Change   float64 // relative, positive means worse
	Unit     string
}

// String describes the regression in one line.
func (r Regression) String() string {
	return fmt.Sprintf("%s: %s %s, baseline %s %s (%+.1f%% worse)", r.Figure, fmtNumber(r.Current), r.Unit, fmtNumber(r.Baseline), r.Unit, 100*r.Change)
}

// Comparison is the outcome of Compare: every figure compared, and those
// that regressed.
type Comparison struct {
	Threshold   float64
	Figures     []Regression // every figure, Change signed (negative is better)
	Regressions []Regression
}

// Compare checks cur against base: the p99 time to first event may not grow,
// and the events per second may not shrink, by more than threshold
// (relative, e.g. 0.10). A figure the baseline did not measure (zero) is not
// compared.
func Compare(base, cur *Metrics, threshold float64) Comparison {
	c := Comparison{Threshold: threshold}
	add := func(figure, unit string, b, v float64, higherIsWorse bool) {
		if b == 0 || math.IsNaN(b) || math.IsNaN(v) {
			return
		}
		change := (v - b) / b
		if !higherIsWorse {
			change = -change
		}
		r := Regression{Figure: figure, Baseline: b, Current: v, Change: change, Unit: unit}
		c.Figures = append(c.Figures, r)
		if change > threshold {
			c.Regressions = append(c.Regressions, r)
		}
	}
	add("p99 time to first event", "ms",
		ms(base.Latency.TimeToFirstEvent.Quantile(99)), ms(cur.Latency.TimeToFirstEvent.Quantile(99)), true)
	add("events per second", "events/s", base.EventsPerSecond, cur.EventsPerSecond, false)
	return c
}
