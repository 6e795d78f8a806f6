package sse

import "math"

// DefaultMaxEventSize is the default cap on one event's raw size: 32 MiB,
// the longest line openai-go's decoder accepts.
const DefaultMaxEventSize = 32 << 20

// MinMaxEventSize is the smallest cap WithMaxEventSize sets.
const MinMaxEventSize = 64

// Read buffer sizes: a decoder starts small, so a stream that waits for
// its next event holds little, and doubles its buffer while reads keep
// filling it, up to readAheadSize; a line longer than the buffer grows it
// up to the event size cap.
const (
	initialBufferSize = 512
	readAheadSize     = 16 << 10
)

// Option configures a Decoder.
type Option func(*Decoder)

// WithMaxEventSize sets the largest event, in raw bytes, the decoder
// accepts; larger events fail with *TooLargeError. n <= 0 keeps
// DefaultMaxEventSize; other values below MinMaxEventSize are raised to it.
func WithMaxEventSize(n int) Option {
	return func(d *Decoder) {
		if n > 0 {
			d.max = min(max(n, MinMaxEventSize), math.MaxInt-1)
		}
	}
}

// WithNameTable makes the decoder return the table's strings for known
// event names, so those names never allocate.
func WithNameTable(t *NameTable) Option {
	return func(d *Decoder) { d.names = t }
}

// WithBufferSize sets the initial read buffer size (default 512 bytes).
// The buffer doubles while reads keep filling it, up to 16 KiB (or n when
// larger), and as long lines need, up to the event size cap.
func WithBufferSize(n int) Option {
	return func(d *Decoder) { d.bufSize = max(n, 16) }
}
