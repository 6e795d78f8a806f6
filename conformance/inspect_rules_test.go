package conformance

import (
	"fmt"
	"slices"
	"testing"

	"github.com/runsuite/runsuite/fixtures"
)

// brokenStreams break one rule each in a fixture stream that passes.
var brokenStreams = []struct {
	name    string
	fixture string
	kind    StreamKind
	edit    func(fs []frame) []frame
	rule    string
	index   int // the event index the finding names; -1 for none
}{
	{"truncated", "text_reply", StreamCreate, nil, RuleFraming, 20},
	{"unnamed event", "text_reply", StreamCreate, func(fs []frame) []frame { fs[3].name = ""; return fs }, RuleEventKnown, 3},
	{"unknown event", "text_reply", StreamCreate, func(fs []frame) []frame { fs[3].name = "thread.run.step.begun"; return fs }, RuleEventKnown, 3},
	{"payload not JSON", "text_reply", StreamCreate, func(fs []frame) []frame { fs[2].data = "{"; return fs }, RulePayloadValid, 2},
	{"payload wrong object", "text_reply", StreamCreate, func(fs []frame) []frame {
		return frameEdit(fs, 2, func(o map[string]any) { o["object"] = "thread.message" })
	}, RulePayloadValid, 2},
	{"payload missing key", "text_reply", StreamCreate, func(fs []frame) []frame {
		return frameEdit(fs, 3, func(o map[string]any) { delete(o, "run_id") })
	}, RulePayloadValid, 3},
	{"status of another event", "text_reply", StreamCreate, func(fs []frame) []frame {
		return frameEdit(fs, frameLast(fs, "thread.run.completed"), func(o map[string]any) { o["status"] = "in_progress" })
	}, RuleStatusMatchesEvent, 19},
	{"first event queued", "text_reply", StreamCreate, func(fs []frame) []frame { return fs[1:] }, RuleFirstEvent, 0},
	{"thread first in a run stream", "create_thread_and_run", StreamCreate, nil, RuleFirstEvent, 0},
	{"thread-and-run without thread", "text_reply", StreamThreadAndRun, nil, RuleFirstEvent, 0},
	{"submit stream creating a run", "text_reply", StreamSubmit, nil, RuleFirstEvent, 0},
	{"in_progress before queued", "text_reply", StreamCreate, func(fs []frame) []frame { return frameSwap(fs, 1, 2) }, RuleEventOrder, 2},
	{"message before step", "text_reply", StreamCreate, func(fs []frame) []frame { return frameSwap(fs, 3, 5) }, RuleEventOrder, 4},
	{"message completed after the run", "text_reply", StreamCreate, func(fs []frame) []frame {
		return frameSwap(fs, frameAt(fs, "thread.message.completed", 0), frameLast(fs, "thread.run.completed"))
	}, RuleEventOrder, 17},
	{"step closed twice", "text_reply", StreamCreate, func(fs []frame) []frame {
		i := frameLast(fs, "thread.run.step.completed")
		return frameInsert(fs, i, fs[i])
	}, RuleEventOrder, 19},
	{"delta of an unknown message", "text_reply", StreamCreate, func(fs []frame) []frame {
		return frameEdit(fs, frameAt(fs, "thread.message.delta", 2), func(o map[string]any) { o["id"] = "msg_other" })
	}, RuleDeltaRefersEarlier, 9},
	{"delta before its message", "text_reply", StreamCreate, func(fs []frame) []frame {
		return frameSwap(fs, frameAt(fs, "thread.message.created", 0), frameAt(fs, "thread.message.delta", 0))
	}, RuleDeltaRefersEarlier, 5},
	{"step delta of an unknown step", "tool_call_requires_action", StreamCreate, func(fs []frame) []frame {
		return frameEdit(fs, frameAt(fs, "thread.run.step.delta", 1), func(o map[string]any) { o["id"] = "step_other" })
	}, RuleDeltaRefersEarlier, 6},
	{"text delta changed", "text_reply", StreamCreate, func(fs []frame) []frame {
		return frameEdit(fs, frameAt(fs, "thread.message.delta", 1), func(o map[string]any) {
			jsonAt(o, "delta", "content", "0", "text")["value"] = "XX"
		})
	}, RuleTextDeltasConcat, 17},
	{"text delta dropped", "text_reply", StreamCreate, func(fs []frame) []frame {
		return frameDrop(fs, frameAt(fs, "thread.message.delta", 3))
	}, RuleTextDeltasConcat, 16},
	{"argument delta changed", "tool_call_requires_action", StreamCreate, func(fs []frame) []frame {
		return frameEdit(fs, frameAt(fs, "thread.run.step.delta", 2), func(o map[string]any) {
			jsonAt(o, "delta", "step_details", "tool_calls", "0", "function")["arguments"] = "!"
		})
	}, RuleFunctionArgumentsConcat, 11},
	{"call never streamed", "tool_call_requires_action", StreamCreate, func(fs []frame) []frame {
		return frameEdit(fs, frameLast(fs, "thread.run.requires_action"), func(o map[string]any) {
			jsonAt(o, "required_action", "submit_tool_outputs", "tool_calls", "0")["id"] = "call_other"
		})
	}, RuleFunctionArgumentsConcat, 11},
	{"no terminal run event", "text_reply", StreamCreate, func(fs []frame) []frame {
		return frameDrop(fs, frameLast(fs, "thread.run.completed"))
	}, RuleOneTerminalRunEvent, 19},
	{"two terminal run events", "text_reply", StreamCreate, func(fs []frame) []frame {
		i := frameLast(fs, "thread.run.completed")
		return frameInsert(fs, i, fs[i])
	}, RuleOneTerminalRunEvent, 20},
	{"done missing", "text_reply", StreamCreate, func(fs []frame) []frame { return fs[:len(fs)-1] }, RuleDoneLast, 20},
	{"done data wrong", "text_reply", StreamCreate, func(fs []frame) []frame { fs[len(fs)-1].data = "DONE"; return fs }, RuleDoneLast, 20},
	{"event after done", "text_reply", StreamCreate, func(fs []frame) []frame { return append(fs, fs[1]) }, RuleDoneLast, 21},
	{"done before the end", "text_reply", StreamCreate, func(fs []frame) []frame { return frameSwap(fs, 19, 20) }, RuleDoneLast, 20},
	{"run of another thread", "text_reply", StreamCreate, func(fs []frame) []frame {
		return frameEdit(fs, 1, func(o map[string]any) { o["thread_id"] = "thread_other" })
	}, RuleSameRun, 1},
	{"step of another run", "text_reply", StreamCreate, func(fs []frame) []frame {
		return frameEdit(fs, 3, func(o map[string]any) { o["run_id"] = "run_other" })
	}, RuleSameRun, 3},
}

func TestInspectStreamFindsEachBrokenRule(t *testing.T) {
	t.Parallel()
	covered := map[string]bool{}
	for _, tc := range brokenStreams {
		covered[tc.rule] = true
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			body := fixtureRun(t, tc.fixture)
			switch {
			case tc.edit != nil:
				body = encodeFrames(tc.edit(parseFrames(body)))
			case tc.rule == RuleFraming:
				body = body[:len(body)-3] // inside the done event
			}
			in := InspectStreamAs(tc.kind, body)
			f := firstOf(in.Findings, tc.rule)
			if f == nil {
				t.Fatalf("got findings %v, want a %s finding", in.Findings, tc.rule)
			}
			got := -1
			if f.EventIndex != nil {
				got = *f.EventIndex
			}
			if got != tc.index {
				t.Errorf("got %s at event %d (%v), want event %d", tc.rule, got, f, tc.index)
			}
		})
	}
	for _, r := range StreamRules() {
		if !covered[r] {
			t.Errorf("rule %s has no broken stream", r)
		}
	}
}

func TestInspectStreamTrailingBytesAfterDone(t *testing.T) {
	t.Parallel()
	for _, tail := range []string{"garbage", ": comment\n\n", "data: {}\n"} {
		body := append(fixtureRun(t, "text_reply"), tail...)
		if f := firstOf(InspectStream(body), RuleDoneLast); f == nil {
			t.Errorf("tail %q: got no %s finding, want one", tail, RuleDoneLast)
		}
	}
	body := append(fixtureRun(t, "text_reply"), "\n\r\n"...)
	if fs := InspectStream(body); len(fs) > 0 {
		t.Errorf("blank lines after done: got %v, want no finding", fs)
	}
}

func TestRuleOf(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ msg, want string }{
		{RuleDoneLast + ": the stream ends without done", RuleDoneLast},
		{"the stream ends without done", ""},
		{"Stream.Done: x", ""},
		{"", ""},
	} {
		if got := RuleOf(Finding{Message: tc.msg}); got != tc.want {
			t.Errorf("RuleOf(%q): got %q, want %q", tc.msg, got, tc.want)
		}
	}
}

func TestStreamKindOf(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		method, url string
		want        StreamKind
	}{
		{"POST", "https://api.openai.com/v1/threads/runs", StreamThreadAndRun},
		{"POST", "/v1/threads/thread_1/runs?include%5B%5D=x", StreamCreate},
		{"POST", "threads/thread_1/runs/run_1/submit_tool_outputs", StreamSubmit},
		{"POST", "/v1/threads/thread_1/runs/run_1", StreamAuto},
		{"GET", "/v1/threads/thread_1/runs", StreamAuto},
		{"POST", "/v1/assistants", StreamAuto},
	} {
		if got := StreamKindOf(tc.method, tc.url); got != tc.want {
			t.Errorf("StreamKindOf(%s %s): got %s, want %s", tc.method, tc.url, got, tc.want)
		}
	}
}

func TestInspectExchange(t *testing.T) {
	t.Parallel()
	good := fixtureRun(t, "text_reply")
	const url = "/v1/threads/thread_1/runs"
	for _, tc := range []struct {
		name        string
		reqBody     string
		status      int
		contentType string
		body        []byte
		want        []string
	}{
		{"stream", `{"assistant_id":"a","stream":true}`, 200, "text/event-stream; charset=utf-8", good, nil},
		{"stream as JSON", `{"assistant_id":"a","stream":true}`, 200, "application/json", []byte(`{}`), []string{RuleContentType}},
		{"JSON", `{"assistant_id":"a"}`, 200, "application/json", []byte(`{}`), nil},
		{"JSON as stream", `{"assistant_id":"a","stream":false}`, 200, "text/event-stream", good, []string{RuleJSONWithoutFlag}},
		{"error answer", `{"assistant_id":"a","stream":true}`, 400, "application/json", []byte(`{"error":{}}`), nil},
		{"broken stream", `{"assistant_id":"a","stream":true}`, 200, "text/event-stream", good[:len(good)-20], []string{RuleDoneLast, RuleFraming}},
	} {
		got := rulesOf(InspectExchange("POST", url, []byte(tc.reqBody), tc.status, tc.contentType, tc.body))
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%s: got rules %v, want %v", tc.name, got, tc.want)
		}
	}
}

func FuzzInspectStream(f *testing.F) {
	for _, load := range []func() ([]fixtures.Stream, error){fixtures.Runs, fixtures.Malformed} {
		streams, err := load()
		if err != nil {
			f.Fatal(err)
		}
		for _, s := range streams {
			f.Add(s.Data)
		}
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		in := InspectStreamAs(StreamAuto, body)
		again := InspectStream(body)
		if len(again) != len(in.Findings) {
			t.Fatalf("got %d findings, then %d on the same bytes", len(in.Findings), len(again))
		}
		for _, f := range in.Findings {
			if !slices.Contains(StreamRules(), RuleOf(f)) {
				t.Errorf("finding %q names no stream rule", f.Message)
			}
			if i := f.EventIndex; i != nil && (*i < 0 || *i > len(in.Events)) {
				t.Errorf("finding %v: event index outside 0..%d", f, len(in.Events))
			}
		}
	})
}
