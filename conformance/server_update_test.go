package conformance

import "net/http"

// Broken twins of the runs.update.* checks.

// updateAnswer rewrites the answers to updating a run.
func updateAnswer(f func(obj map[string]any)) func(http.Handler) http.Handler {
	return rewrite(isRunItem(http.MethodPost), editJSON(func(_ *http.Request, obj map[string]any) {
		if obj["object"] == "thread.run" {
			f(obj)
		}
	}))
}

var _ = twin("runs.update.shape", updateAnswer(func(obj map[string]any) { obj["parallel_tool_calls"] = "true" }))

var _ = twin("runs.update.metadata-echoed", updateAnswer(func(obj map[string]any) { obj["metadata"] = map[string]any{} }))

// The update answers with the metadata the check sends but stores none.
var _ = twin("runs.update.metadata-kept", chain(
	updateAnswer(func(obj map[string]any) {
		obj["metadata"] = map[string]any{"runsuite_case": "update", "step": "2"}
	}),
	editRequestJSON(isRunItem(http.MethodPost), func(obj map[string]any) { obj["metadata"] = map[string]any{} }),
))

var _ = twin("runs.update.unknown-key", editRequestJSON(isRunItem(http.MethodPost), func(obj map[string]any) { delete(obj, unknownBodyKey) }))
