package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// brokenRecording is a go-vcr cassette of a client without the beta header
// and a server whose stream has no done event.
const brokenRecording = `---
version: 2
interactions:
    - id: 0
      request:
        body: '{"assistant_id":"asst_1","stream":true}'
        headers:
            Authorization: [Bearer REDACTED]
            Content-Type: [application/json]
        url: http://127.0.0.1:4010/v1/threads/thread_1/runs
        method: POST
      response:
        body: |+
            event: thread.run.created
            data: {"id":"run_1","object":"thread.run"}

        headers:
            Content-Type: [text/event-stream]
        status: 200 OK
        code: 200
`

func TestVerifyCassette(t *testing.T) {
	t.Parallel()
	recordings, err := filepath.Glob(filepath.Join("..", "..", "recordings", "*.yaml"))
	if err != nil || len(recordings) == 0 {
		t.Fatalf("no recordings: %v", err)
	}
	broken := writeTemp(t, "broken.yaml", []byte(brokenRecording))
	tests := []struct {
		name     string
		args     []string
		want     exitCode
		contains string
	}{
		{"the committed recordings pass", append([]string{"verify", "--cassette"}, recordings...), exitOK, "PASS  stream.done-last"},
		{"repeated flags", []string{"verify", "--cassette", recordings[0], "--cassette", recordings[1]}, exitOK, "passed"},
		{"a broken recording fails naming the rules", []string{"verify", "--cassette", broken}, exitFail, "FAIL  client.header.beta"},
		{"markdown", []string{"verify", "--format", "markdown", "--cassette", broken}, exitFail, "stream.done-last"},
		{"a missing file is the harness's error", []string{"verify", "--cassette", filepath.Join(t.TempDir(), "none.yaml")}, exitUsage, ""},
		{"a live-server flag does not go with --cassette", []string{"verify", "--base-url", "http://127.0.0.1:1/v1", "--cassette", broken}, exitUsage, ""},
		{"files without --cassette", []string{"verify", broken}, exitUsage, ""},
		{"a bad format", []string{"verify", "--format", "xml", "--cassette", broken}, exitUsage, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := runMain(t, t.Context(), nil, tt.args...)
			if res.code != tt.want {
				t.Fatalf("exit code: got %d, want %d\nstderr: %s\nstdout: %s", res.code, tt.want, res.stderr, res.stdout)
			}
			if !strings.Contains(res.stdout, tt.contains) {
				t.Errorf("stdout does not contain %q:\n%s", tt.contains, res.stdout)
			}
		})
	}
}
