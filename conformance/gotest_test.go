package conformance_test

import (
	"testing"

	"github.com/runsuite/runsuite/conformance"
	"github.com/runsuite/runsuite/emulator"
)

// Test runs every server check as a subtest; against the emulator they all
// pass, and none is skipped since it has every capability.
func TestTestRunsTheCatalogueAsSubtests(t *testing.T) {
	emu := emulator.NewServer()
	t.Cleanup(emu.Close)
	cfg := conformance.NewConfig()
	cfg.Target = conformance.Target{BaseURL: emu.BaseURL(), HTTPClient: emu.Client()}
	ran := 0
	t.Run("catalogue", func(t *testing.T) {
		conformance.Test(t, cfg)
		ran = len(conformance.ServerChecks())
	})
	if ran == 0 {
		t.Fatal("no server checks ran")
	}
}
