package emulator

import (
	"fmt"
	"sync"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"go.uber.org/goleak"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/emulator"
	"github.com/runsuite/runsuite/runs"
)

// emuIsolatedRun streams one run on its own thread through c, answering
// its tool calls when it stops at requires_action, and checks that every
// event belongs to that run: its thread, its run, and steps and messages
// it created. It runs on its own goroutine, so it reports with an error
// instead of Gomega.
func emuIsolatedRun(c *runs.Client, threadID string, p contract.RunCreateParams) error {
	st, err := c.CreateStreamRaw(bg, threadID, p)
	if err != nil {
		return err
	}
	var runID string
	owned := map[string]bool{} // the steps and messages this stream created
	var last *contract.Run
	for round := 0; ; round++ {
		for st.Next() {
			ev := st.Current()
			var thread, run string
			switch {
			case ev.Run != nil:
				thread, run, last = ev.Run.ThreadID, ev.Run.ID, ev.Run
				if runID == "" {
					runID = run
				}
			case ev.Step != nil:
				thread, run = ev.Step.ThreadID, ev.Step.RunID
				owned[ev.Step.ID] = true
			case ev.Message != nil:
				thread, run = ev.Message.ThreadID, ""
				if ev.Message.RunID != nil {
					run = *ev.Message.RunID
				}
				owned[ev.Message.ID] = true
			case ev.StepDelta != nil, ev.MessageDelta != nil:
				if !owned[ev.ID()] {
					return fmt.Errorf("thread %s: %s of %s, which no event of this run created", threadID, ev.Name, ev.ID())
				}
				continue
			default:
				return fmt.Errorf("thread %s: unexpected %s event", threadID, ev.Name)
			}
			if thread != threadID || run != runID {
				return fmt.Errorf("thread %s, run %s: %s event of thread %s, run %s", threadID, runID, ev.Name, thread, run)
			}
		}
		if err := st.Err(); err != nil {
			return fmt.Errorf("thread %s: stream #%d: %w", threadID, round, err)
		}
		switch {
		case last == nil:
			return fmt.Errorf("thread %s: no run event", threadID)
		case last.Status == contract.RunStatusCompleted:
			return nil
		case last.Status != contract.RunStatusRequiresAction || round > 0:
			return fmt.Errorf("thread %s: run %s ended %s", threadID, runID, last.Status)
		}
		var outs []contract.ToolOutput
		for _, call := range last.RequiredAction.SubmitToolOutputs.ToolCalls {
			outs = append(outs, contract.ToolOutput{ToolCallID: contract.Set(call.ID), Output: contract.Set(emuToolOutput)})
		}
		if st, err = c.SubmitToolOutputsStreamRaw(bg, threadID, runID, contract.RunSubmitToolOutputsParams{ToolOutputs: outs}); err != nil {
			return fmt.Errorf("thread %s: %w", threadID, err)
		}
	}
}

var _ = Describe("Emulator: concurrency", Label("emulator", "concurrency"), Serial, func() {
	// Not in a BeforeEach: the goroutine snapshot must come before the
	// emulator starts, from the goroutine that later checks for leaks
	// (Ginkgo runs every node on a goroutine of its own). Serial, because
	// goleak looks at the whole process.
	It("streams 200 runs at once through one client without cross-talk, all completing, and leaks no goroutine", func() {
		ignore := goleak.IgnoreCurrent()
		res := newEmuResources(emuUniqueTag())
		asst := res.MustCreateAssistant(emuInstructions, emuWeatherTool, emuCodeInterpreter, emuFileSearch)
		scripts := []string{"text", "function", "code_interpreter", "file_search"}
		const n = 200
		threads := make([]string, n)
		for i := range threads {
			threads[i] = res.MustCreateThread(fmt.Sprintf("Hello from stream %d", i))
		}

		errs := make([]error, n)
		var wg sync.WaitGroup
		for i, thread := range threads {
			wg.Go(func() {
				errs[i] = emuIsolatedRun(res.client, thread, emuRunParams(asst, map[string]string{emulator.MetadataScript: scripts[i%len(scripts)]}))
			})
		}
		wg.Wait()
		for _, err := range errs {
			Expect(err).NotTo(HaveOccurred())
		}
		for _, thread := range threads[:len(scripts)] {
			page, err := res.client.List(bg, thread, contract.RunListParams{})
			Expect(err).NotTo(HaveOccurred())
			Expect(page.Data).To(ConsistOf(HaveField("Status", contract.RunStatusCompleted)))
		}

		res.Cleanup()
		goleak.VerifyNone(GinkgoT(), ignore)
	})
})
