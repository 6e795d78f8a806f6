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
