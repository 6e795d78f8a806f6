package ginkgosuite

import (
	"strings"
	"testing"

	"github.com/runsuite/runsuite/conformance"
)

func TestOutcome(t *testing.T) {
	t.Parallel()
	finding := conformance.Finding{Message: "no done event", Evidence: conformance.Evidence{Request: "POST /v1/threads/t/runs", Status: 200, EventIndex: conformance.At(3)}}
	tests := []struct {
		name string
		res  conformance.Result
		want outcomeKind
		msg  []string // each in the message
	}{
		{"pass", conformance.Result{Status: conformance.StatusPass}, outcomePass, nil},
		{"skip", conformance.Result{Status: conformance.StatusSkip, Reason: "the target does not support streaming"}, outcomeSkip, []string{"does not support streaming"}},
		{"warn", conformance.Result{Status: conformance.StatusWarn, Findings: []conformance.Finding{finding}}, outcomeWarn, []string{"no done event", "event #3"}},
		{"fail", conformance.Result{ID: "stream.done-last", Title: "ends with done", Level: conformance.LevelMust, Section: "§4.1", Status: conformance.StatusFail, Findings: []conformance.Finding{finding}},
			outcomeFail, []string{"stream.done-last (MUST §4.1)", "POST /v1/threads/t/runs -> 200", "event #3"}},
		{"error", conformance.Result{Status: conformance.StatusError, Reason: "check did not finish within 30s"}, outcomeFail, []string{"harness error", "within 30s"}},
		{"unknown status", conformance.Result{Status: "odd"}, outcomeFail, []string{"harness error"}},
	}
	for _, tt := range tests {
		kind, msg := outcome(tt.res)
		if kind != tt.want {
			t.Errorf("%s: got outcome %d, want %d", tt.name, kind, tt.want)
		}
		for _, m := range tt.msg {
			if !strings.Contains(msg, m) {
				t.Errorf("%s: message %q does not hold %q", tt.name, msg, m)
			}
		}
	}
}

func TestLabels(t *testing.T) {
	t.Parallel()
	c := conformance.Check{ID: "stream.done-last", Side: conformance.SideServer, Level: conformance.LevelShould, Needs: []conformance.Capability{conformance.CapStreaming}}
	got := strings.Join(labels(c), ",")
	if want := "stream,server,should,streaming"; got != want {
		t.Errorf("got labels %q, want %q", got, want)
	}
}
