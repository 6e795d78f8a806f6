// Package streamcheck gives the verdict on a recorded event stream of the
// Runs API, as conformance decode reports it: every event decoded through
// runs.EventReader, every payload checked against the catalogue, nothing
// after done, and a listing plus a summary to render as text or JSON lines.
package streamcheck

import (
	"io"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/runs"
	"github.com/runsuite/runsuite/sse"
)

// Options says how strict a Checker is.
type Options struct {
	// MaxEventSize caps one raw event, in bytes. Values below
	// sse.MinMaxEventSize, 0 included, count as sse.MinMaxEventSize.
	MaxEventSize int
	// SkipUnknown skips events whose names are not in the catalogue
	// instead of failing; a bare data: [DONE] is never skipped.
	SkipUnknown bool
	// AllowTrailing accepts input after done; it is not read.
	AllowTrailing bool
	// StrictPayloads refuses the known departures of the live API from
	// the contract's shapes (contract.LiveDeviations), which are otherwise
	// accepted and counted in Summary.LiveDeviations.
	StrictPayloads bool
}

// DefaultOptions returns the options conformance decode starts from: the
// default event size cap, nothing skipped, nothing allowed after done.
func DefaultOptions() Options { return Options{MaxEventSize: sse.DefaultMaxEventSize} }

// How a stream ended, as Summary.Ended reports it.
const (
	EndedDone  = "done"  // with a done event
	EndedError = "error" // with an error event
)

// Event is one decoded event as the listing shows it. Its JSON form is a
// line of the jsonl output.
type Event struct {
	Index  int    `json:"-"`                // 0-based position in the stream
	Event  string `json:"event"`            // the event name
	Object string `json:"object,omitempty"` // the payload's object, "" for done and error
	ID     string `json:"id,omitempty"`     // the payload's id, when it has one
	Bytes  int64  `json:"bytes"`            // the raw size of the event block
}

// Summary totals a checked stream. Its JSON form is the value of the jsonl
// output's last line, {"summary":{...}}.
type Summary struct {
	Events  int   `json:"events"`            // events decoded
	Bytes   int64 `json:"bytes"`             // their raw size
	Skipped int   `json:"skipped,omitempty"` // unknown events skipped (SkipUnknown)
	// LiveDeviations counts the known departures of the live API accepted
	// in payloads (see Options.StrictPayloads).
	LiveDeviations int    `json:"live_deviations,omitempty"`
	Ended          string `json:"ended"`           // EndedDone, EndedError, or "" when the stream failed
	OK             bool   `json:"ok"`              // the stream conforms
	Error          string `json:"error,omitempty"` // why it does not
}

// Checker reads a stream event by event and gives its verdict once Next
// returns false. It is not safe for concurrent use.
type Checker struct {
	er       *runs.EventReader
	opts     Options
	cur      Event
	last     contract.EventName
	sum      Summary
	err      error
	finished bool
}

// New returns a Checker of the stream in r.
func New(r io.Reader, opts Options) *Checker {
	ropts := []runs.EventReaderOption{
		runs.LimitEventSize(max(opts.MaxEventSize, sse.MinMaxEventSize)),
		runs.CheckPayloads(),
	}
	if opts.SkipUnknown {
		ropts = append(ropts, runs.SkipUnknownEvents())
	}
	if opts.StrictPayloads {
		ropts = append(ropts, runs.StrictPayloads())
	}
	return &Checker{er: runs.NewEventReader(r, ropts...), opts: opts}
}

// Next checks the next event and reports whether it conforms; it returns
// false at the end of the stream or at the first failure.
func (c *Checker) Next() bool {
	if c.finished {
		return false
	}
	if c.er.Next() {
		ev, f := c.er.Event(), c.er.Frame()
		c.cur = Event{Index: c.er.Index(), Event: string(ev.Name), Object: ev.Object(), ID: ev.ID(), Bytes: f.Size}
		c.last = ev.Name
		c.sum.Events++
		c.sum.Bytes += f.Size
		return true
	}
	c.finish()
	return false
}

// finish records the verdict once the reader stopped.
func (c *Checker) finish() {
	c.finished = true
	c.cur = Event{}
	err := c.er.Err()
	if err == nil && c.last == contract.EventDone && !c.opts.AllowTrailing {
		err = c.er.ExpectEnd()
	}
	c.err = err
	c.sum.Skipped = c.er.Skipped()
	c.sum.LiveDeviations = c.er.LiveDeviations()
	switch {
	case err != nil:
		c.sum.Error = err.Error()
	case c.last == contract.EventError:
		c.sum.Ended, c.sum.OK = EndedError, true
	default:
		c.sum.Ended, c.sum.OK = EndedDone, true
	}
}

// Event returns the event Next checked.
func (c *Checker) Event() Event { return c.cur }

// Summary returns the totals so far, and the verdict once Next returned
// false.
func (c *Checker) Summary() Summary { return c.sum }

// Err returns nil when the stream conforms, else a *runs.StreamFormatError
// naming the event index and byte offset of the failure. When the input
// itself could not be read its cause is an *sse.ReadError: then there is
// no verdict.
func (c *Checker) Err() error { return c.err }
