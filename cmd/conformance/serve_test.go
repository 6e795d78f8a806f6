package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestServe(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	pr, pw := io.Pipe()
	var stderr bytes.Buffer
	exited := make(chan exitCode, 1)
	go func() {
		exited <- Main(ctx, []string{"serve", "--listen", "127.0.0.1:0", "--mode", "lenient", "--seed", "7"}, strings.NewReader(""), pw, &stderr)
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	if !lines.Scan() {
		t.Fatalf("no output; stderr %q", stderr.String())
	}
	baseURL, ok := strings.CutPrefix(lines.Text(), "OPENAI_BASE_URL=")
	if !ok || !strings.HasPrefix(baseURL, "http://127.0.0.1:") || !strings.HasSuffix(baseURL, "/v1") || strings.HasSuffix(baseURL, ":0/v1") {
		t.Fatalf("first line: got %q, want OPENAI_BASE_URL=http://127.0.0.1:PORT/v1 with the real port", lines.Text())
	}
	if !lines.Scan() || !strings.Contains(lines.Text(), "Ctrl-C") {
		t.Errorf("hint line: got %q", lines.Text())
	}
	go io.Copy(io.Discard, pr) //nolint:errcheck // drain whatever else is printed

	// The placeholders of the SDKs' generated tests, answered in lenient mode.
	for _, tc := range []struct{ method, path, object string }{
		{"GET", "/threads/thread_fixed", "thread"},
		{"DELETE", "/threads/thread_id", "thread.deleted"},
		{"GET", "/threads/thread_id/messages/message_id", "thread.message"},
		{"GET", "/threads/thread_id/runs?after=after&before=before&limit=0&order=asc", "list"},
	} {
		req, err := http.NewRequest(tc.method, baseURL+tc.path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("OpenAI-Beta", "assistants=v2")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("request to the served emulator: %v", err)
		}
		var got struct {
			Object string `json:"object"`
		}
		err = json.NewDecoder(resp.Body).Decode(&got)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || err != nil || got.Object != tc.object {
			t.Errorf("lenient %s %s: got status %d object %q (%v), want 200 %s", tc.method, tc.path, resp.StatusCode, got.Object, err, tc.object)
		}
	}
	http.DefaultClient.CloseIdleConnections()

	cancel()
	select {
	case code := <-exited:
		if code != exitInterrupted {
			t.Errorf("exit code after the interrupt: got %d, want %d; stderr %q", code, exitInterrupted, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not return after its context was cancelled")
	}
}

func TestServeUsageErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string // in stderr
	}{
		{"remote address", []string{"serve", "--listen", "0.0.0.0:0"}, "--allow-remote"},
		{"all interfaces", []string{"serve", "--listen", ":0"}, "not a loopback address"},
		{"bad address", []string{"serve", "--listen", "nowhere"}, "--listen"},
		{"bad mode", []string{"serve", "--mode", "loose"}, "--mode must be strict or lenient"},
		{"no deltas", []string{"serve", "--deltas", "0"}, "--deltas"},
		{"a billion deltas", []string{"serve", "--deltas", "1000000000"}, "--deltas must be between 1 and 100000"},
		{"negative delta size", []string{"serve", "--delta-size", "-1"}, "--delta-size"},
		{"huge delta size", []string{"serve", "--delta-size", "1000000000"}, "--delta-size must be between 0 and"},
		{"negative pause", []string{"serve", "--pause", "-1s"}, "--pause"},
		{"endless pause", []string{"serve", "--pause", "100h"}, "--pause must be between 0 and 1m0s"},
		{"negative max runs", []string{"serve", "--max-runs", "-1"}, "--max-runs"},
		{"negative max age", []string{"serve", "--max-age", "-1s"}, "--max-age"},
		{"fault rate above 1", []string{"serve", "--fault-reset", "1.5"}, "fault rate reset must be between 0 and 1"},
		{"request faults past 1", []string{"serve", "--fault-rate-limited", "0.6", "--fault-unavailable", "0.6"}, "add up to"},
		{"negative stall", []string{"serve", "--fault-stall-for", "-1s"}, "fault stall must be between"},
		{"bad pause", []string{"serve", "--pause", "soon"}, "--pause"},
		{"arguments", []string{"serve", "now"}, "got 1 argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			// A command line that is wrongly accepted serves until this ends.
			ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
			defer cancel()
			got := runMain(t, ctx, nil, tt.args...)
			if got.code != exitUsage {
				t.Errorf("exit code: got %d, want %d (stderr %q)", got.code, exitUsage, got.stderr)
			}
			if !strings.Contains(got.stderr, tt.want) {
				t.Errorf("stderr: got %q, want it to mention %q", got.stderr, tt.want)
			}
		})
	}
}

// serveChildEnv makes the test binary run main() as conformance serve, so
// that a test can send it a real SIGINT.
const serveChildEnv = "RUNSUITE_SERVE_CHILD"

// TestServeChild is the child process of TestServeSIGINT; it does nothing
// in a normal run.
func TestServeChild(t *testing.T) {
	if os.Getenv(serveChildEnv) != "1" {
		t.Skip("only runs as the child process of TestServeSIGINT")
	}
	os.Args = []string{"conformance", "serve", "--listen", "127.0.0.1:0", "--deltas", "100000"}
	main()
}

// TestServeSIGINT sends SIGINT to conformance serve while a client holds a
// stream it does not read and another sends nothing, and requires the
// process to exit within the documented grace period with status 130.
func TestServeSIGINT(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT on windows")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestServeChild$")
	cmd.Env = append(os.Environ(), serveChildEnv+"=1")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill() //nolint:errcheck // a no-op once it exited
	lines := bufio.NewScanner(stdout)
	if !lines.Scan() {
		t.Fatal("serve printed nothing")
	}
	base, ok := strings.CutPrefix(lines.Text(), "OPENAI_BASE_URL=")
	if !ok {
		t.Fatalf("first line: got %q", lines.Text())
	}
	go io.Copy(io.Discard, stdout) //nolint:errcheck // the rest of the output
	addr := strings.TrimSuffix(strings.TrimPrefix(base, "http://"), "/v1")

	// A thread-and-run stream of 100,000 deltas that nobody reads.
	stalled, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer stalled.Close()
	b := `{"assistant_id":"asst_x","thread":{"messages":[{"role":"user","content":"hi"}]},"stream":true}`
	asst := postJSON(t, base+"/assistants", `{"model":"gpt-4o"}`)
	b = strings.Replace(b, "asst_x", asst, 1)
	fmt.Fprintf(stalled, "POST /v1/threads/runs HTTP/1.1\r\nHost: x\r\nOpenAI-Beta: assistants=v2\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(b), b)
	// A connection that never finishes its request.
	silent, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	fmt.Fprint(silent, "POST /v1/threads HTTP/1.1\r\nHost: x\r\n")
	time.Sleep(200 * time.Millisecond) // let the stream fill the socket buffers

	start := time.Now()
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	select {
	case err := <-waited:
		elapsed := time.Since(start)
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != int(exitInterrupted) {
			t.Errorf("exit after SIGINT: got %v, want status %d", err, exitInterrupted)
		}
		if limit := shutdownGrace + 2*time.Second; elapsed > limit {
			t.Errorf("exit took %v after SIGINT, want at most %v (the grace period plus slack)", elapsed, limit)
		}
	case <-time.After(3 * shutdownGrace):
		t.Fatalf("serve still running %v after SIGINT", 3*shutdownGrace)
	}
}

// postJSON posts body to url with the beta header and returns the id of
// the object it answers with.
func postJSON(t *testing.T, url, body string) string {
	t.Helper()
	req, err := http.NewRequest("POST", url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("OpenAI-Beta", "assistants=v2")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var v struct {
		ID string `json:"id"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil || v.ID == "" {
		t.Fatalf("POST %s: status %d, %v", url, resp.StatusCode, err)
	}
	return v.ID
}

// TestServeFaults checks that the fault flags reach the emulator.
func TestServeFaults(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	pr, pw := io.Pipe()
	exited := make(chan exitCode, 1)
	go func() {
		exited <- Main(ctx, []string{"serve", "--listen", "127.0.0.1:0", "--fault-unavailable", "1", "--fault-retry-after", "3s"},
			strings.NewReader(""), pw, io.Discard)
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	if !lines.Scan() {
		t.Fatal("no output")
	}
	baseURL := strings.TrimPrefix(lines.Text(), "OPENAI_BASE_URL=")
	go io.Copy(io.Discard, pr) //nolint:errcheck // the rest of the output
	req, err := http.NewRequest("GET", baseURL+"/threads/thread_x", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("OpenAI-Beta", "assistants=v2")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") != "3" || resp.Header.Get("X-Emulator-Fault") != "unavailable" {
		t.Errorf("with --fault-unavailable 1: got %d, Retry-After %q, X-Emulator-Fault %q; want 503, 3, unavailable",
			resp.StatusCode, resp.Header.Get("Retry-After"), resp.Header.Get("X-Emulator-Fault"))
	}
	http.DefaultClient.CloseIdleConnections()
	cancel()
	select {
	case <-exited:
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not return after its context was cancelled")
	}
}
