package conformance

import (
	"net/http"
	"regexp"
)

// Broken twins of the steps.* checks.

var _ = listTwins("steps.list", "/steps")

var stepItemPath = regexp.MustCompile(`/steps/[^/]+$`)

// stepAnswer rewrites the answers to retrieving a step.
func stepAnswer(f func(obj map[string]any)) func(http.Handler) http.Handler {
	return rewrite(func(r *http.Request) bool {
		return r.Method == http.MethodGet && stepItemPath.MatchString(r.URL.Path)
	}, editJSON(func(_ *http.Request, obj map[string]any) {
		if obj["object"] == "thread.run.step" {
			f(obj)
		}
	}))
}

var _ = twin("steps.list.shape", listAnswer("/steps", func(_ *http.Request, obj map[string]any) {
	if data, _ := obj["data"].([]any); len(data) > 0 {
		data[0].(map[string]any)["status"] = "queued"
	}
}))

var _ = twin("steps.retrieve.shape", stepAnswer(func(obj map[string]any) { delete(obj, "step_details") }))

var _ = twin("steps.retrieve.same-step", stepAnswer(func(obj map[string]any) { obj["run_id"] = "run_someoneElse000000" }))

var _ = twin("steps.list.message-creation", listAnswer("/messages", func(_ *http.Request, obj map[string]any) {
	data, _ := obj["data"].([]any)
	kept := []any{}
	for _, m := range data {
		if m.(map[string]any)["role"] != "assistant" {
			kept = append(kept, m)
		}
	}
	obj["data"] = kept
}))
