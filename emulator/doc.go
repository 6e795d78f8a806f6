// Package emulator is an embedded, stateful, in-memory implementation of the
// OpenAI Assistants Runs API (CONTRACT §1, §3, §4, §9), shaped like
// net/http/httptest: NewServer starts it on a loopback port, URL and BaseURL
// say where, Client returns a client for it and Close stops it.
//
// Besides the ten Runs and Steps operations it serves the rest of the
// Assistants v2 surface a Runs user touches: assistants (create, retrieve,
// update, list, delete), threads (create, retrieve, update, delete),
// thread messages (create, retrieve, update, list, delete) and
// create-thread-and-run. Every route lives under /v1/.
//
// ModeStrict (the default) refuses what the live API refused; ModeLenient
// answers every request the OpenAPI schema accepts, placeholder ids,
// cursors and limits included, so that the SDKs' own generated test
// suites can run against it (docs/modes.md has the table).
//
// Runs follow deterministic scripts (DESIGN "The emulator's scripts"): a
// plain text reply, a function call that waits for tool outputs, a
// code_interpreter call or a file_search call, chosen from the run's tools,
// tool_choice and last user message, or forced with the run metadata key
// emulator.script. The metadata key emulator.outcome injects faults
// (failed, incomplete, expired, cancelled, error_event, drop_connection) so
// that every event type of CONTRACT §4.1 can be produced on purpose.
//
// A streamed run plays its script at once, pausing between events only as
// StreamShape says; a run created without streaming advances one phase per
// PhaseDuration of the server's Clock each time it is read. Both walk the
// same state machine, so their stored results agree, timestamps included:
// every action is stamped with its phase's time, so a streamed run may be
// stamped ahead of the Clock. What follows it (the answer to
// submit_tool_outputs, a cancel) continues from the run's own latest time,
// so its timestamps never go backwards. Time comes from an injectable Clock
// and ids from a seeded generator, so recordings are reproducible.
//
// Stream events are encoded by hand-written append encoders, without
// reflection, and framed with sse.AppendEvent.
//
// The emulator is meant to run for hours under load and under hostile
// input. Its memory is bounded by WithRetention (terminal runs and idle
// threads are forgotten oldest first), and a request's cost does not grow
// with a thread's history. Timeouts give slow and silent peers deadlines:
// the body read, each write (a client that stops reading its stream ends
// the stream, not the run) and idle connections. Every error it answers is
// the JSON envelope, those Go's HTTP server would answer in plain text
// included. WithFaults injects load-level faults by rate: 429, 500 and 503
// answers, and streams that are cut, slowed or stalled.
//
// # Files
//
// The server and its guards: server.go (NewServer, Server), options.go,
// timeouts.go, listener.go (the connection limits and deadlines),
// handler.go (the header, key and beta guards, the body read, the JSON
// answers), routes.go (method and path to handler), errors.go (the error
// envelopes), exchange.go (the hook's view of an answer), faults.go.
//
// The requests: body.go (a body to a JSON tree, checked against its
// schema by contract.CheckRequestBody), params.go (a contract.ParamError
// worded as the live API words it), list.go and list_mode.go (pagination),
// lookup.go (the objects a request names), then one file per resource:
// runs.go, submit.go, steps.go, threads.go, threads_modify.go,
// messages.go, assistants.go, assistants_modify.go, deleted.go.
//
// The runs: scripts.go (a run's plan and its phases, from its tools,
// tool_choice, text and metadata), reply.go (the deterministic texts, cut
// into deltas by StreamShape), shape.go and flush.go (StreamShape and its
// FlushPolicy), program.go (phases due at clock times), player.go (the
// player, which plays one action: changes the stored objects and emits its
// events), emitter.go (events into a buffer, encoded by contract's Append
// functions), stream.go (the stream writer), advance.go (polling: the
// phases due by now).
//
// The state: store.go, store_remove.go, retention.go, objects.go,
// ids.go, clock.go.
//
// # One streamed run
//
// POST /v1/threads/{thread_id}/runs with "stream": true goes through
// Server.serveHTTP (handler.go), which checks the headers, reads the body
// under its limit and routes the request (routes.go) to createRun
// (runs.go). createRun decodes and checks the body (body.go, then
// contract's Validate, worded by params.go), locks the thread, brings its
// runs up to date (advance.go) and plans the run (planRun; scripts.go
// turns the plan into phases). launchRun stores the run with its program
// and hands it to Server.stream (stream.go), which loops: take the next
// action of the program (program.go), play it (player.go: the run, step or
// message changes and the emitter appends its event frames), and send the
// buffered frames as the FlushPolicy says, with a write deadline per
// write. The program runs out at a terminal status or at requires_action
// (submit_tool_outputs adds the phases that follow), and the stream ends
// with the done event; an injected error event or dropped connection ends
// it early, the rest of the program played silently so that the stored run
// is the one polling would see. A client that stops reading hits the write
// deadline: the stream ends, the run does not.
package emulator
