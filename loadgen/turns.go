package loadgen

import (
	"context"
	"sync"
	"time"
)

// claim takes the next run number, or reports that the run bound is
// reached.
func (at *attack) claim() (int64, bool) {
	seq := at.seq.Add(1) - 1
	if at.cfg.maxRuns > 0 && seq >= at.cfg.maxRuns {
		return 0, false
	}
	return seq, true
}

// exhausted reports whether the run bound is reached.
func (at *attack) exhausted() bool {
	return at.cfg.maxRuns > 0 && at.seq.Load() >= at.cfg.maxRuns
}

// turnCost is what one client's turns took.
type turnCost struct {
	duration time.Duration
	cpu      time.Duration
}

// turns runs the attack's turns, one per client in alternation under
// ClientBoth, until the duration, the run bound or a stop ends it.
func (at *attack) turns(started time.Time) map[ClientKind]*turnCost {
	cfg := at.cfg
	kinds := cfg.client.kinds()
	costs := map[ClientKind]*turnCost{}
	for _, k := range kinds {
		costs[k] = &turnCost{}
	}
	var deadline time.Time
	if cfg.duration > 0 {
		deadline = started.Add(cfg.duration)
	}
	for turn := 0; ; turn++ {
		now := time.Now()
		if isClosed(at.attacker.stopCh) || at.exhausted() || (!deadline.IsZero() && !now.Before(deadline)) {
			break
		}
		k := kinds[turn%len(kinds)]
		end := deadline
		if len(kinds) > 1 {
			end = now.Add(cfg.alternate)
			if !deadline.IsZero() && deadline.Before(end) {
				end = deadline
			}
		}
		at.current.Store(k)
		cpu0, _ := processUsage()
		over := at.turn(k, end)
		cpu1, _ := processUsage()
		costs[k].duration += time.Since(now)
		costs[k].cpu += cpu1 - cpu0
		if over {
			break
		}
	}
	return costs
}

// turn runs client k's workers until end (zero: no time bound), the run
// bound or a stop, then gives the runs in flight the stop grace before
// cancelling them. It reports whether the workers ended by themselves (the
// run bound was reached or the pacer stopped), which ends the attack.
func (at *attack) turn(k ClientKind, end time.Time) (over bool) {
	cfg := at.cfg
	runCtx, cancelRuns := context.WithCancel(context.Background())
	defer cancelRuns()
	at.runsCancelled.Store(false)

	stopTurn := make(chan struct{})
	var wg sync.WaitGroup
	if cfg.pacer == nil {
		for i, w := range at.workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if cfg.rampUp > 0 && !sleep(cfg.rampUp*time.Duration(i)/time.Duration(len(at.workers)), stopTurn) {
					return
				}
				for !isClosed(stopTurn) {
					seq, ok := at.claim()
					if !ok {
						return
					}
					w.run(runCtx, seq, k)
				}
			}()
		}
	} else {
		ticks := make(chan struct{})
		for _, w := range at.workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range ticks {
					seq, ok := at.claim()
					if !ok {
						continue
					}
					w.run(runCtx, seq, k)
				}
			}()
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(ticks)
			at.pace(ticks, stopTurn)
		}()
	}

	allDone := make(chan struct{})
	go func() {
		wg.Wait()
		close(allDone)
	}()
	var timer <-chan time.Time
	if !end.IsZero() {
		t := time.NewTimer(time.Until(end))
		defer t.Stop()
		timer = t.C
	}
	select {
	case <-allDone:
		close(stopTurn)
		return true
	case <-timer:
	case <-at.attacker.stopCh:
	}
	close(stopTurn)
	grace := time.NewTimer(cfg.stopGrace)
	defer grace.Stop()
	select {
	case <-allDone:
	case <-grace.C:
		at.runsCancelled.Store(true)
		cancelRuns()
		<-allDone // every run is bounded by its timeout and now cancelled
	}
	return false
}

// pace sends a tick each time the pacer says a run is due, until stop is
// closed, the pacer stops or the run bound is reached. A tick waits for a
// free worker, so when every worker is busy the schedule slips.
func (at *attack) pace(ticks chan<- struct{}, stop <-chan struct{}) {
	t0 := time.Now()
	var hits uint64
	for !at.exhausted() {
		wait, done := at.cfg.pacer.Pace(time.Since(t0), hits)
		if done {
			return
		}
		if wait > 0 && !sleep(wait, stop) {
			return
		}
		select {
		case ticks <- struct{}{}:
			hits++
		case <-stop:
			return
		}
	}
}

// sleep waits for d and reports true, or reports false when stop closes
// first.
func sleep(d time.Duration, stop <-chan struct{}) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-stop:
		return false
	}
}
