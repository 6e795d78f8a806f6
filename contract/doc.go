// Package contract holds the OpenAI Assistants Runs API contract as Go types
// and data: the objects a server returns (CONTRACT §3), the request
// parameters a client sends (§2), the catalogue of stream events (§4.1),
// DecodeEvent, which turns one server-sent event into a typed Event, and its
// twin AppendEventData, which writes an Event's data.
//
// The object types marshal and unmarshal with encoding/json through their
// struct tags. The stream's hot paths do not use reflection: each wire type
// family has one file (wire_run.go, wire_step.go, wire_message.go, ...)
// holding its hand-written reader, used by DecodeEvent, and its append
// encoder (AppendRun, AppendRunStep, AppendMessage, ...), used by the
// emulator. The encoders write, byte for byte, what json.Marshal writes. The
// readers accept unknown fields, refuse malformed JSON, and report the byte
// offset of every error. Tests hold the three codecs together: every field
// of every payload type, filled with distinct values, must pass unchanged
// from each codec to the others.
//
// Where the readers differ from encoding/json:
//
//   - Keys match exactly: "ID" is an unknown field, skipped, where
//     encoding/json would fill ID (it matches keys ignoring case).
//   - Strings must be valid UTF-8: invalid bytes are a DecodeError, where
//     encoding/json replaces them with U+FFFD. (Escaped lone surrogates,
//     such as \ud800, read as U+FFFD in both.)
//   - A payload must be an object: null is a DecodeError, where
//     encoding/json leaves the value unset.
//   - A repeated key is accepted and read again, the later value
//     overwriting what the earlier set; an object held by pointer
//     (last_error, usage, ...) is replaced whole, where encoding/json
//     merges the repeated object into the one it already read.
//   - Nesting deeper than 10000 levels is refused, as encoding/json does.
//
// FuzzDecodeEvent checks the readers against encoding/json on every input
// outside these differences.
//
// Validation: Validate on each request params type checks its bounds (§2);
// CheckRequestBody checks a raw request body against the request schemas
// (unknown keys, types, bounds), in the order and words of the live API's
// 400s (DescribeParamError); CheckObject checks a server's JSON object
// against the shapes of §3 and §4.1, with JSON pointers, and
// LiveDeviations names where the recorded live API departed from them.
//
// The package does no I/O.
package contract
