package contract_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/runsuite/runsuite/contract"
)

func ptr[T any](v T) *T { return &v }

// richRun sets every field of a run, with text that needs escaping.
func richRun() *contract.Run {
	effort := contract.ReasoningEffortHigh
	return &contract.Run{
		ID: "run_1", Object: contract.ObjectRun, CreatedAt: 1764200001, ThreadID: "thread_1", AssistantID: "asst_1",
		Status: contract.RunStatusRequiresAction,
		RequiredAction: &contract.RequiredAction{Type: "submit_tool_outputs", SubmitToolOutputs: contract.SubmitToolOutputsAction{
			ToolCalls: []contract.RequiredToolCall{{ID: "call_1", Type: contract.ToolTypeFunction, Function: contract.RequiredToolCallFn{Name: "f", Arguments: `{"a":"<b>&\"\u2028"}`}}},
		}},
		LastError: &contract.LastError{Code: "server_error", Message: "tab\there\nnewline \x01 é 😀"},
		ExpiresAt: ptr[int64](1764200601), StartedAt: ptr[int64](2), CancelledAt: ptr[int64](3), FailedAt: ptr[int64](4), CompletedAt: ptr[int64](5),
		IncompleteDetails: &contract.IncompleteDetails{Reason: "max_prompt_tokens"},
		Model:             "gpt-4o", Instructions: "Be <brief> & kind.",
		Tools: []contract.Tool{
			{Type: contract.ToolTypeCodeInterpreter},
			{Type: contract.ToolTypeFileSearch, FileSearch: &contract.FileSearchToolOptions{MaxNumResults: ptr[int64](7),
				RankingOptions: &contract.FileSearchRankingOptions{Ranker: "auto", ScoreThreshold: 0.25}}},
			{Type: contract.ToolTypeFileSearch, FileSearch: &contract.FileSearchToolOptions{}},
			{Type: contract.ToolTypeFunction, Function: &contract.FunctionDefinition{Name: "f", Description: "d",
				Parameters: json.RawMessage(`{"type":"object","properties":{"x":{"type":"number"}}}`), Strict: ptr(true)}},
			{Type: contract.ToolTypeFunction, Function: &contract.FunctionDefinition{Name: "g"}},
		},
		ToolResources: &contract.ToolResources{CodeInterpreter: &contract.CodeInterpreterResources{FileIDs: []string{"file-1", "file-2"}},
			FileSearch: &contract.FileSearchResources{VectorStoreIDs: []string{}}},
		Metadata:    map[string]string{"b": "2", "a": "1", "ü": "<>"},
		Usage:       &contract.Usage{CompletionTokens: 1, PromptTokens: 2, TotalTokens: 3},
		Temperature: ptr(0.7), TopP: ptr(1e-7), ReasoningEffort: &effort,
		MaxPromptTokens: ptr[int64](1000), MaxCompletionTokens: ptr[int64](2000),
		TruncationStrategy: &contract.TruncationStrategy{Type: "last_messages", LastMessages: ptr[int64](3)},
		ToolChoice:         &contract.ToolChoice{Type: "function", Function: &contract.ToolChoiceFunction{Name: "f"}},
		ParallelToolCalls:  true,
		ResponseFormat: &contract.ResponseFormat{Type: "json_schema", JSONSchema: &contract.JSONSchema{Name: "s", Description: "d",
			Schema: json.RawMessage(`{"type":"object"}`), Strict: ptr(false)}},
	}
}

func richStep() *contract.RunStep {
	out := "result"
	return &contract.RunStep{
		ID: "step_1", Object: contract.ObjectRunStep, CreatedAt: 1, AssistantID: "asst_1", ThreadID: "thread_1", RunID: "run_1",
		Type: contract.StepTypeToolCalls, Status: contract.StepStatusFailed,
		StepDetails: contract.StepDetails{Type: contract.StepTypeToolCalls, ToolCalls: []contract.ToolCall{
			{ID: "call_1", Type: contract.ToolTypeCodeInterpreter, CodeInterpreter: &contract.CodeInterpreterCall{Input: "print(1)\n",
				Outputs: []contract.CodeInterpreterOutput{{Type: "logs", Logs: "1\n"}, {Type: "image", Image: &contract.FileRef{FileID: "file-img"}}}}},
			{ID: "call_2", Type: contract.ToolTypeFileSearch, FileSearch: &contract.FileSearchCall{
				RankingOptions: &contract.FileSearchRankingOptions{Ranker: "default_2024_08_21", ScoreThreshold: 0.5},
				Results:        []contract.FileSearchResult{{FileID: "f", FileName: "n.md", Score: 0.75, Content: []contract.FileSearchContent{{Type: "text", Text: "t"}}}, {FileID: "g", FileName: "m", Score: 1}}}},
			{ID: "call_3", Type: contract.ToolTypeFileSearch, FileSearch: &contract.FileSearchCall{}},
			{ID: "call_4", Type: contract.ToolTypeFunction, Function: &contract.FunctionCall{Name: "f", Arguments: "{}", Output: &out}},
			{ID: "call_5", Type: contract.ToolTypeFunction, Function: &contract.FunctionCall{Name: "g", Arguments: ""}},
		}},
		LastError: &contract.LastError{Code: "rate_limit_exceeded", Message: "slow down"},
		ExpiredAt: ptr[int64](1), CancelledAt: ptr[int64](2), FailedAt: ptr[int64](3), CompletedAt: ptr[int64](4),
		Metadata: map[string]string{"k": "v"}, Usage: &contract.Usage{CompletionTokens: 4, PromptTokens: 5, TotalTokens: 9},
	}
}

func richMessage() *contract.Message {
	asst, run := "asst_1", "run_1"
	return &contract.Message{
		ID: "msg_1", Object: contract.ObjectMessage, CreatedAt: 1, ThreadID: "thread_1", Status: contract.MessageStatusIncomplete,
		IncompleteDetails: &contract.MessageIncompleteDetails{Reason: "max_tokens"}, CompletedAt: ptr[int64](2), IncompleteAt: ptr[int64](3),
		Role: contract.RoleAssistant,
		Content: []contract.MessageContent{
			{Type: "text", Text: &contract.Text{Value: "see【1】", Annotations: []contract.Annotation{
				{Type: "file_citation", Text: "【1】", StartIndex: 3, EndIndex: 6, FileCitation: &contract.FileCitation{FileID: "f", Quote: "q"}},
				{Type: "file_path", Text: "p", StartIndex: 0, EndIndex: 1, FilePath: &contract.FileRef{FileID: "g"}},
			}}},
			{Type: "image_file", ImageFile: &contract.ImageFile{FileID: "file-1", Detail: "high"}},
			{Type: "image_url", ImageURL: &contract.ImageURL{URL: "https://example.com/a.png", Detail: "low"}},
			{Type: "image_url", ImageURL: &contract.ImageURL{URL: "https://example.com/b.png"}},
			{Type: "refusal", Refusal: "no"},
		},
		AssistantID: &asst, RunID: &run,
		Attachments: []contract.Attachment{{FileID: "file-1", Tools: []contract.AttachmentTool{{Type: contract.ToolTypeCodeInterpreter}}}, {}},
		Metadata:    map[string]string{},
	}
}

func richStepDelta() *contract.RunStepDelta {
	out := "o"
	return &contract.RunStepDelta{ID: "step_1", Object: contract.ObjectRunStepDelta, Delta: contract.StepDeltaBody{
		StepDetails: &contract.StepDetailsDelta{Type: contract.StepTypeToolCalls, MessageCreation: &contract.MessageCreationDelta{MessageID: "msg_1"},
			ToolCalls: []contract.ToolCallDelta{
				{Index: 0, ID: "call_1", Type: contract.ToolTypeCodeInterpreter, CodeInterpreter: &contract.CodeInterpreterDelta{Input: "x",
					Outputs: []contract.CodeInterpreterOutputDelta{{Index: 0, Type: "logs", Logs: "l"}, {Index: 1, Type: "image", Image: &contract.FileRefDelta{FileID: "f"}}, {Index: 2, Type: "image", Image: &contract.FileRefDelta{}}}}},
				{Index: 1, Type: contract.ToolTypeFileSearch, FileSearch: json.RawMessage(`{"a":1}`)},
				{Index: 2, Type: contract.ToolTypeFunction, Function: &contract.FunctionDelta{Name: "f", Arguments: "{", Output: contract.Set(out)}},
				{Index: 5, Type: contract.ToolTypeFunction, Function: &contract.FunctionDelta{Output: contract.Null[string]()}},
				{Index: 3, Type: contract.ToolTypeFunction, Function: &contract.FunctionDelta{}},
				{Index: 4, Type: contract.ToolTypeCodeInterpreter, CodeInterpreter: &contract.CodeInterpreterDelta{Outputs: []contract.CodeInterpreterOutputDelta{}}},
			}},
	}}
}

func richMessageDelta() *contract.MessageDelta {
	return &contract.MessageDelta{ID: "msg_1", Object: contract.ObjectMessageDelta, Delta: contract.MessageDeltaBody{
		Role: contract.RoleAssistant,
		Content: []contract.MessageContentDelta{
			{Index: 0, Type: "text", Text: &contract.TextDelta{Value: "v", Annotations: []contract.AnnotationDelta{
				{Index: 0, Type: "file_citation", Text: "t", StartIndex: ptr[int64](0), EndIndex: ptr[int64](1), FileCitation: &contract.FileCitation{FileID: "f"}},
				{Index: 1, Type: "file_path", FilePath: &contract.FileRef{FileID: "g"}},
			}}},
			{Index: 1, Type: "text", Text: &contract.TextDelta{Annotations: []contract.AnnotationDelta{}}},
			{Index: 2, Type: "image_file", ImageFile: &contract.ImageFile{FileID: "f", Detail: "auto"}},
			{Index: 3, Type: "image_url", ImageURL: &contract.ImageURL{URL: "u"}},
			{Index: 4, Type: "refusal", Refusal: "r"},
		},
	}}
}

// encodeCase is one value and its encoder, with the event name whose
// payload it is.
type encodeCase struct {
	name  string
	event contract.EventName
	value any
	enc   func([]byte) []byte
	// decoded extracts the payload of a decoded event.
	decoded func(contract.Event) any
}

func encodeCases() []encodeCase {
	cases := []encodeCase{}
	addRun := func(name string, r *contract.Run) {
		cases = append(cases, encodeCase{name, contract.EventThreadRunCompleted, r, func(b []byte) []byte { return contract.AppendRun(b, r) }, func(e contract.Event) any { return e.Run }})
	}
	addStep := func(name string, s *contract.RunStep) {
		cases = append(cases, encodeCase{name, contract.EventThreadRunStepCompleted, s, func(b []byte) []byte { return contract.AppendRunStep(b, s) }, func(e contract.Event) any { return e.Step }})
	}
	addMsg := func(name string, m *contract.Message) {
		cases = append(cases, encodeCase{name, contract.EventThreadMessageCompleted, m, func(b []byte) []byte { return contract.AppendMessage(b, m) }, func(e contract.Event) any { return e.Message }})
	}
	addStepDelta := func(name string, d *contract.RunStepDelta) {
		cases = append(cases, encodeCase{name, contract.EventThreadRunStepDelta, d, func(b []byte) []byte { return contract.AppendRunStepDelta(b, d) }, func(e contract.Event) any { return e.StepDelta }})
	}
	addMsgDelta := func(name string, d *contract.MessageDelta) {
		cases = append(cases, encodeCase{name, contract.EventThreadMessageDelta, d, func(b []byte) []byte { return contract.AppendMessageDelta(b, d) }, func(e contract.Event) any { return e.MessageDelta }})
	}
	addThread := func(name string, t *contract.Thread) {
		cases = append(cases, encodeCase{name, contract.EventThreadCreated, t, func(b []byte) []byte { return contract.AppendThread(b, t) }, func(e contract.Event) any { return e.Thread }})
	}
	addErr := func(name string, o *contract.ErrorObject) {
		cases = append(cases, encodeCase{name, contract.EventError, o, func(b []byte) []byte { return contract.AppendErrorObject(b, o) }, func(e contract.Event) any { return e.Error }})
	}

	addRun("run rich", richRun())
	modeRun := richRun()
	modeRun.ToolChoice = &contract.ToolChoice{Type: contract.ToolChoiceRequired}
	modeRun.ResponseFormat = &contract.ResponseFormat{Type: contract.ResponseFormatAuto}
	modeRun.ToolResources = &contract.ToolResources{}
	modeRun.IncompleteDetails = &contract.IncompleteDetails{}
	modeRun.Temperature = ptr(1e21)
	addRun("run modes", modeRun)
	addRun("run minimal", &contract.Run{})
	addStep("step rich", richStep())
	addStep("step message creation", &contract.RunStep{ID: "s", Object: contract.ObjectRunStep, Type: contract.StepTypeMessageCreation,
		StepDetails: contract.StepDetails{Type: contract.StepTypeMessageCreation, MessageCreation: &contract.MessageCreation{MessageID: "m"}}})
	addStep("step minimal", &contract.RunStep{})
	addMsg("message rich", richMessage())
	addMsg("message minimal", &contract.Message{})
	addStepDelta("step delta rich", richStepDelta())
	addStepDelta("step delta minimal", &contract.RunStepDelta{})
	addMsgDelta("message delta rich", richMessageDelta())
	addMsgDelta("message delta minimal", &contract.MessageDelta{})
	addThread("thread rich", &contract.Thread{ID: "thread_1", Object: contract.ObjectThread, CreatedAt: 9,
		ToolResources: &contract.ToolResources{FileSearch: &contract.FileSearchResources{VectorStoreIDs: []string{"vs_1"}}}, Metadata: map[string]string{"a": "b"}})
	addThread("thread minimal", &contract.Thread{})
	addErr("error rich", &contract.ErrorObject{Code: ptr("server_error"), Message: "m", Param: ptr("p"), Type: "server_error"})
	addErr("error minimal", &contract.ErrorObject{})
	return cases
}

// TestEncodersMatchEncodingJSON checks that each append encoder writes JSON
// equal to json.Marshal of the same value, and that contract.DecodeEvent
// reads it back to that value.
func TestEncodersMatchEncodingJSON(t *testing.T) {
	t.Parallel()
	for _, tc := range encodeCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := tc.enc(nil)
			want, err := json.Marshal(tc.value)
			if err != nil {
				t.Fatalf("json.Marshal: %v", err)
			}
			var gotTree, wantTree any
			if err := json.Unmarshal(got, &gotTree); err != nil {
				t.Fatalf("encoder output is not JSON: %v\n%s", err, got)
			}
			if err := json.Unmarshal(want, &wantTree); err != nil {
				t.Fatalf("json.Marshal output: %v", err)
			}
			if d := cmp.Diff(wantTree, gotTree); d != "" {
				t.Errorf("JSON differs (-want +got):\n%s", d)
			}
			if string(got) != string(want) {
				t.Errorf("bytes differ:\n got %s\nwant %s", got, want)
			}
			ev, err := contract.DecodeEvent(string(tc.event), got)
			if err != nil {
				t.Fatalf("DecodeEvent: %v", err)
			}
			if d := cmp.Diff(tc.value, tc.decoded(ev)); d != "" {
				t.Errorf("decoded differs (-want +got):\n%s", d)
			}
		})
	}
}

// TestEncodersWriteWhatMarshalWritesForLossyValues covers the values whose
// JSON reads back as another value (an empty file_search member reads as
// {}, a zero tool choice as no choice): the encoders must still write what
// json.Marshal writes.
func TestEncodersWriteWhatMarshalWritesForLossyValues(t *testing.T) {
	t.Parallel()
	zeroChoice := richRun()
	zeroChoice.ToolChoice = &contract.ToolChoice{}
	emptySearch := &contract.RunStepDelta{ID: "step_1", Object: contract.ObjectRunStepDelta, Delta: contract.StepDeltaBody{
		StepDetails: &contract.StepDetailsDelta{Type: contract.StepTypeToolCalls, ToolCalls: []contract.ToolCallDelta{
			{Index: 0, ID: "call_1", Type: contract.ToolTypeFileSearch, FileSearch: json.RawMessage{}},
		}},
	}}
	tests := []struct {
		name  string
		value any
		got   []byte
		has   string
	}{
		{"zero tool choice", zeroChoice, contract.AppendRun(nil, zeroChoice), `"tool_choice":null`},
		{"empty file_search", emptySearch, contract.AppendRunStepDelta(nil, emptySearch), `"file_search":{}`},
	}
	for _, tc := range tests {
		want, err := json.Marshal(tc.value)
		if err != nil {
			t.Errorf("%s: json.Marshal: %v", tc.name, err)
			continue
		}
		if string(tc.got) != string(want) {
			t.Errorf("%s: bytes differ:\n got %s\nwant %s", tc.name, tc.got, want)
		}
		if !strings.Contains(string(tc.got), tc.has) {
			t.Errorf("%s: got %s, want it to hold %s", tc.name, tc.got, tc.has)
		}
	}
}

// TestAppendEventData checks that AppendEventData writes the payload its
// event names, DoneData for done, and refuses events it cannot write.
func TestAppendEventData(t *testing.T) {
	t.Parallel()
	run := richRun()
	for _, tc := range encodeCases() {
		ev := contract.Event{Name: tc.event}
		switch v := tc.value.(type) {
		case *contract.Run:
			ev.Run = v
		case *contract.RunStep:
			ev.Step = v
		case *contract.RunStepDelta:
			ev.StepDelta = v
		case *contract.Message:
			ev.Message = v
		case *contract.MessageDelta:
			ev.MessageDelta = v
		case *contract.Thread:
			ev.Thread = v
		case *contract.ErrorObject:
			ev.Error = v
		default:
			t.Fatalf("%s: no event field for %T", tc.name, v)
		}
		got, err := contract.AppendEventData([]byte("prefix"), ev)
		if err != nil {
			t.Errorf("%s: AppendEventData: %v", tc.name, err)
			continue
		}
		if want := "prefix" + string(tc.enc(nil)); string(got) != want {
			t.Errorf("%s: got %s, want %s", tc.name, got, want)
		}
	}
	got, err := contract.AppendEventData(nil, contract.Event{Name: contract.EventDone})
	if err != nil || string(got) != contract.DoneData {
		t.Errorf("done: got %q, %v, want %q, nil", got, err, contract.DoneData)
	}
	bad := []struct {
		name string
		ev   contract.Event
		msg  string
	}{
		{"unknown name", contract.Event{Name: "thread.run.paused", Run: run}, "not in the event catalogue"},
		{"no payload", contract.Event{Name: contract.EventThreadRunCompleted}, "carries a none payload, want run"},
		{"wrong payload", contract.Event{Name: contract.EventThreadRunCompleted, Thread: &contract.Thread{}}, "carries a thread payload, want run"},
		{"two payloads", contract.Event{Name: contract.EventThreadRunCompleted, Run: run, Thread: &contract.Thread{}}, "2 payloads set, want one"},
		{"payload on done", contract.Event{Name: contract.EventDone, Run: run}, "carries a run payload, want none"},
	}
	for _, tc := range bad {
		got, err := contract.AppendEventData([]byte("x"), tc.ev)
		var ee *contract.EncodeError
		if !errors.As(err, &ee) {
			t.Errorf("%s: got error %v, want an *EncodeError", tc.name, err)
			continue
		}
		if ee.Msg != tc.msg || ee.Event != tc.ev.Name {
			t.Errorf("%s: got %q for %q, want %q", tc.name, ee.Msg, ee.Event, tc.msg)
		}
		if string(got) != "x" {
			t.Errorf("%s: got dst %q, want it unchanged", tc.name, got)
		}
	}
}
