package sse

import (
	"bytes"
	"strings"
	"testing"
	"testing/iotest"
)

// TestDecoderBufferGrowsOnDemand: a stream that trickles in keeps a small
// buffer (what a waiting stream holds); one whose reads keep filling the
// buffer reads ahead up to readAheadSize; a long line grows it further.
func TestDecoderBufferGrowsOnDemand(t *testing.T) {
	t.Parallel()
	event := "event: thread.run.created\ndata: {\"id\":\"run_1\",\"object\":\"thread.run\"}\n\n"
	long := "data: " + strings.Repeat("x", 100_000) + "\n\n"
	tests := []struct {
		name     string
		in       func() *Decoder
		min, max int
	}{
		{"trickle of small events", func() *Decoder {
			return NewDecoder(iotest.HalfReader(strings.NewReader(strings.Repeat(event, 20))))
		}, initialBufferSize, initialBufferSize},
		{"events ready in bulk", func() *Decoder {
			return NewDecoder(strings.NewReader(strings.Repeat(event, 2000)))
		}, readAheadSize, readAheadSize},
		{"one long line", func() *Decoder {
			return NewDecoder(bytes.NewReader([]byte(long)))
		}, len(long) - 2, 2 * len(long)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := tt.in()
			if got := len(d.buf); got != initialBufferSize {
				t.Errorf("buffer before reading: got %d bytes, want %d", got, initialBufferSize)
			}
			for d.Next() {
			}
			if d.Err() != nil {
				t.Fatal(d.Err())
			}
			if got := len(d.buf); got < tt.min || got > tt.max {
				t.Errorf("buffer after reading: got %d bytes, want %d to %d", got, tt.min, tt.max)
			}
		})
	}
}
