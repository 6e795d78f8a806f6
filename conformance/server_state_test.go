package conformance

import (
	"net/http"
	"sync/atomic"
)

// Broken twins of the state.* checks.

// A run answered completed at creation, then queued when polled.
var _ = twin("state.legal-transitions", createAnswer(func(obj map[string]any) { obj["status"] = "completed" }))

// Each read of a completed run moves its completed_at on by a second.
var _ = twin("state.ended-stays-ended", func() func(http.Handler) http.Handler {
	var reads atomic.Int64
	return retrieveAnswer(func(obj map[string]any) {
		if at, ok := obj["completed_at"].(float64); ok && obj["status"] == "completed" {
			obj["completed_at"] = at + float64(reads.Add(1))
		}
	})
}())

var _ = twin("state.timestamps-forward", retrieveAnswer(func(obj map[string]any) {
	if created, ok := obj["created_at"].(float64); ok && obj["started_at"] != nil {
		obj["started_at"] = created - 10
	}
}))

var _ = twin("state.started-at", retrieveAnswer(func(obj map[string]any) {
	if obj["status"] == "in_progress" {
		obj["started_at"] = nil
	}
}))

var _ = twin("state.list-agrees", listAnswer("/runs", func(_ *http.Request, obj map[string]any) {
	data, _ := obj["data"].([]any)
	for _, d := range data {
		d.(map[string]any)["completed_at"] = nil
	}
}))

// Queued after the tool outputs reads as cancelling, which never goes back
// to in_progress.
var _ = twin("state.tool-call-cycle", retrieveAnswer(func(obj map[string]any) {
	if obj["status"] == "queued" && obj["started_at"] != nil {
		obj["status"] = "cancelling"
	}
}))
