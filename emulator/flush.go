package emulator

import (
	"fmt"
	"math"
)

// FlushPolicy says when a stream's events are flushed to the connection.
type FlushPolicy uint8

const (
	// FlushEachEvent flushes after each event, as a live server does; a
	// StreamShape.FlushEvery above 1 thins it to one flush every FlushEvery
	// events. It is the zero value.
	FlushEachEvent FlushPolicy = iota
	// FlushCoalesced flushes only before a pause, at the end of a stream and
	// when 64 KiB are buffered, so the emulator is not bound by one write
	// per event: what load runs use. StreamShape.FlushEvery must be 0.
	FlushCoalesced
)

// String returns "each-event", "coalesced" or, for a value outside the
// constants, "FlushPolicy(n)".
func (p FlushPolicy) String() string {
	switch p {
	case FlushEachEvent:
		return "each-event"
	case FlushCoalesced:
		return "coalesced"
	}
	return fmt.Sprintf("FlushPolicy(%d)", uint8(p))
}

// validateFlush reports a policy outside the constants, or a FlushEvery the
// policy does not take.
func (s StreamShape) validateFlush() error {
	switch {
	case s.Flush != FlushEachEvent && s.Flush != FlushCoalesced:
		return fmt.Errorf("flush policy must be each-event or coalesced, got %v", s.Flush)
	case s.FlushEvery < 0:
		return fmt.Errorf("flush-every must not be negative, got %d", s.FlushEvery)
	case s.Flush == FlushCoalesced && s.FlushEvery != 0:
		return fmt.Errorf("flush-every applies to the each-event policy, got %d with %v", s.FlushEvery, s.Flush)
	}
	return nil
}

// flushAfter is how many events a stream of this shape writes between
// flushes when nothing else (a pause, the end, a full buffer) forces one.
func (s StreamShape) flushAfter() int {
	if s.Flush == FlushCoalesced {
		return math.MaxInt
	}
	return max(s.FlushEvery, 1)
}
