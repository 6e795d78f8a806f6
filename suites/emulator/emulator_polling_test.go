package emulator

import (
	"context"
	"errors"
	"slices"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/emulator"
	"github.com/runsuite/runsuite/runs"
)

// emuPollPhase is the phase duration of the polling specs: long enough
// that a run's whole script, tool-output round trip included, fits in
// emulator.RunLifetime and a scripted expiry is a few phases away.
const emuPollPhase = emulator.RunLifetime / 8

// emuCompact drops repeats that follow each other: the statuses a poller
// can tell apart.
func emuCompact(statuses []contract.RunStatus) []contract.RunStatus {
	return slices.Compact(slices.Clone(statuses))
}

// emuStreamedStatuses returns the statuses the run events of streams go
// through, then the stored status when the streams stop before it (an
// error event or a cut).
func emuStreamedStatuses(stored contract.RunStatus, streams ...emuStream) []contract.RunStatus {
	var out []contract.RunStatus
	for _, s := range streams {
		for _, ev := range s.events {
			if ev.Run != nil {
				out = append(out, ev.Run.Status)
			}
		}
	}
	return emuCompact(append(out, stored))
}

// emuTickingRuns is the reference client seen through the emulator's
// manual clock: every Retrieve first moves the clock one phase, so the
// poll interval of runs.Poll is one phase of emulator time, whatever real
// time it takes. It records the statuses Poll saw.
type emuTickingRuns struct {
	*runs.Client
	clock *emulator.ManualClock
	phase time.Duration
	seen  []contract.RunStatus
}

// Retrieve moves the clock one phase and retrieves the run.
func (t *emuTickingRuns) Retrieve(ctx context.Context, threadID, runID string) (*contract.Run, error) {
	t.clock.Advance(t.phase)
	run, err := t.Client.Retrieve(ctx, threadID, runID)
	if err == nil {
		t.seen = append(t.seen, run.Status)
	}
	return run, err
}

var _ = Describe("Emulator: polling and streaming agree", Label("emulator", "polling"), func() {
	var streamed, polled *emuResources

	BeforeEach(func() {
		// Twins: the same seed, clock and phase, and the same requests in
		// the same order, so the same ids and timestamps.
		tag := emuUniqueTag()
		streamed = newEmuResources(tag, emulator.WithPhaseDuration(emuPollPhase))
		polled = newEmuResources(tag, emulator.WithPhaseDuration(emuPollPhase))
	})

	DescribeTable("a polled run goes through the streamed twin's statuses, phase by phase, and ends in the same state",
		func(sc emuScenario) {
			params := func(r *emuResources) contract.RunCreateParams {
				p := emuRunParams(r.MustCreateAssistant(emuInstructions, sc.tools...), sc.metadata)
				if sc.choice != nil {
					p.ToolChoice = contract.Set(*sc.choice)
				}
				return p
			}
			sp := params(streamed)
			thread := streamed.MustCreateThread(sc.message)
			streams := []emuStream{streamed.MustStream(thread, sp)}
			runID := streams[0].runID()

			pp := params(polled)
			Expect(polled.MustCreateThread(sc.message)).To(Equal(thread), "the twins' thread ids")
			created, err := polled.client.Create(bg, thread, pp)
			Expect(err).NotTo(HaveOccurred())
			Expect(created.ID).To(Equal(runID), "the twins' run ids")
			Expect(created).To(Equal(streams[0].events[0].Run), "the created run is the streamed thread.run.created")

			seen := []contract.RunStatus{created.Status}
			for range 20 {
				run, err := polled.client.Retrieve(bg, thread, runID)
				Expect(err).NotTo(HaveOccurred())
				seen = append(seen, run.Status)
				if run.Status.Terminal() {
					break
				}
				if run.Status == contract.RunStatusRequiresAction {
					// Both twins answer at the same moment, as of the
					// polled twin's clock.
					Expect(polled.MustState(thread, runID)).To(BeComparableTo(streamed.MustState(thread, runID)), "the state at requires_action")
					streamed.clock.Set(polled.clock.Now())
					outs := emuOutputsAll(run, emuToolOutput)
					streams = append(streams, streamed.MustSubmitStream(thread, runID, outs))
					queued, err := polled.client.SubmitToolOutputs(bg, thread, runID, contract.RunSubmitToolOutputsParams{ToolOutputs: outs})
					Expect(err).NotTo(HaveOccurred())
					seen = append(seen, queued.Status)
				}
				polled.clock.Advance(emuPollPhase)
			}
			final := polled.MustState(thread, runID)
			Expect(final.Run.Status).To(Equal(sc.status))
			expectEmuTerminalRun(final.Run)
			Expect(emuCompact(seen)).To(Equal(emuStreamedStatuses(final.Run.Status, streams...)))
			Expect(final).To(BeComparableTo(streamed.MustState(thread, runID)), "the polled state (-) vs the streamed twin's (+)")
		},
		func() []TableEntry {
			var entries []TableEntry
			for _, s := range emuScenarios {
				if !s.sc.threadAndRun {
					entries = append(entries, Entry(s.name, s.sc))
				}
			}
			return append(entries, Entry("outcome drop_connection", emuDropConnection))
		}(),
	)

	It("lets runs.Poll complete a function-tool run, answering requires_action with its ToolHandler", func() {
		asst := polled.MustCreateAssistant(emuInstructions, emuWeatherTool)
		thread := polled.MustCreateThread("What is the weather? Use get_current_weather.")
		run, err := polled.client.Create(bg, thread, emuRunParams(asst, nil))
		Expect(err).NotTo(HaveOccurred())
		Expect(run.Status).To(Equal(contract.RunStatusQueued))

		api := &emuTickingRuns{Client: polled.client, clock: polled.clock, phase: emuPollPhase}
		var handled []contract.RequiredToolCall
		final, err := runs.Poll(bg, api, thread, run.ID, runs.PollOptions{
			Interval: time.Nanosecond, // the clock moves in Retrieve, not in real time
			Tools: func(_ context.Context, r *contract.Run, calls []contract.RequiredToolCall) ([]contract.ToolOutput, error) {
				Expect(r.Status).To(Equal(contract.RunStatusRequiresAction))
				handled = append(handled, calls...)
				return emuOutputsAll(r, emuToolOutput), nil
			},
		})
		Expect(err).NotTo(HaveOccurred())
		Expect(final.Status).To(Equal(contract.RunStatusCompleted))
		expectEmuTerminalRun(final)

		Expect(handled).To(HaveLen(1), "the handler answers the one call, once")
		Expect(handled[0].Function.Name).To(Equal("get_current_weather"))
		Expect(handled[0].Function.Arguments).To(MatchJSON(emuWeatherArguments))
		Expect(emuCompact(api.seen)).To(Equal([]contract.RunStatus{"in_progress", "requires_action", "in_progress", "completed"}))
		expectEmuFunctionAnswered(emuPlayed{}, polled.MustState(thread, run.ID))
	})
})

var _ = Describe("Emulator: cancel", Label("emulator", "polling"), func() {
	var (
		res    *emuResources
		asst   string
		thread string
	)
	BeforeEach(func() {
		res = newEmuResources(emuUniqueTag())
		asst = res.MustCreateAssistant(emuInstructions, emuWeatherTool)
		thread = res.MustCreateThread("Please call get_current_weather")
	})

	// Runs to cancel, each in the status its entry names.
	queued := func() string {
		run, err := res.client.Create(bg, thread, emuRunParams(asst, nil))
		Expect(err).NotTo(HaveOccurred())
		Expect(run.Status).To(Equal(contract.RunStatusQueued))
		return run.ID
	}
	inProgress := func() string {
		id := queued()
		res.clock.Advance(2 * emuPhase) // started, with its tool step
		run, err := res.client.Retrieve(bg, thread, id)
		Expect(err).NotTo(HaveOccurred())
		Expect(run.Status).To(Equal(contract.RunStatusInProgress))
		return id
	}
	awaitingOutputs := func() string {
		s := res.MustStream(thread, emuRunParams(asst, nil))
		Expect(s.lastRun().Status).To(Equal(contract.RunStatusRequiresAction))
		return s.runID()
	}

	DescribeTable("moves a run to cancelling at once and to cancelled a phase later, cancelling its step",
		func(start func() string) {
			id := start()
			cancelling, err := res.client.Cancel(bg, thread, id)
			Expect(err).NotTo(HaveOccurred())
			Expect(cancelling.Status).To(Equal(contract.RunStatusCancelling))
			Expect(cancelling.CancelledAt).To(BeNil())
			again, err := res.client.Cancel(bg, thread, id)
			Expect(err).NotTo(HaveOccurred(), "a second cancel while cancelling")
			Expect(again.Status).To(Equal(contract.RunStatusCancelling))

			// A phase later in the run's own time, which a stream plays
			// ahead of the clock.
			res.clock.Advance(emuAheadPhases * emuPhase)
			st := res.MustState(thread, id)
			Expect(st.Run.Status).To(Equal(contract.RunStatusCancelled))
			expectEmuTerminalRun(st.Run)
			for _, s := range st.Steps {
				Expect(s.Status).To(Equal(contract.StepStatusCancelled), "step %s", s.ID)
				Expect(s.CancelledAt).To(Equal(st.Run.CancelledAt))
			}
			_, err = res.client.Cancel(bg, thread, id)
			var apiErr *runs.APIError
			Expect(errors.As(err, &apiErr)).To(BeTrue(), "got %v", err)
			Expect(apiErr.Message).To(Equal("Cannot cancel run with status 'cancelled'."))

			next := res.MustStream(thread, emuRunParams(asst, map[string]string{emulator.MetadataScript: "text"}))
			Expect(next.lastRun().Status).To(Equal(contract.RunStatusCompleted), "the thread takes a new run")
		},
		Entry("queued", queued),
		Entry("in_progress", inProgress),
		Entry("requires_action", awaitingOutputs),
	)

	It("drops the required_action of a run it cancels while it waits for tool outputs", func() {
		run, err := res.client.Cancel(bg, thread, awaitingOutputs())
		Expect(err).NotTo(HaveOccurred())
		Expect(run.Status).To(Equal(contract.RunStatusCancelling))
		Expect(run.RequiredAction).To(BeNil())
	})
})
