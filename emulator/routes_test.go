package emulator

import (
	"encoding/json"
	"maps"
	"slices"
	"testing"

	"github.com/runsuite/runsuite/contract"
)

// Every key of CONTRACT §3 each object must carry.
var (
	runKeys = []string{"id", "object", "created_at", "thread_id", "assistant_id", "status", "required_action", "last_error",
		"expires_at", "started_at", "cancelled_at", "failed_at", "completed_at", "incomplete_details", "model", "instructions",
		"tools", "metadata", "usage", "temperature", "top_p", "max_prompt_tokens", "max_completion_tokens",
		"truncation_strategy", "tool_choice", "parallel_tool_calls", "response_format"}
	stepKeys = []string{"id", "object", "created_at", "assistant_id", "thread_id", "run_id", "type", "status", "step_details",
		"last_error", "expired_at", "cancelled_at", "failed_at", "completed_at", "metadata", "usage"}
	messageKeys = []string{"id", "object", "created_at", "thread_id", "status", "incomplete_details", "completed_at",
		"incomplete_at", "role", "content", "assistant_id", "run_id", "attachments", "metadata"}
	threadKeys    = []string{"id", "object", "created_at", "tool_resources", "metadata"}
	assistantKeys = []string{"id", "object", "created_at", "name", "description", "model", "instructions", "tools",
		"tool_resources", "metadata", "temperature", "top_p", "response_format"}
	listKeys = []string{"object", "data", "first_id", "last_id", "has_more"}
)

// checkKeys fails when the JSON object raw lacks one of keys.
func checkKeys(t *testing.T, what string, raw json.RawMessage, keys []string) {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("%s: %v in %s", what, err, raw)
	}
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			t.Errorf("%s lacks key %q: keys are %v", what, k, slices.Sorted(maps.Keys(m)))
		}
	}
}

// rawList decodes a list envelope, checking its keys.
func rawList(t *testing.T, c *apiClient, path string) contract.List[json.RawMessage] {
	t.Helper()
	var raw json.RawMessage
	c.call("GET", path, nil, &raw)
	checkKeys(t, "list "+path, raw, listKeys)
	var l contract.List[json.RawMessage]
	if err := json.Unmarshal(raw, &l); err != nil {
		t.Fatal(err)
	}
	if l.Object != contract.ObjectList {
		t.Errorf("list object: got %q, want list", l.Object)
	}
	return l
}

func TestSetupRoutes(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithClock(NewManualClock(testEpoch)))
	c := newClient(t, s)

	var rawA json.RawMessage
	c.call("POST", "/assistants", body{"model": "gpt-4o", "name": "Weather", "instructions": "Be brief.", "tools": []any{weatherTool},
		"metadata": body{"team": "qa"}, "temperature": 0.5, "response_format": body{"type": "json_object"}}, &rawA)
	checkKeys(t, "assistant", rawA, assistantKeys)
	var a assistant
	if err := json.Unmarshal(rawA, &a); err != nil {
		t.Fatal(err)
	}
	if a.Object != "assistant" || *a.Name != "Weather" || a.Model != "gpt-4o" || *a.Temperature != 0.5 || a.ResponseFormat.Type != "json_object" {
		t.Errorf("assistant: got %s", rawA)
	}
	var got assistant
	c.call("GET", "/assistants/"+a.ID, nil, &got)
	diff(t, "retrieved assistant", got, a, cmpUnexported)
	if l := rawList(t, c, "/assistants"); len(l.Data) != 1 {
		t.Errorf("assistants list: got %d, want 1", len(l.Data))
	}

	var rawT json.RawMessage
	c.call("POST", "/threads", body{"messages": []any{body{"role": "user", "content": "hi", "metadata": body{"m": "1"}}},
		"metadata": body{"k": "v"}, "tool_resources": body{"code_interpreter": body{"file_ids": []string{"file-1"}}}}, &rawT)
	checkKeys(t, "thread", rawT, threadKeys)
	var th contract.Thread
	if err := json.Unmarshal(rawT, &th); err != nil {
		t.Fatal(err)
	}
	want := contract.Thread{ID: th.ID, Object: contract.ObjectThread, CreatedAt: testEpoch.Unix(),
		ToolResources: &contract.ToolResources{CodeInterpreter: &contract.CodeInterpreterResources{FileIDs: []string{"file-1"}}},
		Metadata:      map[string]string{"k": "v"}}
	diff(t, "thread", th, want)
	var gotT contract.Thread
	c.call("GET", "/threads/"+th.ID, nil, &gotT)
	diff(t, "retrieved thread", gotT, want)

	var rawM json.RawMessage
	c.call("POST", "/threads/"+th.ID+"/messages", body{"role": "user", "content": []any{
		body{"type": "text", "text": "look"}, body{"type": "image_url", "image_url": body{"url": "https://example.com/x.png", "detail": "low"}},
	}}, &rawM)
	checkKeys(t, "message", rawM, messageKeys)
	var m contract.Message
	if err := json.Unmarshal(rawM, &m); err != nil {
		t.Fatal(err)
	}
	diff(t, "message content", m.Content, []contract.MessageContent{
		{Type: "text", Text: &contract.Text{Value: "look", Annotations: []contract.Annotation{}}},
		{Type: "image_url", ImageURL: &contract.ImageURL{URL: "https://example.com/x.png", Detail: "low"}},
	})
	l := rawList(t, c, "/threads/"+th.ID+"/messages?order=asc")
	if len(l.Data) != 2 || *l.FirstID == m.ID || *l.LastID != m.ID {
		t.Errorf("messages list: got %d messages, first %v last %v; want the created one last", len(l.Data), *l.FirstID, *l.LastID)
	}
}

func TestRunRoutes(t *testing.T) {
	t.Parallel()
	clock := NewManualClock(testEpoch)
	s := newTestServer(t, WithClock(clock), WithStreamShape(StreamShape{Deltas: 2}))
	c := newClient(t, s)
	a := c.mustAssistant(weatherTool)
	th := c.mustThread("hello")
	base := "/threads/" + th.ID + "/runs"

	var raw json.RawMessage
	c.call("POST", base, body{"assistant_id": a.ID, "metadata": body{"k": "v"}, "temperature": 0.3}, &raw)
	checkKeys(t, "run", raw, runKeys)
	var r contract.Run
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatal(err)
	}
	created := testEpoch.Unix()
	expires := created + 600
	wantRun := contract.Run{
		ID: r.ID, Object: contract.ObjectRun, CreatedAt: created, ThreadID: th.ID, AssistantID: a.ID,
		Status: contract.RunStatusQueued, ExpiresAt: &expires, Model: "gpt-4o",
		Instructions: "You are a helpful weather assistant. Answer briefly.", Tools: r.Tools,
		Metadata: map[string]string{"k": "v"}, Temperature: floatPtr(0.3), TopP: floatPtr(1),
		TruncationStrategy: &contract.TruncationStrategy{Type: "auto"},
		ToolChoice:         &contract.ToolChoice{Type: "auto"}, ParallelToolCalls: true,
		ResponseFormat: &contract.ResponseFormat{Type: "auto"},
	}
	diff(t, "created run", r, wantRun)
	if len(r.Tools) != 1 || r.Tools[0].Function.Name != "get_current_weather" {
		t.Errorf("run tools: got %+v, want the assistant's", r.Tools)
	}
	var rawRun map[string]json.RawMessage
	if err := json.Unmarshal(raw, &rawRun); err != nil {
		t.Fatal(err)
	}
	diff(t, "truncation_strategy", string(rawRun["truncation_strategy"]), `{"type":"auto","last_messages":null}`)
	diff(t, "tool_choice", string(rawRun["tool_choice"]), `"auto"`)
	diff(t, "usage", string(rawRun["usage"]), `null`)

	clock.Advance(10 * DefaultPhaseDuration)
	done := c.getRun(th.ID, r.ID)
	if done.Status != contract.RunStatusCompleted || done.Usage == nil || done.ExpiresAt != nil || done.CompletedAt == nil {
		t.Errorf("run after the phases: got status %s usage %v expires_at %v completed_at %v", done.Status, done.Usage, done.ExpiresAt, done.CompletedAt)
	}

	var updated contract.Run
	c.call("POST", base+"/"+r.ID, body{"metadata": body{"modified": "true"}}, &updated)
	diff(t, "updated metadata", updated.Metadata, map[string]string{"modified": "true"})
	c.call("POST", base+"/"+r.ID, body{}, &updated)
	diff(t, "metadata after an empty update", updated.Metadata, map[string]string{"modified": "true"})

	l := rawList(t, c, base)
	if len(l.Data) != 1 {
		t.Fatalf("runs list: got %d runs, want 1", len(l.Data))
	}
	checkKeys(t, "listed run", l.Data[0], runKeys)

	sl := rawList(t, c, base+"/"+r.ID+"/steps")
	if len(sl.Data) != 1 {
		t.Fatalf("steps list: got %d, want 1", len(sl.Data))
	}
	checkKeys(t, "step", sl.Data[0], stepKeys)
	var st contract.RunStep
	c.call("GET", base+"/"+r.ID+"/steps/"+*sl.FirstID, nil, &st)
	if st.Type != contract.StepTypeMessageCreation || st.Status != contract.StepStatusCompleted || st.RunID != r.ID {
		t.Errorf("step: got %+v", st)
	}

	var queued contract.Run
	c.call("POST", base, body{"assistant_id": a.ID}, &queued)
	var cancelling contract.Run
	c.call("POST", base+"/"+queued.ID+"/cancel", nil, &cancelling)
	if cancelling.Status != contract.RunStatusCancelling {
		t.Errorf("cancel: got status %s, want cancelling", cancelling.Status)
	}

	var tr contract.Run
	c.call("POST", "/threads/runs", body{"assistant_id": a.ID, "thread": body{"messages": []any{body{"role": "user", "content": "hi"}}}}, &tr)
	if tr.Status != contract.RunStatusQueued || tr.ThreadID == th.ID {
		t.Errorf("thread and run: got %+v", tr)
	}
	var trThread contract.Thread
	c.call("GET", "/threads/"+tr.ThreadID, nil, &trThread)
}

func TestStreamDecidedByBodyNotAccept(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	c := newClient(t, s)
	a := c.mustAssistant()
	th := c.mustThread("hi")
	c.header.Set("Accept", "text/event-stream")
	resp, _ := c.send("POST", "/threads/"+th.ID+"/runs", body{"assistant_id": a.ID})
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Accept: text/event-stream without stream: got %q, want application/json", ct)
	}
	if resp.Header.Get("x-request-id") == "" {
		t.Error("no x-request-id header")
	}
}

func TestPathArgumentsArePercentDecoded(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithMode(ModeLenient))
	c := newClient(t, s)
	id := "a/b c?#"
	var th contract.Thread
	c.call("GET", "/threads/"+contract.EscapePathSegment(id), nil, &th)
	if th.ID != id {
		t.Errorf("thread id: got %q, want %q", th.ID, id)
	}
	var r contract.Run
	c.call("GET", "/threads/"+contract.EscapePathSegment(id)+"/runs/"+contract.EscapePathSegment("r/1"), nil, &r)
	if r.ID != "r/1" || r.ThreadID != id {
		t.Errorf("run: got id %q thread %q", r.ID, r.ThreadID)
	}
}
