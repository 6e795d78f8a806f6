package decoding

import (
	"bytes"
	"fmt"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/fixtures"
	"github.com/runsuite/runsuite/runs"
	"github.com/runsuite/runsuite/sse"
	"github.com/runsuite/runsuite/suites/internal/eventstreams"
)

var _ = Describe("Decoding fixtures", Label("decode"), func() {
	DescribeTable("each event type decodes into its typed payload",
		func(name contract.EventName, check func(contract.Event)) {
			fx := eventstreams.EventFixture(name)
			d := sse.NewDecoder(bytes.NewReader(fx.Data))
			Expect(d.Next()).To(BeTrue(), "no frame in %s", fx.Path)
			f := d.Frame()
			Expect(f.Event).To(Equal(string(name)))

			ev, err := contract.DecodeEvent(f.Event, f.Data)
			Expect(err).NotTo(HaveOccurred())
			Expect(d.Next()).To(BeFalse(), "%s holds more than one event", fx.Path)
			Expect(d.Err()).NotTo(HaveOccurred())

			spec, ok := contract.LookupEvent(string(name))
			Expect(ok).To(BeTrue())
			Expect(ev.Name).To(Equal(name))
			Expect(ev.Kind()).To(Equal(spec.Kind), "payload kind")
			Expect(ev.Object()).To(Equal(spec.Kind.Object()), "payload object field")
			if spec.Status != "" {
				Expect(eventstreams.StatusOf(ev)).To(Equal(spec.Status), "payload status")
			}
			check(ev)
		},
		Entry("thread.created", contract.EventThreadCreated, func(ev contract.Event) {
			Expect(ev.Thread.ID).To(Equal("thread_abc123"))
			Expect(ev.Thread.Metadata).To(BeEmpty())
			Expect(ev.Thread.ToolResources.CodeInterpreter.FileIDs).To(BeEmpty())
		}),
		Entry("thread.run.created", contract.EventThreadRunCreated, expectRun(func(r *contract.Run) {
			Expect(r.StartedAt).To(BeNil())
			Expect(r.Usage).To(BeNil())
		})),
		Entry("thread.run.queued", contract.EventThreadRunQueued, expectRun(func(r *contract.Run) {
			Expect(r.ExpiresAt).NotTo(BeNil())
		})),
		Entry("thread.run.in_progress", contract.EventThreadRunInProgress, expectRun(func(r *contract.Run) {
			Expect(r.StartedAt).NotTo(BeNil())
		})),
		Entry("thread.run.requires_action", contract.EventThreadRunRequiresAction, expectRun(func(r *contract.Run) {
			Expect(r.RequiredAction).NotTo(BeNil())
			Expect(r.RequiredAction.Type).To(Equal("submit_tool_outputs"))
			calls := r.RequiredAction.SubmitToolOutputs.ToolCalls
			Expect(calls).To(HaveLen(1))
			Expect(calls[0].ID).To(Equal("call_abc123"))
			Expect(calls[0].Function.Name).To(Equal("get_current_weather"))
			Expect(calls[0].Function.Arguments).To(MatchJSON(`{"location":"Paris"}`))
		})),
		Entry("thread.run.completed", contract.EventThreadRunCompleted, expectRun(func(r *contract.Run) {
			Expect(r.CompletedAt).NotTo(BeNil())
			Expect(r.Usage).NotTo(BeNil())
			Expect(r.Usage.TotalTokens).To(Equal(r.Usage.PromptTokens + r.Usage.CompletionTokens))
		})),
		Entry("thread.run.incomplete", contract.EventThreadRunIncomplete, expectRun(func(r *contract.Run) {
			Expect(r.IncompleteDetails).To(Equal(&contract.IncompleteDetails{Reason: "max_completion_tokens"}))
		})),
		Entry("thread.run.failed", contract.EventThreadRunFailed, expectRun(func(r *contract.Run) {
			Expect(r.FailedAt).NotTo(BeNil())
			Expect(r.LastError).NotTo(BeNil())
			Expect(r.LastError.Code).To(Equal("server_error"))
		})),
		Entry("thread.run.cancelling", contract.EventThreadRunCancelling, expectRun(func(r *contract.Run) {
			Expect(r.CancelledAt).To(BeNil())
		})),
		Entry("thread.run.cancelled", contract.EventThreadRunCancelled, expectRun(func(r *contract.Run) {
			Expect(r.CancelledAt).NotTo(BeNil())
		})),
		Entry("thread.run.expired", contract.EventThreadRunExpired, expectRun(func(r *contract.Run) {
			Expect(r.ExpiresAt).NotTo(BeNil())
		})),
		Entry("thread.run.step.created", contract.EventThreadRunStepCreated, expectStep(func(s *contract.RunStep) {
			Expect(s.Type).To(Equal(contract.StepTypeMessageCreation))
			Expect(s.StepDetails.MessageCreation.MessageID).To(Equal("msg_abc123"))
		})),
		Entry("thread.run.step.in_progress", contract.EventThreadRunStepInProgress, expectStep(func(s *contract.RunStep) {
			Expect(s.StepDetails.Type).To(Equal(contract.StepTypeMessageCreation))
		})),
		Entry("thread.run.step.completed", contract.EventThreadRunStepCompleted, expectStep(func(s *contract.RunStep) {
			Expect(s.CompletedAt).NotTo(BeNil())
			Expect(s.Usage).NotTo(BeNil())
		})),
		Entry("thread.run.step.failed", contract.EventThreadRunStepFailed, expectStep(func(s *contract.RunStep) {
			Expect(s.LastError.Code).To(Equal("rate_limit_exceeded"))
			Expect(s.StepDetails.ToolCalls).To(HaveLen(1))
			Expect(s.StepDetails.ToolCalls[0].Function.Output).To(BeNil())
		})),
		Entry("thread.run.step.cancelled", contract.EventThreadRunStepCancelled, expectStep(func(s *contract.RunStep) {
			Expect(s.CancelledAt).NotTo(BeNil())
		})),
		Entry("thread.run.step.expired", contract.EventThreadRunStepExpired, expectStep(func(s *contract.RunStep) {
			Expect(s.ExpiredAt).NotTo(BeNil())
		})),
		Entry("thread.run.step.delta", contract.EventThreadRunStepDelta, func(ev contract.Event) {
			d := ev.StepDelta
			Expect(d.ID).To(Equal("step_abc123"))
			Expect(d.Delta.StepDetails.ToolCalls).To(HaveLen(1))
			call := d.Delta.StepDetails.ToolCalls[0]
			Expect(call.Index).To(BeZero())
			Expect(call.Type).To(Equal(contract.ToolTypeCodeInterpreter))
			Expect(call.CodeInterpreter.Input).To(Equal("print(2+2)"))
		}),
		Entry("thread.message.created", contract.EventThreadMessageCreated, expectMessage(func(m *contract.Message) {
			Expect(m.Content).To(BeEmpty())
		})),
		Entry("thread.message.in_progress", contract.EventThreadMessageInProgress, expectMessage(func(m *contract.Message) {
			Expect(m.CompletedAt).To(BeNil())
		})),
		Entry("thread.message.completed", contract.EventThreadMessageCompleted, expectMessage(func(m *contract.Message) {
			Expect(m.Content).To(HaveLen(1))
			Expect(m.Content[0].Text.Value).To(Equal("The weather in Paris is sunny."))
			Expect(m.CompletedAt).NotTo(BeNil())
		})),
		Entry("thread.message.incomplete", contract.EventThreadMessageIncomplete, expectMessage(func(m *contract.Message) {
			Expect(m.IncompleteDetails.Reason).To(Equal("max_tokens"))
			Expect(m.IncompleteAt).NotTo(BeNil())
		})),
		Entry("thread.message.delta", contract.EventThreadMessageDelta, func(ev contract.Event) {
			d := ev.MessageDelta
			Expect(d.ID).To(Equal("msg_abc123"))
			Expect(d.Delta.Content).To(HaveLen(1))
			Expect(d.Delta.Content[0].Text.Value).To(Equal("Hello"))
		}),
		Entry("error", contract.EventError, func(ev contract.Event) {
			Expect(*ev.Error.Code).To(Equal("server_error"))
			Expect(ev.Error.Message).NotTo(BeEmpty())
			Expect(ev.Error.Param).To(BeNil())
		}),
		Entry("done", contract.EventDone, func(ev contract.Event) {
			Expect(ev.Payload()).To(BeNil())
		}),
	)

	It("has a table entry for every event of the catalogue", func() {
		Expect(eventstreams.MustLoad(fixtures.Events)).To(HaveLen(len(contract.Events())))
	})

	Context("whole runs", func() {
		for _, fx := range eventstreams.MustLoad(fixtures.Runs) {
			It("decodes "+fx.Path+" into the expected event sequence", func() {
				got := eventstreams.Decode(fx.Data)
				Expect(got.Err).NotTo(HaveOccurred())
				Expect(eventstreams.Names(got.Events)).To(Equal(fx.Outcome.Events))
				expectConsistentRun(got.Events)
			})
		}
	})

	Context("malformed streams", func() {
		for _, fx := range eventstreams.MustLoad(fixtures.Malformed) {
			It(fmt.Sprintf("gives %s for %s", outcomeName(fx.Outcome), fx.Path), func() {
				var opts []runs.EventReaderOption
				if fx.Outcome.MaxEventSize > 0 {
					opts = append(opts, runs.LimitEventSize(fx.Outcome.MaxEventSize))
				}
				got := eventstreams.Decode(fx.Data, opts...)
				Expect(eventstreams.Names(got.Events)).To(Equal(fx.Outcome.Events), fx.Outcome.Description)
				if fx.Outcome.Error == nil {
					Expect(got.Err).NotTo(HaveOccurred(), fx.Outcome.Description)
					return
				}
				Expect(got.Err).To(HaveOccurred(), fx.Outcome.Description)
				Expect(got.Kind).To(Equal(fx.Outcome.Error.Kind), "%v", got.Err)
				Expect(got.Index).To(Equal(fx.Outcome.Error.Index), "%v", got.Err)
			})
		}
	})
})

func outcomeName(o fixtures.Outcome) string {
	if o.Error == nil {
		return fmt.Sprintf("%d events", len(o.Events))
	}
	return fmt.Sprintf("%s at event #%d", o.Error.Kind, o.Error.Index)
}

func expectRun(check func(*contract.Run)) func(contract.Event) {
	return func(ev contract.Event) {
		r := ev.Run
		Expect(r.ID).To(Equal("run_abc123"))
		Expect(r.ThreadID).To(Equal("thread_abc123"))
		Expect(r.AssistantID).To(Equal("asst_abc123"))
		Expect(r.Model).To(Equal("gpt-4o"))
		Expect(r.Tools).NotTo(BeEmpty())
		Expect(r.Tools[0].Function.Parameters).To(MatchJSON(`{"type":"object","properties":{"location":{"type":"string","description":"The city, e.g. Paris"},"unit":{"type":"string","enum":["celsius","fahrenheit"]}},"required":["location"]}`))
		Expect(r.ToolChoice).To(Equal(&contract.ToolChoice{Type: contract.ToolChoiceAuto}))
		Expect(r.ResponseFormat).To(Equal(&contract.ResponseFormat{Type: contract.ResponseFormatAuto}))
		Expect(r.TruncationStrategy).To(Equal(&contract.TruncationStrategy{Type: "auto"}))
		Expect(r.ParallelToolCalls).To(BeTrue())
		check(r)
	}
}

func expectStep(check func(*contract.RunStep)) func(contract.Event) {
	return func(ev contract.Event) {
		s := ev.Step
		Expect(s.ID).To(Equal("step_abc123"))
		Expect(s.RunID).To(Equal("run_abc123"))
		Expect(s.StepDetails.Type).To(Equal(s.Type))
		check(s)
	}
}

func expectMessage(check func(*contract.Message)) func(contract.Event) {
	return func(ev contract.Event) {
		m := ev.Message
		Expect(m.ID).To(Equal("msg_abc123"))
		Expect(m.Role).To(Equal(contract.RoleAssistant))
		Expect(m.RunID).To(HaveValue(Equal("run_abc123")))
		check(m)
	}
}

// expectConsistentRun checks what every whole run must satisfy: deltas
// refer to objects created earlier in the stream, every run event is about
// one run, and a completed message's text equals its concatenated deltas.
func expectConsistentRun(events []contract.Event) {
	created := map[string]bool{}
	texts := map[string]string{}
	runIDs := map[string]bool{}
	for i, ev := range events {
		switch {
		case ev.Run != nil:
			runIDs[ev.Run.ID] = true
		case ev.Step != nil:
			created[ev.Step.ID] = true
		case ev.Message != nil:
			created[ev.Message.ID] = true
			if ev.Message.Status == contract.MessageStatusCompleted && texts[ev.Message.ID] != "" {
				Expect(ev.Message.Content[0].Text.Value).To(Equal(texts[ev.Message.ID]), "message %s text vs its deltas", ev.Message.ID)
			}
		case ev.StepDelta != nil:
			Expect(created).To(HaveKey(ev.StepDelta.ID), "event #%d: delta of a step not created yet", i)
		case ev.MessageDelta != nil:
			Expect(created).To(HaveKey(ev.MessageDelta.ID), "event #%d: delta of a message not created yet", i)
			for _, c := range ev.MessageDelta.Delta.Content {
				if c.Text != nil {
					texts[ev.MessageDelta.ID] += c.Text.Value
				}
			}
		}
	}
	Expect(len(runIDs)).To(BeNumerically("<=", 1), "a stream is about one run")
}
