package openaigo_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/openai/openai-go/v3/option"

	"github.com/runsuite/runsuite/adapters/openaigo"
	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/runs"
)

// operation calls one adapter method with the given path ids and returns
// only its error.
type operation struct {
	name   string
	method string // HTTP method
	what   string // the context the error is wrapped with
	path   string // the path for the ids thread_1, run_1, step_1
	call   func(ctx context.Context, a *openaigo.Adapter, thread, run, step string) error
}

var operations = []operation{
	{"Create", http.MethodPost, "create run", "/v1/threads/thread_1/runs", func(ctx context.Context, a *openaigo.Adapter, th, _, _ string) error {
		_, err := a.Runs.Create(ctx, th, contract.RunCreateParams{AssistantID: "asst_1"})
		return err
	}},
	{"CreateStreamRaw", http.MethodPost, "create run stream", "/v1/threads/thread_1/runs", func(ctx context.Context, a *openaigo.Adapter, th, _, _ string) error {
		_, err := a.Runs.CreateStreamRaw(ctx, th, contract.RunCreateParams{AssistantID: "asst_1"})
		return err
	}},
	{"Retrieve", http.MethodGet, "retrieve run", "/v1/threads/thread_1/runs/run_1", func(ctx context.Context, a *openaigo.Adapter, th, r, _ string) error {
		_, err := a.Runs.Retrieve(ctx, th, r)
		return err
	}},
	{"Update", http.MethodPost, "update run", "/v1/threads/thread_1/runs/run_1", func(ctx context.Context, a *openaigo.Adapter, th, r, _ string) error {
		_, err := a.Runs.Update(ctx, th, r, contract.RunUpdateParams{})
		return err
	}},
	{"List", http.MethodGet, "list runs", "/v1/threads/thread_1/runs", func(ctx context.Context, a *openaigo.Adapter, th, _, _ string) error {
		_, err := a.Runs.List(ctx, th, contract.RunListParams{})
		return err
	}},
	{"Cancel", http.MethodPost, "cancel run", "/v1/threads/thread_1/runs/run_1/cancel", func(ctx context.Context, a *openaigo.Adapter, th, r, _ string) error {
		_, err := a.Runs.Cancel(ctx, th, r)
		return err
	}},
	{"SubmitToolOutputs", http.MethodPost, "submit tool outputs", "/v1/threads/thread_1/runs/run_1/submit_tool_outputs", func(ctx context.Context, a *openaigo.Adapter, th, r, _ string) error {
		_, err := a.Runs.SubmitToolOutputs(ctx, th, r, contract.RunSubmitToolOutputsParams{ToolOutputs: []contract.ToolOutput{}})
		return err
	}},
	{"SubmitToolOutputsStreamRaw", http.MethodPost, "submit tool outputs stream", "/v1/threads/thread_1/runs/run_1/submit_tool_outputs", func(ctx context.Context, a *openaigo.Adapter, th, r, _ string) error {
		_, err := a.Runs.SubmitToolOutputsStreamRaw(ctx, th, r, contract.RunSubmitToolOutputsParams{ToolOutputs: []contract.ToolOutput{}})
		return err
	}},
	{"Steps.Retrieve", http.MethodGet, "retrieve run step", "/v1/threads/thread_1/runs/run_1/steps/step_1", func(ctx context.Context, a *openaigo.Adapter, th, r, s string) error {
		_, err := a.Steps.Retrieve(ctx, th, r, s, contract.StepRetrieveParams{})
		return err
	}},
	{"Steps.List", http.MethodGet, "list run steps", "/v1/threads/thread_1/runs/run_1/steps", func(ctx context.Context, a *openaigo.Adapter, th, r, _ string) error {
		_, err := a.Steps.List(ctx, th, r, contract.StepListParams{})
		return err
	}},
}

// TestAPIError checks that a 404 envelope becomes a *runs.APIError with
// openai-go's fields, wrapped with what the adapter was doing.
func TestAPIError(t *testing.T) {
	t.Parallel()
	for _, op := range operations {
		t.Run(op.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, respondJSON(http.StatusNotFound, notFoundJSON))
			err := op.call(t.Context(), srv.adapter(), "thread_1", "run_1", "step_1")
			var apiErr *runs.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("error %T %v, want *runs.APIError", err, err)
			}
			if !strings.HasPrefix(err.Error(), op.what+": ") {
				t.Errorf("error %q does not start with %q", err, op.what+": ")
			}
			want := &runs.APIError{
				StatusCode: http.StatusNotFound,
				Type:       "invalid_request_error",
				Code:       "not_found",
				Param:      "run_id",
				Message:    "No run found with id 'run_x'.",
				RequestID:  "req_123",
				Method:     op.method,
				URL:        srv.srv.URL + op.path,
				Body:       []byte(notFoundJSON),
			}
			if diff := cmp.Diff(want, apiErr, cmpopts.IgnoreFields(runs.APIError{}, "Header")); diff != "" {
				t.Errorf("APIError (-want +got):\n%s", diff)
			}
			if got := apiErr.Header.Get("Content-Type"); got != "application/json" {
				t.Errorf("Header Content-Type = %q", got)
			}
			srv.only(t)
		})
	}
}

// TestErrorBodies checks error answers that are not the usual envelope:
// openai-go still reports them as API errors with empty fields, except a
// string "error", which it fails to decode and reports as a plain error.
func TestErrorBodies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		body    string
		wantAPI bool
		want    string // the APIError message, or the error text
	}{
		{"not json", "<html>bad gateway</html>", true, ""},
		{"empty", "", true, ""},
		{"no error key", `{"message":"nope"}`, true, ""},
		{"error string", `{"error":"nope"}`, false, "retrieve run: json: cannot unmarshal string into Go value of type apierror.Error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, respondJSON(http.StatusBadGateway, tt.body))
			_, err := srv.adapter().Runs.Retrieve(t.Context(), "thread_1", "run_1")
			var apiErr *runs.APIError
			if got := errors.As(err, &apiErr); got != tt.wantAPI {
				t.Fatalf("error %T %v: *runs.APIError = %v, want %v", err, err, got, tt.wantAPI)
			}
			if tt.wantAPI {
				if apiErr.StatusCode != http.StatusBadGateway || apiErr.Message != tt.want || string(apiErr.Body) != tt.body {
					t.Errorf("APIError status %d message %q body %q", apiErr.StatusCode, apiErr.Message, apiErr.Body)
				}
				return
			}
			if err.Error() != tt.want {
				t.Errorf("error %q, want %q", err, tt.want)
			}
		})
	}
}

// TestEmptyIDs checks that openai-go refuses empty path ids before sending
// anything, and that the refusal is a *runs.ArgumentError.
func TestEmptyIDs(t *testing.T) {
	t.Parallel()
	type ids struct{ thread, run, step, field string }
	var cases []struct {
		op operation
		ids
	}
	for _, op := range operations {
		set := []ids{{"", "run_1", "step_1", "thread_id"}}
		if strings.Contains(op.path, "run_1") {
			set = append(set, ids{"thread_1", "", "step_1", "run_id"})
		}
		if strings.Contains(op.path, "step_1") {
			set = append(set, ids{"thread_1", "run_1", "", "step_id"})
		}
		for _, i := range set {
			cases = append(cases, struct {
				op operation
				ids
			}{op, i})
		}
	}
	for _, c := range cases {
		t.Run(c.op.name+"/"+c.field, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, respondJSON(http.StatusOK, runJSON))
			err := c.op.call(t.Context(), srv.adapter(), c.thread, c.run, c.step)
			var argErr *runs.ArgumentError
			if !errors.As(err, &argErr) {
				t.Fatalf("error %T %v, want *runs.ArgumentError", err, err)
			}
			want := &runs.ArgumentError{Method: c.op.name, Field: c.field, Message: "missing required " + c.field + " parameter"}
			if diff := cmp.Diff(want, argErr); diff != "" {
				t.Errorf("ArgumentError (-want +got):\n%s", diff)
			}
			if n := len(srv.requests()); n != 0 {
				t.Errorf("server saw %d requests, want none", n)
			}
		})
	}
}

// TestRetry checks that openai-go retries a 500 when the client allows it,
// counting attempts in X-Stainless-Retry-Count.
func TestRetry(t *testing.T) {
	t.Parallel()
	srv := newServer(t,
		func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After-Ms", "1")
			respondJSON(http.StatusInternalServerError, `{"error":{"message":"oops","type":"server_error"}}`)(w, r)
		},
		respondJSON(http.StatusOK, runJSON),
	)
	run, err := srv.adapter(option.WithMaxRetries(1)).Runs.Create(t.Context(), "thread_1", contract.RunCreateParams{AssistantID: "asst_1"})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if run.ID != "run_1" {
		t.Errorf("run id %q, want run_1", run.ID)
	}
	var counts []string
	var bodies []string
	for _, r := range srv.requests() {
		counts = append(counts, r.Header.Get("X-Stainless-Retry-Count"))
		bodies = append(bodies, string(r.Body))
	}
	if diff := cmp.Diff([]string{"0", "1"}, counts); diff != "" {
		t.Errorf("retry counts (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{`{"assistant_id":"asst_1"}`, `{"assistant_id":"asst_1"}`}, bodies); diff != "" {
		t.Errorf("bodies (-want +got):\n%s", diff)
	}
}
