package conformance

import "net/http"

// Broken twins of the runs.cancel.* checks.

// cancelAnswer rewrites the answers to cancelling a run.
func cancelAnswer(f func(obj map[string]any)) func(http.Handler) http.Handler {
	return rewrite(route(http.MethodPost, "/cancel"), editJSON(func(_ *http.Request, obj map[string]any) {
		if obj["object"] == "thread.run" {
			f(obj)
		}
	}))
}

var _ = twin("runs.cancel.shape", cancelAnswer(func(obj map[string]any) { delete(obj, "cancelled_at") }))

var _ = twin("runs.cancel.cancelling", cancelAnswer(func(obj map[string]any) { obj["status"] = "in_progress" }))

var _ = twin("runs.cancel.ends-cancelled", retrieveAnswer(func(obj map[string]any) {
	if obj["status"] == "cancelled" {
		obj["status"] = "expired"
	}
}))

var _ = twin("runs.cancel.ended-refused", rewrite(route(http.MethodPost, "/cancel"), setStatus(http.StatusOK)))
