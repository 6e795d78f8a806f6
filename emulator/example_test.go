package emulator_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/runsuite/runsuite/emulator"
)

// call sends one request with the beta header and returns the status, the
// headers and the decoded JSON answer (or the event names of a stream).
func call(s *emulator.Server, method, path, body string) (int, http.Header, map[string]any, []string) {
	req, err := http.NewRequest(method, s.BaseURL()+path, strings.NewReader(body))
	if err != nil {
		panic(err)
	}
	req.Header.Set("OpenAI-Beta", "assistants=v2")
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.Client().Do(req)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	if resp.Header.Get("Content-Type") == "text/event-stream" {
		var events []string
		for lines := bufio.NewScanner(resp.Body); lines.Scan(); {
			if name, ok := strings.CutPrefix(lines.Text(), "event: "); ok {
				events = append(events, name)
			}
		}
		return resp.StatusCode, resp.Header, nil, events
	}
	var v map[string]any
	json.NewDecoder(resp.Body).Decode(&v) //nolint:errcheck // the example prints what it got
	return resp.StatusCode, resp.Header, v, nil
}

func ExampleNewServer() {
	s := emulator.NewServer(emulator.WithIDSeed(1), emulator.WithStreamShape(emulator.StreamShape{Deltas: 3}))
	defer s.Close()
	_, _, asst, _ := call(s, "POST", "/assistants", `{"model":"gpt-4o","instructions":"Be brief."}`)
	_, _, _, events := call(s, "POST", "/threads/runs",
		`{"assistant_id":"`+asst["id"].(string)+`","stream":true,"thread":{"messages":[{"role":"user","content":"hello"}]}}`)
	fmt.Println(len(events), "events, the first", events[0]+", the last", events[len(events)-1])
	// Output: 15 events, the first thread.created, the last done
}

func ExampleWithRetention() {
	// Remember one terminal run: the older one is forgotten.
	s := emulator.NewServer(emulator.WithRetention(1, 0))
	defer s.Close()
	_, _, asst, _ := call(s, "POST", "/assistants", `{"model":"gpt-4o","instructions":"Be brief."}`)
	_, _, th, _ := call(s, "POST", "/threads", `{"messages":[{"role":"user","content":"hello"}]}`)
	runs := "/threads/" + th["id"].(string) + "/runs"
	stream := `{"assistant_id":"` + asst["id"].(string) + `","stream":true}`
	_, _, _, first := call(s, "POST", runs, stream) // the run plays to its end
	_, _, _, second := call(s, "POST", runs, stream)
	fmt.Println(first[len(first)-2], second[len(second)-2])
	// Only the latest terminal run is kept.
	_, _, list, _ := call(s, "GET", runs, "")
	fmt.Println("runs kept:", len(list["data"].([]any)))
	// Output:
	// thread.run.completed thread.run.completed
	// runs kept: 1
}

func ExampleWithFaults() {
	// Every request is answered 503 with retry-after.
	s := emulator.NewServer(emulator.WithFaults(emulator.Faults{Unavailable: 1}))
	defer s.Close()
	code, h, body, _ := call(s, "GET", "/threads/thread_abc", "")
	fmt.Println(code, h.Get("Retry-After"), h.Get(emulator.FaultHeader), body["error"].(map[string]any)["type"])
	// Output: 503 1 unavailable server_error
}
