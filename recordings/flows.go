package recordings

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/emulator"
	"github.com/runsuite/runsuite/runs"
)

// Env is what a flow runs with: an implementation of the Runs API and an
// HTTP client for the set-up requests (assistants, threads) the Runs API
// does not cover, all pointed at BaseURL.
type Env struct {
	Runs    runs.RunsAPI
	Steps   runs.StepsAPI
	HTTP    *http.Client
	BaseURL string // e.g. http://127.0.0.1:4010/v1
}

// Flow is one scripted conversation with a Runs API server. Run returns an
// error when any answer is not what the emulator's script gives, so that a
// flow replayed from its cassette checks how an implementation reads the
// answers, not only what it sends.
type Flow struct {
	// Name names the cassette: recordings/NAME.yaml.
	Name string
	// Title says in one line what the flow does.
	Title string
	Run   func(ctx context.Context, env Env) error
}

// pollLimit bounds every polling loop of the flows.
const pollLimit = 50

// pollInterval is the wait between polls. The generator's emulator moves
// one phase per poll whatever the wall clock says, and replays answer at
// once, so it only needs to be positive.
const pollInterval = time.Millisecond

// weatherTool is the function tool of the function-call flows.
var weatherTool = contract.Tool{Type: contract.ToolTypeFunction, Function: &contract.FunctionDefinition{
	Name:        "get_weather",
	Description: "Current weather of a city",
	Parameters:  json.RawMessage(`{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}`),
}}

// Flows returns every flow, one cassette each: one per operation of the
// contract, then the scripted flows (a plain reply, the function-call round
// trip streamed and polled, a cancellation, each failure outcome, and step
// pagination with include[]).
func Flows() []Flow {
	flows := []Flow{
		{"op_create", "runs.create: create a run without streaming", flowCreate},
		{"op_create_stream", "runs.create_stream_raw: stream a plain text reply", flowPlainReply},
		{"op_retrieve", "runs.retrieve: create a run, then read it", flowRetrieve},
		{"op_update", "runs.update: create a run, then change its metadata", flowUpdate},
		{"op_list", "runs.list: three runs, listed two per page", flowList},
		{"op_cancel", "runs.cancel: create a run, then cancel it", flowCancel},
		{"op_submit_tool_outputs", "runs.submit_tool_outputs: answer requires_action without streaming", flowFunctionPolled},
		{"op_submit_tool_outputs_stream", "runs.submit_tool_outputs_stream_raw: answer requires_action with a stream", flowFunctionStreamed},
		{"op_steps_retrieve", "runs.steps.retrieve: read one step of a finished run", flowStepRetrieve},
		{"op_steps_list", "runs.steps.list: list the steps of a finished run", flowStepsList},
		{"flow_plain_reply", "a plain text reply, streamed", flowPlainReply},
		{"flow_function_streamed", "function call round trip, streamed: requires_action, submit, completed", flowFunctionStreamed},
		{"flow_function_polled", "function call round trip, polled: requires_action, submit, completed", flowFunctionPolled},
		{"flow_cancellation", "a run cancelled while it works, polled to cancelled", flowCancel},
		{"flow_step_pagination_include", "file_search steps paged one by one with include[] for result content", flowStepPagination},
	}
	for _, oc := range []struct{ outcome, status string }{
		{"failed", "failed"}, {"incomplete", "incomplete"}, {"expired", "expired"}, {"cancelled", "cancelled"},
	} {
		flows = append(flows, Flow{
			Name:  "flow_outcome_" + oc.outcome,
			Title: "a streamed run that ends " + oc.status,
			Run:   flowOutcome(oc.outcome, contract.RunStatus(oc.status)),
		})
	}
	flows = append(flows,
		Flow{"flow_outcome_error_event", "a streamed run that ends with an error event", flowErrorEvent},
		Flow{"flow_errors", "error answers: a 404 for an unknown run, a 400 for tool outputs the run does not wait for", flowErrors},
	)
	return flows
}

// setup creates an assistant with the given tools and a thread whose user
// message is text, through env.HTTP, and returns their ids.
func setup(ctx context.Context, env Env, text string, tools ...contract.Tool) (assistantID, threadID string, err error) {
	var a, t struct {
		ID string `json:"id"`
	}
	if err := postJSON(ctx, env, "/assistants", map[string]any{"model": "gpt-4o", "name": "recordings", "tools": append([]contract.Tool{}, tools...)}, &a); err != nil {
		return "", "", fmt.Errorf("create assistant: %w", err)
	}
	body := map[string]any{"messages": []any{map[string]any{"role": "user", "content": text}}}
	if err := postJSON(ctx, env, "/threads", body, &t); err != nil {
		return "", "", fmt.Errorf("create thread: %w", err)
	}
	if a.ID == "" || t.ID == "" {
		return "", "", fmt.Errorf("set-up answered without ids: assistant %q, thread %q", a.ID, t.ID)
	}
	return a.ID, t.ID, nil
}

// postJSON posts body as JSON to env.BaseURL+path and decodes a 200 answer
// into out.
func postJSON(ctx context.Context, env Env, path string, body, out any) error {
	data, err := json.Marshal(body)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, env.BaseURL+path, bytes.NewReader(data))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(contract.BetaHeader, contract.BetaValue)
	req.Header.Set("Authorization", "Bearer "+APIKey)
	res, err := env.HTTP.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("POST %s: status %d: %s", path, res.StatusCode, answer)
	}
	return json.Unmarshal(answer, out)
}

// drain reads a stream to its end and returns the names of its events and
// the last run it carried.
func drain(s *runs.Stream) (names []string, last *contract.Run, err error) {
	defer s.Close()
	for i := 0; s.Next(); i++ {
		if i > 10000 {
			return names, last, errors.New("stream longer than 10000 events")
		}
		ev := s.Current()
		names = append(names, string(ev.Name))
		if ev.Run != nil {
			last = ev.Run
		}
	}
	return names, last, s.Err()
}

// want returns an error when a run is not in the wanted status.
func want(what string, run *contract.Run, status contract.RunStatus) error {
	if run == nil {
		return fmt.Errorf("%s: no run, want one %s", what, status)
	}
	if run.Status != status {
		return fmt.Errorf("%s: run %s is %s, want %s", what, run.ID, run.Status, status)
	}
	return nil
}

// poll drives a run to a terminal status with runs.Poll, answering
// function calls with a fixed output.
func poll(ctx context.Context, env Env, threadID, runID string) (*contract.Run, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	return runs.Poll(ctx, env.Runs, threadID, runID, runs.PollOptions{Interval: pollInterval, Tools: answerCalls})
}

// answerCalls answers every tool call with the same output.
func answerCalls(_ context.Context, _ *contract.Run, calls []contract.RequiredToolCall) ([]contract.ToolOutput, error) {
	out := make([]contract.ToolOutput, len(calls))
	for i, c := range calls {
		out[i] = contract.ToolOutput{ToolCallID: contract.Set(c.ID), Output: contract.Set(`{"celsius":22}`)}
	}
	return out, nil
}

func flowCreate(ctx context.Context, env Env) error {
	a, t, err := setup(ctx, env, "Say hello.")
	if err != nil {
		return err
	}
	run, err := env.Runs.Create(ctx, t, contract.RunCreateParams{AssistantID: a, Metadata: contract.Set(map[string]string{"flow": "create"})})
	if err != nil {
		return fmt.Errorf("create: %w", err)
	}
	return want("create", run, contract.RunStatusQueued)
}

func flowPlainReply(ctx context.Context, env Env) error {
	a, t, err := setup(ctx, env, "Say hello.")
	if err != nil {
		return err
	}
	s, err := env.Runs.CreateStreamRaw(ctx, t, contract.RunCreateParams{AssistantID: a})
	if err != nil {
		return fmt.Errorf("create stream: %w", err)
	}
	names, last, err := drain(s)
	if err != nil {
		return fmt.Errorf("stream: %w", err)
	}
	if !containsAll(names, "thread.run.created", "thread.message.delta", "thread.run.completed") {
		return fmt.Errorf("stream events %v lack a created run, a message delta or a completed run", names)
	}
	return want("stream", last, contract.RunStatusCompleted)
}

func flowRetrieve(ctx context.Context, env Env) error {
	a, t, err := setup(ctx, env, "Say hello.")
	if err != nil {
		return err
	}
	run, err := env.Runs.Create(ctx, t, contract.RunCreateParams{AssistantID: a})
	if err != nil {
		return fmt.Errorf("create: %w", err)
	}
	got, err := env.Runs.Retrieve(ctx, t, run.ID)
	if err != nil {
		return fmt.Errorf("retrieve: %w", err)
	}
	if got.ID != run.ID || got.ThreadID != t || got.AssistantID != a {
		return fmt.Errorf("retrieve: got run %s of thread %s and assistant %s, want %s of %s and %s", got.ID, got.ThreadID, got.AssistantID, run.ID, t, a)
	}
	return nil
}

func flowUpdate(ctx context.Context, env Env) error {
	a, t, err := setup(ctx, env, "Say hello.")
	if err != nil {
		return err
	}
	s, err := env.Runs.CreateStreamRaw(ctx, t, contract.RunCreateParams{AssistantID: a})
	if err != nil {
		return fmt.Errorf("create stream: %w", err)
	}
	_, last, err := drain(s)
	if err != nil {
		return fmt.Errorf("stream: %w", err)
	}
	if last == nil {
		return errors.New("stream carried no run")
	}
	run, err := env.Runs.Update(ctx, t, last.ID, contract.RunUpdateParams{Metadata: contract.Set(map[string]string{"reviewed": "yes", "by": "recordings"})})
	if err != nil {
		return fmt.Errorf("update: %w", err)
	}
	if run.Metadata["reviewed"] != "yes" || run.Metadata["by"] != "recordings" {
		return fmt.Errorf("update: metadata %v, want reviewed=yes by=recordings", run.Metadata)
	}
	return nil
}

func flowList(ctx context.Context, env Env) error {
	a, t, err := setup(ctx, env, "Say hello.")
	if err != nil {
		return err
	}
	var ids []string
	for range 3 {
		s, err := env.Runs.CreateStreamRaw(ctx, t, contract.RunCreateParams{AssistantID: a})
		if err != nil {
			return fmt.Errorf("create stream: %w", err)
		}
		_, last, err := drain(s)
		if err != nil {
			return fmt.Errorf("stream: %w", err)
		}
		if last == nil {
			return errors.New("stream carried no run")
		}
		ids = append(ids, last.ID)
	}
	page, err := env.Runs.List(ctx, t, contract.RunListParams{Limit: 2, Order: contract.OrderAsc})
	if err != nil {
		return fmt.Errorf("list: %w", err)
	}
	var got []string
	for run, err := range page.All(ctx) {
		if err != nil {
			return fmt.Errorf("list next page: %w", err)
		}
		got = append(got, run.ID)
		if len(got) > 10 {
			break
		}
	}
	if strings.Join(got, ",") != strings.Join(ids, ",") {
		return fmt.Errorf("list: got runs %v, want %v", got, ids)
	}
	return nil
}

func flowCancel(ctx context.Context, env Env) error {
	a, t, err := setup(ctx, env, "Say hello.")
	if err != nil {
		return err
	}
	run, err := env.Runs.Create(ctx, t, contract.RunCreateParams{AssistantID: a})
	if err != nil {
		return fmt.Errorf("create: %w", err)
	}
	run, err = env.Runs.Cancel(ctx, t, run.ID)
	if err != nil {
		return fmt.Errorf("cancel: %w", err)
	}
	if run.Status != contract.RunStatusCancelling && run.Status != contract.RunStatusCancelled {
		return fmt.Errorf("cancel: run is %s, want cancelling or cancelled", run.Status)
	}
	run, err = poll(ctx, env, t, run.ID)
	if err != nil {
		return fmt.Errorf("poll: %w", err)
	}
	return want("poll", run, contract.RunStatusCancelled)
}

func flowFunctionPolled(ctx context.Context, env Env) error {
	a, t, err := setup(ctx, env, "What is the weather in Paris? Use get_weather.", weatherTool)
	if err != nil {
		return err
	}
	run, err := env.Runs.Create(ctx, t, contract.RunCreateParams{AssistantID: a})
	if err != nil {
		return fmt.Errorf("create: %w", err)
	}
	run, err = poll(ctx, env, t, run.ID)
	if err != nil {
		return fmt.Errorf("poll: %w", err)
	}
	return want("poll", run, contract.RunStatusCompleted)
}

func flowFunctionStreamed(ctx context.Context, env Env) error {
	a, t, err := setup(ctx, env, "What is the weather in Paris? Use get_weather.", weatherTool)
	if err != nil {
		return err
	}
	s, err := env.Runs.CreateStreamRaw(ctx, t, contract.RunCreateParams{AssistantID: a})
	if err != nil {
		return fmt.Errorf("create stream: %w", err)
	}
	_, last, err := drain(s)
	if err != nil {
		return fmt.Errorf("stream: %w", err)
	}
	if err := want("stream", last, contract.RunStatusRequiresAction); err != nil {
		return err
	}
	if last.RequiredAction == nil || len(last.RequiredAction.SubmitToolOutputs.ToolCalls) == 0 {
		return errors.New("requires_action without tool calls")
	}
	outputs, _ := answerCalls(ctx, last, last.RequiredAction.SubmitToolOutputs.ToolCalls)
	s, err = env.Runs.SubmitToolOutputsStreamRaw(ctx, t, last.ID, contract.RunSubmitToolOutputsParams{ToolOutputs: outputs})
	if err != nil {
		return fmt.Errorf("submit stream: %w", err)
	}
	names, last, err := drain(s)
	if err != nil {
		return fmt.Errorf("submit stream: %w", err)
	}
	if !containsAll(names, "thread.run.step.completed", "thread.message.delta") {
		return fmt.Errorf("submit stream events %v lack a completed step or a message delta", names)
	}
	return want("submit stream", last, contract.RunStatusCompleted)
}

// finishedRun streams a run with the given script to its end and returns
// its thread and run ids.
func finishedRun(ctx context.Context, env Env, text, script string, tools ...contract.Tool) (threadID, runID string, err error) {
	a, t, err := setup(ctx, env, text, tools...)
	if err != nil {
		return "", "", err
	}
	p := contract.RunCreateParams{AssistantID: a}
	if script != "" {
		p.Metadata = contract.Set(map[string]string{emulator.MetadataScript: script})
	}
	s, err := env.Runs.CreateStreamRaw(ctx, t, p)
	if err != nil {
		return "", "", fmt.Errorf("create stream: %w", err)
	}
	_, last, err := drain(s)
	if err != nil {
		return "", "", fmt.Errorf("stream: %w", err)
	}
	if err := want("stream", last, contract.RunStatusCompleted); err != nil {
		return "", "", err
	}
	return t, last.ID, nil
}

func flowStepsList(ctx context.Context, env Env) error {
	t, r, err := finishedRun(ctx, env, "Say hello.", "")
	if err != nil {
		return err
	}
	page, err := env.Steps.List(ctx, t, r, contract.StepListParams{Order: contract.OrderAsc})
	if err != nil {
		return fmt.Errorf("steps list: %w", err)
	}
	if len(page.Data) == 0 || page.Data[0].RunID != r {
		return fmt.Errorf("steps list: got %d steps, want the steps of run %s", len(page.Data), r)
	}
	return nil
}

func flowStepRetrieve(ctx context.Context, env Env) error {
	t, r, err := finishedRun(ctx, env, "Say hello.", "")
	if err != nil {
		return err
	}
	page, err := env.Steps.List(ctx, t, r, contract.StepListParams{Limit: 1})
	if err != nil {
		return fmt.Errorf("steps list: %w", err)
	}
	if len(page.Data) == 0 {
		return errors.New("steps list: no step")
	}
	step, err := env.Steps.Retrieve(ctx, t, r, page.Data[0].ID, contract.StepRetrieveParams{})
	if err != nil {
		return fmt.Errorf("steps retrieve: %w", err)
	}
	if step.ID != page.Data[0].ID || step.Status != contract.StepStatusCompleted {
		return fmt.Errorf("steps retrieve: got step %s %s, want %s completed", step.ID, step.Status, page.Data[0].ID)
	}
	return nil
}

func flowStepPagination(ctx context.Context, env Env) error {
	t, r, err := finishedRun(ctx, env, "Search the files with file_search.", "file_search", contract.Tool{Type: contract.ToolTypeFileSearch})
	if err != nil {
		return err
	}
	include := []contract.RunStepInclude{contract.IncludeFileSearchResultContent}
	page, err := env.Steps.List(ctx, t, r, contract.StepListParams{Limit: 1, Order: contract.OrderAsc, Include: include})
	if err != nil {
		return fmt.Errorf("steps list: %w", err)
	}
	var steps []contract.RunStep
	for step, err := range page.All(ctx) {
		if err != nil {
			return fmt.Errorf("steps next page: %w", err)
		}
		steps = append(steps, step)
		if len(steps) > 10 {
			return errors.New("steps list: more than 10 steps")
		}
	}
	if len(steps) < 2 {
		return fmt.Errorf("steps list: %d steps, want a tool_calls step and a message_creation step", len(steps))
	}
	var search *contract.RunStep
	for i := range steps {
		if steps[i].Type == contract.StepTypeToolCalls {
			search = &steps[i]
		}
	}
	if search == nil {
		return errors.New("steps list: no tool_calls step")
	}
	step, err := env.Steps.Retrieve(ctx, t, r, search.ID, contract.StepRetrieveParams{Include: include})
	if err != nil {
		return fmt.Errorf("steps retrieve: %w", err)
	}
	calls := step.StepDetails.ToolCalls
	if len(calls) == 0 || calls[0].FileSearch == nil || len(calls[0].FileSearch.Results) == 0 || len(calls[0].FileSearch.Results[0].Content) == 0 {
		return errors.New("steps retrieve with include[]: no file_search result content")
	}
	return nil
}

// flowOutcome streams a run whose outcome the emulator injects and checks
// that it ends in status.
func flowOutcome(outcome string, status contract.RunStatus) func(ctx context.Context, env Env) error {
	return func(ctx context.Context, env Env) error {
		a, t, err := setup(ctx, env, "Say hello.")
		if err != nil {
			return err
		}
		s, err := env.Runs.CreateStreamRaw(ctx, t, contract.RunCreateParams{AssistantID: a,
			Metadata: contract.Set(map[string]string{emulator.MetadataOutcome: outcome})})
		if err != nil {
			return fmt.Errorf("create stream: %w", err)
		}
		names, last, err := drain(s)
		if err != nil {
			return fmt.Errorf("stream: %w", err)
		}
		if !containsAll(names, "thread.run."+string(status)) {
			return fmt.Errorf("stream events %v lack thread.run.%s", names, status)
		}
		return want("stream", last, status)
	}
}

func flowErrorEvent(ctx context.Context, env Env) error {
	a, t, err := setup(ctx, env, "Say hello.")
	if err != nil {
		return err
	}
	s, err := env.Runs.CreateStreamRaw(ctx, t, contract.RunCreateParams{AssistantID: a,
		Metadata: contract.Set(map[string]string{emulator.MetadataOutcome: "error_event"})})
	if err != nil {
		return fmt.Errorf("create stream: %w", err)
	}
	_, _, err = drain(s)
	var se *runs.StreamError
	if !errors.As(err, &se) {
		return fmt.Errorf("stream ended with %v, want a *runs.StreamError", err)
	}
	if se.Object.Message == "" {
		return errors.New("stream error without a message")
	}
	return nil
}

func flowErrors(ctx context.Context, env Env) error {
	a, t, err := setup(ctx, env, "Say hello.")
	if err != nil {
		return err
	}
	_, err = env.Runs.Retrieve(ctx, t, "run_doesnotexist")
	if err := wantAPIError("retrieve an unknown run", err, http.StatusNotFound); err != nil {
		return err
	}
	run, err := env.Runs.Create(ctx, t, contract.RunCreateParams{AssistantID: a})
	if err != nil {
		return fmt.Errorf("create: %w", err)
	}
	_, err = env.Runs.SubmitToolOutputs(ctx, t, run.ID, contract.RunSubmitToolOutputsParams{ToolOutputs: []contract.ToolOutput{
		{ToolCallID: contract.Set("call_none"), Output: contract.Set("{}")}}})
	return wantAPIError("submit to a run that waits for nothing", err, http.StatusBadRequest)
}

// wantAPIError returns an error unless err is a *runs.APIError with the
// status and a message.
func wantAPIError(what string, err error, status int) error {
	var api *runs.APIError
	if !errors.As(err, &api) {
		return fmt.Errorf("%s: got %v, want a *runs.APIError", what, err)
	}
	if api.StatusCode != status || api.Message == "" {
		return fmt.Errorf("%s: got status %d message %q, want %d with a message", what, api.StatusCode, api.Message, status)
	}
	return nil
}

// containsAll reports whether names holds every one of want.
func containsAll(names []string, want ...string) bool {
	have := map[string]bool{}
	for _, n := range names {
		have[n] = true
	}
	for _, w := range want {
		if !have[w] {
			return false
		}
	}
	return true
}
