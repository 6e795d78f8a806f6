package runs

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/fixtures"
	"github.com/runsuite/runsuite/sse"
)

// readAll decodes a whole stream and returns the event names and the
// outcome error.
func readAll(tb testing.TB, r io.Reader, opts ...EventReaderOption) ([]string, *fixtures.OutcomeError, error) {
	tb.Helper()
	er := NewEventReader(r, opts...)
	names := []string{}
	for er.Next() {
		ev := er.Event()
		if ev.Name != contract.EventDone && ev.Payload() == nil {
			tb.Fatalf("event %s has no payload", ev.Name)
		}
		names = append(names, string(ev.Name))
	}
	err := er.Err()
	if err == nil {
		return names, nil, nil
	}
	var sfe *StreamFormatError
	if !errors.As(err, &sfe) {
		tb.Fatalf("error %v is not a *StreamFormatError", err)
	}
	if er.Event().Name != "" {
		tb.Fatalf("reader holds event %s together with error %v", er.Event().Name, err)
	}
	return names, &fixtures.OutcomeError{Kind: string(KindOf(err)), Index: sfe.Index}, err
}

func streamFixtures(tb testing.TB) []fixtures.Stream {
	tb.Helper()
	runs, err := fixtures.Runs()
	if err != nil {
		tb.Fatal(err)
	}
	bad, err := fixtures.Malformed()
	if err != nil {
		tb.Fatal(err)
	}
	return append(runs, bad...)
}

// chunkings feed a stream to the reader in different ways: the outcome must
// not depend on how the bytes arrive.
var chunkings = map[string]func([]byte) io.Reader{
	"whole":    func(b []byte) io.Reader { return bytes.NewReader(b) },
	"one byte": func(b []byte) io.Reader { return iotest.OneByteReader(bytes.NewReader(b)) },
	"half":     func(b []byte) io.Reader { return iotest.HalfReader(bytes.NewReader(b)) },
	"7 bytes":  func(b []byte) io.Reader { return &chunkReader{b: b, n: 7} },
}

type chunkReader struct {
	b []byte
	n int
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if len(c.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), c.n)], c.b)
	c.b = c.b[n:]
	return n, nil
}

func TestEventReaderFixtureOutcomes(t *testing.T) {
	t.Parallel()
	for _, fx := range streamFixtures(t) {
		for how, reader := range chunkings {
			t.Run(fx.Path+"/"+how, func(t *testing.T) {
				t.Parallel()
				var opts []EventReaderOption
				if fx.Outcome.MaxEventSize > 0 {
					opts = append(opts, LimitEventSize(fx.Outcome.MaxEventSize))
				}
				names, outcome, err := readAll(t, reader(fx.Data), opts...)
				if diff := cmp.Diff(fx.Outcome.Events, names); diff != "" {
					t.Errorf("events (-want +got):\n%s\nerror: %v", diff, err)
				}
				if diff := cmp.Diff(fx.Outcome.Error, outcome); diff != "" {
					t.Errorf("outcome (-want +got):\n%s\nerror: %v\n%s", diff, err, fx.Outcome.Description)
				}
			})
		}
	}
}

func TestEventReaderSkipUnknown(t *testing.T) {
	t.Parallel()
	in := "event: thread.run.paused\ndata: {}\n\nevent: done\ndata: [DONE]\n\n"
	er := NewEventReader(strings.NewReader(in), SkipUnknownEvents())
	var names []contract.EventName
	for er.Next() {
		names = append(names, er.Event().Name)
	}
	if er.Err() != nil || er.Skipped() != 1 || len(names) != 1 || names[0] != contract.EventDone {
		t.Errorf("got names %v, skipped %d, err %v; want [done], 1, nil", names, er.Skipped(), er.Err())
	}
}

func TestEventReaderErrorNamesEventAndOffset(t *testing.T) {
	t.Parallel()
	in := "event: thread.run.created\ndata: {\"id\":\"run_1\",\"object\":\"thread.run\"}\n\nevent: thread.run.queued\ndata: {\"id\":\n\n"
	_, _, err := readAll(t, strings.NewReader(in))
	var sfe *StreamFormatError
	if !errors.As(err, &sfe) {
		t.Fatalf("got %v, want *StreamFormatError", err)
	}
	want := &StreamFormatError{Index: 1, Offset: 70, Event: "thread.run.queued"}
	if sfe.Index != want.Index || sfe.Offset != want.Offset || sfe.Event != want.Event {
		t.Errorf("got index %d offset %d event %q, want %d %d %q", sfe.Index, sfe.Offset, sfe.Event, want.Index, want.Offset, want.Event)
	}
	var de *contract.DecodeError
	if !errors.As(err, &de) || de.Offset != 6 {
		t.Errorf("got cause %v, want *contract.DecodeError at data byte 6", err)
	}
}

func TestEventReaderReadError(t *testing.T) {
	t.Parallel()
	in := "event: thread.run.created\ndata: {\"id\":\"run_1\"}\n\n"
	r := io.MultiReader(strings.NewReader(in), iotest.ErrReader(io.ErrUnexpectedEOF))
	names, _, err := readAll(t, r)
	var re *sse.ReadError
	if len(names) != 1 || !errors.As(err, &re) || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("got %v, %v; want one event then a *sse.ReadError wrapping io.ErrUnexpectedEOF", names, err)
	}
}
