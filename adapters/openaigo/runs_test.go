package openaigo_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/runsuite/runsuite/adapters/openaigo"
	"github.com/runsuite/runsuite/contract"
)

var (
	wantRun = &contract.Run{
		ID: "run_1", Object: "thread.run", CreatedAt: 1700000000, ThreadID: "thread_1", AssistantID: "asst_1",
		Status: contract.RunStatusRequiresAction,
		RequiredAction: &contract.RequiredAction{Type: "submit_tool_outputs", SubmitToolOutputs: contract.SubmitToolOutputsAction{
			ToolCalls: []contract.RequiredToolCall{{ID: "call_1", Type: contract.ToolTypeFunction, Function: contract.RequiredToolCallFn{Name: "get_weather", Arguments: `{"city":"Paris"}`}}},
		}},
		ExpiresAt: ptr[int64](1700000600), StartedAt: ptr[int64](1700000001),
		Model: "gpt-4o", Instructions: "Be brief.",
		Tools:              []contract.Tool{{Type: contract.ToolTypeCodeInterpreter}},
		Metadata:           map[string]string{"k": "v"},
		Temperature:        ptr(0.5),
		TopP:               ptr(1.0),
		ReasoningEffort:    ptr(contract.ReasoningEffortLow),
		MaxPromptTokens:    ptr[int64](1000),
		TruncationStrategy: &contract.TruncationStrategy{Type: "last_messages", LastMessages: ptr[int64](4)},
		ToolChoice:         &contract.ToolChoice{Type: "function", Function: &contract.ToolChoiceFunction{Name: "get_weather"}},
		ResponseFormat:     &contract.ResponseFormat{Type: "auto"},
	}
	wantStep = &contract.RunStep{
		ID: "step_1", Object: "thread.run.step", CreatedAt: 1700000002, AssistantID: "asst_1", ThreadID: "thread_1", RunID: "run_1",
		Type: contract.StepTypeToolCalls, Status: contract.StepStatusCompleted,
		StepDetails: contract.StepDetails{Type: contract.StepTypeToolCalls, ToolCalls: []contract.ToolCall{{
			ID: "call_fs", Type: contract.ToolTypeFileSearch,
			FileSearch: &contract.FileSearchCall{
				RankingOptions: &contract.FileSearchRankingOptions{Ranker: "auto", ScoreThreshold: 0.5},
				Results: []contract.FileSearchResult{{FileID: "file_1", FileName: "a.txt", Score: 0.9,
					Content: []contract.FileSearchContent{{Type: "text", Text: "hello"}}}},
			},
		}}},
		CompletedAt: ptr[int64](1700000003),
		Usage:       &contract.Usage{CompletionTokens: 1, PromptTokens: 2, TotalTokens: 3},
	}
)

// TestOperations checks, for every non-streaming operation, the request
// openai-go sends (method, path, query, body) and the contract value the
// answer decodes into.
func TestOperations(t *testing.T) {
	t.Parallel()
	include := []contract.RunStepInclude{contract.IncludeFileSearchResultContent}
	const includeQuery = "include%5B%5D=step_details.tool_calls%5B%2A%5D.file_search.results%5B%2A%5D.content"
	listJSON := `{"object":"list","data":[` + runJSON + `],"first_id":"run_1","last_id":"run_1","has_more":false}`
	stepListJSON := `{"object":"list","data":[` + stepJSON + `],"first_id":"step_1","last_id":"step_1","has_more":false}`

	tests := []struct {
		name   string
		answer string
		call   func(context.Context, *openaigo.Adapter) (any, error)
		method string
		path   string
		query  string
		body   any // decoded JSON; nil means no body
		noCT   bool
		want   any
	}{
		{
			name:   "Create",
			answer: runJSON,
			call: func(ctx context.Context, a *openaigo.Adapter) (any, error) {
				return a.Runs.Create(ctx, "thread_1", contract.RunCreateParams{AssistantID: "asst_1", Include: include})
			},
			method: http.MethodPost, path: "/v1/threads/thread_1/runs", query: includeQuery,
			body: map[string]any{"assistant_id": "asst_1"},
			want: wantRun,
		},
		{
			name:   "Retrieve",
			answer: runJSON,
			call: func(ctx context.Context, a *openaigo.Adapter) (any, error) {
				return a.Runs.Retrieve(ctx, "thread_1", "run_1")
			},
			method: http.MethodGet, path: "/v1/threads/thread_1/runs/run_1", noCT: true,
			want: wantRun,
		},
		{
			name:   "Update",
			answer: runJSON,
			call: func(ctx context.Context, a *openaigo.Adapter) (any, error) {
				return a.Runs.Update(ctx, "thread_1", "run_1", contract.RunUpdateParams{Metadata: contract.Set(map[string]string{"k": "v"})})
			},
			method: http.MethodPost, path: "/v1/threads/thread_1/runs/run_1",
			body: map[string]any{"metadata": map[string]any{"k": "v"}},
			want: wantRun,
		},
		{
			name:   "List",
			answer: listJSON,
			call: func(ctx context.Context, a *openaigo.Adapter) (any, error) {
				p, err := a.Runs.List(ctx, "thread_1", contract.RunListParams{Limit: 2, Order: contract.OrderDesc, After: "run_0", Before: "run_9"})
				if err != nil {
					return nil, err
				}
				return []any{p.Data, p.HasMore, p.FirstID, p.LastID}, nil
			},
			method: http.MethodGet, path: "/v1/threads/thread_1/runs", query: "after=run_0&before=run_9&limit=2&order=desc", noCT: true,
			want: []any{[]contract.Run{*wantRun}, false, "run_1", "run_1"},
		},
		{
			name:   "Cancel",
			answer: runJSON,
			call: func(ctx context.Context, a *openaigo.Adapter) (any, error) {
				return a.Runs.Cancel(ctx, "thread_1", "run_1")
			},
			method: http.MethodPost, path: "/v1/threads/thread_1/runs/run_1/cancel", noCT: true,
			want: wantRun,
		},
		{
			name:   "SubmitToolOutputs",
			answer: runJSON,
			call: func(ctx context.Context, a *openaigo.Adapter) (any, error) {
				return a.Runs.SubmitToolOutputs(ctx, "thread_1", "run_1", contract.RunSubmitToolOutputsParams{ToolOutputs: []contract.ToolOutput{
					{ToolCallID: contract.Set("call_1"), Output: contract.Set("22C")},
				}})
			},
			method: http.MethodPost, path: "/v1/threads/thread_1/runs/run_1/submit_tool_outputs",
			body: map[string]any{"tool_outputs": []any{map[string]any{"tool_call_id": "call_1", "output": "22C"}}},
			want: wantRun,
		},
		{
			name:   "Steps.Retrieve",
			answer: stepJSON,
			call: func(ctx context.Context, a *openaigo.Adapter) (any, error) {
				return a.Steps.Retrieve(ctx, "thread_1", "run_1", "step_1", contract.StepRetrieveParams{Include: include})
			},
			method: http.MethodGet, path: "/v1/threads/thread_1/runs/run_1/steps/step_1", query: includeQuery, noCT: true,
			want: wantStep,
		},
		{
			name:   "Steps.List",
			answer: stepListJSON,
			call: func(ctx context.Context, a *openaigo.Adapter) (any, error) {
				p, err := a.Steps.List(ctx, "thread_1", "run_1", contract.StepListParams{Limit: 2, Order: contract.OrderAsc, Include: include})
				if err != nil {
					return nil, err
				}
				return []any{p.Data, p.HasMore, p.FirstID, p.LastID}, nil
			},
			// openai-go sorts query keys: include[] comes first.
			method: http.MethodGet, path: "/v1/threads/thread_1/runs/run_1/steps", query: includeQuery + "&limit=2&order=asc", noCT: true,
			want: []any{[]contract.RunStep{*wantStep}, false, "step_1", "step_1"},
		},
		{
			name:   "path escaping",
			answer: runJSON,
			call: func(ctx context.Context, a *openaigo.Adapter) (any, error) {
				return a.Runs.Retrieve(ctx, "a/b c", "t?#")
			},
			method: http.MethodGet, path: "/v1/threads/a%2Fb%20c/runs/t%3F%23", noCT: true,
			want: wantRun,
		},
		{
			// openai-go escapes sub-delims the contract leaves raw, and sends
			// dot segments escaped instead of refusing them.
			name:   "path escaping beyond the contract",
			answer: runJSON,
			call: func(ctx context.Context, a *openaigo.Adapter) (any, error) {
				return a.Runs.Retrieve(ctx, "a!*'();,b", "..")
			},
			method: http.MethodGet, path: "/v1/threads/a%21%2A%27%28%29%3B%2Cb/runs/%2E%2E", noCT: true,
			want: wantRun,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, respondJSON(http.StatusOK, tt.answer))
			got, err := tt.call(t.Context(), srv.adapter())
			if err != nil {
				t.Fatalf("call: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("result (-want +got):\n%s", diff)
			}
			req := srv.only(t)
			gotReq := []string{req.Method, req.Path, req.Query}
			if diff := cmp.Diff([]string{tt.method, tt.path, tt.query}, gotReq); diff != "" {
				t.Errorf("method, path, query (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.body, decodeBody(t, req.Body)); diff != "" {
				t.Errorf("body (-want +got):\n%s", diff)
			}
			if ct := req.Header.Get("Content-Type"); tt.noCT && ct != "" {
				t.Errorf("Content-Type = %q, want none", ct)
			} else if !tt.noCT && ct != "application/json" {
				t.Errorf("Content-Type = %q, want application/json", ct)
			}
			if got := req.Header.Get("OpenAI-Beta"); got != "assistants=v2" {
				t.Errorf("OpenAI-Beta = %q, want assistants=v2", got)
			}
		})
	}
}
