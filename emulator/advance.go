package emulator

import "time"

// advance brings every run of t in progress up to now: it plays the
// phases whose time has come and expires the runs whose expires_at has
// passed. Runs that a stream is playing are left to it. The caller holds
// t.mu.
func (s *Server) advance(t *thread, now time.Time) {
	// advanceRun may end a run, which removes it from t.live: walk a copy.
	// There is at most one run in progress outside lenient mode.
	var buf [4]*run
	for _, r := range append(buf[:0], t.live...) {
		s.advanceRun(t, r, now)
	}
}

func (s *Server) advanceRun(t *thread, r *run, now time.Time) {
	if r.streamer != nil || r.obj.Status.Terminal() || r.obj.ExpiresAt == nil {
		return
	}
	p := player{st: s.store, t: t, r: r}
	expires := time.Unix(*r.obj.ExpiresAt, 0)
	for {
		at, ok := r.prog.due()
		if !ok || at.After(now) || at.After(expires) {
			break
		}
		a, at, _ := r.prog.next()
		p.play(a, at) // interruptions only matter to streams
	}
	if !r.obj.Status.Terminal() && !now.Before(expires) {
		r.prog = program{}
		for _, a := range expiryActions {
			p.play(a, expires)
		}
	}
}

// replaceProgram sets the rest of r's program and plays, as of now, the
// actions due by then. When a stream is playing r, the events go to the
// run's outbox, which the stream writes next.
func (s *Server) replaceProgram(t *thread, r *run, phases []phase, now time.Time) {
	r.prog = program{phases: phases}
	if r.streamer == nil {
		s.advanceRun(t, r, now)
		return
	}
	em := &emitter{buf: r.outbox, include: r.include}
	p := player{st: s.store, t: t, r: r, em: em}
	for {
		at, ok := r.prog.due()
		if !ok || at.After(now) {
			break
		}
		a, at, _ := r.prog.next()
		p.play(a, at)
	}
	r.outbox, r.outboxN = em.buf, r.outboxN+em.events
}
