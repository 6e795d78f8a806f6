//go:build !unix

package loadgen

import "time"

// processUsage is not measured on systems without getrusage(2): it returns
// zeros, which reports show as "not measured".
func processUsage() (cpu time.Duration, peakRSS int64) { return 0, 0 }
