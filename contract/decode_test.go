package contract

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCatalogue(t *testing.T) {
	t.Parallel()
	events := Events()
	if len(events) != 25 {
		t.Fatalf("got %d catalogue entries, want 24 events + done", len(events))
	}
	seen := map[EventName]bool{}
	for i, e := range events {
		if seen[e.Name] {
			t.Errorf("duplicate event %s", e.Name)
		}
		seen[e.Name] = true
		if got := eventIndex(string(e.Name)); got != i {
			t.Errorf("eventIndex(%s) = %d, want %d", e.Name, got, i)
		}
		spec, ok := LookupEvent(string(e.Name))
		if !ok || spec != e {
			t.Errorf("LookupEvent(%s) = %v, %v; want %v", e.Name, spec, ok, e)
		}
		if want := e.Kind.Object(); e.Kind != PayloadNone && e.Kind != PayloadError && !strings.HasPrefix(string(e.Name), want) {
			t.Errorf("event %s carries %s objects: name and object disagree", e.Name, want)
		}
	}
	for _, bad := range []string{"", "Thread.Created", "thread.run.created ", "message", "thread.run.paused", "DONE"} {
		if _, ok := LookupEvent(bad); ok {
			t.Errorf("LookupEvent(%q) found an entry", bad)
		}
	}
}

func TestDecodeEventPayloads(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		data string
		want Event
	}{
		{"thread.created", `{"id":"thread_1","object":"thread","created_at":5,"metadata":{"k":"v"},"tool_resources":null}`,
			Event{Name: EventThreadCreated, Thread: &Thread{ID: "thread_1", Object: "thread", CreatedAt: 5, Metadata: map[string]string{"k": "v"}}}},
		{"thread.run.requires_action", `{"id":"run_1","object":"thread.run","status":"requires_action","required_action":{"type":"submit_tool_outputs","submit_tool_outputs":{"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}}]}},"tool_choice":{"type":"function","function":{"name":"f"}},"response_format":"auto","expires_at":9,"new_field":[1,{"x":null}]}`,
			Event{Name: EventThreadRunRequiresAction, Run: &Run{ID: "run_1", Object: "thread.run", Status: RunStatusRequiresAction, ExpiresAt: ptr(int64(9)),
				RequiredAction: &RequiredAction{Type: "submit_tool_outputs", SubmitToolOutputs: SubmitToolOutputsAction{ToolCalls: []RequiredToolCall{{ID: "call_1", Type: ToolTypeFunction, Function: RequiredToolCallFn{Name: "f", Arguments: `{"a":1}`}}}}},
				ToolChoice:     &ToolChoice{Type: "function", Function: &ToolChoiceFunction{Name: "f"}}, ResponseFormat: &ResponseFormat{Type: "auto"}}}},
		{"thread.run.step.delta", `{"id":"step_1","object":"thread.run.step.delta","delta":{"step_details":{"type":"tool_calls","tool_calls":[{"index":0,"type":"file_search","id":"call_fs","file_search":{}}]}}}`,
			Event{Name: EventThreadRunStepDelta, StepDelta: &RunStepDelta{ID: "step_1", Object: "thread.run.step.delta", Delta: StepDeltaBody{StepDetails: &StepDetailsDelta{Type: StepTypeToolCalls,
				ToolCalls: []ToolCallDelta{{Index: 0, ID: "call_fs", Type: ToolTypeFileSearch, FileSearch: json.RawMessage(`{}`)}}}}}}},
		{"thread.message.delta", `{"id":"msg_1","object":"thread.message.delta","delta":{"content":[{"index":0,"type":"text","text":{"value":"Hi \u00e9\n","annotations":[]}}]}}`,
			Event{Name: EventThreadMessageDelta, MessageDelta: &MessageDelta{ID: "msg_1", Object: "thread.message.delta", Delta: MessageDeltaBody{Content: []MessageContentDelta{{Type: "text", Text: &TextDelta{Value: "Hi é\n", Annotations: []AnnotationDelta{}}}}}}}},
		{"error", `{"code":"server_error","message":"boom","param":null,"type":"server_error"}`,
			Event{Name: EventError, Error: &ErrorObject{Code: ptr("server_error"), Message: "boom", Type: "server_error"}}},
		{"done", `[DONE]`, Event{Name: EventDone}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := DecodeEvent(tt.name, []byte(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("DecodeEvent(%s) (-want +got):\n%s", tt.name, diff)
			}
		})
	}
}

func TestDecodeEventErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, data string
		offset     int
		msg        string
	}{
		{"thread.run.created", `{"id":`, 6, "unexpected end of input"},
		{"thread.run.created", `{"id":"r","created_at":"yesterday"}`, 23, "expected integer, found string"},
		{"thread.run.created", `{"id":"r"} {}`, 11, "after top-level value"},
		{"thread.run.created", `[]`, 0, "expected object, found array"},
		{"thread.run.created", `null`, 0, "expected object, found null"},
		{"thread.run.created", ``, 0, "unexpected end of input"},
		{"thread.message.delta", "{\"id\":\"m\xff\"}", 8, "invalid UTF-8"},
		{"thread.run.created", `{"metadata":{"modified":true}}`, 24, "expected string, found boolean"},
		{"error", `{"code":5}`, 8, "expected string, found number"},
		{"done", `{}`, 0, "done data must be [DONE]"},
		{"done", `[DONE] `, 0, "done data must be [DONE]"},
	}
	for _, tt := range tests {
		ev, err := DecodeEvent(tt.name, []byte(tt.data))
		var de *DecodeError
		if !errors.As(err, &de) {
			t.Errorf("DecodeEvent(%s, %q) = %v, want *DecodeError", tt.name, tt.data, err)
			continue
		}
		if ev.Name != "" || ev.Payload() != nil {
			t.Errorf("DecodeEvent(%s, %q) returned event %+v together with an error", tt.name, tt.data, ev)
		}
		if string(de.Event) != tt.name || de.Offset != tt.offset || !strings.Contains(de.Msg, tt.msg) {
			t.Errorf("DecodeEvent(%s, %q) error = %q (offset %d), want offset %d containing %q", tt.name, tt.data, de.Error(), de.Offset, tt.offset, tt.msg)
		}
	}
}

func TestDecodeEventUnknown(t *testing.T) {
	t.Parallel()
	_, err := DecodeEvent("thread.run.paused", []byte(`{}`))
	var ue *UnknownEventError
	if !errors.As(err, &ue) || ue.Name != "thread.run.paused" {
		t.Errorf("got %v, want *UnknownEventError naming thread.run.paused", err)
	}
}

func TestDecodeEventDoesNotAliasData(t *testing.T) {
	t.Parallel()
	data := []byte(`{"id":"run_1","object":"thread.run","status":"queued"}`)
	ev, err := DecodeEvent("thread.run.queued", data)
	if err != nil {
		t.Fatal(err)
	}
	for i := range data {
		data[i] = 'x'
	}
	if ev.Run.ID != "run_1" || ev.Run.Status != RunStatusQueued {
		t.Errorf("payload changed with the input buffer: %+v", ev.Run)
	}
}

func ptr[T any](v T) *T { return &v }

func TestErrorEnvelope(t *testing.T) {
	t.Parallel()
	tests := []struct {
		data string
		want *ErrorObject
	}{
		{`{"error":{"message":"No run found with id 'r'.","type":"invalid_request_error","param":null,"code":null}}`,
			&ErrorObject{Message: "No run found with id 'r'.", Type: "invalid_request_error"}},
		{`{"id":"x","error":"overloaded"}`, &ErrorObject{Message: "overloaded"}},
		{`{"error":{"message":"m","type":"server_error","code":"c","param":"p"},"extra":[1]}`,
			&ErrorObject{Message: "m", Type: "server_error", Code: ptr("c"), Param: ptr("p")}},
		{`{"error":null}`, nil},
		{`{"last_error":{"message":"m"}}`, nil},
		{`{"value":"error"}`, nil},
		{`["error"]`, nil},
		{`{"error":{"message":`, nil},
		{`null`, nil},
	}
	for _, tt := range tests {
		got, ok := ErrorEnvelope([]byte(tt.data))
		if ok != (tt.want != nil) {
			t.Errorf("ErrorEnvelope(%s) found = %v, want %v", tt.data, ok, tt.want != nil)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ErrorEnvelope(%s) (-want +got):\n%s", tt.data, diff)
		}
	}
}
