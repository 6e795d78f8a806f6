package conformance

import (
	"net/http"
	"strings"
)

// Broken twins of the checks of how streams are asked for and labelled.

// postRunsWithAccept matches POST .../runs whose Accept header contains accept.
func postRunsWithAccept(accept string) func(r *http.Request) bool {
	runs := route(http.MethodPost, "/runs")
	return func(r *http.Request) bool { return runs(r) && strings.Contains(r.Header.Get("Accept"), accept) }
}

// Serves streams labelled as JSON.
var _ = twin(RuleContentType, rewrite(anyStream(), func(_ *http.Request, _ *int, h http.Header, body []byte) []byte {
	h.Set("Content-Type", "application/json")
	return body
}))

// Decides from Accept: application/json that no stream is wanted.
var _ = twin(RuleBodyFlag, editRequestJSON(postRunsWithAccept("application/json"), func(obj map[string]any) { delete(obj, "stream") }))

// Decides from Accept: text/event-stream that a stream is wanted.
var _ = twin(RuleJSONWithoutFlag, editRequestJSON(postRunsWithAccept("text/event-stream"), func(obj map[string]any) {
	if _, ok := obj["stream"]; !ok {
		obj["stream"] = true
	}
}))
