package loadgen

import (
	"fmt"
	"strings"
)

// Scenario is what one run does.
type Scenario string

// The scenarios.
const (
	// ScenarioStream creates a streamed run and reads it to done.
	ScenarioStream Scenario = "stream"
	// ScenarioToolRoundtrip streams a run that calls a function tool to
	// requires_action, submits the outputs streamed and reads that stream
	// to done.
	ScenarioToolRoundtrip Scenario = "tool-roundtrip"
	// ScenarioPoll creates a run without streaming and retrieves it until
	// it is terminal, answering requires_action.
	ScenarioPoll Scenario = "poll"
	// ScenarioThreadAndRun creates a thread and a run in one streamed
	// request (POST /threads/runs) and reads it to done.
	ScenarioThreadAndRun Scenario = "thread-and-run"
)

// AllScenarios returns every scenario, in a fixed order.
func AllScenarios() []Scenario {
	return []Scenario{ScenarioStream, ScenarioToolRoundtrip, ScenarioPoll, ScenarioThreadAndRun}
}

// ParseScenarios reads a comma-separated list of scenario names.
func ParseScenarios(s string) ([]Scenario, error) {
	var out []Scenario
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		sc := Scenario(name)
		if !sc.valid() {
			return nil, &ConfigError{Field: "scenario", Reason: fmt.Sprintf("unknown scenario %q (want %s)", name, joinScenarios(AllScenarios()))}
		}
		out = append(out, sc)
	}
	return out, nil
}

func (s Scenario) valid() bool {
	for _, k := range AllScenarios() {
		if s == k {
			return true
		}
	}
	return false
}

func joinScenarios(ss []Scenario) string {
	names := make([]string, len(ss))
	for i, s := range ss {
		names[i] = string(s)
	}
	return strings.Join(names, ", ")
}

// ClientKind names the client that drives the runs.
type ClientKind string

// The clients.
const (
	// ClientRunsuite is runsuite's reference client, runs.Client.
	ClientRunsuite ClientKind = "runsuite"
	// ClientOpenAIGo is openai-go through adapters/openaigo.
	ClientOpenAIGo ClientKind = "openai-go"
	// ClientBoth alternates the two in turns, so that both are measured
	// against the same target in one attack.
	ClientBoth ClientKind = "both"
)

// ParseClientKind reads a client name.
func ParseClientKind(s string) (ClientKind, error) {
	switch k := ClientKind(s); k {
	case ClientRunsuite, ClientOpenAIGo, ClientBoth:
		return k, nil
	}
	return "", &ConfigError{Field: "client", Reason: fmt.Sprintf("unknown client %q (want runsuite, openai-go or both)", s)}
}

// kinds returns the clients an attack uses, in turn order.
func (k ClientKind) kinds() []ClientKind {
	if k == ClientBoth {
		return []ClientKind{ClientRunsuite, ClientOpenAIGo}
	}
	return []ClientKind{k}
}

// ConfigError reports an Attacker option, or a combination of options, that
// cannot run.
type ConfigError struct {
	Field  string // the option at fault, e.g. "workers"
	Reason string
}

// Error names the option and why it was refused.
func (e *ConfigError) Error() string { return "loadgen: " + e.Field + ": " + e.Reason }
