// Package decoding holds the Ginkgo specs of stream decoding: every stream
// fixture and every recorded real-traffic stream read with runs.EventReader.
package decoding

import (
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

func TestDecoding(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "runsuite decoding suite")
}
