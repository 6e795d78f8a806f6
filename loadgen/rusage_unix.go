//go:build unix

package loadgen

import (
	"runtime"
	"syscall"
	"time"
)

// processUsage returns the CPU time (user plus system) the process has used
// and its peak resident set size in bytes, from getrusage(2).
func processUsage() (cpu time.Duration, peakRSS int64) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, 0
	}
	cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	peakRSS = int64(ru.Maxrss)
	if runtime.GOOS != "darwin" && runtime.GOOS != "ios" {
		peakRSS *= 1024 // kilobytes everywhere but Apple's systems
	}
	return cpu, peakRSS
}
