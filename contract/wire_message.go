package contract

import (
	jr "github.com/runsuite/runsuite/contract/internal/jsonread"
	jw "github.com/runsuite/runsuite/contract/internal/jsonwrite"
)

func readMessage(r *jr.Reader, v *Message) {
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
		case "status":
			v.Status = MessageStatus(r.Str())
		case "incomplete_details":
			v.IncompleteDetails = jr.Ptr(r, func(r *jr.Reader, v *MessageIncompleteDetails) {
				v.Reason = jr.OneString(r, "reason")
			})
		case "completed_at":
			v.CompletedAt = r.NullableInt()
		case "incomplete_at":
			v.IncompleteAt = r.NullableInt()
		case "role":
			v.Role = Role(r.Str())
		case "content":
			v.Content = jr.Slice(r, readMessageContent)
		case "assistant_id":
			v.AssistantID = r.NullableString()
		case "run_id":
			v.RunID = r.NullableString()
		case "attachments":
			v.Attachments = jr.Slice(r, readAttachment)
		case "metadata":
			v.Metadata = r.StringMap()
		default:
			r.Skip()
		}
	}
}

func readMessageContent(r *jr.Reader, v *MessageContent) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "type":
			v.Type = r.Str()
		case "text":
			v.Text = jr.Ptr(r, readText)
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

func readText(r *jr.Reader, v *Text) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "value":
			v.Value = r.Str()
		case "annotations":
			v.Annotations = jr.Slice(r, readAnnotation)
		default:
			r.Skip()
		}
	}
}

func readImageFile(r *jr.Reader, v *ImageFile) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "file_id":
			v.FileID = r.Str()
		case "detail":
			v.Detail = r.Str()
		default:
			r.Skip()
		}
	}
}

func readImageURL(r *jr.Reader, v *ImageURL) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "url":
			v.URL = r.Str()
		case "detail":
			v.Detail = r.Str()
		default:
			r.Skip()
		}
	}
}

func readAnnotation(r *jr.Reader, v *Annotation) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "type":
			v.Type = r.Str()
		case "text":
			v.Text = r.Str()
		case "start_index":
			v.StartIndex = r.Int()
		case "end_index":
			v.EndIndex = r.Int()
		case "file_citation":
			v.FileCitation = jr.Ptr(r, readFileCitation)
		case "file_path":
			v.FilePath = jr.Ptr(r, readFileRef)
		default:
			r.Skip()
		}
	}
}

func readFileCitation(r *jr.Reader, v *FileCitation) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "file_id":
			v.FileID = r.Str()
		case "quote":
			v.Quote = r.Str()
		default:
			r.Skip()
		}
	}
}

func readAttachment(r *jr.Reader, v *Attachment) {
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "file_id":
			v.FileID = r.Str()
		case "tools":
			v.Tools = jr.Slice(r, func(r *jr.Reader, v *AttachmentTool) {
				v.Type = ToolType(jr.OneString(r, "type"))
			})
		default:
			r.Skip()
		}
	}
}

// AppendMessage appends m as JSON, field for field what json.Marshal
// writes.
func AppendMessage(dst []byte, m *Message) []byte {
	dst = jw.Key(append(dst, '{'), "id", true)
	dst = jw.String(dst, m.ID)
	dst = jw.Key(dst, "object", false)
	dst = jw.String(dst, m.Object)
	dst = jw.Key(dst, "created_at", false)
	dst = jw.Int(dst, m.CreatedAt)
	dst = jw.Key(dst, "thread_id", false)
	dst = jw.String(dst, m.ThreadID)
	dst = jw.Key(dst, "status", false)
	dst = jw.String(dst, string(m.Status))
	dst = jw.Key(dst, "incomplete_details", false)
	if d := m.IncompleteDetails; d == nil {
		dst = append(dst, "null"...)
	} else {
		dst = jw.Key(append(dst, '{'), "reason", true)
		dst = jw.String(dst, d.Reason)
		dst = append(dst, '}')
	}
	dst = jw.Key(dst, "completed_at", false)
	dst = jw.IntPtr(dst, m.CompletedAt)
	dst = jw.Key(dst, "incomplete_at", false)
	dst = jw.IntPtr(dst, m.IncompleteAt)
	dst = jw.Key(dst, "role", false)
	dst = jw.String(dst, string(m.Role))
	dst = jw.Key(dst, "content", false)
	if m.Content == nil {
		dst = append(dst, "null"...)
	} else {
		dst = append(dst, '[')
		for i := range m.Content {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendMessageContent(dst, &m.Content[i])
		}
		dst = append(dst, ']')
	}
	dst = jw.Key(dst, "assistant_id", false)
	dst = jw.StringPtr(dst, m.AssistantID)
	dst = jw.Key(dst, "run_id", false)
	dst = jw.StringPtr(dst, m.RunID)
	dst = jw.Key(dst, "attachments", false)
	if m.Attachments == nil {
		dst = append(dst, "null"...)
	} else {
		dst = append(dst, '[')
		for i := range m.Attachments {
			a := &m.Attachments[i]
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, '{')
			first := true
			if a.FileID != "" {
				dst = jw.Key(dst, "file_id", true)
				dst = jw.String(dst, a.FileID)
				first = false
			}
			if a.Tools != nil {
				dst = jw.Key(dst, "tools", first)
				dst = append(dst, '[')
				for j := range a.Tools {
					if j > 0 {
						dst = append(dst, ',')
					}
					dst = jw.Key(append(dst, '{'), "type", true)
					dst = jw.String(dst, string(a.Tools[j].Type))
					dst = append(dst, '}')
				}
				dst = append(dst, ']')
			}
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	}
	dst = jw.Key(dst, "metadata", false)
	dst = jw.StringMap(dst, m.Metadata)
	return append(dst, '}')
}

func appendMessageContent(dst []byte, c *MessageContent) []byte {
	dst = jw.Key(append(dst, '{'), "type", true)
	dst = jw.String(dst, c.Type)
	if t := c.Text; t != nil {
		dst = jw.Key(dst, "text", false)
		dst = jw.Key(append(dst, '{'), "value", true)
		dst = jw.String(dst, t.Value)
		dst = jw.Key(dst, "annotations", false)
		if t.Annotations == nil {
			dst = append(dst, "null"...)
		} else {
			dst = append(dst, '[')
			for i := range t.Annotations {
				if i > 0 {
					dst = append(dst, ',')
				}
				dst = appendAnnotation(dst, &t.Annotations[i])
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

// appendImages appends the image_file and image_url members of a content
// block or content delta, when set.
func appendImages(dst []byte, f *ImageFile, u *ImageURL) []byte {
	if f != nil {
		dst = jw.Key(dst, "image_file", false)
		dst = jw.Key(append(dst, '{'), "file_id", true)
		dst = jw.String(dst, f.FileID)
		if f.Detail != "" {
			dst = jw.Key(dst, "detail", false)
			dst = jw.String(dst, f.Detail)
		}
		dst = append(dst, '}')
	}
	if u != nil {
		dst = jw.Key(dst, "image_url", false)
		dst = jw.Key(append(dst, '{'), "url", true)
		dst = jw.String(dst, u.URL)
		if u.Detail != "" {
			dst = jw.Key(dst, "detail", false)
			dst = jw.String(dst, u.Detail)
		}
		dst = append(dst, '}')
	}
	return dst
}

func appendAnnotation(dst []byte, a *Annotation) []byte {
	dst = jw.Key(append(dst, '{'), "type", true)
	dst = jw.String(dst, a.Type)
	dst = jw.Key(dst, "text", false)
	dst = jw.String(dst, a.Text)
	dst = jw.Key(dst, "start_index", false)
	dst = jw.Int(dst, a.StartIndex)
	dst = jw.Key(dst, "end_index", false)
	dst = jw.Int(dst, a.EndIndex)
	dst = appendCitations(dst, a.FileCitation, a.FilePath)
	return append(dst, '}')
}

// appendCitations appends the file_citation and file_path members of an
// annotation or annotation delta, when set.
func appendCitations(dst []byte, c *FileCitation, p *FileRef) []byte {
	if c != nil {
		dst = jw.Key(dst, "file_citation", false)
		dst = jw.Key(append(dst, '{'), "file_id", true)
		dst = jw.String(dst, c.FileID)
		if c.Quote != "" {
			dst = jw.Key(dst, "quote", false)
			dst = jw.String(dst, c.Quote)
		}
		dst = append(dst, '}')
	}
	if p != nil {
		dst = jw.Key(dst, "file_path", false)
		dst = jw.Key(append(dst, '{'), "file_id", true)
		dst = jw.String(dst, p.FileID)
		dst = append(dst, '}')
	}
	return dst
}
