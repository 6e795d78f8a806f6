package contract

import (
	jr "github.com/runsuite/runsuite/contract/internal/jsonread"
	jw "github.com/runsuite/runsuite/contract/internal/jsonwrite"
)

func readRun(r *jr.Reader, v *Run) {
	for obj := objectStart(r); obj.Next(); {
		switch obj.Key() {
		case "id":
			v.ID = r.Str()
		case "object":
			v.Object = r.Str()
		case "created_at":
			v.CreatedAt = r.Int()
		case "thread_id":
			v.ThreadID = r.Str()
		case "assistant_id":
			v.AssistantID = r.Str()
		case "status":
			v.Status = RunStatus(r.Str())
		case "required_action":
			v.RequiredAction = jr.Ptr(r, readRequiredAction)
		case "last_error":
			v.LastError = jr.Ptr(r, readLastError)
		case "expires_at":
			v.ExpiresAt = r.NullableInt()
		case "started_at":
			v.StartedAt = r.NullableInt()
		case "cancelled_at":
			v.CancelledAt = r.NullableInt()
		case "failed_at":
			v.FailedAt = r.NullableInt()
		case "completed_at":
			v.CompletedAt = r.NullableInt()
		case "incomplete_details":
			v.IncompleteDetails = jr.Ptr(r, readIncompleteDetails)
		case "model":
			v.Model = r.Str()
		case "instructions":
			v.Instructions = r.Str()
		case "tools":
			v.Tools = jr.Slice(r, readTool)
		case "tool_resources":
			v.ToolResources = jr.Ptr(r, readToolResources)
		case "metadata":
			v.Metadata = r.StringMap()
		case "usage":
			v.Usage = jr.Ptr(r, readUsage)
		case "temperature":
			v.Temperature = r.NullableFloat()
		case "top_p":
			v.TopP = r.NullableFloat()
		case "reasoning_effort":
			v.ReasoningEffort = (*ReasoningEffort)(r.NullableString())
		case "max_prompt_tokens":
			v.MaxPromptTokens = r.NullableInt()
		case "max_completion_tokens":
			v.MaxCompletionTokens = r.NullableInt()
		case "truncation_strategy":
			v.TruncationStrategy = jr.Ptr(r, readTruncationStrategy)
		case "tool_choice":
			v.ToolChoice = jr.Ptr(r, readToolChoice)
		case "parallel_tool_calls":
			v.ParallelToolCalls = r.Bool()
		case "response_format":
			v.ResponseFormat = jr.Ptr(r, readResponseFormat)
		default:
			r.Skip()
		}
	}
}

func readRequiredAction(r *jr.Reader, v *RequiredAction) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "type":
			v.Type = r.Str()
		case "submit_tool_outputs":
			for obj := r.Object(); obj.Next(); {
				if obj.Key() == "tool_calls" {
					v.SubmitToolOutputs.ToolCalls = jr.Slice(r, readRequiredToolCall)
				} else {
					r.Skip()
				}
			}
		default:
			r.Skip()
		}
	}
}

func readRequiredToolCall(r *jr.Reader, v *RequiredToolCall) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "id":
			v.ID = r.Str()
		case "type":
			v.Type = ToolType(r.Str())
		case "function":
			for obj := r.Object(); obj.Next(); {
				switch obj.Key() {
				case "name":
					v.Function.Name = r.Str()
				case "arguments":
					v.Function.Arguments = r.Str()
				default:
					r.Skip()
				}
			}
		default:
			r.Skip()
		}
	}
}

func readLastError(r *jr.Reader, v *LastError) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "code":
			v.Code = r.Str()
		case "message":
			v.Message = r.Str()
		default:
			r.Skip()
		}
	}
}

func readIncompleteDetails(r *jr.Reader, v *IncompleteDetails) {
	v.Reason = jr.OneString(r, "reason")
}

func readUsage(r *jr.Reader, v *Usage) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "completion_tokens":
			v.CompletionTokens = r.Int()
		case "prompt_tokens":
			v.PromptTokens = r.Int()
		case "total_tokens":
			v.TotalTokens = r.Int()
		default:
			r.Skip()
		}
	}
}

func readTruncationStrategy(r *jr.Reader, v *TruncationStrategy) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "type":
			v.Type = r.Str()
		case "last_messages":
			v.LastMessages = r.NullableInt()
		default:
			r.Skip()
		}
	}
}

// AppendRun appends r as JSON, field for field what json.Marshal writes.
func AppendRun(dst []byte, r *Run) []byte {
	dst = jw.Key(append(dst, '{'), "id", true)
	dst = jw.String(dst, r.ID)
	dst = jw.Key(dst, "object", false)
	dst = jw.String(dst, r.Object)
	dst = jw.Key(dst, "created_at", false)
	dst = jw.Int(dst, r.CreatedAt)
	dst = jw.Key(dst, "thread_id", false)
	dst = jw.String(dst, r.ThreadID)
	dst = jw.Key(dst, "assistant_id", false)
	dst = jw.String(dst, r.AssistantID)
	dst = jw.Key(dst, "status", false)
	dst = jw.String(dst, string(r.Status))
	dst = jw.Key(dst, "required_action", false)
	dst = appendRequiredAction(dst, r.RequiredAction)
	dst = jw.Key(dst, "last_error", false)
	dst = appendLastError(dst, r.LastError)
	dst = jw.Key(dst, "expires_at", false)
	dst = jw.IntPtr(dst, r.ExpiresAt)
	dst = jw.Key(dst, "started_at", false)
	dst = jw.IntPtr(dst, r.StartedAt)
	dst = jw.Key(dst, "cancelled_at", false)
	dst = jw.IntPtr(dst, r.CancelledAt)
	dst = jw.Key(dst, "failed_at", false)
	dst = jw.IntPtr(dst, r.FailedAt)
	dst = jw.Key(dst, "completed_at", false)
	dst = jw.IntPtr(dst, r.CompletedAt)
	dst = jw.Key(dst, "incomplete_details", false)
	if d := r.IncompleteDetails; d == nil {
		dst = append(dst, "null"...)
	} else {
		dst = append(dst, '{')
		if d.Reason != "" {
			dst = jw.Key(dst, "reason", true)
			dst = jw.String(dst, d.Reason)
		}
		dst = append(dst, '}')
	}
	dst = jw.Key(dst, "model", false)
	dst = jw.String(dst, r.Model)
	dst = jw.Key(dst, "instructions", false)
	dst = jw.String(dst, r.Instructions)
	dst = jw.Key(dst, "tools", false)
	dst = appendTools(dst, r.Tools)
	if r.ToolResources != nil {
		dst = jw.Key(dst, "tool_resources", false)
		dst = appendToolResources(dst, r.ToolResources)
	}
	dst = jw.Key(dst, "metadata", false)
	dst = jw.StringMap(dst, r.Metadata)
	dst = jw.Key(dst, "usage", false)
	dst = appendUsage(dst, r.Usage)
	if r.Temperature != nil {
		dst = jw.Key(dst, "temperature", false)
		dst = jw.Float(dst, *r.Temperature)
	}
	if r.TopP != nil {
		dst = jw.Key(dst, "top_p", false)
		dst = jw.Float(dst, *r.TopP)
	}
	if r.ReasoningEffort != nil {
		dst = jw.Key(dst, "reasoning_effort", false)
		dst = jw.String(dst, string(*r.ReasoningEffort))
	}
	dst = jw.Key(dst, "max_prompt_tokens", false)
	dst = jw.IntPtr(dst, r.MaxPromptTokens)
	dst = jw.Key(dst, "max_completion_tokens", false)
	dst = jw.IntPtr(dst, r.MaxCompletionTokens)
	dst = jw.Key(dst, "truncation_strategy", false)
	if ts := r.TruncationStrategy; ts == nil {
		dst = append(dst, "null"...)
	} else {
		dst = jw.Key(append(dst, '{'), "type", true)
		dst = jw.String(dst, ts.Type)
		dst = jw.Key(dst, "last_messages", false)
		dst = jw.IntPtr(dst, ts.LastMessages)
		dst = append(dst, '}')
	}
	dst = jw.Key(dst, "tool_choice", false)
	dst = appendToolChoice(dst, r.ToolChoice)
	dst = jw.Key(dst, "parallel_tool_calls", false)
	dst = jw.Bool(dst, r.ParallelToolCalls)
	dst = jw.Key(dst, "response_format", false)
	dst = appendResponseFormat(dst, r.ResponseFormat)
	return append(dst, '}')
}

func appendRequiredAction(dst []byte, a *RequiredAction) []byte {
	if a == nil {
		return append(dst, "null"...)
	}
	dst = jw.Key(append(dst, '{'), "type", true)
	dst = jw.String(dst, a.Type)
	dst = jw.Key(dst, "submit_tool_outputs", false)
	dst = jw.Key(append(dst, '{'), "tool_calls", true)
	if a.SubmitToolOutputs.ToolCalls == nil {
		dst = append(dst, "null"...)
	} else {
		dst = append(dst, '[')
		for i := range a.SubmitToolOutputs.ToolCalls {
			c := &a.SubmitToolOutputs.ToolCalls[i]
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = jw.Key(append(dst, '{'), "id", true)
			dst = jw.String(dst, c.ID)
			dst = jw.Key(dst, "type", false)
			dst = jw.String(dst, string(c.Type))
			dst = jw.Key(dst, "function", false)
			dst = jw.Key(append(dst, '{'), "name", true)
			dst = jw.String(dst, c.Function.Name)
			dst = jw.Key(dst, "arguments", false)
			dst = jw.String(dst, c.Function.Arguments)
			dst = append(dst, '}', '}')
		}
		dst = append(dst, ']')
	}
	return append(dst, '}', '}')
}

func appendLastError(dst []byte, e *LastError) []byte {
	if e == nil {
		return append(dst, "null"...)
	}
	dst = jw.Key(append(dst, '{'), "code", true)
	dst = jw.String(dst, e.Code)
	dst = jw.Key(dst, "message", false)
	dst = jw.String(dst, e.Message)
	return append(dst, '}')
}

func appendUsage(dst []byte, u *Usage) []byte {
	if u == nil {
		return append(dst, "null"...)
	}
	dst = jw.Key(append(dst, '{'), "completion_tokens", true)
	dst = jw.Int(dst, u.CompletionTokens)
	dst = jw.Key(dst, "prompt_tokens", false)
	dst = jw.Int(dst, u.PromptTokens)
	dst = jw.Key(dst, "total_tokens", false)
	dst = jw.Int(dst, u.TotalTokens)
	return append(dst, '}')
}
