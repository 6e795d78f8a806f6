package conformance

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/runsuite/runsuite/contract"
)

// Server checks of creating a run without streaming (CONTRACT §1, §3.1):
// the answer is a run of the contract's shape that echoes what was asked.

var opsCreate = []contract.OperationID{contract.OpCreate}

var _ = register(Check{
	ID:         "runs.create.shape",
	Title:      "Creating a run answers a thread.run with every required key, type, enum and id prefix",
	Side:       SideServer,
	Operations: opsCreate,
	Section:    "§3.1",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		asst, thread := setupThread(ctx, t, "Say hello.", nil)
		created := createRun(ctx, t, thread, runBody(t, asst, nil))
		shape(t, contract.ObjectRun, created.x)
	},
})

var _ = register(Check{
	ID:         "runs.create.echo-ids",
	Title:      "A created run names the thread and assistant it was created with",
	Side:       SideServer,
	Operations: opsCreate,
	Section:    "§3.1",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		asst, thread := setupThread(ctx, t, "Say hello.", nil)
		created := createRun(ctx, t, thread, runBody(t, asst, nil))
		expectEqual(t, created.x, "/thread_id", thread, created.run.ThreadID)
		expectEqual(t, created.x, "/assistant_id", asst, created.run.AssistantID)
	},
})

var _ = register(Check{
	ID:         "runs.create.echo-metadata",
	Title:      "A created run carries the metadata it was created with",
	Side:       SideServer,
	Operations: opsCreate,
	Section:    "§3.1",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		asst, thread := setupThread(ctx, t, "Say hello.", nil)
		md := map[string]string{"runsuite_case": "echo", "n": "1"}
		created := createRun(ctx, t, thread, runBody(t, asst, map[string]any{"metadata": md}))
		expectMetadata(t, created.x, md, created.run.Metadata)
	},
})

var _ = register(Check{
	ID:         "runs.create.echo-overrides",
	Title:      "A created run carries the instructions and model given in the request over the assistant's",
	Side:       SideServer,
	Operations: opsCreate,
	Section:    "§2.1",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		asst, thread := setupThread(ctx, t, "Say hello.", nil)
		const instructions = "Answer in one word. (runsuite override)"
		created := createRun(ctx, t, thread, runBody(t, asst, map[string]any{"instructions": instructions, "model": overrideModel(t)}))
		expectEqual(t, created.x, "/instructions", instructions, created.run.Instructions)
		expectEqual(t, created.x, "/model", overrideModel(t), created.run.Model)
	},
})

var _ = register(Check{
	ID:         "runs.create.echo-tools",
	Title:      "A created run carries the tools given in the request over the assistant's",
	Side:       SideServer,
	Operations: opsCreate,
	Section:    "§2.1",
	Level:      LevelMust,
	Run: func(ctx context.Context, t *T) {
		asst, thread := setupThread(ctx, t, "Say hello.", nil)
		tools := []contract.Tool{weatherTool(), {Type: contract.ToolTypeCodeInterpreter}}
		created := createRun(ctx, t, thread, runBody(t, asst, map[string]any{"tools": tools}))
		if want, got := toolNames(tools), toolNames(created.run.Tools); !slices.Equal(want, got) {
			t.Fail(Finding{Message: "the run does not carry the tools it was created with", Evidence: evidenceAt(created.x.evidence(), "/tools", fmt.Sprint(want), fmt.Sprint(got))})
		}
	},
})

var _ = register(Check{
	ID:         "runs.create.starts-queued",
	Title:      "A run created without streaming starts queued",
	Side:       SideServer,
	Operations: opsCreate,
	Section:    "§3.1",
	Level:      LevelShould,
	Run: func(ctx context.Context, t *T) {
		asst, thread := setupThread(ctx, t, "Say hello.", nil)
		created := createRun(ctx, t, thread, runBody(t, asst, nil))
		expectValue(t, created.x, "a new run is not queued", "/status", string(contract.RunStatusQueued), string(created.run.Status))
	},
})

// expectEqual records a finding when got differs from want at pointer.
func expectEqual(t *T, x exchange, pointer, want, got string) bool {
	return expectValue(t, x, "the answer does not echo the request", pointer, want, got)
}

// expectValue records a finding saying msg when got differs from want at
// pointer.
func expectValue(t *T, x exchange, msg, pointer, want, got string) bool {
	if want != got {
		t.Fail(Finding{Message: msg, Evidence: evidenceAt(x.evidence(), pointer, fmt.Sprintf("%q", want), fmt.Sprintf("%q", got))})
		return false
	}
	return true
}

// expectMetadata records a finding when got is not the metadata want.
func expectMetadata(t *T, x exchange, want, got map[string]string) bool {
	if !maps.Equal(want, got) {
		t.Fail(Finding{Message: "the answer does not carry the metadata sent", Evidence: evidenceAt(x.evidence(), "/metadata", fmt.Sprint(want), fmt.Sprint(got))})
		return false
	}
	return true
}

// toolNames lists tools as "type" or "function:name", in order.
func toolNames(tools []contract.Tool) []string {
	out := make([]string, 0, len(tools))
	for _, tl := range tools {
		name := string(tl.Type)
		if tl.Function != nil {
			name += ":" + tl.Function.Name
		}
		out = append(out, name)
	}
	return out
}

// overrideModel is the model a run overrides its assistant's with: another
// well-known model when the target names none (the assistant then has
// DefaultModel), else the target's own, the only one known to be served.
func overrideModel(t *T) string {
	if t.Target.Model != "" {
		return t.Target.Model
	}
	return "gpt-4o"
}
