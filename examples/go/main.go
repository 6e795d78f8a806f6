// Command go drives a Runs API server with the official Go SDK,
// github.com/openai/openai-go/v3, through all ten operations of the
// contract: a streamed flow (runs.NewStreaming to requires_action, then
// runs.SubmitToolOutputsStreaming to completed) and a polled one
// (runs.New, runs.Get, runs.SubmitToolOutputs, runs.Update, runs.List,
// steps.List and steps.Get with include[], runs.Cancel).
//
// It reads OPENAI_BASE_URL and OPENAI_API_KEY, as conformance mock sets
// them:
//
//	go run ./cmd/conformance mock --require-coverage -- go run ./examples/go
//
// On success it prints one JSON line and exits 0; on the first failed
// expectation or SDK error it prints the reason to stderr and exits 1.
package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/shared"
)

// functionName is the one tool of the assistant; a user message naming it
// makes the emulator's script call it.
const functionName = "get_current_weather"

// include is the one include[] value of the contract.
var include = []openai.RunStepInclude{openai.RunStepIncludeStepDetailsToolCallsFileSearchResultsContent}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "examples/go:", err)
		os.Exit(1)
	}
}

// run drives both flows within a minute.
func run() error {
	base := os.Getenv("OPENAI_BASE_URL")
	if base == "" {
		return errors.New("OPENAI_BASE_URL is not set; run under `conformance mock -- go run ./examples/go` or `conformance serve`")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	client := openai.NewClient(
		option.WithBaseURL(base),
		option.WithAPIKey(cmp.Or(os.Getenv("OPENAI_API_KEY"), "sk-runsuite")),
		option.WithMaxRetries(0), // a retry would hide the first failure
		option.WithRequestTimeout(20*time.Second),
	)
	asst, err := client.Beta.Assistants.New(ctx, openai.BetaAssistantNewParams{
		Model:        shared.ChatModelGPT4o,
		Name:         openai.String("runsuite-go-flow"),
		Instructions: openai.String("Answer weather questions with " + functionName + "."),
		Tools: []openai.AssistantToolUnionParam{openai.AssistantToolParamOfFunction(shared.FunctionDefinitionParam{
			Name:        functionName,
			Description: openai.String("Get the current weather in a given location"),
			Parameters: shared.FunctionParameters{
				"type":       "object",
				"properties": map[string]any{"location": map[string]any{"type": "string"}},
				"required":   []string{"location"},
			},
		})},
	})
	if err != nil {
		return fmt.Errorf("create assistant: %w", err)
	}
	streamed, err := streamFlow(ctx, &client, asst.ID)
	if err != nil {
		return fmt.Errorf("stream flow: %w", err)
	}
	polled, err := pollFlow(ctx, &client, asst.ID)
	if err != nil {
		return fmt.Errorf("poll flow: %w", err)
	}
	out, err := json.Marshal(map[string]any{"ok": true, "stream": streamed, "poll": polled})
	if err != nil {
		return fmt.Errorf("encode result: %w", err)
	}
	fmt.Println(string(out))
	return nil
}

// newThread creates a thread whose user message names the function.
func newThread(ctx context.Context, c *openai.Client) (*openai.Thread, error) {
	return c.Beta.Threads.New(ctx, openai.BetaThreadNewParams{Messages: []openai.BetaThreadNewParamsMessage{{
		Role:    "user",
		Content: openai.BetaThreadNewParamsMessageContentUnion{OfString: openai.String("What is the weather in Paris? Use " + functionName + ".")},
	}}})
}

// outputsFor answers every required call, checking its arguments.
func outputsFor(run *openai.Run) ([]openai.BetaThreadRunSubmitToolOutputsParamsToolOutput, error) {
	calls := run.RequiredAction.SubmitToolOutputs.ToolCalls
	if run.Status != openai.RunStatusRequiresAction || len(calls) == 0 {
		return nil, fmt.Errorf("run %s is %s with %d tool calls, want requires_action with some", run.ID, run.Status, len(calls))
	}
	var outs []openai.BetaThreadRunSubmitToolOutputsParamsToolOutput
	for _, c := range calls {
		var args struct {
			Location string `json:"location"`
		}
		if c.Function.Name != functionName || json.Unmarshal([]byte(c.Function.Arguments), &args) != nil || args.Location == "" {
			return nil, fmt.Errorf("tool call %s: %s(%s), want %s with a location", c.ID, c.Function.Name, c.Function.Arguments, functionName)
		}
		outs = append(outs, openai.BetaThreadRunSubmitToolOutputsParamsToolOutput{
			ToolCallID: openai.String(c.ID),
			Output:     openai.String(`{"location":"` + args.Location + `","temperature":21,"unit":"celsius"}`),
		})
	}
	return outs, nil
}

// drain reads a stream to its end and returns the event names and the run
// of its last requires_action or completed event.
func drain(s interface {
	Next() bool
	Current() openai.AssistantStreamEventUnion
	Err() error
	Close() error
}) ([]string, *openai.Run, error) {
	defer s.Close()
	var names []string
	var last *openai.Run
	for s.Next() {
		ev := s.Current()
		names = append(names, ev.Event)
		switch ev.Event {
		case "thread.run.requires_action":
			r := ev.AsThreadRunRequiresAction().Data
			last = &r
		case "thread.run.completed":
			r := ev.AsThreadRunCompleted().Data
			last = &r
		}
	}
	return names, last, s.Err()
}

// streamFlow: create with a stream to requires_action, submit with a
// stream to completed.
func streamFlow(ctx context.Context, c *openai.Client, assistantID string) (map[string]any, error) {
	th, err := newThread(ctx, c)
	if err != nil {
		return nil, fmt.Errorf("create thread: %w", err)
	}
	names1, run, err := drain(c.Beta.Threads.Runs.NewStreaming(ctx, th.ID, openai.BetaThreadRunNewParams{AssistantID: assistantID}))
	if err != nil {
		return nil, fmt.Errorf("create stream: %w", err)
	}
	if run == nil || names1[0] != "thread.run.created" {
		return nil, fmt.Errorf("create stream carried %v, want thread.run.created first", names1)
	}
	outs, err := outputsFor(run)
	if err != nil {
		return nil, err
	}
	names2, run, err := drain(c.Beta.Threads.Runs.SubmitToolOutputsStreaming(ctx, th.ID, run.ID, openai.BetaThreadRunSubmitToolOutputsParams{ToolOutputs: outs}))
	if err != nil {
		return nil, fmt.Errorf("submit stream: %w", err)
	}
	if run == nil || run.Status != openai.RunStatusCompleted {
		return nil, fmt.Errorf("submit stream ended with %v, want a completed run", names2)
	}
	return map[string]any{"create": len(names1), "submit": len(names2), "status": run.Status}, nil
}

// waitFor polls runs.Get until the run is in status, at most 400 times
// 50 ms apart.
func waitFor(ctx context.Context, c *openai.Client, run *openai.Run, status openai.RunStatus) (*openai.Run, error) {
	terminal := []openai.RunStatus{openai.RunStatusCompleted, openai.RunStatusFailed, openai.RunStatusCancelled, openai.RunStatusExpired, openai.RunStatusIncomplete}
	for range 400 {
		if run.Status == status {
			return run, nil
		}
		if slices.Contains(terminal, run.Status) {
			return nil, fmt.Errorf("run %s ended %s while waiting for %s", run.ID, run.Status, status)
		}
		time.Sleep(50 * time.Millisecond)
		var err error
		if run, err = c.Beta.Threads.Runs.Get(ctx, run.ThreadID, run.ID); err != nil {
			return nil, fmt.Errorf("retrieve: %w", err)
		}
	}
	return nil, fmt.Errorf("run %s still %s after 20 s, want %s", run.ID, run.Status, status)
}

// pollFlow covers the operations streamFlow leaves out.
func pollFlow(ctx context.Context, c *openai.Client, assistantID string) (map[string]any, error) {
	th, err := newThread(ctx, c)
	if err != nil {
		return nil, fmt.Errorf("create thread: %w", err)
	}
	run, err := c.Beta.Threads.Runs.New(ctx, th.ID, openai.BetaThreadRunNewParams{AssistantID: assistantID, Metadata: shared.Metadata{"flow": "poll"}})
	if err != nil {
		return nil, fmt.Errorf("create: %w", err)
	}
	if run, err = waitFor(ctx, c, run, openai.RunStatusRequiresAction); err != nil {
		return nil, err
	}
	outs, err := outputsFor(run)
	if err != nil {
		return nil, err
	}
	if run, err = c.Beta.Threads.Runs.SubmitToolOutputs(ctx, th.ID, run.ID, openai.BetaThreadRunSubmitToolOutputsParams{ToolOutputs: outs}); err != nil {
		return nil, fmt.Errorf("submit: %w", err)
	}
	if run, err = waitFor(ctx, c, run, openai.RunStatusCompleted); err != nil {
		return nil, err
	}
	upd, err := c.Beta.Threads.Runs.Update(ctx, th.ID, run.ID, openai.BetaThreadRunUpdateParams{Metadata: shared.Metadata{"flow": "poll", "reviewed": "yes"}})
	if err != nil {
		return nil, fmt.Errorf("update: %w", err)
	}
	if upd.Metadata["reviewed"] != "yes" {
		return nil, fmt.Errorf("update: metadata %v, want reviewed=yes", upd.Metadata)
	}
	runs, err := c.Beta.Threads.Runs.List(ctx, th.ID, openai.BetaThreadRunListParams{Limit: openai.Int(2), Order: openai.BetaThreadRunListParamsOrderAsc})
	if err != nil {
		return nil, fmt.Errorf("list runs: %w", err)
	}
	if !slices.ContainsFunc(runs.Data, func(r openai.Run) bool { return r.ID == run.ID }) {
		return nil, fmt.Errorf("list runs lacks %s", run.ID)
	}
	// Limit 1 makes the auto-pager walk the pages with after=<last id>.
	pager := c.Beta.Threads.Runs.Steps.ListAutoPaging(ctx, th.ID, run.ID, openai.BetaThreadRunStepListParams{
		Limit: openai.Int(1), Order: openai.BetaThreadRunStepListParamsOrderAsc, Include: include,
	})
	var steps []openai.RunStep
	for pager.Next() && len(steps) < 10 {
		steps = append(steps, pager.Current())
	}
	if err := pager.Err(); err != nil {
		return nil, fmt.Errorf("list steps: %w", err)
	}
	if len(steps) < 2 {
		return nil, fmt.Errorf("list steps: %d steps, want the tool call and the message", len(steps))
	}
	step, err := c.Beta.Threads.Runs.Steps.Get(ctx, th.ID, run.ID, steps[0].ID, openai.BetaThreadRunStepGetParams{Include: include})
	if err != nil {
		return nil, fmt.Errorf("retrieve step %s: %w", steps[0].ID, err)
	}
	if step.ID != steps[0].ID {
		return nil, fmt.Errorf("retrieve step %s gave %s", steps[0].ID, step.ID)
	}
	other, err := newThread(ctx, c)
	if err != nil {
		return nil, fmt.Errorf("create thread: %w", err)
	}
	doomed, err := c.Beta.Threads.Runs.New(ctx, other.ID, openai.BetaThreadRunNewParams{AssistantID: assistantID})
	if err != nil {
		return nil, fmt.Errorf("create: %w", err)
	}
	cancelled, err := c.Beta.Threads.Runs.Cancel(ctx, other.ID, doomed.ID)
	if err != nil {
		return nil, fmt.Errorf("cancel: %w", err)
	}
	if cancelled.Status != openai.RunStatusCancelling && cancelled.Status != openai.RunStatusCancelled {
		return nil, fmt.Errorf("cancel: status %s, want cancelling or cancelled", cancelled.Status)
	}
	return map[string]any{"status": run.Status, "steps": len(steps), "cancelled": cancelled.Status}, nil
}
