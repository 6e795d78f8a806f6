package loadgen

import (
	"sync"
	"time"
)

// Aggregator accumulates Results into the counters and histograms of
// Metrics, per client. It holds no Result, so its memory does not grow with
// the number of runs. It is safe for concurrent use.
type Aggregator struct {
	mu      sync.Mutex
	clients map[ClientKind]*clientAgg
	order   []ClientKind
}

// clientAgg is what one client's runs add up to.
type clientAgg struct {
	totals  Totals
	latency Latency
}

// NewAggregator returns an empty Aggregator.
func NewAggregator() *Aggregator {
	return &Aggregator{clients: map[ClientKind]*clientAgg{}}
}

// Add accumulates r. It does not keep r.
func (a *Aggregator) Add(r *Result) {
	a.mu.Lock()
	defer a.mu.Unlock()
	c := a.clients[r.Client]
	if c == nil {
		c = &clientAgg{}
		c.totals.fillMaps()
		a.clients[r.Client] = c
		a.order = append(a.order, r.Client)
	}
	t, l := &c.totals, &c.latency
	t.Runs++
	t.Events += r.Events
	t.Bytes += r.Bytes
	t.Scenarios[r.Scenario]++
	for name, n := range r.EventTypes {
		t.EventTypes[name] += n
	}
	if r.RunStatus != "" {
		t.RunStatuses[r.RunStatus]++
	}
	switch r.ErrorKind {
	case "":
		t.OK++
	case KindCanceled:
		t.Cancelled++
	default:
		t.Errors[r.ErrorKind]++
		t.sample(r.ErrorKind, r.Error)
	}
	recordPositive(&l.TimeToHeaders, r.TimeToHeaders)
	recordPositive(&l.TimeToFirstEvent, r.TimeToFirstEvent)
	recordPositive(&l.TimeToRequiresAction, r.TimeToRequiresAction)
	if r.ErrorKind == "" {
		recordPositive(&l.StreamDuration, r.StreamDuration)
	}
	for _, g := range r.Gaps {
		l.InterEventGap.Record(g)
	}
}

// recordPositive records d when it was measured (non-zero).
func recordPositive(h *Histogram, d time.Duration) {
	if d > 0 {
		h.Record(d)
	}
}

// Metrics returns the counters and histograms accumulated so far as a
// Metrics of one shard, with the given duration (the rates are computed
// over it). Config, costs and series are left for the caller to fill.
func (a *Aggregator) Metrics(d time.Duration) *Metrics {
	a.mu.Lock()
	defer a.mu.Unlock()
	m := &Metrics{Version: MetricsVersion, Duration: d}
	for _, k := range a.order {
		c := a.clients[k]
		m.Totals.add(&c.totals)
		m.Latency.merge(&c.latency)
	}
	m.Totals.fillMaps()
	if len(a.order) > 1 {
		m.Clients = map[ClientKind]*ClientMetrics{}
		for _, k := range a.order {
			c := a.clients[k]
			cm := &ClientMetrics{}
			cm.Totals.add(&c.totals)
			cm.Latency.merge(&c.latency)
			m.Clients[k] = cm
		}
	}
	m.finish()
	return m
}
