package openaigo_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/runsuite/runsuite/adapters/openaigo"
	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/fixtures"
	"github.com/runsuite/runsuite/runs"
)

// fixture returns the named runs/ fixture.
func fixture(t *testing.T, name string) []byte {
	t.Helper()
	all, err := fixtures.Runs()
	if err != nil {
		t.Fatalf("load fixtures: %v", err)
	}
	for _, s := range all {
		if s.Name == name {
			return s.Data
		}
	}
	t.Fatalf("no fixture runs/%s", name)
	return nil
}

// referenceEvents reads data with the reference reader.
func referenceEvents(t *testing.T, data []byte) []contract.Event {
	t.Helper()
	var evs []contract.Event
	er := runs.NewEventReader(bytes.NewReader(data))
	for er.Next() {
		evs = append(evs, er.Event())
	}
	if err := er.Err(); err != nil {
		t.Fatalf("reference reader: %v", err)
	}
	return evs
}

// drain reads a stream to its end and returns its events, the done event
// (which runs.Stream does not yield) left out.
func drain(s *runs.Stream) []contract.Event {
	var evs []contract.Event
	for s.Next() {
		evs = append(evs, s.Current())
	}
	return evs
}

// names returns the names of evs; nil when there are none.
func names(evs []contract.Event) []contract.EventName {
	var out []contract.EventName
	for _, e := range evs {
		out = append(out, e.Name)
	}
	return out
}

type streamCall func(context.Context, *openaigo.Adapter) (*runs.Stream, error)

var streamCalls = []struct {
	name string
	path string
	call streamCall
}{
	{
		name: "CreateStreamRaw",
		path: "/v1/threads/thread_1/runs",
		call: func(ctx context.Context, a *openaigo.Adapter) (*runs.Stream, error) {
			return a.Runs.CreateStreamRaw(ctx, "thread_1", contract.RunCreateParams{AssistantID: "asst_1"})
		},
	},
	{
		name: "SubmitToolOutputsStreamRaw",
		path: "/v1/threads/thread_1/runs/run_1/submit_tool_outputs",
		call: func(ctx context.Context, a *openaigo.Adapter) (*runs.Stream, error) {
			return a.Runs.SubmitToolOutputsStreamRaw(ctx, "thread_1", "run_1", contract.RunSubmitToolOutputsParams{ToolOutputs: []contract.ToolOutput{{ToolCallID: contract.Set("call_1"), Output: contract.Set("x")}}})
		},
	},
}

// TestStreamTextReply checks that a whole run stream comes out of openai-go
// as the reference reader decodes the same bytes, and what the stream
// request looks like.
func TestStreamTextReply(t *testing.T) {
	t.Parallel()
	data := fixture(t, "text_reply")
	want := referenceEvents(t, data)
	if last := want[len(want)-1].Name; last != contract.EventDone {
		t.Fatalf("reference ends with %s, want done", last)
	}
	for _, sc := range streamCalls {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, respondSSE(data))
			s, err := sc.call(t.Context(), srv.adapter())
			if err != nil {
				t.Fatalf("open stream: %v", err)
			}
			got := drain(s)
			if err := s.Err(); err != nil {
				t.Fatalf("stream ended with %v, want done", err)
			}
			if diff := cmp.Diff(names(want[:len(want)-1]), names(got)); diff != "" {
				t.Errorf("event names (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(want[:len(want)-1], got); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
			req := srv.only(t)
			if req.Method != http.MethodPost || req.Path != sc.path {
				t.Errorf("request %s %s, want POST %s", req.Method, req.Path, sc.path)
			}
			// openai-go asks for a stream only through the body, appending
			// "stream":true last, and keeps Accept: application/json.
			if !bytes.HasSuffix(req.Body, []byte(`,"stream":true}`)) {
				t.Errorf("body %s does not end with \"stream\":true", req.Body)
			}
			if got := req.Header.Get("Accept"); got != "application/json" {
				t.Errorf("Accept = %q, want application/json", got)
			}
		})
	}
}

// TestStreamSourceDone checks the done event the source synthesizes: the
// raw source yields it last, after every event openai-go yielded.
func TestStreamSourceDone(t *testing.T) {
	t.Parallel()
	data := fixture(t, "text_reply")
	want := names(referenceEvents(t, data))
	srv := newServer(t, respondSSE(data))
	s, err := srv.adapter().Runs.CreateStreamRaw(t.Context(), "thread_1", contract.RunCreateParams{AssistantID: "asst_1"})
	if err != nil {
		t.Fatalf("open stream: %v", err)
	}
	got := append(names(drain(s)), contract.EventDone) // runs.Stream ends cleanly only on done
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("event names (-want +got):\n%s", diff)
	}
}

// TestStreamErrors checks how a stream ends on errors the server sends in
// it, and the openai-go behaviours that end it cleanly where the contract
// would not.
func TestStreamErrors(t *testing.T) {
	t.Parallel()
	const created = "event: thread.run.created\ndata: " + runJSON + "\n\n"
	tests := []struct {
		name      string
		body      string
		ct        string
		wantNames []contract.EventName
		wantErr   error // nil: ends cleanly
	}{
		{
			name:      "error event",
			body:      created + "event: error\ndata: {\"code\":\"server_error\",\"message\":\"Sorry.\",\"param\":null,\"type\":\"server_error\"}\n\n",
			wantNames: []contract.EventName{contract.EventThreadRunCreated},
			wantErr:   &runs.StreamError{Event: contract.EventError, Object: contract.ErrorObject{Code: ptr("server_error"), Message: "Sorry.", Type: "server_error"}},
		},
		{
			name:      "error fixture",
			body:      string(fixture(t, "error_event")),
			wantNames: []contract.EventName{contract.EventThreadRunCreated, contract.EventThreadRunQueued, contract.EventThreadRunInProgress},
			wantErr:   &runs.StreamError{Event: contract.EventError, Object: contract.ErrorObject{Code: ptr("server_error"), Message: "Sorry, something went wrong.", Type: "server_error"}},
		},
		{
			name:      "top-level error key",
			body:      created + "event: thread.run.in_progress\ndata: {\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\",\"code\":\"busy\",\"param\":\"p\"}}\n\n",
			wantNames: []contract.EventName{contract.EventThreadRunCreated},
			wantErr:   &runs.StreamError{Event: contract.EventThreadRunInProgress, Object: contract.ErrorObject{Code: ptr("busy"), Message: "overloaded", Param: ptr("p"), Type: "server_error"}},
		},
		{
			name:    "top-level error string",
			body:    "data: {\"error\":\"boom\"}\n\n",
			wantErr: &runs.StreamError{Object: contract.ErrorObject{Message: "boom"}},
		},
		{
			// openai-go stops on any "error" key, even null, which the
			// contract's ErrorEnvelope does not count as an error.
			name:    "top-level error null",
			body:    "event: thread.run.created\ndata: {\"error\":null}\n\n",
			wantErr: &runs.StreamError{Event: contract.EventThreadRunCreated, Object: contract.ErrorObject{Message: "received error while streaming: "}},
		},
		{
			// openai-go cannot tell a missing [DONE] from a clean end.
			name:      "no done",
			body:      created,
			wantNames: []contract.EventName{contract.EventThreadRunCreated},
		},
		{
			// openai-go reads any 2xx body as an event stream.
			name: "json answer",
			body: runJSON,
			ct:   "application/json",
		},
		{
			// openai-go stops at data starting with [DONE], whatever the event.
			name:      "done data on another event",
			body:      created + "event: thread.run.queued\ndata: [DONE]\n\n" + created,
			wantNames: []contract.EventName{contract.EventThreadRunCreated},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
				ct := tt.ct
				if ct == "" {
					ct = "text/event-stream"
				}
				w.Header().Set("Content-Type", ct)
				w.Write([]byte(tt.body))
			})
			s, err := srv.adapter().Runs.CreateStreamRaw(t.Context(), "thread_1", contract.RunCreateParams{AssistantID: "asst_1"})
			if err != nil {
				t.Fatalf("open stream: %v", err)
			}
			if diff := cmp.Diff(tt.wantNames, names(drain(s))); diff != "" {
				t.Errorf("event names (-want +got):\n%s", diff)
			}
			if tt.wantErr == nil {
				if err := s.Err(); err != nil {
					t.Errorf("stream ended with %v, want a clean end", err)
				}
				return
			}
			var se *runs.StreamError
			if !errors.As(s.Err(), &se) {
				t.Fatalf("stream ended with %T %v, want *runs.StreamError", s.Err(), s.Err())
			}
			if diff := cmp.Diff(tt.wantErr, error(se)); diff != "" {
				t.Errorf("stream error (-want +got):\n%s", diff)
			}
		})
	}
}

// TestStreamDecodeErrors checks that events openai-go yields but the
// contract does not accept end the stream with the contract's error.
func TestStreamDecodeErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		want any
	}{
		{"unknown event", "event: thread.run.paused\ndata: {}\n\n", new(*contract.UnknownEventError)},
		{"wrong field type", "event: thread.run.created\ndata: {\"id\":1}\n\n", new(*contract.DecodeError)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, respondSSE([]byte(tt.body)))
			s, err := srv.adapter().Runs.CreateStreamRaw(t.Context(), "thread_1", contract.RunCreateParams{AssistantID: "asst_1"})
			if err != nil {
				t.Fatalf("open stream: %v", err)
			}
			if evs := drain(s); len(evs) != 0 {
				t.Errorf("got %d events, want none", len(evs))
			}
			if !errors.As(s.Err(), tt.want) {
				t.Errorf("stream ended with %T %v, want %T", s.Err(), s.Err(), tt.want)
			}
		})
	}
}

// TestStreamClose checks that closing a stream early is safe.
func TestStreamClose(t *testing.T) {
	t.Parallel()
	srv := newServer(t, respondSSE(fixture(t, "text_reply")))
	s, err := srv.adapter().Runs.CreateStreamRaw(t.Context(), "thread_1", contract.RunCreateParams{AssistantID: "asst_1"})
	if err != nil {
		t.Fatalf("open stream: %v", err)
	}
	if !s.Next() {
		t.Fatalf("no first event: %v", s.Err())
	}
	if err := s.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if s.Next() {
		t.Errorf("Next after Close = true")
	}
}

// TestStreamFlagMisuse checks that openai-go has no stream guard: a
// "stream" Extra key reaches the body of Create, and NewStreaming's own
// "stream": true wins over a false one.
func TestStreamFlagMisuse(t *testing.T) {
	t.Parallel()
	t.Run("Create with stream true", func(t *testing.T) {
		t.Parallel()
		srv := newServer(t, respondSSE(fixture(t, "text_reply")))
		_, err := srv.adapter().Runs.Create(t.Context(), "thread_1", contract.RunCreateParams{AssistantID: "asst_1", Extra: map[string]any{"stream": true}})
		var argErr *runs.ArgumentError
		if err == nil || errors.As(err, &argErr) {
			t.Fatalf("Create error %T %v, want openai-go's decoding error", err, err)
		}
		if got, want := string(srv.only(t).Body), `{"assistant_id":"asst_1","stream":true}`; got != want {
			t.Errorf("body %s, want %s", got, want)
		}
	})
	t.Run("CreateStreamRaw with stream false", func(t *testing.T) {
		t.Parallel()
		srv := newServer(t, respondSSE(fixture(t, "text_reply")))
		s, err := srv.adapter().Runs.CreateStreamRaw(t.Context(), "thread_1", contract.RunCreateParams{AssistantID: "asst_1", Extra: map[string]any{"stream": false}})
		if err != nil {
			t.Fatalf("CreateStreamRaw: %v", err)
		}
		drain(s)
		if got, want := string(srv.only(t).Body), `{"assistant_id":"asst_1","stream":true}`; got != want {
			t.Errorf("body %s, want %s", got, want)
		}
	})
}
