package emulator

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/runsuite/runsuite/contract"
)

// submitToolOutputs answers POST .../runs/{run_id}/submit_tool_outputs,
// streamed or not: the outputs must answer exactly the calls the run waits
// on; the tool step then completes and the run answers.
func (s *Server) submitToolOutputs(rq *request) *apiError {
	var p contract.RunSubmitToolOutputsParams
	tree, aerr := decodeBody(rq.body, contract.BodySubmitToolOutputs, &p)
	if aerr != nil {
		return aerr
	}
	if err := p.Validate(); err != nil {
		return paramFailure(err, tree)
	}
	t, aerr := s.lockThread(rq.args[0], true)
	if aerr != nil {
		return aerr
	}
	locked := true
	defer func() {
		if locked {
			t.mu.Unlock()
		}
	}()
	now := s.now()
	s.advance(t, now)
	r := t.runByID[rq.args[1]]
	switch {
	case r == nil && !s.lenient():
		return notFound("run", rq.args[1])
	case r == nil || r.obj.Status != contract.RunStatusRequiresAction && s.lenient():
		r = s.synthRun(t, rq.args[1], synthRequiresAction, submittedIDs(p.ToolOutputs), true, now)
	case r.obj.Status != contract.RunStatusRequiresAction:
		return badRequest("", "Runs in status %q do not accept tool outputs.", string(r.obj.Status))
	}
	outputs, aerr := s.matchOutputs(r, p.ToolOutputs)
	if aerr != nil {
		return aerr
	}
	r.outputs = outputs
	var texts []string
	for _, c := range r.plan.calls {
		if o := outputs[c.id]; o != "" {
			texts = append(texts, o)
		}
	}
	r.plan.reply = newReply(outputsReply(texts), s.cfg.shape)
	if tree["stream"] == true {
		em := &emitter{include: r.include}
		r.prog = program{phases: continuationPhases(r.plan, r.resumeAt(now), s.cfg.phase)}
		r.streamer = em
		t.mu.Unlock()
		locked = false
		s.stream(rq, t, r, em)
		return nil
	}
	// The answer starts at once, as of the run's own time.
	start := r.resumeAt(now)
	s.replaceProgram(t, r, continuationPhases(r.plan, start, s.cfg.phase), start)
	body := contract.AppendRun(nil, &r.obj)
	t.mu.Unlock()
	locked = false
	writeJSON(rq, http.StatusOK, body)
	return nil
}

// submittedIDs returns the tool_call_ids of the outputs that have one.
func submittedIDs(outs []contract.ToolOutput) []string {
	var ids []string
	for _, o := range outs {
		if id, ok := o.ToolCallID.Get(); ok && id != "" && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids
}

// matchOutputs pairs outputs with the calls r waits on. In strict mode an
// output without a tool_call_id, one naming no awaited call, and an
// awaited call left without output are 400s; lenient mode keeps what
// matches.
func (s *Server) matchOutputs(r *run, outs []contract.ToolOutput) (map[string]string, *apiError) {
	var want []string
	if ra := r.obj.RequiredAction; ra != nil {
		for _, c := range ra.SubmitToolOutputs.ToolCalls {
			want = append(want, c.ID)
		}
	}
	if !s.lenient() {
		if aerr := checkDuplicateCalls(outs); aerr != nil {
			return nil, aerr
		}
	}
	got := map[string]string{}
	var order []string
	for i, o := range outs {
		id, ok := o.ToolCallID.Get()
		if !ok || id == "" {
			if s.lenient() {
				continue
			}
			param := fmt.Sprintf("tool_outputs[%d].tool_call_id", i)
			return nil, badRequest(param, "Missing required parameter: '%s'.", param)
		}
		if !slices.Contains(want, id) {
			if s.lenient() {
				continue
			}
			return nil, badRequest(fmt.Sprintf("tool_outputs[%d].tool_call_id", i),
				"Invalid 'tool_outputs[%d].tool_call_id': no tool call with id '%s' is awaiting output.", i, id)
		}
		out, _ := o.Output.Get()
		got[id] = out
		order = append(order, id)
	}
	if s.lenient() {
		return got, nil
	}
	for _, id := range want {
		if _, ok := got[id]; !ok {
			return nil, badRequest("tool_outputs", "Expected tool outputs for call_ids %s, got %s.", pyList(want), pyList(order))
		}
	}
	return got, nil
}

// checkDuplicateCalls refuses outputs that name one tool call twice, as
// the live API does: 400 "Duplicate call_ids submitted: ['a', 'a']." with
// every submitted id, in order.
func checkDuplicateCalls(outs []contract.ToolOutput) *apiError {
	seen := make(map[string]bool, len(outs))
	dup := false
	ids := make([]string, 0, len(outs))
	for _, o := range outs {
		id, ok := o.ToolCallID.Get()
		if !ok || id == "" {
			continue
		}
		dup = dup || seen[id]
		seen[id] = true
		ids = append(ids, id)
	}
	if !dup {
		return nil
	}
	return badRequest("", "Duplicate call_ids submitted: %s", pyList(ids))
}

// pyList renders ['a', 'b'], as the live API lists call ids.
func pyList(ids []string) string {
	q := make([]string, len(ids))
	for i, id := range ids {
		q[i] = "'" + id + "'"
	}
	return "[" + strings.Join(q, ", ") + "]"
}
