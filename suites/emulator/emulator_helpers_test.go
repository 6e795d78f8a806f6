package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/emulator"
	"github.com/runsuite/runsuite/runs"
	"github.com/runsuite/runsuite/sse"
	"github.com/runsuite/runsuite/suites/internal/eventstreams"
)

// The emulator suites (emulator_*_test.go) drive the embedded emulator end
// to end: the reference client for the ten Runs operations, and a small
// JSON helper over net/http for the set-up surface the Runs resource does
// not cover (assistants, threads, messages, create-thread-and-run). Every
// spec gets its own emulator through emuResources, on a manual clock and a
// fixed id seed, so ids and timestamps are the same on every run.

// Settings every emulator of these suites starts with.
const (
	emuSeed   = 20260501
	emuDeltas = 3               // text deltas per reply, and fragments per tool call
	emuPhase  = 2 * time.Second // clock time of one polling phase
	// emuAheadPhases is more phases than a streamed run plays ahead of the
	// clock: the emulator stamps streamed events with their phases' times
	// and continues a run (after submit or cancel) from its own latest time.
	emuAheadPhases = 12
	// emuInstructions are the instructions of the suites' assistants.
	emuInstructions = "You are a helpful weather assistant. Answer briefly."
	// emuTagKey is the metadata key that carries a spec's unique tag.
	emuTagKey = "runsuite.spec"
)

// emuEpoch is where every emulator's manual clock starts.
var emuEpoch = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)

// emuWeatherTool is a function tool whose required parameters make the
// function script call it with {"location":"example","unit":"celsius"}.
var emuWeatherTool = contract.Tool{Type: contract.ToolTypeFunction, Function: &contract.FunctionDefinition{
	Name:        "get_current_weather",
	Description: "Get the current weather in a given location",
	Parameters: json.RawMessage(`{"type":"object","properties":{"location":{"type":"string","description":"The city, e.g. Paris"},` +
		`"unit":{"type":"string","enum":["celsius","fahrenheit"]}},"required":["location","unit"]}`),
}}

// emuWeatherArguments are the arguments the function script sends
// emuWeatherTool.
const emuWeatherArguments = `{"location":"example","unit":"celsius"}`

// Tools of the other scripts.
var (
	emuCodeInterpreter = contract.Tool{Type: contract.ToolTypeCodeInterpreter}
	emuFileSearch      = contract.Tool{Type: contract.ToolTypeFileSearch}
)

var emuTags atomic.Int64

// emuUniqueTag returns a string no other spec of this test process uses;
// it goes into the metadata of every assistant and thread a spec creates.
func emuUniqueTag() string {
	return fmt.Sprintf("emu-%d-%d", GinkgoParallelProcess(), emuTags.Add(1))
}

// emuResources is one spec's emulator and what the spec created on it, in
// the manner of csi-test's Resources: Must* helpers assert success, every
// object carries the spec's tag, and DeferCleanup closes the emulator and
// checks that no request hit its last-resort recover.
type emuResources struct {
	srv    *emulator.Server
	clock  *emulator.ManualClock
	client *runs.Client
	tag    string

	mu         sync.Mutex
	exchanges  []emulator.Exchange // every exchange the hook saw, in the order handlers finished
	assistants []string
	threads    []string
	streams    map[string]int // stream requests sent, by path
	closed     bool
}

// newEmuResources starts an emulator with the suites' settings, then opts,
// and registers its cleanup. Call it from a setup node or a spec.
func newEmuResources(tag string, opts ...emulator.Option) *emuResources {
	r := &emuResources{clock: emulator.NewManualClock(emuEpoch), tag: tag, streams: map[string]int{}}
	base := []emulator.Option{
		emulator.WithClock(r.clock),
		emulator.WithIDSeed(emuSeed),
		emulator.WithStreamShape(emulator.StreamShape{Deltas: emuDeltas}),
		emulator.WithPhaseDuration(emuPhase),
		emulator.WithHook(r.record),
	}
	r.srv = emulator.NewServer(append(base, opts...)...)
	r.client = runs.NewClient(
		runs.WithBaseURL(r.srv.BaseURL()),
		runs.WithAPIKey("test"),
		runs.WithHTTPClient(r.srv.Client()),
		runs.WithMaxRetries(0),
	)
	DeferCleanup(r.Cleanup)
	return r
}

// record is the emulator's hook.
func (r *emuResources) record(x emulator.Exchange) {
	r.mu.Lock()
	r.exchanges = append(r.exchanges, x)
	r.mu.Unlock()
}

// Cleanup closes the emulator, which waits for every handler, and fails
// the spec when one of them answered with the 500 of the handler's
// last-resort recover. It may be called more than once.
func (r *emuResources) Cleanup() {
	r.srv.Close()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return
	}
	r.closed = true
	fmt.Fprintf(GinkgoWriter, "emulator %s (tag %s): %d exchanges, %d assistants, %d threads",
		r.srv.URL, r.tag, len(r.exchanges), len(r.assistants), len(r.threads))
	if len(r.threads) <= 8 {
		fmt.Fprintf(GinkgoWriter, ": %v %v", r.assistants, r.threads)
	}
	fmt.Fprintln(GinkgoWriter)
	for _, x := range r.exchanges {
		Expect(x.Status).NotTo(Equal(http.StatusInternalServerError), "%s %s answered 500: %s", x.Method, x.Path, x.ResponseBody)
	}
}

// streamBody returns the bytes the emulator wrote for the n-th stream
// request (1-based) to path. The hook runs after the handler returns, which
// may be after the client read the stream's end, so it waits for it.
func (r *emuResources) streamBody(path string, n int) []byte {
	GinkgoHelper()
	var body []byte
	Eventually(func() bool {
		r.mu.Lock()
		defer r.mu.Unlock()
		seen := 0
		for _, x := range r.exchanges {
			if x.Method == http.MethodPost && x.Path == path && x.Status == http.StatusOK {
				if seen++; seen == n {
					body = x.ResponseBody
					return true
				}
			}
		}
		return false
	}).WithTimeout(5*time.Second).WithPolling(time.Millisecond).Should(BeTrue(), "the hook never saw stream #%d of %s", n, path)
	return body
}

// send sends a set-up request with the headers every SDK sends and returns
// the status and body.
func (r *emuResources) send(method, path string, body any) (int, []byte) {
	GinkgoHelper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		Expect(err).NotTo(HaveOccurred())
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, r.srv.BaseURL()+path, rd)
	Expect(err).NotTo(HaveOccurred())
	req.Header.Set("Authorization", "Bearer test")
	req.Header.Set(contract.BetaHeader, contract.BetaValue)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := r.srv.Client().Do(req)
	Expect(err).NotTo(HaveOccurred())
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	Expect(err).NotTo(HaveOccurred())
	return res.StatusCode, data
}

// mustJSON sends a set-up request that must succeed and decodes its
// answer into out.
func (r *emuResources) mustJSON(method, path string, body, out any) {
	GinkgoHelper()
	status, data := r.send(method, path, body)
	Expect(status).To(Equal(http.StatusOK), "%s %s: %s", method, path, data)
	Expect(json.Unmarshal(data, out)).To(Succeed(), "%s %s: %s", method, path, data)
}

// tagged returns the spec's metadata.
func (r *emuResources) tagged() map[string]string { return map[string]string{emuTagKey: r.tag} }

// MustCreateAssistant creates an assistant with the given instructions
// ("" for none) and tools, and returns its id.
func (r *emuResources) MustCreateAssistant(instructions string, tools ...contract.Tool) string {
	GinkgoHelper()
	b := map[string]any{"model": "gpt-4o", "tools": append([]contract.Tool{}, tools...), "metadata": r.tagged()}
	if instructions != "" {
		b["instructions"] = instructions
	}
	var a struct {
		ID       string            `json:"id"`
		Metadata map[string]string `json:"metadata"`
	}
	r.mustJSON(http.MethodPost, "/assistants", b, &a)
	Expect(a.Metadata).To(HaveKeyWithValue(emuTagKey, r.tag))
	r.mu.Lock()
	r.assistants = append(r.assistants, a.ID)
	r.mu.Unlock()
	return a.ID
}

// threadBody is the body of a new thread, with a user message when
// text is not "".
func (r *emuResources) threadBody(text string) map[string]any {
	b := map[string]any{"metadata": r.tagged()}
	if text != "" {
		b["messages"] = []any{map[string]any{"role": "user", "content": text}}
	}
	return b
}

// MustCreateThread creates a thread, with a user message when text is not
// "", and returns its id.
func (r *emuResources) MustCreateThread(text string) string {
	GinkgoHelper()
	var t contract.Thread
	r.mustJSON(http.MethodPost, "/threads", r.threadBody(text), &t)
	Expect(t.Metadata).To(HaveKeyWithValue(emuTagKey, r.tag))
	r.trackThread(t.ID)
	return t.ID
}

func (r *emuResources) trackThread(id string) {
	r.mu.Lock()
	r.threads = append(r.threads, id)
	r.mu.Unlock()
}

// MustListMessages returns every message of a thread, oldest first.
func (r *emuResources) MustListMessages(threadID string) []contract.Message {
	GinkgoHelper()
	var l contract.List[contract.Message]
	r.mustJSON(http.MethodGet, "/threads/"+threadID+"/messages?order=asc&limit=100", nil, &l)
	Expect(l.HasMore).To(BeFalse())
	return l.Data
}

// emuRunParams are the run parameters of the suites: the assistant, and
// the run metadata (which steers the emulator) when md is not empty.
func emuRunParams(assistantID string, md map[string]string) contract.RunCreateParams {
	p := contract.RunCreateParams{AssistantID: assistantID}
	if len(md) > 0 {
		p.Metadata = contract.Set(maps.Clone(md))
	}
	return p
}

// emuEnd is how a stream ended.
type emuEnd string

const (
	emuEndDone  emuEnd = "done"  // a done event: Err is nil
	emuEndError emuEnd = "error" // an error event: Err is a *runs.StreamError
	emuEndCut   emuEnd = "cut"   // the connection broke: Err is a read error
)

// emuStream is a stream read to its end.
type emuStream struct {
	path   string           // the request path, as the emulator's hook records it
	n      int              // which stream request to path this was (1-based)
	events []contract.Event // what Current yielded
	names  []string         // the events' names, then "done" or "error" when the stream ended with one
	end    emuEnd
	err    error
}

// runID returns the id of the run the stream is about.
func (s emuStream) runID() string {
	for _, ev := range s.events {
		if ev.Run != nil {
			return ev.Run.ID
		}
	}
	return ""
}

// lastRun returns the last run the stream carried.
func (s emuStream) lastRun() *contract.Run {
	for _, ev := range slices.Backward(s.events) {
		if ev.Run != nil {
			return ev.Run
		}
	}
	return nil
}

// readStream reads st to its end and closes it; path is the request path
// of the stream.
func (r *emuResources) readStream(st *runs.Stream, path string) emuStream {
	GinkgoHelper()
	r.mu.Lock()
	r.streams[path]++
	s := emuStream{path: path, n: r.streams[path]}
	r.mu.Unlock()
	s.events = eventstreams.Drain(st)
	s.err = st.Err()
	s.names = eventstreams.Names(s.events)
	var se *runs.StreamError
	switch {
	case s.err == nil:
		s.names, s.end = append(s.names, string(contract.EventDone)), emuEndDone
	case errors.As(s.err, &se) && se.Event == contract.EventError:
		s.names, s.end = append(s.names, string(contract.EventError)), emuEndError
	default:
		s.end = emuEndCut
	}
	Expect(st.Close()).To(Succeed())
	return s
}

// runsPath is the path the emulator's hook records for a run creation.
func emuRunsPath(threadID string) string { return "/v1/threads/" + threadID + "/runs" }

// submitPath is the path of a run's submit_tool_outputs.
func emuSubmitPath(threadID, runID string) string {
	return "/v1/threads/" + threadID + "/runs/" + runID + "/submit_tool_outputs"
}

// MustStream creates a run with CreateStreamRaw and reads its stream.
func (r *emuResources) MustStream(threadID string, p contract.RunCreateParams) emuStream {
	GinkgoHelper()
	st, err := r.client.CreateStreamRaw(bg, threadID, p)
	Expect(err).NotTo(HaveOccurred())
	return r.readStream(st, emuRunsPath(threadID))
}

// MustSubmitStream answers a run's tool calls with SubmitToolOutputsStreamRaw
// and reads the stream.
func (r *emuResources) MustSubmitStream(threadID, runID string, outputs []contract.ToolOutput) emuStream {
	GinkgoHelper()
	st, err := r.client.SubmitToolOutputsStreamRaw(bg, threadID, runID, contract.RunSubmitToolOutputsParams{ToolOutputs: outputs})
	Expect(err).NotTo(HaveOccurred())
	return r.readStream(st, emuSubmitPath(threadID, runID))
}

// emuBodySource is the runs.EventSource of a response read without the
// client: the create-thread-and-run stream, which is outside the Runs
// resource.
type emuBodySource struct {
	*runs.EventReader
	body io.Closer
}

// Close closes the response body.
func (b emuBodySource) Close() error { return b.body.Close() }

// MustStreamThreadAndRun creates a thread with a user message and runs it
// in one streamed POST /threads/runs, and reads the stream.
func (r *emuResources) MustStreamThreadAndRun(assistantID, text string, md map[string]string) emuStream {
	GinkgoHelper()
	b := map[string]any{"assistant_id": assistantID, "thread": r.threadBody(text), "stream": true}
	if len(md) > 0 {
		b["metadata"] = md
	}
	data, err := json.Marshal(b)
	Expect(err).NotTo(HaveOccurred())
	req, err := http.NewRequest(http.MethodPost, r.srv.BaseURL()+"/threads/runs", bytes.NewReader(data))
	Expect(err).NotTo(HaveOccurred())
	req.Header.Set("Authorization", "Bearer test")
	req.Header.Set(contract.BetaHeader, contract.BetaValue)
	req.Header.Set("Content-Type", "application/json")
	res, err := r.srv.Client().Do(req)
	Expect(err).NotTo(HaveOccurred())
	Expect(res).To(HaveHTTPStatus(http.StatusOK))
	Expect(res).To(HaveHTTPHeaderWithValue("Content-Type", "text/event-stream"))
	s := r.readStream(runs.NewStream(emuBodySource{EventReader: runs.NewEventReader(res.Body), body: res.Body}), "/v1/threads/runs")
	if len(s.events) > 0 && s.events[0].Thread != nil {
		r.trackThread(s.events[0].Thread.ID)
	}
	return s
}

// emuOutputs are tool outputs answering every call of a required action
// with output.
func emuOutputsAll(run *contract.Run, output string) []contract.ToolOutput {
	GinkgoHelper()
	Expect(run.RequiredAction).NotTo(BeNil(), "run %s requires no action", run.ID)
	var outs []contract.ToolOutput
	for _, c := range run.RequiredAction.SubmitToolOutputs.ToolCalls {
		outs = append(outs, contract.ToolOutput{ToolCallID: contract.Set(c.ID), Output: contract.Set(output)})
	}
	return outs
}

// emuState is everything the API shows of one run: the run, its steps and
// the thread's messages, oldest first.
type emuState struct {
	Run      *contract.Run
	Steps    []contract.RunStep
	Messages []contract.Message
}

// MustState reads a run's state through the client and the messages route.
func (r *emuResources) MustState(threadID, runID string) emuState {
	GinkgoHelper()
	run, err := r.client.Retrieve(bg, threadID, runID)
	Expect(err).NotTo(HaveOccurred())
	page, err := r.client.Steps.List(bg, threadID, runID, contract.StepListParams{Order: contract.OrderAsc})
	Expect(err).NotTo(HaveOccurred())
	var steps []contract.RunStep
	for st, err := range page.All(bg) {
		Expect(err).NotTo(HaveOccurred())
		steps = append(steps, st)
	}
	return emuState{Run: run, Steps: steps, Messages: r.MustListMessages(threadID)}
}

// emuTimes repeats an event name n times.
func emuTimes(name string, n int) []string { return slices.Repeat([]string{name}, n) }

// Event-name fragments of the expected sequences.
var (
	emuRunStart = []string{"thread.run.created", "thread.run.queued", "thread.run.in_progress"}
	emuToolStep = []string{"thread.run.step.created", "thread.run.step.in_progress"}
	emuMsgStep  = []string{"thread.run.step.created", "thread.run.step.in_progress", "thread.message.created", "thread.message.in_progress"}
	emuReply    = emuTimes("thread.message.delta", emuDeltas)
	emuMsgEnd   = []string{"thread.message.completed", "thread.run.step.completed", "thread.run.completed", "done"}
)

// expectRunStreams checks the invariants of every stream of one run, in
// order (a creation stream and the streams of its tool-output round
// trips):
//   - every event is the catalogue's payload kind with the catalogue's
//     status, about threadID and runID;
//   - every delta refers to an object created earlier in the same stream;
//   - a message's text deltas add up to the text of its final event;
//   - a function call's argument deltas add up to the arguments the
//     required action and the completed step carry; code deltas likewise;
//   - a stream ending with done has exactly one terminal run event, last,
//     unless it stops at requires_action; streams that end otherwise have
//     none, and the run has at most one in all;
//   - the bytes on the wire hold the same events and end as the stream
//     did: with one done event, an error event, or neither.
func (r *emuResources) expectRunStreams(threadID, runID string, streams ...emuStream) {
	GinkgoHelper()
	type callKey struct {
		step  string
		index int64
	}
	fragments := map[callKey]string{} // arguments or code, by call
	callIDs := map[callKey]string{}
	texts := map[string]string{} // message id → text deltas
	terminals := 0
	for si, s := range streams {
		created := map[string]bool{}
		inStream := 0
		for i, ev := range s.events {
			where := fmt.Sprintf("stream #%d event #%d (%s)", si, i, ev.Name)
			spec, ok := contract.LookupEvent(string(ev.Name))
			Expect(ok).To(BeTrue(), where)
			Expect(ev.Kind()).To(Equal(spec.Kind), where)
			if spec.Status != "" {
				Expect(eventstreams.StatusOf(ev)).To(Equal(spec.Status), where)
			}
			switch {
			case ev.Thread != nil:
				Expect(ev.Thread.ID).To(Equal(threadID), where)
				Expect(i).To(BeZero(), "%s: thread.created comes first", where)
			case ev.Run != nil:
				Expect([]string{ev.Run.ID, ev.Run.ThreadID}).To(Equal([]string{runID, threadID}), where)
				if ev.Run.Status.Terminal() {
					inStream++
					Expect(i).To(Equal(len(s.events)-1), "%s: the terminal run event is the last one", where)
				}
				if ra := ev.Run.RequiredAction; ra != nil {
					for _, c := range ra.SubmitToolOutputs.ToolCalls {
						var key *callKey
						for k, id := range callIDs {
							if id == c.ID {
								key = &k
							}
						}
						Expect(key).NotTo(BeNil(), "%s: call %s was never streamed", where, c.ID)
						Expect(c.Function.Arguments).To(Equal(fragments[*key]), "%s: arguments of %s vs their deltas", where, c.ID)
					}
				}
			case ev.Step != nil:
				Expect([]string{ev.Step.RunID, ev.Step.ThreadID}).To(Equal([]string{runID, threadID}), where)
				created[ev.Step.ID] = true
				if ev.Step.Status == contract.StepStatusCompleted {
					for ci, c := range ev.Step.StepDetails.ToolCalls {
						key := callKey{ev.Step.ID, int64(ci)}
						Expect(callIDs[key]).To(Equal(c.ID), where)
						switch {
						case c.Function != nil:
							Expect(c.Function.Arguments).To(Equal(fragments[key]), "%s: arguments vs their deltas", where)
						case c.CodeInterpreter != nil:
							Expect(c.CodeInterpreter.Input).To(Equal(fragments[key]), "%s: code vs its deltas", where)
						}
					}
				}
			case ev.Message != nil:
				Expect(ev.Message.ThreadID).To(Equal(threadID), where)
				Expect(ev.Message.RunID).To(HaveValue(Equal(runID)), where)
				created[ev.Message.ID] = true
				if st := ev.Message.Status; st == contract.MessageStatusCompleted || st == contract.MessageStatusIncomplete {
					text := ""
					if len(ev.Message.Content) > 0 {
						text = ev.Message.Content[0].Text.Value
					}
					Expect(text).To(Equal(texts[ev.Message.ID]), "%s: text vs its deltas", where)
				}
			case ev.StepDelta != nil:
				Expect(created).To(HaveKey(ev.StepDelta.ID), "%s: delta of a step not created earlier in the stream", where)
				for _, c := range ev.StepDelta.Delta.StepDetails.ToolCalls {
					key := callKey{ev.StepDelta.ID, c.Index}
					if c.ID != "" {
						callIDs[key] = c.ID
					}
					switch {
					case c.Function != nil:
						fragments[key] += c.Function.Arguments
					case c.CodeInterpreter != nil:
						fragments[key] += c.CodeInterpreter.Input
					}
				}
			case ev.MessageDelta != nil:
				Expect(created).To(HaveKey(ev.MessageDelta.ID), "%s: delta of a message not created earlier in the stream", where)
				for _, c := range ev.MessageDelta.Delta.Content {
					if c.Text != nil {
						texts[ev.MessageDelta.ID] += c.Text.Value
					}
				}
			}
		}
		switch last := s.lastRun(); {
		case s.end == emuEndDone && last != nil && last.Status == contract.RunStatusRequiresAction:
			Expect(inStream).To(BeZero(), "stream #%d stops at requires_action", si)
		case s.end == emuEndDone:
			Expect(inStream).To(Equal(1), "stream #%d: terminal run events", si)
		default:
			Expect(inStream).To(BeZero(), "stream #%d ends without done", si)
		}
		terminals += inStream
		r.expectWire(s)
	}
	Expect(terminals).To(BeNumerically("<=", 1), "terminal run events of the run")
}

// expectWire checks the bytes the emulator wrote for s: the same events,
// and done last (and only once) exactly when the client saw done.
func (r *emuResources) expectWire(s emuStream) {
	GinkgoHelper()
	d := sse.NewDecoder(bytes.NewReader(r.streamBody(s.path, s.n)))
	var wire []string
	dones := 0
	for d.Next() {
		f := d.Frame()
		wire = append(wire, f.Event)
		if f.Event == string(contract.EventDone) {
			dones++
			Expect(string(f.Data)).To(Equal(contract.DoneData))
		}
	}
	Expect(d.Err()).NotTo(HaveOccurred(), "the recorded stream of %s", s.path)
	Expect(wire).To(Equal(s.names), "events on the wire vs events the client read, %s", s.path)
	if s.end == emuEndDone {
		Expect(dones).To(Equal(1), "done events on the wire")
	} else {
		Expect(dones).To(BeZero(), "done events on the wire")
	}
}

// expectCut checks that err is how a stream ends when its connection is
// cut: a *runs.StreamFormatError over a read error or a truncated event,
// never a clean end.
func expectEmuCut(err error) {
	GinkgoHelper()
	var sfe *runs.StreamFormatError
	Expect(errors.As(err, &sfe)).To(BeTrue(), "got %v, want a *runs.StreamFormatError", err)
	var readErr *sse.ReadError
	var truncated *sse.TruncatedError
	Expect(errors.As(err, &readErr) || errors.As(err, &truncated)).To(BeTrue(), "got %v, want a read error or a truncated event", err)
	Expect(err).NotTo(MatchError(runs.ErrMissingDone))
}

// emuAPIError reads a non-2xx response into a *runs.APIError the way the
// client does for its guarded methods, for requests sent with Client.Do or
// net/http.
func emuAPIError(res *http.Response) error {
	if res.StatusCode >= 200 && res.StatusCode < 300 {
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body) // only for the failure message
		return fmt.Errorf("status %d, want an error: %s", res.StatusCode, body)
	}
	return runs.NewAPIError(res)
}

// emuDo sends a raw request through Client.Do and returns its error
// answer as a *runs.APIError.
func emuDo(ctx context.Context, c *runs.Client, id contract.OperationID, req runs.RawRequest) error {
	res, err := c.Do(ctx, id, req)
	if err != nil {
		return err
	}
	return emuAPIError(res)
}

// bg is the context of calls that no spec cancels.
var bg = context.Background()
