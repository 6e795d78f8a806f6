package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/runs"
	"github.com/runsuite/runsuite/suites/internal/clientimpls"
)

// misuseCase is a call the contract refuses before sending anything
// (CONTRACT §1.3 and the bounds of §2): it must fail with a
// *runs.ArgumentError from method naming field, and send no request.
type misuseCase struct {
	op      contract.OperationID
	nilCtx  bool
	call    func(ctx context.Context, h *harness) (any, error)
	field   string // ArgumentError.Field
	message string // ArgumentError.Message, when the contract words it
	// deviation is the id of the deviation an implementation may declare
	// for this misuse, and deviant asserts what it does instead.
	deviation string
	deviant   func(h *harness, err error)
}

// sentAnyway is the deviant behaviour of an implementation that sends the
// misused call: it succeeds, and check finds the out-of-contract value in
// the one request sent.
func sentAnyway(check func(req captured)) func(h *harness, err error) {
	return func(h *harness, err error) {
		GinkgoHelper()
		Expect(err).NotTo(HaveOccurred())
		check(h.api.only())
	}
}

// refusedPlainly is the deviant behaviour of an implementation that
// refuses the call, sending nothing, but without a *runs.ArgumentError.
func refusedPlainly(h *harness, err error) {
	GinkgoHelper()
	Expect(err).To(HaveOccurred())
	var argErr *runs.ArgumentError
	Expect(errors.As(err, &argErr)).To(BeFalse(), "got *runs.ArgumentError %+v: drop the deviation", argErr)
	Expect(h.api.calls()).To(BeZero(), "nothing sent")
}

// bodyField decodes one top-level field of a request body.
func bodyField(req captured, key string) any {
	GinkgoHelper()
	var m map[string]any
	Expect(json.Unmarshal(req.Body, &m)).To(Succeed(), "body %s", req.Body)
	Expect(m).To(HaveKey(key))
	return m[key]
}

// sendsBodyField checks the body carries key with the JSON value want.
func sendsBodyField(key, want string) func(h *harness, err error) {
	return sentAnyway(func(req captured) {
		GinkgoHelper()
		var w any
		Expect(json.Unmarshal([]byte(want), &w)).To(Succeed())
		Expect(bodyField(req, key)).To(Equal(w))
	})
}

// sendsQuery checks the query carries key=value.
func sendsQuery(key, value string) func(h *harness, err error) {
	return sentAnyway(func(req captured) {
		GinkgoHelper()
		Expect(req.URL.Query()[key]).To(Equal([]string{value}))
	})
}

// manyMetadata is metadata with n pairs.
func manyMetadata(n int) map[string]string {
	m := make(map[string]string, n)
	for i := range n {
		m[fmt.Sprintf("k%02d", i)] = "v"
	}
	return m
}

// manyTools is n code_interpreter tools.
func manyTools(n int) []contract.Tool {
	tools := make([]contract.Tool, n)
	for i := range tools {
		tools[i] = contract.Tool{Type: contract.ToolTypeCodeInterpreter}
	}
	return tools
}

// createWith is a Create call with p (AssistantID filled in).
func createWith(p contract.RunCreateParams) func(ctx context.Context, h *harness) (any, error) {
	p.AssistantID = "asst_1"
	return func(ctx context.Context, h *harness) (any, error) { return h.runs.Create(ctx, "thread_1", p) }
}

// streamFlagEntries are the stream flags smuggled through Extra.
func streamFlagEntries(impl clientimpls.Implementation) []TableEntry {
	stream := func(v any) map[string]any { return map[string]any{"stream": v} }
	sendsStreamTrue := sendsBodyField("stream", "true")
	return []TableEntry{
		Entry("Create with Extra stream: true", misuseCase{
			op: contract.OpCreate,
			call: func(ctx context.Context, h *harness) (any, error) {
				return h.runs.Create(ctx, "thread_1", contract.RunCreateParams{AssistantID: "asst_1", Extra: stream(true)})
			},
			field: "stream", message: "Please use `CreateStreamRaw` for the streaming use case.",
			deviation: clientimpls.DevStreamFlagIgnored, deviant: sendsStreamTrue,
		}),
		Entry("SubmitToolOutputs with Extra stream: true", misuseCase{
			op: contract.OpSubmitToolOutputs,
			call: func(ctx context.Context, h *harness) (any, error) {
				p := toolOutputs()
				p.Extra = stream(true)
				return h.runs.SubmitToolOutputs(ctx, "thread_1", "run_1", p)
			},
			field: "stream", message: "Please use `SubmitToolOutputsStreamRaw` for the streaming use case.",
			deviation: clientimpls.DevStreamFlagIgnored, deviant: sendsStreamTrue,
		}),
		Entry("SubmitToolOutputs with Extra stream: true and no thread id: the stream flag is checked first", misuseCase{
			op: contract.OpSubmitToolOutputs,
			call: func(ctx context.Context, h *harness) (any, error) {
				p := toolOutputs()
				p.Extra = stream(true)
				return h.runs.SubmitToolOutputs(ctx, "", "run_1", p)
			},
			field: "stream", message: "Please use `SubmitToolOutputsStreamRaw` for the streaming use case.",
			deviation: clientimpls.DevStreamFlagIgnored, deviant: func(h *harness, err error) {
				GinkgoHelper()
				var argErr *runs.ArgumentError
				Expect(errors.As(err, &argErr)).To(BeTrue(), "got %v", err)
				Expect(argErr.Field).To(Equal("thread_id"))
				Expect(h.api.calls()).To(BeZero())
			},
		}),
		Entry("CreateStreamRaw with Extra stream: false", misuseCase{
			op: contract.OpCreateStreamRaw,
			call: func(ctx context.Context, h *harness) (any, error) {
				return h.runs.CreateStreamRaw(ctx, "thread_1", contract.RunCreateParams{AssistantID: "asst_1", Extra: stream(false)})
			},
			field: "stream", message: "Please use `Create` for the non-streaming use case.",
			deviation: clientimpls.DevStreamFlagIgnored, deviant: sendsStreamTrue,
		}),
		Entry("CreateStreamRaw with Extra stream: nil", misuseCase{
			op: contract.OpCreateStreamRaw,
			call: func(ctx context.Context, h *harness) (any, error) {
				return h.runs.CreateStreamRaw(ctx, "thread_1", contract.RunCreateParams{AssistantID: "asst_1", Extra: stream(nil)})
			},
			field: "stream", message: "Please use `Create` for the non-streaming use case.",
			deviation: clientimpls.DevStreamFlagIgnored, deviant: sendsStreamTrue,
		}),
		Entry("SubmitToolOutputsStreamRaw with Extra stream: false", misuseCase{
			op: contract.OpSubmitToolOutputsStreamRaw,
			call: func(ctx context.Context, h *harness) (any, error) {
				p := toolOutputs()
				p.Extra = stream(false)
				return h.runs.SubmitToolOutputsStreamRaw(ctx, "thread_1", "run_1", p)
			},
			field: "stream", message: "Please use `SubmitToolOutputs` for the non-streaming use case.",
			deviation: clientimpls.DevStreamFlagIgnored, deviant: sendsStreamTrue,
		}),
		Entry("SubmitToolOutputsStreamRaw with Extra stream: nil", misuseCase{
			op: contract.OpSubmitToolOutputsStreamRaw,
			call: func(ctx context.Context, h *harness) (any, error) {
				p := toolOutputs()
				p.Extra = stream(nil)
				return h.runs.SubmitToolOutputsStreamRaw(ctx, "thread_1", "run_1", p)
			},
			field: "stream", message: "Please use `SubmitToolOutputs` for the non-streaming use case.",
			deviation: clientimpls.DevStreamFlagIgnored, deviant: sendsStreamTrue,
		}),
	}
}

// pathEntries are, for every operation, each path id left empty, ".", and
// "..", plus a nil context.
func pathEntries() []TableEntry {
	var entries []TableEntry
	for _, op := range contract.Operations() {
		for i, param := range op.PathParams {
			for _, bad := range []string{"", ".", ".."} {
				ids := validIDs(op)
				ids[i] = bad
				mc := misuseCase{
					op:    op.ID,
					call:  func(ctx context.Context, h *harness) (any, error) { return callOp(ctx, h, op.ID, ids...) },
					field: param,
				}
				if bad == "" {
					mc.message = "missing required path argument " + param
					mc.deviation, mc.deviant = clientimpls.DevPathArgMessage, refusedWithSDKMessage(param)
				} else {
					mc.message = "path segment cannot be '.' or '..'"
					mc.deviation, mc.deviant = clientimpls.DevDotSegmentsSent, sendsDotSegment(op, ids, bad)
				}
				entries = append(entries, Entry(fmt.Sprintf("%s with %s %q", clientMethod(op), param, bad), mc))
			}
		}
		entries = append(entries, Entry(clientMethod(op)+" with a nil context", misuseCase{
			op:     op.ID,
			nilCtx: true,
			call: func(ctx context.Context, h *harness) (any, error) {
				return callOp(ctx, h, op.ID, validIDs(op)...)
			},
			field:     "", // a context is no request field
			deviation: clientimpls.DevNilContextPlainError, deviant: refusedPlainly,
		}))
	}
	return entries
}

// refusedWithSDKMessage is openai-go's refusal of an empty path id: an
// ArgumentError naming the field, worded "missing required <p> parameter".
func refusedWithSDKMessage(param string) func(h *harness, err error) {
	return func(h *harness, err error) {
		GinkgoHelper()
		var argErr *runs.ArgumentError
		Expect(errors.As(err, &argErr)).To(BeTrue(), "got %v", err)
		Expect(argErr.Field).To(Equal(param))
		Expect(argErr.Message).To(Equal("missing required " + param + " parameter"))
		Expect(h.api.calls()).To(BeZero())
	}
}

// sendsDotSegment is the deviant behaviour of a client that escapes "." and
// ".." as %2E and %2E%2E and sends them.
func sendsDotSegment(op contract.Operation, ids []string, bad string) func(h *harness, err error) {
	return sentAnyway(func(req captured) {
		GinkgoHelper()
		escaped := make([]any, len(ids))
		for i, id := range ids {
			escaped[i] = id
			if id == bad {
				escaped[i] = strings.Repeat("%2E", len(bad))
			}
		}
		path := op.Path
		for i, p := range op.PathParams {
			path = strings.Replace(path, "{"+p+"}", escaped[i].(string), 1)
		}
		Expect(req.URL.EscapedPath()).To(Equal(basePath + path))
	})
}

// paramEntries are parameters outside the bounds of CONTRACT §2.
func paramEntries() []TableEntry {
	long := strings.Repeat("k", 65)
	return []TableEntry{
		Entry("Create with 17 metadata pairs", misuseCase{
			op: contract.OpCreate, call: createWith(contract.RunCreateParams{Metadata: contract.Set(manyMetadata(17))}), field: "metadata",
			deviation: clientimpls.DevParamsUnchecked, deviant: sentAnyway(func(req captured) { Expect(bodyField(req, "metadata")).To(HaveLen(17)) }),
		}),
		Entry("Create with a 65-character metadata key", misuseCase{
			op: contract.OpCreate, call: createWith(contract.RunCreateParams{Metadata: contract.Set(map[string]string{long: "v"})}), field: "metadata",
			deviation: clientimpls.DevParamsUnchecked, deviant: sendsBodyField("metadata", mustJSON(map[string]string{long: "v"})),
		}),
		Entry("Create with a 513-character metadata value", misuseCase{
			op: contract.OpCreate, call: createWith(contract.RunCreateParams{Metadata: contract.Set(map[string]string{"k": strings.Repeat("v", 513)})}), field: "metadata.k",
			deviation: clientimpls.DevParamsUnchecked, deviant: sendsBodyField("metadata", mustJSON(map[string]string{"k": strings.Repeat("v", 513)})),
		}),
		Entry("Update with 17 metadata pairs", misuseCase{
			op: contract.OpUpdate,
			call: func(ctx context.Context, h *harness) (any, error) {
				return h.runs.Update(ctx, "thread_1", "run_1", contract.RunUpdateParams{Metadata: contract.Set(manyMetadata(17))})
			},
			field:     "metadata",
			deviation: clientimpls.DevParamsUnchecked, deviant: sentAnyway(func(req captured) { Expect(bodyField(req, "metadata")).To(HaveLen(17)) }),
		}),
		Entry("Update with a 513-character metadata value", misuseCase{
			op: contract.OpUpdate,
			call: func(ctx context.Context, h *harness) (any, error) {
				return h.runs.Update(ctx, "thread_1", "run_1", contract.RunUpdateParams{Metadata: contract.Set(map[string]string{"k": strings.Repeat("v", 513)})})
			},
			field:     "metadata.k",
			deviation: clientimpls.DevParamsUnchecked, deviant: sendsBodyField("metadata", mustJSON(map[string]string{"k": strings.Repeat("v", 513)})),
		}),
		Entry("Create with temperature -0.1", misuseCase{
			op: contract.OpCreate, call: createWith(contract.RunCreateParams{Temperature: contract.Set(-0.1)}), field: "temperature",
			deviation: clientimpls.DevParamsUnchecked, deviant: sendsBodyField("temperature", "-0.1"),
		}),
		Entry("Create with temperature 2.5", misuseCase{
			op: contract.OpCreate, call: createWith(contract.RunCreateParams{Temperature: contract.Set(2.5)}), field: "temperature",
			deviation: clientimpls.DevParamsUnchecked, deviant: sendsBodyField("temperature", "2.5"),
		}),
		Entry("CreateStreamRaw with temperature 2.5", misuseCase{
			op: contract.OpCreateStreamRaw,
			call: func(ctx context.Context, h *harness) (any, error) {
				return h.runs.CreateStreamRaw(ctx, "thread_1", contract.RunCreateParams{AssistantID: "asst_1", Temperature: contract.Set(2.5)})
			},
			field:     "temperature",
			deviation: clientimpls.DevParamsUnchecked, deviant: sendsBodyField("temperature", "2.5"),
		}),
		Entry("Create with top_p 1.5", misuseCase{
			op: contract.OpCreate, call: createWith(contract.RunCreateParams{TopP: contract.Set(1.5)}), field: "top_p",
			deviation: clientimpls.DevParamsUnchecked, deviant: sendsBodyField("top_p", "1.5"),
		}),
		Entry("Create with 21 tools", misuseCase{
			op: contract.OpCreate, call: createWith(contract.RunCreateParams{Tools: contract.Set(manyTools(21))}), field: "tools",
			deviation: clientimpls.DevParamsUnchecked, deviant: sentAnyway(func(req captured) { Expect(bodyField(req, "tools")).To(HaveLen(21)) }),
		}),
		Entry("Create with max_prompt_tokens 255", misuseCase{
			op: contract.OpCreate, call: createWith(contract.RunCreateParams{MaxPromptTokens: contract.Set[int64](255)}), field: "max_prompt_tokens",
			deviation: clientimpls.DevParamsUnchecked, deviant: sendsBodyField("max_prompt_tokens", "255"),
		}),
		Entry("Create with max_completion_tokens 255", misuseCase{
			op: contract.OpCreate, call: createWith(contract.RunCreateParams{MaxCompletionTokens: contract.Set[int64](255)}), field: "max_completion_tokens",
			deviation: clientimpls.DevParamsUnchecked, deviant: sendsBodyField("max_completion_tokens", "255"),
		}),
		Entry("List with limit -1", misuseCase{
			op: contract.OpList,
			call: func(ctx context.Context, h *harness) (any, error) {
				return h.runs.List(ctx, "thread_1", contract.RunListParams{Limit: -1})
			},
			field:     "limit",
			deviation: clientimpls.DevParamsUnchecked, deviant: sendsQuery("limit", "-1"),
		}),
		Entry("List with limit 101", misuseCase{
			op: contract.OpList,
			call: func(ctx context.Context, h *harness) (any, error) {
				return h.runs.List(ctx, "thread_1", contract.RunListParams{Limit: 101})
			},
			field:     "limit",
			deviation: clientimpls.DevParamsUnchecked, deviant: sendsQuery("limit", "101"),
		}),
		Entry("Steps.List with limit -1", misuseCase{
			op: contract.OpStepsList,
			call: func(ctx context.Context, h *harness) (any, error) {
				return h.steps.List(ctx, "thread_1", "run_1", contract.StepListParams{Limit: -1})
			},
			field:     "limit",
			deviation: clientimpls.DevParamsUnchecked, deviant: sendsQuery("limit", "-1"),
		}),
		Entry("Steps.List with limit 101", misuseCase{
			op: contract.OpStepsList,
			call: func(ctx context.Context, h *harness) (any, error) {
				return h.steps.List(ctx, "thread_1", "run_1", contract.StepListParams{Limit: 101})
			},
			field:     "limit",
			deviation: clientimpls.DevParamsUnchecked, deviant: sendsQuery("limit", "101"),
		}),
		Entry("List with order sideways", misuseCase{
			op: contract.OpList,
			call: func(ctx context.Context, h *harness) (any, error) {
				return h.runs.List(ctx, "thread_1", contract.RunListParams{Order: "sideways"})
			},
			field:     "order",
			deviation: clientimpls.DevParamsUnchecked, deviant: sendsQuery("order", "sideways"),
		}),
		Entry("Steps.Retrieve with an unknown include value", misuseCase{
			op: contract.OpStepsRetrieve,
			call: func(ctx context.Context, h *harness) (any, error) {
				return h.steps.Retrieve(ctx, "thread_1", "run_1", "step_1", contract.StepRetrieveParams{Include: []contract.RunStepInclude{"step_details.everything"}})
			},
			field:     "include[0]",
			deviation: clientimpls.DevParamsUnchecked, deviant: sendsQuery("include[]", "step_details.everything"),
		}),
	}
}

var _ = Describe("Client: misuse", Label("client", "misuse"), func() {
	clientimpls.ForEach(func(impl clientimpls.Implementation) {
		DescribeTable("refuses the call with *runs.ArgumentError and sends nothing",
			func(mc misuseCase) {
				op := mustOp(mc.op)
				h := newHarness(impl, 0, okAnswer(op))
				ctx := bg
				if mc.nilCtx {
					ctx = nil
				}
				got, err := mc.call(ctx, h)
				if st, ok := got.(*runs.Stream); ok && st != nil {
					DeferCleanup(st.Close)
				}
				clientimpls.ExpectOrDeviation(impl, mc.deviation, func() {
					var argErr *runs.ArgumentError
					Expect(errors.As(err, &argErr)).To(BeTrue(), "got %v", err)
					Expect(argErr.Method).To(Equal(clientMethod(op)))
					Expect(argErr.Field).To(Equal(mc.field))
					if mc.message != "" {
						Expect(argErr.Message).To(Equal(mc.message))
					}
					Expect(h.api.calls()).To(BeZero(), "nothing sent")
				}, func() {
					mc.deviant(h, err)
				})
			},
			slices.Concat(streamFlagEntries(impl), pathEntries(), paramEntries()),
		)
	})
})
