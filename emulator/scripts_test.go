package emulator

import (
	"errors"
	"slices"
	"testing"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/runs"
	"github.com/runsuite/runsuite/sse"
)

// seq builds an expected event sequence; an int repeats the name before it
// that many times in all.
func seq(parts ...any) []string {
	var out []string
	for _, p := range parts {
		switch p := p.(type) {
		case string:
			out = append(out, p)
		case int:
			last := out[len(out)-1]
			for range p - 1 {
				out = append(out, last)
			}
		}
	}
	return out
}

// Event name fragments of the expected sequences.
var (
	runStart   = []any{"thread.run.created", "thread.run.queued", "thread.run.in_progress"}
	msgStep    = []any{"thread.run.step.created", "thread.run.step.in_progress", "thread.message.created", "thread.message.in_progress"}
	toolStep   = []any{"thread.run.step.created", "thread.run.step.in_progress"}
	msgDeltas3 = []any{"thread.message.delta", 3}
	msgEnd     = []any{"thread.message.completed", "thread.run.step.completed", "thread.run.completed", "done"}
)

func cat(parts ...[]any) []any { return slices.Concat(parts...) }

// streamCase is one scripted run streamed from creation.
type streamCase struct {
	name     string
	tools    []any
	message  string
	metadata map[string]string
	extra    body // more run parameters
	want     []string
}

var streamCases = []streamCase{
	{name: "text", message: "hello", want: seq(cat(runStart, msgStep, msgDeltas3, msgEnd)...)},
	{name: "function named in message", tools: []any{weatherTool}, message: "use get_current_weather please",
		want: seq(cat(runStart, toolStep, []any{"thread.run.step.delta", 4, "thread.run.requires_action", "done"})...)},
	{name: "function forced by tool_choice", tools: []any{weatherTool}, message: "hi",
		extra: body{"tool_choice": body{"type": "function", "function": body{"name": "get_current_weather"}}},
		want:  seq(cat(runStart, toolStep, []any{"thread.run.step.delta", 4, "thread.run.requires_action", "done"})...)},
	{name: "code_interpreter named", tools: []any{body{"type": "code_interpreter"}}, message: "run code_interpreter on this",
		want: seq(cat(runStart, toolStep, []any{"thread.run.step.delta", 5, "thread.run.step.completed"}, msgStep, msgDeltas3, msgEnd)...)},
	{name: "code_interpreter by metadata", message: "hi", metadata: map[string]string{MetadataScript: "code_interpreter"},
		want: seq(cat(runStart, toolStep, []any{"thread.run.step.delta", 5, "thread.run.step.completed"}, msgStep, msgDeltas3, msgEnd)...)},
	{name: "file_search forced", tools: []any{body{"type": "file_search"}}, message: "hi", extra: body{"tool_choice": body{"type": "file_search"}},
		want: seq(cat(runStart, toolStep, []any{"thread.run.step.delta", "thread.run.step.completed"}, msgStep, msgDeltas3, msgEnd)...)},
	{name: "tool_choice none", tools: []any{weatherTool}, message: "get_current_weather", extra: body{"tool_choice": "none"},
		want: seq(cat(runStart, msgStep, msgDeltas3, msgEnd)...)},
	{name: "failed", message: "hi", metadata: map[string]string{MetadataOutcome: "failed"},
		want: seq(cat(runStart, msgStep, []any{"thread.message.delta", "thread.message.incomplete", "thread.run.step.failed", "thread.run.failed", "done"})...)},
	{name: "incomplete", message: "hi", metadata: map[string]string{MetadataOutcome: "incomplete"},
		want: seq(cat(runStart, msgStep, []any{"thread.message.delta", "thread.message.incomplete", "thread.run.step.completed", "thread.run.incomplete", "done"})...)},
	{name: "expired", message: "hi", metadata: map[string]string{MetadataOutcome: "expired"},
		want: seq(cat(runStart, msgStep, msgDeltas3, []any{"thread.message.incomplete", "thread.run.step.expired", "thread.run.expired", "done"})...)},
	{name: "expired tool step", message: "hi", metadata: map[string]string{MetadataOutcome: "expired", MetadataScript: "code_interpreter"},
		want: seq(cat(runStart, toolStep, []any{"thread.run.step.delta", 5, "thread.run.step.expired", "thread.run.expired", "done"})...)},
	{name: "cancelled", message: "hi", metadata: map[string]string{MetadataOutcome: "cancelled", MetadataScript: "code_interpreter"},
		want: seq(cat(runStart, toolStep, []any{"thread.run.step.delta", 5, "thread.run.cancelling", "thread.run.step.cancelled", "thread.run.cancelled", "done"})...)},
	{name: "cancelled text", message: "hi", metadata: map[string]string{MetadataOutcome: "cancelled"},
		want: seq(cat(runStart, msgStep, msgDeltas3, []any{"thread.run.cancelling", "thread.message.incomplete", "thread.run.step.cancelled", "thread.run.cancelled", "done"})...)},
	{name: "error_event", message: "hi", metadata: map[string]string{MetadataOutcome: "error_event"},
		want: seq(cat(runStart, []any{"error"})...)},
}

// startStream creates an assistant and a thread for c and streams a run.
func startStream(t *testing.T, c *apiClient, sc streamCase) (contract.Thread, []contract.Event) {
	t.Helper()
	a := c.mustAssistant(sc.tools...)
	th := c.mustThread(sc.message)
	b := body{"assistant_id": a.ID, "stream": true}
	if sc.metadata != nil {
		b["metadata"] = sc.metadata
	}
	for k, v := range sc.extra {
		b[k] = v
	}
	return th, c.stream("/threads/"+th.ID+"/runs", b)
}

func TestStreamScripts(t *testing.T) {
	t.Parallel()
	for _, sc := range streamCases {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			s := newTestServer(t, WithStreamShape(StreamShape{Deltas: 3}), WithIDSeed(7))
			c := newClient(t, s)
			th, evs := startStream(t, c, sc)
			diff(t, "event names", names(evs), sc.want)
			checkStreamAgreesWithStore(t, c, th.ID, evs)
		})
	}
}

// checkStreamAgreesWithStore checks that every event belongs to one run
// and that the last state the stream sent of the run and of each finished
// step and message is what the API returns afterwards.
func checkStreamAgreesWithStore(t *testing.T, c *apiClient, threadID string, evs []contract.Event) {
	t.Helper()
	var run *contract.Run
	steps := map[string]*contract.RunStep{}
	msgs := map[string]*contract.Message{}
	for _, e := range evs {
		switch {
		case e.Run != nil:
			if run != nil && e.Run.ID != run.ID {
				t.Fatalf("event %s is about run %s, stream is about %s", e.Name, e.Run.ID, run.ID)
			}
			run = e.Run
		case e.Step != nil:
			steps[e.Step.ID] = e.Step
		case e.Message != nil:
			msgs[e.Message.ID] = e.Message
		}
	}
	if run == nil {
		t.Fatal("no run event")
	}
	if last := evs[len(evs)-1].Name; last == contract.EventError {
		return // the run failed after the stream ended; polling_test covers it
	}
	diff(t, "stored run", c.getRun(threadID, run.ID), *run)
	for id, want := range steps {
		if want.Status == contract.StepStatusInProgress {
			continue // deltas followed its last full event
		}
		var got contract.RunStep
		c.call("GET", "/threads/"+threadID+"/runs/"+run.ID+"/steps/"+id, nil, &got)
		diff(t, "stored step "+id, got, *want)
	}
	var list contract.List[contract.Message]
	c.call("GET", "/threads/"+threadID+"/messages", nil, &list)
	for _, got := range list.Data {
		if want, ok := msgs[got.ID]; ok && want.Status != contract.MessageStatusInProgress {
			diff(t, "stored message "+got.ID, got, *want)
		}
	}
}

func TestStreamedDeltasAddUpToObjects(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithStreamShape(StreamShape{Deltas: 5}))
	c := newClient(t, s)
	for _, sc := range []streamCase{streamCases[0], streamCases[3], streamCases[5]} {
		_, evs := startStream(t, c, sc)
		var text, input string
		var completedMsg *contract.Message
		var completedStep *contract.RunStep
		for _, e := range evs {
			switch {
			case e.MessageDelta != nil:
				text += e.MessageDelta.Delta.Content[0].Text.Value
			case e.StepDelta != nil:
				if ci := e.StepDelta.Delta.StepDetails.ToolCalls[0].CodeInterpreter; ci != nil {
					input += ci.Input
				}
			case e.Name == contract.EventThreadMessageCompleted:
				completedMsg = e.Message
			case e.Name == contract.EventThreadRunStepCompleted && e.Step.Type == contract.StepTypeToolCalls:
				completedStep = e.Step
			}
		}
		if got := completedMsg.Content[0].Text.Value; got != text {
			t.Errorf("%s: completed message %q, deltas add up to %q", sc.name, got, text)
		}
		if ci := completedStep; ci != nil && ci.StepDetails.ToolCalls[0].CodeInterpreter != nil {
			if got := ci.StepDetails.ToolCalls[0].CodeInterpreter.Input; got != input {
				t.Errorf("%s: completed step input %q, deltas add up to %q", sc.name, got, input)
			}
		}
	}
}

func TestFunctionRoundTrip(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithStreamShape(StreamShape{Deltas: 3}))
	c := newClient(t, s)
	th, evs := startStream(t, c, streamCases[1])
	ra := evs[len(evs)-2].Run.RequiredAction
	if ra == nil || len(ra.SubmitToolOutputs.ToolCalls) != 1 {
		t.Fatalf("required action: got %+v, want one tool call", ra)
	}
	call := ra.SubmitToolOutputs.ToolCalls[0]
	diff(t, "required call", call.Function, contract.RequiredToolCallFn{Name: "get_current_weather", Arguments: `{"location":"example","unit":"celsius"}`})
	runID := evs[0].Run.ID
	cont := c.stream("/threads/"+th.ID+"/runs/"+runID+"/submit_tool_outputs", body{
		"tool_outputs": []any{body{"tool_call_id": call.ID, "output": `{"temperature":22}`}}, "stream": true,
	})
	diff(t, "continuation", names(cont), seq(cat([]any{"thread.run.step.completed", "thread.run.queued", "thread.run.in_progress"}, msgStep, msgDeltas3, msgEnd)...))
	out := cont[0].Step.StepDetails.ToolCalls[0].Function.Output
	if out == nil || *out != `{"temperature":22}` {
		t.Errorf("function output: got %v, want the submitted output", out)
	}
	checkStreamAgreesWithStore(t, c, th.ID, append(evs, cont...))
}

func TestCreateThreadAndRunStream(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithStreamShape(StreamShape{Deltas: 3}))
	c := newClient(t, s)
	a := c.mustAssistant()
	evs := c.stream("/threads/runs", body{"assistant_id": a.ID, "stream": true,
		"thread": body{"messages": []any{body{"role": "user", "content": "hello"}}, "metadata": body{"k": "v"}}})
	diff(t, "event names", names(evs), seq(cat([]any{"thread.created"}, runStart, msgStep, msgDeltas3, msgEnd)...))
	if got := evs[1].Run.ThreadID; got != evs[0].Thread.ID {
		t.Errorf("run thread_id %q, thread.created id %q", got, evs[0].Thread.ID)
	}
	checkStreamAgreesWithStore(t, c, evs[0].Thread.ID, evs)
}

func TestDropConnectionIsAReadError(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	c := newClient(t, s)
	a := c.mustAssistant()
	th := c.mustThread("hi")
	evs, err := c.streamErr("/threads/"+th.ID+"/runs", body{"assistant_id": a.ID, "stream": true,
		"metadata": body{MetadataOutcome: "drop_connection"}})
	var readErr *sse.ReadError
	if !errors.As(err, &readErr) || errors.Is(err, runs.ErrMissingDone) {
		t.Fatalf("got error %v after %d events, want a *sse.ReadError", err, len(evs))
	}
	if len(evs) < 8 {
		t.Errorf("got %d events before the cut, want the run's start and some deltas", len(evs))
	}
	if got := c.getRun(th.ID, evs[0].Run.ID).Status; got != contract.RunStatusFailed {
		t.Errorf("run status after the cut: got %s, want failed", got)
	}
}

// TestEveryEventTypeIsProducible streams every script and outcome and
// checks that together they produce all 24 event types of CONTRACT §4.1.
func TestEveryEventTypeIsProducible(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithStreamShape(StreamShape{Deltas: 2}))
	c := newClient(t, s)
	seen := map[string]bool{}
	for _, sc := range streamCases {
		_, evs := startStream(t, c, sc)
		for _, n := range names(evs) {
			seen[n] = true
		}
	}
	a := c.mustAssistant()
	for _, n := range names(c.stream("/threads/runs", body{"assistant_id": a.ID, "stream": true})) {
		seen[n] = true
	}
	var missing []string
	for _, spec := range contract.Events() {
		if !seen[string(spec.Name)] {
			missing = append(missing, string(spec.Name))
		}
	}
	if len(missing) > 0 {
		t.Errorf("event types never produced: %v", missing)
	}
	if n := len(contract.Events()) - 1; n != 24 {
		t.Errorf("the catalogue has %d event types besides done, want 24", n)
	}
}
