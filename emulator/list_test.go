package emulator

import (
	"strings"
	"testing"

	"github.com/runsuite/runsuite/contract"
)

func TestPagination(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithClock(NewManualClock(testEpoch)), WithStreamShape(StreamShape{Deltas: 1}))
	c := newClient(t, s)
	a := c.mustAssistant()
	th := c.mustThread("hi")
	base := "/threads/" + th.ID + "/runs"
	var ids []string // in creation order; all share one created_at
	for range 5 {
		evs := c.stream(base, body{"assistant_id": a.ID, "stream": true})
		ids = append(ids, evs[0].Run.ID)
	}
	r := func(i ...int) []string {
		out := make([]string, len(i))
		for k, j := range i {
			out[k] = ids[j]
		}
		return out
	}
	tests := []struct {
		query   string
		want    []string
		hasMore bool
	}{
		{"", r(4, 3, 2, 1, 0), false},
		{"?limit=2", r(4, 3), true},
		{"?limit=2&after=" + ids[3], r(2, 1), true},
		{"?limit=2&after=" + ids[1], r(0), false},
		{"?limit=2&before=" + ids[1], r(3, 2), true},
		{"?limit=2&before=" + ids[3], r(4), false},
		{"?order=asc&limit=2", r(0, 1), true},
		{"?order=asc&limit=2&after=" + ids[1], r(2, 3), true},
		{"?order=asc&limit=2&after=" + ids[3], r(4), false},
		{"?order=asc&limit=3&before=" + ids[4], r(1, 2, 3), true},
		{"?order=asc&after=" + ids[0] + "&before=" + ids[3], r(1, 2), false},
		{"?order=asc&after=" + ids[4], nil, false},
		{"?after=&before=&limit=5", r(4, 3, 2, 1, 0), false}, // Ruby's empty cursors
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			t.Parallel()
			var l contract.List[contract.Run]
			newClient(t, s).call("GET", base+tc.query, nil, &l)
			var got []string
			for _, run := range l.Data {
				got = append(got, run.ID)
			}
			diff(t, "ids", got, tc.want)
			if l.HasMore != tc.hasMore {
				t.Errorf("has_more: got %v, want %v", l.HasMore, tc.hasMore)
			}
			if len(tc.want) == 0 {
				if l.FirstID != nil || l.LastID != nil {
					t.Errorf("empty page: first_id %v last_id %v, want null", l.FirstID, l.LastID)
				}
				return
			}
			if l.FirstID == nil || *l.FirstID != tc.want[0] || l.LastID == nil || *l.LastID != tc.want[len(tc.want)-1] {
				t.Errorf("first_id %v last_id %v, want %s and %s", l.FirstID, l.LastID, tc.want[0], tc.want[len(tc.want)-1])
			}
		})
	}
}

func TestEmptyList(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	c := newClient(t, s)
	th := c.mustThread("")
	_, data := c.send("GET", "/threads/"+th.ID+"/runs", nil)
	diff(t, "empty list", string(data), `{"object":"list","data":[],"first_id":null,"last_id":null,"has_more":false}`)
}

// includeEncodings are the encodings of include[] that real clients send
// (CONTRACT §8.2).
var includeEncodings = map[string]string{
	"node and go": "include%5B%5D=step_details.tool_calls%5B%2A%5D.file_search.results%5B%2A%5D.content",
	"ruby":        "include%5B%5D=step_details.tool_calls%5B*%5D.file_search.results%5B*%5D.content",
	"dotnet":      "include[]=step_details.tool_calls%5B%2A%5D.file_search.results%5B%2A%5D.content",
}

func TestIncludeFileSearchContent(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithStreamShape(StreamShape{Deltas: 2}))
	c := newClient(t, s)
	a := c.mustAssistant(body{"type": "file_search"})
	th := c.mustThread("search with file_search")
	evs := c.stream("/threads/"+th.ID+"/runs", body{"assistant_id": a.ID, "stream": true})
	runID := evs[0].Run.ID
	var stepID string
	for _, e := range evs {
		if e.Name == contract.EventThreadRunStepCompleted && e.Step.Type == contract.StepTypeToolCalls {
			stepID = e.Step.ID
			if hasContent(e.Step) {
				t.Error("streamed step carries content without include[]")
			}
		}
	}
	steps := "/threads/" + th.ID + "/runs/" + runID + "/steps"
	check := func(t *testing.T, query string, want bool) {
		t.Helper()
		var st contract.RunStep
		c.call("GET", steps+"/"+stepID+query, nil, &st)
		if got := hasContent(&st); got != want {
			t.Errorf("retrieve%s: content %v, want %v", query, got, want)
		}
		var l contract.List[contract.RunStep]
		c.call("GET", steps+query, nil, &l)
		for _, st := range l.Data {
			if st.ID == stepID && hasContent(&st) != want {
				t.Errorf("list%s: content %v, want %v", query, !want, want)
			}
		}
	}
	check(t, "", false)
	for name, enc := range includeEncodings {
		t.Run(name, func(t *testing.T) { check(t, "?"+enc, true) })
	}
	th2 := c.mustThread("search with file_search")
	evs = c.stream("/threads/"+th2.ID+"/runs?"+includeEncodings["ruby"], body{"assistant_id": a.ID, "stream": true})
	found := false
	for _, e := range evs {
		if e.Name == contract.EventThreadRunStepCompleted && e.Step.Type == contract.StepTypeToolCalls {
			found = hasContent(e.Step)
		}
	}
	if !found {
		t.Error("streamed step lacks content although create asked for include[]")
	}
	var msgs contract.List[contract.Message]
	c.call("GET", "/threads/"+th.ID+"/messages?run_id="+runID, nil, &msgs)
	if len(msgs.Data) != 1 || !strings.Contains(msgs.Data[0].Content[0].Text.Value, citationMarker) ||
		len(msgs.Data[0].Content[0].Text.Annotations) != 1 || msgs.Data[0].Content[0].Text.Annotations[0].Type != "file_citation" {
		t.Errorf("file_search answer: got %+v, want one message with a file_citation", msgs.Data)
	}
}

func hasContent(st *contract.RunStep) bool {
	for _, c := range st.StepDetails.ToolCalls {
		if c.FileSearch != nil {
			for _, r := range c.FileSearch.Results {
				if len(r.Content) > 0 {
					return true
				}
			}
		}
	}
	return false
}
