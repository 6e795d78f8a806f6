package conformance

import (
	"fmt"
	"slices"

	"github.com/runsuite/runsuite/contract"
)

// runNext lists the run events that may follow each run event (CONTRACT
// §3.1 statuses, §4.1 events). The key "" is a stream's start before any
// run event; requires_action is where a submit_tool_outputs stream starts.
var runNext = map[contract.EventName][]contract.EventName{
	"": {contract.EventThreadRunCreated},
	contract.EventThreadRunCreated: {
		contract.EventThreadRunQueued, contract.EventThreadRunInProgress, contract.EventThreadRunCancelling,
		contract.EventThreadRunCancelled, contract.EventThreadRunFailed, contract.EventThreadRunExpired,
	},
	contract.EventThreadRunQueued: {
		contract.EventThreadRunInProgress, contract.EventThreadRunCancelling, contract.EventThreadRunCancelled,
		contract.EventThreadRunFailed, contract.EventThreadRunExpired,
	},
	contract.EventThreadRunInProgress: {
		contract.EventThreadRunRequiresAction, contract.EventThreadRunCompleted, contract.EventThreadRunIncomplete,
		contract.EventThreadRunFailed, contract.EventThreadRunCancelling, contract.EventThreadRunCancelled,
		contract.EventThreadRunExpired,
	},
	contract.EventThreadRunRequiresAction: {
		contract.EventThreadRunQueued, contract.EventThreadRunInProgress, contract.EventThreadRunCancelling,
		contract.EventThreadRunCancelled, contract.EventThreadRunFailed, contract.EventThreadRunExpired,
	},
	contract.EventThreadRunCancelling: {
		contract.EventThreadRunCancelled, contract.EventThreadRunCompleted, contract.EventThreadRunFailed,
		contract.EventThreadRunIncomplete, contract.EventThreadRunExpired,
	},
}

// terminalRun reports whether a run event ends the run.
func terminalRun(name contract.EventName) bool {
	switch name {
	case contract.EventThreadRunCompleted, contract.EventThreadRunIncomplete, contract.EventThreadRunFailed,
		contract.EventThreadRunCancelled, contract.EventThreadRunExpired:
		return true
	}
	return false
}

// runEvent judges a thread.run.* event.
func (in *inspector) runEvent(i int, name contract.EventName, r *contract.Run) {
	in.sameRun(i, "", r.ID, r.ThreadID)
	if in.out.Kind == StreamThreadAndRun && in.threadAt < 0 && in.run == "" {
		in.fail(RuleEventOrder, i, evWant("thread.created before the run's first event", string(name)), "the run starts before its thread is created")
	}
	prev := in.run
	if prev == "" && in.out.Kind == StreamSubmit {
		prev = contract.EventThreadRunRequiresAction
	}
	switch {
	case in.runEnd >= 0:
		in.fail(RuleEventOrder, i, evWant("nothing of the run after its final event "+fmt.Sprint(in.runEnd), string(name)), "a run event follows the run's final event")
	case !slices.Contains(runNext[prev], name):
		from := string(prev)
		if prev == "" {
			from = "the start of the stream"
		}
		in.fail(RuleEventOrder, i, evWant(joinNames(runNext[prev]), string(name)), "%s cannot follow %s", name, from)
	}
	in.run = name
	if !terminalRun(name) && name != contract.EventThreadRunRequiresAction {
		return
	}
	in.endings++
	if in.endings > 1 {
		in.fail(RuleOneTerminalRunEvent, i, evWant("one final run event", fmt.Sprintf("%s after the run's final event %d", name, in.runEnd)), "the run ends twice")
	}
	if in.runEnd < 0 {
		in.runEnd = i
	}
	in.closeAll(i, name)
	if name == contract.EventThreadRunRequiresAction {
		in.requiredArguments(i, r)
	}
}

// closeAll judges what must be closed when the run reaches its final
// event: every message, and for a completed run every step; a run that
// waits in requires_action keeps its tool step open.
func (in *inspector) closeAll(i int, name contract.EventName) {
	for _, o := range in.order {
		if o.phase == objClosed {
			continue
		}
		switch {
		case o.message:
			in.fail(RuleEventOrder, i, evWant("message "+o.id+" completed or incomplete first", string(name)), "the run ends while a message is open")
		case name == contract.EventThreadRunCompleted:
			in.fail(RuleEventOrder, i, evWant("step "+o.id+" closed first", string(name)), "the run completes while a step is open")
		case name == contract.EventThreadRunRequiresAction && o.typ != contract.StepTypeToolCalls:
			in.fail(RuleEventOrder, i, evWant("step "+o.id+" closed first", string(name)), "the run waits for tool outputs while a message step is open")
		}
	}
}

// sameRun judges that an object belongs to the stream's run and thread;
// runID is "" when the object names no run.
func (in *inspector) sameRun(i int, what, runID, threadID string) {
	s := in.out
	if what == "" { // a run event: it names the run itself
		if s.RunID == "" {
			s.RunID = runID
		} else if runID != s.RunID {
			in.fail(RuleSameRun, i, Evidence{Pointer: "/id", Expected: s.RunID, Got: runID}, "a run event is about another run")
		}
		what = "run"
	} else if runID != "" && s.RunID != "" && runID != s.RunID {
		in.fail(RuleSameRun, i, Evidence{Pointer: "/run_id", Expected: s.RunID, Got: runID}, "a %s of another run", what)
	}
	if s.ThreadID == "" {
		s.ThreadID = threadID
	} else if threadID != s.ThreadID {
		in.fail(RuleSameRun, i, Evidence{Pointer: "/thread_id", Expected: s.ThreadID, Got: threadID}, "a %s of another thread", what)
	}
}

// open starts tracking a created step or message, or reports a repeated
// creation.
func (in *inspector) open(i int, set map[string]*streamObject, id string, message bool, name contract.EventName) *streamObject {
	if o, ok := set[id]; ok {
		in.fail(RuleEventOrder, i, evWant("one "+string(name)+" per object", "a second one for "+id), "%s repeated", name)
		return o
	}
	if in.run != contract.EventThreadRunInProgress {
		in.fail(RuleEventOrder, i, evWant("after thread.run.in_progress", "while the run's last event is "+quoteEmpty(string(in.run))), "%s while the run is not in progress", name)
	}
	o := &streamObject{id: id, message: message, created: true}
	set[id] = o
	in.order = append(in.order, o)
	return o
}

// advance moves a tracked object to phase p on a lifecycle event, judging
// the order; it returns nil when the object is unknown to the stream.
func (in *inspector) advance(i int, o *streamObject, id string, p objPhase, name contract.EventName, what string) *streamObject {
	if o == nil {
		in.fail(RuleEventOrder, i, evWant("thread."+what+".created first", string(name)), "%s for %s %s never created in this stream", name, what, id)
		return nil
	}
	if o.phase == objClosed || (p == objInProgress && o.phase != objCreated) {
		in.fail(RuleEventOrder, i, evWant("no "+string(name)+" now", string(name)+" after the "+what+" was "+objPhaseName(o.phase)), "%s out of order for %s %s", name, what, id)
	}
	if p > o.phase {
		o.phase = p
	}
	return o
}

func objPhaseName(p objPhase) string {
	switch p {
	case objCreated:
		return "created"
	case objInProgress:
		return "in progress"
	}
	return "closed"
}

// stepEvent judges a thread.run.step.* lifecycle event.
func (in *inspector) stepEvent(i int, name contract.EventName, st *contract.RunStep) {
	in.sameRun(i, "step", st.RunID, st.ThreadID)
	o := in.steps[st.ID]
	switch name {
	case contract.EventThreadRunStepCreated:
		o = in.open(i, in.steps, st.ID, false, name)
		o.typ = st.Type
		o.seedCalls(st)
		return
	case contract.EventThreadRunStepInProgress:
		if o = in.advance(i, o, st.ID, objInProgress, name, "run.step"); o != nil {
			o.seedCalls(st)
		}
		return
	}
	// A terminal step event. A submit stream may close the tool step the
	// run waited on, created by an earlier stream.
	if o == nil && in.out.Kind == StreamSubmit && st.Type == contract.StepTypeToolCalls {
		in.steps[st.ID] = &streamObject{id: st.ID, phase: objClosed, typ: st.Type}
		return
	}
	if in.runEnd >= 0 {
		in.fail(RuleEventOrder, i, evWant("steps closed before the run's final event "+fmt.Sprint(in.runEnd), string(name)), "a step closes after the run ended")
	}
	if o = in.advance(i, o, st.ID, objClosed, name, "run.step"); o != nil && o.created {
		in.finalArguments(i, o, st)
	}
}

// messageEvent judges a thread.message.* lifecycle event.
func (in *inspector) messageEvent(i int, name contract.EventName, m *contract.Message) {
	runID := ""
	if m.RunID != nil {
		runID = *m.RunID
	}
	in.sameRun(i, "message", runID, m.ThreadID)
	o := in.msgs[m.ID]
	switch name {
	case contract.EventThreadMessageCreated:
		o = in.open(i, in.msgs, m.ID, true, name)
		o.seedTexts(m)
		return
	case contract.EventThreadMessageInProgress:
		in.advance(i, o, m.ID, objInProgress, name, "message")
		return
	}
	if in.runEnd >= 0 {
		in.fail(RuleEventOrder, i, evWant("messages closed before the run's final event "+fmt.Sprint(in.runEnd), string(name)), "a message closes after the run ended")
	}
	if o = in.advance(i, o, m.ID, objClosed, name, "message"); o != nil {
		in.finalTexts(i, o, m)
	}
}

// deltaTarget finds the object a delta names and judges that it was
// created earlier in the stream and is still open.
func (in *inspector) deltaTarget(i int, set map[string]*streamObject, id string, name contract.EventName, what string) *streamObject {
	o := set[id]
	switch {
	case o == nil || !o.created:
		in.fail(RuleDeltaRefersEarlier, i, Evidence{Pointer: "/id", Expected: "the id of a " + what + " created earlier in the stream", Got: quoteEmpty(id)}, "%s names no %s created earlier", name, what)
		return nil
	case o.phase == objClosed:
		in.fail(RuleEventOrder, i, evWant("deltas before the "+what+" closes", string(name)+" for closed "+what+" "+id), "a delta after its %s closed", what)
	}
	if in.runEnd >= 0 {
		in.fail(RuleEventOrder, i, evWant("deltas before the run's final event "+fmt.Sprint(in.runEnd), string(name)), "a delta after the run ended")
	}
	return o
}

// stepDelta judges thread.run.step.delta and collects its fragments.
func (in *inspector) stepDelta(i int, d *contract.RunStepDelta) {
	o := in.deltaTarget(i, in.steps, d.ID, contract.EventThreadRunStepDelta, "step")
	if o == nil || d.Delta.StepDetails == nil {
		return
	}
	for _, c := range d.Delta.StepDetails.ToolCalls {
		f := o.call(c.Index)
		if c.ID != "" {
			f.id = c.ID
		}
		if c.Function != nil || c.Type == contract.ToolTypeFunction {
			f.function = true
		}
		if c.Function != nil {
			if c.Function.Name != "" {
				f.name = c.Function.Name
			}
			f.args.WriteString(c.Function.Arguments)
		}
	}
}

// messageDelta judges thread.message.delta and collects its text.
func (in *inspector) messageDelta(i int, d *contract.MessageDelta) {
	o := in.deltaTarget(i, in.msgs, d.ID, contract.EventThreadMessageDelta, "message")
	if o == nil {
		return
	}
	for _, c := range d.Delta.Content {
		if c.Text != nil {
			o.text(c.Index).WriteString(c.Text.Value)
		}
	}
}
