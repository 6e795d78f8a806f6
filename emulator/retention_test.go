package emulator

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/runsuite/runsuite/contract"
)

// TestRetentionForgetsTheOldestTerminalRuns checks maxRuns: past it, the
// runs that ended first are forgotten with the messages they wrote.
func TestRetentionForgetsTheOldestTerminalRuns(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithRetention(3, 0), WithStreamShape(StreamShape{Deltas: 2}))
	c := newClient(t, s)
	a := c.mustAssistant()
	th := c.mustThread("hello")
	var ids []string
	for range 5 {
		evs := c.stream("/threads/"+th.ID+"/runs", body{"assistant_id": a.ID, "stream": true})
		ids = append(ids, evs[0].Run.ID)
	}
	for i, id := range ids {
		want := http.StatusOK
		if i < 2 {
			want = http.StatusNotFound
		}
		if resp, data := c.send("GET", "/threads/"+th.ID+"/runs/"+id, nil); resp.StatusCode != want {
			t.Errorf("run %d of 5 with 3 kept: status %d, want %d; %s", i+1, resp.StatusCode, want, data)
		}
	}
	var msgs contract.List[contract.Message]
	c.call("GET", "/threads/"+th.ID+"/messages?limit=100", nil, &msgs)
	if got := len(msgs.Data); got != 4 { // the user message and the replies of the 3 runs kept
		t.Errorf("messages: got %d, want 4 (the forgotten runs' replies go with them)", got)
	}
	var runs contract.List[contract.Run]
	c.call("GET", "/threads/"+th.ID+"/runs", nil, &runs)
	if got := len(runs.Data); got != 3 {
		t.Errorf("listed runs: got %d, want 3", got)
	}
	if got := s.store.ret.terminalRuns(); got != 3 {
		t.Errorf("terminal runs remembered: got %d, want 3", got)
	}
}

// TestRetentionForgetsByAge checks maxAge for runs and idle threads, on
// the server's clock.
func TestRetentionForgetsByAge(t *testing.T) {
	t.Parallel()
	clock := NewManualClock(testEpoch)
	s := newTestServer(t, WithClock(clock), WithRetention(0, time.Minute), WithStreamShape(StreamShape{Deltas: 2}))
	c := newClient(t, s)
	a := c.mustAssistant()
	th := c.mustThread("hello")
	evs := c.stream("/threads/"+th.ID+"/runs", body{"assistant_id": a.ID, "stream": true})
	runPath := "/threads/" + th.ID + "/runs/" + evs[0].Run.ID
	c.call("GET", runPath, nil, nil) // still there: it ended moments ago

	clock.Advance(2 * time.Minute)
	c.call("GET", "/threads/"+th.ID, nil, nil) // retention works after each request
	c.fail("GET", runPath, nil, http.StatusNotFound)
	c.call("GET", "/threads/"+th.ID, nil, nil) // the thread is in use

	clock.Advance(2 * time.Minute)
	c.mustThread("")
	c.fail("GET", "/threads/"+th.ID, nil, http.StatusNotFound)
}

// TestRetentionBoundsIdleThreads checks that at most maxRuns idle threads
// are kept, the least recently used forgotten first, and that a thread
// with a run in progress is never forgotten.
func TestRetentionBoundsIdleThreads(t *testing.T) {
	t.Parallel()
	clock := NewManualClock(testEpoch)
	s := newTestServer(t, WithClock(clock), WithRetention(2, 0))
	c := newClient(t, s)
	a := c.mustAssistant(weatherTool)
	busy := c.mustThread("call get_current_weather")
	r := c.mustRun(busy.ID, body{"assistant_id": a.ID})
	var threads []string
	for range 5 {
		clock.Advance(time.Millisecond)
		threads = append(threads, c.mustThread("hi").ID)
	}
	clock.Advance(2 * time.Second) // a sweep is due
	c.call("GET", "/threads/"+threads[4], nil, nil)
	for i, id := range threads {
		want := http.StatusOK
		if i < 3 {
			want = http.StatusNotFound
		}
		if resp, _ := c.send("GET", "/threads/"+id, nil); resp.StatusCode != want {
			t.Errorf("idle thread %d of 5 with 2 kept: status %d, want %d", i+1, resp.StatusCode, want)
		}
	}
	if got := c.getRun(busy.ID, r.ID).Status; got != contract.RunStatusRequiresAction {
		t.Errorf("run in progress on the oldest thread: got %s, want requires_action", got)
	}
}

// TestLenientReadsStoreNothing checks that reading unknown ids in lenient
// mode synthesizes answers without keeping them.
func TestLenientReadsStoreNothing(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithMode(ModeLenient), WithStreamShape(StreamShape{Deltas: 2}))
	c := newClient(t, s)
	for i := range 200 {
		th, run := fmt.Sprintf("thread_%d", i), fmt.Sprintf("run_%d", i)
		var r contract.Run
		c.call("GET", "/threads/"+th+"/runs/"+run, nil, &r)
		if r.ID != run || r.ThreadID != th || r.Status != contract.RunStatusCompleted {
			t.Fatalf("synthesized run: got %s on %s, %s", r.ID, r.ThreadID, r.Status)
		}
		c.call("GET", "/threads/"+th, nil, nil)
		c.call("GET", "/threads/"+th+"/runs", nil, nil)
		c.call("GET", "/threads/"+th+"/messages", nil, nil)
		c.call("GET", "/threads/"+th+"/runs/"+run+"/steps", nil, nil)
		c.call("GET", "/threads/"+th+"/runs/"+run+"/steps/step_1", nil, nil)
		c.call("GET", fmt.Sprintf("/assistants/asst_%d", i), nil, nil)
	}
	s.store.mu.RLock()
	threads, assistants := len(s.store.threads), len(s.store.assistants)
	s.store.mu.RUnlock()
	if threads != 0 || assistants > 1 {
		t.Errorf("after 200 lenient reads of unknown ids: %d threads and %d assistants stored, want 0 and at most the fallback", threads, assistants)
	}
	// Changes still keep what they synthesize.
	c.call("POST", "/threads/thread_kept/runs/run_kept", body{"metadata": body{"k": "v"}}, nil)
	var r contract.Run
	c.call("GET", "/threads/thread_kept/runs/run_kept", nil, &r)
	diff(t, "kept metadata", r.Metadata, map[string]string{"k": "v"})
}
