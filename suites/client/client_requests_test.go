package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/jarcoal/httpmock"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/runs"
	"github.com/runsuite/runsuite/suites/internal/clientimpls"
	"github.com/runsuite/runsuite/suites/internal/eventstreams"
)

// callOp performs one operation with valid parameters and the given path
// ids (in the operation's PathParams order), and returns what it returns.
func callOp(ctx context.Context, h *harness, id contract.OperationID, ids ...string) (any, error) {
	switch id {
	case contract.OpCreate:
		return h.runs.Create(ctx, ids[0], contract.RunCreateParams{AssistantID: "asst_1"})
	case contract.OpCreateStreamRaw:
		return h.runs.CreateStreamRaw(ctx, ids[0], contract.RunCreateParams{AssistantID: "asst_1"})
	case contract.OpRetrieve:
		return h.runs.Retrieve(ctx, ids[0], ids[1])
	case contract.OpUpdate:
		return h.runs.Update(ctx, ids[0], ids[1], contract.RunUpdateParams{Metadata: contract.Set(map[string]string{"k": "v"})})
	case contract.OpList:
		return h.runs.List(ctx, ids[0], contract.RunListParams{})
	case contract.OpCancel:
		return h.runs.Cancel(ctx, ids[0], ids[1])
	case contract.OpSubmitToolOutputs:
		return h.runs.SubmitToolOutputs(ctx, ids[0], ids[1], toolOutputs())
	case contract.OpSubmitToolOutputsStreamRaw:
		return h.runs.SubmitToolOutputsStreamRaw(ctx, ids[0], ids[1], toolOutputs())
	case contract.OpStepsRetrieve:
		return h.steps.Retrieve(ctx, ids[0], ids[1], ids[2], contract.StepRetrieveParams{})
	case contract.OpStepsList:
		return h.steps.List(ctx, ids[0], ids[1], contract.StepListParams{})
	}
	panic("unknown operation " + id)
}

// toolOutputs are valid SubmitToolOutputs parameters.
func toolOutputs() contract.RunSubmitToolOutputsParams {
	return contract.RunSubmitToolOutputsParams{ToolOutputs: []contract.ToolOutput{
		{ToolCallID: contract.Set("call_1"), Output: contract.Set("42")},
	}}
}

// validIDs are path ids for an operation: thread_1, run_1, step_1.
func validIDs(op contract.Operation) []string {
	ids := make([]string, len(op.PathParams))
	for i, p := range op.PathParams {
		ids[i] = strings.TrimSuffix(p, "_id") + "_1"
	}
	return ids
}

// mustOp returns an operation of the contract table.
func mustOp(id contract.OperationID) contract.Operation {
	op, ok := contract.LookupOperation(id)
	if !ok {
		panic("no operation " + id)
	}
	return op
}

// okAnswer is the success answer of an operation: a Run, a RunStep, a list
// of one of them, or the text_reply stream.
func okAnswer(op contract.Operation) httpmock.Responder {
	switch {
	case op.Stream:
		return sseResponder(runFixture("text_reply").Data)
	case op.ID == contract.OpList:
		return jsonResponder(http.StatusOK, listJSON(false, "run_abc123", "run_abc123", runJSON()))
	case op.ID == contract.OpStepsList:
		return jsonResponder(http.StatusOK, listJSON(false, "step_abc123", "step_abc123", stepJSON()))
	case op.Returns == contract.ObjectRunStep:
		return jsonResponder(http.StatusOK, stepJSON())
	}
	return jsonResponder(http.StatusOK, runJSON())
}

// expectOKResult checks what an operation returned for okAnswer.
func expectOKResult(op contract.Operation, got any) {
	GinkgoHelper()
	switch v := got.(type) {
	case *contract.Run:
		expectFixtureRun(v)
	case *contract.RunStep:
		expectFixtureStep(v)
	case *runs.Page[contract.Run]:
		Expect(v.Data).To(HaveLen(1))
		Expect(v.HasMore).To(BeFalse())
		expectFixtureRun(&v.Data[0])
		Expect([]string{v.FirstID, v.LastID}).To(Equal([]string{"run_abc123", "run_abc123"}))
	case *runs.Page[contract.RunStep]:
		Expect(v.Data).To(HaveLen(1))
		Expect(v.HasMore).To(BeFalse())
		expectFixtureStep(&v.Data[0])
		Expect([]string{v.FirstID, v.LastID}).To(Equal([]string{"step_abc123", "step_abc123"}))
	case *runs.Stream:
		expectFixtureEvents(eventstreams.Drain(v), streamedEvents(runFixture("text_reply")))
		Expect(v.Err()).NotTo(HaveOccurred())
	default:
		Fail(fmt.Sprintf("%s returned a %T", op.ID, got))
	}
}

// expectFixtureRun checks a Run decoded from runJSON.
func expectFixtureRun(run *contract.Run) {
	GinkgoHelper()
	Expect(run).NotTo(BeNil())
	want := fixtureRun()
	Expect(run.ID).To(Equal(want.ID))
	Expect(run.Object).To(Equal(contract.ObjectRun))
	Expect(run.Status).To(Equal(contract.RunStatusCompleted))
	Expect(run.ThreadID).To(Equal(want.ThreadID))
	Expect(run.AssistantID).To(Equal(want.AssistantID))
	Expect(run.CompletedAt).To(Equal(want.CompletedAt))
	Expect(run.Usage).To(Equal(want.Usage))
	Expect(run.Tools).To(HaveLen(1))
	Expect(run.Tools[0].Function.Name).To(Equal("get_current_weather"))
	Expect(run).To(Equal(want))
}

// expectFixtureStep checks a RunStep decoded from stepJSON.
func expectFixtureStep(step *contract.RunStep) {
	GinkgoHelper()
	Expect(step).NotTo(BeNil())
	want := fixtureStep()
	Expect(step.ID).To(Equal(want.ID))
	Expect(step.Object).To(Equal(contract.ObjectRunStep))
	Expect(step.RunID).To(Equal(want.RunID))
	Expect(step.Status).To(Equal(contract.StepStatusCompleted))
	Expect(step.StepDetails.Type).To(Equal(want.StepDetails.Type))
	Expect(step.Usage).To(Equal(want.Usage))
	Expect(step).To(Equal(want))
}

// expectFixtureEvents checks the events a stream yielded over a fixture.
func expectFixtureEvents(got, want []contract.Event) {
	GinkgoHelper()
	Expect(eventstreams.Names(got)).To(Equal(eventstreams.Names(want)))
	for i := range got {
		Expect(got[i].ID()).To(Equal(want[i].ID()), "event #%d id", i)
		Expect(got[i].Kind()).To(Equal(want[i].Kind()), "event #%d payload kind", i)
	}
	Expect(got).To(Equal(want))
}

// moduleVersion is the version, without its "v", at which the main
// module's go.mod requires module path. Test binaries carry no dependency
// list in their build info, so go.mod is read instead.
func moduleVersion(path string) string {
	GinkgoHelper()
	gomod, err := os.ReadFile(filepath.Join("..", "..", "go.mod"))
	Expect(err).NotTo(HaveOccurred())
	m := regexp.MustCompile(`(?m)^\s*(?:require\s+)?` + regexp.QuoteMeta(path) + `\s+v(\S+)`).FindSubmatch(gomod)
	Expect(m).NotTo(BeNil(), "go.mod does not require %s", path)
	return string(m[1])
}

// expectRequiredHeaders checks the headers every request of op carries
// (CONTRACT §1.1, §8.5).
func expectRequiredHeaders(impl clientimpls.Implementation, op contract.Operation, req captured) {
	GinkgoHelper()
	Expect(req.Header.Values("Authorization")).To(Equal([]string{"Bearer test"}))
	Expect(req.Header.Values(contract.BetaHeader)).To(Equal([]string{contract.BetaValue}))
	Expect(req.Header.Values("X-Stainless-Retry-Count")).To(Equal([]string{"0"}))
	if op.Body {
		Expect(req.Header.Values("Content-Type")).To(Equal([]string{"application/json"}))
	} else {
		Expect(req.Header.Values("Content-Type")).To(BeEmpty(), "a request without a body has no Content-Type")
	}
	if op.Stream {
		clientimpls.ExpectOrDeviation(impl, clientimpls.DevAcceptOnStreams, func() {
			Expect(req.Header.Values("Accept")).To(Equal([]string{"text/event-stream"}))
		}, func() {
			Expect(req.Header.Values("Accept")).To(Equal([]string{"application/json"}))
		})
	} else {
		Expect(req.Header.Values("Accept")).To(Equal([]string{"application/json"}))
	}
	clientimpls.ExpectOrDeviation(impl, clientimpls.DevUserAgent, func() {
		ua := req.Header.Get("User-Agent")
		Expect(ua).To(HavePrefix("runsuite/" + runs.Version + " "))
	}, func() {
		Expect(req.Header.Values("User-Agent")).To(Equal([]string{"OpenAI/Go " + moduleVersion("github.com/openai/openai-go/v3")}))
	})
}

// expectBody checks a request body: it must be the JSON object want, byte
// for byte once compacted, so the order of keys at every level is checked
// too ("" means no body at all). deviant is the body an implementation
// declaring clientimpls.DevBodyKeyOrder sends instead ("" when it sends want).
func expectBody(impl clientimpls.Implementation, op contract.Operation, req captured, want, deviant string) {
	GinkgoHelper()
	if want == "" {
		Expect(req.Body).To(BeEmpty(), "%s sends no body", op.ID)
		Expect(req.ContentLength).To(BeZero())
		return
	}
	Expect(req.Body).To(MatchJSON(want))
	keys := topLevelKeys(req.Body)
	if op.Stream {
		Expect(keys).To(ContainElement("stream"))
	} else {
		Expect(keys).NotTo(ContainElement("stream"), "a non-stream operation sends no stream key")
	}
	clientimpls.ExpectOrDeviation(impl, clientimpls.DevBodyKeyOrder, func() {
		Expect(string(req.Body)).To(Equal(compactJSON(want)), "keys in parameter order, Extra keys after, stream last: body %s", req.Body)
		if op.Stream {
			Expect(keys[len(keys)-1]).To(Equal("stream"))
		}
	}, func() {
		if deviant == "" {
			deviant = want
		}
		Expect(string(req.Body)).To(Equal(compactJSON(deviant)), "body %s", req.Body)
	})
}

// compactJSON is s without insignificant white space.
func compactJSON(s string) string {
	GinkgoHelper()
	var b bytes.Buffer
	Expect(json.Compact(&b, []byte(s))).To(Succeed(), "%s", s)
	return b.String()
}

// requestCase is one call whose request and decoded answer a spec checks.
type requestCase struct {
	op   contract.OperationID
	call func(ctx context.Context, h *harness) (any, error)
	path string // escaped, relative to the base URL
	// deviantPath is the path an implementation declaring clientimpls.DevPathEscaping
	// sends instead.
	deviantPath string
	query       url.Values // decoded; nil for none
	body        string     // the JSON object sent, keys in contract order; "" for no body
	// deviantBody is the body an implementation declaring clientimpls.DevBodyKeyOrder
	// sends, when it differs from body in the order of its keys.
	deviantBody string
}

// requestEntries are the request-shape cases: every operation at least
// once, with the variants of its parameters.
func requestEntries() []TableEntry {
	include := []contract.RunStepInclude{contract.IncludeFileSearchResultContent}
	includeQuery := url.Values{"include[]": {string(contract.IncludeFileSearchResultContent)}}
	last := int64(3)
	return []TableEntry{
		Entry("Create, parameters absent", requestCase{
			op: contract.OpCreate,
			call: func(ctx context.Context, h *harness) (any, error) {
				return h.runs.Create(ctx, "thread_1", contract.RunCreateParams{AssistantID: "asst_1"})
			},
			path: "threads/thread_1/runs",
			body: `{"assistant_id":"asst_1"}`,
		}),
		Entry("Create, nullable parameters null", requestCase{
			op: contract.OpCreate,
			call: func(ctx context.Context, h *harness) (any, error) {
				return h.runs.Create(ctx, "thread_1", contract.RunCreateParams{
					AssistantID:            "asst_1",
					AdditionalInstructions: contract.Null[string](),
					AdditionalMessages:     contract.Null[[]contract.AdditionalMessage](),
					Instructions:           contract.Null[string](),
					MaxCompletionTokens:    contract.Null[int64](),
					MaxPromptTokens:        contract.Null[int64](),
					Metadata:               contract.Null[map[string]string](),
					Model:                  contract.Null[string](),
					ReasoningEffort:        contract.Null[contract.ReasoningEffort](),
					ResponseFormat:         contract.Null[contract.ResponseFormat](),
					Temperature:            contract.Null[float64](),
					ToolChoice:             contract.Null[contract.ToolChoice](),
					Tools:                  contract.Null[[]contract.Tool](),
					TopP:                   contract.Null[float64](),
					TruncationStrategy:     contract.Null[contract.TruncationStrategy](),
				})
			},
			path: "threads/thread_1/runs",
			body: `{"assistant_id":"asst_1","additional_instructions":null,"additional_messages":null,"instructions":null,
				"max_completion_tokens":null,"max_prompt_tokens":null,"metadata":null,"model":null,"reasoning_effort":null,
				"response_format":null,"temperature":null,"tool_choice":null,"tools":null,"top_p":null,"truncation_strategy":null}`,
			deviantBody: `{"assistant_id":"asst_1","additional_instructions":null,"instructions":null,"max_completion_tokens":null,
				"max_prompt_tokens":null,"temperature":null,"top_p":null,"additional_messages":null,"metadata":null,"tools":null,
				"truncation_strategy":null,"response_format":null,"tool_choice":null,"model":null,"reasoning_effort":null}`,
		}),
		Entry("Create, parameters set, escaped thread id, include[] and Extra keys", requestCase{
			op: contract.OpCreate,
			call: func(ctx context.Context, h *harness) (any, error) {
				return h.runs.Create(ctx, "t/1 x", contract.RunCreateParams{
					AssistantID:            "asst_1",
					Include:                include,
					AdditionalInstructions: contract.Set("Be brief."),
					AdditionalMessages: contract.Set([]contract.AdditionalMessage{
						{Role: contract.RoleUser, Content: contract.MessageInput{Text: "Weather in Paris?"}},
					}),
					Instructions:        contract.Set("You answer about weather."),
					MaxCompletionTokens: contract.Set[int64](1024),
					MaxPromptTokens:     contract.Set[int64](2048),
					Metadata:            contract.Set(map[string]string{"k": "v"}),
					Model:               contract.Set("gpt-4o"),
					ParallelToolCalls:   new(false),
					ReasoningEffort:     contract.Set(contract.ReasoningEffortLow),
					ResponseFormat:      contract.Set(contract.ResponseFormat{Type: contract.ResponseFormatAuto}),
					Temperature:         contract.Set(0.5),
					ToolChoice:          contract.Set(contract.ToolChoice{Type: contract.ToolChoiceRequired}),
					Tools:               contract.Set([]contract.Tool{{Type: contract.ToolTypeCodeInterpreter}}),
					TopP:                contract.Set(0.9),
					TruncationStrategy:  contract.Set(contract.TruncationStrategy{Type: "last_messages", LastMessages: &last}),
					Extra:               map[string]any{"zz_extra": 1, "aa_extra": "x"},
				})
			},
			path:  "threads/t%2F1%20x/runs",
			query: includeQuery,
			body: `{"assistant_id":"asst_1","additional_instructions":"Be brief.",
				"additional_messages":[{"role":"user","content":"Weather in Paris?"}],
				"instructions":"You answer about weather.","max_completion_tokens":1024,"max_prompt_tokens":2048,
				"metadata":{"k":"v"},"model":"gpt-4o","parallel_tool_calls":false,"reasoning_effort":"low",
				"response_format":"auto","temperature":0.5,"tool_choice":"required","tools":[{"type":"code_interpreter"}],
				"top_p":0.9,"truncation_strategy":{"type":"last_messages","last_messages":3},"aa_extra":"x","zz_extra":1}`,
			deviantBody: `{"assistant_id":"asst_1","additional_instructions":"Be brief.","instructions":"You answer about weather.",
				"max_completion_tokens":1024,"max_prompt_tokens":2048,"temperature":0.5,"top_p":0.9,"parallel_tool_calls":false,
				"additional_messages":[{"content":"Weather in Paris?","role":"user"}],"metadata":{"k":"v"},"model":"gpt-4o",
				"reasoning_effort":"low","tools":[{"type":"code_interpreter"}],"truncation_strategy":{"type":"last_messages","last_messages":3},
				"response_format":"auto","tool_choice":"required","aa_extra":"x","zz_extra":1}`,
		}),
		Entry("CreateStreamRaw", requestCase{
			op: contract.OpCreateStreamRaw,
			call: func(ctx context.Context, h *harness) (any, error) {
				return h.runs.CreateStreamRaw(ctx, "thread_1", contract.RunCreateParams{AssistantID: "asst_1", Include: include})
			},
			path:  "threads/thread_1/runs",
			query: includeQuery,
			body:  `{"assistant_id":"asst_1","stream":true}`,
		}),
		Entry("CreateStreamRaw, Extra keys", requestCase{
			op: contract.OpCreateStreamRaw,
			call: func(ctx context.Context, h *harness) (any, error) {
				return h.runs.CreateStreamRaw(ctx, "thread_1", contract.RunCreateParams{
					AssistantID: "asst_1", Temperature: contract.Set(1.0), Extra: map[string]any{"zz_extra": true, "stream": true},
				})
			},
			path:        "threads/thread_1/runs",
			body:        `{"assistant_id":"asst_1","temperature":1,"zz_extra":true,"stream":true}`,
			deviantBody: `{"assistant_id":"asst_1","temperature":1,"stream":true,"zz_extra":true}`,
		}),
		Entry("Retrieve", requestCase{
			op: contract.OpRetrieve,
			call: func(ctx context.Context, h *harness) (any, error) {
				return h.runs.Retrieve(ctx, "thread_1", "run_1")
			},
			path: "threads/thread_1/runs/run_1",
		}),
		Entry("Retrieve, escaped ids", requestCase{
			op: contract.OpRetrieve,
			call: func(ctx context.Context, h *harness) (any, error) {
				return h.runs.Retrieve(ctx, "t?#", "r%1/é")
			},
			path: "threads/t%3F%23/runs/r%251%2F%C3%A9",
		}),
		Entry("Retrieve, ids made of the characters a path segment keeps as they are", requestCase{
			op: contract.OpRetrieve,
			call: func(ctx context.Context, h *harness) (any, error) {
				return h.runs.Retrieve(ctx, "a!$&'()*+,;=:@b", "r~-._1")
			},
			path:        "threads/a!$&'()*+,;=:@b/runs/r~-._1",
			deviantPath: "threads/a%21$&%27%28%29%2A+%2C%3B=:@b/runs/r~-._1",
		}),
		Entry("Update, metadata absent", requestCase{
			op: contract.OpUpdate,
			call: func(ctx context.Context, h *harness) (any, error) {
				return h.runs.Update(ctx, "thread_1", "run_1", contract.RunUpdateParams{})
			},
			path: "threads/thread_1/runs/run_1",
			body: `{}`,
		}),
		Entry("Update, metadata null", requestCase{
			op: contract.OpUpdate,
			call: func(ctx context.Context, h *harness) (any, error) {
				return h.runs.Update(ctx, "thread_1", "run_1", contract.RunUpdateParams{Metadata: contract.Null[map[string]string]()})
			},
			path: "threads/thread_1/runs/run_1",
			body: `{"metadata":null}`,
		}),
		Entry("Update, metadata set and Extra keys", requestCase{
			op: contract.OpUpdate,
			call: func(ctx context.Context, h *harness) (any, error) {
				return h.runs.Update(ctx, "thread_1", "run_1", contract.RunUpdateParams{
					Metadata: contract.Set(map[string]string{"user": "u1", "a": "b"}), Extra: map[string]any{"note": "x"},
				})
			},
			path: "threads/thread_1/runs/run_1",
			body: `{"metadata":{"a":"b","user":"u1"},"note":"x"}`,
		}),
		Entry("List, no parameters", requestCase{
			op: contract.OpList,
			call: func(ctx context.Context, h *harness) (any, error) {
				return h.runs.List(ctx, "thread_1", contract.RunListParams{})
			},
			path: "threads/thread_1/runs",
		}),
		Entry("List, every parameter", requestCase{
			op: contract.OpList,
			call: func(ctx context.Context, h *harness) (any, error) {
				return h.runs.List(ctx, "thread_1", contract.RunListParams{After: "run_0", Before: "run_9", Limit: 2, Order: contract.OrderAsc})
			},
			path:  "threads/thread_1/runs",
			query: url.Values{"after": {"run_0"}, "before": {"run_9"}, "limit": {"2"}, "order": {"asc"}},
		}),
		Entry("Cancel", requestCase{
			op: contract.OpCancel,
			call: func(ctx context.Context, h *harness) (any, error) {
				return h.runs.Cancel(ctx, "thread_1", "run_1")
			},
			path: "threads/thread_1/runs/run_1/cancel",
		}),
		Entry("SubmitToolOutputs", requestCase{
			op: contract.OpSubmitToolOutputs,
			call: func(ctx context.Context, h *harness) (any, error) {
				return h.runs.SubmitToolOutputs(ctx, "thread_1", "run_1", contract.RunSubmitToolOutputsParams{
					ToolOutputs: []contract.ToolOutput{
						{ToolCallID: contract.Set("call_1"), Output: contract.Set("42")},
						{ToolCallID: contract.Set("call_2")},
					},
					Extra: map[string]any{"zz_extra": 2},
				})
			},
			path:        "threads/thread_1/runs/run_1/submit_tool_outputs",
			body:        `{"tool_outputs":[{"tool_call_id":"call_1","output":"42"},{"tool_call_id":"call_2"}],"zz_extra":2}`,
			deviantBody: `{"tool_outputs":[{"output":"42","tool_call_id":"call_1"},{"tool_call_id":"call_2"}],"zz_extra":2}`,
		}),
		Entry("SubmitToolOutputsStreamRaw", requestCase{
			op: contract.OpSubmitToolOutputsStreamRaw,
			call: func(ctx context.Context, h *harness) (any, error) {
				return h.runs.SubmitToolOutputsStreamRaw(ctx, "t/1 x", "run_1", toolOutputs())
			},
			path:        "threads/t%2F1%20x/runs/run_1/submit_tool_outputs",
			body:        `{"tool_outputs":[{"tool_call_id":"call_1","output":"42"}],"stream":true}`,
			deviantBody: `{"tool_outputs":[{"output":"42","tool_call_id":"call_1"}],"stream":true}`,
		}),
		Entry("Steps.Retrieve", requestCase{
			op: contract.OpStepsRetrieve,
			call: func(ctx context.Context, h *harness) (any, error) {
				return h.steps.Retrieve(ctx, "thread_1", "run_1", "step_1", contract.StepRetrieveParams{})
			},
			path: "threads/thread_1/runs/run_1/steps/step_1",
		}),
		Entry("Steps.Retrieve, include[] and escaped step id", requestCase{
			op: contract.OpStepsRetrieve,
			call: func(ctx context.Context, h *harness) (any, error) {
				return h.steps.Retrieve(ctx, "thread_1", "run_1", "s/1 x", contract.StepRetrieveParams{Include: include})
			},
			path:  "threads/thread_1/runs/run_1/steps/s%2F1%20x",
			query: includeQuery,
		}),
		Entry("Steps.List, every parameter", requestCase{
			op: contract.OpStepsList,
			call: func(ctx context.Context, h *harness) (any, error) {
				return h.steps.List(ctx, "thread_1", "run_1", contract.StepListParams{
					After: "step_0", Before: "step_9", Limit: 2, Order: contract.OrderDesc, Include: include,
				})
			},
			path: "threads/thread_1/runs/run_1/steps",
			query: url.Values{"after": {"step_0"}, "before": {"step_9"}, "limit": {"2"}, "order": {"desc"},
				"include[]": {string(contract.IncludeFileSearchResultContent)}},
		}),
	}
}

var _ = Describe("Client: requests and answers of each operation", Label("client"), func() {
	clientimpls.ForEach(func(impl clientimpls.Implementation) {
		DescribeTable("sends the contract's request and decodes the answer",
			func(rc requestCase) {
				op := mustOp(rc.op)
				h := newHarness(impl, 0, okAnswer(op))
				got, err := rc.call(bg, h)
				Expect(err).NotTo(HaveOccurred())
				if st, ok := got.(*runs.Stream); ok {
					DeferCleanup(st.Close)
				}

				req := h.api.only()
				Expect(req.Method).To(Equal(op.Method))
				Expect(req.URL.Host).To(Equal("api.runsuite.test"))
				if rc.deviantPath == "" {
					Expect(req.URL.EscapedPath()).To(Equal(basePath + rc.path))
				} else {
					clientimpls.ExpectOrDeviation(impl, clientimpls.DevPathEscaping, func() {
						Expect(req.URL.EscapedPath()).To(Equal(basePath + rc.path))
					}, func() {
						Expect(req.URL.EscapedPath()).To(Equal(basePath + rc.deviantPath))
					})
				}
				if rc.query == nil {
					Expect(req.URL.RawQuery).To(BeEmpty())
				} else {
					Expect(req.URL.Query()).To(Equal(rc.query))
				}
				if rc.query.Has("include[]") {
					Expect(req).To(BeLegitimateIncludeQuery())
				}
				expectRequiredHeaders(impl, op, req)
				expectBody(impl, op, req, rc.body, rc.deviantBody)
				expectOKResult(op, got)
			},
			requestEntries(),
		)

		DescribeTable("sends OpenAI-Beta: assistants=v2 even over a client header asking for v1",
			func(id contract.OperationID) {
				op := mustOp(id)
				h := newHarness(impl, 0, okAnswer(op), clientimpls.Header{Name: contract.BetaHeader, Value: "assistants=v1"})
				got, err := callOp(bg, h, id, validIDs(op)...)
				Expect(err).NotTo(HaveOccurred())
				if st, ok := got.(*runs.Stream); ok {
					DeferCleanup(st.Close)
				}
				clientimpls.ExpectOrDeviation(impl, clientimpls.DevBetaOverridable, func() {
					Expect(h.api.only().Header.Values(contract.BetaHeader)).To(Equal([]string{contract.BetaValue}))
				}, func() {
					Expect(h.api.only().Header.Values(contract.BetaHeader)).To(Equal([]string{"assistants=v1"}))
				})
			},
			operationEntries(),
		)
	})
})

// operationEntries is one entry per operation of the contract table.
func operationEntries() []TableEntry {
	var entries []TableEntry
	for _, op := range contract.Operations() {
		entries = append(entries, Entry(clientMethod(op), op.ID))
	}
	return entries
}
