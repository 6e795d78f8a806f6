package conformance

import (
	"net/http"
	"strings"

	"github.com/runsuite/runsuite/contract"
)

// Broken twins of the checks of what streams do to runs.

// Streams the submit's continuation under another run's id.
var _ = twin(RuleSubmitContinuesRun, breakStreams("/submit_tool_outputs", func(fs []frame) []frame {
	for i := range fs {
		if strings.HasPrefix(fs[i].name, "thread.run.") && !strings.HasPrefix(fs[i].name, "thread.run.step.") {
			fs = frameEdit(fs, i, func(o map[string]any) { o["id"] = "run_continuedElsewhere00" })
		}
	}
	return fs
}))

// Lists one step fewer than the stream showed.
var _ = twin(RuleListedMatchStreamed, rewrite(route(http.MethodGet, "/steps"), editJSON(func(_ *http.Request, obj map[string]any) {
	if data, ok := obj["data"].([]any); ok && len(data) > 0 {
		obj["data"] = data[1:]
	}
})))

// Streams create-thread-and-run without thread.created.
var _ = twin(RuleThreadAndRun, breakStreams("/threads/runs", func(fs []frame) []frame {
	return frameDrop(fs, frameAt(fs, string(contract.EventThreadCreated), 0))
}))
