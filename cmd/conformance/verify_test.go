package main

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/runsuite/runsuite/conformance"
	"github.com/runsuite/runsuite/emulator"
)

// closedBaseURL returns a loopback base URL nothing listens on.
func closedBaseURL(tb testing.TB) string {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	u := "http://" + l.Addr().String() + "/v1"
	l.Close()
	return u
}

func TestVerifyPassesOnTheEmbeddedEmulator(t *testing.T) {
	t.Parallel()
	junit := filepath.Join(t.TempDir(), "report.xml")
	res := runMain(t, t.Context(), nil, "verify", "--format", "json", "--junit", junit)
	if res.code != exitOK {
		t.Fatalf("exit code: got %d, want %d\nstderr: %s\nstdout: %s", res.code, exitOK, res.stderr, res.stdout)
	}
	var report struct {
		conformance.Report
		Verdict conformance.Verdict `json:"verdict"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &report); err != nil {
		t.Fatalf("stdout is not a JSON report: %v\n%s", err, res.stdout)
	}
	want := len(conformance.ServerChecks())
	if report.Summary.Total != want || report.Summary.Pass != want || report.Verdict != conformance.VerdictPass {
		t.Errorf("summary: got %+v verdict %s, want all %d passed", report.Summary, report.Verdict, want)
	}
	if !strings.HasPrefix(report.Target, "embedded emulator at http://127.0.0.1:") {
		t.Errorf("target: got %q, want the embedded emulator on loopback", report.Target)
	}
	for _, c := range conformance.Capabilities() {
		if !report.Capabilities[c] {
			t.Errorf("capability %s: got false, want the emulator's true", c)
		}
	}
	data, err := os.ReadFile(junit)
	if err != nil {
		t.Fatalf("--junit file: %v", err)
	}
	var suites struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Suites   []struct {
			Cases []struct {
				Name string `xml:"name,attr"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(data, &suites); err != nil {
		t.Fatalf("--junit file is not XML: %v", err)
	}
	if suites.Tests != want || suites.Failures != 0 || len(suites.Suites) != 1 || len(suites.Suites[0].Cases) != want {
		t.Errorf("junit: got %d tests, %d failures, %d suites, want %d tests in one suite", suites.Tests, suites.Failures, len(suites.Suites), want)
	}
}

// breakErrorEnvelopes serves h, but answers every error with a body that
// is not the {"error": {...}} envelope; successes pass untouched, so the
// target can still be set up and discovered.
func breakErrorEnvelopes(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		if rec.Code >= 400 {
			body = []byte(`{"message":"something went wrong"}`)
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Del("Content-Length")
		w.WriteHeader(rec.Code)
		w.Write(body) //nolint:errcheck // test server
	})
}

func TestVerifyFailsOnABrokenServer(t *testing.T) {
	t.Parallel()
	emu := emulator.NewUnstartedServer()
	srv := httptest.NewServer(breakErrorEnvelopes(emu.Handler()))
	t.Cleanup(func() { srv.Close(); emu.Close() })
	res := runMain(t, t.Context(), nil, "verify", "--base-url", srv.URL+"/v1", "--api-key", "sk-test", "--capabilities", "none")
	if res.code != exitFail {
		t.Fatalf("exit code: got %d, want %d\nstderr: %s\nstdout: %s", res.code, exitFail, res.stderr, res.stdout)
	}
	if !regexp.MustCompile(`(?m)^FAIL +\S+ +\S.*\n {6}- \S`).MatchString(res.stdout) {
		t.Errorf("stdout has no FAIL line with evidence under it:\n%s", res.stdout)
	}
	if !strings.Contains(res.stderr, "checks failed") {
		t.Errorf("stderr: got %q, want the count of failed checks", res.stderr)
	}
}

func TestVerifyCannotRun(t *testing.T) {
	t.Parallel()
	closed := closedBaseURL(t)
	tests := []struct {
		name string
		args []string
		want string // in stderr
	}{
		{"unreachable", []string{"verify", "--base-url", closed}, "did not answer"},
		{"unreachable, capabilities declared", []string{"verify", "--base-url", closed, "--capabilities", "streaming"}, "did not answer"},
		{"password hidden", []string{"verify", "--base-url", "http://user:hunter2@" + strings.TrimPrefix(closed, "http://")}, "user:xxxxx@"},
		{"not http", []string{"verify", "--base-url", "ftp://127.0.0.1/v1"}, "--base-url"},
		{"relative URL", []string{"verify", "--base-url", "127.0.0.1:4010/v1"}, "--base-url"},
		{"no parallelism", []string{"verify", "--parallel", "0"}, "--parallel"},
		{"not a number", []string{"verify", "--parallel", "many"}, "--parallel"},
		{"no timeout", []string{"verify", "--timeout", "0s"}, "--timeout"},
		{"unknown format", []string{"verify", "--format", "xml"}, `"xml"`},
		{"bad --run", []string{"verify", "--run", "("}, "--run"},
		{"bad --skip", []string{"verify", "--skip", "[a"}, "--skip"},
		{"nothing selected", []string{"verify", "--run", "^no-such-check$"}, "no server check matches"},
		{"unknown capability", []string{"verify", "--capabilities", "streaming,telepathy"}, "telepathy"},
		{"arguments", []string{"verify", "now"}, "got 1 argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := runMain(t, t.Context(), nil, tt.args...)
			if res.code != exitUsage {
				t.Fatalf("exit code: got %d, want %d\nstderr: %s", res.code, exitUsage, res.stderr)
			}
			if !strings.Contains(res.stderr, tt.want) {
				t.Errorf("stderr: got %q, want it to mention %q", res.stderr, tt.want)
			}
			if strings.Contains(res.stderr, "hunter2") || strings.Contains(res.stdout, "hunter2") {
				t.Errorf("the password of the base URL was printed")
			}
		})
	}
}

func TestVerifyJUnitWriteFailureIsAHarnessError(t *testing.T) {
	t.Parallel()
	id := conformance.ServerChecks()[0].ID
	res := runMain(t, t.Context(), nil, "verify", "--run", "^"+regexp.QuoteMeta(id)+"$", "--junit", filepath.Join(t.TempDir(), "missing", "r.xml"))
	if res.code != exitUsage || !strings.Contains(res.stderr, "report file") {
		t.Errorf("got exit %d, stderr %q; want %d naming the report file", res.code, res.stderr, exitUsage)
	}
}

func TestVerifyMarkdownAndSelection(t *testing.T) {
	t.Parallel()
	checks := conformance.ServerChecks()
	first, second := checks[0].ID, checks[1].ID
	res := runMain(t, t.Context(), nil, "verify", "--format", "markdown", "--parallel", "1",
		"--run", "^("+regexp.QuoteMeta(first)+"|"+regexp.QuoteMeta(second)+")$", "--skip", "^"+regexp.QuoteMeta(second)+"$")
	if res.code != exitOK {
		t.Fatalf("exit code: got %d, want %d\nstderr: %s", res.code, exitOK, res.stderr)
	}
	if !strings.HasPrefix(res.stdout, "## conformance verify: PASS") || !strings.Contains(res.stdout, "**1 checks:**") {
		t.Errorf("markdown report of one selected check: got\n%s", res.stdout)
	}
	if !strings.Contains(res.stdout, "`"+first+"`") || strings.Contains(res.stdout, "`"+second+"`") {
		t.Errorf("--run/--skip: want only %s in\n%s", first, res.stdout)
	}
}

// The environment gives defaults that flags override; t.Setenv forbids
// t.Parallel.
func TestVerifyEnvironment(t *testing.T) {
	t.Setenv(conformance.EnvBaseURL, closedBaseURL(t))
	res := runMain(t, t.Context(), nil, "verify")
	if res.code != exitUsage || !strings.Contains(res.stderr, "did not answer") {
		t.Errorf("%s at a closed port: got exit %d, stderr %q; want %d, did not answer", conformance.EnvBaseURL, res.code, res.stderr, exitUsage)
	}
	t.Setenv(conformance.EnvCapabilities, "bogus")
	res = runMain(t, t.Context(), nil, "verify", "--base-url", closedBaseURL(t))
	if res.code != exitUsage || !strings.Contains(res.stderr, conformance.EnvCapabilities) {
		t.Errorf("bad %s: got exit %d, stderr %q; want %d naming the variable", conformance.EnvCapabilities, res.code, res.stderr, exitUsage)
	}
	emu := emulator.NewServer()
	t.Cleanup(emu.Close)
	id := conformance.ServerChecks()[0].ID
	res = runMain(t, t.Context(), nil, "verify", "--base-url", emu.BaseURL(), "--capabilities", "none", "--run", "^"+regexp.QuoteMeta(id)+"$")
	if res.code != exitOK {
		t.Errorf("flags over the environment: got exit %d, stderr %q; want %d", res.code, res.stderr, exitOK)
	}
	if !strings.Contains(res.stdout, "streaming no") {
		t.Errorf("declared capabilities: want 'streaming no' in\n%s", res.stdout)
	}
}

func TestVerifyInterrupted(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	res := runMain(t, ctx, nil, "verify")
	if res.code != exitInterrupted {
		t.Errorf("exit code with a cancelled context: got %d, want %d; stderr %q", res.code, exitInterrupted, res.stderr)
	}
}
