package runs

import (
	"fmt"
	"net/http"

	"github.com/runsuite/runsuite/contract"
)

// ArgumentError reports a call the client refuses before sending anything:
// a stream flag on the wrong method, a missing path argument, a nil
// context or a parameter outside the contract. It mirrors the Ruby SDK's
// ArgumentError, with Go method names.
type ArgumentError struct {
	Method  string // the client method, e.g. "Create" or "Steps.List"
	Field   string // the parameter at fault, when there is one
	Message string
}

// Error returns the method and the message.
func (e *ArgumentError) Error() string { return e.Method + ": " + e.Message }

// APIError is a non-2xx answer. Type, Code, Param and Message are read from
// inside the {"error": {...}} envelope (the Ruby SDK reads them from the
// top level and gets nil).
type APIError struct {
	StatusCode int
	Type       string
	Code       string
	Param      string
	Message    string
	RequestID  string // the x-request-id header
	Method     string
	URL        string // without the query
	Header     http.Header
	Body       []byte // the raw body, at most maxErrorBody bytes
}

// Error describes the status, the request and the server's message.
func (e *APIError) Error() string {
	msg := fmt.Sprintf("%s %s: %d %s", e.Method, e.URL, e.StatusCode, http.StatusText(e.StatusCode))
	if e.Type != "" {
		msg += " (" + e.Type + ")"
	}
	if e.Message != "" {
		msg += ": " + e.Message
	}
	if e.RequestID != "" {
		msg += " [request " + e.RequestID + "]"
	}
	return msg
}

// StreamError is an error a server sent inside a stream: an `error` event,
// or event data with a top-level "error" key.
type StreamError struct {
	Event  contract.EventName // the event that carried it
	Object contract.ErrorObject
}

// Error describes the server's error.
func (e *StreamError) Error() string {
	msg := "stream error"
	if e.Object.Type != "" {
		msg += " (" + e.Object.Type + ")"
	}
	if e.Object.Code != nil {
		msg += " " + *e.Object.Code
	}
	return msg + ": " + e.Object.Message
}

// BodyError reports a 2xx answer whose body could not be read in full, or
// was larger than the client accepts. It is final: the request reached the
// server and may have taken effect, so it is not sent again.
type BodyError struct {
	Read int64 // bytes read before the failure
	Err  error
}

// Error names the failure and how much was read.
func (e *BodyError) Error() string {
	return fmt.Sprintf("read response body after %d bytes: %v", e.Read, e.Err)
}

// Unwrap returns the cause.
func (e *BodyError) Unwrap() error { return e.Err }
