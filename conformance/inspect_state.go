package conformance

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/runsuite/runsuite/contract"
)

// inspector walks one stream's events and keeps what the invariants need:
// the run's last event, the state of each step and message, and the text
// and argument fragments seen so far.
type inspector struct {
	out *StreamInspection
	// acceptLive reports the live API's known departures from the shapes
	// under RuleLiveDeviation instead of RulePayloadValid.
	acceptLive bool

	run      contract.EventName // the run's last lifecycle event; "" before any
	runEnd   int                // index of the run's final event (terminal or requires_action), -1 before
	endings  int                // run events that ended the stream's part of the run
	threadAt int                // index of thread.created, -1 when none
	doneAt   int                // index of done, -1 before
	errorAt  int                // index of the error event, -1 before
	after    bool               // an event after done or error was reported

	steps map[string]*streamObject
	msgs  map[string]*streamObject
	order []*streamObject // steps and messages in order of creation
}

// objPhase is where a step or message is in its life.
type objPhase uint8

const (
	objCreated objPhase = iota
	objInProgress
	objClosed
)

// streamObject is a step or message seen in the stream.
type streamObject struct {
	id      string
	message bool
	phase   objPhase
	created bool // created in this stream (a submit stream may close an older step)
	typ     contract.StepType
	texts   map[int64]*strings.Builder // message: text by content index
	calls   map[int64]*callFragments   // tool_calls step: calls by index
}

// callFragments is one tool call of a step as its deltas built it.
type callFragments struct {
	id, name string
	function bool
	args     strings.Builder
}

func newInspector(kind StreamKind) *inspector {
	return &inspector{
		out:    &StreamInspection{Kind: kind},
		runEnd: -1, threadAt: -1, doneAt: -1, errorAt: -1,
		steps: map[string]*streamObject{},
		msgs:  map[string]*streamObject{},
	}
}

// fail records a finding of rule at event i (no index when i < 0).
func (in *inspector) fail(rule string, i int, ev Evidence, format string, args ...any) {
	if i >= 0 {
		ev.EventIndex = At(i)
	}
	in.out.Findings = append(in.out.Findings, Finding{Message: rule + ": " + fmt.Sprintf(format, args...), Evidence: ev})
}

// failStream records a finding about the stream as a whole, at the index
// the next event would have had.
func (in *inspector) failStream(rule, msg string, i int) {
	in.fail(rule, i, Evidence{}, "%s", msg)
}

func evWant(expected, got string) Evidence { return Evidence{Expected: expected, Got: got} }

// event judges event i and reports whether it was a done event.
func (in *inspector) event(i int, name string, data []byte) bool {
	if in.doneAt >= 0 || in.errorAt >= 0 {
		in.afterEnd(i, name)
		in.out.Events = append(in.out.Events, contract.Event{Name: contract.EventName(name)})
		return false
	}
	spec, ok := contract.LookupEvent(name)
	if !ok {
		in.fail(RuleEventKnown, i, evWant("one of the 24 assistant event names or done", fmt.Sprintf("%.60q", name)), "event %d has an unknown name", i)
		in.out.Events = append(in.out.Events, contract.Event{Name: contract.EventName(name)})
		return false
	}
	if spec.Name == contract.EventDone {
		in.out.Events = append(in.out.Events, contract.Event{Name: spec.Name})
		in.doneAt = i
		if string(data) != contract.DoneData {
			in.fail(RuleDoneLast, i, evWant(contract.DoneData, fmt.Sprintf("%.40q", data)), "the done event's data is not %s", contract.DoneData)
			return true
		}
		in.out.Done = true
		return true
	}
	ev, err := contract.DecodeEvent(name, data)
	if err != nil {
		in.out.Events = append(in.out.Events, contract.Event{Name: spec.Name})
		var de *contract.DecodeError
		e := Evidence{Expected: "a valid " + payloadName(spec.Kind) + " object", Got: err.Error()}
		if errors.As(err, &de) {
			e.Got = fmt.Sprintf("%s at byte %d of the data", de.Msg, de.Offset)
		}
		in.fail(RulePayloadValid, i, e, "the data of %s does not decode", name)
		return false
	}
	in.out.Events = append(in.out.Events, ev)
	vs, live := contract.CheckObject(payloadName(spec.Kind), data), []contract.Violation(nil)
	if in.acceptLive {
		vs, live = contract.SplitLiveDeviations(data, vs)
	}
	for _, v := range vs {
		in.fail(RulePayloadValid, i, Evidence{Pointer: v.Pointer, Expected: v.Expected, Got: v.Got}, "%s: %s", name, v.Msg)
	}
	for _, v := range live {
		in.fail(RuleLiveDeviation, i, Evidence{Pointer: v.Pointer, Expected: v.Expected, Got: v.Got}, "%s, as the live API sent it: %s", name, v.Msg)
	}
	if spec.Status != "" {
		if got := eventStatus(ev); got != spec.Status {
			in.fail(RuleStatusMatchesEvent, i, Evidence{Pointer: "/status", Expected: spec.Status, Got: quoteEmpty(got)}, "%s carries an object of another status", name)
		}
	}
	in.first(i, spec.Name)
	switch spec.Kind {
	case contract.PayloadThread:
		in.thread(i, ev.Thread)
	case contract.PayloadRun:
		in.runEvent(i, spec.Name, ev.Run)
	case contract.PayloadStep:
		in.stepEvent(i, spec.Name, ev.Step)
	case contract.PayloadStepDelta:
		in.stepDelta(i, ev.StepDelta)
	case contract.PayloadMessage:
		in.messageEvent(i, spec.Name, ev.Message)
	case contract.PayloadMessageDelta:
		in.messageDelta(i, ev.MessageDelta)
	case contract.PayloadError:
		in.errorAt = i
	}
	return false
}

// payloadName is the CheckObject kind of a payload.
func payloadName(k contract.PayloadKind) string {
	if k == contract.PayloadError {
		return contract.KindErrorObject
	}
	return k.Object()
}

// eventStatus returns the status of a lifecycle event's object.
func eventStatus(ev contract.Event) string {
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

// afterEnd reports the first event that follows done or an error event. A
// done right after an error event is tolerated.
func (in *inspector) afterEnd(i int, name string) {
	if in.after || (in.doneAt < 0 && name == string(contract.EventDone)) {
		if in.doneAt < 0 {
			in.doneAt = i
		}
		return
	}
	in.after = true
	last, at := "done", in.doneAt
	if in.doneAt < 0 {
		last, at = "error", in.errorAt
	}
	in.fail(RuleDoneLast, i, evWant("nothing after "+last+" (event "+fmt.Sprint(at)+")", fmt.Sprintf("event %.60q", name)), "an event follows %s", last)
}

// first judges how the stream begins, inferring its kind when needed.
func (in *inspector) first(i int, name contract.EventName) {
	switch i {
	case 0:
		if in.out.Kind == StreamAuto {
			in.out.Kind = inferKind(name)
		}
		var want []contract.EventName
		switch in.out.Kind {
		case StreamThreadAndRun:
			want = []contract.EventName{contract.EventThreadCreated}
		case StreamSubmit:
			want = submitFirst
		default:
			want = []contract.EventName{contract.EventThreadRunCreated}
		}
		if !slices.Contains(want, name) {
			in.fail(RuleFirstEvent, i, evWant(joinNames(want), string(name)), "a %s stream starts with another event", in.out.Kind)
		}
	case 1:
		if in.out.Kind == StreamThreadAndRun && in.threadAt == 0 && name != contract.EventThreadRunCreated {
			in.fail(RuleFirstEvent, i, evWant(string(contract.EventThreadRunCreated), string(name)), "thread.created is not followed by thread.run.created")
		}
	}
}

// submitFirst are the events a submit_tool_outputs stream may start with:
// the tool step closing, or the run leaving requires_action.
var submitFirst = []contract.EventName{
	contract.EventThreadRunStepCompleted, contract.EventThreadRunStepFailed,
	contract.EventThreadRunStepCancelled, contract.EventThreadRunStepExpired,
	contract.EventThreadRunQueued, contract.EventThreadRunInProgress,
	contract.EventThreadRunCancelling, contract.EventThreadRunCancelled,
	contract.EventThreadRunFailed, contract.EventThreadRunExpired,
}

// inferKind tells the kind of a stream from its first event.
func inferKind(name contract.EventName) StreamKind {
	switch {
	case name == contract.EventThreadCreated:
		return StreamThreadAndRun
	case slices.Contains(submitFirst, name):
		return StreamSubmit
	}
	return StreamCreate
}

func joinNames(names []contract.EventName) string {
	s := make([]string, len(names))
	for i, n := range names {
		s[i] = string(n)
	}
	if len(s) == 1 {
		return s[0]
	}
	return "one of " + strings.Join(s, ", ")
}

// thread judges thread.created.
func (in *inspector) thread(i int, t *contract.Thread) {
	if in.out.Kind != StreamThreadAndRun || i != 0 {
		in.fail(RuleEventOrder, i, evWant("thread.created only as the first event of a create-thread-and-run stream", fmt.Sprintf("event %d of a %s stream", i, in.out.Kind)), "thread.created out of place")
	}
	if in.threadAt < 0 {
		in.threadAt = i
	}
	if in.out.ThreadID == "" {
		in.out.ThreadID = t.ID
	}
}

// finish judges the end of the stream: n events were dispatched, body is
// the whole stream and doneEnd is where the done event's block ends (-1
// when there was none).
func (in *inspector) finish(n int, body []byte, doneEnd int64) {
	if n == 0 {
		in.failStream(RuleFirstEvent, "the stream carries no event", 0)
	}
	switch {
	case in.doneAt < 0 && in.errorAt < 0:
		in.fail(RuleDoneLast, n, evWant("a done event (data: [DONE]) last", "end of stream after "+fmt.Sprint(n)+" events"), "the stream ends without done")
	case doneEnd >= 0 && !in.after && doneEnd <= int64(len(body)):
		if rest := bytes.Trim(body[doneEnd:], "\r\n"); len(rest) > 0 {
			in.fail(RuleDoneLast, -1, evWant("nothing after done", fmt.Sprintf("%d bytes: %.40q", len(rest), rest)), "bytes follow done")
		}
	}
	if in.errorAt < 0 && in.doneAt >= 0 && in.endings == 0 {
		in.fail(RuleOneTerminalRunEvent, in.doneAt, evWant("one run event with a terminal status or requires_action before done", "none"), "the run's part of the stream never ends")
	}
}
