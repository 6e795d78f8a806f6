package sse

import "fmt"

// TooLargeError reports an event larger than the decoder's cap. The size of
// an event counts every raw byte of its block: field lines, comments and
// line ends, up to and including the blank line that ends it.
type TooLargeError struct {
	Limit  int   // the cap in bytes
	Offset int64 // stream offset where the event began
}

// Error describes the TooLargeError.
func (e *TooLargeError) Error() string {
	return fmt.Sprintf("sse: event at byte %d exceeds the %d-byte limit", e.Offset, e.Limit)
}

// TruncatedError reports a stream that ended in the middle of an event:
// field lines were read but no blank line dispatched them, or the last line
// had no line end. The partial event is discarded, as the standard says.
type TruncatedError struct {
	Offset int64 // stream offset where the unfinished event began
	Size   int64 // bytes of it that arrived
}

// Error describes the TruncatedError.
func (e *TruncatedError) Error() string {
	return fmt.Sprintf("sse: stream ended inside the event at byte %d (%d bytes, no terminating blank line)", e.Offset, e.Size)
}

// ReadError wraps an error from the underlying reader with the stream
// offset it happened at.
type ReadError struct {
	Offset int64
	Err    error
}

// Error describes the ReadError.
func (e *ReadError) Error() string {
	return fmt.Sprintf("sse: read at byte %d: %v", e.Offset, e.Err)
}

// Unwrap returns the reader's error.
func (e *ReadError) Unwrap() error { return e.Err }
