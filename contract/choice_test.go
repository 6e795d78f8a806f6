package contract

import (
	"encoding/json"
	"testing"
)

// TestToolChoiceJSON checks every form of a tool choice, the zero one
// included: it names no choice, so it is null (or left out with
// omitzero), never {"type":""}.
func TestToolChoiceJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		choice ToolChoice
		want   string
	}{
		{"zero", ToolChoice{}, `null`},
		{"mode", ToolChoice{Type: ToolChoiceRequired}, `"required"`},
		{"function", ToolChoice{Type: "function", Function: &ToolChoiceFunction{Name: "f"}}, `{"type":"function","function":{"name":"f"}}`},
		{"tool", ToolChoice{Type: "file_search"}, `{"type":"file_search"}`},
	}
	for _, tt := range tests {
		got, err := json.Marshal(tt.choice)
		if err != nil || string(got) != tt.want {
			t.Errorf("%s: got %s (%v), want %s", tt.name, got, err, tt.want)
		}
	}
	got, err := json.Marshal(Run{ToolChoice: &ToolChoice{}})
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(got, &raw); err != nil || string(raw["tool_choice"]) != "null" {
		t.Errorf("run with a zero tool choice: got tool_choice %s (%v), want null", raw["tool_choice"], err)
	}
	omit, err := json.Marshal(struct {
		C ToolChoice `json:"c,omitzero"`
	}{})
	if err != nil || string(omit) != `{}` {
		t.Errorf("omitzero: got %s (%v), want {}", omit, err)
	}
}
