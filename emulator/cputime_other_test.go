//go:build !unix

package emulator

import "time"

// processCPU is not measured off unix: benchmarks report 0 CPU time.
func processCPU() time.Duration { return 0 }
