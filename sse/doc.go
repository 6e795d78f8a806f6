// Package sse reads text/event-stream bodies, framing them into events as
// the WHATWG HTML standard's event-stream interpretation describes
// (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation).
//
// It knows nothing about the payloads: each Frame carries the event name,
// the data bytes, the last event ID and the reconnection time. Typed
// assistant events come from contract.DecodeEvent.
//
// The decoder is built for throughput: in steady state it allocates nothing
// per event, the size of one event is capped (DefaultMaxEventSize, or
// WithMaxEventSize) and every way a stream can go wrong surfaces as a typed
// error: *TooLargeError, *TruncatedError or a read error wrapped in
// *ReadError.
package sse
