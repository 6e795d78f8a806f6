package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
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

	req, err := http.NewRequest("GET", baseURL+"/threads/thread_fixed", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("OpenAI-Beta", "assistants=v2")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("request to the served emulator: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("lenient GET of a fixed thread id: status %d, want 200", resp.StatusCode)
	}
	http.DefaultClient.CloseIdleConnections()

	cancel()
	select {
	case code := <-exited:
		if code != exitOK {
			t.Errorf("exit code after the interrupt: got %d, want %d; stderr %q", code, exitOK, stderr.String())
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
		{"negative delta size", []string{"serve", "--delta-size", "-1"}, "--delta-size"},
		{"negative pause", []string{"serve", "--pause", "-1s"}, "--pause"},
		{"bad pause", []string{"serve", "--pause", "soon"}, "--pause"},
		{"arguments", []string{"serve", "now"}, "got 1 argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := runMain(t, t.Context(), nil, tt.args...)
			if got.code != exitUsage {
				t.Errorf("exit code: got %d, want %d (stderr %q)", got.code, exitUsage, got.stderr)
			}
			if !strings.Contains(got.stderr, tt.want) {
				t.Errorf("stderr: got %q, want it to mention %q", got.stderr, tt.want)
			}
		})
	}
}
