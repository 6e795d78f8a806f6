package emulator

import (
	"bytes"
	"net/http"
)

// Exchange is one request the emulator answered, as a hook sees it.
type Exchange struct {
	Method         string
	Path           string // the path as sent, still percent-encoded
	RawQuery       string // the query as sent, without '?'
	RequestHeader  http.Header
	RequestBody    []byte
	Status         int
	ResponseHeader http.Header
	ResponseBody   []byte // for streams, every byte of the stream
}

// recorder is the ResponseWriter a hooked request writes through: it keeps
// a copy of the status and body.
type recorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

// WriteHeader records the status and sends it.
func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

// Write records the bytes and sends them.
func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	r.body.Write(b)
	return r.ResponseWriter.Write(b)
}

// Flush flushes the underlying writer when it can.
func (r *recorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
