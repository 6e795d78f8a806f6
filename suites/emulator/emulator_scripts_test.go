package emulator

import (
	"errors"
	"slices"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/emulator"
	"github.com/runsuite/runsuite/runs"
)

// emuToolOutput is what the suites answer every function call with.
const emuToolOutput = "22C and sunny"

// emuSubmit says how a scenario answers requires_action.
type emuSubmit uint8

const (
	emuSubmitNone   emuSubmit = iota // the scenario never requires action
	emuSubmitStream                  // SubmitToolOutputsStreamRaw
	emuSubmitCall                    // SubmitToolOutputs, then the clock moves the run on
)

// emuScenario is one scripted run: what its assistant, thread and run
// parameters are, and what it must stream and end as.
type emuScenario struct {
	tools        []contract.Tool      // the assistant's tools
	message      string               // the thread's user message
	metadata     map[string]string    // run metadata: emulator.script and emulator.outcome
	choice       *contract.ToolChoice // the run's tool_choice, when set
	threadAndRun bool                 // create the thread and the run in one POST /threads/runs
	submit       emuSubmit
	want         []string // events of the creation stream, then done or error if it ends with one
	cont         []string // events of the tool-output stream (emuSubmitStream)
	status       contract.RunStatus
	// check looks at what is specific to the scenario, once the run is
	// played and its stored state read.
	check func(p emuPlayed, st emuState)
}

// emuPlayed is a played scenario.
type emuPlayed struct {
	threadID, runID string
	streams         []emuStream // the creation stream, then the tool-output stream if any
	run             *contract.Run
}

// play plays sc on r: a new assistant and thread, the streamed run, and the
// tool-output round trip when it stops at requires_action.
func (r *emuResources) play(sc emuScenario) emuPlayed {
	GinkgoHelper()
	asst := r.MustCreateAssistant(emuInstructions, sc.tools...)
	var p emuPlayed
	var first emuStream
	if sc.threadAndRun {
		first = r.MustStreamThreadAndRun(asst, sc.message, sc.metadata)
		Expect(first.events).NotTo(BeEmpty())
		Expect(first.events[0].Thread).NotTo(BeNil(), "the first event is %s", first.events[0].Name)
		Expect(first.events[0].Thread.Metadata).To(HaveKeyWithValue(emuTagKey, r.tag))
		p.threadID = first.events[0].Thread.ID
	} else {
		p.threadID = r.MustCreateThread(sc.message)
		params := emuRunParams(asst, sc.metadata)
		if sc.choice != nil {
			params.ToolChoice = contract.Set(*sc.choice)
		}
		first = r.MustStream(p.threadID, params)
	}
	p.runID = first.runID()
	Expect(p.runID).NotTo(BeEmpty(), "no run event in %v", first.names)
	p.streams = []emuStream{first}
	if sc.submit != emuSubmitNone {
		outs := emuOutputsAll(first.lastRun(), emuToolOutput)
		if sc.submit == emuSubmitStream {
			p.streams = append(p.streams, r.MustSubmitStream(p.threadID, p.runID, outs))
		} else {
			queued, err := r.client.SubmitToolOutputs(bg, p.threadID, p.runID, contract.RunSubmitToolOutputsParams{ToolOutputs: outs})
			Expect(err).NotTo(HaveOccurred())
			Expect(queued.Status).To(Equal(contract.RunStatusQueued))
			Expect(queued.RequiredAction).To(BeNil())
			// The answer's three phases (in_progress, the message step, the
			// reply) follow the run's own time, which the stream played ahead
			// of the clock: move the clock well past both.
			r.clock.Advance(emuAheadPhases * emuPhase)
		}
	}
	run, err := r.client.Retrieve(bg, p.threadID, p.runID)
	Expect(err).NotTo(HaveOccurred())
	p.run = run
	return p
}

// expectEnd checks that a stream ended as its expected event names say:
// done (Err is nil), an error event (*runs.StreamError with the emulator's
// failure), or a cut connection.
func expectEmuEnd(s emuStream, want []string) {
	GinkgoHelper()
	switch want[len(want)-1] {
	case string(contract.EventDone):
		Expect(s.err).NotTo(HaveOccurred())
		Expect(s.end).To(Equal(emuEndDone))
	case string(contract.EventError):
		var se *runs.StreamError
		Expect(errors.As(s.err, &se)).To(BeTrue(), "got %v, want a *runs.StreamError", s.err)
		Expect(se.Event).To(Equal(contract.EventError))
		Expect(se.Object).To(Equal(contract.ErrorObject{Type: "server_error", Code: emuPtr("server_error"), Message: "Sorry, something went wrong."}))
	default:
		expectEmuCut(s.err)
	}
}

func emuPtr[T any](v T) *T { return &v }

// expectTerminalRun checks the fields a run in a terminal status must have
// (CONTRACT §3.1): usage, no required action, and the timestamp or detail
// of its status.
func expectEmuTerminalRun(run *contract.Run) {
	GinkgoHelper()
	Expect(run.Status.Terminal()).To(BeTrue(), "status %s", run.Status)
	Expect(run.Usage).NotTo(BeNil(), "usage of a terminal run")
	Expect(run.Usage.TotalTokens).To(Equal(run.Usage.PromptTokens + run.Usage.CompletionTokens))
	Expect(run.RequiredAction).To(BeNil())
	if run.Status != contract.RunStatusCancelled || run.StartedAt != nil { // a run cancelled while queued never started
		Expect(run.StartedAt).To(HaveValue(BeNumerically(">=", run.CreatedAt)), "started_at")
	}
	type fields struct {
		CompletedAt, FailedAt, CancelledAt, ExpiresAt bool
		LastError                                     *contract.LastError
		IncompleteDetails                             *contract.IncompleteDetails
	}
	got := fields{run.CompletedAt != nil, run.FailedAt != nil, run.CancelledAt != nil, run.ExpiresAt != nil, run.LastError, run.IncompleteDetails}
	want := map[contract.RunStatus]fields{
		contract.RunStatusCompleted:  {CompletedAt: true},
		contract.RunStatusFailed:     {FailedAt: true, LastError: &contract.LastError{Code: "server_error", Message: "Sorry, something went wrong."}},
		contract.RunStatusIncomplete: {IncompleteDetails: &contract.IncompleteDetails{Reason: "max_completion_tokens"}},
		contract.RunStatusCancelled:  {CancelledAt: true},
		contract.RunStatusExpired:    {ExpiresAt: true},
	}[run.Status]
	Expect(got).To(Equal(want), "the nullable fields of a %s run", run.Status)
	if run.Status == contract.RunStatusExpired {
		Expect(*run.ExpiresAt).To(Equal(run.CreatedAt+int64(emulator.RunLifetime.Seconds())), "an expired run keeps its expires_at")
	}
}

// The stored-state checks of the scenarios.

// expectSteps checks the statuses of a run's steps, oldest first.
func expectEmuSteps(st emuState, want ...contract.StepStatus) {
	GinkgoHelper()
	var got []contract.StepStatus
	for _, s := range st.Steps {
		got = append(got, s.Status)
	}
	Expect(got).To(Equal(want), "step statuses")
}

// lastMessage returns the assistant's message, the thread's last.
func emuLastMessage(st emuState) contract.Message {
	GinkgoHelper()
	Expect(st.Messages).NotTo(BeEmpty())
	m := st.Messages[len(st.Messages)-1]
	Expect(m.Role).To(Equal(contract.RoleAssistant))
	Expect(m.RunID).To(HaveValue(Equal(st.Run.ID)))
	return m
}

// expectReply checks the assistant's reply: its status, text and, for an
// incomplete one, the reason.
func expectEmuReply(st emuState, status contract.MessageStatus, text OmegaMatcher, reason string) {
	GinkgoHelper()
	m := emuLastMessage(st)
	Expect(m.Status).To(Equal(status))
	Expect(m.Content).To(HaveLen(1))
	Expect(m.Content[0].Text.Value).To(text)
	if reason == "" {
		Expect(m.IncompleteDetails).To(BeNil())
		Expect(m.CompletedAt).NotTo(BeNil())
		return
	}
	Expect(m.IncompleteDetails).To(Equal(&contract.MessageIncompleteDetails{Reason: reason}))
	Expect(m.IncompleteAt).NotTo(BeNil())
}

// noReply checks that the run wrote no message: the thread holds only the
// user's.
func expectEmuNoReply(st emuState) {
	GinkgoHelper()
	for _, m := range st.Messages {
		Expect(m.Role).To(Equal(contract.RoleUser), "message %s", m.ID)
	}
}

// emuHello is the user message of the text scenarios and what the emulator
// says back.
const emuHello = "Hello from runsuite"

var emuHelloReply = HavePrefix(`You said: "` + emuHello + `".`)

// emuScenarios are every script and every outcome, by name.
var emuScenarios = []struct {
	name string
	sc   emuScenario
}{
	{"text reply", emuScenario{
		message: emuHello,
		want:    slices.Concat(emuRunStart, emuMsgStep, emuReply, emuMsgEnd),
		status:  contract.RunStatusCompleted,
		check: func(_ emuPlayed, st emuState) {
			expectEmuSteps(st, contract.StepStatusCompleted)
			expectEmuReply(st, contract.MessageStatusCompleted, emuHelloReply, "")
		},
	}},
	{"text reply, thread created with the run", emuScenario{
		message: emuHello, threadAndRun: true,
		want:   slices.Concat([]string{"thread.created"}, emuRunStart, emuMsgStep, emuReply, emuMsgEnd),
		status: contract.RunStatusCompleted,
		check: func(_ emuPlayed, st emuState) {
			Expect(st.Messages).To(HaveLen(2), "the thread's user message and the reply")
			expectEmuReply(st, contract.MessageStatusCompleted, emuHelloReply, "")
		},
	}},
	{"function tool, outputs streamed", emuScenario{
		tools: []contract.Tool{emuWeatherTool}, message: "Please call get_current_weather for me",
		submit: emuSubmitStream,
		want:   slices.Concat(emuRunStart, emuToolStep, emuTimes("thread.run.step.delta", 1+emuDeltas), []string{"thread.run.requires_action", "done"}),
		cont: slices.Concat([]string{"thread.run.step.completed", "thread.run.queued", "thread.run.in_progress"},
			emuMsgStep, emuReply, emuMsgEnd),
		status: contract.RunStatusCompleted,
		check:  expectEmuFunctionAnswered,
	}},
	{"function tool, outputs submitted without streaming", emuScenario{
		tools: []contract.Tool{emuWeatherTool}, message: "hi",
		choice: &contract.ToolChoice{Type: "function", Function: &contract.ToolChoiceFunction{Name: "get_current_weather"}},
		submit: emuSubmitCall,
		want:   slices.Concat(emuRunStart, emuToolStep, emuTimes("thread.run.step.delta", 1+emuDeltas), []string{"thread.run.requires_action", "done"}),
		status: contract.RunStatusCompleted,
		check:  expectEmuFunctionAnswered,
	}},
	{"code_interpreter", emuScenario{
		tools: []contract.Tool{emuCodeInterpreter}, message: "Run code_interpreter on this",
		want: slices.Concat(emuRunStart, emuToolStep, emuTimes("thread.run.step.delta", 1+emuDeltas+1), []string{"thread.run.step.completed"},
			emuMsgStep, emuReply, emuMsgEnd),
		status: contract.RunStatusCompleted,
		check: func(_ emuPlayed, st emuState) {
			expectEmuSteps(st, contract.StepStatusCompleted, contract.StepStatusCompleted)
			calls := st.Steps[0].StepDetails.ToolCalls
			Expect(calls).To(HaveLen(1))
			Expect(calls[0].CodeInterpreter.Input).To(ContainSubstring("print(len(text))"))
			Expect(calls[0].CodeInterpreter.Outputs).To(Equal([]contract.CodeInterpreterOutput{{Type: "logs", Logs: "28\n"}}))
			expectEmuReply(st, contract.MessageStatusCompleted, HavePrefix("The code printed 28."), "")
		},
	}},
	{"code_interpreter forced by emulator.script", emuScenario{
		message: "hi", metadata: map[string]string{emulator.MetadataScript: "code_interpreter"},
		want: slices.Concat(emuRunStart, emuToolStep, emuTimes("thread.run.step.delta", 1+emuDeltas+1), []string{"thread.run.step.completed"},
			emuMsgStep, emuReply, emuMsgEnd),
		status: contract.RunStatusCompleted,
		check: func(_ emuPlayed, st emuState) {
			expectEmuSteps(st, contract.StepStatusCompleted, contract.StepStatusCompleted)
			expectEmuReply(st, contract.MessageStatusCompleted, HavePrefix("The code printed 2."), "")
		},
	}},
	{"file_search", emuScenario{
		tools: []contract.Tool{emuFileSearch}, message: "hi", choice: &contract.ToolChoice{Type: "file_search"},
		want: slices.Concat(emuRunStart, emuToolStep, []string{"thread.run.step.delta", "thread.run.step.completed"},
			emuMsgStep, emuReply, emuMsgEnd),
		status: contract.RunStatusCompleted,
		check: func(_ emuPlayed, st emuState) {
			expectEmuSteps(st, contract.StepStatusCompleted, contract.StepStatusCompleted)
			fs := st.Steps[0].StepDetails.ToolCalls[0].FileSearch
			Expect(fs.Results).To(HaveLen(2))
			for _, res := range fs.Results {
				Expect(res.Content).To(BeEmpty(), "content without include[]")
			}
			m := emuLastMessage(st)
			Expect(m.Content[0].Text.Annotations).To(ConsistOf(HaveField("FileCitation.FileID", fs.Results[0].FileID)))
		},
	}},
	{"outcome failed", emuScenario{
		message: "hi", metadata: map[string]string{emulator.MetadataOutcome: "failed"},
		want: slices.Concat(emuRunStart, emuMsgStep, emuTimes("thread.message.delta", max(1, emuDeltas/2)),
			[]string{"thread.message.incomplete", "thread.run.step.failed", "thread.run.failed", "done"}),
		status: contract.RunStatusFailed,
		check: func(_ emuPlayed, st emuState) {
			expectEmuSteps(st, contract.StepStatusFailed)
			Expect(st.Steps[0].LastError).To(Equal(&contract.LastError{Code: "server_error", Message: "Sorry, something went wrong."}))
			Expect(st.Steps[0].FailedAt).NotTo(BeNil())
			expectEmuReply(st, contract.MessageStatusIncomplete, Not(BeEmpty()), "run_failed")
		},
	}},
	{"outcome incomplete", emuScenario{
		message: emuHello, metadata: map[string]string{emulator.MetadataOutcome: "incomplete"},
		want: slices.Concat(emuRunStart, emuMsgStep, emuTimes("thread.message.delta", max(1, emuDeltas/2)),
			[]string{"thread.message.incomplete", "thread.run.step.completed", "thread.run.incomplete", "done"}),
		status: contract.RunStatusIncomplete,
		check: func(_ emuPlayed, st emuState) {
			expectEmuSteps(st, contract.StepStatusCompleted)
			expectEmuReply(st, contract.MessageStatusIncomplete, Not(BeEmpty()), "max_tokens")
		},
	}},
	{"outcome expired", emuScenario{
		message: emuHello, metadata: map[string]string{emulator.MetadataOutcome: "expired"},
		want: slices.Concat(emuRunStart, emuMsgStep, emuReply,
			[]string{"thread.message.incomplete", "thread.run.step.expired", "thread.run.expired", "done"}),
		status: contract.RunStatusExpired,
		check: func(_ emuPlayed, st emuState) {
			expectEmuSteps(st, contract.StepStatusExpired)
			Expect(st.Steps[0].ExpiredAt).To(Equal(st.Run.ExpiresAt))
			expectEmuReply(st, contract.MessageStatusIncomplete, emuHelloReply, "run_expired")
		},
	}},
	{"outcome cancelled", emuScenario{
		message: emuHello, metadata: map[string]string{emulator.MetadataOutcome: "cancelled"},
		want: slices.Concat(emuRunStart, emuMsgStep, emuReply,
			[]string{"thread.run.cancelling", "thread.message.incomplete", "thread.run.step.cancelled", "thread.run.cancelled", "done"}),
		status: contract.RunStatusCancelled,
		check: func(_ emuPlayed, st emuState) {
			expectEmuSteps(st, contract.StepStatusCancelled)
			Expect(st.Steps[0].CancelledAt).To(Equal(st.Run.CancelledAt))
			expectEmuReply(st, contract.MessageStatusIncomplete, emuHelloReply, "run_cancelled")
		},
	}},
	{"outcome cancelled during a tool step", emuScenario{
		message: "hi", metadata: map[string]string{emulator.MetadataOutcome: "cancelled", emulator.MetadataScript: "code_interpreter"},
		want: slices.Concat(emuRunStart, emuToolStep, emuTimes("thread.run.step.delta", 1+emuDeltas+1),
			[]string{"thread.run.cancelling", "thread.run.step.cancelled", "thread.run.cancelled", "done"}),
		status: contract.RunStatusCancelled,
		check: func(_ emuPlayed, st emuState) {
			expectEmuSteps(st, contract.StepStatusCancelled)
			expectEmuNoReply(st)
		},
	}},
	{"outcome error_event", emuScenario{
		message: "hi", metadata: map[string]string{emulator.MetadataOutcome: "error_event"},
		want:   slices.Concat(emuRunStart, []string{"error"}),
		status: contract.RunStatusFailed,
		check: func(_ emuPlayed, st emuState) {
			Expect(st.Steps).To(BeEmpty())
			expectEmuNoReply(st)
		},
	}},
}

// emuDropConnection is the drop_connection outcome: the connection is cut
// halfway through the reply. The stored run fails.
var emuDropConnection = emuScenario{
	message: emuHello, metadata: map[string]string{emulator.MetadataOutcome: "drop_connection"},
	want:   slices.Concat(emuRunStart, emuMsgStep, emuTimes("thread.message.delta", max(1, emuDeltas/2))),
	status: contract.RunStatusFailed,
	check:  expectEmuDroppedRun,
}

// expectEmuDroppedRun checks the stored state of a run whose stream was cut:
// failed, with its step failed and its reply incomplete.
func expectEmuDroppedRun(_ emuPlayed, st emuState) {
	GinkgoHelper()
	expectEmuSteps(st, contract.StepStatusFailed)
	expectEmuReply(st, contract.MessageStatusIncomplete, Not(BeEmpty()), "run_failed")
}

// expectEmuFunctionAnswered checks a function run answered with
// emuToolOutput: the tool step holds the call and its output, and the
// reply quotes it.
func expectEmuFunctionAnswered(_ emuPlayed, st emuState) {
	GinkgoHelper()
	expectEmuSteps(st, contract.StepStatusCompleted, contract.StepStatusCompleted)
	calls := st.Steps[0].StepDetails.ToolCalls
	Expect(calls).To(HaveLen(1))
	Expect(calls[0].Function.Name).To(Equal("get_current_weather"))
	Expect(calls[0].Function.Arguments).To(MatchJSON(emuWeatherArguments))
	Expect(calls[0].Function.Output).To(HaveValue(Equal(emuToolOutput)))
	expectEmuReply(st, contract.MessageStatusCompleted, HavePrefix("The function returned: "+emuToolOutput+"."), "")
}

// emuScenarioEntries are the table entries of every scenario; those named
// in pending are Pending, each for the bug its value names.
func emuScenarioEntries(pending map[string]string) []TableEntry {
	entries := make([]TableEntry, len(emuScenarios))
	for i, s := range emuScenarios {
		if bug, ok := pending[s.name]; ok {
			entries[i] = PEntry(s.name+" (pending: "+bug+")", s.sc)
			continue
		}
		entries[i] = Entry(s.name, s.sc)
	}
	return entries
}

var _ = Describe("Emulator: scripts and outcomes", Label("emulator", "streaming"), func() {
	var res *emuResources
	BeforeEach(func() {
		res = newEmuResources(emuUniqueTag())
	})

	// expectScenario plays sc and checks its streams, how they ended and
	// the run's stored state.
	expectScenario := func(sc emuScenario) {
		p := res.play(sc)
		Expect(p.streams[0].names).To(Equal(sc.want), "the creation stream")
		expectEmuEnd(p.streams[0], sc.want)
		if sc.submit == emuSubmitStream {
			Expect(p.streams[1].names).To(Equal(sc.cont), "the tool-output stream")
			expectEmuEnd(p.streams[1], sc.cont)
		}
		res.expectRunStreams(p.threadID, p.runID, p.streams...)

		Expect(p.run.Status).To(Equal(sc.status))
		expectEmuTerminalRun(p.run)
		last := p.streams[len(p.streams)-1]
		if r := last.lastRun(); last.end == emuEndDone && r.Status.Terminal() {
			Expect(p.run).To(Equal(r), "the stored run is the run of the terminal event")
		}
		sc.check(p, res.MustState(p.threadID, p.runID))
	}

	DescribeTable("streams the exact events of each script and outcome, ends as it must and stores the run's end",
		expectScenario,
		emuScenarioEntries(nil),
		Entry("outcome drop_connection", emuDropConnection),
	)

	It("cuts the connection of a drop_connection run mid-reply, never ending cleanly, and fails the run", func() {
		sc := emuDropConnection
		p := res.play(sc)
		s := p.streams[0]
		expectEmuCut(s.err)
		prefix := slices.Concat(emuRunStart, emuMsgStep)
		Expect(len(s.names)).To(BeNumerically(">", len(prefix)))
		Expect(s.names[:len(prefix)]).To(Equal(prefix))
		Expect(s.names[len(prefix):]).To(HaveEach("thread.message.delta"), "only reply deltas before the cut")
		Expect(len(s.names) - len(prefix)).To(BeNumerically("<=", emuDeltas))
		res.expectRunStreams(p.threadID, p.runID, s)
		Expect(p.run.Status).To(Equal(contract.RunStatusFailed))
		expectEmuTerminalRun(p.run)
		sc.check(p, res.MustState(p.threadID, p.runID))
	})

	It("produces and decodes every event type of the catalogue across the scenarios", func() {
		seen := map[string]bool{}
		for _, s := range emuScenarios {
			p := res.play(s.sc)
			for _, st := range p.streams {
				for _, n := range st.names {
					seen[n] = true
				}
			}
		}
		var missing []string
		for _, spec := range contract.Events() {
			if !seen[string(spec.Name)] {
				missing = append(missing, string(spec.Name))
			}
		}
		Expect(missing).To(BeEmpty(), "event types no scenario produced (done included)")
		Expect(contract.Events()).To(HaveLen(25), "24 event types and done")
	})
})

// emuEndOfStep returns when a step stopped, or nil while it runs.
func emuEndOfStep(s contract.RunStep) *int64 {
	for _, t := range []*int64{s.CompletedAt, s.FailedAt, s.CancelledAt, s.ExpiredAt} {
		if t != nil {
			return t
		}
	}
	return nil
}

// expectEmuOrderedTimestamps checks that a run's stored timestamps follow
// its life: the run is created, then starts; each step is created after
// the run and ends after it was created and no later than the run; each
// reply is created with its step and finishes after.
func expectEmuOrderedTimestamps(st emuState) {
	GinkgoHelper()
	run := st.Run
	Expect(run.StartedAt).To(HaveValue(BeNumerically(">=", run.CreatedAt)), "run started_at")
	var runEnd *int64
	for _, t := range []*int64{run.CompletedAt, run.FailedAt, run.CancelledAt} {
		if t != nil {
			runEnd = t
		}
	}
	if run.Status == contract.RunStatusExpired {
		runEnd = run.ExpiresAt
	}
	if runEnd != nil {
		Expect(*runEnd).To(BeNumerically(">=", *run.StartedAt), "the run's end vs started_at")
	}
	created := map[string]int64{} // message id → the created_at of the step that made it
	for _, s := range st.Steps {
		Expect(s.CreatedAt).To(BeNumerically(">=", *run.StartedAt), "step %s created_at vs the run's started_at", s.ID)
		if end := emuEndOfStep(s); end != nil {
			Expect(*end).To(BeNumerically(">=", s.CreatedAt), "step %s (%s): its end vs its created_at", s.ID, s.Type)
			if runEnd != nil {
				Expect(*end).To(BeNumerically("<=", *runEnd), "step %s: its end vs the run's", s.ID)
			}
		}
		if mc := s.StepDetails.MessageCreation; mc != nil {
			created[mc.MessageID] = s.CreatedAt
		}
	}
	for _, m := range st.Messages {
		if stepCreated, ok := created[m.ID]; ok {
			Expect(m.CreatedAt).To(BeNumerically(">=", stepCreated), "message %s created_at vs its step's", m.ID)
			for _, t := range []*int64{m.CompletedAt, m.IncompleteAt} {
				if t != nil {
					Expect(*t).To(BeNumerically(">=", m.CreatedAt), "message %s: its end vs its created_at", m.ID)
				}
			}
		}
	}
}

var _ = Describe("Emulator: stored runs hold together", Label("emulator", "streaming"), func() {
	var res *emuResources
	BeforeEach(func() {
		res = newEmuResources(emuUniqueTag())
	})

	DescribeTable("keeps a played run's timestamps in the order of its life",
		func(sc emuScenario) {
			p := res.play(sc)
			expectEmuOrderedTimestamps(res.MustState(p.threadID, p.runID))
		},
		emuScenarioEntries(nil),
	)

	DescribeTable("names, in every message_creation step, a message of the run's thread",
		func(sc emuScenario) {
			p := res.play(sc)
			st := res.MustState(p.threadID, p.runID)
			ids := map[string]bool{}
			for _, m := range st.Messages {
				ids[m.ID] = true
			}
			for _, s := range st.Steps {
				if mc := s.StepDetails.MessageCreation; mc != nil {
					Expect(ids).To(HaveKey(mc.MessageID), "step %s (%s)", s.ID, s.Status)
				}
			}
		},
		emuScenarioEntries(nil),
	)
})
