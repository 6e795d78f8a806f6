package conformance

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// Building blocks of the server checks' broken twins.

// setStatus returns an edit for rewrite that answers with status instead.
func setStatus(status int) func(*http.Request, *int, http.Header, []byte) []byte {
	return func(_ *http.Request, s *int, _ http.Header, body []byte) []byte {
		*s = status
		return body
	}
}

// pathHas matches requests whose path contains part; an empty method
// matches any.
func pathHas(method, part string) func(r *http.Request) bool {
	return func(r *http.Request) bool {
		return (method == "" || r.Method == method) && strings.Contains(r.URL.Path, part)
	}
}

// editRequestJSON returns a wrapper that lets f change the JSON object body
// of matching requests before next serves them.
func editRequestJSON(match func(*http.Request) bool, f func(obj map[string]any)) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if match(r) && r.Body != nil {
				data, _ := io.ReadAll(r.Body)
				var obj map[string]any
				if json.Unmarshal(data, &obj) == nil {
					f(obj)
					data, _ = json.Marshal(obj)
				}
				r.Body = io.NopCloser(bytes.NewReader(data))
				r.ContentLength = int64(len(data))
				r.Header.Set("Content-Length", strconv.Itoa(len(data)))
			}
			next.ServeHTTP(w, r)
		})
	}
}

// editRequest returns a wrapper that lets f change matching requests
// before next serves them.
func editRequest(match func(*http.Request) bool, f func(r *http.Request)) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if match(r) {
				f(r)
			}
			next.ServeHTTP(w, r)
		})
	}
}

// chain applies wrappers so that the first one sees requests first.
func chain(wraps ...func(http.Handler) http.Handler) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		for i := len(wraps) - 1; i >= 0; i-- {
			next = wraps[i](next)
		}
		return next
	}
}

// errorField returns the "error" object of an error envelope, nil when obj
// is none.
func errorField(obj map[string]any) map[string]any {
	e, _ := obj["error"].(map[string]any)
	return e
}

// listAnswer rewrites the list answers of GET requests whose path ends
// with suffix ("/runs" or "/steps").
func listAnswer(suffix string, f func(r *http.Request, obj map[string]any)) func(http.Handler) http.Handler {
	return rewrite(route(http.MethodGet, suffix), editJSON(func(r *http.Request, obj map[string]any) {
		if obj["object"] == "list" {
			f(r, obj)
		}
	}))
}

// reverseData reverses a list's items and keeps first_id and last_id
// naming its ends, so only the order is wrong.
func reverseData(obj map[string]any) {
	data, _ := obj["data"].([]any)
	for i, j := 0, len(data)-1; i < j; i, j = i+1, j-1 {
		data[i], data[j] = data[j], data[i]
	}
	if len(data) > 0 {
		obj["first_id"] = data[0].(map[string]any)["id"]
		obj["last_id"] = data[len(data)-1].(map[string]any)["id"]
	}
}

// dropQuery returns a wrapper that removes the query keys from GET
// requests whose path ends with suffix, so the server never sees them.
func dropQuery(suffix string, keep func(key, value string) bool) func(http.Handler) http.Handler {
	return editRequest(route(http.MethodGet, suffix), func(r *http.Request) {
		q := r.URL.Query()
		for k := range q {
			if !keep(k, q.Get(k)) {
				q.Del(k)
			}
		}
		r.URL.RawQuery = q.Encode()
	})
}

// listTwins registers the broken twins of the pagination checks of the
// list whose path ends with suffix; prefix is their id prefix, "runs.list"
// or "steps.list".
func listTwins(prefix, suffix string) bool {
	twin(prefix+".order-desc", listAnswer(suffix, func(r *http.Request, obj map[string]any) {
		if r.URL.Query().Get("order") != "asc" {
			reverseData(obj)
		}
	}))
	twin(prefix+".order-asc", listAnswer(suffix, func(r *http.Request, obj map[string]any) {
		if r.URL.Query().Get("order") == "asc" {
			reverseData(obj)
		}
	}))
	twin(prefix+".limit", dropQuery(suffix, func(k, _ string) bool { return k != "limit" }))
	twin(prefix+".cursors", dropQuery(suffix, func(k, _ string) bool { return k != "after" && k != "before" }))
	twin(prefix+".first-last-ids", listAnswer(suffix, func(_ *http.Request, obj map[string]any) {
		obj["first_id"], obj["last_id"] = obj["last_id"], obj["first_id"]
	}))
	twin(prefix+".paging", listAnswer(suffix, func(_ *http.Request, obj map[string]any) { obj["has_more"] = false }))
	twin(prefix+".limit-range", dropQuery(suffix, func(k, v string) bool { return k != "limit" || v != "0" && v != "101" }))
	return true
}
