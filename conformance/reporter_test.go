package conformance

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/runsuite/runsuite/contract"
)

// Run "go test ./conformance -run Reporter -update" to rewrite the golden
// files after a deliberate change of a report format.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files under testdata/")
	}
}

func updateGolden() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// sampleVerifyReport has a result of every status, evidence of every kind
// and characters each format must escape.
func sampleVerifyReport() *Report {
	r := &Report{
		SchemaVersion: SchemaVersion, Command: "verify", Target: "http://127.0.0.1:4010/v1",
		Started:      time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC),
		Duration:     2345 * time.Millisecond,
		Capabilities: map[Capability]bool{CapStreaming: true, CapToolCalls: true, CapFileSearch: false},
	}
	r.Add(
		Result{ID: "runs.create.object", Title: "Create returns a thread.run object", Side: SideServer, Level: LevelMust, Section: "§3.1", Status: StatusPass, Duration: 12 * time.Millisecond},
		Result{ID: "stream.done-last", Title: "The stream ends with done, and nothing follows", Side: SideServer, Level: LevelMust, Section: "§4.1", Status: StatusFail, Duration: 30 * time.Millisecond,
			Findings: []Finding{
				{Message: "an event follows done", Evidence: Evidence{Request: "POST /v1/threads/thread_1/runs", Status: 200, EventIndex: At(21), Expected: "end of stream", Got: "thread.run.completed"}},
				{Message: "body has <html> & \"quotes\" | pipes *stars*", Evidence: Evidence{Pointer: "/data/0/object", Expected: `"thread.run"`, Got: `"run"`}},
			}},
		Result{ID: "runs.list.first-last-ids", Title: "first_id and last_id match data", Side: SideServer, Level: LevelShould, Section: "§3.7", Status: StatusWarn, Duration: 8 * time.Millisecond,
			Findings: []Finding{{Message: "last_id differs", Evidence: Evidence{Request: "GET /v1/threads/thread_2/runs?limit=2", Status: 200, Pointer: "/last_id", Expected: `"run_b"`, Got: `"run_c"`}}}},
		Result{ID: "steps.include.file-search", Title: "include[] returns file_search content", Side: SideServer, Level: LevelMust, Section: "§3.2", Status: StatusSkip,
			Reason: "the target does not support file_search (declare it with --capabilities to run this check)"},
		Result{ID: "runs.cancel.terminal", Title: "Cancel is refused on a terminal run", Side: SideServer, Level: LevelMust, Section: "§9", Status: StatusError, Duration: 30 * time.Second,
			Reason: "check did not finish within 30s\nsecond line of the reason"},
	)
	return r
}

func sampleMockReport() *Report {
	code := 3
	r := &Report{
		SchemaVersion: SchemaVersion, Command: "mock", Target: "node flow.mjs",
		Started:  time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC),
		Duration: 1500 * time.Millisecond,
		Coverage: &Coverage{
			Operations: map[string]int{"runs.create": 2, "runs.create_stream_raw": 1, "runs.retrieve": 4},
			Events:     map[string]int{"thread.run.created": 3, "done": 1, "thread.run.novel": 1},
			Unmatched:  1,
		},
		ClientExitCode: &code,
	}
	r.Add(
		Result{ID: "client.header.beta", Title: "Every request sends OpenAI-Beta: assistants=v2", Side: SideClient, Level: LevelMust, Section: "§1.1", Status: StatusFail,
			Findings: []Finding{{Message: "OpenAI-Beta missing", Evidence: Evidence{Request: "GET /v1/threads/t/runs/r", Expected: "assistants=v2", Got: "(absent)"}}}},
		Result{ID: "client.include.encoding", Title: "include[] keeps its brackets and value", Side: SideClient, Level: LevelMust, Section: "§8", Status: StatusPass},
	)
	return r
}

func TestReportersMatchGoldenFiles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		golden string
		rep    Reporter
	}{
		{"verify.text.golden", NewTextReporter(sampleVerifyReport())},
		{"verify.color.golden", NewTextReporter(sampleVerifyReport(), WithColor(true))},
		{"verify.json.golden", NewJSONReporter(sampleVerifyReport())},
		{"verify.junit.golden", NewJUnitReporter(sampleVerifyReport())},
		{"verify.markdown.golden", NewMarkdownReporter(sampleVerifyReport())},
		{"mock.text.golden", NewTextReporter(sampleMockReport())},
		{"mock.json.golden", NewJSONReporter(sampleMockReport())},
		{"mock.junit.golden", NewJUnitReporter(sampleMockReport())},
		{"mock.markdown.golden", NewMarkdownReporter(sampleMockReport())},
		{"empty.text.golden", NewTextReporter(NewReportAt("verify", "nothing", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)))},
		{"empty.json.golden", NewJSONReporter(NewReportAt("verify", "nothing", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)))},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			if err := tt.rep(&buf); err != nil {
				t.Fatalf("reporter: %v", err)
			}
			checkGolden(t, filepath.Join("testdata", "reporter", tt.golden), buf.Bytes())
		})
	}
}

func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if updateGolden() {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run with -update to create it): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run with -update after a deliberate change)\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

func TestTextReporterColoursOnlyWhenAsked(t *testing.T) {
	t.Parallel()
	var plain, colour bytes.Buffer
	if err := NewTextReporter(sampleVerifyReport())(&plain); err != nil {
		t.Fatal(err)
	}
	if err := NewTextReporter(sampleVerifyReport(), WithColor(true))(&colour); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), "\x1b[") {
		t.Errorf("plain text report holds ANSI escapes:\n%q", plain.String())
	}
	if !strings.Contains(colour.String(), "\x1b[31mFAIL") {
		t.Errorf("coloured text report: got no red FAIL in\n%q", colour.String())
	}
	if IsTerminal(&plain) {
		t.Errorf("IsTerminal(bytes.Buffer): got true, want false")
	}
}

func TestReportVerdict(t *testing.T) {
	t.Parallel()
	zero, three := 0, 3
	tests := []struct {
		name     string
		statuses []Status
		exit     *int
		want     Verdict
	}{
		{"nothing", nil, nil, VerdictPass},
		{"passes, warnings and skips", []Status{StatusPass, StatusWarn, StatusSkip}, nil, VerdictPass},
		{"a failure", []Status{StatusPass, StatusFail}, nil, VerdictFail},
		{"an error", []Status{StatusPass, StatusError}, nil, VerdictIncomplete},
		{"a failure beats an error", []Status{StatusError, StatusFail}, nil, VerdictFail},
		{"client command succeeded", []Status{StatusPass}, &zero, VerdictPass},
		{"client command failed", []Status{StatusPass}, &three, VerdictFail},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := NewReport("verify", "x")
			r.ClientExitCode = tt.exit
			for _, s := range tt.statuses {
				r.Add(Result{ID: "a.b", Status: s})
			}
			if got := r.Verdict(); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
			if r.Summary.Total != len(tt.statuses) {
				t.Errorf("summary total: got %d, want %d", r.Summary.Total, len(tt.statuses))
			}
		})
	}
}

// failingWriter fails every write after n bytes.
type failingWriter struct{ n int }

var errWrite = errors.New("disk full")

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		n := w.n
		w.n = 0
		return n, errWrite
	}
	w.n -= len(p)
	return len(p), nil
}

func TestReportersReturnWriteErrors(t *testing.T) {
	t.Parallel()
	reporters := map[string]Reporter{
		"text":           NewTextReporter(sampleMockReport()),
		"json":           NewJSONReporter(sampleMockReport()),
		"junit":          NewJUnitReporter(sampleMockReport()),
		"markdown":       NewMarkdownReporter(sampleMockReport()),
		"rules":          NewRulesReporter(sampleChecks()),
		"rules markdown": NewRulesMarkdownReporter(sampleChecks()),
	}
	for name, rep := range reporters {
		for _, n := range []int{0, 40} {
			if err := rep(&failingWriter{n: n}); !errors.Is(err, errWrite) {
				t.Errorf("%s reporter on a writer failing after %d bytes: got %v, want %v", name, n, err, errWrite)
			}
		}
	}
}

// sampleChecks are checks as the rules reporters see them, not registered.
func sampleChecks() []Check {
	noop := func(context.Context, *T) {}
	inspect := func(*Request) []Finding { return nil }
	return []Check{
		{ID: "stream.done-last", Title: "The stream ends with done | nothing after", Side: SideServer, Level: LevelMust, Section: "§4.1",
			Operations: []contract.OperationID{contract.OpCreateStreamRaw}, Needs: []Capability{CapStreaming}, Run: noop},
		{ID: "runs.list.first-last-ids", Title: "first_id and last_id match data", Side: SideServer, Level: LevelShould, Section: "§3.7", Run: noop},
		{ID: "client.header.beta", Title: "OpenAI-Beta: assistants=v2 on every request", Side: SideClient, Level: LevelMust, Section: "§1.1", Inspect: inspect},
	}
}

func TestRulesReportersMatchGoldenFiles(t *testing.T) {
	t.Parallel()
	checks := sampleChecks()
	for name, rep := range map[string]Reporter{"rules.text.golden": NewRulesReporter(checks), "rules.markdown.golden": NewRulesMarkdownReporter(checks)} {
		var buf bytes.Buffer
		if err := rep(&buf); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkGolden(t, filepath.Join("testdata", "reporter", name), buf.Bytes())
	}
}
