package contract

import (
	"encoding/json"
	"fmt"
)

// ToolChoice is either a mode ("none", "auto", "required", marshalled as a
// bare string) or a specific tool ({"type": "function", "function":
// {"name": ...}}, or code_interpreter / file_search).
type ToolChoice struct {
	Type     string              // none, auto, required, function, code_interpreter or file_search
	Function *ToolChoiceFunction // set when Type is function
}

// ToolChoiceFunction names the function a ToolChoice forces.
type ToolChoiceFunction struct {
	Name string `json:"name"`
}

// The tool choice modes that are sent as bare strings.
const (
	ToolChoiceNone     = "none"
	ToolChoiceAuto     = "auto"
	ToolChoiceRequired = "required"
)

// IsZero reports whether the choice is the zero value, which names no
// choice at all: it marshals as null, and a field tagged omitzero leaves
// it out.
func (c ToolChoice) IsZero() bool { return c.Type == "" && c.Function == nil }

// IsMode reports whether the choice is one of the string modes.
func (c ToolChoice) IsMode() bool {
	switch c.Type {
	case ToolChoiceNone, ToolChoiceAuto, ToolChoiceRequired:
		return true
	}
	return false
}

type toolChoiceObject struct {
	Type     string              `json:"type"`
	Function *ToolChoiceFunction `json:"function,omitempty"`
}

// MarshalJSON writes a mode as a string, a tool as an object and the zero
// choice as null.
func (c ToolChoice) MarshalJSON() ([]byte, error) {
	if c.IsZero() {
		return []byte("null"), nil
	}
	if c.IsMode() {
		return json.Marshal(c.Type)
	}
	return json.Marshal(toolChoiceObject(c))
}

// UnmarshalJSON reads either form.
func (c *ToolChoice) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		*c = ToolChoice{}
		return json.Unmarshal(b, &c.Type)
	}
	var o toolChoiceObject
	if err := json.Unmarshal(b, &o); err != nil {
		return fmt.Errorf("tool_choice: %w", err)
	}
	*c = ToolChoice(o)
	return nil
}

// ResponseFormat is either "auto" (a bare string) or an object of type
// text, json_object or json_schema.
type ResponseFormat struct {
	Type       string      // auto, text, json_object or json_schema
	JSONSchema *JSONSchema // set when Type is json_schema
}

// ResponseFormatAuto is the response format sent as the bare string "auto".
const ResponseFormatAuto = "auto"

// JSONSchema describes the structured output a json_schema format asks for.
type JSONSchema struct {
	Name        string          `json:"name"`
	Description string          `json:"description,omitempty"`
	Schema      json.RawMessage `json:"schema,omitempty"`
	Strict      *bool           `json:"strict,omitempty"`
}

type responseFormatObject struct {
	Type       string      `json:"type"`
	JSONSchema *JSONSchema `json:"json_schema,omitempty"`
}

// MarshalJSON writes "auto" as a string and the other formats as objects.
func (f ResponseFormat) MarshalJSON() ([]byte, error) {
	if f.Type == ResponseFormatAuto {
		return json.Marshal(f.Type)
	}
	return json.Marshal(responseFormatObject(f))
}

// UnmarshalJSON reads either form.
func (f *ResponseFormat) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		*f = ResponseFormat{}
		return json.Unmarshal(b, &f.Type)
	}
	var o responseFormatObject
	if err := json.Unmarshal(b, &o); err != nil {
		return fmt.Errorf("response_format: %w", err)
	}
	*f = ResponseFormat(o)
	return nil
}
