package cassette

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// startProxy serves a proxy in front of upstream and stops it with the test.
func startProxy(tb testing.TB, upstream string, opts ...ProxyOption) (*Proxy, *Server) {
	tb.Helper()
	p, err := NewProxy(upstream, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	s, err := Serve(p, "")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return p, s
}

// TestProxyPassesEventsAsTheyCome holds the upstream's second event back
// until the client has read the first through the proxy: a proxy that
// buffered the answer would never deliver the first.
func TestProxyPassesEventsAsTheyCome(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		io.WriteString(w, "event: thread.run.created\ndata: {\"id\":\"run_1\"}\n\n")
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-time.After(10 * time.Second):
		case <-r.Context().Done():
			return
		}
		io.WriteString(w, "event: done\ndata: [DONE]\n\n")
	}))
	defer upstream.Close()
	p, s := startProxy(t, upstream.URL+"/v1")

	res, err := http.Post(s.BaseURL()+"/threads/t/runs", "application/json", strings.NewReader(`{"stream":true}`))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	first := make(chan string, 1)
	br := bufio.NewReader(res.Body)
	go func() {
		var b strings.Builder
		for {
			line, err := br.ReadString('\n')
			b.WriteString(line)
			if err != nil || line == "\n" {
				first <- b.String()
				return
			}
		}
	}()
	select {
	case got := <-first:
		if got != "event: thread.run.created\ndata: {\"id\":\"run_1\"}\n\n" {
			t.Fatalf("first event: got %q", got)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the first event did not reach the client before the server sent the second: the proxy buffers")
	}
	close(release)
	rest, err := io.ReadAll(br)
	if err != nil {
		t.Fatal(err)
	}
	if string(rest) != "event: done\ndata: [DONE]\n\n" {
		t.Errorf("rest: got %q", rest)
	}
	res.Body.Close()
	s.Close()
	c, err := p.Cassette("x")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Interactions) != 1 {
		t.Fatalf("got %d interactions, want 1", len(c.Interactions))
	}
	it := c.Interactions[0]
	want := "event: thread.run.created\ndata: {\"id\":\"run_1\"}\n\nevent: done\ndata: [DONE]\n\n"
	if it.Response.Body != want || it.Request.Body != `{"stream":true}` || it.Request.URL != upstream.URL+"/v1/threads/t/runs" {
		t.Errorf("recorded %s %q -> %q", it.Request.URL, it.Request.Body, it.Response.Body)
	}
}

func TestProxyForwardsAndRecords(t *testing.T) {
	t.Parallel()
	var seen http.Header
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = r.Header.Clone()
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Set-Cookie", "__cf_bm=secretcookie")
		w.WriteHeader(http.StatusTeapot)
		io.WriteString(w, `{"path":"`+r.URL.RequestURI()+`"}`)
	}))
	defer upstream.Close()
	p, s := startProxy(t, upstream.URL+"/v1", WithRecordedOrigin("http://127.0.0.1:4010"), WithoutDurations(), WithRecordedHeader("Date", ""))
	req, _ := http.NewRequest(http.MethodGet, s.BaseURL()+"/threads/t/runs?limit=2&include%5B%5D=a", nil)
	req.Header.Set("Authorization", "Bearer sk-abcdefghijklmnop1234")
	req.Header.Set("Connection", "X-Hop")
	req.Header.Set("X-Hop", "1")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusTeapot || string(body) != `{"path":"/v1/threads/t/runs?limit=2&include%5B%5D=a"}` {
		t.Errorf("client got %d %s", res.StatusCode, body)
	}
	if seen.Get("X-Hop") != "" || seen.Get("Authorization") != "Bearer sk-abcdefghijklmnop1234" {
		t.Errorf("upstream saw X-Hop %q and Authorization %q; want the hop header dropped and the key forwarded", seen.Get("X-Hop"), seen.Get("Authorization"))
	}
	s.Close()
	c, err := p.Cassette("x")
	if err != nil {
		t.Fatal(err)
	}
	it := c.Interactions[0]
	if it.Request.URL != "http://127.0.0.1:4010/v1/threads/t/runs?limit=2&include%5B%5D=a" || it.Request.Host != "127.0.0.1:4010" {
		t.Errorf("recorded URL %q host %q, want them under the recorded origin", it.Request.URL, it.Request.Host)
	}
	if got := it.Request.Headers.Get("Authorization"); got != "Bearer "+Placeholder {
		t.Errorf("recorded Authorization %q", got)
	}
	if got := it.Response.Headers.Get("Set-Cookie"); got != Placeholder {
		t.Errorf("recorded Set-Cookie %q", got)
	}
	if it.Response.Headers.Get("Date") != "" || it.Response.Duration != 0 || it.Response.Code != http.StatusTeapot {
		t.Errorf("recorded Date %q, duration %v, code %d", it.Response.Headers.Get("Date"), it.Response.Duration, it.Response.Code)
	}
}

func TestProxyCaps(t *testing.T) {
	t.Parallel()
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		io.WriteString(w, strings.Repeat("x", 100))
	}))
	defer upstream.Close()
	p, s := startProxy(t, upstream.URL, WithMaxBodySize(50))

	res, err := http.Post(s.URL+"/big", "text/plain", strings.NewReader(strings.Repeat("y", 60)))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("request over the cap: got %d, want 413", res.StatusCode)
	}
	res, err = http.Get(s.URL + "/answer")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if len(body) != 100 {
		t.Errorf("an answer over the cap reached the client with %d bytes, want all 100", len(body))
	}
	s.Close()
	if p.Len() != 0 {
		t.Errorf("got %d recorded, want none over the cap", p.Len())
	}
	if _, err := p.Cassette("x"); !errors.Is(err, ErrBodyTooLarge) {
		t.Errorf("Cassette: got %v, want ErrBodyTooLarge", err)
	}

	p3, s3 := startProxy(t, upstream.URL, WithMaxRecorded(150))
	for range 2 {
		res, err := http.Get(s3.URL + "/n")
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
	}
	s3.Close()
	if _, err := p3.Cassette("x"); p3.Len() != 1 || !errors.Is(err, ErrRecordingFull) {
		t.Errorf("total cap: got %d recorded and %v, want 1 and ErrRecordingFull", p3.Len(), err)
	}

	p2, s2 := startProxy(t, upstream.URL, WithMaxInteractions(1))
	for i, want := range []int{http.StatusOK, http.StatusServiceUnavailable} {
		res, err := http.Get(s2.URL + "/n")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("request %d: got %d, want %d", i, res.StatusCode, want)
		}
	}
	s2.Close() // waits for the recording of the answered exchange
	if p2.Len() != 1 {
		t.Errorf("got %d recorded, want 1", p2.Len())
	}
}

func TestProxyUpstreamDown(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	var logs bytes.Buffer
	p, s := startProxy(t, "http://"+addr+"/v1", WithLogger(newTestLogger(&logs)))
	res, err := http.Get(s.BaseURL() + "/threads/t?key=sk-abcdefghijklmnop1234")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	var env struct {
		Error struct{ Message, Type string }
	}
	if res.StatusCode != http.StatusBadGateway || json.Unmarshal(body, &env) != nil || env.Error.Type != "proxy_error" {
		t.Errorf("got %d %s, want 502 with an error envelope", res.StatusCode, body)
	}
	s.Close()
	if p.Len() != 0 {
		t.Error("a request that got no answer was recorded")
	}
	if strings.Contains(logs.String(), "sk-abcdefghijklmnop1234") || !strings.Contains(logs.String(), "not forwarded") {
		t.Errorf("log %q: want the failure, scrubbed", logs.String())
	}
}

func TestProxyUpstreamBreaksOff(t *testing.T) {
	t.Parallel()
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		io.WriteString(w, "event: thread.run.created\ndata: {}\n\n")
		w.(http.Flusher).Flush()
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			conn.Close()
		}
	}))
	defer upstream.Close()
	p, s := startProxy(t, upstream.URL)
	res, err := http.Get(s.URL + "/stream")
	if err != nil {
		t.Fatal(err)
	}
	_, err = io.ReadAll(res.Body)
	res.Body.Close()
	if err == nil {
		t.Error("the client read a clean end; want the broken connection passed on")
	}
	s.Close()
	c, _ := p.Cassette("x")
	if len(c.Interactions) != 1 || c.Interactions[0].Response.Body != "event: thread.run.created\ndata: {}\n\n" {
		t.Errorf("want what arrived recorded, got %d interactions", len(c.Interactions))
	}
}

func TestProxyStreamIdle(t *testing.T) {
	t.Parallel()
	stop := make(chan struct{})
	defer close(stop)
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		w.WriteHeader(http.StatusOK)
		w.(http.Flusher).Flush()
		select { // stall
		case <-stop:
		case <-r.Context().Done():
		}
	}))
	defer upstream.Close()
	_, s := startProxy(t, upstream.URL, WithStreamIdle(200*time.Millisecond))
	hc := &http.Client{Timeout: 10 * time.Second}
	res, err := hc.Get(s.URL + "/stall")
	if err == nil {
		_, err = io.ReadAll(res.Body)
		res.Body.Close()
	}
	if err == nil {
		t.Error("the stalled answer ended cleanly; want it cut")
	}
	var timeout interface{ Timeout() bool }
	if errors.As(err, &timeout) && timeout.Timeout() {
		t.Fatal("the client timed out: the proxy never gave up on the stalled upstream")
	}
}

func TestNewProxyAndServeRefuse(t *testing.T) {
	t.Parallel()
	for _, u := range []string{"", "/v1", "ftp://x/v1", "http://"} {
		if _, err := NewProxy(u); err == nil {
			t.Errorf("NewProxy(%q): no error", u)
		}
	}
	if _, err := NewProxy("http://127.0.0.1:1", WithMaxBodySize(0)); err == nil {
		t.Error("a zero body cap: no error")
	}
	p, err := NewProxy("http://127.0.0.1:1")
	if err != nil {
		t.Fatal(err)
	}
	for _, addr := range []string{"0.0.0.0:0", "192.0.2.1:0", "nohost", "example.com:80"} {
		if s, err := Serve(p, addr); err == nil {
			s.Close()
			t.Errorf("Serve(%q): no error, want loopback only", addr)
		}
	}
}

func TestProxyMaxDuration(t *testing.T) {
	t.Parallel()
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		for i := 0; i < 1000; i++ { // an answer that would last 50 s
			if _, err := io.WriteString(w, "event: thread.message.delta\ndata: {}\n\n"); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-time.After(50 * time.Millisecond):
			case <-r.Context().Done():
				return
			}
		}
	}))
	defer upstream.Close()
	_, s := startProxy(t, upstream.URL, WithMaxDuration(300*time.Millisecond))
	hc := &http.Client{Timeout: 20 * time.Second}
	res, err := hc.Get(s.URL + "/endless")
	if err != nil {
		t.Fatal(err)
	}
	_, err = io.ReadAll(res.Body)
	res.Body.Close()
	var timeout interface{ Timeout() bool }
	if err == nil || (errors.As(err, &timeout) && timeout.Timeout()) {
		t.Errorf("got %v, want the proxy to cut the answer at its maximum duration", err)
	}
}
