package conformance

import (
	"context"
	"net/http"

	"github.com/runsuite/runsuite/contract"
)

// Server checks of error answers (CONTRACT §9): unknown ids, bad
// parameters, malformed bodies, a missing OpenAI-Beta header and wrong
// methods are refused with the right status and the error envelope.

// Ids no server has: well-formed, so only their absence is judged.
const (
	missingThreadID = "thread_runsuiteMissing000000"
	missingRunID    = "run_runsuiteMissing000000"
	missingStepID   = "step_runsuiteMissing000000"
	missingAsstID   = "asst_runsuiteMissing000000"
	unknownBodyKey  = "runsuite_unknown_key"
)

var _ = register(Check{
	ID:         "errors.unknown-thread",
	Title:      "Listing the runs of a thread that does not exist answers 404 with the error envelope",
	Side:       SideServer,
	Operations: []contract.OperationID{contract.OpList},
	Section:    "§9",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		x := send(ctx, t, http.MethodGet, kitRunPath(missingThreadID, ""), nil, nil)
		refused(t, x, http.StatusNotFound, "")
	},
})

var _ = register(Check{
	ID:         "errors.unknown-run",
	Title:      "Retrieving, updating, cancelling, submitting to or listing the steps of a run that does not exist answers 404 with the error envelope",
	Side:       SideServer,
	Operations: []contract.OperationID{contract.OpRetrieve, contract.OpUpdate, contract.OpCancel, contract.OpSubmitToolOutputs, contract.OpStepsList},
	Section:    "§9",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		_, thread := setupThread(ctx, t, "Say hello.", nil)
		for _, r := range []struct {
			method, path string
			body         any
		}{
			{http.MethodGet, kitRunPath(thread, missingRunID), nil},
			{http.MethodPost, kitRunPath(thread, missingRunID), map[string]any{"metadata": map[string]string{"k": "v"}}},
			{http.MethodPost, kitRunPath(thread, missingRunID, "cancel"), nil},
			{http.MethodPost, kitRunPath(thread, missingRunID, "submit_tool_outputs"), map[string]any{"tool_outputs": []map[string]string{{"tool_call_id": "call_runsuiteMissing0000", "output": "{}"}}}},
			{http.MethodGet, kitRunPath(thread, missingRunID, "steps"), nil},
		} {
			refused(t, send(ctx, t, r.method, r.path, r.body, nil), http.StatusNotFound, "")
		}
	},
})

var _ = register(Check{
	ID:         "errors.unknown-assistant",
	Title:      "Creating a run with an assistant that does not exist answers 404 with the error envelope",
	Side:       SideServer,
	Operations: []contract.OperationID{contract.OpCreate},
	Section:    "§9",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		_, thread := setupThread(ctx, t, "Say hello.", nil)
		x := send(ctx, t, http.MethodPost, kitRunPath(thread, ""), runBody(t, missingAsstID, nil), nil)
		refused(t, x, http.StatusNotFound, "")
	},
})

var _ = register(Check{
	ID:         "errors.unknown-step",
	Title:      "Retrieving a run step that does not exist answers 404 with the error envelope",
	Side:       SideServer,
	Operations: []contract.OperationID{contract.OpStepsRetrieve},
	Section:    "§9",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		_, thread, done := textRun(ctx, t)
		x := send(ctx, t, http.MethodGet, kitRunPath(thread, done.run.ID, "steps", missingStepID), nil, nil)
		refused(t, x, http.StatusNotFound, "")
	},
})

var _ = register(Check{
	ID:         "errors.bad-param",
	Title:      "A create-run parameter out of range answers 400 with the envelope's param naming it",
	Side:       SideServer,
	Operations: []contract.OperationID{contract.OpCreate},
	Section:    "§2.1",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		asst, thread := setupThread(ctx, t, "Say hello.", nil)
		x := send(ctx, t, http.MethodPost, kitRunPath(thread, ""), runBody(t, asst, map[string]any{"temperature": 5}), nil)
		refused(t, x, http.StatusBadRequest, "temperature")
	},
})

var _ = register(Check{
	ID:         "errors.missing-assistant-id",
	Title:      "Creating a run without assistant_id answers 400 with the envelope's param naming it",
	Side:       SideServer,
	Operations: []contract.OperationID{contract.OpCreate},
	Section:    "§2.1",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		_, thread := setupThread(ctx, t, "Say hello.", nil)
		x := send(ctx, t, http.MethodPost, kitRunPath(thread, ""), map[string]any{}, nil)
		refused(t, x, http.StatusBadRequest, "assistant_id")
	},
})

var _ = register(Check{
	ID:         "errors.invalid-json",
	Title:      "A body that is not valid JSON answers 400 with the error envelope",
	Side:       SideServer,
	Operations: []contract.OperationID{contract.OpCreate},
	Section:    "§9",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		_, thread := setupThread(ctx, t, "Say hello.", nil)
		x := send(ctx, t, http.MethodPost, kitRunPath(thread, ""), []byte(`{"assistant_id":`), nil)
		refused(t, x, http.StatusBadRequest, "")
	},
})

var _ = register(Check{
	ID:         "errors.unknown-body-key",
	Title:      "A create-run body with an unknown key answers 400 with the error envelope",
	Side:       SideServer,
	Operations: []contract.OperationID{contract.OpCreate},
	Section:    "§2",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		asst, thread := setupThread(ctx, t, "Say hello.", nil)
		x := send(ctx, t, http.MethodPost, kitRunPath(thread, ""), runBody(t, asst, map[string]any{unknownBodyKey: 1}), nil)
		refused(t, x, http.StatusBadRequest, "")
	},
})

var _ = register(Check{
	ID:         "errors.missing-beta-header",
	Title:      "A request without OpenAI-Beta: assistants=v2 answers 400 with the error envelope",
	Side:       SideServer,
	Operations: []contract.OperationID{contract.OpList},
	Section:    "§1.1",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		_, thread := setupThread(ctx, t, "Say hello.", nil)
		x := send(ctx, t, http.MethodGet, kitRunPath(thread, ""), nil, http.Header{contract.BetaHeader: {""}})
		refused(t, x, http.StatusBadRequest, "")
	},
})

var _ = register(Check{
	ID:         "errors.wrong-method",
	Title:      "A method a path does not serve (DELETE on a run) answers 405 with the error envelope",
	Side:       SideServer,
	Operations: []contract.OperationID{contract.OpRetrieve},
	Section:    "§1",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		_, thread, done := textRun(ctx, t)
		x := send(ctx, t, http.MethodDelete, kitRunPath(thread, done.run.ID), nil, nil)
		refused(t, x, http.StatusMethodNotAllowed, "")
	},
})

var _ = register(Check{
	ID:         "errors.json-content-type",
	Title:      "Error answers are labelled Content-Type: application/json",
	Side:       SideServer,
	Operations: []contract.OperationID{contract.OpRetrieve, contract.OpCreate},
	Section:    "§9",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		_, thread := setupThread(ctx, t, "Say hello.", nil)
		notFound := send(ctx, t, http.MethodGet, kitRunPath(thread, missingRunID), nil, nil)
		badJSON := send(ctx, t, http.MethodPost, kitRunPath(thread, ""), []byte(`{`), nil)
		for _, x := range []exchange{notFound, badJSON} {
			if x.ok() {
				t.Fail(Finding{Message: "a request the contract refuses was accepted", Evidence: evidenceWant(x.evidence(), "a 4xx answer", "2xx")})
				continue
			}
			jsonContentType(t, x)
		}
	},
})

var _ = register(Check{
	ID:         "errors.run-of-another-thread",
	Title:      "A run asked for under a thread it does not belong to answers 404 with the error envelope",
	Side:       SideServer,
	Operations: []contract.OperationID{contract.OpRetrieve, contract.OpStepsList},
	Section:    "§9",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		_, _, done := textRun(ctx, t)
		other := setupThreadOnly(ctx, t, "Say hello.")
		refused(t, send(ctx, t, http.MethodGet, kitRunPath(other, done.run.ID), nil, nil), http.StatusNotFound, "")
		refused(t, send(ctx, t, http.MethodGet, kitRunPath(other, done.run.ID, "steps"), nil, nil), http.StatusNotFound, "")
	},
})
