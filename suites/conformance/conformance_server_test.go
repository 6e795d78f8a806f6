package conformance

import (
	"os"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/runsuite/runsuite/conformance"
	"github.com/runsuite/runsuite/conformance/ginkgosuite"
	"github.com/runsuite/runsuite/emulator"
)

// csPhase is how long a polled run of the embedded emulator stays in each
// phase: short, since these specs run one after another, and long enough
// for every check that polls to see each phase.
const csPhase = 50 * time.Millisecond

// csConfig is the configuration the server conformance specs read when
// they run; BeforeAll fills in its target.
var csConfig = conformance.NewConfig()

// The whole server catalogue, one spec per check, through the export a Go
// team embeds in its own suite (ginkgosuite.RegisterSpecs). The target is
// the embedded emulator, or the server CONFORMANCE_BASE_URL names (with
// CONFORMANCE_API_KEY, CONFORMANCE_MODEL and CONFORMANCE_CAPABILITIES), read
// when the specs run, never at init. The container is Ordered only so that
// BeforeAll starts one target for all its specs; ContinueOnFailure keeps a
// failed check from skipping the rest.
var _ = Describe("Server conformance against "+csTargetName(), Ordered, ContinueOnFailure, func() {
	BeforeAll(func() {
		var target conformance.Target
		Expect(target.FromEnv(os.LookupEnv)).To(Succeed())
		if target.BaseURL == "" {
			emu := emulator.NewServer(emulator.WithPhaseDuration(csPhase))
			DeferCleanup(emu.Close)
			target.BaseURL, target.HTTPClient, target.APIKey = emu.BaseURL(), emu.Client(), "sk-runsuite-suite"
		}
		csConfig.Target = target
	})

	ginkgosuite.RegisterSpecs(&csConfig)
})

// csTargetName names the target in the container's text. It runs while
// the spec tree is built, so it only says which kind of target, and reads
// nothing but whether the variable is set.
func csTargetName() string {
	if _, ok := os.LookupEnv(conformance.EnvBaseURL); ok {
		return "$" + conformance.EnvBaseURL
	}
	return "the embedded emulator"
}
