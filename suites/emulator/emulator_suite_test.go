// Package emulator holds the Ginkgo specs of the emulator's behaviour:
// scripts, pages, polling, error answers, concurrency and its HTTP surface,
// each spec against its own in-process emulator on loopback.
package emulator

import (
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

func TestEmulator(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "runsuite emulator suite")
}
