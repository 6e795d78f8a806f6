package conformance

import (
	"context"
	"fmt"

	"github.com/runsuite/runsuite/contract"
)

// Server checks of retrieving a run (CONTRACT §3.1): the same run, in the
// contract's shape, stamped as its status says.

var opsRetrieve = []contract.OperationID{contract.OpRetrieve}

var _ = register(Check{
	ID:         "runs.retrieve.shape",
	Title:      "Retrieving a run, queued or ended, answers a thread.run of the contract's shape",
	Side:       SideServer,
	Operations: opsRetrieve,
	Section:    "§3.1",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		asst, thread := setupThread(ctx, t, "Say hello.", nil)
		created := createRun(ctx, t, thread, runBody(t, asst, nil))
		shape(t, contract.ObjectRun, retrieveRun(ctx, t, thread, created.run.ID).x)
		_, _, done := textRun(ctx, t)
		shape(t, contract.ObjectRun, done.x)
	},
})

var _ = register(Check{
	ID:         "runs.retrieve.same-run",
	Title:      "A retrieved run is the run created: same id, thread, assistant, created_at, model and instructions",
	Side:       SideServer,
	Operations: opsRetrieve,
	Section:    "§3.1",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		asst, thread := setupThread(ctx, t, "Say hello.", nil)
		c := createRun(ctx, t, thread, runBody(t, asst, nil))
		r := retrieveRun(ctx, t, thread, c.run.ID)
		x := r.x
		expectEqual := func(t *T, x exchange, pointer, want, got string) {
			expectValue(t, x, "the retrieved run differs from the created one", pointer, want, got)
		}
		expectEqual(t, x, "/id", c.run.ID, r.run.ID)
		expectEqual(t, x, "/thread_id", c.run.ThreadID, r.run.ThreadID)
		expectEqual(t, x, "/assistant_id", c.run.AssistantID, r.run.AssistantID)
		expectEqual(t, x, "/created_at", fmt.Sprint(c.run.CreatedAt), fmt.Sprint(r.run.CreatedAt))
		expectEqual(t, x, "/model", c.run.Model, r.run.Model)
		expectEqual(t, x, "/instructions", c.run.Instructions, r.run.Instructions)
	},
})

var _ = register(Check{
	ID:         "runs.retrieve.completed-stamps",
	Title:      "A completed run has started_at and completed_at, in order, and no cancelled_at, failed_at, last_error or required_action",
	Side:       SideServer,
	Operations: opsRetrieve,
	Section:    "§3.1",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		_, _, done := textRun(ctx, t)
		r, x := done.run, done.x
		if r.Status != contract.RunStatusCompleted {
			t.Skip("the plain text run ended %s, not completed; nothing to judge", r.Status)
		}
		stampSet(t, x, "/started_at", r.StartedAt)
		if stampSet(t, x, "/completed_at", r.CompletedAt) && r.StartedAt != nil && *r.CompletedAt < *r.StartedAt {
			t.Fail(Finding{Message: "completed before it started", Evidence: evidenceAt(x.evidence(), "/completed_at", fmt.Sprintf(">= started_at %d", *r.StartedAt), fmt.Sprint(*r.CompletedAt))})
		}
		stampNull(t, x, "/cancelled_at", r.CancelledAt)
		stampNull(t, x, "/failed_at", r.FailedAt)
		if r.LastError != nil {
			t.Fail(Finding{Message: "a completed run carries an error", Evidence: evidenceAt(x.evidence(), "/last_error", "null", r.LastError.Message)})
		}
		if r.RequiredAction != nil {
			t.Fail(Finding{Message: "a completed run still requires action", Evidence: evidenceAt(x.evidence(), "/required_action", "null", "an action")})
		}
	},
})

var _ = register(Check{
	ID:         "runs.retrieve.usage",
	Title:      "A completed run reports its token usage, with total_tokens = prompt_tokens + completion_tokens",
	Side:       SideServer,
	Operations: opsRetrieve,
	Section:    "§3.1",
	Level:      LevelShould,
	Run: func(ctx context.Context, t *T) {
		_, _, done := textRun(ctx, t)
		r, x := done.run, done.x
		if r.Status != contract.RunStatusCompleted {
			t.Skip("the plain text run ended %s, not completed; nothing to judge", r.Status)
		}
		if r.Usage == nil {
			t.FailNow(Finding{Message: "a completed run has no usage", Evidence: evidenceAt(x.evidence(), "/usage", "an object", "null")})
		}
		if u := r.Usage; u.TotalTokens != u.PromptTokens+u.CompletionTokens {
			t.Fail(Finding{Message: "usage does not add up", Evidence: evidenceAt(x.evidence(), "/usage/total_tokens", fmt.Sprint(u.PromptTokens+u.CompletionTokens), fmt.Sprint(u.TotalTokens))})
		}
	},
})

// stampSet records a finding when the timestamp at pointer is null.
func stampSet(t *T, x exchange, pointer string, v *int64) bool {
	if v == nil {
		t.Fail(Finding{Message: "a timestamp the status calls for is missing", Evidence: evidenceAt(x.evidence(), pointer, "a timestamp", "null")})
		return false
	}
	return true
}

// stampNull records a finding when the timestamp at pointer is set.
func stampNull(t *T, x exchange, pointer string, v *int64) bool {
	if v != nil {
		t.Fail(Finding{Message: "a timestamp of another status is set", Evidence: evidenceAt(x.evidence(), pointer, "null", fmt.Sprint(*v))})
		return false
	}
	return true
}

// stamp renders a nullable timestamp for evidence.
func stamp(v *int64) string {
	if v == nil {
		return "null"
	}
	return fmt.Sprint(*v)
}
