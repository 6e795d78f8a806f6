package contract

import (
	jr "github.com/runsuite/runsuite/contract/internal/jsonread"
	jw "github.com/runsuite/runsuite/contract/internal/jsonwrite"
)

func readRunStep(r *jr.Reader, v *RunStep) {
	for obj := objectStart(r); obj.Next(); {
		switch obj.Key() {
		case "id":
			v.ID = r.Str()
		case "object":
			v.Object = r.Str()
		case "created_at":
			v.CreatedAt = r.Int()
		case "assistant_id":
			v.AssistantID = r.Str()
		case "thread_id":
			v.ThreadID = r.Str()
		case "run_id":
			v.RunID = r.Str()
		case "type":
			v.Type = StepType(r.Str())
		case "status":
			v.Status = StepStatus(r.Str())
		case "step_details":
			readStepDetails(r, &v.StepDetails)
		case "last_error":
			v.LastError = jr.Ptr(r, readLastError)
		case "expires_at":
			v.ExpiresAt = r.NullableInt()
		case "expired_at":
			v.ExpiredAt = r.NullableInt()
		case "cancelled_at":
			v.CancelledAt = r.NullableInt()
		case "failed_at":
			v.FailedAt = r.NullableInt()
		case "completed_at":
			v.CompletedAt = r.NullableInt()
		case "metadata":
			v.Metadata = r.StringMap()
		case "usage":
			v.Usage = jr.Ptr(r, readUsage)
		default:
			r.Skip()
		}
	}
}

func readStepDetails(r *jr.Reader, v *StepDetails) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "type":
			v.Type = StepType(r.Str())
		case "message_creation":
			v.MessageCreation = jr.Ptr(r, func(r *jr.Reader, v *MessageCreation) {
				v.MessageID = jr.OneString(r, "message_id")
			})
		case "tool_calls":
			v.ToolCalls = jr.Slice(r, readToolCall)
		default:
			r.Skip()
		}
	}
}

func readToolCall(r *jr.Reader, v *ToolCall) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "id":
			v.ID = r.Str()
		case "type":
			v.Type = ToolType(r.Str())
		case "code_interpreter":
			v.CodeInterpreter = jr.Ptr(r, readCodeInterpreterCall)
		case "file_search":
			v.FileSearch = jr.Ptr(r, readFileSearchCall)
		case "function":
			v.Function = jr.Ptr(r, readFunctionCall)
		default:
			r.Skip()
		}
	}
}

func readCodeInterpreterCall(r *jr.Reader, v *CodeInterpreterCall) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "input":
			v.Input = r.Str()
		case "outputs":
			v.Outputs = jr.Slice(r, readCodeInterpreterOutput)
		default:
			r.Skip()
		}
	}
}

func readCodeInterpreterOutput(r *jr.Reader, v *CodeInterpreterOutput) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "type":
			v.Type = r.Str()
		case "logs":
			v.Logs = r.Str()
		case "image":
			v.Image = jr.Ptr(r, readFileRef)
		default:
			r.Skip()
		}
	}
}

func readFileRef(r *jr.Reader, v *FileRef) {
	v.FileID = jr.OneString(r, "file_id")
}

func readFileSearchCall(r *jr.Reader, v *FileSearchCall) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "ranking_options":
			v.RankingOptions = jr.Ptr(r, readRankingOptions)
		case "results":
			v.Results = jr.Slice(r, readFileSearchResult)
		default:
			r.Skip()
		}
	}
}

func readFileSearchResult(r *jr.Reader, v *FileSearchResult) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "file_id":
			v.FileID = r.Str()
		case "file_name":
			v.FileName = r.Str()
		case "score":
			v.Score = r.Float()
		case "content":
			v.Content = jr.Slice(r, func(r *jr.Reader, v *FileSearchContent) {
				for obj := r.Object(); obj.Next(); {
					switch obj.Key() {
					case "type":
						v.Type = r.Str()
					case "text":
						v.Text = r.Str()
					default:
						r.Skip()
					}
				}
			})
		default:
			r.Skip()
		}
	}
}

func readFunctionCall(r *jr.Reader, v *FunctionCall) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "name":
			v.Name = r.Str()
		case "arguments":
			v.Arguments = r.Str()
		case "output":
			v.Output = r.NullableString()
		default:
			r.Skip()
		}
	}
}

// AppendRunStep appends s as JSON, field for field what json.Marshal writes.
func AppendRunStep(dst []byte, s *RunStep) []byte {
	dst = jw.Key(append(dst, '{'), "id", true)
	dst = jw.String(dst, s.ID)
	dst = jw.Key(dst, "object", false)
	dst = jw.String(dst, s.Object)
	dst = jw.Key(dst, "created_at", false)
	dst = jw.Int(dst, s.CreatedAt)
	dst = jw.Key(dst, "assistant_id", false)
	dst = jw.String(dst, s.AssistantID)
	dst = jw.Key(dst, "thread_id", false)
	dst = jw.String(dst, s.ThreadID)
	dst = jw.Key(dst, "run_id", false)
	dst = jw.String(dst, s.RunID)
	dst = jw.Key(dst, "type", false)
	dst = jw.String(dst, string(s.Type))
	dst = jw.Key(dst, "status", false)
	dst = jw.String(dst, string(s.Status))
	dst = jw.Key(dst, "step_details", false)
	dst = appendStepDetails(dst, &s.StepDetails)
	dst = jw.Key(dst, "last_error", false)
	dst = appendLastError(dst, s.LastError)
	if s.ExpiresAt != nil {
		dst = jw.Key(dst, "expires_at", false)
		dst = jw.Int(dst, *s.ExpiresAt)
	}
	dst = jw.Key(dst, "expired_at", false)
	dst = jw.IntPtr(dst, s.ExpiredAt)
	dst = jw.Key(dst, "cancelled_at", false)
	dst = jw.IntPtr(dst, s.CancelledAt)
	dst = jw.Key(dst, "failed_at", false)
	dst = jw.IntPtr(dst, s.FailedAt)
	dst = jw.Key(dst, "completed_at", false)
	dst = jw.IntPtr(dst, s.CompletedAt)
	dst = jw.Key(dst, "metadata", false)
	dst = jw.StringMap(dst, s.Metadata)
	dst = jw.Key(dst, "usage", false)
	dst = appendUsage(dst, s.Usage)
	return append(dst, '}')
}

func appendStepDetails(dst []byte, d *StepDetails) []byte {
	dst = jw.Key(append(dst, '{'), "type", true)
	dst = jw.String(dst, string(d.Type))
	if d.MessageCreation != nil {
		dst = jw.Key(dst, "message_creation", false)
		dst = jw.Key(append(dst, '{'), "message_id", true)
		dst = jw.String(dst, d.MessageCreation.MessageID)
		dst = append(dst, '}')
	}
	if d.ToolCalls != nil {
		dst = jw.Key(dst, "tool_calls", false)
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

func appendToolCall(dst []byte, c *ToolCall) []byte {
	dst = jw.Key(append(dst, '{'), "id", true)
	dst = jw.String(dst, c.ID)
	dst = jw.Key(dst, "type", false)
	dst = jw.String(dst, string(c.Type))
	if ci := c.CodeInterpreter; ci != nil {
		dst = jw.Key(dst, "code_interpreter", false)
		dst = jw.Key(append(dst, '{'), "input", true)
		dst = jw.String(dst, ci.Input)
		dst = jw.Key(dst, "outputs", false)
		if ci.Outputs == nil {
			dst = append(dst, "null"...)
		} else {
			dst = append(dst, '[')
			for i := range ci.Outputs {
				o := &ci.Outputs[i]
				if i > 0 {
					dst = append(dst, ',')
				}
				dst = jw.Key(append(dst, '{'), "type", true)
				dst = jw.String(dst, o.Type)
				if o.Logs != "" {
					dst = jw.Key(dst, "logs", false)
					dst = jw.String(dst, o.Logs)
				}
				if o.Image != nil {
					dst = jw.Key(dst, "image", false)
					dst = jw.Key(append(dst, '{'), "file_id", true)
					dst = jw.String(dst, o.Image.FileID)
					dst = append(dst, '}')
				}
				dst = append(dst, '}')
			}
			dst = append(dst, ']')
		}
		dst = append(dst, '}')
	}
	if fs := c.FileSearch; fs != nil {
		dst = jw.Key(dst, "file_search", false)
		dst = append(dst, '{')
		first := true
		if fs.RankingOptions != nil {
			dst = jw.Key(dst, "ranking_options", true)
			dst = appendRankingOptions(dst, fs.RankingOptions)
			first = false
		}
		if fs.Results != nil {
			dst = jw.Key(dst, "results", first)
			dst = appendFileSearchResults(dst, fs.Results)
		}
		dst = append(dst, '}')
	}
	if f := c.Function; f != nil {
		dst = jw.Key(dst, "function", false)
		dst = jw.Key(append(dst, '{'), "name", true)
		dst = jw.String(dst, f.Name)
		dst = jw.Key(dst, "arguments", false)
		dst = jw.String(dst, f.Arguments)
		dst = jw.Key(dst, "output", false)
		dst = jw.StringPtr(dst, f.Output)
		dst = append(dst, '}')
	}
	return append(dst, '}')
}

func appendFileSearchResults(dst []byte, rs []FileSearchResult) []byte {
	dst = append(dst, '[')
	for i := range rs {
		r := &rs[i]
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = jw.Key(append(dst, '{'), "file_id", true)
		dst = jw.String(dst, r.FileID)
		dst = jw.Key(dst, "file_name", false)
		dst = jw.String(dst, r.FileName)
		dst = jw.Key(dst, "score", false)
		dst = jw.Float(dst, r.Score)
		if r.Content != nil {
			dst = jw.Key(dst, "content", false)
			dst = append(dst, '[')
			for j := range r.Content {
				if j > 0 {
					dst = append(dst, ',')
				}
				dst = jw.Key(append(dst, '{'), "type", true)
				dst = jw.String(dst, r.Content[j].Type)
				dst = jw.Key(dst, "text", false)
				dst = jw.String(dst, r.Content[j].Text)
				dst = append(dst, '}')
			}
			dst = append(dst, ']')
		}
		dst = append(dst, '}')
	}
	return append(dst, ']')
}
