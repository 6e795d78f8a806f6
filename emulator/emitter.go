package emulator

import (
	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/sse"
)

// emitter encodes the events that actions emit into buf, in event-stream
// form. A nil emitter drops them: polling plays actions without encoding
// anything. An emitter keeps its delta structs and scratch buffer between
// events, so a stream allocates nothing per delta.
type emitter struct {
	buf     []byte
	scratch []byte
	events  int  // events appended to buf since it was last emptied
	include bool // steps carry file_search result content

	msgID     string // the message whose escaped id msgIDJSON holds
	msgIDJSON []byte
	msgDelta  contract.MessageDelta
	content   [1]contract.MessageContentDelta
	text      contract.TextDelta
	stepDelta contract.RunStepDelta
	details   contract.StepDetailsDelta
	call      [1]contract.ToolCallDelta
	fn        contract.FunctionDelta
	code      contract.CodeInterpreterDelta
	logs      [1]contract.CodeInterpreterOutputDelta
}

// frame appends the event whose data the scratch buffer holds.
func (e *emitter) frame(name contract.EventName) {
	if buf, err := sse.AppendEvent(e.buf, string(name), e.scratch); err == nil {
		e.buf = buf
		e.events++
	}
}

func (e *emitter) run(name contract.EventName, r *contract.Run) {
	if e == nil {
		return
	}
	e.scratch = contract.AppendRun(e.scratch[:0], r)
	e.frame(name)
}

func (e *emitter) step(name contract.EventName, s *contract.RunStep) {
	if e == nil {
		return
	}
	e.scratch = contract.AppendRunStep(e.scratch[:0], stepView(s, e.include))
	e.frame(name)
}

func (e *emitter) message(name contract.EventName, m *contract.Message) {
	if e == nil {
		return
	}
	e.scratch = contract.AppendMessage(e.scratch[:0], m)
	e.frame(name)
}

func (e *emitter) thread(t *contract.Thread) {
	if e == nil {
		return
	}
	e.scratch = contract.AppendThread(e.scratch[:0], t)
	e.frame(contract.EventThreadCreated)
}

func (e *emitter) errorEvent(o *contract.ErrorObject) {
	if e == nil {
		return
	}
	e.scratch = contract.AppendErrorObject(e.scratch[:0], o)
	e.frame(contract.EventError)
}

// textDelta emits a thread.message.delta carrying value, and ann when it is
// not nil; first deltas carry an empty annotations list, as the live API's
// do.
func (e *emitter) textDelta(msgID, value string, first bool, ann *contract.AnnotationDelta) {
	if e == nil {
		return
	}
	if ann == nil {
		e.scratch = e.appendPlainTextDelta(e.scratch[:0], msgID, value, first)
		e.frame(contract.EventThreadMessageDelta)
		return
	}
	e.text = contract.TextDelta{Value: value}
	switch {
	case ann != nil:
		e.text.Annotations = []contract.AnnotationDelta{*ann}
	case first:
		e.text.Annotations = []contract.AnnotationDelta{}
	}
	e.content[0] = contract.MessageContentDelta{Index: 0, Type: "text", Text: &e.text}
	e.msgDelta = contract.MessageDelta{ID: msgID, Object: contract.ObjectMessageDelta, Delta: contract.MessageDeltaBody{Content: e.content[:]}}
	e.scratch = contract.AppendMessageDelta(e.scratch[:0], &e.msgDelta)
	e.frame(contract.EventThreadMessageDelta)
}

// toolDelta emits a thread.run.step.delta for one planned delta of call.
func (e *emitter) toolDelta(stepID string, index int, c *plannedCall, d toolDelta) {
	if e == nil {
		return
	}
	tc := contract.ToolCallDelta{Index: int64(index), Type: c.typ}
	switch d.kind {
	case deltaOpen:
		tc.ID = c.id
		switch c.typ {
		case contract.ToolTypeFunction:
			e.fn = contract.FunctionDelta{Name: c.name}
			tc.Function = &e.fn
		case contract.ToolTypeCodeInterpreter:
			e.code = contract.CodeInterpreterDelta{Outputs: e.logs[:0]}
			tc.CodeInterpreter = &e.code
		case contract.ToolTypeFileSearch:
			tc.FileSearch = emptyObject
		}
	case deltaFragment:
		if c.typ == contract.ToolTypeFunction {
			e.fn = contract.FunctionDelta{Arguments: c.text[d.start:d.end]}
			tc.Function = &e.fn
		} else {
			e.code = contract.CodeInterpreterDelta{Input: c.text[d.start:d.end]}
			tc.CodeInterpreter = &e.code
		}
	case deltaLogs:
		e.logs[0] = contract.CodeInterpreterOutputDelta{Index: 0, Type: "logs", Logs: c.logs}
		e.code = contract.CodeInterpreterDelta{Outputs: e.logs[:]}
		tc.CodeInterpreter = &e.code
	}
	e.call[0] = tc
	e.details = contract.StepDetailsDelta{Type: contract.StepTypeToolCalls, ToolCalls: e.call[:]}
	e.stepDelta = contract.RunStepDelta{ID: stepID, Object: contract.ObjectRunStepDelta, Delta: contract.StepDeltaBody{StepDetails: &e.details}}
	e.scratch = contract.AppendRunStepDelta(e.scratch[:0], &e.stepDelta)
	e.frame(contract.EventThreadRunStepDelta)
}

// emptyObject is the opaque file_search member of a file_search delta.
var emptyObject = []byte("{}")

// stepView returns s as a request sees it: file_search results carry their
// content only when include[] asked for it.
func stepView(s *contract.RunStep, include bool) *contract.RunStep {
	if include || !hasResultContent(s) {
		return s
	}
	v := *s
	v.StepDetails.ToolCalls = make([]contract.ToolCall, len(s.StepDetails.ToolCalls))
	for i, c := range s.StepDetails.ToolCalls {
		if c.FileSearch != nil && c.FileSearch.Results != nil {
			fs := *c.FileSearch
			fs.Results = make([]contract.FileSearchResult, len(c.FileSearch.Results))
			for j, r := range c.FileSearch.Results {
				r.Content = nil
				fs.Results[j] = r
			}
			c.FileSearch = &fs
		}
		v.StepDetails.ToolCalls[i] = c
	}
	return &v
}

func hasResultContent(s *contract.RunStep) bool {
	for _, c := range s.StepDetails.ToolCalls {
		if c.FileSearch != nil {
			for _, r := range c.FileSearch.Results {
				if r.Content != nil {
					return true
				}
			}
		}
	}
	return false
}

// appendPlainTextDelta appends the data of a thread.message.delta that
// carries only text (no annotation), byte for byte what contract.AppendMessageDelta
// writes for it, without re-escaping the message id every delta: the hot
// path of every stream.
func (e *emitter) appendPlainTextDelta(dst []byte, msgID, value string, first bool) []byte {
	if msgID != e.msgID || e.msgIDJSON == nil {
		e.msgID, e.msgIDJSON = msgID, contract.AppendString(e.msgIDJSON[:0], msgID)
	}
	dst = append(dst, `{"id":`...)
	dst = append(dst, e.msgIDJSON...)
	dst = append(dst, `,"object":"thread.message.delta","delta":{"content":[{"index":0,"type":"text","text":{`...)
	if value != "" {
		dst = append(dst, `"value":`...)
		dst = contract.AppendString(dst, value)
		if first {
			dst = append(dst, ',')
		}
	}
	if first {
		dst = append(dst, `"annotations":[]`...)
	}
	return append(dst, `}}]}}`...)
}
