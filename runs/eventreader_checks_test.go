package runs

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/fixtures"
)

const (
	doneEvent = "event: done\ndata: [DONE]\n\n"
	runEvent  = "event: thread.run.created\ndata: {\"id\":\"run_1\",\"object\":\"thread.run\"}\n\n"
)

func TestEventReaderBareDone(t *testing.T) {
	t.Parallel()
	in := runEvent + "data: [DONE]\n\n"
	for _, opts := range [][]EventReaderOption{nil, {SkipUnknownEvents()}} {
		er := NewEventReader(strings.NewReader(in), opts...)
		for er.Next() {
		}
		var fe *StreamFormatError
		var bare *BareDoneError
		if !errors.As(er.Err(), &fe) || fe.Index != 1 || fe.Offset != int64(len(runEvent)) || !errors.As(er.Err(), &bare) {
			t.Fatalf("got %v, want a *BareDoneError at event #1, byte %d", er.Err(), len(runEvent))
		}
		if msg := er.Err().Error(); !strings.Contains(msg, "[DONE]") || !strings.Contains(msg, "event: done") {
			t.Errorf("message: got %q, want it to name [DONE] and the missing event: done", msg)
		}
		if got := KindOf(er.Err()); got != KindUnknownEvent {
			t.Errorf("kind: got %q, want unknown_event", got)
		}
	}
}

func TestEventReaderCheckPayloads(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		in       string
		kind     string // the *PayloadError's Kind; "" for none
		pointers []string
	}{
		{"empty run", "event: thread.run.created\ndata: {}\n\n" + doneEvent, contract.ObjectRun, []string{"/id", "/object"}},
		{"wrong object", "event: thread.run.created\ndata: " + strings.Replace(fixtureData(t, "thread.run.created"), `"object":"thread.run"`, `"object":"thread.message"`, 1) + "\n\n" + doneEvent, contract.ObjectRun, []string{"/object"}},
		{"status outside the enum", "event: thread.run.created\ndata: " + strings.Replace(fixtureData(t, "thread.run.created"), `"status":"queued"`, `"status":"paused"`, 1) + "\n\n" + doneEvent, contract.ObjectRun, []string{"/status"}},
		{"error event without message", "event: error\ndata: {\"type\":\"server_error\",\"code\":null,\"param\":null}\n\n", contract.KindErrorObject, []string{"/message"}},
		{"well-formed run", "event: thread.run.created\ndata: " + fixtureData(t, "thread.run.created") + "\n\n" + doneEvent, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			er := NewEventReader(strings.NewReader(tt.in), CheckPayloads())
			for er.Next() {
			}
			var pe *PayloadError
			if tt.kind == "" {
				if er.Err() != nil {
					t.Fatalf("got %v, want no error", er.Err())
				}
				return
			}
			if !errors.As(er.Err(), &pe) || pe.Kind != tt.kind || KindOf(er.Err()) != KindPayload {
				t.Fatalf("got %v, want a *PayloadError of kind %s", er.Err(), tt.kind)
			}
			for _, p := range tt.pointers {
				if !strings.Contains(er.Err().Error(), p+":") {
					t.Errorf("message %q: want it to name %s", er.Err(), p)
				}
			}
			if er.Index() != -1 {
				t.Errorf("events before the failure: got %d, want none", er.Index()+1)
			}
		})
	}
}

// fixtureData returns the data line of the event fixture for name.
func fixtureData(t *testing.T, name string) string {
	t.Helper()
	data, err := fixtures.FS.ReadFile("events/" + name + ".sse")
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(data)) {
		if v, ok := strings.CutPrefix(line, "data: "); ok {
			return strings.TrimSuffix(v, "\n")
		}
	}
	t.Fatalf("no data line in %s", name)
	return ""
}

// Every well-formed fixture passes the payload checks.
func TestEventReaderCheckPayloadsFixtures(t *testing.T) {
	t.Parallel()
	for _, fx := range streamFixtures(t) {
		if fx.Outcome.Error != nil {
			continue
		}
		names, _, err := readAll(t, strings.NewReader(string(fx.Data)), CheckPayloads())
		if err != nil || len(names) != len(fx.Outcome.Events) {
			t.Errorf("%s: got %d events, %v; want %d events and no error", fx.Path, len(names), err, len(fx.Outcome.Events))
		}
	}
}

func TestEventReaderExpectEnd(t *testing.T) {
	t.Parallel()
	head := runEvent + doneEvent
	end := int64(len(head))
	tests := []struct {
		name     string
		in       string
		want     *TrailingDataError // nil for a clean end
		offset   int64
		event    string
		readFail bool
	}{
		{name: "clean end", in: head},
		{name: "event after done", in: head + runEvent, want: &TrailingDataError{Event: true}, offset: end, event: "thread.run.created"},
		{name: "event after a comment", in: head + ": hi\n\n" + runEvent, want: &TrailingDataError{Event: true}, offset: end + 6, event: "thread.run.created"}, // the event's own offset
		{name: "bare done after done", in: head + "data: [DONE]\n\n", want: &TrailingDataError{Event: true}, offset: end, event: "message"},
		{name: "blank line", in: head + "\n", want: &TrailingDataError{Bytes: 1}, offset: end},
		{name: "comment", in: head + ": keepalive\n", want: &TrailingDataError{Bytes: 12}, offset: end},
		{name: "partial comment", in: head + ": x", want: &TrailingDataError{Bytes: 3}, offset: end},
		{name: "partial field", in: head + "data: {", want: &TrailingDataError{Bytes: 7}, offset: end},
		{name: "read failure", in: head, readFail: true},
	}
	for _, tt := range tests {
		for how, reader := range chunkings {
			t.Run(tt.name+"/"+how, func(t *testing.T) {
				t.Parallel()
				r := reader([]byte(tt.in))
				if tt.readFail {
					r = io.MultiReader(r, iotest.ErrReader(io.ErrUnexpectedEOF))
				}
				er := NewEventReader(r)
				for er.Next() {
				}
				if er.Err() != nil {
					// The read failure may come before done is returned, in
					// which case done is not reached and there is no end to check.
					if tt.readFail {
						return
					}
					t.Fatalf("reading to done: %v", er.Err())
				}
				err := er.ExpectEnd()
				if tt.readFail {
					if !errors.Is(err, io.ErrUnexpectedEOF) || KindOf(err) != KindRead {
						t.Errorf("got %v, want the read failure", err)
					}
					return
				}
				if tt.want == nil {
					if err != nil {
						t.Errorf("got %v, want nil", err)
					}
					return
				}
				var fe *StreamFormatError
				var te *TrailingDataError
				if !errors.As(err, &fe) || !errors.As(err, &te) {
					t.Fatalf("got %v, want a *StreamFormatError over *TrailingDataError", err)
				}
				if *te != *tt.want || fe.Index != 2 || fe.Offset != tt.offset || fe.Event != tt.event {
					t.Errorf("got %+v at index %d, offset %d, event %q; want %+v at index 2, offset %d, event %q", *te, fe.Index, fe.Offset, fe.Event, *tt.want, tt.offset, tt.event)
				}
			})
		}
	}
	t.Run("before done", func(t *testing.T) {
		t.Parallel()
		er := NewEventReader(strings.NewReader(runEvent))
		er.Next()
		if err := er.ExpectEnd(); err == nil {
			t.Error("got nil, want an error: the reader is not at done")
		}
	})
}
