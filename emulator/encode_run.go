package emulator

import "github.com/runsuite/runsuite/contract"

// appendRun appends r as JSON, field for field what json.Marshal writes.
func appendRun(dst []byte, r *contract.Run) []byte {
	dst = appendKey(append(dst, '{'), "id", true)
	dst = appendString(dst, r.ID)
	dst = appendKey(dst, "object", false)
	dst = appendString(dst, r.Object)
	dst = appendKey(dst, "created_at", false)
	dst = appendInt(dst, r.CreatedAt)
	dst = appendKey(dst, "thread_id", false)
	dst = appendString(dst, r.ThreadID)
	dst = appendKey(dst, "assistant_id", false)
	dst = appendString(dst, r.AssistantID)
	dst = appendKey(dst, "status", false)
	dst = appendString(dst, string(r.Status))
	dst = appendKey(dst, "required_action", false)
	dst = appendRequiredAction(dst, r.RequiredAction)
	dst = appendKey(dst, "last_error", false)
	dst = appendLastError(dst, r.LastError)
	dst = appendKey(dst, "expires_at", false)
	dst = appendIntPtr(dst, r.ExpiresAt)
	dst = appendKey(dst, "started_at", false)
	dst = appendIntPtr(dst, r.StartedAt)
	dst = appendKey(dst, "cancelled_at", false)
	dst = appendIntPtr(dst, r.CancelledAt)
	dst = appendKey(dst, "failed_at", false)
	dst = appendIntPtr(dst, r.FailedAt)
	dst = appendKey(dst, "completed_at", false)
	dst = appendIntPtr(dst, r.CompletedAt)
	dst = appendKey(dst, "incomplete_details", false)
	if d := r.IncompleteDetails; d == nil {
		dst = append(dst, "null"...)
	} else {
		dst = append(dst, '{')
		if d.Reason != "" {
			dst = appendKey(dst, "reason", true)
			dst = appendString(dst, d.Reason)
		}
		dst = append(dst, '}')
	}
	dst = appendKey(dst, "model", false)
	dst = appendString(dst, r.Model)
	dst = appendKey(dst, "instructions", false)
	dst = appendString(dst, r.Instructions)
	dst = appendKey(dst, "tools", false)
	dst = appendTools(dst, r.Tools)
	if r.ToolResources != nil {
		dst = appendKey(dst, "tool_resources", false)
		dst = appendToolResources(dst, r.ToolResources)
	}
	dst = appendKey(dst, "metadata", false)
	dst = appendStringMap(dst, r.Metadata)
	dst = appendKey(dst, "usage", false)
	dst = appendUsage(dst, r.Usage)
	if r.Temperature != nil {
		dst = appendKey(dst, "temperature", false)
		dst = appendFloat(dst, *r.Temperature)
	}
	if r.TopP != nil {
		dst = appendKey(dst, "top_p", false)
		dst = appendFloat(dst, *r.TopP)
	}
	if r.ReasoningEffort != nil {
		dst = appendKey(dst, "reasoning_effort", false)
		dst = appendString(dst, string(*r.ReasoningEffort))
	}
	dst = appendKey(dst, "max_prompt_tokens", false)
	dst = appendIntPtr(dst, r.MaxPromptTokens)
	dst = appendKey(dst, "max_completion_tokens", false)
	dst = appendIntPtr(dst, r.MaxCompletionTokens)
	dst = appendKey(dst, "truncation_strategy", false)
	if ts := r.TruncationStrategy; ts == nil {
		dst = append(dst, "null"...)
	} else {
		dst = appendKey(append(dst, '{'), "type", true)
		dst = appendString(dst, ts.Type)
		dst = appendKey(dst, "last_messages", false)
		dst = appendIntPtr(dst, ts.LastMessages)
		dst = append(dst, '}')
	}
	dst = appendKey(dst, "tool_choice", false)
	dst = appendToolChoice(dst, r.ToolChoice)
	dst = appendKey(dst, "parallel_tool_calls", false)
	dst = appendBool(dst, r.ParallelToolCalls)
	dst = appendKey(dst, "response_format", false)
	dst = appendResponseFormat(dst, r.ResponseFormat)
	return append(dst, '}')
}

func appendRequiredAction(dst []byte, a *contract.RequiredAction) []byte {
	if a == nil {
		return append(dst, "null"...)
	}
	dst = appendKey(append(dst, '{'), "type", true)
	dst = appendString(dst, a.Type)
	dst = appendKey(dst, "submit_tool_outputs", false)
	dst = appendKey(append(dst, '{'), "tool_calls", true)
	if a.SubmitToolOutputs.ToolCalls == nil {
		dst = append(dst, "null"...)
	} else {
		dst = append(dst, '[')
		for i := range a.SubmitToolOutputs.ToolCalls {
			c := &a.SubmitToolOutputs.ToolCalls[i]
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendKey(append(dst, '{'), "id", true)
			dst = appendString(dst, c.ID)
			dst = appendKey(dst, "type", false)
			dst = appendString(dst, string(c.Type))
			dst = appendKey(dst, "function", false)
			dst = appendKey(append(dst, '{'), "name", true)
			dst = appendString(dst, c.Function.Name)
			dst = appendKey(dst, "arguments", false)
			dst = appendString(dst, c.Function.Arguments)
			dst = append(dst, '}', '}')
		}
		dst = append(dst, ']')
	}
	return append(dst, '}', '}')
}

func appendLastError(dst []byte, e *contract.LastError) []byte {
	if e == nil {
		return append(dst, "null"...)
	}
	dst = appendKey(append(dst, '{'), "code", true)
	dst = appendString(dst, e.Code)
	dst = appendKey(dst, "message", false)
	dst = appendString(dst, e.Message)
	return append(dst, '}')
}

func appendUsage(dst []byte, u *contract.Usage) []byte {
	if u == nil {
		return append(dst, "null"...)
	}
	dst = appendKey(append(dst, '{'), "completion_tokens", true)
	dst = appendInt(dst, u.CompletionTokens)
	dst = appendKey(dst, "prompt_tokens", false)
	dst = appendInt(dst, u.PromptTokens)
	dst = appendKey(dst, "total_tokens", false)
	dst = appendInt(dst, u.TotalTokens)
	return append(dst, '}')
}

func appendTools(dst []byte, tools []contract.Tool) []byte {
	if tools == nil {
		return append(dst, "null"...)
	}
	dst = append(dst, '[')
	for i := range tools {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendTool(dst, &tools[i])
	}
	return append(dst, ']')
}

func appendTool(dst []byte, t *contract.Tool) []byte {
	dst = appendKey(append(dst, '{'), "type", true)
	dst = appendString(dst, string(t.Type))
	if fs := t.FileSearch; fs != nil {
		dst = appendKey(dst, "file_search", false)
		dst = append(dst, '{')
		first := true
		if fs.MaxNumResults != nil {
			dst = appendKey(dst, "max_num_results", first)
			dst = appendInt(dst, *fs.MaxNumResults)
			first = false
		}
		if fs.RankingOptions != nil {
			dst = appendKey(dst, "ranking_options", first)
			dst = appendRankingOptions(dst, fs.RankingOptions)
		}
		dst = append(dst, '}')
	}
	if f := t.Function; f != nil {
		dst = appendKey(dst, "function", false)
		dst = appendKey(append(dst, '{'), "name", true)
		dst = appendString(dst, f.Name)
		if f.Description != "" {
			dst = appendKey(dst, "description", false)
			dst = appendString(dst, f.Description)
		}
		if len(f.Parameters) > 0 {
			dst = appendKey(dst, "parameters", false)
			dst = appendRaw(dst, f.Parameters)
		}
		if f.Strict != nil {
			dst = appendKey(dst, "strict", false)
			dst = appendBool(dst, *f.Strict)
		}
		dst = append(dst, '}')
	}
	return append(dst, '}')
}

func appendRankingOptions(dst []byte, ro *contract.FileSearchRankingOptions) []byte {
	dst = append(dst, '{')
	first := true
	if ro.Ranker != "" {
		dst = appendKey(dst, "ranker", true)
		dst = appendString(dst, ro.Ranker)
		first = false
	}
	dst = appendKey(dst, "score_threshold", first)
	dst = appendFloat(dst, ro.ScoreThreshold)
	return append(dst, '}')
}

func appendToolResources(dst []byte, tr *contract.ToolResources) []byte {
	if tr == nil {
		return append(dst, "null"...)
	}
	dst = append(dst, '{')
	first := true
	if ci := tr.CodeInterpreter; ci != nil {
		dst = appendKey(dst, "code_interpreter", true)
		dst = append(dst, '{')
		if ci.FileIDs != nil {
			dst = appendKey(dst, "file_ids", true)
			dst = appendStrings(dst, ci.FileIDs)
		}
		dst = append(dst, '}')
		first = false
	}
	if fs := tr.FileSearch; fs != nil {
		dst = appendKey(dst, "file_search", first)
		dst = append(dst, '{')
		if fs.VectorStoreIDs != nil {
			dst = appendKey(dst, "vector_store_ids", true)
			dst = appendStrings(dst, fs.VectorStoreIDs)
		}
		dst = append(dst, '}')
	}
	return append(dst, '}')
}

// appendToolChoice follows contract.ToolChoice.MarshalJSON: a mode as a
// string, a tool as an object.
func appendToolChoice(dst []byte, c *contract.ToolChoice) []byte {
	if c == nil || c.IsZero() {
		return append(dst, "null"...)
	}
	if c.IsMode() {
		return appendString(dst, c.Type)
	}
	dst = appendKey(append(dst, '{'), "type", true)
	dst = appendString(dst, c.Type)
	if c.Function != nil {
		dst = appendKey(dst, "function", false)
		dst = appendKey(append(dst, '{'), "name", true)
		dst = appendString(dst, c.Function.Name)
		dst = append(dst, '}')
	}
	return append(dst, '}')
}

// appendResponseFormat follows contract.ResponseFormat.MarshalJSON: "auto"
// as a string, the other formats as objects.
func appendResponseFormat(dst []byte, f *contract.ResponseFormat) []byte {
	if f == nil {
		return append(dst, "null"...)
	}
	if f.Type == contract.ResponseFormatAuto {
		return appendString(dst, f.Type)
	}
	dst = appendKey(append(dst, '{'), "type", true)
	dst = appendString(dst, f.Type)
	if s := f.JSONSchema; s != nil {
		dst = appendKey(dst, "json_schema", false)
		dst = appendKey(append(dst, '{'), "name", true)
		dst = appendString(dst, s.Name)
		if s.Description != "" {
			dst = appendKey(dst, "description", false)
			dst = appendString(dst, s.Description)
		}
		if len(s.Schema) > 0 {
			dst = appendKey(dst, "schema", false)
			dst = appendRaw(dst, s.Schema)
		}
		if s.Strict != nil {
			dst = appendKey(dst, "strict", false)
			dst = appendBool(dst, *s.Strict)
		}
		dst = append(dst, '}')
	}
	return append(dst, '}')
}

// appendThread appends t as JSON.
func appendThread(dst []byte, t *contract.Thread) []byte {
	dst = appendKey(append(dst, '{'), "id", true)
	dst = appendString(dst, t.ID)
	dst = appendKey(dst, "object", false)
	dst = appendString(dst, t.Object)
	dst = appendKey(dst, "created_at", false)
	dst = appendInt(dst, t.CreatedAt)
	dst = appendKey(dst, "tool_resources", false)
	dst = appendToolResources(dst, t.ToolResources)
	dst = appendKey(dst, "metadata", false)
	dst = appendStringMap(dst, t.Metadata)
	return append(dst, '}')
}

// appendErrorObject appends e as JSON: the data of an error event and the
// inside of an error envelope.
func appendErrorObject(dst []byte, e *contract.ErrorObject) []byte {
	dst = appendKey(append(dst, '{'), "code", true)
	dst = appendStringPtr(dst, e.Code)
	dst = appendKey(dst, "message", false)
	dst = appendString(dst, e.Message)
	dst = appendKey(dst, "param", false)
	dst = appendStringPtr(dst, e.Param)
	dst = appendKey(dst, "type", false)
	dst = appendString(dst, e.Type)
	return append(dst, '}')
}
