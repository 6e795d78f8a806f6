package conformance

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"

	"github.com/runsuite/runsuite/contract"
)

// Server checks of include[]: asking for
// step_details.tool_calls[*].file_search.results[*].content on create and
// on both steps calls returns the content of every file_search result
// (CONTRACT §1, §3.2).

// The ids of the checks in this file.
const (
	RuleIncludeCreate        = "stream.include.create"
	RuleIncludeStepsRetrieve = "stream.include.steps-retrieve"
	RuleIncludeStepsList     = "stream.include.steps-list"
)

// includeQuery is the include[] query as Node and Go encode it (CONTRACT §8.2).
var includeQuery = "include%5B%5D=" + url.QueryEscape(string(contract.IncludeFileSearchResultContent))

// fileSearchBody is the body of a run forced to search files.
func fileSearchBody(t *T, asst string) map[string]any {
	return runBody(t, asst, map[string]any{"tool_choice": map[string]any{"type": string(contract.ToolTypeFileSearch)}})
}

// setupFileSearch sets up an assistant with the file_search tool and a
// thread that asks for a search.
func setupFileSearch(ctx context.Context, t *T) (assistantID, threadID string) {
	return setupThread(ctx, t, "Search the files with file_search: what do the notes say?", []contract.Tool{{Type: contract.ToolTypeFileSearch}})
}

// judgeResults reports every file_search result of step without content,
// and fails when the step has no result to judge. ptr is the step's JSON
// pointer in the answer ("" for the whole body).
func judgeResults(t *T, id string, ev Evidence, ptr string, st *contract.RunStep) {
	n := 0
	for k, c := range st.StepDetails.ToolCalls {
		if c.Type != contract.ToolTypeFileSearch || c.FileSearch == nil {
			continue
		}
		for j, r := range c.FileSearch.Results {
			n++
			if len(r.Content) == 0 {
				e := ev
				e.Pointer = fmt.Sprintf("%s/step_details/tool_calls/%d/file_search/results/%d/content", ptr, k, j)
				e.Expected, e.Got = "the result's content, as include[] asked", "none"
				t.Fail(Finding{Message: id + ": a file_search result comes without its content", Evidence: e})
			}
		}
	}
	if n == 0 {
		e := ev
		e.Pointer = ptr + "/step_details/tool_calls"
		e.Expected, e.Got = "a file_search call with results", fmt.Sprintf("%d tool calls, no result", len(st.StepDetails.ToolCalls))
		t.Fail(Finding{Message: id + ": nothing to judge: the file_search step has no results", Evidence: e})
	}
}

// isFileSearchStep reports whether a step holds a file_search call.
func isFileSearchStep(st *contract.RunStep) bool {
	for _, c := range st.StepDetails.ToolCalls {
		if c.Type == contract.ToolTypeFileSearch {
			return true
		}
	}
	return false
}

var _ = register(Check{
	ID:         RuleIncludeCreate,
	Title:      "A streamed run created with include[] streams its completed file_search step with the results' content",
	Side:       SideServer,
	Operations: opsStreamCreate,
	Needs:      []Capability{CapStreaming, CapFileSearch},
	Section:    "§3.2",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		id := RuleIncludeCreate
		asst, thread := setupFileSearch(ctx, t)
		a := sendStream(ctx, t, StreamCreate, kitRunPath(thread, "")+"?"+includeQuery, fileSearchBody(t, asst), nil, "create a streamed file_search run with include[]")
		mustEventStream(t, id, a, "create a streamed file_search run with include[]")
		judged := false
		for i, e := range a.in.Events {
			if e.Name != contract.EventThreadRunStepCompleted || e.Step == nil || !isFileSearchStep(e.Step) {
				continue
			}
			judged = true
			ev := a.x.evidence()
			ev.EventIndex = At(i)
			judgeResults(t, id, ev, "", e.Step)
		}
		if !judged {
			t.Fail(Finding{Message: id + ": nothing to judge: the stream completes no file_search step",
				Evidence: evidenceWant(a.x.evidence(), "a thread.run.step.completed with a file_search call", "events: "+eventNames(a.in))})
		}
	},
})

// finishedFileSearch drives a file_search run to its end and returns the
// thread, the run and the id of its file_search step (found by listing the
// steps without include[]).
func finishedFileSearch(ctx context.Context, t *T, id string) (threadID, runID, stepID string) {
	asst, thread := setupFileSearch(ctx, t)
	done := finishRun(ctx, t, thread, fileSearchBody(t, asst))
	x := send(ctx, t, http.MethodGet, kitRunPath(thread, done.run.ID, "steps")+"?limit=100", nil, nil)
	steps := decodeList[contract.RunStep](t, x, "list the run's steps")
	for _, st := range steps.Data {
		if isFileSearchStep(&st) {
			return thread, done.run.ID, st.ID
		}
	}
	t.FailNow(Finding{Message: id + ": nothing to judge: a run forced to search files has no file_search step",
		Evidence: evidenceAt(x.evidence(), "/data", "a tool_calls step with a file_search call", fmt.Sprintf("%d steps, run %s", len(steps.Data), done.run.Status))})
	return "", "", ""
}

var _ = register(Check{
	ID:         RuleIncludeStepsRetrieve,
	Title:      "Retrieving a file_search step with include[] returns the results' content",
	Side:       SideServer,
	Operations: []contract.OperationID{contract.OpStepsRetrieve},
	Needs:      []Capability{CapFileSearch},
	Section:    "§3.2",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		id := RuleIncludeStepsRetrieve
		thread, run, step := finishedFileSearch(ctx, t, id)
		x := send(ctx, t, http.MethodGet, kitRunPath(thread, run, "steps", url.PathEscape(step))+"?"+includeQuery, nil, nil)
		mustOK(t, x, "retrieve the file_search step with include[]")
		var st contract.RunStep
		if err := json.Unmarshal(x.Body, &st); err != nil {
			t.FailNow(Finding{Message: id + ": the answer is not a run step: " + err.Error(), Evidence: evidenceWant(x.evidence(), "a thread.run.step", describeBody(x.Body))})
		}
		judgeResults(t, id, x.evidence(), "", &st)
	},
})

var _ = register(Check{
	ID:         RuleIncludeStepsList,
	Title:      "Listing a run's steps with include[] returns the file_search results' content",
	Side:       SideServer,
	Operations: []contract.OperationID{contract.OpStepsList},
	Needs:      []Capability{CapFileSearch},
	Section:    "§3.2",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		id := RuleIncludeStepsList
		thread, run, step := finishedFileSearch(ctx, t, id)
		x := send(ctx, t, http.MethodGet, kitRunPath(thread, run, "steps")+"?limit=100&"+includeQuery, nil, nil)
		steps := decodeList[contract.RunStep](t, x, "list the run's steps with include[]")
		for k := range steps.Data {
			if steps.Data[k].ID == step {
				judgeResults(t, id, x.evidence(), fmt.Sprintf("/data/%d", k), &steps.Data[k])
				return
			}
		}
		t.Fail(Finding{Message: id + ": the file_search step is missing from the list with include[]",
			Evidence: evidenceAt(x.evidence(), "/data", "a step with id "+step, fmt.Sprintf("%d steps", len(steps.Data)))})
	},
})

// RuleIncludeOnlyWhenAsked is the id of the check that file_search results
// carry no content unless include[] asked for it.
const RuleIncludeOnlyWhenAsked = "stream.include.only-when-asked"

// judgeNoContent reports every file_search result of step that carries
// content nobody asked for, and returns how many results it saw.
func judgeNoContent(t *T, ev Evidence, ptr string, st *contract.RunStep) int {
	n := 0
	for k, c := range st.StepDetails.ToolCalls {
		if c.Type != contract.ToolTypeFileSearch || c.FileSearch == nil {
			continue
		}
		for j, r := range c.FileSearch.Results {
			n++
			if len(r.Content) > 0 {
				e := ev
				e.Pointer = fmt.Sprintf("%s/step_details/tool_calls/%d/file_search/results/%d/content", ptr, k, j)
				e.Expected, e.Got = "no content without include[]", fmt.Sprintf("%d content parts", len(r.Content))
				t.Fail(Finding{Message: RuleIncludeOnlyWhenAsked + ": a file_search result carries content include[] did not ask for", Evidence: e})
			}
		}
	}
	return n
}

var _ = register(Check{
	ID:         RuleIncludeOnlyWhenAsked,
	Title:      "Without include[], file_search results are streamed and listed without their content",
	Side:       SideServer,
	Operations: []contract.OperationID{contract.OpCreateStreamRaw, contract.OpStepsList},
	Needs:      []Capability{CapStreaming, CapFileSearch},
	Section:    "§3.2",
	Level:      LevelShould,
	Run: func(ctx context.Context, t *T) {
		id := RuleIncludeOnlyWhenAsked
		asst, thread := setupFileSearch(ctx, t)
		a := sendStream(ctx, t, StreamCreate, kitRunPath(thread, ""), fileSearchBody(t, asst), nil, "create a streamed file_search run without include[]")
		mustEventStream(t, id, a, "create a streamed file_search run without include[]")
		results := 0
		for i, e := range a.in.Events {
			if e.Name == contract.EventThreadRunStepCompleted && e.Step != nil && isFileSearchStep(e.Step) {
				ev := a.x.evidence()
				ev.EventIndex = At(i)
				results += judgeNoContent(t, ev, "", e.Step)
			}
		}
		if results == 0 || a.in.RunID == "" {
			t.FailNow(Finding{Message: id + ": nothing to judge: the stream completes no file_search step with results",
				Evidence: evidenceWant(a.x.evidence(), "a thread.run.step.completed with file_search results", "events: "+eventNames(a.in))})
		}
		if !a.in.Done {
			t.FailNow(Finding{Message: id + ": the stream did not end with done", Evidence: evidenceWant(a.x.evidence(), "done", "events: "+eventNames(a.in))})
		}
		x := send(ctx, t, http.MethodGet, kitRunPath(thread, a.in.RunID, "steps")+"?limit=100", nil, nil)
		steps := decodeList[contract.RunStep](t, x, "list the run's steps without include[]")
		results = 0
		for k := range steps.Data {
			results += judgeNoContent(t, x.evidence(), fmt.Sprintf("/data/%d", k), &steps.Data[k])
		}
		if results == 0 {
			t.Fail(Finding{Message: id + ": nothing to judge: the listed steps have no file_search results",
				Evidence: evidenceAt(x.evidence(), "/data", "a file_search step with results", fmt.Sprintf("%d steps", len(steps.Data)))})
		}
	},
})
