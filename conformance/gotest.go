package conformance

import (
	"testing"
)

// Test runs the server checks of the catalogue against cfg.Target as
// subtests of t, one per check, named by its id (so `go test -run
// 'TestMyServer/stream\.'` selects some). The target's capabilities are
// discovered first (or taken from cfg.Target.Capabilities); a target that
// cannot be used fails t at once. A failed check fails its subtest with
// its findings, a missing capability skips it with the reason, a SHOULD
// check's findings are logged as warnings, and a harness error fails the
// subtest as such. At most cfg.Parallel checks run at once, each bounded
// by cfg.Timeout.
func Test(t *testing.T, cfg Config) {
	t.Helper()
	caps, err := Discover(t.Context(), cfg.Target)
	if err != nil {
		t.Fatalf("conformance: %v", err)
	}
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	sem := make(chan struct{}, max(cfg.Parallel, 1))
	for _, c := range ServerChecks() {
		t.Run(c.ID, func(t *testing.T) {
			t.Parallel()
			select {
			case sem <- struct{}{}:
			case <-t.Context().Done():
				t.Fatalf("not run: %v", t.Context().Err())
			}
			defer func() { <-sem }()
			res := RunCheck(t.Context(), cfg.Target, caps, c, timeout)
			switch res.Status {
			case StatusSkip:
				t.Skip(res.Reason)
			case StatusWarn:
				for _, f := range res.Findings {
					t.Logf("warning (SHOULD, %s): %s", res.Section, f)
				}
			case StatusFail:
				for _, f := range res.Findings {
					t.Errorf("%s (%s %s): %s", res.Title, res.Level, res.Section, f)
				}
			case StatusError:
				t.Errorf("harness error, the check could not judge the target: %s", res.Reason)
			}
		})
	}
}
