package conformance

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
	"github.com/runsuite/runsuite/runs"
)

// DefaultModel is the model discovery creates its assistant with when the
// Target names none; the emulator accepts any name.
const DefaultModel = "gpt-4o-mini"

// Bounds of discovery. Each probe gets its own deadline so that a target
// which hangs on one feature still has the others tried.
const (
	discProbeTimeout = 20 * time.Second
	discPollInterval = 100 * time.Millisecond
	discMaxPolls     = 150 // with discPollInterval, at most 15 s of polling
	discMaxEvents    = 10_000
	discMaxBody      = 1 << 20
)

// UnreachableError means the target could not be used at all: it did not
// answer, or it refused the set-up every check needs. It is the harness's
// problem to report (exit 2), never a failed check.
type UnreachableError struct {
	// Request is the request line that failed, e.g. "POST /v1/assistants".
	Request string
	// Status is the HTTP status of the answer, 0 when none arrived.
	Status int
	// Err is what went wrong.
	Err error
}

// Error says which request failed and how.
func (e *UnreachableError) Error() string {
	if e.Status != 0 {
		return fmt.Sprintf("target cannot be used: %s answered %d: %v", e.Request, e.Status, e.Err)
	}
	return fmt.Sprintf("target did not answer %s: %v", e.Request, e.Err)
}

// Unwrap returns what went wrong, e.g. a *net.OpError or a context error.
func (e *UnreachableError) Unwrap() error { return e.Err }

// Discover returns which optional capabilities target has. When
// target.Capabilities is set, those are taken as declared (capabilities it
// leaves out are false) and the target is only asked once whether it
// answers; otherwise each capability is found by trying it:
//
//   - CapStreaming: a run created with "stream": true streams events that end
//     with done;
//   - CapToolCalls: a run with a function tool that tool_choice forces stops
//     in requires_action with a tool call;
//   - CapFileSearch: a run with the file_search tool forced, created with
//     include[], has a tool step whose file_search results carry content
//     when the steps are listed with include[].
//
// A target that does not answer, or refuses to create an assistant or a
// thread, gives an *UnreachableError. A probe that fails in any other way
// only means the capability is missing.
func Discover(ctx context.Context, target Target) (map[Capability]bool, error) {
	caps := make(map[Capability]bool, len(Capabilities()))
	p := &discProbe{target: target, client: NewClient(target)}
	if target.Capabilities != nil {
		for _, c := range Capabilities() {
			caps[c] = target.Capabilities[c]
		}
		if _, err := p.newAssistant(ctx, nil); err != nil {
			return nil, err
		}
		return caps, nil
	}
	asst, err := p.newAssistant(ctx, []contract.Tool{discWeatherTool(), {Type: contract.ToolTypeFileSearch}})
	if err != nil {
		return nil, err
	}
	if _, err := p.newThread(ctx, "Say hello."); err != nil {
		return nil, err // the set-up every check needs
	}
	for _, c := range Capabilities() {
		pctx, cancel := context.WithTimeout(ctx, discProbeTimeout)
		ok, err := p.try(pctx, c, asst, caps[CapStreaming])
		cancel()
		if ctx.Err() != nil {
			return nil, fmt.Errorf("discover capabilities: %w", ctx.Err())
		}
		var unreachable *UnreachableError
		if errors.As(err, &unreachable) {
			return nil, err
		}
		caps[c] = ok
	}
	return caps, nil
}

// discProbe holds what the probes of one discovery share.
type discProbe struct {
	target Target
	client *runs.Client
}

// try probes one capability. streaming says whether runs can be streamed,
// which makes the later probes quicker than polling.
func (p *discProbe) try(ctx context.Context, c Capability, asst string, streaming bool) (bool, error) {
	switch c {
	case CapStreaming:
		return p.tryStreaming(ctx, asst)
	case CapToolCalls:
		return p.tryToolCalls(ctx, asst, streaming)
	case CapFileSearch:
		return p.tryFileSearch(ctx, asst, streaming)
	}
	return false, fmt.Errorf("unknown capability %q", c)
}

func (p *discProbe) tryStreaming(ctx context.Context, asst string) (bool, error) {
	thread, err := p.newThread(ctx, "Say hello.")
	if err != nil {
		return false, err
	}
	s, err := p.client.CreateStreamRaw(ctx, thread, p.runParams(asst))
	if err != nil {
		return false, nil
	}
	defer s.Close()
	n := 0
	for s.Next() && n < discMaxEvents {
		n++
	}
	return n > 0 && n < discMaxEvents && s.Err() == nil, nil
}

func (p *discProbe) tryToolCalls(ctx context.Context, asst string, streaming bool) (bool, error) {
	thread, err := p.newThread(ctx, "What is the weather in Paris? Call get_weather.")
	if err != nil {
		return false, err
	}
	params := p.runParams(asst)
	params.Tools = contract.Set([]contract.Tool{discWeatherTool()})
	params.ToolChoice = contract.Set(contract.ToolChoice{Type: string(contract.ToolTypeFunction), Function: &contract.ToolChoiceFunction{Name: "get_weather"}})
	run, err := p.drive(ctx, thread, params, streaming)
	if err != nil || run == nil {
		return false, nil
	}
	if run.Status != contract.RunStatusRequiresAction {
		return false, nil
	}
	ok := run.RequiredAction != nil && len(run.RequiredAction.SubmitToolOutputs.ToolCalls) > 0
	// Leave nothing waiting on the target; whether cancel works is for the checks to judge.
	p.client.Cancel(ctx, thread, run.ID) //nolint:errcheck // best effort
	return ok, nil
}

func (p *discProbe) tryFileSearch(ctx context.Context, asst string, streaming bool) (bool, error) {
	thread, err := p.newThread(ctx, "Search the files for the onboarding guide.")
	if err != nil {
		return false, err
	}
	params := p.runParams(asst)
	params.Include = []contract.RunStepInclude{contract.IncludeFileSearchResultContent}
	params.Tools = contract.Set([]contract.Tool{{Type: contract.ToolTypeFileSearch}})
	params.ToolChoice = contract.Set(contract.ToolChoice{Type: string(contract.ToolTypeFileSearch)})
	run, err := p.drive(ctx, thread, params, streaming)
	if err != nil || run == nil || !run.Status.Terminal() {
		return false, nil
	}
	page, err := p.client.Steps.List(ctx, thread, run.ID, contract.StepListParams{Include: params.Include})
	if err != nil {
		return false, nil
	}
	for _, step := range page.Data {
		for _, call := range step.StepDetails.ToolCalls {
			if call.FileSearch == nil {
				continue
			}
			for _, res := range call.FileSearch.Results {
				if len(res.Content) > 0 {
					return true, nil
				}
			}
		}
	}
	return false, nil
}

// drive creates a run and follows it until it is terminal or waits in
// requires_action: by its stream when streaming works, else by polling. It
// returns the last state of the run seen, nil when it could not be created.
func (p *discProbe) drive(ctx context.Context, thread string, params contract.RunCreateParams, streaming bool) (*contract.Run, error) {
	if streaming {
		s, err := p.client.CreateStreamRaw(ctx, thread, params)
		if err != nil {
			return nil, err
		}
		defer s.Close()
		var last *contract.Run
		for n := 0; n < discMaxEvents && s.Next(); n++ {
			if ev := s.Current(); ev.Run != nil {
				last = ev.Run
			}
		}
		return last, nil
	}
	run, err := p.client.Create(ctx, thread, params)
	if err != nil {
		return nil, err
	}
	for i := 0; i < discMaxPolls && !run.Status.Terminal() && run.Status != contract.RunStatusRequiresAction; i++ {
		select {
		case <-ctx.Done():
			return run, ctx.Err()
		case <-time.After(discPollInterval):
		}
		if run, err = p.client.Retrieve(ctx, thread, run.ID); err != nil {
			return nil, err
		}
	}
	return run, nil
}

// runParams are the parameters every probe run starts from.
func (p *discProbe) runParams(asst string) contract.RunCreateParams {
	params := contract.RunCreateParams{AssistantID: asst}
	if p.target.Model != "" {
		params.Model = contract.Set(p.target.Model)
	}
	return params
}

func discWeatherTool() contract.Tool {
	return contract.Tool{Type: contract.ToolTypeFunction, Function: &contract.FunctionDefinition{
		Name:        "get_weather",
		Description: "Get the current weather in a city.",
		Parameters:  json.RawMessage(`{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}`),
	}}
}

// newAssistant creates the assistant the probes' runs use and returns its id.
func (p *discProbe) newAssistant(ctx context.Context, tools []contract.Tool) (string, error) {
	model := p.target.Model
	if model == "" {
		model = DefaultModel
	}
	body := map[string]any{"model": model, "name": "runsuite conformance", "instructions": "You are a test assistant."}
	if tools != nil {
		body["tools"] = tools
	}
	return p.create(ctx, "assistants", body)
}

// newThread creates a thread holding one user message and returns its id.
func (p *discProbe) newThread(ctx context.Context, text string) (string, error) {
	return p.create(ctx, "threads", map[string]any{
		"messages": []map[string]any{{"role": "user", "content": text}},
	})
}

// create POSTs a set-up request and returns the id of the created object.
// Every failure is an *UnreachableError: without the set-up no check runs.
// A target that takes the request and never answers is given up on after
// discProbeTimeout.
func (p *discProbe) create(ctx context.Context, path string, body any) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, discProbeTimeout)
	defer cancel()
	b, err := json.Marshal(body)
	if err != nil {
		return "", fmt.Errorf("encode %s body: %w", path, err)
	}
	u := strings.TrimSuffix(p.target.BaseURL, "/") + "/" + path
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(b))
	if err != nil {
		return "", &UnreachableError{Request: "POST " + u, Err: err}
	}
	line := RequestLine(req)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(contract.BetaHeader, "assistants=v2")
	if p.target.APIKey != "" {
		req.Header.Set("Authorization", "Bearer "+p.target.APIKey)
	}
	hc := p.target.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: discProbeTimeout}
	}
	res, err := hc.Do(req)
	if err != nil {
		return "", &UnreachableError{Request: line, Err: err}
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, discMaxBody))
	if err != nil {
		return "", &UnreachableError{Request: line, Status: res.StatusCode, Err: fmt.Errorf("read answer: %w", err)}
	}
	if res.StatusCode/100 != 2 {
		msg := "no error envelope"
		if e, ok := contract.ErrorEnvelope(data); ok {
			msg = e.Message
		}
		return "", &UnreachableError{Request: line, Status: res.StatusCode, Err: errors.New(msg)}
	}
	var obj struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(data, &obj); err != nil || obj.ID == "" {
		return "", &UnreachableError{Request: line, Status: res.StatusCode, Err: errors.New("answer is not an object with an id")}
	}
	return obj.ID, nil
}
