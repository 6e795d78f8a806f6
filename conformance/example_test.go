package conformance_test

import (
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"regexp"
	"testing"
	"time"

	"github.com/runsuite/runsuite/conformance"
	"github.com/runsuite/runsuite/emulator"
)

// Verify a server from Go: discover what it supports, run the server
// checks, and write the report.
func ExampleRun() {
	srv := emulator.NewServer() // the server under test; any base URL will do
	defer srv.Close()
	ctx := context.Background()

	cfg := conformance.NewConfig()
	cfg.Target = conformance.Target{BaseURL: srv.BaseURL(), HTTPClient: srv.Client()}
	caps, err := conformance.Discover(ctx, cfg.Target)
	if err != nil {
		fmt.Println(err) // the target did not answer: not a failed check
		return
	}
	checks := conformance.Select(conformance.ServerChecks(), regexp.MustCompile(`^stream\.`), nil)
	report := conformance.NewReport("verify", srv.BaseURL())
	report.Capabilities = caps
	report.Add(conformance.Run(ctx, cfg, caps, checks)...)
	if err := conformance.NewJUnitReporter(report)(io.Discard); err != nil { // a file, in CI
		fmt.Println(err)
	}
	fmt.Println(report.Verdict(), report.Summary.Fail)
	// Output: pass 0
}

// Discover finds a server's optional capabilities by trying them.
func ExampleDiscover() {
	srv := emulator.NewServer()
	defer srv.Close()
	caps, err := conformance.Discover(context.Background(), conformance.Target{BaseURL: srv.BaseURL(), HTTPClient: srv.Client()})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range conformance.Capabilities() {
		fmt.Println(c, caps[c])
	}
	// Output:
	// streaming true
	// tool_calls true
	// file_search true
}

// A report is accumulated with Add and written by any Reporter.
func ExampleNewTextReporter() {
	report := conformance.NewReportAt("verify", "http://127.0.0.1:8080/v1", time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC))
	report.Add(
		conformance.Result{ID: "runs.create.object", Title: "Create returns a thread.run object", Status: conformance.StatusPass},
		conformance.Result{ID: "stream.done-last", Title: "The stream ends with done", Level: conformance.LevelMust, Section: "§4.1", Status: conformance.StatusFail,
			Findings: []conformance.Finding{{Message: "no done event", Evidence: conformance.Evidence{
				Request: "POST /v1/threads/thread_1/runs", Status: 200, EventIndex: conformance.At(20), Expected: "done", Got: "end of body"}}}},
	)
	report.Duration = 1500 * time.Millisecond
	if err := conformance.NewTextReporter(report)(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// conformance verify: http://127.0.0.1:8080/v1
	//
	// PASS  runs.create.object  Create returns a thread.run object
	// FAIL  stream.done-last    The stream ends with done (MUST §4.1)
	//       - no done event [POST /v1/threads/thread_1/runs -> 200] event #20: expected done, got end of body
	//
	// 2 checks: 1 passed, 1 failed, 0 warned, 0 skipped, 0 errored in 1.5s: fail
}

// In a Go test, Test runs every server check as a subtest against your
// server (here an httptest server over your handler).
func ExampleTest() {
	testServer := func(t *testing.T) {
		emu := emulator.NewUnstartedServer()
		t.Cleanup(emu.Close)
		srv := httptest.NewServer(emu.Handler()) // your handler here
		t.Cleanup(srv.Close)
		cfg := conformance.NewConfig()
		cfg.Target = conformance.Target{BaseURL: srv.URL + "/v1", HTTPClient: srv.Client()}
		conformance.Test(t, cfg)
	}
	_ = testServer // func TestMyServer(t *testing.T) { ... } in your package
}

// Verify is discovery, the run and the report in one call.
func ExampleVerify() {
	srv := emulator.NewServer()
	defer srv.Close()
	cfg := conformance.NewConfig()
	cfg.Target = conformance.Target{BaseURL: srv.BaseURL(), HTTPClient: srv.Client()}
	checks := conformance.Select(conformance.ServerChecks(), regexp.MustCompile(`^errors\.`), nil)
	report, err := conformance.Verify(context.Background(), cfg, checks, srv.BaseURL())
	if err != nil {
		fmt.Println(err) // *conformance.UnreachableError: nothing was judged
		return
	}
	fmt.Println(report.Verdict(), report.Summary.Total == len(checks))
	// Output: pass true
}
