package emulator

import (
	"testing"

	"github.com/runsuite/runsuite/contract"
)

// TestLenientFixedIDs plays the calls of an SDK test suite that uses fixed
// ids, as they run against a Prism-style mock.
func TestLenientFixedIDs(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithMode(ModeLenient), WithStreamShape(StreamShape{Deltas: 2}))
	c := newClient(t, s)
	const th, run, step = "thread_id", "run_id", "step_id"
	base := "/threads/" + th + "/runs"

	for range 2 { // the same create twice: no "active run" conflict
		var r contract.Run
		c.call("POST", base, body{"assistant_id": "assistant_id"}, &r)
		if r.ThreadID != th || r.AssistantID != "assistant_id" {
			t.Errorf("create: got thread %q assistant %q", r.ThreadID, r.AssistantID)
		}
	}
	evs := c.stream(base, body{"assistant_id": "assistant_id", "stream": true})
	if got := evs[len(evs)-1].Name; got != contract.EventDone {
		t.Errorf("create stream ends with %s", got)
	}

	var r contract.Run
	c.call("GET", base+"/"+run, nil, &r)
	if r.ID != run || r.ThreadID != th || r.Status != contract.RunStatusCompleted {
		t.Errorf("retrieve: got %s on %s, %s", r.ID, r.ThreadID, r.Status)
	}
	c.call("POST", base+"/"+run, body{"metadata": body{"k": "v"}}, &r)
	diff(t, "updated metadata", r.Metadata, map[string]string{"k": "v"})
	c.call("POST", base+"/"+run+"/cancel", nil, &r)
	if r.ID != run || r.Status != contract.RunStatusCancelling {
		t.Errorf("cancel: got %s %s, want %s cancelling", r.ID, r.Status, run)
	}
	c.call("POST", base+"/other_run/submit_tool_outputs", body{"tool_outputs": []any{body{}}}, &r)
	if r.ID != "other_run" || r.Status != contract.RunStatusQueued {
		t.Errorf("submit: got %s %s, want other_run queued", r.ID, r.Status)
	}
	c.call("POST", base+"/other_run/submit_tool_outputs", body{"tool_outputs": []any{body{"tool_call_id": "x", "output": "y"}}}, &r)
	evs = c.stream(base+"/"+run+"/submit_tool_outputs", body{"tool_outputs": []any{body{"tool_call_id": "call_1", "output": "y"}}, "stream": true})
	if first, last := evs[0], evs[len(evs)-2]; first.Name != contract.EventThreadRunStepCompleted || last.Name != contract.EventThreadRunCompleted || last.Run.ID != run {
		t.Errorf("submit stream: got %v", names(evs))
	}
	var st contract.RunStep
	c.call("GET", base+"/"+run+"/steps/"+step, nil, &st)
	if st.ID != step || st.RunID != run || st.ThreadID != th {
		t.Errorf("step: got %s of %s on %s", st.ID, st.RunID, st.ThreadID)
	}
	var l contract.List[contract.RunStep]
	c.call("GET", base+"/"+run+"/steps", nil, &l)
	var tr contract.Thread
	c.call("GET", "/threads/thread_other", nil, &tr)
	var a assistant
	c.call("GET", "/assistants/asst_fixed", nil, &a)
	if a.ID != "asst_fixed" || tr.ID != "thread_other" {
		t.Errorf("synthesized ids: assistant %q thread %q", a.ID, tr.ID)
	}
}

func TestLenientStillValidates(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithMode(ModeLenient))
	c := newClient(t, s)
	e := c.fail("POST", "/threads/thread_id/runs", body{"assistant_id": "a", "temperature": 3}, 400)
	if e.Param == nil || *e.Param != "temperature" {
		t.Errorf("got %+v, want a temperature error", e)
	}
	c.fail("POST", "/threads/thread_id/runs", body{"assistant_id": "a", "bogus": true}, 400)
	c.fail("GET", "/nope", nil, 404)
}
