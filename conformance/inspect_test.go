package conformance

import (
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/runsuite/runsuite/fixtures"
	"github.com/runsuite/runsuite/internal/realtraffic"
)

// fixtureRun returns the bytes of fixtures/runs/<name>.sse.
func fixtureRun(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := fixtures.FS.ReadFile("runs/" + name + ".sse")
	if err != nil {
		tb.Fatalf("read fixture: %v", err)
	}
	return b
}

// rulesOf lists the distinct rule ids of findings, sorted.
func rulesOf(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		if r := RuleOf(f); !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	slices.Sort(out)
	return out
}

func TestInspectStreamPassesTheFixtureRuns(t *testing.T) {
	t.Parallel()
	runs, err := fixtures.Runs()
	if err != nil {
		t.Fatal(err)
	}
	wantKind := map[string]StreamKind{"create_thread_and_run": StreamThreadAndRun, "submit_tool_outputs_continuation": StreamSubmit}
	for _, s := range runs {
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			in := InspectStreamAs(StreamAuto, s.Data)
			if len(in.Findings) > 0 {
				t.Errorf("got findings %v, want none", in.Findings)
			}
			want, ok := wantKind[s.Name]
			if !ok {
				want = StreamCreate
			}
			if in.Kind != want {
				t.Errorf("got kind %s, want %s", in.Kind, want)
			}
			if got := len(in.Events); got != len(s.Outcome.Events) {
				t.Errorf("got %d events, want %d", got, len(s.Outcome.Events))
			}
			if strings.Contains(string(s.Data), "thread.message.completed") && in.Texts == 0 {
				t.Errorf("got no text compared, want the completed message's text compared with its deltas")
			}
		})
	}
	in := InspectStreamAs(StreamAuto, fixtureRun(t, "tool_call_requires_action"))
	if in.Arguments != 1 {
		t.Errorf("tool_call_requires_action: got %d arguments compared, want 1", in.Arguments)
	}
}

// malformedRule maps a fixture outcome's error kind to the rule that
// reports it.
var malformedRule = map[string]string{
	"truncated":     RuleFraming,
	"missing_done":  RuleDoneLast,
	"unknown_event": RuleEventKnown,
	"decode":        RulePayloadValid,
}

// malformedExtra are rules a malformed fixture breaks beyond its decoding
// outcome: decoders stop reading at done or error, the inspector does not.
var malformedExtra = map[string][]string{
	"events_after_done":        {RuleDoneLast, RuleFraming},
	"error_event_ends_stream":  {RuleDoneLast},
	"done_with_object_data":    {RuleDoneLast},
	"done_data_trailing_space": {RuleDoneLast},
}

func TestInspectStreamOnMalformedFixtures(t *testing.T) {
	t.Parallel()
	streams, err := fixtures.Malformed()
	if err != nil {
		t.Fatal(err)
	}
	wellFormed := []string{RuleFraming, RuleEventKnown, RulePayloadValid, RuleDoneLast}
	for _, s := range streams {
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			got := InspectStream(s.Data)
			want := append([]string(nil), malformedExtra[s.Name]...)
			if e := s.Outcome.Error; e != nil && s.Outcome.MaxEventSize == 0 {
				rule := malformedRule[e.Kind]
				if strings.HasPrefix(s.Name, "done_") && e.Kind == "decode" {
					rule = RuleDoneLast // done data other than [DONE]
				}
				if rule == "" {
					t.Fatalf("outcome kind %q has no rule", e.Kind)
				}
				want = append(want, rule)
				if f := firstOf(got, rule); f == nil || f.EventIndex == nil || *f.EventIndex != e.Index {
					t.Errorf("got %v, want a %s finding at event %d", f, rule, e.Index)
				}
			}
			for _, r := range wellFormed {
				has := firstOf(got, r) != nil
				switch {
				case slices.Contains(want, r) && !has:
					t.Errorf("got findings %v, want a %s finding", got, r)
				case !slices.Contains(want, r) && has && (s.Outcome.Error == nil || r != RuleDoneLast):
					t.Errorf("got findings %v, want no %s finding", got, r)
				}
			}
		})
	}
}

func firstOf(fs []Finding, rule string) *Finding {
	for i := range fs {
		if RuleOf(fs[i]) == rule {
			return &fs[i]
		}
	}
	return nil
}

func TestInspectStreamPassesRealTraffic(t *testing.T) {
	t.Parallel()
	dir, err := realtraffic.Dir()
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("no recorded traffic (%v); set %s to run this test", err, realtraffic.EnvDir)
	}
	if err != nil {
		t.Fatal(err)
	}
	xs, err := realtraffic.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	streams := realtraffic.Streams(xs)
	if len(streams) == 0 {
		t.Fatal("got no recorded event streams, want some")
	}
	for _, x := range streams {
		kind := StreamKindOf(x.Method, x.URL)
		if kind == StreamAuto {
			t.Errorf("%s #%d: got no stream kind for %s %s", x.Source, x.Index, x.Method, x.URL)
		}
		in := InspectStreamAs(kind, x.ResponseBody)
		for _, f := range in.Findings {
			if !recordedDivergence(f) {
				t.Errorf("%s #%d (%s): %v", x.Source, x.Index, kind, f)
			}
		}
		if in.Texts == 0 && in.Arguments == 0 {
			t.Errorf("%s #%d: got nothing compared, want message texts or function arguments", x.Source, x.Index)
		}
	}
}

// recordedDivergence reports whether a finding on recorded traffic is one
// of the ways the live API of the 2023-2025 recordings differs from the
// contract's object shapes (the 2026 spec): runs with a null instructions,
// steps without expired_at and metadata. The inspector reports them, as
// the contract asks; the recordings test accepts only these.
func recordedDivergence(f Finding) bool {
	if RuleOf(f) != RulePayloadValid {
		return false
	}
	switch f.Pointer {
	case "/instructions":
		return f.Got == "null"
	case "/expired_at", "/metadata":
		return f.Got == "no such key"
	}
	return false
}
