package conformance

import (
	"context"
	"net/http"

	"github.com/runsuite/runsuite/contract"
)

// Server checks of updating a run's metadata (CONTRACT §1, §2.2). They
// update an ended run: the live API refuses to update a run still in
// progress (§9).

var opsUpdate = []contract.OperationID{contract.OpUpdate}

// updatedRun drives a plain text run to its end and updates its metadata.
func updatedRun(ctx context.Context, t *T) (threadID string, md map[string]string, updated exchange) {
	_, threadID, done := textRun(ctx, t)
	md = map[string]string{"runsuite_case": "update", "step": "2"}
	updated = send(ctx, t, http.MethodPost, kitRunPath(threadID, done.run.ID), map[string]any{"metadata": md}, nil)
	decodeRun(t, updated, "update the run's metadata")
	return threadID, md, updated
}

var _ = register(Check{
	ID:         "runs.update.shape",
	Title:      "Updating a run's metadata answers a thread.run of the contract's shape",
	Side:       SideServer,
	Operations: opsUpdate,
	Section:    "§3.1",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		_, _, updated := updatedRun(ctx, t)
		shape(t, contract.ObjectRun, updated)
	},
})

var _ = register(Check{
	ID:         "runs.update.metadata-echoed",
	Title:      "The answer to an update carries the metadata sent",
	Side:       SideServer,
	Operations: opsUpdate,
	Section:    "§2.2",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		_, md, updated := updatedRun(ctx, t)
		expectMetadata(t, updated, md, decodeRun(t, updated, "update the run's metadata").Metadata)
	},
})

var _ = register(Check{
	ID:         "runs.update.metadata-kept",
	Title:      "A run retrieved after an update carries the updated metadata",
	Side:       SideServer,
	Operations: []contract.OperationID{contract.OpUpdate, contract.OpRetrieve},
	Section:    "§2.2",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		thread, md, updated := updatedRun(ctx, t)
		r := retrieveRun(ctx, t, thread, decodeRun(t, updated, "update the run's metadata").ID)
		expectMetadata(t, r.x, md, r.run.Metadata)
	},
})

var _ = register(Check{
	ID:         "runs.update.unknown-key",
	Title:      "An update body with a key other than metadata answers 400 with the error envelope",
	Side:       SideServer,
	Operations: opsUpdate,
	Section:    "§2.2",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		_, thread, done := textRun(ctx, t)
		x := send(ctx, t, http.MethodPost, kitRunPath(thread, done.run.ID), map[string]any{"metadata": map[string]string{}, unknownBodyKey: 1}, nil)
		refused(t, x, http.StatusBadRequest, "")
	},
})
