package conformance

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/runsuite/runsuite/contract"
)

// queryPair is one key=value of a query string as sent, and decoded.
type queryPair struct {
	raw      string // the pair as sent
	key      string // decoded
	value    string // decoded
	hasValue bool   // the pair had an '='
	badCode  bool   // key or value held an invalid percent-encoding
}

// maxQueryPairs bounds how many pairs of one query the rules look at.
const maxQueryPairs = 64

// parseQuery splits a raw query into its pairs, decoding each as
// application/x-www-form-urlencoded ('+' is a space). Empty pieces
// ("a=1&&b=2") are skipped, as servers do.
func parseQuery(raw string) []queryPair {
	var out []queryPair
	for piece := range strings.SplitSeq(raw, "&") {
		if piece == "" {
			continue
		}
		if len(out) == maxQueryPairs {
			break
		}
		k, v, has := strings.Cut(piece, "=")
		p := queryPair{raw: piece, hasValue: has}
		var err1, err2 error
		p.key, err1 = url.QueryUnescape(k)
		p.value, err2 = url.QueryUnescape(v)
		if err1 != nil || err2 != nil {
			p.badCode = true
			p.key, p.value = k, v
		}
		out = append(out, p)
	}
	return out
}

// includeKey is the query key of include in every SDK (CONTRACT §1.2).
const includeKey = "include[]"

// isIncludeLike reports whether a decoded query key is some spelling of
// include: include, include[], include[0], include%5B%5D encoded twice.
func isIncludeLike(key string) bool {
	return key == "include" || strings.HasPrefix(key, "include[") || strings.HasPrefix(key, "include%")
}

// inspectInclude judges the include[] encodings of r (CONTRACT §1.2, §8.2).
// Every legitimate form decodes to the key include[] and the one enum
// value: brackets of the key raw or percent-encoded, '*' raw or %2A. A
// form that loses the brackets or the value is flagged.
func inspectInclude(r *Request) []Finding {
	if r.Operation == nil {
		return nil
	}
	takes := slices.Contains(r.Operation.Query, includeKey)
	var out []Finding
	for _, p := range parseQuery(r.RawQuery) {
		if !isIncludeLike(p.key) {
			continue
		}
		f := Finding{Evidence: Evidence{Request: r.Line()}}
		switch {
		case !takes:
			f.Message = fmt.Sprintf("%s takes no include[]", r.Operation.ID)
			f.Expected, f.Got = "no include parameter", p.raw
		case p.badCode:
			f.Message = "include[] is not valid percent-encoding"
			f.Expected, f.Got = "include%5B%5D="+url.QueryEscape(string(contract.IncludeFileSearchResultContent)), p.raw
		case p.key == "include":
			f.Message = "include sent without brackets: the server reads include[] and loses the value"
			f.Expected, f.Got = "key include[]", "key include"
		case p.key != includeKey:
			f.Message = "include sent in a form the contract does not use (array format must be brackets)"
			f.Expected, f.Got = "key include[]", "key "+strconv.Quote(p.key)
		case !p.hasValue || p.value == "":
			f.Message = "include[] sent without its value"
			f.Expected, f.Got = strconv.Quote(string(contract.IncludeFileSearchResultContent)), "empty"
		case p.value != string(contract.IncludeFileSearchResultContent):
			f.Message = "include[] value is not the one the contract allows (lossy or wrong encoding)"
			f.Expected, f.Got = strconv.Quote(string(contract.IncludeFileSearchResultContent)), strconv.Quote(p.value)
		default:
			continue
		}
		out = append(out, f)
	}
	return out
}

// inspectQueryParams judges the other query parameters of r: only those
// of the operation (CONTRACT §1, §2.2), each once, limit an integer in
// 1..100 and order asc or desc. Empty cursors are client.query.cursor's.
func inspectQueryParams(r *Request) []Finding {
	if r.Operation == nil {
		return nil
	}
	var out []Finding
	seen := map[string]bool{}
	flag := func(p queryPair, msg, expected, got string) {
		out = append(out, Finding{Message: msg, Evidence: Evidence{Request: r.Line(), Expected: expected, Got: got}})
	}
	for _, p := range parseQuery(r.RawQuery) {
		if isIncludeLike(p.key) {
			continue // client.query.include
		}
		if !slices.Contains(r.Operation.Query, p.key) {
			want := "no query parameters"
			if len(r.Operation.Query) > 0 {
				want = "one of " + strings.Join(r.Operation.Query, ", ")
			}
			flag(p, fmt.Sprintf("%s takes no query parameter %q", r.Operation.ID, p.key), want, strconv.Quote(p.key))
			continue
		}
		if seen[p.key] {
			flag(p, fmt.Sprintf("query parameter %s sent twice", p.key), "once", "twice")
			continue
		}
		seen[p.key] = true
		switch p.key {
		case "limit":
			n, err := strconv.Atoi(p.value)
			if err != nil || n < contract.MinListLimit || n > contract.MaxListLimit {
				flag(p, "limit is not an integer in range", fmt.Sprintf("an integer in %d..%d", contract.MinListLimit, contract.MaxListLimit), strconv.Quote(p.value))
			}
		case "order":
			if p.value != string(contract.OrderAsc) && p.value != string(contract.OrderDesc) {
				flag(p, "order is neither asc nor desc", "asc or desc", strconv.Quote(p.value))
			}
		}
	}
	return out
}

// inspectCursor judges the cursors of a list call: after and before carry
// an id. The Ruby SDK sends a bare "after" when a page has has_more but no
// data, and "after=" for a nil argument (CONTRACT §1.2, §5); servers read
// both as no cursor or as an id "", so the request is ambiguous.
func inspectCursor(r *Request) []Finding {
	if !opIs(r, contract.OpList, contract.OpStepsList) {
		return nil
	}
	var out []Finding
	for _, p := range parseQuery(r.RawQuery) {
		if (p.key == "after" || p.key == "before") && p.value == "" {
			msg := p.key + " cursor sent without an id"
			if !p.hasValue {
				msg = "bare " + p.key + " with no '=' (the Ruby SDK does this after an empty page with has_more)"
			}
			out = append(out, Finding{Message: msg, Evidence: Evidence{Request: r.Line(), Expected: "an object id, or no " + p.key + " at all", Got: strconv.Quote(p.raw)}})
		}
	}
	return out
}
