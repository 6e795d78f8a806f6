package runs

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/sse"
)

// ErrNotEventStream reports a 2xx answer to a stream request whose
// Content-Type is not text/event-stream.
var ErrNotEventStream = errors.New("response is not an event stream")

// EventSource is what a Stream reads typed events from. The client's
// source reads an HTTP response; other RunsAPI implementations supply
// their own.
type EventSource interface {
	Next() bool
	Event() contract.Event
	Err() error
	Close() error
}

// Stream is the event stream of a run. Next advances to the next event;
// done ends the stream cleanly, and an error event ends it with a
// *StreamError. It is not safe for concurrent use.
type Stream struct {
	src    EventSource
	cur    contract.Event
	err    error
	ended  bool
	closed bool
	cerr   error
}

// NewStream returns a Stream over src.
func NewStream(src EventSource) *Stream { return &Stream{src: src} }

// Next reads the next event and reports whether there is one. It returns
// false at done, on an error event and on any failure; Err tells which.
// The stream closes itself when it ends.
func (s *Stream) Next() bool {
	if s.ended || s.err != nil || s.closed {
		return false
	}
	if !s.src.Next() {
		s.err = s.src.Err()
		if s.err == nil {
			s.err = ErrMissingDone // a source must end with done or an error
		}
		s.finish()
		return false
	}
	ev := s.src.Event()
	switch ev.Name {
	case contract.EventDone:
		s.ended = true
		s.finish()
		return false
	case contract.EventError:
		obj := contract.ErrorObject{}
		if ev.Error != nil {
			obj = *ev.Error
		}
		s.err = &StreamError{Event: ev.Name, Object: obj}
		s.finish()
		return false
	}
	s.cur = ev
	return true
}

func (s *Stream) finish() {
	s.cur = contract.Event{}
	s.cerr = s.Close()
}

// Current returns the event Next read.
func (s *Stream) Current() contract.Event { return s.cur }

// Err returns the error that ended the stream, or nil when it ended with
// done (or has not ended).
func (s *Stream) Err() error { return s.err }

// Close releases the stream's connection. Closing before the end is how a
// caller stops early; it is safe to call more than once.
func (s *Stream) Close() error {
	if s.closed {
		return s.cerr
	}
	s.closed = true
	s.cerr = s.src.Close()
	return s.cerr
}

// stream sends a stream request and returns the Stream over its answer.
func (c *Client) stream(ctx context.Context, spec requestSpec) (*Stream, error) {
	src := &httpSource{c: c, ctx: ctx, spec: spec}
	if err := src.open(); err != nil {
		return nil, err
	}
	return NewStream(src), nil
}

// httpSource reads events from a response. While no event has been
// delivered, a connection failure re-sends the request (within the retry
// budget); after the first event it never does, since the run moved on.
type httpSource struct {
	c         *Client
	ctx       context.Context
	spec      requestSpec
	attempt   int
	res       *http.Response
	er        *EventReader
	delivered bool
	openErr   error // a failed re-send
}

func (h *httpSource) open() error {
	res, attempt, err := h.c.sendFrom(h.ctx, h.spec, h.attempt)
	h.attempt = attempt
	if err != nil {
		return err
	}
	ct := res.Header.Get("Content-Type")
	if mt, _, _ := mime.ParseMediaType(ct); mt != "text/event-stream" {
		drain(res.Body)
		return fmt.Errorf("%w: Content-Type %q", ErrNotEventStream, ct)
	}
	h.res = res
	if h.er == nil {
		h.er = NewEventReader(res.Body)
	} else {
		h.er.Reset(res.Body)
	}
	return nil
}

// Next reads the next event, re-sending the request after a connection
// failure that happened before any event arrived.
func (h *httpSource) Next() bool {
	for {
		if h.er.Next() {
			h.delivered = true
			return true
		}
		var readErr *sse.ReadError
		if h.delivered || !errors.As(h.er.Err(), &readErr) || h.ctx.Err() != nil || h.attempt >= h.c.cfg.maxRetries {
			return false
		}
		h.res.Body.Close()
		if err := sleep(h.ctx, h.c.backoff(h.attempt)); err != nil {
			h.openErr = err
			return false
		}
		h.attempt++
		if err := h.open(); err != nil {
			h.openErr = err
			return false
		}
	}
}

// Event returns the event Next read.
func (h *httpSource) Event() contract.Event { return h.er.Event() }

// Err returns what stopped the source.
func (h *httpSource) Err() error {
	if h.openErr != nil {
		return h.openErr
	}
	return h.er.Err()
}

// Close closes the response body.
func (h *httpSource) Close() error {
	if h.res == nil {
		return nil
	}
	return h.res.Body.Close()
}
