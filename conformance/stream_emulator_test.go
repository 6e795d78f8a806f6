package conformance

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"testing"

	"github.com/runsuite/runsuite/emulator"
)

// TestInspectStreamPassesEveryEmulatorStream streams every script of the
// emulator with every fault it injects and judges the streams: only the
// cut connection may break a rule, and only the rules a cut breaks.
func TestInspectStreamPassesEveryEmulatorStream(t *testing.T) {
	t.Parallel()
	target := startTarget(t, nil)
	post := func(t *testing.T, path string, body any) []byte {
		t.Helper()
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		req, err := http.NewRequest(http.MethodPost, target.BaseURL+path, bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+target.APIKey)
		req.Header.Set("OpenAI-Beta", "assistants=v2")
		req.Header.Set("Content-Type", "application/json")
		res, err := target.HTTPClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		out, _ := io.ReadAll(res.Body) // a cut connection ends the body early; that is what is judged
		if res.StatusCode != http.StatusOK {
			t.Fatalf("POST %s: got %d %s, want 200", path, res.StatusCode, out)
		}
		return out
	}
	id := func(t *testing.T, b []byte) string {
		var o struct{ ID string }
		if json.Unmarshal(b, &o) != nil || o.ID == "" {
			t.Fatalf("got %s, want an object with an id", b)
		}
		return o.ID
	}
	for _, script := range []string{"text", "function", "code_interpreter", "file_search"} {
		for _, outcome := range []string{"", "failed", "incomplete", "expired", "cancelled", "error_event", "drop_connection"} {
			t.Run(script+"/"+outcome, func(t *testing.T) {
				t.Parallel()
				asst := id(t, post(t, "/assistants", map[string]any{"model": "gpt-4o", "tools": []any{
					weatherTool(), map[string]any{"type": "code_interpreter"}, map[string]any{"type": "file_search"},
				}}))
				thread := id(t, post(t, "/threads", map[string]any{"messages": []any{map[string]any{"role": "user", "content": "What is the weather in Paris?"}}}))
				md := map[string]string{emulator.MetadataScript: script}
				if outcome != "" {
					md[emulator.MetadataOutcome] = outcome
				}
				body := post(t, "/threads/"+thread+"/runs", map[string]any{"assistant_id": asst, "metadata": md, "stream": true})
				in := InspectStreamAs(StreamCreate, body)
				want := []string(nil)
				if outcome == "drop_connection" {
					want = []string{RuleDoneLast, RuleFraming}
				}
				if got := rulesOf(in.Findings); !slices.Equal(got, want) && !(outcome == "drop_connection" && slices.Equal(got, []string{RuleDoneLast})) {
					t.Errorf("got findings %v, want rules %v; events: %s", in.Findings, want, eventNames(in))
				}
				r := requiredRun(streamAnswer{in: in})
				if r == nil {
					return
				}
				var outs []map[string]any
				for _, c := range r.RequiredAction.SubmitToolOutputs.ToolCalls {
					outs = append(outs, map[string]any{"tool_call_id": c.ID, "output": "22C"})
				}
				sub := post(t, "/threads/"+thread+"/runs/"+r.ID+"/submit_tool_outputs", map[string]any{"tool_outputs": outs, "stream": true})
				if fs := InspectStreamAs(StreamSubmit, sub).Findings; len(fs) > 0 {
					t.Errorf("submit stream: got findings %v, want none", fs)
				}
			})
		}
	}
}
