package emulator

// The request schemas of the endpoints that change or delete set-up
// objects, after the OpenAPI spec (ModifyAssistantRequest,
// ModifyThreadRequest, ModifyMessageRequest). None has a required key.

var (
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

	assistantModifySchema = sObject(map[string]*schema{
		"model":            sString(),
		"name":             sString().null(),
		"description":      sString().null(),
		"instructions":     sString().null(),
		"tools":            sArray(toolSchema).items(0, 128),
		"tool_resources":   modifyToolResourcesSchema,
		"metadata":         sStringMap().null(),
		"temperature":      sNumber().null(),
		"top_p":            sNumber().null(),
		"response_format":  responseFormatSchema,
		"reasoning_effort": sString("none", "minimal", "low", "medium", "high", "xhigh", "max").null(),
	})

	threadModifySchema = sObject(map[string]*schema{
		"metadata":       sStringMap().null(),
		"tool_resources": modifyToolResourcesSchema,
	})

	messageModifySchema = sObject(map[string]*schema{
		"metadata": sStringMap().null(),
	})
)
