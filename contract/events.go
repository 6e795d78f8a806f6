package contract

// EventName is the SSE `event:` name of an assistant stream event
// (CONTRACT §4.1).
type EventName string

// The 24 assistant stream events and the terminal done event.
const (
	EventThreadCreated           EventName = "thread.created"
	EventThreadRunCreated        EventName = "thread.run.created"
	EventThreadRunQueued         EventName = "thread.run.queued"
	EventThreadRunInProgress     EventName = "thread.run.in_progress"
	EventThreadRunRequiresAction EventName = "thread.run.requires_action"
	EventThreadRunCompleted      EventName = "thread.run.completed"
	EventThreadRunIncomplete     EventName = "thread.run.incomplete"
	EventThreadRunFailed         EventName = "thread.run.failed"
	EventThreadRunCancelling     EventName = "thread.run.cancelling"
	EventThreadRunCancelled      EventName = "thread.run.cancelled"
	EventThreadRunExpired        EventName = "thread.run.expired"
	EventThreadRunStepCreated    EventName = "thread.run.step.created"
	EventThreadRunStepInProgress EventName = "thread.run.step.in_progress"
	EventThreadRunStepDelta      EventName = "thread.run.step.delta"
	EventThreadRunStepCompleted  EventName = "thread.run.step.completed"
	EventThreadRunStepFailed     EventName = "thread.run.step.failed"
	EventThreadRunStepCancelled  EventName = "thread.run.step.cancelled"
	EventThreadRunStepExpired    EventName = "thread.run.step.expired"
	EventThreadMessageCreated    EventName = "thread.message.created"
	EventThreadMessageInProgress EventName = "thread.message.in_progress"
	EventThreadMessageDelta      EventName = "thread.message.delta"
	EventThreadMessageCompleted  EventName = "thread.message.completed"
	EventThreadMessageIncomplete EventName = "thread.message.incomplete"
	EventError                   EventName = "error"

	// EventDone ends every assistant stream; its data is the literal
	// DoneData. A decoder stops reading at it (Ruby drains the rest of the
	// body, Python, Node and Go stop; CONTRACT §4.3–4.4).
	EventDone EventName = "done"
)

// DoneData is the data of the done event.
const DoneData = "[DONE]"

// PayloadKind says which typed payload an event carries.
type PayloadKind uint8

// The payload kinds.
const (
	PayloadNone         PayloadKind = iota // done: no payload
	PayloadThread                          // Event.Thread
	PayloadRun                             // Event.Run
	PayloadStep                            // Event.Step
	PayloadStepDelta                       // Event.StepDelta
	PayloadMessage                         // Event.Message
	PayloadMessageDelta                    // Event.MessageDelta
	PayloadError                           // Event.Error
)

var payloadKindNames = [...]string{"none", "thread", "run", "step", "step_delta", "message", "message_delta", "error"}

func (k PayloadKind) String() string {
	if int(k) < len(payloadKindNames) {
		return payloadKindNames[k]
	}
	return "unknown"
}

// Object returns the "object" value a payload of this kind carries, or ""
// for done and error payloads, which have none.
func (k PayloadKind) Object() string {
	switch k {
	case PayloadThread:
		return ObjectThread
	case PayloadRun:
		return ObjectRun
	case PayloadStep:
		return ObjectRunStep
	case PayloadStepDelta:
		return ObjectRunStepDelta
	case PayloadMessage:
		return ObjectMessage
	case PayloadMessageDelta:
		return ObjectMessageDelta
	}
	return ""
}

// EventSpec describes one entry of the event catalogue.
type EventSpec struct {
	Name EventName
	Kind PayloadKind
	// Status is the status the payload must have for lifecycle events
	// (thread.run.created carries a queued run, thread.run.step.created and
	// thread.message.created in_progress objects); "" for the others.
	Status string
}

// catalogue is in the order of CONTRACT §4.1, done last.
var catalogue = [...]EventSpec{
	{EventThreadCreated, PayloadThread, ""},
	{EventThreadRunCreated, PayloadRun, string(RunStatusQueued)},
	{EventThreadRunQueued, PayloadRun, string(RunStatusQueued)},
	{EventThreadRunInProgress, PayloadRun, string(RunStatusInProgress)},
	{EventThreadRunRequiresAction, PayloadRun, string(RunStatusRequiresAction)},
	{EventThreadRunCompleted, PayloadRun, string(RunStatusCompleted)},
	{EventThreadRunIncomplete, PayloadRun, string(RunStatusIncomplete)},
	{EventThreadRunFailed, PayloadRun, string(RunStatusFailed)},
	{EventThreadRunCancelling, PayloadRun, string(RunStatusCancelling)},
	{EventThreadRunCancelled, PayloadRun, string(RunStatusCancelled)},
	{EventThreadRunExpired, PayloadRun, string(RunStatusExpired)},
	{EventThreadRunStepCreated, PayloadStep, string(StepStatusInProgress)},
	{EventThreadRunStepInProgress, PayloadStep, string(StepStatusInProgress)},
	{EventThreadRunStepDelta, PayloadStepDelta, ""},
	{EventThreadRunStepCompleted, PayloadStep, string(StepStatusCompleted)},
	{EventThreadRunStepFailed, PayloadStep, string(StepStatusFailed)},
	{EventThreadRunStepCancelled, PayloadStep, string(StepStatusCancelled)},
	{EventThreadRunStepExpired, PayloadStep, string(StepStatusExpired)},
	{EventThreadMessageCreated, PayloadMessage, string(MessageStatusInProgress)},
	{EventThreadMessageInProgress, PayloadMessage, string(MessageStatusInProgress)},
	{EventThreadMessageDelta, PayloadMessageDelta, ""},
	{EventThreadMessageCompleted, PayloadMessage, string(MessageStatusCompleted)},
	{EventThreadMessageIncomplete, PayloadMessage, string(MessageStatusIncomplete)},
	{EventError, PayloadError, ""},
	{EventDone, PayloadNone, ""},
}

// Events returns the catalogue: the 24 assistant events and done.
func Events() []EventSpec {
	out := make([]EventSpec, len(catalogue))
	copy(out, catalogue[:])
	return out
}

// EventNames returns the names of the catalogue's events as strings.
func EventNames() []string {
	out := make([]string, len(catalogue))
	for i, e := range catalogue {
		out[i] = string(e.Name)
	}
	return out
}

// LookupEvent returns the catalogue entry for an event name. Names are
// case-sensitive and must match exactly.
func LookupEvent(name string) (EventSpec, bool) {
	i := eventIndex(name)
	if i < 0 {
		return EventSpec{}, false
	}
	return catalogue[i], true
}

// eventIndex maps a name to its catalogue index without allocating.
func eventIndex(name string) int {
	switch name {
	case "thread.created":
		return 0
	case "thread.run.created":
		return 1
	case "thread.run.queued":
		return 2
	case "thread.run.in_progress":
		return 3
	case "thread.run.requires_action":
		return 4
	case "thread.run.completed":
		return 5
	case "thread.run.incomplete":
		return 6
	case "thread.run.failed":
		return 7
	case "thread.run.cancelling":
		return 8
	case "thread.run.cancelled":
		return 9
	case "thread.run.expired":
		return 10
	case "thread.run.step.created":
		return 11
	case "thread.run.step.in_progress":
		return 12
	case "thread.run.step.delta":
		return 13
	case "thread.run.step.completed":
		return 14
	case "thread.run.step.failed":
		return 15
	case "thread.run.step.cancelled":
		return 16
	case "thread.run.step.expired":
		return 17
	case "thread.message.created":
		return 18
	case "thread.message.in_progress":
		return 19
	case "thread.message.delta":
		return 20
	case "thread.message.completed":
		return 21
	case "thread.message.incomplete":
		return 22
	case "error":
		return 23
	case "done":
		return 24
	}
	return -1
}
