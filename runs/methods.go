package runs

import (
	"context"
	"fmt"
	"net/url"

	"github.com/runsuite/runsuite/contract"
)

func mustOp(id contract.OperationID) contract.Operation {
	op, ok := contract.LookupOperation(id)
	if !ok {
		panic("runs: operation missing from the contract table: " + string(id))
	}
	return op
}

var (
	opCreate                     = mustOp(contract.OpCreate)
	opCreateStreamRaw            = mustOp(contract.OpCreateStreamRaw)
	opRetrieve                   = mustOp(contract.OpRetrieve)
	opUpdate                     = mustOp(contract.OpUpdate)
	opList                       = mustOp(contract.OpList)
	opCancel                     = mustOp(contract.OpCancel)
	opSubmitToolOutputs          = mustOp(contract.OpSubmitToolOutputs)
	opSubmitToolOutputsStreamRaw = mustOp(contract.OpSubmitToolOutputsStreamRaw)
	opStepsRetrieve              = mustOp(contract.OpStepsRetrieve)
	opStepsList                  = mustOp(contract.OpStepsList)
)

// Create creates a run on a thread and returns it (POST
// threads/{thread_id}/runs).
func (c *Client) Create(ctx context.Context, threadID string, params contract.RunCreateParams) (*contract.Run, error) {
	const method = "Create"
	s, err := c.createSpec(ctx, method, &opCreate, threadID, &params)
	if err != nil {
		return nil, err
	}
	var run contract.Run
	if err := c.call(ctx, *s, &run); err != nil {
		return nil, wrap("create run", err)
	}
	return &run, nil
}

// CreateStreamRaw creates a run and returns its event stream (the same
// request with "stream": true).
func (c *Client) CreateStreamRaw(ctx context.Context, threadID string, params contract.RunCreateParams) (*Stream, error) {
	const method = "CreateStreamRaw"
	s, err := c.createSpec(ctx, method, &opCreateStreamRaw, threadID, &params)
	if err != nil {
		return nil, err
	}
	st, err := c.stream(ctx, s)
	return st, wrap("create run stream", err)
}

// createSpec guards a create call and builds its request. It is kept out
// of line, and takes the parameters by pointer, so that the copies of the
// parameters it makes are off the stack before the request is sent: a
// stream waiting for a busy server then uses less than a quarter of a
// 16 KiB stack, which the garbage collector halves (10,000 waiting
// streams: about 70 MiB of stacks less).
//
//go:noinline
func (c *Client) createSpec(ctx context.Context, method string, op *contract.Operation, threadID string, params *contract.RunCreateParams) (*requestSpec, error) {
	extra, err := checkStreamFlag(method, *op, params.Extra)
	if err != nil {
		return nil, err
	}
	p := *params
	p.Extra = extra
	s, err := c.bodySpec(ctx, method, *op, []string{threadID}, p, includeQuery(url.Values{}, p.Include))
	if err != nil {
		return nil, err
	}
	return &s, nil
}

// bodySpec guards a request with a body (path arguments, then parameter
// bounds) and builds it.
func (c *Client) bodySpec(ctx context.Context, method string, op contract.Operation, args []string, params interface{ Validate() error }, query url.Values) (requestSpec, error) {
	path, err := guard(ctx, method, op, args...)
	if err != nil {
		return requestSpec{}, err
	}
	if err := params.Validate(); err != nil {
		return requestSpec{}, paramError(method, err)
	}
	b, err := body(method, params, op.Stream)
	if err != nil {
		return requestSpec{}, err
	}
	return requestSpec{op: op, path: path, query: query, body: b}, nil
}

// Retrieve returns a run (GET threads/{thread_id}/runs/{run_id}).
func (c *Client) Retrieve(ctx context.Context, threadID, runID string) (*contract.Run, error) {
	path, err := guard(ctx, "Retrieve", opRetrieve, threadID, runID)
	if err != nil {
		return nil, err
	}
	var run contract.Run
	if err := c.call(ctx, requestSpec{op: opRetrieve, path: path}, &run); err != nil {
		return nil, wrap("retrieve run", err)
	}
	return &run, nil
}

// Update modifies a run's metadata (POST threads/{thread_id}/runs/{run_id}).
func (c *Client) Update(ctx context.Context, threadID, runID string, params contract.RunUpdateParams) (*contract.Run, error) {
	s, err := c.bodySpec(ctx, "Update", opUpdate, []string{threadID, runID}, params, nil)
	if err != nil {
		return nil, err
	}
	var run contract.Run
	if err := c.call(ctx, s, &run); err != nil {
		return nil, wrap("update run", err)
	}
	return &run, nil
}

// List returns a page of a thread's runs (GET threads/{thread_id}/runs).
func (c *Client) List(ctx context.Context, threadID string, params contract.RunListParams) (*Page[contract.Run], error) {
	const method = "List"
	path, err := guard(ctx, method, opList, threadID)
	if err != nil {
		return nil, err
	}
	if err := params.Validate(); err != nil {
		return nil, paramError(method, err)
	}
	var fetch pageFetcher[contract.Run]
	fetch = func(ctx context.Context, after string) (*Page[contract.Run], error) {
		p := params
		if after != "" {
			p.After = after
		}
		spec := requestSpec{op: opList, path: path, query: listQuery(p.After, p.Before, p.Limit, p.Order)}
		return fetchPage(ctx, c, spec, runID, fetch)
	}
	page, err := fetch(ctx, "")
	return page, wrap("list runs", err)
}

// Cancel cancels a run (POST threads/{thread_id}/runs/{run_id}/cancel, no
// body).
func (c *Client) Cancel(ctx context.Context, threadID, runID string) (*contract.Run, error) {
	path, err := guard(ctx, "Cancel", opCancel, threadID, runID)
	if err != nil {
		return nil, err
	}
	var run contract.Run
	if err := c.call(ctx, requestSpec{op: opCancel, path: path}, &run); err != nil {
		return nil, wrap("cancel run", err)
	}
	return &run, nil
}

// SubmitToolOutputs sends the outputs of the tool calls a run waits on and
// returns the run.
func (c *Client) SubmitToolOutputs(ctx context.Context, threadID, runID string, params contract.RunSubmitToolOutputsParams) (*contract.Run, error) {
	s, err := c.submitSpec(ctx, "SubmitToolOutputs", &opSubmitToolOutputs, threadID, runID, &params)
	if err != nil {
		return nil, err
	}
	var run contract.Run
	if err := c.call(ctx, *s, &run); err != nil {
		return nil, wrap("submit tool outputs", err)
	}
	return &run, nil
}

// SubmitToolOutputsStreamRaw sends tool outputs and returns the event
// stream of the resumed run.
func (c *Client) SubmitToolOutputsStreamRaw(ctx context.Context, threadID, runID string, params contract.RunSubmitToolOutputsParams) (*Stream, error) {
	s, err := c.submitSpec(ctx, "SubmitToolOutputsStreamRaw", &opSubmitToolOutputsStreamRaw, threadID, runID, &params)
	if err != nil {
		return nil, err
	}
	st, err := c.stream(ctx, s)
	return st, wrap("submit tool outputs stream", err)
}

// submitSpec guards a submit call; the stream guard runs before the path
// guard, as in the Ruby SDK.
// It is kept out of line for the reason createSpec is.
//
//go:noinline
func (c *Client) submitSpec(ctx context.Context, method string, op *contract.Operation, threadID, runID string, params *contract.RunSubmitToolOutputsParams) (*requestSpec, error) {
	extra, err := checkStreamFlag(method, *op, params.Extra)
	if err != nil {
		return nil, err
	}
	p := *params
	p.Extra = extra
	s, err := c.bodySpec(ctx, method, *op, []string{threadID, runID}, p, nil)
	if err != nil {
		return nil, err
	}
	return &s, nil
}

// Steps is the run steps sub-resource of a Client.
type Steps struct {
	c *Client
}

// Retrieve returns a run step (GET
// threads/{thread_id}/runs/{run_id}/steps/{step_id}).
func (s *Steps) Retrieve(ctx context.Context, threadID, runID, stepID string, params contract.StepRetrieveParams) (*contract.RunStep, error) {
	const method = "Steps.Retrieve"
	path, err := guard(ctx, method, opStepsRetrieve, threadID, runID, stepID)
	if err != nil {
		return nil, err
	}
	if err := params.Validate(); err != nil {
		return nil, paramError(method, err)
	}
	var step contract.RunStep
	spec := requestSpec{op: opStepsRetrieve, path: path, query: includeQuery(url.Values{}, params.Include)}
	if err := s.c.call(ctx, spec, &step); err != nil {
		return nil, wrap("retrieve run step", err)
	}
	return &step, nil
}

// List returns a page of a run's steps (GET
// threads/{thread_id}/runs/{run_id}/steps).
func (s *Steps) List(ctx context.Context, threadID, runID string, params contract.StepListParams) (*Page[contract.RunStep], error) {
	const method = "Steps.List"
	path, err := guard(ctx, method, opStepsList, threadID, runID)
	if err != nil {
		return nil, err
	}
	if err := params.Validate(); err != nil {
		return nil, paramError(method, err)
	}
	var fetch pageFetcher[contract.RunStep]
	fetch = func(ctx context.Context, after string) (*Page[contract.RunStep], error) {
		p := params
		if after != "" {
			p.After = after
		}
		q := includeQuery(listQuery(p.After, p.Before, p.Limit, p.Order), p.Include)
		return fetchPage(ctx, s.c, requestSpec{op: opStepsList, path: path, query: q}, stepID, fetch)
	}
	page, err := fetch(ctx, "")
	return page, wrap("list run steps", err)
}

func runID(r contract.Run) string      { return r.ID }
func stepID(s contract.RunStep) string { return s.ID }

// wrap adds what the client was doing to an error, keeping nil nil.
func wrap(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", what, err)
}
