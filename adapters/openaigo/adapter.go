package openaigo

import (
	"context"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/packages/pagination"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/runs"
)

// Adapter holds RunsAPI and StepsAPI implementations over one openai-go
// client.
type Adapter struct {
	Runs  *Runs
	Steps *Steps
}

// New returns the adapter over client. The caller builds the client with
// whatever options the test needs (base URL, API key, HTTP client, retries);
// the adapter adds none of its own.
func New(client openai.Client) *Adapter {
	return &Adapter{
		Runs:  &Runs{svc: client.Beta.Threads.Runs},
		Steps: &Steps{svc: client.Beta.Threads.Runs.Steps},
	}
}

// Runs is the Runs resource as openai-go's BetaThreadRunService serves it.
type Runs struct {
	svc openai.BetaThreadRunService
}

// Steps is the run steps sub-resource as openai-go's BetaThreadRunStepService
// serves it.
type Steps struct {
	svc openai.BetaThreadRunStepService
}

var (
	_ runs.RunsAPI  = (*Runs)(nil)
	_ runs.StepsAPI = (*Steps)(nil)
)

// Create creates a run with openai-go's New.
func (r *Runs) Create(ctx context.Context, threadID string, params contract.RunCreateParams) (*contract.Run, error) {
	p, opts := runCreateParams(params)
	res, err := r.svc.New(ctx, threadID, p, opts...)
	if err != nil {
		return nil, mapError("Create", "create run", err)
	}
	return decodeRaw[contract.Run]("create run", res.RawJSON())
}

// CreateStreamRaw creates a run with openai-go's NewStreaming and returns
// its events. An error openai-go reports before the first event (an
// argument error or a non-2xx answer) is returned here.
func (r *Runs) CreateStreamRaw(ctx context.Context, threadID string, params contract.RunCreateParams) (*runs.Stream, error) {
	p, opts := runCreateParams(params)
	return newStream("CreateStreamRaw", "create run stream", r.svc.NewStreaming(ctx, threadID, p, opts...))
}

// Retrieve returns a run with openai-go's Get.
func (r *Runs) Retrieve(ctx context.Context, threadID, runID string) (*contract.Run, error) {
	res, err := r.svc.Get(ctx, threadID, runID)
	if err != nil {
		return nil, mapError("Retrieve", "retrieve run", err)
	}
	return decodeRaw[contract.Run]("retrieve run", res.RawJSON())
}

// Update modifies a run's metadata with openai-go's Update.
func (r *Runs) Update(ctx context.Context, threadID, runID string, params contract.RunUpdateParams) (*contract.Run, error) {
	p, opts := runUpdateParams(params)
	res, err := r.svc.Update(ctx, threadID, runID, p, opts...)
	if err != nil {
		return nil, mapError("Update", "update run", err)
	}
	return decodeRaw[contract.Run]("update run", res.RawJSON())
}

// List returns a page of a thread's runs with openai-go's List. Its
// NextPage is openai-go's GetNextPage, and its HasMore is openai-go's view
// of whether that fetches anything (see the package documentation).
func (r *Runs) List(ctx context.Context, threadID string, params contract.RunListParams) (*runs.Page[contract.Run], error) {
	res, err := r.svc.List(ctx, threadID, runListParams(params))
	if err != nil {
		return nil, mapError("List", "list runs", err)
	}
	return newPage("List", "list runs", res, runID)
}

// Cancel cancels a run with openai-go's Cancel.
func (r *Runs) Cancel(ctx context.Context, threadID, runID string) (*contract.Run, error) {
	res, err := r.svc.Cancel(ctx, threadID, runID)
	if err != nil {
		return nil, mapError("Cancel", "cancel run", err)
	}
	return decodeRaw[contract.Run]("cancel run", res.RawJSON())
}

// SubmitToolOutputs sends tool outputs with openai-go's SubmitToolOutputs.
func (r *Runs) SubmitToolOutputs(ctx context.Context, threadID, runID string, params contract.RunSubmitToolOutputsParams) (*contract.Run, error) {
	p, opts := submitToolOutputsParams(params)
	res, err := r.svc.SubmitToolOutputs(ctx, threadID, runID, p, opts...)
	if err != nil {
		return nil, mapError("SubmitToolOutputs", "submit tool outputs", err)
	}
	return decodeRaw[contract.Run]("submit tool outputs", res.RawJSON())
}

// SubmitToolOutputsStreamRaw sends tool outputs with openai-go's
// SubmitToolOutputsStreaming and returns the resumed run's events.
func (r *Runs) SubmitToolOutputsStreamRaw(ctx context.Context, threadID, runID string, params contract.RunSubmitToolOutputsParams) (*runs.Stream, error) {
	p, opts := submitToolOutputsParams(params)
	return newStream("SubmitToolOutputsStreamRaw", "submit tool outputs stream", r.svc.SubmitToolOutputsStreaming(ctx, threadID, runID, p, opts...))
}

// Retrieve returns a run step with openai-go's Steps.Get.
func (s *Steps) Retrieve(ctx context.Context, threadID, runID, stepID string, params contract.StepRetrieveParams) (*contract.RunStep, error) {
	res, err := s.svc.Get(ctx, threadID, runID, stepID, openai.BetaThreadRunStepGetParams{Include: includes(params.Include)})
	if err != nil {
		return nil, mapError("Steps.Retrieve", "retrieve run step", err)
	}
	return decodeRaw[contract.RunStep]("retrieve run step", res.RawJSON())
}

// List returns a page of a run's steps with openai-go's Steps.List; paging
// works as in Runs.List.
func (s *Steps) List(ctx context.Context, threadID, runID string, params contract.StepListParams) (*runs.Page[contract.RunStep], error) {
	res, err := s.svc.List(ctx, threadID, runID, stepListParams(params))
	if err != nil {
		return nil, mapError("Steps.List", "list run steps", err)
	}
	return newPage("Steps.List", "list run steps", res, stepID)
}

func runID(r contract.Run) string      { return r.ID }
func stepID(s contract.RunStep) string { return s.ID }

// newPage converts an openai-go cursor page through its raw JSON and makes
// NextPage call openai-go's GetNextPage.
func newPage[T, U any](method, what string, p *pagination.CursorPage[U], id func(T) string) (*runs.Page[T], error) {
	list, err := decodeRaw[contract.List[T]](what, p.RawJSON())
	if err != nil {
		return nil, err
	}
	// GetNextPage stops only on empty data or an explicit has_more: false
	// (pagination.go); a missing or null has_more keeps paging.
	hasMore := p.HasMore || !p.JSON.HasMore.Valid()
	fetch := func(context.Context, string) (*runs.Page[T], error) {
		next, err := p.GetNextPage()
		if err != nil {
			return nil, mapError(method, what, err)
		}
		if next == nil {
			return runs.NewPage[T](nil, false, "", "", id, nil), nil
		}
		return newPage(method, what, next, id)
	}
	return runs.NewPage(list.Data, hasMore, deref(list.FirstID), deref(list.LastID), id, fetch), nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
