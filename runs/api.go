package runs

import (
	"context"

	"github.com/runsuite/runsuite/contract"
)

// RunsAPI is the contract surface of the Runs resource (CONTRACT §1).
// *Client implements it, and so do adapters over other clients, so the
// same suites and checks run against every implementation.
type RunsAPI interface {
	Create(ctx context.Context, threadID string, params contract.RunCreateParams) (*contract.Run, error)
	CreateStreamRaw(ctx context.Context, threadID string, params contract.RunCreateParams) (*Stream, error)
	Retrieve(ctx context.Context, threadID, runID string) (*contract.Run, error)
	Update(ctx context.Context, threadID, runID string, params contract.RunUpdateParams) (*contract.Run, error)
	List(ctx context.Context, threadID string, params contract.RunListParams) (*Page[contract.Run], error)
	Cancel(ctx context.Context, threadID, runID string) (*contract.Run, error)
	SubmitToolOutputs(ctx context.Context, threadID, runID string, params contract.RunSubmitToolOutputsParams) (*contract.Run, error)
	SubmitToolOutputsStreamRaw(ctx context.Context, threadID, runID string, params contract.RunSubmitToolOutputsParams) (*Stream, error)
}

// StepsAPI is the contract surface of the run steps sub-resource.
type StepsAPI interface {
	Retrieve(ctx context.Context, threadID, runID, stepID string, params contract.StepRetrieveParams) (*contract.RunStep, error)
	List(ctx context.Context, threadID, runID string, params contract.StepListParams) (*Page[contract.RunStep], error)
}

var (
	_ RunsAPI  = (*Client)(nil)
	_ StepsAPI = (*Steps)(nil)
)
