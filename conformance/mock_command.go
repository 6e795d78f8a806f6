package conformance

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"
)

// Defaults of running a client command under mock.
const (
	// DefaultClientTimeout bounds how long mock waits for its command.
	DefaultClientTimeout = 10 * time.Minute
	// ClientStopGrace is how long a command has to exit after SIGINT
	// (an interrupt, or its timeout) before it is killed.
	ClientStopGrace = 10 * time.Second
	// MockAPIKey is the OPENAI_API_KEY a command run under mock gets, so
	// that a real key in the environment is never sent anywhere.
	MockAPIKey = "sk-runsuite-mock"
)

// ClientRun is how a client command run under mock ended.
type ClientRun struct {
	// ExitCode is the command's exit status; -1 when a signal ended it.
	ExitCode int
	// TimedOut says the command outlived its timeout and was stopped.
	TimedOut bool
	// Interrupted says ctx ended (Ctrl-C) and the interrupt was forwarded.
	Interrupted bool
	// Duration is the command's wall time.
	Duration time.Duration
}

// Failed reports whether the run counts as a failed client: a non-zero
// exit, a timeout or a stop by signal.
func (c ClientRun) Failed() bool { return c.ExitCode != 0 || c.TimedOut }

// RunClient runs argv with OPENAI_BASE_URL set to baseURL and
// OPENAI_API_KEY to MockAPIKey (over any value in the environment), its
// standard streams connected to stdin, stdout and stderr, and waits for it
// at most timeout (DefaultClientTimeout when not positive). When ctx ends
// or the timeout passes, the command gets SIGINT, then is killed after
// ClientStopGrace. The error is only for a command that could not be run
// at all (not found, not executable); how it ended is in ClientRun.
func RunClient(ctx context.Context, baseURL string, argv []string, stdin io.Reader, stdout, stderr io.Writer, timeout time.Duration) (ClientRun, error) {
	if len(argv) == 0 {
		return ClientRun{}, errors.New("run client: no command")
	}
	if timeout <= 0 {
		timeout = DefaultClientTimeout
	}
	tctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(tctx, argv[0], argv[1:]...)
	cmd.Env = clientEnv(os.Environ(), baseURL)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, stdout, stderr
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = ClientStopGrace
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return ClientRun{}, fmt.Errorf("run client %q: %w", argv[0], err)
	}
	err := cmd.Wait()
	run := ClientRun{Duration: time.Since(start), ExitCode: cmd.ProcessState.ExitCode()}
	run.Interrupted = ctx.Err() != nil
	run.TimedOut = !run.Interrupted && errors.Is(tctx.Err(), context.DeadlineExceeded)
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) && !errors.Is(err, exec.ErrWaitDelay) && run.ExitCode == 0 {
		// The command exited 0 but its output could not be copied.
		return run, fmt.Errorf("run client %q: %w", argv[0], err)
	}
	return run, nil
}

// clientEnv returns env with OPENAI_BASE_URL and OPENAI_API_KEY replaced.
func clientEnv(env []string, baseURL string) []string {
	out := make([]string, 0, len(env)+2)
	for _, kv := range env {
		if strings.HasPrefix(kv, "OPENAI_BASE_URL=") || strings.HasPrefix(kv, "OPENAI_API_KEY=") {
			continue
		}
		out = append(out, kv)
	}
	return append(out, "OPENAI_BASE_URL="+baseURL, "OPENAI_API_KEY="+MockAPIKey)
}
