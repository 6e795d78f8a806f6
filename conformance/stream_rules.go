package conformance

import (
	"context"

	"github.com/runsuite/runsuite/contract"
)

// The server checks of the stream rules InspectStream judges: each streams
// a plain text run (and, when the target has tool calls, a function run
// and its streamed submit) and reports the inspector's findings of its own
// rule. Each also says what a stream must carry for the rule to be judged
// at all, so that a check never passes on a stream with nothing to judge.

// ruleCheck builds the check of one stream rule. judged returns "" when a
// stream gave the rule something to judge, or what was missing.
func ruleCheck(id, title, section string, needs []Capability, judged func(a streamAnswer) string) Check {
	return Check{
		ID:         id,
		Title:      title,
		Side:       SideServer,
		Operations: opsStreamBoth,
		Needs:      append([]Capability{CapStreaming}, needs...),
		Section:    section,
		Level:      LevelMust,
		Run: func(ctx context.Context, t *T) {
			for _, a := range streamsToJudge(ctx, t, id) {
				for _, f := range a.findings(id) {
					t.Fail(f)
				}
				if missing := judged(a); missing != "" {
					t.Fail(Finding{Message: id + ": nothing to judge: " + missing,
						Evidence: evidenceWant(a.x.evidence(), "a stream that exercises the rule", "events: "+eventNames(a.in))})
				}
			}
		},
	}
}

// hasEvents is the least a stream must carry for any rule: an event of the
// run.
func hasEvents(a streamAnswer) string {
	if a.in.RunID == "" {
		return "no event names the run"
	}
	return ""
}

// hasDeltas asks for at least one delta event as well.
func hasDeltas(a streamAnswer) string {
	if m := hasEvents(a); m != "" {
		return m
	}
	if a.in.Count(contract.EventThreadMessageDelta)+a.in.Count(contract.EventThreadRunStepDelta) == 0 {
		return "the stream carries no thread.message.delta or thread.run.step.delta"
	}
	return ""
}

// hasText asks for a finished message text whose deltas were compared; a
// stream that stops for tool outputs carries none.
func hasText(a streamAnswer) string {
	if a.in.Count(contract.EventThreadRunRequiresAction) > 0 {
		return ""
	}
	if a.in.Texts == 0 {
		return "no thread.message.completed with text to compare with its deltas"
	}
	return ""
}

// hasArguments asks a stream that stops for tool outputs for function
// arguments whose deltas were compared.
func hasArguments(a streamAnswer) string {
	if a.in.Count(contract.EventThreadRunRequiresAction) > 0 && a.in.Arguments == 0 {
		return "no function call whose argument deltas could be compared"
	}
	return ""
}

// ended asks for the stream to reach done or an error event.
func ended(a streamAnswer) string {
	if !a.in.Done && a.in.Count(contract.EventError) == 0 {
		return "the stream reached neither done nor an error event"
	}
	return ""
}

var _ = register(ruleCheck(RuleFraming,
	"A streamed run is a well-formed event stream: no event cut short, none over the size cap",
	"§4.2", nil, hasEvents))

var _ = register(ruleCheck(RuleEventKnown,
	"Every event of a run stream has one of the 24 assistant event names or done",
	"§4.1", nil, hasEvents))

var _ = register(ruleCheck(RulePayloadValid,
	"Every event's data is a valid object of the kind its name announces",
	"§4.1", nil, hasEvents))

var _ = register(ruleCheck(RuleStatusMatchesEvent,
	"Every lifecycle event carries an object in the status its name says",
	"§4.1", nil, func(a streamAnswer) string {
		if a.in.Count(contract.EventThreadRunInProgress)+a.in.Count(contract.EventThreadRunQueued) == 0 {
			return "no thread.run.queued or thread.run.in_progress event"
		}
		return ""
	}))

var _ = register(ruleCheck(RuleFirstEvent,
	"A run stream starts with thread.run.created; a streamed submit starts by closing the tool step or re-queueing the run",
	"§4.1", nil, hasEvents))

var _ = register(ruleCheck(RuleEventOrder,
	"Runs, steps and messages move through legal transitions in a stream, and nothing of the run follows its final event",
	"§4.1", nil, func(a streamAnswer) string {
		if m := hasEvents(a); m != "" {
			return m
		}
		if a.in.Count(contract.EventThreadRunStepCreated) == 0 {
			return "no thread.run.step.created event"
		}
		return ""
	}))

var _ = register(ruleCheck(RuleDeltaRefersEarlier,
	"Every delta names a step or message created earlier in the same stream",
	"§4.1", nil, hasDeltas))

var _ = register(ruleCheck(RuleTextDeltasConcat,
	"A message's text deltas, concatenated, equal its text when it completes",
	"§4.1", nil, hasText))

var _ = register(ruleCheck(RuleFunctionArgumentsConcat,
	"A function call's argument deltas, concatenated, equal its final arguments",
	"§4.1", []Capability{CapToolCalls}, hasArguments))

var _ = register(ruleCheck(RuleOneTerminalRunEvent,
	"A stream ending with done carries exactly one final run event: a terminal status or requires_action",
	"§4.1", nil, ended))

var _ = register(ruleCheck(RuleDoneLast,
	"A run stream ends with done (data: [DONE]) and nothing follows it",
	"§4.1", nil, hasEvents))

var _ = register(ruleCheck(RuleSameRun,
	"Every event of a run stream belongs to that run and its thread",
	"§4.1", nil, func(a streamAnswer) string {
		if m := hasEvents(a); m != "" {
			return m
		}
		if a.in.ThreadID == "" {
			return "no event names the thread"
		}
		return ""
	}))
