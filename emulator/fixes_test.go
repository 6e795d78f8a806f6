package emulator

import (
	"net/http"
	"strings"
	"testing"

	"github.com/runsuite/runsuite/contract"
)

// TestRefusedThreadAndRunLeavesNoTrace checks that a refused POST
// /threads/runs stores no thread and uses up no id: the ids that follow
// are those of a server that never saw it.
func TestRefusedThreadAndRunLeavesNoTrace(t *testing.T) {
	t.Parallel()
	refusals := []struct {
		name string
		body body
	}{
		{"unknown outcome", body{"thread": body{"messages": []any{body{"role": "user", "content": "hi"}}},
			"metadata": body{MetadataOutcome: "nonsense"}}},
		{"unknown script", body{"thread": body{"messages": []any{body{"role": "user", "content": "hi"}}},
			"metadata": body{MetadataScript: "nonsense"}}},
		{"function script without a function", body{"thread": body{"messages": []any{body{"role": "user", "content": "hi"}}},
			"metadata": body{MetadataScript: "function"}}},
	}
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			good := body{"thread": body{"messages": []any{body{"role": "user", "content": "hello"}}}}
			var want, got contract.Run
			ref := newTestServer(t, WithIDSeed(11))
			rc := newClient(t, ref)
			a := rc.mustAssistant()
			good["assistant_id"] = a.ID
			rc.call("POST", "/threads/runs", good, &want)

			s := newTestServer(t, WithIDSeed(11))
			c := newClient(t, s)
			c.mustAssistant()
			tc.body["assistant_id"] = a.ID
			c.fail("POST", "/threads/runs", tc.body, http.StatusBadRequest)
			if n := len(s.store.threads); n != 0 {
				t.Errorf("threads stored after the refusal: got %d, want 0", n)
			}
			c.call("POST", "/threads/runs", good, &got)
			if got.ID != want.ID || got.ThreadID != want.ThreadID {
				t.Errorf("ids after a refusal: got run %s thread %s, want run %s thread %s", got.ID, got.ThreadID, want.ID, want.ThreadID)
			}
		})
	}
}

// TestRefusedRunUsesNoID checks the same for POST /threads/{id}/runs.
func TestRefusedRunUsesNoID(t *testing.T) {
	t.Parallel()
	ids := func(refuse bool) string {
		s := newTestServer(t, WithIDSeed(5))
		c := newClient(t, s)
		a := c.mustAssistant()
		th := c.mustThread("hello")
		if refuse {
			c.fail("POST", "/threads/"+th.ID+"/runs", body{"assistant_id": a.ID, "metadata": body{MetadataOutcome: "bogus"}}, http.StatusBadRequest)
		}
		return c.mustRun(th.ID, body{"assistant_id": a.ID}).ID
	}
	if got, want := ids(true), ids(false); got != want {
		t.Errorf("run id after a refused create: got %s, want %s", got, want)
	}
}

// TestDuplicateToolCallIDs checks that outputs naming one call twice are
// refused as the live API refuses them, and leave the run waiting.
func TestDuplicateToolCallIDs(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithStreamShape(StreamShape{Deltas: 2}))
	c := newClient(t, s)
	w := newErrorWorld(t, c)
	path := "/threads/" + w.wThread.ID + "/runs/" + w.waiting.ID + "/submit_tool_outputs"
	outs := []any{body{"tool_call_id": w.callID, "output": "a"}, body{"tool_call_id": w.callID, "output": "b"}}
	for _, stream := range []bool{false, true} {
		got := c.fail("POST", path, body{"tool_outputs": outs, "stream": stream}, http.StatusBadRequest)
		want := contract.ErrorObject{Type: typeInvalidRequest,
			Message: "Duplicate call_ids submitted: ['" + w.callID + "', '" + w.callID + "']"}
		diff(t, "error", got, want)
	}
	if st := c.getRun(w.wThread.ID, w.waiting.ID).Status; st != contract.RunStatusRequiresAction {
		t.Errorf("run after the refusal: got %s, want requires_action", st)
	}
	// Lenient mode keeps what matches, as before.
	l := newTestServer(t, WithMode(ModeLenient))
	newClient(t, l).call("POST", "/threads/t/runs/r/submit_tool_outputs", body{"tool_outputs": outs}, nil)
}

// TestMethodNotAllowedNamesTheMethods checks the Allow header of 405s.
func TestMethodNotAllowedNamesTheMethods(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	c := newClient(t, s)
	tests := []struct {
		method, path, allow string
	}{
		{"GET", "/threads/t/runs/r/cancel", "POST"},
		{"PUT", "/threads/t/runs/r/cancel", "POST"},
		{"POST", "/threads/t/runs/r/steps/s", "GET"},
		{"DELETE", "/threads/t/runs", "GET, POST"},
		{"GET", "/threads", "POST"},
		{"PUT", "/threads/t", "GET, POST, DELETE"},
		{"PATCH", "/threads/t/messages/m", "GET, POST, DELETE"},
	}
	for _, tc := range tests {
		resp, data := c.send(tc.method, tc.path, nil)
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("%s %s: status %d, want 405; body %s", tc.method, tc.path, resp.StatusCode, data)
			continue
		}
		if got := resp.Header.Get("Allow"); got != tc.allow {
			t.Errorf("%s %s: Allow %q, want %q", tc.method, tc.path, got, tc.allow)
		}
	}
}

// TestBodyDecodingIsStrict checks that invalid UTF-8 is refused rather
// than replaced, and that over-deep JSON says so.
func TestBodyDecodingIsStrict(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	c := newClient(t, s)
	e := c.fail("POST", "/threads", "{\"metadata\":{\"k\":\"a\xffb\"}}", http.StatusBadRequest)
	if !strings.Contains(e.Message, "UTF-8") {
		t.Errorf("invalid UTF-8: got %q, want a message naming UTF-8", e.Message)
	}
	for _, depth := range []int{MaxJSONDepth + 1, 20_000} {
		deep := `{"metadata":{"k":` + strings.Repeat("[", depth) + strings.Repeat("]", depth) + `}}`
		e = c.fail("POST", "/threads", deep, http.StatusBadRequest)
		if !strings.Contains(e.Message, "nested") {
			t.Errorf("depth %d: got %q, want a message about nesting", depth, e.Message)
		}
	}
	// Brackets inside strings do not count.
	c.call("POST", "/threads", `{"metadata":{"k":"`+strings.Repeat("[", 300)+`"}}`, nil)
}
