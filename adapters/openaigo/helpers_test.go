package openaigo_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"github.com/runsuite/runsuite/adapters/openaigo"
)

// recorded is one request as the server saw it.
type recorded struct {
	Method string
	Path   string // escaped, as sent
	Query  string // raw, as sent
	Header http.Header
	Body   []byte
}

// server is a loopback HTTP server that records every request and answers
// with a handler chosen per request number.
type server struct {
	srv  *httptest.Server
	mu   sync.Mutex
	reqs []recorded
}

// newServer starts a server answering the n-th request (0-based) with
// handlers[min(n, len-1)].
func newServer(t *testing.T, handlers ...http.HandlerFunc) *server {
	t.Helper()
	s := &server{}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("read request body: %v", err)
		}
		s.mu.Lock()
		n := len(s.reqs)
		s.reqs = append(s.reqs, recorded{Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.RawQuery, Header: r.Header.Clone(), Body: b})
		s.mu.Unlock()
		handlers[min(n, len(handlers)-1)](w, r)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

// requests returns the requests recorded so far.
func (s *server) requests() []recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]recorded(nil), s.reqs...)
}

// only returns the single request recorded, failing the test otherwise.
func (s *server) only(t *testing.T) recorded {
	t.Helper()
	reqs := s.requests()
	if len(reqs) != 1 {
		t.Fatalf("server saw %d requests, want 1", len(reqs))
	}
	return reqs[0]
}

// adapter returns an adapter whose client talks to the server with no
// retries, unless opts say otherwise.
func (s *server) adapter(opts ...option.RequestOption) *openaigo.Adapter {
	base := []option.RequestOption{
		option.WithBaseURL(s.srv.URL + "/v1/"),
		option.WithAPIKey("test"),
		option.WithHTTPClient(s.srv.Client()),
		option.WithMaxRetries(0),
	}
	return openaigo.New(openai.NewClient(append(base, opts...)...))
}

// respondJSON answers with status and body as application/json.
func respondJSON(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", "req_123")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

// respondSSE answers with body as an event stream.
func respondSSE(body []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		w.WriteHeader(http.StatusOK)
		w.Write(body)
	}
}

// decodeBody decodes a JSON request body into a generic value; an empty
// body gives nil.
func decodeBody(t *testing.T, b []byte) any {
	t.Helper()
	if len(b) == 0 {
		return nil
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("request body is not JSON: %v\n%s", err, b)
	}
	return v
}

// bodyKeys decodes a JSON object body into its raw members.
func bodyKeys(t *testing.T, b []byte) map[string]json.RawMessage {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("request body is not a JSON object: %v\n%s", err, b)
	}
	return m
}

func ptr[T any](v T) *T { return &v }

const (
	runJSON = `{"id":"run_1","object":"thread.run","created_at":1700000000,"thread_id":"thread_1","assistant_id":"asst_1",` +
		`"status":"requires_action","required_action":{"type":"submit_tool_outputs","submit_tool_outputs":{"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]}},` +
		`"last_error":null,"expires_at":1700000600,"started_at":1700000001,"cancelled_at":null,"failed_at":null,"completed_at":null,` +
		`"incomplete_details":null,"model":"gpt-4o","instructions":"Be brief.","tools":[{"type":"code_interpreter"}],` +
		`"metadata":{"k":"v"},"usage":null,"temperature":0.5,"top_p":1.0,"max_prompt_tokens":1000,"max_completion_tokens":null,` +
		`"truncation_strategy":{"type":"last_messages","last_messages":4},"tool_choice":{"type":"function","function":{"name":"get_weather"}},` +
		`"parallel_tool_calls":false,"response_format":"auto","reasoning_effort":"low","x_unknown":1}`

	stepJSON = `{"id":"step_1","object":"thread.run.step","created_at":1700000002,"assistant_id":"asst_1","thread_id":"thread_1","run_id":"run_1",` +
		`"type":"tool_calls","status":"completed","step_details":{"type":"tool_calls","tool_calls":[{"id":"call_fs","type":"file_search",` +
		`"file_search":{"ranking_options":{"ranker":"auto","score_threshold":0.5},"results":[{"file_id":"file_1","file_name":"a.txt","score":0.9,` +
		`"content":[{"type":"text","text":"hello"}]}]}}]},"last_error":null,"expired_at":null,"cancelled_at":null,"failed_at":null,` +
		`"completed_at":1700000003,"metadata":null,"usage":{"completion_tokens":1,"prompt_tokens":2,"total_tokens":3}}`

	notFoundJSON = `{"error":{"message":"No run found with id 'run_x'.","type":"invalid_request_error","param":"run_id","code":"not_found"}}`
)
