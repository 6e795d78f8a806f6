package conformance

import (
	"net/http"
	"regexp"
)

// Broken twins of the runs.create.* checks, and the wrappers that rewrite
// one run's answers.

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
