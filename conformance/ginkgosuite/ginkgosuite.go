// Package ginkgosuite runs runsuite's server conformance checks inside a
// Ginkgo v2 suite, one spec per check, the way csi-test's sanity.GinkgoTest
// runs the CSI sanity suite: a team verifies its own Runs API server, in its
// own suite, against its own httptest server.
//
//	var cfg = conformance.NewConfig()
//
//	var _ = BeforeSuite(func() {
//		srv := httptest.NewServer(myapi.Handler())
//		DeferCleanup(srv.Close)
//		cfg.Target = conformance.Target{BaseURL: srv.URL + "/v1", HTTPClient: srv.Client()}
//	})
//
//	var _ = ginkgosuite.RegisterSpecs(&cfg)
//
// A check that passes is a passing spec; one that fails fails its spec with
// every finding and its evidence; one whose capability the server lacks is
// skipped with the reason; a SHOULD check that fails passes with a report
// entry naming the warning; a harness error fails the spec as such.
package ginkgosuite

import (
	"context"
	"fmt"
	"strings"
	"sync"

	. "github.com/onsi/ginkgo/v2" //nolint:revive // the Ginkgo DSL is meant to be dot-imported

	"github.com/runsuite/runsuite/conformance"
)

// RegisterSpecs registers a container "Runs API server conformance" with one
// spec per server check of the catalogue, named by the check's id and
// title and labelled with its area, side, level and the capabilities it
// needs (so `ginkgo --label-filter` selects them). cfg is read when the
// specs run, not when they are registered, so a BeforeSuite or BeforeAll
// may fill in cfg.Target. The target's capabilities are discovered once per
// Ginkgo process (or taken from cfg.Target.Capabilities). It returns true,
// for use as `var _ = ginkgosuite.RegisterSpecs(&cfg)`.
func RegisterSpecs(cfg *conformance.Config, decorators ...any) bool {
	caps := &capsCache{}
	args := append([]any{Label("conformance")}, decorators...)
	args = append(args, func() {
		for _, c := range conformance.ServerChecks() {
			It(c.ID+": "+c.Title, Label(labels(c)...), func(ctx SpecContext) {
				found, err := caps.get(ctx, cfg.Target)
				if err != nil {
					Fail(fmt.Sprintf("the target cannot be used, so no check can judge it: %v", err))
				}
				timeout := cfg.Timeout
				if timeout <= 0 {
					timeout = conformance.DefaultTimeout
				}
				report(conformance.RunCheck(ctx, cfg.Target, found, c, timeout))
			})
		}
	})
	Describe("Runs API server conformance", args...)
	return true
}

// report turns a check's result into the spec's outcome.
func report(res conformance.Result) {
	switch kind, msg := outcome(res); kind {
	case outcomeSkip:
		Skip(msg)
	case outcomeWarn:
		AddReportEntry("warning: "+res.ID+" (SHOULD)", msg)
	case outcomeFail:
		Fail(msg)
	}
}

// outcomeKind is what a spec does with a check's result.
type outcomeKind int

const (
	outcomePass outcomeKind = iota
	outcomeSkip
	outcomeWarn
	outcomeFail
)

// outcome maps a result to what its spec does and the message it shows:
// the findings with their evidence, the skip reason, or the harness error.
func outcome(res conformance.Result) (outcomeKind, string) {
	switch res.Status {
	case conformance.StatusPass:
		return outcomePass, ""
	case conformance.StatusSkip:
		return outcomeSkip, res.Reason
	case conformance.StatusWarn:
		return outcomeWarn, findings(res)
	case conformance.StatusFail:
		return outcomeFail, fmt.Sprintf("%s (%s %s): %s\n%s", res.ID, res.Level, res.Section, res.Title, findings(res))
	}
	return outcomeFail, fmt.Sprintf("harness error, the check could not judge the target: %s", res.Reason)
}

func findings(res conformance.Result) string {
	var b strings.Builder
	for _, f := range res.Findings {
		b.WriteString("  - ")
		b.WriteString(f.String())
		b.WriteString("\n")
	}
	return b.String()
}

// labels are the Ginkgo labels of a check: its area (the id's first word),
// side, level and needed capabilities.
func labels(c conformance.Check) []string {
	area, _, _ := strings.Cut(c.ID, ".")
	out := []string{area, string(c.Side), strings.ToLower(string(c.Level))}
	for _, n := range c.Needs {
		out = append(out, string(n))
	}
	return out
}

// capsCache discovers a target's capabilities once, the first time a spec
// asks, and again only when the specs are pointed at another target.
type capsCache struct {
	mu      sync.Mutex
	baseURL string
	done    bool
	caps    map[conformance.Capability]bool
	err     error
}

func (c *capsCache) get(ctx context.Context, target conformance.Target) (map[conformance.Capability]bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done && c.baseURL == target.BaseURL {
		return c.caps, c.err
	}
	c.caps, c.err = conformance.Discover(ctx, target)
	if ctx.Err() == nil { // an interrupted discovery is tried again
		c.done, c.baseURL = true, target.BaseURL
	}
	return c.caps, c.err
}
