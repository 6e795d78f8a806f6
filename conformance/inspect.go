package conformance

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/url"
	"strings"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/sse"
)

// The rule ids of the stream invariants InspectStream judges from one
// stream's bytes alone. Each is also the id of the server check that
// enforces it, so a live check and an offline look at recorded traffic
// name a broken rule the same way. A finding of InspectStream carries its
// rule id at the start of its message ("stream.done-last: ..."); RuleOf
// reads it back.
const (
	// RuleFraming: the body is a well-formed event stream (CONTRACT §4.2):
	// it does not end inside an event and no event exceeds the size cap.
	RuleFraming = "stream.framing"
	// RuleEventKnown: every event is named, with one of the 24 assistant
	// event names or done (§4.1).
	RuleEventKnown = "stream.event-known"
	// RulePayloadValid: every event's data is a valid object of the kind
	// its name announces (§3, §4.1).
	RulePayloadValid = "stream.payload-valid"
	// RuleLiveDeviation: a payload or answer of recorded traffic departs
	// from the contract's shapes only as the live API was recorded doing
	// (contract.LiveDeviations). Only InspectExchange, which judges recorded
	// traffic, reports it, instead of RulePayloadValid; it is a SHOULD rule
	// of recordings, not a check of the catalogue.
	RuleLiveDeviation = "recorded.live-deviation"
	// RuleStatusMatchesEvent: a lifecycle event carries the status its
	// name says (thread.run.completed a completed run, ...).
	RuleStatusMatchesEvent = "stream.status-matches-event"
	// RuleFirstEvent: a run stream starts with thread.run.created, a
	// create-thread-and-run stream with thread.created then
	// thread.run.created, a submit_tool_outputs stream by closing the tool
	// step or re-queueing the run.
	RuleFirstEvent = "stream.first-event"
	// RuleEventOrder: runs, steps and messages move only through legal
	// transitions; nothing of the run follows its final event.
	RuleEventOrder = "stream.event-order"
	// RuleDeltaRefersEarlier: every delta names a step or message created
	// earlier in the same stream.
	RuleDeltaRefersEarlier = "stream.delta-refers-earlier"
	// RuleTextDeltasConcat: a message's text deltas, concatenated, equal
	// the text of the message when it completes.
	RuleTextDeltasConcat = "stream.text-deltas-concat"
	// RuleFunctionArgumentsConcat: a function call's argument deltas,
	// concatenated, equal its final arguments (in the completed step and in
	// required_action).
	RuleFunctionArgumentsConcat = "stream.function-arguments-concat"
	// RuleOneTerminalRunEvent: a stream that ends with done carries exactly
	// one run event that ends its part of the run: a terminal status or
	// requires_action.
	RuleOneTerminalRunEvent = "stream.one-terminal-run-event"
	// RuleDoneLast: the stream ends with done (data [DONE]), or with an
	// error event, and nothing follows.
	RuleDoneLast = "stream.done-last"
	// RuleSameRun: every event belongs to one run of one thread.
	RuleSameRun = "stream.same-run"

	// RuleContentType: a request with "stream": true is answered with
	// Content-Type text/event-stream (CONTRACT §4.1–4.2). InspectExchange judges
	// it; it needs the answer's header, not only its bytes.
	RuleContentType = "stream.content-type"
	// RuleJSONWithoutFlag: a request without "stream": true is answered with
	// JSON, whatever its Accept header says (§4.3 of docs/contract.md). InspectExchange judges it.
	RuleJSONWithoutFlag = "stream.json-without-flag"
)

// StreamRules returns the rule ids InspectStream judges, in a fixed order.
func StreamRules() []string {
	return []string{
		RuleFraming, RuleEventKnown, RulePayloadValid, RuleStatusMatchesEvent,
		RuleFirstEvent, RuleEventOrder, RuleDeltaRefersEarlier, RuleTextDeltasConcat,
		RuleFunctionArgumentsConcat, RuleOneTerminalRunEvent, RuleDoneLast, RuleSameRun,
	}
}

// RuleOf returns the rule id a finding of InspectStream starts with, or ""
// when its message names none.
func RuleOf(f Finding) string {
	id, _, ok := strings.Cut(f.Message, ": ")
	if !ok || !checkIDPattern.MatchString(id) {
		return ""
	}
	return id
}

// StreamKind says which request an event stream answers, which decides how
// the stream may begin.
type StreamKind uint8

// The kinds of run streams.
const (
	// StreamAuto infers the kind from the stream's first event.
	StreamAuto StreamKind = iota
	// StreamCreate answers POST /threads/{thread_id}/runs with "stream":
	// true; it starts with thread.run.created.
	StreamCreate
	// StreamThreadAndRun answers POST /threads/runs with "stream": true;
	// it starts with thread.created, then thread.run.created.
	StreamThreadAndRun
	// StreamSubmit answers submit_tool_outputs with "stream": true; it
	// continues a run that stopped in requires_action, so its tool step
	// may close without having been created in this stream.
	StreamSubmit
)

var streamKindNames = [...]string{"auto", "create", "thread_and_run", "submit_tool_outputs"}

// String names the kind.
func (k StreamKind) String() string {
	if int(k) < len(streamKindNames) {
		return streamKindNames[k]
	}
	return fmt.Sprintf("StreamKind(%d)", uint8(k))
}

// StreamKindOf returns the kind of stream that answers a request with this
// method and URL (absolute, or a path such as "/v1/threads/runs"), and
// StreamAuto when the request is none of the three streamed POSTs.
func StreamKindOf(method, rawURL string) StreamKind {
	if method != "POST" {
		return StreamAuto
	}
	p := rawURL
	if u, err := url.Parse(rawURL); err == nil {
		p = u.EscapedPath()
	}
	i := strings.Index(p, "threads/")
	if i < 0 {
		return StreamAuto
	}
	seg := strings.Split(strings.Trim(p[i:], "/"), "/")
	switch {
	case len(seg) == 2 && seg[1] == "runs":
		return StreamThreadAndRun
	case len(seg) == 3 && seg[2] == "runs":
		return StreamCreate
	case len(seg) == 5 && seg[2] == "runs" && seg[4] == "submit_tool_outputs":
		return StreamSubmit
	}
	return StreamAuto
}

// StreamInspection is what InspectStreamAs saw in one stream and what it
// found wrong.
type StreamInspection struct {
	// Kind is the kind the stream was judged as: the one given, or the one
	// inferred from its first event.
	Kind StreamKind
	// Events holds one entry per dispatched event, in order, so that
	// Events[i] is event index i of the findings. An event that did not
	// decode has only its Name set.
	Events []contract.Event
	// Done is set when the stream ended with a well-formed done event.
	Done bool
	// RunID and ThreadID are those of the stream's first run event.
	RunID, ThreadID string
	// Texts counts the message text blocks whose deltas were compared with
	// the finished text; Arguments the function calls whose argument deltas
	// were compared with their final arguments. A check uses them to avoid
	// passing when there was nothing to compare.
	Texts, Arguments int
	// Findings are the violations, each starting with its rule id.
	Findings []Finding
}

// Rule returns the findings of one rule.
func (s *StreamInspection) Rule(id string) []Finding {
	var out []Finding
	for _, f := range s.Findings {
		if RuleOf(f) == id {
			out = append(out, f)
		}
	}
	return out
}

// Count returns how many events of the given name the stream carried.
func (s *StreamInspection) Count(name contract.EventName) int {
	n := 0
	for _, e := range s.Events {
		if e.Name == name {
			n++
		}
	}
	return n
}

// InspectStream judges one event stream's bytes against every stream
// invariant of CONTRACT §4 that needs nothing but the stream, inferring
// from the first event which request it answers, and returns the
// violations (nil when there are none). A stream that starts the way a
// submit_tool_outputs continuation does is judged as one; when the request
// is known, InspectStreamAs with StreamKindOf judges its first event
// strictly. Each finding's message starts with
// its rule id (see StreamRules) and, where one event is at fault, its
// Evidence.EventIndex is set. It never panics, whatever body holds.
func InspectStream(body []byte) []Finding {
	return InspectStreamAs(StreamAuto, body).Findings
}

// InspectStreamAs is InspectStream for a stream known to answer a request
// of the given kind (see StreamKindOf), returning what it saw as well.
func InspectStreamAs(kind StreamKind, body []byte) *StreamInspection {
	return runInspector(newInspector(kind), body)
}

// runInspector feeds body to in and returns what it saw.
func runInspector(in *inspector, body []byte) *StreamInspection {
	dec := sse.NewDecoder(bytes.NewReader(body))
	var end int64 = -1 // where the done event's block ends
	i := 0
	for dec.Next() {
		f := dec.Frame()
		if in.event(i, f.Event, f.Data) {
			end = f.Offset + f.Size
		}
		i++
	}
	if err := dec.Err(); err != nil {
		in.failStream(RuleFraming, framingMessage(err), i)
	}
	in.finish(i, body, end)
	return in.out
}

// framingMessage describes a decoder error for a finding.
func framingMessage(err error) string {
	var tooLarge *sse.TooLargeError
	switch {
	case sse.IsTruncated(err):
		return "the stream ends in the middle of an event: " + err.Error()
	case errors.As(err, &tooLarge):
		return "an event exceeds the size cap: " + err.Error()
	}
	return "the stream cannot be read: " + err.Error()
}

// InspectExchange judges one HTTP answer to a request: when the request
// asked for a stream (its body sets "stream": true), that the answer is an
// event stream, judged by InspectStreamAs; otherwise that it is JSON. It
// is what the stream checks apply to each streamed answer, offered for
// recorded traffic. method and rawURL identify the request, contentType
// and body are the answer's. Payload departures the live API was recorded
// making are reported under RuleLiveDeviation, not RulePayloadValid.
func InspectExchange(method, rawURL string, requestBody []byte, status int, contentType string, body []byte) []Finding {
	wantStream := streamFlag(requestBody)
	isStream := isEventStream(contentType)
	ev := Evidence{Request: method + " " + rawURL, Status: status}
	switch {
	case status < 200 || status > 299:
		return nil // an error answer is judged by the error-envelope checks
	case wantStream && !isStream:
		return []Finding{{Message: RuleContentType + `: a request with "stream": true was not answered with an event stream`,
			Evidence: withExpected(ev, "Content-Type: text/event-stream", "Content-Type: "+quoteEmpty(contentType))}}
	case !wantStream && isStream:
		return []Finding{{Message: RuleJSONWithoutFlag + `: a request without "stream": true was answered with an event stream`,
			Evidence: withExpected(ev, "Content-Type: application/json", "Content-Type: "+contentType)}}
	case !wantStream:
		return nil
	}
	in := newInspector(StreamKindOf(method, rawURL))
	in.acceptLive = true
	out := runInspector(in, body).Findings
	for i := range out {
		out[i].Request, out[i].Status = ev.Request, ev.Status
	}
	return out
}

func withExpected(ev Evidence, expected, got string) Evidence {
	ev.Expected, ev.Got = expected, got
	return ev
}

func quoteEmpty(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// streamFlag reports whether a JSON request body sets "stream": true.
func streamFlag(body []byte) bool {
	var b struct {
		Stream *bool `json:"stream"`
	}
	if json.Unmarshal(body, &b) != nil || b.Stream == nil {
		return false
	}
	return *b.Stream
}

// isEventStream reports whether a Content-Type names an event stream, as
// the SDKs test it (CONTRACT §4.2): text/event-stream, any case, with or
// without parameters.
func isEventStream(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && mt == "text/event-stream"
}
