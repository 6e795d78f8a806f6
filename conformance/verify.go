package conformance

import (
	"context"
	"fmt"
	"time"
)

// Verify judges the server cfg.Target with checks (its server checks; client
// rules are ignored): it discovers the target's capabilities (Discover),
// runs the checks (Run) and returns their Report, named after target (a
// description such as its base URL). A target that cannot be used gives an
// *UnreachableError and no report: nothing was judged. When ctx ends during
// the run, the checks not yet done are errors in the report and Verify
// returns the report with ctx's error.
func Verify(ctx context.Context, cfg Config, checks []Check, target string) (*Report, error) {
	report := NewReport("verify", target)
	start := time.Now()
	caps, err := Discover(ctx, cfg.Target)
	if err != nil {
		return nil, err
	}
	report.Capabilities = caps
	report.Add(Run(ctx, cfg, caps, checks)...)
	report.Duration = time.Since(start)
	if err := context.Cause(ctx); err != nil {
		return report, fmt.Errorf("verify interrupted: %w", err)
	}
	return report, nil
}
