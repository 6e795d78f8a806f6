package conformance

import "net/http"

// Broken twins of the runs.list.* checks.

var _ = listTwins("runs.list", "/runs")

var _ = twin("runs.list.shape", listAnswer("/runs", func(_ *http.Request, obj map[string]any) {
	if data, _ := obj["data"].([]any); len(data) > 0 {
		data[0].(map[string]any)["object"] = "run"
	}
}))

var _ = twin("runs.list.order-invalid", dropQuery("/runs", func(k, v string) bool { return k != "order" || v == "asc" || v == "desc" }))
