package emulator

import (
	"fmt"
	"net/http"
	"time"

	"github.com/runsuite/runsuite/contract"
)

// threadParams is the body of creating a thread (spec CreateThreadRequest).
type threadParams struct {
	Messages      contract.Nullable[[]contract.AdditionalMessage] `json:"messages"`
	Metadata      contract.Nullable[map[string]string]            `json:"metadata"`
	ToolResources *contract.ToolResources                         `json:"tool_resources"`
}

// validate applies the metadata bounds to the thread and its messages.
func (p *threadParams) validate(prefix string) error {
	md, _ := p.Metadata.Get()
	if err := checkMetadata(join(prefix, "metadata"), md); err != nil {
		return err
	}
	msgs, _ := p.Messages.Get()
	for i, m := range msgs {
		mmd, _ := m.Metadata.Get()
		if err := checkMetadata(fmt.Sprintf("%s[%d].metadata", join(prefix, "messages"), i), mmd); err != nil {
			return err
		}
	}
	return nil
}

// newThreadFrom creates and stores a thread with its initial messages.
func (s *Server) newThreadFrom(p *threadParams, now time.Time) *thread {
	md, _ := p.Metadata.Get()
	t := newThread(newThreadObject(s.ids.next(prefixThread), now, p.ToolResources, md))
	msgs, _ := p.Messages.Get()
	for _, m := range msgs {
		t.addMessage(s.newInputMessage(t, m, nil, now))
	}
	t.touch(now)
	return s.store.addThread(t)
}

// createThread answers POST /threads.
func (s *Server) createThread(rq *request) *apiError {
	var p threadParams
	tree, aerr := decodeBody(rq.body, contract.BodyCreateThread, &p)
	if aerr != nil {
		return aerr
	}
	if err := p.validate(""); err != nil {
		return paramFailure(err, tree)
	}
	t := s.newThreadFrom(&p, s.now())
	writeJSON(rq, http.StatusOK, contract.AppendThread(nil, &t.obj))
	return nil
}

// retrieveThread answers GET /threads/{thread_id}.
func (s *Server) retrieveThread(rq *request) *apiError {
	t, aerr := s.lockThread(rq.args[0], false)
	if aerr != nil {
		return aerr
	}
	body := contract.AppendThread(nil, &t.obj)
	t.mu.Unlock()
	writeJSON(rq, http.StatusOK, body)
	return nil
}

// createMessage answers POST /threads/{thread_id}/messages. A thread whose
// run is active takes no new messages, as in the live API.
func (s *Server) createMessage(rq *request) *apiError {
	var m contract.AdditionalMessage
	tree, aerr := decodeBody(rq.body, contract.BodyCreateMessage, &m)
	if aerr != nil {
		return aerr
	}
	md, _ := m.Metadata.Get()
	if err := checkMetadata("metadata", md); err != nil {
		return paramFailure(err, tree)
	}
	t, aerr := s.lockThread(rq.args[0], true)
	if aerr != nil {
		return aerr
	}
	now := s.now()
	s.advance(t, now)
	if ar := t.activeRun(); ar != nil && !s.lenient() {
		t.mu.Unlock()
		return badRequest("", "Can't add messages to %s while a run %s is active.", t.obj.ID, ar.obj.ID)
	}
	msg := s.newInputMessage(t, m, nil, now)
	t.addMessage(msg)
	body := contract.AppendMessage(nil, &msg.obj)
	t.mu.Unlock()
	writeJSON(rq, http.StatusOK, body)
	return nil
}

// listMessages answers GET /threads/{thread_id}/messages, optionally only
// the messages of one run (run_id).
func (s *Server) listMessages(rq *request) *apiError {
	q := rq.r.URL.Query()
	lq, aerr := s.parseList(q)
	if aerr != nil {
		return aerr
	}
	t, aerr := s.lockThread(rq.args[0], false)
	if aerr != nil {
		return aerr
	}
	runID := q.Get("run_id")
	s.advance(t, s.now())
	var match func(*message) bool
	if runID != "" {
		match = func(m *message) bool { return m.obj.RunID != nil && *m.obj.RunID == runID }
	}
	s.looseCursors(&lq, func(id string) bool {
		m := t.msgByID[id]
		return m != nil && (match == nil || match(m))
	})
	page, more, aerr := pageOrdered(t.messages, lq, "message", t.msgByID[lq.after], t.msgByID[lq.before], messageKey, match)
	var body []byte
	if aerr == nil {
		body = appendOrderedList(nil, page, more, func(dst []byte, m *message) []byte { return contract.AppendMessage(dst, &m.obj) },
			func(m *message) string { return m.obj.ID })
	}
	t.mu.Unlock()
	if aerr != nil {
		return aerr
	}
	writeJSON(rq, http.StatusOK, body)
	return nil
}

// threadAndRunParams is the body of POST /threads/runs: a run's parameters
// and the thread to create.
type threadAndRunParams struct {
	contract.RunCreateParams
	Thread        contract.Nullable[threadParams] `json:"thread"`
	ToolResources *contract.ToolResources         `json:"tool_resources"`
}

// createThreadAndRun answers POST /threads/runs; its stream starts with
// thread.created.
func (s *Server) createThreadAndRun(rq *request) *apiError {
	var p threadAndRunParams
	tree, aerr := decodeBody(rq.body, contract.BodyCreateThreadAndRun, &p)
	if aerr != nil {
		return aerr
	}
	if err := p.RunCreateParams.Validate(); err != nil {
		return paramFailure(err, tree)
	}
	tp, _ := p.Thread.Get()
	if err := tp.validate("thread"); err != nil {
		return paramFailure(err, tree)
	}
	a, aerr := s.assistantFor(p.AssistantID, true)
	if aerr != nil {
		return aerr
	}
	// Every check comes before the thread exists: a refused request
	// stores nothing and uses up no id.
	userText, hasUser := "", false
	msgs, _ := tp.Messages.Get()
	for _, m := range msgs {
		if m.Role == contract.RoleUser {
			userText, hasUser = inputText(m), true
		}
	}
	now := s.now()
	r, rp, aerr := s.planRun("", a, &p.RunCreateParams, userText, hasUser, now)
	if aerr != nil {
		return aerr
	}
	t := s.newThreadFrom(&tp, now)
	stream := tree["stream"] == true
	var em *emitter
	if stream {
		em = &emitter{}
		em.thread(&t.obj)
	}
	t.mu.Lock()
	return s.launchRun(rq, t, r, rp, stream, em)
}
