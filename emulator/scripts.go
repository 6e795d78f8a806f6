package emulator

import (
	"slices"
	"strings"
	"time"

	"github.com/runsuite/runsuite/contract"
)

// Run metadata keys that steer the emulator.
const (
	// MetadataScript forces a script: text, function, code_interpreter or
	// file_search.
	MetadataScript = "emulator.script"
	// MetadataOutcome injects a fault: failed, incomplete, expired,
	// cancelled, error_event or drop_connection.
	MetadataOutcome = "emulator.outcome"
)

// scriptKind is what a run does before it answers.
type scriptKind uint8

const (
	scriptText scriptKind = iota
	scriptFunction
	scriptCodeInterpreter
	scriptFileSearch
)

var scriptNames = []string{"text", "function", "code_interpreter", "file_search"}

// outcome is how a run ends.
type outcome uint8

const (
	outcomeNormal outcome = iota
	outcomeFailed
	outcomeIncomplete
	outcomeExpired
	outcomeCancelled
	outcomeErrorEvent
	outcomeDropConnection
)

var outcomeNames = []string{"", "failed", "incomplete", "expired", "cancelled", "error_event", "drop_connection"}

// plannedCall is a tool call a script will make.
type plannedCall struct {
	id      string
	typ     contract.ToolType
	name    string // function name
	text    string // function arguments or code input
	logs    string // code_interpreter output
	results []contract.FileSearchResult
}

// toolDeltaKind is what a step delta carries.
type toolDeltaKind uint8

const (
	deltaOpen     toolDeltaKind = iota // the call's id and type
	deltaFragment                      // a piece of the arguments or input
	deltaLogs                          // the code_interpreter logs output
)

// toolDelta is one step delta of the tool step.
type toolDelta struct {
	call       int
	kind       toolDeltaKind
	start, end int // deltaFragment: the piece's offsets in the call's text
}

// plan is what a run's program plays: the script, its outcome, the tool
// calls of its tool step and the reply of its message.
type plan struct {
	script  scriptKind
	outcome outcome
	calls   []plannedCall
	deltas  []toolDelta
	reply   reply
}

// runChoice is what decides a run's script.
type runChoice struct {
	tools      []contract.Tool
	toolChoice *contract.ToolChoice
	parallel   bool
	userText   string
	metadata   map[string]string
}

// chooseScript picks the script and the functions to call: forced by
// metadata, then by tool_choice, then by the tools the last user message
// names.
func chooseScript(c runChoice) (scriptKind, []contract.FunctionDefinition, *apiError) {
	var fns []contract.FunctionDefinition
	has := map[contract.ToolType]bool{}
	for _, t := range c.tools {
		has[t.Type] = true
		if t.Type == contract.ToolTypeFunction && t.Function != nil {
			fns = append(fns, *t.Function)
		}
	}
	if name, ok := c.metadata[MetadataScript]; ok {
		i := slices.Index(scriptNames, name)
		switch {
		case i < 0:
			return 0, nil, badRequest("metadata", "Invalid value for metadata key '%s': '%s'. Supported values are: %s.", MetadataScript, name, contract.QuoteList(scriptNames))
		case scriptKind(i) == scriptFunction && len(fns) == 0:
			return 0, nil, badRequest("metadata", "Metadata key '%s' is 'function', but the run has no function tool.", MetadataScript)
		case scriptKind(i) == scriptFunction:
			return scriptFunction, named(fns, c.userText, c.parallel), nil
		}
		return scriptKind(i), nil, nil
	}
	if tc := c.toolChoice; tc != nil {
		switch tc.Type {
		case contract.ToolChoiceNone:
			return scriptText, nil, nil
		case string(contract.ToolTypeFunction):
			name := ""
			if tc.Function != nil {
				name = tc.Function.Name
			}
			for _, f := range fns {
				if f.Name == name {
					return scriptFunction, []contract.FunctionDefinition{f}, nil
				}
			}
			return 0, nil, badRequest("tool_choice", "Invalid 'tool_choice': the function '%s' is not one of the run's tools.", name)
		case string(contract.ToolTypeCodeInterpreter):
			return scriptCodeInterpreter, nil, nil
		case string(contract.ToolTypeFileSearch):
			return scriptFileSearch, nil, nil
		case contract.ToolChoiceRequired:
			switch {
			case len(fns) > 0:
				return scriptFunction, named(fns, c.userText, c.parallel), nil
			case has[contract.ToolTypeCodeInterpreter]:
				return scriptCodeInterpreter, nil, nil
			case has[contract.ToolTypeFileSearch]:
				return scriptFileSearch, nil, nil
			}
		}
	}
	for _, f := range fns {
		if f.Name != "" && strings.Contains(c.userText, f.Name) {
			return scriptFunction, named(fns, c.userText, c.parallel), nil
		}
	}
	switch {
	case has[contract.ToolTypeCodeInterpreter] && strings.Contains(c.userText, string(contract.ToolTypeCodeInterpreter)):
		return scriptCodeInterpreter, nil, nil
	case has[contract.ToolTypeFileSearch] && strings.Contains(c.userText, string(contract.ToolTypeFileSearch)):
		return scriptFileSearch, nil, nil
	}
	return scriptText, nil, nil
}

// named returns the functions the text names (all of them when parallel
// calls are allowed, else the first), or the first function when it names
// none.
func named(fns []contract.FunctionDefinition, text string, parallel bool) []contract.FunctionDefinition {
	var out []contract.FunctionDefinition
	for _, f := range fns {
		if f.Name != "" && strings.Contains(text, f.Name) {
			out = append(out, f)
			if !parallel {
				break
			}
		}
	}
	if len(out) == 0 {
		out = fns[:1]
	}
	return out
}

// parseOutcome reads the emulator.outcome metadata key.
func parseOutcome(md map[string]string) (outcome, *apiError) {
	name, ok := md[MetadataOutcome]
	if !ok {
		return outcomeNormal, nil
	}
	i := slices.Index(outcomeNames, name)
	if i <= 0 {
		return 0, badRequest("metadata", "Invalid value for metadata key '%s': '%s'. Supported values are: %s.", MetadataOutcome, name, contract.QuoteList(outcomeNames[1:]))
	}
	return outcome(i), nil
}

// newPlan lays out the tool calls and the reply of a run's first segment.
func newPlan(kind scriptKind, oc outcome, fns []contract.FunctionDefinition, userText string, ids *idGen, shape StreamShape) *plan {
	p := &plan{script: kind, outcome: oc}
	switch kind {
	case scriptText:
		p.reply = newReply(textReply(userText), shape)
	case scriptFunction:
		for _, f := range fns {
			p.calls = append(p.calls, plannedCall{id: ids.next(prefixCall), typ: contract.ToolTypeFunction, name: f.Name, text: functionArguments(f.Parameters)})
		}
	case scriptCodeInterpreter:
		code, logs := codeFor(userText)
		p.calls = []plannedCall{{id: ids.next(prefixCall), typ: contract.ToolTypeCodeInterpreter, text: code, logs: logs}}
		p.reply = newReply("The code printed "+strings.TrimSpace(logs)+".", shape)
	case scriptFileSearch:
		fileID := ids.next(prefixFile)
		p.calls = []plannedCall{{id: ids.next(prefixCall), typ: contract.ToolTypeFileSearch, results: []contract.FileSearchResult{
			{FileID: fileID, FileName: citationFile, Score: 0.7412, Content: []contract.FileSearchContent{{Type: "text", Text: "The runsuite emulator answers every run with a scripted reply."}}},
			{FileID: fileID, FileName: citationFile, Score: 0.5127, Content: []contract.FileSearchContent{{Type: "text", Text: "Its sources are cited with file_citation annotations."}}},
		}}}
		p.reply = newCitingReply(fileID, shape)
	}
	p.deltas = planDeltas(p.calls, shape)
	return p
}

// planDeltas lays out the step deltas of the tool calls: each call opens
// with its id and type, then streams its arguments or code in pieces and,
// for code_interpreter, its logs.
func planDeltas(calls []plannedCall, shape StreamShape) []toolDelta {
	var deltas []toolDelta
	for ci, c := range calls {
		deltas = append(deltas, toolDelta{call: ci, kind: deltaOpen})
		start := 0
		for _, end := range cutRunes(c.text, shape.Deltas) {
			deltas = append(deltas, toolDelta{call: ci, kind: deltaFragment, start: start, end: end})
			start = end
		}
		if c.logs != "" {
			deltas = append(deltas, toolDelta{call: ci, kind: deltaLogs})
		}
	}
	return deltas
}

// Step numbers of actStepCreated.
const (
	stepTool    = 0
	stepMessage = 1
)

func act(k actionKind) action                 { return action{kind: k} }
func actI(k actionKind, i int) action         { return action{kind: k, i: i} }
func actR(k actionKind, reason string) action { return action{kind: k, reason: reason} }

// rangeActs returns the actions of kind k for indices [from, to), as one
// entry.
func rangeActs(k actionKind, from, to int) []action {
	if to <= from {
		return nil
	}
	return []action{{kind: k, i: from, n: to - from}}
}

// initialPhases lays out a new run's program from queued to terminal or
// requires_action.
func initialPhases(p *plan, base time.Time, d time.Duration, expiresAt time.Time) []phase {
	b := phaseBuilder{base: base, step: d}
	b.add(act(actRunCreated), act(actRunQueued))
	b.add(act(actRunInProgress))
	if p.outcome == outcomeErrorEvent {
		b.add(act(actErrorEvent), act(actRunFailed))
		return b.phases
	}
	toolFirst := p.script != scriptText
	// The first step's deltas: tool call fragments, or the reply's text.
	deltaKind, n := actMessageDelta, len(p.reply.cuts)
	if toolFirst {
		deltaKind, n = actStepDelta, len(p.deltas)
		b.add(actI(actStepCreated, stepTool), act(actStepInProgress))
	} else {
		b.add(actI(actStepCreated, stepMessage), act(actStepInProgress), act(actMessageCreated), act(actMessageInProgress))
	}
	deltas := rangeActs(deltaKind, 0, n)
	half := rangeActs(deltaKind, 0, max(1, n/2))
	switch p.outcome {
	case outcomeFailed:
		// A failure half way: a message already begun ends incomplete.
		b.add(append(half, actR(actMessageIncomplete, "run_failed"), act(actStepFailed), act(actRunFailed))...)
		return b.phases
	case outcomeExpired:
		b.add(deltas...)
		b.addAt(expiresAt, actR(actMessageIncomplete, "run_expired"), act(actStepExpired), act(actRunExpired))
		return b.phases
	case outcomeCancelled:
		b.add(deltas...)
		b.add(act(actRunCancelling))
		b.add(actR(actMessageIncomplete, "run_cancelled"), act(actStepCancelled), act(actRunCancelled))
		return b.phases
	case outcomeDropConnection:
		b.add(append(half, act(actDropConnection), actR(actMessageIncomplete, "run_failed"), act(actStepFailed), act(actRunFailed))...)
		return b.phases
	}
	if !toolFirst {
		b.add(finalMessage(p)...)
		return b.phases
	}
	if p.script == scriptFunction {
		b.add(append(deltas, act(actRunRequiresAction))...)
		return b.phases
	}
	b.add(append(deltas, act(actStepCompleted))...)
	b.add(actI(actStepCreated, stepMessage), act(actStepInProgress), act(actMessageCreated), act(actMessageInProgress))
	b.add(finalMessage(p)...)
	return b.phases
}

// finalMessage streams the reply and ends the run: completed, or
// incomplete at half the reply when the outcome says so.
func finalMessage(p *plan) []action {
	n := len(p.reply.cuts)
	if p.outcome == outcomeIncomplete {
		return append(rangeActs(actMessageDelta, 0, max(1, n/2)),
			actR(actMessageIncomplete, "max_tokens"), act(actStepCompleted), act(actRunIncomplete))
	}
	return append(rangeActs(actMessageDelta, 0, n), act(actMessageCompleted), act(actStepCompleted), act(actRunCompleted))
}

// continuationPhases lays out the program after tool outputs were
// submitted: the tool step completes, the run is queued again and answers.
func continuationPhases(p *plan, base time.Time, d time.Duration) []phase {
	b := phaseBuilder{base: base, step: d}
	b.add(act(actStepCompleted), act(actRunQueued))
	b.add(act(actRunInProgress))
	b.add(actI(actStepCreated, stepMessage), act(actStepInProgress), act(actMessageCreated), act(actMessageInProgress))
	b.add(finalMessage(p)...)
	return b.phases
}

// cancelPhases lays out a cancel: cancelling now, cancelled a phase later.
func cancelPhases(now time.Time, d time.Duration) []phase {
	b := phaseBuilder{base: now, step: d}
	b.add(act(actRunCancelling))
	b.add(actR(actMessageIncomplete, "run_cancelled"), act(actStepCancelled), act(actRunCancelled))
	return b.phases
}

// expiryActions expire whatever is unfinished.
var expiryActions = []action{actR(actMessageIncomplete, "run_expired"), act(actStepExpired), act(actRunExpired)}
