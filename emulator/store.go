package emulator

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/runsuite/runsuite/contract"
)

// store holds every object the emulator created. Its mutex guards the
// maps; each thread's mutex guards everything inside that thread (its
// messages, runs, steps and their programs). Assistants never change after
// creation.
type store struct {
	mu            sync.RWMutex
	assistants    map[string]*assistant
	assistantList []*assistant
	threads       map[string]*thread
	seq           atomic.Int64 // creation order, the tie-breaker of lists
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

// thread is a thread and everything in it.
type thread struct {
	mu       sync.Mutex
	obj      contract.Thread
	seq      int64
	messages []*message
	runs     []*run
	runByID  map[string]*run
}

func newThread(obj contract.Thread) *thread {
	return &thread{obj: obj, runByID: map[string]*run{}}
}

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

func (t *thread) addRun(r *run) {
	t.runs = append(t.runs, r)
	t.runByID[r.obj.ID] = r
}

// replaceRun puts r in place of the stored run with the same id.
func (t *thread) replaceRun(r *run) {
	for i, old := range t.runs {
		if old.obj.ID == r.obj.ID {
			t.runs[i] = r
		}
	}
	t.runByID[r.obj.ID] = r
}

// activeRun returns the thread's run that is not terminal, if any.
func (t *thread) activeRun() *run {
	for _, r := range t.runs {
		if !r.obj.Status.Terminal() {
			return r
		}
	}
	return nil
}

// lastUserText returns the text of the thread's last user message.
func (t *thread) lastUserText() (string, bool) {
	for i := len(t.messages) - 1; i >= 0; i-- {
		m := &t.messages[i].obj
		if m.Role != contract.RoleUser {
			continue
		}
		var text string
		for _, c := range m.Content {
			if c.Text != nil {
				if text != "" {
					text += "\n"
				}
				text += c.Text.Value
			}
		}
		return text, true
	}
	return "", false
}
