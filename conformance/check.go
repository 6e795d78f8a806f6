package conformance

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/runsuite/runsuite/contract"
)

// Side says which side of the wire a check judges.
type Side string

// The two sides.
const (
	// SideServer checks judge a server's answers to requests the harness sends.
	SideServer Side = "server"
	// SideClient rules judge the requests a client sends.
	SideClient Side = "client"
)

// Level says what a failed check means for the run.
type Level string

// The levels, in the sense of RFC 2119.
const (
	// LevelMust checks fail the run when they fail.
	LevelMust Level = "MUST"
	// LevelShould checks are reported as warnings when they fail.
	LevelShould Level = "SHOULD"
)

// Capability names an optional feature of a server that some checks need.
// A server without it gets those checks skipped, never failed.
type Capability string

// The optional features checks may need.
const (
	// CapStreaming is answering "stream": true with an event stream.
	CapStreaming Capability = "streaming"
	// CapToolCalls is stopping in requires_action for function tool calls
	// and resuming on submit_tool_outputs.
	CapToolCalls Capability = "tool_calls"
	// CapFileSearch is running file_search tool calls whose results can be
	// included with include[].
	CapFileSearch Capability = "file_search"
)

// Capabilities lists every Capability, in a fixed order.
func Capabilities() []Capability {
	return []Capability{CapStreaming, CapToolCalls, CapFileSearch}
}

// Check is one conformance rule as data.
type Check struct {
	// ID is stable across releases: area, then rule, as in
	// "runs.list.order-desc" or "client.header.beta".
	ID string
	// Title says in one line what the target must do.
	Title string
	// Side is the side of the wire the check judges.
	Side Side
	// Operations are the operations the check exercises or applies to.
	Operations []contract.OperationID
	// Needs are the capabilities the check needs; without them it is skipped.
	Needs []Capability
	// Section is the part of the contract the check enforces, e.g. "§4.1".
	Section string
	// Level says whether a failure fails the run or only warns.
	Level Level
	// Run executes a server check against the target held by t. It reports
	// through t; it must return when ctx is done.
	Run func(ctx context.Context, t *T)
	// Inspect judges one request a client sent and returns what is wrong
	// with it (nothing when it is fine). Client rules only; it must be safe
	// for concurrent use.
	Inspect func(r *Request) []Finding
}

// validate reports what is wrong with the check's own definition.
func (c *Check) validate() error {
	switch {
	case !checkIDPattern.MatchString(c.ID):
		return fmt.Errorf("check id %q: want lowercase dotted words such as \"stream.done-last\"", c.ID)
	case c.Title == "":
		return fmt.Errorf("check %s: no title", c.ID)
	case c.Level != LevelMust && c.Level != LevelShould:
		return fmt.Errorf("check %s: level %q", c.ID, c.Level)
	case !strings.HasPrefix(c.Section, "§"):
		return fmt.Errorf("check %s: section %q does not start with §", c.ID, c.Section)
	case c.Side == SideServer && (c.Run == nil || c.Inspect != nil):
		return fmt.Errorf("check %s: a server check has Run and no Inspect", c.ID)
	case c.Side == SideClient && (c.Inspect == nil || c.Run != nil):
		return fmt.Errorf("check %s: a client rule has Inspect and no Run", c.ID)
	case c.Side != SideServer && c.Side != SideClient:
		return fmt.Errorf("check %s: side %q", c.ID, c.Side)
	}
	return nil
}

var checkIDPattern = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9][a-z0-9_-]*)+$`)

// registry holds the catalogue; checks register themselves from package
// variables, so it is complete before any function of the package runs.
var registry struct {
	sync.Mutex
	byID map[string]Check
}

// register adds c to the catalogue and returns c; it panics on a malformed
// or duplicate check, which is a programming error caught by any test.
func register(c Check) Check {
	if err := c.validate(); err != nil {
		panic("conformance: " + err.Error())
	}
	registry.Lock()
	defer registry.Unlock()
	if registry.byID == nil {
		registry.byID = make(map[string]Check)
	}
	if _, dup := registry.byID[c.ID]; dup {
		panic("conformance: duplicate check id " + c.ID)
	}
	registry.byID[c.ID] = c
	return c
}

// Catalogue returns every check, sorted by side (server first) and id.
func Catalogue() []Check {
	registry.Lock()
	out := make([]Check, 0, len(registry.byID))
	for _, c := range registry.byID {
		out = append(out, c)
	}
	registry.Unlock()
	slices.SortFunc(out, func(a, b Check) int {
		if a.Side != b.Side {
			return strings.Compare(string(b.Side), string(a.Side)) // "server" before "client"
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out
}

// ServerChecks returns the server checks of the catalogue, sorted by id.
func ServerChecks() []Check { return bySide(SideServer) }

// ClientRules returns the client rules of the catalogue, sorted by id.
func ClientRules() []Check { return bySide(SideClient) }

func bySide(s Side) []Check {
	var out []Check
	for _, c := range Catalogue() {
		if c.Side == s {
			out = append(out, c)
		}
	}
	return out
}

// Lookup returns the check with the given id.
func Lookup(id string) (Check, bool) {
	registry.Lock()
	defer registry.Unlock()
	c, ok := registry.byID[id]
	return c, ok
}

// Select returns the checks whose ids match run (all when run is nil) and
// do not match skip (none when skip is nil), in their given order.
func Select(checks []Check, run, skip *regexp.Regexp) []Check {
	var out []Check
	for _, c := range checks {
		if run != nil && !run.MatchString(c.ID) {
			continue
		}
		if skip != nil && skip.MatchString(c.ID) {
			continue
		}
		out = append(out, c)
	}
	return out
}
