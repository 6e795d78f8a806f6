package contract

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestFunctionDeltaOutput checks the three states of a function delta's
// output, through encoding/json and through DecodeEvent.
func TestFunctionDeltaOutput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		fn   FunctionDelta
		json string
	}{
		{"absent", FunctionDelta{Name: "f"}, `{"name":"f"}`},
		{"null", FunctionDelta{Output: Null[string]()}, `{"output":null}`},
		{"set", FunctionDelta{Output: Set("22C")}, `{"output":"22C"}`},
		{"empty", FunctionDelta{Output: Set("")}, `{"output":""}`},
	}
	for _, tt := range tests {
		got, err := json.Marshal(tt.fn)
		if err != nil || string(got) != tt.json {
			t.Errorf("%s: marshal: got %s (%v), want %s", tt.name, got, err, tt.json)
		}
		var back FunctionDelta
		if err := json.Unmarshal([]byte(tt.json), &back); err != nil || !back.Output.Equal(tt.fn.Output) {
			t.Errorf("%s: encoding/json read %s as %+v (%v), want %+v", tt.name, tt.json, back.Output, err, tt.fn.Output)
		}
		data := `{"id":"step_1","object":"thread.run.step.delta","delta":{"step_details":{"type":"tool_calls","tool_calls":[` +
			`{"index":0,"type":"function","function":` + tt.json + `}]}}}`
		ev, err := DecodeEvent(string(EventThreadRunStepDelta), []byte(data))
		if err != nil {
			t.Fatalf("%s: DecodeEvent: %v", tt.name, err)
		}
		out := ev.StepDelta.Delta.StepDetails.ToolCalls[0].Function.Output
		if !out.Equal(tt.fn.Output) {
			t.Errorf("%s: DecodeEvent read %s as %+v, want %+v", tt.name, tt.json, out, tt.fn.Output)
		}
	}
}

// TestToolCallDeltaFileSearch checks that the opaque file_search member
// marshals in every state: nil is left out, empty is {}, a value is kept.
func TestToolCallDeltaFileSearch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		fs   json.RawMessage
		want string
	}{
		{"nil", nil, `{"index":0,"type":"file_search"}`},
		{"empty", json.RawMessage{}, `{"index":0,"type":"file_search","file_search":{}}`},
		{"object", json.RawMessage(`{"a":1}`), `{"index":0,"type":"file_search","file_search":{"a":1}}`},
	}
	for _, tt := range tests {
		d := ToolCallDelta{Type: ToolTypeFileSearch, FileSearch: tt.fs}
		got, err := json.Marshal(d)
		if err != nil || string(got) != tt.want {
			t.Errorf("%s: got %s (%v), want %s", tt.name, got, err, tt.want)
		}
		// Inside a slice and through a pointer too.
		got, err = json.Marshal(&StepDetailsDelta{Type: StepTypeToolCalls, ToolCalls: []ToolCallDelta{d}})
		if err != nil || !strings.Contains(string(got), tt.want) {
			t.Errorf("%s: in a step delta: got %s (%v), want it to hold %s", tt.name, got, err, tt.want)
		}
	}
}
