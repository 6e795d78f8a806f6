package contract

import "fmt"

// The shapes of CONTRACT §3 and §4.1 as rules for CheckObject.

// objectRules maps each kind CheckObject knows to its rule; set in init
// because list items are checked through it.
var objectRules map[string]rule

func init() {
	objectRules = map[string]rule{
		ObjectRun:          runRule,
		ObjectRunStep:      stepRule,
		ObjectMessage:      messageRule,
		ObjectThread:       threadRule,
		KindAssistant:      assistantRule,
		ObjectRunStepDelta: stepDeltaRule,
		ObjectMessageDelta: messageDeltaRule,
		KindError:          object(req("error", errorObjectRule)),
		KindErrorObject:    errorObjectRule,
		ObjectList:         listRule,
	}
}

var runStatuses = []string{
	string(RunStatusQueued), string(RunStatusInProgress), string(RunStatusRequiresAction),
	string(RunStatusCancelling), string(RunStatusCancelled), string(RunStatusFailed),
	string(RunStatusCompleted), string(RunStatusIncomplete), string(RunStatusExpired),
}

var stepStatuses = []string{
	string(StepStatusInProgress), string(StepStatusCancelled), string(StepStatusFailed),
	string(StepStatusCompleted), string(StepStatusExpired),
}

var usageRule = object(
	req("completion_tokens", count),
	req("prompt_tokens", count),
	req("total_tokens", count),
)

var functionDefRule = object(
	req("name", str),
	optNull("description", str),
	optNull("parameters", anyObject),
	optNull("strict", boolean),
)

// toolRule is an AssistantTool (§2.1 tools).
var toolRule = union("type", map[string]rule{
	string(ToolTypeCodeInterpreter): object(req("type", str)),
	string(ToolTypeFileSearch): object(req("type", str), optNull("file_search", object(
		optNull("max_num_results", integer("an integer in 1..50", true)),
		optNull("ranking_options", object(
			req("score_threshold", between(0, 1)),
			optNull("ranker", enum("auto", "default_2024_08_21")),
		)),
	))),
	string(ToolTypeFunction): object(req("type", str), req("function", functionDefRule)),
})

var toolChoiceRule = stringOrObject(
	enum(ToolChoiceNone, ToolChoiceAuto, ToolChoiceRequired),
	object(
		req("type", enum(string(ToolTypeFunction), string(ToolTypeCodeInterpreter), string(ToolTypeFileSearch))),
		optNull("function", object(req("name", str))),
	),
)

var responseFormatRule = stringOrObject(
	constant(ResponseFormatAuto),
	object(
		req("type", enum("text", "json_object", "json_schema")),
		optNull("json_schema", object(req("name", str))),
	),
)

// runRule is a Run (§3.1).
var runRule = both(object(
	req("id", id("run_")),
	req("object", constant(ObjectRun)),
	req("created_at", timestamp),
	req("thread_id", id("thread_")),
	req("assistant_id", id("asst_")),
	req("status", enum(runStatuses...)),
	reqNull("required_action", object(
		req("type", constant("submit_tool_outputs")),
		req("submit_tool_outputs", object(
			req("tool_calls", array(object(
				req("id", id("call_")),
				req("type", constant(string(ToolTypeFunction))),
				req("function", object(req("name", str), req("arguments", str))),
			))),
		)),
	)),
	reqNull("last_error", object(
		req("code", enum("server_error", "rate_limit_exceeded", "invalid_prompt")),
		req("message", str),
	)),
	reqNull("expires_at", timestamp),
	reqNull("started_at", timestamp),
	reqNull("cancelled_at", timestamp),
	reqNull("failed_at", timestamp),
	reqNull("completed_at", timestamp),
	reqNull("incomplete_details", object(optNull("reason", enum("max_completion_tokens", "max_prompt_tokens")))),
	req("model", str),
	req("instructions", str),
	req("tools", array(toolRule)),
	reqNull("metadata", stringMap),
	reqNull("usage", usageRule),
	optNull("temperature", between(0, 2)),
	optNull("top_p", between(0, 1)),
	reqNull("max_prompt_tokens", count),
	reqNull("max_completion_tokens", count),
	reqNull("truncation_strategy", object(
		req("type", enum("auto", "last_messages")),
		optNull("last_messages", integer("an integer >= 1", true)),
	)),
	reqNull("tool_choice", toolChoiceRule),
	req("parallel_tool_calls", boolean),
	reqNull("response_format", responseFormatRule),
), runConsistency)

// runConsistency: required_action is set exactly in requires_action.
func runConsistency(c *shapeChecker, ptr string, v any) {
	m, ok := v.(map[string]any)
	if !ok {
		return
	}
	status, _ := m["status"].(string)
	ra, present := m["required_action"]
	if !present {
		return
	}
	switch {
	case status == string(RunStatusRequiresAction) && ra == nil:
		c.add(child(ptr, "required_action"), "an object while status is requires_action", nil, "required_action missing its action")
	case status != string(RunStatusRequiresAction) && status != "" && ra != nil:
		c.add(child(ptr, "required_action"), "null while status is "+status, ra, "required_action set outside requires_action")
	}
}

var codeOutputRule = union("type", map[string]rule{
	"logs":  object(req("type", str), req("logs", str)),
	"image": object(req("type", str), req("image", object(req("file_id", str)))),
})

// toolCallRule is a ToolCall of a tool_calls step (§3.2).
var toolCallRule = union("type", map[string]rule{
	string(ToolTypeCodeInterpreter): object(
		req("id", id("call_")), req("type", str),
		req("code_interpreter", object(req("input", str), req("outputs", array(codeOutputRule)))),
	),
	string(ToolTypeFileSearch): object(
		req("id", id("call_")), req("type", str),
		req("file_search", object(
			optNull("ranking_options", object(
				req("ranker", enum("auto", "default_2024_08_21")),
				req("score_threshold", between(0, 1)),
			)),
			optNull("results", array(object(
				req("file_id", str),
				req("file_name", str),
				req("score", between(0, 1)),
				optNull("content", array(object(req("type", constant("text")), req("text", str)))),
			))),
		)),
	),
	string(ToolTypeFunction): object(
		req("id", id("call_")), req("type", str),
		req("function", object(req("name", str), req("arguments", str), reqNull("output", str))),
	),
})

var stepDetailsRule = union("type", map[string]rule{
	string(StepTypeMessageCreation): object(req("type", str), req("message_creation", object(req("message_id", id("msg_"))))),
	string(StepTypeToolCalls):       object(req("type", str), req("tool_calls", array(toolCallRule))),
})

// stepRule is a RunStep (§3.2).
var stepRule = both(object(
	req("id", id("step_")),
	req("object", constant(ObjectRunStep)),
	req("created_at", timestamp),
	req("assistant_id", id("asst_")),
	req("thread_id", id("thread_")),
	req("run_id", id("run_")),
	req("type", enum(string(StepTypeMessageCreation), string(StepTypeToolCalls))),
	req("status", enum(stepStatuses...)),
	req("step_details", stepDetailsRule),
	reqNull("last_error", object(req("code", enum("server_error", "rate_limit_exceeded")), req("message", str))),
	reqNull("expired_at", timestamp),
	reqNull("cancelled_at", timestamp),
	reqNull("failed_at", timestamp),
	reqNull("completed_at", timestamp),
	reqNull("metadata", stringMap),
	reqNull("usage", usageRule),
), stepConsistency)

// stepConsistency: the step's type is its details' type.
func stepConsistency(c *shapeChecker, ptr string, v any) {
	m, ok := v.(map[string]any)
	if !ok {
		return
	}
	typ, ok1 := m["type"].(string)
	d, ok2 := m["step_details"].(map[string]any)
	if !ok1 || !ok2 {
		return
	}
	if dt, ok := d["type"].(string); ok && dt != typ {
		c.add(child(child(ptr, "step_details"), "type"), "the step's type "+typ, dt, "step_details.type differs from type")
	}
}

var imageFileRule = object(req("file_id", str), optNull("detail", enum("auto", "low", "high")))
var imageURLRule = object(req("url", str), optNull("detail", enum("auto", "low", "high")))

var annotationRule = union("type", map[string]rule{
	"file_citation": object(req("type", str), req("text", str), req("file_citation", object(req("file_id", str))), req("start_index", index), req("end_index", index)),
	"file_path":     object(req("type", str), req("text", str), req("file_path", object(req("file_id", str))), req("start_index", index), req("end_index", index)),
})

// contentRule is one block of a message's content (§3.4).
var contentRule = union("type", map[string]rule{
	"image_file": object(req("type", str), req("image_file", imageFileRule)),
	"image_url":  object(req("type", str), req("image_url", imageURLRule)),
	"text":       object(req("type", str), req("text", object(req("value", str), req("annotations", array(annotationRule))))),
	"refusal":    object(req("type", str), req("refusal", str)),
})

// messageRule is a Message (§3.4).
var messageRule = object(
	req("id", id("msg_")),
	req("object", constant(ObjectMessage)),
	req("created_at", timestamp),
	req("thread_id", id("thread_")),
	req("status", enum(string(MessageStatusInProgress), string(MessageStatusIncomplete), string(MessageStatusCompleted))),
	reqNull("incomplete_details", object(req("reason", enum("content_filter", "max_tokens", "run_cancelled", "run_expired", "run_failed")))),
	reqNull("completed_at", timestamp),
	reqNull("incomplete_at", timestamp),
	req("role", enum(string(RoleUser), string(RoleAssistant))),
	req("content", array(contentRule)),
	reqNull("assistant_id", id("asst_")),
	reqNull("run_id", id("run_")),
	reqNull("attachments", array(object(optNull("file_id", str), optNull("tools", array(anyObject))))),
	reqNull("metadata", stringMap),
)

var toolResourcesRule = object(
	optNull("code_interpreter", object(optNull("file_ids", array(str)))),
	optNull("file_search", object(optNull("vector_store_ids", array(str)))),
)

// threadRule is a Thread (§3.5).
var threadRule = object(
	req("id", id("thread_")),
	req("object", constant(ObjectThread)),
	req("created_at", timestamp),
	reqNull("tool_resources", toolResourcesRule),
	reqNull("metadata", stringMap),
)

// assistantRule is an Assistant, the set-up object runs name (spec
// AssistantObject's required keys).
var assistantRule = object(
	req("id", id("asst_")),
	req("object", constant(KindAssistant)),
	req("created_at", timestamp),
	reqNull("name", str),
	reqNull("description", str),
	req("model", str),
	reqNull("instructions", str),
	req("tools", array(toolRule)),
	reqNull("metadata", stringMap),
	optNull("tool_resources", toolResourcesRule),
	optNull("temperature", between(0, 2)),
	optNull("top_p", between(0, 1)),
	optNull("response_format", responseFormatRule),
)

var codeOutputDeltaRule = union("type", map[string]rule{
	"logs":  object(req("index", index), req("type", str), optNull("logs", str)),
	"image": object(req("index", index), req("type", str), optNull("image", object(optNull("file_id", str)))),
})

// toolCallDeltaRule is a ToolCallDelta (§3.3).
var toolCallDeltaRule = union("type", map[string]rule{
	string(ToolTypeCodeInterpreter): object(req("index", index), req("type", str), optNull("id", id("call_")),
		optNull("code_interpreter", object(optNull("input", str), optNull("outputs", array(codeOutputDeltaRule))))),
	string(ToolTypeFileSearch): object(req("index", index), req("type", str), optNull("id", id("call_")),
		req("file_search", anyObject)),
	string(ToolTypeFunction): object(req("index", index), req("type", str), optNull("id", id("call_")),
		optNull("function", object(optNull("name", str), optNull("arguments", str), optNull("output", str)))),
})

// stepDeltaRule is a RunStepDeltaEvent (§3.3).
var stepDeltaRule = object(
	req("id", id("step_")),
	req("object", constant(ObjectRunStepDelta)),
	req("delta", object(optNull("step_details", union("type", map[string]rule{
		string(StepTypeMessageCreation): object(req("type", str), optNull("message_creation", object(optNull("message_id", id("msg_"))))),
		string(StepTypeToolCalls):       object(req("type", str), optNull("tool_calls", array(toolCallDeltaRule))),
	})))),
)

var annotationDeltaRule = union("type", map[string]rule{
	"file_citation": object(req("index", index), req("type", str), optNull("text", str), optNull("start_index", index), optNull("end_index", index)),
	"file_path":     object(req("index", index), req("type", str), optNull("text", str), optNull("start_index", index), optNull("end_index", index)),
})

// contentDeltaRule is one content block of a message delta (§3.3).
var contentDeltaRule = union("type", map[string]rule{
	"image_file": object(req("index", index), req("type", str), optNull("image_file", object(optNull("file_id", str), optNull("detail", enum("auto", "low", "high"))))),
	"image_url":  object(req("index", index), req("type", str), optNull("image_url", object(optNull("url", str), optNull("detail", enum("auto", "low", "high"))))),
	"text":       object(req("index", index), req("type", str), optNull("text", object(optNull("value", str), optNull("annotations", array(annotationDeltaRule))))),
	"refusal":    object(req("index", index), req("type", str), optNull("refusal", str)),
})

// messageDeltaRule is a MessageDeltaEvent (§3.3).
var messageDeltaRule = object(
	req("id", id("msg_")),
	req("object", constant(ObjectMessageDelta)),
	req("delta", object(
		optNull("role", enum(string(RoleUser), string(RoleAssistant))),
		optNull("content", array(contentDeltaRule)),
	)),
)

// errorObjectRule is an ErrorObject (§3.6, §9).
var errorObjectRule = object(
	reqNull("code", str),
	req("message", str),
	reqNull("param", str),
	req("type", str),
)

// listRule is a list envelope (§3.7); each item is checked by the rule of
// its own "object" field, and first_id/last_id must name the first and
// last items (null is accepted on an empty list).
func listRule(c *shapeChecker, ptr string, v any) {
	object(
		req("object", constant(ObjectList)),
		req("data", array(listItem)),
		reqNull("first_id", str),
		reqNull("last_id", str),
		req("has_more", boolean),
	)(c, ptr, v)
	m, ok := v.(map[string]any)
	if !ok {
		return
	}
	data, ok := m["data"].([]any)
	if !ok {
		return
	}
	ends := []struct {
		key string
		at  int
	}{{"first_id", 0}, {"last_id", len(data) - 1}}
	for _, e := range ends {
		got, present := m[e.key]
		if !present {
			continue
		}
		if len(data) == 0 {
			continue
		}
		item, _ := data[e.at].(map[string]any)
		want, _ := item["id"].(string)
		if s, ok := got.(string); !ok || s != want {
			c.add(child(ptr, e.key), fmt.Sprintf("the id of data item %d %q", e.at, want), got, e.key+" differs from the data")
		}
	}
}

// listItem checks one list item by its "object" field.
func listItem(c *shapeChecker, ptr string, v any) {
	m, ok := v.(map[string]any)
	if !ok {
		c.add(ptr, "object", v, "wrong type")
		return
	}
	kind, _ := m["object"].(string)
	r, known := objectRules[kind]
	if !known || kind == ObjectList || kind == KindError || kind == KindErrorObject {
		c.add(child(ptr, "object"), "the object type of a list item", m["object"], "unknown list item")
		return
	}
	r(c, ptr, v)
}
