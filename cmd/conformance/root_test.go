package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// result is what one in-process run of Main produced.
type result struct {
	code           exitCode
	stdout, stderr string
}

// runMain runs Main in-process with args, stdin and buffered output.
func runMain(tb testing.TB, ctx context.Context, stdin io.Reader, args ...string) result {
	tb.Helper()
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	var stdout, stderr bytes.Buffer
	code := Main(ctx, args, stdin, &stdout, &stderr)
	return result{code, stdout.String(), stderr.String()}
}

// writeTemp writes data to a new file in a temporary directory and returns
// its path.
func writeTemp(tb testing.TB, name string, data []byte) string {
	tb.Helper()
	p := filepath.Join(tb.TempDir(), name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		tb.Fatal(err)
	}
	return p
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	valid := writeTemp(t, "valid.sse", []byte("event: done\ndata: [DONE]\n\n"))
	missing := filepath.Join(t.TempDir(), "missing.sse")
	tests := []struct {
		name string
		args []string
		want string // in stderr
	}{
		{"decode without args", []string{"decode"}, "got 0 arguments"},
		{"decode with two args", []string{"decode", valid, valid}, "got 2 arguments"},
		{"unknown format", []string{"decode", "--format", "xml", valid}, `"xml"`},
		{"missing file", []string{"decode", missing}, "missing.sse"},
		{"directory", []string{"decode", t.TempDir()}, "is a directory"},
		{"unknown decode flag", []string{"decode", "--bogus", valid}, "--bogus"},
		{"unknown root flag", []string{"--bogus"}, "--bogus"},
		{"unknown command", []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"mistyped command", []string{"decod", valid}, "did you mean decode?"},
		{"negative max event size", []string{"decode", "--max-event-size", "-1", valid}, "--max-event-size"},
		{"huge max event size", []string{"decode", "--max-event-size", "9223372036854775807", valid}, "--max-event-size"},
		{"non-numeric max event size", []string{"decode", "--max-event-size", "big", valid}, "--max-event-size"},
		{"version with args", []string{"version", "now"}, "got 1 argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := runMain(t, t.Context(), nil, tt.args...)
			if got.code != exitUsage {
				t.Errorf("exit code: got %d, want %d (stderr %q)", got.code, exitUsage, got.stderr)
			}
			if !strings.HasPrefix(got.stderr, "conformance: ") || !strings.Contains(got.stderr, tt.want) {
				t.Errorf("stderr: got %q, want a conformance: message containing %q", got.stderr, tt.want)
			}
			if n := strings.Count(got.stderr, "conformance: "); n != 1 {
				t.Errorf("stderr: got the error %d times, want once: %q", n, got.stderr)
			}
			if got.stdout != "" {
				t.Errorf("stdout: got %q, want nothing", got.stdout)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string // in stdout
	}{
		{"no command", nil, "Available Commands"},
		{"root help flag", []string{"--help"}, "decode"},
		{"decode help", []string{"decode", "--help"}, "--max-event-size"},
		{"help command", []string{"help", "decode"}, "--skip-unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := runMain(t, t.Context(), nil, tt.args...)
			if got.code != exitOK || got.stderr != "" {
				t.Errorf("got exit %d, stderr %q; want exit 0 and no stderr", got.code, got.stderr)
			}
			if !strings.Contains(got.stdout, tt.want) {
				t.Errorf("stdout: got %q, want it to contain %q", got.stdout, tt.want)
			}
		})
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	info, _ := debug.ReadBuildInfo()
	want := versionLine(version, commit, info) + "\n"
	pattern := regexp.MustCompile(`^conformance \S+ \(commit \S+, ` + regexp.QuoteMeta(runtime.Version()) + `\)\n$`)
	for _, args := range [][]string{{"--version"}, {"version"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			t.Parallel()
			got := runMain(t, t.Context(), nil, args...)
			if got.code != exitOK || got.stderr != "" {
				t.Errorf("got exit %d, stderr %q; want exit 0 and no stderr", got.code, got.stderr)
			}
			if got.stdout != want {
				t.Errorf("stdout: got %q, want %q", got.stdout, want)
			}
			if !pattern.MatchString(got.stdout) {
				t.Errorf("stdout: got %q, want it to match %s", got.stdout, pattern)
			}
		})
	}
}

func TestVersionLine(t *testing.T) {
	t.Parallel()
	stamped := &debug.BuildInfo{
		Main:     debug.Module{Path: "github.com/runsuite/runsuite", Version: "v0.3.0"},
		Settings: []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "abc123"}},
	}
	devel := &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}
	go_ := runtime.Version()
	tests := []struct {
		name            string
		version, commit string
		info            *debug.BuildInfo
		want            string
	}{
		{"defaults without build info", "dev", "unknown", nil, "conformance dev (commit unknown, " + go_ + ")"},
		{"defaults with devel build", "dev", "unknown", devel, "conformance dev (commit unknown, " + go_ + ")"},
		{"defaults from build info", "dev", "unknown", stamped, "conformance v0.3.0 (commit abc123, " + go_ + ")"},
		{"ldflags win over build info", "v1.0.0", "fedcba", stamped, "conformance v1.0.0 (commit fedcba, " + go_ + ")"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := versionLine(tt.version, tt.commit, tt.info); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestExitCodeOf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want exitCode
	}{
		{"nil", nil, exitOK},
		{"conformance failure", &failError{errors.New("bad stream")}, exitFail},
		{"wrapped conformance failure", fmt.Errorf("decode: %w", &failError{errors.New("bad stream")}), exitFail},
		{"usage error", &usageError{err: errors.New("bad flag")}, exitUsage},
		{"untyped error", errors.New("disk on fire"), exitUsage},
		{"deadline", context.DeadlineExceeded, exitUsage},
		{"cancelled", context.Canceled, exitInterrupted},
		{"failure caused by cancellation", &failError{fmt.Errorf("read: %w", context.Canceled)}, exitInterrupted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := exitCodeOf(tt.err); got != tt.want {
				t.Errorf("exitCodeOf(%v): got %d, want %d", tt.err, got, tt.want)
			}
		})
	}
}

// blockingReader returns its data, then signals entered and blocks in Read
// until release is closed, then returns io.EOF.
type blockingReader struct {
	data    io.Reader
	entered chan<- struct{}
	release <-chan struct{}
}

func (r *blockingReader) Read(p []byte) (int, error) {
	if n, err := r.data.Read(p); err != io.EOF {
		return n, err
	}
	select {
	case r.entered <- struct{}{}:
	default:
	}
	<-r.release
	return 0, io.EOF
}

func TestDecodeInterrupted(t *testing.T) {
	t.Parallel()
	const first = "event: thread.created\ndata: {\"id\":\"thread_abc123\",\"object\":\"thread\",\"created_at\":1764200000,\"metadata\":{},\"tool_resources\":{}}\n\n"
	tests := []struct {
		name string
		// releaseOnCancel makes the reader return once the context is
		// cancelled; otherwise it stays blocked until the test ends, as a
		// read on a terminal would.
		releaseOnCancel bool
	}{
		{"reader returns on cancel", true},
		{"reader stays blocked", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			release := ctx.Done()
			if !tt.releaseOnCancel {
				never := make(chan struct{})
				t.Cleanup(func() { close(never) })
				release = never
			}
			entered := make(chan struct{}, 1)
			stdin := &blockingReader{data: strings.NewReader(first), entered: entered, release: release}
			done := make(chan result, 1)
			go func() { done <- runMain(t, ctx, stdin, "decode", "-") }()
			select {
			case <-entered:
			case <-time.After(10 * time.Second):
				t.Fatal("decode never blocked on stdin")
			}
			cancel()
			var got result
			select {
			case got = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("decode did not return after cancellation")
			}
			if got.code != exitInterrupted {
				t.Errorf("exit code: got %d, want %d (stderr %q)", got.code, exitInterrupted, got.stderr)
			}
			if want := "#0 thread.created thread thread_abc123 "; !strings.HasPrefix(got.stdout, want) {
				t.Errorf("stdout: got %q, want the event read before the interruption, %q…", got.stdout, want)
			}
			if !strings.HasPrefix(got.stderr, "conformance: interrupted") {
				t.Errorf("stderr: got %q, want conformance: interrupted…", got.stderr)
			}
		})
	}
}
