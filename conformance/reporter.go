package conformance

import (
	"io"
	"os"
	"time"
)

// A Reporter writes a Report it was built over to w. Accumulating results
// (Report.Add) and writing them (a Reporter) are kept apart, so one Report
// can be written in several formats.
type Reporter func(w io.Writer) error

// NewReport starts an empty Report of command ("verify" or "mock") about
// target, stamped now.
func NewReport(command, target string) *Report {
	return NewReportAt(command, target, time.Now())
}

// NewReportAt is NewReport stamped with started, for reproducible reports.
func NewReportAt(command, target string, started time.Time) *Report {
	return &Report{SchemaVersion: SchemaVersion, Command: command, Target: target, Started: started.UTC(), Results: []Result{}}
}

// Add appends results to the report and counts them in its Summary.
func (r *Report) Add(results ...Result) {
	r.Results = append(r.Results, results...)
	r.Summary = Summarize(r.Results)
}

// Verdict is the overall outcome of a Report, what a front end turns into
// an exit status.
type Verdict string

// The verdicts, from best to worst.
const (
	// VerdictPass means every MUST check passed (warnings and skips allowed)
	// and, for mock, the client's command succeeded.
	VerdictPass Verdict = "pass"
	// VerdictFail means the target broke a MUST rule, or mock's client
	// command failed.
	VerdictFail Verdict = "fail"
	// VerdictIncomplete means nothing failed but the harness could not run
	// some checks (StatusError): the target was not fully judged.
	VerdictIncomplete Verdict = "incomplete"
)

// Verdict returns the report's overall outcome. A failure wins over a
// harness error: what was judged did not conform, whatever else happened.
func (r *Report) Verdict() Verdict {
	s := Summarize(r.Results)
	switch {
	case s.Fail > 0 || (r.ClientExitCode != nil && *r.ClientExitCode != 0):
		return VerdictFail
	case s.Error > 0:
		return VerdictIncomplete
	}
	return VerdictPass
}

// statusWord is how reporters name a status to people.
func statusWord(s Status) string {
	switch s {
	case StatusPass:
		return "PASS"
	case StatusFail:
		return "FAIL"
	case StatusWarn:
		return "WARN"
	case StatusSkip:
		return "SKIP"
	case StatusError:
		return "ERROR"
	}
	return "?" + string(s)
}

// IsTerminal reports whether w is a terminal, where colour may be used.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
