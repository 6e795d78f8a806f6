package emulator

import (
	"time"

	"github.com/runsuite/runsuite/contract"
)

// This file finds the objects a request names. In strict mode an unknown
// id is a 404; in lenient mode the emulator synthesizes an object carrying
// that id, as Prism-style mocks do. Requests that change something (keep)
// store what is synthesized, so that later requests see the same object;
// reads do not, so that reading unknown ids costs no memory.

// threadFor returns the thread with the given id.
func (s *Server) threadFor(id string, keep bool) (*thread, *apiError) {
	if t := s.store.thread(id); t != nil {
		return t, nil
	}
	if !s.lenient() {
		return nil, notFound("thread", id)
	}
	t := newThread(newThreadObject(id, s.now(), nil, nil))
	if !keep {
		return t, nil
	}
	t.touch(s.now())
	return s.store.addThread(t), nil
}

// lockThread returns the thread with the given id, locked and marked as
// used now. A thread that retention forgot meanwhile is looked up again.
func (s *Server) lockThread(id string, keep bool) (*thread, *apiError) {
	for range 2 {
		t, aerr := s.threadFor(id, keep)
		if aerr != nil {
			return nil, aerr
		}
		t.mu.Lock()
		if !t.gone {
			t.touch(s.now())
			return t, nil
		}
		t.mu.Unlock()
	}
	return nil, notFound("thread", id)
}

// assistantFor returns the assistant with the given id.
func (s *Server) assistantFor(id string, keep bool) (*assistant, *apiError) {
	if a := s.store.assistant(id); a != nil {
		return a, nil
	}
	if !s.lenient() {
		return nil, notFound("assistant", id)
	}
	a := synthAssistant(id, s.now())
	if !keep {
		return a, nil
	}
	return s.store.addAssistant(a), nil
}

// synthAssistant is the assistant lenient mode makes up for an unknown id.
func synthAssistant(id string, now time.Time) *assistant {
	instr := "You are a helpful assistant."
	return &assistant{
		ID: id, Object: "assistant", CreatedAt: now.Unix(), Model: "gpt-4o",
		Instructions: &instr, Tools: []contract.Tool{}, Metadata: map[string]string{},
		Temperature: floatPtr(1), TopP: floatPtr(1),
		ResponseFormat: &contract.ResponseFormat{Type: contract.ResponseFormatAuto},
	}
}

// fallbackAssistant is the assistant of runs lenient mode synthesizes.
func (s *Server) fallbackAssistant() *assistant {
	s.fallbackOnce.Do(func() {
		s.fallback = s.store.addAssistant(synthAssistant(s.ids.next(prefixAssistant), s.now()))
	})
	return s.fallback
}

// synthState is the state a synthesized run is brought to.
type synthState uint8

const (
	synthCompleted      synthState = iota // a finished text run
	synthInProgress                       // a text run under way
	synthRequiresAction                   // a function run awaiting outputs
)

// synthFunction is the function of synthesized runs that await outputs.
const synthFunction = "emulator_function"

// runFor returns the run with the given id on t. In lenient mode an
// unknown run is synthesized in state want, and stored when keep is set.
// The caller holds t.mu.
func (s *Server) runFor(t *thread, id string, want synthState, keep bool, now time.Time) (*run, *apiError) {
	if r := t.runByID[id]; r != nil {
		return r, nil
	}
	if !s.lenient() {
		return nil, notFound("run", id)
	}
	return s.synthRun(t, id, want, nil, keep, now), nil
}

// synthRun makes up a run with the given id in state want and, when keep
// is set, stores it on t in place of any run with that id; otherwise it
// lives on a scratch copy of t that nothing keeps. A run awaiting outputs
// waits on calls with the given ids (one new call when there are none).
func (s *Server) synthRun(t *thread, id string, want synthState, callIDs []string, keep bool, now time.Time) *run {
	if !keep {
		scratch := newThread(t.obj)
		scratch.lastUser, scratch.scratch = t.lastUser, true
		t = scratch
	}
	a := s.fallbackAssistant()
	var params contract.RunCreateParams
	if want == synthRequiresAction {
		params.Tools = contract.Set([]contract.Tool{{Type: contract.ToolTypeFunction, Function: &contract.FunctionDefinition{
			Name: synthFunction, Parameters: []byte(`{"type":"object","properties":{}}`),
		}}})
	}
	r := s.newRun(t.obj.ID, a, &params, id, now)
	if want == synthRequiresAction {
		r.plan = newPlan(scriptFunction, outcomeNormal, []contract.FunctionDefinition{*r.obj.Tools[0].Function}, "", r.ids, s.cfg.shape)
		if len(callIDs) > 0 {
			call := r.plan.calls[0]
			r.plan.calls = r.plan.calls[:0]
			for _, cid := range callIDs {
				call.id = cid
				r.plan.calls = append(r.plan.calls, call)
			}
			r.plan.deltas = planDeltas(r.plan.calls, s.cfg.shape)
		}
	} else {
		text, _ := t.lastUserText()
		r.plan = newPlan(scriptText, outcomeNormal, nil, text, r.ids, s.cfg.shape)
	}
	phases := initialPhases(r.plan, now, s.cfg.phase, now.Add(RunLifetime))
	if want == synthInProgress {
		phases = phases[:2]
	}
	r.prog = program{phases: phases}
	t.replaceRun(r)
	// Play it all at once, as of now, so that no timestamp is in the future.
	p := player{st: s.store, t: t, r: r}
	for {
		act, _, ok := r.prog.next()
		if !ok {
			break
		}
		p.play(act, now)
	}
	return r
}

// stepFor returns the step with the given id of run r. Lenient mode
// answers an unknown id with a completed message_creation step carrying
// it, which is not stored.
func (s *Server) stepFor(t *thread, r *run, id string, now time.Time) (*contract.RunStep, *apiError) {
	if st := r.stepByID[id]; st != nil {
		return &st.obj, nil
	}
	if !s.lenient() {
		return nil, notFound("run step", id)
	}
	sec := now.Unix()
	return &contract.RunStep{
		ID: id, Object: contract.ObjectRunStep, CreatedAt: sec, AssistantID: r.obj.AssistantID,
		ThreadID: t.obj.ID, RunID: r.obj.ID, Type: contract.StepTypeMessageCreation, Status: contract.StepStatusCompleted,
		StepDetails: contract.StepDetails{Type: contract.StepTypeMessageCreation,
			MessageCreation: &contract.MessageCreation{MessageID: r.ids.next(prefixMessage)}},
		CompletedAt: &sec, Usage: &contract.Usage{},
	}, nil
}
