package runs

import (
	"fmt"
	"runtime"
)

// Version is the version of runsuite's client, sent in its User-Agent.
const Version = "0.1.0"

// userAgent names runsuite, its version and the Go runtime.
var userAgent = fmt.Sprintf("runsuite/%s (Go %s; %s/%s)", Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
