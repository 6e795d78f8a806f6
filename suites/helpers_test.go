package suites

import (
	"bytes"
	"errors"

	. "github.com/onsi/gomega"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/fixtures"
	"github.com/runsuite/runsuite/runs"
)

// decodedStream is the result of reading a whole stream with
// runs.EventReader.
type decodedStream struct {
	events []contract.Event
	err    error
	kind   string // the fixture outcome kind of err, "" when nil
	index  int    // StreamFormatError.Index, when err is set
}

func decodeStream(data []byte, opts ...runs.EventReaderOption) decodedStream {
	er := runs.NewEventReader(bytes.NewReader(data), opts...)
	var out decodedStream
	for er.Next() {
		out.events = append(out.events, er.Event())
	}
	out.err = er.Err()
	if out.err != nil {
		var sfe *runs.StreamFormatError
		Expect(errors.As(out.err, &sfe)).To(BeTrue(), "error %v is not a *runs.StreamFormatError", out.err)
		out.index = sfe.Index
		out.kind = outcomeKind(out.err)
	}
	return out
}

// clientMethod names the runs.Client method of op, as runs.ArgumentError
// names it; "" (which no ArgumentError carries) for an operation runs does
// not map, which runs' TestClientMethod rules out. It builds table entries,
// before Gomega can assert.
func clientMethod(op contract.Operation) string {
	m, _ := runs.ClientMethod(op.ID)
	return m
}

// outcomeKind classifies a stream error the way fixture outcomes name it.
func outcomeKind(err error) string { return string(runs.KindOf(err)) }

func names(events []contract.Event) []string {
	out := make([]string, 0, len(events))
	for _, ev := range events {
		out = append(out, string(ev.Name))
	}
	return out
}

func mustLoad(load func() ([]fixtures.Stream, error)) []fixtures.Stream {
	streams, err := load()
	if err != nil {
		panic(err) // fixtures are embedded; a load error is a build defect
	}
	return streams
}

// eventFixture returns the single-event fixture of an event name.
func eventFixture(name contract.EventName) fixtures.Stream {
	for _, s := range mustLoad(fixtures.Events) {
		if s.Name == string(name) {
			return s
		}
	}
	panic("no fixture for event " + string(name))
}
