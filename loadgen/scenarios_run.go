package loadgen

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/runs"
)

// worker runs one run at a time. Its Result and slices are reused from run
// to run, so a steady attack allocates little per run.
type worker struct {
	a      *attack
	id     int
	thread string // the worker's thread; "" makes the next run create one
	rng    *rand.Rand
	res    Result
}

// message returns the user message of a new thread.
func (w *worker) message() string {
	return fmt.Sprintf("runsuite load run, worker %d, token %d", w.id, w.rng.Uint32())
}

// pick chooses the scenario of the next run.
func (w *worker) pick() Scenario {
	sc := w.a.cfg.scenarios
	if len(sc) == 1 {
		return sc[0]
	}
	return sc[w.rng.IntN(len(sc))]
}

// run performs one run of seq with client k under runCtx and hands its
// Result to the recorder.
func (w *worker) run(runCtx context.Context, seq int64, k ClientKind) {
	a := w.a
	res := &w.res
	res.reset()
	if res.EventTypes == nil {
		res.EventTypes = map[string]int64{} // grows to the dozen names a stream has
	}
	res.Seq, res.Shard, res.Client, res.Scenario = seq, a.cfg.shardIndex, k, w.pick()
	p := &probe{global: &a.live.bytes}
	ctx, cancel := context.WithTimeout(withProbe(runCtx, p), a.cfg.timeout)
	start := time.Now()
	res.Timestamp = start
	a.live.inFlight.Add(1)
	err := w.scenario(ctx, a.apis[k], res, start)
	a.live.inFlight.Add(-1)
	res.Code = p.status
	res.Bytes = p.bytes.Load()
	if !p.headers.IsZero() {
		res.TimeToHeaders = p.headers.Sub(start)
	}
	if err != nil {
		res.ErrorKind = classify(err, ctx, a.runsCancelled.Load())
		res.Error = err.Error()
		if res.Scenario != ScenarioThreadAndRun {
			w.thread = "" // the thread may still hold an active run
		}
	}
	cancel()
	a.record(res)
}

// scenario runs res.Scenario.
func (w *worker) scenario(ctx context.Context, api runs.RunsAPI, res *Result, start time.Time) error {
	a := w.a
	if res.Scenario == ScenarioThreadAndRun {
		s, err := a.setup.threadAndRunStream(ctx, a.assistantID, w.message())
		if err != nil {
			return err
		}
		return w.read(s, res, start, nil)
	}
	if w.thread == "" {
		id, err := a.setup.createThread(ctx, w.message())
		if err != nil {
			return &setupError{err: err}
		}
		w.thread = id
	}
	switch res.Scenario {
	case ScenarioStream:
		s, err := api.CreateStreamRaw(ctx, w.thread, contract.RunCreateParams{AssistantID: a.assistantID})
		if err != nil {
			return err
		}
		return w.read(s, res, start, nil)
	case ScenarioToolRoundtrip:
		return w.toolRoundtrip(ctx, api, res, start)
	case ScenarioPoll:
		return w.poll(ctx, api, res, start)
	}
	return fmt.Errorf("scenario %q: not runnable", res.Scenario)
}

// read reads s to its end, timing and counting every event and showing
// every run event to onRun when it is not nil. The end of the stream is the
// run's stream duration so far.
func (w *worker) read(s *runs.Stream, res *Result, start time.Time, onRun func(*contract.Run)) error {
	defer s.Close()
	var last time.Time
	var pending int64 // events not yet added to the live counter
	first := true
	for s.Next() {
		now := time.Now()
		ev := s.Current()
		if res.Events == 0 {
			res.TimeToFirstEvent = now.Sub(start)
		}
		if !first {
			res.Gaps = append(res.Gaps, now.Sub(last))
		}
		first, last = false, now
		res.Events++
		if pending++; pending == liveBatch { // the shared counter is touched once per batch
			w.a.live.events.Add(liveBatch)
			pending = 0
		}
		res.EventTypes[string(ev.Name)]++
		if ev.Run != nil {
			res.RunStatus = statusOf(ev.Run.Status)
			if ev.Name == contract.EventThreadRunRequiresAction && res.TimeToRequiresAction == 0 {
				res.TimeToRequiresAction = now.Sub(start)
			}
			if onRun != nil {
				onRun(ev.Run)
			}
		}
	}
	res.StreamDuration = time.Since(start)
	w.a.live.events.Add(pending)
	err := s.Err()
	var se *runs.StreamError
	switch {
	case err == nil: // ended with done, which Next does not yield
		w.terminal(res, contract.EventDone)
	case errors.As(err, &se) && se.Event == contract.EventError:
		w.terminal(res, contract.EventError)
	}
	return err
}

// runStatuses are the statuses a run can have.
var runStatuses = [...]contract.RunStatus{
	contract.RunStatusQueued, contract.RunStatusInProgress, contract.RunStatusRequiresAction,
	contract.RunStatusCancelling, contract.RunStatusCancelled, contract.RunStatusFailed,
	contract.RunStatusCompleted, contract.RunStatusIncomplete, contract.RunStatusExpired,
}

// statusOf returns s as a string that shares no memory with the event it
// was decoded from: decoded strings point into their event's data, and a
// worker keeps the last status of a run for the whole run (10,000 streams
// would keep 10,000 events' data alive).
func statusOf(s contract.RunStatus) string {
	for _, known := range runStatuses {
		if s == known {
			return string(known)
		}
	}
	return strings.Clone(string(s))
}

// liveBatch is how many events a worker counts before adding them to the
// attack's shared live counter, so that workers on different cores do not
// contend for it on every event.
const liveBatch = 32

// terminal counts the event that ended a stream.
func (w *worker) terminal(res *Result, name contract.EventName) {
	res.Events++
	w.a.live.events.Add(1)
	res.EventTypes[string(name)]++
}

// toolRoundtrip streams a run to requires_action, submits the outputs
// streamed and reads that stream to done.
func (w *worker) toolRoundtrip(ctx context.Context, api runs.RunsAPI, res *Result, start time.Time) error {
	a := w.a
	s, err := api.CreateStreamRaw(ctx, w.thread, toolParams(a.assistantID))
	if err != nil {
		return err
	}
	var waiting *contract.Run
	err = w.read(s, res, start, func(r *contract.Run) {
		if r.Status == contract.RunStatusRequiresAction {
			waiting = r
		}
	})
	if err != nil {
		return err
	}
	if waiting == nil {
		return &scenarioError{what: "the run never required action", status: res.RunStatus}
	}
	s, err = api.SubmitToolOutputsStreamRaw(ctx, w.thread, waiting.ID, contract.RunSubmitToolOutputsParams{ToolOutputs: outputsFor(waiting)})
	if err != nil {
		return err
	}
	return w.read(s, res, start, nil)
}

// poll creates a run that calls a tool without streaming, then retrieves
// it until it is terminal, answering requires_action.
func (w *worker) poll(ctx context.Context, api runs.RunsAPI, res *Result, start time.Time) error {
	a := w.a
	run, err := api.Create(ctx, w.thread, toolParams(a.assistantID))
	if err != nil {
		return err
	}
	res.RunStatus = statusOf(run.Status)
	run, err = runs.Poll(ctx, api, w.thread, run.ID, runs.PollOptions{
		Interval: a.cfg.pollInterval,
		Tools: func(_ context.Context, r *contract.Run, _ []contract.RequiredToolCall) ([]contract.ToolOutput, error) {
			if res.TimeToRequiresAction == 0 {
				res.TimeToRequiresAction = time.Since(start)
			}
			return outputsFor(r), nil
		},
	})
	if run != nil {
		res.RunStatus = statusOf(run.Status)
	}
	res.StreamDuration = time.Since(start)
	return err
}

// outputsFor answers every tool call r waits on.
func outputsFor(r *contract.Run) []contract.ToolOutput {
	if r.RequiredAction == nil {
		return nil
	}
	calls := r.RequiredAction.SubmitToolOutputs.ToolCalls
	out := make([]contract.ToolOutput, len(calls))
	for i, c := range calls {
		out[i] = contract.ToolOutput{ToolCallID: contract.Set(c.ID), Output: contract.Set(`{"reading":42}`)}
	}
	return out
}

// setupError is a run that failed before its first request of the
// scenario proper.
type setupError struct{ err error }

// Error says the run could not be prepared, and why.
func (e *setupError) Error() string { return "prepare run: " + e.err.Error() }

// Unwrap returns the cause.
func (e *setupError) Unwrap() error { return e.err }

// scenarioError is a run whose server did not do what the scenario needs.
type scenarioError struct {
	what   string
	status string
}

// Error says what the server did not do.
func (e *scenarioError) Error() string {
	return fmt.Sprintf("%s (last status %q)", e.what, e.status)
}
