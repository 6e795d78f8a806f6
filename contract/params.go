package contract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
)

// RunCreateParams are the parameters of creating a run (CONTRACT §2.1).
// Include goes to the query as include[]; every other field to the body.
// Absent fields are left out of the body; see Nullable.
type RunCreateParams struct {
	AssistantID            string                        `json:"assistant_id"`
	Include                []RunStepInclude              `json:"-"`
	AdditionalInstructions Nullable[string]              `json:"additional_instructions,omitzero"`
	AdditionalMessages     Nullable[[]AdditionalMessage] `json:"additional_messages,omitzero"`
	Instructions           Nullable[string]              `json:"instructions,omitzero"`
	MaxCompletionTokens    Nullable[int64]               `json:"max_completion_tokens,omitzero"`
	MaxPromptTokens        Nullable[int64]               `json:"max_prompt_tokens,omitzero"`
	Metadata               Nullable[map[string]string]   `json:"metadata,omitzero"`
	Model                  Nullable[string]              `json:"model,omitzero"`
	ParallelToolCalls      *bool                         `json:"parallel_tool_calls,omitzero"`
	ReasoningEffort        Nullable[ReasoningEffort]     `json:"reasoning_effort,omitzero"`
	ResponseFormat         Nullable[ResponseFormat]      `json:"response_format,omitzero"`
	Temperature            Nullable[float64]             `json:"temperature,omitzero"`
	ToolChoice             Nullable[ToolChoice]          `json:"tool_choice,omitzero"`
	Tools                  Nullable[[]Tool]              `json:"tools,omitzero"`
	TopP                   Nullable[float64]             `json:"top_p,omitzero"`
	TruncationStrategy     Nullable[TruncationStrategy]  `json:"truncation_strategy,omitzero"`
	// Extra holds body keys outside the contract, sent after the known
	// ones in key order. It exists to send out-of-contract requests on
	// purpose (server checks); a key that repeats a known field is an error.
	Extra map[string]any `json:"-"`
}

// AdditionalMessage is a message added to the thread before a run starts.
type AdditionalMessage struct {
	Role        Role                        `json:"role"`
	Content     MessageInput                `json:"content"`
	Attachments Nullable[[]Attachment]      `json:"attachments,omitzero"`
	Metadata    Nullable[map[string]string] `json:"metadata,omitzero"`
}

// MessageInput is message content: a plain string, or content parts when
// Parts is not nil.
type MessageInput struct {
	Text  string
	Parts []ContentPart
}

// ContentPart is one part of message input: a union on Type (text,
// image_file, image_url).
type ContentPart struct {
	Type      string     `json:"type"`
	Text      string     `json:"text,omitzero"`
	ImageFile *ImageFile `json:"image_file,omitzero"`
	ImageURL  *ImageURL  `json:"image_url,omitzero"`
}

// MarshalJSON writes a string or an array of parts.
func (m MessageInput) MarshalJSON() ([]byte, error) {
	if m.Parts != nil {
		return json.Marshal(m.Parts)
	}
	return json.Marshal(m.Text)
}

// UnmarshalJSON reads a string or an array of parts.
func (m *MessageInput) UnmarshalJSON(b []byte) error {
	*m = MessageInput{}
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '[' {
		return json.Unmarshal(b, &m.Parts)
	}
	return json.Unmarshal(b, &m.Text)
}

// MarshalJSON writes the known fields, then Extra.
func (p RunCreateParams) MarshalJSON() ([]byte, error) {
	type plain RunCreateParams
	return marshalWithExtra(plain(p), p.Extra)
}

// RunListParams are the query parameters of listing runs (CONTRACT §2.2).
// Zero values are left out of the query.
type RunListParams struct {
	After  string
	Before string
	Limit  int // 1..100; 0 leaves it to the server (20)
	Order  Order
}

// RunUpdateParams are the parameters of modifying a run: only metadata.
// Absent metadata sends {}; Null sends {"metadata":null}.
type RunUpdateParams struct {
	Metadata Nullable[map[string]string] `json:"metadata,omitzero"`
	// Extra holds body keys outside the contract; see RunCreateParams.
	Extra map[string]any `json:"-"`
}

// MarshalJSON writes the known fields, then Extra.
func (p RunUpdateParams) MarshalJSON() ([]byte, error) {
	type plain RunUpdateParams
	return marshalWithExtra(plain(p), p.Extra)
}

// RunSubmitToolOutputsParams are the outputs of the tool calls a run waits
// on (CONTRACT §2.2).
type RunSubmitToolOutputsParams struct {
	ToolOutputs []ToolOutput `json:"tool_outputs"`
	// Extra holds body keys outside the contract; see RunCreateParams.
	Extra map[string]any `json:"-"`
}

// MarshalJSON writes the known fields, then Extra.
func (p RunSubmitToolOutputsParams) MarshalJSON() ([]byte, error) {
	type plain RunSubmitToolOutputsParams
	return marshalWithExtra(plain(p), p.Extra)
}

// ToolOutput is the output of one tool call. Both fields are optional in
// the contract.
type ToolOutput struct {
	ToolCallID Nullable[string] `json:"tool_call_id,omitzero"`
	Output     Nullable[string] `json:"output,omitzero"`
}

// StepListParams are the query parameters of listing run steps.
type StepListParams struct {
	After   string
	Before  string
	Limit   int // 1..100; 0 leaves it to the server (20)
	Order   Order
	Include []RunStepInclude
}

// StepRetrieveParams are the query parameters of retrieving a run step.
type StepRetrieveParams struct {
	Include []RunStepInclude
}

// marshalWithExtra marshals v, an object, and appends extra's keys in
// sorted order.
func marshalWithExtra(v any, extra map[string]any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil || len(extra) == 0 {
		return b, err
	}
	var known map[string]json.RawMessage
	if err := json.Unmarshal(b, &known); err != nil {
		return nil, err
	}
	out := b[:len(b)-1] // drop the closing brace
	for _, k := range slices.Sorted(maps.Keys(extra)) {
		if _, dup := known[k]; dup {
			return nil, fmt.Errorf("extra body key %q repeats a known field", k)
		}
		kb, _ := json.Marshal(k)
		vb, err := json.Marshal(extra[k])
		if err != nil {
			return nil, fmt.Errorf("extra body key %q: %w", k, err)
		}
		if len(out) > 1 {
			out = append(out, ',')
		}
		out = append(append(append(out, kb...), ':'), vb...)
	}
	return append(out, '}'), nil
}

// AppendBodyField appends "key":value to a JSON object body, last, as the
// SDKs add "stream": true.
func AppendBodyField(body []byte, key string, value any) ([]byte, error) {
	return marshalWithExtra(json.RawMessage(body), map[string]any{key: value})
}
