package conformance

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"

	"github.com/runsuite/runsuite/contract"
)

// Server checks of run steps (CONTRACT §1, §3.2, §3.7): the steps a run
// took, in the contract's shape, listed and paged like runs.

var (
	opsStepsList     = []contract.OperationID{contract.OpStepsList}
	opsStepsRetrieve = []contract.OperationID{contract.OpStepsRetrieve}
)

// stepsOf lists up to 100 steps of the run, oldest first.
func stepsOf(ctx context.Context, t *T, threadID, runID string) (exchange, contract.List[contract.RunStep]) {
	x := send(ctx, t, http.MethodGet, kitRunPath(threadID, runID, "steps")+"?order=asc&limit=100", nil, nil)
	return x, decodeStepList(t, x)
}

// decodeStepList reads a list of steps.
func decodeStepList(t *T, x exchange) contract.List[contract.RunStep] {
	return decodeList[contract.RunStep](t, x, "list the run's steps")
}

// textRunSteps drives a plain text run to its end and lists its steps,
// which must not be none.
func textRunSteps(ctx context.Context, t *T) (threadID string, done runSeen, x exchange, steps []contract.RunStep) {
	_, threadID, done = textRun(ctx, t)
	x, l := stepsOf(ctx, t, threadID, done.run.ID)
	if len(l.Data) == 0 {
		t.FailNow(Finding{Message: "a run that ended has no steps", Evidence: evidenceAt(x.evidence(), "/data", "at least one step", "none")})
	}
	return threadID, done, x, l.Data
}

// twoStepRun drives a run that calls a function, submits its output and
// lets it complete: its steps are a tool_calls step, then a
// message_creation step. It returns their listing in that order.
func twoStepRun(ctx context.Context, t *T) listing {
	_, thread, waiting := actionRun(ctx, t)
	x := send(ctx, t, http.MethodPost, kitSubmitPath(thread, waiting.run.ID), map[string]any{"tool_outputs": toolOutputs(waiting.run)}, nil)
	decodeRun(t, x, "submit the tool outputs")
	pollRun(ctx, t, thread, waiting.run.ID, contract.RunStatus.Terminal)
	lx, l := stepsOf(ctx, t, thread, waiting.run.ID)
	var tool, msg []string
	for _, s := range l.Data {
		switch s.Type {
		case contract.StepTypeToolCalls:
			tool = append(tool, s.ID)
		case contract.StepTypeMessageCreation:
			msg = append(msg, s.ID)
		}
	}
	if len(tool) != 1 || len(msg) != 1 || len(l.Data) != 2 {
		t.FailNow(Finding{Message: "a run that called one function and answered has not one tool_calls step and one message_creation step", Evidence: evidenceAt(lx.evidence(), "/data", "2 steps: tool_calls, message_creation", fmt.Sprintf("%d steps", len(l.Data)))})
	}
	return listing{path: kitRunPath(thread, waiting.run.ID, "steps"), ids: []string{tool[0], msg[0]}}
}

var _ = register(Check{
	ID:         "steps.list.shape",
	Title:      "Listing the steps of a run that ended answers a list of thread.run.step objects of the contract's shape",
	Side:       SideServer,
	Operations: opsStepsList,
	Section:    "§3.2",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		_, _, x, _ := textRunSteps(ctx, t)
		shape(t, contract.ObjectList, x)
	},
})

var _ = register(Check{
	ID:         "steps.retrieve.shape",
	Title:      "Retrieving a run step answers a thread.run.step of the contract's shape",
	Side:       SideServer,
	Operations: opsStepsRetrieve,
	Section:    "§3.2",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		thread, done, _, steps := textRunSteps(ctx, t)
		for _, s := range steps {
			x := send(ctx, t, http.MethodGet, kitRunPath(thread, done.run.ID, "steps", s.ID), nil, nil)
			mustOK(t, x, "retrieve a step")
			shape(t, contract.ObjectRunStep, x)
		}
	},
})

var _ = register(Check{
	ID:         "steps.retrieve.same-step",
	Title:      "A retrieved step is the step listed, of the run, thread and assistant it was asked for",
	Side:       SideServer,
	Operations: []contract.OperationID{contract.OpStepsRetrieve, contract.OpStepsList},
	Section:    "§3.2",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		thread, done, _, steps := textRunSteps(ctx, t)
		for _, listed := range steps {
			x := send(ctx, t, http.MethodGet, kitRunPath(thread, done.run.ID, "steps", listed.ID), nil, nil)
			got := decodeStep(t, x)
			differs := func(ptr, want, got string) {
				expectValue(t, x, "the retrieved step is not the one listed for this run", ptr, want, got)
			}
			differs("/id", listed.ID, got.ID)
			differs("/type", string(listed.Type), string(got.Type))
			differs("/status", string(listed.Status), string(got.Status))
			differs("/run_id", done.run.ID, got.RunID)
			differs("/thread_id", thread, got.ThreadID)
			differs("/assistant_id", done.run.AssistantID, got.AssistantID)
		}
	},
})

// decodeStep reads a step answer, with shape findings when it does not decode.
func decodeStep(t *T, x exchange) contract.RunStep {
	mustOK(t, x, "retrieve a step")
	var s contract.RunStep
	if err := json.Unmarshal(x.Body, &s); err != nil || s.ID == "" {
		shape(t, contract.ObjectRunStep, x)
		t.FailNow(Finding{Message: "retrieve a step: the answer is not a step", Evidence: evidenceWant(x.evidence(), "a thread.run.step object", describeBody(x.Body))})
	}
	return s
}

var _ = register(Check{
	ID:         "steps.list.message-creation",
	Title:      "A completed text run has a completed message_creation step naming an assistant message of the thread",
	Side:       SideServer,
	Operations: opsStepsList,
	Section:    "§3.2",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		thread, done, x, steps := textRunSteps(ctx, t)
		if done.run.Status != contract.RunStatusCompleted {
			t.Skip("the plain text run ended %s, not completed; nothing to judge", done.run.Status)
		}
		var msgID string
		for i, s := range steps {
			if s.Type != contract.StepTypeMessageCreation {
				continue
			}
			if s.Status != contract.StepStatusCompleted {
				t.Fail(Finding{Message: "the message step of a completed run is not completed", Evidence: evidenceAt(x.evidence(), fmt.Sprintf("/data/%d/status", i), "completed", string(s.Status))})
			}
			if s.StepDetails.MessageCreation != nil {
				msgID = s.StepDetails.MessageCreation.MessageID
			}
		}
		if msgID == "" {
			t.FailNow(Finding{Message: "a completed text run has no message_creation step naming its message", Evidence: evidenceAt(x.evidence(), "/data", "a message_creation step", fmt.Sprintf("%d steps, none naming a message", len(steps)))})
		}
		mx := send(ctx, t, http.MethodGet, "threads/"+url.PathEscape(thread)+"/messages?limit=100", nil, nil)
		msgs := decodeList[contract.Message](t, mx, "list the thread's messages")
		for i, m := range msgs.Data {
			if m.ID == msgID {
				runID := "null"
				if m.RunID != nil {
					runID = *m.RunID
				}
				expectValue(t, mx, "the step's message is not the assistant's", fmt.Sprintf("/data/%d/role", i), string(contract.RoleAssistant), string(m.Role))
				expectValue(t, mx, "the step's message names another run", fmt.Sprintf("/data/%d/run_id", i), done.run.ID, runID)
				return
			}
		}
		t.Fail(Finding{Message: "the message the step created is not in the thread", Evidence: evidenceAt(mx.evidence(), "/data", "a message with id "+msgID, fmt.Sprintf("%d messages without it", len(msgs.Data)))})
	},
})

// The pagination of steps, on a run with two steps.

var _ = register(Check{
	ID:         "steps.list.order-desc",
	Title:      "Steps are listed newest first by default and with order=desc",
	Side:       SideServer,
	Operations: opsStepsList,
	Needs:      []Capability{CapToolCalls},
	Section:    "§2.2",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		l := twoStepRun(ctx, t)
		judgeOrder(ctx, t, l, "")
		judgeOrder(ctx, t, l, string(contract.OrderDesc))
	},
})

var _ = register(Check{
	ID:         "steps.list.order-asc",
	Title:      "Steps are listed oldest first with order=asc",
	Side:       SideServer,
	Operations: opsStepsList,
	Needs:      []Capability{CapToolCalls},
	Section:    "§2.2",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		judgeOrder(ctx, t, twoStepRun(ctx, t), string(contract.OrderAsc))
	},
})

var _ = register(Check{
	ID:         "steps.list.limit",
	Title:      "limit caps the steps listed and has_more says whether more are left",
	Side:       SideServer,
	Operations: opsStepsList,
	Needs:      []Capability{CapToolCalls},
	Section:    "§2.2",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		judgeLimit(ctx, t, twoStepRun(ctx, t))
	},
})

var _ = register(Check{
	ID:         "steps.list.cursors",
	Title:      "after and before list the steps past a cursor, in both orders",
	Side:       SideServer,
	Operations: opsStepsList,
	Needs:      []Capability{CapToolCalls},
	Section:    "§2.2",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		judgeCursors(ctx, t, twoStepRun(ctx, t))
	},
})

var _ = register(Check{
	ID:         "steps.list.first-last-ids",
	Title:      "first_id and last_id of a steps list name its first and last items",
	Side:       SideServer,
	Operations: opsStepsList,
	Needs:      []Capability{CapToolCalls},
	Section:    "§3.7",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		judgeEnds(ctx, t, twoStepRun(ctx, t))
	},
})

var _ = register(Check{
	ID:         "steps.list.paging",
	Title:      "Paging steps one at a time with after= the last id visits every step once and ends with has_more false",
	Side:       SideServer,
	Operations: opsStepsList,
	Needs:      []Capability{CapToolCalls},
	Section:    "§5",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		judgeWalk(ctx, t, twoStepRun(ctx, t))
	},
})

var _ = register(Check{
	ID:         "steps.list.limit-range",
	Title:      "A steps list limit outside 1..100 answers 400 naming limit",
	Side:       SideServer,
	Operations: opsStepsList,
	Section:    "§2.2",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		_, thread, done := textRun(ctx, t)
		judgeLimitRange(ctx, t, listing{path: kitRunPath(thread, done.run.ID, "steps")})
	},
})
