package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/jarcoal/httpmock"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/fixtures"
	"github.com/runsuite/runsuite/runs"
	"github.com/runsuite/runsuite/sse"
	"github.com/runsuite/runsuite/suites/internal/clientimpls"
	"github.com/runsuite/runsuite/suites/internal/eventstreams"
)

// The client suites (client_*_test.go) check what an implementation of
// runs.RunsAPI and runs.StepsAPI sends and how it reads the answers
// (CONTRACT §1, §5, §6, §8). Every spec runs once per entry of
// clientimpls.All, over an httpmock.MockTransport owned by the spec, so the
// specs are parallel-safe and nothing leaves the process.

// testBaseURL is the base URL every implementation is built with; httpmock
// answers for it, so nothing is ever dialled.
const testBaseURL = "https://api.runsuite.test/v1"

// basePath is the path of testBaseURL, which every request path starts with.
const basePath = "/v1/"

// captured is one request the mock API received, with its body bytes.
type captured struct {
	*http.Request
	Body    []byte
	BodyErr error // reading the body failed
}

// mockAPI is an httpmock transport that records every request it receives
// and answers it with a responder. Each spec builds its own.
type mockAPI struct {
	transport *httpmock.MockTransport
	mu        sync.Mutex
	requests  []captured
}

// newMockAPI returns a mock API answering every request with answer.
func newMockAPI(answer httpmock.Responder) *mockAPI {
	m := &mockAPI{transport: httpmock.NewMockTransport()}
	m.transport.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		c := captured{Request: req}
		if req.Body != nil {
			c.Body, c.BodyErr = io.ReadAll(req.Body)
			req.Body.Close()
		}
		m.mu.Lock()
		m.requests = append(m.requests, c)
		m.mu.Unlock()
		return answer(req)
	})
	return m
}

// httpClient returns an http.Client over the mock transport.
func (m *mockAPI) httpClient() *http.Client { return &http.Client{Transport: m.transport} }

// received returns the requests received so far, checking their bodies
// could be read.
func (m *mockAPI) received() []captured {
	GinkgoHelper()
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, r := range m.requests {
		Expect(r.BodyErr).NotTo(HaveOccurred(), "reading the body of request #%d", i)
	}
	return slices.Clone(m.requests)
}

// only returns the single request received.
func (m *mockAPI) only() captured {
	GinkgoHelper()
	reqs := m.received()
	Expect(reqs).To(HaveLen(1), "requests sent")
	return reqs[0]
}

// calls is the number of requests the transport received.
func (m *mockAPI) calls() int { return m.transport.GetTotalCallCount() }

// harness is one implementation built over one mock API.
type harness struct {
	api   *mockAPI
	runs  runs.RunsAPI
	steps runs.StepsAPI
}

// newHarness builds impl over a new mock API answering with answer.
func newHarness(impl clientimpls.Implementation, maxRetries int, answer httpmock.Responder, headers ...clientimpls.Header) *harness {
	api := newMockAPI(answer)
	r, s := impl.Build(api.httpClient(), testBaseURL, maxRetries, headers...)
	return &harness{api: api, runs: r, steps: s}
}

// Responders.

var (
	jsonHeader = http.Header{"Content-Type": {"application/json"}}
	sseHeader  = http.Header{"Content-Type": {"text/event-stream"}}
)

// jsonResponder answers with a JSON body.
func jsonResponder(status int, body string) httpmock.Responder {
	return httpmock.NewStringResponder(status, body).HeaderSet(jsonHeader)
}

// sseResponder answers 200 with an event stream.
func sseResponder(stream []byte) httpmock.Responder {
	return httpmock.NewBytesResponder(http.StatusOK, stream).HeaderSet(sseHeader)
}

// apiErrorBody is an OpenAI error envelope.
func apiErrorBody(typ, code, param, message string) string {
	obj := map[string]any{"type": typ, "message": message, "code": nil, "param": nil}
	if code != "" {
		obj["code"] = code
	}
	if param != "" {
		obj["param"] = param
	}
	b, err := json.Marshal(map[string]any{"error": obj})
	if err != nil {
		panic(err)
	}
	return string(b)
}

// errorResponder answers status with an error envelope and extra headers
// (name, value pairs).
func errorResponder(status int, headers ...string) httpmock.Responder {
	h := jsonHeader.Clone()
	for i := 0; i+1 < len(headers); i += 2 {
		h.Set(headers[i], headers[i+1])
	}
	body := apiErrorBody("server_error", "", "", http.StatusText(status))
	return httpmock.NewStringResponder(status, body).HeaderSet(h)
}

// Fixture payloads.

// fixtureData returns the data of the single event of an events/ fixture.
func fixtureData(name contract.EventName) string {
	fx := eventstreams.EventFixture(name)
	d := sse.NewDecoder(bytes.NewReader(fx.Data))
	if !d.Next() {
		panic(fmt.Sprintf("no frame in %s: %v", fx.Path, d.Err()))
	}
	return string(d.Frame().Data)
}

// runJSON is a whole Run, as the server answers a run operation.
func runJSON() string { return fixtureData(contract.EventThreadRunCompleted) }

// stepJSON is a whole RunStep, as the server answers Steps.Retrieve.
func stepJSON() string { return fixtureData(contract.EventThreadRunStepCompleted) }

// fixtureRun is runJSON as the reference decoder reads it.
func fixtureRun() *contract.Run {
	ev, err := contract.DecodeEvent(string(contract.EventThreadRunCompleted), []byte(runJSON()))
	if err != nil {
		panic(err)
	}
	return ev.Run
}

// fixtureStep is stepJSON as the reference decoder reads it.
func fixtureStep() *contract.RunStep {
	ev, err := contract.DecodeEvent(string(contract.EventThreadRunStepCompleted), []byte(stepJSON()))
	if err != nil {
		panic(err)
	}
	return ev.Step
}

// withID returns an object's JSON with its id replaced.
func withID(obj, id string) string {
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(obj), &m); err != nil {
		panic(err)
	}
	old := m["id"]
	return strings.Replace(obj, `"id":`+string(old), `"id":`+mustJSON(id), 1)
}

// listJSON is a list envelope of items.
func listJSON(hasMore bool, firstID, lastID string, items ...string) string {
	return fmt.Sprintf(`{"object":"list","data":[%s],"first_id":%s,"last_id":%s,"has_more":%t}`,
		strings.Join(items, ","), nullableJSON(firstID), nullableJSON(lastID), hasMore)
}

func nullableJSON(s string) string {
	if s == "" {
		return "null"
	}
	return mustJSON(s)
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// runFixture returns a whole-run stream fixture by name.
func runFixture(name string) fixtures.Stream {
	for _, s := range eventstreams.MustLoad(fixtures.Runs) {
		if s.Name == name {
			return s
		}
	}
	panic("no run fixture " + name)
}

// streamedEvents is what a runs.Stream over a fixture must yield: every
// decoded event but the final done, which ends the stream.
func streamedEvents(fx fixtures.Stream) []contract.Event {
	got := eventstreams.Decode(fx.Data)
	if got.Err != nil {
		panic(fmt.Sprintf("%s: %v", fx.Path, got.Err))
	}
	events := got.Events
	if n := len(events); n > 0 && events[n-1].Name == contract.EventDone {
		events = events[:n-1]
	}
	return events
}

// topLevelKeys returns the keys of a JSON object in the order they appear.
func topLevelKeys(body []byte) []string {
	GinkgoHelper()
	dec := json.NewDecoder(bytes.NewReader(body))
	tok, err := dec.Token()
	Expect(err).NotTo(HaveOccurred(), "body %s", body)
	Expect(tok).To(Equal(json.Delim('{')), "body %s is not an object", body)
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		Expect(err).NotTo(HaveOccurred())
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		Expect(dec.Decode(&skip)).To(Succeed())
	}
	return keys
}

// bg is the context of calls that are not about contexts.
var bg = context.Background()

var _ = Describe("Client implementations", Label("client"), func() {
	It("declare only deviations a spec knows, each explained", func() {
		for _, impl := range clientimpls.All {
			for id, why := range impl.Deviations {
				Expect(clientimpls.KnownDeviations).To(HaveKey(id), "%s declares an unknown deviation", impl.Name)
				Expect(why).NotTo(BeEmpty(), "%s: deviation %s needs an explanation", impl.Name, id)
			}
		}
	})
})
