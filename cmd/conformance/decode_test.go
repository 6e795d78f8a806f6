package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"

	"github.com/runsuite/runsuite/fixtures"
	"github.com/runsuite/runsuite/runs/streamcheck"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// allFixtures returns the run and malformed stream fixtures.
func allFixtures(tb testing.TB) []fixtures.Stream {
	tb.Helper()
	runs, err := fixtures.Runs()
	if err != nil {
		tb.Fatal(err)
	}
	malformed, err := fixtures.Malformed()
	if err != nil {
		tb.Fatal(err)
	}
	return append(runs, malformed...)
}

// fixtureArgs returns the decode arguments for fixture s in format, read
// from path.
func fixtureArgs(s fixtures.Stream, format, path string) []string {
	args := []string{"decode", "--format", format}
	if n := s.Outcome.MaxEventSize; n > 0 {
		args = append(args, "--max-event-size", strconv.Itoa(n))
	}
	return append(args, path)
}

// jsonlSummary is the last line of the jsonl output.
type jsonlSummary struct {
	Summary *streamcheck.Summary `json:"summary"`
}

// parseListing splits decode's output into the listed event names and the
// summary line, checking each line's shape.
func parseListing(tb testing.TB, format, stdout string) (names []string, summary string) {
	tb.Helper()
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if stdout == "" || !strings.HasSuffix(stdout, "\n") {
		tb.Fatalf("output %q: want newline-terminated lines", stdout)
	}
	summary, lines = lines[len(lines)-1], lines[:len(lines)-1]
	names = []string{}
	for i, line := range lines {
		switch format {
		case "text":
			f := strings.Fields(line)
			if len(f) != 5 || f[0] != fmt.Sprintf("#%d", i) || !strings.HasSuffix(f[4], "B") {
				tb.Fatalf("line %d: got %q, want #%d <event> <object> <id> <bytes>B", i, line, i)
			}
			names = append(names, f[1])
		case "jsonl":
			var ev streamcheck.Event
			if err := json.Unmarshal([]byte(line), &ev); err != nil || ev.Event == "" || ev.Bytes <= 0 {
				tb.Fatalf("line %d: got %q (%v), want an event object", i, line, err)
			}
			names = append(names, ev.Event)
		}
	}
	if format == "jsonl" {
		var s jsonlSummary
		if err := json.Unmarshal([]byte(summary), &s); err != nil || s.Summary == nil {
			tb.Fatalf("last line: got %q (%v), want a summary object", summary, err)
		}
	}
	return names, summary
}

// decodeVerdicts are the fixtures on which decode's verdict is stricter
// than the EventReader's outcome the fixture records: decode reads on after
// done (unless --allow-trailing).
var decodeVerdicts = map[string]*fixtures.OutcomeError{
	"malformed/events_after_done.sse": {Kind: "trailing", Index: 2},
}

func TestDecodeFixtures(t *testing.T) {
	t.Parallel()
	for _, s := range allFixtures(t) {
		if e, ok := decodeVerdicts[s.Path]; ok {
			s.Outcome.Error = e
		}
		path := writeTemp(t, filepath.Base(s.Path), s.Data)
		for _, format := range []string{"text", "jsonl"} {
			t.Run(s.Path+"/"+format, func(t *testing.T) {
				t.Parallel()
				got := runMain(t, t.Context(), nil, fixtureArgs(s, format, path)...)
				names, summary := parseListing(t, format, got.stdout)
				if diff := cmp.Diff(s.Outcome.Events, names); diff != "" {
					t.Errorf("listed events (-want +got):\n%s", diff)
				}
				if s.Outcome.Error == nil {
					if got.code != exitOK || got.stderr != "" {
						t.Errorf("got exit %d, stderr %q; want exit 0 and no stderr", got.code, got.stderr)
					}
					if format == "text" && !strings.Contains(summary, "ended with") {
						t.Errorf("summary: got %q, want it to say how the stream ended", summary)
					}
					return
				}
				if got.code != exitFail {
					t.Errorf("exit code: got %d, want %d (stderr %q)", got.code, exitFail, got.stderr)
				}
				wantMsg := fmt.Sprintf("conformance: event #%d ", s.Outcome.Error.Index)
				if !strings.HasPrefix(got.stderr, wantMsg) || strings.Count(got.stderr, "\n") != 1 {
					t.Errorf("stderr: got %q, want one line starting %q", got.stderr, wantMsg)
				}
			})
		}
	}
}

func TestDecodeSummary(t *testing.T) {
	t.Parallel()
	tests := []struct {
		fixture string
		args    []string
		want    streamcheck.Summary
	}{
		{"runs/text_reply.sse", nil, streamcheck.Summary{Events: 21, Bytes: 9749, Ended: "done", OK: true}},
		{"runs/error_event.sse", nil, streamcheck.Summary{Events: 4, Ended: "error", OK: true}},
		{"malformed/unknown_event_name.sse", []string{"--skip-unknown"}, streamcheck.Summary{Events: 2, Bytes: 1114, Skipped: 1, Ended: "done", OK: true}},
		{"malformed/unknown_event_name.sse", nil, streamcheck.Summary{
			Events: 1, Bytes: 1088,
			Error: `event #1 (thread.run.paused) at byte 1088: unknown event "thread.run.paused"`,
		}},
		{"malformed/huge_line_over_cap.sse", []string{"--max-event-size", "1024"}, streamcheck.Summary{
			Events: 1, Error: "event #1 at byte ",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture+strings.Join(tt.args, ""), func(t *testing.T) {
			t.Parallel()
			data, err := fixtures.FS.ReadFile(tt.fixture)
			if err != nil {
				t.Fatal(err)
			}
			args := append(append([]string{"decode", "--format", "jsonl"}, tt.args...), "-")
			got := runMain(t, t.Context(), bytes.NewReader(data), args...)
			_, line := parseListing(t, "jsonl", got.stdout)
			var s jsonlSummary
			if err := json.Unmarshal([]byte(line), &s); err != nil {
				t.Fatal(err)
			}
			// Bytes and Error are only checked where the test states them.
			if tt.want.Bytes == 0 {
				s.Summary.Bytes = 0
			}
			if strings.HasPrefix(s.Summary.Error, tt.want.Error) {
				s.Summary.Error = tt.want.Error
			}
			if diff := cmp.Diff(tt.want, *s.Summary); diff != "" {
				t.Errorf("summary (-want +got):\n%s", diff)
			}
			if wantCode := map[bool]exitCode{true: exitOK, false: exitFail}[tt.want.OK]; got.code != wantCode {
				t.Errorf("exit code: got %d, want %d", got.code, wantCode)
			}
		})
	}
}

func TestDecodeStdin(t *testing.T) {
	t.Parallel()
	data, err := fixtures.FS.ReadFile("runs/text_reply.sse")
	if err != nil {
		t.Fatal(err)
	}
	path := writeTemp(t, "text_reply.sse", data)
	for _, format := range []string{"text", "jsonl"} {
		t.Run(format, func(t *testing.T) {
			t.Parallel()
			want := runMain(t, t.Context(), nil, "decode", "--format", format, path)
			stdins := []struct {
				name string
				r    io.Reader
			}{
				{"whole", bytes.NewReader(data)},
				{"one byte at a time", iotest.OneByteReader(bytes.NewReader(data))},
				{"with read errors", iotest.DataErrReader(bytes.NewReader(data))},
			}
			for _, stdin := range stdins {
				got := runMain(t, t.Context(), stdin.r, "decode", "--format", format, "-")
				if diff := cmp.Diff(want, got, cmp.AllowUnexported(result{})); diff != "" {
					t.Errorf("stdin read %s vs file (-file +stdin):\n%s", stdin.name, diff)
				}
			}
		})
	}
}

func TestDecodeGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		golden  string
		fixture string
		format  string
	}{
		{"text_reply.text", "runs/text_reply.sse", "text"},
		{"text_reply.jsonl", "runs/text_reply.sse", "jsonl"},
		{"unknown_event_name.text", "malformed/unknown_event_name.sse", "text"},
		{"unknown_event_name.jsonl", "malformed/unknown_event_name.sse", "jsonl"},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			t.Parallel()
			data, err := fixtures.FS.ReadFile(tt.fixture)
			if err != nil {
				t.Fatal(err)
			}
			got := runMain(t, t.Context(), nil, "decode", "--format", tt.format, writeTemp(t, "stream.sse", data))
			// The golden file holds the exit code and stderr, then stdout.
			out := fmt.Sprintf("exit %d\nstderr: %s\n%s", got.code, strings.TrimSuffix(got.stderr, "\n"), got.stdout)
			path := filepath.Join("testdata", tt.golden+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), out); diff != "" {
				t.Errorf("output differs from %s (-want +got):\n%s", path, diff)
			}
		})
	}
}

// TestDecodeVerdicts: decode fails streams whose payloads break the
// catalogue or that go on after done, names a bare [DONE], and applies
// --max-event-size 0 as its help says (issue 8 item 10).
func TestDecodeVerdicts(t *testing.T) {
	t.Parallel()
	read := func(path string) string {
		b, err := fixtures.FS.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	var (
		done    = "event: done\ndata: [DONE]\n\n"
		created = read("events/thread.run.created.sse")
		reply   = read("runs/text_reply.sse")
	)
	tests := []struct {
		name   string
		stdin  string
		args   []string
		code   exitCode
		stderr string // the start of stderr's one line; "" for none
	}{
		{"empty run payload", "event: thread.run.created\ndata: {}\n\n" + done, nil, exitFail,
			"conformance: event #0 (thread.run.created) at byte 0: payload is not a valid thread.run: /id: missing key"},
		{"error event without type", "event: error\ndata: {\"message\":\"boom\",\"code\":null,\"param\":null}\n\n", nil, exitFail,
			"conformance: event #0 (error) at byte 0: payload is not a valid error.object: /type: missing key"},
		{"event after done", reply + created, nil, exitFail,
			fmt.Sprintf("conformance: event #21 (thread.run.created) at byte %d: event after done", len(reply))},
		{"bytes after done", reply + ": bye\n", nil, exitFail,
			fmt.Sprintf("conformance: event #21 at byte %d: 6 bytes after done", len(reply))},
		{"event after done, allowed", reply + created + "garbage", []string{"--allow-trailing"}, exitOK, ""},
		{"bare [DONE]", created + "data: [DONE]\n\n", nil, exitFail,
			fmt.Sprintf(`conformance: event #1 (message) at byte %d: data: [DONE] without an "event: done" line`, len(created))},
		{"--max-event-size 0 counts as 64", reply, []string{"--max-event-size", "0"}, exitFail,
			"conformance: event #0 at byte 0: sse: event at byte 0 exceeds the 64-byte limit"},
		{"--max-event-size 1142 fits the largest event", created + done, []string{"--max-event-size", "1142"}, exitOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			args := append(append([]string{"decode"}, tt.args...), "-")
			got := runMain(t, t.Context(), strings.NewReader(tt.stdin), args...)
			if got.code != tt.code {
				t.Errorf("exit code: got %d, want %d (stderr %q)", got.code, tt.code, got.stderr)
			}
			if tt.stderr == "" && got.stderr != "" || !strings.HasPrefix(got.stderr, tt.stderr) || strings.Count(got.stderr, "\n") > 1 {
				t.Errorf("stderr: got %q, want one line starting %q", got.stderr, tt.stderr)
			}
			parseListing(t, "text", got.stdout)
		})
	}
}

// failingWriter fails every write after the first n bytes.
type failingWriter struct{ n int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		n := w.n
		w.n = 0
		return n, errors.New("disk full")
	}
	w.n -= len(p)
	return len(p), nil
}

func TestDecodeWriteError(t *testing.T) {
	t.Parallel()
	data, err := fixtures.FS.ReadFile("runs/text_reply.sse")
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"text", "jsonl"} {
		full := runMain(t, t.Context(), bytes.NewReader(data), "decode", "--format", format, "-").stdout
		for _, limit := range []int{0, 100, len(full) - 1} { // first line, mid-listing, summary
			t.Run(fmt.Sprintf("%s after %d bytes", format, limit), func(t *testing.T) {
				t.Parallel()
				var stderr bytes.Buffer
				code := Main(t.Context(), []string{"decode", "--format", format, "-"}, bytes.NewReader(data), &failingWriter{limit}, &stderr)
				if code != exitUsage {
					t.Errorf("exit code: got %d, want %d", code, exitUsage)
				}
				if want := "conformance: write output: disk full\n"; stderr.String() != want {
					t.Errorf("stderr: got %q, want %q", stderr.String(), want)
				}
			})
		}
	}
}

func TestContextReader(t *testing.T) {
	t.Parallel()
	content := []byte("event: done\ndata: [DONE]\n\n")
	if err := iotest.TestReader(newContextReader(t.Context(), bytes.NewReader(content)), content); err != nil {
		t.Error(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if n, err := newContextReader(ctx, bytes.NewReader(content)).Read(make([]byte, 8)); n != 0 || err != context.Canceled {
		t.Errorf("Read after cancel: got %d, %v; want 0, %v", n, err, context.Canceled)
	}
}

// FuzzDecode checks that decode never panics, exits 0 or 1 for any input
// read from stdin, and prints one line per event plus a summary.
func FuzzDecode(f *testing.F) {
	for _, s := range allFixtures(f) {
		f.Add(s.Data, s.Outcome.MaxEventSize, false)
	}
	f.Add([]byte("event: thread.run.paused\ndata: {}\n\nevent: done\ndata: [DONE]\n\n"), 0, true)
	f.Fuzz(func(t *testing.T, data []byte, maxEventSize int, skipUnknown bool) {
		args := []string{"decode"}
		if maxEventSize > 0 && maxEventSize <= 1<<20 { // otherwise the default cap
			args = append(args, "--max-event-size", strconv.Itoa(maxEventSize))
		}
		if skipUnknown {
			args = append(args, "--skip-unknown")
		}
		got := runMain(t, context.Background(), bytes.NewReader(data), append(args, "-")...)
		switch got.code {
		case exitOK:
			if got.stderr != "" {
				t.Errorf("exit 0 with stderr %q", got.stderr)
			}
		case exitFail:
			if !strings.HasPrefix(got.stderr, "conformance: event #") {
				t.Errorf("exit 1 with stderr %q, want conformance: event #…", got.stderr)
			}
		default:
			t.Fatalf("exit %d, want 0 or 1 (stderr %q)", got.code, got.stderr)
		}
		parseListing(t, "text", got.stdout)
	})
}
