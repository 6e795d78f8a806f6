package loadgen

import (
	"testing"
	"time"
)

func TestConstantPacer(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		p        ConstantPacer
		elapsed  time.Duration
		started  uint64
		wantWait time.Duration
		wantStop bool
	}{
		{"first run waits one interval", ConstantPacer{Rate: 10}, 0, 0, 100 * time.Millisecond, false},
		{"on schedule", ConstantPacer{Rate: 10}, time.Second, 10, 100 * time.Millisecond, false},
		{"behind schedule starts at once", ConstantPacer{Rate: 10}, time.Second, 3, 0, false},
		{"zero rate stops", ConstantPacer{}, 0, 0, 0, true},
		// With a 2s ramp to 10/s, 10 runs are due at 2s (the area under
		// the ramp), so the first is due at sqrt(2*2*1/10) s.
		{"ramp: first run", ConstantPacer{Rate: 10, RampUp: 2 * time.Second}, 0, 0, 632455532, false},
		{"ramp: end of ramp", ConstantPacer{Rate: 10, RampUp: 2 * time.Second}, 0, 9, 2 * time.Second, false},
		{"after the ramp", ConstantPacer{Rate: 10, RampUp: 2 * time.Second}, 2 * time.Second, 10, 100 * time.Millisecond, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wait, stop := tt.p.Pace(tt.elapsed, tt.started)
			if stop != tt.wantStop || (wait-tt.wantWait).Abs() > time.Microsecond {
				t.Errorf("Pace(%v, %d): got %v, %v; want %v, %v", tt.elapsed, tt.started, wait, stop, tt.wantWait, tt.wantStop)
			}
		})
	}
}

func TestPacerFunc(t *testing.T) {
	t.Parallel()
	calls := 0
	p := PacerFunc(func(time.Duration, uint64) (time.Duration, bool) { calls++; return time.Millisecond, calls > 1 })
	if w, stop := p.Pace(0, 0); w != time.Millisecond || stop {
		t.Errorf("got %v, %v", w, stop)
	}
	m := runAttack(t, WithPacer(p), Workers(2), Duration(5*time.Second), StreamShape(2, 0, 0))
	if m.Runs != 0 || calls != 2 {
		t.Errorf("got %d runs after %d calls; want the pacer's stop to end the attack with no run", m.Runs, calls)
	}
}
