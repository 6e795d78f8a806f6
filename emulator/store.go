package emulator

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/runsuite/runsuite/contract"
)

// store holds every object the emulator keeps. Its mutex guards the maps;
// each thread's mutex guards everything inside that thread (its messages,
// runs, steps and their programs). Assistants never change after
// creation. What retention forgets is described in retention.go.
type store struct {
	mu            sync.RWMutex
	assistants    map[string]*assistant
	assistantList []*assistant
	threads       map[string]*thread
	seq           atomic.Int64 // creation order, the tie-breaker of lists

	ret retention
}

func newStore() *store {
	return &store{assistants: map[string]*assistant{}, threads: map[string]*thread{}}
}

func (s *store) nextSeq() int64 { return s.seq.Add(1) }

func (s *store) assistant(id string) *assistant {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.assistants[id]
}

// addAssistant stores a, unless an assistant with its id exists; it
// returns the stored one.
func (s *store) addAssistant(a *assistant) *assistant {
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.assistants[a.ID]; ok {
		return old
	}
	a.seq = s.nextSeq()
	s.assistants[a.ID] = a
	s.assistantList = append(s.assistantList, a)
	return a
}

func (s *store) listAssistants() []*assistant {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return append([]*assistant(nil), s.assistantList...)
}

func (s *store) thread(id string) *thread {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.threads[id]
}

// addThread stores t, unless a thread with its id exists; it returns the
// stored one.
func (s *store) addThread(t *thread) *thread {
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.threads[t.obj.ID]; ok {
		return old
	}
	t.seq = s.nextSeq()
	s.threads[t.obj.ID] = t
	return t
}

// threadCount returns how many threads are stored.
func (s *store) threadCount() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.threads)
}

// assistant is an assistant object (spec AssistantObject). It is encoded
// with encoding/json: it never appears in a stream.
type assistant struct {
	ID              string                    `json:"id"`
	Object          string                    `json:"object"`
	CreatedAt       int64                     `json:"created_at"`
	Name            *string                   `json:"name"`
	Description     *string                   `json:"description"`
	Model           string                    `json:"model"`
	Instructions    *string                   `json:"instructions"`
	Tools           []contract.Tool           `json:"tools"`
	ToolResources   *contract.ToolResources   `json:"tool_resources"`
	Metadata        map[string]string         `json:"metadata"`
	Temperature     *float64                  `json:"temperature"`
	TopP            *float64                  `json:"top_p"`
	ResponseFormat  *contract.ResponseFormat  `json:"response_format"`
	ReasoningEffort *contract.ReasoningEffort `json:"reasoning_effort"`

	seq int64
}

// thread is a thread and everything in it. Its messages and runs are kept
// in list order (created_at, then creation order) as they are added, so
// that no request sorts them; the run in progress and the last user
// message are kept as fields, so that no request walks the history.
type thread struct {
	mu       sync.Mutex
	obj      contract.Thread
	seq      int64
	messages []*message // in list order
	msgByID  map[string]*message
	runs     []*run // in list order
	runByID  map[string]*run
	live     []*run   // runs not terminal yet, oldest first
	lastUser *message // the user message added last, or nil
	used     atomic.Int64
	gone     bool // forgotten by retention; guarded by mu
	scratch  bool // a lenient read's stand-in, never stored
}

func newThread(obj contract.Thread) *thread {
	return &thread{obj: obj, runByID: map[string]*run{}, msgByID: map[string]*message{}}
}

// touch records that a request used t at now.
func (t *thread) touch(now time.Time) { t.used.Store(now.UnixNano()) }

// message is a stored message.
type message struct {
	obj contract.Message
	seq int64
}

// step is a stored run step.
type step struct {
	obj contract.RunStep
	seq int64
}

// run is a stored run with its steps and the program that drives it.
type run struct {
	obj      contract.Run
	seq      int64
	steps    []*step
	stepByID map[string]*step
	msgs     []*message // the messages the run wrote

	ids      *idGen            // the run's own id generator
	plan     *plan             // what the current segment of the program plays
	prog     program           // the phases still to play
	streamer *emitter          // the stream playing the program, if any; polling leaves it alone
	outbox   []byte            // events other requests produced while a stream plays the run
	outboxN  int               // how many events outbox holds
	include  bool              // streamed steps carry file_search result content
	curStep  *step             // the step the program works on
	curMsg   *message          // the message the program writes
	outputs  map[string]string // submitted tool outputs by tool call id
	lastAt   time.Time         // the time of the latest phase played, which a stream may have played ahead of the clock
	ended    bool              // handed to retention once terminal
}

// resumeAt is when a new segment of r's program may start: now, or later
// when a stream already played phases stamped after now, so that the
// run's timestamps never go backwards.
func (r *run) resumeAt(now time.Time) time.Time {
	if r.lastAt.After(now) {
		return r.lastAt
	}
	return now
}

// before reports whether a comes before b in list order.
func before(aCreated, aSeq, bCreated, bSeq int64) bool {
	return aCreated < bCreated || aCreated == bCreated && aSeq < bSeq
}

// insertOrdered inserts v into items, which is in list order, at its
// place; v is almost always the last, so the search starts at the end.
func insertOrdered[T any](items []T, v T, key func(T) (int64, int64)) []T {
	vc, vs := key(v)
	i := len(items)
	for i > 0 {
		c, s := key(items[i-1])
		if !before(vc, vs, c, s) {
			break
		}
		i--
	}
	if i == len(items) {
		return append(items, v)
	}
	items = append(items, v)
	copy(items[i+1:], items[i:])
	items[i] = v
	return items
}

// indexOrdered returns the index of v in items, which is in list order,
// by binary search, or -1.
func indexOrdered[T comparable](items []T, v T, key func(T) (int64, int64)) int {
	vc, vs := key(v)
	lo, hi := 0, len(items)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		c, s := key(items[m])
		if before(c, s, vc, vs) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(items) && items[lo] == v {
		return lo
	}
	return -1
}

func runKey(r *run) (int64, int64)         { return r.obj.CreatedAt, r.seq }
func messageKey(m *message) (int64, int64) { return m.obj.CreatedAt, m.seq }

func (t *thread) addRun(r *run) {
	t.runs = insertOrdered(t.runs, r, runKey)
	t.runByID[r.obj.ID] = r
	if !r.obj.Status.Terminal() {
		t.live = append(t.live, r)
	}
}

// replaceRun puts r in place of the stored run with the same id.
func (t *thread) replaceRun(r *run) {
	if old := t.runByID[r.obj.ID]; old != nil {
		t.removeRun(old)
	}
	t.addRun(r)
}

// removeRun drops r, its steps and the messages it wrote from t.
func (t *thread) removeRun(r *run) {
	if i := indexOrdered(t.runs, r, runKey); i >= 0 {
		t.runs = deleteAt(t.runs, i)
	}
	if t.runByID[r.obj.ID] == r {
		delete(t.runByID, r.obj.ID)
	}
	t.dropLive(r)
	for _, m := range r.msgs {
		if i := indexOrdered(t.messages, m, messageKey); i >= 0 {
			t.messages = deleteAt(t.messages, i)
		}
		if t.msgByID[m.obj.ID] == m {
			delete(t.msgByID, m.obj.ID)
		}
	}
}

// dropLive removes r from the runs in progress.
func (t *thread) dropLive(r *run) {
	for i, l := range t.live {
		if l == r {
			t.live = deleteAt(t.live, i)
			return
		}
	}
}

// deleteAt removes items[i], clearing the freed slot so that it holds
// nothing alive.
func deleteAt[T any](items []T, i int) []T {
	copy(items[i:], items[i+1:])
	var zero T
	items[len(items)-1] = zero
	return items[:len(items)-1]
}

// addMessage adds m to t.
func (t *thread) addMessage(m *message) {
	t.messages = insertOrdered(t.messages, m, messageKey)
	t.msgByID[m.obj.ID] = m
	if m.obj.Role == contract.RoleUser {
		t.lastUser = m
	}
}

// activeRun returns the thread's run that is not terminal, if any.
func (t *thread) activeRun() *run {
	for _, r := range t.live {
		if !r.obj.Status.Terminal() {
			return r
		}
	}
	return nil
}

// lastUserText returns the text of the thread's last user message.
func (t *thread) lastUserText() (string, bool) {
	if t.lastUser == nil {
		return "", false
	}
	return messageText(&t.lastUser.obj), true
}

// messageText joins the text parts of a message.
func messageText(m *contract.Message) string {
	var text string
	for _, c := range m.Content {
		if c.Text != nil {
			if text != "" {
				text += "\n"
			}
			text += c.Text.Value
		}
	}
	return text
}
