package contract

import (
	"fmt"
	"net/url"
	"strings"
)

// OperationID names one of the ten operations of the Runs resource.
type OperationID string

// The ten operations (CONTRACT §1), named after the Ruby SDK methods.
const (
	OpCreate                     OperationID = "runs.create"
	OpCreateStreamRaw            OperationID = "runs.create_stream_raw"
	OpRetrieve                   OperationID = "runs.retrieve"
	OpUpdate                     OperationID = "runs.update"
	OpList                       OperationID = "runs.list"
	OpCancel                     OperationID = "runs.cancel"
	OpSubmitToolOutputs          OperationID = "runs.submit_tool_outputs"
	OpSubmitToolOutputsStreamRaw OperationID = "runs.submit_tool_outputs_stream_raw"
	OpStepsRetrieve              OperationID = "runs.steps.retrieve"
	OpStepsList                  OperationID = "runs.steps.list"
)

// Operation describes one operation: its HTTP shape and names.
type Operation struct {
	ID         OperationID
	Method     string   // GET or POST
	Path       string   // template relative to the base URL, e.g. "threads/{thread_id}/runs/{run_id}"
	PathParams []string // in template order
	Query      []string // query parameter names, include as "include[]"
	Body       bool     // the request carries a JSON body
	Stream     bool     // the request sets "stream": true and the answer is an event stream
	SpecID     string   // OpenAPI operationId
	Returns    string   // what a success returns: the object type, a list of it, or "stream"
}

var operations = [...]Operation{
	{OpCreate, "POST", "threads/{thread_id}/runs", []string{"thread_id"}, []string{"include[]"}, true, false, "createRun", ObjectRun},
	{OpCreateStreamRaw, "POST", "threads/{thread_id}/runs", []string{"thread_id"}, []string{"include[]"}, true, true, "createRun", "stream"},
	{OpRetrieve, "GET", "threads/{thread_id}/runs/{run_id}", []string{"thread_id", "run_id"}, nil, false, false, "getRun", ObjectRun},
	{OpUpdate, "POST", "threads/{thread_id}/runs/{run_id}", []string{"thread_id", "run_id"}, nil, true, false, "modifyRun", ObjectRun},
	{OpList, "GET", "threads/{thread_id}/runs", []string{"thread_id"}, []string{"after", "before", "limit", "order"}, false, false, "listRuns", ObjectList},
	{OpCancel, "POST", "threads/{thread_id}/runs/{run_id}/cancel", []string{"thread_id", "run_id"}, nil, false, false, "cancelRun", ObjectRun},
	{OpSubmitToolOutputs, "POST", "threads/{thread_id}/runs/{run_id}/submit_tool_outputs", []string{"thread_id", "run_id"}, nil, true, false, "submitToolOuputsToRun", ObjectRun},
	{OpSubmitToolOutputsStreamRaw, "POST", "threads/{thread_id}/runs/{run_id}/submit_tool_outputs", []string{"thread_id", "run_id"}, nil, true, true, "submitToolOuputsToRun", "stream"},
	{OpStepsRetrieve, "GET", "threads/{thread_id}/runs/{run_id}/steps/{step_id}", []string{"thread_id", "run_id", "step_id"}, []string{"include[]"}, false, false, "getRunStep", ObjectRunStep},
	{OpStepsList, "GET", "threads/{thread_id}/runs/{run_id}/steps", []string{"thread_id", "run_id"}, []string{"after", "before", "include[]", "limit", "order"}, false, false, "listRunSteps", ObjectList},
}

// Operations returns the ten operations in CONTRACT §1 order.
func Operations() []Operation {
	out := make([]Operation, len(operations))
	copy(out, operations[:])
	return out
}

// LookupOperation returns the operation with the given id.
func LookupOperation(id OperationID) (Operation, bool) {
	for _, op := range operations {
		if op.ID == id {
			return op, true
		}
	}
	return Operation{}, false
}

// BetaHeader and BetaValue are the header every Assistants request carries.
const (
	BetaHeader = "OpenAI-Beta"
	BetaValue  = "assistants=v2"
)

// PathArgError reports a path argument that cannot be used.
type PathArgError struct {
	Param string // e.g. "thread_id"
	Msg   string // the guard message, as the Ruby SDK words it
}

// Error describes the PathArgError.
func (e *PathArgError) Error() string { return e.Msg }

// ExpandPath fills the operation's path template with args, given in
// PathParams order. Each argument is percent-encoded as a path segment
// (RFC 3986: everything outside unreserved characters, sub-delims, ':' and
// '@' is escaped, so "a/b c" becomes "a%2Fb%20c"). Empty arguments and the
// segments "." and ".." are refused with a *PathArgError.
func (op Operation) ExpandPath(args ...string) (string, error) {
	if len(args) != len(op.PathParams) {
		return "", fmt.Errorf("%s takes %d path arguments, got %d", op.ID, len(op.PathParams), len(args))
	}
	for i, name := range op.PathParams {
		switch a := args[i]; a {
		case "":
			return "", &PathArgError{Param: name, Msg: "missing required path argument " + name}
		case ".", "..":
			return "", &PathArgError{Param: name, Msg: "path segment cannot be '.' or '..'"}
		}
	}
	return op.FillPath(args...), nil
}

// FillPath fills the path template like ExpandPath but without refusing
// empty or dot segments, to build out-of-contract requests on purpose.
// Missing arguments are left empty.
func (op Operation) FillPath(args ...string) string {
	path := op.Path
	for i, name := range op.PathParams {
		a := ""
		if i < len(args) {
			a = args[i]
		}
		path = strings.Replace(path, "{"+name+"}", EscapePathSegment(a), 1)
	}
	return path
}

// EscapePathSegment percent-encodes s for use as one path segment: every
// byte outside A-Za-z0-9-._~!$&'()*+,;=:@ is escaped (CONTRACT §1).
func EscapePathSegment(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isPChar(c) {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

func isPChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-._~!$&'()*+,;=:@", c) >= 0
}

// MatchPath finds the operations whose method and path template match a
// request path relative to the base URL (e.g. "threads/t1/runs"), and
// returns the decoded path arguments. Stream and non-stream variants share
// a path, so a POST to a run's path matches both; the body's stream flag
// tells them apart.
func MatchPath(method, path string) ([]Operation, []string) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	var ops []Operation
	var args []string
	for _, op := range operations {
		if op.Method != method {
			continue
		}
		if a, ok := matchTemplate(op.Path, segs); ok {
			ops, args = append(ops, op), a
		}
	}
	return ops, args
}

func matchTemplate(template string, segs []string) ([]string, bool) {
	tsegs := strings.Split(template, "/")
	if len(tsegs) != len(segs) {
		return nil, false
	}
	var args []string
	for i, t := range tsegs {
		if strings.HasPrefix(t, "{") {
			a, err := url.PathUnescape(segs[i])
			if err != nil || a == "" {
				return nil, false
			}
			args = append(args, a)
			continue
		}
		if t != segs[i] {
			return nil, false
		}
	}
	return args, true
}
