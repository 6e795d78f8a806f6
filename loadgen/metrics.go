package loadgen

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
)

// MetricsVersion is the version of the Metrics JSON schema. Readers refuse
// other versions.
const MetricsVersion = 1

// Metrics is the result of an attack (or of several shards merged): what was
// run, histograms, counters, the client's costs and a time series per
// second. It serializes as a stable, versioned JSON document; maps are
// written in key order.
type Metrics struct {
	// Version is MetricsVersion.
	Version int `json:"version"`
	// Config describes the attack.
	Config RunConfig `json:"config"`
	// Shards lists the shards merged into these metrics (one when not
	// merged), in index order.
	Shards []ShardInfo `json:"shards"`
	// Started and Ended bound the attack (of every shard when merged).
	Started time.Time `json:"started"`
	Ended   time.Time `json:"ended"`
	// Duration is the wall time runs were in flight: Ended - Started for
	// one attacker, the longest shard's when merged (shards run side by
	// side). Under ClientBoth, each client's Duration is the time of its
	// own turns.
	Duration time.Duration `json:"duration_ns"`
	// Interrupted reports that Stop (e.g. SIGINT) ended the attack early.
	Interrupted bool `json:"interrupted"`

	Totals
	// Latency holds the histograms.
	Latency Latency `json:"latency"`
	// Cost is what the attack cost the generator's process.
	Cost Cost `json:"cost"`
	// Clients breaks the figures down per client under ClientBoth, keyed
	// by client name; absent otherwise.
	Clients map[ClientKind]*ClientMetrics `json:"clients,omitempty"`
	// Series holds one Point per second since Started.
	Series []Point `json:"series"`
	// Notes are figures recorded beside the attack by whoever kept the
	// document, e.g. the measured runs a committed baseline documents.
	// Merging keeps the first input's notes.
	Notes []Note `json:"notes,omitempty"`
}

// Note is one documented figure.
type Note struct {
	Figure  string  `json:"figure"`            // what was measured
	Value   float64 `json:"value"`             // in Unit
	Unit    string  `json:"unit"`              // e.g. "events/s", "MiB", "x"
	Target  string  `json:"target,omitempty"`  // what it should be, e.g. ">= 350000"
	Command string  `json:"command,omitempty"` // how to measure it again
}

// Totals are the counters of runs, events, bytes and errors.
type Totals struct {
	// Runs counts the runs that ended (interrupted ones included).
	Runs int64 `json:"runs"`
	// OK counts the runs that ended without error.
	OK int64 `json:"ok"`
	// Cancelled counts the runs cancelled because the attack stopped.
	Cancelled int64 `json:"cancelled"`
	// Events counts the events decoded, done included.
	Events int64 `json:"events"`
	// Bytes counts the response body bytes read.
	Bytes int64 `json:"bytes"`
	// EventsPerSecond and MBPerSecond are Events and Bytes (in 10^6 bytes)
	// over Duration.
	EventsPerSecond float64 `json:"events_per_second"`
	MBPerSecond     float64 `json:"mb_per_second"`
	// EventTypes counts events by name.
	EventTypes map[string]int64 `json:"event_types"`
	// RunStatuses counts the runs by their last status.
	RunStatuses map[string]int64 `json:"run_statuses"`
	// Errors counts the failed runs by kind (see the Kind constants).
	Errors map[string]int64 `json:"errors"`
	// ErrorSamples holds the first error message seen of each kind, cut to
	// maxSampleLen bytes.
	ErrorSamples map[string]string `json:"error_samples,omitempty"`
	// Scenarios counts the runs by scenario.
	Scenarios map[Scenario]int64 `json:"scenarios"`
}

// Latency holds the HDR histograms of an attack.
type Latency struct {
	// TimeToHeaders is the time from a run's start to its first response
	// headers.
	TimeToHeaders Histogram `json:"time_to_headers"`
	// TimeToFirstEvent is the time from a run's start to its first event.
	TimeToFirstEvent Histogram `json:"time_to_first_event"`
	// InterEventGap is the time between consecutive events of a stream.
	InterEventGap Histogram `json:"inter_event_gap"`
	// TimeToRequiresAction is the time from a run's start to
	// requires_action.
	TimeToRequiresAction Histogram `json:"time_to_requires_action"`
	// StreamDuration is the time from a run's start to its end.
	StreamDuration Histogram `json:"stream_duration"`
}

// Cost is what an attack cost the generator process. When the emulator
// runs in-process its work is included; a separate target leaves the
// client's cost alone.
type Cost struct {
	// CPU is the user plus system CPU time the process used (getrusage).
	CPU time.Duration `json:"cpu_ns"`
	// CPUPerEvent is CPU over Events.
	CPUPerEvent time.Duration `json:"cpu_per_event_ns"`
	// PeakRSS is the process's peak resident set size in bytes, the
	// largest of the shards' when merged.
	PeakRSS int64 `json:"peak_rss_bytes"`
	// Dials counts the connections the clients opened.
	Dials int64 `json:"dials"`
	// GoroutinesStart and GoroutinesEnd count the goroutines before the
	// attack and after it was torn down (summed over shards); they should
	// be equal.
	GoroutinesStart int `json:"goroutines_start"`
	GoroutinesEnd   int `json:"goroutines_end"`
	// InProcessTarget reports that the emulator ran in the generator's
	// process, so CPU includes serving.
	InProcessTarget bool `json:"in_process_target"`
}

// ClientMetrics are the figures of one client under ClientBoth.
type ClientMetrics struct {
	// Duration is the time of the client's turns.
	Duration time.Duration `json:"duration_ns"`
	Totals
	Latency Latency `json:"latency"`
	Cost    Cost    `json:"cost"`
}

// Point is one second of an attack.
type Point struct {
	// Second is the number of whole seconds since Started.
	Second int `json:"second"`
	// Client is the client whose turn it was, under ClientBoth.
	Client ClientKind `json:"client,omitempty"`
	// Runs, Events, Bytes and Errors count what ended in that second.
	Runs   int64 `json:"runs"`
	Events int64 `json:"events"`
	Bytes  int64 `json:"bytes"`
	Errors int64 `json:"errors"`
	// InFlight is the number of runs in flight at the end of the second
	// (summed over shards).
	InFlight int64 `json:"in_flight"`
}

// RunConfig describes an attack: what ran against what.
type RunConfig struct {
	Target      string        `json:"target"` // "in-process emulator" or the base URL
	Scenarios   []Scenario    `json:"scenarios"`
	Client      ClientKind    `json:"client"`
	Workers     int           `json:"workers"` // of this shard; summed when shards merge
	Rate        float64       `json:"rate"`    // runs per second of this shard, summed when merged; 0 for closed loop
	RampUp      time.Duration `json:"ramp_up_ns"`
	Duration    time.Duration `json:"duration_ns"`
	MaxRuns     int64         `json:"max_runs"` // of this shard, summed when merged; 0 for none
	Timeout     time.Duration `json:"timeout_ns"`
	Seed        int64         `json:"seed"`
	Deltas      int           `json:"deltas"`
	DeltaSize   int           `json:"delta_size"`
	Pause       time.Duration `json:"pause_ns"`
	ShardCount  int           `json:"shard_count"`
	GoVersion   string        `json:"go_version"`
	CPUs        int           `json:"cpus"`
	GeneratedBy string        `json:"generated_by"`
}

// ShardInfo identifies one shard of merged metrics.
type ShardInfo struct {
	Index    int           `json:"index"`
	Count    int           `json:"count"`
	Seed     int64         `json:"seed"`
	Runs     int64         `json:"runs"`
	Events   int64         `json:"events"`
	Duration time.Duration `json:"duration_ns"`
}

// ReadMetrics decodes one Metrics document, refusing unknown versions and
// fields. It reads at most MaxMetricsSize bytes.
func ReadMetrics(r io.Reader) (*Metrics, error) {
	dec := json.NewDecoder(io.LimitReader(r, MaxMetricsSize+1))
	dec.DisallowUnknownFields()
	var m Metrics
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("read metrics: %w", err)
	}
	if m.Version != MetricsVersion {
		return nil, fmt.Errorf("read metrics: %w", &VersionError{Got: m.Version})
	}
	if dec.More() {
		return nil, fmt.Errorf("read metrics: trailing data after the document")
	}
	for i, p := range m.Series {
		if p.Second != i {
			return nil, fmt.Errorf("read metrics: series point %d is for second %d", i, p.Second)
		}
	}
	m.Totals.fillMaps()
	return &m, nil
}

// MaxMetricsSize caps a Metrics document ReadMetrics accepts.
const MaxMetricsSize = 64 << 20

// VersionError reports a Metrics document of another schema version.
type VersionError struct {
	Got int
}

// Error names both versions.
func (e *VersionError) Error() string {
	return fmt.Sprintf("metrics version %d, this build reads version %d", e.Got, MetricsVersion)
}

// WriteJSON writes m as indented JSON.
func (m *Metrics) WriteJSON(w io.Writer) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("encode metrics: %w", err)
	}
	b = append(b, '\n')
	if _, err := w.Write(b); err != nil {
		return fmt.Errorf("write metrics: %w", err)
	}
	return nil
}

// add adds the counters of o to t.
func (t *Totals) add(o *Totals) {
	t.Runs += o.Runs
	t.OK += o.OK
	t.Cancelled += o.Cancelled
	t.Events += o.Events
	t.Bytes += o.Bytes
	t.EventTypes = addCounts(t.EventTypes, o.EventTypes)
	t.RunStatuses = addCounts(t.RunStatuses, o.RunStatuses)
	t.Errors = addCounts(t.Errors, o.Errors)
	for k, v := range o.ErrorSamples {
		t.sample(k, v)
	}
	t.Scenarios = addCounts(t.Scenarios, o.Scenarios)
}

// maxSampleLen caps an error sample.
const maxSampleLen = 300

// sample keeps msg as the sample of kind unless one is kept already.
func (t *Totals) sample(kind, msg string) {
	if _, ok := t.ErrorSamples[kind]; ok {
		return
	}
	if t.ErrorSamples == nil {
		t.ErrorSamples = map[string]string{}
	}
	if len(msg) > maxSampleLen {
		msg = strings.ToValidUTF8(msg[:maxSampleLen], "") + "…"
	}
	t.ErrorSamples[kind] = msg
}

// rates sets the per-second figures over d.
func (t *Totals) rates(d time.Duration) {
	t.EventsPerSecond, t.MBPerSecond = 0, 0
	if s := d.Seconds(); s > 0 {
		t.EventsPerSecond = float64(t.Events) / s
		t.MBPerSecond = float64(t.Bytes) / 1e6 / s
	}
}

// ErrorCount returns the number of failed runs.
func (t *Totals) ErrorCount() int64 {
	var n int64
	for _, v := range t.Errors {
		n += v
	}
	return n
}

func addCounts[K comparable](dst, src map[K]int64) map[K]int64 {
	if dst == nil {
		dst = map[K]int64{}
	}
	for k, v := range src {
		dst[k] += v
	}
	return dst
}

// merge adds o's histograms to l.
func (l *Latency) merge(o *Latency) {
	l.TimeToHeaders.Merge(&o.TimeToHeaders)
	l.TimeToFirstEvent.Merge(&o.TimeToFirstEvent)
	l.InterEventGap.Merge(&o.InterEventGap)
	l.TimeToRequiresAction.Merge(&o.TimeToRequiresAction)
	l.StreamDuration.Merge(&o.StreamDuration)
}

// setPerEvent sets CPUPerEvent from CPU and events.
func (c *Cost) setPerEvent(events int64) {
	c.CPUPerEvent = 0
	if events > 0 {
		c.CPUPerEvent = c.CPU / time.Duration(events)
	}
}

// MergeError reports shard metrics that cannot be merged.
type MergeError struct {
	Reason string
}

// Error says why.
func (e *MergeError) Error() string { return "merge metrics: " + e.Reason }

// MergeMetrics combines the metrics of the shards of one attack. Histograms
// and counters merge exactly; the series are summed second by second; the
// duration is the longest shard's (shards run side by side) and the rates
// are recomputed over it. It refuses no shards, mixed versions, shards of
// different attacks (shard counts or scenarios differ) and a shard given
// twice.
func MergeMetrics(shards ...*Metrics) (*Metrics, error) {
	if len(shards) == 0 {
		return nil, &MergeError{Reason: "no metrics to merge"}
	}
	first := shards[0]
	out := &Metrics{Version: MetricsVersion, Config: first.Config, Notes: first.Notes}
	seen := map[int]bool{}
	for i, s := range shards {
		if s.Version != MetricsVersion {
			return nil, &MergeError{Reason: fmt.Sprintf("input %d: %v", i, &VersionError{Got: s.Version})}
		}
		if s.Config.ShardCount != first.Config.ShardCount || !slices.Equal(s.Config.Scenarios, first.Config.Scenarios) || s.Config.Client != first.Config.Client {
			return nil, &MergeError{Reason: fmt.Sprintf("input %d is from another attack (shard count, scenarios or client differ)", i)}
		}
		for _, sh := range s.Shards {
			if seen[sh.Index] {
				return nil, &MergeError{Reason: fmt.Sprintf("shard %d given twice", sh.Index)}
			}
			seen[sh.Index] = true
			out.Shards = append(out.Shards, sh)
		}
		if out.Started.IsZero() || s.Started.Before(out.Started) {
			out.Started = s.Started
		}
		if s.Ended.After(out.Ended) {
			out.Ended = s.Ended
		}
		out.Duration = max(out.Duration, s.Duration)
		out.Interrupted = out.Interrupted || s.Interrupted
		out.Totals.add(&s.Totals)
		out.Latency.merge(&s.Latency)
		out.Cost.add(&s.Cost)
		for k, c := range s.Clients {
			if out.Clients == nil {
				out.Clients = map[ClientKind]*ClientMetrics{}
			}
			dst := out.Clients[k]
			if dst == nil {
				dst = &ClientMetrics{}
				out.Clients[k] = dst
			}
			dst.Duration = max(dst.Duration, c.Duration)
			dst.Totals.add(&c.Totals)
			dst.Latency.merge(&c.Latency)
			dst.Cost.add(&c.Cost)
		}
		out.Series = mergeSeries(out.Series, s.Series)
	}
	slices.SortFunc(out.Shards, func(a, b ShardInfo) int { return a.Index - b.Index })
	out.Config.Workers, out.Config.Rate, out.Config.MaxRuns = 0, 0, 0
	for _, s := range shards {
		out.Config.Workers += s.Config.Workers
		out.Config.Rate += s.Config.Rate
		out.Config.MaxRuns += s.Config.MaxRuns
	}
	out.finish()
	return out, nil
}

// add combines the costs of two shards: CPU, dials and goroutines add up,
// the peak RSS is the largest.
func (c *Cost) add(o *Cost) {
	c.CPU += o.CPU
	c.Dials += o.Dials
	c.GoroutinesStart += o.GoroutinesStart
	c.GoroutinesEnd += o.GoroutinesEnd
	c.PeakRSS = max(c.PeakRSS, o.PeakRSS)
	c.InProcessTarget = c.InProcessTarget || o.InProcessTarget
}

// finish derives the rates and per-event costs from the counters.
func (m *Metrics) finish() {
	m.Totals.rates(m.Duration)
	m.Cost.setPerEvent(m.Events)
	for _, k := range slices.Sorted(maps.Keys(m.Clients)) {
		c := m.Clients[k]
		c.Totals.rates(c.Duration)
		c.Cost.setPerEvent(c.Events)
	}
	m.Totals.fillMaps()
}

// fillMaps makes nil maps empty, so the JSON shows {} rather than null.
func (t *Totals) fillMaps() {
	for _, p := range []*map[string]int64{&t.EventTypes, &t.RunStatuses, &t.Errors} {
		if *p == nil {
			*p = map[string]int64{}
		}
	}
	if t.Scenarios == nil {
		t.Scenarios = map[Scenario]int64{}
	}
}

// mergeSeries sums two series second by second.
func mergeSeries(a, b []Point) []Point {
	for len(a) < len(b) {
		a = append(a, Point{Second: len(a)})
	}
	for i, p := range b {
		a[i].Runs += p.Runs
		a[i].Events += p.Events
		a[i].Bytes += p.Bytes
		a[i].Errors += p.Errors
		a[i].InFlight += p.InFlight
		if a[i].Client == "" {
			a[i].Client = p.Client
		}
	}
	return a
}
