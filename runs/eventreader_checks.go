package runs

import (
	"errors"
	"fmt"
	"strings"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/sse"
)

// BareDoneError reports data: [DONE] sent without an "event: done" line.
// The frame is a "message" event, which is not in the catalogue, so Err is
// the *contract.UnknownEventError; the stream never skips it, since it is
// almost surely a server ending an Assistants stream the Chat Completions
// way.
type BareDoneError struct {
	Err error
}

// Error names [DONE] and the missing event line.
func (e *BareDoneError) Error() string {
	return fmt.Sprintf(`data: %s without an "event: %s" line: %v`, contract.DoneData, contract.EventDone, e.Err)
}

// Unwrap returns the unknown-event error.
func (e *BareDoneError) Unwrap() error { return e.Err }

// isBareDone reports whether a frame is data: [DONE] without an event line.
func isBareDone(f sse.Frame) bool {
	return f.Event == sse.DefaultEventName && string(f.Data) == contract.DoneData
}

// PayloadError reports an event whose data decoded but breaks the shape
// the catalogue gives its payload (CONTRACT §3, §4.1): a missing required
// key, a wrong "object", a value outside an enum, a negative index, an
// error event without its message or type.
type PayloadError struct {
	Kind       string // the object kind checked, e.g. "thread.run" or "error.object"
	Violations []contract.Violation
}

// maxViolationsShown bounds the violations an error message lists.
const maxViolationsShown = 3

// Error lists the first violations.
func (e *PayloadError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "payload is not a valid %s: ", e.Kind)
	for i, v := range e.Violations[:min(len(e.Violations), maxViolationsShown)] {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(v.String())
	}
	if n := len(e.Violations) - maxViolationsShown; n > 0 {
		fmt.Fprintf(&b, "; and %d more", n)
	}
	return b.String()
}

// CheckPayloads makes the reader check every payload against the shapes
// of the catalogue (contract.CheckObject) and fail with *PayloadError on
// the first event that breaks them. The known departures of the live API
// (contract.LiveDeviations) are accepted and counted (LiveDeviations)
// unless StrictPayloads is also given. It parses each payload a second
// time, so it suits verdicts on recorded streams more than load.
func CheckPayloads() EventReaderOption {
	return func(r *EventReader) { r.checkPayloads = true }
}

// StrictPayloads makes CheckPayloads refuse the known departures of the
// live API too.
func StrictPayloads() EventReaderOption {
	return func(r *EventReader) { r.strictPayloads = true }
}

// LiveDeviations returns how many violations CheckPayloads accepted as
// known departures of the live API (contract.LiveDeviations) so far.
func (er *EventReader) LiveDeviations() int { return er.liveDeviations }

// payloadKind is the CheckObject kind of an event's payload, "" for done.
func payloadKind(name contract.EventName) string {
	spec, ok := contract.LookupEvent(string(name))
	switch {
	case !ok:
		return ""
	case spec.Kind == contract.PayloadError:
		return contract.KindErrorObject
	}
	return spec.Kind.Object()
}

// checkPayload returns how many known live-API deviations it accepted in a
// decoded event (strict accepts none) and its *PayloadError, or nil.
func checkPayload(name contract.EventName, data []byte, strict bool) (int, error) {
	kind := payloadKind(name)
	if kind == "" {
		return 0, nil
	}
	v := contract.CheckObject(kind, data)
	live := 0
	if !strict {
		var known []contract.Violation
		v, known = contract.SplitLiveDeviations(data, v)
		live = len(known)
	}
	if len(v) > 0 {
		return live, &PayloadError{Kind: kind, Violations: v}
	}
	return live, nil
}

// TrailingDataError reports input after the done event: another event, or
// bytes (blank lines, comments, a partial line) that dispatch nothing.
type TrailingDataError struct {
	Event bool  // an event follows done
	Bytes int64 // bytes from the end of done to the end of the input, when no event follows
}

// Error says what follows done.
func (e *TrailingDataError) Error() string {
	if e.Event {
		return "event after done"
	}
	if e.Bytes == 1 {
		return "1 byte after done"
	}
	return fmt.Sprintf("%d bytes after done", e.Bytes)
}

// ExpectEnd checks that the input ends right after the done event Next
// returned last: it reads the rest of the input and returns nil when there
// is none, or a *StreamFormatError (Index one past done) whose cause is a
// *TrailingDataError, or the read failure. It reads the input to its end,
// one event at a time within the size cap, and is only meaningful once
// Next returned done; otherwise it returns an error saying so.
func (er *EventReader) ExpectEnd() error {
	if !er.ended || er.ev.Name != contract.EventDone || er.err != nil {
		return errors.New("ExpectEnd: the reader did not stop at a done event")
	}
	end := er.frame.Offset + er.frame.Size
	index := er.index + 1
	if er.d.Next() {
		f := er.d.Frame()
		return &StreamFormatError{Index: index, Offset: f.Offset, Event: f.Event, Err: &TrailingDataError{Event: true}}
	}
	err := er.d.Err()
	var read *sse.ReadError
	switch {
	case errors.As(err, &read):
		return &StreamFormatError{Index: index, Offset: read.Offset, Err: err}
	case err != nil, er.d.InputOffset() > end:
		return &StreamFormatError{Index: index, Offset: end, Err: &TrailingDataError{Bytes: er.d.InputOffset() - end}}
	}
	return nil
}
