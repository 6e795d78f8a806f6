package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/runsuite/runsuite/cassette"
)

// recordOptions holds the record command's flags.
type recordOptions struct {
	baseURL string
	out     string
	listen  string
	maxBody int64
}

// newRecordCmd returns the record command.
func newRecordCmd() *cobra.Command {
	opts := recordOptions{listen: "127.0.0.1:0", maxBody: cassette.DefaultMaxBodySize}
	cmd := &cobra.Command{
		Use:   "record --base-url URL --out FILE [flags] [-- CMD ARGS...]",
		Short: "Record traffic to a server through a scrubbing proxy into a go-vcr cassette",
		Long: `record runs a recording proxy on a loopback address in front of the server
at --base-url and writes every exchange into the go-vcr v4 cassette --out.
Event streams pass through as they arrive: the client sees each event when
the server sends it, while the cassette gets the whole stream.

Before anything is written or logged, Authorization, OpenAI-Organization,
OpenAI-Project, cookies and anything that looks like an API key (sk-...,
bearer tokens) in headers, query or bodies become "REDACTED".

With -- CMD ARGS, record runs the command with OPENAI_BASE_URL pointing at
the proxy, then writes the cassette when it exits. Without one, it prints
OPENAI_BASE_URL=... and records until interrupted (Ctrl-C).

Exit status: 0 when the cassette was written (and the command succeeded),
1 when the command failed (the cassette is still written), 2 for usage
errors, an unreachable address or a cassette that could not be written.`,
		Example: `  conformance record --base-url http://127.0.0.1:4010/v1 --out recordings/node.yaml -- node flow.mjs
  conformance record --base-url http://127.0.0.1:4010/v1 --out my.yaml`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRecord(cmd, args, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.baseURL, "base-url", "", "base URL of the server to record, e.g. http://127.0.0.1:4010/v1 (required)")
	f.StringVar(&opts.out, "out", "", "cassette to write, NAME.yaml (required)")
	f.StringVar(&opts.listen, "listen", opts.listen, "loopback address for the proxy, host:port (port 0 picks a free one)")
	f.Int64Var(&opts.maxBody, "max-body-size", opts.maxBody, "largest request or response body recorded, in bytes")
	return cmd
}

// runRecord serves the proxy until the command given after -- exits, or
// until interrupted, then writes the cassette.
func runRecord(cmd *cobra.Command, args []string, opts recordOptions) error {
	if opts.baseURL == "" || opts.out == "" {
		return usageErrorf(cmd, "record needs --base-url and --out")
	}
	if !strings.HasSuffix(opts.out, ".yaml") {
		return usageErrorf(cmd, "--out %q: a go-vcr cassette file name ends in .yaml", opts.out)
	}
	if cmd.ArgsLenAtDash() < 0 && len(args) > 0 {
		return usageErrorf(cmd, "put the command to run after --, e.g. -- %s", strings.Join(args, " "))
	}
	if opts.maxBody <= 0 {
		return usageErrorf(cmd, "--max-body-size must be positive, got %d", opts.maxBody)
	}
	// The proxy's log and the child's output share the command's streams;
	// they are written from several goroutines.
	stdout, stderr := &lockedWriter{w: cmd.OutOrStdout()}, &lockedWriter{w: cmd.ErrOrStderr()}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	p, err := cassette.NewProxy(opts.baseURL, cassette.WithLogger(logger), cassette.WithMaxBodySize(opts.maxBody))
	if err != nil {
		return usageErrorf(cmd, "--base-url: %v", err)
	}
	srv, err := cassette.Serve(p, opts.listen)
	if err != nil {
		return usageErrorf(cmd, "--listen: %v", err)
	}
	out := stdout
	fmt.Fprintf(out, "OPENAI_BASE_URL=%s\n", srv.BaseURL())

	var cmdErr error
	if len(args) == 0 {
		fmt.Fprintln(out, "recording; press Ctrl-C to stop and write", opts.out)
		<-cmd.Context().Done()
	} else {
		cmdErr = runChild(cmd, args, srv.BaseURL(), stdout, stderr)
	}
	closeErr := srv.Close()
	c, recErr := p.Cassette(opts.out)
	if err := cassette.Write(c, opts.out); err != nil {
		return err
	}
	fmt.Fprintf(out, "wrote %s: %d interactions\n", opts.out, len(c.Interactions))
	if err := errors.Join(closeErr, recErr); err != nil {
		return fmt.Errorf("record: %w", err)
	}
	if err := cmd.Context().Err(); err != nil && len(args) > 0 {
		return fmt.Errorf("record: %w", err) // interrupted: the command was stopped
	}
	return cmdErr
}

// runChild runs args with OPENAI_BASE_URL set to baseURL and the command's
// standard streams. A command that ran and failed is a *failError; one that
// could not start is a plain error.
func runChild(cmd *cobra.Command, args []string, baseURL string, stdout, stderr io.Writer) error {
	child := exec.CommandContext(cmd.Context(), args[0], args[1:]...)
	child.Env = append(os.Environ(), "OPENAI_BASE_URL="+baseURL)
	child.Stdin = cmd.InOrStdin()
	child.Stdout = stdout
	child.Stderr = stderr
	if err := child.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return &failError{err: fmt.Errorf("%s exited with status %d", args[0], exit.ExitCode())}
		}
		return fmt.Errorf("run %s: %w", args[0], err)
	}
	return nil
}

// lockedWriter serializes writes to w.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

// Write writes p to the underlying writer under the lock.
func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
