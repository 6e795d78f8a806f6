package emulator

import "time"

// Timeouts are the deadlines the emulator gives its peers, so that a slow
// or silent client cannot hold a connection, a goroutine or a run for
// ever.
type Timeouts struct {
	// ReadHeader bounds reading a request's headers, from their first
	// byte (default 10s).
	ReadHeader time.Duration
	// ReadBody bounds reading a request's body (default 30s).
	ReadBody time.Duration
	// Write bounds each write of a response: a whole JSON answer, or one
	// batch of stream events, so that a client that stops reading a stream
	// ends it instead of pinning its run (default 10s).
	Write time.Duration
	// Idle bounds how long a connection waits for its next request, its
	// first one included (default 60s).
	Idle time.Duration
}

// Default deadlines of Timeouts.
const (
	DefaultReadHeaderTimeout = 10 * time.Second
	DefaultReadBodyTimeout   = 30 * time.Second
	DefaultWriteTimeout      = 10 * time.Second
	DefaultIdleTimeout       = 60 * time.Second
)

// withDefaults fills the zero (or negative) fields with the defaults.
func (t Timeouts) withDefaults() Timeouts {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&t.ReadHeader, DefaultReadHeaderTimeout)
	def(&t.ReadBody, DefaultReadBodyTimeout)
	def(&t.Write, DefaultWriteTimeout)
	def(&t.Idle, DefaultIdleTimeout)
	return t
}
