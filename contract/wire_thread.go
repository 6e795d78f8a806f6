package contract

import (
	jr "github.com/runsuite/runsuite/contract/internal/jsonread"
	jw "github.com/runsuite/runsuite/contract/internal/jsonwrite"
)

func readThread(r *jr.Reader, v *Thread) {
	for obj := objectStart(r); obj.Next(); {
		switch obj.Key() {
		case "id":
			v.ID = r.Str()
		case "object":
			v.Object = r.Str()
		case "created_at":
			v.CreatedAt = r.Int()
		case "tool_resources":
			v.ToolResources = jr.Ptr(r, readToolResources)
		case "metadata":
			v.Metadata = r.StringMap()
		default:
			r.Skip()
		}
	}
}

// AppendThread appends t as JSON.
func AppendThread(dst []byte, t *Thread) []byte {
	dst = jw.Key(append(dst, '{'), "id", true)
	dst = jw.String(dst, t.ID)
	dst = jw.Key(dst, "object", false)
	dst = jw.String(dst, t.Object)
	dst = jw.Key(dst, "created_at", false)
	dst = jw.Int(dst, t.CreatedAt)
	dst = jw.Key(dst, "tool_resources", false)
	dst = appendToolResources(dst, t.ToolResources)
	dst = jw.Key(dst, "metadata", false)
	dst = jw.StringMap(dst, t.Metadata)
	return append(dst, '}')
}
