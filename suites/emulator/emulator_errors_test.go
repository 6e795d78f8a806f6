package emulator

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/emulator"
	"github.com/runsuite/runsuite/runs"
)

// emuErrWorld is what the error specs send their requests against.
type emuErrWorld struct {
	res                 *emuResources
	asst, bare          string // bare has no instructions
	doneThread, doneRun string // a completed run
	waitThread, waitRun string // a run waiting for the output of call
	call                string
	busyThread, busyRun string // an in_progress run
	emptyThread         string // a thread without messages
}

// expand replaces {name} placeholders in s with the world's ids.
func (w *emuErrWorld) expand(s string) string {
	return strings.NewReplacer(
		"{asst}", w.asst, "{doneThread}", w.doneThread, "{doneRun}", w.doneRun,
		"{waitThread}", w.waitThread, "{waitRun}", w.waitRun, "{call}", w.call,
	).Replace(s)
}

// Messages of the emulator (CONTRACT §9 and the live API's wording).
const (
	emuMsgMalformedJSON = "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)"
	emuMsgMissingBeta   = "You must provide the 'OpenAI-Beta' header to access the Assistants API. Please try again by setting the header 'OpenAI-Beta: assistants=v2'."
	emuMsgMissingAuth   = "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username. You can obtain an API key from https://platform.openai.com/account/api-keys."
	emuMsgInvalidThread = "Run creation requires a Thread with a user message or an assistant with instructions."
)

// emuWant is an expected error answer; Type is invalid_request_error and
// Code and Param null unless set. Message may hold {placeholders}.
type emuWant struct {
	status                    int
	typ, code, param, message string
}

// emuErrCall sends one failing request.
type emuErrCall func(ctx context.Context, w *emuErrWorld) error

// Request builders for the table.

// createRaw sends a create-run body as given, on thread (a placeholder).
func emuCreateRaw(thread, body string) emuErrCall {
	return func(ctx context.Context, w *emuErrWorld) error {
		return emuDo(ctx, w.res.client, contract.OpCreate, runs.RawRequest{PathArgs: []string{w.expand(thread)}, Body: []byte(w.expand(body))})
	}
}

// createWithAssistant sends a create-run body whose assistant_id is the
// world's assistant, plus the given keys.
func emuCreateWith(extra string) emuErrCall {
	return emuCreateRaw("{doneThread}", `{"assistant_id":"{asst}"`+extra+`}`)
}

// listRaw lists runs of the completed run's thread with a raw query.
func emuListRaw(query url.Values) emuErrCall {
	return func(ctx context.Context, w *emuErrWorld) error {
		return emuDo(ctx, w.res.client, contract.OpList, runs.RawRequest{PathArgs: []string{w.doneThread}, Query: query})
	}
}

// stepsRaw lists the completed run's steps with a raw query.
func emuStepsRaw(query url.Values) emuErrCall {
	return func(ctx context.Context, w *emuErrWorld) error {
		return emuDo(ctx, w.res.client, contract.OpStepsList, runs.RawRequest{PathArgs: []string{w.doneThread, w.doneRun}, Query: query})
	}
}

// outputs are tool outputs for a call id (a placeholder, or "" for none).
func emuOutputsFor(w *emuErrWorld, callIDs ...string) contract.RunSubmitToolOutputsParams {
	p := contract.RunSubmitToolOutputsParams{ToolOutputs: []contract.ToolOutput{}}
	for _, id := range callIDs {
		o := contract.ToolOutput{Output: contract.Set("x")}
		if id != "" {
			o.ToolCallID = contract.Set(w.expand(id))
		}
		p.ToolOutputs = append(p.ToolOutputs, o)
	}
	return p
}

// emuRawHTTP sends a request outside the operation table with net/http.
func emuRawHTTP(ctx context.Context, w *emuErrWorld, method, path string) error {
	req, err := http.NewRequestWithContext(ctx, method, w.res.srv.BaseURL()+w.expand(path), nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer test")
	req.Header.Set(contract.BetaHeader, contract.BetaValue)
	res, err := w.res.srv.Client().Do(req)
	if err != nil {
		return err
	}
	return emuAPIError(res)
}

func emuManyPairs(n int) string {
	pairs := make([]string, n)
	for i := range pairs {
		pairs[i] = fmt.Sprintf(`"k%d":"v"`, i)
	}
	return "{" + strings.Join(pairs, ",") + "}"
}

var _ = Describe("Emulator: errors", Label("emulator", "errors"), func() {
	var w *emuErrWorld

	BeforeEach(func() {
		res := newEmuResources(emuUniqueTag())
		w = &emuErrWorld{res: res}
		w.asst = res.MustCreateAssistant(emuInstructions, emuWeatherTool)
		w.bare = res.MustCreateAssistant("")

		w.doneThread = res.MustCreateThread(emuHello)
		done := res.MustStream(w.doneThread, emuRunParams(w.asst, nil))
		Expect(done.lastRun().Status).To(Equal(contract.RunStatusCompleted))
		w.doneRun = done.runID()

		w.waitThread = res.MustCreateThread("Please call get_current_weather")
		wait := res.MustStream(w.waitThread, emuRunParams(w.asst, nil))
		Expect(wait.lastRun().Status).To(Equal(contract.RunStatusRequiresAction))
		w.waitRun = wait.runID()
		w.call = wait.lastRun().RequiredAction.SubmitToolOutputs.ToolCalls[0].ID

		w.busyThread = res.MustCreateThread(emuHello)
		busy, err := res.client.Create(bg, w.busyThread, emuRunParams(w.asst, nil))
		Expect(err).NotTo(HaveOccurred())
		w.busyRun = busy.ID
		res.clock.Advance(emuPhase) // the polled run starts
		busy, err = res.client.Retrieve(bg, w.busyThread, w.busyRun)
		Expect(err).NotTo(HaveOccurred())
		Expect(busy.Status).To(Equal(contract.RunStatusInProgress))

		w.emptyThread = res.MustCreateThread("")
	})

	DescribeTable("answers with the status and error envelope of the live API",
		func(call emuErrCall, want emuWant) {
			err := call(bg, w)
			var apiErr *runs.APIError
			Expect(errors.As(err, &apiErr)).To(BeTrue(), "got %v, want a *runs.APIError", err)
			Expect(apiErr.StatusCode).To(Equal(want.status))
			if want.typ == "" {
				want.typ = "invalid_request_error"
			}
			Expect(apiErr.Type).To(Equal(want.typ))
			Expect(apiErr.Code).To(Equal(want.code))
			Expect(apiErr.Param).To(Equal(want.param))
			Expect(apiErr.Message).To(Equal(w.expand(want.message)))
			Expect(apiErr.RequestID).To(HavePrefix("req_"))
			Expect(apiErr.Header.Get("Content-Type")).To(Equal("application/json"))

			// The envelope: exactly {"error": {...}} with all four keys,
			// null where the error has no code or param.
			var env map[string]map[string]json.RawMessage
			Expect(json.Unmarshal(apiErr.Body, &env)).To(Succeed(), "body %s", apiErr.Body)
			Expect(env).To(HaveLen(1))
			Expect(env).To(HaveKey("error"))
			Expect(env["error"]).To(And(HaveLen(4), HaveKey("message"), HaveKey("type"), HaveKey("param"), HaveKey("code")), "body %s", apiErr.Body)
			for key, v := range map[string]string{"code": want.code, "param": want.param} {
				if v == "" {
					Expect(string(env["error"][key])).To(Equal("null"), key)
				}
			}
		},

		// Unknown ids, through the guarded client.
		Entry("Retrieve of an unknown run", emuErrCall(func(ctx context.Context, w *emuErrWorld) error {
			_, err := w.res.client.Retrieve(ctx, w.doneThread, "run_nope")
			return err
		}), emuWant{status: 404, message: "No run found with id 'run_nope'."}),
		Entry("List on an unknown thread", emuErrCall(func(ctx context.Context, w *emuErrWorld) error {
			_, err := w.res.client.List(ctx, "thread_nope", contract.RunListParams{})
			return err
		}), emuWant{status: 404, message: "No thread found with id 'thread_nope'."}),
		Entry("Create on an unknown thread", emuErrCall(func(ctx context.Context, w *emuErrWorld) error {
			_, err := w.res.client.Create(ctx, "thread_nope", emuRunParams(w.asst, nil))
			return err
		}), emuWant{status: 404, message: "No thread found with id 'thread_nope'."}),
		Entry("Create with an unknown assistant", emuErrCall(func(ctx context.Context, w *emuErrWorld) error {
			_, err := w.res.client.Create(ctx, w.doneThread, emuRunParams("asst_nope", nil))
			return err
		}), emuWant{status: 404, message: "No assistant found with id 'asst_nope'."}),
		Entry("Cancel of an unknown run", emuErrCall(func(ctx context.Context, w *emuErrWorld) error {
			_, err := w.res.client.Cancel(ctx, w.doneThread, "run_nope")
			return err
		}), emuWant{status: 404, message: "No run found with id 'run_nope'."}),
		Entry("Steps.List of an unknown run", emuErrCall(func(ctx context.Context, w *emuErrWorld) error {
			_, err := w.res.client.Steps.List(ctx, w.doneThread, "run_nope", contract.StepListParams{})
			return err
		}), emuWant{status: 404, message: "No run found with id 'run_nope'."}),
		Entry("Steps.Retrieve of an unknown step", emuErrCall(func(ctx context.Context, w *emuErrWorld) error {
			_, err := w.res.client.Steps.Retrieve(ctx, w.doneThread, w.doneRun, "step_nope", contract.StepRetrieveParams{})
			return err
		}), emuWant{status: 404, message: "No run step found with id 'step_nope'."}),
		Entry("Retrieve of a run on another thread", emuErrCall(func(ctx context.Context, w *emuErrWorld) error {
			_, err := w.res.client.Retrieve(ctx, w.waitThread, w.doneRun)
			return err
		}), emuWant{status: 404, message: "No run found with id '{doneRun}'."}),

		// Requests that do not fit a run's state.
		Entry("SubmitToolOutputs to a completed run", emuErrCall(func(ctx context.Context, w *emuErrWorld) error {
			_, err := w.res.client.SubmitToolOutputs(ctx, w.doneThread, w.doneRun, emuOutputsFor(w, "{call}"))
			return err
		}), emuWant{status: 400, message: `Runs in status "completed" do not accept tool outputs.`}),
		Entry("SubmitToolOutputs to an in_progress run", emuErrCall(func(ctx context.Context, w *emuErrWorld) error {
			_, err := w.res.client.SubmitToolOutputs(ctx, w.busyThread, w.busyRun, emuOutputsFor(w, "{call}"))
			return err
		}), emuWant{status: 400, message: `Runs in status "in_progress" do not accept tool outputs.`}),
		Entry("SubmitToolOutputsStreamRaw with an unknown tool_call_id", emuErrCall(func(ctx context.Context, w *emuErrWorld) error {
			st, err := w.res.client.SubmitToolOutputsStreamRaw(ctx, w.waitThread, w.waitRun, emuOutputsFor(w, "call_nope"))
			if st != nil {
				st.Close()
			}
			return err
		}), emuWant{status: 400, param: "tool_outputs[0].tool_call_id",
			message: "Invalid 'tool_outputs[0].tool_call_id': no tool call with id 'call_nope' is awaiting output."}),
		Entry("SubmitToolOutputs without the awaited call's output", emuErrCall(func(ctx context.Context, w *emuErrWorld) error {
			_, err := w.res.client.SubmitToolOutputs(ctx, w.waitThread, w.waitRun, emuOutputsFor(w))
			return err
		}), emuWant{status: 400, param: "tool_outputs", message: "Expected tool outputs for call_ids ['{call}'], got []."}),
		Entry("SubmitToolOutputs naming the awaited call twice", emuErrCall(func(ctx context.Context, w *emuErrWorld) error {
			_, err := w.res.client.SubmitToolOutputs(ctx, w.waitThread, w.waitRun, emuOutputsFor(w, "{call}", "{call}"))
			return err
		}), emuWant{status: 400, message: "Duplicate call_ids submitted: ['{call}', '{call}']"}),
		Entry("SubmitToolOutputs with an output that names no call", emuErrCall(func(ctx context.Context, w *emuErrWorld) error {
			_, err := w.res.client.SubmitToolOutputs(ctx, w.waitThread, w.waitRun, emuOutputsFor(w, ""))
			return err
		}), emuWant{status: 400, param: "tool_outputs[0].tool_call_id", message: "Missing required parameter: 'tool_outputs[0].tool_call_id'."}),
		Entry("Update of an in_progress run", emuErrCall(func(ctx context.Context, w *emuErrWorld) error {
			_, err := w.res.client.Update(ctx, w.busyThread, w.busyRun, contract.RunUpdateParams{Metadata: contract.Set(map[string]string{"k": "v"})})
			return err
		}), emuWant{status: 400, message: "Cannot update run with status 'in_progress'."}),
		Entry("Update of a run awaiting tool outputs", emuErrCall(func(ctx context.Context, w *emuErrWorld) error {
			_, err := w.res.client.Update(ctx, w.waitThread, w.waitRun, contract.RunUpdateParams{})
			return err
		}), emuWant{status: 400, message: "Cannot update run with status 'requires_action'."}),
		Entry("Cancel of a completed run", emuErrCall(func(ctx context.Context, w *emuErrWorld) error {
			_, err := w.res.client.Cancel(ctx, w.doneThread, w.doneRun)
			return err
		}), emuWant{status: 400, message: "Cannot cancel run with status 'completed'."}),
		Entry("a second active run on a thread", emuErrCall(func(ctx context.Context, w *emuErrWorld) error {
			st, err := w.res.client.CreateStreamRaw(ctx, w.waitThread, emuRunParams(w.asst, nil))
			if st != nil {
				st.Close()
			}
			return err
		}), emuWant{status: 400, message: "Thread {waitThread} already has an active run {waitRun}."}),
		Entry("a run on a thread without a user message, by an assistant without instructions", emuErrCall(func(ctx context.Context, w *emuErrWorld) error {
			_, err := w.res.client.Create(ctx, w.emptyThread, emuRunParams(w.bare, nil))
			return err
		}), emuWant{status: 400, code: "invalid_thread", message: emuMsgInvalidThread}),
		Entry("tool_choice naming a function the run does not have", emuErrCall(func(ctx context.Context, w *emuErrWorld) error {
			p := emuRunParams(w.asst, nil)
			p.ToolChoice = contract.Set(contract.ToolChoice{Type: "function", Function: &contract.ToolChoiceFunction{Name: "nope"}})
			_, err := w.res.client.Create(ctx, w.doneThread, p)
			return err
		}), emuWant{status: 400, param: "tool_choice", message: "Invalid 'tool_choice': the function 'nope' is not one of the run's tools."}),

		// The emulator's own metadata keys.
		Entry("an unknown emulator.script", emuErrCall(func(ctx context.Context, w *emuErrWorld) error {
			_, err := w.res.client.Create(ctx, w.doneThread, emuRunParams(w.asst, map[string]string{emulator.MetadataScript: "poetry"}))
			return err
		}), emuWant{status: 400, param: "metadata",
			message: "Invalid value for metadata key 'emulator.script': 'poetry'. Supported values are: 'text', 'function', 'code_interpreter', and 'file_search'."}),
		Entry("the function script on a run without function tools", emuErrCall(func(ctx context.Context, w *emuErrWorld) error {
			p := emuRunParams(w.asst, map[string]string{emulator.MetadataScript: "function"})
			p.Tools = contract.Set([]contract.Tool{emuCodeInterpreter})
			_, err := w.res.client.Create(ctx, w.doneThread, p)
			return err
		}), emuWant{status: 400, param: "metadata", message: "Metadata key 'emulator.script' is 'function', but the run has no function tool."}),
		Entry("an unknown emulator.outcome", emuErrCall(func(ctx context.Context, w *emuErrWorld) error {
			_, err := w.res.client.Create(ctx, w.doneThread, emuRunParams(w.asst, map[string]string{emulator.MetadataOutcome: "explode"}))
			return err
		}), emuWant{status: 400, param: "metadata",
			message: "Invalid value for metadata key 'emulator.outcome': 'explode'. Supported values are: 'failed', 'incomplete', 'expired', 'cancelled', 'error_event', and 'drop_connection'."}),

		// Parameters out of range, which the guarded client refuses to send.
		Entry("temperature above its maximum", emuCreateWith(`,"temperature":3`),
			emuWant{status: 400, param: "temperature", message: "Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 3 instead."}),
		Entry("top_p below its minimum", emuCreateWith(`,"top_p":-0.5`),
			emuWant{status: 400, param: "top_p", message: "Invalid 'top_p': decimal below minimum value. Expected a value >= 0, but got -0.5 instead."}),
		Entry("max_completion_tokens below its minimum", emuCreateWith(`,"max_completion_tokens":10`),
			emuWant{status: 400, param: "max_completion_tokens", message: "Invalid 'max_completion_tokens': integer below minimum value. Expected a value >= 256, but got 10 instead."}),
		Entry("file_search max_num_results above its maximum", emuCreateWith(`,"tools":[{"type":"file_search","file_search":{"max_num_results":51}}]`),
			emuWant{status: 400, param: "tools[0].file_search.max_num_results",
				message: "Invalid 'tools[0].file_search.max_num_results': integer above maximum value. Expected a value <= 50, but got 51 instead."}),
		Entry("more than 20 tools", emuCreateWith(`,"tools":[`+strings.Repeat(`{"type":"code_interpreter"},`, 20)+`{"type":"code_interpreter"}]`),
			emuWant{status: 400, param: "tools", message: "Invalid 'tools': array too long. Expected an array with maximum length 20, but got an array with length 21 instead."}),
		Entry("limit above its maximum", emuListRaw(url.Values{"limit": {"101"}}),
			emuWant{status: 400, param: "limit", message: "Invalid 'limit': integer above maximum value. Expected a value <= 100, but got 101 instead."}),
		Entry("limit below its minimum", emuListRaw(url.Values{"limit": {"0"}}),
			emuWant{status: 400, param: "limit", message: "Invalid 'limit': integer below minimum value. Expected a value >= 1, but got 0 instead."}),
		Entry("limit that is not a number", emuListRaw(url.Values{"limit": {"ten"}}),
			emuWant{status: 400, param: "limit", message: "Invalid 'limit': expected an integer, but got 'ten' instead."}),
		Entry("an unknown order", emuListRaw(url.Values{"order": {"sideways"}}),
			emuWant{status: 400, param: "order", message: "Invalid value: 'sideways'. Supported values are: 'asc' and 'desc'."}),
		Entry("an after cursor that names no run", emuErrCall(func(ctx context.Context, w *emuErrWorld) error {
			_, err := w.res.client.List(ctx, w.doneThread, contract.RunListParams{After: "run_nope"})
			return err
		}), emuWant{status: 400, param: "after", message: "Invalid 'after': no run with id 'run_nope' in this list."}),
		Entry("a before cursor that names no step", emuErrCall(func(ctx context.Context, w *emuErrWorld) error {
			_, err := w.res.client.Steps.List(ctx, w.doneThread, w.doneRun, contract.StepListParams{Before: "step_nope"})
			return err
		}), emuWant{status: 400, param: "before", message: "Invalid 'before': no run step with id 'step_nope' in this list."}),
		Entry("an unknown include[] value", emuStepsRaw(url.Values{"include[]": {"everything"}}),
			emuWant{status: 400, param: "include[0]",
				message: "Invalid value: 'everything'. Supported values are: 'step_details.tool_calls[*].file_search.results[*].content'."}),
		Entry("include without brackets", emuStepsRaw(url.Values{"include": {string(contract.IncludeFileSearchResultContent)}}),
			emuWant{status: 400, param: "include", message: "Unrecognized request argument supplied: include"}),

		// Metadata limits.
		Entry("more than 16 metadata pairs", emuCreateWith(`,"metadata":`+emuManyPairs(17)),
			emuWant{status: 400, param: "metadata",
				message: "Invalid 'metadata': too many properties. Expected an object with at most 16 properties, but got an object with 17 properties instead."}),
		Entry("a metadata key longer than 64", emuCreateWith(`,"metadata":{"`+strings.Repeat("k", 65)+`":"v"}`),
			emuWant{status: 400, param: "metadata",
				message: "Invalid 'metadata': key too long. Expected a key with maximum length 64, but got a key with length 65 instead."}),
		Entry("a metadata value longer than 512", emuCreateWith(`,"metadata":{"k":"`+strings.Repeat("v", 513)+`"}`),
			emuWant{status: 400, param: "metadata.k",
				message: "Invalid 'metadata.k': string too long. Expected a string with maximum length 512, but got a string with length 513 instead."}),
		Entry("more than 16 metadata pairs on Update", emuErrCall(func(ctx context.Context, w *emuErrWorld) error {
			return emuDo(ctx, w.res.client, contract.OpUpdate, runs.RawRequest{PathArgs: []string{w.doneThread, w.doneRun}, Body: []byte(`{"metadata":` + emuManyPairs(17) + `}`)})
		}), emuWant{status: 400, param: "metadata",
			message: "Invalid 'metadata': too many properties. Expected an object with at most 16 properties, but got an object with 17 properties instead."}),

		// Bodies that are not what the operation takes.
		Entry("malformed JSON", emuCreateRaw("{doneThread}", `{"assistant_id":`),
			emuWant{status: 400, message: emuMsgMalformedJSON}),
		Entry("a JSON array body", emuCreateRaw("{doneThread}", `[1]`),
			emuWant{status: 400, message: emuMsgMalformedJSON}),
		Entry("a string where a number goes", emuCreateWith(`,"temperature":"hot"`),
			emuWant{status: 400, param: "temperature", message: "Invalid type for 'temperature': expected a number, but got a string instead."}),
		Entry("a decimal where an integer goes", emuCreateWith(`,"max_prompt_tokens":300.5`),
			emuWant{status: 400, param: "max_prompt_tokens", message: "Invalid type for 'max_prompt_tokens': expected an integer, but got a decimal instead."}),
		Entry("a boolean metadata value on Update", emuErrCall(func(ctx context.Context, w *emuErrWorld) error {
			return emuDo(ctx, w.res.client, contract.OpUpdate, runs.RawRequest{PathArgs: []string{w.doneThread, w.doneRun}, Body: []byte(`{"metadata":{"modified":true}}`)})
		}), emuWant{status: 400, param: "metadata.modified", message: "Invalid type for 'metadata.modified': expected a string, but got a boolean instead."}),
		Entry("a value outside an enum", emuCreateWith(`,"tool_choice":"sometimes"`),
			emuWant{status: 400, param: "tool_choice", message: "Invalid value: 'sometimes'. Supported values are: 'none', 'auto', and 'required'."}),
		Entry("no assistant_id", emuCreateRaw("{doneThread}", `{}`),
			emuWant{status: 400, param: "assistant_id", message: "Missing required parameter: 'assistant_id'."}),
		Entry("no tool_outputs", emuErrCall(func(ctx context.Context, w *emuErrWorld) error {
			return emuDo(ctx, w.res.client, contract.OpSubmitToolOutputs, runs.RawRequest{PathArgs: []string{w.waitThread, w.waitRun}, Body: []byte(`{}`)})
		}), emuWant{status: 400, param: "tool_outputs", message: "Missing required parameter: 'tool_outputs'."}),
		Entry("an unknown body key, sent through Extra", emuErrCall(func(ctx context.Context, w *emuErrWorld) error {
			p := emuRunParams(w.asst, nil)
			p.Extra = map[string]any{"foo": 1}
			_, err := w.res.client.Create(ctx, w.doneThread, p)
			return err
		}), emuWant{status: 400, param: "foo", message: "Unrecognized request argument supplied: foo"}),
		Entry("trailing garbage after the JSON body", emuCreateRaw("{doneThread}", `{"assistant_id":"{asst}"} x`),
			emuWant{status: 400, message: emuMsgMalformedJSON}),
		Entry("an unknown key inside a nested object", emuCreateWith(`,"truncation_strategy":{"type":"auto","x":1}`),
			emuWant{status: 400, param: "truncation_strategy.x", message: "Unrecognized request argument supplied: truncation_strategy.x"}),
		Entry("null where a string goes", emuCreateRaw("{doneThread}", `{"assistant_id":null}`),
			emuWant{status: 400, param: "assistant_id", message: "Invalid type for 'assistant_id': expected a string, but got null instead."}),
		Entry("a union value of none of its types", emuCreateWith(`,"tool_choice":3`),
			emuWant{status: 400, param: "tool_choice", message: "Invalid type for 'tool_choice': expected one of a string or an object, but got an integer instead."}),
		Entry("a body over the size limit", emuCreateWith(`,"instructions":"`+strings.Repeat("a", emulator.DefaultMaxBodySize)+`"`),
			emuWant{status: 413, message: fmt.Sprintf("Request body too large. The maximum request body size is %d bytes.", emulator.DefaultMaxBodySize)}),

		// Headers, paths and methods.
		Entry("no OpenAI-Beta header", emuErrCall(func(ctx context.Context, w *emuErrWorld) error {
			return emuDo(ctx, w.res.client, contract.OpRetrieve, runs.RawRequest{PathArgs: []string{w.doneThread, w.doneRun}, Header: http.Header{contract.BetaHeader: {""}}})
		}), emuWant{status: 400, code: "invalid_beta", message: emuMsgMissingBeta}),
		Entry("OpenAI-Beta for assistants=v1", emuErrCall(func(ctx context.Context, w *emuErrWorld) error {
			return emuDo(ctx, w.res.client, contract.OpRetrieve, runs.RawRequest{PathArgs: []string{w.doneThread, w.doneRun}, Header: http.Header{contract.BetaHeader: {"assistants=v1"}}})
		}), emuWant{status: 400, code: "invalid_beta", message: emuMsgMissingBeta}),
		Entry("no API key on an emulator that requires one", emuErrCall(func(ctx context.Context, w *emuErrWorld) error {
			authed := emulator.NewServer(emulator.WithRequireAuth(true))
			DeferCleanup(authed.Close)
			c := runs.NewClient(runs.WithBaseURL(authed.BaseURL()), runs.WithAPIKey(""), runs.WithHTTPClient(authed.Client()), runs.WithMaxRetries(0))
			_, err := c.Retrieve(ctx, "thread_1", "run_1")
			return err
		}), emuWant{status: 401, message: emuMsgMissingAuth}),
		Entry("an empty bearer token on an emulator that requires one", emuErrCall(func(ctx context.Context, w *emuErrWorld) error {
			authed := emulator.NewServer(emulator.WithRequireAuth(true))
			DeferCleanup(authed.Close)
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, authed.BaseURL()+"/threads/thread_1", nil)
			if err != nil {
				return err
			}
			req.Header.Set("Authorization", "Bearer ")
			req.Header.Set(contract.BetaHeader, contract.BetaValue)
			res, err := authed.Client().Do(req)
			if err != nil {
				return err
			}
			return emuAPIError(res)
		}), emuWant{status: 401, message: emuMsgMissingAuth}),
		Entry("an unknown thread, its id percent-encoded", emuErrCall(func(ctx context.Context, w *emuErrWorld) error {
			return emuRawHTTP(ctx, w, http.MethodGet, "/threads/a%2Fb%20c")
		}), emuWant{status: 404, message: "No thread found with id 'a/b c'."}),
		Entry("an unknown assistant", emuErrCall(func(ctx context.Context, w *emuErrWorld) error {
			return emuRawHTTP(ctx, w, http.MethodGet, "/assistants/asst_nope")
		}), emuWant{status: 404, message: "No assistant found with id 'asst_nope'."}),
		Entry("a path outside the API", emuErrCall(func(ctx context.Context, w *emuErrWorld) error {
			return emuRawHTTP(ctx, w, http.MethodGet, "/nope")
		}), emuWant{status: 404, message: "Invalid URL (GET /v1/nope)"}),
		Entry("a method the runs collection does not take", emuErrCall(func(ctx context.Context, w *emuErrWorld) error {
			return emuRawHTTP(ctx, w, http.MethodPut, "/threads/{doneThread}/runs")
		}), emuWant{status: 405, message: "Invalid method for URL (PUT /v1/threads/{doneThread}/runs)"}),
		Entry("an empty thread id", emuErrCall(func(ctx context.Context, w *emuErrWorld) error {
			return emuDo(ctx, w.res.client, contract.OpList, runs.RawRequest{PathArgs: []string{""}})
		}), emuWant{status: 404, message: "Invalid URL (GET /v1/threads//runs)"}),
		Entry("an unknown path", emuErrCall(func(ctx context.Context, w *emuErrWorld) error {
			return emuRawHTTP(ctx, w, http.MethodGet, "/threads/{doneThread}/runs/{doneRun}/events")
		}), emuWant{status: 404, message: "Invalid URL (GET /v1/threads/{doneThread}/runs/{doneRun}/events)"}),
		Entry("a method the path does not take", emuErrCall(func(ctx context.Context, w *emuErrWorld) error {
			return emuRawHTTP(ctx, w, http.MethodDelete, "/threads/{doneThread}/runs/{doneRun}")
		}), emuWant{status: 405, message: "Invalid method for URL (DELETE /v1/threads/{doneThread}/runs/{doneRun})"}),
	)

	It("names the methods a path takes in the Allow header of a 405", func() {
		err := emuRawHTTP(bg, w, http.MethodPut, "/threads/{doneThread}/runs")
		var apiErr *runs.APIError
		Expect(errors.As(err, &apiErr)).To(BeTrue(), "got %v", err)
		Expect(apiErr.StatusCode).To(Equal(http.StatusMethodNotAllowed))
		Expect(apiErr.Header.Get("Allow")).To(Equal("GET, POST"))
	})

	It("names only the methods a path takes in the Allow header", func() {
		for path, allow := range map[string]string{
			"/threads/{doneThread}/runs/{doneRun}/cancel":        "POST",
			"/threads/{doneThread}/runs/{doneRun}/steps/step_id": "GET",
		} {
			err := emuRawHTTP(bg, w, http.MethodDelete, path)
			var apiErr *runs.APIError
			Expect(errors.As(err, &apiErr)).To(BeTrue(), "got %v", err)
			Expect(apiErr.StatusCode).To(Equal(http.StatusMethodNotAllowed))
			Expect(apiErr.Header.Get("Allow")).To(Equal(allow), path)
		}
	})

	It("answers the same request once the API key is there", func() {
		authed := emulator.NewServer(emulator.WithRequireAuth(true))
		DeferCleanup(authed.Close)
		c := runs.NewClient(runs.WithBaseURL(authed.BaseURL()), runs.WithAPIKey("test"), runs.WithHTTPClient(authed.Client()), runs.WithMaxRetries(0))
		_, err := c.Retrieve(bg, "thread_1", "run_1")
		var apiErr *runs.APIError
		Expect(errors.As(err, &apiErr)).To(BeTrue(), "got %v", err)
		Expect(apiErr.StatusCode).To(Equal(http.StatusNotFound), "past auth, the thread is unknown")
	})
})
