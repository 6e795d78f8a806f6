package contract

import (
	jr "github.com/runsuite/runsuite/contract/internal/jsonread"
	jw "github.com/runsuite/runsuite/contract/internal/jsonwrite"
)

func readRunStepDelta(r *jr.Reader, v *RunStepDelta) {
	for obj := objectStart(r); obj.Next(); {
		switch obj.Key() {
		case "id":
			v.ID = r.Str()
		case "object":
			v.Object = r.Str()
		case "delta":
			for obj := r.Object(); obj.Next(); {
				if obj.Key() == "step_details" {
					v.Delta.StepDetails = jr.Ptr(r, readStepDetailsDelta)
				} else {
					r.Skip()
				}
			}
		default:
			r.Skip()
		}
	}
}

func readStepDetailsDelta(r *jr.Reader, v *StepDetailsDelta) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "type":
			v.Type = StepType(r.Str())
		case "message_creation":
			v.MessageCreation = jr.Ptr(r, func(r *jr.Reader, v *MessageCreationDelta) {
				v.MessageID = jr.OneString(r, "message_id")
			})
		case "tool_calls":
			v.ToolCalls = jr.Slice(r, readToolCallDelta)
		default:
			r.Skip()
		}
	}
}

func readToolCallDelta(r *jr.Reader, v *ToolCallDelta) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "index":
			v.Index = r.Int()
		case "id":
			v.ID = r.Str()
		case "type":
			v.Type = ToolType(r.Str())
		case "code_interpreter":
			v.CodeInterpreter = jr.Ptr(r, readCodeInterpreterDelta)
		case "file_search":
			v.FileSearch = r.Raw()
		case "function":
			v.Function = jr.Ptr(r, readFunctionDelta)
		default:
			r.Skip()
		}
	}
}

func readCodeInterpreterDelta(r *jr.Reader, v *CodeInterpreterDelta) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "input":
			v.Input = r.Str()
		case "outputs":
			v.Outputs = jr.Slice(r, readCodeInterpreterOutputDelta)
		default:
			r.Skip()
		}
	}
}

func readCodeInterpreterOutputDelta(r *jr.Reader, v *CodeInterpreterOutputDelta) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "index":
			v.Index = r.Int()
		case "type":
			v.Type = r.Str()
		case "logs":
			v.Logs = r.Str()
		case "image":
			v.Image = jr.Ptr(r, func(r *jr.Reader, v *FileRefDelta) {
				v.FileID = jr.OneString(r, "file_id")
			})
		default:
			r.Skip()
		}
	}
}

func readFunctionDelta(r *jr.Reader, v *FunctionDelta) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "name":
			v.Name = r.Str()
		case "arguments":
			v.Arguments = r.Str()
		case "output":
			if r.Null() {
				v.Output = Null[string]()
			} else {
				v.Output = Set(r.Str())
			}
		default:
			r.Skip()
		}
	}
}

// AppendRunStepDelta appends d as JSON, field for field what json.Marshal
// writes.
func AppendRunStepDelta(dst []byte, d *RunStepDelta) []byte {
	dst = jw.Key(append(dst, '{'), "id", true)
	dst = jw.String(dst, d.ID)
	dst = jw.Key(dst, "object", false)
	dst = jw.String(dst, d.Object)
	dst = jw.Key(dst, "delta", false)
	dst = append(dst, '{')
	if sd := d.Delta.StepDetails; sd != nil {
		dst = jw.Key(dst, "step_details", true)
		dst = jw.Key(append(dst, '{'), "type", true)
		dst = jw.String(dst, string(sd.Type))
		if mc := sd.MessageCreation; mc != nil {
			dst = jw.Key(dst, "message_creation", false)
			dst = append(dst, '{')
			if mc.MessageID != "" {
				dst = jw.Key(dst, "message_id", true)
				dst = jw.String(dst, mc.MessageID)
			}
			dst = append(dst, '}')
		}
		if sd.ToolCalls != nil {
			dst = jw.Key(dst, "tool_calls", false)
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

func appendToolCallDelta(dst []byte, c *ToolCallDelta) []byte {
	dst = jw.Key(append(dst, '{'), "index", true)
	dst = jw.Int(dst, c.Index)
	if c.ID != "" {
		dst = jw.Key(dst, "id", false)
		dst = jw.String(dst, c.ID)
	}
	dst = jw.Key(dst, "type", false)
	dst = jw.String(dst, string(c.Type))
	if ci := c.CodeInterpreter; ci != nil {
		dst = jw.Key(dst, "code_interpreter", false)
		dst = append(dst, '{')
		first := true
		if ci.Input != "" {
			dst = jw.Key(dst, "input", true)
			dst = jw.String(dst, ci.Input)
			first = false
		}
		if ci.Outputs != nil {
			dst = jw.Key(dst, "outputs", first)
			dst = append(dst, '[')
			for i := range ci.Outputs {
				o := &ci.Outputs[i]
				if i > 0 {
					dst = append(dst, ',')
				}
				dst = jw.Key(append(dst, '{'), "index", true)
				dst = jw.Int(dst, o.Index)
				dst = jw.Key(dst, "type", false)
				dst = jw.String(dst, o.Type)
				if o.Logs != "" {
					dst = jw.Key(dst, "logs", false)
					dst = jw.String(dst, o.Logs)
				}
				if o.Image != nil {
					dst = jw.Key(dst, "image", false)
					dst = append(dst, '{')
					if o.Image.FileID != "" {
						dst = jw.Key(dst, "file_id", true)
						dst = jw.String(dst, o.Image.FileID)
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
		dst = jw.Key(dst, "file_search", false)
		if len(c.FileSearch) == 0 {
			dst = append(dst, "{}"...) // as ToolCallDelta.MarshalJSON writes it
		} else {
			dst = jw.Raw(dst, c.FileSearch)
		}
	}
	if f := c.Function; f != nil {
		dst = jw.Key(dst, "function", false)
		dst = append(dst, '{')
		first := true
		if f.Name != "" {
			dst = jw.Key(dst, "name", true)
			dst = jw.String(dst, f.Name)
			first = false
		}
		if f.Arguments != "" {
			dst = jw.Key(dst, "arguments", first)
			dst = jw.String(dst, f.Arguments)
			first = false
		}
		if f.Output.IsNull() {
			dst = jw.Key(dst, "output", first)
			dst = append(dst, "null"...)
		} else if out, ok := f.Output.Get(); ok {
			dst = jw.Key(dst, "output", first)
			dst = jw.String(dst, out)
		}
		dst = append(dst, '}')
	}
	return append(dst, '}')
}
