package conformance_test

import (
	"bytes"
	"fmt"

	"github.com/runsuite/runsuite/conformance"
	"github.com/runsuite/runsuite/fixtures"
)

// A recorded stream that lost its done event: the finding names the rule
// and the index the missing event would have had.
func ExampleInspectStream() {
	body, err := fixtures.FS.ReadFile("runs/text_reply.sse")
	if err != nil {
		panic(err)
	}
	body = bytes.TrimSuffix(body, []byte("event: done\ndata: [DONE]\n\n"))
	for _, f := range conformance.InspectStream(body) {
		fmt.Println(conformance.RuleOf(f), "at event", *f.EventIndex)
	}
	// Output: stream.done-last at event 20
}

// Judging a recorded submit_tool_outputs stream as what it answers: it
// may close a tool step the earlier stream created.
func ExampleInspectStreamAs() {
	body, err := fixtures.FS.ReadFile("runs/submit_tool_outputs_continuation.sse")
	if err != nil {
		panic(err)
	}
	kind := conformance.StreamKindOf("POST", "/v1/threads/thread_abc123/runs/run_abc123/submit_tool_outputs")
	in := conformance.InspectStreamAs(kind, body)
	fmt.Println(kind, len(in.Events), "events,", in.Texts, "text compared,", len(in.Findings), "findings")
	// Output: submit_tool_outputs 21 events, 1 text compared, 0 findings
}
