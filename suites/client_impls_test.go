package suites

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
	"time"

	"github.com/jarcoal/httpmock"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"github.com/runsuite/runsuite/adapters/openaigo"
	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/fixtures"
	"github.com/runsuite/runsuite/runs"
	"github.com/runsuite/runsuite/sse"
)

// The client suites (client_*_test.go) check what an implementation of
// runs.RunsAPI and runs.StepsAPI sends and how it reads the answers
// (CONTRACT §1, §5, §6, §8). Every spec runs once per entry of
// implementations, over an httpmock.MockTransport owned by the spec, so the
// specs are parallel-safe and nothing leaves the process.

// testBaseURL is the base URL every implementation is built with; httpmock
// answers for it, so nothing is ever dialled.
const testBaseURL = "https://api.runsuite.test/v1"

// basePath is the path of testBaseURL, which every request path starts with.
const basePath = "/v1/"

// header is one extra header a client is built with.
type header struct{ name, value string }

// implementation is one implementation of the Runs API surface under test.
type implementation struct {
	name string
	// build returns the RunsAPI/StepsAPI for baseURL over hc (whose
	// Transport is an httpmock.MockTransport), with maxRetries, tiny retry
	// delays and the given client-wide headers.
	build func(hc *http.Client, baseURL string, maxRetries int, headers ...header) (runs.RunsAPI, runs.StepsAPI)
	// deviations are named, documented differences from the contract: the
	// key is a deviation id (see knownDeviations), the value says what the
	// implementation does instead and where that comes from.
	deviations map[string]string
}

// implementations are the implementations every client spec runs against.
var implementations = []implementation{
	{
		name: "runsuite",
		build: func(hc *http.Client, baseURL string, maxRetries int, headers ...header) (runs.RunsAPI, runs.StepsAPI) {
			opts := []runs.Option{
				runs.WithBaseURL(baseURL),
				runs.WithAPIKey("test"),
				runs.WithHTTPClient(hc),
				runs.WithMaxRetries(maxRetries),
				runs.WithRetryDelay(time.Millisecond, 10*time.Millisecond),
			}
			for _, h := range headers {
				opts = append(opts, runs.WithHeader(h.name, h.value))
			}
			c := runs.NewClient(opts...)
			return c, c.Steps
		},
	},
	{
		name: "openai-go",
		build: func(hc *http.Client, baseURL string, maxRetries int, headers ...header) (runs.RunsAPI, runs.StepsAPI) {
			opts := []option.RequestOption{
				option.WithBaseURL(baseURL),
				option.WithAPIKey("test"),
				option.WithHTTPClient(hc),
				option.WithMaxRetries(maxRetries),
				// The counterpart of runsuite's WithRetryDelay above: it caps
				// openai-go's backoff (0.5 s × 2^n otherwise) at 10 ms.
				option.WithMaxRetryDelay(10 * time.Millisecond),
			}
			for _, h := range headers {
				opts = append(opts, option.WithHeader(h.name, h.value))
			}
			a := openaigo.New(openai.NewClient(opts...))
			return a.Runs, a.Steps
		},
		deviations: map[string]string{
			devAcceptOnStreams: "sends Accept: application/json on streams too; only the body's \"stream\": true asks for one " +
				"(CONTRACT §8.1; requestconfig.go NewRequestConfig sets Accept once for every request)",
			devBodyKeyOrder: "orders body keys as its param structs declare them, at every level (required fields, then " +
				"optional scalars, then the rest: tool_outputs items come out as output, tool_call_id), with the nulls it has " +
				"no typed form for after them and Extra keys last; \"stream\" is set through WithJSONSet after the Extra keys, " +
				"so it lands where an Extra \"stream\" key put it (CONTRACT §8.4; betathreadrun.go NewStreaming)",
			devUserAgent:       "sends User-Agent: OpenAI/Go <version> (CONTRACT §8.6; requestconfig.go getDefaultHeaders)",
			devBetaOverridable: "a client-wide option.WithHeader(\"OpenAI-Beta\", …) replaces assistants=v2: each method prepends its own WithHeader before the client options (betathreadrun.go)",
			devRetryAfterOverCap: "a retry-after longer than the maximum retry delay stops the retries and returns the answer " +
				"(requestconfig.go retryDelay; option.WithMaxRetryDelay documents it)",
			devParamsUnchecked: "has no bounds checks: metadata size, limit, order, temperature, top_p, tools, token minimums and " +
				"include values outside the contract are sent as given (CONTRACT §1.3 \"does not check\")",
			devPathEscaping: "escapes path ids with url.PathEscape, which also escapes the sub-delimiters ! ' ( ) * , ; that " +
				"CONTRACT §1 leaves as they are (requestconfig.go encodePathParam)",
			devDotSegmentsSent: "escapes '.' and '..' path ids as %2E and %2E%2E and sends them (requestconfig.go encodePathParam)",
			devPathArgMessage: "refuses an empty path id before sending, worded \"missing required <name> parameter\"; " +
				"the adapter turns it into *runs.ArgumentError (CONTRACT §1.3; betathreadrun.go)",
			devNilContextPlainError: "refuses a nil context with net/http's \"nil Context\" error, not *runs.ArgumentError; nothing is sent " +
				"(http.NewRequestWithContext)",
			devStreamFlagIgnored: "has no stream guard: a \"stream\" Extra key goes into the body through WithJSONSet, and the stream " +
				"methods set \"stream\": true after it, so a non-stream method sends \"stream\": true and a stream method " +
				"overrides false or null (betathreadrun.go NewStreaming)",
		},
	},
}

// forEachImplementation registers body once per implementation, inside a
// container named and labelled after it.
func forEachImplementation(body func(impl implementation)) {
	for _, impl := range implementations {
		Context(impl.name, Label("impl:"+impl.name), func() { body(impl) })
	}
}

// expectOrDeviation runs the contract expectation, or, when the
// implementation declares the deviation, the expectation of the deviating
// behaviour, so that a change either way is noticed. A declared deviation is
// reported in the spec's report entries.
func expectOrDeviation(impl implementation, id string, contractBehaviour, deviation func()) {
	GinkgoHelper()
	Expect(knownDeviations).To(HaveKey(id), "deviation id %q is not in knownDeviations", id)
	why, ok := impl.deviations[id]
	if !ok {
		contractBehaviour()
		return
	}
	AddReportEntry("deviation "+id, impl.name+": "+why, ReportEntryVisibilityFailureOrVerbose)
	deviation()
}

// knownDeviations lists every deviation id a spec knows how to assert,
// with what the contract says instead.
var knownDeviations = map[string]string{
	devAcceptOnStreams:      "stream requests send Accept: text/event-stream (CONTRACT §1.1, §8.1 Ruby)",
	devBodyKeyOrder:         "body keys in the order of the contract params, at every level, Extra keys after them, \"stream\": true last (CONTRACT §8.1, §8.4)",
	devUserAgent:            "the User-Agent names runsuite and runs.Version",
	devBetaOverridable:      "every method sends OpenAI-Beta: assistants=v2 whatever the client headers say (CONTRACT §1.1)",
	devRetryAfterOverCap:    "a retry-after above the maximum delay is capped, and the request retried (CONTRACT §6)",
	devParamsUnchecked:      "parameters outside the bounds of CONTRACT §2 are refused before sending",
	devPathEscaping:         "path ids are escaped outside A-Za-z0-9-._~!$&'()*+,;=:@ only (CONTRACT §1, RFC 3986 pchar)",
	devDotSegmentsSent:      "a '.' or '..' path id is refused: path segment cannot be '.' or '..' (CONTRACT §1.3)",
	devPathArgMessage:       "an empty path id is refused: missing required path argument <name> (CONTRACT §1.3)",
	devNilContextPlainError: "a nil context is refused with *runs.ArgumentError",
	devStreamFlagIgnored:    "a stream flag in Extra on the wrong method is refused (CONTRACT §1.3)",
}

// Deviation ids; knownDeviations says what the contract expects instead.
const (
	devAcceptOnStreams      = "accept-on-streams"
	devBodyKeyOrder         = "body-key-order"
	devUserAgent            = "user-agent"
	devBetaOverridable      = "beta-header-overridable"
	devRetryAfterOverCap    = "retry-after-over-cap-not-retried"
	devParamsUnchecked      = "params-unchecked"
	devPathEscaping         = "path-escaping"
	devDotSegmentsSent      = "dot-segments-sent"
	devPathArgMessage       = "path-arg-message"
	devNilContextPlainError = "nil-context-plain-error"
	devStreamFlagIgnored    = "stream-flag-in-extra-ignored"
)

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
func newHarness(impl implementation, maxRetries int, answer httpmock.Responder, headers ...header) *harness {
	api := newMockAPI(answer)
	r, s := impl.build(api.httpClient(), testBaseURL, maxRetries, headers...)
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
	fx := eventFixture(name)
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
	for _, s := range mustLoad(fixtures.Runs) {
		if s.Name == name {
			return s
		}
	}
	panic("no run fixture " + name)
}

// streamedEvents is what a runs.Stream over a fixture must yield: every
// decoded event but the final done, which ends the stream.
func streamedEvents(fx fixtures.Stream) []contract.Event {
	got := decodeStream(fx.Data)
	if got.err != nil {
		panic(fmt.Sprintf("%s: %v", fx.Path, got.err))
	}
	events := got.events
	if n := len(events); n > 0 && events[n-1].Name == contract.EventDone {
		events = events[:n-1]
	}
	return events
}

// drain reads a stream to its end and returns its events.
func drain(st *runs.Stream) []contract.Event {
	var events []contract.Event
	for st.Next() {
		events = append(events, st.Current())
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
		for _, impl := range implementations {
			for id, why := range impl.deviations {
				Expect(knownDeviations).To(HaveKey(id), "%s declares an unknown deviation", impl.name)
				Expect(why).NotTo(BeEmpty(), "%s: deviation %s needs an explanation", impl.name, id)
			}
		}
	})
})
