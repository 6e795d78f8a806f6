package contract

// RunStep is one step of a run: creating a message or calling tools
// (CONTRACT §3.2).
type RunStep struct {
	ID          string            `json:"id"`
	Object      string            `json:"object"`
	CreatedAt   int64             `json:"created_at"`
	AssistantID string            `json:"assistant_id"`
	ThreadID    string            `json:"thread_id"`
	RunID       string            `json:"run_id"`
	Type        StepType          `json:"type"`
	Status      StepStatus        `json:"status"`
	StepDetails StepDetails       `json:"step_details"`
	LastError   *LastError        `json:"last_error"`
	ExpiresAt   *int64            `json:"expires_at,omitempty"` // sent by the live API, not in the spec
	ExpiredAt   *int64            `json:"expired_at"`
	CancelledAt *int64            `json:"cancelled_at"`
	FailedAt    *int64            `json:"failed_at"`
	CompletedAt *int64            `json:"completed_at"`
	Metadata    map[string]string `json:"metadata"`
	Usage       *Usage            `json:"usage"`
}

// StepDetails is a union on Type: MessageCreation is set for
// message_creation steps, ToolCalls for tool_calls steps.
type StepDetails struct {
	Type            StepType         `json:"type"`
	MessageCreation *MessageCreation `json:"message_creation,omitzero"`
	ToolCalls       []ToolCall       `json:"tool_calls,omitzero"`
}

// MessageCreation names the message a message_creation step created.
type MessageCreation struct {
	MessageID string `json:"message_id"`
}

// ToolCall is one tool call of a tool_calls step: a union on Type with the
// matching field set.
type ToolCall struct {
	ID              string               `json:"id"`
	Type            ToolType             `json:"type"`
	CodeInterpreter *CodeInterpreterCall `json:"code_interpreter,omitzero"`
	FileSearch      *FileSearchCall      `json:"file_search,omitzero"`
	Function        *FunctionCall        `json:"function,omitzero"`
}

// CodeInterpreterCall is the code the model ran and what it produced.
type CodeInterpreterCall struct {
	Input   string                  `json:"input"`
	Outputs []CodeInterpreterOutput `json:"outputs"`
}

// CodeInterpreterOutput is a union on Type: "logs" with Logs, or "image"
// with Image.
type CodeInterpreterOutput struct {
	Type  string   `json:"type"`
	Logs  string   `json:"logs,omitzero"`
	Image *FileRef `json:"image,omitzero"`
}

// FileRef points at an uploaded file.
type FileRef struct {
	FileID string `json:"file_id"`
}

// FileSearchCall holds the ranking options and results of a file search.
type FileSearchCall struct {
	RankingOptions *FileSearchRankingOptions `json:"ranking_options,omitzero"`
	Results        []FileSearchResult        `json:"results,omitzero"`
}

// FileSearchResult is one file a search matched. Content is present only
// when the request asked for IncludeFileSearchResultContent.
type FileSearchResult struct {
	FileID   string              `json:"file_id"`
	FileName string              `json:"file_name"`
	Score    float64             `json:"score"`
	Content  []FileSearchContent `json:"content,omitzero"`
}

// FileSearchContent is a piece of a matched file's text.
type FileSearchContent struct {
	Type string `json:"type"` // always "text"
	Text string `json:"text"`
}

// FunctionCall is a function call with its output once submitted.
type FunctionCall struct {
	Name      string  `json:"name"`
	Arguments string  `json:"arguments"`
	Output    *string `json:"output"`
}
