package streamcheck_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"

	"github.com/runsuite/runsuite/fixtures"
	"github.com/runsuite/runsuite/runs"
	"github.com/runsuite/runsuite/runs/streamcheck"
	"github.com/runsuite/runsuite/sse"
)

// fixture returns a fixture file's bytes.
func fixture(t *testing.T, path string) string {
	t.Helper()
	b, err := fixtures.FS.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// check runs a Checker over in to its end and returns the listed event
// names, the summary and the error.
func check(t *testing.T, in string, opts streamcheck.Options) ([]string, streamcheck.Summary, error) {
	t.Helper()
	c := streamcheck.New(iotest.HalfReader(strings.NewReader(in)), opts)
	names := []string{}
	for c.Next() {
		ev := c.Event()
		if ev.Index != len(names) {
			t.Fatalf("event %s: got index %d, want %d", ev.Event, ev.Index, len(names))
		}
		names = append(names, ev.Event)
	}
	if c.Next() {
		t.Fatal("Next after the end: got true")
	}
	return names, c.Summary(), c.Err()
}

func TestCheckerVerdicts(t *testing.T) {
	t.Parallel()
	var (
		done     = "event: done\ndata: [DONE]\n\n"
		created  = fixture(t, "events/thread.run.created.sse")
		queued   = fixture(t, "events/thread.run.queued.sse")
		errEvent = fixture(t, "events/error.sse")
		head     = created + done
		strict   = streamcheck.DefaultOptions()
		trailing = streamcheck.Options{MaxEventSize: sse.DefaultMaxEventSize, AllowTrailing: true}
	)
	tests := []struct {
		name   string
		in     string
		opts   streamcheck.Options
		events []string
		kind   runs.ErrorKind // the failure's kind; "" when the stream conforms
		msg    string         // a part of the failure's message
		ended  string
	}{
		{name: "done", in: head, opts: strict, events: []string{"thread.run.created", "done"}, ended: streamcheck.EndedDone},
		{name: "error event", in: created + errEvent, opts: strict, events: []string{"thread.run.created", "error"}, ended: streamcheck.EndedError},
		{name: "empty run payload", in: "event: thread.run.created\ndata: {}\n\n" + done, opts: strict, events: []string{},
			kind: runs.KindPayload, msg: "event #0 (thread.run.created) at byte 0: payload is not a valid thread.run: /id: missing key"},
		{name: "error event without message", in: "event: error\ndata: {\"type\":\"server_error\",\"code\":null,\"param\":null}\n\n", opts: strict, events: []string{},
			kind: runs.KindPayload, msg: "/message: missing key"},
		{name: "event after done", in: head + queued, opts: strict, events: []string{"thread.run.created", "done"},
			kind: runs.KindTrailing, msg: fmt.Sprintf("event #2 (thread.run.queued) at byte %d: event after done", len(head))},
		{name: "blank line after done", in: head + "\n", opts: strict, events: []string{"thread.run.created", "done"},
			kind: runs.KindTrailing, msg: fmt.Sprintf("event #2 at byte %d: 1 byte after done", len(head))},
		{name: "event after done allowed", in: head + queued + "garbage", opts: trailing, events: []string{"thread.run.created", "done"}, ended: streamcheck.EndedDone},
		{name: "bare [DONE]", in: created + "data: [DONE]\n\n", opts: strict, events: []string{"thread.run.created"},
			kind: runs.KindUnknownEvent, msg: fmt.Sprintf(`event #1 (message) at byte %d: data: [DONE] without an "event: done" line`, len(created))},
		{name: "bare [DONE] with skip-unknown", in: created + "data: [DONE]\n\n", opts: streamcheck.Options{SkipUnknown: true, MaxEventSize: 1 << 20}, events: []string{"thread.run.created"},
			kind: runs.KindUnknownEvent, msg: "[DONE]"},
		{name: "max event size 0 counts as 64", in: head, opts: streamcheck.Options{}, events: []string{},
			kind: runs.KindTooLarge, msg: "event #0 at byte 0: sse: event at byte 0 exceeds the 64-byte limit"},
		{name: "missing done", in: created, opts: strict, events: []string{"thread.run.created"}, kind: runs.KindMissingDone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			names, sum, err := check(t, tt.in, tt.opts)
			if diff := cmp.Diff(tt.events, names); diff != "" {
				t.Errorf("listed events (-want +got):\n%s", diff)
			}
			if got := runs.KindOf(err); got != tt.kind {
				t.Fatalf("error kind: got %q (%v), want %q", got, err, tt.kind)
			}
			if sum.Events != len(names) || sum.Ended != tt.ended || sum.OK != (tt.kind == "") {
				t.Errorf("summary: got %+v, want %d events, ended %q, ok %v", sum, len(names), tt.ended, tt.kind == "")
			}
			if tt.kind == "" {
				return
			}
			var fe *runs.StreamFormatError
			if !errors.As(err, &fe) {
				t.Errorf("error: got %T, want *runs.StreamFormatError", err)
			}
			if !strings.Contains(err.Error(), tt.msg) || sum.Error != err.Error() {
				t.Errorf("message: got %q (summary %q), want it to contain %q", err, sum.Error, tt.msg)
			}
		})
	}
}

// Every well-formed fixture run conforms.
func TestCheckerFixtureRuns(t *testing.T) {
	t.Parallel()
	streams, err := fixtures.Runs()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range streams {
		if s.Outcome.Error != nil {
			continue
		}
		names, sum, err := check(t, string(s.Data), streamcheck.DefaultOptions())
		if err != nil || !sum.OK || len(names) != len(s.Outcome.Events) {
			t.Errorf("%s: got %d events, %+v, %v; want %d events and a conforming stream", s.Path, len(names), sum, err, len(s.Outcome.Events))
		}
	}
}

func TestCheckerLiveDeviations(t *testing.T) {
	t.Parallel()
	created := fixture(t, "events/thread.run.created.sse")
	if !strings.Contains(created, `"instructions":"`) {
		t.Fatal("fixture thread.run.created has no string instructions to null")
	}
	// The live API sent "instructions": null on runs (contract.LiveDeviations).
	live := strings.Replace(created, `"instructions":"`, `"instructions":null,"x_was":"`, 1) + "event: done\ndata: [DONE]\n\n"

	_, sum, err := check(t, live, streamcheck.DefaultOptions())
	if err != nil || !sum.OK || sum.LiveDeviations != 1 {
		t.Errorf("by default: got ok=%v deviations=%d err=%v, want ok, 1 deviation accepted", sum.OK, sum.LiveDeviations, err)
	}
	strict := streamcheck.DefaultOptions()
	strict.StrictPayloads = true
	_, sum, err = check(t, live, strict)
	var pe *runs.PayloadError
	if !errors.As(err, &pe) || sum.OK {
		t.Errorf("with StrictPayloads: got ok=%v err=%v, want a *runs.PayloadError", sum.OK, err)
	}
}
