package conformance

import (
	"net/http"
	"strings"
)

// Broken twins of the include[] checks: each drops the content of the
// file_search results where include[] asked for it.

// stripContent removes the content of every file_search result of a step.
func stripContent(step map[string]any) {
	calls, _ := jsonAtList(step, "step_details", "tool_calls")
	for _, c := range calls {
		fs := jsonAt(c, "file_search")
		results, _ := fs["results"].([]any)
		for _, r := range results {
			if m, ok := r.(map[string]any); ok {
				delete(m, "content")
			}
		}
	}
}

// jsonAtList returns the array at keys of obj.
func jsonAtList(obj map[string]any, keys ...string) ([]any, bool) {
	parent := jsonAt(obj, keys[:len(keys)-1]...)
	list, ok := parent[keys[len(keys)-1]].([]any)
	return list, ok
}

var _ = twin(RuleIncludeCreate, breakStreams("/runs", func(fs []frame) []frame {
	for i := range fs {
		if strings.HasPrefix(fs[i].name, "thread.run.step.") {
			fs = frameEdit(fs, i, stripContent)
		}
	}
	return fs
}))

var _ = twin(RuleIncludeStepsRetrieve, rewrite(pathHas(http.MethodGet, "/steps/"), editJSON(func(_ *http.Request, obj map[string]any) {
	stripContent(obj)
})))

var _ = twin(RuleIncludeStepsList, rewrite(route(http.MethodGet, "/steps"), editJSON(func(_ *http.Request, obj map[string]any) {
	data, _ := obj["data"].([]any)
	for _, s := range data {
		if m, ok := s.(map[string]any); ok {
			stripContent(m)
		}
	}
})))

// Acts as if every run creation and steps call asked for include[].
var _ = twin(RuleIncludeOnlyWhenAsked, editRequest(func(r *http.Request) bool {
	return (r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/runs")) || (r.Method == http.MethodGet && strings.Contains(r.URL.Path, "/steps"))
}, func(r *http.Request) {
	if r.URL.RawQuery != "" {
		r.URL.RawQuery += "&"
	}
	r.URL.RawQuery += includeQuery
}))
