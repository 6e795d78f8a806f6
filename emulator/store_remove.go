package emulator

import (
	"slices"

	"github.com/runsuite/runsuite/contract"
)

// This file changes and removes the set-up objects: assistants are
// replaced whole (runs read them without a lock, so a stored assistant
// never changes), threads and messages are removed.

// replaceAssistant puts a in the place of the stored assistant with its
// id, keeping that one's place in lists. When none has its id (it was
// deleted meanwhile, or lenient mode made it up), a is stored only if add
// is set; it reports whether a is stored.
func (s *store) replaceAssistant(a *assistant, add bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.assistants[a.ID]
	if !ok {
		if !add {
			return false
		}
		a.seq = s.nextSeq()
		s.assistants[a.ID] = a
		s.assistantList = append(s.assistantList, a)
		return true
	}
	a.seq = old.seq
	s.assistants[a.ID] = a
	if i := slices.Index(s.assistantList, old); i >= 0 {
		s.assistantList[i] = a
	}
	return true
}

// removeAssistant drops the assistant with the given id and reports
// whether one was stored.
func (s *store) removeAssistant(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.assistants[id]
	if !ok {
		return false
	}
	delete(s.assistants, id)
	if i := slices.Index(s.assistantList, old); i >= 0 {
		s.assistantList = deleteAt(s.assistantList, i)
	}
	return true
}

// removeThread drops t from the store and marks it gone, so that requests
// that found it before see it was removed. The caller holds t.mu.
func (s *store) removeThread(t *thread) {
	t.gone = true
	s.mu.Lock()
	if s.threads[t.obj.ID] == t {
		delete(s.threads, t.obj.ID)
	}
	s.mu.Unlock()
}

// removeMessage drops m from t. When m was the last user message, the one
// before it takes its place, found by walking back from the end.
func (t *thread) removeMessage(m *message) {
	if i := indexOrdered(t.messages, m, messageKey); i >= 0 {
		t.messages = deleteAt(t.messages, i)
	}
	if t.msgByID[m.obj.ID] == m {
		delete(t.msgByID, m.obj.ID)
	}
	if t.lastUser != m {
		return
	}
	t.lastUser = nil
	for i := len(t.messages) - 1; i >= 0; i-- {
		if t.messages[i].obj.Role == contract.RoleUser {
			t.lastUser = t.messages[i]
			return
		}
	}
}
