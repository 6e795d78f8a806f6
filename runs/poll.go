package runs

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/runsuite/runsuite/contract"
)

// DefaultPollInterval is how long Poll waits between retrievals.
const DefaultPollInterval = 500 * time.Millisecond

// ErrToolOutputsRequired is returned by Poll when a run requires tool
// outputs and no ToolHandler was given; the run is returned with it.
var ErrToolOutputsRequired = errors.New("run requires tool outputs and no tool handler was given")

// ToolHandler returns the outputs of the tool calls a run waits on.
type ToolHandler func(ctx context.Context, run *contract.Run, calls []contract.RequiredToolCall) ([]contract.ToolOutput, error)

// PollOptions configures Poll.
type PollOptions struct {
	Interval time.Duration // between retrievals; 0 means DefaultPollInterval
	Tools    ToolHandler   // answers requires_action; nil stops Poll there
}

// Poll retrieves a run until it reaches a terminal status and returns it.
// When the run requires action, Poll asks opts.Tools for the outputs and
// submits them. It stops when ctx is done.
func Poll(ctx context.Context, api RunsAPI, threadID, runID string, opts PollOptions) (*contract.Run, error) {
	interval := opts.Interval
	if interval <= 0 {
		interval = DefaultPollInterval
	}
	for {
		run, err := api.Retrieve(ctx, threadID, runID)
		if err != nil {
			return nil, fmt.Errorf("poll run %s: %w", runID, err)
		}
		switch {
		case run.Status.Terminal():
			return run, nil
		case run.Status == contract.RunStatusRequiresAction:
			if opts.Tools == nil {
				return run, ErrToolOutputsRequired
			}
			var calls []contract.RequiredToolCall
			if run.RequiredAction != nil {
				calls = run.RequiredAction.SubmitToolOutputs.ToolCalls
			}
			outputs, err := opts.Tools(ctx, run, calls)
			if err != nil {
				return run, fmt.Errorf("poll run %s: tool handler: %w", runID, err)
			}
			if _, err := api.SubmitToolOutputs(ctx, threadID, runID, contract.RunSubmitToolOutputsParams{ToolOutputs: outputs}); err != nil {
				return nil, fmt.Errorf("poll run %s: %w", runID, err)
			}
			continue
		}
		if err := sleep(ctx, interval); err != nil {
			return run, fmt.Errorf("poll run %s: %w", runID, err)
		}
	}
}
