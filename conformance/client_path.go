package conformance

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/runsuite/runsuite/contract"
)

// badSegment returns why a raw path segment cannot be part of a contract
// path, or "": empty (an empty id, or a doubled or trailing slash) or a
// dot segment, raw or percent-encoded (CONTRACT §1.3).
func badSegment(seg string) string {
	if seg == "" {
		return "empty segment"
	}
	dec, err := url.PathUnescape(seg)
	if err != nil {
		dec = seg
	}
	if dec == "." || dec == ".." {
		return "unusable dot segment " + strconv.Quote(seg)
	}
	return ""
}

// inspectPathIDs judges the path shape: every segment below /v1/ is
// non-empty and no segment is "." or ".." (the guards of CONTRACT §1.3;
// the Ruby SDK sends threads//runs for an empty id).
func inspectPathIDs(r *Request) []Finding {
	segs, ok := relSegments(r.Path)
	if !ok {
		return nil // client.operation.known
	}
	var out []Finding
	for i, seg := range segs {
		why := badSegment(seg)
		if why == "" {
			continue
		}
		expected := "a non-empty id, not . or .."
		if r.Operation != nil {
			tsegs := strings.Split(r.Operation.Path, "/")
			if i < len(tsegs) && strings.HasPrefix(tsegs[i], "{") {
				expected = "a non-empty " + strings.Trim(tsegs[i], "{}") + ", not . or .."
			}
		}
		out = append(out, Finding{Message: "path has an " + why,
			Evidence: Evidence{Request: r.Line(), Expected: expected, Got: fmt.Sprintf("segment %d of %s", i+1, strconv.Quote(r.Path))}})
	}
	return out
}

// inspectPathEscaping judges the percent-encoding of the path (CONTRACT
// §1): every byte outside A-Za-z0-9-._~!$&'()*+,;=:@ and the slashes is
// escaped, and every '%' starts a valid escape. Escaping more than needed
// is legitimate (RFC 3986 §6.2.2.2) and accepted.
func inspectPathEscaping(r *Request) []Finding {
	if !strings.HasPrefix(r.Path, BasePath) {
		return nil
	}
	for i := 0; i < len(r.Path); i++ {
		c := r.Path[i]
		switch {
		case c == '%':
			if i+2 >= len(r.Path) || !isHexDigit(r.Path[i+1]) || !isHexDigit(r.Path[i+2]) {
				return []Finding{{Message: "path has a '%' that starts no valid escape",
					Evidence: Evidence{Request: r.Line(), Expected: "%XX with two hex digits", Got: fmt.Sprintf("%q at byte %d", r.Path[i:min(i+3, len(r.Path))], i)}}}
			}
			i += 2
		case c == '/' || contract.EscapePathSegment(string(c)) == string(c):
		default:
			return []Finding{{Message: "path has a character that must be percent-encoded",
				Evidence: Evidence{Request: r.Line(), Expected: fmt.Sprintf("%%%02X", c), Got: fmt.Sprintf("%q raw at byte %d", string(c), i)}}}
		}
	}
	return nil
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// inspectKnownOperation judges that a request is one of the ten operations
// of CONTRACT §1 or one of the set-up calls around them (assistants,
// threads, messages, thread-and-run), under /v1/. A path whose shape is
// broken is client.path.ids's, not this rule's.
func inspectKnownOperation(r *Request) []Finding {
	if isKnownCall(r) {
		return nil
	}
	if segs, ok := relSegments(r.Path); ok {
		for _, s := range segs {
			if badSegment(s) != "" {
				return nil
			}
		}
		// Known path, other method?
		for _, m := range []string{"GET", "POST", "DELETE"} {
			if m == r.Method {
				continue
			}
			probe := &Request{Method: m, Path: r.Path}
			probe.Operation, _ = matchOperation(m, r.Path, nil)
			if isKnownCall(probe) {
				name := setupCallOf(probe)
				if probe.Operation != nil {
					name = string(probe.Operation.ID)
				}
				return []Finding{{Message: "method not allowed on this path",
					Evidence: Evidence{Request: r.Line(), Expected: m + " (" + name + ")", Got: r.Method}}}
			}
		}
		return []Finding{{Message: "no operation of the contract has this path",
			Evidence: Evidence{Request: r.Line(), Expected: "threads/{thread_id}/runs[/{run_id}[/cancel|/submit_tool_outputs|/steps[/{step_id}]]] or a set-up call", Got: r.Path}}}
	}
	return []Finding{{Message: "request is not under the base path " + BasePath,
		Evidence: Evidence{Request: r.Line(), Expected: "a path starting with " + BasePath, Got: r.Path}}}
}

// inspectBeta judges the OpenAI-Beta: assistants=v2 header (CONTRACT
// §1.1), on the ten operations and the set-up calls of the Assistants beta
// (not files or vector stores). The Ruby SDK drops it when
// request_options replace extra_headers.
func inspectBeta(r *Request) []Finding {
	if !isBetaCall(r) {
		return nil
	}
	vals := r.Header.Values(contract.BetaHeader)
	for _, v := range vals {
		for part := range strings.SplitSeq(v, ",") {
			if strings.TrimSpace(part) == contract.BetaValue {
				return nil
			}
		}
	}
	got := "no " + contract.BetaHeader + " header"
	if len(vals) > 0 {
		got = strconv.Quote(strings.Join(vals, ", "))
	}
	return []Finding{{Message: "OpenAI-Beta: assistants=v2 missing",
		Evidence: Evidence{Request: r.Line(), Expected: contract.BetaHeader + ": " + contract.BetaValue, Got: got}}}
}

// inspectAuth judges bearer auth (CONTRACT §1, §6): Authorization: Bearer
// and a non-empty token. The evidence never holds the token.
func inspectAuth(r *Request) []Finding {
	if !isKnownCall(r) {
		return nil
	}
	vals := r.Header.Values("Authorization")
	var got string
	switch {
	case len(vals) == 0:
		got = "no Authorization header"
	case len(vals) > 1:
		got = fmt.Sprintf("%d Authorization headers", len(vals))
	default:
		scheme, token, _ := strings.Cut(vals[0], " ")
		switch {
		case !strings.EqualFold(scheme, "Bearer"):
			got = "scheme " + strconv.Quote(redactScheme(scheme))
		case strings.TrimSpace(token) == "":
			got = "an empty bearer token"
		default:
			return nil
		}
	}
	return []Finding{{Message: "bearer auth missing",
		Evidence: Evidence{Request: r.Line(), Expected: "Authorization: Bearer <api key>", Got: got}}}
}

// redactScheme keeps a scheme name short and free of secrets: a value with
// no space may be a bare key.
func redactScheme(s string) string {
	if len(s) > 12 || strings.ContainsAny(s, "-_.") {
		return "<redacted>"
	}
	return s
}
