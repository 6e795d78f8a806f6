package contract

import (
	"fmt"

	jw "github.com/runsuite/runsuite/contract/internal/jsonwrite"
)

// EncodeError reports an Event that AppendEventData cannot write: a name
// outside the catalogue, or a payload that is missing or is not the one the
// name's catalogue entry calls for.
type EncodeError struct {
	Event EventName // the event's name
	Msg   string    // what was wrong
}

// Error describes the EncodeError.
func (e *EncodeError) Error() string {
	return fmt.Sprintf("encode %q event: %s", e.Event, e.Msg)
}

// AppendEventData appends the data of ev as a server sends it, the twin of
// DecodeEvent: the payload as JSON, byte for byte what json.Marshal writes,
// or DoneData for done. The payload set must be the one ev.Name's catalogue
// entry names, and no other may be set.
func AppendEventData(dst []byte, ev Event) ([]byte, error) {
	spec, ok := LookupEvent(string(ev.Name))
	if !ok {
		return dst, &EncodeError{Event: ev.Name, Msg: "not in the event catalogue"}
	}
	if n := ev.payloads(); n > 1 {
		return dst, &EncodeError{Event: ev.Name, Msg: fmt.Sprintf("%d payloads set, want one", n)}
	}
	if k := ev.Kind(); k != spec.Kind {
		return dst, &EncodeError{Event: ev.Name, Msg: fmt.Sprintf("carries a %v payload, want %v", k, spec.Kind)}
	}
	switch spec.Kind {
	case PayloadThread:
		return AppendThread(dst, ev.Thread), nil
	case PayloadRun:
		return AppendRun(dst, ev.Run), nil
	case PayloadStep:
		return AppendRunStep(dst, ev.Step), nil
	case PayloadStepDelta:
		return AppendRunStepDelta(dst, ev.StepDelta), nil
	case PayloadMessage:
		return AppendMessage(dst, ev.Message), nil
	case PayloadMessageDelta:
		return AppendMessageDelta(dst, ev.MessageDelta), nil
	case PayloadError:
		return AppendErrorObject(dst, ev.Error), nil
	}
	return append(dst, DoneData...), nil
}

// payloads counts the payload pointers that are set.
func (e Event) payloads() int {
	n := 0
	for _, set := range [...]bool{e.Thread != nil, e.Run != nil, e.Step != nil, e.StepDelta != nil,
		e.Message != nil, e.MessageDelta != nil, e.Error != nil} {
		if set {
			n++
		}
	}
	return n
}

// AppendString appends s as a JSON string, escaped as encoding/json
// escapes it (HTML-safe, invalid UTF-8 as U+FFFD): for callers that write
// JSON around the contract's objects, such as list envelopes.
func AppendString(dst []byte, s string) []byte { return jw.String(dst, s) }
