package contract

import "maps"

// RequestBody names the JSON body of one kind of request, for
// CheckRequestBody.
type RequestBody uint8

// The request bodies with a schema, after the OpenAPI spec's request
// schemas (named in brackets).
const (
	BodyCreateRun          RequestBody = iota + 1 // POST /threads/{thread_id}/runs [CreateRunRequest]
	BodyModifyRun                                 // POST .../runs/{run_id} [ModifyRunRequest]
	BodySubmitToolOutputs                         // POST .../submit_tool_outputs [SubmitToolOutputsRunRequest]
	BodyCreateThread                              // POST /threads [CreateThreadRequest]
	BodyCreateMessage                             // POST /threads/{thread_id}/messages [CreateMessageRequest]
	BodyCreateThreadAndRun                        // POST /threads/runs [CreateThreadAndRunRequest]
	BodyCreateAssistant                           // POST /assistants [CreateAssistantRequest]
	BodyModifyAssistant                           // POST /assistants/{assistant_id} [ModifyAssistantRequest]
	BodyModifyThread                              // POST /threads/{thread_id} [ModifyThreadRequest]
	BodyModifyMessage                             // POST .../messages/{message_id} [ModifyMessageRequest]
)

// requestSchemas are the schemas of the request bodies. Bounds that the
// params types' Validate methods check are left to them, so their errors
// name the same parameters.
var requestSchemas = map[RequestBody]*schema{
	BodyCreateRun:          runCreateSchema,
	BodyModifyRun:          metadataOnlySchema,
	BodySubmitToolOutputs:  submitToolOutputsSchema,
	BodyCreateThread:       threadCreateSchema,
	BodyCreateMessage:      messageSchema,
	BodyCreateThreadAndRun: threadAndRunSchema,
	BodyCreateAssistant:    assistantCreateSchema,
	BodyModifyAssistant:    assistantModifySchema,
	BodyModifyThread:       threadModifySchema,
	BodyModifyMessage:      metadataOnlySchema,
}

// Constructors keep the schema tables readable.
func sString(enum ...string) *schema { return &schema{kind: kindString, enum: enum} }
func sNumber() *schema               { return &schema{kind: kindNumber} }
func sInteger() *schema              { return &schema{kind: kindInteger} }
func sBool() *schema                 { return &schema{kind: kindBool} }
func sStringMap() *schema            { return &schema{kind: kindStringMap} }
func sAnyObject() *schema            { return &schema{kind: kindObject, open: true} }
func sArray(elem *schema) *schema    { return &schema{kind: kindArray, elem: elem} }
func sOneOf(alts ...*schema) *schema { return &schema{oneOf: alts} }

func sObject(props map[string]*schema, required ...string) *schema {
	return &schema{kind: kindObject, props: props, required: required}
}

// null returns a copy of s that also accepts null.
func (s *schema) null() *schema {
	c := *s
	c.nullable = true
	return &c
}

// items returns a copy of s, an array schema, with length bounds; max 0
// means no limit.
func (s *schema) items(min, max int) *schema {
	c := *s
	c.minItems, c.maxItems = min, max
	return &c
}

// with returns a new map holding a's and b's entries.
func with(a, b map[string]*schema) map[string]*schema {
	m := maps.Clone(a)
	maps.Copy(m, b)
	return m
}

var reasoningEffortSchema = sString("none", "minimal", "low", "medium", "high", "xhigh", "max").null()

var (
	toolSchema = sObject(map[string]*schema{
		"type": sString("code_interpreter", "file_search", "function"),
		"file_search": sObject(map[string]*schema{
			"max_num_results": sInteger(),
			"ranking_options": sObject(map[string]*schema{
				"ranker":          sString("auto", "default_2024_08_21"),
				"score_threshold": sNumber(),
			}, "score_threshold"),
		}),
		"function": sObject(map[string]*schema{
			"name":        sString(),
			"description": sString(),
			"parameters":  sAnyObject(),
			"strict":      sBool().null(),
		}, "name"),
	}, "type")

	toolChoiceSchema = sOneOf(
		sString("none", "auto", "required"),
		sObject(map[string]*schema{
			"type":     sString("function", "code_interpreter", "file_search"),
			"function": sObject(map[string]*schema{"name": sString()}, "name"),
		}, "type"),
	).null()

	responseFormatSchema = sOneOf(
		sString("auto"),
		sObject(map[string]*schema{
			"type": sString("text", "json_object", "json_schema"),
			"json_schema": sObject(map[string]*schema{
				"name":        sString(),
				"description": sString(),
				"schema":      sAnyObject(),
				"strict":      sBool().null(),
			}, "name"),
		}, "type"),
	).null()

	detailSchema = sString("auto", "low", "high")

	contentPartSchema = sObject(map[string]*schema{
		"type":       sString("text", "image_file", "image_url"),
		"text":       sString(),
		"image_file": sObject(map[string]*schema{"file_id": sString(), "detail": detailSchema}, "file_id"),
		"image_url":  sObject(map[string]*schema{"url": sString(), "detail": detailSchema}, "url"),
	}, "type")

	messageSchema = sObject(map[string]*schema{
		"role":    sString("user", "assistant"),
		"content": sOneOf(sString(), sArray(contentPartSchema).items(1, 0)),
		"attachments": sArray(sObject(map[string]*schema{
			"file_id": sString(),
			"tools":   sArray(sObject(map[string]*schema{"type": sString("code_interpreter", "file_search")}, "type")),
		})).null(),
		"metadata": sStringMap().null(),
	}, "role", "content")

	toolResourcesSchema = sObject(map[string]*schema{
		"code_interpreter": sObject(map[string]*schema{
			"file_ids": sArray(sString()).items(0, 20),
		}),
		"file_search": sObject(map[string]*schema{
			"vector_store_ids": sArray(sString()).items(0, 1),
			"vector_stores":    sArray(sAnyObject()).items(0, 1),
		}),
	}).null()

	// modifyToolResourcesSchema is the tool_resources of a modify request:
	// ids only, no vector stores to create.
	modifyToolResourcesSchema = sObject(map[string]*schema{
		"code_interpreter": sObject(map[string]*schema{
			"file_ids": sArray(sString()).items(0, 20),
		}),
		"file_search": sObject(map[string]*schema{
			"vector_store_ids": sArray(sString()).items(0, 1),
		}),
	}).null()

	// runProps are the body keys shared by creating a run and creating a
	// thread and a run.
	runProps = map[string]*schema{
		"assistant_id":          sString(),
		"instructions":          sString().null(),
		"max_completion_tokens": sInteger().null(),
		"max_prompt_tokens":     sInteger().null(),
		"metadata":              sStringMap().null(),
		"model":                 sString().null(),
		"parallel_tool_calls":   sBool(),
		"reasoning_effort":      reasoningEffortSchema,
		"response_format":       responseFormatSchema,
		"stream":                sBool().null(),
		"temperature":           sNumber().null(),
		"tool_choice":           toolChoiceSchema,
		"tools":                 sArray(toolSchema).null(),
		"top_p":                 sNumber().null(),
		"truncation_strategy": sObject(map[string]*schema{
			"type":          sString("auto", "last_messages"),
			"last_messages": sInteger().null(),
		}, "type").null(),
	}

	runCreateSchema = sObject(with(runProps, map[string]*schema{
		"additional_instructions": sString().null(),
		"additional_messages":     sArray(messageSchema).null(),
	}), "assistant_id")

	// metadataOnlySchema is ModifyRunRequest and ModifyMessageRequest.
	metadataOnlySchema = sObject(map[string]*schema{
		"metadata": sStringMap().null(),
	})

	submitToolOutputsSchema = sObject(map[string]*schema{
		"tool_outputs": sArray(sObject(map[string]*schema{
			"output":       sString(),
			"tool_call_id": sString(),
		})),
		"stream": sBool().null(),
	}, "tool_outputs")

	threadProps = map[string]*schema{
		"messages":       sArray(messageSchema).null(),
		"metadata":       sStringMap().null(),
		"tool_resources": toolResourcesSchema,
	}

	threadCreateSchema = sObject(threadProps)

	threadAndRunSchema = sObject(with(runProps, map[string]*schema{
		"thread":         sObject(threadProps).null(),
		"tool_resources": toolResourcesSchema,
	}), "assistant_id")

	assistantProps = map[string]*schema{
		"model":            sString(),
		"name":             sString().null(),
		"description":      sString().null(),
		"instructions":     sString().null(),
		"tools":            sArray(toolSchema),
		"tool_resources":   toolResourcesSchema,
		"metadata":         sStringMap().null(),
		"temperature":      sNumber().null(),
		"top_p":            sNumber().null(),
		"response_format":  responseFormatSchema,
		"reasoning_effort": reasoningEffortSchema,
	}

	assistantCreateSchema = sObject(assistantProps, "model")

	assistantModifySchema = sObject(with(assistantProps, map[string]*schema{
		"tools":          sArray(toolSchema).items(0, 128),
		"tool_resources": modifyToolResourcesSchema,
	}))

	threadModifySchema = sObject(map[string]*schema{
		"metadata":       sStringMap().null(),
		"tool_resources": modifyToolResourcesSchema,
	})
)
