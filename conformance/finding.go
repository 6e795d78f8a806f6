package conformance

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Status is the outcome of one check.
type Status string

// The outcomes. A skipped check is never counted as passed.
const (
	StatusPass  Status = "pass"
	StatusFail  Status = "fail"  // a MUST check found a violation
	StatusWarn  Status = "warn"  // a SHOULD check found a violation
	StatusSkip  Status = "skip"  // the check did not apply; Result.Reason says why
	StatusError Status = "error" // the harness failed (a panic, a timeout, a network error), not the target
)

// Evidence is what a finding was seen on. Every field is optional.
type Evidence struct {
	// Request is the request line, e.g. "POST /v1/threads/thread_abc/runs".
	Request string `json:"request,omitempty"`
	// Status is the HTTP status of the answer, 0 when there was none.
	Status int `json:"status,omitempty"`
	// Pointer is the RFC 6901 JSON pointer of the violating field in the
	// answer (or request) body, e.g. "/data/0/object".
	Pointer string `json:"pointer,omitempty"`
	// Expected and Got say what the contract wants and what was there.
	Expected string `json:"expected,omitempty"`
	Got      string `json:"got,omitempty"`
	// EventIndex is the 0-based index of the offending event in a stream.
	EventIndex *int `json:"event_index,omitempty"`
}

// Finding is one violation of a check, with its evidence.
type Finding struct {
	Message string `json:"message"`
	Evidence
}

// String renders the finding on one line.
func (f Finding) String() string {
	var b strings.Builder
	b.WriteString(f.Message)
	if f.Request != "" {
		fmt.Fprintf(&b, " [%s", f.Request)
		if f.Status != 0 {
			fmt.Fprintf(&b, " -> %d", f.Status)
		}
		b.WriteString("]")
	}
	if f.EventIndex != nil {
		fmt.Fprintf(&b, " event #%d", *f.EventIndex)
	}
	if f.Pointer != "" {
		fmt.Fprintf(&b, " at %s", f.Pointer)
	}
	if f.Expected != "" || f.Got != "" {
		fmt.Fprintf(&b, ": expected %s, got %s", f.Expected, f.Got)
	}
	return b.String()
}

// At returns a pointer to i, for Evidence.EventIndex.
func At(i int) *int { return &i }

// RequestLine renders "METHOD /path?query" for Evidence.Request.
func RequestLine(r *http.Request) string {
	if r == nil || r.URL == nil {
		return ""
	}
	return r.Method + " " + r.URL.RequestURI()
}

// Result is the outcome of one check in a run.
type Result struct {
	ID       string        `json:"id"`
	Title    string        `json:"title"`
	Side     Side          `json:"side"`
	Level    Level         `json:"level"`
	Section  string        `json:"section"`
	Status   Status        `json:"status"`
	Reason   string        `json:"reason,omitempty"` // why skipped, or the harness error
	Findings []Finding     `json:"findings,omitempty"`
	Duration time.Duration `json:"duration_ns"`
}

// resultOf starts the Result of c.
func resultOf(c Check) Result {
	return Result{ID: c.ID, Title: c.Title, Side: c.Side, Level: c.Level, Section: c.Section}
}
