package conformance

import (
	"context"
	"net/http"

	"github.com/runsuite/runsuite/contract"
)

// Server checks of how a stream is asked for and answered on the wire: the
// body's "stream" flag decides, never the Accept header (docs/contract.md
// §4.3), and a stream is served as text/event-stream (§4.1).

var _ = register(Check{
	ID:         RuleContentType,
	Title:      `A request with "stream": true is answered with Content-Type: text/event-stream`,
	Side:       SideServer,
	Operations: opsStreamBoth,
	Needs:      []Capability{CapStreaming},
	Section:    "§4.1",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		_, text := streamText(ctx, t, nil)
		answers := []streamAnswer{text}
		if t.Has(CapToolCalls) {
			// Not streamFunction: its events are read whatever the label.
			asst, thread := setupThread(ctx, t, "What is the weather in Paris? Call get_weather.", []contract.Tool{weatherTool()})
			fn := sendStream(ctx, t, StreamCreate, kitRunPath(thread, ""), runBody(t, asst, map[string]any{"tool_choice": forceWeather()}), nil, "create a streamed run forced to call a function")
			answers = append(answers, fn)
			if requiredRun(fn) != nil {
				answers = append(answers, streamSubmit(ctx, t, thread, fn))
			}
		}
		for _, a := range answers {
			if ct := a.x.Header.Get("Content-Type"); !isEventStream(ct) {
				t.Fail(Finding{Message: RuleContentType + ": a streamed answer is not labelled as an event stream",
					Evidence: evidenceWant(a.x.evidence(), "Content-Type: text/event-stream", "Content-Type: "+quoteEmpty(ct))})
			}
		}
	},
})

// RuleBodyFlag is the id of the check that the body's "stream" flag asks
// for a stream even when Accept says application/json.
const RuleBodyFlag = "stream.body-flag"

var _ = register(Check{
	ID:         RuleBodyFlag,
	Title:      `A request with "stream": true and Accept: application/json (as Node and Go send it) is answered with a stream`,
	Side:       SideServer,
	Operations: opsStreamCreate,
	Needs:      []Capability{CapStreaming},
	Section:    "§4.3",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		_, a := streamText(ctx, t, http.Header{"Accept": {"application/json"}})
		if ct := a.x.Header.Get("Content-Type"); !isEventStream(ct) {
			t.FailNow(Finding{Message: RuleBodyFlag + `: "stream": true was answered without a stream because Accept said application/json`,
				Evidence: evidenceWant(a.x.evidence(), "Content-Type: text/event-stream", "Content-Type: "+quoteEmpty(ct))})
		}
		if !a.in.Done || a.in.RunID == "" {
			t.Fail(Finding{Message: RuleBodyFlag + ": the stream asked for with Accept: application/json is not a run stream ending with done",
				Evidence: evidenceWant(a.x.evidence(), "thread.run.* events, then done", "events: "+eventNames(a.in))})
		}
	},
})

var _ = register(Check{
	ID:         RuleJSONWithoutFlag,
	Title:      `A request without "stream": true is answered with a JSON run, even with Accept: text/event-stream`,
	Side:       SideServer,
	Operations: []contract.OperationID{contract.OpCreate},
	Section:    "§4.3",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		asst, thread := setupThread(ctx, t, "Say hello.", nil)
		x := send(ctx, t, http.MethodPost, kitRunPath(thread, ""), runBody(t, asst, nil), acceptSSE)
		mustOK(t, x, "create a run with Accept: text/event-stream")
		if ct := x.Header.Get("Content-Type"); isEventStream(ct) {
			t.FailNow(Finding{Message: RuleJSONWithoutFlag + `: a request without "stream": true was answered with a stream because Accept asked for one`,
				Evidence: evidenceWant(x.evidence(), "Content-Type: application/json", "Content-Type: "+ct)})
		}
		if x.str("object") != contract.ObjectRun {
			t.Fail(Finding{Message: RuleJSONWithoutFlag + ": the answer is not a JSON run",
				Evidence: evidenceAt(x.evidence(), "/object", contract.ObjectRun, describeBody(x.Body))})
		}
	},
})
