package conformance

// Broken twins of the runs.retrieve.* checks.

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
