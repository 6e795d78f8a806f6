package conformance

import "net/http"

// Broken twins of the runs.submit.* checks.

// submitAnswer rewrites the answers to submit_tool_outputs.
func submitAnswer(f func(obj map[string]any)) func(http.Handler) http.Handler {
	return rewrite(route(http.MethodPost, "/submit_tool_outputs"), editJSON(func(_ *http.Request, obj map[string]any) {
		if obj["object"] == "thread.run" {
			f(obj)
		}
	}))
}

var _ = twin("runs.submit.required-action", retrieveAnswer(func(obj map[string]any) {
	ra, _ := obj["required_action"].(map[string]any)
	sto, _ := ra["submit_tool_outputs"].(map[string]any)
	calls, _ := sto["tool_calls"].([]any)
	for _, c := range calls {
		if fn, ok := c.(map[string]any)["function"].(map[string]any); ok {
			fn["arguments"] = "city=Paris"
		}
	}
}))

var _ = twin("runs.submit.resumes", submitAnswer(func(obj map[string]any) { obj["status"] = "requires_action" }))

var _ = twin("runs.submit.shape", submitAnswer(func(obj map[string]any) { delete(obj, "usage") }))

var _ = twin("runs.submit.outside-requires-action", rewrite(route(http.MethodPost, "/submit_tool_outputs"), setStatus(http.StatusOK)))

var _ = twin("runs.submit.unknown-call-id", rewrite(route(http.MethodPost, "/submit_tool_outputs"), setStatus(http.StatusOK)))

var _ = twin("runs.submit.missing-call-id", rewrite(route(http.MethodPost, "/submit_tool_outputs"), setStatus(http.StatusOK)))

// The duplicate is dropped before the server sees it.
var _ = twin("runs.submit.duplicate-call-id", editRequestJSON(route(http.MethodPost, "/submit_tool_outputs"), func(obj map[string]any) {
	if outs, ok := obj["tool_outputs"].([]any); ok && len(outs) > 1 {
		obj["tool_outputs"] = outs[:1]
	}
}))

var _ = twin("runs.submit.unanswered-call", rewrite(route(http.MethodPost, "/submit_tool_outputs"), setStatus(http.StatusOK)))
