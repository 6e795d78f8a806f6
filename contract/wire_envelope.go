package contract

import (
	"bytes"

	jr "github.com/runsuite/runsuite/contract/internal/jsonread"
	jw "github.com/runsuite/runsuite/contract/internal/jsonwrite"
)

// ErrorEnvelope reads a JSON object with a top-level "error" key: the
// {"error": {...}} envelope of error responses (CONTRACT §9), which servers
// also send as stream data. A string value becomes the Message; a null
// value, a missing key or data that is not such an object give false.
func ErrorEnvelope(data []byte) (*ErrorObject, bool) {
	if !bytes.Contains(data, []byte(`"error"`)) {
		return nil, false // fast path: no key can be named error
	}
	var r jr.Reader
	r.Reset(string(data))
	if r.IsNull() {
		return nil, false
	}
	var found *ErrorObject
	for obj := r.Object(); obj.Next(); {
		if obj.Key() != "error" || r.IsNull() {
			r.Skip()
			continue
		}
		found = new(ErrorObject)
		if r.IsString() {
			found.Message = r.Str()
		} else {
			readErrorObject(&r, found)
		}
	}
	if r.End() != nil || found == nil {
		return nil, false
	}
	return found, true
}

// AppendErrorEnvelope appends e inside the {"error": {...}} envelope of
// error responses: the twin of ErrorEnvelope.
func AppendErrorEnvelope(dst []byte, e *ErrorObject) []byte {
	dst = jw.Key(append(dst, '{'), "error", true)
	dst = AppendErrorObject(dst, e)
	return append(dst, '}')
}
