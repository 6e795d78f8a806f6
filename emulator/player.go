package emulator

import (
	"time"

	"github.com/runsuite/runsuite/contract"
)

// Texts of the failures the scripts inject, as the live API words them.
const (
	failureCode    = "server_error"
	failureMessage = "Sorry, something went wrong."
)

// player plays actions on one run. The caller holds the thread's lock.
type player struct {
	st *store
	t  *thread
	r  *run
	em *emitter // nil when nobody listens
}

// play performs one action as of time at, the time of its phase.
func (p *player) play(a action, at time.Time) interrupt {
	r, sec := p.r, at.Unix()
	ro := &r.obj
	if at.After(r.lastAt) {
		r.lastAt = at
	}
	switch a.kind {
	case actRunCreated:
		p.em.run(contract.EventThreadRunCreated, ro)
	case actRunQueued:
		ro.Status, ro.RequiredAction = contract.RunStatusQueued, nil
		p.em.run(contract.EventThreadRunQueued, ro)
	case actRunInProgress:
		ro.Status = contract.RunStatusInProgress
		if ro.StartedAt == nil { // a run resumed after tool outputs keeps its start
			ro.StartedAt = int64Ptr(sec)
		}
		p.em.run(contract.EventThreadRunInProgress, ro)
	case actRunRequiresAction:
		ro.Status, ro.RequiredAction = contract.RunStatusRequiresAction, p.requiredAction()
		p.em.run(contract.EventThreadRunRequiresAction, ro)
	case actRunCompleted:
		p.finish(contract.RunStatusCompleted)
		ro.CompletedAt = int64Ptr(sec)
		p.em.run(contract.EventThreadRunCompleted, ro)
	case actRunIncomplete:
		p.finish(contract.RunStatusIncomplete)
		ro.IncompleteDetails = &contract.IncompleteDetails{Reason: "max_completion_tokens"}
		p.em.run(contract.EventThreadRunIncomplete, ro)
	case actRunFailed:
		p.finish(contract.RunStatusFailed)
		ro.FailedAt = int64Ptr(sec)
		ro.LastError = &contract.LastError{Code: failureCode, Message: failureMessage}
		p.em.run(contract.EventThreadRunFailed, ro)
	case actRunCancelling:
		ro.Status, ro.RequiredAction = contract.RunStatusCancelling, nil
		p.em.run(contract.EventThreadRunCancelling, ro)
	case actRunCancelled:
		p.finish(contract.RunStatusCancelled)
		ro.CancelledAt = int64Ptr(sec)
		p.em.run(contract.EventThreadRunCancelled, ro)
	case actRunExpired:
		expires := ro.ExpiresAt
		p.finish(contract.RunStatusExpired)
		ro.ExpiresAt = expires // an expired run keeps the time it expired at
		p.em.run(contract.EventThreadRunExpired, ro)
	case actStepCreated:
		p.createStep(a.i, sec)
		p.em.step(contract.EventThreadRunStepCreated, &r.curStep.obj)
	case actStepInProgress:
		p.em.step(contract.EventThreadRunStepInProgress, &r.curStep.obj)
	case actStepDelta:
		p.stepDelta(a.i)
	case actStepCompleted:
		p.completeStep(sec)
		p.em.step(contract.EventThreadRunStepCompleted, &r.curStep.obj)
	case actStepFailed, actStepCancelled, actStepExpired:
		p.endStep(a.kind, sec)
	case actMessageCreated:
		p.createMessage(sec)
		p.em.message(contract.EventThreadMessageCreated, &r.curMsg.obj)
	case actMessageInProgress:
		p.em.message(contract.EventThreadMessageInProgress, &r.curMsg.obj)
	case actMessageDelta:
		p.messageDelta(a.i)
	case actMessageCompleted:
		m := &r.curMsg.obj
		m.Status, m.CompletedAt = contract.MessageStatusCompleted, int64Ptr(sec)
		p.em.message(contract.EventThreadMessageCompleted, m)
	case actMessageIncomplete:
		if r.curMsg == nil || r.curMsg.obj.Status != contract.MessageStatusInProgress {
			return interruptNone
		}
		m := &r.curMsg.obj
		m.Status, m.IncompleteAt = contract.MessageStatusIncomplete, int64Ptr(sec)
		m.IncompleteDetails = &contract.MessageIncompleteDetails{Reason: a.reason}
		p.em.message(contract.EventThreadMessageIncomplete, m)
	case actErrorEvent:
		p.em.errorEvent(&contract.ErrorObject{Code: strPtr(failureCode), Message: failureMessage, Type: typeServer})
		return interruptError
	case actDropConnection:
		return interruptDrop
	}
	return interruptNone
}

// int64Ptr returns a pointer to a copy of v; play uses it so that its
// timestamp only escapes to the heap in the actions that store it.
func int64Ptr(v int64) *int64 { return &v }

// finish puts the run in a terminal status: expires_at is cleared, the
// required action dropped and usage summed over the steps.
func (p *player) finish(status contract.RunStatus) {
	ro := &p.r.obj
	ro.Status, ro.ExpiresAt, ro.RequiredAction = status, nil, nil
	var u contract.Usage
	for _, s := range p.r.steps {
		if s.obj.Usage != nil {
			u.PromptTokens += s.obj.Usage.PromptTokens
			u.CompletionTokens += s.obj.Usage.CompletionTokens
		}
	}
	u.TotalTokens = u.PromptTokens + u.CompletionTokens
	ro.Usage = &u
	p.t.dropLive(p.r)
	if !p.r.ended && !p.t.scratch {
		p.r.ended = true
		p.st.ret.ended(p.t, p.r, p.r.lastAt)
	}
}

func (p *player) requiredAction() *contract.RequiredAction {
	ra := &contract.RequiredAction{Type: "submit_tool_outputs"}
	ra.SubmitToolOutputs.ToolCalls = []contract.RequiredToolCall{}
	for _, c := range p.r.plan.calls {
		if c.typ == contract.ToolTypeFunction {
			ra.SubmitToolOutputs.ToolCalls = append(ra.SubmitToolOutputs.ToolCalls, contract.RequiredToolCall{
				ID: c.id, Type: contract.ToolTypeFunction,
				Function: contract.RequiredToolCallFn{Name: c.name, Arguments: c.text},
			})
		}
	}
	return ra
}

// createStep creates the tool step or the message step of the plan. The
// message step names the message it will create, so the message's id is
// drawn here.
func (p *player) createStep(which int, sec int64) {
	r := p.r
	s := &step{seq: p.st.nextSeq(), obj: contract.RunStep{
		ID: r.ids.next(prefixStep), Object: contract.ObjectRunStep, CreatedAt: sec,
		AssistantID: r.obj.AssistantID, ThreadID: r.obj.ThreadID, RunID: r.obj.ID,
		Status: contract.StepStatusInProgress,
	}}
	if which == stepTool {
		s.obj.Type = contract.StepTypeToolCalls
		s.obj.StepDetails = contract.StepDetails{Type: contract.StepTypeToolCalls, ToolCalls: []contract.ToolCall{}}
	} else {
		s.obj.Type = contract.StepTypeMessageCreation
		s.obj.StepDetails = contract.StepDetails{Type: contract.StepTypeMessageCreation,
			MessageCreation: &contract.MessageCreation{MessageID: r.ids.next(prefixMessage)}}
	}
	r.steps = append(r.steps, s)
	r.stepByID[s.obj.ID] = s
	r.curStep = s
}

// stepDelta applies planned tool delta i to the tool step and emits it.
func (p *player) stepDelta(i int) {
	r := p.r
	d := r.plan.deltas[i]
	c := &r.plan.calls[d.call]
	sd := &r.curStep.obj.StepDetails
	switch d.kind {
	case deltaOpen:
		tc := contract.ToolCall{ID: c.id, Type: c.typ}
		switch c.typ {
		case contract.ToolTypeFunction:
			tc.Function = &contract.FunctionCall{Name: c.name}
		case contract.ToolTypeCodeInterpreter:
			tc.CodeInterpreter = &contract.CodeInterpreterCall{Outputs: []contract.CodeInterpreterOutput{}}
		case contract.ToolTypeFileSearch:
			tc.FileSearch = &contract.FileSearchCall{}
		}
		sd.ToolCalls = append(sd.ToolCalls, tc)
	case deltaFragment:
		tc := &sd.ToolCalls[d.call]
		if tc.Function != nil {
			tc.Function.Arguments = c.text[:d.end]
		} else if tc.CodeInterpreter != nil {
			tc.CodeInterpreter.Input = c.text[:d.end]
		}
	case deltaLogs:
		tc := &sd.ToolCalls[d.call]
		tc.CodeInterpreter.Outputs = append(tc.CodeInterpreter.Outputs, contract.CodeInterpreterOutput{Type: "logs", Logs: c.logs})
	}
	p.em.toolDelta(r.curStep.obj.ID, d.call, c, d)
}

// completeStep completes the current step: function calls get their
// submitted outputs, file searches their results, and the step its usage.
func (p *player) completeStep(sec int64) {
	r := p.r
	s := &r.curStep.obj
	s.Status, s.CompletedAt = contract.StepStatusCompleted, &sec
	for i := range s.StepDetails.ToolCalls {
		tc := &s.StepDetails.ToolCalls[i]
		switch {
		case tc.Function != nil:
			out := r.outputs[tc.ID]
			tc.Function.Output = &out
		case tc.FileSearch != nil:
			c := r.plan.calls[i]
			tc.FileSearch.RankingOptions = &contract.FileSearchRankingOptions{Ranker: "default_2024_08_21", ScoreThreshold: 0}
			tc.FileSearch.Results = append([]contract.FileSearchResult(nil), c.results...)
		}
	}
	completion := int64(len(r.plan.reply.cuts))
	if s.Type == contract.StepTypeToolCalls {
		completion = int64(len(r.plan.deltas))
	}
	prompt := int64(100 + 10*len(r.steps))
	s.Usage = &contract.Usage{PromptTokens: prompt, CompletionTokens: completion, TotalTokens: prompt + completion}
}

// endStep fails, cancels or expires the current step when it is still in
// progress.
func (p *player) endStep(kind actionKind, sec int64) {
	if p.r.curStep == nil || p.r.curStep.obj.Status != contract.StepStatusInProgress {
		return
	}
	s := &p.r.curStep.obj
	switch kind {
	case actStepFailed:
		s.Status, s.FailedAt = contract.StepStatusFailed, &sec
		s.LastError = &contract.LastError{Code: failureCode, Message: failureMessage}
		p.em.step(contract.EventThreadRunStepFailed, s)
	case actStepCancelled:
		s.Status, s.CancelledAt = contract.StepStatusCancelled, &sec
		p.em.step(contract.EventThreadRunStepCancelled, s)
	case actStepExpired:
		s.Status, s.ExpiredAt = contract.StepStatusExpired, &sec
		p.em.step(contract.EventThreadRunStepExpired, s)
	}
}

// createMessage creates the assistant message the message step names.
func (p *player) createMessage(sec int64) {
	r := p.r
	asst, runID := r.obj.AssistantID, r.obj.ID
	m := &message{seq: p.st.nextSeq(), obj: contract.Message{
		ID: r.curStep.obj.StepDetails.MessageCreation.MessageID, Object: contract.ObjectMessage,
		CreatedAt: sec, ThreadID: p.t.obj.ID, Status: contract.MessageStatusInProgress,
		Role: contract.RoleAssistant, Content: []contract.MessageContent{},
		AssistantID: &asst, RunID: &runID, Attachments: []contract.Attachment{}, Metadata: map[string]string{},
	}}
	p.t.addMessage(m)
	r.msgs = append(r.msgs, m)
	r.curMsg = m
}

// messageDelta reveals delta i of the reply in the message and emits it.
func (p *player) messageDelta(i int) {
	r := p.r
	rp := &r.plan.reply
	m := &r.curMsg.obj
	if len(m.Content) == 0 {
		m.Content = []contract.MessageContent{{Type: "text", Text: &contract.Text{Annotations: []contract.Annotation{}}}}
	}
	end := rp.cuts[i]
	m.Content[0].Text.Value = rp.text[:end]
	var ann *contract.AnnotationDelta
	start := 0
	if i > 0 {
		start = rp.cuts[i-1]
	}
	if a := rp.ann; a != nil && rp.annStart >= start && rp.annStart < end {
		m.Content[0].Text.Annotations = append(m.Content[0].Text.Annotations, *a)
		s, e := a.StartIndex, a.EndIndex
		ann = &contract.AnnotationDelta{Index: 0, Type: a.Type, Text: a.Text, StartIndex: &s, EndIndex: &e, FileCitation: a.FileCitation}
	}
	p.em.textDelta(m.ID, rp.text[start:end], i == 0, ann)
}
