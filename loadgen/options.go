package loadgen

import (
	"io"
	"time"

	"github.com/runsuite/runsuite/emulator"
)

// Defaults of the Attacker's options.
const (
	// DefaultWorkers is the number of runs kept in flight (closed loop), or
	// the most runs in flight at once (open loop).
	DefaultWorkers = 10
	// DefaultDuration bounds an attack that sets no bound of its own.
	DefaultDuration = 10 * time.Second
	// DefaultTimeout bounds one run, from its first request to the end of
	// its last stream.
	DefaultTimeout = 60 * time.Second
	// DefaultStopGrace is how long runs in flight may finish after the
	// attack stops starting new ones, before they are cancelled.
	DefaultStopGrace = 5 * time.Second
	// DefaultPollInterval is the wait between retrievals of the poll
	// scenario.
	DefaultPollInterval = 10 * time.Millisecond
	// DefaultAlternate is the length of each client's turn when both clients
	// are measured in one attack.
	DefaultAlternate = 5 * time.Second
	// DefaultDeltas is the number of text deltas the in-process emulator
	// splits a reply into: 100 deltas make a stream of 111 events.
	DefaultDeltas = 100
	// DefaultPhaseDuration is the clock time one polling phase of the
	// in-process emulator takes, short so that poll runs end quickly.
	DefaultPhaseDuration = 5 * time.Millisecond
	// DefaultSetupConcurrency is how many set-up requests (assistant,
	// threads) are sent at once before an attack.
	DefaultSetupConcurrency = 32
	// SetupTimeout bounds each set-up request (the assistant, the workers'
	// threads) sent before the attack starts.
	SetupTimeout = 30 * time.Second
	// MaxWorkers caps Workers: each worker holds a connection and a thread.
	MaxWorkers = 100_000
)

// config is what the options set.
type config struct {
	target           string // base URL; "" starts the emulator in-process
	allowRemote      bool
	apiKey           string
	workers          int
	rate             float64 // runs per second; 0 means closed loop
	pacer            Pacer   // overrides rate when set
	rampUp           time.Duration
	duration         time.Duration // 0 with maxRuns > 0: no time bound
	maxRuns          int64
	timeout          time.Duration
	stopGrace        time.Duration
	scenarios        []Scenario
	client           ClientKind
	alternate        time.Duration
	seed             int64
	shardIndex       int
	shardCount       int
	deltas           int
	deltaSize        int
	pause            time.Duration
	phaseDuration    time.Duration
	pollInterval     time.Duration
	maxRetries       int
	setupConcurrency int
	results          []func(*Result)
	resultsJSONL     io.Writer
	progress         func(Progress)
	emuOpts          []emulator.Option
}

func defaultConfig() config {
	return config{
		workers:          DefaultWorkers,
		duration:         DefaultDuration,
		timeout:          DefaultTimeout,
		stopGrace:        DefaultStopGrace,
		scenarios:        []Scenario{ScenarioStream},
		client:           ClientRunsuite,
		alternate:        DefaultAlternate,
		shardCount:       1,
		deltas:           DefaultDeltas,
		phaseDuration:    DefaultPhaseDuration,
		pollInterval:     DefaultPollInterval,
		setupConcurrency: DefaultSetupConcurrency,
	}
}

// Option configures an Attacker.
type Option func(*config)

// Target sets the base URL of the API under load, e.g.
// "http://127.0.0.1:4010/v1". The default, "", starts the emulator
// in-process on a loopback port with coalesced flushes.
func Target(baseURL string) Option { return func(c *config) { c.target = baseURL } }

// AllowRemote lets Target name a host other than loopback. Without it,
// NewAttacker refuses such a target.
func AllowRemote(allow bool) Option { return func(c *config) { c.allowRemote = allow } }

// APIKey sets the bearer token sent to the target (default: none).
func APIKey(key string) Option { return func(c *config) { c.apiKey = key } }

// Workers sets how many runs are in flight (closed loop), or the most that
// may be in flight (open loop) (default DefaultWorkers).
func Workers(n int) Option { return func(c *config) { c.workers = n } }

// Rate makes the attack open-loop: runs start at perSecond runs per second
// (reached after RampUp), whether or not earlier runs have finished, up to
// Workers in flight. 0 (the default) means closed loop.
func Rate(perSecond float64) Option { return func(c *config) { c.rate = perSecond } }

// WithPacer makes the attack open-loop with p deciding when each run starts;
// it overrides Rate.
func WithPacer(p Pacer) Option { return func(c *config) { c.pacer = p } }

// RampUp sets how long the attack takes to reach full load: closed-loop
// workers start evenly spread over it, an open-loop rate grows linearly
// over it (default 0).
func RampUp(d time.Duration) Option { return func(c *config) { c.rampUp = d } }

// Duration bounds the time during which runs are started (default
// DefaultDuration). 0 leaves the attack bounded by MaxRuns only.
func Duration(d time.Duration) Option { return func(c *config) { c.duration = d } }

// MaxRuns bounds the number of runs started (default 0: no bound besides
// Duration).
func MaxRuns(n int64) Option { return func(c *config) { c.maxRuns = n } }

// Timeout bounds each run (default DefaultTimeout); a run that outlasts it
// is counted under the error kind "timeout".
func Timeout(d time.Duration) Option { return func(c *config) { c.timeout = d } }

// StopGrace sets how long runs in flight may finish once the attack stops
// starting runs, before they are cancelled (default DefaultStopGrace).
func StopGrace(d time.Duration) Option { return func(c *config) { c.stopGrace = d } }

// Scenarios sets what each run does; with several, each run picks one with
// the attack's seeded generator (default: ScenarioStream).
func Scenarios(s ...Scenario) Option {
	return func(c *config) { c.scenarios = append([]Scenario(nil), s...) }
}

// Client sets which client drives the runs (default ClientRunsuite).
// ClientBoth alternates the two in turns of Alternate.
func Client(k ClientKind) Option { return func(c *config) { c.client = k } }

// Alternate sets the length of each client's turn under ClientBoth (default
// DefaultAlternate).
func Alternate(d time.Duration) Option { return func(c *config) { c.alternate = d } }

// Seed sets the seed of the scenario choice, of the messages sent and of the
// in-process emulator's ids (default 0).
func Seed(seed int64) Option { return func(c *config) { c.seed = seed } }

// Shard makes this attacker shard index (0-based) of count: it runs its
// share of Workers, Rate and MaxRuns, with seeds of its own, so that the
// shards' Metrics merge into those of the whole attack.
func Shard(index, count int) Option {
	return func(c *config) { c.shardIndex, c.shardCount = index, count }
}

// StreamShape sets the in-process emulator's stream shape: the number of
// text deltas (default DefaultDeltas), their size in bytes (0: split the
// reply into that many deltas) and the pause between events.
func StreamShape(deltas, deltaSize int, pause time.Duration) Option {
	return func(c *config) { c.deltas, c.deltaSize, c.pause = deltas, deltaSize, pause }
}

// PhaseDuration sets the clock time one polling phase of the in-process
// emulator takes (default DefaultPhaseDuration).
func PhaseDuration(d time.Duration) Option { return func(c *config) { c.phaseDuration = d } }

// PollInterval sets the wait between retrievals of the poll scenario
// (default DefaultPollInterval).
func PollInterval(d time.Duration) Option { return func(c *config) { c.pollInterval = d } }

// MaxRetries sets the clients' retries (default 0, so that every failure is
// counted). Clients retry only when no response arrived or the server asked
// for it (CONTRACT §6).
func MaxRetries(n int) Option { return func(c *config) { c.maxRetries = n } }

// SetupConcurrency sets how many set-up requests are sent at once (default
// DefaultSetupConcurrency).
func SetupConcurrency(n int) Option { return func(c *config) { c.setupConcurrency = n } }

// OnResult adds a function called with every Result, from the worker that
// produced it, before the worker starts its next run. It must be safe for
// concurrent use and must not keep r, which is reused.
func OnResult(f func(r *Result)) Option {
	return func(c *config) { c.results = append(c.results, f) }
}

// ResultsJSONL streams every Result to w as JSON Lines. Writes are
// serialized; a failed write stops the stream and is returned by Attack.
func ResultsJSONL(w io.Writer) Option { return func(c *config) { c.resultsJSONL = w } }

// OnProgress sets a function called about once a second with the attack's
// progress, from the attacker's sampling goroutine.
func OnProgress(f func(Progress)) Option { return func(c *config) { c.progress = f } }
