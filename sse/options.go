package sse

import "math"

// DefaultMaxEventSize is the default cap on one event's raw size: 32 MiB,
// the longest line openai-go's decoder accepts.
const DefaultMaxEventSize = 32 << 20

const initialBufferSize = 16 << 10

// Option configures a Decoder.
type Option func(*Decoder)

// WithMaxEventSize sets the largest event, in raw bytes, the decoder
// accepts; larger events fail with *TooLargeError. n <= 0 keeps
// DefaultMaxEventSize; other values below 64 are raised to 64.
func WithMaxEventSize(n int) Option {
	return func(d *Decoder) {
		if n > 0 {
			d.max = min(max(n, 64), math.MaxInt-1)
		}
	}
}

// WithNameTable makes the decoder return the table's strings for known
// event names, so those names never allocate.
func WithNameTable(t *NameTable) Option {
	return func(d *Decoder) { d.names = t }
}

// WithBufferSize sets the initial read buffer size (default 16 KiB). The
// buffer grows as needed up to the event size cap.
func WithBufferSize(n int) Option {
	return func(d *Decoder) { d.bufSize = max(n, 16) }
}
