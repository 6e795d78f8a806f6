package main

import (
	"fmt"
	"net"
	"time"

	"github.com/spf13/cobra"

	"github.com/runsuite/runsuite/emulator"
)

// shutdownGrace is how long serve waits for requests in flight after an
// interrupt before it cuts their connections.
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
}

// newServeCmd returns the serve command.
func newServeCmd() *cobra.Command {
	opts := serveOptions{listen: "127.0.0.1:4010", mode: emulator.ModeStrict.String(), deltas: emulator.DefaultDeltas}
	cmd := &cobra.Command{
		Use:   "serve [flags]",
		Short: "Serve the Runs API emulator until interrupted",
		Long: `serve runs the emulator, an in-memory implementation of the Assistants
Runs API with deterministic scripts, on a loopback address until it is
interrupted (Ctrl-C), then shuts down gracefully.

It prints the base URL to give clients, as OPENAI_BASE_URL=..., then a
hint. In strict mode (the default) it answers like the live API; lenient
mode answers unknown ids with synthesized objects, for SDK test suites with
fixed ids. Run metadata emulator.script and emulator.outcome choose the
script and inject faults.

Exit status: 0 after an interrupt, 2 for usage errors or when the address
cannot be listened on.`,
		Example: `  conformance serve
  conformance serve --listen 127.0.0.1:0 --mode lenient --deltas 100 --pause 10ms`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runServe(cmd, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.listen, "listen", opts.listen, "address to listen on, host:port (port 0 picks a free one)")
	f.StringVar(&opts.mode, "mode", opts.mode, "strict or lenient")
	f.IntVar(&opts.deltas, "deltas", opts.deltas, "number of text deltas a reply is split into")
	f.IntVar(&opts.deltaSize, "delta-size", 0, "cut replies into deltas of this many bytes instead (0: off)")
	f.DurationVar(&opts.pause, "pause", 0, "real time to wait between stream events")
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
	if opts.deltas < 1 {
		return usageErrorf(cmd, "--deltas must be at least 1, got %d", opts.deltas)
	}
	if opts.deltaSize < 0 {
		return usageErrorf(cmd, "--delta-size must not be negative, got %d", opts.deltaSize)
	}
	if opts.pause < 0 {
		return usageErrorf(cmd, "--pause must not be negative, got %v", opts.pause)
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
		emulator.WithStreamShape(emulator.StreamShape{Deltas: opts.deltas, DeltaSize: opts.deltaSize, Pause: opts.pause}),
	}
	if cmd.Flags().Changed("seed") {
		emuOpts = append(emuOpts, emulator.WithIDSeed(opts.seed))
	}
	srv := emulator.NewUnstartedServer(emuOpts...)
	srv.Listener = l
	srv.Start()
	defer shutdown(srv)

	out := cmd.OutOrStdout()
	if _, err := fmt.Fprintf(out, "OPENAI_BASE_URL=%s\n", srv.BaseURL()); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	if _, err := fmt.Fprintf(out, "# runsuite emulator (%s mode) serving the Assistants Runs API; press Ctrl-C to stop\n", mode); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	<-cmd.Context().Done()
	return nil
}

// shutdown closes srv, giving requests in flight shutdownGrace to finish
// before their connections are cut.
func shutdown(srv *emulator.Server) {
	done := make(chan struct{})
	go func() {
		srv.Close()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(shutdownGrace):
		srv.CloseClientConnections()
		<-done
	}
}

// isLoopback reports whether host names the loopback interface.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
