package conformance

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/runsuite/runsuite/contract"
)

// Server checks of what streams do to runs: a streamed submit continues the
// run it answers, what a stream showed is what listing shows afterwards,
// and create-thread-and-run streams like a run does (CONTRACT §4.1, §1).

// The ids of the checks in this file.
const (
	RuleSubmitContinuesRun  = "stream.submit-continues-run"
	RuleListedMatchStreamed = "stream.listed-match-streamed"
	RuleThreadAndRun        = "stream.thread-and-run"
)

var _ = register(Check{
	ID:         RuleSubmitContinuesRun,
	Title:      "A streamed submit_tool_outputs continues the same run from requires_action to a terminal status",
	Side:       SideServer,
	Operations: opsStreamSubmit,
	Needs:      []Capability{CapStreaming, CapToolCalls},
	Section:    "§4.1",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		id := RuleSubmitContinuesRun
		thread, fn := streamFunction(ctx, t, id)
		runID := requiredRun(fn).ID
		sub := streamSubmit(ctx, t, thread, fn)
		mustEventStream(t, id, sub, "submit tool outputs with streaming")
		var final *contract.Run
		for i, e := range sub.in.Events {
			switch {
			case e.Name == contract.EventThreadRunCreated:
				t.Fail(Finding{Message: id + ": the submit stream creates a run instead of continuing one",
					Evidence: evidenceWant(sub.x.evidence(), "no thread.run.created", "thread.run.created at event "+fmt.Sprint(i))})
			case e.Run != nil && e.Run.ID != runID:
				ev := evidenceAt(sub.x.evidence(), "/id", runID, e.Run.ID)
				ev.EventIndex = At(i)
				t.Fail(Finding{Message: id + ": a run event of the submit stream is about another run", Evidence: ev})
			case e.Run != nil && e.Run.Status.Terminal():
				final = e.Run
			}
		}
		if final == nil {
			t.FailNow(Finding{Message: id + ": the submit stream never brings the run to a terminal status",
				Evidence: evidenceWant(sub.x.evidence(), "a terminal thread.run event", "events: "+eventNames(sub.in))})
		}
		got := retrieveRun(ctx, t, thread, runID)
		if got.run.Status != final.Status {
			t.Fail(Finding{Message: id + ": the run retrieved after the submit stream is not in the status the stream ended it in",
				Evidence: evidenceAt(got.x.evidence(), "/status", string(final.Status), string(got.run.Status))})
		}
	},
})

// streamedSteps returns the last status the stream gave each step, by id,
// and the steps' ids in order of creation.
func streamedSteps(in *StreamInspection) (map[string]contract.StepStatus, []string) {
	status := map[string]contract.StepStatus{}
	var order []string
	for _, e := range in.Events {
		if e.Step == nil {
			continue
		}
		if _, seen := status[e.Step.ID]; !seen {
			order = append(order, e.Step.ID)
		}
		status[e.Step.ID] = e.Step.Status
	}
	return status, order
}

// streamedMessages returns the messages the stream completed, by id.
func streamedMessages(in *StreamInspection) map[string]*contract.Message {
	out := map[string]*contract.Message{}
	for _, e := range in.Events {
		if e.Message != nil && (e.Name == contract.EventThreadMessageCompleted || e.Name == contract.EventThreadMessageIncomplete) {
			out[e.Message.ID] = e.Message
		}
	}
	return out
}

// messageText joins the text blocks of a message.
func messageText(m *contract.Message) string {
	var b strings.Builder
	for _, c := range m.Content {
		if c.Text != nil {
			b.WriteString(c.Text.Value)
		}
	}
	return b.String()
}

var _ = register(Check{
	ID:         RuleListedMatchStreamed,
	Title:      "After a stream, listing the run's steps and the thread's messages shows what was streamed",
	Side:       SideServer,
	Operations: []contract.OperationID{contract.OpCreateStreamRaw, contract.OpStepsList},
	Needs:      []Capability{CapStreaming},
	Section:    "§4.1",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		id := RuleListedMatchStreamed
		thread, a := streamText(ctx, t, nil)
		mustEventStream(t, id, a, "create a streamed run")
		steps, order := streamedSteps(a.in)
		msgs := streamedMessages(a.in)
		if a.in.RunID == "" || len(order) == 0 || len(msgs) == 0 {
			t.FailNow(Finding{Message: id + ": nothing to compare: the stream shows no run, step or completed message",
				Evidence: evidenceWant(a.x.evidence(), "a run with a step and a completed message", "events: "+eventNames(a.in))})
		}
		if !a.in.Done {
			t.FailNow(Finding{Message: id + ": the stream did not end with done", Evidence: evidenceWant(a.x.evidence(), "done", "events: "+eventNames(a.in))})
		}
		x := send(ctx, t, http.MethodGet, kitRunPath(thread, a.in.RunID, "steps")+"?limit=100&order=asc", nil, nil)
		listed := decodeList[contract.RunStep](t, x, "list the run's steps")
		var ids []string
		for k, s := range listed.Data {
			ids = append(ids, s.ID)
			if want, ok := steps[s.ID]; ok && s.Status != want {
				t.Fail(Finding{Message: id + ": a listed step is not in the status the stream left it in",
					Evidence: evidenceAt(x.evidence(), fmt.Sprintf("/data/%d/status", k), string(want), string(s.Status))})
			}
		}
		if slices.Sort(ids); !slices.Equal(ids, slices.Sorted(slices.Values(order))) {
			t.Fail(Finding{Message: id + ": the listed steps are not the steps the stream created",
				Evidence: evidenceAt(x.evidence(), "/data", strings.Join(order, " "), quoteEmpty(strings.Join(ids, " ")))})
		}
		x = send(ctx, t, http.MethodGet, "threads/"+url.PathEscape(thread)+"/messages?limit=100&order=asc", nil, nil)
		listedMsgs := decodeList[contract.Message](t, x, "list the thread's messages")
		for mid, want := range msgs {
			k := slices.IndexFunc(listedMsgs.Data, func(m contract.Message) bool { return m.ID == mid })
			if k < 0 {
				t.Fail(Finding{Message: id + ": a streamed message is missing from the thread's messages",
					Evidence: evidenceAt(x.evidence(), "/data", "a message with id "+mid, "none")})
				continue
			}
			got := &listedMsgs.Data[k]
			if got.Status != want.Status {
				t.Fail(Finding{Message: id + ": a listed message is not in the status the stream left it in",
					Evidence: evidenceAt(x.evidence(), fmt.Sprintf("/data/%d/status", k), string(want.Status), string(got.Status))})
			}
			if g, w := messageText(got), messageText(want); g != w {
				t.Fail(Finding{Message: id + ": a listed message's text is not the text the stream completed",
					Evidence: evidenceAt(x.evidence(), fmt.Sprintf("/data/%d/content", k), clipQuote(w), clipQuote(g))})
			}
		}
	},
})

var _ = register(Check{
	ID:         RuleThreadAndRun,
	Title:      "A streamed create-thread-and-run (POST /threads/runs) starts with thread.created and streams its run well-formed to done",
	Side:       SideServer,
	Operations: opsStreamCreate,
	Needs:      []Capability{CapStreaming},
	Section:    "§4.1",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		id := RuleThreadAndRun
		asst := setupAssistant(ctx, t, nil)
		body := runBody(t, asst, map[string]any{
			"thread": map[string]any{"messages": []map[string]any{{"role": "user", "content": "Say hello."}}},
		})
		a := sendStream(ctx, t, StreamThreadAndRun, "threads/runs", body, nil, "create a thread and run with streaming")
		mustEventStream(t, id, a, "create a thread and run with streaming")
		for _, f := range a.in.Findings {
			f.Message = id + ": " + f.Message
			f.Request, f.Status = a.x.Request, a.x.Status
			t.Fail(f)
		}
		if a.in.Count(contract.EventThreadCreated) != 1 || a.in.Texts == 0 {
			t.Fail(Finding{Message: id + ": the stream does not create a thread and answer in it",
				Evidence: evidenceWant(a.x.evidence(), "thread.created, then a run that completes a message", "events: "+eventNames(a.in))})
		}
	},
})
