package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/runsuite/runsuite/loadgen"
)

// runLoadMain runs the command line args and returns the exit status, stdout
// and stderr.
func runLoadMain(t *testing.T, ctx context.Context, args ...string) (exitCode, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Main(ctx, args, strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestLoadWritesReports(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	results := filepath.Join(dir, "results.jsonl")
	code, stdout, stderr := runLoadMain(t, t.Context(), "load", "--workers", "2", "--max-runs", "6", "--duration", "0",
		"--scenario", "stream,tool-roundtrip", "--deltas", "4", "--out", dir, "--results", results, "--progress", "lines", "--max-errors", "0")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if !strings.Contains(stdout, "# runsuite load report") || !strings.Contains(stdout, "| 6 | 6 | 0 |") {
		t.Errorf("stdout is not the Markdown report of 6 good runs:\n%s", stdout)
	}
	for _, name := range []string{"load.json", "load.md", "load.html"} {
		if st, err := os.Stat(filepath.Join(dir, name)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", name, err)
		}
	}
	m, err := readMetricsFile(filepath.Join(dir, "load.json"))
	if err != nil {
		t.Fatal(err)
	}
	if m.Runs != 6 || m.OK != 6 || m.Scenarios[loadgen.ScenarioToolRoundtrip]+m.Scenarios[loadgen.ScenarioStream] != 6 {
		t.Errorf("got %d runs, %d ok, scenarios %v", m.Runs, m.OK, m.Scenarios)
	}
	f, err := os.Open(results)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	for _, err := range loadgen.DecodeResults(f) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 6 {
		t.Errorf("got %d results in %s, want 6", n, results)
	}

	// The result renders, compares with itself without regression, and
	// merges.
	if code, out, errs := runLoadMain(t, t.Context(), "report", "--compare", filepath.Join(dir, "load.json"), filepath.Join(dir, "load.json")); code != exitOK || !strings.Contains(out, "No regression") {
		t.Errorf("report --compare itself: exit %d, stderr %q\n%s", code, errs, out)
	}
	html := filepath.Join(dir, "again.html")
	if code, _, errs := runLoadMain(t, t.Context(), "report", "--format", "html", "-o", html, filepath.Join(dir, "load.json")); code != exitOK {
		t.Errorf("report --format html: exit %d, stderr %q", code, errs)
	} else if b, err := os.ReadFile(html); err != nil || !bytes.Contains(b, []byte("<svg")) {
		t.Errorf("html report: %v, has svg %v", err, bytes.Contains(b, []byte("<svg")))
	}
}

func TestLoadMaxErrorsExitsOne(t *testing.T) {
	t.Parallel()
	// A run timeout far below what a paused stream takes fails every run.
	code, _, stderr := runLoadMain(t, t.Context(), "load", "--workers", "1", "--max-runs", "2", "--duration", "0",
		"--deltas", "3", "--pause", "200ms", "--timeout", "50ms", "--max-errors", "0", "--progress", "none")
	if code != exitFail || !strings.Contains(stderr, "--max-errors") {
		t.Errorf("exit %d, stderr %q; want 1 naming --max-errors", code, stderr)
	}
}

func TestLoadFaultsAreCounted(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	code, _, stderr := runLoadMain(t, t.Context(), "load", "--workers", "2", "--max-runs", "6", "--duration", "0", "--deltas", "5",
		"--fault-reset", "1", "--out", dir, "--progress", "none")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	m, err := readMetricsFile(filepath.Join(dir, "load.json"))
	if err != nil {
		t.Fatal(err)
	}
	if m.Errors[loadgen.KindReset] != 6 {
		t.Errorf("got errors %v, want 6 resets", m.Errors)
	}
}

func TestLoadInterruptStillReports(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	time.AfterFunc(500*time.Millisecond, cancel) // as SIGINT cancels the command's context
	code, stdout, stderr := runLoadMain(t, ctx, "load", "--workers", "2", "--duration", "1m", "--deltas", "3", "--pause", "5ms",
		"--stop-grace", "2s", "--out", dir, "--progress", "none")
	if code != exitInterrupted {
		t.Errorf("exit %d, stderr %q; want %d", code, stderr, exitInterrupted)
	}
	m, err := readMetricsFile(filepath.Join(dir, "load.json"))
	if err != nil {
		t.Fatalf("no report after the interrupt: %v", err)
	}
	if !m.Interrupted || m.Runs == 0 || m.ErrorCount() != 0 || !strings.Contains(stdout, "(interrupted)") {
		t.Errorf("got interrupted %v, %d runs, errors %v", m.Interrupted, m.Runs, m.Errors)
	}
}

func TestLoadUsageErrors(t *testing.T) {
	t.Parallel()
	tests := [][]string{
		{"load", "--scenario", "bogus"},
		{"load", "--client", "curl"},
		{"load", "--shard", "3/2"},
		{"load", "--shard", "x"},
		{"load", "--duration", "0"},
		{"load", "--base-url", "http://example.com/v1"},
		{"load", "--progress", "loud"},
		{"load", "--fault-reset", "2"},
		{"load", "--fault-reset", "0.5", "--base-url", "http://127.0.0.1:1/v1"},
		{"load", "extra"},
		{"report"},
		{"report", "--format", "pdf", "x.json"},
		{"report", "does-not-exist.json"},
		{"report", "merge", "a.json"},
	}
	for _, args := range tests {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			if code, _, stderr := runLoadMain(t, t.Context(), args...); code != exitUsage {
				t.Errorf("exit %d, stderr %q; want %d", code, stderr, exitUsage)
			}
		})
	}
}

func TestReportMergeAndRegression(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var shards []string
	for i := range 2 {
		out := filepath.Join(dir, "shard"+string(rune('0'+i)))
		code, _, stderr := runLoadMain(t, t.Context(), "load", "--shard", string(rune('0'+i))+"/2", "--workers", "4", "--max-runs", "8",
			"--duration", "0", "--deltas", "3", "--seed", "5", "--out", out, "--progress", "none")
		if code != exitOK {
			t.Fatalf("shard %d: exit %d, stderr %q", i, code, stderr)
		}
		shards = append(shards, filepath.Join(out, "load.json"))
	}
	merged := filepath.Join(dir, "merged.json")
	code, stdout, stderr := runLoadMain(t, t.Context(), append([]string{"report", "merge", "-o", merged}, shards...)...)
	if code != exitOK || !strings.Contains(stdout, "2 shard(s): 8 runs") {
		t.Fatalf("merge: exit %d, stderr %q, stdout %q", code, stderr, stdout)
	}
	if code, _, _ := runLoadMain(t, t.Context(), "report", "merge", "-o", filepath.Join(dir, "twice.json"), shards[0], shards[0]); code != exitUsage {
		t.Errorf("merging a shard twice: exit %d, want %d", code, exitUsage)
	}

	// A baseline claiming ten times the events/s makes the merged result a
	// regression.
	m, err := readMetricsFile(merged)
	if err != nil {
		t.Fatal(err)
	}
	m.EventsPerSecond *= 10
	base := filepath.Join(dir, "baseline.json")
	if err := writeFileWith(base, loadgen.NewJSONReporter(m)); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = runLoadMain(t, t.Context(), "report", "--compare", base, merged)
	if code != exitFail || !strings.Contains(stdout, "**regression**") {
		t.Errorf("exit %d, stderr %q; want 1 and a regression in\n%s", code, stderr, stdout)
	}
}
