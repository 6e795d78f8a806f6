package runs

import (
	"errors"
	"fmt"
	"io"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/sse"
)

// ErrMissingDone reports a stream that ended cleanly without a done or
// error event.
var ErrMissingDone = errors.New("stream ended without a done event")

// StreamFormatError reports a stream that could not be read as assistant
// events. Err is the cause: *sse.TooLargeError, *sse.TruncatedError,
// *sse.ReadError, *contract.DecodeError, *contract.UnknownEventError
// (wrapped in *BareDoneError for a bare data: [DONE]), ErrMissingDone,
// *StreamError for data with a top-level "error" key, *PayloadError (with
// CheckPayloads) or *TrailingDataError (from ExpectEnd).
type StreamFormatError struct {
	Index  int    // 0-based index of the event that failed (events read before it)
	Offset int64  // stream byte offset of that event, or where the stream stopped
	Event  string // its name, when known
	Err    error
}

// Error names the event index, its name when known, the offset and the cause.
func (e *StreamFormatError) Error() string {
	if e.Event != "" {
		return fmt.Sprintf("event #%d (%s) at byte %d: %v", e.Index, e.Event, e.Offset, e.Err)
	}
	return fmt.Sprintf("event #%d at byte %d: %v", e.Index, e.Offset, e.Err)
}

// Unwrap returns the cause.
func (e *StreamFormatError) Unwrap() error { return e.Err }

// eventNames lets decoders return catalogue names without allocating.
var eventNames = sse.NewNameTable(contract.EventNames()...)

// EventReaderOption configures an EventReader. EventReader options are named
// for what they make the reader do (SkipUnknownEvents, LimitEventSize,
// CheckPayloads, StrictPayloads); Client options (Option) start with With.
type EventReaderOption func(*EventReader)

// SkipUnknownEvents makes the reader skip events whose names are not in the
// catalogue instead of failing with *contract.UnknownEventError. Skipped
// events are counted by Skipped.
func SkipUnknownEvents() EventReaderOption {
	return func(r *EventReader) { r.skipUnknown = true }
}

// LimitEventSize caps the raw size of one event at n bytes, as
// sse.WithMaxEventSize does for a Decoder: n <= 0 keeps
// sse.DefaultMaxEventSize and smaller values are raised to
// sse.MinMaxEventSize. A larger event ends the stream with a
// *sse.TooLargeError (KindTooLarge).
func LimitEventSize(n int) EventReaderOption {
	return func(r *EventReader) { r.sseOpts = append(r.sseOpts, sse.WithMaxEventSize(n)) }
}

// EventReader reads typed assistant events from an event-stream body. The
// stream ends successfully at a done event, or at an error event (which is
// returned first, as an ordinary event); anything after it is not read. A
// clean end of input before either is ErrMissingDone.
type EventReader struct {
	d           *sse.Decoder
	sseOpts     []sse.Option
	skipUnknown bool
	// checkPayloads: see CheckPayloads
	checkPayloads bool
	// strictPayloads: see StrictPayloads
	strictPayloads bool
	liveDeviations int
	ev             contract.Event
	frame          sse.Frame
	index          int
	skipped        int
	ended          bool
	err            error
}

// NewEventReader returns a reader of the assistant events in r.
func NewEventReader(r io.Reader, opts ...EventReaderOption) *EventReader {
	er := &EventReader{index: -1}
	for _, o := range opts {
		o(er)
	}
	er.d = sse.NewDecoder(r, append([]sse.Option{sse.WithNameTable(eventNames)}, er.sseOpts...)...)
	return er
}

// Reset makes the reader read a new stream, keeping its options and buffers.
func (er *EventReader) Reset(r io.Reader) {
	er.d.Reset(r)
	er.ev, er.frame, er.index, er.skipped, er.ended, er.err = contract.Event{}, sse.Frame{}, -1, 0, false, nil
	er.liveDeviations = 0
}

// Next reads the next event and reports whether there is one.
func (er *EventReader) Next() bool {
	if er.ended || er.err != nil {
		return false
	}
	// The previous event is let go before waiting for the next, so a
	// waiting stream does not hold it.
	er.ev, er.frame = contract.Event{}, sse.Frame{}
	for er.d.Next() {
		f := er.d.Frame()
		if obj, ok := contract.ErrorEnvelope(f.Data); ok {
			// Servers and gateways report failures as {"error": ...} data,
			// whatever the event name; every SDK raises on it.
			er.fail(f.Offset, f.Event, &StreamError{Event: contract.EventName(f.Event), Object: *obj})
			return false
		}
		ev, err := contract.DecodeEvent(f.Event, f.Data)
		switch {
		case err != nil && isBareDone(f):
			err = &BareDoneError{Err: err}
		case err == nil && er.checkPayloads:
			var live int
			live, err = checkPayload(ev.Name, f.Data, er.strictPayloads)
			er.liveDeviations += live
		}
		if err != nil {
			var unknown *contract.UnknownEventError
			var bare *BareDoneError
			if er.skipUnknown && errors.As(err, &unknown) && !errors.As(err, &bare) {
				er.skipped++
				continue
			}
			er.fail(f.Offset, f.Event, err)
			return false
		}
		er.index++
		er.ev, er.frame = ev, f
		if ev.Name == contract.EventDone || ev.Name == contract.EventError {
			er.ended = true
		}
		return true
	}
	err := er.d.Err()
	if err == nil {
		err = ErrMissingDone
	}
	off := er.d.Offset()
	var tooLarge *sse.TooLargeError
	var truncated *sse.TruncatedError
	switch {
	case errors.As(err, &tooLarge):
		off = tooLarge.Offset
	case errors.As(err, &truncated):
		off = truncated.Offset
	}
	er.fail(off, "", err)
	return false
}

func (er *EventReader) fail(off int64, name string, err error) {
	er.ev = contract.Event{}
	er.err = &StreamFormatError{Index: er.index + 1, Offset: off, Event: name, Err: err}
}

// Event returns the event Next read.
func (er *EventReader) Event() contract.Event { return er.ev }

// Frame returns the raw frame of the event Next read; its Data is only
// valid until the next call to Next.
func (er *EventReader) Frame() sse.Frame { return er.frame }

// Index returns the 0-based index of the current event.
func (er *EventReader) Index() int { return er.index }

// Skipped returns how many unknown events SkipUnknownEvents skipped.
func (er *EventReader) Skipped() int { return er.skipped }

// Ended reports whether the stream reached its done or error event.
func (er *EventReader) Ended() bool { return er.ended }

// Err returns the error that stopped the reader, or nil when it reached the
// end of the stream.
func (er *EventReader) Err() error { return er.err }
