package conformance

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// wireRequest builds the Request a server would see for method and target
// (path and query exactly as sent) with body. Unless overridden by hdr
// ("Name: value", or "Name:" to remove), it carries the headers every SDK
// sends: bearer auth, OpenAI-Beta and, with a body, application/json.
func wireRequest(tb testing.TB, method, target, body string, hdr ...string) *Request {
	tb.Helper()
	r := httptest.NewRequest(method, "http://127.0.0.1"+"/", strings.NewReader(body))
	r.RequestURI = target // as on the request line, unparsed
	r.Header = http.Header{}
	r.Header.Set("Authorization", "Bearer sk-test")
	r.Header.Set("OpenAI-Beta", "assistants=v2")
	r.Header.Set("Accept", "application/json")
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	for _, h := range hdr {
		name, value, _ := strings.Cut(h, ":")
		value = strings.TrimSpace(value)
		if value == "" {
			r.Header.Del(name)
			continue
		}
		r.Header.Set(name, value)
	}
	var b []byte
	if body != "" {
		b = []byte(body)
	}
	return NewRequest(r, b)
}

const (
	runsPath   = "/v1/threads/thread_1/runs"
	runPath    = runsPath + "/run_1"
	stepsPath  = runPath + "/steps"
	submitPath = runPath + "/submit_tool_outputs"
	includeQ   = "include%5B%5D=step_details.tool_calls%5B%2A%5D.file_search.results%5B%2A%5D.content"
)

// badRequests holds, for every client rule, requests it must flag. A rule
// without an entry fails TestEveryClientRuleFlagsItsBadRequest.
var badRequests = map[string][]struct {
	name                 string
	method, target, body string
	hdr                  []string
}{
	"client.operation.known": {
		{"unknown path", "GET", "/v1/threads/thread_1/jobs", "", nil},
		{"wrong method", "DELETE", runPath, "", nil},
		{"outside the base path", "GET", "/threads/thread_1/runs", "", nil},
		{"put on runs", "PUT", runsPath, `{"assistant_id":"a"}`, nil},
	},
	"client.path.ids": {
		{"empty thread id", "POST", "/v1/threads//runs", `{"assistant_id":"a"}`, nil},
		{"empty run id", "GET", "/v1/threads/thread_1/runs//steps", "", nil},
		{"dot segment", "GET", "/v1/threads/thread_1/runs/..", "", nil},
		{"encoded dot segments", "GET", "/v1/threads/%2E%2E/runs", "", nil},
		{"trailing slash", "GET", runsPath + "/", "", nil},
	},
	"client.path.escaping": {
		{"raw space-like char", "GET", "/v1/threads/a|b/runs", "", nil},
		{"bad escape", "GET", "/v1/threads/a%zzb/runs", "", nil},
		{"truncated escape", "GET", "/v1/threads/thread_1/runs/run%2", "", nil},
		{"raw non-ascii", "GET", "/v1/threads/th\xc3\xa9/runs", "", nil},
	},
	"client.header.beta": {
		{"missing", "GET", runPath, "", []string{"OpenAI-Beta:"}},
		{"v1", "GET", runPath, "", []string{"OpenAI-Beta: assistants=v1"}},
		{"missing on a set-up call", "POST", "/v1/threads", `{}`, []string{"OpenAI-Beta:"}},
	},
	"client.header.auth": {
		{"missing", "GET", runPath, "", []string{"Authorization:"}},
		{"basic", "GET", runPath, "", []string{"Authorization: Basic dXNlcjpwYXNz"}},
		{"empty bearer", "GET", runPath, "", []string{"Authorization: Bearer"}},
		{"missing on a set-up call", "POST", "/v1/assistants", `{"model":"m"}`, []string{"Authorization:"}},
	},
	"client.query.include": {
		{"brackets lost", "GET", stepsPath + "?include=step_details.tool_calls%5B%2A%5D.file_search.results%5B%2A%5D.content", "", nil},
		{"indexed", "GET", stepsPath + "?include%5B0%5D=step_details.tool_calls%5B%2A%5D.file_search.results%5B%2A%5D.content", "", nil},
		{"value lost", "GET", stepsPath + "?include%5B%5D=", "", nil},
		{"bare key", "GET", stepsPath + "?include%5B%5D", "", nil},
		{"value brackets lost", "GET", stepsPath + "?include%5B%5D=step_details.tool_calls.file_search.results.content", "", nil},
		{"double encoded", "GET", stepsPath + "?include%5B%5D=step_details.tool_calls%255B%252A%255D.file_search.results%255B%252A%255D.content", "", nil},
		{"on an operation without include", "GET", runsPath + "?" + includeQ, "", nil},
		{"bad escape", "GET", stepsPath + "?include%5B%5D=%zz", "", nil},
	},
	"client.query.params": {
		{"unknown key", "GET", runsPath + "?page=2", "", nil},
		{"limit out of range", "GET", runsPath + "?limit=101", "", nil},
		{"limit not a number", "GET", stepsPath + "?limit=ten", "", nil},
		{"bad order", "GET", runsPath + "?order=newest", "", nil},
		{"query on retrieve", "GET", runPath + "?limit=1", "", nil},
		{"repeated", "GET", runsPath + "?limit=1&limit=2", "", nil},
	},
	"client.query.cursor": {
		{"bare after (Ruby after an empty page)", "GET", stepsPath + "?before=b1&after", "", nil},
		{"empty before", "GET", runsPath + "?before=", "", nil},
	},
	"client.body.json": {
		{"not JSON", "POST", runsPath, `assistant_id=a`, nil},
		{"an array", "POST", submitPath, `[{"output":"x"}]`, nil},
		{"trailing data", "POST", runPath, `{"metadata":{}} {}`, nil},
		{"no content type", "POST", runsPath, `{"assistant_id":"a"}`, []string{"Content-Type:"}},
		{"form content type", "POST", runsPath, `{"assistant_id":"a"}`, []string{"Content-Type: application/x-www-form-urlencoded"}},
	},
	"client.body.schema": {
		{"unknown key", "POST", runsPath, `{"assistant_id":"a","foo":1}`, nil},
		{"nested unknown key", "POST", runsPath, `{"assistant_id":"a","truncation_strategy":{"type":"auto","x":1}}`, nil},
		{"missing assistant_id", "POST", runsPath, `{"model":"gpt-4o"}`, nil},
		{"wrong type", "POST", runsPath, `{"assistant_id":"a","temperature":"hot"}`, nil},
		{"metadata value not a string", "POST", runPath, `{"metadata":{"modified":true}}`, nil},
		{"decimal token limit", "POST", runsPath, `{"assistant_id":"a","max_prompt_tokens":300.5}`, nil},
		{"enum", "POST", runsPath, `{"assistant_id":"a","reasoning_effort":"extreme"}`, nil},
		{"tool_outputs missing", "POST", submitPath, `{}`, nil},
		{"tool output not an object", "POST", submitPath, `{"tool_outputs":["x"]}`, nil},
		{"empty content parts", "POST", runsPath, `{"assistant_id":"a","additional_messages":[{"role":"user","content":[]}]}`, nil},
		{"unknown key on update", "POST", runPath, `{"metadata":{},"name":"x"}`, nil},
	},
	"client.body.bounds": {
		{"temperature", "POST", runsPath, `{"assistant_id":"a","temperature":2.5}`, nil},
		{"token minimum", "POST", runsPath, `{"assistant_id":"a","max_completion_tokens":100}`, nil},
		{"too many metadata pairs", "POST", runPath, `{"metadata":{"1":"","2":"","3":"","4":"","5":"","6":"","7":"","8":"","9":"","10":"","11":"","12":"","13":"","14":"","15":"","16":"","17":""}}`, nil},
		{"max_num_results", "POST", runsPath, `{"assistant_id":"a","tools":[{"type":"file_search","file_search":{"max_num_results":51}}]}`, nil},
		{"last_messages", "POST", runsPath, `{"assistant_id":"a","truncation_strategy":{"type":"last_messages","last_messages":0}}`, nil},
		{"empty function name", "POST", runsPath, `{"assistant_id":"a","tools":[{"type":"function","function":{"name":""}}]}`, nil},
	},
	"client.body.stream": {
		{"stream on update", "POST", runPath, `{"metadata":{},"stream":true}`, nil},
		{"stream not a boolean", "POST", runsPath, `{"assistant_id":"a","stream":"yes"}`, nil},
		{"stream asked by Accept only", "POST", runsPath, `{"assistant_id":"a"}`, []string{"Accept: text/event-stream"}},
		{"submit stream asked by Accept only", "POST", submitPath, `{"tool_outputs":[],"stream":false}`, []string{"Accept: text/event-stream"}},
	},
	"client.body.none": {
		{"body on retrieve", "GET", runPath, `{}`, nil},
		{"body on cancel", "POST", runPath + "/cancel", `{}`, nil},
		{"body on steps list", "GET", stepsPath, `{"limit":2}`, nil},
	},
}

func TestEveryClientRuleFlagsItsBadRequest(t *testing.T) {
	t.Parallel()
	rules := ClientRules()
	if len(rules) == 0 {
		t.Fatal("no client rules registered")
	}
	for _, c := range rules {
		cases, ok := badRequests[c.ID]
		if !ok || len(cases) == 0 {
			t.Errorf("client rule %s has no crafted bad request in badRequests", c.ID)
			continue
		}
		for _, tc := range cases {
			t.Run(c.ID+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				r := wireRequest(t, tc.method, tc.target, tc.body, tc.hdr...)
				fs := c.Inspect(r)
				if len(fs) == 0 {
					t.Fatalf("%s on %s: got no finding, want at least one", c.ID, r.Line())
				}
				for _, f := range fs {
					if f.Request != r.Line() || f.Message == "" || (f.Expected == "" && f.Got == "") {
						t.Errorf("finding %q: got request %q, expected %q, got %q; want the request line and expected vs got", f.Message, f.Request, f.Expected, f.Got)
					}
				}
				// The request is flagged for what the case names: by this
				// rule, reported under its id by Inspect.
				if _, ok := Inspect(r)[c.ID]; !ok {
					t.Errorf("Inspect(%s): no findings under %s", r.Line(), c.ID)
				}
			})
		}
	}
	for id := range badRequests {
		if c, ok := Lookup(id); !ok || c.Side != SideClient {
			t.Errorf("badRequests names %q, which is no client rule", id)
		}
	}
}

// goodRequests are what real clients send (CONTRACT §8): no rule may flag
// them.
var goodRequests = []struct {
	name                 string
	method, target, body string
	hdr                  []string
}{
	{"create, Node and Go (Accept: application/json on a stream)", "POST", runsPath + "?" + includeQ, `{"assistant_id":"asst_1","stream":true}`, nil},
	{"create, Ruby (* raw, Accept: text/event-stream)", "POST", runsPath + "?include%5B%5D=step_details.tool_calls%5B*%5D.file_search.results%5B*%5D.content",
		`{"assistant_id":"asst_1","stream":true}`, []string{"Accept: text/event-stream", "Accept-Encoding: identity"}},
	{"create, .NET (brackets of the key raw, both Accepts)", "POST", runsPath + "?include[]=step_details.tool_calls%5B%2A%5D.file_search.results%5B%2A%5D.content",
		`{"assistant_id":"asst_1","stream":true}`, []string{"Accept: application/json, text/event-stream"}},
	{"create, everything set", "POST", runsPath, `{"assistant_id":"asst_1","model":"gpt-4o","instructions":null,"additional_instructions":"x",
		"additional_messages":[{"role":"user","content":[{"type":"text","text":"hi"}],"attachments":null,"metadata":{"k":"v"}}],
		"max_completion_tokens":256,"max_prompt_tokens":null,"metadata":{"a":"b"},"parallel_tool_calls":false,"reasoning_effort":"low",
		"response_format":{"type":"json_schema","json_schema":{"name":"n","schema":{"type":"object"},"strict":true}},"temperature":0,"top_p":1,
		"tool_choice":{"type":"function","function":{"name":"f"}},"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{}}}},
		{"type":"file_search","file_search":{"max_num_results":50,"ranking_options":{"score_threshold":0.5,"ranker":"auto"}}},{"type":"code_interpreter"}],
		"truncation_strategy":{"type":"last_messages","last_messages":3}}`, nil},
	{"create, .NET without a stream (both Accepts)", "POST", runsPath + "?include[]=step_details.tool_calls%5B%2A%5D.file_search.results%5B%2A%5D.content",
		`{"assistant_id":"asst_1","additional_messages":[]}`, []string{"Accept: application/json, text/event-stream"}},
	{"set-up: upload a file (no OpenAI-Beta, not a beta call)", "POST", "/v1/files", "", []string{"OpenAI-Beta:"}},
	{"create, explicit stream false (spec allows it)", "POST", runsPath, `{"assistant_id":"asst_1","stream":false}`, nil},
	{"retrieve", "GET", runPath, "", nil},
	{"retrieve, over-escaped id", "GET", "/v1/threads/thread%5F1/runs/run%2A1", "", nil},
	{"retrieve, Ruby Content-Length 0", "GET", runPath, "", []string{"Content-Length: 0"}},
	{"update with {}", "POST", runPath, `{}`, nil},
	{"update, metadata null", "POST", runPath, `{"metadata":null}`, nil},
	{"list, Node order", "GET", runsPath + "?limit=2&order=asc&after=run_0", "", nil},
	{"cancel, no body", "POST", runPath + "/cancel", "", nil},
	{"submit", "POST", submitPath, `{"tool_outputs":[{"tool_call_id":"call_1","output":"22C"}]}`, nil},
	{"submit stream, Go key order", "POST", submitPath, `{"tool_outputs":[{"output":"22C","tool_call_id":"call_1"}],"stream":true}`, nil},
	{"steps retrieve", "GET", stepsPath + "/step_1?" + includeQ, "", nil},
	{"steps list, Go order", "GET", stepsPath + "?" + includeQ + "&limit=2&order=asc", "", nil},
	{"steps list, Node order", "GET", stepsPath + "?limit=2&order=asc&" + includeQ, "", nil},
	{"set-up: create assistant", "POST", "/v1/assistants", `{"model":"gpt-4o","tools":[{"type":"function","function":{"name":"f"}}]}`, nil},
	{"set-up: create thread", "POST", "/v1/threads", `{"messages":[{"role":"user","content":"hi"}]}`, nil},
	{"set-up: list messages", "GET", "/v1/threads/thread_1/messages?order=asc", "", nil},
	{"set-up: thread and run", "POST", "/v1/threads/runs", `{"assistant_id":"asst_1","stream":true}`, nil},
	{"set-up: delete thread", "DELETE", "/v1/threads/thread_1", "", nil},
}

func TestRealClientRequestsAreNotFlagged(t *testing.T) {
	t.Parallel()
	for _, tc := range goodRequests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := wireRequest(t, tc.method, tc.target, strings.Join(strings.Fields(tc.body), " "), tc.hdr...)
			for id, fs := range Inspect(r) {
				t.Errorf("%s: %s flagged it: %v", r.Line(), id, fs)
			}
		})
	}
}

func TestNewRequestMatchesOperations(t *testing.T) {
	t.Parallel()
	tests := []struct {
		method, target, body string
		wantOp               string // "" for none
		wantArgs             []string
		wantSetup            string
	}{
		{"POST", runsPath, `{"assistant_id":"a"}`, "runs.create", []string{"thread_1"}, ""},
		{"POST", runsPath, `{"assistant_id":"a","stream":true}`, "runs.create_stream_raw", []string{"thread_1"}, ""},
		{"POST", runsPath, `{"assistant_id":"a","stream":false}`, "runs.create", []string{"thread_1"}, ""},
		{"POST", submitPath, `{"tool_outputs":[],"stream":true}`, "runs.submit_tool_outputs_stream_raw", []string{"thread_1", "run_1"}, ""},
		{"GET", "/v1/threads/a%2Fb/runs/r%20s/steps/st", "", "runs.steps.retrieve", []string{"a/b", "r s", "st"}, ""},
		{"GET", "/v1/threads//runs", "", "runs.list", []string{""}, ""},
		{"POST", runPath + "/cancel?x=1", "", "runs.cancel", []string{"thread_1", "run_1"}, ""},
		{"POST", "/v1/threads/runs", `{}`, "", nil, "threads.create_and_run"},
		{"POST", "/v1/threads/thread_1", `{}`, "", nil, "threads.update"},
		{"GET", "/v1/files", "", "", nil, "files.list"},
		{"GET", "/v1/models", "", "", nil, ""},
		{"GET", "/threads/t/runs", "", "", nil, ""},
	}
	for _, tc := range tests {
		r := wireRequest(t, tc.method, tc.target, tc.body)
		got := ""
		if r.Operation != nil {
			got = string(r.Operation.ID)
		}
		if got != tc.wantOp || !slices.Equal(r.PathArgs, tc.wantArgs) {
			t.Errorf("%s: got %q %q, want %q %q", r.Line(), got, r.PathArgs, tc.wantOp, tc.wantArgs)
		}
		if s := setupCallOf(r); s != tc.wantSetup {
			t.Errorf("%s: set-up call %q, want %q", r.Line(), s, tc.wantSetup)
		}
	}
}

func TestAuthEvidenceHoldsNoSecret(t *testing.T) {
	t.Parallel()
	for _, h := range []string{"Authorization: sk-proj-abcdef0123456789", "Authorization: Token sk-live-1234", "Authorization: Basic c2VjcmV0"} {
		r := wireRequest(t, "GET", runPath, "", h)
		fs := inspectAuth(r)
		if len(fs) != 1 {
			t.Fatalf("%s: got %d findings, want 1", h, len(fs))
		}
		secret := strings.Fields(strings.SplitN(h, ":", 2)[1])
		if s := fs[0].String(); strings.Contains(s, secret[len(secret)-1]) {
			t.Errorf("finding %q holds the credential of %q", s, h)
		}
	}
}

func TestFieldPointer(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"metadata":                                "/metadata",
		"metadata.a.b/c":                          "/metadata/a.b~1c",
		"tools[2].file_search.max_num_results":    "/tools/2/file_search/max_num_results",
		"additional_messages[0].metadata.k":       "/additional_messages/0/metadata/k",
		"truncation_strategy.last_messages":       "/truncation_strategy/last_messages",
		"tools[1].function.name":                  "/tools/1/function/name",
		"tools[0].file_search.ranking_options.x~": "/tools/0/file_search/ranking_options/x~0",
	}
	for in, want := range tests {
		if got := fieldPointer(in); got != want {
			t.Errorf("fieldPointer(%q): got %q, want %q", in, got, want)
		}
	}
}
