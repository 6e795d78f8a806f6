package emulator

import (
	"testing"

	"github.com/runsuite/runsuite/contract"
)

// errorWorld is the state the error cases run against: a completed run, a
// run waiting for tool outputs, and a thread without messages.
type errorWorld struct {
	asst, bare          *assistant // bare has no instructions
	done, waiting       contract.Run
	doneThread, wThread contract.Thread
	empty               contract.Thread
	callID              string
}

func newErrorWorld(t *testing.T, c *apiClient) errorWorld {
	t.Helper()
	var w errorWorld
	w.asst = c.mustAssistant(weatherTool)
	var bare assistant
	c.call("POST", "/assistants", body{"model": "gpt-4o"}, &bare)
	w.bare = &bare
	w.doneThread = c.mustThread("hello")
	evs := c.stream("/threads/"+w.doneThread.ID+"/runs", body{"assistant_id": w.asst.ID, "stream": true})
	w.done = *evs[len(evs)-2].Run
	w.wThread = c.mustThread("call get_current_weather")
	evs = c.stream("/threads/"+w.wThread.ID+"/runs", body{"assistant_id": w.asst.ID, "stream": true})
	w.waiting = *evs[len(evs)-2].Run
	w.callID = w.waiting.RequiredAction.SubmitToolOutputs.ToolCalls[0].ID
	w.empty = c.mustThread("")
	return w
}

// TestBetaAmongSeveral checks that an OpenAI-Beta header listing several
// betas passes the guard when one of them is assistants=v2. The error
// answers of the emulator (bodies, parameters, ids, paths, methods and
// headers) are specified once, in suites/emulator (Emulator: errors).
func TestBetaAmongSeveral(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithRequireAuth(true))
	c := newClient(t, s)
	c.header.Set(contract.BetaHeader, "other=v1, assistants=v2")
	c.call("POST", "/threads", body{}, nil)
}
