package conformance

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/emulator"
)

// runKit runs f as the body of a server check against target and returns
// its result.
func runKit(t *testing.T, target Target, caps map[Capability]bool, f func(ctx context.Context, kt *T)) Result {
	t.Helper()
	c := Check{ID: "kit.test", Title: "kit", Side: SideServer, Section: "§0", Level: LevelMust, Run: f}
	return RunCheck(context.Background(), target, caps, c, 10*time.Second)
}

// echoServer serves h on a loopback port and returns a target for it.
func echoServer(t *testing.T, h http.HandlerFunc) Target {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return Target{BaseURL: srv.URL + "/v1/", APIKey: "sk-kit", HTTPClient: srv.Client()}
}

func TestSendSetsTheContractHeadersAndHonoursOverrides(t *testing.T) {
	t.Parallel()
	var got *http.Request
	var body string
	target := echoServer(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got, body = r, string(b)
		w.WriteHeader(http.StatusTeapot)
		io.WriteString(w, `{"ok":true}`) //nolint:errcheck // test server
	})
	var x exchange
	res := runKit(t, target, nil, func(ctx context.Context, kt *T) {
		x = send(ctx, kt, http.MethodPost, "/threads/t1/runs?limit=2", map[string]any{"a": 1}, http.Header{"OpenAI-Beta": {""}, "X-Extra": {"yes"}})
	})
	if res.Status != StatusPass {
		t.Fatalf("got %s (%s), want pass", res.Status, res.Reason)
	}
	for _, c := range []struct{ name, got, want string }{
		{"request line", x.Request, "POST /v1/threads/t1/runs?limit=2"},
		{"status", http.StatusText(x.Status), http.StatusText(http.StatusTeapot)},
		{"answer body", string(x.Body), `{"ok":true}`},
		{"sent body", body, `{"a":1}`},
		{"Authorization", got.Header.Get("Authorization"), "Bearer sk-kit"},
		{"Content-Type", got.Header.Get("Content-Type"), "application/json"},
		{"OpenAI-Beta removed", strings.Join(got.Header.Values("OpenAI-Beta"), ","), ""},
		{"X-Extra", got.Header.Get("X-Extra"), "yes"},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}
}

func TestSendWithoutBodySendsNoContentType(t *testing.T) {
	t.Parallel()
	var ct, beta string
	var n int64
	target := echoServer(t, func(w http.ResponseWriter, r *http.Request) {
		ct, beta, n = r.Header.Get("Content-Type"), r.Header.Get("OpenAI-Beta"), r.ContentLength
	})
	res := runKit(t, target, nil, func(ctx context.Context, kt *T) { send(ctx, kt, http.MethodGet, "threads", nil, nil) })
	if res.Status != StatusPass || ct != "" || beta != "assistants=v2" || n > 0 {
		t.Errorf("got %s, Content-Type %q, OpenAI-Beta %q, length %d; want pass, none, assistants=v2, 0", res.Status, ct, beta, n)
	}
}

func TestSendRawBytesAsIs(t *testing.T) {
	t.Parallel()
	var body string
	target := echoServer(t, func(_ http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		body = string(b)
	})
	runKit(t, target, nil, func(ctx context.Context, kt *T) { send(ctx, kt, http.MethodPost, "x", []byte(`{"a":`), nil) })
	if body != `{"a":` {
		t.Errorf("got body %q, want the raw bytes", body)
	}
}

func TestSendWithoutAnswerIsAHarnessError(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close() // nothing listens any more
	res := runKit(t, Target{BaseURL: srv.URL + "/v1"}, nil, func(ctx context.Context, kt *T) {
		send(ctx, kt, http.MethodGet, "threads", nil, nil)
	})
	if res.Status != StatusError || len(res.Findings) != 0 || !strings.Contains(res.Reason, "GET /v1/threads") {
		t.Errorf("got %s (%s) with %d findings, want error naming the request and no findings", res.Status, res.Reason, len(res.Findings))
	}
}

func TestSendBoundsTheAnswer(t *testing.T) {
	t.Parallel()
	target := echoServer(t, func(w http.ResponseWriter, _ *http.Request) {
		chunk := strings.Repeat("x", 1<<20)
		for range maxAnswerBody/len(chunk) + 2 {
			if _, err := io.WriteString(w, chunk); err != nil {
				return
			}
		}
	})
	res := runKit(t, target, nil, func(ctx context.Context, kt *T) { send(ctx, kt, http.MethodGet, "big", nil, nil) })
	if res.Status != StatusFail || len(res.Findings) != 1 || res.Findings[0].Message != "answer too large" {
		t.Errorf("got %s %v, want one finding answer too large", res.Status, res.Findings)
	}
}

func TestSetupRefusedNamesTheStep(t *testing.T) {
	t.Parallel()
	target := echoServer(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/assistants") {
			io.WriteString(w, `{"id":"asst_1","object":"assistant"}`) //nolint:errcheck // test server
			return
		}
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, `{"error":{"message":"no threads for you","type":"permission_error","param":null,"code":null}}`) //nolint:errcheck // test server
	})
	res := runKit(t, target, nil, func(ctx context.Context, kt *T) { setupThread(ctx, kt, "hi", nil) })
	if res.Status != StatusFail || len(res.Findings) != 1 {
		t.Fatalf("got %s %v, want one finding", res.Status, res.Findings)
	}
	f := res.Findings[0]
	if !strings.Contains(f.Message, "create a thread") || !strings.Contains(f.Message, "no threads for you") || f.Status != http.StatusForbidden || f.Request != "POST /v1/threads" {
		t.Errorf("got finding %q, want it to name the step, the message, the request and 403", f)
	}
}

func TestShapeRecordsOneFindingPerViolation(t *testing.T) {
	t.Parallel()
	target := echoServer(t, func(http.ResponseWriter, *http.Request) {})
	x := exchange{Request: "GET /v1/threads/t", Status: 200, Body: []byte(`{"id":"t","object":"thread","created_at":1,"tool_resources":null,"metadata":null}`)}
	res := runKit(t, target, nil, func(_ context.Context, kt *T) { shape(kt, "thread", x) })
	if len(res.Findings) != 1 {
		t.Fatalf("got %v, want one finding", res.Findings)
	}
	f := res.Findings[0]
	if f.Pointer != "/id" || f.Request != x.Request || f.Status != 200 || f.Expected == "" || f.Got == "" {
		t.Errorf("got %+v, want the /id violation with full evidence", f)
	}
}

func TestStreamedRunID(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ stream, want string }{
		{"event: thread.run.created\r\ndata: {\"id\":\"run_1\",\"object\":\"thread.run\"}\r\n\r\n", "run_1"},
		{"event: thread.created\ndata: {\"id\":\"thread_1\",\"object\":\"thread\"}\n\nevent: thread.run.created\ndata:{\"id\":\"run_2\",\"object\":\"thread.run\"}\n\n", "run_2"},
		{"event: done\ndata: [DONE]\n\n", ""},
		{"", ""},
	} {
		if got := streamedRunID([]byte(c.stream)); got != c.want {
			t.Errorf("streamedRunID(%q) got %q, want %q", c.stream, got, c.want)
		}
	}
}

func TestMayFollow(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		from, to string
		want     bool
	}{
		{"queued", "in_progress", true},
		{"queued", "completed", true},
		{"in_progress", "in_progress", true},
		{"in_progress", "queued", false},
		{"requires_action", "queued", true},
		{"cancelling", "in_progress", false},
		{"cancelling", "cancelled", true},
		{"completed", "in_progress", false},
		{"cancelled", "completed", false},
		{"expired", "expired", true},
	} {
		if got := mayFollow(contract.RunStatus(c.from), contract.RunStatus(c.to)); got != c.want {
			t.Errorf("mayFollow(%s, %s) got %t, want %t", c.from, c.to, got, c.want)
		}
	}
}

// TestServerChecksWithoutCapabilities runs the checks of this kit against
// the emulator declared with no optional capability: those that need one
// are skipped, the others pass by polling (no streaming, no tool calls);
// a cancel check may skip when its run ended first.
func TestServerChecksWithoutCapabilities(t *testing.T) {
	t.Parallel()
	target := startTarget(t, nil, emulator.WithPhaseDuration(20*time.Millisecond))
	cfg := NewConfig()
	cfg.Target = target
	var mine []Check
	for _, c := range ServerChecks() {
		for _, area := range []string{"runs.", "steps.", "errors.", "state."} {
			if strings.HasPrefix(c.ID, area) {
				mine = append(mine, c)
			}
		}
	}
	for i, r := range Run(context.Background(), cfg, map[Capability]bool{}, mine) {
		c := mine[i]
		switch {
		case len(c.Needs) > 0 && r.Status != StatusSkip:
			t.Errorf("%s needs %v: got %s, want skip", r.ID, c.Needs, r.Status)
		case r.Status == StatusSkip && strings.HasPrefix(r.ID, "runs.cancel.") && strings.Contains(r.Reason, "before it could be cancelled"):
			// a run may end within a 20 ms phase before the cancel reaches it
		case len(c.Needs) == 0 && r.Status != StatusPass:
			t.Errorf("%s: got %s (%s) without capabilities, want pass; findings: %v", r.ID, r.Status, r.Reason, r.Findings)
		}
	}
}

// TestFinishRunFallsBackToPolling breaks streaming (every streamed create
// answers a stream naming no run) and wants the checks that only use
// streaming to finish runs quickly to pass all the same.
func TestFinishRunFallsBackToPolling(t *testing.T) {
	t.Parallel()
	noRunIDs := rewrite(func(r *http.Request) bool {
		return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/runs") && r.Header.Get("Accept") == "text/event-stream"
	}, func(_ *http.Request, _ *int, _ http.Header, _ []byte) []byte {
		return []byte("event: done\ndata: [DONE]\n\n")
	})
	target := startTarget(t, noRunIDs)
	for _, id := range []string{"runs.update.shape", "state.ended-stays-ended", "runs.list.paging"} {
		c, ok := Lookup(id)
		if !ok {
			t.Fatalf("no check %s", id)
		}
		if r := RunCheck(context.Background(), target, allCaps(), c, 20*time.Second); r.Status != StatusPass {
			t.Errorf("%s with streams naming no run: got %s (%s) %v, want pass", id, r.Status, r.Reason, r.Findings)
		}
	}
}
