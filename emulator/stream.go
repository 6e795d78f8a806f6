package emulator

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/runsuite/runsuite/contract"
)

// maxBuffered is how many bytes of events a stream holds before writing
// them, whatever the flush policy says.
const maxBuffered = 64 << 10

// buffers recycles the encoding buffers of finished streams, so a stream
// does not grow new ones from nothing.
var buffers = sync.Pool{New: func() any { return new([]byte) }}

// pooledBuffer returns an empty buffer, with capacity when one is free.
func pooledBuffer() []byte {
	return (*buffers.Get().(*[]byte))[:0]
}

// recycleBuffer gives a buffer back, unless it grew past what a stream
// normally holds.
func recycleBuffer(b []byte) {
	if cap(b) == 0 || cap(b) > 4*maxBuffered {
		return
	}
	b = b[:0]
	buffers.Put(&b)
}

// streamWriter writes a stream's events with the flush policy and pauses
// of a StreamShape.
type streamWriter struct {
	w     http.ResponseWriter
	rc    *http.ResponseController
	ctx   context.Context
	shape StreamShape
	write time.Duration // the deadline of each write
	until time.Time     // the deadline set last
	// noDeadline is set when the writer cannot take deadlines.
	noDeadline bool
	timer      *time.Timer
	sent       int // events handed to send so far
	pending    int // events written since the last flush
	flushAfter int // events written between two flushes (StreamShape.flushAfter)
}

func newStreamWriter(rq *request, shape StreamShape, write time.Duration) *streamWriter {
	h := rq.w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	rq.w.WriteHeader(http.StatusOK)
	return &streamWriter{w: rq.w, rc: http.NewResponseController(rq.w), ctx: rq.r.Context(), shape: shape, write: write, flushAfter: shape.flushAfter()}
}

// deadline gives the next write its deadline: a client that stops reading
// ends its stream after that long instead of holding it. The deadline is
// moved only when less than three quarters of it is left, so that a
// stream of small writes does not reset a timer for each.
func (sw *streamWriter) deadline() {
	if sw.noDeadline {
		return
	}
	now := time.Now()
	if sw.until.Sub(now) > sw.write*3/4 {
		return
	}
	sw.until = now.Add(sw.write)
	if sw.rc.SetWriteDeadline(sw.until) != nil {
		sw.noDeadline = true // a writer without deadlines, such as a test recorder
	}
}

// send writes the events em holds, pausing before them when a pause is
// set (after flushing what was written), and flushes as the shape says.
// With final set it writes and flushes whatever is left.
func (sw *streamWriter) send(em *emitter, final bool) error {
	if err := sw.ctx.Err(); err != nil {
		return err
	}
	if em.events > 0 && sw.shape.Pause > 0 && sw.sent > 0 {
		if err := sw.pause(); err != nil {
			return err
		}
	}
	sw.sent += em.events
	sw.pending += em.events
	em.events = 0
	if !final && sw.shape.Pause == 0 && sw.pending < sw.flushAfter && len(em.buf) < maxBuffered {
		return nil
	}
	sw.deadline()
	if len(em.buf) > 0 {
		if _, err := sw.w.Write(em.buf); err != nil {
			return err
		}
		em.buf = em.buf[:0]
	}
	if sw.pending >= sw.flushAfter || final || sw.shape.Pause > 0 {
		sw.pending = 0
		return sw.rc.Flush()
	}
	return nil
}

// stall writes and flushes what the stream holds, then sends nothing for
// d, or until the request ends.
func (sw *streamWriter) stall(em *emitter, d time.Duration) error {
	if err := sw.send(em, true); err != nil {
		return err
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-sw.ctx.Done():
		return sw.ctx.Err()
	case <-timer.C:
		return nil
	}
}

// pause waits the shape's pause in real time, or until the request ends.
func (sw *streamWriter) pause() error {
	if sw.pending > 0 {
		sw.pending = 0
		sw.deadline()
		if err := sw.rc.Flush(); err != nil {
			return err
		}
	}
	if sw.timer == nil {
		sw.timer = time.NewTimer(sw.shape.Pause)
	} else {
		sw.timer.Reset(sw.shape.Pause)
	}
	select {
	case <-sw.ctx.Done():
		sw.timer.Stop()
		return sw.ctx.Err()
	case <-sw.timer.C:
		return nil
	}
}

// stream plays r's program as an event stream. The caller has made em the
// run's streamer and released the thread's lock; em may already hold
// events (thread.created). The stream ends with done when the program ends
// or waits, without done after an error event, and by cutting the
// connection for drop_connection. When the client goes away the rest of
// the program is left to polling.
//
// An injected fault (WithFaults) may cut the stream, slow it down or stall
// it; a cut stream leaves the rest of the program to polling, as a client
// that goes away does.
func (s *Server) stream(rq *request, t *thread, r *run, em *emitter) {
	fault := s.faults.streamFault()
	shape := s.cfg.shape
	if fault.kind == FaultTrickle {
		shape.Pause = s.faults.f.TricklePause
	}
	setFaultHeaders(rq.w.Header(), fault.kind, 0)
	sw := newStreamWriter(rq, shape, s.cfg.timeouts.Write)
	p := player{st: s.store, t: t, r: r, em: em}
	t.mu.Lock()
	em.buf = append(pooledBuffer(), em.buf...)
	em.scratch = pooledBuffer()
	t.mu.Unlock()
	defer func() {
		t.mu.Lock()
		if r.streamer == em {
			// Events written for this stream that it never sent go with it;
			// polling plays the rest of the program.
			r.streamer, r.outbox, r.outboxN = nil, nil, 0
		}
		buf, scratch := em.buf, em.scratch
		em.buf, em.scratch = nil, nil
		t.mu.Unlock()
		// Nothing else holds em now: its buffers serve the next stream.
		recycleBuffer(buf)
		recycleBuffer(scratch)
	}()
	if sw.send(em, false) != nil {
		return
	}
	for {
		t.mu.Lock()
		if r.outboxN > 0 {
			em.buf, em.events = append(em.buf, r.outbox...), em.events+r.outboxN
			r.outbox, r.outboxN = r.outbox[:0], 0
		}
		a, at, ok := r.prog.next()
		intr := interruptNone
		if ok {
			intr = p.play(a, at)
		}
		if !ok || intr != interruptNone {
			// The stream is done with the run: play the rest silently so
			// that the stored state is the state polling would reach.
			s.playRest(t, r)
			r.streamer = nil
		}
		t.mu.Unlock()
		switch {
		case intr == interruptError:
			sw.send(em, true) //nolint:errcheck // the stream ends here either way
			return
		case intr == interruptDrop:
			sw.send(em, true) //nolint:errcheck // the connection is cut next
			panic(http.ErrAbortHandler)
		case !ok:
			em.scratch = append(em.scratch[:0], contract.DoneData...)
			em.frame(contract.EventDone)
			sw.send(em, true) //nolint:errcheck // nothing follows
			return
		}
		if sw.send(em, false) != nil {
			return
		}
		switch {
		case fault.kind == FaultReset && sw.sent >= fault.at:
			sw.send(em, true) //nolint:errcheck // the connection is cut next
			panic(http.ErrAbortHandler)
		case fault.kind == FaultStall && sw.sent >= fault.at:
			fault.kind = "" // once
			if sw.stall(em, s.faults.f.StallFor) != nil {
				return
			}
		}
	}
}

// playRest plays what is left of r's program without emitting anything,
// as of each phase's time. The caller holds t.mu.
func (s *Server) playRest(t *thread, r *run) {
	p := player{st: s.store, t: t, r: r}
	for {
		a, at, ok := r.prog.next()
		if !ok {
			return
		}
		p.play(a, at)
	}
}
