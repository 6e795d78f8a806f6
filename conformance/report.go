package conformance

import "time"

// SchemaVersion is the version of the JSON report schema
// (docs/report-schema.md). It changes when a field changes meaning or goes
// away; added fields keep it.
const SchemaVersion = 1

// Report is the outcome of one run of checks, what every reporter renders.
type Report struct {
	SchemaVersion int `json:"schema_version"`
	// Command is what produced it: "verify" or "mock".
	Command string `json:"command"`
	// Target describes what was judged: a base URL, "embedded emulator",
	// a client command line or cassette files.
	Target   string        `json:"target"`
	Started  time.Time     `json:"started"`
	Duration time.Duration `json:"duration_ns"`
	// Capabilities are the target's, as declared or discovered (verify).
	Capabilities map[Capability]bool `json:"capabilities,omitempty"`
	Results      []Result            `json:"results"`
	Summary      Summary             `json:"summary"`
	// Coverage says what a client exercised (mock only).
	Coverage *Coverage `json:"coverage,omitempty"`
	// ClientExitCode is the exit status of the command mock ran, when it ran one.
	ClientExitCode *int `json:"client_exit_code,omitempty"`
}

// Summary counts results by status.
type Summary struct {
	Total int `json:"total"`
	Pass  int `json:"pass"`
	Fail  int `json:"fail"`
	Warn  int `json:"warn"`
	Skip  int `json:"skip"`
	Error int `json:"error"`
}

// Summarize counts results by status.
func Summarize(results []Result) Summary {
	s := Summary{Total: len(results)}
	for _, r := range results {
		switch r.Status {
		case StatusPass:
			s.Pass++
		case StatusFail:
			s.Fail++
		case StatusWarn:
			s.Warn++
		case StatusSkip:
			s.Skip++
		case StatusError:
			s.Error++
		}
	}
	return s
}

// Coverage is what a client exercised against mock: requests by operation
// id (every one of the ten listed, zero when unused) and stream events by
// type as served to it.
type Coverage struct {
	Operations map[string]int `json:"operations"`
	Events     map[string]int `json:"events"`
	// Unmatched counts requests that matched no operation of the contract.
	Unmatched int `json:"unmatched"`
}
