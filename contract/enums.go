package contract

// RunStatus is the status of a run (CONTRACT §3.1).
type RunStatus string

// The run statuses.
const (
	RunStatusQueued         RunStatus = "queued"
	RunStatusInProgress     RunStatus = "in_progress"
	RunStatusRequiresAction RunStatus = "requires_action"
	RunStatusCancelling     RunStatus = "cancelling"
	RunStatusCancelled      RunStatus = "cancelled"
	RunStatusFailed         RunStatus = "failed"
	RunStatusCompleted      RunStatus = "completed"
	RunStatusIncomplete     RunStatus = "incomplete"
	RunStatusExpired        RunStatus = "expired"
)

// Terminal reports whether a run in this status will never change again.
func (s RunStatus) Terminal() bool {
	switch s {
	case RunStatusCancelled, RunStatusFailed, RunStatusCompleted, RunStatusIncomplete, RunStatusExpired:
		return true
	}
	return false
}

// StepStatus is the status of a run step; steps have no queued state.
type StepStatus string

// The run step statuses.
const (
	StepStatusInProgress StepStatus = "in_progress"
	StepStatusCancelled  StepStatus = "cancelled"
	StepStatusFailed     StepStatus = "failed"
	StepStatusCompleted  StepStatus = "completed"
	StepStatusExpired    StepStatus = "expired"
)

// StepType is the kind of a run step.
type StepType string

// The run step types.
const (
	StepTypeMessageCreation StepType = "message_creation"
	StepTypeToolCalls       StepType = "tool_calls"
)

// ToolType names a tool an assistant or run may use, and the kind of a tool
// call in a run step.
type ToolType string

// The tool types.
const (
	ToolTypeCodeInterpreter ToolType = "code_interpreter"
	ToolTypeFileSearch      ToolType = "file_search"
	ToolTypeFunction        ToolType = "function"
)

// MessageStatus is the status of a message.
type MessageStatus string

// The message statuses.
const (
	MessageStatusInProgress MessageStatus = "in_progress"
	MessageStatusIncomplete MessageStatus = "incomplete"
	MessageStatusCompleted  MessageStatus = "completed"
)

// Role is the author of a message.
type Role string

// The message roles.
const (
	RoleUser      Role = "user"
	RoleAssistant Role = "assistant"
)

// Order is the sort order of a list by created_at.
type Order string

// The list orders.
const (
	OrderAsc  Order = "asc"
	OrderDesc Order = "desc"
)

// RunStepInclude names extra data a step request may ask for with the
// include[] query parameter.
type RunStepInclude string

// IncludeFileSearchResultContent asks for the content of file_search results,
// the only value the contract defines.
const IncludeFileSearchResultContent RunStepInclude = "step_details.tool_calls[*].file_search.results[*].content"

// ReasoningEffort constrains the effort of reasoning models.
type ReasoningEffort string

// The reasoning efforts.
const (
	ReasoningEffortNone    ReasoningEffort = "none"
	ReasoningEffortMinimal ReasoningEffort = "minimal"
	ReasoningEffortLow     ReasoningEffort = "low"
	ReasoningEffortMedium  ReasoningEffort = "medium"
	ReasoningEffortHigh    ReasoningEffort = "high"
	ReasoningEffortXHigh   ReasoningEffort = "xhigh"
	ReasoningEffortMax     ReasoningEffort = "max"
)

// Object type names carried in every object's "object" field.
const (
	ObjectThread       = "thread"
	ObjectRun          = "thread.run"
	ObjectRunStep      = "thread.run.step"
	ObjectRunStepDelta = "thread.run.step.delta"
	ObjectMessage      = "thread.message"
	ObjectMessageDelta = "thread.message.delta"
	ObjectList         = "list"
)
