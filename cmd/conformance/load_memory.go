package main

import (
	"fmt"
	"os"
	"runtime/debug"
)

// defaultLoadMemoryLimitMiB is the generator's default soft memory limit.
// At 10,000 streams its live heap is about 260 MiB and its goroutine stacks
// about 120 MiB; with Go's default GOGC=100 alone the heap may grow to twice
// its live size between collections and the process past 800 MiB. Near the
// limit the collector runs sooner instead, which costs CPU only when memory
// is actually short; below it nothing changes.
const defaultLoadMemoryLimitMiB = 448

// applyMemoryLimit sets the process's soft memory limit to mib MiB, unless
// mib is 0 or GOMEMLIMIT is set (the environment wins). It returns the
// limit in effect, in bytes (math.MaxInt64 for none).
func applyMemoryLimit(mib int64) (int64, error) {
	if mib < 0 {
		return 0, fmt.Errorf("--memory-limit must be 0 (none) or a size in MiB, got %d", mib)
	}
	if mib == 0 || os.Getenv("GOMEMLIMIT") != "" {
		return debug.SetMemoryLimit(-1), nil
	}
	debug.SetMemoryLimit(mib << 20)
	return mib << 20, nil
}
