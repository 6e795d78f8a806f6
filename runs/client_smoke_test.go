package runs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/fixtures"
)

// These tests drive the client over a real loopback transport against
// small httptest handlers. The full request-shape suites live in suites/.

func newTestClient(t *testing.T, h http.HandlerFunc, opts ...Option) *Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return NewClient(append([]Option{WithBaseURL(srv.URL + "/v1"), WithAPIKey("sk-test"), WithHTTPClient(srv.Client()), WithRetryDelay(time.Millisecond, 5*time.Millisecond)}, opts...)...)
}

func TestCreateSendsContractShape(t *testing.T) {
	t.Parallel()
	var got *http.Request
	var body []byte
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		got = r
		body, _ = io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"id":"run_1","object":"thread.run","status":"queued","thread_id":"t/1"}`)
	})
	run, err := c.Create(context.Background(), "t/1 x", contract.RunCreateParams{
		AssistantID: "asst_1", Include: []contract.RunStepInclude{contract.IncludeFileSearchResultContent},
		Temperature: contract.Set(0.5), Instructions: contract.Null[string](),
	})
	if err != nil {
		t.Fatal(err)
	}
	if run.ID != "run_1" || run.Status != contract.RunStatusQueued {
		t.Errorf("got run %+v", run)
	}
	if want := "/v1/threads/t%2F1%20x/runs"; got.URL.EscapedPath() != want {
		t.Errorf("path = %s, want %s", got.URL.EscapedPath(), want)
	}
	if want := "include%5B%5D=step_details.tool_calls%5B%2A%5D.file_search.results%5B%2A%5D.content"; got.URL.RawQuery != want {
		t.Errorf("query = %s, want %s", got.URL.RawQuery, want)
	}
	if want := `{"assistant_id":"asst_1","instructions":null,"temperature":0.5}`; string(body) != want {
		t.Errorf("body = %s, want %s", body, want)
	}
	for h, want := range map[string]string{"Authorization": "Bearer sk-test", "Openai-Beta": "assistants=v2", "Content-Type": "application/json", "Accept": "application/json", "X-Stainless-Retry-Count": "0"} {
		if got.Header.Get(h) != want {
			t.Errorf("header %s = %q, want %q", h, got.Header.Get(h), want)
		}
	}
	if !strings.HasPrefix(got.Header.Get("User-Agent"), "runsuite/"+Version) {
		t.Errorf("User-Agent = %q", got.Header.Get("User-Agent"))
	}
}

func TestStreamReadsFixture(t *testing.T) {
	t.Parallel()
	streams, err := fixtures.Runs()
	if err != nil {
		t.Fatal(err)
	}
	var reply []byte
	for _, s := range streams {
		if s.Name == "text_reply" {
			reply = s.Data
		}
	}
	var body map[string]any
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewDecoder(r.Body).Decode(&body)
		w.Header().Set("Content-Type", "text/event-stream")
		w.Write(reply)
	})
	st, err := c.CreateStreamRaw(context.Background(), "thread_1", contract.RunCreateParams{AssistantID: "asst_1"})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for st.Next() {
		n++
	}
	if st.Err() != nil || n != 20 {
		t.Errorf("got %d events, err %v; want 20 events before done", n, st.Err())
	}
	if body["stream"] != true {
		t.Errorf("body stream = %v, want true", body["stream"])
	}
}

func TestRetriesThenAPIError(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", "req_9")
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprint(w, `{"error":{"message":"overloaded","type":"server_error","param":null,"code":"busy"}}`)
	})
	_, err := c.Retrieve(context.Background(), "t", "r")
	var api *APIError
	if !errors.As(err, &api) {
		t.Fatalf("got %v, want *APIError", err)
	}
	if api.StatusCode != 503 || api.Code != "busy" || api.Message != "overloaded" || api.RequestID != "req_9" {
		t.Errorf("got %+v", api)
	}
	if calls.Load() != 3 {
		t.Errorf("server saw %d attempts, want 3 (1 + 2 retries)", calls.Load())
	}
}

func TestGuardsSendNothing(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) { calls.Add(1) })
	ctx := context.Background()
	_, err := c.Create(ctx, "", contract.RunCreateParams{AssistantID: "a"})
	var arg *ArgumentError
	if !errors.As(err, &arg) || arg.Message != "missing required path argument thread_id" {
		t.Errorf("got %v", err)
	}
	_, err = c.Create(ctx, "t", contract.RunCreateParams{AssistantID: "a", Extra: map[string]any{"stream": true}})
	if !errors.As(err, &arg) || arg.Message != "Please use `CreateStreamRaw` for the streaming use case." {
		t.Errorf("got %v", err)
	}
	if calls.Load() != 0 {
		t.Errorf("guards let %d requests through", calls.Load())
	}
}
