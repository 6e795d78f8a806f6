package main

import (
	"context"
	"fmt"
	"net"
	"time"

	"github.com/spf13/cobra"

	"github.com/runsuite/runsuite/emulator"
)

// shutdownGrace is how long serve waits for requests in flight after an
// interrupt before it cuts their connections and exits.
const shutdownGrace = 5 * time.Second

// serveOptions holds the serve command's flags.
type serveOptions struct {
	listen      string
	mode        string
	deltas      int
	deltaSize   int
	pause       time.Duration
	requireAuth bool
	allowRemote bool
	seed        int64
	maxRuns     int
	maxAge      time.Duration
	faults      emulator.Faults
}

// newServeCmd returns the serve command.
func newServeCmd() *cobra.Command {
	opts := serveOptions{
		listen: "127.0.0.1:4010", mode: emulator.ModeStrict.String(), deltas: emulator.DefaultDeltas,
		maxRuns: emulator.DefaultMaxRuns, maxAge: emulator.DefaultMaxAge,
	}
	cmd := &cobra.Command{
		Use:   "serve [flags]",
		Short: "Serve the Runs API emulator until interrupted",
		Long: `serve runs the emulator, an in-memory implementation of the Assistants
Runs API with deterministic scripts, on a loopback address until it is
interrupted (Ctrl-C), then shuts down gracefully.

It prints the base URL to give clients, as OPENAI_BASE_URL=..., then a
hint. It serves assistants, threads, messages, runs and run steps. In
strict mode (the default) it answers like the live API. Lenient mode
answers every request the OpenAPI schema accepts: unknown ids get
synthesized objects, a limit outside 1..100 is brought into range and
cursors that name nothing are ignored, so the SDKs' own generated test
suites can run against it in place of their schema mock (give them the
base URL as TEST_API_BASE_URL). Run metadata emulator.script and
emulator.outcome choose the script and inject faults.

Load-level faults are injected by rate (0 to 1), from a seeded generator:
--fault-rate-limited (429 with retry-after), --fault-server-error (500),
--fault-unavailable (503 with retry-after), and on streams --fault-reset
(the connection is cut mid-stream), --fault-trickle (events slowed down)
and --fault-stall (the stream pauses mid-way). Faulted answers carry the
header X-Emulator-Fault.

Memory stays bounded: at most --max-runs terminal runs and --max-runs idle
threads are remembered, each for at most --max-age; older ones answer 404.

On an interrupt (SIGINT or SIGTERM) serve stops accepting connections,
gives requests in flight 5 seconds to finish, cuts what is left and exits.

Exit status: 130 after an interrupt, 2 for usage errors or when the
address cannot be listened on.`,
		Example: `  conformance serve
  conformance serve --mode lenient --listen 127.0.0.1:4010
  conformance serve --listen 127.0.0.1:0 --mode lenient --deltas 100 --pause 10ms`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runServe(cmd, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.listen, "listen", opts.listen, "address to listen on, host:port (port 0 picks a free one)")
	f.StringVar(&opts.mode, "mode", opts.mode, "strict or lenient")
	f.IntVar(&opts.deltas, "deltas", opts.deltas, fmt.Sprintf("number of text deltas a reply is split into (1 to %d)", emulator.MaxDeltas))
	f.IntVar(&opts.deltaSize, "delta-size", 0, fmt.Sprintf("cut replies into deltas of this many bytes instead (0: off; at most %d)", emulator.MaxDeltaSize))
	f.DurationVar(&opts.pause, "pause", 0, fmt.Sprintf("real time to wait between stream events (at most %v)", emulator.MaxPause))
	f.IntVar(&opts.maxRuns, "max-runs", opts.maxRuns, "terminal runs, and idle threads, to remember (0: no limit)")
	f.DurationVar(&opts.maxAge, "max-age", opts.maxAge, "how long to remember a terminal run or an idle thread (0: no limit)")
	f.Float64Var(&opts.faults.RateLimited, "fault-rate-limited", 0, "rate of requests answered 429 with retry-after (0 to 1)")
	f.Float64Var(&opts.faults.ServerError, "fault-server-error", 0, "rate of requests answered 500 (0 to 1)")
	f.Float64Var(&opts.faults.Unavailable, "fault-unavailable", 0, "rate of requests answered 503 with retry-after (0 to 1)")
	f.Float64Var(&opts.faults.Reset, "fault-reset", 0, "rate of streams cut mid-stream (0 to 1)")
	f.Float64Var(&opts.faults.Trickle, "fault-trickle", 0, "rate of streams slowed to one event per --fault-trickle-pause (0 to 1)")
	f.Float64Var(&opts.faults.Stall, "fault-stall", 0, "rate of streams that send nothing for --fault-stall-for mid-stream (0 to 1)")
	f.DurationVar(&opts.faults.RetryAfter, "fault-retry-after", emulator.DefaultRetryAfter, "retry-after of injected 429 and 503 answers")
	f.DurationVar(&opts.faults.TricklePause, "fault-trickle-pause", emulator.DefaultTricklePause, "pause between the events of a trickling stream")
	f.DurationVar(&opts.faults.StallFor, "fault-stall-for", emulator.DefaultStallFor, "how long a stalled stream sends nothing")
	f.Int64Var(&opts.faults.Seed, "fault-seed", 0, "seed of the fault decisions")
	f.BoolVar(&opts.requireAuth, "require-auth", false, "answer 401 to requests without a bearer token")
	f.BoolVar(&opts.allowRemote, "allow-remote", false, "allow listening on addresses other than loopback")
	f.Int64Var(&opts.seed, "seed", 0, "seed of the id generator, for reproducible ids (default: random)")
	return cmd
}

// runServe checks the flags, serves until the command's context ends and
// shuts the server down.
func runServe(cmd *cobra.Command, opts serveOptions) error {
	var mode emulator.Mode
	switch opts.mode {
	case emulator.ModeStrict.String():
		mode = emulator.ModeStrict
	case emulator.ModeLenient.String():
		mode = emulator.ModeLenient
	default:
		return usageErrorf(cmd, "--mode must be strict or lenient, got %q", opts.mode)
	}
	if opts.deltas < 1 || opts.deltas > emulator.MaxDeltas {
		return usageErrorf(cmd, "--deltas must be between 1 and %d, got %d", emulator.MaxDeltas, opts.deltas)
	}
	if opts.deltaSize < 0 || opts.deltaSize > emulator.MaxDeltaSize {
		return usageErrorf(cmd, "--delta-size must be between 0 and %d, got %d", emulator.MaxDeltaSize, opts.deltaSize)
	}
	if opts.pause < 0 || opts.pause > emulator.MaxPause {
		return usageErrorf(cmd, "--pause must be between 0 and %v, got %v", emulator.MaxPause, opts.pause)
	}
	if opts.maxRuns < 0 {
		return usageErrorf(cmd, "--max-runs must not be negative, got %d", opts.maxRuns)
	}
	if opts.maxAge < 0 {
		return usageErrorf(cmd, "--max-age must not be negative, got %v", opts.maxAge)
	}
	if err := opts.faults.Validate(); err != nil {
		return usageErrorf(cmd, "faults: %v", err)
	}
	shape := emulator.StreamShape{Deltas: opts.deltas, DeltaSize: opts.deltaSize, Pause: opts.pause}
	if err := shape.Validate(); err != nil {
		return usageErrorf(cmd, "stream shape: %v", err)
	}
	host, _, err := net.SplitHostPort(opts.listen)
	if err != nil {
		return usageErrorf(cmd, "--listen %q: %v", opts.listen, err)
	}
	if !opts.allowRemote && !isLoopback(host) {
		return usageErrorf(cmd, "--listen %q is not a loopback address; pass --allow-remote to serve other hosts", opts.listen)
	}
	l, err := net.Listen("tcp", opts.listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", opts.listen, err)
	}
	emuOpts := []emulator.Option{
		emulator.WithMode(mode),
		emulator.WithRequireAuth(opts.requireAuth),
		emulator.WithStreamShape(shape),
		emulator.WithRetention(opts.maxRuns, opts.maxAge),
		emulator.WithFaults(opts.faults),
	}
	if cmd.Flags().Changed("seed") {
		emuOpts = append(emuOpts, emulator.WithIDSeed(opts.seed))
	}
	srv := emulator.NewUnstartedServer(emuOpts...)
	srv.Listener = l
	srv.Start()
	stopped := false
	defer func() {
		if !stopped {
			shutdown(srv)
		}
	}()

	out := cmd.OutOrStdout()
	if _, err := fmt.Fprintf(out, "OPENAI_BASE_URL=%s\n", srv.BaseURL()); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	if _, err := fmt.Fprintf(out, "# runsuite emulator (%s mode) serving the Assistants Runs API; press Ctrl-C to stop\n", mode); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	<-cmd.Context().Done()
	stopped = true
	shutdown(srv)
	return fmt.Errorf("serve: interrupted: %w", cmd.Context().Err())
}

// shutdown stops srv, giving requests in flight shutdownGrace to finish
// before their connections are cut.
func shutdown(srv *emulator.Server) {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	srv.Shutdown(ctx) //nolint:errcheck // past the grace the connections are cut, which is what is wanted
}

// isLoopback reports whether host names the loopback interface.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
