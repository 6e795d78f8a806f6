package loadgen

import (
	"errors"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/runsuite/runsuite/emulator"
	"github.com/runsuite/runsuite/runs"
)

// TestEmulatorStreamFaults loads the in-process emulator with each of its
// stream faults on every stream and checks the generator counts every run
// under the fault's error kind, for both clients, without hanging.
func TestEmulatorStreamFaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		faults  emulator.Faults
		timeout time.Duration
		client  ClientKind
		want    string // "" for runs that succeed, only slower
	}{
		{"reset", emulator.Faults{Reset: 1}, 5 * time.Second, ClientRunsuite, KindReset},
		{"reset/openai-go", emulator.Faults{Reset: 1}, 5 * time.Second, ClientOpenAIGo, KindReset},
		{"stall past the timeout", emulator.Faults{Stall: 1, StallFor: 3 * time.Second}, 300 * time.Millisecond, ClientRunsuite, KindTimeout},
		{"stall/openai-go", emulator.Faults{Stall: 1, StallFor: 3 * time.Second}, 300 * time.Millisecond, ClientOpenAIGo, KindTimeout},
		{"trickle past the timeout", emulator.Faults{Trickle: 1, TricklePause: 50 * time.Millisecond}, 300 * time.Millisecond, ClientRunsuite, KindTimeout},
		{"trickle within the timeout", emulator.Faults{Trickle: 1, TricklePause: time.Millisecond}, 10 * time.Second, ClientRunsuite, ""},
		{"short stall within the timeout", emulator.Faults{Stall: 1, StallFor: 50 * time.Millisecond}, 10 * time.Second, ClientRunsuite, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			const n = 4
			start := time.Now()
			m := runAttack(t, EmulatorOptions(emulator.WithFaults(tt.faults)), Client(tt.client), Workers(2), MaxRuns(n), Duration(0),
				Timeout(tt.timeout), StreamShape(20, 0, 0))
			if el := time.Since(start); el > 20*time.Second {
				t.Errorf("attack took %v", el)
			}
			if tt.want == "" {
				if m.OK != n || len(m.Errors) != 0 {
					t.Errorf("got %d ok, errors %v; want %d ok", m.OK, m.Errors, n)
				}
				return
			}
			if m.Runs != n || m.Errors[tt.want] != n {
				t.Errorf("got %d runs, errors %v (%v); want %d under %s", m.Runs, m.Errors, m.ErrorSamples, n, tt.want)
			}
		})
	}
}

// TestEmulatorRequestFaults loads the in-process emulator with each of its
// request faults on a share of requests and checks that failed runs are
// counted only under the fault's HTTP status (or as a failed thread
// set-up), the others succeed, and nothing hangs. The faults also hit the
// set-up requests, so a seed whose first request is faulted is passed over.
func TestEmulatorRequestFaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		faults emulator.Faults
		want   string
	}{
		{"429", emulator.Faults{RateLimited: 0.3, RetryAfter: time.Second}, "http_429"},
		{"500", emulator.Faults{ServerError: 0.3}, "http_500"},
		{"503", emulator.Faults{Unavailable: 0.3, RetryAfter: time.Second}, "http_503"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for seed := int64(1); seed <= 20; seed++ {
				f := tt.faults
				f.Seed = seed
				a, err := NewAttacker(EmulatorOptions(emulator.WithFaults(f)), Workers(2), MaxRuns(30), Duration(0), StreamShape(5, 0, 0))
				if err != nil {
					t.Fatal(err)
				}
				m, err := a.Attack(t.Context())
				var api *runs.APIError
				if errors.As(err, &api) {
					continue // the set-up was faulted: try the next seed
				}
				if err != nil {
					t.Fatal(err)
				}
				kinds := slices.Sorted(maps.Keys(m.Errors))
				for _, k := range kinds {
					if k != tt.want && k != KindSetup {
						t.Errorf("got errors %v (%v), want only %s", m.Errors, m.ErrorSamples, tt.want)
					}
				}
				if m.Errors[tt.want] == 0 || m.OK == 0 || m.OK+m.ErrorCount() != m.Runs {
					t.Errorf("got %d runs, %d ok, errors %v; want some of each", m.Runs, m.OK, m.Errors)
				}
				return
			}
			t.Fatal("every seed faulted the set-up")
		})
	}
}
