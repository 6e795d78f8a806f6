package emulator

import (
	"time"

	"github.com/runsuite/runsuite/contract"
)

// This file finds the objects a request names. In strict mode an unknown
// id is a 404; in lenient mode the emulator synthesizes an object carrying
// that id, as Prism-style mocks do, and stores it so that later requests
// see the same object.

// threadFor returns the thread with the given id.
func (s *Server) threadFor(id string) (*thread, *apiError) {
	if t := s.store.thread(id); t != nil {
		return t, nil
	}
	if !s.lenient() {
		return nil, notFound("thread", id)
	}
	return s.store.addThread(newThread(newThreadObject(id, s.now(), nil, nil))), nil
}

// assistantFor returns the assistant with the given id.
func (s *Server) assistantFor(id string) (*assistant, *apiError) {
	if a := s.store.assistant(id); a != nil {
		return a, nil
	}
	if !s.lenient() {
		return nil, notFound("assistant", id)
	}
	return s.store.addAssistant(synthAssistant(id, s.now())), nil
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
// unknown run is synthesized in state want. The caller holds t.mu.
func (s *Server) runFor(t *thread, id string, want synthState, now time.Time) (*run, *apiError) {
	if r := t.runByID[id]; r != nil {
		return r, nil
	}
	if !s.lenient() {
		return nil, notFound("run", id)
	}
	return s.synthRun(t, id, want, nil, now), nil
}

// synthRun makes up a run with the given id in state want and stores it
// on t, in place of any run with that id. A run awaiting outputs waits on
// calls with the given ids (one new call when there are none).
func (s *Server) synthRun(t *thread, id string, want synthState, callIDs []string, now time.Time) *run {
	a := s.fallbackAssistant()
	var params contract.RunCreateParams
	if want == synthRequiresAction {
		params.Tools = contract.Set([]contract.Tool{{Type: contract.ToolTypeFunction, Function: &contract.FunctionDefinition{
			Name: synthFunction, Parameters: []byte(`{"type":"object","properties":{}}`),
		}}})
	}
	r := s.newRun(t, a, &params, id, now)
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
	if _, ok := t.runByID[id]; ok {
		t.replaceRun(r)
	} else {
		t.addRun(r)
	}
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
