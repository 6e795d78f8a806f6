package contract

import (
	jr "github.com/runsuite/runsuite/contract/internal/jsonread"
	jw "github.com/runsuite/runsuite/contract/internal/jsonwrite"
)

func readErrorObject(r *jr.Reader, v *ErrorObject) {
	for obj := objectStart(r); obj.Next(); {
		switch obj.Key() {
		case "code":
			v.Code = r.NullableString()
		case "message":
			v.Message = r.Str()
		case "param":
			v.Param = r.NullableString()
		case "type":
			v.Type = r.Str()
		default:
			r.Skip()
		}
	}
}

// AppendErrorObject appends e as JSON: the data of an error event and the
// inside of an error envelope.
func AppendErrorObject(dst []byte, e *ErrorObject) []byte {
	dst = jw.Key(append(dst, '{'), "code", true)
	dst = jw.StringPtr(dst, e.Code)
	dst = jw.Key(dst, "message", false)
	dst = jw.String(dst, e.Message)
	dst = jw.Key(dst, "param", false)
	dst = jw.StringPtr(dst, e.Param)
	dst = jw.Key(dst, "type", false)
	dst = jw.String(dst, e.Type)
	return append(dst, '}')
}
