package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/runsuite/runsuite/conformance"
	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/runs"
)

// helperMode is the first argument after -- when this test binary runs as
// mock's client command (see TestMockHelperClient).
const helperMode = "mock-helper-client"

// helperCommand is the client command line that runs this test binary as
// a client of the given kind: good, bad or fail.
func helperCommand(kind string) []string {
	return []string{os.Args[0], "-test.run=^TestMockHelperClient$", "--", helperMode, kind}
}

// TestMockHelperClient is not a test: run by mock as a client command, it
// talks to OPENAI_BASE_URL as its arguments say and exits. In a normal test
// run it returns at once.
func TestMockHelperClient(t *testing.T) {
	args := flag.Args()
	if len(args) != 2 || args[0] != helperMode {
		return
	}
	base := os.Getenv("OPENAI_BASE_URL")
	c := runs.NewClient(runs.WithBaseURL(base), runs.WithAPIKey(os.Getenv("OPENAI_API_KEY")), runs.WithMaxRetries(0))
	switch args[1] {
	case "good":
		run, err := c.Create(t.Context(), "thread_helper", contract.RunCreateParams{AssistantID: "asst_helper"})
		if err == nil {
			_, err = c.Retrieve(t.Context(), run.ThreadID, run.ID)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "helper:", err)
			os.Exit(9)
		}
	case "bad":
		req, _ := http.NewRequest("GET", base+"/threads/thread_helper/runs", nil) // no OpenAI-Beta
		req.Header.Set("Authorization", "Bearer "+os.Getenv("OPENAI_API_KEY"))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			fmt.Fprintln(os.Stderr, "helper:", err)
			os.Exit(9)
		}
		resp.Body.Close()
	case "fail":
		os.Exit(5)
	}
	os.Exit(0)
}

// runMockMain runs conformance mock in process with a JSON report on
// stdout and returns the exit status, the decoded report and stderr.
func runMockMain(t *testing.T, kind string) (exitCode, conformance.Report, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	args := append([]string{"mock", "--format", "json", "--"}, helperCommand(kind)...)
	code := Main(t.Context(), args, strings.NewReader(""), &stdout, &stderr)
	var rep conformance.Report
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("mock %s: stdout is not a JSON report (%v): %q; stderr %q", kind, err, stdout.String(), stderr.String())
	}
	return code, rep, stderr.String()
}

func TestMockGoodClientExitsZero(t *testing.T) {
	t.Parallel()
	code, rep, stderr := runMockMain(t, "good")
	if code != exitOK {
		t.Fatalf("got exit %d, want %d; stderr %q", code, exitOK, stderr)
	}
	if rep.ClientExitCode == nil || *rep.ClientExitCode != 0 {
		t.Errorf("client_exit_code: got %v, want 0", rep.ClientExitCode)
	}
	if got := rep.Coverage.Operations[string(contract.OpCreate)]; got != 1 {
		t.Errorf("coverage of runs.create: got %d, want 1", got)
	}
	if got, want := len(rep.Results), len(conformance.ClientRules()); got != want || rep.Summary.Pass != want {
		t.Errorf("got %d results, %d passed, want %d passed", got, rep.Summary.Pass, want)
	}
}

func TestMockBadRequestExitsOneNamingTheRule(t *testing.T) {
	t.Parallel()
	code, rep, stderr := runMockMain(t, "bad")
	if code != exitFail {
		t.Fatalf("got exit %d, want %d; stderr %q", code, exitFail, stderr)
	}
	if !strings.Contains(stderr, "client.header.beta") {
		t.Errorf("stderr %q does not name client.header.beta", stderr)
	}
	for _, r := range rep.Results {
		if r.ID == "client.header.beta" && (r.Status != conformance.StatusFail || len(r.Findings) != 1) {
			t.Errorf("client.header.beta: got %s with %d findings, want fail with 1", r.Status, len(r.Findings))
		}
	}
}

func TestMockFailingCommandExitsOneWithItsCode(t *testing.T) {
	t.Parallel()
	code, rep, stderr := runMockMain(t, "fail")
	if code != exitFail {
		t.Fatalf("got exit %d, want %d; stderr %q", code, exitFail, stderr)
	}
	if rep.ClientExitCode == nil || *rep.ClientExitCode != 5 {
		t.Errorf("client_exit_code: got %v, want 5", rep.ClientExitCode)
	}
	if !strings.Contains(stderr, "exited with status 5") {
		t.Errorf("stderr %q does not give the command's status", stderr)
	}
}

func TestMockReportFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	args := append([]string{"mock", "--format", "markdown", "--report", dir + "/mock.md", "--junit", dir + "/mock.xml", "--"}, helperCommand("good")...)
	if code := Main(t.Context(), args, strings.NewReader(""), &stdout, &stderr); code != exitOK {
		t.Fatalf("got exit %d, want 0; stderr %q", code, stderr.String())
	}
	for _, name := range []string{"mock.md", "mock.xml"} {
		b, err := os.ReadFile(dir + "/" + name)
		if err != nil || !strings.Contains(string(b), "client.header.beta") {
			t.Errorf("%s: %v; want a report naming the client rules, got %.200q", name, err, b)
		}
	}
	if strings.Contains(stdout.String(), "client.header.beta") {
		t.Errorf("the report went to stdout too: %.200q", stdout.String())
	}
}

func TestMockUsageErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"command without --", []string{"mock", "node", "flow.mjs"}, "after --"},
		{"empty command", []string{"mock", "--"}, "no command"},
		{"bad format", []string{"mock", "--format", "yaml", "--", "true"}, "--format"},
		{"bad mode", []string{"mock", "--mode", "loose", "--", "true"}, "--mode"},
		{"remote address", []string{"mock", "--listen", "0.0.0.0:0", "--", "true"}, "loopback"},
		{"bad timeout", []string{"mock", "--timeout", "0s", "--", "true"}, "--timeout"},
		{"missing command", []string{"mock", "--", "/nonexistent/client"}, "/nonexistent/client"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			code := Main(t.Context(), tc.args, strings.NewReader(""), &stdout, &stderr)
			if code != exitUsage || !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("got exit %d, stderr %q; want %d and %q", code, stderr.String(), exitUsage, tc.want)
			}
		})
	}
}

func TestMockRequireCoverageFailsAPartialClient(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	args := append([]string{"mock", "--require-coverage", "--"}, helperCommand("good")...)
	code := Main(t.Context(), args, strings.NewReader(""), &stdout, &stderr)
	if code != exitFail || !strings.Contains(stderr.String(), "did not call 8 of the ten operations") {
		t.Errorf("got exit %d, stderr %q; want %d naming the 8 operations not called", code, stderr.String(), exitFail)
	}
}

func TestMockWithoutCommandServesUntilInterrupted(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	pr, pw := io.Pipe()
	var stderr bytes.Buffer
	exited := make(chan exitCode, 1)
	go func() {
		exited <- Main(ctx, []string{"mock", "--format", "json"}, strings.NewReader(""), pw, &stderr)
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	if !lines.Scan() {
		t.Fatalf("no output; stderr %q", stderr.String())
	}
	base, ok := strings.CutPrefix(lines.Text(), "OPENAI_BASE_URL=")
	if !ok || !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("first line %q, want OPENAI_BASE_URL=http://127.0.0.1:PORT/v1", lines.Text())
	}
	rest := make(chan string, 1)
	go func() {
		var b strings.Builder
		for lines.Scan() {
			b.WriteString(lines.Text() + "\n")
		}
		rest <- b.String()
	}()
	req, _ := http.NewRequest("POST", base+"/threads/thread_x/runs/run_x/cancel", strings.NewReader(`{}`)) // a body on cancel
	req.Header.Set("Authorization", "Bearer sk-test")
	req.Header.Set("OpenAI-Beta", "assistants=v2")
	client := &http.Client{}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("request to the mock: %v", err)
	}
	resp.Body.Close()
	client.CloseIdleConnections()
	cancel()
	var code exitCode
	select {
	case code = <-exited:
	case <-time.After(20 * time.Second):
		t.Fatal("mock did not return after its context was cancelled")
	}
	if code != exitFail {
		t.Errorf("exit: got %d, want %d for a body on cancel; stderr %q", code, exitFail, stderr.String())
	}
	out := <-rest
	var rep conformance.Report
	if err := json.Unmarshal([]byte(out[strings.Index(out, "{"):]), &rep); err != nil {
		t.Fatalf("report after the prompt is not JSON: %v: %q", err, out)
	}
	if rep.ClientExitCode != nil || rep.Coverage.Operations[string(contract.OpCancel)] != 1 {
		t.Errorf("report: client exit %v, cancel count %d; want none and 1", rep.ClientExitCode, rep.Coverage.Operations[string(contract.OpCancel)])
	}
}
