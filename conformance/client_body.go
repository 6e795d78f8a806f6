package conformance

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/runsuite/runsuite/contract"
)

// MaxInspectedBody is the largest body the client rules read; a larger one
// is flagged by client.body.json and not inspected further. It matches the
// emulator's cap, beyond which it answers 413.
const MaxInspectedBody = 1 << 20

// bodyTruncated marks a Request whose body was over MaxInspectedBody: the
// middleware keeps only the first MaxInspectedBody+1 bytes.
func bodyTruncated(r *Request) bool { return len(r.Body) > MaxInspectedBody }

// parseBodyObject decodes a JSON object body with numbers kept as text. An
// empty body reads as an empty object.
func parseBodyObject(body []byte) (map[string]any, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return map[string]any{}, nil
	}
	if !utf8.Valid(body) {
		return nil, errors.New("not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("not JSON: %w", err)
	}
	if len(bytes.TrimSpace(body[dec.InputOffset():])) > 0 {
		return nil, errors.New("data after the JSON value")
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("a JSON %s, not an object", jsonTypeWord(v))
	}
	return m, nil
}

// jsonTypeWord names the JSON type of v without its article: "array".
func jsonTypeWord(v any) string {
	name := contract.JSONTypeName(v)
	if rest, ok := strings.CutPrefix(name, "an "); ok {
		return rest
	}
	return strings.TrimPrefix(name, "a ")
}

// bodyOps are the operations that carry a JSON body.
var bodyOps = []contract.OperationID{
	contract.OpCreate, contract.OpCreateStreamRaw, contract.OpUpdate,
	contract.OpSubmitToolOutputs, contract.OpSubmitToolOutputsStreamRaw,
}

// inspectBodyJSON judges the framing of a body operation's body: a JSON
// object in UTF-8, sent as application/json (CONTRACT §1.1).
func inspectBodyJSON(r *Request) []Finding {
	if !opIs(r, bodyOps...) {
		return nil
	}
	if bodyTruncated(r) {
		return []Finding{{Message: "body too large to inspect", Evidence: Evidence{Request: r.Line(),
			Expected: fmt.Sprintf("at most %d bytes", MaxInspectedBody), Got: fmt.Sprintf("more than %d bytes", MaxInspectedBody)}}}
	}
	var out []Finding
	if _, err := parseBodyObject(r.Body); err != nil {
		out = append(out, Finding{Message: "body is not a JSON object", Evidence: Evidence{Request: r.Line(),
			Expected: "a JSON object", Got: err.Error()}})
	}
	if len(bytes.TrimSpace(r.Body)) > 0 {
		ct := r.Header.Get("Content-Type")
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || mt != "application/json" {
			got := strconv.Quote(ct)
			if ct == "" {
				got = "no Content-Type"
			}
			out = append(out, Finding{Message: "JSON body sent without Content-Type: application/json",
				Evidence: Evidence{Request: r.Line(), Expected: "application/json", Got: got}})
		}
	}
	return out
}

// inspectBodySchema judges a body against its schema (CONTRACT §2): no
// unknown keys, the right JSON types, required keys present, enum values.
// The top-level "stream" key is client.body.stream's.
func inspectBodySchema(r *Request) []Finding {
	if !opIs(r, bodyOps...) || bodyTruncated(r) {
		return nil
	}
	obj, err := parseBodyObject(r.Body)
	if err != nil {
		return nil // client.body.json
	}
	issues, err := checkBodySchema(r.Operation.ID, obj)
	if err != nil {
		return []Finding{{Message: "body schema unknown", Evidence: Evidence{Request: r.Line(), Expected: "a body schema for " + string(r.Operation.ID), Got: err.Error()}}}
	}
	out := make([]Finding, 0, len(issues))
	for _, is := range issues {
		out = append(out, Finding{Message: is.Kind.String(), Evidence: Evidence{Request: r.Line(), Pointer: is.Pointer, Expected: is.Expected, Got: is.Got}})
	}
	return out
}

// inspectBodyBounds applies contract's Validate (the bounds of CONTRACT
// §2: metadata sizes, token minimums, temperature and top_p ranges, at
// most 20 tools, ...) to a body that fits its schema.
func inspectBodyBounds(r *Request) []Finding {
	if !opIs(r, bodyOps...) || bodyTruncated(r) {
		return nil
	}
	obj, err := parseBodyObject(r.Body)
	if err != nil {
		return nil
	}
	if issues, err := checkBodySchema(r.Operation.ID, obj); err != nil || len(issues) > 0 {
		return nil // client.body.schema; the typed decode would not be faithful
	}
	body := r.Body
	if len(bytes.TrimSpace(body)) == 0 {
		body = []byte("{}")
	}
	var verr error
	switch r.Operation.ID {
	case contract.OpCreate, contract.OpCreateStreamRaw:
		var p contract.RunCreateParams
		if err = json.Unmarshal(body, &p); err == nil {
			verr = p.Validate()
		}
	case contract.OpUpdate:
		var p contract.RunUpdateParams
		if err = json.Unmarshal(body, &p); err == nil {
			verr = p.Validate()
		}
	case contract.OpSubmitToolOutputs, contract.OpSubmitToolOutputsStreamRaw:
		var p contract.RunSubmitToolOutputsParams
		if err = json.Unmarshal(body, &p); err == nil {
			verr = p.Validate()
		}
	}
	if err != nil {
		return []Finding{{Message: "body does not decode into the contract's parameters", Evidence: Evidence{Request: r.Line(), Expected: "values Go can hold", Got: err.Error()}}}
	}
	var pe *contract.ParamError
	if errors.As(verr, &pe) {
		return []Finding{{Message: "parameter out of bounds", Evidence: Evidence{Request: r.Line(), Pointer: fieldPointer(pe.Field), Expected: pe.Msg, Got: bodyValueAt(obj, fieldPointer(pe.Field))}}}
	}
	if verr != nil {
		return []Finding{{Message: "parameters refused", Evidence: Evidence{Request: r.Line(), Got: verr.Error()}}}
	}
	return nil
}

// bodyValueAt renders the value at a JSON pointer of obj, shortened, for
// Evidence.Got.
func bodyValueAt(obj map[string]any, pointer string) string {
	var cur any = obj
	for _, tok := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		tok = tokenUnescaper.Replace(tok)
		switch c := cur.(type) {
		case map[string]any:
			cur = c[tok]
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(c) {
				return "?"
			}
			cur = c[i]
		default:
			return "?"
		}
	}
	switch c := cur.(type) {
	case []any:
		return fmt.Sprintf("%d items", len(c))
	case map[string]any:
		return fmt.Sprintf("%d keys", len(c))
	}
	b, _ := json.Marshal(cur)
	if len(b) > 80 {
		return string(b[:77]) + "..."
	}
	return string(b)
}

// inspectStream judges the stream flag (CONTRACT §1, §8.1): only create
// and submit_tool_outputs may carry "stream", as a boolean (or null); a
// client that wants a stream must say so in the body, since servers do not
// choose from Accept (Node and Go send Accept: application/json on
// streams).
func inspectStream(r *Request) []Finding {
	if r.Operation == nil || bodyTruncated(r) {
		return nil
	}
	state := bodyStream(r.Body)
	streamable := opIs(r, contract.OpCreate, contract.OpCreateStreamRaw, contract.OpSubmitToolOutputs, contract.OpSubmitToolOutputsStreamRaw)
	var out []Finding
	switch {
	case !streamable && state != streamAbsent:
		out = append(out, Finding{Message: fmt.Sprintf("%s does not stream and takes no stream flag", r.Operation.ID),
			Evidence: Evidence{Request: r.Line(), Pointer: "/stream", Expected: "no stream key", Got: "a stream key"}})
	case streamable && state == streamInvalid:
		out = append(out, Finding{Message: "stream flag is not a boolean",
			Evidence: Evidence{Request: r.Line(), Pointer: "/stream", Expected: "true, false or null", Got: "another JSON type"}})
	}
	if streamable && acceptsOnlyEventStream(r.Header) && state != streamTrue {
		out = append(out, Finding{Message: "asks for an event stream by Accept only: the server streams on the body's \"stream\": true",
			Evidence: Evidence{Request: r.Line(), Pointer: "/stream", Expected: "\"stream\": true in the body", Got: "Accept: " + r.Header.Get("Accept")}})
	}
	return out
}

// acceptsOnlyEventStream reports whether an Accept header asks for an
// event stream and nothing a JSON answer satisfies. .NET sends
// "application/json, text/event-stream" on every create and submit, which
// takes either answer and is fine.
func acceptsOnlyEventStream(h http.Header) bool {
	stream := false
	for _, v := range h.Values("Accept") {
		for part := range strings.SplitSeq(v, ",") {
			mt, _, _ := strings.Cut(part, ";")
			switch strings.ToLower(strings.TrimSpace(mt)) {
			case "text/event-stream":
				stream = true
			case "application/json", "application/*", "*/*":
				return false
			}
		}
	}
	return stream
}

// inspectNoBody judges GET requests and cancel: they carry no body
// (CONTRACT §1.1, §8.9).
func inspectNoBody(r *Request) []Finding {
	if r.Operation == nil || (r.Operation.Method != "GET" && r.Operation.ID != contract.OpCancel) {
		return nil
	}
	if len(r.Body) == 0 {
		return nil
	}
	got := fmt.Sprintf("%d bytes", len(r.Body))
	if bodyTruncated(r) {
		got = fmt.Sprintf("more than %d bytes", MaxInspectedBody)
	}
	return []Finding{{Message: fmt.Sprintf("%s sent a body", r.Operation.ID),
		Evidence: Evidence{Request: r.Line(), Expected: "no body (Content-Length: 0 or none)", Got: got}}}
}
