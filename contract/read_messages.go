package contract

import (
	jr "github.com/runsuite/runsuite/contract/internal/jsonread"
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
