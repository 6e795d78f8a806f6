package emulator

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/runsuite/runsuite/contract"
)

// errorWorld is the state the error cases run against: a completed run, a
// run waiting for tool outputs, and a thread without messages.
type errorWorld struct {
	asst, bare          *assistant // bare has no instructions
	done, waiting       contract.Run
	doneThread, wThread contract.Thread
	empty               contract.Thread
	callID              string
}

func newErrorWorld(t *testing.T, c *apiClient) errorWorld {
	t.Helper()
	var w errorWorld
	w.asst = c.mustAssistant(weatherTool)
	var bare assistant
	c.call("POST", "/assistants", body{"model": "gpt-4o"}, &bare)
	w.bare = &bare
	w.doneThread = c.mustThread("hello")
	evs := c.stream("/threads/"+w.doneThread.ID+"/runs", body{"assistant_id": w.asst.ID, "stream": true})
	w.done = *evs[len(evs)-2].Run
	w.wThread = c.mustThread("call get_current_weather")
	evs = c.stream("/threads/"+w.wThread.ID+"/runs", body{"assistant_id": w.asst.ID, "stream": true})
	w.waiting = *evs[len(evs)-2].Run
	w.callID = w.waiting.RequiredAction.SubmitToolOutputs.ToolCalls[0].ID
	w.empty = c.mustThread("")
	return w
}

// errCase is a request that must fail with status and error object want
// (Type defaults to invalid_request_error).
type errCase struct {
	name         string
	method, path string
	body         any
	status       int
	want         contract.ErrorObject
}

func p(s string) *string { return &s }

func TestErrors(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithStreamShape(StreamShape{Deltas: 2}))
	c := newClient(t, s)
	w := newErrorWorld(t, c)
	runs := "/threads/" + w.doneThread.ID + "/runs"
	doneRun := runs + "/" + w.done.ID
	waitRun := "/threads/" + w.wThread.ID + "/runs/" + w.waiting.ID
	a := w.asst.ID
	manyPairs := body{}
	for i := range 17 {
		manyPairs[fmt.Sprintf("k%d", i)] = "v"
	}
	tools21 := make([]any, 21)
	for i := range tools21 {
		tools21[i] = body{"type": "code_interpreter"}
	}
	bad := http.StatusBadRequest
	cases := []errCase{
		{"malformed JSON", "POST", runs, `{"assistant_id":`, bad, contract.ErrorObject{Message: msgMalformedJSON}},
		{"JSON array body", "POST", runs, `[1]`, bad, contract.ErrorObject{Message: msgMalformedJSON}},
		{"trailing garbage", "POST", runs, `{"assistant_id":"a"} x`, bad, contract.ErrorObject{Message: msgMalformedJSON}},
		{"unknown key", "POST", runs, body{"assistant_id": a, "foo": 1}, bad,
			contract.ErrorObject{Message: "Unrecognized request argument supplied: foo", Param: p("foo")}},
		{"nested unknown key", "POST", runs, body{"assistant_id": a, "truncation_strategy": body{"type": "auto", "x": 1}}, bad,
			contract.ErrorObject{Message: "Unrecognized request argument supplied: truncation_strategy.x", Param: p("truncation_strategy.x")}},
		{"wrong type", "POST", runs, body{"assistant_id": a, "temperature": "hot"}, bad,
			contract.ErrorObject{Message: "Invalid type for 'temperature': expected a number, but got a string instead.", Param: p("temperature")}},
		{"wrong type in metadata", "POST", doneRun, body{"metadata": body{"modified": true}}, bad,
			contract.ErrorObject{Message: "Invalid type for 'metadata.modified': expected a string, but got a boolean instead.", Param: p("metadata.modified")}},
		{"decimal for an integer", "POST", runs, body{"assistant_id": a, "max_prompt_tokens": 300.5}, bad,
			contract.ErrorObject{Message: "Invalid type for 'max_prompt_tokens': expected an integer, but got a decimal instead.", Param: p("max_prompt_tokens")}},
		{"null for a string", "POST", runs, body{"assistant_id": nil}, bad,
			contract.ErrorObject{Message: "Invalid type for 'assistant_id': expected a string, but got null instead.", Param: p("assistant_id")}},
		{"bad enum", "POST", runs, body{"assistant_id": a, "tool_choice": "sometimes"}, bad,
			contract.ErrorObject{Message: "Invalid value: 'sometimes'. Supported values are: 'none', 'auto', and 'required'.", Param: p("tool_choice")}},
		{"union of the wrong type", "POST", runs, body{"assistant_id": a, "tool_choice": 3}, bad,
			contract.ErrorObject{Message: "Invalid type for 'tool_choice': expected one of a string or an object, but got an integer instead.", Param: p("tool_choice")}},
		{"missing assistant_id", "POST", runs, body{}, bad,
			contract.ErrorObject{Message: "Missing required parameter: 'assistant_id'.", Param: p("assistant_id")}},
		{"temperature above maximum", "POST", runs, body{"assistant_id": a, "temperature": 3}, bad,
			contract.ErrorObject{Message: "Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 3 instead.", Param: p("temperature")}},
		{"top_p below minimum", "POST", runs, body{"assistant_id": a, "top_p": -0.5}, bad,
			contract.ErrorObject{Message: "Invalid 'top_p': decimal below minimum value. Expected a value >= 0, but got -0.5 instead.", Param: p("top_p")}},
		{"max_completion_tokens below minimum", "POST", runs, body{"assistant_id": a, "max_completion_tokens": 10}, bad,
			contract.ErrorObject{Message: "Invalid 'max_completion_tokens': integer below minimum value. Expected a value >= 256, but got 10 instead.", Param: p("max_completion_tokens")}},
		{"max_num_results above maximum", "POST", runs, body{"assistant_id": a, "tools": []any{body{"type": "file_search", "file_search": body{"max_num_results": 51}}}}, bad,
			contract.ErrorObject{Message: "Invalid 'tools[0].file_search.max_num_results': integer above maximum value. Expected a value <= 50, but got 51 instead.", Param: p("tools[0].file_search.max_num_results")}},
		{"too many metadata pairs", "POST", runs, body{"assistant_id": a, "metadata": manyPairs}, bad,
			contract.ErrorObject{Message: "Invalid 'metadata': too many properties. Expected an object with at most 16 properties, but got an object with 17 properties instead.", Param: p("metadata")}},
		{"metadata value too long", "POST", runs, body{"assistant_id": a, "metadata": body{"k": strings.Repeat("v", 513)}}, bad,
			contract.ErrorObject{Message: "Invalid 'metadata.k': string too long. Expected a string with maximum length 512, but got a string with length 513 instead.", Param: p("metadata.k")}},
		{"metadata key too long", "POST", runs, body{"assistant_id": a, "metadata": body{strings.Repeat("k", 65): "v"}}, bad,
			contract.ErrorObject{Message: "Invalid 'metadata': key too long. Expected a key with maximum length 64, but got a key with length 65 instead.", Param: p("metadata")}},
		{"too many tools", "POST", runs, body{"assistant_id": a, "tools": tools21}, bad,
			contract.ErrorObject{Message: "Invalid 'tools': array too long. Expected an array with maximum length 20, but got an array with length 21 instead.", Param: p("tools")}},
		{"tool_choice names a missing function", "POST", "/threads/" + w.empty.ID + "/runs", body{"assistant_id": a, "tool_choice": body{"type": "function", "function": body{"name": "nope"}}}, bad,
			contract.ErrorObject{Message: "Invalid 'tool_choice': the function 'nope' is not one of the run's tools.", Param: p("tool_choice")}},
		{"unknown script", "POST", "/threads/" + w.empty.ID + "/runs", body{"assistant_id": a, "metadata": body{MetadataScript: "poetry"}}, bad,
			contract.ErrorObject{Message: "Invalid value for metadata key 'emulator.script': 'poetry'. Supported values are: 'text', 'function', 'code_interpreter', and 'file_search'.", Param: p("metadata")}},
		{"no user message and no instructions", "POST", "/threads/" + w.empty.ID + "/runs", body{"assistant_id": w.bare.ID}, bad,
			contract.ErrorObject{Message: msgInvalidThread, Code: p("invalid_thread")}},
		{"active run", "POST", "/threads/" + w.wThread.ID + "/runs", body{"assistant_id": a}, bad,
			contract.ErrorObject{Message: fmt.Sprintf("Thread %s already has an active run %s.", w.wThread.ID, w.waiting.ID)}},
		{"tool outputs to a completed run", "POST", doneRun + "/submit_tool_outputs", body{"tool_outputs": []any{body{"tool_call_id": "call_1", "output": "x"}}}, bad,
			contract.ErrorObject{Message: `Runs in status "completed" do not accept tool outputs.`}},
		{"unknown tool_call_id", "POST", waitRun + "/submit_tool_outputs", body{"tool_outputs": []any{body{"tool_call_id": "call_nope", "output": "x"}}}, bad,
			contract.ErrorObject{Message: "Invalid 'tool_outputs[0].tool_call_id': no tool call with id 'call_nope' is awaiting output.", Param: p("tool_outputs[0].tool_call_id")}},
		{"missing tool output", "POST", waitRun + "/submit_tool_outputs", body{"tool_outputs": []any{}}, bad,
			contract.ErrorObject{Message: fmt.Sprintf("Expected tool outputs for call_ids ['%s'], got [].", w.callID), Param: p("tool_outputs")}},
		{"tool output without id", "POST", waitRun + "/submit_tool_outputs", body{"tool_outputs": []any{body{"output": "x"}}}, bad,
			contract.ErrorObject{Message: "Missing required parameter: 'tool_outputs[0].tool_call_id'.", Param: p("tool_outputs[0].tool_call_id")}},
		{"tool_outputs missing", "POST", waitRun + "/submit_tool_outputs", body{}, bad,
			contract.ErrorObject{Message: "Missing required parameter: 'tool_outputs'.", Param: p("tool_outputs")}},
		{"cancel a completed run", "POST", doneRun + "/cancel", nil, bad,
			contract.ErrorObject{Message: "Cannot cancel run with status 'completed'."}},
		{"update an active run", "POST", waitRun, body{"metadata": body{"a": "b"}}, bad,
			contract.ErrorObject{Message: "Cannot update run with status 'requires_action'."}},
		{"unknown include value", "GET", doneRun + "/steps?include[]=everything", nil, bad,
			contract.ErrorObject{Message: "Invalid value: 'everything'. Supported values are: 'step_details.tool_calls[*].file_search.results[*].content'.", Param: p("include[0]")}},
		{"include without brackets", "GET", doneRun + "/steps?include=" + string(contract.IncludeFileSearchResultContent), nil, bad,
			contract.ErrorObject{Message: "Unrecognized request argument supplied: include", Param: p("include")}},
		{"limit above maximum", "GET", runs + "?limit=101", nil, bad,
			contract.ErrorObject{Message: "Invalid 'limit': integer above maximum value. Expected a value <= 100, but got 101 instead.", Param: p("limit")}},
		{"limit below minimum", "GET", runs + "?limit=0", nil, bad,
			contract.ErrorObject{Message: "Invalid 'limit': integer below minimum value. Expected a value >= 1, but got 0 instead.", Param: p("limit")}},
		{"limit not a number", "GET", runs + "?limit=ten", nil, bad,
			contract.ErrorObject{Message: "Invalid 'limit': expected an integer, but got 'ten' instead.", Param: p("limit")}},
		{"bad order", "GET", runs + "?order=sideways", nil, bad,
			contract.ErrorObject{Message: "Invalid value: 'sideways'. Supported values are: 'asc' and 'desc'.", Param: p("order")}},
		{"unknown after cursor", "GET", runs + "?after=run_nope", nil, bad,
			contract.ErrorObject{Message: "Invalid 'after': no run with id 'run_nope' in this list.", Param: p("after")}},
		{"unknown before cursor", "GET", doneRun + "/steps?before=step_nope", nil, bad,
			contract.ErrorObject{Message: "Invalid 'before': no run step with id 'step_nope' in this list.", Param: p("before")}},
		{"unknown thread", "GET", "/threads/thread_nope/runs", nil, http.StatusNotFound,
			contract.ErrorObject{Message: "No thread found with id 'thread_nope'."}},
		{"unknown thread, percent-encoded", "GET", "/threads/a%2Fb%20c", nil, http.StatusNotFound,
			contract.ErrorObject{Message: "No thread found with id 'a/b c'."}},
		{"unknown run", "GET", runs + "/run_nope", nil, http.StatusNotFound,
			contract.ErrorObject{Message: "No run found with id 'run_nope'."}},
		{"unknown step", "GET", doneRun + "/steps/step_123", nil, http.StatusNotFound,
			contract.ErrorObject{Message: "No run step found with id 'step_123'."}},
		{"unknown assistant", "GET", "/assistants/asst_nope", nil, http.StatusNotFound,
			contract.ErrorObject{Message: "No assistant found with id 'asst_nope'."}},
		{"run of an unknown assistant", "POST", runs, body{"assistant_id": "asst_nope"}, http.StatusNotFound,
			contract.ErrorObject{Message: "No assistant found with id 'asst_nope'."}},
		{"unknown path", "GET", "/nope", nil, http.StatusNotFound,
			contract.ErrorObject{Message: "Invalid URL (GET /v1/nope)"}},
		{"wrong method", "PUT", runs, nil, http.StatusMethodNotAllowed,
			contract.ErrorObject{Message: fmt.Sprintf("Invalid method for URL (PUT /v1%s)", runs)}},
		{"body too large", "POST", runs, `{"assistant_id":"` + strings.Repeat("a", DefaultMaxBodySize) + `"}`, http.StatusRequestEntityTooLarge,
			contract.ErrorObject{Message: fmt.Sprintf("Request body too large. The maximum request body size is %d bytes.", DefaultMaxBodySize)}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			want := tc.want
			if want.Type == "" {
				want.Type = typeInvalidRequest
			}
			diff(t, "error", newClient(t, s).fail(tc.method, tc.path, tc.body, tc.status), want)
		})
	}
}

func TestHeaderErrors(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithRequireAuth(true))
	tests := []struct {
		name   string
		header func(http.Header)
		status int
		want   contract.ErrorObject
	}{
		{"no beta header", func(h http.Header) { h.Del(contract.BetaHeader) }, http.StatusBadRequest,
			contract.ErrorObject{Message: msgMissingBeta, Type: typeInvalidRequest, Code: p("invalid_beta")}},
		{"v1 beta header", func(h http.Header) { h.Set(contract.BetaHeader, "assistants=v1") }, http.StatusBadRequest,
			contract.ErrorObject{Message: msgMissingBeta, Type: typeInvalidRequest, Code: p("invalid_beta")}},
		{"no bearer token", func(h http.Header) { h.Del("Authorization") }, http.StatusUnauthorized,
			contract.ErrorObject{Message: msgMissingAuth, Type: typeInvalidRequest}},
		{"empty bearer token", func(h http.Header) { h.Set("Authorization", "Bearer ") }, http.StatusUnauthorized,
			contract.ErrorObject{Message: msgMissingAuth, Type: typeInvalidRequest}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := newClient(t, s)
			tc.header(c.header)
			diff(t, "error", c.fail("GET", "/threads/thread_1", nil, tc.status), tc.want)
		})
	}
	t.Run("beta among several", func(t *testing.T) {
		t.Parallel()
		c := newClient(t, s)
		c.header.Set(contract.BetaHeader, "other=v1, assistants=v2")
		c.call("POST", "/threads", body{}, nil)
	})
}
