// Package eventstreams holds what several suites need to read the stream
// fixtures: loading them, decoding a whole stream with runs.EventReader,
// and naming the events and statuses decoded.
package eventstreams

import (
	"bytes"
	"errors"

	. "github.com/onsi/gomega"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/fixtures"
	"github.com/runsuite/runsuite/runs"
)

// Decoded is the result of reading a whole stream with runs.EventReader.
type Decoded struct {
	Events []contract.Event
	Err    error
	Kind   string // the fixture outcome kind of Err, "" when nil
	Index  int    // StreamFormatError.Index, when Err is set
}

// Decode reads data to its end with runs.EventReader; inside a spec, it
// fails the spec when the reader ends on an error that is not a
// *runs.StreamFormatError.
func Decode(data []byte, opts ...runs.EventReaderOption) Decoded {
	er := runs.NewEventReader(bytes.NewReader(data), opts...)
	var out Decoded
	for er.Next() {
		out.Events = append(out.Events, er.Event())
	}
	out.Err = er.Err()
	if out.Err != nil {
		var sfe *runs.StreamFormatError
		Expect(errors.As(out.Err, &sfe)).To(BeTrue(), "error %v is not a *runs.StreamFormatError", out.Err)
		out.Index = sfe.Index
		out.Kind = OutcomeKind(out.Err)
	}
	return out
}

// OutcomeKind classifies a stream error the way fixture outcomes name it.
func OutcomeKind(err error) string { return string(runs.KindOf(err)) }

// Names returns the event names of events, in order.
func Names(events []contract.Event) []string {
	out := make([]string, 0, len(events))
	for _, ev := range events {
		out = append(out, string(ev.Name))
	}
	return out
}

// Drain reads st to its end and returns the events it yielded.
func Drain(st *runs.Stream) []contract.Event {
	var events []contract.Event
	for st.Next() {
		events = append(events, st.Current())
	}
	return events
}

// StatusOf returns the status of the run, step or message an event
// carries, "" for an event that carries none of them.
func StatusOf(ev contract.Event) string {
	switch {
	case ev.Run != nil:
		return string(ev.Run.Status)
	case ev.Step != nil:
		return string(ev.Step.Status)
	case ev.Message != nil:
		return string(ev.Message.Status)
	}
	return ""
}

// MustLoad returns the streams load returns, and panics on a load error:
// the fixtures are embedded, so a load error is a build defect.
func MustLoad(load func() ([]fixtures.Stream, error)) []fixtures.Stream {
	streams, err := load()
	if err != nil {
		panic(err)
	}
	return streams
}

// EventFixture returns the single-event fixture of an event name, and
// panics when the embedded fixtures have none.
func EventFixture(name contract.EventName) fixtures.Stream {
	for _, s := range MustLoad(fixtures.Events) {
		if s.Name == string(name) {
			return s
		}
	}
	panic("no fixture for event " + string(name))
}
