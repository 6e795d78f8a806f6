package emulator

import (
	"testing"
	"time"

	"github.com/runsuite/runsuite/contract"
)

// world is one emulator with a manual clock, an assistant and a thread.
type world struct {
	s      *Server
	c      *apiClient
	clock  *ManualClock
	asst   *assistant
	thread contract.Thread
}

func newWorld(t *testing.T, tools []any, message string, opts ...Option) *world {
	t.Helper()
	clock := NewManualClock(testEpoch)
	opts = append([]Option{WithClock(clock), WithIDSeed(42), WithStreamShape(StreamShape{Deltas: 3})}, opts...)
	s := newTestServer(t, opts...)
	c := newClient(t, s)
	return &world{s: s, c: c, clock: clock, asst: c.mustAssistant(tools...), thread: c.mustThread(message)}
}

func (w *world) runs() string { return "/threads/" + w.thread.ID + "/runs" }

// state is everything the API shows of a thread's first run.
type state struct {
	Run      contract.Run
	Steps    []contract.RunStep
	Messages []contract.Message
}

func (w *world) state(t *testing.T, runID string) state {
	t.Helper()
	var st state
	st.Run = w.c.getRun(w.thread.ID, runID)
	var steps contract.List[contract.RunStep]
	w.c.call("GET", w.runs()+"/"+runID+"/steps?order=asc", nil, &steps)
	st.Steps = steps.Data
	var msgs contract.List[contract.Message]
	w.c.call("GET", "/threads/"+w.thread.ID+"/messages?order=asc", nil, &msgs)
	st.Messages = msgs.Data
	return st
}

// pollUntil advances the clock one phase at a time until the run leaves
// the statuses it went through, and returns the statuses seen.
func (w *world) pollUntil(t *testing.T, runID string, stop func(contract.RunStatus) bool) []contract.RunStatus {
	t.Helper()
	var seen []contract.RunStatus
	for range 20 {
		st := w.c.getRun(w.thread.ID, runID).Status
		if len(seen) == 0 || seen[len(seen)-1] != st {
			seen = append(seen, st)
		}
		if stop(st) {
			return seen
		}
		w.clock.Advance(DefaultPhaseDuration)
	}
	t.Fatalf("run still not done after 20 phases: %v", seen)
	return nil
}

func terminal(s contract.RunStatus) bool { return s.Terminal() }

// TestPollingMatchesStreaming plays each script twice on twin servers
// (same seed, same clock): streamed on one, polled phase by phase on the
// other. The final runs, steps and messages must be equal.
func TestPollingMatchesStreaming(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		tools    []any
		message  string
		metadata map[string]string
		statuses []contract.RunStatus
	}{
		{"text", nil, "hello", nil, []contract.RunStatus{"queued", "in_progress", "completed"}},
		{"code_interpreter", []any{body{"type": "code_interpreter"}}, "code_interpreter please", nil, []contract.RunStatus{"queued", "in_progress", "completed"}},
		{"file_search", []any{body{"type": "file_search"}}, "file_search please", nil, []contract.RunStatus{"queued", "in_progress", "completed"}},
		{"failed", nil, "hi", map[string]string{MetadataOutcome: "failed"}, []contract.RunStatus{"queued", "in_progress", "failed"}},
		{"incomplete", nil, "hi", map[string]string{MetadataOutcome: "incomplete"}, []contract.RunStatus{"queued", "in_progress", "incomplete"}},
		{"cancelled", nil, "hi", map[string]string{MetadataOutcome: "cancelled"}, []contract.RunStatus{"queued", "in_progress", "cancelling", "cancelled"}},
		{"error_event", nil, "hi", map[string]string{MetadataOutcome: "error_event"}, []contract.RunStatus{"queued", "in_progress", "failed"}},
		{"drop_connection", nil, "hi", map[string]string{MetadataOutcome: "drop_connection"}, []contract.RunStatus{"queued", "in_progress", "failed"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			streamed := newWorld(t, tc.tools, tc.message)
			polled := newWorld(t, tc.tools, tc.message)
			b := body{"assistant_id": streamed.asst.ID}
			if tc.metadata != nil {
				b["metadata"] = tc.metadata
			}
			sb := body{"stream": true}
			for k, v := range b {
				sb[k] = v
			}
			evs, _ := streamed.c.streamErr(streamed.runs(), sb) // drop_connection ends in a read error
			runID := evs[0].Run.ID

			created := polled.c.mustRun(polled.thread.ID, b)
			if created.ID != runID || created.Status != contract.RunStatusQueued {
				t.Fatalf("polled run: got %s %s, want %s queued", created.ID, created.Status, runID)
			}
			diff(t, "statuses", polled.pollUntil(t, runID, terminal), tc.statuses)
			diff(t, "final state", polled.state(t, runID), streamed.state(t, runID))
		})
	}
}

func TestPollingFunctionRoundTrip(t *testing.T) {
	t.Parallel()
	streamed := newWorld(t, []any{weatherTool}, "use get_current_weather")
	polled := newWorld(t, []any{weatherTool}, "use get_current_weather")
	evs := streamed.c.stream(streamed.runs(), body{"assistant_id": streamed.asst.ID, "stream": true})
	runID := evs[0].Run.ID
	call := evs[len(evs)-2].Run.RequiredAction.SubmitToolOutputs.ToolCalls[0].ID
	outputs := body{"tool_outputs": []any{body{"tool_call_id": call, "output": "sunny"}}}

	polled.c.mustRun(polled.thread.ID, body{"assistant_id": polled.asst.ID})
	diff(t, "statuses before outputs", polled.pollUntil(t, runID, func(s contract.RunStatus) bool { return s == contract.RunStatusRequiresAction }),
		[]contract.RunStatus{"queued", "in_progress", "requires_action"})
	diff(t, "state at requires_action", polled.state(t, runID), streamed.state(t, runID))

	submitAt := testEpoch.Add(time.Minute) // the same moment on both servers
	streamed.clock.Set(submitAt)
	polled.clock.Set(submitAt)
	streamed.c.stream(streamed.runs()+"/"+runID+"/submit_tool_outputs", body{"tool_outputs": outputs["tool_outputs"], "stream": true})
	var queued contract.Run
	polled.c.call("POST", polled.runs()+"/"+runID+"/submit_tool_outputs", outputs, &queued)
	if queued.Status != contract.RunStatusQueued || queued.RequiredAction != nil {
		t.Errorf("after submitting: got status %s, required_action %v; want queued and none", queued.Status, queued.RequiredAction)
	}
	diff(t, "statuses after outputs", polled.pollUntil(t, runID, terminal), []contract.RunStatus{"queued", "in_progress", "completed"})
	diff(t, "final state", polled.state(t, runID), streamed.state(t, runID))
}

func TestCancelTransitions(t *testing.T) {
	t.Parallel()
	w := newWorld(t, nil, "hello")
	r := w.c.mustRun(w.thread.ID, body{"assistant_id": w.asst.ID})
	w.clock.Advance(2 * DefaultPhaseDuration) // in_progress, with a step and a message
	var cancelling contract.Run
	w.c.call("POST", w.runs()+"/"+r.ID+"/cancel", nil, &cancelling)
	if cancelling.Status != contract.RunStatusCancelling {
		t.Fatalf("cancel: got %s, want cancelling", cancelling.Status)
	}
	if got := w.c.getRun(w.thread.ID, r.ID).Status; got != contract.RunStatusCancelling {
		t.Errorf("before the next phase: got %s, want cancelling", got)
	}
	w.clock.Advance(DefaultPhaseDuration)
	st := w.state(t, r.ID)
	if st.Run.Status != contract.RunStatusCancelled || st.Run.CancelledAt == nil || st.Run.Usage == nil {
		t.Errorf("after the next phase: got %s cancelled_at %v usage %v", st.Run.Status, st.Run.CancelledAt, st.Run.Usage)
	}
	if len(st.Steps) != 1 || st.Steps[0].Status != contract.StepStatusCancelled {
		t.Errorf("step: got %+v, want one cancelled step", st.Steps)
	}
	last := st.Messages[len(st.Messages)-1]
	if last.Status != contract.MessageStatusIncomplete || last.IncompleteDetails.Reason != "run_cancelled" {
		t.Errorf("message: got %s %+v, want incomplete run_cancelled", last.Status, last.IncompleteDetails)
	}
	// A new run may start once the old one is terminal.
	w.c.mustRun(w.thread.ID, body{"assistant_id": w.asst.ID})
}

func TestCancelDuringStream(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithStreamShape(StreamShape{Deltas: 40, Pause: 5 * time.Millisecond}))
	c := newClient(t, s)
	a := c.mustAssistant()
	th := c.mustThread("hello")
	done := make(chan []contract.Event)
	go func() {
		evs, _ := c.streamErr("/threads/"+th.ID+"/runs", body{"assistant_id": a.ID, "stream": true})
		done <- evs
	}()
	var runID string
	for runID == "" {
		var l contract.List[contract.Run]
		c.call("GET", "/threads/"+th.ID+"/runs", nil, &l)
		if len(l.Data) > 0 {
			runID = l.Data[0].ID
		}
	}
	c.call("POST", "/threads/"+th.ID+"/runs/"+runID+"/cancel", nil, nil)
	evs := <-done
	got := names(evs)
	if n := len(got); n < 4 || got[n-1] != "done" || got[n-2] != "thread.run.cancelled" {
		t.Fatalf("stream: got %v, want it to end with thread.run.cancelled and done", got)
	}
	var sawCancelling bool
	for _, n := range got {
		sawCancelling = sawCancelling || n == "thread.run.cancelling"
	}
	if !sawCancelling {
		t.Errorf("stream: no thread.run.cancelling in %v", got)
	}
}

func TestExpiry(t *testing.T) {
	t.Parallel()
	t.Run("requires_action past expires_at", func(t *testing.T) {
		t.Parallel()
		w := newWorld(t, []any{weatherTool}, "get_current_weather")
		evs := w.c.stream(w.runs(), body{"assistant_id": w.asst.ID, "stream": true})
		r := evs[len(evs)-2].Run
		w.clock.Advance(RunLifetime - time.Second)
		if got := w.c.getRun(w.thread.ID, r.ID).Status; got != contract.RunStatusRequiresAction {
			t.Fatalf("before expires_at: got %s", got)
		}
		w.clock.Advance(time.Second)
		st := w.state(t, r.ID)
		if st.Run.Status != contract.RunStatusExpired || st.Run.ExpiresAt == nil || *st.Run.ExpiresAt != r.CreatedAt+600 {
			t.Errorf("after expires_at: got %s expires_at %v", st.Run.Status, st.Run.ExpiresAt)
		}
		if st.Steps[0].Status != contract.StepStatusExpired || *st.Steps[0].ExpiredAt != r.CreatedAt+600 {
			t.Errorf("step: got %s", st.Steps[0].Status)
		}
		code := w.c.fail("POST", w.runs()+"/"+r.ID+"/submit_tool_outputs", body{"tool_outputs": []any{}}, 400)
		if code.Message != `Runs in status "expired" do not accept tool outputs.` {
			t.Errorf("submit after expiry: %q", code.Message)
		}
	})
	t.Run("scripted expiry waits for expires_at", func(t *testing.T) {
		t.Parallel()
		w := newWorld(t, nil, "hi")
		r := w.c.mustRun(w.thread.ID, body{"assistant_id": w.asst.ID, "metadata": body{MetadataOutcome: "expired"}})
		w.clock.Advance(time.Minute)
		if got := w.c.getRun(w.thread.ID, r.ID).Status; got != contract.RunStatusInProgress {
			t.Errorf("a minute in: got %s, want in_progress", got)
		}
		w.clock.Advance(RunLifetime)
		if got := w.c.getRun(w.thread.ID, r.ID).Status; got != contract.RunStatusExpired {
			t.Errorf("past expires_at: got %s, want expired", got)
		}
	})
}

func TestIDsAreDeterministic(t *testing.T) {
	t.Parallel()
	a, b := newWorld(t, nil, "hi"), newWorld(t, nil, "hi")
	ra := a.c.stream(a.runs(), body{"assistant_id": a.asst.ID, "stream": true})
	rb := b.c.stream(b.runs(), body{"assistant_id": b.asst.ID, "stream": true})
	diff(t, "streams", rb, ra)
	if len(ra[0].Run.ID) != len("run_")+idLength {
		t.Errorf("run id %q: want run_ and %d characters", ra[0].Run.ID, idLength)
	}
}
