package emulator

import (
	"crypto/rand"
	"encoding/binary"
	"time"
)

// Mode says how strictly the emulator treats unknown ids and state
// conflicts.
type Mode int

const (
	// ModeStrict answers like the live API: unknown ids are 404s and
	// requests that do not fit a run's state are 400s.
	ModeStrict Mode = iota
	// ModeLenient answers every request the OpenAPI schema accepts with a
	// well-formed object, as the schema-driven mocks of the SDKs' test
	// suites do: unknown assistant, thread, message, run and step ids are
	// answered with synthesized objects carrying those ids (stored only
	// by requests that change them), a list's limit is brought into
	// 1..100, cursors that name no item are ignored, and state conflicts
	// are relaxed. Schema validation still applies: what the schema
	// refuses is a 400 in both modes.
	ModeLenient
)

// String returns "strict" or "lenient".
func (m Mode) String() string {
	if m == ModeLenient {
		return "lenient"
	}
	return "strict"
}

// StreamShape shapes the event streams the emulator writes.
type StreamShape struct {
	// Deltas is the number of text deltas a reply is split into (default
	// DefaultDeltas). Tool-call fragments are split the same way.
	Deltas int
	// DeltaSize, when positive, cuts replies into deltas of this many bytes
	// (never inside a UTF-8 sequence) instead of into Deltas pieces; the
	// reply is still long enough for at least Deltas deltas.
	DeltaSize int
	// Pause is the real time waited between two events; it ends early when
	// the request's context is cancelled.
	Pause time.Duration
	// Flush is when events are flushed (default FlushEachEvent). Streams
	// always flush before a pause, at the end and when 64 KiB are buffered.
	Flush FlushPolicy
	// FlushEvery, under FlushEachEvent, is how many events are written
	// between flushes; 0 and 1 flush after every event.
	FlushEvery int
}

// Defaults of the options.
const (
	// DefaultDeltas is the number of deltas a reply is split into.
	DefaultDeltas = 8
	// DefaultPhaseDuration is the clock time one polling phase takes.
	DefaultPhaseDuration = 500 * time.Millisecond
	// DefaultMaxBodySize caps request bodies; larger ones get a 413.
	DefaultMaxBodySize = 1 << 20
	// RunLifetime is how long a run may stay unfinished: expires_at is
	// created_at plus RunLifetime.
	RunLifetime = 600 * time.Second
	// DefaultMaxRuns is how many terminal runs, and how many idle threads,
	// the emulator remembers by default (see WithRetention).
	DefaultMaxRuns = 10_000
	// DefaultMaxAge is how long the emulator remembers a terminal run or an
	// idle thread by default (see WithRetention).
	DefaultMaxAge = time.Hour
)

// Option configures a Server.
type Option func(*config)

// config holds the options of a Server.
type config struct {
	clock       Clock
	seed        uint64
	mode        Mode
	shape       StreamShape
	requireAuth bool
	hook        func(Exchange)
	phase       time.Duration
	maxBody     int64
	maxRuns     int
	maxAge      time.Duration
	timeouts    Timeouts
	faults      Faults
}

func newConfig(opts []Option) config {
	c := config{
		clock:   systemClock{},
		seed:    randomSeed(),
		phase:   DefaultPhaseDuration,
		maxBody: DefaultMaxBodySize,
		maxRuns: DefaultMaxRuns,
		maxAge:  DefaultMaxAge,
	}
	for _, o := range opts {
		o(&c)
	}
	c.shape = c.shape.clamped()
	c.timeouts = c.timeouts.withDefaults()
	if c.phase <= 0 {
		c.phase = DefaultPhaseDuration
	}
	return c
}

func randomSeed() uint64 {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return uint64(time.Now().UnixNano())
	}
	return binary.LittleEndian.Uint64(b[:])
}

// WithClock sets the clock that run timestamps, phases and expiry follow
// (default: the wall clock).
func WithClock(c Clock) Option {
	return func(cfg *config) {
		if c != nil {
			cfg.clock = c
		}
	}
}

// WithIDSeed makes ids deterministic: the same seed and the same requests
// give the same ids (default: a random seed).
func WithIDSeed(seed int64) Option {
	return func(cfg *config) { cfg.seed = uint64(seed) }
}

// WithMode sets strict (default) or lenient mode.
func WithMode(m Mode) Option {
	return func(cfg *config) { cfg.mode = m }
}

// WithStreamShape sets the number and size of deltas, the pause between
// events and the flush policy of streams.
func WithStreamShape(s StreamShape) Option {
	return func(cfg *config) { cfg.shape = s }
}

// WithRequireAuth makes every request without an "Authorization: Bearer"
// token fail with 401.
func WithRequireAuth(require bool) Option {
	return func(cfg *config) { cfg.requireAuth = require }
}

// WithHook registers a function called after every request with the whole
// exchange. It is called from the request's goroutine, so it must be safe
// for concurrent use.
func WithHook(hook func(Exchange)) Option {
	return func(cfg *config) { cfg.hook = hook }
}

// WithPhaseDuration sets the clock time each polling phase of a run takes
// (default DefaultPhaseDuration).
func WithPhaseDuration(d time.Duration) Option {
	return func(cfg *config) { cfg.phase = d }
}

// WithRetention bounds what the emulator remembers: at most maxRuns
// terminal runs and maxRuns idle threads (threads without a run in
// progress), each forgotten maxAge after it ended or was last used, the
// oldest first (default DefaultMaxRuns and DefaultMaxAge). A forgotten
// object answers 404. Zero or a negative value lifts that bound.
func WithRetention(maxRuns int, maxAge time.Duration) Option {
	return func(cfg *config) { cfg.maxRuns, cfg.maxAge = maxRuns, maxAge }
}

// WithTimeouts sets the deadlines that keep slow and idle peers from
// holding the server (zero fields keep their defaults).
func WithTimeouts(t Timeouts) Option {
	return func(cfg *config) { cfg.timeouts = t }
}
