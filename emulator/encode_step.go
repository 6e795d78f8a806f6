package emulator

import "github.com/runsuite/runsuite/contract"

// appendStep appends s as JSON, field for field what json.Marshal writes.
func appendStep(dst []byte, s *contract.RunStep) []byte {
	dst = appendKey(append(dst, '{'), "id", true)
	dst = appendString(dst, s.ID)
	dst = appendKey(dst, "object", false)
	dst = appendString(dst, s.Object)
	dst = appendKey(dst, "created_at", false)
	dst = appendInt(dst, s.CreatedAt)
	dst = appendKey(dst, "assistant_id", false)
	dst = appendString(dst, s.AssistantID)
	dst = appendKey(dst, "thread_id", false)
	dst = appendString(dst, s.ThreadID)
	dst = appendKey(dst, "run_id", false)
	dst = appendString(dst, s.RunID)
	dst = appendKey(dst, "type", false)
	dst = appendString(dst, string(s.Type))
	dst = appendKey(dst, "status", false)
	dst = appendString(dst, string(s.Status))
	dst = appendKey(dst, "step_details", false)
	dst = appendStepDetails(dst, &s.StepDetails)
	dst = appendKey(dst, "last_error", false)
	dst = appendLastError(dst, s.LastError)
	dst = appendKey(dst, "expired_at", false)
	dst = appendIntPtr(dst, s.ExpiredAt)
	dst = appendKey(dst, "cancelled_at", false)
	dst = appendIntPtr(dst, s.CancelledAt)
	dst = appendKey(dst, "failed_at", false)
	dst = appendIntPtr(dst, s.FailedAt)
	dst = appendKey(dst, "completed_at", false)
	dst = appendIntPtr(dst, s.CompletedAt)
	dst = appendKey(dst, "metadata", false)
	dst = appendStringMap(dst, s.Metadata)
	dst = appendKey(dst, "usage", false)
	dst = appendUsage(dst, s.Usage)
	return append(dst, '}')
}

func appendStepDetails(dst []byte, d *contract.StepDetails) []byte {
	dst = appendKey(append(dst, '{'), "type", true)
	dst = appendString(dst, string(d.Type))
	if d.MessageCreation != nil {
		dst = appendKey(dst, "message_creation", false)
		dst = appendKey(append(dst, '{'), "message_id", true)
		dst = appendString(dst, d.MessageCreation.MessageID)
		dst = append(dst, '}')
	}
	if d.ToolCalls != nil {
		dst = appendKey(dst, "tool_calls", false)
		dst = append(dst, '[')
		for i := range d.ToolCalls {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendToolCall(dst, &d.ToolCalls[i])
		}
		dst = append(dst, ']')
	}
	return append(dst, '}')
}

func appendToolCall(dst []byte, c *contract.ToolCall) []byte {
	dst = appendKey(append(dst, '{'), "id", true)
	dst = appendString(dst, c.ID)
	dst = appendKey(dst, "type", false)
	dst = appendString(dst, string(c.Type))
	if ci := c.CodeInterpreter; ci != nil {
		dst = appendKey(dst, "code_interpreter", false)
		dst = appendKey(append(dst, '{'), "input", true)
		dst = appendString(dst, ci.Input)
		dst = appendKey(dst, "outputs", false)
		if ci.Outputs == nil {
			dst = append(dst, "null"...)
		} else {
			dst = append(dst, '[')
			for i := range ci.Outputs {
				o := &ci.Outputs[i]
				if i > 0 {
					dst = append(dst, ',')
				}
				dst = appendKey(append(dst, '{'), "type", true)
				dst = appendString(dst, o.Type)
				if o.Logs != "" {
					dst = appendKey(dst, "logs", false)
					dst = appendString(dst, o.Logs)
				}
				if o.Image != nil {
					dst = appendKey(dst, "image", false)
					dst = appendKey(append(dst, '{'), "file_id", true)
					dst = appendString(dst, o.Image.FileID)
					dst = append(dst, '}')
				}
				dst = append(dst, '}')
			}
			dst = append(dst, ']')
		}
		dst = append(dst, '}')
	}
	if fs := c.FileSearch; fs != nil {
		dst = appendKey(dst, "file_search", false)
		dst = append(dst, '{')
		first := true
		if fs.RankingOptions != nil {
			dst = appendKey(dst, "ranking_options", true)
			dst = appendRankingOptions(dst, fs.RankingOptions)
			first = false
		}
		if fs.Results != nil {
			dst = appendKey(dst, "results", first)
			dst = appendFileSearchResults(dst, fs.Results)
		}
		dst = append(dst, '}')
	}
	if f := c.Function; f != nil {
		dst = appendKey(dst, "function", false)
		dst = appendKey(append(dst, '{'), "name", true)
		dst = appendString(dst, f.Name)
		dst = appendKey(dst, "arguments", false)
		dst = appendString(dst, f.Arguments)
		dst = appendKey(dst, "output", false)
		dst = appendStringPtr(dst, f.Output)
		dst = append(dst, '}')
	}
	return append(dst, '}')
}

func appendFileSearchResults(dst []byte, rs []contract.FileSearchResult) []byte {
	dst = append(dst, '[')
	for i := range rs {
		r := &rs[i]
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendKey(append(dst, '{'), "file_id", true)
		dst = appendString(dst, r.FileID)
		dst = appendKey(dst, "file_name", false)
		dst = appendString(dst, r.FileName)
		dst = appendKey(dst, "score", false)
		dst = appendFloat(dst, r.Score)
		if r.Content != nil {
			dst = appendKey(dst, "content", false)
			dst = append(dst, '[')
			for j := range r.Content {
				if j > 0 {
					dst = append(dst, ',')
				}
				dst = appendKey(append(dst, '{'), "type", true)
				dst = appendString(dst, r.Content[j].Type)
				dst = appendKey(dst, "text", false)
				dst = appendString(dst, r.Content[j].Text)
				dst = append(dst, '}')
			}
			dst = append(dst, ']')
		}
		dst = append(dst, '}')
	}
	return append(dst, ']')
}

// appendStepDelta appends d as JSON, field for field what json.Marshal
// writes.
func appendStepDelta(dst []byte, d *contract.RunStepDelta) []byte {
	dst = appendKey(append(dst, '{'), "id", true)
	dst = appendString(dst, d.ID)
	dst = appendKey(dst, "object", false)
	dst = appendString(dst, d.Object)
	dst = appendKey(dst, "delta", false)
	dst = append(dst, '{')
	if sd := d.Delta.StepDetails; sd != nil {
		dst = appendKey(dst, "step_details", true)
		dst = appendKey(append(dst, '{'), "type", true)
		dst = appendString(dst, string(sd.Type))
		if mc := sd.MessageCreation; mc != nil {
			dst = appendKey(dst, "message_creation", false)
			dst = append(dst, '{')
			if mc.MessageID != "" {
				dst = appendKey(dst, "message_id", true)
				dst = appendString(dst, mc.MessageID)
			}
			dst = append(dst, '}')
		}
		if sd.ToolCalls != nil {
			dst = appendKey(dst, "tool_calls", false)
			dst = append(dst, '[')
			for i := range sd.ToolCalls {
				if i > 0 {
					dst = append(dst, ',')
				}
				dst = appendToolCallDelta(dst, &sd.ToolCalls[i])
			}
			dst = append(dst, ']')
		}
		dst = append(dst, '}')
	}
	return append(dst, '}', '}')
}

func appendToolCallDelta(dst []byte, c *contract.ToolCallDelta) []byte {
	dst = appendKey(append(dst, '{'), "index", true)
	dst = appendInt(dst, c.Index)
	if c.ID != "" {
		dst = appendKey(dst, "id", false)
		dst = appendString(dst, c.ID)
	}
	dst = appendKey(dst, "type", false)
	dst = appendString(dst, string(c.Type))
	if ci := c.CodeInterpreter; ci != nil {
		dst = appendKey(dst, "code_interpreter", false)
		dst = append(dst, '{')
		first := true
		if ci.Input != "" {
			dst = appendKey(dst, "input", true)
			dst = appendString(dst, ci.Input)
			first = false
		}
		if ci.Outputs != nil {
			dst = appendKey(dst, "outputs", first)
			dst = append(dst, '[')
			for i := range ci.Outputs {
				o := &ci.Outputs[i]
				if i > 0 {
					dst = append(dst, ',')
				}
				dst = appendKey(append(dst, '{'), "index", true)
				dst = appendInt(dst, o.Index)
				dst = appendKey(dst, "type", false)
				dst = appendString(dst, o.Type)
				if o.Logs != "" {
					dst = appendKey(dst, "logs", false)
					dst = appendString(dst, o.Logs)
				}
				if o.Image != nil {
					dst = appendKey(dst, "image", false)
					dst = append(dst, '{')
					if o.Image.FileID != "" {
						dst = appendKey(dst, "file_id", true)
						dst = appendString(dst, o.Image.FileID)
					}
					dst = append(dst, '}')
				}
				dst = append(dst, '}')
			}
			dst = append(dst, ']')
		}
		dst = append(dst, '}')
	}
	if c.FileSearch != nil {
		dst = appendKey(dst, "file_search", false)
		if len(c.FileSearch) == 0 {
			dst = append(dst, "{}"...) // as ToolCallDelta.MarshalJSON writes it
		} else {
			dst = appendRaw(dst, c.FileSearch)
		}
	}
	if f := c.Function; f != nil {
		dst = appendKey(dst, "function", false)
		dst = append(dst, '{')
		first := true
		if f.Name != "" {
			dst = appendKey(dst, "name", true)
			dst = appendString(dst, f.Name)
			first = false
		}
		if f.Arguments != "" {
			dst = appendKey(dst, "arguments", first)
			dst = appendString(dst, f.Arguments)
			first = false
		}
		if f.Output.IsNull() {
			dst = appendKey(dst, "output", first)
			dst = append(dst, "null"...)
		} else if out, ok := f.Output.Get(); ok {
			dst = appendKey(dst, "output", first)
			dst = appendString(dst, out)
		}
		dst = append(dst, '}')
	}
	return append(dst, '}')
}
