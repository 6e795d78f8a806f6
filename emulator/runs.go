package emulator

import (
	"maps"
	"net/http"

	"github.com/runsuite/runsuite/contract"
)

// createRun answers POST /threads/{thread_id}/runs, streamed or not.
func (s *Server) createRun(rq *request) *apiError {
	var p contract.RunCreateParams
	tree, aerr := decodeBody(rq.body, runCreateSchema, &p)
	if aerr != nil {
		return aerr
	}
	if p.Include, aerr = parseInclude(rq.r.URL.Query()); aerr != nil {
		return aerr
	}
	if err := p.Validate(); err != nil {
		return paramFailure(err, tree)
	}
	t, aerr := s.threadFor(rq.args[0])
	if aerr != nil {
		return aerr
	}
	a, aerr := s.assistantFor(p.AssistantID)
	if aerr != nil {
		return aerr
	}
	t.mu.Lock()
	return s.startRun(rq, t, a, &p, tree["stream"] == true, nil)
}

// startRun checks that t can take a new run, adds the additional messages,
// creates the run and answers with it or with its stream (after the events
// em already holds). The caller holds t.mu; startRun releases it.
func (s *Server) startRun(rq *request, t *thread, a *assistant, p *contract.RunCreateParams, stream bool, em *emitter) *apiError {
	locked := true
	defer func() {
		if locked {
			t.mu.Unlock()
		}
	}()
	now := s.now()
	s.advance(t, now)
	if ar := t.activeRun(); ar != nil && !s.lenient() {
		return badRequest("", "Thread %s already has an active run %s.", t.obj.ID, ar.obj.ID)
	}
	extra, _ := p.AdditionalMessages.Get()
	userText, hasUser := t.lastUserText()
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
		return newAPIError(http.StatusBadRequest, typeInvalidRequest, "", "invalid_thread", msgInvalidThread)
	}
	r := s.newRun(t, a, p, s.ids.next(prefixRun), now)
	kind, fns, aerr := chooseScript(runChoice{
		tools: r.obj.Tools, toolChoice: r.obj.ToolChoice, parallel: r.obj.ParallelToolCalls,
		userText: userText, metadata: r.obj.Metadata,
	})
	if aerr != nil {
		return aerr
	}
	oc, aerr := parseOutcome(r.obj.Metadata)
	if aerr != nil {
		return aerr
	}
	for _, m := range extra {
		t.messages = append(t.messages, s.newInputMessage(t, m, nil, now))
	}
	r.include = includesContent(p.Include)
	r.plan = newPlan(kind, oc, fns, userText, r.ids, s.cfg.shape)
	r.prog = program{phases: initialPhases(r.plan, now, s.cfg.phase, now.Add(RunLifetime))}
	t.addRun(r)
	if stream {
		if em == nil {
			em = &emitter{}
		}
		em.include = r.include
		r.streamer = em
		t.mu.Unlock()
		locked = false
		s.stream(rq, t, r, em)
		return nil
	}
	s.advanceRun(t, r, now)
	body := appendRun(nil, &r.obj)
	t.mu.Unlock()
	locked = false
	writeJSON(rq, http.StatusOK, body)
	return nil
}

// withRun looks up the thread and run a request names, brings the thread
// up to date and calls f with the thread locked. f returns the body to
// answer with, or an error.
func (s *Server) withRun(rq *request, want synthState, f func(t *thread, r *run) ([]byte, *apiError)) *apiError {
	t, aerr := s.threadFor(rq.args[0])
	if aerr != nil {
		return aerr
	}
	t.mu.Lock()
	now := s.now()
	s.advance(t, now)
	r, aerr := s.runFor(t, rq.args[1], want, now)
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
	return s.withRun(rq, synthCompleted, func(_ *thread, r *run) ([]byte, *apiError) {
		return appendRun(nil, &r.obj), nil
	})
}

// updateRun answers POST /threads/{thread_id}/runs/{run_id}: only the
// metadata of a terminal run may change.
func (s *Server) updateRun(rq *request) *apiError {
	var p contract.RunUpdateParams
	tree, aerr := decodeBody(rq.body, runUpdateSchema, &p)
	if aerr != nil {
		return aerr
	}
	if err := p.Validate(); err != nil {
		return paramFailure(err, tree)
	}
	return s.withRun(rq, synthCompleted, func(_ *thread, r *run) ([]byte, *apiError) {
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
		return appendRun(nil, &r.obj), nil
	})
}

// listRuns answers GET /threads/{thread_id}/runs.
func (s *Server) listRuns(rq *request) *apiError {
	lq, tree, aerr := parseListQuery(rq.r.URL.Query())
	if aerr != nil {
		return aerr
	}
	if err := (contract.RunListParams{Limit: lq.limit, Order: lq.order}).Validate(); err != nil {
		return paramFailure(err, tree)
	}
	t, aerr := s.threadFor(rq.args[0])
	if aerr != nil {
		return aerr
	}
	t.mu.Lock()
	s.advance(t, s.now())
	items := make([]listItem[*contract.Run], len(t.runs))
	for i, r := range t.runs {
		items[i] = listItem[*contract.Run]{v: &r.obj, id: r.obj.ID, created: r.obj.CreatedAt, seq: r.seq}
	}
	page, more, aerr := paginate(items, lq, "run")
	var body []byte
	if aerr == nil {
		body = appendList(nil, page, more, appendRun)
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
	return s.withRun(rq, synthInProgress, func(t *thread, r *run) ([]byte, *apiError) {
		now := s.now()
		if r.obj.Status.Terminal() {
			if !s.lenient() {
				return nil, badRequest("", "Cannot cancel run with status '%s'.", r.obj.Status)
			}
			r = s.synthRun(t, r.obj.ID, synthInProgress, nil, now)
		}
		if r.obj.Status != contract.RunStatusCancelling {
			start := r.resumeAt(now) // cancelling at once, as of the run's own time
			s.replaceProgram(t, r, cancelPhases(start, s.cfg.phase), start)
		}
		return appendRun(nil, &r.obj), nil
	})
}
