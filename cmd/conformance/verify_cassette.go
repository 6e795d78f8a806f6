package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/runsuite/runsuite/cassette"
	"github.com/runsuite/runsuite/conformance"
)

// serverFlags are the verify flags that name or steer a live server, which
// mean nothing with --cassette.
var serverFlags = []string{"base-url", "api-key", "model", "capabilities", "run", "skip", "parallel", "timeout"}

// runVerifyCassettes judges recorded traffic offline (cassette.Verify) and
// writes the reports as a live verify does, with the same exit statuses.
func runVerifyCassettes(cmd *cobra.Command, files []string, opts verifyOptions) error {
	if _, ok := reportFormats[opts.format]; !ok {
		return usageErrorf(cmd, "--format must be text, json or markdown, got %q", opts.format)
	}
	for _, name := range serverFlags {
		if cmd.Flags().Changed(name) {
			return usageErrorf(cmd, "--%s judges a live server; it cannot go with --cassette", name)
		}
	}
	if len(files) == 0 {
		return usageErrorf(cmd, "--cassette needs at least one file")
	}
	report, err := cassette.Verify(cmd.Context(), files...)
	if err != nil {
		return fmt.Errorf("verify recordings: %w", err)
	}
	if err := writeReports(cmd.OutOrStdout(), report, opts.format, opts.junit); err != nil {
		return err
	}
	s := report.Summary
	switch report.Verdict() {
	case conformance.VerdictFail:
		return &failError{err: fmt.Errorf("%d of %d rules failed on the recordings", s.Fail, s.Total)}
	case conformance.VerdictIncomplete:
		return fmt.Errorf("%d of %d rules could not be judged (harness errors, see ERROR lines)", s.Error, s.Total)
	}
	return nil
}
