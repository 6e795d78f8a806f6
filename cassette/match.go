package cassette

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	vcr "gopkg.in/dnaeon/go-vcr.v4/pkg/cassette"
)

// maxDiffs bounds how many differences Diff reports for one pair.
const maxDiffs = 20

// Match is the semantic matcher of recorded requests, a go-vcr MatcherFunc:
// it reports whether Diff finds no difference.
func Match(r *http.Request, rec vcr.Request) bool {
	return len(Diff(r, rec)) == 0
}

// Diff lists how a request a client sent differs from a recorded one, each
// difference naming its field: the method, the decoded path, the query
// compared as a multiset of decoded key/value pairs (order and encoding of
// include[] do not matter), and the body compared as JSON when both sides
// are JSON (key order and number spelling do not matter; the JSON pointer
// of each differing value is named), byte for byte otherwise. Host, scheme
// and headers are not compared. r's body is read and put back.
func Diff(r *http.Request, rec vcr.Request) []string {
	var diffs []string
	if !strings.EqualFold(r.Method, rec.Method) {
		diffs = append(diffs, fmt.Sprintf("method: got %s, want %s", r.Method, rec.Method))
	}
	ru, err := url.Parse(rec.URL)
	if err != nil {
		return append(diffs, fmt.Sprintf("recorded url %q: %v", rec.URL, err))
	}
	if r.URL.Path != ru.Path {
		diffs = append(diffs, fmt.Sprintf("path: got %s, want %s", r.URL.Path, ru.Path))
	}
	diffs = append(diffs, diffQuery(r.URL.RawQuery, ru.RawQuery)...)
	body, err := readBody(r)
	if err != nil {
		return append(diffs, fmt.Sprintf("body: %v", err))
	}
	diffs = append(diffs, DiffBodies(body, []byte(rec.Body))...)
	if len(diffs) > maxDiffs {
		diffs = append(diffs[:maxDiffs], fmt.Sprintf("... and %d more", len(diffs)-maxDiffs))
	}
	return diffs
}

// readBody returns r's body and replaces it with a fresh reader over the
// same bytes, so the request can be read again.
func readBody(r *http.Request) ([]byte, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, MaxFileSize))
	r.Body.Close()
	r.Body = io.NopCloser(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("read request body: %w", err)
	}
	return data, nil
}

// diffQuery compares two raw queries as multisets of decoded pairs.
func diffQuery(gotRaw, wantRaw string) []string {
	got, gerr := url.ParseQuery(gotRaw)
	want, werr := url.ParseQuery(wantRaw)
	if gerr != nil || werr != nil {
		if gotRaw != wantRaw {
			return []string{fmt.Sprintf("query: got %q, want %q", gotRaw, wantRaw)}
		}
		return nil
	}
	keys := make([]string, 0, len(got)+len(want))
	for k := range got {
		keys = append(keys, k)
	}
	for k := range want {
		if _, ok := got[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var diffs []string
	for _, k := range keys {
		g, w := slices.Sorted(slices.Values(got[k])), slices.Sorted(slices.Values(want[k]))
		if slices.Equal(g, w) {
			continue
		}
		switch {
		case len(w) == 0:
			diffs = append(diffs, fmt.Sprintf("query %s: got %q, want no such key", k, g))
		case len(g) == 0:
			diffs = append(diffs, fmt.Sprintf("query %s: got no such key, want %q", k, w))
		default:
			diffs = append(diffs, fmt.Sprintf("query %s: got %q, want %q", k, g, w))
		}
	}
	return diffs
}

// DiffBodies compares two bodies: as JSON values when both parse as JSON,
// naming the JSON pointer of each difference, byte for byte otherwise.
func DiffBodies(got, want []byte) []string {
	if bytes.Equal(got, want) {
		return nil
	}
	gv, gok := decodeJSON(got)
	wv, wok := decodeJSON(want)
	if gok && wok {
		var diffs []string
		diffJSON("", gv, wv, &diffs)
		return diffs
	}
	return []string{fmt.Sprintf("body: got %s, want %s", short(got), short(want))}
}

// decodeJSON decodes one JSON value, keeping numbers as written.
func decodeJSON(data []byte) (any, bool) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, false
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, false
	}
	return v, true
}

// diffJSON appends the differences between two decoded JSON values at
// pointer (RFC 6901) to diffs.
func diffJSON(pointer string, got, want any, diffs *[]string) {
	if len(*diffs) > maxDiffs {
		return
	}
	at := pointer
	if at == "" {
		at = "/"
	}
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			break
		}
		keys := make([]string, 0, len(g)+len(w))
		for k := range w {
			keys = append(keys, k)
		}
		for k := range g {
			if _, ok := w[k]; !ok {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			p := pointer + "/" + escapePointer(k)
			gv, gok := g[k]
			wv, wok := w[k]
			switch {
			case !wok:
				*diffs = append(*diffs, fmt.Sprintf("body %s: got %s, want no such key", p, render(gv)))
			case !gok:
				*diffs = append(*diffs, fmt.Sprintf("body %s: got no such key, want %s", p, render(wv)))
			default:
				diffJSON(p, gv, wv, diffs)
			}
		}
		return
	case []any:
		g, ok := got.([]any)
		if !ok {
			break
		}
		if len(g) != len(w) {
			*diffs = append(*diffs, fmt.Sprintf("body %s: got %d items, want %d", at, len(g), len(w)))
		}
		for i := range min(len(g), len(w)) {
			diffJSON(pointer+"/"+strconv.Itoa(i), g[i], w[i], diffs)
		}
		return
	case json.Number:
		if g, ok := got.(json.Number); ok && sameNumber(g, w) {
			return
		}
	default:
		if got == want {
			return
		}
	}
	*diffs = append(*diffs, fmt.Sprintf("body %s: got %s, want %s", at, render(got), render(want)))
}

// sameNumber reports whether two JSON numbers have the same value (1 and
// 1.0 do).
func sameNumber(a, b json.Number) bool {
	if a == b {
		return true
	}
	x, errA := strconv.ParseFloat(string(a), 64)
	y, errB := strconv.ParseFloat(string(b), 64)
	return errA == nil && errB == nil && x == y
}

// escapePointer escapes a key for a JSON pointer (RFC 6901 §3).
func escapePointer(k string) string {
	return strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1")
}

// render shows a decoded JSON value compactly, shortened when long.
func render(v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if len(data) > 120 {
		return string(data[:120]) + "..."
	}
	return string(data)
}

// short quotes at most 120 bytes of b for a message.
func short(b []byte) string {
	if len(b) == 0 {
		return "no body"
	}
	if len(b) > 120 {
		return strconv.Quote(string(b[:120])) + "..."
	}
	return strconv.Quote(string(b))
}
