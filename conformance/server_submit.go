package conformance

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/runsuite/runsuite/contract"
)

// Server checks of function tool calls (CONTRACT §2.2, §3.1): a run waits
// in requires_action with well-formed calls, resumes on its tool outputs,
// and refuses outputs it did not ask for.

var opsSubmit = []contract.OperationID{contract.OpSubmitToolOutputs}

// kitSubmitPath is the path of the run's submit_tool_outputs.
func kitSubmitPath(threadID, runID string) string {
	return kitRunPath(threadID, runID, "submit_tool_outputs")
}

var _ = register(Check{
	ID:         "runs.submit.required-action",
	Title:      "A run waiting for tool outputs names each function call: a call_ id, type function, the function's name and JSON arguments",
	Side:       SideServer,
	Operations: []contract.OperationID{contract.OpRetrieve},
	Needs:      []Capability{CapToolCalls},
	Section:    "§3.1",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		_, _, waiting := actionRun(ctx, t)
		shape(t, contract.ObjectRun, waiting.x)
		ids := map[string]bool{}
		for i, c := range waiting.run.RequiredAction.SubmitToolOutputs.ToolCalls {
			p := fmt.Sprintf("/required_action/submit_tool_outputs/tool_calls/%d", i)
			if ids[c.ID] {
				t.Fail(Finding{Message: "two tool calls share an id", Evidence: evidenceAt(waiting.x.evidence(), p+"/id", "a distinct id", c.ID)})
			}
			ids[c.ID] = true
			expectValue(t, waiting.x, "the call is not to the function tool_choice forced", p+"/function/name", "get_weather", c.Function.Name)
			var args map[string]any
			if err := json.Unmarshal([]byte(c.Function.Arguments), &args); err != nil {
				t.Fail(Finding{Message: "the call's arguments are not a JSON object", Evidence: evidenceAt(waiting.x.evidence(), p+"/function/arguments", "a JSON object in a string", describeBody([]byte(c.Function.Arguments)))})
			}
		}
	},
})

var _ = register(Check{
	ID:         "runs.submit.resumes",
	Title:      "Submitting every tool output resumes the same run, which leaves requires_action and completes",
	Side:       SideServer,
	Operations: opsSubmit,
	Needs:      []Capability{CapToolCalls},
	Section:    "§2.2",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		_, thread, waiting := actionRun(ctx, t)
		x := send(ctx, t, http.MethodPost, kitSubmitPath(thread, waiting.run.ID), map[string]any{"tool_outputs": toolOutputs(waiting.run)}, nil)
		r := decodeRun(t, x, "submit the tool outputs")
		expectValue(t, x, "submit answered another run", "/id", waiting.run.ID, r.ID)
		if r.Status == contract.RunStatusRequiresAction || r.Status.Terminal() && r.Status != contract.RunStatusCompleted {
			t.Fail(Finding{Message: "the run did not resume on its tool outputs", Evidence: evidenceAt(x.evidence(), "/status", "queued, in_progress or completed", string(r.Status))})
		}
		seen := pollRun(ctx, t, thread, waiting.run.ID, settled)
		end := seen[len(seen)-1]
		if end.run.Status != contract.RunStatusCompleted {
			t.Fail(Finding{Message: "the run did not complete after its tool outputs", Evidence: evidenceAt(end.x.evidence(), "/status", "completed", string(end.run.Status))})
		}
	},
})

var _ = register(Check{
	ID:         "runs.submit.shape",
	Title:      "Submitting tool outputs answers a thread.run of the contract's shape",
	Side:       SideServer,
	Operations: opsSubmit,
	Needs:      []Capability{CapToolCalls},
	Section:    "§3.1",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		_, thread, waiting := actionRun(ctx, t)
		x := send(ctx, t, http.MethodPost, kitSubmitPath(thread, waiting.run.ID), map[string]any{"tool_outputs": toolOutputs(waiting.run)}, nil)
		mustOK(t, x, "submit the tool outputs")
		shape(t, contract.ObjectRun, x)
	},
})

var _ = register(Check{
	ID:         "runs.submit.outside-requires-action",
	Title:      "Submitting tool outputs to a run that is not waiting for them answers 400 with the error envelope",
	Side:       SideServer,
	Operations: opsSubmit,
	Section:    "§9",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		_, thread, done := textRun(ctx, t)
		x := send(ctx, t, http.MethodPost, kitSubmitPath(thread, done.run.ID), map[string]any{
			"tool_outputs": []map[string]any{{"tool_call_id": "call_runsuiteNotAwaited0000", "output": "{}"}},
		}, nil)
		refused(t, x, http.StatusBadRequest, "")
	},
})

// refusedSubmit submits outputs to a waiting run, wants a 400, and wants
// the run still waiting for the same calls afterwards.
func refusedSubmit(ctx context.Context, t *T, outputs func(waiting contract.Run) []map[string]any) {
	_, thread, waiting := actionRun(ctx, t)
	x := send(ctx, t, http.MethodPost, kitSubmitPath(thread, waiting.run.ID), map[string]any{"tool_outputs": outputs(waiting.run)}, nil)
	refused(t, x, http.StatusBadRequest, "")
	after := retrieveRun(ctx, t, thread, waiting.run.ID)
	if after.run.Status != contract.RunStatusRequiresAction {
		t.Fail(Finding{Message: "refused tool outputs moved the run on", Evidence: evidenceAt(after.x.evidence(), "/status", "requires_action", string(after.run.Status))})
	}
}

var _ = register(Check{
	ID:         "runs.submit.unknown-call-id",
	Title:      "Tool outputs naming a call the run did not make answer 400 and leave the run waiting",
	Side:       SideServer,
	Operations: opsSubmit,
	Needs:      []Capability{CapToolCalls},
	Section:    "§2.2",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		refusedSubmit(ctx, t, func(waiting contract.Run) []map[string]any {
			out := toolOutputs(waiting)
			out[0]["tool_call_id"] = "call_runsuiteUnknown000000"
			return out
		})
	},
})

var _ = register(Check{
	ID:         "runs.submit.missing-call-id",
	Title:      "Tool outputs without a tool_call_id answer 400 and leave the run waiting",
	Side:       SideServer,
	Operations: opsSubmit,
	Needs:      []Capability{CapToolCalls},
	Section:    "§2.2",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		refusedSubmit(ctx, t, func(waiting contract.Run) []map[string]any {
			out := toolOutputs(waiting)
			delete(out[0], "tool_call_id")
			return out
		})
	},
})

var _ = register(Check{
	ID:         "runs.submit.duplicate-call-id",
	Title:      "Tool outputs naming one call twice answer 400 and leave the run waiting",
	Side:       SideServer,
	Operations: opsSubmit,
	Needs:      []Capability{CapToolCalls},
	Section:    "§2.2",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		refusedSubmit(ctx, t, func(waiting contract.Run) []map[string]any {
			out := toolOutputs(waiting)
			return append(out, map[string]any{"tool_call_id": out[0]["tool_call_id"], "output": "again"})
		})
	},
})

var _ = register(Check{
	ID:         "runs.submit.unanswered-call",
	Title:      "Tool outputs that leave an awaited call unanswered (none at all) answer 400 and leave the run waiting",
	Side:       SideServer,
	Operations: opsSubmit,
	Needs:      []Capability{CapToolCalls},
	Section:    "§2.2",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		refusedSubmit(ctx, t, func(contract.Run) []map[string]any { return []map[string]any{} })
	},
})
