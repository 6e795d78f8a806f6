package runs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/runsuite/runsuite/contract"
)

// ErrNotEventStream reports a 2xx answer to a stream request whose
// Content-Type is not text/event-stream.
var ErrNotEventStream = errors.New("response is not an event stream")

// ErrStreamClosed reports a stream that its caller closed before it
// ended.
var ErrStreamClosed = errors.New("stream closed before it ended")

// Cancellation causes of a stream's request: it went silent for its idle
// timeout, or the rest of its body did not arrive within drainTimeout.
var (
	errStreamIdle   = errors.New("stream idle timeout")
	errDrainTimeout = errors.New("stream body not ended in time after its last event")
)

// Bounds of the read that leaves a finished stream's connection reusable.
const (
	maxDrainBytes = 16 << 10
	drainTimeout  = 100 * time.Millisecond
)

// EventSource is what a Stream reads typed events from. The client's
// source reads an HTTP response; other RunsAPI implementations supply
// their own. Close may be called from another goroutine while Next is
// blocked, and must make it return.
type EventSource interface {
	Next() bool
	Event() contract.Event
	Err() error
	Close() error
}

// Stream is the event stream of a run. Next advances to the next event;
// done ends the stream cleanly, and an error event ends it with a
// *StreamError. Next, Current and Err belong to one goroutine; Close may
// be called from any goroutine, at any time.
type Stream struct {
	src    EventSource
	cur    contract.Event
	err    error
	ended  bool
	closed atomic.Bool
	once   sync.Once
	cerr   error
}

// NewStream returns a Stream over src.
func NewStream(src EventSource) *Stream { return &Stream{src: src} }

// Next reads the next event and reports whether there is one. It returns
// false at done, on an error event, on any failure and once the stream is
// closed; Err tells which. The stream closes itself when it ends.
func (s *Stream) Next() bool {
	if s.ended || s.err != nil {
		return false
	}
	if s.closed.Load() {
		s.err = ErrStreamClosed
		s.cur = contract.Event{}
		return false
	}
	s.cur = contract.Event{} // not held while waiting for the next
	if !s.src.Next() {
		s.err = s.src.Err()
		switch {
		case s.closed.Load():
			s.err = ErrStreamClosed // whatever the interrupted read said
		case s.err == nil:
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
	s.Close()
}

// Current returns the event Next read.
func (s *Stream) Current() contract.Event { return s.cur }

// Err returns the error that ended the stream, or nil when it ended with
// done (or has not ended). It is ErrStreamClosed after Close stopped the
// stream before its end.
func (s *Stream) Err() error { return s.err }

// Close releases the stream's connection for good. Closing before the end
// is how a caller stops early; from another goroutine it makes a blocked
// Next return false. It is safe to call more than once.
func (s *Stream) Close() error {
	s.closed.Store(true)
	s.once.Do(func() { s.cerr = s.src.Close() })
	return s.cerr
}

// stream sends a stream request and returns the Stream over its answer.
func (c *Client) stream(ctx context.Context, spec *requestSpec) (*Stream, error) {
	res, err := c.send(ctx, spec)
	if err != nil {
		return nil, err
	}
	ct := res.Header.Get("Content-Type")
	if mt, _, _ := mime.ParseMediaType(ct); mt != "text/event-stream" {
		drain(res.Body)
		return nil, fmt.Errorf("%w: Content-Type %q", ErrNotEventStream, ct)
	}
	return NewStream(newHTTPSource(c, res)), nil
}

// httpSource reads events from one 2xx response. Once the response has
// arrived the request is never sent again (CONTRACT §6: the SDKs retry only
// when no response arrived), so a failed read ends the stream. After done
// or an error event it reads the rest of the body, within bounds, so the
// connection can be reused.
type httpSource struct {
	c     *Client
	body  *attemptBody
	er    *EventReader
	idle  time.Duration
	timer *time.Timer // the idle timer; nil without an idle timeout
	// idled is set when the idle timer fired: the read it interrupted
	// reports a *TimeoutError.
	idled atomic.Bool
}

// newHTTPSource returns the source over res, whose body the client's
// attempt wrapped.
func newHTTPSource(c *Client, res *http.Response) *httpSource {
	body, ok := res.Body.(*attemptBody)
	if !ok { // a body from elsewhere: still closable, not interruptible
		body = &attemptBody{rc: res.Body, stop: func() bool { return false }, cancel: func(error) {}}
	}
	h := &httpSource{c: c, body: body, idle: c.cfg.streamIdle()}
	if h.idle > 0 {
		h.timer = c.cfg.afterFunc(h.idle, func() {
			h.idled.Store(true)
			body.interrupt(errStreamIdle)
		})
	}
	h.er = NewEventReader(h)
	return h
}

// Read reads the body for the event reader, restarting the idle timer
// whenever bytes arrive.
func (h *httpSource) Read(p []byte) (int, error) {
	n, err := h.body.Read(p)
	if n > 0 && h.timer != nil {
		h.timer.Reset(h.idle)
	}
	return n, err
}

// Next reads the next event. At done or an error event it leaves the
// connection reusable before returning it.
func (h *httpSource) Next() bool {
	if !h.er.Next() {
		return false
	}
	if h.er.Ended() {
		h.release()
	}
	return true
}

// release ends the stream after its last event: it stops the idle timer,
// reads what is left of the body (at most maxDrainBytes, for at most
// drainTimeout) so the transport can reuse the connection, and closes it.
func (h *httpSource) release() {
	if h.timer != nil {
		h.timer.Stop()
	}
	t := h.c.cfg.afterFunc(drainTimeout, func() { h.body.interrupt(errDrainTimeout) })
	_, _ = io.CopyN(io.Discard, h.body, maxDrainBytes) // best effort: the events are all read
	t.Stop()
	h.body.Close()
}

// Event returns the event Next read.
func (h *httpSource) Event() contract.Event { return h.er.Event() }

// Err returns what stopped the source: a *StreamFormatError, whose cause
// is a *TimeoutError when the stream went silent for its idle timeout.
func (h *httpSource) Err() error {
	err := h.er.Err()
	var fe *StreamFormatError
	if h.idled.Load() && errors.As(err, &fe) {
		return &StreamFormatError{Index: fe.Index, Offset: fe.Offset, Event: fe.Event, Err: &TimeoutError{After: h.idle, Idle: true}}
	}
	return err
}

// Close interrupts a read in progress and closes the body; it is safe to
// call from any goroutine.
func (h *httpSource) Close() error {
	if h.timer != nil {
		h.timer.Stop()
	}
	h.body.interrupt(ErrStreamClosed)
	return h.body.Close()
}
