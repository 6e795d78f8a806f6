package loadgen

import (
	"fmt"
	"math"
	"net"
	"net/url"
	"runtime"

	"github.com/runsuite/runsuite/emulator"
)

// EmulatorOptions adds options to the in-process emulator (the default
// target), e.g. fault injection. They are ignored with a Target.
func EmulatorOptions(opts ...emulator.Option) Option {
	return func(c *config) { c.emuOpts = append(c.emuOpts, opts...) }
}

// validate checks the options and turns the attack's figures into this
// shard's share.
func (c *config) validate() error {
	bad := func(field, format string, args ...any) error {
		return &ConfigError{Field: field, Reason: fmt.Sprintf(format, args...)}
	}
	switch {
	case c.shardCount < 1:
		return bad("shard", "count must be at least 1, got %d", c.shardCount)
	case c.shardIndex < 0 || c.shardIndex >= c.shardCount:
		return bad("shard", "index must be in [0, %d), got %d", c.shardCount, c.shardIndex)
	case c.workers < 1 || c.workers > MaxWorkers:
		return bad("workers", "must be in [1, %d], got %d", MaxWorkers, c.workers)
	case c.workers < c.shardCount:
		return bad("workers", "%d workers cannot be split over %d shards", c.workers, c.shardCount)
	case c.rate < 0 || math.IsNaN(c.rate) || math.IsInf(c.rate, 0):
		return bad("rate", "must be a finite number >= 0, got %v", c.rate)
	case c.rampUp < 0:
		return bad("ramp-up", "must not be negative, got %v", c.rampUp)
	case c.duration < 0:
		return bad("duration", "must not be negative, got %v", c.duration)
	case c.maxRuns < 0:
		return bad("max-runs", "must not be negative, got %d", c.maxRuns)
	case c.duration == 0 && c.maxRuns == 0:
		return bad("duration", "an attack needs a duration or a run bound so that it stops by itself")
	case c.maxRuns > 0 && c.maxRuns < int64(c.shardCount):
		return bad("max-runs", "%d runs cannot be split over %d shards", c.maxRuns, c.shardCount)
	case c.timeout <= 0:
		return bad("timeout", "must be positive, got %v", c.timeout)
	case c.stopGrace < 0:
		return bad("stop-grace", "must not be negative, got %v", c.stopGrace)
	case len(c.scenarios) == 0:
		return bad("scenario", "at least one scenario is needed")
	case c.client != ClientRunsuite && c.client != ClientOpenAIGo && c.client != ClientBoth:
		return bad("client", "unknown client %q", c.client)
	case c.client == ClientBoth && c.alternate <= 0:
		return bad("alternate", "must be positive, got %v", c.alternate)
	case c.client == ClientBoth && c.duration == 0:
		return bad("client", "both clients take turns of a duration, so the attack needs --duration")
	case c.deltas < 1:
		return bad("deltas", "must be at least 1, got %d", c.deltas)
	case c.deltaSize < 0:
		return bad("delta-size", "must not be negative, got %d", c.deltaSize)
	case c.pause < 0:
		return bad("pause", "must not be negative, got %v", c.pause)
	case c.phaseDuration <= 0:
		return bad("phase", "must be positive, got %v", c.phaseDuration)
	case c.pollInterval <= 0:
		return bad("poll-interval", "must be positive, got %v", c.pollInterval)
	case c.maxRetries < 0:
		return bad("retries", "must not be negative, got %d", c.maxRetries)
	case c.setupConcurrency < 1:
		return bad("setup-concurrency", "must be at least 1, got %d", c.setupConcurrency)
	}
	for _, s := range c.scenarios {
		if !s.valid() {
			return bad("scenario", "unknown scenario %q", s)
		}
		if s == ScenarioThreadAndRun && c.client != ClientRunsuite {
			return bad("scenario", "thread-and-run is driven by runsuite's client only: openai-go's adapter has no create-thread-and-run")
		}
	}
	if err := c.checkTarget(); err != nil {
		return err
	}
	c.workers = share(int64(c.workers), c.shardIndex, c.shardCount)
	c.maxRuns = int64(share(c.maxRuns, c.shardIndex, c.shardCount))
	if c.pacer == nil && c.rate > 0 {
		c.rate /= float64(c.shardCount)
		c.pacer = ConstantPacer{Rate: c.rate, RampUp: c.rampUp}
	}
	return nil
}

// share is shard i's part of n split over count shards.
func share(n int64, i, count int) int {
	s := n / int64(count)
	if int64(i) < n%int64(count) {
		s++
	}
	return int(s)
}

// checkTarget refuses a target that is not an http(s) URL, or that is not
// on loopback without AllowRemote.
func (c *config) checkTarget() error {
	if c.target == "" {
		return nil
	}
	u, err := url.Parse(c.target)
	if err != nil {
		return &ConfigError{Field: "target", Reason: err.Error()}
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return &ConfigError{Field: "target", Reason: fmt.Sprintf("%q is not an http(s) base URL", c.target)}
	}
	if !c.allowRemote && !isLoopbackHost(u.Hostname()) {
		return &ConfigError{Field: "target", Reason: fmt.Sprintf("%q is not on loopback; allow remote targets explicitly", u.Host)}
	}
	return nil
}

// isLoopbackHost reports whether host names the loopback interface.
func isLoopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// shardSeed is this shard's seed: distinct per shard, the same for the
// same seed and shard.
func (c *config) shardSeed() int64 {
	return c.seed*int64(c.shardCount) + int64(c.shardIndex)
}

// needsThreads reports whether some scenario runs on a worker's thread.
func (c *config) needsThreads() bool {
	for _, s := range c.scenarios {
		if s != ScenarioThreadAndRun {
			return true
		}
	}
	return false
}

// runConfig describes the attack for Metrics.
func (c *config) runConfig() RunConfig {
	target := "in-process emulator"
	if c.target != "" {
		target = c.target
	}
	return RunConfig{
		Target:      target,
		Scenarios:   c.scenarios,
		Client:      c.client,
		Workers:     c.workers,
		Rate:        c.rate,
		RampUp:      c.rampUp,
		Duration:    c.duration,
		MaxRuns:     c.maxRuns,
		Timeout:     c.timeout,
		Seed:        c.seed,
		Deltas:      c.deltas,
		DeltaSize:   c.deltaSize,
		Pause:       c.pause,
		ShardCount:  c.shardCount,
		GoVersion:   runtime.Version(),
		CPUs:        runtime.NumCPU(),
		GeneratedBy: "runsuite loadgen",
	}
}
