package loadgen

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/runsuite/runsuite/emulator"
	"github.com/runsuite/runsuite/runs"
)

// Attacker runs an attack: workers running scenarios against a target until
// a duration has passed, a number of runs have started or Stop is called.
// Build it with NewAttacker; an Attacker runs one attack.
type Attacker struct {
	cfg      config
	stopOnce sync.Once
	stopCh   chan struct{}
	used     atomic.Bool
}

// ErrAttackerUsed is returned by Attack on an Attacker that already ran.
var ErrAttackerUsed = errors.New("loadgen: attacker already ran an attack")

// NewAttacker returns an Attacker configured by opts, or a *ConfigError
// when they cannot run.
func NewAttacker(opts ...Option) (*Attacker, error) {
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	return &Attacker{cfg: cfg, stopCh: make(chan struct{})}, nil
}

// Stop stops the attack gracefully: no run starts after it, and runs in
// flight may finish for the StopGrace before they are cancelled. Attack
// then returns the metrics gathered so far. Stop reports whether this call
// stopped the attacker (false when it was already stopped); it is safe to
// call from any goroutine, more than once, before or during Attack.
func (a *Attacker) Stop() bool {
	stopped := false
	a.stopOnce.Do(func() {
		close(a.stopCh)
		stopped = true
	})
	return stopped
}

// Progress is a snapshot of a running attack.
type Progress struct {
	Elapsed  time.Duration // since the attack started
	Planned  time.Duration // the attack's duration bound, 0 when none
	MaxRuns  int64         // the attack's run bound, 0 when none
	Client   ClientKind    // whose turn it is
	Runs     int64         // runs ended
	Events   int64         // events decoded
	Bytes    int64         // body bytes read
	Errors   int64         // failed runs
	InFlight int64         // runs in flight
	// EventsPerSecond is the rate of the last second.
	EventsPerSecond float64
}

// liveCounters are updated by the workers as they go, for the series and
// the progress.
type liveCounters struct {
	runs, events, bytes, errors, inFlight atomic.Int64
}

// attack is the state of one Attack call.
type attack struct {
	cfg           config
	attacker      *Attacker
	apis          map[ClientKind]runs.RunsAPI
	transports    []loadTransport
	dials         map[ClientKind]*atomic.Int64
	setup         *setupClient
	assistantID   string
	agg           *Aggregator
	live          liveCounters
	seq           atomic.Int64 // runs claimed
	workers       []*worker
	current       atomic.Value // ClientKind of the turn
	runsCancelled atomic.Bool
	mu            sync.Mutex // guards jsonl
	jsonl         *jsonlWriter
}

// Attack runs the attack and returns its metrics. It returns an error only
// when the attack could not run (the target could not be set up, a results
// write failed); failed runs are counted in the metrics. Cancelling ctx
// stops the attack as Stop does.
func (a *Attacker) Attack(ctx context.Context) (*Metrics, error) {
	if !a.used.CompareAndSwap(false, true) {
		return nil, ErrAttackerUsed
	}
	cfg := a.cfg
	goroutinesStart := runtime.NumGoroutine()
	at := &attack{cfg: cfg, attacker: a, agg: NewAggregator(), apis: map[ClientKind]runs.RunsAPI{}, dials: map[ClientKind]*atomic.Int64{}}
	if cfg.resultsJSONL != nil {
		at.jsonl = newJSONLWriter(cfg.resultsJSONL)
	}

	watchDone, watchExited := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(watchExited)
		select {
		case <-ctx.Done():
			a.Stop()
		case <-watchDone:
		}
	}()
	stopWatch := func() {
		close(watchDone)
		<-watchExited
	}

	baseURL := cfg.target
	var srv *emulator.Server
	if baseURL == "" {
		srv = emulator.NewServer(a.inProcessOptions()...)
		baseURL = srv.BaseURL()
	}
	teardown := func() {
		for _, t := range at.transports {
			t.CloseIdleConnections()
		}
		if srv != nil {
			closeServer(srv, cfg.stopGrace)
		}
	}
	if err := at.prepare(ctx, baseURL); err != nil {
		teardown()
		stopWatch()
		return nil, err
	}

	cpu0, _ := processUsage()
	started := time.Now()
	sampler := at.startSampler(started)
	perClient := at.turns(started)
	ended := time.Now()
	series := sampler.stop()
	cpu1, peakRSS := processUsage()
	teardown()
	stopWatch()

	m := at.agg.Metrics(ended.Sub(started))
	m.Config = cfg.runConfig()
	m.Started, m.Ended = started, ended
	m.Interrupted = isClosed(a.stopCh)
	m.Series = series
	m.Shards = []ShardInfo{{Index: cfg.shardIndex, Count: cfg.shardCount, Seed: cfg.shardSeed(), Runs: m.Runs, Events: m.Events, Duration: m.Duration}}
	m.Cost = Cost{CPU: cpu1 - cpu0, PeakRSS: peakRSS, GoroutinesStart: goroutinesStart, InProcessTarget: srv != nil}
	for _, k := range cfg.client.kinds() {
		m.Cost.Dials += at.dials[k].Load()
	}
	if len(cfg.client.kinds()) > 1 {
		if m.Clients == nil {
			m.Clients = map[ClientKind]*ClientMetrics{}
		}
		for _, k := range cfg.client.kinds() {
			c := m.Clients[k]
			if c == nil {
				c = &ClientMetrics{}
				c.Totals.fillMaps()
				m.Clients[k] = c
			}
			c.Duration = perClient[k].duration
			c.Cost = Cost{CPU: perClient[k].cpu, PeakRSS: peakRSS, Dials: at.dials[k].Load(), InProcessTarget: srv != nil}
		}
	}
	m.Cost.GoroutinesEnd = settleGoroutines(goroutinesStart)
	m.finish()
	if at.jsonl != nil {
		if err := at.jsonl.flush(); err != nil {
			return m, err
		}
	}
	return m, nil
}

// inProcessOptions are the options of the in-process emulator.
func (a *Attacker) inProcessOptions() []emulator.Option {
	cfg := a.cfg
	opts := []emulator.Option{
		emulator.WithStreamShape(emulator.StreamShape{Deltas: cfg.deltas, DeltaSize: cfg.deltaSize, Pause: cfg.pause, Flush: emulator.FlushCoalesced}),
		emulator.WithIDSeed(cfg.shardSeed()),
		emulator.WithPhaseDuration(cfg.phaseDuration),
	}
	return append(opts, cfg.emuOpts...)
}

// closeServer closes srv, cutting the connections still open after grace.
func closeServer(srv *emulator.Server, grace time.Duration) {
	done := make(chan struct{})
	go func() {
		srv.Close()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(grace):
		srv.CloseClientConnections()
		<-done
	}
}

// settleGoroutines waits up to a second for the goroutine count to fall
// back to want (connections and timers wind down asynchronously) and
// returns the count.
func settleGoroutines(want int) int {
	deadline := time.Now().Add(time.Second)
	n := runtime.NumGoroutine()
	for n > want && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
		n = runtime.NumGoroutine()
	}
	return n
}

func isClosed(ch chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// prepare builds the clients and creates the assistant and the workers'
// threads.
func (at *attack) prepare(ctx context.Context, baseURL string) error {
	cfg := at.cfg
	for _, k := range cfg.client.kinds() {
		dials := &atomic.Int64{}
		t := newTransport(baseURL, cfg.workers, cfg.timeout, dials)
		at.transports = append(at.transports, t)
		at.dials[k] = dials
		hc := &http.Client{Transport: probeTransport{base: t}}
		at.apis[k] = newAPI(k, baseURL, cfg.apiKey, hc, cfg.maxRetries, cfg.timeout)
		if k == cfg.client.kinds()[0] {
			// Threads of new runs are created over the first client's
			// connections, as part of the runs.
			at.setup = &setupClient{hc: &http.Client{Transport: probeTransport{base: t}}, baseURL: baseURL, apiKey: cfg.apiKey}
		}
	}
	setupTransport := newTransport(baseURL, cfg.setupConcurrency, SetupTimeout, &atomic.Int64{})
	defer setupTransport.CloseIdleConnections()
	sc := &setupClient{hc: &http.Client{Transport: setupTransport, Timeout: SetupTimeout}, baseURL: baseURL, apiKey: cfg.apiKey}
	id, err := sc.createAssistant(ctx)
	if err != nil {
		return fmt.Errorf("set up the target: %w", err)
	}
	at.assistantID = id

	at.workers = make([]*worker, cfg.workers)
	for i := range at.workers {
		at.workers[i] = &worker{a: at, id: i, rng: rand.New(rand.NewPCG(uint64(cfg.shardSeed()), uint64(i)))}
	}
	if !cfg.needsThreads() {
		return nil
	}
	// Threads are created before the clock starts; a worker whose thread
	// could not be made tries again at its first run.
	sem := make(chan struct{}, cfg.setupConcurrency)
	var wg sync.WaitGroup
	var failed atomic.Int64
	for _, w := range at.workers {
		if ctx.Err() != nil || isClosed(at.attacker.stopCh) {
			break
		}
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			id, err := sc.createThread(ctx, w.message())
			if err != nil {
				failed.Add(1)
				return
			}
			w.thread = id
		}()
	}
	wg.Wait()
	if n := failed.Load(); n == int64(len(at.workers)) {
		return fmt.Errorf("set up the target: none of %d threads could be created", n)
	}
	return nil
}

// record hands a finished run's Result to the hooks, the aggregator and
// the results stream.
func (at *attack) record(res *Result) {
	for _, f := range at.cfg.results {
		f(res)
	}
	at.agg.Add(res)
	if at.jsonl != nil {
		at.mu.Lock()
		at.jsonl.write(res)
		at.mu.Unlock()
	}
	at.live.runs.Add(1)
	if res.ErrorKind != "" && res.ErrorKind != KindCanceled {
		at.live.errors.Add(1)
	}
}
