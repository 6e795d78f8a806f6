package conformance

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/runsuite/runsuite/contract"
)

// BasePath is the path prefix every request of the contract starts with:
// clients are given a base URL ending in /v1.
const BasePath = "/v1/"

// NewRequest builds the Request client rules judge from r, a request as a
// server received it, and its body (read by the caller, nil when empty).
// The path is taken from the request line as sent, before any cleaning or
// re-encoding, and matched against the ten operations under BasePath; a
// create or submit whose body sets "stream": true matches the stream
// variant. Path arguments may come out empty or as dot segments: the path
// rules judge those, so such a request still names its operation.
func NewRequest(r *http.Request, body []byte) *Request {
	path, query := rawTarget(r)
	req := &Request{
		Method:   r.Method,
		Path:     path,
		RawQuery: query,
		Header:   r.Header,
		Body:     body,
	}
	req.Operation, req.PathArgs = matchOperation(req.Method, path, body)
	return req
}

// rawTarget returns the path and query of r as they were on the request
// line (RequestURI), falling back to r.URL for requests built in process.
func rawTarget(r *http.Request) (path, query string) {
	target := r.RequestURI
	if target == "" && r.URL != nil {
		target = r.URL.RequestURI()
	}
	if strings.HasPrefix(target, "http://") || strings.HasPrefix(target, "https://") {
		// absolute-form (RFC 9112 §3.2.2): drop the scheme and authority
		if i := strings.IndexByte(target[strings.Index(target, "//")+2:], '/'); i >= 0 {
			target = target[strings.Index(target, "//")+2+i:]
		} else {
			target = "/"
		}
	}
	path, query, _ = strings.Cut(target, "?")
	return path, query
}

// relSegments returns the raw segments of path below BasePath, and false
// when the path is not under it.
func relSegments(path string) ([]string, bool) {
	rel, ok := strings.CutPrefix(path, BasePath)
	if !ok {
		return nil, false
	}
	return strings.Split(rel, "/"), true
}

// matchOperation finds the operation of a request by method and path
// shape; path arguments may be empty. The stream flag of the body chooses
// between the stream and non-stream variants sharing a path.
func matchOperation(method, path string, body []byte) (*contract.Operation, []string) {
	segs, ok := relSegments(path)
	if !ok {
		return nil, nil
	}
	var found []contract.Operation
	var args []string
	for _, op := range contract.Operations() {
		if op.Method != method {
			continue
		}
		if a, ok := matchSegments(op.Path, segs); ok {
			found, args = append(found, op), a
		}
	}
	if len(found) == 0 {
		return nil, nil
	}
	op := found[0]
	if len(found) > 1 {
		stream := bodyStream(body) == streamTrue
		for _, o := range found {
			if o.Stream == stream {
				op = o
			}
		}
	}
	return &op, args
}

// matchSegments matches raw path segments against a template such as
// "threads/{thread_id}/runs" ("{}" also marks an argument) and returns the
// unescaped arguments; an argument that does not unescape is kept raw.
func matchSegments(template string, segs []string) ([]string, bool) {
	tsegs := strings.Split(template, "/")
	if len(tsegs) != len(segs) {
		return nil, false
	}
	var args []string
	for i, t := range tsegs {
		if strings.HasPrefix(t, "{") {
			a, err := url.PathUnescape(segs[i])
			if err != nil {
				a = segs[i]
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

// bodyStreamState is what a body says about streaming.
type bodyStreamState uint8

const (
	streamAbsent  bodyStreamState = iota // no "stream" key, or no JSON object body
	streamTrue                           // "stream": true
	streamFalse                          // "stream": false or null
	streamInvalid                        // "stream" holds another type
)

// bodyStream reads the top-level "stream" key of a JSON object body.
func bodyStream(body []byte) bodyStreamState {
	if len(bytes.TrimSpace(body)) == 0 {
		return streamAbsent
	}
	var top map[string]json.RawMessage
	if json.Unmarshal(body, &top) != nil {
		return streamAbsent
	}
	raw, ok := top["stream"]
	if !ok {
		return streamAbsent
	}
	switch string(bytes.TrimSpace(raw)) {
	case "true":
		return streamTrue
	case "false", "null":
		return streamFalse
	}
	return streamInvalid
}

// setupCall is one call of the set-up surface a client makes around runs
// (assistants, threads, messages, thread-and-run): accepted by the client
// rules, counted in coverage apart from the ten operations.
type setupCall struct {
	id      string // coverage key, after SetupPrefix
	method  string
	pattern string // "{}" marks a path argument
	beta    bool   // an Assistants beta call, which sends OpenAI-Beta
}

// SetupPrefix starts the Coverage.Operations key of a set-up call, as in
// "setup.threads.create"; the ten operations have keys without it.
const SetupPrefix = "setup."

// setupCalls are the set-up endpoints of the Assistants API, in match
// order: literal segments before arguments in the same place.
var setupCalls = []setupCall{
	{"assistants.create", "POST", "assistants", true},
	{"assistants.list", "GET", "assistants", true},
	{"assistants.retrieve", "GET", "assistants/{}", true},
	{"assistants.update", "POST", "assistants/{}", true},
	{"assistants.delete", "DELETE", "assistants/{}", true},
	{"threads.create", "POST", "threads", true},
	{"threads.create_and_run", "POST", "threads/runs", true},
	{"threads.retrieve", "GET", "threads/{}", true},
	{"threads.update", "POST", "threads/{}", true},
	{"threads.delete", "DELETE", "threads/{}", true},
	{"threads.messages.create", "POST", "threads/{}/messages", true},
	{"threads.messages.list", "GET", "threads/{}/messages", true},
	{"threads.messages.retrieve", "GET", "threads/{}/messages/{}", true},
	{"threads.messages.update", "POST", "threads/{}/messages/{}", true},
	{"threads.messages.delete", "DELETE", "threads/{}/messages/{}", true},
	// Files and vector stores feed file_search runs (the .NET recordings
	// upload a file first); they are not beta calls and send no OpenAI-Beta.
	{"files.create", "POST", "files", false},
	{"files.list", "GET", "files", false},
	{"files.retrieve", "GET", "files/{}", false},
	{"files.delete", "DELETE", "files/{}", false},
	{"vector_stores.create", "POST", "vector_stores", false},
	{"vector_stores.retrieve", "GET", "vector_stores/{}", false},
	{"vector_stores.delete", "DELETE", "vector_stores/{}", false},
	{"vector_stores.files.create", "POST", "vector_stores/{}/files", false},
}

// setupCallOf returns the set-up call r makes, or "" when it makes none
// (it may then be one of the ten operations, or unknown).
func setupCallOf(r *Request) string { return findSetupCall(r).id }

// findSetupCall returns the set-up call r makes, zero when none.
func findSetupCall(r *Request) setupCall {
	if r.Operation != nil {
		return setupCall{}
	}
	segs, ok := relSegments(r.Path)
	if !ok {
		return setupCall{}
	}
	for _, c := range setupCalls {
		if c.method == r.Method {
			if _, ok := matchSegments(c.pattern, segs); ok {
				return c
			}
		}
	}
	return setupCall{}
}

// isKnownCall reports whether r is one of the ten operations or a set-up
// call: the requests whose auth the rules check.
func isKnownCall(r *Request) bool { return r.Operation != nil || setupCallOf(r) != "" }

// isBetaCall reports whether r must send OpenAI-Beta: one of the ten
// operations, or a set-up call of the Assistants beta.
func isBetaCall(r *Request) bool { return r.Operation != nil || findSetupCall(r).beta }

// opIs reports whether r matched one of ids.
func opIs(r *Request, ids ...contract.OperationID) bool {
	if r.Operation == nil {
		return false
	}
	for _, id := range ids {
		if r.Operation.ID == id {
			return true
		}
	}
	return false
}
