// Package contract holds the OpenAI Assistants Runs API contract as Go types
// and data: the objects a server returns (CONTRACT §3), the request
// parameters a client sends (§2), the catalogue of stream events (§4.1) and
// DecodeEvent, which turns one server-sent event into a typed Event.
//
// The object types marshal and unmarshal with encoding/json through their
// struct tags. DecodeEvent does not use reflection: it reads payloads with a
// strict hand-written decoder that accepts unknown fields, refuses malformed
// JSON and invalid UTF-8, and reports the byte offset of every error.
//
// The package does no I/O.
package contract
