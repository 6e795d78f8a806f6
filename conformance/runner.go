package conformance

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"github.com/runsuite/runsuite/runs"
)

// Run executes server checks against cfg.Target, at most cfg.Parallel at
// once, each bounded by cfg.Timeout, and returns their results in the order
// of checks. One check's panic, timeout or harness error is reported as
// StatusError for that check and never stops the others. Client rules in
// checks are ignored: they judge requests (see Inspect).
//
// caps are the target's capabilities (see Discover); a check that needs one
// the target lacks is skipped with a reason.
func Run(ctx context.Context, cfg Config, caps map[Capability]bool, checks []Check) []Result {
	parallel := max(cfg.Parallel, 1)
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	results := make([]Result, 0, len(checks))
	var idx []int
	for _, c := range checks {
		if c.Side != SideServer {
			continue
		}
		idx = append(idx, len(results))
		results = append(results, resultOf(c))
	}
	sem := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	n := 0
	for _, c := range checks {
		if c.Side != SideServer {
			continue
		}
		r := &results[idx[n]]
		n++
		if missing := missingCapability(c, caps); missing != "" {
			r.Status = StatusSkip
			r.Reason = fmt.Sprintf("the target does not support %s (declare it with --capabilities to run this check)", missing)
			continue
		}
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			r.Status, r.Reason = StatusError, "not run: "+ctx.Err().Error()
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			*r = RunCheck(ctx, cfg.Target, caps, c, timeout)
		}()
	}
	wg.Wait()
	return results
}

func missingCapability(c Check, caps map[Capability]bool) Capability {
	for _, need := range c.Needs {
		if !caps[need] {
			return need
		}
	}
	return ""
}

// RunCheck runs one server check against target with its own client and
// returns its result. It never panics: a panic in the check is its error.
// It returns at timeout even when the check ignores its context; the
// check's goroutine then ends on its own when its requests fail.
func RunCheck(ctx context.Context, target Target, caps map[Capability]bool, c Check, timeout time.Duration) Result {
	res := resultOf(c)
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	t := &T{Client: NewClient(target), Target: target, caps: caps}
	done := make(chan stop, 1)
	go func() {
		out := stop{status: StatusPass}
		defer func() {
			if v := recover(); v != nil {
				if s, ok := v.(stop); ok {
					out = s
				} else {
					out = stop{status: StatusError, reason: fmt.Sprintf("panic: %v\n%s", v, debug.Stack())}
				}
			}
			done <- out
		}()
		c.Run(ctx, t)
	}()
	var out stop
	select {
	case out = <-done:
	case <-ctx.Done():
		out = stop{status: StatusError, reason: fmt.Sprintf("check did not finish: %v", context.Cause(ctx))}
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			out.reason = fmt.Sprintf("check did not finish within %s", timeout)
		}
	}
	res.Duration = time.Since(start)
	res.Findings = t.Findings()
	switch {
	case out.status == StatusError || out.status == StatusSkip:
		res.Status, res.Reason = out.status, out.reason
	case len(res.Findings) > 0 && c.Level == LevelShould:
		res.Status = StatusWarn
	case len(res.Findings) > 0:
		res.Status = StatusFail
	default:
		res.Status = StatusPass
	}
	return res
}

// NewClient returns the reference client the checks use against target:
// no retries, so each request a check makes reaches the server once.
func NewClient(target Target) *runs.Client {
	opts := []runs.Option{runs.WithBaseURL(target.BaseURL), runs.WithAPIKey(target.APIKey), runs.WithMaxRetries(0)}
	if target.HTTPClient != nil {
		opts = append(opts, runs.WithHTTPClient(target.HTTPClient))
	}
	return runs.NewClient(opts...)
}
