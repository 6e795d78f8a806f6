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
