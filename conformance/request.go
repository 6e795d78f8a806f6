package conformance

import (
	"net/http"

	"github.com/runsuite/runsuite/contract"
)

// Request is one request a client sent, as client rules see it.
type Request struct {
	Method   string
	Path     string // as sent, still percent-encoded, e.g. "/v1/threads/thread_1/runs"
	RawQuery string // without '?'
	Header   http.Header
	Body     []byte
	// Operation is the operation the method and path matched, nil when
	// none did; PathArgs are its path arguments, unescaped.
	Operation *contract.Operation
	PathArgs  []string
}

// Line renders "METHOD /path?query" for Evidence.Request.
func (r *Request) Line() string {
	if r.RawQuery == "" {
		return r.Method + " " + r.Path
	}
	return r.Method + " " + r.Path + "?" + r.RawQuery
}
