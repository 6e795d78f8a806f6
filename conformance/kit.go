package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/runsuite/runsuite/contract"
)

// The shared kit of the server checks: one request and its answer as an
// exchange, the set-up every check starts from, and shape validation with
// evidence.

// Bounds of the kit.
const (
	// maxAnswerBody bounds the body of one answer the kit reads.
	maxAnswerBody = 8 << 20
	// kitRequestTimeout bounds one request when the target brings no
	// http.Client of its own (the check's context bounds it too).
	kitRequestTimeout = 30 * time.Second
)

// exchange is one request a check sent and the answer it got.
type exchange struct {
	// Request is the request line, e.g. "POST /v1/threads/thread_1/runs".
	Request string
	// Status is the HTTP status of the answer.
	Status int
	// Header is the answer's header.
	Header http.Header
	// Body is the answer's body, at most maxAnswerBody bytes.
	Body []byte
}

// evidence is the request line and status of x, for a Finding.
func (x exchange) evidence() Evidence { return Evidence{Request: x.Request, Status: x.Status} }

// ok reports whether the answer is a 2xx.
func (x exchange) ok() bool { return x.Status >= 200 && x.Status < 300 }

// object decodes the body as a JSON object, nil when it is not one.
func (x exchange) object() map[string]any {
	var m map[string]any
	if json.Unmarshal(x.Body, &m) != nil {
		return nil
	}
	return m
}

// str returns the string at key of the body's top-level object, "" when
// there is none.
func (x exchange) str(key string) string {
	s, _ := x.object()[key].(string)
	return s
}

// sendClient is the http.Client of targets that bring none.
var sendClient = &http.Client{Timeout: kitRequestTimeout}

// send sends one request to the target and returns its answer. path is
// relative to the base URL and may carry a query ("threads/thread_1/runs?limit=2").
// body is nil (no body), a []byte sent as is, or a value sent as JSON. The
// contract's headers are set (bearer auth, OpenAI-Beta: assistants=v2, and a
// JSON content type when there is a body); hdr overrides them, and a key of
// hdr with an empty value removes that header. The answer's body is read up
// to maxAnswerBody bytes; a longer answer is a finding. A request that gets
// no answer stops the check with a harness error, never a finding: the
// kit never retries.
func send(ctx context.Context, t *T, method, path string, body any, hdr http.Header) exchange {
	var payload []byte
	switch b := body.(type) {
	case nil:
	case []byte:
		payload = b
	default:
		var err error
		if payload, err = json.Marshal(b); err != nil {
			t.Errorf("encode the body of %s %s: %v", method, path, err)
		}
	}
	u := strings.TrimSuffix(t.Target.BaseURL, "/") + "/" + strings.TrimPrefix(path, "/")
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		t.Errorf("build %s %s: %v", method, u, err)
	}
	if t.Target.APIKey != "" {
		req.Header.Set("Authorization", "Bearer "+t.Target.APIKey)
	}
	req.Header.Set(contract.BetaHeader, contract.BetaValue)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, vs := range hdr {
		if len(vs) == 0 || vs[0] == "" {
			req.Header.Del(k)
			continue
		}
		req.Header[http.CanonicalHeaderKey(k)] = vs
	}
	x := exchange{Request: RequestLine(req)}
	hc := t.Target.HTTPClient
	if hc == nil {
		hc = sendClient
	}
	res, err := hc.Do(req)
	if err != nil {
		t.Errorf("%s: no answer: %v", x.Request, err)
	}
	defer res.Body.Close()
	x.Status, x.Header = res.StatusCode, res.Header
	x.Body, err = io.ReadAll(io.LimitReader(res.Body, maxAnswerBody+1))
	if err != nil {
		t.Errorf("%s: read the answer: %v", x.Request, err)
	}
	if len(x.Body) > maxAnswerBody {
		x.Body = x.Body[:maxAnswerBody]
		t.FailNow(Finding{Message: "answer too large", Evidence: evidenceWant(x.evidence(), fmt.Sprintf("at most %d bytes", maxAnswerBody), "more")})
	}
	return x
}

// evidenceWant completes evidence with what was expected and got.
func evidenceWant(e Evidence, expected, got string) Evidence {
	e.Expected, e.Got = expected, got
	return e
}

// evidenceAt completes evidence with a JSON pointer, what was expected and got.
func evidenceAt(e Evidence, pointer, expected, got string) Evidence {
	e.Pointer, e.Expected, e.Got = pointer, expected, got
	return e
}

// shape validates the body of x as an object of kind (see
// contract.CheckObject) and records one finding per violation. It reports
// whether the body conformed.
func shape(t *T, kind string, x exchange) bool {
	vs := contract.CheckObject(kind, x.Body)
	for _, v := range vs {
		t.Fail(Finding{Message: kind + " answer: " + v.Msg, Evidence: evidenceAt(x.evidence(), v.Pointer, v.Expected, v.Got)})
	}
	return len(vs) == 0
}

// mustOK stops the check with a finding when x is not a 2xx answer; step
// names what the request was for.
func mustOK(t *T, x exchange, step string) {
	if !x.ok() {
		t.FailNow(Finding{Message: step + " was refused: " + errorMessage(x), Evidence: evidenceWant(x.evidence(), "a 2xx answer", fmt.Sprint(x.Status))})
	}
}

// errorMessage returns the message of x's error envelope, or says there is
// none.
func errorMessage(x exchange) string {
	if e, ok := contract.ErrorEnvelope(x.Body); ok && e.Message != "" {
		return e.Message
	}
	return "(no error envelope)"
}

// kitModel is the model the kit's assistants use.
func kitModel(t *T) string {
	if t.Target.Model != "" {
		return t.Target.Model
	}
	return DefaultModel
}

// setupThread creates an assistant with tools and a thread holding one
// user message userText, and returns their ids. A refused set-up stops the
// check with a finding naming the step.
func setupThread(ctx context.Context, t *T, userText string, tools []contract.Tool) (assistantID, threadID string) {
	return setupAssistant(ctx, t, tools), setupThreadOnly(ctx, t, userText)
}

// setupAssistant creates an assistant with tools and returns its id.
func setupAssistant(ctx context.Context, t *T, tools []contract.Tool) string {
	if tools == nil {
		tools = []contract.Tool{}
	}
	x := send(ctx, t, http.MethodPost, "assistants", map[string]any{
		"model": kitModel(t), "name": "runsuite conformance", "instructions": "You are a test assistant.", "tools": tools,
	}, nil)
	return createdID(t, x, "set-up: create an assistant")
}

// setupThreadOnly creates a thread holding one user message and returns
// its id.
func setupThreadOnly(ctx context.Context, t *T, userText string) string {
	x := send(ctx, t, http.MethodPost, "threads", map[string]any{
		"messages": []map[string]any{{"role": "user", "content": userText}},
	}, nil)
	return createdID(t, x, "set-up: create a thread")
}

// createdID returns the id of the object x created, stopping the check
// with a finding naming step when there is none.
func createdID(t *T, x exchange, step string) string {
	mustOK(t, x, step)
	id := x.str("id")
	if id == "" {
		t.FailNow(Finding{Message: step + ": the answer has no id", Evidence: evidenceAt(x.evidence(), "/id", "a string id", describeBody(x.Body))})
	}
	return id
}

// describeBody renders the start of a body for Evidence.Got.
func describeBody(b []byte) string {
	const max = 120
	if len(b) > max {
		return fmt.Sprintf("%q…", b[:max])
	}
	return fmt.Sprintf("%q", b)
}

// weatherTool is the function tool the kit's tool-call runs use.
func weatherTool() contract.Tool {
	return contract.Tool{Type: contract.ToolTypeFunction, Function: &contract.FunctionDefinition{
		Name:        "get_weather",
		Description: "Get the current weather in a city.",
		Parameters:  json.RawMessage(`{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}`),
	}}
}
