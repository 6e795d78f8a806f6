package conformance

import (
	"net/http"
	"regexp"
	"strings"
	"sync"
)

// Broken twins of the errors.* checks.

var _ = twin("errors.unknown-thread", rewrite(pathHas(http.MethodGet, missingThreadID), func(_ *http.Request, s *int, _ http.Header, _ []byte) []byte {
	*s = http.StatusOK
	return []byte(`{"object":"list","data":[],"first_id":null,"last_id":null,"has_more":false}`)
}))

// Only cancel answers a run it does not know with 400.
var _ = twin("errors.unknown-run", rewrite(pathHas(http.MethodPost, missingRunID+"/cancel"), setStatus(http.StatusBadRequest)))

var _ = twin("errors.unknown-assistant", rewrite(route(http.MethodPost, "/runs"), func(_ *http.Request, s *int, _ http.Header, body []byte) []byte {
	if *s == http.StatusNotFound {
		*s = http.StatusBadRequest
	}
	return body
}))

var _ = twin("errors.unknown-step", rewrite(pathHas(http.MethodGet, missingStepID), func(_ *http.Request, _ *int, _ http.Header, _ []byte) []byte {
	return []byte(`{"message":"No run step found."}`)
}))

var _ = twin("errors.bad-param", rewrite(route(http.MethodPost, "/runs"), editJSON(func(_ *http.Request, obj map[string]any) {
	if e := errorField(obj); e != nil {
		e["param"] = nil
	}
})))

var _ = twin("errors.missing-assistant-id", rewrite(route(http.MethodPost, "/runs"), func(_ *http.Request, s *int, _ http.Header, body []byte) []byte {
	if *s == http.StatusBadRequest {
		*s = http.StatusUnprocessableEntity
	}
	return body
}))

var _ = twin("errors.invalid-json", rewrite(route(http.MethodPost, "/runs"), func(_ *http.Request, s *int, _ http.Header, body []byte) []byte {
	if *s == http.StatusBadRequest {
		*s = http.StatusInternalServerError
	}
	return body
}))

var _ = twin("errors.unknown-body-key", editRequestJSON(route(http.MethodPost, "/runs"), func(obj map[string]any) {
	delete(obj, unknownBodyKey)
}))

var _ = twin("errors.missing-beta-header", editRequest(route(http.MethodGet, "/runs"), func(r *http.Request) {
	r.Header.Set("OpenAI-Beta", "assistants=v2")
}))

var _ = twin("errors.wrong-method", editRequest(func(r *http.Request) bool { return r.Method == http.MethodDelete }, func(r *http.Request) {
	r.Method = http.MethodGet
}))

var _ = twin("errors.json-content-type", rewrite(func(r *http.Request) bool {
	return strings.Contains(r.URL.Path, "/runs")
}, func(_ *http.Request, s *int, h http.Header, body []byte) []byte {
	if *s >= 400 {
		h.Set("Content-Type", "text/plain; charset=utf-8")
	}
	return body
}))

// Runs are found by id whatever thread the path names.
var _ = twin("errors.run-of-another-thread", func() func(http.Handler) http.Handler {
	var mu sync.Mutex
	threadOf := map[string]string{} // run id -> its thread, from the answers
	return func(next http.Handler) http.Handler {
		remember := rewrite(func(*http.Request) bool { return true }, func(_ *http.Request, _ *int, _ http.Header, body []byte) []byte {
			for _, id := range runThreadPairs.FindAllSubmatch(body, -1) {
				mu.Lock()
				threadOf[string(id[1])] = string(id[2])
				mu.Unlock()
			}
			return body
		})(next)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if m := runInPath.FindStringSubmatch(r.URL.Path); m != nil {
				mu.Lock()
				thread, ok := threadOf[m[2]]
				mu.Unlock()
				if ok && thread != m[1] {
					r.URL.Path = strings.Replace(r.URL.Path, m[1], thread, 1)
				}
			}
			remember.ServeHTTP(w, r)
		})
	}
}())

var (
	runThreadPairs = regexp.MustCompile(`"id":"(run_[A-Za-z0-9]+)","object":"thread\.run","created_at":\d+,"thread_id":"(thread_[A-Za-z0-9]+)"`)
	runInPath      = regexp.MustCompile(`/threads/(thread_[A-Za-z0-9]+)/runs/(run_[A-Za-z0-9]+)`)
)
