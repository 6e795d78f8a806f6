package contract

import (
	jr "github.com/runsuite/runsuite/contract/internal/jsonread"
	jw "github.com/runsuite/runsuite/contract/internal/jsonwrite"
)

func readMessageDelta(r *jr.Reader, v *MessageDelta) {
	for obj := objectStart(r); obj.Next(); {
		switch obj.Key() {
		case "id":
			v.ID = r.Str()
		case "object":
			v.Object = r.Str()
		case "delta":
			for obj := r.Object(); obj.Next(); {
				switch obj.Key() {
				case "role":
					v.Delta.Role = Role(r.Str())
				case "content":
					v.Delta.Content = jr.Slice(r, readMessageContentDelta)
				default:
					r.Skip()
				}
			}
		default:
			r.Skip()
		}
	}
}

func readMessageContentDelta(r *jr.Reader, v *MessageContentDelta) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "index":
			v.Index = r.Int()
		case "type":
			v.Type = r.Str()
		case "text":
			v.Text = jr.Ptr(r, readTextDelta)
		case "image_file":
			v.ImageFile = jr.Ptr(r, readImageFile)
		case "image_url":
			v.ImageURL = jr.Ptr(r, readImageURL)
		case "refusal":
			v.Refusal = r.Str()
		default:
			r.Skip()
		}
	}
}

func readTextDelta(r *jr.Reader, v *TextDelta) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "value":
			v.Value = r.Str()
		case "annotations":
			v.Annotations = jr.Slice(r, readAnnotationDelta)
		default:
			r.Skip()
		}
	}
}

func readAnnotationDelta(r *jr.Reader, v *AnnotationDelta) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "index":
			v.Index = r.Int()
		case "type":
			v.Type = r.Str()
		case "text":
			v.Text = r.Str()
		case "start_index":
			v.StartIndex = r.NullableInt()
		case "end_index":
			v.EndIndex = r.NullableInt()
		case "file_citation":
			v.FileCitation = jr.Ptr(r, readFileCitation)
		case "file_path":
			v.FilePath = jr.Ptr(r, readFileRef)
		default:
			r.Skip()
		}
	}
}

// AppendMessageDelta appends d as JSON, field for field what json.Marshal
// writes.
func AppendMessageDelta(dst []byte, d *MessageDelta) []byte {
	dst = jw.Key(append(dst, '{'), "id", true)
	dst = jw.String(dst, d.ID)
	dst = jw.Key(dst, "object", false)
	dst = jw.String(dst, d.Object)
	dst = jw.Key(dst, "delta", false)
	dst = append(dst, '{')
	first := true
	if d.Delta.Role != "" {
		dst = jw.Key(dst, "role", true)
		dst = jw.String(dst, string(d.Delta.Role))
		first = false
	}
	if d.Delta.Content != nil {
		dst = jw.Key(dst, "content", first)
		dst = append(dst, '[')
		for i := range d.Delta.Content {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendContentDelta(dst, &d.Delta.Content[i])
		}
		dst = append(dst, ']')
	}
	return append(dst, '}', '}')
}

func appendContentDelta(dst []byte, c *MessageContentDelta) []byte {
	dst = jw.Key(append(dst, '{'), "index", true)
	dst = jw.Int(dst, c.Index)
	dst = jw.Key(dst, "type", false)
	dst = jw.String(dst, c.Type)
	if t := c.Text; t != nil {
		dst = jw.Key(dst, "text", false)
		dst = append(dst, '{')
		first := true
		if t.Value != "" {
			dst = jw.Key(dst, "value", true)
			dst = jw.String(dst, t.Value)
			first = false
		}
		if t.Annotations != nil {
			dst = jw.Key(dst, "annotations", first)
			dst = append(dst, '[')
			for i := range t.Annotations {
				a := &t.Annotations[i]
				if i > 0 {
					dst = append(dst, ',')
				}
				dst = jw.Key(append(dst, '{'), "index", true)
				dst = jw.Int(dst, a.Index)
				dst = jw.Key(dst, "type", false)
				dst = jw.String(dst, a.Type)
				if a.Text != "" {
					dst = jw.Key(dst, "text", false)
					dst = jw.String(dst, a.Text)
				}
				if a.StartIndex != nil {
					dst = jw.Key(dst, "start_index", false)
					dst = jw.Int(dst, *a.StartIndex)
				}
				if a.EndIndex != nil {
					dst = jw.Key(dst, "end_index", false)
					dst = jw.Int(dst, *a.EndIndex)
				}
				dst = appendCitations(dst, a.FileCitation, a.FilePath)
				dst = append(dst, '}')
			}
			dst = append(dst, ']')
		}
		dst = append(dst, '}')
	}
	dst = appendImages(dst, c.ImageFile, c.ImageURL)
	if c.Refusal != "" {
		dst = jw.Key(dst, "refusal", false)
		dst = jw.String(dst, c.Refusal)
	}
	return append(dst, '}')
}
