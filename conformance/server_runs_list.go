package conformance

import (
	"context"
	"net/http"

	"github.com/runsuite/runsuite/contract"
)

// Server checks of listing the runs of a thread (CONTRACT §2.2, §3.7, §5).

var opsList = []contract.OperationID{contract.OpList}

// threeRuns runs three plain text runs one after the other on one thread
// and returns their listing.
func threeRuns(ctx context.Context, t *T) listing {
	asst, thread := setupThread(ctx, t, "Say hello.", nil)
	l := listing{path: kitRunPath(thread, "")}
	for range 3 {
		done := finishRun(ctx, t, thread, runBody(t, asst, nil))
		if !done.run.Status.Terminal() {
			t.FailNow(Finding{Message: "a plain text run did not end", Evidence: evidenceAt(done.x.evidence(), "/status", "a terminal status", string(done.run.Status))})
		}
		l.ids = append(l.ids, done.run.ID)
	}
	return l
}

var _ = register(Check{
	ID:         "runs.list.shape",
	Title:      "Listing runs answers a list of thread.run objects of the contract's shape",
	Side:       SideServer,
	Operations: opsList,
	Section:    "§3.7",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		l := threeRuns(ctx, t)
		x := send(ctx, t, http.MethodGet, l.path, nil, nil)
		mustOK(t, x, "list the runs")
		shape(t, contract.ObjectList, x)
	},
})

var _ = register(Check{
	ID:         "runs.list.order-desc",
	Title:      "Runs are listed newest first by default and with order=desc",
	Side:       SideServer,
	Operations: opsList,
	Section:    "§2.2",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		l := threeRuns(ctx, t)
		judgeOrder(ctx, t, l, "")
		judgeOrder(ctx, t, l, string(contract.OrderDesc))
	},
})

var _ = register(Check{
	ID:         "runs.list.order-asc",
	Title:      "Runs are listed oldest first with order=asc",
	Side:       SideServer,
	Operations: opsList,
	Section:    "§2.2",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		judgeOrder(ctx, t, threeRuns(ctx, t), string(contract.OrderAsc))
	},
})

var _ = register(Check{
	ID:         "runs.list.limit",
	Title:      "limit caps the runs listed and has_more says whether more are left",
	Side:       SideServer,
	Operations: opsList,
	Section:    "§2.2",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		judgeLimit(ctx, t, threeRuns(ctx, t))
	},
})

var _ = register(Check{
	ID:         "runs.list.cursors",
	Title:      "after and before list the runs past a cursor, in both orders",
	Side:       SideServer,
	Operations: opsList,
	Section:    "§2.2",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		judgeCursors(ctx, t, threeRuns(ctx, t))
	},
})

var _ = register(Check{
	ID:         "runs.list.first-last-ids",
	Title:      "first_id and last_id of a runs list name its first and last items",
	Side:       SideServer,
	Operations: opsList,
	Section:    "§3.7",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		judgeEnds(ctx, t, threeRuns(ctx, t))
	},
})

var _ = register(Check{
	ID:         "runs.list.paging",
	Title:      "Paging runs one at a time with after= the last id visits every run once and ends with has_more false",
	Side:       SideServer,
	Operations: opsList,
	Section:    "§5",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		judgeWalk(ctx, t, threeRuns(ctx, t))
	},
})

var _ = register(Check{
	ID:         "runs.list.limit-range",
	Title:      "A runs list limit outside 1..100 answers 400 naming limit",
	Side:       SideServer,
	Operations: opsList,
	Section:    "§2.2",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		_, thread := setupThread(ctx, t, "Say hello.", nil)
		judgeLimitRange(ctx, t, listing{path: kitRunPath(thread, "")})
	},
})

var _ = register(Check{
	ID:         "runs.list.order-invalid",
	Title:      "A runs list order other than asc or desc answers 400 naming order",
	Side:       SideServer,
	Operations: opsList,
	Section:    "§2.2",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		_, thread := setupThread(ctx, t, "Say hello.", nil)
		x := send(ctx, t, http.MethodGet, kitRunPath(thread, "")+"?order=newest", nil, nil)
		refused(t, x, http.StatusBadRequest, "order")
	},
})
