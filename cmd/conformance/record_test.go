package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/runsuite/runsuite/cassette"
	"github.com/runsuite/runsuite/emulator"
	"github.com/runsuite/runsuite/recordings"
	"github.com/runsuite/runsuite/runs"
)

// The canary is a fake secret of every kind the recorder must scrub; no
// byte of it may reach a cassette, a log line or a report.
const (
	canaryKey     = "sk-proj-canaryKEY0123456789abcdefXYZ"
	canaryOrg     = "org-canaryORG42"
	canaryProject = "proj_canaryPROJECT42"
	canaryCookie  = "session=canaryCOOKIE42"
	helperEnv     = "RUNSUITE_RECORD_HELPER"
)

// canaryTransport adds the canary credentials to every request, as a
// client configured with them would send them.
type canaryTransport struct{ next http.RoundTripper }

func (c canaryTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+canaryKey)
	r.Header.Set("OpenAI-Organization", canaryOrg)
	r.Header.Set("OpenAI-Project", canaryProject)
	r.Header.Set("Cookie", canaryCookie)
	return c.next.RoundTrip(r)
}

// TestRecordHelperProcess is the client record runs in
// TestRecordScrubsTheCanary; it does nothing unless started by it.
func TestRecordHelperProcess(t *testing.T) {
	if os.Getenv(helperEnv) != "1" {
		t.Skip("helper process of TestRecordScrubsTheCanary")
	}
	base := os.Getenv("OPENAI_BASE_URL")
	if err := canaryClient(t.Context(), base); err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

// canaryClient sends canary-laden requests to baseURL: a set-up request
// with the key in the query and the body, then a streamed run through
// runsuite's client configured with every canary credential.
func canaryClient(ctx context.Context, baseURL string) error {
	hc := &http.Client{Transport: canaryTransport{next: http.DefaultTransport}, Timeout: 30 * time.Second}
	body := `{"model":"gpt-4o","instructions":"my key is ` + canaryKey + `","metadata":{"note":"Bearer ` + canaryKey + `"}}`
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, baseURL+"/assistants?api_key="+canaryKey, strings.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("OpenAI-Beta", "assistants=v2")
	req.Header.Set("Content-Type", "application/json")
	res, err := hc.Do(req)
	if err != nil {
		return err
	}
	answer, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(answer), canaryKey) {
		return fmt.Errorf("create assistant: status %d: %s", res.StatusCode, answer)
	}
	c := runs.NewClient(runs.WithBaseURL(baseURL), runs.WithAPIKey(canaryKey), runs.WithOrganization(canaryOrg),
		runs.WithProject(canaryProject), runs.WithHTTPClient(hc), runs.WithMaxRetries(0))
	for _, f := range recordings.Flows() {
		if f.Name == "flow_plain_reply" {
			return f.Run(ctx, recordings.Env{Runs: c, Steps: c.Steps, HTTP: hc, BaseURL: baseURL})
		}
	}
	return fmt.Errorf("no flow_plain_reply flow")
}

func TestRecordScrubsTheCanary(t *testing.T) {
	t.Setenv(helperEnv, "1")
	emu := emulator.NewServer()
	defer emu.Close()
	out := filepath.Join(t.TempDir(), "canary.yaml")
	r := runMain(t, t.Context(), nil, "record", "--base-url", emu.BaseURL(), "--out", out, "--",
		os.Args[0], "-test.run=^TestRecordHelperProcess$")
	if r.code != exitOK {
		t.Fatalf("exit %d, want 0\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	c, err := cassette.Load(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Interactions) < 4 {
		t.Errorf("got %d interactions, want the set-up, the assistant, the thread and the stream", len(c.Interactions))
	}
	streamed := false
	for _, it := range c.Interactions {
		streamed = streamed || strings.HasPrefix(it.Response.Headers.Get("Content-Type"), "text/event-stream") && strings.Contains(it.Response.Body, "thread.run.completed")
	}
	if !streamed {
		t.Error("no recorded stream reached thread.run.completed")
	}
	for name, text := range map[string]string{"cassette": string(data), "stdout": r.stdout, "stderr (the proxy's log)": r.stderr} {
		for _, secret := range []string{canaryKey, "canaryKEY", canaryOrg, canaryProject, "canaryCOOKIE"} {
			if i := strings.Index(text, secret); i >= 0 {
				t.Errorf("the canary %q reached the %s: %q", secret, name, text[max(0, i-60):min(len(text), i+60)])
			}
		}
	}
	if !strings.Contains(r.stderr, "api_key="+cassette.Placeholder) {
		t.Errorf("the log does not show the scrubbed request line; stderr (%d bytes):\n%s", len(r.stderr), r.stderr)
	}
}

func TestRecordUntilInterrupted(t *testing.T) {
	t.Parallel()
	emu := emulator.NewServer()
	defer emu.Close()
	out := filepath.Join(t.TempDir(), "manual.yaml")
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	pr, pw := io.Pipe()
	var stderr bytes.Buffer
	exited := make(chan exitCode, 1)
	go func() {
		exited <- Main(ctx, []string{"record", "--base-url", emu.BaseURL(), "--out", out}, strings.NewReader(""), pw, &stderr)
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	if !lines.Scan() {
		t.Fatalf("no output; stderr %q", stderr.String())
	}
	baseURL, ok := strings.CutPrefix(lines.Text(), "OPENAI_BASE_URL=")
	if !ok || !strings.HasPrefix(baseURL, "http://127.0.0.1:") || !strings.HasSuffix(baseURL, "/v1") {
		t.Fatalf("first line %q, want OPENAI_BASE_URL=http://127.0.0.1:PORT/v1", lines.Text())
	}
	var rest bytes.Buffer
	copied := make(chan struct{})
	go func() { io.Copy(&rest, pr); close(copied) }() //nolint:errcheck // the pipe only ends

	c := runs.NewClient(runs.WithBaseURL(baseURL), runs.WithAPIKey(canaryKey), runs.WithMaxRetries(0))
	if _, err := c.Retrieve(ctx, "thread_missing", "run_missing"); err == nil {
		t.Error("retrieve of an unknown run succeeded, want a 404")
	}
	cancel()
	select {
	case code := <-exited:
		if code != exitOK {
			t.Errorf("exit %d, want 0; stderr %s", code, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("record did not stop after the interrupt")
	}
	<-copied
	if !strings.Contains(rest.String(), "wrote "+out+": 1 interactions") {
		t.Errorf("output %q does not report the cassette", rest.String())
	}
	c2, err := cassette.Load(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(c2.Interactions) != 1 || c2.Interactions[0].Response.Code != http.StatusNotFound {
		t.Errorf("got %d interactions, want the one 404", len(c2.Interactions))
	}
}

func TestRecordFailingCommand(t *testing.T) {
	t.Parallel()
	emu := emulator.NewServer()
	defer emu.Close()
	out := filepath.Join(t.TempDir(), "failed.yaml")
	r := runMain(t, t.Context(), nil, "record", "--base-url", emu.BaseURL(), "--out", out, "--", "sh", "-c", "exit 3")
	if r.code != exitFail || !strings.Contains(r.stderr, "exited with status 3") {
		t.Errorf("got exit %d, stderr %q; want 1 naming status 3", r.code, r.stderr)
	}
	if _, err := cassette.Load(out); err != nil {
		t.Errorf("the cassette of a failed command is not written: %v", err)
	}
	r = runMain(t, t.Context(), nil, "record", "--base-url", emu.BaseURL(), "--out", out, "--", "/nonexistent/command")
	if r.code != exitUsage {
		t.Errorf("a command that cannot start: got exit %d, want 2", r.code)
	}
}

func TestRecordUsageErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
	}{
		{"no flags", []string{"record"}},
		{"no out", []string{"record", "--base-url", "http://127.0.0.1:1/v1"}},
		{"out not yaml", []string{"record", "--base-url", "http://127.0.0.1:1/v1", "--out", "x.json"}},
		{"relative base URL", []string{"record", "--base-url", "/v1", "--out", "x.yaml"}},
		{"remote listen", []string{"record", "--base-url", "http://127.0.0.1:1/v1", "--out", "x.yaml", "--listen", "0.0.0.0:0"}},
		{"command without --", []string{"record", "--base-url", "http://127.0.0.1:1/v1", "--out", "x.yaml", "node"}},
		{"negative body cap", []string{"record", "--base-url", "http://127.0.0.1:1/v1", "--out", "x.yaml", "--max-body-size", "-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := runMain(t, t.Context(), nil, tt.args...)
			if r.code != exitUsage {
				t.Errorf("got exit %d, want 2; stderr %q", r.code, r.stderr)
			}
		})
	}
}

func TestRecordInterruptedCommand(t *testing.T) {
	t.Parallel()
	emu := emulator.NewServer()
	defer emu.Close()
	out := filepath.Join(t.TempDir(), "interrupted.yaml")
	ctx, cancel := context.WithCancel(t.Context()) // as SIGINT does in main
	defer cancel()
	stop := time.AfterFunc(300*time.Millisecond, cancel)
	defer stop.Stop()
	r := runMain(t, ctx, nil, "record", "--base-url", emu.BaseURL(), "--out", out, "--", "sleep", "30")
	if r.code != exitInterrupted {
		t.Errorf("got exit %d, want 130; stderr %q", r.code, r.stderr)
	}
	if _, err := cassette.Load(out); err != nil {
		t.Errorf("the cassette of an interrupted command is not written: %v", err)
	}
}
