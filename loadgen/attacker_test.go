package loadgen

import (
	"bytes"
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

// runAttack runs an attacker built from opts and fails the test on error.
func runAttack(tb testing.TB, opts ...Option) *Metrics {
	tb.Helper()
	a, err := NewAttacker(opts...)
	if err != nil {
		tb.Fatalf("NewAttacker: %v", err)
	}
	m, err := a.Attack(context.Background())
	if err != nil {
		tb.Fatalf("Attack: %v", err)
	}
	return m
}

func TestAttackScenarios(t *testing.T) {
	t.Parallel()
	tests := []struct {
		scenario       Scenario
		client         ClientKind
		wantEvents     bool
		wantReqsAction bool
	}{
		{ScenarioStream, ClientRunsuite, true, false},
		{ScenarioStream, ClientOpenAIGo, true, false},
		{ScenarioToolRoundtrip, ClientRunsuite, true, true},
		{ScenarioToolRoundtrip, ClientOpenAIGo, true, true},
		{ScenarioPoll, ClientRunsuite, false, true},
		{ScenarioPoll, ClientOpenAIGo, false, true},
		{ScenarioThreadAndRun, ClientRunsuite, true, false},
	}
	for _, tt := range tests {
		t.Run(string(tt.scenario)+"/"+string(tt.client), func(t *testing.T) {
			t.Parallel()
			const runs = 6
			m := runAttack(t, Workers(3), MaxRuns(runs), Duration(0), Timeout(10*time.Second), Scenarios(tt.scenario), Client(tt.client), StreamShape(5, 0, 0))
			if m.Runs != runs || m.OK != runs {
				t.Fatalf("got %d runs, %d ok, errors %v; want %d ok", m.Runs, m.OK, m.Errors, runs)
			}
			if got := m.RunStatuses["completed"]; got != runs {
				t.Errorf("got %d completed runs, want %d (statuses %v)", got, runs, m.RunStatuses)
			}
			if tt.wantEvents {
				if m.EventTypes["done"] == 0 || m.Events == 0 || m.Latency.TimeToFirstEvent.Count() != runs {
					t.Errorf("got %d events (%d done), %d first-event times; want events from every run", m.Events, m.EventTypes["done"], m.Latency.TimeToFirstEvent.Count())
				}
				if m.Latency.InterEventGap.Count() == 0 {
					t.Errorf("got no inter-event gaps")
				}
			} else if m.Events != 0 {
				t.Errorf("got %d events from %s, want none", m.Events, tt.scenario)
			}
			if got := m.Latency.TimeToRequiresAction.Count(); (got == runs) != tt.wantReqsAction {
				t.Errorf("got %d times to requires_action, want them: %v", got, tt.wantReqsAction)
			}
			if m.Bytes == 0 || m.Latency.TimeToHeaders.Count() != runs || m.Latency.StreamDuration.Count() != runs {
				t.Errorf("got %d bytes, %d header times, %d durations", m.Bytes, m.Latency.TimeToHeaders.Count(), m.Latency.StreamDuration.Count())
			}
			if m.Cost.Dials < 1 || m.Cost.Dials > 3*2 {
				t.Errorf("got %d dials for 3 workers, want connections reused", m.Cost.Dials)
			}
		})
	}
}

func TestAttackGoroutinesBackToStart(t *testing.T) {
	m := runAttack(t, Workers(4), MaxRuns(8), Duration(0), Scenarios(ScenarioStream, ScenarioThreadAndRun), StreamShape(3, 0, 0))
	if m.Cost.GoroutinesEnd > m.Cost.GoroutinesStart {
		t.Errorf("got %d goroutines after the attack, want at most the %d before", m.Cost.GoroutinesEnd, m.Cost.GoroutinesStart)
	}
	if len(m.Series) == 0 || m.Series[len(m.Series)-1].Runs+sumRuns(m.Series[:len(m.Series)-1]) != m.Runs {
		t.Errorf("series %+v does not add up to %d runs", m.Series, m.Runs)
	}
}

func sumRuns(ps []Point) int64 {
	var n int64
	for _, p := range ps {
		n += p.Runs
	}
	return n
}

func TestAttackStopsByDuration(t *testing.T) {
	t.Parallel()
	start := time.Now()
	m := runAttack(t, Workers(2), Duration(300*time.Millisecond), StreamShape(3, 0, 5*time.Millisecond))
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("attack of 300ms took %v", el)
	}
	if m.Runs == 0 || m.ErrorCount() != 0 || m.Interrupted {
		t.Errorf("got %d runs, errors %v, interrupted %v", m.Runs, m.Errors, m.Interrupted)
	}
}

func TestStopIsGracefulAndIdempotent(t *testing.T) {
	t.Parallel()
	// Streams pause 50ms between events, so runs are in flight when Stop
	// comes; the grace is too short for them, so they are cancelled.
	a, err := NewAttacker(Workers(3), Duration(time.Minute), StopGrace(20*time.Millisecond), StreamShape(20, 0, 50*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	time.AfterFunc(300*time.Millisecond, func() {
		if !a.Stop() {
			t.Errorf("first Stop: got false, want true")
		}
		if a.Stop() {
			t.Errorf("second Stop: got true, want false")
		}
	})
	start := time.Now()
	m, err := a.Attack(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el > 10*time.Second {
		t.Errorf("stopped attack took %v", el)
	}
	if !m.Interrupted || m.Cancelled == 0 || m.ErrorCount() != 0 {
		t.Errorf("got interrupted %v, %d cancelled, errors %v; want cancelled runs apart from errors", m.Interrupted, m.Cancelled, m.Errors)
	}
	if _, err := a.Attack(context.Background()); !errors.Is(err, ErrAttackerUsed) {
		t.Errorf("second Attack: got %v, want ErrAttackerUsed", err)
	}
}

func TestContextCancelStops(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	a, err := NewAttacker(Workers(2), Duration(time.Minute), StopGrace(time.Second), StreamShape(3, 0, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	m, err := a.Attack(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !m.Interrupted || m.Runs == 0 || m.ErrorCount() != 0 {
		t.Errorf("got interrupted %v, %d runs, errors %v", m.Interrupted, m.Runs, m.Errors)
	}
}

func TestClientBothAlternates(t *testing.T) {
	t.Parallel()
	m := runAttack(t, Workers(2), Client(ClientBoth), Duration(800*time.Millisecond), Alternate(200*time.Millisecond), StreamShape(5, 0, 0))
	for _, k := range []ClientKind{ClientRunsuite, ClientOpenAIGo} {
		c := m.Clients[k]
		if c == nil || c.Runs == 0 || c.Duration <= 0 || c.Cost.CPU <= 0 {
			t.Fatalf("client %s: got %+v, want runs, turns and CPU", k, c)
		}
	}
	if _, ok := m.ClientRatio(); !ok {
		t.Errorf("got no client ratio")
	}
	if got := m.Clients[ClientRunsuite].Runs + m.Clients[ClientOpenAIGo].Runs; got != m.Runs {
		t.Errorf("got %d runs over the clients, %d in total", got, m.Runs)
	}
	clients := map[ClientKind]bool{}
	for _, p := range m.Series {
		clients[p.Client] = true
	}
	if !clients[ClientRunsuite] && !clients[ClientOpenAIGo] {
		t.Errorf("series names no client: %+v", m.Series)
	}
}

func TestOpenLoopRate(t *testing.T) {
	t.Parallel()
	// 100 runs/s for 500ms starts about 50 runs; the bound is loose because
	// the machine may be busy, but an open loop must not run flat out.
	m := runAttack(t, Workers(20), Rate(100), Duration(500*time.Millisecond), StreamShape(2, 0, 0))
	if m.Runs < 5 || m.Runs > 60 {
		t.Errorf("got %d runs at 100/s over 500ms, want about 50", m.Runs)
	}
}

func TestResultsJSONL(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	var seen atomic.Int64
	m := runAttack(t, Workers(2), MaxRuns(5), Duration(0), StreamShape(2, 0, 0), ResultsJSONL(&buf), OnResult(func(*Result) { seen.Add(1) }))
	n := 0
	for r, err := range DecodeResults(&buf) {
		if err != nil {
			t.Fatal(err)
		}
		if r.Events == 0 || r.Client != ClientRunsuite || r.Scenario != ScenarioStream || len(r.Gaps) == 0 {
			t.Errorf("result %d: got %+v", n, r)
		}
		n++
	}
	if int64(n) != m.Runs || seen.Load() != int64(n) {
		t.Errorf("got %d results decoded, %d seen by OnResult, %d runs", n, seen.Load(), m.Runs)
	}
}

func TestNewAttackerRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		opts  []Option
		field string
	}{
		{"no bound", []Option{Duration(0)}, "duration"},
		{"zero workers", []Option{Workers(0)}, "workers"},
		{"negative rate", []Option{Rate(-1)}, "rate"},
		{"bad shard", []Option{Shard(2, 2)}, "shard"},
		{"more shards than workers", []Option{Workers(2), Shard(0, 3)}, "workers"},
		{"remote target", []Option{Target("http://example.com/v1")}, "target"},
		{"not http", []Option{Target("ftp://127.0.0.1/v1")}, "target"},
		{"thread-and-run with openai-go", []Option{Client(ClientOpenAIGo), Scenarios(ScenarioThreadAndRun)}, "scenario"},
		{"both without duration", []Option{Client(ClientBoth), Duration(0), MaxRuns(10)}, "client"},
		{"unknown scenario", []Option{Scenarios("bogus")}, "scenario"},
		{"zero timeout", []Option{Timeout(0)}, "timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewAttacker(tt.opts...)
			var ce *ConfigError
			if !errors.As(err, &ce) || ce.Field != tt.field {
				t.Errorf("got %v, want a *ConfigError on %s", err, tt.field)
			}
		})
	}
	if _, err := NewAttacker(Target("http://example.com/v1"), AllowRemote(true)); err != nil {
		t.Errorf("remote target allowed explicitly: got %v", err)
	}
}
