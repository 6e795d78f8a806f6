package contract

import (
	"errors"
	"fmt"

	jr "github.com/runsuite/runsuite/contract/internal/jsonread"
)

// Event is one decoded assistant stream event. Exactly one payload pointer
// is set, the one Name's catalogue entry names; none is set for done.
type Event struct {
	Name         EventName
	Thread       *Thread
	Run          *Run
	Step         *RunStep
	StepDelta    *RunStepDelta
	Message      *Message
	MessageDelta *MessageDelta
	Error        *ErrorObject
}

// Kind returns the kind of payload the event carries.
func (e Event) Kind() PayloadKind {
	switch {
	case e.Thread != nil:
		return PayloadThread
	case e.Run != nil:
		return PayloadRun
	case e.Step != nil:
		return PayloadStep
	case e.StepDelta != nil:
		return PayloadStepDelta
	case e.Message != nil:
		return PayloadMessage
	case e.MessageDelta != nil:
		return PayloadMessageDelta
	case e.Error != nil:
		return PayloadError
	}
	return PayloadNone
}

// Payload returns the payload pointer that is set, or nil for done.
func (e Event) Payload() any {
	switch e.Kind() {
	case PayloadThread:
		return e.Thread
	case PayloadRun:
		return e.Run
	case PayloadStep:
		return e.Step
	case PayloadStepDelta:
		return e.StepDelta
	case PayloadMessage:
		return e.Message
	case PayloadMessageDelta:
		return e.MessageDelta
	case PayloadError:
		return e.Error
	}
	return nil
}

// Object returns the payload's "object" field, or "" for error and done.
func (e Event) Object() string {
	switch e.Kind() {
	case PayloadThread:
		return e.Thread.Object
	case PayloadRun:
		return e.Run.Object
	case PayloadStep:
		return e.Step.Object
	case PayloadStepDelta:
		return e.StepDelta.Object
	case PayloadMessage:
		return e.Message.Object
	case PayloadMessageDelta:
		return e.MessageDelta.Object
	}
	return ""
}

// ID returns the payload's id, or "" for error and done.
func (e Event) ID() string {
	switch e.Kind() {
	case PayloadThread:
		return e.Thread.ID
	case PayloadRun:
		return e.Run.ID
	case PayloadStep:
		return e.Step.ID
	case PayloadStepDelta:
		return e.StepDelta.ID
	case PayloadMessage:
		return e.Message.ID
	case PayloadMessageDelta:
		return e.MessageDelta.ID
	}
	return ""
}

// UnknownEventError reports an event name outside the catalogue. Callers
// that tolerate new event types may skip such events.
type UnknownEventError struct {
	Name string
}

// Error describes the UnknownEventError.
func (e *UnknownEventError) Error() string {
	return fmt.Sprintf("unknown event %q", e.Name)
}

// DecodeError reports event data that is not a valid payload for its event:
// malformed JSON, invalid UTF-8, a field of the wrong JSON type, or done
// data other than [DONE].
type DecodeError struct {
	Event  EventName // the event whose data failed
	Offset int       // byte offset of the problem in the data
	Msg    string    // what was wrong
}

// Error describes the DecodeError.
func (e *DecodeError) Error() string {
	return fmt.Sprintf("decode %s event: at byte %d of data: %s", e.Event, e.Offset, e.Msg)
}

// DecodeEvent decodes the data of one server-sent event named name into its
// typed payload. Unknown JSON fields are ignored, since servers add fields.
// The returned Event does not alias data.
func DecodeEvent(name string, data []byte) (Event, error) {
	i := eventIndex(name)
	if i < 0 {
		return Event{}, &UnknownEventError{Name: name}
	}
	spec := catalogue[i]
	ev := Event{Name: spec.Name}
	if spec.Kind == PayloadNone {
		if string(data) != DoneData {
			return Event{}, &DecodeError{Event: spec.Name, Msg: fmt.Sprintf("done data must be %s, got %.40q", DoneData, data)}
		}
		return ev, nil
	}
	var r jr.Reader
	r.Reset(string(data))
	switch spec.Kind {
	case PayloadThread:
		ev.Thread = new(Thread)
		readThread(&r, ev.Thread)
	case PayloadRun:
		ev.Run = new(Run)
		readRun(&r, ev.Run)
	case PayloadStep:
		ev.Step = new(RunStep)
		readRunStep(&r, ev.Step)
	case PayloadStepDelta:
		ev.StepDelta = new(RunStepDelta)
		readRunStepDelta(&r, ev.StepDelta)
	case PayloadMessage:
		ev.Message = new(Message)
		readMessage(&r, ev.Message)
	case PayloadMessageDelta:
		ev.MessageDelta = new(MessageDelta)
		readMessageDelta(&r, ev.MessageDelta)
	case PayloadError:
		ev.Error = new(ErrorObject)
		readErrorObject(&r, ev.Error)
	}
	if err := r.End(); err != nil {
		return Event{}, newDecodeError(spec.Name, err)
	}
	return ev, nil
}

// objectStart rejects top-level values that are not objects: a payload is
// always an object, and null would otherwise read as an empty one.
func objectStart(r *jr.Reader) jr.Object {
	if r.IsNull() {
		r.Fail(r.Offset(), "expected object, found null")
	}
	return r.Object()
}

func newDecodeError(name EventName, err error) *DecodeError {
	var e *jr.Error
	if errors.As(err, &e) {
		return &DecodeError{Event: name, Offset: e.Offset, Msg: e.Msg}
	}
	return &DecodeError{Event: name, Msg: err.Error()}
}
