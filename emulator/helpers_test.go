package emulator

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/runs"
)

// testEpoch is the start of the manual clocks of the tests.
var testEpoch = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)

// newTestServer starts an emulator that the test closes when it ends, and
// checks that no request reached the last-resort recover.
func newTestServer(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	s := NewServer(opts...)
	tb.Cleanup(func() {
		s.Close()
		if n := s.panics.Load(); n != 0 {
			tb.Errorf("%d requests panicked in the handler", n)
		}
	})
	return s
}

// apiClient sends requests to an emulator with the headers SDKs send.
type apiClient struct {
	tb     testing.TB
	s      *Server
	header http.Header
}

func newClient(tb testing.TB, s *Server) *apiClient {
	h := http.Header{}
	h.Set("Authorization", "Bearer test")
	h.Set(contract.BetaHeader, contract.BetaValue)
	return &apiClient{tb: tb, s: s, header: h}
}

// bodyReader encodes body: a string or []byte is sent as is, nil as no
// body, anything else as JSON.
func bodyReader(tb testing.TB, body any) io.Reader {
	tb.Helper()
	switch b := body.(type) {
	case nil:
		return nil
	case string:
		return strings.NewReader(b)
	case []byte:
		return bytes.NewReader(b)
	}
	data, err := json.Marshal(body)
	if err != nil {
		tb.Fatalf("encode body: %v", err)
	}
	return bytes.NewReader(data)
}

// send sends a request to path (relative to the base URL) and returns the
// response with its body read.
func (c *apiClient) send(method, path string, body any) (*http.Response, []byte) {
	c.tb.Helper()
	req, err := http.NewRequest(method, c.s.BaseURL()+path, bodyReader(c.tb, body))
	if err != nil {
		c.tb.Fatalf("new request: %v", err)
	}
	req.Header = c.header.Clone()
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.s.Client().Do(req)
	if err != nil {
		c.tb.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		c.tb.Fatalf("%s %s: read body: %v", method, path, err)
	}
	return resp, data
}

// call sends a request that must succeed and decodes its JSON answer into
// out (when not nil).
func (c *apiClient) call(method, path string, body, out any) {
	c.tb.Helper()
	resp, data := c.send(method, path, body)
	if resp.StatusCode != http.StatusOK {
		c.tb.Fatalf("%s %s: status %d, want 200; body %s", method, path, resp.StatusCode, data)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		c.tb.Fatalf("%s %s: Content-Type %q, want application/json", method, path, ct)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			c.tb.Fatalf("%s %s: decode %s: %v", method, path, data, err)
		}
	}
}

// envelope is an error answer.
type envelope struct {
	Error contract.ErrorObject `json:"error"`
}

// fail sends a request that must fail with status and returns its error
// object, after checking the envelope's shape.
func (c *apiClient) fail(method, path string, body any, status int) contract.ErrorObject {
	c.tb.Helper()
	resp, data := c.send(method, path, body)
	if resp.StatusCode != status {
		c.tb.Fatalf("%s %s: status %d, want %d; body %s", method, path, resp.StatusCode, status, data)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		c.tb.Errorf("%s %s: Content-Type %q, want application/json", method, path, ct)
	}
	var raw map[string]map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		c.tb.Fatalf("%s %s: error body %s: %v", method, path, data, err)
	}
	for _, k := range []string{"message", "type", "param", "code"} {
		if _, ok := raw["error"][k]; !ok {
			c.tb.Errorf("%s %s: error envelope lacks %q: %s", method, path, k, data)
		}
	}
	var env envelope
	if err := json.Unmarshal(data, &env); err != nil {
		c.tb.Fatalf("%s %s: decode error %s: %v", method, path, data, err)
	}
	return env.Error
}

// stream sends a streaming request and decodes every event with
// runs.NewEventReader. It fails the test when the stream is malformed.
func (c *apiClient) stream(path string, body any) []contract.Event {
	c.tb.Helper()
	evs, err := c.streamErr(path, body)
	if err != nil {
		c.tb.Fatalf("stream %s: %v", path, err)
	}
	return evs
}

// streamErr is stream returning the reader's error.
func (c *apiClient) streamErr(path string, body any) ([]contract.Event, error) {
	c.tb.Helper()
	req, err := http.NewRequest(http.MethodPost, c.s.BaseURL()+path, bodyReader(c.tb, body))
	if err != nil {
		c.tb.Fatalf("new request: %v", err)
	}
	req.Header = c.header.Clone()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json") // as Node and Go send it (CONTRACT §8.1)
	resp, err := c.s.Client().Do(req)
	if err != nil {
		c.tb.Fatalf("stream %s: %v", path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		data, _ := io.ReadAll(resp.Body)
		c.tb.Fatalf("stream %s: status %d; body %s", path, resp.StatusCode, data)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		c.tb.Fatalf("stream %s: Content-Type %q", path, ct)
	}
	er := runs.NewEventReader(resp.Body)
	var evs []contract.Event
	for er.Next() {
		evs = append(evs, er.Event())
	}
	return evs, er.Err()
}

// names returns the events' names.
func names(evs []contract.Event) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = string(e.Name)
	}
	return out
}

// body is a JSON object body.
type body = map[string]any

// weatherTool is a function tool with a JSON Schema, like the fixtures'.
var weatherTool = body{"type": "function", "function": body{
	"name": "get_current_weather", "description": "Get the current weather in a given location",
	"parameters": body{"type": "object", "properties": body{
		"location": body{"type": "string", "description": "The city, e.g. Paris"},
		"unit":     body{"type": "string", "enum": []string{"celsius", "fahrenheit"}},
	}, "required": []string{"location", "unit"}},
}}

// mustAssistant creates an assistant with the given tools.
func (c *apiClient) mustAssistant(tools ...any) *assistant {
	c.tb.Helper()
	if tools == nil {
		tools = []any{}
	}
	var a assistant
	c.call("POST", "/assistants", body{"model": "gpt-4o", "instructions": "You are a helpful weather assistant. Answer briefly.", "tools": tools}, &a)
	return &a
}

// mustThread creates a thread, with a user message when text is not "".
func (c *apiClient) mustThread(text string) contract.Thread {
	c.tb.Helper()
	b := body{}
	if text != "" {
		b["messages"] = []any{body{"role": "user", "content": text}}
	}
	var t contract.Thread
	c.call("POST", "/threads", b, &t)
	return t
}

// mustRun creates a run without streaming.
func (c *apiClient) mustRun(threadID string, b body) contract.Run {
	c.tb.Helper()
	var r contract.Run
	c.call("POST", "/threads/"+threadID+"/runs", b, &r)
	return r
}

// getRun retrieves a run.
func (c *apiClient) getRun(threadID, runID string) contract.Run {
	c.tb.Helper()
	var r contract.Run
	c.call("GET", "/threads/"+threadID+"/runs/"+runID, nil, &r)
	return r
}

// diff fails the test with a got/want diff when got and want differ.
func diff(tb testing.TB, what string, got, want any, opts ...cmp.Option) {
	tb.Helper()
	if d := cmp.Diff(want, got, opts...); d != "" {
		tb.Errorf("%s mismatch (-want +got):\n%s", what, d)
	}
}

// cmpUnexported compares structs with unexported fields by their exported
// ones.
var cmpUnexported = cmpopts.IgnoreUnexported(assistant{})
