package conformance

import (
	"context"
	"fmt"
	"net/http"

	"github.com/runsuite/runsuite/contract"
)

// What the stream checks share: streamed requests whose answers are judged
// by InspectStreamAs, and the runs they stream (a plain text reply, a
// function call that stops in requires_action and its streamed submit).

// The operations the stream checks exercise.
var (
	opsStreamCreate = []contract.OperationID{contract.OpCreateStreamRaw}
	opsStreamBoth   = []contract.OperationID{contract.OpCreateStreamRaw, contract.OpSubmitToolOutputsStreamRaw}
	opsStreamSubmit = []contract.OperationID{contract.OpSubmitToolOutputsStreamRaw}
)

// acceptSSE is the Accept header of the Ruby SDK's stream calls; Node and
// Go send application/json (CONTRACT §8.1), which stream.body-flag tries.
var acceptSSE = http.Header{"Accept": {"text/event-stream"}}

// streamAnswer is one streamed request's answer and what the inspector
// saw in it.
type streamAnswer struct {
	x  exchange
	in *StreamInspection
}

// findings returns the inspector's findings of rule, with the request
// line and status of the answer as evidence.
func (a streamAnswer) findings(rule string) []Finding {
	out := a.in.Rule(rule)
	for i := range out {
		out[i].Request, out[i].Status = a.x.Request, a.x.Status
	}
	return out
}

// sendStream sends a streamed POST (body gets "stream": true) and inspects
// its answer as a stream of kind. A refused request stops the check with a
// finding; an answer that is not an event stream is judged as one all the
// same, so its bytes show up as the findings they cause.
func sendStream(ctx context.Context, t *T, kind StreamKind, path string, body map[string]any, hdr http.Header, step string) streamAnswer {
	body["stream"] = true
	if hdr == nil {
		hdr = acceptSSE
	}
	x := send(ctx, t, http.MethodPost, path, body, hdr)
	mustOK(t, x, step)
	return streamAnswer{x: x, in: InspectStreamAs(kind, x.Body)}
}

// mustEventStream stops check id with a finding when a's answer is not an
// event stream at all; checks that judge what a stream carries use it so
// that a JSON answer is not mistaken for an empty stream.
func mustEventStream(t *T, id string, a streamAnswer, step string) {
	if ct := a.x.Header.Get("Content-Type"); !isEventStream(ct) {
		t.FailNow(Finding{Message: id + ": " + step + ": the answer is not an event stream",
			Evidence: evidenceWant(a.x.evidence(), "Content-Type: text/event-stream", "Content-Type: "+quoteEmpty(ct))})
	}
}

// streamText sets up a thread and streams a plain text run on it.
func streamText(ctx context.Context, t *T, hdr http.Header) (threadID string, a streamAnswer) {
	asst, thread := setupThread(ctx, t, "Say hello.", nil)
	a = sendStream(ctx, t, StreamCreate, kitRunPath(thread, ""), runBody(t, asst, nil), hdr, "create a streamed run")
	return thread, a
}

// forceWeather is the tool_choice that makes a run call get_weather.
func forceWeather() map[string]any {
	return map[string]any{"type": "function", "function": map[string]any{"name": "get_weather"}}
}

// streamFunction sets up a thread and streams a run forced to call the
// get_weather function, which must stop in requires_action; check id names
// the failure when it does not.
func streamFunction(ctx context.Context, t *T, id string) (threadID string, a streamAnswer) {
	const step = "create a streamed run forced to call a function"
	asst, thread := setupThread(ctx, t, "What is the weather in Paris? Call get_weather.", []contract.Tool{weatherTool()})
	a = sendStream(ctx, t, StreamCreate, kitRunPath(thread, ""), runBody(t, asst, map[string]any{"tool_choice": forceWeather()}), nil, step)
	mustEventStream(t, id, a, step)
	if requiredRun(a) == nil {
		t.FailNow(Finding{Message: id + ": a streamed run forced to call a function did not stop for its tool outputs",
			Evidence: evidenceWant(a.x.evidence(), "a thread.run.requires_action event", fmt.Sprintf("events: %s", eventNames(a.in)))})
	}
	return thread, a
}

// requiredRun returns the run of the stream's requires_action event.
func requiredRun(a streamAnswer) *contract.Run {
	for _, e := range a.in.Events {
		if e.Name == contract.EventThreadRunRequiresAction && e.Run != nil {
			return e.Run
		}
	}
	return nil
}

// streamSubmit answers every tool call of the run a function stream
// stopped (requiredRun(waiting) is not nil), with "stream": true, and
// inspects the continuation.
func streamSubmit(ctx context.Context, t *T, threadID string, waiting streamAnswer) streamAnswer {
	r := requiredRun(waiting)
	body := map[string]any{"tool_outputs": toolOutputs(*r)}
	return sendStream(ctx, t, StreamSubmit, kitRunPath(threadID, r.ID, "submit_tool_outputs"), body, nil, "submit tool outputs with streaming")
}

// streamsToJudge streams what rule check id judges: a text run, and when
// the target has tool calls, a function run and its streamed submit.
func streamsToJudge(ctx context.Context, t *T, id string) []streamAnswer {
	_, text := streamText(ctx, t, nil)
	mustEventStream(t, id, text, "create a streamed run")
	out := []streamAnswer{text}
	if t.Has(CapToolCalls) {
		thread, fn := streamFunction(ctx, t, id)
		sub := streamSubmit(ctx, t, thread, fn)
		mustEventStream(t, id, sub, "submit tool outputs with streaming")
		out = append(out, fn, sub)
	}
	return out
}

// eventNames lists the names of a stream's events for evidence, shortened.
func eventNames(in *StreamInspection) string {
	const max = 40
	s := ""
	for i, e := range in.Events {
		if i == max {
			return s + fmt.Sprintf(" … (%d events)", len(in.Events))
		}
		if i > 0 {
			s += " "
		}
		s += string(e.Name)
	}
	if s == "" {
		return "none"
	}
	return s
}
