package loadgen

import (
	"math"
	"time"
)

// Pacer decides when an open-loop attack starts its next run. It is called
// from one goroutine.
type Pacer interface {
	// Pace returns how long to wait before starting the next run, given the
	// time elapsed since the attack (or the client's turn) began and the
	// number of runs started so far; stop ends the attack.
	Pace(elapsed time.Duration, started uint64) (wait time.Duration, stop bool)
}

// PacerFunc adapts a function to a Pacer.
type PacerFunc func(elapsed time.Duration, started uint64) (time.Duration, bool)

// Pace calls f.
func (f PacerFunc) Pace(elapsed time.Duration, started uint64) (time.Duration, bool) {
	return f(elapsed, started)
}

// ConstantPacer starts runs at Rate per second, reached linearly over
// RampUp: during the ramp the rate at time t is Rate*t/RampUp.
type ConstantPacer struct {
	Rate   float64 // runs per second, > 0
	RampUp time.Duration
}

// Pace returns the wait until the start of run number started+1 is due. It
// stops when Rate is not positive.
func (p ConstantPacer) Pace(elapsed time.Duration, started uint64) (time.Duration, bool) {
	if !(p.Rate > 0) || math.IsInf(p.Rate, 0) {
		return 0, true
	}
	due := p.due(float64(started) + 1)
	if due <= elapsed {
		return 0, false
	}
	return due - elapsed, false
}

// due returns when n runs should have started: the time at which the
// integral of the rate reaches n.
func (p ConstantPacer) due(n float64) time.Duration {
	ramp := p.RampUp.Seconds()
	var t float64
	if ramp > 0 && n <= p.Rate*ramp/2 {
		t = math.Sqrt(2 * ramp * n / p.Rate)
	} else {
		t = n/p.Rate + ramp/2
	}
	if t > float64(math.MaxInt64)/1e9 {
		return time.Duration(math.MaxInt64)
	}
	return time.Duration(t * 1e9)
}
