package client

import (
	"context"
	"errors"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/stretchr/testify/mock"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/mocks"
	"github.com/runsuite/runsuite/runs"
)

// These specs test consumer code, runs.Poll, against the generated
// mockery mock of runs.RunsAPI: no server, only the interface.
var _ = Describe("runs.Poll with a mocked RunsAPI", Label("client", "mocks"), func() {
	var (
		api *mocks.RunsAPI
		ctx context.Context
	)
	run := func(status contract.RunStatus) *contract.Run {
		r := &contract.Run{ID: "run_1", ThreadID: "thread_1", Status: status}
		if status == contract.RunStatusRequiresAction {
			r.RequiredAction = &contract.RequiredAction{Type: "submit_tool_outputs", SubmitToolOutputs: contract.SubmitToolOutputsAction{
				ToolCalls: []contract.RequiredToolCall{{ID: "call_1", Type: contract.ToolTypeFunction, Function: contract.RequiredToolCallFn{Name: "get_weather", Arguments: `{"city":"Paris"}`}}},
			}}
		}
		return r
	}

	BeforeEach(func() {
		api = mocks.NewRunsAPI(GinkgoT())
		ctx = context.Background()
	})

	It("polls until the run is terminal", func() {
		api.EXPECT().Retrieve(mock.Anything, "thread_1", "run_1").Return(run(contract.RunStatusQueued), nil).Once()
		api.EXPECT().Retrieve(mock.Anything, "thread_1", "run_1").Return(run(contract.RunStatusInProgress), nil).Once()
		api.EXPECT().Retrieve(mock.Anything, "thread_1", "run_1").Return(run(contract.RunStatusCompleted), nil).Once()

		got, err := runs.Poll(ctx, api, "thread_1", "run_1", runs.PollOptions{Interval: time.Millisecond})
		Expect(err).NotTo(HaveOccurred())
		Expect(got.Status).To(Equal(contract.RunStatusCompleted))
	})

	It("submits the tool handler's outputs when the run requires action", func() {
		api.EXPECT().Retrieve(mock.Anything, "thread_1", "run_1").Return(run(contract.RunStatusRequiresAction), nil).Once()
		api.EXPECT().SubmitToolOutputs(mock.Anything, "thread_1", "run_1", mock.MatchedBy(func(p contract.RunSubmitToolOutputsParams) bool {
			if len(p.ToolOutputs) != 1 {
				return false
			}
			id, _ := p.ToolOutputs[0].ToolCallID.Get()
			out, _ := p.ToolOutputs[0].Output.Get()
			return id == "call_1" && out == "22C and sunny"
		})).Return(run(contract.RunStatusQueued), nil).Once()
		api.EXPECT().Retrieve(mock.Anything, "thread_1", "run_1").Return(run(contract.RunStatusCompleted), nil).Once()

		var seen []contract.RequiredToolCall
		got, err := runs.Poll(ctx, api, "thread_1", "run_1", runs.PollOptions{
			Interval: time.Millisecond,
			Tools: func(_ context.Context, _ *contract.Run, calls []contract.RequiredToolCall) ([]contract.ToolOutput, error) {
				seen = calls
				return []contract.ToolOutput{{ToolCallID: contract.Set(calls[0].ID), Output: contract.Set("22C and sunny")}}, nil
			},
		})
		Expect(err).NotTo(HaveOccurred())
		Expect(got.Status).To(Equal(contract.RunStatusCompleted))
		Expect(seen).To(HaveLen(1))
		Expect(seen[0].Function.Name).To(Equal("get_weather"))
	})

	It("stops at requires_action without a tool handler", func() {
		api.EXPECT().Retrieve(mock.Anything, "thread_1", "run_1").Return(run(contract.RunStatusRequiresAction), nil).Once()

		got, err := runs.Poll(ctx, api, "thread_1", "run_1", runs.PollOptions{Interval: time.Millisecond})
		Expect(err).To(MatchError(runs.ErrToolOutputsRequired))
		Expect(got.Status).To(Equal(contract.RunStatusRequiresAction))
	})

	It("returns the handler's error without submitting", func() {
		boom := errors.New("weather service down")
		api.EXPECT().Retrieve(mock.Anything, "thread_1", "run_1").Return(run(contract.RunStatusRequiresAction), nil).Once()

		_, err := runs.Poll(ctx, api, "thread_1", "run_1", runs.PollOptions{
			Interval: time.Millisecond,
			Tools: func(context.Context, *contract.Run, []contract.RequiredToolCall) ([]contract.ToolOutput, error) {
				return nil, boom
			},
		})
		Expect(err).To(MatchError(boom))
	})

	It("wraps a retrieval error with the run id", func() {
		apiErr := &runs.APIError{StatusCode: 404, Message: "No run found with id 'run_1'."}
		api.EXPECT().Retrieve(mock.Anything, "thread_1", "run_1").Return(nil, apiErr).Once()

		_, err := runs.Poll(ctx, api, "thread_1", "run_1", runs.PollOptions{})
		var got *runs.APIError
		Expect(errors.As(err, &got)).To(BeTrue())
		Expect(err.Error()).To(ContainSubstring("run_1"))
	})

	It("stops when the context is cancelled", func() {
		cctx, cancel := context.WithCancel(ctx)
		api.EXPECT().Retrieve(mock.Anything, "thread_1", "run_1").RunAndReturn(func(context.Context, string, string) (*contract.Run, error) {
			cancel()
			return run(contract.RunStatusInProgress), nil
		}).Once()

		_, err := runs.Poll(cctx, api, "thread_1", "run_1", runs.PollOptions{Interval: time.Hour})
		Expect(err).To(MatchError(context.Canceled))
	})
})
