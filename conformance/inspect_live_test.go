package conformance

import (
	"bytes"
	"testing"
)

// TestInspectLiveDeviations: a run with "instructions": null, as the live
// API sent it, fails stream.payload-valid when a server streams it live,
// and is a recorded.live-deviation (not a payload failure) in recorded
// traffic judged by InspectExchange.
func TestInspectLiveDeviations(t *testing.T) {
	t.Parallel()
	body := fixtureRun(t, "text_reply")
	live := bytes.ReplaceAll(body, []byte(`"instructions":"`), []byte(`"instructions":null,"was":"`))
	if bytes.Equal(live, body) {
		t.Fatal("fixture text_reply has no string instructions to null")
	}
	rules := func(fs []Finding) map[string]int {
		m := map[string]int{}
		for _, f := range fs {
			m[RuleOf(f)]++
		}
		return m
	}
	got := rules(InspectStream(live))
	if got[RulePayloadValid] == 0 || got[RuleLiveDeviation] != 0 {
		t.Errorf("InspectStream: got %v, want %s findings only", got, RulePayloadValid)
	}
	got = rules(InspectExchange("POST", "http://127.0.0.1/v1/threads/thread_1/runs", []byte(`{"assistant_id":"asst_1","stream":true}`), 200, "text/event-stream", live))
	if got[RuleLiveDeviation] == 0 || got[RulePayloadValid] != 0 {
		t.Errorf("InspectExchange: got %v, want %s findings only", got, RuleLiveDeviation)
	}
}
