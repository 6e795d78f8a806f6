package conformance

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/runsuite/runsuite/contract"
)

// Server checks of the run state machine (CONTRACT §3.1) as polling sees
// it: only legal transitions, ended runs stay ended, timestamps never go
// back. They do not compare timestamps with the wall clock: a server may
// stamp a run ahead of it (the emulator does for streamed runs).

var opsPoll = []contract.OperationID{contract.OpCreate, contract.OpRetrieve}

// nextStatuses are the statuses a run may show next, one transition on.
// requires_action goes back to queued (or in_progress) when outputs arrive.
var nextStatuses = map[contract.RunStatus][]contract.RunStatus{
	contract.RunStatusQueued: {contract.RunStatusInProgress, contract.RunStatusRequiresAction, contract.RunStatusCancelling,
		contract.RunStatusCancelled, contract.RunStatusFailed, contract.RunStatusCompleted, contract.RunStatusIncomplete, contract.RunStatusExpired},
	contract.RunStatusInProgress: {contract.RunStatusRequiresAction, contract.RunStatusCancelling,
		contract.RunStatusCancelled, contract.RunStatusFailed, contract.RunStatusCompleted, contract.RunStatusIncomplete, contract.RunStatusExpired},
	contract.RunStatusRequiresAction: {contract.RunStatusQueued, contract.RunStatusInProgress, contract.RunStatusCancelling,
		contract.RunStatusCancelled, contract.RunStatusFailed, contract.RunStatusCompleted, contract.RunStatusIncomplete, contract.RunStatusExpired},
	contract.RunStatusCancelling: {contract.RunStatusCancelled, contract.RunStatusFailed, contract.RunStatusCompleted,
		contract.RunStatusIncomplete, contract.RunStatusExpired},
}

// mayFollow reports whether a poll may see to after from, polls being free
// to miss statuses in between; a run that never required action never goes
// back to queued.
func mayFollow(from, to contract.RunStatus) bool {
	if from == to {
		return true
	}
	seen := map[contract.RunStatus]bool{from: true}
	todo := []contract.RunStatus{from}
	for len(todo) > 0 {
		s := todo[0]
		todo = todo[1:]
		for _, n := range nextStatuses[s] {
			if s == contract.RunStatusRequiresAction && from != contract.RunStatusRequiresAction {
				continue // only a poll that saw requires_action may see the run queued again
			}
			if n == to {
				return true
			}
			if !seen[n] {
				seen[n] = true
				todo = append(todo, n)
			}
		}
	}
	return false
}

// polledRun creates a plain text run without streaming and polls it to its
// end; the creation answer is the first observation.
func polledRun(ctx context.Context, t *T) (threadID string, seen []runSeen) {
	asst, threadID := setupThread(ctx, t, "Say hello.", nil)
	created := createRun(ctx, t, threadID, runBody(t, asst, nil))
	seen = append([]runSeen{created}, pollRun(ctx, t, threadID, created.run.ID, contract.RunStatus.Terminal)...)
	return threadID, seen
}

// statuses lists the distinct statuses in the order seen.
func statuses(seen []runSeen) []string {
	var out []string
	for _, s := range seen {
		if st := string(s.run.Status); len(out) == 0 || out[len(out)-1] != st {
			out = append(out, st)
		}
	}
	return out
}

var _ = register(Check{
	ID:         "state.legal-transitions",
	Title:      "A polled run only moves along the run state machine",
	Side:       SideServer,
	Operations: opsPoll,
	Section:    "§3.1",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		_, seen := polledRun(ctx, t)
		path := statuses(seen)
		if len(path) < 2 {
			t.Skip("the run was %s from its creation on; no transition to judge", path[0])
		}
		for i := 1; i < len(seen); i++ {
			from, to := seen[i-1].run.Status, seen[i].run.Status
			if !mayFollow(from, to) {
				t.Fail(Finding{Message: fmt.Sprintf("illegal transition %s -> %s (seen %s)", from, to, strings.Join(path, " -> ")),
					Evidence: evidenceAt(seen[i].x.evidence(), "/status", fmt.Sprintf("a status that may follow %s", from), string(to))})
			}
		}
	},
})

var _ = register(Check{
	ID:         "state.ended-stays-ended",
	Title:      "A run that ended keeps its status and timestamps on later reads",
	Side:       SideServer,
	Operations: []contract.OperationID{contract.OpRetrieve},
	Section:    "§3.1",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		_, thread, done := textRun(ctx, t)
		want := stampsOf(done.run)
		for range 3 {
			waitPoll(ctx, t)
			again := retrieveRun(ctx, t, thread, done.run.ID)
			if again.run.Status != done.run.Status {
				t.FailNow(Finding{Message: "a run that ended changed status", Evidence: evidenceAt(again.x.evidence(), "/status", string(done.run.Status), string(again.run.Status))})
			}
			got := stampsOf(again.run)
			for _, k := range stampKeys {
				if got[k] != want[k] {
					t.Fail(Finding{Message: "a run that ended changed a timestamp", Evidence: evidenceAt(again.x.evidence(), "/"+k, want[k], got[k])})
				}
			}
		}
	},
})

var _ = register(Check{
	ID:         "state.timestamps-forward",
	Title:      "Across polls a run's timestamps are set once and never change (expires_at may clear), with created_at <= started_at <= the end stamp",
	Side:       SideServer,
	Operations: opsPoll,
	Section:    "§3.1",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		_, seen := polledRun(ctx, t)
		fail := onceFail(t)
		first := map[string]string{}
		for _, s := range seen {
			got := stampsOf(s.run)
			for _, k := range stampKeys {
				if k == "expires_at" && got[k] == "null" {
					continue // an ended run may drop its expiry
				}
				if prev, ok := first[k]; ok && got[k] != prev {
					fail(Finding{Message: "a timestamp changed once set", Evidence: evidenceAt(s.x.evidence(), "/"+k, prev, got[k])})
				}
				if _, ok := first[k]; !ok && got[k] != "null" {
					first[k] = got[k]
				}
			}
			r := s.run
			order := []struct {
				ptr string
				v   *int64
			}{{"/started_at", r.StartedAt}, {"/completed_at", r.CompletedAt}, {"/failed_at", r.FailedAt}, {"/cancelled_at", r.CancelledAt}, {"/expires_at", r.ExpiresAt}}
			for _, o := range order {
				if o.v != nil && *o.v < r.CreatedAt {
					fail(Finding{Message: "a timestamp is before the run was created", Evidence: evidenceAt(s.x.evidence(), o.ptr, fmt.Sprintf(">= created_at %d", r.CreatedAt), fmt.Sprint(*o.v))})
				}
			}
			for _, end := range order[1:4] {
				if end.v != nil && r.StartedAt != nil && *end.v < *r.StartedAt {
					fail(Finding{Message: "the run ended before it started", Evidence: evidenceAt(s.x.evidence(), end.ptr, fmt.Sprintf(">= started_at %d", *r.StartedAt), fmt.Sprint(*end.v))})
				}
			}
		}
	},
})

var _ = register(Check{
	ID:         "state.started-at",
	Title:      "A run that left queued has started_at; a queued run has none",
	Side:       SideServer,
	Operations: opsPoll,
	Section:    "§3.1",
	Level:      LevelShould,
	Run: func(ctx context.Context, t *T) {
		_, seen := polledRun(ctx, t)
		fail := onceFail(t)
		for _, s := range seen {
			switch st := s.run.Status; {
			case st == contract.RunStatusQueued && s.run.StartedAt != nil:
				fail(Finding{Message: "a queued run is stamped started", Evidence: evidenceAt(s.x.evidence(), "/started_at", "null", stamp(s.run.StartedAt))})
			case st == contract.RunStatusInProgress || st == contract.RunStatusCompleted:
				if s.run.StartedAt == nil {
					fail(Finding{Message: "a run that left queued has no started_at", Evidence: evidenceAt(s.x.evidence(), "/started_at", "a timestamp", "null")})
				}
			}
		}
	},
})

var _ = register(Check{
	ID:         "state.list-agrees",
	Title:      "A run listed after it ended has the status and timestamps it is retrieved with",
	Side:       SideServer,
	Operations: []contract.OperationID{contract.OpList, contract.OpRetrieve},
	Section:    "§3.7",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		_, thread, done := textRun(ctx, t)
		l := listing{path: kitRunPath(thread, "")}
		p := l.get(ctx, t)
		x := p.x
		runs := decodeList[contract.Run](t, x, "list the runs")
		i := slices.IndexFunc(runs.Data, func(r contract.Run) bool { return r.ID == done.run.ID })
		if i < 0 {
			t.FailNow(Finding{Message: "a run that ended is not listed", Evidence: evidenceAt(x.evidence(), "/data", "a run with id "+done.run.ID, fmt.Sprintf("%d runs without it", len(runs.Data)))})
		}
		listed := runs.Data[i]
		expectValue(t, x, "the listed run differs from the retrieved one", fmt.Sprintf("/data/%d/status", i), string(done.run.Status), string(listed.Status))
		want, got := stampsOf(done.run), stampsOf(listed)
		for _, k := range stampKeys {
			expectValue(t, x, "the listed run differs from the retrieved one", fmt.Sprintf("/data/%d/%s", i, k), want[k], got[k])
		}
	},
})

// stampKeys are the timestamps of a run.
var stampKeys = []string{"created_at", "started_at", "completed_at", "failed_at", "cancelled_at", "expires_at"}

// stampsOf renders a run's timestamps by key.
func stampsOf(r contract.Run) map[string]string {
	return map[string]string{
		"created_at": fmt.Sprint(r.CreatedAt), "started_at": stamp(r.StartedAt), "completed_at": stamp(r.CompletedAt),
		"failed_at": stamp(r.FailedAt), "cancelled_at": stamp(r.CancelledAt), "expires_at": stamp(r.ExpiresAt),
	}
}

// waitPoll waits one poll interval, or stops the check when ctx ends.
func waitPoll(ctx context.Context, t *T) {
	select {
	case <-ctx.Done():
		t.Errorf("wait: %v", context.Cause(ctx))
	case <-time.After(pollInterval):
	}
}

// onceFail returns a function that records a finding unless one with the
// same message and pointer was recorded through it: polls repeat.
func onceFail(t *T) func(Finding) {
	seen := map[string]bool{}
	return func(f Finding) {
		if k := f.Message + "\x00" + f.Pointer; !seen[k] {
			seen[k] = true
			t.Fail(f)
		}
	}
}

var _ = register(Check{
	ID:         "state.tool-call-cycle",
	Title:      "A run polled through requires_action and its tool outputs only moves along the state machine, drops required_action and completes",
	Side:       SideServer,
	Operations: []contract.OperationID{contract.OpSubmitToolOutputs, contract.OpRetrieve},
	Needs:      []Capability{CapToolCalls},
	Section:    "§3.1",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		_, thread, waiting := actionRun(ctx, t)
		x := send(ctx, t, http.MethodPost, kitSubmitPath(thread, waiting.run.ID), map[string]any{"tool_outputs": toolOutputs(waiting.run)}, nil)
		submitted := runSeen{x, decodeRun(t, x, "submit the tool outputs")}
		seen := append([]runSeen{waiting, submitted}, pollRun(ctx, t, thread, waiting.run.ID, contract.RunStatus.Terminal)...)
		fail := onceFail(t)
		path := statuses(seen)
		for i := 1; i < len(seen); i++ {
			from, to := seen[i-1].run.Status, seen[i].run.Status
			if !mayFollow(from, to) {
				fail(Finding{Message: fmt.Sprintf("illegal transition %s -> %s (seen %s)", from, to, strings.Join(path, " -> ")),
					Evidence: evidenceAt(seen[i].x.evidence(), "/status", fmt.Sprintf("a status that may follow %s", from), string(to))})
			}
			if to != contract.RunStatusRequiresAction && seen[i].run.RequiredAction != nil {
				fail(Finding{Message: "required_action outlives its outputs", Evidence: evidenceAt(seen[i].x.evidence(), "/required_action", "null", "an action")})
			}
		}
		if end := seen[len(seen)-1]; end.run.Status != contract.RunStatusCompleted {
			fail(Finding{Message: "the run did not complete after its tool outputs", Evidence: evidenceAt(end.x.evidence(), "/status", "completed", string(end.run.Status))})
		}
	},
})
