package loadgen

import (
	"bytes"
	"errors"
	"slices"
	"sync"
	"testing"
)

// TestShardMergeIsExact runs three shards in-process, merges their
// metrics and checks them against one aggregation of every run's result:
// the HDR merge must lose nothing, so every percentile is equal.
func TestShardMergeIsExact(t *testing.T) {
	t.Parallel()
	const shards = 3
	var mu sync.Mutex
	var all []*Result
	keep := OnResult(func(r *Result) {
		c := *r
		c.Gaps = slices.Clone(r.Gaps)
		c.EventTypes = map[string]int64{}
		for k, v := range r.EventTypes {
			c.EventTypes[k] = v
		}
		mu.Lock()
		all = append(all, &c)
		mu.Unlock()
	})
	var parts []*Metrics
	for i := range shards {
		m := runAttack(t, Shard(i, shards), Workers(6), MaxRuns(12), Duration(0), Seed(7),
			Scenarios(ScenarioStream, ScenarioToolRoundtrip), StreamShape(4, 0, 0), keep)
		// Through JSON, as shards on other machines would be.
		var buf bytes.Buffer
		if err := m.WriteJSON(&buf); err != nil {
			t.Fatal(err)
		}
		back, err := ReadMetrics(&buf)
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, back)
	}
	merged, err := MergeMetrics(parts...)
	if err != nil {
		t.Fatal(err)
	}
	single := NewAggregator()
	for _, r := range all {
		single.Add(r)
	}
	want := single.Metrics(merged.Duration)

	if merged.Runs != 12 || merged.Runs != want.Runs || merged.Events != want.Events || merged.Bytes != want.Bytes {
		t.Errorf("got %d runs, %d events, %d bytes; want 12 runs, %d events, %d bytes", merged.Runs, merged.Events, merged.Bytes, want.Events, want.Bytes)
	}
	if len(merged.Shards) != shards || merged.Config.Workers != 6 {
		t.Errorf("got shards %+v, %d workers; want 3 shards, 6 workers", merged.Shards, merged.Config.Workers)
	}
	seeds := map[int64]bool{}
	for _, s := range merged.Shards {
		seeds[s.Seed] = true
	}
	if len(seeds) != shards {
		t.Errorf("got shard seeds %+v, want one per shard", merged.Shards)
	}
	gotRows, wantRows := merged.Latency.rows(), want.Latency.rows()
	for i := range gotRows {
		g, w := gotRows[i].H, wantRows[i].H
		if g.Count() != w.Count() {
			t.Errorf("%s: got %d values, want %d", gotRows[i].Name, g.Count(), w.Count())
		}
		for _, q := range []float64{0, 50, 90, 99, 99.9, 100} {
			if g.Quantile(q) != w.Quantile(q) {
				t.Errorf("%s p%v: got %v, want %v", gotRows[i].Name, q, g.Quantile(q), w.Quantile(q))
			}
		}
	}
	var seriesRuns int64
	for _, p := range merged.Series {
		seriesRuns += p.Runs
	}
	if seriesRuns != merged.Runs {
		t.Errorf("merged series count %d runs, want %d", seriesRuns, merged.Runs)
	}
}

func TestMergeMetricsRefuses(t *testing.T) {
	t.Parallel()
	a := &Metrics{Version: MetricsVersion, Config: RunConfig{ShardCount: 2, Scenarios: []Scenario{ScenarioStream}}, Shards: []ShardInfo{{Index: 0, Count: 2}}}
	other := *a
	other.Config.Scenarios = []Scenario{ScenarioPoll}
	other.Shards = []ShardInfo{{Index: 1, Count: 2}}
	old := *a
	old.Version = 0
	tests := []struct {
		name   string
		shards []*Metrics
	}{
		{"none", nil},
		{"twice", []*Metrics{a, a}},
		{"another attack", []*Metrics{a, &other}},
		{"another version", []*Metrics{a, &old}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := MergeMetrics(tt.shards...)
			var me *MergeError
			if !errors.As(err, &me) {
				t.Errorf("got %v, want a *MergeError", err)
			}
		})
	}
}
