package contract

import "encoding/json"

// Run is an execution of an assistant on a thread (CONTRACT §3.1). Nullable
// fields are pointers; nil means the server sent null or nothing.
type Run struct {
	ID                  string              `json:"id"`
	Object              string              `json:"object"`
	CreatedAt           int64               `json:"created_at"`
	ThreadID            string              `json:"thread_id"`
	AssistantID         string              `json:"assistant_id"`
	Status              RunStatus           `json:"status"`
	RequiredAction      *RequiredAction     `json:"required_action"`
	LastError           *LastError          `json:"last_error"`
	ExpiresAt           *int64              `json:"expires_at"`
	StartedAt           *int64              `json:"started_at"`
	CancelledAt         *int64              `json:"cancelled_at"`
	FailedAt            *int64              `json:"failed_at"`
	CompletedAt         *int64              `json:"completed_at"`
	IncompleteDetails   *IncompleteDetails  `json:"incomplete_details"`
	Model               string              `json:"model"`
	Instructions        string              `json:"instructions"`
	Tools               []Tool              `json:"tools"`
	ToolResources       *ToolResources      `json:"tool_resources,omitempty"`
	Metadata            map[string]string   `json:"metadata"`
	Usage               *Usage              `json:"usage"`
	Temperature         *float64            `json:"temperature,omitempty"`
	TopP                *float64            `json:"top_p,omitempty"`
	ReasoningEffort     *ReasoningEffort    `json:"reasoning_effort,omitempty"`
	MaxPromptTokens     *int64              `json:"max_prompt_tokens"`
	MaxCompletionTokens *int64              `json:"max_completion_tokens"`
	TruncationStrategy  *TruncationStrategy `json:"truncation_strategy"`
	ToolChoice          *ToolChoice         `json:"tool_choice"`
	ParallelToolCalls   bool                `json:"parallel_tool_calls"`
	ResponseFormat      *ResponseFormat     `json:"response_format"`
}

// RequiredAction tells what the caller must do before a run can continue.
type RequiredAction struct {
	Type              string                  `json:"type"` // always "submit_tool_outputs"
	SubmitToolOutputs SubmitToolOutputsAction `json:"submit_tool_outputs"`
}

// SubmitToolOutputsAction lists the tool calls whose outputs are awaited.
type SubmitToolOutputsAction struct {
	ToolCalls []RequiredToolCall `json:"tool_calls"`
}

// RequiredToolCall is one function call the run waits on.
type RequiredToolCall struct {
	ID       string             `json:"id"`
	Type     ToolType           `json:"type"` // always "function"
	Function RequiredToolCallFn `json:"function"`
}

// RequiredToolCallFn names the function and its JSON-encoded arguments.
type RequiredToolCallFn struct {
	Name      string `json:"name"`
	Arguments string `json:"arguments"`
}

// LastError is the last error of a run or run step. Codes are server_error,
// rate_limit_exceeded and, for runs only, invalid_prompt.
type LastError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// IncompleteDetails says why a run ended incomplete.
type IncompleteDetails struct {
	Reason string `json:"reason,omitempty"` // max_completion_tokens or max_prompt_tokens
}

// Usage counts the tokens a terminal run or step used.
type Usage struct {
	CompletionTokens int64 `json:"completion_tokens"`
	PromptTokens     int64 `json:"prompt_tokens"`
	TotalTokens      int64 `json:"total_tokens"`
}

// Tool is a tool an assistant or run may use: a union on Type where
// Function is set for function tools and FileSearch may be set for
// file_search tools.
type Tool struct {
	Type       ToolType               `json:"type"`
	FileSearch *FileSearchToolOptions `json:"file_search,omitempty"`
	Function   *FunctionDefinition    `json:"function,omitempty"`
}

// FunctionDefinition describes a function the model may call.
type FunctionDefinition struct {
	Name        string          `json:"name"`
	Description string          `json:"description,omitempty"`
	Parameters  json.RawMessage `json:"parameters,omitempty"` // a JSON Schema object
	Strict      *bool           `json:"strict,omitempty"`
}

// FileSearchToolOptions tunes the file_search tool.
type FileSearchToolOptions struct {
	MaxNumResults  *int64                    `json:"max_num_results,omitempty"` // 1..50
	RankingOptions *FileSearchRankingOptions `json:"ranking_options,omitempty"`
}

// FileSearchRankingOptions sets the ranker and the score threshold (0..1).
type FileSearchRankingOptions struct {
	Ranker         string  `json:"ranker,omitempty"` // auto or default_2024_08_21
	ScoreThreshold float64 `json:"score_threshold"`
}

// ToolResources are the files a thread, assistant or run gives its tools.
type ToolResources struct {
	CodeInterpreter *CodeInterpreterResources `json:"code_interpreter,omitempty"`
	FileSearch      *FileSearchResources      `json:"file_search,omitempty"`
}

// CodeInterpreterResources lists files for code_interpreter (up to 20).
type CodeInterpreterResources struct {
	FileIDs []string `json:"file_ids,omitzero"`
}

// FileSearchResources lists vector stores for file_search (up to 1).
type FileSearchResources struct {
	VectorStoreIDs []string `json:"vector_store_ids,omitzero"`
}

// TruncationStrategy controls how a thread is truncated before a run.
type TruncationStrategy struct {
	Type         string `json:"type"` // auto or last_messages
	LastMessages *int64 `json:"last_messages"`
}
