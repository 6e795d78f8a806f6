package conformance

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/runsuite/runsuite/conformance"
	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/emulator"
	"github.com/runsuite/runsuite/runs"
	"github.com/runsuite/runsuite/suites/internal/clientimpls"
)

// The client-rule suite runs the client rules of the conformance catalogue
// (conformance.ClientRules) on every request runsuite's client and the
// openai-go adapter send for each of the ten operations. The requests are
// captured by the mock's middleware (conformance.Inspector) in front of a
// lenient emulator, which answers the fixed ids used here, as conformance
// mock does for any client.

// Fixed ids the lenient emulator answers with synthesized objects.
const (
	crThread = "thread_cr"
	crRun    = "run_cr"
	crStep   = "step_cr"
)

// crInclude is the one include[] value of the contract.
var crInclude = []contract.RunStepInclude{contract.IncludeFileSearchResultContent}

// crCreateParams uses the query and many body fields, so that the body
// rules see more than an assistant id.
func crCreateParams() contract.RunCreateParams {
	return contract.RunCreateParams{
		AssistantID:         "asst_cr",
		Include:             crInclude,
		Instructions:        contract.Set("Answer briefly."),
		Metadata:            contract.Set(map[string]string{"suite": "conformance-client"}),
		Temperature:         contract.Set(0.2),
		TopP:                contract.Set(1.0),
		MaxPromptTokens:     contract.Set[int64](1024),
		ParallelToolCalls:   new(false),
		TruncationStrategy:  contract.Set(contract.TruncationStrategy{Type: "auto"}),
		AdditionalMessages:  contract.Set([]contract.AdditionalMessage{{Role: contract.RoleUser, Content: contract.MessageInput{Text: "Weather in Paris?"}}}),
		Tools:               contract.Set([]contract.Tool{{Type: contract.ToolTypeFunction, Function: &contract.FunctionDefinition{Name: "get_current_weather", Parameters: json.RawMessage(`{"type":"object","properties":{"location":{"type":"string"}}}`)}}}),
		MaxCompletionTokens: contract.Set[int64](512),
	}
}

// crOutputs answers one tool call.
func crOutputs() contract.RunSubmitToolOutputsParams {
	return contract.RunSubmitToolOutputsParams{ToolOutputs: []contract.ToolOutput{{ToolCallID: contract.Set("call_cr"), Output: contract.Set("21C and sunny")}}}
}

// crDrain reads a stream to its end.
func crDrain(s *runs.Stream, err error) error {
	if err != nil {
		return err
	}
	defer s.Close()
	for s.Next() {
	}
	return s.Err()
}

// crCall performs one operation through rapi and sapi.
func crCall(ctx context.Context, rapi runs.RunsAPI, sapi runs.StepsAPI, op contract.OperationID) error {
	var err error
	switch op {
	case contract.OpCreate:
		_, err = rapi.Create(ctx, crThread, crCreateParams())
	case contract.OpCreateStreamRaw:
		err = crDrain(rapi.CreateStreamRaw(ctx, crThread, crCreateParams()))
	case contract.OpRetrieve:
		_, err = rapi.Retrieve(ctx, crThread, crRun)
	case contract.OpUpdate:
		_, err = rapi.Update(ctx, crThread, crRun, contract.RunUpdateParams{Metadata: contract.Set(map[string]string{"reviewed": "yes"})})
	case contract.OpList:
		_, err = rapi.List(ctx, crThread, contract.RunListParams{Limit: 5, Order: contract.OrderAsc})
	case contract.OpCancel:
		_, err = rapi.Cancel(ctx, crThread, crRun)
	case contract.OpSubmitToolOutputs:
		_, err = rapi.SubmitToolOutputs(ctx, crThread, crRun, crOutputs())
	case contract.OpSubmitToolOutputsStreamRaw:
		err = crDrain(rapi.SubmitToolOutputsStreamRaw(ctx, crThread, crRun, crOutputs()))
	case contract.OpStepsRetrieve:
		_, err = sapi.Retrieve(ctx, crThread, crRun, crStep, contract.StepRetrieveParams{Include: crInclude})
	case contract.OpStepsList:
		_, err = sapi.List(ctx, crThread, crRun, contract.StepListParams{Limit: 2, Order: contract.OrderDesc, Include: crInclude})
	default:
		return fmt.Errorf("no call for operation %s", op)
	}
	return err
}

// crBroken returns the rules that did not pass, with their findings, so a
// failure shows what was wrong.
func crBroken(in *conformance.Inspector) map[string][]conformance.Finding {
	out := map[string][]conformance.Finding{}
	for _, r := range in.Results() {
		if r.Status != conformance.StatusPass {
			out[r.ID+" ("+string(r.Status)+")"] = r.Findings
		}
	}
	return out
}

// crOperationEntries is one table entry per operation.
func crOperationEntries() []TableEntry {
	var out []TableEntry
	for _, op := range contract.Operations() {
		out = append(out, Entry(string(op.ID), op.ID))
	}
	return out
}

// crIncludeRequest is a steps list whose query is rawQuery, with the
// headers every SDK sends, as the mock middleware would see it.
func crIncludeRequest(rawQuery string) *conformance.Request {
	r := httptest.NewRequest("GET", "/v1/threads/"+crThread+"/runs/"+crRun+"/steps", nil)
	r.RequestURI = "/v1/threads/" + crThread + "/runs/" + crRun + "/steps?" + rawQuery
	r.Header.Set("Authorization", "Bearer sk-test")
	r.Header.Set("OpenAI-Beta", "assistants=v2")
	return conformance.NewRequest(r, nil)
}

// inspectorIDSeed is the id seed of the emulator behind the inspector, so
// its ids are the same on every run.
const inspectorIDSeed = 20260501

var _ = Describe("Conformance: client.query.include agrees with the client suites' include encodings", Label("conformance", "client"), func() {
	It("accepts every encoding real clients send (clientimpls.LegitimateIncludes)", func() {
		Expect(clientimpls.LegitimateIncludes).NotTo(BeEmpty())
		for raw, clients := range clientimpls.LegitimateIncludes {
			Expect(conformance.Inspect(crIncludeRequest(raw+"&limit=2"))).To(BeEmpty(), "the encoding of %s: %s", clients, raw)
		}
	})
	DescribeTable("flags the encodings that lose something",
		func(raw string) {
			Expect(conformance.Inspect(crIncludeRequest(raw))).To(HaveKey("client.query.include"))
		},
		Entry("brackets of the key lost", "include=step_details.tool_calls%5B%2A%5D.file_search.results%5B%2A%5D.content"),
		Entry("value lost", "include%5B%5D="),
		Entry("brackets of the value lost", "include%5B%5D=step_details.tool_calls.file_search.results.content"),
		Entry("encoded twice", "include%255B%255D=step_details.tool_calls%255B%252A%255D.file_search.results%255B%252A%255D.content"),
	)
})

var _ = Describe("Conformance: client rules on the Go clients", Label("conformance", "client"), func() {
	It("has client rules to run", func() {
		Expect(conformance.ClientRules()).NotTo(BeEmpty())
	})

	for _, impl := range clientimpls.All {
		Context(impl.Name, func() {
			var (
				in   *conformance.Inspector
				rapi runs.RunsAPI
				sapi runs.StepsAPI
				ctx  context.Context
			)
			BeforeEach(func() {
				emu := emulator.NewUnstartedServer(emulator.WithMode(emulator.ModeLenient), emulator.WithIDSeed(inspectorIDSeed))
				in = conformance.NewInspector(emu.Handler(), 0)
				srv := httptest.NewServer(in)
				DeferCleanup(func() {
					srv.Close()
					emu.Close()
				})
				rapi, sapi = impl.Build(srv.Client(), srv.URL+"/v1", 0)
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(context.Background(), 30*time.Second)
				DeferCleanup(cancel)
			})

			DescribeTable("each operation breaks no client rule",
				func(op contract.OperationID) {
					Expect(crCall(ctx, rapi, sapi, op)).To(Succeed())
					Expect(crBroken(in)).To(BeEmpty())
					cov := in.Coverage()
					Expect(cov.Operations).To(HaveKeyWithValue(string(op), BeNumerically(">=", 1)), "the request was seen as %s", op)
					Expect(cov.Unmatched).To(BeZero())
				},
				crOperationEntries(),
			)

			It("covers all ten operations in one session with zero violations", func() {
				for _, op := range contract.Operations() {
					Expect(crCall(ctx, rapi, sapi, op.ID)).To(Succeed(), "calling %s", op.ID)
				}
				Expect(crBroken(in)).To(BeEmpty())
				cov := in.Coverage()
				Expect(conformance.MissingOperations(cov)).To(BeEmpty())
				Expect(cov.Events).To(HaveKeyWithValue(string(contract.EventDone), 2), "one done per stream served")
				Expect(in.Requests()).To(Equal(len(contract.Operations())))
			})
		})
	}
})
