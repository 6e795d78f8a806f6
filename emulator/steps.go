package emulator

import "github.com/runsuite/runsuite/contract"

// retrieveStep answers GET .../runs/{run_id}/steps/{step_id}.
func (s *Server) retrieveStep(rq *request) *apiError {
	inc, aerr := parseInclude(rq.r.URL.Query())
	if aerr != nil {
		return aerr
	}
	include := includesContent(inc)
	return s.withRun(rq, synthCompleted, false, func(t *thread, r *run) ([]byte, *apiError) {
		st, aerr := s.stepFor(t, r, rq.args[2], s.now())
		if aerr != nil {
			return nil, aerr
		}
		return contract.AppendRunStep(nil, stepView(st, include)), nil
	})
}

// listSteps answers GET .../runs/{run_id}/steps.
func (s *Server) listSteps(rq *request) *apiError {
	q := rq.r.URL.Query()
	lq, aerr := s.parseList(q)
	if aerr != nil {
		return aerr
	}
	inc, aerr := parseInclude(q)
	if aerr != nil {
		return aerr
	}
	include := includesContent(inc)
	return s.withRun(rq, synthCompleted, false, func(_ *thread, r *run) ([]byte, *apiError) {
		s.looseCursors(&lq, func(id string) bool { return r.stepByID[id] != nil })
		items := make([]listItem[*contract.RunStep], len(r.steps))
		for i, st := range r.steps {
			items[i] = listItem[*contract.RunStep]{v: &st.obj, id: st.obj.ID, created: st.obj.CreatedAt, seq: st.seq}
		}
		page, more, aerr := paginate(items, lq, "run step")
		if aerr != nil {
			return nil, aerr
		}
		return appendList(nil, page, more, func(dst []byte, st *contract.RunStep) []byte {
			return contract.AppendRunStep(dst, stepView(st, include))
		}), nil
	})
}
