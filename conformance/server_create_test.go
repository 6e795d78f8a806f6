package conformance

import (
	"net/http"
	"regexp"
)

// Broken twins of the runs.create.* and runs.retrieve.* checks.

// The requests of one run: create and list share a path, so do retrieve and update.
var (
	runItemPath = regexp.MustCompile(`/runs/run_[^/]+$`)
)

// isRunItem matches GET (retrieve) or POST (update) on one run.
func isRunItem(method string) func(r *http.Request) bool {
	return func(r *http.Request) bool { return r.Method == method && runItemPath.MatchString(r.URL.Path) }
}

// createAnswer rewrites the JSON answers to non-stream run creation.
func createAnswer(f func(obj map[string]any)) func(http.Handler) http.Handler {
	return rewrite(route(http.MethodPost, "/runs"), editJSON(func(_ *http.Request, obj map[string]any) {
		if obj["object"] == "thread.run" {
			f(obj)
		}
	}))
}

// retrieveAnswer rewrites the answers to retrieving a run.
func retrieveAnswer(f func(obj map[string]any)) func(http.Handler) http.Handler {
	return rewrite(isRunItem(http.MethodGet), editJSON(func(_ *http.Request, obj map[string]any) {
		if obj["object"] == "thread.run" {
			f(obj)
		}
	}))
}

var _ = twin("runs.create.shape", createAnswer(func(obj map[string]any) { delete(obj, "tools") }))

var _ = twin("runs.create.echo-ids", createAnswer(func(obj map[string]any) { obj["assistant_id"] = "asst_someoneElse0000" }))

var _ = twin("runs.create.echo-metadata", createAnswer(func(obj map[string]any) { obj["metadata"] = map[string]any{} }))

var _ = twin("runs.create.echo-overrides", createAnswer(func(obj map[string]any) { obj["instructions"] = "You are a test assistant." }))

var _ = twin("runs.create.echo-tools", createAnswer(func(obj map[string]any) { obj["tools"] = []any{} }))

var _ = twin("runs.create.starts-queued", createAnswer(func(obj map[string]any) { obj["status"] = "in_progress" }))

var _ = twin("runs.retrieve.shape", retrieveAnswer(func(obj map[string]any) { delete(obj, "model") }))

var _ = twin("runs.retrieve.same-run", retrieveAnswer(func(obj map[string]any) {
	if n, ok := obj["created_at"].(float64); ok {
		obj["created_at"] = n - 60
	}
}))

var _ = twin("runs.retrieve.completed-stamps", retrieveAnswer(func(obj map[string]any) {
	if obj["status"] == "completed" {
		obj["completed_at"] = nil
	}
}))

var _ = twin("runs.retrieve.usage", retrieveAnswer(func(obj map[string]any) {
	if u, ok := obj["usage"].(map[string]any); ok {
		u["total_tokens"] = 1e6
	}
}))
