package loadgen

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/runsuite/runsuite/runs"
)

// faultServer is a loopback Runs API whose run creation misbehaves as
// mode says; set-up requests succeed.
func faultServer(t *testing.T, mode string) *httptest.Server {
	t.Helper()
	var ids atomic.Int64
	sse := func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "text/event-stream")
		w.WriteHeader(http.StatusOK)
	}
	const created = "event: thread.run.created\ndata: {\"id\":\"run_1\",\"object\":\"thread.run\",\"status\":\"queued\"}\n\n"
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/assistants", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, `{"id":"asst_1","object":"assistant"}`)
	})
	mux.HandleFunc("POST /v1/threads", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintf(w, `{"id":"thread_%d","object":"thread"}`, ids.Add(1))
	})
	mux.HandleFunc("POST /v1/threads/{thread}/runs", func(w http.ResponseWriter, r *http.Request) {
		switch mode {
		case "429", "503":
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Retry-After", "0")
			code := map[string]int{"429": 429, "503": 503}[mode]
			w.WriteHeader(code)
			fmt.Fprint(w, `{"error":{"message":"slow down","type":"rate_limit","param":null,"code":null}}`)
		case "reset":
			sse(w)
			fmt.Fprint(w, created)
			w.(http.Flusher).Flush()
			conn, _, err := http.NewResponseController(w).Hijack()
			if err != nil {
				t.Errorf("hijack: %v", err)
				return
			}
			conn.Close()
		case "stall":
			sse(w)
			fmt.Fprint(w, created)
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
			case <-time.After(10 * time.Second):
			}
		case "trickle":
			sse(w)
			for range 50 { // one event per 100ms: far slower than the run timeout allows
				if _, err := fmt.Fprint(w, created); err != nil {
					return
				}
				w.(http.Flusher).Flush()
				select {
				case <-r.Context().Done():
					return
				case <-time.After(100 * time.Millisecond):
				}
			}
		case "no_done":
			sse(w)
			fmt.Fprint(w, created)
		case "error_event":
			sse(w)
			fmt.Fprint(w, created+"event: error\ndata: {\"message\":\"server_error\",\"type\":\"server_error\",\"code\":null,\"param\":null}\n\n")
		case "garbage":
			sse(w)
			fmt.Fprint(w, "event: thread.run.created\ndata: {not json\n\n")
		case "json":
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"id":"run_1","object":"thread.run","status":"queued"}`)
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// TestFaultsAreCountedByKind checks that every way a target can fail a
// streamed run is counted under its error kind, for both clients, and that
// none of them hangs the generator.
func TestFaultsAreCountedByKind(t *testing.T) {
	t.Parallel()
	tests := []struct {
		mode   string
		client ClientKind
		want   string
	}{
		{"429", ClientRunsuite, "http_429"},
		{"429", ClientOpenAIGo, "http_429"},
		{"503", ClientRunsuite, "http_503"},
		{"503", ClientOpenAIGo, "http_503"},
		{"reset", ClientRunsuite, KindReset},
		{"reset", ClientOpenAIGo, KindReset},
		{"stall", ClientRunsuite, KindTimeout},
		{"stall", ClientOpenAIGo, KindTimeout},
		{"trickle", ClientRunsuite, KindTimeout},
		{"no_done", ClientRunsuite, KindMissingDone},
		{"error_event", ClientRunsuite, KindErrorEvent},
		{"error_event", ClientOpenAIGo, KindErrorEvent},
		{"garbage", ClientRunsuite, KindDecode},
		{"json", ClientRunsuite, KindNotStream},
	}
	for _, tt := range tests {
		t.Run(tt.mode+"/"+string(tt.client), func(t *testing.T) {
			t.Parallel()
			srv := faultServer(t, tt.mode)
			start := time.Now()
			m := runAttack(t, Target(srv.URL+"/v1"), Client(tt.client), Workers(2), MaxRuns(4), Duration(0), Timeout(400*time.Millisecond))
			if el := time.Since(start); el > 10*time.Second {
				t.Errorf("attack took %v", el)
			}
			if m.Runs != 4 || m.Errors[tt.want] != 4 {
				t.Errorf("got %d runs, errors %v; want 4 under %s", m.Runs, m.Errors, tt.want)
			}
		})
	}
}

func TestSetupFailureIsAnError(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, `{"error":{"message":"no"}}`, http.StatusUnauthorized)
	}))
	defer srv.Close()
	a, err := NewAttacker(Target(srv.URL+"/v1"), MaxRuns(1), Duration(0))
	if err != nil {
		t.Fatal(err)
	}
	m, err := a.Attack(t.Context())
	var api *runs.APIError
	if m != nil || !errors.As(err, &api) || api.StatusCode != http.StatusUnauthorized {
		t.Errorf("got %v, %v; want the set-up's 401 as a *runs.APIError", m, err)
	}
}
