package emulator

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/runsuite/runsuite/contract"
)

// robustnessPaths are requests of every route, with ids that exist in the
// world setupRobustness builds ({t}, {r}, {s} and {a} are replaced).
var robustnessPaths = []string{
	"POST /v1/assistants", "GET /v1/assistants?limit=3&order=asc", "GET /v1/assistants/{a}",
	"POST /v1/threads", "GET /v1/threads/{t}", "POST /v1/threads/runs",
	"POST /v1/threads/{t}/messages", "GET /v1/threads/{t}/messages?run_id={r}",
	"POST /v1/threads/{t}/runs", "GET /v1/threads/{t}/runs?after={r}", "GET /v1/threads/{t}/runs/{r}",
	"POST /v1/threads/{t}/runs/{r}", "POST /v1/threads/{t}/runs/{r}/cancel",
	"POST /v1/threads/{t}/runs/{r}/submit_tool_outputs", "GET /v1/threads/{t}/runs/{r}/steps?include[]=x",
	"GET /v1/threads/{t}/runs/{r}/steps/{s}", "DELETE /v1/threads/{t}", "GET /v1/threads/%E2%28%FF", "GET /v1//threads",
}

// robustnessBodies are odd bodies: malformed, mistyped, deeply nested,
// out of range, and valid ones that start runs.
var robustnessBodies = []string{
	``, `{`, `null`, `[]`, `"x"`, `{"assistant_id":null}`, `{"assistant_id":"{a}","stream":true}`,
	`{"assistant_id":"{a}","tools":[{"type":"function"}],"tool_choice":"required"}`,
	`{"assistant_id":"{a}","tools":[{"type":"function","function":{"name":""}}],"tool_choice":{"type":"function"}}`,
	`{"assistant_id":"{a}","metadata":{"emulator.script":"function"}}`,
	`{"assistant_id":"{a}","metadata":{"emulator.outcome":"drop_connection"},"stream":true}`,
	`{"assistant_id":"{a}","temperature":1e400,"top_p":-0}`, `{"assistant_id":"{a}","max_prompt_tokens":99999999999999999999}`,
	`{"assistant_id":"{a}","additional_messages":[{"role":"user","content":[]}]}`,
	`{"assistant_id":"{a}","additional_messages":[{"role":"user","content":[{"type":"image_file"}]}]}`,
	`{"assistant_id":"{a}","response_format":{"type":"json_schema","json_schema":{"name":"n","schema":{"a":[1,{"b":null}]}}}}`,
	`{"tool_outputs":[{"tool_call_id":null,"output":null}],"stream":true}`, `{"tool_outputs":null}`,
	`{"metadata":null}`, `{"metadata":{"\u0000":"\ud800"}}`, `{"role":"user","content":"\xff\xfe"}`,
	`{"messages":[{"role":"assistant","content":"a"}],"tool_resources":{"file_search":{"vector_store_ids":[1]}}}`,
	`{"model":"m","tools":[{"type":"file_search","file_search":{"ranking_options":{"score_threshold":2}}}]}`,
	`{"thread":{"messages":[{"role":"user","content":"hi"}]},"assistant_id":"{a}","stream":true}`,
	strings.Repeat(`{"a":`, 20000) + strings.Repeat(`}`, 20000),
}

// setupRobustness builds a thread with a run awaiting tool outputs and
// returns the replacer of the path and body placeholders.
func setupRobustness(tb testing.TB, s *Server) *strings.Replacer {
	tb.Helper()
	c := newClient(tb, s)
	a := c.mustAssistant(weatherTool)
	th := c.mustThread("get_current_weather")
	evs := c.stream("/threads/"+th.ID+"/runs", body{"assistant_id": a.ID, "stream": true})
	var stepID string
	for _, e := range evs {
		if e.Step != nil {
			stepID = e.Step.ID
		}
	}
	return strings.NewReplacer("{a}", a.ID, "{t}", th.ID, "{r}", evs[0].Run.ID, "{s}", stepID)
}

// serveOnce sends one request straight to the handler; a cut connection
// (drop_connection) is a legitimate answer. A target net/http cannot parse
// never reaches a handler and counts as a 400.
func serveOnce(h http.Handler, method, target, body string) (rec *httptest.ResponseRecorder) {
	rec = httptest.NewRecorder()
	req, err := http.NewRequest(method, target, strings.NewReader(body))
	if err != nil {
		rec.Code = http.StatusBadRequest // net/http refuses such a request line itself
		return rec
	}
	req.Header.Set(contract.BetaHeader, contract.BetaValue)
	defer func() {
		if v := recover(); v != nil && v != http.ErrAbortHandler { //nolint:errorlint // a sentinel panic value
			panic(v)
		}
	}()
	h.ServeHTTP(rec, req)
	return rec
}

func TestNoInputReachesRecover(t *testing.T) {
	t.Parallel()
	for _, mode := range []Mode{ModeStrict, ModeLenient} {
		t.Run(mode.String(), func(t *testing.T) {
			t.Parallel()
			s := newTestServer(t, WithMode(mode), WithStreamShape(StreamShape{Deltas: 2}))
			rep := setupRobustness(t, s)
			for _, route := range robustnessPaths {
				method, target, _ := strings.Cut(rep.Replace(route), " ")
				for _, b := range robustnessBodies {
					if rec := serveOnce(s.Handler(), method, target, rep.Replace(b)); rec.Code >= 500 {
						t.Errorf("%s %s with %.60q: status %d: %s", method, target, b, rec.Code, rec.Body)
					}
				}
			}
			if n := s.panics.Load(); n != 0 {
				t.Errorf("%d requests reached the last-resort recover", n)
			}
		})
	}
}

// FuzzRequest sends arbitrary bodies and query strings to every route; no
// answer may be a 5xx and nothing may panic.
func FuzzRequest(f *testing.F) {
	for i, b := range robustnessBodies[:len(robustnessBodies)-1] {
		f.Add(i, b, "limit=2&order=asc")
	}
	f.Add(8, `{"assistant_id":"{a}"}`, "include%5B%5D=step_details.tool_calls%5B*%5D.file_search.results%5B*%5D.content")
	s := NewServer(WithStreamShape(StreamShape{Deltas: 2}))
	f.Cleanup(s.Close)
	rep := setupRobustness(f, s)
	f.Fuzz(func(t *testing.T, route int, body, query string) {
		if route < 0 {
			route = -route
		}
		method, target, _ := strings.Cut(rep.Replace(robustnessPaths[route%len(robustnessPaths)]), " ")
		if strings.ContainsAny(query, " \t\r\n#") {
			return
		}
		if query != "" {
			target += "?" + query
		}
		if rec := serveOnce(s.Handler(), method, target, rep.Replace(body)); rec.Code >= 500 {
			t.Errorf("%s %s: status %d: %s", method, target, rec.Code, rec.Body)
		}
		if n := s.panics.Load(); n != 0 {
			t.Fatalf("%d requests reached the last-resort recover", n)
		}
	})
}
