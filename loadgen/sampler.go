package loadgen

import (
	"sync"
	"time"
)

// sampler turns the live counters into one Point per second and reports
// progress.
type sampler struct {
	at      *attack
	started time.Time
	quit    chan struct{}
	wg      sync.WaitGroup
	series  []Point
	last    [4]int64 // runs, events, bytes, errors at the last point
}

// startSampler starts sampling every second from started.
func (at *attack) startSampler(started time.Time) *sampler {
	s := &sampler{at: at, started: started, quit: make(chan struct{})}
	s.wg.Add(1)
	go s.loop()
	return s
}

func (s *sampler) loop() {
	defer s.wg.Done()
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			p := s.point()
			if f := s.at.cfg.progress; f != nil {
				f(s.progress(p))
			}
		case <-s.quit:
			return
		}
	}
}

// point appends the point of the second that just ended.
func (s *sampler) point() Point {
	l := &s.at.live
	now := [4]int64{l.runs.Load(), l.events.Load(), l.bytes.Load(), l.errors.Load()}
	k, _ := s.at.current.Load().(ClientKind)
	p := Point{
		Second:   len(s.series),
		Runs:     now[0] - s.last[0],
		Events:   now[1] - s.last[1],
		Bytes:    now[2] - s.last[2],
		Errors:   now[3] - s.last[3],
		InFlight: l.inFlight.Load(),
	}
	if len(s.at.cfg.client.kinds()) > 1 {
		p.Client = k
	}
	s.last = now
	s.series = append(s.series, p)
	return p
}

// progress describes the attack after p.
func (s *sampler) progress(p Point) Progress {
	l := &s.at.live
	k, _ := s.at.current.Load().(ClientKind)
	return Progress{
		Elapsed:         time.Since(s.started),
		Planned:         s.at.cfg.duration,
		MaxRuns:         s.at.cfg.maxRuns,
		Client:          k,
		Runs:            l.runs.Load(),
		Events:          l.events.Load(),
		Bytes:           l.bytes.Load(),
		Errors:          l.errors.Load(),
		InFlight:        l.inFlight.Load(),
		EventsPerSecond: float64(p.Events),
	}
}

// stop ends sampling, adds the last partial second when anything happened
// in it and returns the series.
func (s *sampler) stop() []Point {
	close(s.quit)
	s.wg.Wait()
	l := &s.at.live
	if l.runs.Load() != s.last[0] || l.events.Load() != s.last[1] || len(s.series) == 0 {
		s.point()
	}
	return s.series
}
