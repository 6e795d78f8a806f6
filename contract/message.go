package contract

// Message is a message in a thread (CONTRACT §3.4).
type Message struct {
	ID                string                    `json:"id"`
	Object            string                    `json:"object"`
	CreatedAt         int64                     `json:"created_at"`
	ThreadID          string                    `json:"thread_id"`
	Status            MessageStatus             `json:"status"`
	IncompleteDetails *MessageIncompleteDetails `json:"incomplete_details"`
	CompletedAt       *int64                    `json:"completed_at"`
	IncompleteAt      *int64                    `json:"incomplete_at"`
	Role              Role                      `json:"role"`
	Content           []MessageContent          `json:"content"`
	AssistantID       *string                   `json:"assistant_id"`
	RunID             *string                   `json:"run_id"`
	Attachments       []Attachment              `json:"attachments"`
	Metadata          map[string]string         `json:"metadata"`
}

// MessageIncompleteDetails says why a message ended incomplete:
// content_filter, max_tokens, run_cancelled, run_expired or run_failed.
type MessageIncompleteDetails struct {
	Reason string `json:"reason"`
}

// MessageContent is a content block: a union on Type (text, image_file,
// image_url, refusal) with the matching field set.
type MessageContent struct {
	Type      string     `json:"type"`
	Text      *Text      `json:"text,omitzero"`
	ImageFile *ImageFile `json:"image_file,omitzero"`
	ImageURL  *ImageURL  `json:"image_url,omitzero"`
	Refusal   string     `json:"refusal,omitzero"`
}

// Text is the text of a content block and its annotations.
type Text struct {
	Value       string       `json:"value"`
	Annotations []Annotation `json:"annotations"`
}

// ImageFile is an image content block pointing at an uploaded file.
type ImageFile struct {
	FileID string `json:"file_id"`
	Detail string `json:"detail,omitzero"`
}

// ImageURL is an image content block pointing at a URL.
type ImageURL struct {
	URL    string `json:"url"`
	Detail string `json:"detail,omitzero"`
}

// Annotation marks a span of text: a union on Type, file_citation with
// FileCitation or file_path with FilePath.
type Annotation struct {
	Type         string        `json:"type"`
	Text         string        `json:"text"`
	StartIndex   int64         `json:"start_index"`
	EndIndex     int64         `json:"end_index"`
	FileCitation *FileCitation `json:"file_citation,omitzero"`
	FilePath     *FileRef      `json:"file_path,omitzero"`
}

// FileCitation cites a file a file_search found.
type FileCitation struct {
	FileID string `json:"file_id"`
	Quote  string `json:"quote,omitzero"`
}

// Attachment is a file attached to a message and the tools it is for.
type Attachment struct {
	FileID string           `json:"file_id,omitzero"`
	Tools  []AttachmentTool `json:"tools,omitzero"`
}

// AttachmentTool names a tool (code_interpreter or file_search) an
// attachment is added to.
type AttachmentTool struct {
	Type ToolType `json:"type"`
}

// Thread is a conversation (CONTRACT §3.5).
type Thread struct {
	ID            string            `json:"id"`
	Object        string            `json:"object"`
	CreatedAt     int64             `json:"created_at"`
	ToolResources *ToolResources    `json:"tool_resources"`
	Metadata      map[string]string `json:"metadata"`
}

// ErrorObject is the error payload of an `error` stream event and of the
// {"error": {...}} envelope of error responses (CONTRACT §3.6, §9).
type ErrorObject struct {
	Code    *string `json:"code"`
	Message string  `json:"message"`
	Param   *string `json:"param"`
	Type    string  `json:"type"`
}

// List is the envelope of a list response (CONTRACT §3.7). FirstID and
// LastID are nil on an empty list.
type List[T any] struct {
	Object  string  `json:"object"`
	Data    []T     `json:"data"`
	FirstID *string `json:"first_id"`
	LastID  *string `json:"last_id"`
	HasMore bool    `json:"has_more"`
}
