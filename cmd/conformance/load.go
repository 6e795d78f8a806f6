package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/runsuite/runsuite/conformance"
	"github.com/runsuite/runsuite/emulator"
	"github.com/runsuite/runsuite/loadgen"
)

// loadOptions holds the load command's flags.
type loadOptions struct {
	baseURL      string
	allowRemote  bool
	apiKey       string
	workers      int
	rate         float64
	rampUp       time.Duration
	duration     time.Duration
	maxRuns      int64
	timeout      time.Duration
	stopGrace    time.Duration
	scenarios    string
	client       string
	alternate    time.Duration
	seed         int64
	shard        string
	deltas       int
	deltaSize    int
	pause        time.Duration
	phase        time.Duration
	pollInterval time.Duration
	retries      int
	out          string
	results      string
	compare      string
	threshold    float64
	maxErrors    int64
	progress     string
	faults       emulator.Faults
	profiles     *loadProfiles
	memoryLimit  int64
}

// newLoadCmd returns the load command.
func newLoadCmd() *cobra.Command {
	opts := loadOptions{
		workers: loadgen.DefaultWorkers, duration: loadgen.DefaultDuration, timeout: loadgen.DefaultTimeout,
		stopGrace: loadgen.DefaultStopGrace, scenarios: string(loadgen.ScenarioStream), client: string(loadgen.ClientRunsuite),
		alternate: loadgen.DefaultAlternate, shard: "0/1", deltas: loadgen.DefaultDeltas, phase: loadgen.DefaultPhaseDuration,
		pollInterval: loadgen.DefaultPollInterval, threshold: loadgen.DefaultThreshold, maxErrors: -1, progress: "auto",
		memoryLimit: defaultLoadMemoryLimitMiB, profiles: &loadProfiles{},
	}
	cmd := &cobra.Command{
		Use:   "load [flags]",
		Short: "Run concurrent Runs API runs against a target and measure them",
		Long: `load runs concurrent runs against a server of the Assistants Runs API and
measures how fast their events arrive and decode: HDR histograms of the time
to response headers, to the first event, between events, to requires_action
and of whole streams; events and bytes per second; failed runs by kind; the
client's CPU per event, peak RSS, connections dialled and goroutines.

Without --base-url it starts the emulator in-process on a loopback port,
with coalesced flushes. Scenarios: stream, tool-roundtrip, poll and
thread-and-run (several, comma-separated, are mixed by the seed). Closed loop
(--workers runs in flight) by default; --rate makes it open loop. The
attack stops by itself after --duration or --max-runs, and on Ctrl-C, which
still writes the reports.

It prints a Markdown summary on stdout and progress on stderr (a bar on a
terminal, a line every 5 seconds otherwise). --out DIR also writes
load.json (the versioned, mergeable result), load.md and load.html there.

The --fault-* flags make the in-process emulator misbehave at given rates
(as 'conformance serve' does): failed runs are counted by kind (http_429,
http_500, http_503, reset, timeout, ...).

Exit status: 0 done, 1 a regression against --compare or more failed runs
than --max-errors, 2 bad flags or the target could not be set up, 130
interrupted (after writing the reports).`,
		Example: `  conformance load --workers 1000 --duration 30s --out reports/local
  conformance load --client both --duration 30s
  conformance load --base-url http://127.0.0.1:4010/v1 --workers 10000 --duration 30s
  conformance load --scenario stream,tool-roundtrip --rate 500 --ramp-up 5s --max-runs 10000
  conformance load --shard 2/4 --out /results/shard-2`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runLoad(cmd, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.baseURL, "base-url", "", "base URL of the target, e.g. http://127.0.0.1:4010/v1 (default: the emulator in-process)")
	f.BoolVar(&opts.allowRemote, "allow-remote", false, "allow a --base-url that is not on loopback")
	f.StringVar(&opts.apiKey, "api-key", "", "bearer token to send (default: $"+conformance.EnvAPIKey+")")
	f.IntVar(&opts.workers, "workers", opts.workers, "runs in flight (closed loop), or the most in flight with --rate")
	f.Float64Var(&opts.rate, "rate", 0, "runs started per second, open loop (0: closed loop)")
	f.DurationVar(&opts.rampUp, "ramp-up", 0, "time to reach full load")
	f.DurationVar(&opts.duration, "duration", opts.duration, "how long runs are started (0: until --max-runs)")
	f.Int64Var(&opts.maxRuns, "max-runs", 0, "stop after starting this many runs (0: no bound)")
	f.DurationVar(&opts.timeout, "timeout", opts.timeout, "time limit of one run")
	f.DurationVar(&opts.stopGrace, "stop-grace", opts.stopGrace, "time runs in flight may finish after the attack stops")
	f.StringVar(&opts.scenarios, "scenario", opts.scenarios, "stream, tool-roundtrip, poll, thread-and-run, or a comma-separated mix")
	f.StringVar(&opts.client, "client", opts.client, "runsuite, openai-go, or both (alternating turns)")
	f.DurationVar(&opts.alternate, "alternate", opts.alternate, "length of each client's turn with --client both")
	f.Int64Var(&opts.seed, "seed", 0, "seed of the scenario mix, the messages and the in-process emulator's ids")
	f.StringVar(&opts.shard, "shard", opts.shard, "run shard i of n (0-based), e.g. 2/4: its share of workers, rate and runs, with seeds of its own")
	f.IntVar(&opts.deltas, "deltas", opts.deltas, "in-process emulator: text deltas per reply (100 make streams of 111 events)")
	f.IntVar(&opts.deltaSize, "delta-size", 0, "in-process emulator: bytes per delta instead (0: off)")
	f.DurationVar(&opts.pause, "pause", 0, "in-process emulator: pause between events")
	f.DurationVar(&opts.phase, "phase", opts.phase, "in-process emulator: clock time of one polling phase")
	f.DurationVar(&opts.pollInterval, "poll-interval", opts.pollInterval, "poll scenario: wait between retrievals")
	f.IntVar(&opts.retries, "retries", 0, "client retries of a request that got no response or a retryable status")
	f.StringVar(&opts.out, "out", "", "directory to write load.json, load.md and load.html into")
	f.StringVar(&opts.results, "results", "", "also stream every run's result to this file as JSON Lines")
	f.StringVar(&opts.compare, "compare", "", "baseline result (e.g. reports/baseline.json) to compare with; a regression exits 1")
	f.Float64Var(&opts.threshold, "threshold", opts.threshold, "relative change --compare flags as a regression")
	f.Int64Var(&opts.maxErrors, "max-errors", opts.maxErrors, "exit 1 when more runs than this fail (-1: do not check)")
	f.StringVar(&opts.progress, "progress", opts.progress, "progress on stderr: auto, bar, lines or none")
	f.Float64Var(&opts.faults.RateLimited, "fault-rate-limited", 0, "in-process emulator: rate of requests answered 429 with retry-after (0 to 1)")
	f.Float64Var(&opts.faults.ServerError, "fault-server-error", 0, "in-process emulator: rate of requests answered 500 (0 to 1)")
	f.Float64Var(&opts.faults.Unavailable, "fault-unavailable", 0, "in-process emulator: rate of requests answered 503 with retry-after (0 to 1)")
	f.Float64Var(&opts.faults.Reset, "fault-reset", 0, "in-process emulator: rate of streams cut mid-stream (0 to 1)")
	f.Float64Var(&opts.faults.Trickle, "fault-trickle", 0, "in-process emulator: rate of streams slowed down (0 to 1)")
	f.Float64Var(&opts.faults.Stall, "fault-stall", 0, "in-process emulator: rate of streams that pause mid-stream (0 to 1)")
	f.DurationVar(&opts.faults.RetryAfter, "fault-retry-after", emulator.DefaultRetryAfter, "in-process emulator: retry-after of injected 429 and 503 answers")
	f.DurationVar(&opts.faults.TricklePause, "fault-trickle-pause", emulator.DefaultTricklePause, "in-process emulator: pause between the events of a trickling stream")
	f.DurationVar(&opts.faults.StallFor, "fault-stall-for", emulator.DefaultStallFor, "in-process emulator: how long a stalled stream sends nothing")
	f.Int64Var(&opts.faults.Seed, "fault-seed", 0, "in-process emulator: seed of the fault decisions")
	f.Int64Var(&opts.memoryLimit, "memory-limit", opts.memoryLimit, "the generator's soft memory limit in MiB, so the GC collects sooner near it (0: none; GOMEMLIMIT wins when set)")
	f.StringVar(&opts.profiles.cpuFile, "cpuprofile", "", "write the generator's CPU profile of the attack to this file (go tool pprof)")
	f.StringVar(&opts.profiles.memFile, "memprofile", "", "write the generator's heap profile, taken halfway through --duration (else at the end), to this file (go tool pprof)")
	return cmd
}

// parseShard reads "i/n".
func parseShard(s string) (index, count int, err error) {
	a, b, ok := strings.Cut(s, "/")
	if ok {
		index, err = strconv.Atoi(a)
		if err == nil {
			count, err = strconv.Atoi(b)
		}
	}
	if !ok || err != nil || count < 1 || index < 0 || index >= count {
		return 0, 0, fmt.Errorf("--shard %q: want i/n with 0 <= i < n", s)
	}
	return index, count, nil
}

// loadPlan resolves the flags into attacker options.
func loadPlan(cmd *cobra.Command, opts loadOptions) ([]loadgen.Option, error) {
	scenarios, err := loadgen.ParseScenarios(opts.scenarios)
	if err != nil {
		return nil, usageErrorf(cmd, "--scenario: %v", err)
	}
	client, err := loadgen.ParseClientKind(opts.client)
	if err != nil {
		return nil, usageErrorf(cmd, "--client: %v", err)
	}
	index, count, err := parseShard(opts.shard)
	if err != nil {
		return nil, usageErrorf(cmd, "%v", err)
	}
	switch opts.progress {
	case "auto", "bar", "lines", "none":
	default:
		return nil, usageErrorf(cmd, "--progress must be auto, bar, lines or none, got %q", opts.progress)
	}
	if !(opts.threshold >= 0) {
		return nil, usageErrorf(cmd, "--threshold must not be negative, got %v", opts.threshold)
	}
	if err := opts.faults.Validate(); err != nil {
		return nil, usageErrorf(cmd, "faults: %v", err)
	}
	f := opts.faults
	faulty := f.RateLimited > 0 || f.ServerError > 0 || f.Unavailable > 0 || f.Reset > 0 || f.Trickle > 0 || f.Stall > 0
	if faulty && opts.baseURL != "" {
		return nil, usageErrorf(cmd, "--fault-* flags shape the in-process emulator; give them to 'conformance serve' instead of using --base-url")
	}
	apiKey := opts.apiKey
	if apiKey == "" {
		apiKey = os.Getenv(conformance.EnvAPIKey)
	}
	if apiKey == "" && opts.baseURL == "" {
		apiKey = emulatorAPIKey
	}
	lopts := []loadgen.Option{
		loadgen.Target(opts.baseURL), loadgen.AllowRemote(opts.allowRemote), loadgen.APIKey(apiKey),
		loadgen.Workers(opts.workers), loadgen.Rate(opts.rate), loadgen.RampUp(opts.rampUp),
		loadgen.Duration(opts.duration), loadgen.MaxRuns(opts.maxRuns), loadgen.Timeout(opts.timeout),
		loadgen.StopGrace(opts.stopGrace), loadgen.Scenarios(scenarios...), loadgen.Client(client),
		loadgen.Alternate(opts.alternate), loadgen.Seed(opts.seed), loadgen.Shard(index, count),
		loadgen.StreamShape(opts.deltas, opts.deltaSize, opts.pause), loadgen.PhaseDuration(opts.phase),
		loadgen.PollInterval(opts.pollInterval), loadgen.MaxRetries(opts.retries),
	}
	if faulty {
		lopts = append(lopts, loadgen.EmulatorOptions(emulator.WithFaults(f)))
	}
	return lopts, nil
}

// runLoad runs the attack, writes the reports and sorts the outcome into
// an exit status.
func runLoad(cmd *cobra.Command, opts loadOptions) error {
	lopts, err := loadPlan(cmd, opts)
	if err != nil {
		return err
	}
	var baseline *loadgen.Metrics
	if opts.compare != "" {
		if baseline, err = readMetricsFile(opts.compare); err != nil {
			return err
		}
	}
	if opts.out != "" {
		if err := os.MkdirAll(opts.out, 0o755); err != nil {
			return fmt.Errorf("create --out directory: %w", err)
		}
	}
	if opts.results != "" {
		f, err := os.Create(opts.results)
		if err != nil {
			return fmt.Errorf("create --results file: %w", err)
		}
		defer f.Close()
		lopts = append(lopts, loadgen.ResultsJSONL(f))
	}
	pr := newProgressPrinter(cmd.ErrOrStderr(), opts.progress)
	lopts = append(lopts, loadgen.OnProgress(pr.update))

	a, err := loadgen.NewAttacker(lopts...)
	if err != nil {
		var cfgErr *loadgen.ConfigError
		if errors.As(err, &cfgErr) {
			return usageErrorf(cmd, "%v", err)
		}
		return err
	}
	if _, err := applyMemoryLimit(opts.memoryLimit); err != nil {
		return usageErrorf(cmd, "%v", err)
	}
	opts.profiles.note = cmd.ErrOrStderr()
	if err := opts.profiles.start(opts.duration); err != nil {
		return err
	}
	m, err := a.Attack(cmd.Context())
	pr.finish()
	if perr := errors.Join(opts.profiles.stopCPU(), opts.profiles.writeHeap()); perr != nil {
		return perr
	}
	if m == nil {
		return fmt.Errorf("load: %w", err)
	}
	var cmp *loadgen.Comparison
	if baseline != nil {
		c := loadgen.Compare(baseline, m, opts.threshold)
		cmp = &c
	}
	if werr := writeLoadReports(cmd.OutOrStdout(), opts.out, m, cmp); werr != nil {
		return werr
	}
	if err != nil {
		return fmt.Errorf("load: %w", err)
	}
	return loadVerdict(cmd, m, cmp, opts.maxErrors)
}

// loadVerdict returns the error that gives the exit status: interrupted,
// a regression, too many errors, or nil.
func loadVerdict(cmd *cobra.Command, m *loadgen.Metrics, cmp *loadgen.Comparison, maxErrors int64) error {
	if m.Interrupted && cmd.Context().Err() != nil {
		return fmt.Errorf("load interrupted; the reports cover what ran: %w", context.Canceled)
	}
	if cmp != nil && len(cmp.Regressions) > 0 {
		var parts []string
		for _, r := range cmp.Regressions {
			parts = append(parts, r.String())
		}
		return &failError{err: fmt.Errorf("regression against the baseline: %s", strings.Join(parts, "; "))}
	}
	if maxErrors >= 0 && m.ErrorCount() > maxErrors {
		return &failError{err: fmt.Errorf("%d runs failed, more than --max-errors %d", m.ErrorCount(), maxErrors)}
	}
	return nil
}

// writeLoadReports prints the Markdown report on stdout and writes the
// three report files into dir when it is not "".
func writeLoadReports(stdout io.Writer, dir string, m *loadgen.Metrics, cmp *loadgen.Comparison) error {
	if err := loadgen.NewMarkdownReporter(m, cmp)(stdout); err != nil {
		return err
	}
	if dir == "" {
		return nil
	}
	files := []struct {
		name string
		r    loadgen.Reporter
	}{
		{"load.json", loadgen.NewJSONReporter(m)},
		{"load.md", loadgen.NewMarkdownReporter(m, cmp)},
		{"load.html", loadgen.NewHTMLReporter(m, cmp)},
	}
	for _, f := range files {
		if err := writeFileWith(filepath.Join(dir, f.name), f.r); err != nil {
			return err
		}
	}
	return nil
}

// writeFileWith writes path with r, reporting a failed write or close.
func writeFileWith(path string, r loadgen.Reporter) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	if err := r(f); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// readMetricsFile reads a result written by load or report merge.
func readMetricsFile(path string) (*loadgen.Metrics, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open result: %w", err)
	}
	defer f.Close()
	m, err := loadgen.ReadMetrics(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}
