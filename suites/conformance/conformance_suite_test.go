// Package conformance holds the Ginkgo specs of the check catalogue: the
// server checks against the emulator, and the client rules against what
// real clients send.
package conformance

import (
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

func TestConformance(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "runsuite conformance suite")
}
