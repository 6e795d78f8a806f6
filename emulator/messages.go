package emulator

import (
	"maps"
	"net/http"
	"time"

	"github.com/runsuite/runsuite/contract"
)

// messageFor returns the message with the given id on t. In lenient mode
// an unknown id is synthesized, and added to t when keep is set. The
// caller holds t.mu.
func (s *Server) messageFor(t *thread, id string, keep bool, now time.Time) (*message, *apiError) {
	if m := t.msgByID[id]; m != nil {
		return m, nil
	}
	if !s.lenient() {
		return nil, notFound("message", id)
	}
	m := synthMessage(t.obj.ID, id, now)
	if keep {
		m.seq = s.store.nextSeq()
		t.addMessage(m)
	}
	return m, nil
}

// synthMessage is the message lenient mode makes up for an unknown id: a
// completed, empty assistant message, so that storing it changes no run's
// reply (runs answer the last user message).
func synthMessage(threadID, id string, now time.Time) *message {
	sec := now.Unix()
	return &message{obj: contract.Message{
		ID: id, Object: contract.ObjectMessage, CreatedAt: sec, ThreadID: threadID,
		Status: contract.MessageStatusCompleted, CompletedAt: &sec, Role: contract.RoleAssistant,
		Content: []contract.MessageContent{textContent("")}, Attachments: []contract.Attachment{},
		Metadata: map[string]string{},
	}}
}

// withMessage looks up the thread and message a request names, brings the
// thread up to date and calls f with the thread locked; f returns the
// body to answer with. Only requests that change the message (keep)
// store what lenient mode synthesizes.
func (s *Server) withMessage(rq *request, keep bool, f func(t *thread, m *message) []byte) *apiError {
	t, aerr := s.lockThread(rq.args[0], keep)
	if aerr != nil {
		return aerr
	}
	now := s.now()
	s.advance(t, now)
	m, aerr := s.messageFor(t, rq.args[1], keep, now)
	var body []byte
	if aerr == nil {
		body = f(t, m)
	}
	t.mu.Unlock()
	if aerr != nil {
		return aerr
	}
	writeJSON(rq, http.StatusOK, body)
	return nil
}

// retrieveMessage answers GET /threads/{thread_id}/messages/{message_id}.
func (s *Server) retrieveMessage(rq *request) *apiError {
	return s.withMessage(rq, false, func(_ *thread, m *message) []byte {
		return contract.AppendMessage(nil, &m.obj)
	})
}

// messageModifyParams is the body of updating a message (spec
// ModifyMessageRequest).
type messageModifyParams struct {
	Metadata contract.Nullable[map[string]string] `json:"metadata"`
}

// updateMessage answers POST /threads/{thread_id}/messages/{message_id}:
// the metadata given replaces the message's; null clears it.
func (s *Server) updateMessage(rq *request) *apiError {
	var p messageModifyParams
	tree, aerr := decodeBody(rq.body, contract.BodyModifyMessage, &p)
	if aerr != nil {
		return aerr
	}
	md, _ := p.Metadata.Get()
	if err := checkMetadata("metadata", md); err != nil {
		return paramFailure(err, tree)
	}
	return s.withMessage(rq, true, func(_ *thread, m *message) []byte {
		if p.Metadata.IsNull() {
			m.obj.Metadata = map[string]string{}
		} else if md != nil {
			m.obj.Metadata = maps.Clone(md)
		}
		return contract.AppendMessage(nil, &m.obj)
	})
}

// deleteMessage answers DELETE /threads/{thread_id}/messages/{message_id}.
// In lenient mode an unknown thread or message is answered as deleted,
// and nothing is stored.
func (s *Server) deleteMessage(rq *request) *apiError {
	return s.withMessage(rq, false, func(t *thread, m *message) []byte {
		if t.msgByID[m.obj.ID] == m {
			t.removeMessage(m)
		}
		return deletedBody(m.obj.ID, objectMessageDeleted)
	})
}
