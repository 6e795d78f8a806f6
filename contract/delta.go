package contract

import "encoding/json"

// RunStepDelta is a change to a run step while it streams (CONTRACT §3.3).
type RunStepDelta struct {
	ID     string        `json:"id"`
	Object string        `json:"object"`
	Delta  StepDeltaBody `json:"delta"`
}

// StepDeltaBody holds the fields of a step that changed.
type StepDeltaBody struct {
	StepDetails *StepDetailsDelta `json:"step_details,omitzero"`
}

// StepDetailsDelta is a union on Type like StepDetails, with every field
// optional.
type StepDetailsDelta struct {
	Type            StepType              `json:"type"`
	MessageCreation *MessageCreationDelta `json:"message_creation,omitzero"`
	ToolCalls       []ToolCallDelta       `json:"tool_calls,omitzero"`
}

// MessageCreationDelta names the message a step is creating.
type MessageCreationDelta struct {
	MessageID string `json:"message_id,omitzero"`
}

// ToolCallDelta is a fragment of the tool call at Index. ID and Type are
// usually only in the first fragment of a call. FileSearch is an opaque
// object in the contract, kept as raw JSON: nil leaves it out, and an
// empty non-nil value is the empty object {}.
type ToolCallDelta struct {
	Index           int64                 `json:"index"`
	ID              string                `json:"id,omitzero"`
	Type            ToolType              `json:"type"`
	CodeInterpreter *CodeInterpreterDelta `json:"code_interpreter,omitzero"`
	FileSearch      json.RawMessage       `json:"file_search,omitzero"`
	Function        *FunctionDelta        `json:"function,omitzero"`
}

// MarshalJSON writes the delta, with an empty non-nil FileSearch as {}
// (encoding/json cannot write an empty json.RawMessage).
func (d ToolCallDelta) MarshalJSON() ([]byte, error) {
	type plain ToolCallDelta // without this method
	p := plain(d)
	if p.FileSearch != nil && len(p.FileSearch) == 0 {
		p.FileSearch = json.RawMessage("{}")
	}
	return json.Marshal(p)
}

// CodeInterpreterDelta is a fragment of code and new outputs.
type CodeInterpreterDelta struct {
	Input   string                       `json:"input,omitzero"`
	Outputs []CodeInterpreterOutputDelta `json:"outputs,omitzero"`
}

// CodeInterpreterOutputDelta is an output at Index: logs or an image.
type CodeInterpreterOutputDelta struct {
	Index int64         `json:"index"`
	Type  string        `json:"type"`
	Logs  string        `json:"logs,omitzero"`
	Image *FileRefDelta `json:"image,omitzero"`
}

// FileRefDelta points at a file, when known.
type FileRefDelta struct {
	FileID string `json:"file_id,omitzero"`
}

// FunctionDelta is a fragment of a function call: its name, a piece of its
// arguments, or its output. Output is absent, an explicit null (the output
// is not known yet) or a string.
type FunctionDelta struct {
	Name      string           `json:"name,omitzero"`
	Arguments string           `json:"arguments,omitzero"`
	Output    Nullable[string] `json:"output,omitzero"`
}

// MessageDelta is a change to a message while it streams (CONTRACT §3.3).
type MessageDelta struct {
	ID     string           `json:"id"`
	Object string           `json:"object"`
	Delta  MessageDeltaBody `json:"delta"`
}

// MessageDeltaBody holds the fields of a message that changed.
type MessageDeltaBody struct {
	Role    Role                  `json:"role,omitzero"`
	Content []MessageContentDelta `json:"content,omitzero"`
}

// MessageContentDelta is a fragment of the content block at Index: a union
// on Type (text, image_file, image_url, refusal).
type MessageContentDelta struct {
	Index     int64      `json:"index"`
	Type      string     `json:"type"`
	Text      *TextDelta `json:"text,omitzero"`
	ImageFile *ImageFile `json:"image_file,omitzero"`
	ImageURL  *ImageURL  `json:"image_url,omitzero"`
	Refusal   string     `json:"refusal,omitzero"`
}

// TextDelta is a fragment of text and new annotations.
type TextDelta struct {
	Value       string            `json:"value,omitzero"`
	Annotations []AnnotationDelta `json:"annotations,omitzero"`
}

// AnnotationDelta is an annotation at Index, possibly partial.
type AnnotationDelta struct {
	Index        int64         `json:"index"`
	Type         string        `json:"type"`
	Text         string        `json:"text,omitzero"`
	StartIndex   *int64        `json:"start_index,omitzero"`
	EndIndex     *int64        `json:"end_index,omitzero"`
	FileCitation *FileCitation `json:"file_citation,omitzero"`
	FilePath     *FileRef      `json:"file_path,omitzero"`
}
