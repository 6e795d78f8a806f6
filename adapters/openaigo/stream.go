package openaigo

import (
	"fmt"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/packages/ssestream"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/runs"
)

// newStream returns the runs.Stream over an openai-go stream, or the error
// openai-go reported before reading any event.
func newStream(method, what string, s *ssestream.Stream[openai.AssistantStreamEventUnion]) (*runs.Stream, error) {
	if err := s.Err(); err != nil {
		s.Close()
		return nil, mapError(method, what, err)
	}
	return runs.NewStream(&eventSource{s: s, what: what}), nil
}

// eventSource is a runs.EventSource over openai-go's typed event stream.
// Each event is decoded again from its raw data, and the done event that
// openai-go consumes is given back when its stream ends cleanly.
type eventSource struct {
	s     *ssestream.Stream[openai.AssistantStreamEventUnion]
	what  string
	ev    contract.Event
	n     int // events delivered
	ended bool
	err   error
}

// Next reads the next event from openai-go.
func (e *eventSource) Next() bool {
	e.ev = contract.Event{}
	if e.ended || e.err != nil {
		return false
	}
	if !e.s.Next() {
		if err := e.s.Err(); err != nil {
			e.err = mapError("", e.what, err)
			return false
		}
		// openai-go ends on [DONE] without yielding it, and also on a
		// clean end of the body without one: both come out as done.
		e.ended = true
		e.ev = contract.Event{Name: contract.EventDone}
		return true
	}
	cur := e.s.Current()
	raw := cur.JSON.Data.Raw()
	if raw == "" {
		e.err = fmt.Errorf("%s: event #%d (%s): %w", e.what, e.n, cur.Event, ErrMissingRawJSON)
		return false
	}
	ev, err := contract.DecodeEvent(cur.Event, []byte(raw))
	if err != nil {
		e.err = fmt.Errorf("%s: event #%d: %w", e.what, e.n, err)
		return false
	}
	e.n++
	e.ev = ev
	return true
}

// Event returns the event Next read.
func (e *eventSource) Event() contract.Event { return e.ev }

// Err returns what ended the source: a *runs.StreamError for data with a
// top-level "error" key, or a wrapped decoding or reading error.
func (e *eventSource) Err() error { return e.err }

// Close closes openai-go's stream and its response body.
func (e *eventSource) Close() error { return e.s.Close() }
