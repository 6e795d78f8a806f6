package emulator

import (
	"maps"
	"net/http"

	"github.com/runsuite/runsuite/contract"
)

// threadModifyParams is the body of updating a thread (spec
// ModifyThreadRequest).
type threadModifyParams struct {
	Metadata      contract.Nullable[map[string]string]      `json:"metadata"`
	ToolResources contract.Nullable[contract.ToolResources] `json:"tool_resources"`
}

// updateThread answers POST /threads/{thread_id}: the metadata and
// tool_resources given replace the thread's; null clears them. In lenient
// mode an unknown id is synthesized, updated and stored.
func (s *Server) updateThread(rq *request) *apiError {
	var p threadModifyParams
	tree, aerr := decodeBody(rq.body, contract.BodyModifyThread, &p)
	if aerr != nil {
		return aerr
	}
	md, _ := p.Metadata.Get()
	if err := checkMetadata("metadata", md); err != nil {
		return paramFailure(err, tree)
	}
	t, aerr := s.lockThread(rq.args[0], true)
	if aerr != nil {
		return aerr
	}
	if p.Metadata.IsNull() {
		t.obj.Metadata = map[string]string{}
	} else if md != nil {
		t.obj.Metadata = maps.Clone(md)
	}
	if tr, ok := p.ToolResources.Get(); ok {
		t.obj.ToolResources = &tr
	} else if p.ToolResources.IsNull() {
		t.obj.ToolResources = nil
	}
	body := contract.AppendThread(nil, &t.obj)
	t.mu.Unlock()
	writeJSON(rq, http.StatusOK, body)
	return nil
}

// deleteThread answers DELETE /threads/{thread_id}: the thread, its
// messages and its runs are forgotten; a stream still playing one of its
// runs plays to its end. In lenient mode an unknown id is answered as
// deleted, and nothing is stored.
func (s *Server) deleteThread(rq *request) *apiError {
	id := rq.args[0]
	t := s.store.thread(id)
	if t != nil {
		t.mu.Lock()
		if t.gone {
			t.mu.Unlock()
			t = nil
		}
	}
	if t == nil {
		if !s.lenient() {
			return notFound("thread", id)
		}
		return writeDeleted(rq, id, objectThreadDeleted)
	}
	s.store.removeThread(t)
	t.mu.Unlock()
	return writeDeleted(rq, id, objectThreadDeleted)
}
