package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/runsuite/runsuite/contract"
)

// deleted is the answer to a delete.
type deleted struct {
	ID      string `json:"id"`
	Object  string `json:"object"`
	Deleted bool   `json:"deleted"`
}

// list is a list envelope of any object, decoded loosely.
type list struct {
	Object  string           `json:"object"`
	Data    []map[string]any `json:"data"`
	FirstID *string          `json:"first_id"`
	LastID  *string          `json:"last_id"`
	HasMore bool             `json:"has_more"`
}

func (l list) ids() []string {
	out := make([]string, len(l.Data))
	for i, d := range l.Data {
		out[i], _ = d["id"].(string)
	}
	return out
}

func TestAssistantUpdateListDelete(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithClock(NewManualClock(testEpoch)), WithIDSeed(1))
	c := newClient(t, s)
	var made []string
	for i := range 3 {
		var a assistant
		c.call("POST", "/assistants", body{"model": "gpt-4o", "name": fmt.Sprintf("a%d", i), "instructions": "Be brief."}, &a)
		made = append(made, a.ID)
	}

	var up assistant
	c.call("POST", "/assistants/"+made[1], body{"model": "gpt-5", "name": nil, "metadata": body{"k": "v"}, "temperature": 0.5,
		"tools": []any{body{"type": "code_interpreter"}}}, &up)
	if up.ID != made[1] || up.Model != "gpt-5" || up.Name != nil || up.Temperature == nil || *up.Temperature != 0.5 {
		t.Errorf("update: got id %s model %s name %v temperature %v, want %s gpt-5 <nil> 0.5", up.ID, up.Model, up.Name, up.Temperature, made[1])
	}
	if up.Instructions == nil || *up.Instructions != "Be brief." {
		t.Errorf("update: got instructions %v, want the ones kept (Be brief.)", up.Instructions)
	}
	diff(t, "updated metadata", up.Metadata, map[string]string{"k": "v"})
	diff(t, "updated tools", up.Tools, []contract.Tool{{Type: contract.ToolTypeCodeInterpreter}})
	var got assistant
	c.call("GET", "/assistants/"+made[1], nil, &got)
	diff(t, "retrieved after update", &got, &up, cmpUnexported)

	var l list
	c.call("GET", "/assistants?order=asc&limit=2", nil, &l)
	diff(t, "first page", l.ids(), made[:2])
	if !l.HasMore || l.Object != "list" {
		t.Errorf("first page: got object %q has_more %v, want list true", l.Object, l.HasMore)
	}
	c.call("GET", "/assistants?order=asc&limit=2&after="+made[1], nil, &l)
	diff(t, "second page", l.ids(), made[2:])

	var d deleted
	c.call("DELETE", "/assistants/"+made[0], nil, &d)
	diff(t, "delete answer", d, deleted{ID: made[0], Object: "assistant.deleted", Deleted: true})
	c.call("GET", "/assistants?order=asc", nil, &l)
	diff(t, "list after delete", l.ids(), made[1:])
	for _, tc := range []struct{ method, path string }{
		{"GET", "/assistants/" + made[0]},
		{"DELETE", "/assistants/" + made[0]},
		{"POST", "/assistants/" + made[0]},
	} {
		e := c.fail(tc.method, tc.path, body{}, http.StatusNotFound)
		if want := "No assistant found with id '" + made[0] + "'."; e.Message != want {
			t.Errorf("%s %s: got %q, want %q", tc.method, tc.path, e.Message, want)
		}
	}
}

func TestThreadUpdateDelete(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	c := newClient(t, s)
	th := c.mustThread("hello")
	var up contract.Thread
	c.call("POST", "/threads/"+th.ID, body{"metadata": body{"k": "v"}, "tool_resources": body{"code_interpreter": body{"file_ids": []string{"file-1"}}}}, &up)
	diff(t, "updated metadata", up.Metadata, map[string]string{"k": "v"})
	if up.ToolResources == nil || up.ToolResources.CodeInterpreter == nil || len(up.ToolResources.CodeInterpreter.FileIDs) != 1 {
		t.Errorf("updated tool_resources: got %+v, want code_interpreter file-1", up.ToolResources)
	}
	var cleared contract.Thread
	c.call("POST", "/threads/"+th.ID, body{"metadata": nil, "tool_resources": nil}, &cleared)
	if len(cleared.Metadata) != 0 || cleared.ToolResources != nil {
		t.Errorf("cleared: got metadata %v tool_resources %+v, want empty and null", cleared.Metadata, cleared.ToolResources)
	}
	var got contract.Thread
	c.call("GET", "/threads/"+th.ID, nil, &got)
	diff(t, "retrieved after update", got, cleared)

	r := c.mustRun(th.ID, body{"assistant_id": c.mustAssistant().ID})
	var d deleted
	c.call("DELETE", "/threads/"+th.ID, nil, &d)
	diff(t, "delete answer", d, deleted{ID: th.ID, Object: "thread.deleted", Deleted: true})
	for _, tc := range []struct{ method, path string }{
		{"GET", "/threads/" + th.ID},
		{"DELETE", "/threads/" + th.ID},
		{"POST", "/threads/" + th.ID},
		{"GET", "/threads/" + th.ID + "/runs/" + r.ID},
		{"GET", "/threads/" + th.ID + "/messages"},
	} {
		e := c.fail(tc.method, tc.path, body{}, http.StatusNotFound)
		if want := "No thread found with id '" + th.ID + "'."; e.Message != want {
			t.Errorf("%s %s: got %q, want %q", tc.method, tc.path, e.Message, want)
		}
	}
	if n := s.store.threadCount(); n != 0 {
		t.Errorf("threads stored after delete: got %d, want 0", n)
	}
}

func TestMessageRetrieveUpdateDelete(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithClock(NewManualClock(testEpoch)))
	c := newClient(t, s)
	th := c.mustThread("")
	base := "/threads/" + th.ID + "/messages"
	var made []contract.Message
	for _, text := range []string{"one", "two", "three"} {
		var m contract.Message
		c.call("POST", base, body{"role": "user", "content": text}, &m)
		made = append(made, m)
	}
	var got contract.Message
	c.call("GET", base+"/"+made[1].ID, nil, &got)
	if got.ID != made[1].ID || messageText(&got) != "two" {
		t.Errorf("retrieve: got %s %q, want %s two", got.ID, messageText(&got), made[1].ID)
	}
	var up contract.Message
	c.call("POST", base+"/"+made[1].ID, body{"metadata": body{"k": "v"}}, &up)
	diff(t, "updated metadata", up.Metadata, map[string]string{"k": "v"})
	c.call("GET", base+"/"+made[1].ID, nil, &got)
	diff(t, "retrieved after update", got.Metadata, up.Metadata)

	var d deleted
	c.call("DELETE", base+"/"+made[2].ID, nil, &d)
	diff(t, "delete answer", d, deleted{ID: made[2].ID, Object: "thread.message.deleted", Deleted: true})
	var l list
	c.call("GET", base+"?order=asc", nil, &l)
	diff(t, "list after delete", l.ids(), []string{made[0].ID, made[1].ID})
	e := c.fail("GET", base+"/"+made[2].ID, nil, http.StatusNotFound)
	if want := "No message found with id '" + made[2].ID + "'."; e.Message != want {
		t.Errorf("retrieve deleted: got %q, want %q", e.Message, want)
	}
	c.fail("DELETE", base+"/"+made[2].ID, nil, http.StatusNotFound)
	c.fail("POST", base+"/"+made[2].ID, body{}, http.StatusNotFound)
	c.fail("GET", "/threads/thread_nope/messages/"+made[0].ID, nil, http.StatusNotFound)

	// The last user message is now "two": a run answers it.
	th2 := s.store.thread(th.ID)
	th2.mu.Lock()
	text, _ := th2.lastUserText()
	th2.mu.Unlock()
	if text != "two" {
		t.Errorf("last user message after delete: got %q, want two", text)
	}
}

// sdkCall is a request of an SDK's generated test suite, with the
// placeholder values it sends.
type sdkCall struct {
	name         string
	method, path string
	body         any
	object       string // the object lenient mode answers
	strict       int    // the status strict mode answers
}

var sdkCalls = []sdkCall{
	{"assistant update", "POST", "/assistants/assistant_id", body{"model": "gpt-5", "name": "name"}, "assistant", 404},
	{"assistant list", "GET", "/assistants?after=after&before=before&limit=0&order=asc", nil, "list", 400},
	{"assistant delete", "DELETE", "/assistants/assistant_id", nil, "assistant.deleted", 404},
	{"thread update", "POST", "/threads/thread_id", body{"metadata": body{"foo": "string"}}, "thread", 404},
	{"thread delete", "DELETE", "/threads/thread_id", nil, "thread.deleted", 404},
	{"message retrieve", "GET", "/threads/thread_id/messages/message_id", nil, "thread.message", 404},
	{"message update", "POST", "/threads/thread_id/messages/message_id", body{"metadata": body{"foo": "string"}}, "thread.message", 404},
	{"message list", "GET", "/threads/thread_id/messages?after=after&before=before&limit=0&order=asc&run_id=run_id", nil, "list", 400},
	{"message delete", "DELETE", "/threads/thread_id/messages/message_id", nil, "thread.message.deleted", 404},
	{"run list", "GET", "/threads/thread_id/runs?after=after&before=before&limit=0&order=asc", nil, "list", 400},
	{"step list", "GET", "/threads/thread_id/runs/run_id/steps?after=after&before=before&include[]=step_details.tool_calls[*].file_search.results[*].content&limit=0&order=asc", nil, "list", 400},
	{"run list, unknown thread", "GET", "/threads/thread_id/runs?after=after", nil, "list", 404},
	{"message list, unknown thread", "GET", "/threads/thread_id/messages?order=asc", nil, "list", 404},
}

// TestSDKPlaceholders plays the requests of openai-go's generated tests
// that strict mode refuses: lenient mode answers each with a well-formed
// object, strict mode with the live API's error.
func TestSDKPlaceholders(t *testing.T) {
	t.Parallel()
	for _, mode := range []Mode{ModeLenient, ModeStrict} {
		s := newTestServer(t, WithMode(mode))
		c := newClient(t, s)
		for _, tc := range sdkCalls {
			t.Run(mode.String()+"/"+tc.name, func(t *testing.T) {
				c := *c
				c.tb = t
				if mode == ModeStrict {
					c.fail(tc.method, tc.path, tc.body, tc.strict)
					return
				}
				resp, data := c.send(tc.method, tc.path, tc.body)
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("got status %d, want 200; body %s", resp.StatusCode, data)
				}
				var got map[string]any
				if err := json.Unmarshal(data, &got); err != nil {
					t.Fatalf("decode %s: %v", data, err)
				}
				if got["object"] != tc.object {
					t.Errorf("got object %v, want %s", got["object"], tc.object)
				}
				if strings.HasSuffix(tc.object, ".deleted") {
					if id, _ := got["id"].(string); id == "" || got["deleted"] != true || len(got) != 3 {
						t.Errorf("got %s, want {id, object, deleted: true}", data)
					}
					return
				}
				// Lenient mode echoes the ids it is given, placeholders
				// without the API's prefixes included; nothing else may
				// break the contract.
				for _, v := range contract.CheckObject(tc.object, data) {
					if strings.HasSuffix(v.Pointer, "/id") && strings.Contains(v.Msg, "id prefix") && strings.Contains(v.Got, "_id") {
						continue
					}
					t.Errorf("the answer breaks the contract: %v; body %s", v, data)
				}
			})
		}
	}
}

// TestLenientUnknownIDsStoreNothing checks that reads and deletes of unknown
// ids in lenient mode leave the store as it was, however many there are.
func TestLenientUnknownIDsStoreNothing(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithMode(ModeLenient))
	c := newClient(t, s)
	for i := range 50 {
		th, m := fmt.Sprintf("thread_%d", i), fmt.Sprintf("msg_%d", i)
		c.call("GET", "/threads/"+th, nil, nil)
		c.call("GET", "/threads/"+th+"/messages/"+m, nil, nil)
		c.call("GET", "/threads/"+th+"/messages?after=x", nil, nil)
		c.call("DELETE", "/threads/"+th+"/messages/"+m, nil, nil)
		c.call("DELETE", "/threads/"+th, nil, nil)
		c.call("GET", "/assistants/asst_"+th, nil, nil)
		c.call("DELETE", "/assistants/asst_"+th, nil, nil)
	}
	if n := s.store.threadCount(); n != 0 {
		t.Errorf("threads stored: got %d, want 0", n)
	}
	if n := len(s.store.listAssistants()); n != 0 {
		t.Errorf("assistants stored: got %d, want 0", n)
	}
	// A change is kept: the next read sees it.
	var m contract.Message
	c.call("POST", "/threads/thread_x/messages/msg_x", body{"metadata": body{"k": "v"}}, &m)
	c.call("GET", "/threads/thread_x/messages/msg_x", nil, &m)
	diff(t, "kept metadata", m.Metadata, map[string]string{"k": "v"})
	var a assistant
	c.call("POST", "/assistants/asst_x", body{"name": "kept"}, nil)
	c.call("GET", "/assistants/asst_x", nil, &a)
	if a.Name == nil || *a.Name != "kept" {
		t.Errorf("kept assistant name: got %v, want kept", a.Name)
	}
}

// TestSchemaInvalidInBothModes checks that lenient mode relaxes only
// business rules: what the schema refuses is a 400 in both modes.
func TestSchemaInvalidInBothModes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, method, path string
		body               any
		param              string
	}{
		{"limit not an integer", "GET", "/threads/thread_id/runs?limit=ten", nil, "limit"},
		{"order outside the enum", "GET", "/assistants?order=sideways", nil, "order"},
		{"message list order", "GET", "/threads/thread_id/messages?order=up", nil, "order"},
		{"assistant update unknown key", "POST", "/assistants/assistant_id", body{"bogus": 1}, "bogus"},
		{"assistant update wrong type", "POST", "/assistants/assistant_id", body{"temperature": "hot"}, "temperature"},
		{"assistant update out of range", "POST", "/assistants/assistant_id", body{"temperature": 3}, "temperature"},
		{"assistant update vector stores", "POST", "/assistants/assistant_id", body{"tool_resources": body{"file_search": body{"vector_stores": []any{}}}}, "tool_resources.file_search.vector_stores"},
		{"thread update unknown key", "POST", "/threads/thread_id", body{"messages": []any{}}, "messages"},
		{"thread update metadata value", "POST", "/threads/thread_id", body{"metadata": body{"k": true}}, "metadata.k"},
		{"message update wrong type", "POST", "/threads/thread_id/messages/message_id", body{"metadata": "x"}, "metadata"},
		{"message update content", "POST", "/threads/thread_id/messages/message_id", body{"content": "x"}, "content"},
		{"message update not JSON", "POST", "/threads/thread_id/messages/message_id", "{", ""},
	}
	for _, mode := range []Mode{ModeLenient, ModeStrict} {
		s := newTestServer(t, WithMode(mode))
		c := newClient(t, s)
		for _, tc := range tests {
			t.Run(mode.String()+"/"+tc.name, func(t *testing.T) {
				c := *c
				c.tb = t
				e := c.fail(tc.method, tc.path, tc.body, http.StatusBadRequest)
				if got := deref(e.Param); got != tc.param {
					t.Errorf("got param %q, want %q (%s)", got, tc.param, e.Message)
				}
			})
		}
	}
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// TestListParamsByMode checks limit and cursors: strict mode refuses what
// the live API refused, lenient mode reads it as the schema allows.
func TestListParamsByMode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		query       string
		strictParam string // "" when strict mode answers too
		want        int    // messages on the page in lenient mode
	}{
		{"limit=0", "limit", 3},
		{"limit=-5", "limit", 3},
		{"limit=1000", "limit", 3},
		{"limit=2", "", 2},
		{"after=after", "after", 3},
		{"before=before", "before", 3},
		{"after=after&before=before&limit=0", "limit", 3},
	}
	for _, mode := range []Mode{ModeLenient, ModeStrict} {
		s := newTestServer(t, WithMode(mode))
		c := newClient(t, s)
		th := c.mustThread("")
		for _, text := range []string{"a", "b", "c"} {
			c.call("POST", "/threads/"+th.ID+"/messages", body{"role": "user", "content": text}, nil)
		}
		for _, tc := range tests {
			t.Run(mode.String()+"/"+tc.query, func(t *testing.T) {
				c := *c
				c.tb = t
				path := "/threads/" + th.ID + "/messages?" + tc.query
				if mode == ModeStrict && tc.strictParam != "" {
					e := c.fail("GET", path, nil, http.StatusBadRequest)
					if got := deref(e.Param); got != tc.strictParam {
						t.Errorf("got param %q, want %q", got, tc.strictParam)
					}
					return
				}
				var l list
				c.call("GET", path, nil, &l)
				if len(l.Data) != tc.want {
					t.Errorf("got %d messages, want %d", len(l.Data), tc.want)
				}
			})
		}
	}
}

// TestSurfaceChangesUnderRuns changes and deletes assistants, threads and
// messages while runs of them stream and are polled, for the race
// detector: every request answers, none panics, and what is deleted is
// gone afterwards.
func TestSurfaceChangesUnderRuns(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithStreamShape(StreamShape{Deltas: 4}))
	c := newClient(t, s)
	a := c.mustAssistant()
	const workers = 6
	errs := make(chan error, workers)
	for w := range workers {
		go func() {
			errs <- func() error {
				cw := *c
				th := cw.mustThread(fmt.Sprintf("hello %d", w))
				base := "/threads/" + th.ID
				for i := range 5 {
					resp, data := cw.send("POST", "/assistants/"+a.ID, body{"metadata": body{"round": fmt.Sprint(i)}})
					if resp.StatusCode != http.StatusOK {
						return fmt.Errorf("update assistant: status %d: %s", resp.StatusCode, data)
					}
					evs, err := cw.streamErr(base+"/runs", body{"assistant_id": a.ID, "stream": true})
					if err != nil || len(evs) == 0 || evs[len(evs)-1].Name != contract.EventDone {
						return fmt.Errorf("stream %d: %v, %d events", i, err, len(evs))
					}
					var m contract.Message
					resp, data = cw.send("POST", base+"/messages", body{"role": "user", "content": "more"})
					if resp.StatusCode != http.StatusOK {
						return fmt.Errorf("create message: status %d: %s", resp.StatusCode, data)
					}
					if err := json.Unmarshal(data, &m); err != nil {
						return err
					}
					for _, req := range []struct{ method, path string }{
						{"POST", base + "/messages/" + m.ID},
						{"POST", base},
						{"DELETE", base + "/messages/" + m.ID},
					} {
						if resp, data := cw.send(req.method, req.path, body{"metadata": body{"k": "v"}}); resp.StatusCode != http.StatusOK {
							return fmt.Errorf("%s %s: status %d: %s", req.method, req.path, resp.StatusCode, data)
						}
					}
				}
				if resp, data := cw.send("DELETE", base, nil); resp.StatusCode != http.StatusOK {
					return fmt.Errorf("delete thread: status %d: %s", resp.StatusCode, data)
				}
				if resp, _ := cw.send("GET", base+"/runs", nil); resp.StatusCode != http.StatusNotFound {
					return fmt.Errorf("runs of a deleted thread: status %d, want 404", resp.StatusCode)
				}
				return nil
			}()
		}()
	}
	for range workers {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	if n := s.store.threadCount(); n != 0 {
		t.Errorf("threads stored after every delete: got %d, want 0", n)
	}
}
