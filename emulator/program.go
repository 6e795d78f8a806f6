package emulator

import "time"

// A run's life is a program: phases, each due at a clock time, each a list
// of actions. Polling plays every phase whose time has come when the run is
// read; a stream plays the actions one by one at once, writing the event
// each emits. Both walk the same program over the same stored objects,
// which is why a streamed run and a polled one end in the same state.
//
// A program ends when the run is terminal or waits (requires_action). A
// request that changes the run's course (submit_tool_outputs, cancel,
// expiry) replaces the rest of the program.

// actionKind names what an action does.
type actionKind uint8

const (
	actRunCreated actionKind = iota
	actRunQueued
	actRunInProgress
	actRunRequiresAction
	actRunCompleted
	actRunIncomplete
	actRunFailed
	actRunCancelling
	actRunCancelled
	actRunExpired
	actStepCreated
	actStepInProgress
	actStepDelta
	actStepCompleted
	actStepFailed
	actStepCancelled
	actStepExpired
	actMessageCreated
	actMessageInProgress
	actMessageDelta
	actMessageCompleted
	actMessageIncomplete
	actErrorEvent
	actDropConnection
)

// action is one change to a run; it emits at most one event. An action
// with n > 1 stands for n actions of its kind with indices i, i+1, …,
// i+n-1, so a thousand deltas cost one entry.
type action struct {
	kind   actionKind
	i      int    // actStepCreated: which step; deltas: the delta's index
	n      int    // how many consecutive indices from i, when more than one
	reason string // actMessageIncomplete: the reason
}

// phase is a group of actions that a poller sees happen together at time
// at.
type phase struct {
	at      time.Time
	actions []action
}

// program is the rest of a run's phases and a cursor in them.
type program struct {
	phases  []phase
	p, a, k int // the next action is phases[p].actions[a], repetition k
}

// next returns the next action and the time of its phase.
func (pg *program) next() (action, time.Time, bool) {
	for pg.p < len(pg.phases) {
		ph := &pg.phases[pg.p]
		if pg.a < len(ph.actions) {
			act := ph.actions[pg.a]
			if act.n > 1 {
				act.i += pg.k
				act.n = 0
				if pg.k++; pg.k < ph.actions[pg.a].n {
					return act, ph.at, true
				}
				pg.k = 0
			}
			pg.a++
			return act, ph.at, true
		}
		pg.p, pg.a, pg.k = pg.p+1, 0, 0
	}
	return action{}, time.Time{}, false
}

// due returns the time of the phase the next action belongs to.
func (pg *program) due() (time.Time, bool) {
	for pg.p < len(pg.phases) {
		if pg.a < len(pg.phases[pg.p].actions) {
			return pg.phases[pg.p].at, true
		}
		pg.p, pg.a = pg.p+1, 0
	}
	return time.Time{}, false
}

// phaseBuilder lays out phases one PhaseDuration apart from base.
type phaseBuilder struct {
	base   time.Time
	step   time.Duration
	phases []phase
}

// add appends a phase due one step after the previous one (the first at
// base).
func (b *phaseBuilder) add(actions ...action) {
	at := b.base.Add(time.Duration(len(b.phases)) * b.step)
	b.phases = append(b.phases, phase{at: at, actions: actions})
}

// addAt appends a phase due at a fixed time.
func (b *phaseBuilder) addAt(at time.Time, actions ...action) {
	b.phases = append(b.phases, phase{at: at, actions: actions})
}

// interrupt says how a stream must stop after an action.
type interrupt uint8

const (
	interruptNone  interrupt = iota
	interruptError           // an error event was written: end without done
	interruptDrop            // cut the connection
)
