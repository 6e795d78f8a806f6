package emulator

import (
	"maps"
	"net/http"
	"time"

	"github.com/runsuite/runsuite/contract"
)

// createRun answers POST /threads/{thread_id}/runs, streamed or not.
func (s *Server) createRun(rq *request) *apiError {
	var p contract.RunCreateParams
	tree, aerr := decodeBody(rq.body, contract.BodyCreateRun, &p)
	if aerr != nil {
		return aerr
	}
	if p.Include, aerr = parseInclude(rq.r.URL.Query()); aerr != nil {
		return aerr
	}
	if err := p.Validate(); err != nil {
		return paramFailure(err, tree)
	}
	t, aerr := s.lockThread(rq.args[0], true)
	if aerr != nil {
		return aerr
	}
	a, aerr := s.assistantFor(p.AssistantID, true)
	if aerr != nil {
		t.mu.Unlock()
		return aerr
	}
	now := s.now()
	s.advance(t, now)
	if ar := t.activeRun(); ar != nil && !s.lenient() {
		t.mu.Unlock()
		return badRequest("", "Thread %s already has an active run %s.", t.obj.ID, ar.obj.ID)
	}
	userText, hasUser := t.lastUserText()
	r, rp, aerr := s.planRun(t.obj.ID, a, &p, userText, hasUser, now)
	if aerr != nil {
		t.mu.Unlock()
		return aerr
	}
	return s.launchRun(rq, t, r, rp, tree["stream"] == true, nil)
}

// runPlan is what planRun decided about a run that will be accepted.
type runPlan struct {
	kind     scriptKind
	fns      []contract.FunctionDefinition
	outcome  outcome
	userText string
	extra    []contract.AdditionalMessage
	include  bool
}

// planRun makes every check a new run must pass, given the text of the
// thread's last user message, and builds the run without an id: a refused
// run uses up no id and changes nothing.
func (s *Server) planRun(threadID string, a *assistant, p *contract.RunCreateParams, userText string, hasUser bool, now time.Time) (*run, runPlan, *apiError) {
	extra, _ := p.AdditionalMessages.Get()
	for _, m := range extra {
		if m.Role == contract.RoleUser {
			userText, hasUser = m.Content.Text, true
			for _, part := range m.Content.Parts {
				if part.Type == "text" {
					userText = part.Text
				}
			}
		}
	}
	instructions := ""
	if a.Instructions != nil {
		instructions = *a.Instructions
	}
	if v, ok := p.Instructions.Get(); ok {
		instructions = v
	}
	if !hasUser && instructions == "" && !s.lenient() {
		return nil, runPlan{}, newAPIError(http.StatusBadRequest, typeInvalidRequest, "", "invalid_thread", msgInvalidThread)
	}
	r := s.newRun(threadID, a, p, "", now)
	kind, fns, aerr := chooseScript(runChoice{
		tools: r.obj.Tools, toolChoice: r.obj.ToolChoice, parallel: r.obj.ParallelToolCalls,
		userText: userText, metadata: r.obj.Metadata,
	})
	if aerr != nil {
		return nil, runPlan{}, aerr
	}
	oc, aerr := parseOutcome(r.obj.Metadata)
	if aerr != nil {
		return nil, runPlan{}, aerr
	}
	return r, runPlan{kind: kind, fns: fns, outcome: oc, userText: userText, extra: extra, include: includesContent(p.Include)}, nil
}

// launchRun gives the planned run r its id, adds the additional messages
// and the run to t and answers with the run or with its stream (after the
// events em already holds). The caller holds t.mu; launchRun releases it.
func (s *Server) launchRun(rq *request, t *thread, r *run, rp runPlan, stream bool, em *emitter) *apiError {
	now := s.now()
	s.setRunID(r, s.ids.next(prefixRun))
	r.obj.ThreadID = t.obj.ID
	for _, m := range rp.extra {
		t.addMessage(s.newInputMessage(t, m, nil, now))
	}
	r.include = rp.include
	r.plan = newPlan(rp.kind, rp.outcome, rp.fns, rp.userText, r.ids, s.cfg.shape)
	r.prog = program{phases: initialPhases(r.plan, now, s.cfg.phase, now.Add(RunLifetime))}
	t.addRun(r)
	if stream {
		if em == nil {
			em = &emitter{}
		}
		em.include = r.include
		r.streamer = em
		t.mu.Unlock()
		s.stream(rq, t, r, em)
		return nil
	}
	s.advanceRun(t, r, now)
	body := contract.AppendRun(nil, &r.obj)
	t.mu.Unlock()
	writeJSON(rq, http.StatusOK, body)
	return nil
}

// withRun looks up the thread and run a request names, brings the thread
// up to date and calls f with the thread locked. f returns the body to
// answer with, or an error.
// Only requests that change the run (keep) store what lenient mode
// synthesizes.
func (s *Server) withRun(rq *request, want synthState, keep bool, f func(t *thread, r *run) ([]byte, *apiError)) *apiError {
	t, aerr := s.lockThread(rq.args[0], keep)
	if aerr != nil {
		return aerr
	}
	now := s.now()
	s.advance(t, now)
	r, aerr := s.runFor(t, rq.args[1], want, keep, now)
	var body []byte
	if aerr == nil {
		body, aerr = f(t, r)
	}
	t.mu.Unlock()
	if aerr != nil {
		return aerr
	}
	writeJSON(rq, http.StatusOK, body)
	return nil
}

// retrieveRun answers GET /threads/{thread_id}/runs/{run_id}.
func (s *Server) retrieveRun(rq *request) *apiError {
	return s.withRun(rq, synthCompleted, false, func(_ *thread, r *run) ([]byte, *apiError) {
		return contract.AppendRun(nil, &r.obj), nil
	})
}

// updateRun answers POST /threads/{thread_id}/runs/{run_id}: only the
// metadata of a terminal run may change.
func (s *Server) updateRun(rq *request) *apiError {
	var p contract.RunUpdateParams
	tree, aerr := decodeBody(rq.body, contract.BodyModifyRun, &p)
	if aerr != nil {
		return aerr
	}
	if err := p.Validate(); err != nil {
		return paramFailure(err, tree)
	}
	return s.withRun(rq, synthCompleted, true, func(_ *thread, r *run) ([]byte, *apiError) {
		if !r.obj.Status.Terminal() && !s.lenient() {
			return nil, badRequest("", "Cannot update run with status '%s'.", r.obj.Status)
		}
		if p.Metadata.IsNull() {
			r.obj.Metadata = map[string]string{}
		} else if m, ok := p.Metadata.Get(); ok {
			r.obj.Metadata = maps.Clone(m)
			if r.obj.Metadata == nil {
				r.obj.Metadata = map[string]string{}
			}
		}
		return contract.AppendRun(nil, &r.obj), nil
	})
}

// listRuns answers GET /threads/{thread_id}/runs.
func (s *Server) listRuns(rq *request) *apiError {
	lq, aerr := s.parseList(rq.r.URL.Query())
	if aerr != nil {
		return aerr
	}
	t, aerr := s.lockThread(rq.args[0], false)
	if aerr != nil {
		return aerr
	}
	s.advance(t, s.now())
	s.looseCursors(&lq, func(id string) bool { return t.runByID[id] != nil })
	page, more, aerr := pageOrdered(t.runs, lq, "run", t.runByID[lq.after], t.runByID[lq.before], runKey, nil)
	var body []byte
	if aerr == nil {
		body = appendOrderedList(nil, page, more, func(dst []byte, r *run) []byte { return contract.AppendRun(dst, &r.obj) },
			func(r *run) string { return r.obj.ID })
	}
	t.mu.Unlock()
	if aerr != nil {
		return aerr
	}
	writeJSON(rq, http.StatusOK, body)
	return nil
}

// cancelRun answers POST /threads/{thread_id}/runs/{run_id}/cancel: the
// run is cancelling now and cancelled one phase later.
func (s *Server) cancelRun(rq *request) *apiError {
	return s.withRun(rq, synthInProgress, true, func(t *thread, r *run) ([]byte, *apiError) {
		now := s.now()
		if r.obj.Status.Terminal() {
			if !s.lenient() {
				return nil, badRequest("", "Cannot cancel run with status '%s'.", r.obj.Status)
			}
			r = s.synthRun(t, r.obj.ID, synthInProgress, nil, true, now)
		}
		if r.obj.Status != contract.RunStatusCancelling {
			start := r.resumeAt(now) // cancelling at once, as of the run's own time
			s.replaceProgram(t, r, cancelPhases(start, s.cfg.phase), start)
		}
		return contract.AppendRun(nil, &r.obj), nil
	})
}
