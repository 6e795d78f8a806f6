// Package replay holds the Ginkgo specs that replay the recorded cassettes
// of recordings/ through every client implementation.
package replay

import (
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

func TestReplay(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "runsuite replay suite")
}
