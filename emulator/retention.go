package emulator

import (
	"slices"
	"sync"
	"time"
)

// Retention bounds what the emulator remembers, so that a server under
// load for hours holds a bounded amount of memory:
//
//   - at most maxRuns terminal runs are kept; past that the run that ended
//     first is forgotten, with its steps and the messages it wrote;
//   - a terminal run is forgotten maxAge after it ended;
//   - at most maxRuns idle threads (threads without a run in progress) are
//     kept, the least recently used forgotten first, and an idle thread is
//     forgotten once no request has named it for maxAge.
//
// A forgotten object is a 404 afterwards, as if it had never existed.
// Retention works at the end of requests, outside every thread's lock, so
// it needs no goroutine of its own; a sweep over the threads, at most one
// at a time, also brings abandoned runs up to date so that they end.

// retention is the store's record of what it may forget.
type retention struct {
	mu        sync.Mutex
	queue     []endedRun // terminal runs in the order they ended, from head
	head      int
	sweeping  bool
	lastSweep time.Time
	sweepAt   int // the thread count that calls for the next sweep
}

// endedRun is a terminal run waiting to be forgotten.
type endedRun struct {
	t  *thread
	r  *run
	at time.Time
}

// ended records that r, on t, became terminal at at. The caller holds
// t.mu.
func (rt *retention) ended(t *thread, r *run, at time.Time) {
	rt.mu.Lock()
	rt.queue = append(rt.queue, endedRun{t: t, r: r, at: at})
	rt.mu.Unlock()
}

// terminalRuns returns how many terminal runs are remembered.
func (rt *retention) terminalRuns() int {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	return len(rt.queue) - rt.head
}

// maxForgetPerRequest bounds the runs one request forgets, so that no
// request pays for a large backlog at once.
const maxForgetPerRequest = 256

// due pops the runs to forget now: those beyond maxRuns and those that
// ended maxAge ago.
func (rt *retention) due(now time.Time, maxRuns int, maxAge time.Duration) []endedRun {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	var out []endedRun
	for rt.head < len(rt.queue) && len(out) < maxForgetPerRequest {
		e := rt.queue[rt.head]
		over := maxRuns > 0 && len(rt.queue)-rt.head > maxRuns
		old := maxAge > 0 && !e.at.Add(maxAge).After(now)
		if !over && !old {
			break
		}
		out = append(out, e)
		rt.queue[rt.head] = endedRun{}
		rt.head++
	}
	if rt.head > 64 && rt.head*2 >= len(rt.queue) {
		n := copy(rt.queue, rt.queue[rt.head:])
		clear(rt.queue[n:])
		rt.queue, rt.head = rt.queue[:n], 0
	}
	return out
}

// startSweep reports whether a sweep of the threads is due and, if so,
// claims it; endSweep releases it.
func (rt *retention) startSweep(now time.Time, threads, maxRuns int, every time.Duration) bool {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	if rt.sweeping {
		return false
	}
	if rt.sweepAt == 0 {
		rt.sweepAt = sweepThreshold(0, maxRuns)
		rt.lastSweep = now
	}
	if threads < rt.sweepAt && now.Sub(rt.lastSweep) < every {
		return false
	}
	rt.sweeping = true
	return true
}

func (rt *retention) endSweep(now time.Time, threads, maxRuns int) {
	rt.mu.Lock()
	rt.sweeping, rt.lastSweep = false, now
	rt.sweepAt = sweepThreshold(threads, maxRuns)
	rt.mu.Unlock()
}

// sweepThreshold is the thread count past which the next sweep runs: a
// quarter more than now, so that sweeps cost O(1) per thread created.
func sweepThreshold(threads, maxRuns int) int {
	base := max(threads, maxRuns)
	if base <= 0 {
		base = 1024
	}
	return base + base/4 + 16
}

// sweepEvery is how often, in clock time, the threads are swept whatever
// their number: often enough that abandoned runs end and maxAge holds
// roughly.
func (s *Server) sweepEvery() time.Duration {
	every := time.Second
	if a := s.cfg.maxAge; a > 0 && a/4 < every {
		every = a / 4
	}
	return every
}

// retain forgets what retention says is due. It runs after each request,
// holding no lock.
func (s *Server) retain() {
	now := s.now()
	for _, e := range s.store.ret.due(now, s.cfg.maxRuns, s.cfg.maxAge) {
		e.t.mu.Lock()
		if e.t.runByID[e.r.obj.ID] == e.r {
			e.t.removeRun(e.r)
		}
		e.t.mu.Unlock()
	}
	if s.store.ret.startSweep(now, s.store.threadCount(), s.cfg.maxRuns, s.sweepEvery()) {
		s.sweep(now)
		s.store.ret.endSweep(now, s.store.threadCount(), s.cfg.maxRuns)
	}
}

// idleThread is a thread without a run in progress, by last use.
type idleThread struct {
	t    *thread
	used int64
}

// sweep brings the runs of every thread up to date, so that runs nobody
// reads any more still end, and forgets the idle threads beyond maxRuns or
// older than maxAge. Threads busy with a request are left for the next
// sweep.
func (s *Server) sweep(now time.Time) {
	s.store.mu.RLock()
	all := make([]*thread, 0, len(s.store.threads))
	for _, t := range s.store.threads {
		all = append(all, t)
	}
	s.store.mu.RUnlock()
	var idle []idleThread
	for _, t := range all {
		if !t.mu.TryLock() {
			continue
		}
		if len(t.live) > 0 {
			s.advance(t, now)
		}
		if len(t.live) == 0 && !t.gone {
			idle = append(idle, idleThread{t: t, used: t.used.Load()})
		}
		t.mu.Unlock()
	}
	slices.SortFunc(idle, func(a, b idleThread) int { return int(min(max(a.used-b.used, -1), 1)) })
	excess := 0
	if s.cfg.maxRuns > 0 {
		excess = len(idle) - s.cfg.maxRuns
	}
	for i, it := range idle {
		old := s.cfg.maxAge > 0 && it.used <= now.Add(-s.cfg.maxAge).UnixNano()
		if i >= excess && !old {
			break // sorted by last use: the rest are newer
		}
		s.forgetThread(it)
	}
}

// forgetThread drops an idle thread, unless a request used it since the
// sweep looked.
func (s *Server) forgetThread(it idleThread) {
	t := it.t
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.live) > 0 || t.used.Load() != it.used || t.gone {
		return
	}
	t.gone = true
	s.store.mu.Lock()
	if s.store.threads[t.obj.ID] == t {
		delete(s.store.threads, t.obj.ID)
	}
	s.store.mu.Unlock()
}
