// Package client holds the Ginkgo specs of the client side: what each
// implementation of runs.RunsAPI and runs.StepsAPI sends and how it reads the
// answers (requests, errors, retries, pages, misuse, streams, polling),
// over httpmock transports, with each implementation's named deviations.
package client

import (
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

func TestClient(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "runsuite client suite")
}
