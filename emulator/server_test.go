package emulator

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/runs"
	"github.com/runsuite/runsuite/sse"
)

func TestServerShape(t *testing.T) {
	t.Parallel()
	s := NewUnstartedServer()
	if s.URL != "" {
		t.Errorf("unstarted URL: got %q, want empty", s.URL)
	}
	s.Start()
	s.Start() // a second Start does nothing
	if !regexp.MustCompile(`^http://127\.0\.0\.1:\d+$`).MatchString(s.URL) {
		t.Errorf("URL: got %q, want http://127.0.0.1:PORT", s.URL)
	}
	if s.BaseURL() != s.URL+"/v1" {
		t.Errorf("BaseURL: got %q", s.BaseURL())
	}
	c := newClient(t, s)
	c.mustThread("hi")
	s.Close()
	s.Close() // idempotent
	if _, err := s.Client().Get(s.URL + "/v1/threads"); err == nil {
		t.Error("request after Close succeeded")
	}
}

func TestHandlerMountsElsewhere(t *testing.T) {
	t.Parallel()
	emu := NewUnstartedServer()
	mux := http.NewServeMux()
	mux.Handle("/emu/", http.StripPrefix("/emu", emu.Handler()))
	hs := httptest.NewServer(mux)
	defer hs.Close()
	req, err := http.NewRequest("POST", hs.URL+"/emu/v1/threads", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set(contract.BetaHeader, contract.BetaValue)
	resp, err := hs.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("mounted handler: status %d, want 200", resp.StatusCode)
	}
}

// streamEvents reads a stream in the background; it sends on first after
// the first event and the whole result on done.
type streamResult struct {
	events []contract.Event
	err    error
}

func streamInBackground(t *testing.T, c *apiClient, path string, b body) (first <-chan struct{}, done <-chan streamResult) {
	t.Helper()
	req, err := http.NewRequest("POST", c.s.BaseURL()+path, bodyReader(t, b))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = c.header.Clone()
	firstCh, doneCh := make(chan struct{}), make(chan streamResult, 1)
	go func() {
		resp, err := c.s.Client().Do(req)
		if err != nil {
			close(firstCh)
			doneCh <- streamResult{err: err}
			return
		}
		defer resp.Body.Close()
		er := runs.NewEventReader(resp.Body)
		var res streamResult
		for er.Next() {
			if len(res.events) == 0 {
				close(firstCh)
			}
			res.events = append(res.events, er.Event())
		}
		if len(res.events) == 0 {
			close(firstCh)
		}
		res.err = er.Err()
		doneCh <- res
	}()
	return firstCh, doneCh
}

func TestCloseWaitsForPausedStream(t *testing.T) {
	t.Parallel()
	const pause = 20 * time.Millisecond
	s := newTestServer(t, WithStreamShape(StreamShape{Deltas: 4, Pause: pause}))
	c := newClient(t, s)
	a := c.mustAssistant()
	th := c.mustThread("hi")
	first, done := streamInBackground(t, c, "/threads/"+th.ID+"/runs", body{"assistant_id": a.ID, "stream": true})
	<-first
	start := time.Now()
	s.Close()
	elapsed := time.Since(start)
	res := <-done
	if res.err != nil {
		t.Fatalf("stream: %v", res.err)
	}
	if got := res.events[len(res.events)-1].Name; got != contract.EventDone {
		t.Errorf("last event: got %s, want done", got)
	}
	if min := time.Duration(len(res.events)-3) * pause; elapsed < min {
		t.Errorf("Close returned after %v, before the stream could end (%v)", elapsed, min)
	}
}

func TestCloseClientConnectionsCutsPausedStream(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithStreamShape(StreamShape{Pause: time.Hour}))
	c := newClient(t, s)
	a := c.mustAssistant()
	th := c.mustThread("hi")
	first, done := streamInBackground(t, c, "/threads/"+th.ID+"/runs", body{"assistant_id": a.ID, "stream": true})
	<-first
	s.CloseClientConnections()
	select {
	case res := <-done:
		var readErr *sse.ReadError
		if !errors.As(res.err, &readErr) {
			t.Errorf("got %v after %d events, want a read error", res.err, len(res.events))
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the stream was not cut")
	}
	start := time.Now()
	s.Close()
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Close took %v after the connections were cut", d)
	}
}

func TestHookSeesEveryExchange(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var got []Exchange
	s := newTestServer(t, WithHook(func(x Exchange) {
		mu.Lock()
		got = append(got, x)
		mu.Unlock()
	}), WithStreamShape(StreamShape{Deltas: 2}))
	c := newClient(t, s)
	a := c.mustAssistant()
	th := c.mustThread("hi")
	c.fail("GET", "/threads/nope?x=1", nil, 404)
	c.stream("/threads/"+th.ID+"/runs?"+includeEncodings["ruby"], body{"assistant_id": a.ID, "stream": true})
	c.streamErr("/threads/"+th.ID+"/runs", body{"assistant_id": a.ID, "stream": true, "metadata": body{MetadataOutcome: "drop_connection"}}) //nolint:errcheck // the cut is the point
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 5 {
		t.Fatalf("hook saw %d exchanges, want 5", len(got))
	}
	nf := got[2]
	if nf.Method != "GET" || nf.Path != "/v1/threads/nope" || nf.RawQuery != "x=1" || nf.Status != 404 ||
		!strings.Contains(string(nf.ResponseBody), "No thread found") || nf.RequestHeader.Get(contract.BetaHeader) != contract.BetaValue {
		t.Errorf("404 exchange: got %+v", nf)
	}
	st := got[3]
	if st.Status != 200 || st.ResponseHeader.Get("Content-Type") != "text/event-stream" ||
		!strings.HasSuffix(string(st.ResponseBody), "event: done\ndata: [DONE]\n\n") ||
		!strings.Contains(string(st.RequestBody), `"stream":true`) || !strings.HasPrefix(st.RawQuery, "include%5B%5D=") {
		t.Errorf("stream exchange: status %d, query %q, request %s, response ends %q", st.Status, st.RawQuery, st.RequestBody, tail(st.ResponseBody))
	}
	if dropped := got[4]; dropped.Status != 200 || strings.Contains(string(dropped.ResponseBody), "[DONE]") {
		t.Errorf("dropped stream exchange: status %d, ends %q", dropped.Status, tail(dropped.ResponseBody))
	}
}

func tail(b []byte) string { return string(b[max(0, len(b)-40):]) }

// TestConcurrentStreams runs 500 streamed runs at once and checks that
// each stream only carries events of its own run, then that Close leaves
// no goroutine behind. It is not parallel: goleak looks at the whole
// process.
func TestConcurrentStreams(t *testing.T) {
	ignore := goleak.IgnoreCurrent()
	const n = 500
	s := NewServer(WithStreamShape(StreamShape{Deltas: 4}))
	c := newClient(t, s)
	a := c.mustAssistant(weatherTool, body{"type": "code_interpreter"})
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- oneIsolatedStream(c, a.ID, i)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	s.Close()
	if n := s.panics.Load(); n != 0 {
		t.Errorf("%d requests panicked", n)
	}
	goleak.VerifyNone(t, ignore)
}

// oneIsolatedStream streams a run on a new thread and checks that every
// event is about that run.
func oneIsolatedStream(c *apiClient, asst string, i int) error {
	msg := []string{"hello", "get_current_weather now", "code_interpreter please"}[i%3]
	req, err := http.NewRequest("POST", c.s.BaseURL()+"/threads/runs", bodyReader(c.tb, body{"assistant_id": asst, "stream": true,
		"thread": body{"messages": []any{body{"role": "user", "content": msg}}}}))
	if err != nil {
		return err
	}
	req.Header = c.header.Clone()
	resp, err := c.s.Client().Do(req)
	if err != nil {
		return fmt.Errorf("stream %d: %w", i, err)
	}
	defer resp.Body.Close()
	er := runs.NewEventReader(resp.Body)
	var threadID, runID string
	owned := map[string]bool{} // steps and messages of this run
	for er.Next() {
		e := er.Event()
		var thread, run string
		switch {
		case e.Thread != nil:
			threadID = e.Thread.ID
			continue
		case e.Run != nil:
			thread, run = e.Run.ThreadID, e.Run.ID
			if runID == "" {
				runID = run
			}
		case e.Step != nil:
			thread, run = e.Step.ThreadID, e.Step.RunID
			owned[e.Step.ID] = true
		case e.Message != nil:
			thread, run = e.Message.ThreadID, *e.Message.RunID
			owned[e.Message.ID] = true
		case e.StepDelta != nil, e.MessageDelta != nil:
			if !owned[e.ID()] {
				return fmt.Errorf("stream %d: delta of %s, which this stream never created", i, e.ID())
			}
			continue
		default:
			continue
		}
		if thread != threadID || run != runID {
			return fmt.Errorf("stream %d (thread %s, run %s): %s event of thread %s, run %s", i, threadID, runID, e.Name, thread, run)
		}
	}
	if err := er.Err(); err != nil {
		return fmt.Errorf("stream %d: %w", i, err)
	}
	return nil
}
