package runs

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/fixtures"
	"github.com/runsuite/runsuite/sse"
)

// These tests pin the client's behaviour on failing and slow connections
// (issue 8 items 1-4, issue 9 item 7), over real loopback connections.

// waitBound bounds every wait of these tests: a hang fails instead of
// stalling the test binary.
const waitBound = 10 * time.Second

// connServer is a loopback test server that counts requests and the
// connections it accepted and saw closed.
type connServer struct {
	*httptest.Server
	calls  atomic.Int32
	opened atomic.Int32
	closed atomic.Int32
	quit   chan struct{} // closed when the test ends, releasing stalled handlers
}

// newConnServer starts h behind a counting server.
func newConnServer(t *testing.T, h http.HandlerFunc) *connServer {
	t.Helper()
	s := &connServer{quit: make(chan struct{})}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.calls.Add(1)
		_, _ = io.Copy(io.Discard, r.Body)
		h(w, r)
	}))
	s.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		switch st {
		case http.StateNew:
			s.opened.Add(1)
		case http.StateClosed, http.StateHijacked:
			s.closed.Add(1)
		}
	}
	s.Start()
	t.Cleanup(s.Close)
	t.Cleanup(func() { close(s.quit) }) // runs first: cleanups run last in, first out
	return s
}

// client returns a client of s over its own transport, so connection
// counts are not shared with other tests.
func (s *connServer) client(t *testing.T, opts ...Option) *Client {
	t.Helper()
	tr := &http.Transport{MaxIdleConnsPerHost: 4}
	t.Cleanup(tr.CloseIdleConnections)
	return NewClient(append([]Option{
		WithBaseURL(s.URL + "/v1"), WithAPIKey("sk-test"), WithHTTPClient(&http.Client{Transport: tr}),
		WithRetryDelay(time.Millisecond, 5*time.Millisecond),
	}, opts...)...)
}

// stall blocks a handler until its client goes away or the test ends.
func (s *connServer) stall(r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-s.quit:
	}
}

// startStream writes stream headers, then body, and flushes.
func startStream(w http.ResponseWriter, body string) {
	w.Header().Set("Content-Type", "text/event-stream")
	w.WriteHeader(http.StatusOK)
	io.WriteString(w, body)
	w.(http.Flusher).Flush()
}

// writeEvents answers a stream of the events in body, flushing each one as
// a live server does.
func writeEvents(w http.ResponseWriter, body []byte) {
	w.Header().Set("Content-Type", "text/event-stream")
	for ev := range bytes.SplitAfterSeq(body, []byte("\n\n")) {
		w.Write(ev)
		w.(http.Flusher).Flush()
	}
}

// eventText is the raw text of one event of the fixtures.
func eventText(t *testing.T, name contract.EventName) string {
	t.Helper()
	evs, err := fixtures.Events()
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range evs {
		if ev.Name == string(name) {
			return string(ev.Data)
		}
	}
	t.Fatalf("no fixture for event %s", name)
	return ""
}

// nextWithin calls st.Next in a goroutine and returns its result, failing
// the test if it does not return within waitBound.
func nextWithin(t *testing.T, st *Stream) bool {
	t.Helper()
	done := make(chan bool, 1)
	go func() { done <- st.Next() }()
	select {
	case ok := <-done:
		return ok
	case <-time.After(waitBound):
		t.Fatalf("Next did not return within %s", waitBound)
		return false
	}
}

// waitFor polls cond until it holds or waitBound passes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitBound)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestStreamNotResentAfterResponse: a connection that fails after a 2xx
// stream answer, before any event, is a final read error; the POST is not
// sent again (issue 8 item 1).
func TestStreamNotResentAfterResponse(t *testing.T) {
	t.Parallel()
	srv := newConnServer(t, func(w http.ResponseWriter, r *http.Request) {
		startStream(w, "")
		panic(http.ErrAbortHandler) // drop the connection without ending the body
	})
	st, err := srv.client(t, WithMaxRetries(2)).CreateStreamRaw(t.Context(), "thread_1", contract.RunCreateParams{AssistantID: "asst_1"})
	if err != nil {
		t.Fatalf("CreateStreamRaw: %v", err)
	}
	defer st.Close()
	if nextWithin(t, st) {
		t.Fatalf("Next: got event %s, want none", st.Current().Name)
	}
	var fe *StreamFormatError
	var re *sse.ReadError
	if !errors.As(st.Err(), &fe) || !errors.As(st.Err(), &re) || KindOf(st.Err()) != KindRead {
		t.Errorf("Err: got %v (kind %q), want a *StreamFormatError over *sse.ReadError, kind read", st.Err(), KindOf(st.Err()))
	}
	if got := srv.calls.Load(); got != 1 {
		t.Errorf("requests: got %d, want 1 (no re-send after a response arrived)", got)
	}
}

// TestStreamCloseWhileNextBlocked closes a stream from another goroutine
// while Next waits for data: Next returns, nothing is re-sent, the
// connection is closed and no goroutine is left behind (issue 8 item 2).
// It is not parallel: it counts the process's goroutines.
func TestStreamCloseWhileNextBlocked(t *testing.T) {
	for _, tc := range []struct {
		name  string
		first bool // the server sends one event before stalling
	}{{"before any event", false}, {"after one event", true}} {
		t.Run(tc.name, func(t *testing.T) {
			first := eventText(t, contract.EventThreadRunCreated)
			var released atomic.Int32
			srv := newConnServer(t, func(w http.ResponseWriter, r *http.Request) {
				body := ""
				if tc.first {
					body = first
				}
				startStream(w, body)
				select { // bounded, so a client that never closes fails the test instead of hanging the server
				case <-r.Context().Done(): // the client closed the connection
					released.Add(1)
				case <-time.After(30 * time.Second):
				}
			})
			c := srv.client(t, WithMaxRetries(2))
			baseline := runtime.NumGoroutine()

			st, err := c.CreateStreamRaw(t.Context(), "thread_1", contract.RunCreateParams{AssistantID: "asst_1"})
			if err != nil {
				t.Fatalf("CreateStreamRaw: %v", err)
			}
			if tc.first && !nextWithin(t, st) {
				t.Fatalf("first Next: %v", st.Err())
			}
			var wg sync.WaitGroup
			wg.Go(func() {
				time.Sleep(20 * time.Millisecond) // let Next block in a read
				if err := st.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			if nextWithin(t, st) {
				t.Fatalf("Next after Close: got event %s", st.Current().Name)
			}
			wg.Wait()
			if !errors.Is(st.Err(), ErrStreamClosed) {
				t.Errorf("Err: got %v, want ErrStreamClosed", st.Err())
			}
			if err := st.Close(); err != nil {
				t.Errorf("second Close: %v", err)
			}
			waitFor(t, "the server to see the connection closed", func() bool { return released.Load() == 1 && srv.closed.Load() == srv.opened.Load() })
			if got := srv.calls.Load(); got != 1 {
				t.Errorf("requests: got %d, want 1 (Close must not re-send)", got)
			}
			waitFor(t, fmt.Sprintf("goroutines to return to %d", baseline), func() bool { return runtime.NumGoroutine() <= baseline })
		})
	}
}

// TestStreamIdleTimeout: a stream that goes silent for the idle timeout
// ends with a *TimeoutError, without a re-send (issue 8 item 2).
func TestStreamIdleTimeout(t *testing.T) {
	t.Parallel()
	first := eventText(t, contract.EventThreadRunCreated)
	var srv *connServer
	srv = newConnServer(t, func(w http.ResponseWriter, r *http.Request) {
		startStream(w, first)
		srv.stall(r)
	})
	const idle = 50 * time.Millisecond
	st, err := srv.client(t, WithStreamIdleTimeout(idle)).CreateStreamRaw(t.Context(), "thread_1", contract.RunCreateParams{AssistantID: "asst_1"})
	if err != nil {
		t.Fatalf("CreateStreamRaw: %v", err)
	}
	defer st.Close()
	if !nextWithin(t, st) {
		t.Fatalf("first Next: %v", st.Err())
	}
	if nextWithin(t, st) {
		t.Fatalf("second Next: got event %s, want the idle timeout", st.Current().Name)
	}
	var te *TimeoutError
	if !errors.As(st.Err(), &te) || te.After != idle || KindOf(st.Err()) != KindTimeout {
		t.Errorf("Err: got %v (kind %q), want *TimeoutError after %s, kind timeout", st.Err(), KindOf(st.Err()), idle)
	}
	if got := srv.calls.Load(); got != 1 {
		t.Errorf("requests: got %d, want 1", got)
	}
}

// recordTimers makes c record every timer it starts.
func recordTimers(c *Client) func() []*time.Timer {
	var mu sync.Mutex
	var timers []*time.Timer
	c.cfg.afterFunc = func(d time.Duration, f func()) *time.Timer {
		t := time.AfterFunc(d, f)
		mu.Lock()
		timers = append(timers, t)
		mu.Unlock()
		return t
	}
	return func() []*time.Timer {
		mu.Lock()
		defer mu.Unlock()
		return timers
	}
}

// TestTimersStoppedWithBody: once a call returns or a stream is closed, no
// timer of the client is still pending (issue 8 item 3).
func TestTimersStoppedWithBody(t *testing.T) {
	t.Parallel()
	stream, err := fixtures.FS.ReadFile("runs/text_reply.sse")
	if err != nil {
		t.Fatal(err)
	}
	srv := newConnServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"id":"run_1","object":"thread.run","status":"queued","thread_id":"thread_1"}`)
			return
		}
		startStream(w, string(stream))
	})
	tests := []struct {
		name string
		call func(c *Client) error
	}{
		{"Retrieve", func(c *Client) error {
			_, err := c.Retrieve(t.Context(), "thread_1", "run_1")
			return err
		}},
		{"stream read to done", func(c *Client) error {
			st, err := c.CreateStreamRaw(t.Context(), "thread_1", contract.RunCreateParams{AssistantID: "asst_1"})
			if err != nil {
				return err
			}
			for st.Next() {
			}
			return st.Err()
		}},
		{"stream closed early", func(c *Client) error {
			st, err := c.CreateStreamRaw(t.Context(), "thread_1", contract.RunCreateParams{AssistantID: "asst_1"})
			if err != nil {
				return err
			}
			st.Next()
			return st.Close()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := srv.client(t, WithStreamIdleTimeout(time.Hour))
			timers := recordTimers(c)
			if err := tt.call(c); err != nil {
				t.Fatal(err)
			}
			if len(timers()) == 0 {
				t.Fatal("no timer was started: the hook is not in use")
			}
			for i, tm := range timers() {
				if tm.Stop() {
					t.Errorf("timer #%d was still pending after the body was closed", i)
				}
			}
		})
	}
}

// TestBodyReadTimeoutRetried: a timeout while reading a JSON body is a
// *TimeoutError and is retried like a timeout waiting for headers (issue
// 8 item 4).
func TestBodyReadTimeoutRetried(t *testing.T) {
	t.Parallel()
	const run = `{"id":"run_1","object":"thread.run","status":"queued","thread_id":"thread_1"}`
	for _, tt := range []struct {
		retries   int
		wantCalls int32
		wantErr   bool
	}{
		{retries: 2, wantCalls: 2},
		{retries: 0, wantCalls: 1, wantErr: true},
	} {
		t.Run(fmt.Sprintf("%d retries", tt.retries), func(t *testing.T) {
			t.Parallel()
			var srv *connServer
			srv = newConnServer(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				if r.Header.Get(headerRetryCount) != "0" { // a retry is answered in full
					io.WriteString(w, run)
					return
				}
				w.Header().Set("Content-Length", fmt.Sprint(len(run)))
				io.WriteString(w, run[:10]) // headers and part of the body, then silence
				w.(http.Flusher).Flush()
				srv.stall(r)
			})
			const timeout = 100 * time.Millisecond
			got, err := srv.client(t, WithTimeout(timeout), WithMaxRetries(tt.retries)).Retrieve(t.Context(), "thread_1", "run_1")
			if tt.wantErr {
				var te *TimeoutError
				if !errors.As(err, &te) || te.After != timeout || KindOf(err) != KindTimeout {
					t.Errorf("Retrieve: got %v (kind %q), want *TimeoutError after %s, kind timeout", err, KindOf(err), timeout)
				}
			} else if err != nil || got.ID != "run_1" {
				t.Errorf("Retrieve: got %+v, %v; want run_1 after a retry", got, err)
			}
			if n := srv.calls.Load(); n != tt.wantCalls {
				t.Errorf("requests: got %d, want %d", n, tt.wantCalls)
			}
		})
	}
}

// TestStreamConnectionReused: a stream read to done leaves its connection
// to the next request, so sequential streams dial once (issue 9 item 7).
func TestStreamConnectionReused(t *testing.T) {
	t.Parallel()
	for _, fixture := range []string{"runs/text_reply.sse", "runs/error_event.sse"} {
		t.Run(fixture, func(t *testing.T) {
			t.Parallel()
			stream, err := fixtures.FS.ReadFile(fixture)
			if err != nil {
				t.Fatal(err)
			}
			srv := newConnServer(t, func(w http.ResponseWriter, r *http.Request) {
				writeEvents(w, stream)
				// The end of the body follows the last event a little later,
				// as from a server that still has bookkeeping to do.
				time.Sleep(20 * time.Millisecond)
			})
			c := srv.client(t)
			const streams = 10
			for i := range streams {
				st, err := c.CreateStreamRaw(t.Context(), "thread_1", contract.RunCreateParams{AssistantID: "asst_1"})
				if err != nil {
					t.Fatalf("stream %d: %v", i, err)
				}
				for st.Next() {
				}
				var se *StreamError
				if err := st.Err(); err != nil && !errors.As(err, &se) {
					t.Fatalf("stream %d: %v", i, err)
				}
			}
			if got := srv.opened.Load(); got != 1 {
				t.Errorf("connections dialed for %d sequential streams: got %d, want 1", streams, got)
			}
		})
	}
}

// TestStreamDrainBounded: after done, a server that keeps the body open
// does not hold Next: the drain is bounded in time and the connection is
// closed instead of reused.
func TestStreamDrainBounded(t *testing.T) {
	t.Parallel()
	stream, err := fixtures.FS.ReadFile("runs/text_reply.sse")
	if err != nil {
		t.Fatal(err)
	}
	srv := newConnServer(t, func(w http.ResponseWriter, r *http.Request) {
		startStream(w, string(stream))
		select { // bounded: a handler that never returns would block the server's Close
		case <-r.Context().Done():
		case <-time.After(30 * time.Second):
		}
	})
	st, err := srv.client(t).CreateStreamRaw(t.Context(), "thread_1", contract.RunCreateParams{AssistantID: "asst_1"})
	if err != nil {
		t.Fatal(err)
	}
	for nextWithin(t, st) {
	}
	if err := st.Err(); err != nil {
		t.Errorf("Err: got %v, want nil after done", err)
	}
	waitFor(t, "the connection to be closed", func() bool { return srv.closed.Load() == 1 })
}
