package emulator

import (
	"fmt"
	"time"
)

// Upper bounds of a StreamShape: they keep one run's reply, which the
// emulator stores and streams, within a few megabytes.
const (
	// MaxDeltas bounds StreamShape.Deltas; a reply holds at least that many
	// words, so this bounds its length too (about 7 bytes a word).
	MaxDeltas = 100_000
	// MaxDeltaSize bounds StreamShape.DeltaSize.
	MaxDeltaSize = 1 << 20
	// MaxPause bounds StreamShape.Pause.
	MaxPause = time.Minute
)

// Validate reports the first field of the shape outside its bounds, as an
// error naming the field.
func (s StreamShape) Validate() error {
	switch {
	case s.Deltas < 0 || s.Deltas > MaxDeltas:
		return fmt.Errorf("deltas must be between 1 and %d, got %d", MaxDeltas, s.Deltas)
	case s.DeltaSize < 0 || s.DeltaSize > MaxDeltaSize:
		return fmt.Errorf("delta size must be between 0 and %d bytes, got %d", MaxDeltaSize, s.DeltaSize)
	case s.Pause < 0 || s.Pause > MaxPause:
		return fmt.Errorf("pause must be between 0 and %v, got %v", MaxPause, s.Pause)
	}
	return s.validateFlush()
}

// clamped returns the shape with defaults for unset fields and every
// field brought within its bounds, so that no option can make a run's
// reply unbounded.
func (s StreamShape) clamped() StreamShape {
	if s.Deltas <= 0 {
		s.Deltas = DefaultDeltas
	}
	s.Deltas = min(s.Deltas, MaxDeltas)
	s.DeltaSize = min(max(s.DeltaSize, 0), MaxDeltaSize)
	s.Pause = min(max(s.Pause, 0), MaxPause)
	if s.Flush == FlushCoalesced {
		s.FlushEvery = 0
	} else {
		s.Flush, s.FlushEvery = FlushEachEvent, max(s.FlushEvery, 1)
	}
	return s
}
