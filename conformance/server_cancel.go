package conformance

import (
	"context"
	"net/http"

	"github.com/runsuite/runsuite/contract"
)

// Server checks of cancelling a run (CONTRACT §1, §3.1): a live run goes
// cancelling, then cancelled; an ended run cannot be cancelled.

var opsCancel = []contract.OperationID{contract.OpCancel}

// cancelLiveRun cancels a run that has not ended: one waiting for tool
// outputs when the target has tool calls (it cannot end on its own), else
// a run cancelled as soon as it is created. A run that ended before the
// cancel reached it skips the check: there was nothing to judge.
func cancelLiveRun(ctx context.Context, t *T) (threadID string, before contract.Run, cancel exchange) {
	var live runSeen
	if t.Has(CapToolCalls) {
		_, threadID, live = actionRun(ctx, t)
	} else {
		var asst string
		asst, threadID = setupThread(ctx, t, "Say hello.", nil)
		live = createRun(ctx, t, threadID, runBody(t, asst, nil))
	}
	cancel = send(ctx, t, http.MethodPost, kitRunPath(threadID, live.run.ID, "cancel"), nil, nil)
	if !cancel.ok() {
		if now := retrieveRun(ctx, t, threadID, live.run.ID); now.run.Status.Terminal() {
			t.Skip("the run ended (%s) before it could be cancelled; declare tool_calls so a waiting run can be used", now.run.Status)
		}
	}
	return threadID, live.run, cancel
}

var _ = register(Check{
	ID:         "runs.cancel.shape",
	Title:      "Cancelling a live run answers a thread.run of the contract's shape",
	Side:       SideServer,
	Operations: opsCancel,
	Section:    "§3.1",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		_, _, cancel := cancelLiveRun(ctx, t)
		mustOK(t, cancel, "cancel a live run")
		shape(t, contract.ObjectRun, cancel)
	},
})

var _ = register(Check{
	ID:         "runs.cancel.cancelling",
	Title:      "Cancelling a live run answers the same run, cancelling or cancelled",
	Side:       SideServer,
	Operations: opsCancel,
	Section:    "§3.1",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		_, before, cancel := cancelLiveRun(ctx, t)
		r := decodeRun(t, cancel, "cancel a live run")
		expectValue(t, cancel, "cancel answered another run", "/id", before.ID, r.ID)
		if r.Status != contract.RunStatusCancelling && r.Status != contract.RunStatusCancelled {
			t.Fail(Finding{Message: "a cancelled run is neither cancelling nor cancelled", Evidence: evidenceAt(cancel.evidence(), "/status", "cancelling or cancelled", string(r.Status))})
		}
	},
})

var _ = register(Check{
	ID:         "runs.cancel.ends-cancelled",
	Title:      "A cancelled run ends cancelled, stamped with cancelled_at and no completed_at",
	Side:       SideServer,
	Operations: []contract.OperationID{contract.OpCancel, contract.OpRetrieve},
	Section:    "§3.1",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		thread, before, cancel := cancelLiveRun(ctx, t)
		mustOK(t, cancel, "cancel a live run")
		seen := pollRun(ctx, t, thread, before.ID, contract.RunStatus.Terminal)
		end := seen[len(seen)-1]
		if end.run.Status != contract.RunStatusCancelled {
			t.FailNow(Finding{Message: "a cancelled run did not end cancelled", Evidence: evidenceAt(end.x.evidence(), "/status", "cancelled", string(end.run.Status))})
		}
		stampSet(t, end.x, "/cancelled_at", end.run.CancelledAt)
		stampNull(t, end.x, "/completed_at", end.run.CompletedAt)
	},
})

var _ = register(Check{
	ID:         "runs.cancel.ended-refused",
	Title:      "Cancelling a run that has ended answers 400 with the error envelope and leaves the run as it was",
	Side:       SideServer,
	Operations: []contract.OperationID{contract.OpCancel, contract.OpRetrieve},
	Section:    "§9",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		_, thread, done := textRun(ctx, t)
		x := send(ctx, t, http.MethodPost, kitRunPath(thread, done.run.ID, "cancel"), nil, nil)
		refused(t, x, http.StatusBadRequest, "")
		after := retrieveRun(ctx, t, thread, done.run.ID)
		if after.run.Status != done.run.Status {
			t.Fail(Finding{Message: "cancel changed a run that had ended", Evidence: evidenceAt(after.x.evidence(), "/status", string(done.run.Status), string(after.run.Status))})
		}
		if stamp(after.run.CancelledAt) != stamp(done.run.CancelledAt) {
			t.Fail(Finding{Message: "cancel stamped a run that had ended", Evidence: evidenceAt(after.x.evidence(), "/cancelled_at", stamp(done.run.CancelledAt), stamp(after.run.CancelledAt))})
		}
	},
})
