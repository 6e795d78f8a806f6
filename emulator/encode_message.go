package emulator

import "github.com/runsuite/runsuite/contract"

// appendMessage appends m as JSON, field for field what json.Marshal
// writes.
func appendMessage(dst []byte, m *contract.Message) []byte {
	dst = appendKey(append(dst, '{'), "id", true)
	dst = appendString(dst, m.ID)
	dst = appendKey(dst, "object", false)
	dst = appendString(dst, m.Object)
	dst = appendKey(dst, "created_at", false)
	dst = appendInt(dst, m.CreatedAt)
	dst = appendKey(dst, "thread_id", false)
	dst = appendString(dst, m.ThreadID)
	dst = appendKey(dst, "status", false)
	dst = appendString(dst, string(m.Status))
	dst = appendKey(dst, "incomplete_details", false)
	if d := m.IncompleteDetails; d == nil {
		dst = append(dst, "null"...)
	} else {
		dst = appendKey(append(dst, '{'), "reason", true)
		dst = appendString(dst, d.Reason)
		dst = append(dst, '}')
	}
	dst = appendKey(dst, "completed_at", false)
	dst = appendIntPtr(dst, m.CompletedAt)
	dst = appendKey(dst, "incomplete_at", false)
	dst = appendIntPtr(dst, m.IncompleteAt)
	dst = appendKey(dst, "role", false)
	dst = appendString(dst, string(m.Role))
	dst = appendKey(dst, "content", false)
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
	dst = appendKey(dst, "assistant_id", false)
	dst = appendStringPtr(dst, m.AssistantID)
	dst = appendKey(dst, "run_id", false)
	dst = appendStringPtr(dst, m.RunID)
	dst = appendKey(dst, "attachments", false)
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
				dst = appendKey(dst, "file_id", true)
				dst = appendString(dst, a.FileID)
				first = false
			}
			if a.Tools != nil {
				dst = appendKey(dst, "tools", first)
				dst = append(dst, '[')
				for j := range a.Tools {
					if j > 0 {
						dst = append(dst, ',')
					}
					dst = appendKey(append(dst, '{'), "type", true)
					dst = appendString(dst, string(a.Tools[j].Type))
					dst = append(dst, '}')
				}
				dst = append(dst, ']')
			}
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	}
	dst = appendKey(dst, "metadata", false)
	dst = appendStringMap(dst, m.Metadata)
	return append(dst, '}')
}

func appendMessageContent(dst []byte, c *contract.MessageContent) []byte {
	dst = appendKey(append(dst, '{'), "type", true)
	dst = appendString(dst, c.Type)
	if t := c.Text; t != nil {
		dst = appendKey(dst, "text", false)
		dst = appendKey(append(dst, '{'), "value", true)
		dst = appendString(dst, t.Value)
		dst = appendKey(dst, "annotations", false)
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
		dst = appendKey(dst, "refusal", false)
		dst = appendString(dst, c.Refusal)
	}
	return append(dst, '}')
}

// appendImages appends the image_file and image_url members of a content
// block or content delta, when set.
func appendImages(dst []byte, f *contract.ImageFile, u *contract.ImageURL) []byte {
	if f != nil {
		dst = appendKey(dst, "image_file", false)
		dst = appendKey(append(dst, '{'), "file_id", true)
		dst = appendString(dst, f.FileID)
		if f.Detail != "" {
			dst = appendKey(dst, "detail", false)
			dst = appendString(dst, f.Detail)
		}
		dst = append(dst, '}')
	}
	if u != nil {
		dst = appendKey(dst, "image_url", false)
		dst = appendKey(append(dst, '{'), "url", true)
		dst = appendString(dst, u.URL)
		if u.Detail != "" {
			dst = appendKey(dst, "detail", false)
			dst = appendString(dst, u.Detail)
		}
		dst = append(dst, '}')
	}
	return dst
}

func appendAnnotation(dst []byte, a *contract.Annotation) []byte {
	dst = appendKey(append(dst, '{'), "type", true)
	dst = appendString(dst, a.Type)
	dst = appendKey(dst, "text", false)
	dst = appendString(dst, a.Text)
	dst = appendKey(dst, "start_index", false)
	dst = appendInt(dst, a.StartIndex)
	dst = appendKey(dst, "end_index", false)
	dst = appendInt(dst, a.EndIndex)
	dst = appendCitations(dst, a.FileCitation, a.FilePath)
	return append(dst, '}')
}

// appendCitations appends the file_citation and file_path members of an
// annotation or annotation delta, when set.
func appendCitations(dst []byte, c *contract.FileCitation, p *contract.FileRef) []byte {
	if c != nil {
		dst = appendKey(dst, "file_citation", false)
		dst = appendKey(append(dst, '{'), "file_id", true)
		dst = appendString(dst, c.FileID)
		if c.Quote != "" {
			dst = appendKey(dst, "quote", false)
			dst = appendString(dst, c.Quote)
		}
		dst = append(dst, '}')
	}
	if p != nil {
		dst = appendKey(dst, "file_path", false)
		dst = appendKey(append(dst, '{'), "file_id", true)
		dst = appendString(dst, p.FileID)
		dst = append(dst, '}')
	}
	return dst
}

// appendMessageDelta appends d as JSON, field for field what json.Marshal
// writes.
func appendMessageDelta(dst []byte, d *contract.MessageDelta) []byte {
	dst = appendKey(append(dst, '{'), "id", true)
	dst = appendString(dst, d.ID)
	dst = appendKey(dst, "object", false)
	dst = appendString(dst, d.Object)
	dst = appendKey(dst, "delta", false)
	dst = append(dst, '{')
	first := true
	if d.Delta.Role != "" {
		dst = appendKey(dst, "role", true)
		dst = appendString(dst, string(d.Delta.Role))
		first = false
	}
	if d.Delta.Content != nil {
		dst = appendKey(dst, "content", first)
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

func appendContentDelta(dst []byte, c *contract.MessageContentDelta) []byte {
	dst = appendKey(append(dst, '{'), "index", true)
	dst = appendInt(dst, c.Index)
	dst = appendKey(dst, "type", false)
	dst = appendString(dst, c.Type)
	if t := c.Text; t != nil {
		dst = appendKey(dst, "text", false)
		dst = append(dst, '{')
		first := true
		if t.Value != "" {
			dst = appendKey(dst, "value", true)
			dst = appendString(dst, t.Value)
			first = false
		}
		if t.Annotations != nil {
			dst = appendKey(dst, "annotations", first)
			dst = append(dst, '[')
			for i := range t.Annotations {
				a := &t.Annotations[i]
				if i > 0 {
					dst = append(dst, ',')
				}
				dst = appendKey(append(dst, '{'), "index", true)
				dst = appendInt(dst, a.Index)
				dst = appendKey(dst, "type", false)
				dst = appendString(dst, a.Type)
				if a.Text != "" {
					dst = appendKey(dst, "text", false)
					dst = appendString(dst, a.Text)
				}
				if a.StartIndex != nil {
					dst = appendKey(dst, "start_index", false)
					dst = appendInt(dst, *a.StartIndex)
				}
				if a.EndIndex != nil {
					dst = appendKey(dst, "end_index", false)
					dst = appendInt(dst, *a.EndIndex)
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
		dst = appendKey(dst, "refusal", false)
		dst = appendString(dst, c.Refusal)
	}
	return append(dst, '}')
}
