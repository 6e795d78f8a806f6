package contract

import (
	jr "github.com/runsuite/runsuite/contract/internal/jsonread"
	jw "github.com/runsuite/runsuite/contract/internal/jsonwrite"
)

func readTool(r *jr.Reader, v *Tool) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "type":
			v.Type = ToolType(r.Str())
		case "file_search":
			v.FileSearch = jr.Ptr(r, readFileSearchToolOptions)
		case "function":
			v.Function = jr.Ptr(r, readFunctionDefinition)
		default:
			r.Skip()
		}
	}
}

func readFunctionDefinition(r *jr.Reader, v *FunctionDefinition) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "name":
			v.Name = r.Str()
		case "description":
			v.Description = r.Str()
		case "parameters":
			v.Parameters = r.Raw()
		case "strict":
			v.Strict = r.NullableBool()
		default:
			r.Skip()
		}
	}
}

func readFileSearchToolOptions(r *jr.Reader, v *FileSearchToolOptions) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "max_num_results":
			v.MaxNumResults = r.NullableInt()
		case "ranking_options":
			v.RankingOptions = jr.Ptr(r, readRankingOptions)
		default:
			r.Skip()
		}
	}
}

func readRankingOptions(r *jr.Reader, v *FileSearchRankingOptions) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "ranker":
			v.Ranker = r.Str()
		case "score_threshold":
			v.ScoreThreshold = r.Float()
		default:
			r.Skip()
		}
	}
}

func readToolResources(r *jr.Reader, v *ToolResources) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "code_interpreter":
			v.CodeInterpreter = jr.Ptr(r, func(r *jr.Reader, v *CodeInterpreterResources) {
				for obj := r.Object(); obj.Next(); {
					if obj.Key() == "file_ids" {
						v.FileIDs = r.Strings()
					} else {
						r.Skip()
					}
				}
			})
		case "file_search":
			v.FileSearch = jr.Ptr(r, func(r *jr.Reader, v *FileSearchResources) {
				for obj := r.Object(); obj.Next(); {
					if obj.Key() == "vector_store_ids" {
						v.VectorStoreIDs = r.Strings()
					} else {
						r.Skip()
					}
				}
			})
		default:
			r.Skip()
		}
	}
}

// readToolChoice reads a mode string or a tool object, like
// ToolChoice.UnmarshalJSON.
func readToolChoice(r *jr.Reader, v *ToolChoice) {
	if r.IsString() {
		v.Type = r.Str()
		return
	}
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "type":
			v.Type = r.Str()
		case "function":
			v.Function = jr.Ptr(r, func(r *jr.Reader, v *ToolChoiceFunction) {
				v.Name = jr.OneString(r, "name")
			})
		default:
			r.Skip()
		}
	}
}

// readResponseFormat reads "auto" or a format object, like
// ResponseFormat.UnmarshalJSON.
func readResponseFormat(r *jr.Reader, v *ResponseFormat) {
	if r.IsString() {
		v.Type = r.Str()
		return
	}
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "type":
			v.Type = r.Str()
		case "json_schema":
			v.JSONSchema = jr.Ptr(r, readJSONSchema)
		default:
			r.Skip()
		}
	}
}

func readJSONSchema(r *jr.Reader, v *JSONSchema) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "name":
			v.Name = r.Str()
		case "description":
			v.Description = r.Str()
		case "schema":
			v.Schema = r.Raw()
		case "strict":
			v.Strict = r.NullableBool()
		default:
			r.Skip()
		}
	}
}

func appendTools(dst []byte, tools []Tool) []byte {
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

func appendTool(dst []byte, t *Tool) []byte {
	dst = jw.Key(append(dst, '{'), "type", true)
	dst = jw.String(dst, string(t.Type))
	if fs := t.FileSearch; fs != nil {
		dst = jw.Key(dst, "file_search", false)
		dst = append(dst, '{')
		first := true
		if fs.MaxNumResults != nil {
			dst = jw.Key(dst, "max_num_results", first)
			dst = jw.Int(dst, *fs.MaxNumResults)
			first = false
		}
		if fs.RankingOptions != nil {
			dst = jw.Key(dst, "ranking_options", first)
			dst = appendRankingOptions(dst, fs.RankingOptions)
		}
		dst = append(dst, '}')
	}
	if f := t.Function; f != nil {
		dst = jw.Key(dst, "function", false)
		dst = jw.Key(append(dst, '{'), "name", true)
		dst = jw.String(dst, f.Name)
		if f.Description != "" {
			dst = jw.Key(dst, "description", false)
			dst = jw.String(dst, f.Description)
		}
		if len(f.Parameters) > 0 {
			dst = jw.Key(dst, "parameters", false)
			dst = jw.Raw(dst, f.Parameters)
		}
		if f.Strict != nil {
			dst = jw.Key(dst, "strict", false)
			dst = jw.Bool(dst, *f.Strict)
		}
		dst = append(dst, '}')
	}
	return append(dst, '}')
}

func appendRankingOptions(dst []byte, ro *FileSearchRankingOptions) []byte {
	dst = append(dst, '{')
	first := true
	if ro.Ranker != "" {
		dst = jw.Key(dst, "ranker", true)
		dst = jw.String(dst, ro.Ranker)
		first = false
	}
	dst = jw.Key(dst, "score_threshold", first)
	dst = jw.Float(dst, ro.ScoreThreshold)
	return append(dst, '}')
}

func appendToolResources(dst []byte, tr *ToolResources) []byte {
	if tr == nil {
		return append(dst, "null"...)
	}
	dst = append(dst, '{')
	first := true
	if ci := tr.CodeInterpreter; ci != nil {
		dst = jw.Key(dst, "code_interpreter", true)
		dst = append(dst, '{')
		if ci.FileIDs != nil {
			dst = jw.Key(dst, "file_ids", true)
			dst = jw.Strings(dst, ci.FileIDs)
		}
		dst = append(dst, '}')
		first = false
	}
	if fs := tr.FileSearch; fs != nil {
		dst = jw.Key(dst, "file_search", first)
		dst = append(dst, '{')
		if fs.VectorStoreIDs != nil {
			dst = jw.Key(dst, "vector_store_ids", true)
			dst = jw.Strings(dst, fs.VectorStoreIDs)
		}
		dst = append(dst, '}')
	}
	return append(dst, '}')
}

// appendToolChoice follows ToolChoice.MarshalJSON: a mode as a
// string, a tool as an object.
func appendToolChoice(dst []byte, c *ToolChoice) []byte {
	if c == nil || c.IsZero() {
		return append(dst, "null"...)
	}
	if c.IsMode() {
		return jw.String(dst, c.Type)
	}
	dst = jw.Key(append(dst, '{'), "type", true)
	dst = jw.String(dst, c.Type)
	if c.Function != nil {
		dst = jw.Key(dst, "function", false)
		dst = jw.Key(append(dst, '{'), "name", true)
		dst = jw.String(dst, c.Function.Name)
		dst = append(dst, '}')
	}
	return append(dst, '}')
}

// appendResponseFormat follows ResponseFormat.MarshalJSON: "auto"
// as a string, the other formats as objects.
func appendResponseFormat(dst []byte, f *ResponseFormat) []byte {
	if f == nil {
		return append(dst, "null"...)
	}
	if f.Type == ResponseFormatAuto {
		return jw.String(dst, f.Type)
	}
	dst = jw.Key(append(dst, '{'), "type", true)
	dst = jw.String(dst, f.Type)
	if s := f.JSONSchema; s != nil {
		dst = jw.Key(dst, "json_schema", false)
		dst = jw.Key(append(dst, '{'), "name", true)
		dst = jw.String(dst, s.Name)
		if s.Description != "" {
			dst = jw.Key(dst, "description", false)
			dst = jw.String(dst, s.Description)
		}
		if len(s.Schema) > 0 {
			dst = jw.Key(dst, "schema", false)
			dst = jw.Raw(dst, s.Schema)
		}
		if s.Strict != nil {
			dst = jw.Key(dst, "strict", false)
			dst = jw.Bool(dst, *s.Strict)
		}
		dst = append(dst, '}')
	}
	return append(dst, '}')
}
