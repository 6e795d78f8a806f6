package conformance

import (
	"fmt"
	"sync"

	"github.com/runsuite/runsuite/runs"
)

// T is what a server check reports through, and what it reaches the target
// with. Each check gets its own T; its methods are safe for concurrent use
// by the goroutines of that check. FailNow, Skip and Errorf stop the check
// (they unwind its goroutine, as testing.T's do), so they must be called
// from the goroutine that runs Check.Run.
type T struct {
	// Client is the reference client pointed at the target, with retries
	// off so that every request the check makes is seen once.
	Client *runs.Client
	// Target is the server under test.
	Target Target

	caps map[Capability]bool

	mu       sync.Mutex
	findings []Finding
}

// stop unwinds a check's goroutine; the runner recovers it.
type stop struct {
	status Status
	reason string
}

// Has reports whether the target has the capability (as declared, or as
// discovered before the run).
func (t *T) Has(c Capability) bool { return t.caps[c] }

// Fail records a finding and lets the check go on.
func (t *T) Fail(f Finding) {
	t.mu.Lock()
	t.findings = append(t.findings, f)
	t.mu.Unlock()
}

// FailNow records a finding and stops the check.
func (t *T) FailNow(f Finding) {
	t.Fail(f)
	panic(stop{status: StatusFail})
}

// Skip stops the check as skipped, with the reason shown in reports: what
// the target lacks and how to declare it (e.g. "--capabilities").
func (t *T) Skip(format string, args ...any) {
	panic(stop{status: StatusSkip, reason: fmt.Sprintf(format, args...)})
}

// Errorf stops the check with a harness error: the check could not judge
// the target (the network failed, the harness broke). It must not be used
// for answers the target got wrong; those are findings.
func (t *T) Errorf(format string, args ...any) {
	panic(stop{status: StatusError, reason: fmt.Sprintf(format, args...)})
}

// Findings returns a copy of what was recorded so far.
func (t *T) Findings() []Finding {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]Finding(nil), t.findings...)
}
