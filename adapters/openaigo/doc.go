// Package openaigo implements runs.RunsAPI and runs.StepsAPI over the
// official Go SDK, github.com/openai/openai-go/v3 (client.Beta.Threads.Runs
// and its Steps), so the suites that check the reference client can check
// what openai-go sends and how it reads the answers.
//
// The adapter is deliberately thin. It maps contract parameters field by
// field onto openai-go's params (absent, set and null each have an
// openai-go form; see params.go), converts results through their raw JSON
// so nothing is lost, and translates errors into the runs error types. It
// adds no guards, headers, retries or fixes: whatever openai-go does on the
// wire, or fails to check, is what a suite observes. The caller builds the
// openai.Client with the options a test needs (option.WithBaseURL,
// WithAPIKey, WithHTTPClient, WithMaxRetries, ...).
//
// Mapping decisions that are not one-to-one:
//
//   - Extra body keys are sent with option.WithJSONSet, in key order, after
//     openai-go has encoded the params; the key is escaped with
//     param.EscapeSJSONKey so "a.b" stays one key. An Extra key that repeats
//     a known field overwrites it (openai-go has no such check).
//   - openai-go types model and reasoning_effort as plain strings with no
//     null form; contract.Null for them goes through the params'
//     SetExtraFields.
//   - Variants openai-go's unions lack (an unknown tool, content part,
//     attachment tool or response_format type) are sent verbatim with
//     param.Override.
//   - Streams: openai-go consumes [DONE] without yielding it, so the event
//     source yields a done event whenever openai-go's stream ends without
//     an error. Each event is decoded again with contract.DecodeEvent from
//     the raw data openai-go kept; an *ssestream.StreamError becomes a
//     *runs.StreamError whose object is read with contract.ErrorEnvelope.
//   - Pages: NextPage calls openai-go's own CursorPage.GetNextPage, so the
//     next request is exactly the one openai-go builds. Page.HasMore is
//     openai-go's view of whether a next page exists (see below); the
//     context and cursor NextPage is given are not used.
//   - openai-go's refusal of empty path ids ("missing required thread_id
//     parameter") becomes a *runs.ArgumentError with that message; nothing
//     is sent. *openai.Error becomes a *runs.APIError with the same fields.
//
// # How openai-go (v3.98.0) differs from the contract
//
// Found while reading its source; paths are relative to the module root.
//
// Requests:
//   - Stream requests send Accept: application/json; only the body asks for
//     a stream. The default Accept is set for every request
//     (internal/requestconfig/requestconfig.go:275) and NewStreaming /
//     SubmitToolOutputsStreaming only add option.WithJSONSet("stream", true)
//     (betathreadrun.go:81), which lands last in the body and overrides a
//     caller's "stream": false. Nor is Accept-Encoding set to identity
//     (net/http's transparent gzip applies).
//   - No stream guard: New and SubmitToolOutputs send a caller's
//     "stream": true as is, then fail to decode the event-stream answer as
//     a Run (requestconfig.go:811).
//   - Query keys are sorted: url.Values.Encode (requestconfig.go:235, and
//     option.WithQuery in option/requestoption.go:174 for the next page),
//     so include[] comes before limit and order; '*' is sent as %2A.
//   - Body keys follow the params' struct declaration order, not the
//     caller's (packages/param/encoder.go:144; BetaThreadRunNewParams at
//     betathreadrun.go:588 lists assistant_id, then the param.Opt fields,
//     then the rest). Nested params are declared alphabetically, so
//     {"output","tool_call_id"} and {"content","role"} come out sorted; map
//     values (metadata, function parameters: shared.FunctionParameters is
//     a map, shared/shared.go:1570) are sorted by encoding/json, which
//     reorders a caller's JSON Schema. SetExtraFields keys follow the known
//     fields, then WithJSONSet keys.
//   - model and reasoning_effort cannot be null through the typed params
//     (betathreadrun.go:641, :650).
//   - A nil tool_outputs is left out of the body although it is required
//     (`omitzero` on a required field, betathreadrun.go:933).
//   - Path ids are escaped with url.PathEscape
//     (internal/requestconfig/requestconfig.go:42-50), which also escapes
//     ! * ' ( ) ; , that the contract leaves raw; "." and ".." are sent as
//     %2E and %2E%2E instead of being refused.
//   - Empty path ids are refused before sending, as the contract's
//     reference does (betathreadrun.go:62 and each method).
//   - OpenAI-Beta: assistants=v2 is prepended to the options of every
//     method (betathreadrun.go:60), so per-request headers never drop it
//     (Ruby's extra_headers do); a caller's own option.WithHeader for it
//     still wins.
//   - X-Stainless-Timeout is sent only when a request timeout is set
//     (requestconfig.go:316), and X-Stainless-Retry-Count is not updated
//     when the caller set it (requestconfig.go:661).
//
// Retries (requestconfig.go:390-580): two by default (:286); retried on a
// connection error, 408, 409, 429 and >= 500, with x-should-retry: true or
// false overriding the status (:409). The delay is Retry-After-Ms, else
// Retry-After as seconds or an RFC 1123 date only (:459), honoured up to 2
// minutes (:34); a longer server delay stops retrying and returns that
// answer. Otherwise 0.5 s x 2^n capped at 8 s (DefaultMaxServerDelay, :30),
// minus up to 25% jitter. The contract's note that Go "caps at 8 s" holds
// only for the computed backoff.
//
// Errors (requestconfig.go:761-762): type, code, param and message are read
// from inside the {"error": {...}} envelope. An answer without that
// envelope (not JSON, empty, no "error" key) is still an *openai.Error with
// empty fields, but {"error": "a string"} fails to decode and comes back as
// a plain json error, losing the status.
//
// Streams (packages/ssestream/ssestream.go):
//   - Any 2xx body is read as an event stream whatever its Content-Type
//     (NewDecoder, :26); a JSON answer yields no events and ends cleanly.
//   - The end of the body without [DONE] is a clean end, like [DONE]
//     (:249); the adapter cannot tell them apart, so both end in done.
//   - Data starting with [DONE] ends the stream whatever the event name
//     (:253).
//   - Data with a top-level "error" key ends it with *ssestream.StreamError
//     (:257), even "error": null, which contract.ErrorEnvelope ignores.
//   - Lines end with LF or CRLF only, not a bare CR (bufio.Scanner, :44);
//     a line is capped at 32 MiB (:45); a pending event at EOF is dropped;
//     data lines are joined with "\n" plus a trailing "\n".
//   - Run streams wrap every event as {"event","data"}
//     (NewStreamWithSynthesizeEventData, :266), so `event: error` frames
//     are yielded as ErrorEvent values rather than raised.
//
// Pages (packages/pagination/pagination.go):
//   - GetNextPage stops on empty data (:120) or an explicit
//     "has_more": false (:124); a missing or null has_more keeps paging.
//   - The next page reuses the first request's context (:128), not the
//     one given to NextPage, and sets after from the last item's ID (:131),
//     keeping every other query parameter.
package openaigo
