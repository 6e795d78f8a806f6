package loadgen

import (
	"testing"
	"time"
)

// BenchmarkAggregatorAdd measures accumulating one run's result: 111 events
// and their 110 gaps, as a stream of the default shape gives.
func BenchmarkAggregatorAdd(b *testing.B) {
	r := &Result{Client: ClientRunsuite, Scenario: ScenarioStream, TimeToHeaders: time.Millisecond, TimeToFirstEvent: 2 * time.Millisecond,
		StreamDuration: 30 * time.Millisecond, Events: 111, Bytes: 25_000, RunStatus: "completed",
		EventTypes: map[string]int64{"thread.message.delta": 100, "thread.run.created": 1, "done": 1}}
	for i := range 110 {
		r.Gaps = append(r.Gaps, time.Duration(i)*time.Microsecond)
	}
	agg := NewAggregator()
	b.ReportAllocs()
	for b.Loop() {
		agg.Add(r)
	}
}

// BenchmarkAttack runs b.N streamed runs of 111 events, 50 at a time,
// against the in-process emulator with each client, and reports the events
// decoded per second and the process CPU per event (the emulator's
// included). The figures of record come from `conformance load` runs (see
// reports/baseline.json); this benchmark tracks the same path in small.
func BenchmarkAttack(b *testing.B) {
	for _, k := range []ClientKind{ClientRunsuite, ClientOpenAIGo} {
		b.Run(string(k), func(b *testing.B) {
			a, err := NewAttacker(Client(k), Workers(50), MaxRuns(int64(max(b.N, 50))), Duration(0))
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			m, err := a.Attack(b.Context())
			if err != nil {
				b.Fatal(err)
			}
			if m.ErrorCount() != 0 {
				b.Fatalf("errors: %v", m.Errors)
			}
			b.ReportMetric(m.EventsPerSecond, "events/s")
			b.ReportMetric(float64(m.Cost.CPUPerEvent.Nanoseconds()), "cpu-ns/event")
		})
	}
}
