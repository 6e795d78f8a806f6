package conformance

import (
	"context"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/runsuite/runsuite/contract"
)

// Broken twins of the stream rule checks: the emulator behind a wrapper
// that rewrites its event streams to break exactly one rule.

// breakStreams returns a wrapper that applies f to the frames of every
// streamed answer whose request path ends with suffix ("" for all).
func breakStreams(suffix string, f func(fs []frame) []frame) func(http.Handler) http.Handler {
	return rewrite(streamRequest(suffix), editFrames(func(_ *http.Request, fs []frame) []frame { return f(fs) }))
}

var _ = twin(RuleFraming, rewrite(anyStream(), func(_ *http.Request, _ *int, _ http.Header, body []byte) []byte {
	if len(body) < 3 {
		return body
	}
	return body[:len(body)-3] // inside the last event, done
}))

var _ = twin(RuleEventKnown, breakStreams("", func(fs []frame) []frame {
	if i := frameAt(fs, string(contract.EventThreadRunStepInProgress), 0); i >= 0 {
		fs[i].name = "thread.run.step.started"
	}
	return fs
}))

var _ = twin(RulePayloadValid, breakStreams("", func(fs []frame) []frame {
	return frameEdit(fs, frameAt(fs, string(contract.EventThreadRunInProgress), 0), func(o map[string]any) { delete(o, "created_at") })
}))

var _ = twin(RuleStatusMatchesEvent, breakStreams("", func(fs []frame) []frame {
	return frameEdit(fs, frameAt(fs, string(contract.EventThreadRunInProgress), 0), func(o map[string]any) { o["status"] = "queued" })
}))

var _ = twin(RuleFirstEvent, breakStreams("/runs", func(fs []frame) []frame {
	return frameDrop(fs, frameAt(fs, string(contract.EventThreadRunCreated), 0))
}))

var _ = twin(RuleEventOrder, breakStreams("", func(fs []frame) []frame {
	return frameSwap(fs, frameAt(fs, string(contract.EventThreadRunStepCreated), 0), frameAt(fs, string(contract.EventThreadRunStepInProgress), 0))
}))

var _ = twin(RuleDeltaRefersEarlier, breakStreams("", func(fs []frame) []frame {
	return frameEdit(fs, frameAt(fs, string(contract.EventThreadMessageDelta), 0), func(o map[string]any) { o["id"] = "msg_neverCreated0000000" })
}))

var _ = twin(RuleTextDeltasConcat, breakStreams("", func(fs []frame) []frame {
	return frameEdit(fs, frameAt(fs, string(contract.EventThreadMessageDelta), 1), func(o map[string]any) {
		if txt := jsonAt(o, "delta", "content", "0", "text"); txt != nil {
			txt["value"] = "(changed)"
		}
	})
}))

var _ = twin(RuleFunctionArgumentsConcat, breakStreams("", func(fs []frame) []frame {
	for i := len(fs) - 1; i >= 0; i-- {
		if fs[i].name != string(contract.EventThreadRunStepDelta) {
			continue
		}
		changed := false
		fs = frameEdit(fs, i, func(o map[string]any) {
			if fn := jsonAt(o, "delta", "step_details", "tool_calls", "0", "function"); fn != nil && fn["arguments"] != nil {
				fn["arguments"], changed = "!!", true
			}
		})
		if changed {
			break
		}
	}
	return fs
}))

var _ = twin(RuleOneTerminalRunEvent, breakStreams("", func(fs []frame) []frame {
	i := frameLast(fs, string(contract.EventThreadRunCompleted))
	if i < 0 {
		return fs
	}
	return frameInsert(fs, i, fs[i])
}))

var _ = twin(RuleDoneLast, breakStreams("", func(fs []frame) []frame {
	if len(fs) == 0 {
		return fs
	}
	return append(fs, fs[0])
}))

var _ = twin(RuleSameRun, breakStreams("", func(fs []frame) []frame {
	return frameEdit(fs, frameAt(fs, string(contract.EventThreadRunStepCreated), 0), func(o map[string]any) { o["thread_id"] = "thread_another000000000" })
}))

// TestStreamChecksFailOnTheirTwinsByTheirOwnRule makes sure each stream
// check fails on its twin because of the rule it names (its findings start
// with its id), not because the twin broke something else first.
func TestStreamChecksFailOnTheirTwinsByTheirOwnRule(t *testing.T) {
	t.Parallel()
	n := 0
	for _, c := range ServerChecks() {
		if !strings.HasPrefix(c.ID, "stream.") {
			continue
		}
		n++
		t.Run(c.ID, func(t *testing.T) {
			t.Parallel()
			tw, ok := twins[c.ID]
			if !ok {
				t.Fatalf("no broken twin")
			}
			r := RunCheck(context.Background(), startTarget(t, tw.wrap, tw.opts...), allCaps(), c, 20*time.Second)
			if firstOf(r.Findings, c.ID) == nil {
				t.Errorf("got %s (%s) with findings %v, want a finding of %s", r.Status, r.Reason, r.Findings, c.ID)
			}
		})
	}
	if n < 14 {
		t.Errorf("got %d stream checks, want at least 14", n)
	}
}

// TestStreamChecksOnAStreamingOnlyTarget runs the stream checks against
// the emulator declared with streaming alone: those that need more skip
// with a reason, the others pass without tool calls or file search.
func TestStreamChecksOnAStreamingOnlyTarget(t *testing.T) {
	t.Parallel()
	cfg := NewConfig()
	cfg.Target = startTarget(t, nil)
	caps := map[Capability]bool{CapStreaming: true}
	for _, r := range Run(context.Background(), cfg, caps, Select(ServerChecks(), regexp.MustCompile(`^stream\.`), nil)) {
		c, _ := Lookup(r.ID)
		want := StatusPass
		if slices.ContainsFunc(c.Needs, func(n Capability) bool { return !caps[n] }) {
			want = StatusSkip
		}
		if r.Status != want {
			t.Errorf("%s: got %s (%s, %v), want %s", r.ID, r.Status, r.Reason, r.Findings, want)
		}
	}
}

// TestStreamChecksNeverPassOnNothing serves streams that carry nothing to
// judge, or JSON where a stream was asked for: no stream check may pass
// (stream.content-type judges only the label, which the first two get
// right).
func TestStreamChecksNeverPassOnNothing(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		wrap func(http.Handler) http.Handler
		skip string
	}{
		{"empty streams", rewrite(anyStream(), func(*http.Request, *int, http.Header, []byte) []byte { return nil }), `|content-type`},
		{"only done", breakStreams("", func([]frame) []frame {
			return []frame{{name: string(contract.EventDone), data: contract.DoneData}}
		}), `|content-type`},
		{"JSON for streams", editRequestJSON(route(http.MethodPost, ""), func(obj map[string]any) { delete(obj, "stream") }), ``},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := NewConfig()
			cfg.Target = startTarget(t, tc.wrap)
			// json-without-flag and the steps calls judge no stream.
			skip := regexp.MustCompile(`^stream\.(json-without-flag|include\.steps-.*` + tc.skip + `)$`)
			for _, r := range Run(context.Background(), cfg, allCaps(), Select(ServerChecks(), regexp.MustCompile(`^stream\.`), skip)) {
				want := StatusFail
				if r.Level == LevelShould {
					want = StatusWarn
				}
				if r.Status != want || len(r.Findings) == 0 {
					t.Errorf("%s: got %s (%s) with %d findings, want %s with findings", r.ID, r.Status, r.Reason, len(r.Findings), want)
				}
			}
		})
	}
}
