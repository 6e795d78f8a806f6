package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/runsuite/runsuite/emulator"
)

// A broken twin is the emulator behind a handler wrapper that breaks exactly
// one rule. Every server check must fail on its twin (and pass on the plain
// emulator), which proves the check can fail at all.
type brokenTwin struct {
	wrap func(next http.Handler) http.Handler
	opts []emulator.Option
}

// twins holds the broken twin of each server check, by check id.
var twins = map[string]brokenTwin{}

// twin registers the broken twin of the server check id. Call it from a
// package-level var in a _test file: var _ = twin("stream.done-last", ...).
func twin(id string, wrap func(next http.Handler) http.Handler, opts ...emulator.Option) bool {
	if _, dup := twins[id]; dup {
		panic("duplicate broken twin for " + id)
	}
	twins[id] = brokenTwin{wrap: wrap, opts: opts}
	return true
}

// allCaps declares every capability, as the emulator has them all.
func allCaps() map[Capability]bool {
	caps := make(map[Capability]bool)
	for _, c := range Capabilities() {
		caps[c] = true
	}
	return caps
}

// startTarget serves the emulator (built with opts) behind wrap on a
// loopback port for the duration of the test.
func startTarget(tb testing.TB, wrap func(http.Handler) http.Handler, opts ...emulator.Option) Target {
	tb.Helper()
	emu := emulator.NewUnstartedServer(opts...)
	h := emu.Handler()
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	tb.Cleanup(func() {
		srv.CloseClientConnections()
		srv.Close()
		emu.Close()
	})
	return Target{BaseURL: srv.URL + "/v1", APIKey: "sk-test-twin", HTTPClient: srv.Client()}
}

func TestServerChecksPassOnTheEmulator(t *testing.T) {
	t.Parallel()
	target := startTarget(t, nil)
	cfg := NewConfig()
	cfg.Target = target
	for _, r := range Run(context.Background(), cfg, allCaps(), ServerChecks()) {
		if r.Status != StatusPass {
			t.Errorf("%s: got %s (%s) on the emulator, want pass; findings: %v", r.ID, r.Status, r.Reason, r.Findings)
		}
	}
}

func TestEveryServerCheckFailsOnItsBrokenTwin(t *testing.T) {
	t.Parallel()
	for _, c := range ServerChecks() {
		t.Run(c.ID, func(t *testing.T) {
			t.Parallel()
			tw, ok := twins[c.ID]
			if !ok {
				t.Fatalf("server check %s has no broken twin: register one with twin(%q, ...)", c.ID, c.ID)
			}
			target := startTarget(t, tw.wrap, tw.opts...)
			r := RunCheck(context.Background(), target, allCaps(), c, 20*time.Second)
			want := StatusFail
			if c.Level == LevelShould {
				want = StatusWarn
			}
			if r.Status != want || len(r.Findings) == 0 {
				t.Fatalf("on its broken twin %s got %s (%s) with %d findings, want %s with findings", c.ID, r.Status, r.Reason, len(r.Findings), want)
			}
		})
	}
}

func TestEveryBrokenTwinHasItsCheck(t *testing.T) {
	t.Parallel()
	for id := range twins {
		if c, ok := Lookup(id); !ok || c.Side != SideServer {
			t.Errorf("broken twin %q names no server check", id)
		}
	}
}

func TestTheCatalogueIsWellFormed(t *testing.T) {
	t.Parallel()
	if n := len(ServerChecks()); n < 50 {
		t.Errorf("got %d server checks, want at least 50", n)
	}
	for _, c := range Catalogue() {
		if err := c.validate(); err != nil {
			t.Error(err)
		}
	}
}

// captured is a response a wrapper holds back to change before sending.
type captured struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (c *captured) Header() http.Header         { return c.header }
func (c *captured) Write(p []byte) (int, error) { return c.body.Write(p) }
func (c *captured) WriteHeader(status int) {
	if c.status == 0 {
		c.status = status
	}
}
func (c *captured) Flush() {}

// rewrite returns a wrapper that serves requests matching match through
// next, then hands the whole response to edit before sending it; other
// requests pass untouched. edit may change the header, status and body.
// Streams are held back whole, which suits tests, not timing.
func rewrite(match func(r *http.Request) bool, edit func(r *http.Request, status *int, h http.Header, body []byte) []byte) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !match(r) {
				next.ServeHTTP(w, r)
				return
			}
			c := &captured{header: make(http.Header)}
			next.ServeHTTP(c, r)
			if c.status == 0 {
				c.status = http.StatusOK
			}
			body := edit(r, &c.status, c.header, c.body.Bytes())
			for k, v := range c.header {
				w.Header()[k] = v
			}
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			w.WriteHeader(c.status)
			w.Write(body) //nolint:errcheck // the client may be gone
		})
	}
}

// editJSON returns an edit for rewrite that decodes a JSON object body,
// lets f change it, and encodes it again; a body that is not a JSON object
// passes unchanged.
func editJSON(f func(r *http.Request, obj map[string]any)) func(*http.Request, *int, http.Header, []byte) []byte {
	return func(r *http.Request, _ *int, _ http.Header, body []byte) []byte {
		var obj map[string]any
		if json.Unmarshal(body, &obj) != nil {
			return body
		}
		f(r, obj)
		out, err := json.Marshal(obj)
		if err != nil {
			return body
		}
		return out
	}
}

// route matches requests by method and a path suffix pattern such as
// "/runs" or "/cancel"; an empty method matches any.
func route(method, suffix string) func(r *http.Request) bool {
	return func(r *http.Request) bool {
		if method != "" && r.Method != method {
			return false
		}
		p := r.URL.Path
		return len(p) >= len(suffix) && p[len(p)-len(suffix):] == suffix
	}
}
