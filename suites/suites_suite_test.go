// Package suites holds runsuite's Ginkgo specs: decoding of every stream
// fixture and recorded stream, and (in later areas) the client and server
// conformance flows. Run them with `go tool ginkgo ./suites`.
package suites

import (
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

func TestSuites(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "runsuite suites")
}
