package conformance

import (
	"maps"
	"sync"

	"github.com/runsuite/runsuite/contract"
)

// OtherEvent is the Coverage.Events key that counts served events whose
// name is not in the contract's catalogue, so the map stays bounded.
const OtherEvent = "(other)"

// coverageCounter counts what a client exercised against mock: requests by
// operation (the ten, and set-up calls under SetupPrefix), requests that
// matched nothing, and the stream events served by type. It is safe for
// concurrent use; its maps only ever hold known keys, so its size is
// bounded whatever the client sends.
type coverageCounter struct {
	mu        sync.Mutex
	ops       map[string]int
	events    map[string]int
	unmatched int
}

func newCoverageCounter() *coverageCounter {
	c := &coverageCounter{ops: map[string]int{}, events: map[string]int{}}
	for _, op := range contract.Operations() {
		c.ops[string(op.ID)] = 0
	}
	for _, name := range contract.EventNames() {
		c.events[name] = 0
	}
	return c
}

// request counts one request.
func (c *coverageCounter) request(r *Request) {
	key := ""
	switch {
	case r.Operation != nil:
		key = string(r.Operation.ID)
	case setupCallOf(r) != "":
		key = SetupPrefix + setupCallOf(r)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if key == "" {
		c.unmatched++
		return
	}
	c.ops[key]++
}

// event counts one served stream event.
func (c *coverageCounter) event(name string) {
	if _, ok := contract.LookupEvent(name); !ok {
		name = OtherEvent
	}
	c.mu.Lock()
	c.events[name]++
	c.mu.Unlock()
}

// snapshot returns a copy of the counts.
func (c *coverageCounter) snapshot() *Coverage {
	c.mu.Lock()
	defer c.mu.Unlock()
	return &Coverage{Operations: maps.Clone(c.ops), Events: maps.Clone(c.events), Unmatched: c.unmatched}
}

// MissingOperations returns the operations of the contract that c shows no
// request for, in CONTRACT §1 order; nil when all ten were exercised.
func MissingOperations(c *Coverage) []contract.OperationID {
	var out []contract.OperationID
	for _, op := range contract.Operations() {
		if c == nil || c.Operations[string(op.ID)] == 0 {
			out = append(out, op.ID)
		}
	}
	return out
}

// eventCounter reads the bytes of an event stream as they are served and
// reports each event's name when the event is dispatched (a blank line
// after at least one data line; WHATWG event-stream interpretation). Only
// the first bytes of each line are kept, enough for a field name and an
// event name, so its memory is bounded however long the stream or its
// lines are.
type eventCounter struct {
	onEvent func(name string)
	line    []byte // the start of the current line, at most maxLineHead bytes
	lineLen int    // the current line's full length so far
	afterCR bool   // the previous byte ended a line with CR
	name    string // the current event's name, "" for the default
	hasData bool
}

// maxLineHead is how much of a line eventCounter keeps: "event:" and the
// longest event name fit well within it.
const maxLineHead = 128

// Write consumes stream bytes; it never fails.
func (e *eventCounter) Write(p []byte) (int, error) {
	for _, c := range p {
		switch {
		case c == '\n' && e.afterCR:
			e.afterCR = false // the LF of a CRLF
		case c == '\n' || c == '\r':
			e.afterCR = c == '\r'
			e.endLine()
		default:
			e.afterCR = false
			if len(e.line) < maxLineHead {
				e.line = append(e.line, c)
			}
			e.lineLen++
		}
	}
	return len(p), nil
}

// endLine interprets the line just ended.
func (e *eventCounter) endLine() {
	line := string(e.line)
	full := e.lineLen == len(e.line)
	e.line, e.lineLen = e.line[:0], 0
	switch {
	case line == "":
		if e.hasData && e.onEvent != nil {
			name := e.name
			if name == "" {
				name = "message"
			}
			e.onEvent(name)
		}
		e.name, e.hasData = "", false
	case line == "data" || len(line) >= 5 && line[:5] == "data:":
		e.hasData = true
	case len(line) >= 6 && line[:6] == "event:":
		v := line[6:]
		if len(v) > 0 && v[0] == ' ' {
			v = v[1:]
		}
		if !full {
			v = OtherEvent // a name longer than any the contract has
		}
		e.name = v
	}
}
