package conformance

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/runsuite/runsuite/emulator"
)

func TestDiscover(t *testing.T) {
	t.Parallel()
	refuseStreams := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/runs") && discBodyStreams(r) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusBadRequest)
				w.Write([]byte(`{"error":{"message":"Streaming is not supported.","type":"invalid_request_error","param":"stream","code":null}}`)) //nolint:errcheck // test server
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	noToolCalls := rewrite(route(http.MethodPost, "/runs"), func(_ *http.Request, status *int, _ http.Header, _ []byte) []byte {
		*status = http.StatusBadRequest
		return []byte(`{"error":{"message":"Tools are not supported.","type":"invalid_request_error","param":"tools","code":null}}`)
	})
	tests := []struct {
		name string
		wrap func(http.Handler) http.Handler
		want map[Capability]bool
	}{
		{"the emulator has everything", nil, allCaps()},
		{"streaming refused, tools found by polling", refuseStreams,
			map[Capability]bool{CapStreaming: false, CapToolCalls: true, CapFileSearch: true}},
		{"every run refused", noToolCalls,
			map[Capability]bool{CapStreaming: false, CapToolCalls: false, CapFileSearch: false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			target := startTarget(t, tt.wrap, emulator.WithPhaseDuration(time.Millisecond))
			got, err := Discover(t.Context(), target)
			if err != nil {
				t.Fatalf("Discover: %v", err)
			}
			for _, c := range Capabilities() {
				if got[c] != tt.want[c] {
					t.Errorf("%s: got %v, want %v", c, got[c], tt.want[c])
				}
			}
		})
	}
}

// discBodyStreams reports whether a request body asks for a stream, and
// leaves the body readable.
func discBodyStreams(r *http.Request) bool {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	return bytes.Contains(body, []byte(`"stream":true`))
}

func TestDiscoverStripsFileSearchWithoutContent(t *testing.T) {
	t.Parallel()
	strip := rewrite(route(http.MethodGet, "/steps"), func(_ *http.Request, _ *int, _ http.Header, body []byte) []byte {
		return []byte(strings.ReplaceAll(string(body), `"content"`, `"ignored"`))
	})
	got, err := Discover(t.Context(), startTarget(t, strip))
	if err != nil {
		t.Fatalf("Discover: %v", err)
	}
	if got[CapFileSearch] {
		t.Errorf("file_search: got true on a server whose steps never carry result content, want false")
	}
	if !got[CapStreaming] || !got[CapToolCalls] {
		t.Errorf("got %v, want streaming and tool_calls", got)
	}
}

func TestDiscoverTakesDeclaredCapabilities(t *testing.T) {
	t.Parallel()
	var runsCreated atomic.Int32
	target := startTarget(t, nil, emulator.WithHook(func(x emulator.Exchange) {
		if x.Method == http.MethodPost && strings.HasSuffix(x.Path, "/runs") {
			runsCreated.Add(1)
		}
	}))
	target.Capabilities = map[Capability]bool{CapToolCalls: true}
	got, err := Discover(t.Context(), target)
	if err != nil {
		t.Fatalf("Discover: %v", err)
	}
	want := map[Capability]bool{CapStreaming: false, CapToolCalls: true, CapFileSearch: false}
	for _, c := range Capabilities() {
		if v, ok := got[c]; !ok || v != want[c] {
			t.Errorf("%s: got %v (present %v), want %v", c, v, ok, want[c])
		}
	}
	if n := runsCreated.Load(); n != 0 {
		t.Errorf("declared capabilities: got %d runs created, want none", n)
	}
}

func TestDiscoverUnusableTargets(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedURL := "http://" + l.Addr().String() + "/v1"
	l.Close()
	notFound := func(http.Handler) http.Handler { return http.NotFoundHandler() }
	tests := []struct {
		name       string
		target     Target
		wantStatus int
	}{
		{"nothing listens", Target{BaseURL: closedURL}, 0},
		{"nothing listens, capabilities declared", Target{BaseURL: closedURL, Capabilities: allCaps()}, 0},
		{"every path is 404", startTarget(t, notFound), http.StatusNotFound},
		{"not a URL", Target{BaseURL: "http://[::1"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Discover(t.Context(), tt.target)
			var ue *UnreachableError
			if !errors.As(err, &ue) {
				t.Fatalf("got %v, want an *UnreachableError", err)
			}
			if ue.Status != tt.wantStatus {
				t.Errorf("status: got %d, want %d (%v)", ue.Status, tt.wantStatus, err)
			}
		})
	}
}

func TestDiscoverGivesUpOnATargetThatNeverAnswers(t *testing.T) {
	t.Parallel()
	// The handler also returns when the test ends: whether the server
	// notices the client leave is up to net/http, and a handler that never
	// returns would block the server's Close (and the whole test binary).
	stop := make(chan struct{})
	hang := func(http.Handler) http.Handler {
		return http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
			io.Copy(io.Discard, r.Body) //nolint:errcheck // read it all, so that the server notices the client leave
			select {
			case <-r.Context().Done():
			case <-stop:
			}
		})
	}
	target := startTarget(t, hang)
	t.Cleanup(func() { close(stop) }) // runs before startTarget's cleanup closes the server
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() { _, err := Discover(ctx, target); done <- err }()
	select {
	case err := <-done:
		var ue *UnreachableError
		if !errors.As(err, &ue) || !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("got %v, want an *UnreachableError wrapping the deadline", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Discover did not return after its deadline")
	}
}

func TestDiscoverStopsWithItsContext(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := Discover(ctx, startTarget(t, nil)); err == nil {
		t.Fatal("got no error from a cancelled discovery, want one")
	}
}

func TestVerify(t *testing.T) {
	t.Parallel()
	cfg := NewConfig()
	cfg.Target = startTarget(t, nil)
	checks := ServerChecks()[:3]
	report, err := Verify(t.Context(), cfg, checks, "twin")
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if report.Target != "twin" || report.Command != "verify" || report.Summary.Total != 3 || report.Verdict() != VerdictPass || len(report.Capabilities) != 3 || report.Duration <= 0 {
		t.Errorf("got %+v, want 3 passing results about twin with capabilities and a duration", report)
	}

	cfg.Target = Target{BaseURL: "http://127.0.0.1:1/v1"}
	var ue *UnreachableError
	if report, err := Verify(t.Context(), cfg, checks, "nothing"); report != nil || !errors.As(err, &ue) {
		t.Errorf("unreachable target: got %v, %v; want no report and an *UnreachableError", report, err)
	}
}
