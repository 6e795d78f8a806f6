package conformance

import (
	"fmt"
	"strings"

	"github.com/runsuite/runsuite/contract"
)

// text returns the builder of the message's content block at index k.
func (o *streamObject) text(k int64) *strings.Builder {
	if o.texts == nil {
		o.texts = map[int64]*strings.Builder{}
	}
	b, ok := o.texts[k]
	if !ok {
		b = new(strings.Builder)
		o.texts[k] = b
	}
	return b
}

// call returns the fragments of the step's tool call at index k.
func (o *streamObject) call(k int64) *callFragments {
	if o.calls == nil {
		o.calls = map[int64]*callFragments{}
	}
	c, ok := o.calls[k]
	if !ok {
		c = new(callFragments)
		o.calls[k] = c
	}
	return c
}

// seedTexts starts a message's texts from the content it was created with
// (usually none): deltas append to it.
func (o *streamObject) seedTexts(m *contract.Message) {
	for k, c := range m.Content {
		if c.Text != nil && c.Text.Value != "" {
			o.text(int64(k)).WriteString(c.Text.Value)
		}
	}
}

// seedCalls starts a step's tool calls from those it was created (or set
// in progress) with, when no delta has touched them yet: deltas append to
// them.
func (o *streamObject) seedCalls(st *contract.RunStep) {
	for k, c := range st.StepDetails.ToolCalls {
		if _, seen := o.calls[int64(k)]; seen {
			continue
		}
		f := o.call(int64(k))
		f.id = c.ID
		if c.Function != nil {
			f.function = true
			f.name = c.Function.Name
			f.args.WriteString(c.Function.Arguments)
		}
	}
}

// finalTexts compares the text blocks of a finished message with what its
// deltas built.
func (in *inspector) finalTexts(i int, o *streamObject, m *contract.Message) {
	for k, c := range m.Content {
		if c.Type != "text" || c.Text == nil {
			continue
		}
		in.out.Texts++
		got := ""
		if b, ok := o.texts[int64(k)]; ok {
			got = b.String()
		}
		if got != c.Text.Value {
			in.fail(RuleTextDeltasConcat, i, Evidence{Pointer: fmt.Sprintf("/content/%d/text/value", k), Expected: clipQuote(c.Text.Value), Got: clipQuote(got) + " (the deltas concatenated)"},
				"the text deltas of message %s do not add up to its text", m.ID)
		}
	}
	for k := range o.texts {
		if k < 0 || k >= int64(len(m.Content)) {
			in.fail(RuleTextDeltasConcat, i, Evidence{Pointer: "/content", Expected: fmt.Sprintf("a content block at index %d", k), Got: fmt.Sprintf("%d blocks", len(m.Content))},
				"message %s was streamed text at content index %d it does not have", m.ID, k)
		}
	}
}

// finalArguments compares the function calls of a closed step with what
// its deltas built.
func (in *inspector) finalArguments(i int, o *streamObject, st *contract.RunStep) {
	for k, c := range st.StepDetails.ToolCalls {
		if c.Function == nil {
			continue
		}
		ptr := fmt.Sprintf("/step_details/tool_calls/%d/function/arguments", k)
		in.compareArguments(i, o.find(c.ID, int64(k)), c.ID, c.Function.Arguments, ptr)
	}
}

// requiredArguments compares the calls a run waits on with what the
// stream's step deltas built.
func (in *inspector) requiredArguments(i int, r *contract.Run) {
	if r.RequiredAction == nil {
		return
	}
	for k, c := range r.RequiredAction.SubmitToolOutputs.ToolCalls {
		var f *callFragments
		for _, o := range in.order {
			if f = o.find(c.ID, -1); f != nil {
				break
			}
		}
		ptr := fmt.Sprintf("/required_action/submit_tool_outputs/tool_calls/%d/function/arguments", k)
		in.compareArguments(i, f, c.ID, c.Function.Arguments, ptr)
	}
}

// find returns the call with the given id, or at index k when no call has
// that id and k >= 0.
func (o *streamObject) find(id string, k int64) *callFragments {
	for _, c := range o.calls {
		if id != "" && c.id == id {
			return c
		}
	}
	if k >= 0 {
		if c, ok := o.calls[k]; ok && (c.id == "" || id == "") {
			return c
		}
	}
	return nil
}

func (in *inspector) compareArguments(i int, f *callFragments, id, want, ptr string) {
	in.out.Arguments++
	switch {
	case f == nil:
		in.fail(RuleFunctionArgumentsConcat, i, Evidence{Pointer: ptr, Expected: "argument deltas for call " + quoteEmpty(id) + " earlier in the stream", Got: "none"},
			"function call %s was never streamed", quoteEmpty(id))
	case f.args.String() != want:
		in.fail(RuleFunctionArgumentsConcat, i, Evidence{Pointer: ptr, Expected: clipQuote(want), Got: clipQuote(f.args.String()) + " (the deltas concatenated)"},
			"the argument deltas of call %s do not add up to its arguments", quoteEmpty(id))
	}
}

// clip quotes s, shortened for evidence.
func clipQuote(s string) string {
	if len(s) > 120 {
		return fmt.Sprintf("%q…", s[:120])
	}
	return fmt.Sprintf("%q", s)
}
