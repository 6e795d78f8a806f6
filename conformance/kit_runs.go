package conformance

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"time"

	"github.com/runsuite/runsuite/contract"
)

// Runs in the kit: create, retrieve, poll and drive a run to where a check
// needs it, with bounded loops.

// Bounds of polling a run.
const (
	pollInterval = 50 * time.Millisecond
	maxPolls     = 400 // with pollInterval, at least 20 s
)

// runSeen is one observation of a run: the answer and the run it held.
type runSeen struct {
	x   exchange
	run contract.Run
}

// decodeRun reads the run in x, stopping the check with a finding naming
// step when x is not a 2xx answer holding a run (and findings of its shape
// when it does not decode).
func decodeRun(t *T, x exchange, step string) contract.Run {
	mustOK(t, x, step)
	var r contract.Run
	if err := json.Unmarshal(x.Body, &r); err != nil {
		shape(t, contract.ObjectRun, x) // the violations say where
		t.FailNow(Finding{Message: step + ": the answer is not a run: " + err.Error(), Evidence: evidenceWant(x.evidence(), "a thread.run object", describeBody(x.Body))})
	}
	if r.ID == "" || r.Status == "" {
		t.FailNow(Finding{Message: step + ": the answer is not a run", Evidence: evidenceWant(x.evidence(), "a thread.run with id and status", describeBody(x.Body))})
	}
	return r
}

// runBody returns the body of a create-run request for the assistant,
// with extra keys merged over it and the target's model when it names one.
func runBody(t *T, assistantID string, extra map[string]any) map[string]any {
	body := map[string]any{"assistant_id": assistantID}
	if t.Target.Model != "" {
		body["model"] = t.Target.Model
	}
	maps.Copy(body, extra)
	return body
}

// kitRunPath is the path of the run (or of the thread's runs when runID is "").
func kitRunPath(threadID, runID string, rest ...string) string {
	p := "threads/" + url.PathEscape(threadID) + "/runs"
	if runID != "" {
		p += "/" + url.PathEscape(runID)
	}
	for _, r := range rest {
		p += "/" + r
	}
	return p
}

// createRun creates a run on the thread without streaming.
func createRun(ctx context.Context, t *T, threadID string, body map[string]any) runSeen {
	x := send(ctx, t, http.MethodPost, kitRunPath(threadID, ""), body, nil)
	return runSeen{x, decodeRun(t, x, "create a run")}
}

// retrieveRun reads the run once.
func retrieveRun(ctx context.Context, t *T, threadID, runID string) runSeen {
	x := send(ctx, t, http.MethodGet, kitRunPath(threadID, runID), nil, nil)
	return runSeen{x, decodeRun(t, x, "retrieve the run")}
}

// settled reports whether a run waits for nothing but the caller: it is
// terminal or requires action.
func settled(s contract.RunStatus) bool {
	return s.Terminal() || s == contract.RunStatusRequiresAction
}

// pollRun retrieves the run until done says its status is reached, at
// most maxPolls times, pollInterval apart, and returns every observation
// (the last one satisfies done). A run that never gets there is a finding
// that stops the check.
func pollRun(ctx context.Context, t *T, threadID, runID string, done func(contract.RunStatus) bool) []runSeen {
	var seen []runSeen
	for i := 0; i < maxPolls; i++ {
		s := retrieveRun(ctx, t, threadID, runID)
		seen = append(seen, s)
		if done(s.run.Status) {
			return seen
		}
		select {
		case <-ctx.Done():
			t.Errorf("poll %s: %v", s.x.Request, context.Cause(ctx))
		case <-time.After(pollInterval):
		}
	}
	last := seen[len(seen)-1]
	t.FailNow(Finding{
		Message:  fmt.Sprintf("the run did not settle within %d polls", maxPolls),
		Evidence: evidenceAt(last.x.evidence(), "/status", "a terminal status or requires_action", string(last.run.Status)),
	})
	return nil
}

// finishRun creates a run on the thread and follows it until it settles
// (terminal or requires_action), streaming it when the target streams (the
// quickest way) and polling otherwise. It returns the run as retrieved
// once settled. A stream it cannot use (refused, or naming no run) falls
// back to polling, so that the checks using it judge runs, not streams.
func finishRun(ctx context.Context, t *T, threadID string, body map[string]any) runSeen {
	runID := ""
	if t.Has(CapStreaming) {
		runID = streamRun(ctx, t, threadID, body)
	}
	if runID == "" {
		runID = createRun(ctx, t, threadID, body).run.ID
	}
	seen := pollRun(ctx, t, threadID, runID, settled)
	return seen[len(seen)-1]
}

// streamRun creates a run with "stream": true, reads the stream to its end
// and returns the run's id: from the stream, else the newest run of the
// thread. It returns "" when the target refused the stream.
func streamRun(ctx context.Context, t *T, threadID string, body map[string]any) string {
	streamed := maps.Clone(body)
	streamed["stream"] = true
	x := send(ctx, t, http.MethodPost, kitRunPath(threadID, ""), streamed, http.Header{"Accept": {"text/event-stream"}})
	if !x.ok() {
		return ""
	}
	if id := streamedRunID(x.Body); id != "" {
		return id
	}
	lx := send(ctx, t, http.MethodGet, kitRunPath(threadID, "")+"?limit=1", nil, nil)
	newest := decodeList[struct {
		ID string `json:"id"`
	}](t, lx, "find the streamed run")
	if len(newest.Data) == 0 {
		t.FailNow(Finding{Message: "a run created with stream: true is nowhere", Evidence: evidenceAt(lx.evidence(), "/data", "the streamed run", "no runs")})
	}
	return newest.Data[0].ID
}

// streamedRunID returns the id of the first thread.run object in an event
// stream's data lines, "" when there is none.
func streamedRunID(stream []byte) string {
	for _, line := range splitLines(stream) {
		const prefix = "data:"
		if len(line) <= len(prefix) || string(line[:len(prefix)]) != prefix {
			continue
		}
		var obj struct {
			ID     string `json:"id"`
			Object string `json:"object"`
		}
		if json.Unmarshal(line[len(prefix):], &obj) == nil && obj.Object == contract.ObjectRun && obj.ID != "" {
			return obj.ID
		}
	}
	return ""
}

// splitLines splits b at \n, \r\n and \r.
func splitLines(b []byte) [][]byte {
	var out [][]byte
	start := 0
	for i := 0; i < len(b); i++ {
		if b[i] != '\n' && b[i] != '\r' {
			continue
		}
		out = append(out, b[start:i])
		if b[i] == '\r' && i+1 < len(b) && b[i+1] == '\n' {
			i++
		}
		start = i + 1
	}
	return append(out, b[start:])
}

// textRun sets up a thread and drives a plain text run on it to its end.
func textRun(ctx context.Context, t *T) (assistantID, threadID string, done runSeen) {
	assistantID, threadID = setupThread(ctx, t, "Say hello.", nil)
	done = finishRun(ctx, t, threadID, runBody(t, assistantID, nil))
	if !done.run.Status.Terminal() {
		t.FailNow(Finding{Message: "a plain text run did not end", Evidence: evidenceAt(done.x.evidence(), "/status", "a terminal status", string(done.run.Status))})
	}
	return assistantID, threadID, done
}

// actionRun sets up a thread and drives a run that must call the
// get_weather function (tool_choice forces it) until it requires action.
// Checks using it need CapToolCalls.
func actionRun(ctx context.Context, t *T) (assistantID, threadID string, waiting runSeen) {
	assistantID, threadID = setupThread(ctx, t, "What is the weather in Paris? Call get_weather.", []contract.Tool{weatherTool()})
	waiting = finishRun(ctx, t, threadID, runBody(t, assistantID, map[string]any{
		"tool_choice": map[string]any{"type": "function", "function": map[string]any{"name": "get_weather"}},
	}))
	if waiting.run.Status != contract.RunStatusRequiresAction || waiting.run.RequiredAction == nil ||
		len(waiting.run.RequiredAction.SubmitToolOutputs.ToolCalls) == 0 {
		t.FailNow(Finding{Message: "a run forced to call a function did not stop for its tool outputs", Evidence: evidenceAt(waiting.x.evidence(), "/status", "requires_action with a tool call", string(waiting.run.Status))})
	}
	return assistantID, threadID, waiting
}

// toolOutputs answers every tool call the run waits on.
func toolOutputs(r contract.Run) []map[string]any {
	var out []map[string]any
	if r.RequiredAction == nil {
		return out
	}
	for _, c := range r.RequiredAction.SubmitToolOutputs.ToolCalls {
		out = append(out, map[string]any{"tool_call_id": c.ID, "output": `{"temperature_c":21}`})
	}
	return out
}

// decodeList reads a list answer, stopping the check with a finding naming
// step when x is not a 2xx answer holding a list (and findings of its
// shape when it does not decode).
func decodeList[E any](t *T, x exchange, step string) contract.List[E] {
	mustOK(t, x, step)
	var l contract.List[E]
	if err := json.Unmarshal(x.Body, &l); err != nil {
		shape(t, contract.ObjectList, x) // the violations say where
		t.FailNow(Finding{Message: step + ": the answer is not a list: " + err.Error(), Evidence: evidenceWant(x.evidence(), "a list object", describeBody(x.Body))})
	}
	return l
}
