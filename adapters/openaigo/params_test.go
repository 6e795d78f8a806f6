package openaigo_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/runsuite/runsuite/adapters/openaigo"
	"github.com/runsuite/runsuite/contract"
)

// absent marks a body key that must be missing.
const absent = "<absent>"

// bodyField runs call against a fresh server and returns the raw JSON of
// key in the request body, or absent.
func bodyField(t *testing.T, key string, call func(context.Context, *openaigo.Adapter) error) string {
	t.Helper()
	srv := newServer(t, respondJSON(http.StatusOK, runJSON))
	if err := call(t.Context(), srv.adapter()); err != nil {
		t.Fatalf("call: %v", err)
	}
	raw, ok := bodyKeys(t, srv.only(t).Body)[key]
	if !ok {
		return absent
	}
	return string(raw)
}

// sameJSON reports the difference between two JSON texts, compared as
// values (openai-go's key order is tested separately), or between two
// absent markers.
func sameJSON(t *testing.T, want, got string) string {
	t.Helper()
	if want == absent || got == absent {
		return cmp.Diff(want, got)
	}
	return cmp.Diff(decodeBody(t, []byte(want)), decodeBody(t, []byte(got)))
}

// TestCreateParams checks that each create parameter reaches the body as
// set, null or absent.
func TestCreateParams(t *testing.T) {
	t.Parallel()
	tru := true
	msg := contract.AdditionalMessage{Role: contract.RoleUser, Content: contract.MessageInput{Text: "hi"}}
	parts := contract.AdditionalMessage{
		Role: contract.RoleUser,
		Content: contract.MessageInput{Parts: []contract.ContentPart{
			{Type: "text", Text: "look"},
			{Type: "image_file", ImageFile: &contract.ImageFile{FileID: "file_1", Detail: "low"}},
			{Type: "image_url", ImageURL: &contract.ImageURL{URL: "https://example.com/a.png"}},
		}},
		Attachments: contract.Set([]contract.Attachment{{FileID: "file_2", Tools: []contract.AttachmentTool{{Type: contract.ToolTypeCodeInterpreter}, {Type: contract.ToolTypeFileSearch}}}}),
		Metadata:    contract.Null[map[string]string](),
	}
	nullAttachments := contract.AdditionalMessage{Role: contract.RoleAssistant, Content: contract.MessageInput{Text: "x"}, Attachments: contract.Null[[]contract.Attachment]()}
	tools := []contract.Tool{
		{Type: contract.ToolTypeCodeInterpreter},
		{Type: contract.ToolTypeFileSearch, FileSearch: &contract.FileSearchToolOptions{MaxNumResults: ptr[int64](5), RankingOptions: &contract.FileSearchRankingOptions{Ranker: "auto", ScoreThreshold: 0.3}}},
		{Type: contract.ToolTypeFunction, Function: &contract.FunctionDefinition{Name: "f", Description: "d", Parameters: json.RawMessage(`{"type":"object","properties":{}}`), Strict: &tru}},
		{Type: "web_search"}, // not in openai-go's union: sent verbatim
	}
	schema := contract.ResponseFormat{Type: "json_schema", JSONSchema: &contract.JSONSchema{Name: "s", Description: "d", Schema: json.RawMessage(`{"type":"object"}`), Strict: &tru}}

	tests := []struct {
		name string
		key  string
		p    contract.RunCreateParams
		want string
	}{
		{"assistant_id", "assistant_id", contract.RunCreateParams{AssistantID: "asst_1"}, `"asst_1"`},
		{"include not in body", "include", contract.RunCreateParams{Include: []contract.RunStepInclude{contract.IncludeFileSearchResultContent}}, absent},

		{"additional_instructions set", "additional_instructions", contract.RunCreateParams{AdditionalInstructions: contract.Set("more")}, `"more"`},
		{"additional_instructions null", "additional_instructions", contract.RunCreateParams{AdditionalInstructions: contract.Null[string]()}, `null`},
		{"additional_instructions absent", "additional_instructions", contract.RunCreateParams{}, absent},

		{"additional_messages string", "additional_messages", contract.RunCreateParams{AdditionalMessages: contract.Set([]contract.AdditionalMessage{msg})}, `[{"role":"user","content":"hi"}]`},
		{"additional_messages parts", "additional_messages", contract.RunCreateParams{AdditionalMessages: contract.Set([]contract.AdditionalMessage{parts})},
			`[{"role":"user","content":[{"type":"text","text":"look"},{"type":"image_file","image_file":{"file_id":"file_1","detail":"low"}},{"type":"image_url","image_url":{"url":"https://example.com/a.png"}}],` +
				`"attachments":[{"file_id":"file_2","tools":[{"type":"code_interpreter"},{"type":"file_search"}]}],"metadata":null}]`},
		{"additional_messages null attachments", "additional_messages", contract.RunCreateParams{AdditionalMessages: contract.Set([]contract.AdditionalMessage{nullAttachments})}, `[{"role":"assistant","content":"x","attachments":null}]`},
		{"additional_messages empty", "additional_messages", contract.RunCreateParams{AdditionalMessages: contract.Set([]contract.AdditionalMessage{})}, `[]`},
		{"additional_messages null", "additional_messages", contract.RunCreateParams{AdditionalMessages: contract.Null[[]contract.AdditionalMessage]()}, `null`},
		{"additional_messages absent", "additional_messages", contract.RunCreateParams{}, absent},

		{"instructions set", "instructions", contract.RunCreateParams{Instructions: contract.Set("be kind")}, `"be kind"`},
		{"instructions empty", "instructions", contract.RunCreateParams{Instructions: contract.Set("")}, `""`},
		{"instructions null", "instructions", contract.RunCreateParams{Instructions: contract.Null[string]()}, `null`},
		{"instructions absent", "instructions", contract.RunCreateParams{}, absent},

		{"max_completion_tokens set", "max_completion_tokens", contract.RunCreateParams{MaxCompletionTokens: contract.Set[int64](256)}, `256`},
		{"max_completion_tokens null", "max_completion_tokens", contract.RunCreateParams{MaxCompletionTokens: contract.Null[int64]()}, `null`},
		{"max_completion_tokens absent", "max_completion_tokens", contract.RunCreateParams{}, absent},

		{"max_prompt_tokens set", "max_prompt_tokens", contract.RunCreateParams{MaxPromptTokens: contract.Set[int64](0)}, `0`},
		{"max_prompt_tokens null", "max_prompt_tokens", contract.RunCreateParams{MaxPromptTokens: contract.Null[int64]()}, `null`},
		{"max_prompt_tokens absent", "max_prompt_tokens", contract.RunCreateParams{}, absent},

		{"metadata set", "metadata", contract.RunCreateParams{Metadata: contract.Set(map[string]string{"a": "1"})}, `{"a":"1"}`},
		{"metadata empty", "metadata", contract.RunCreateParams{Metadata: contract.Set(map[string]string{})}, `{}`},
		{"metadata null", "metadata", contract.RunCreateParams{Metadata: contract.Null[map[string]string]()}, `null`},
		{"metadata absent", "metadata", contract.RunCreateParams{}, absent},

		{"model set", "model", contract.RunCreateParams{Model: contract.Set("gpt-4o")}, `"gpt-4o"`},
		{"model null", "model", contract.RunCreateParams{Model: contract.Null[string]()}, `null`},
		{"model absent", "model", contract.RunCreateParams{}, absent},

		{"parallel_tool_calls false", "parallel_tool_calls", contract.RunCreateParams{ParallelToolCalls: new(bool)}, `false`},
		{"parallel_tool_calls true", "parallel_tool_calls", contract.RunCreateParams{ParallelToolCalls: &tru}, `true`},
		{"parallel_tool_calls absent", "parallel_tool_calls", contract.RunCreateParams{}, absent},

		{"reasoning_effort set", "reasoning_effort", contract.RunCreateParams{ReasoningEffort: contract.Set(contract.ReasoningEffortHigh)}, `"high"`},
		{"reasoning_effort null", "reasoning_effort", contract.RunCreateParams{ReasoningEffort: contract.Null[contract.ReasoningEffort]()}, `null`},
		{"reasoning_effort absent", "reasoning_effort", contract.RunCreateParams{}, absent},

		{"response_format auto", "response_format", contract.RunCreateParams{ResponseFormat: contract.Set(contract.ResponseFormat{Type: "auto"})}, `"auto"`},
		{"response_format text", "response_format", contract.RunCreateParams{ResponseFormat: contract.Set(contract.ResponseFormat{Type: "text"})}, `{"type":"text"}`},
		{"response_format json_object", "response_format", contract.RunCreateParams{ResponseFormat: contract.Set(contract.ResponseFormat{Type: "json_object"})}, `{"type":"json_object"}`},
		{"response_format json_schema", "response_format", contract.RunCreateParams{ResponseFormat: contract.Set(schema)},
			`{"type":"json_schema","json_schema":{"name":"s","description":"d","schema":{"type":"object"},"strict":true}}`},
		{"response_format unknown", "response_format", contract.RunCreateParams{ResponseFormat: contract.Set(contract.ResponseFormat{Type: "yaml"})}, `{"type":"yaml"}`},
		{"response_format null", "response_format", contract.RunCreateParams{ResponseFormat: contract.Null[contract.ResponseFormat]()}, `null`},
		{"response_format absent", "response_format", contract.RunCreateParams{}, absent},

		{"temperature set", "temperature", contract.RunCreateParams{Temperature: contract.Set(0.2)}, `0.2`},
		{"temperature null", "temperature", contract.RunCreateParams{Temperature: contract.Null[float64]()}, `null`},
		{"temperature absent", "temperature", contract.RunCreateParams{}, absent},

		{"tool_choice mode", "tool_choice", contract.RunCreateParams{ToolChoice: contract.Set(contract.ToolChoice{Type: contract.ToolChoiceRequired})}, `"required"`},
		{"tool_choice function", "tool_choice", contract.RunCreateParams{ToolChoice: contract.Set(contract.ToolChoice{Type: "function", Function: &contract.ToolChoiceFunction{Name: "f"}})}, `{"type":"function","function":{"name":"f"}}`},
		{"tool_choice file_search", "tool_choice", contract.RunCreateParams{ToolChoice: contract.Set(contract.ToolChoice{Type: "file_search"})}, `{"type":"file_search"}`},
		{"tool_choice null", "tool_choice", contract.RunCreateParams{ToolChoice: contract.Null[contract.ToolChoice]()}, `null`},
		{"tool_choice absent", "tool_choice", contract.RunCreateParams{}, absent},

		{"tools set", "tools", contract.RunCreateParams{Tools: contract.Set(tools)},
			`[{"type":"code_interpreter"},{"type":"file_search","file_search":{"max_num_results":5,"ranking_options":{"ranker":"auto","score_threshold":0.3}}},` +
				`{"type":"function","function":{"name":"f","description":"d","parameters":{"type":"object","properties":{}},"strict":true}},{"type":"web_search"}]`},
		{"tools bare file_search", "tools", contract.RunCreateParams{Tools: contract.Set([]contract.Tool{{Type: contract.ToolTypeFileSearch}, {Type: contract.ToolTypeFileSearch, FileSearch: &contract.FileSearchToolOptions{}}})},
			`[{"type":"file_search"},{"type":"file_search","file_search":{}}]`},
		{"tools empty", "tools", contract.RunCreateParams{Tools: contract.Set([]contract.Tool{})}, `[]`},
		{"tools null", "tools", contract.RunCreateParams{Tools: contract.Null[[]contract.Tool]()}, `null`},
		{"tools absent", "tools", contract.RunCreateParams{}, absent},

		{"top_p set", "top_p", contract.RunCreateParams{TopP: contract.Set(1.0)}, `1`},
		{"top_p null", "top_p", contract.RunCreateParams{TopP: contract.Null[float64]()}, `null`},
		{"top_p absent", "top_p", contract.RunCreateParams{}, absent},

		{"truncation_strategy last_messages", "truncation_strategy", contract.RunCreateParams{TruncationStrategy: contract.Set(contract.TruncationStrategy{Type: "last_messages", LastMessages: ptr[int64](3)})}, `{"type":"last_messages","last_messages":3}`},
		{"truncation_strategy auto", "truncation_strategy", contract.RunCreateParams{TruncationStrategy: contract.Set(contract.TruncationStrategy{Type: "auto"})}, `{"type":"auto","last_messages":null}`},
		{"truncation_strategy null", "truncation_strategy", contract.RunCreateParams{TruncationStrategy: contract.Null[contract.TruncationStrategy]()}, `null`},
		{"truncation_strategy absent", "truncation_strategy", contract.RunCreateParams{}, absent},

		{"extra key", "x_custom", contract.RunCreateParams{Extra: map[string]any{"x_custom": map[string]any{"a": []int{1}}}}, `{"a":[1]}`},
		{"extra key with sjson syntax", "a.b*", contract.RunCreateParams{Extra: map[string]any{"a.b*": "literal"}}, `"literal"`},
		{"extra stream passes through", "stream", contract.RunCreateParams{Extra: map[string]any{"stream": true}}, `true`},
		{"extra repeats a known key", "model", contract.RunCreateParams{Model: contract.Set("a"), Extra: map[string]any{"model": "b"}}, `"b"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := bodyField(t, tt.key, func(ctx context.Context, a *openaigo.Adapter) error {
				_, err := a.Runs.Create(ctx, "thread_1", tt.p)
				return err
			})
			if diff := sameJSON(t, tt.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.key, diff)
			}
		})
	}
}

// TestUpdateAndSubmitParams checks the bodies of Update and
// SubmitToolOutputs for set, null and absent fields and Extra keys.
func TestUpdateAndSubmitParams(t *testing.T) {
	t.Parallel()
	update := func(p contract.RunUpdateParams) func(context.Context, *openaigo.Adapter) error {
		return func(ctx context.Context, a *openaigo.Adapter) error {
			_, err := a.Runs.Update(ctx, "thread_1", "run_1", p)
			return err
		}
	}
	submit := func(p contract.RunSubmitToolOutputsParams) func(context.Context, *openaigo.Adapter) error {
		return func(ctx context.Context, a *openaigo.Adapter) error {
			_, err := a.Runs.SubmitToolOutputs(ctx, "thread_1", "run_1", p)
			return err
		}
	}
	outputs := func(o ...contract.ToolOutput) contract.RunSubmitToolOutputsParams {
		return contract.RunSubmitToolOutputsParams{ToolOutputs: o}
	}
	tests := []struct {
		name string
		call func(context.Context, *openaigo.Adapter) error
		want string // the whole body
	}{
		{"update metadata set", update(contract.RunUpdateParams{Metadata: contract.Set(map[string]string{"a": "1"})}), `{"metadata":{"a":"1"}}`},
		{"update metadata null", update(contract.RunUpdateParams{Metadata: contract.Null[map[string]string]()}), `{"metadata":null}`},
		{"update metadata absent", update(contract.RunUpdateParams{}), `{}`},
		{"update extra", update(contract.RunUpdateParams{Extra: map[string]any{"x": 1}}), `{"x":1}`},

		{"submit both set", submit(outputs(contract.ToolOutput{ToolCallID: contract.Set("c"), Output: contract.Set("o")})), `{"tool_outputs":[{"tool_call_id":"c","output":"o"}]}`},
		{"submit both null", submit(outputs(contract.ToolOutput{ToolCallID: contract.Null[string](), Output: contract.Null[string]()})), `{"tool_outputs":[{"tool_call_id":null,"output":null}]}`},
		{"submit both absent", submit(outputs(contract.ToolOutput{})), `{"tool_outputs":[{}]}`},
		{"submit empty list", submit(outputs([]contract.ToolOutput{}...)), `{"tool_outputs":[]}`},
		// openai-go leaves a nil required slice out of the body.
		{"submit nil list", submit(contract.RunSubmitToolOutputsParams{}), `{}`},
		{"submit extra", submit(contract.RunSubmitToolOutputsParams{ToolOutputs: []contract.ToolOutput{}, Extra: map[string]any{"stream": true}}), `{"tool_outputs":[],"stream":true}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, respondJSON(http.StatusOK, runJSON))
			if err := tt.call(t.Context(), srv.adapter()); err != nil {
				t.Fatalf("call: %v", err)
			}
			if diff := sameJSON(t, tt.want, string(srv.only(t).Body)); diff != "" {
				t.Errorf("body (-want +got):\n%s", diff)
			}
		})
	}
}

// TestBodyBytes pins the exact bytes openai-go sends, which differ from
// the caller's order (see the package documentation): struct declaration
// order for known fields, sorted map keys, SetExtraFields nulls after the
// known fields, WithJSONSet keys after those, and "stream" last.
func TestBodyBytes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		call func(context.Context, *openaigo.Adapter) error
		want string
	}{
		{
			name: "create",
			call: func(ctx context.Context, a *openaigo.Adapter) error {
				_, err := a.Runs.Create(ctx, "t", contract.RunCreateParams{
					AssistantID:    "asst_1",
					Model:          contract.Null[string](),
					Tools:          contract.Set([]contract.Tool{{Type: contract.ToolTypeFunction, Function: &contract.FunctionDefinition{Name: "f", Parameters: json.RawMessage(`{"type":"object","additionalProperties":false}`)}}}),
					Metadata:       contract.Set(map[string]string{"z": "1", "a": "2"}),
					Instructions:   contract.Set("i"),
					TopP:           contract.Set(1.0),
					ResponseFormat: contract.Set(contract.ResponseFormat{Type: "auto"}),
					Extra:          map[string]any{"b_extra": 1, "a_extra": 2},
				})
				return err
			},
			want: `{"assistant_id":"asst_1","instructions":"i","top_p":1,"metadata":{"a":"2","z":"1"},` +
				`"tools":[{"function":{"name":"f","parameters":{"additionalProperties":false,"type":"object"}},"type":"function"}],` +
				`"response_format":"auto","model":null,"a_extra":2,"b_extra":1}`,
		},
		{
			name: "submit tool outputs",
			call: func(ctx context.Context, a *openaigo.Adapter) error {
				_, err := a.Runs.SubmitToolOutputs(ctx, "t", "r", contract.RunSubmitToolOutputsParams{ToolOutputs: []contract.ToolOutput{{ToolCallID: contract.Set("c"), Output: contract.Set("o")}}})
				return err
			},
			want: `{"tool_outputs":[{"output":"o","tool_call_id":"c"}]}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, respondJSON(http.StatusOK, runJSON))
			if err := tt.call(t.Context(), srv.adapter()); err != nil {
				t.Fatalf("call: %v", err)
			}
			if diff := cmp.Diff(tt.want, string(srv.only(t).Body)); diff != "" {
				t.Errorf("body (-want +got):\n%s", diff)
			}
		})
	}
}
