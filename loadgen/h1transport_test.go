package loadgen

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// h1Wait bounds every wait of these tests; nothing here should come near it.
const h1Wait = 5 * time.Second

// errH1TestCause is the cause the tests cancel their contexts with.
var errH1TestCause = errors.New("h1 test: cancelled by the test")

// h1Dials is a dial func for newH1Transport that counts the connections
// it opens and refuses any address off loopback.
type h1Dials struct{ n atomic.Int64 }

func (d *h1Dials) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("h1 test: refusing to dial %q off loopback", addr)
	}
	d.n.Add(1)
	var nd net.Dialer
	return nd.DialContext(ctx, network, addr)
}

// newTestH1 returns a transport under test and its dial counter.
func newTestH1(headerTimeout, idleTimeout time.Duration, maxIdle int) (*h1Transport, *h1Dials) {
	d := &h1Dials{}
	return newH1Transport(d.dial, headerTimeout, idleTimeout, maxIdle), d
}

// h1Within runs f in a goroutine and fails the test when it does not
// return within h1Wait.
func h1Within[T any](t *testing.T, what string, f func() T) T {
	t.Helper()
	ch := make(chan T, 1)
	go func() { ch <- f() }()
	select {
	case v := <-ch:
		return v
	case <-time.After(h1Wait):
		t.Fatalf("%s: got no return within %v, want one", what, h1Wait)
		panic("unreachable")
	}
}

// h1Eventually polls cond until it holds, failing the test after h1Wait.
func h1Eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(h1Wait)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not so within %v", what, h1Wait)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// h1Recv waits for a value on ch within h1Wait.
func h1Recv[T any](t *testing.T, what string, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(h1Wait):
		t.Fatalf("%s: got nothing within %v", what, h1Wait)
		panic("unreachable")
	}
}

// h1Result is what RoundTrip returned.
type h1Result struct {
	res *http.Response
	err error
}

// h1RoundTrip calls tr.RoundTrip(req) under the bounded wait.
func h1RoundTrip(t *testing.T, tr *h1Transport, req *http.Request) (*http.Response, error) {
	t.Helper()
	r := h1Within(t, "RoundTrip "+req.URL.String(), func() h1Result {
		res, err := tr.RoundTrip(req)
		return h1Result{res, err}
	})
	return r.res, r.err
}

// h1Get sends a GET to url, reads the body to its end and closes it.
func h1Get(t *testing.T, tr *h1Transport, url string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := h1RoundTrip(t, tr, req)
	if err != nil {
		t.Fatalf("GET %s: got error %v, want none", url, err)
	}
	defer res.Body.Close()
	b, err := h1Within(t, "read body", func() h1Read {
		b, err := io.ReadAll(res.Body)
		return h1Read{b, err}
	}).unpack()
	if err != nil {
		t.Fatalf("GET %s: read body: got error %v, want none", url, err)
	}
	return res, string(b)
}

// h1Read is what a read of a body returned.
type h1Read struct {
	b   []byte
	err error
}

func (r h1Read) unpack() ([]byte, error) { return r.b, r.err }

// h1ConnStates counts the connections an httptest server opened and closed.
type h1ConnStates struct{ opened, closed atomic.Int64 }

// newH1Server starts an httptest server for h that counts its connections.
func newH1Server(t *testing.T, h http.HandlerFunc) (*httptest.Server, *h1ConnStates) {
	t.Helper()
	cs := &h1ConnStates{}
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		switch s {
		case http.StateNew:
			cs.opened.Add(1)
		case http.StateClosed, http.StateHijacked:
			cs.closed.Add(1)
		}
	}
	srv.Config.ReadTimeout = 10 * time.Second
	srv.Config.WriteTimeout = 10 * time.Second
	srv.Config.IdleTimeout = 10 * time.Second
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, cs
}

// h1RawServer is a loopback server that hands each connection, with its
// number from 0, to serve; it gives the test control of every byte.
type h1RawServer struct {
	url      string
	done     chan struct{} // closed when the test ends
	requests atomic.Int64  // requests read by readRequest
	accepted atomic.Int64
}

// newH1RawServer starts a raw server; everything stops when the test ends.
func newH1RawServer(t *testing.T, serve func(s *h1RawServer, i int, c net.Conn, br *bufio.Reader)) *h1RawServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &h1RawServer{url: "http://" + ln.Addr().String(), done: make(chan struct{})}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		conns []net.Conn
	)
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.SetDeadline(time.Now().Add(10 * time.Second)) //nolint:errcheck // bounds every server read and write
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			i := int(s.accepted.Add(1) - 1)
			wg.Go(func() {
				defer c.Close()
				serve(s, i, c, bufio.NewReader(c))
			})
		}
	})
	t.Cleanup(func() {
		close(s.done)
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return s
}

// readRequest reads one request and its whole body, counting it.
func (s *h1RawServer) readRequest(br *bufio.Reader) (*http.Request, []byte, error) {
	req, err := http.ReadRequest(br)
	if err != nil {
		return nil, nil, err
	}
	body, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, nil, err
	}
	s.requests.Add(1)
	return req, body, nil
}

// hold waits until the test ends or the client closes c.
func (s *h1RawServer) hold(c net.Conn) {
	go func() {
		<-s.done
		c.Close()
	}()
	io.Copy(io.Discard, c) //nolint:errcheck // waits for the close
}

// h1OK is a complete keep-alive answer with a 2-byte body.
const h1OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"

func TestH1ReusesConnectionAfterBodyEnd(t *testing.T) {
	big := strings.Repeat("0123456789abcdef", 1<<10) // 16 KiB, four read buffers
	tests := []struct {
		name    string
		body    string
		chunked bool
		handler http.HandlerFunc
		consume func(io.Reader) (string, error)
	}{
		{
			name: "content-length read to EOF",
			body: "hello",
			handler: func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Length", "5")
				io.WriteString(w, "hello")
			},
		},
		{
			name: "content-length larger than the read buffer",
			body: big,
			handler: func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Length", fmt.Sprint(len(big)))
				io.WriteString(w, big)
			},
		},
		{
			// The last bytes come with the end: a caller that reads exactly
			// the announced length and closes leaves the connection reusable.
			name: "content-length read exactly, then closed",
			body: "hello",
			handler: func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Length", "5")
				io.WriteString(w, "hello")
			},
			consume: func(r io.Reader) (string, error) {
				b := make([]byte, 5)
				_, err := io.ReadFull(r, b)
				return string(b), err
			},
		},
		{
			name:    "chunked read to EOF",
			body:    "hello",
			chunked: true,
			handler: func(w http.ResponseWriter, _ *http.Request) {
				io.WriteString(w, "hel")
				w.(http.Flusher).Flush()
				io.WriteString(w, "lo")
			},
		},
		{
			name:    "chunked larger than the read buffer",
			body:    big,
			chunked: true,
			handler: func(w http.ResponseWriter, _ *http.Request) {
				for i := 0; i < len(big); i += 5000 {
					io.WriteString(w, big[i:min(i+5000, len(big))])
					w.(http.Flusher).Flush()
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, cs := newH1Server(t, tt.handler)
			tr, dials := newTestH1(h1Wait, time.Minute, 4)
			for i := range 5 {
				req, _ := http.NewRequest(http.MethodGet, srv.URL+"/", nil)
				res, err := h1RoundTrip(t, tr, req)
				if err != nil {
					t.Fatalf("request %d: got error %v, want none", i, err)
				}
				if got := len(res.TransferEncoding) == 1 && res.TransferEncoding[0] == "chunked"; got != tt.chunked {
					t.Fatalf("request %d: got chunked %v (Content-Length %d), want %v", i, got, res.ContentLength, tt.chunked)
				}
				consume := tt.consume
				if consume == nil {
					consume = func(r io.Reader) (string, error) {
						b, err := io.ReadAll(r)
						return string(b), err
					}
				}
				body, err := consume(res.Body)
				res.Body.Close()
				if err != nil || body != tt.body {
					t.Fatalf("request %d: got body of %d bytes, error %v, want %d bytes", i, len(body), err, len(tt.body))
				}
			}
			if got := dials.n.Load(); got != 1 {
				t.Errorf("got %d dials for 5 sequential requests, want 1", got)
			}
			if got := cs.opened.Load(); got != 1 {
				t.Errorf("got %d connections at the server, want 1", got)
			}
		})
	}
}

// An answer without a body (204, Content-Length 0, HEAD) ends the
// exchange at once: closing it unread leaves the connection reusable, as
// in Go's transport.
func TestH1ReusesConnectionAfterAnswerWithoutBody(t *testing.T) {
	tests := []struct {
		name    string
		method  string
		handler http.HandlerFunc
	}{
		{"204", http.MethodGet, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) }},
		{"Content-Length 0", http.MethodGet, func(w http.ResponseWriter, _ *http.Request) { w.Header().Set("Content-Length", "0") }},
		{"HEAD", http.MethodHead, func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "not sent") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, _ := newH1Server(t, tt.handler)
			tr, dials := newTestH1(h1Wait, time.Minute, 4)
			for i := range 3 {
				req, _ := http.NewRequest(tt.method, srv.URL+"/", nil)
				res, err := h1RoundTrip(t, tr, req)
				if err != nil {
					t.Fatalf("request %d: got error %v, want none", i, err)
				}
				res.Body.Close() // unread
			}
			if got := dials.n.Load(); got != 1 {
				t.Errorf("got %d dials for 3 requests, want 1", got)
			}
		})
	}
}

func TestH1DoesNotReuseConnection(t *testing.T) {
	big := strings.Repeat("x", 64<<10)
	tests := []struct {
		name    string
		handler http.HandlerFunc
		prepare func(*http.Request)
		consume func(io.Reader)
	}{
		{
			name: "body closed before its end",
			handler: func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Length", fmt.Sprint(len(big)))
				io.WriteString(w, big)
			},
			consume: func(r io.Reader) { r.Read(make([]byte, 10)) },
		},
		{
			name: "small body closed unread",
			handler: func(w http.ResponseWriter, _ *http.Request) {
				io.WriteString(w, "hello")
			},
			consume: func(io.Reader) {},
		},
		{
			name: "answer with Connection: close",
			handler: func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Connection", "close")
				io.WriteString(w, "hello")
			},
			consume: func(r io.Reader) { io.Copy(io.Discard, r) },
		},
		{
			name:    "request with Close",
			handler: func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "hello") },
			prepare: func(r *http.Request) { r.Close = true },
			consume: func(r io.Reader) { io.Copy(io.Discard, r) },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, cs := newH1Server(t, tt.handler)
			tr, dials := newTestH1(h1Wait, time.Minute, 4)
			req, _ := http.NewRequest(http.MethodGet, srv.URL+"/", nil)
			if tt.prepare != nil {
				tt.prepare(req)
			}
			res, err := h1RoundTrip(t, tr, req)
			if err != nil {
				t.Fatalf("first request: got error %v, want none", err)
			}
			h1Within(t, "consume body", func() bool { tt.consume(res.Body); return true })
			res.Body.Close()
			h1Eventually(t, "server sees the first connection closed", func() bool { return cs.closed.Load() == 1 })
			if _, body := h1Get(t, tr, srv.URL+"/"); body == "" {
				t.Errorf("second request: got an empty body, want one")
			}
			if got := dials.n.Load(); got != 2 {
				t.Errorf("got %d dials, want 2", got)
			}
		})
	}
}

func TestH1ContextCancelInterrupts(t *testing.T) {
	arrived := make(chan string, 4)
	srv, cs := newH1Server(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/ok" {
			io.WriteString(w, "ok")
			return
		}
		if r.URL.Path == "/part" {
			io.WriteString(w, "part")
			w.(http.Flusher).Flush()
		}
		arrived <- r.URL.Path
		select { // stall until the client goes away
		case <-r.Context().Done():
		case <-time.After(h1Wait):
		}
	})
	for _, headerTimeout := range []time.Duration{0, h1Wait} {
		for _, phase := range []string{"headers", "body"} {
			t.Run(fmt.Sprintf("%s, header timeout %v", phase, headerTimeout), func(t *testing.T) {
				tr, dials := newTestH1(headerTimeout, time.Minute, 4)
				closedBefore := cs.closed.Load()
				ctx, cancel := context.WithCancelCause(context.Background())
				defer cancel(nil)
				path := "/hold"
				if phase == "body" {
					path = "/part"
				}
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+path, nil)
				var err error
				if phase == "headers" {
					ch := make(chan h1Result, 1)
					go func() {
						res, err := tr.RoundTrip(req)
						ch <- h1Result{res, err}
					}()
					h1Recv(t, "server gets the request", arrived)
					cancel(errH1TestCause)
					r := h1Recv(t, "RoundTrip after cancel", ch)
					if r.res != nil {
						r.res.Body.Close()
						t.Fatalf("got a %d response, want an error", r.res.StatusCode)
					}
					err = r.err
				} else {
					res, rerr := h1RoundTrip(t, tr, req)
					if rerr != nil {
						t.Fatalf("RoundTrip: got error %v, want none", rerr)
					}
					buf := make([]byte, 4)
					if _, rerr := io.ReadFull(res.Body, buf); rerr != nil || string(buf) != "part" {
						t.Fatalf("first part: got %q, %v, want %q", buf, rerr, "part")
					}
					h1Recv(t, "server stalls", arrived)
					ch := make(chan error, 1)
					go func() {
						_, err := res.Body.Read(make([]byte, 64))
						ch <- err
					}()
					cancel(errH1TestCause)
					err = h1Recv(t, "Read after cancel", ch)
					res.Body.Close()
				}
				if !errors.Is(err, errH1TestCause) {
					t.Errorf("got error %v, want one that is the context's cause %v", err, errH1TestCause)
				}
				h1Eventually(t, "server sees the connection closed", func() bool { return cs.closed.Load() > closedBefore })
				h1Get(t, tr, srv.URL+"/ok")
				if got := dials.n.Load(); got != 2 {
					t.Errorf("got %d dials, want 2: the interrupted connection is not reused", got)
				}
			})
		}
	}
}

func TestH1HeaderTimeout(t *testing.T) {
	// The server answers /ok and never answers anything else.
	srv := newH1RawServer(t, func(s *h1RawServer, _ int, c net.Conn, br *bufio.Reader) {
		for {
			req, _, err := s.readRequest(br)
			if err != nil {
				return
			}
			if req.URL.Path != "/ok" {
				s.hold(c)
				return
			}
			if _, err := io.WriteString(c, h1OK); err != nil {
				return
			}
		}
	})
	tr, dials := newTestH1(100*time.Millisecond, time.Minute, 4)
	// A timeout on a reused connection is not a stale connection: the
	// server is alive and may be working on the request, which is not
	// sent again. Dials and requests are counted from the start.
	for _, tt := range []struct {
		name         string
		warm         bool // a first answered request leaves the connection idle
		wantDials    int64
		wantRequests int64
	}{
		{name: "new connection", wantDials: 1, wantRequests: 1},
		{name: "reused connection", warm: true, wantDials: 2, wantRequests: 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.warm {
				h1Get(t, tr, srv.url+"/ok")
			}
			req, _ := http.NewRequest(http.MethodGet, srv.url+"/never", nil)
			res, err := h1RoundTrip(t, tr, req)
			if res != nil {
				res.Body.Close()
			}
			var ne net.Error
			if !errors.As(err, &ne) || !ne.Timeout() {
				t.Fatalf("got error %v, want a net.Error whose Timeout is true", err)
			}
			if !errors.Is(err, errH1HeaderTimeout) {
				t.Errorf("got error %v, want errH1HeaderTimeout", err)
			}
			if got := dials.n.Load(); got != tt.wantDials {
				t.Errorf("got %d dials so far, want %d", got, tt.wantDials)
			}
			if got := srv.requests.Load(); got != tt.wantRequests {
				t.Errorf("server read %d requests so far, want %d", got, tt.wantRequests)
			}
		})
	}
}

// h1StaleServer answers the first request of connection 0 with keep-alive,
// then fails it as stage says; every later connection reads one request,
// records its body and answers.
func h1StaleServer(t *testing.T, stage string, got chan<- []byte) *h1RawServer {
	return newH1RawServer(t, func(s *h1RawServer, i int, c net.Conn, br *bufio.Reader) {
		_, body, err := s.readRequest(br)
		if err != nil {
			return
		}
		if i > 0 {
			got <- body
			io.WriteString(c, h1OK)
			return
		}
		if _, err := io.WriteString(c, h1OK); err != nil {
			return
		}
		switch stage {
		case "closed after the first answer":
			// The client may see the FIN before it writes, or after.
		case "closed on the second request":
			s.readRequest(br) //nolint:errcheck // read, then left unanswered
		case "closed after part of the second answer":
			if _, _, err := s.readRequest(br); err == nil {
				io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Le")
			}
		case "closed after the second answer's headers":
			if _, _, err := s.readRequest(br); err == nil {
				io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nok")
			}
		}
	})
}

func TestH1StaleIdleConnection(t *testing.T) {
	payload := bytes.Repeat([]byte("body-"), 2000) // 10 KB, more than one write buffer
	tests := []struct {
		stage        string
		wantOK       bool
		wantDials    int64
		wantRequests int64 // requests the server read in all
	}{
		{stage: "closed after the first answer", wantOK: true, wantDials: 2, wantRequests: 2},
		{stage: "closed on the second request", wantOK: true, wantDials: 2, wantRequests: 3},
		{stage: "closed after part of the second answer", wantOK: false, wantDials: 1, wantRequests: 2},
	}
	for _, tt := range tests {
		t.Run(tt.stage, func(t *testing.T) {
			got := make(chan []byte, 2)
			srv := h1StaleServer(t, tt.stage, got)
			tr, dials := newTestH1(h1Wait, time.Minute, 4)
			h1Get(t, tr, srv.url+"/first")
			req, err := http.NewRequest(http.MethodPost, srv.url+"/second", bytes.NewReader(payload))
			if err != nil {
				t.Fatal(err)
			}
			body := req.Body
			res, err := h1RoundTrip(t, tr, req)
			if req.Body != body {
				t.Errorf("the caller's request got another body, want it unchanged (a resend works on a copy)")
			}
			if tt.wantOK {
				if err != nil {
					t.Fatalf("POST: got error %v, want none", err)
				}
				b, err := io.ReadAll(res.Body)
				res.Body.Close()
				if err != nil || string(b) != "ok" {
					t.Errorf("POST: got body %q, %v, want %q", b, err, "ok")
				}
				if body := h1Recv(t, "body at the new connection", got); !bytes.Equal(body, payload) {
					t.Errorf("server got a body of %d bytes on the new connection, want the %d sent", len(body), len(payload))
				}
			} else {
				if err == nil {
					res.Body.Close()
					t.Fatalf("POST: got status %d, want an error", res.StatusCode)
				}
			}
			if got := dials.n.Load(); got != tt.wantDials {
				t.Errorf("got %d dials, want %d", got, tt.wantDials)
			}
			// The server's count settles once the client is done with it.
			h1Eventually(t, "server request count settles", func() bool { return srv.requests.Load() >= tt.wantRequests })
			if got := srv.requests.Load(); got != tt.wantRequests {
				t.Errorf("server read %d requests, want %d", got, tt.wantRequests)
			}
		})
	}
}

func TestH1BodyTruncatedAfterHeadersIsNotResent(t *testing.T) {
	got := make(chan []byte, 2)
	srv := h1StaleServer(t, "closed after the second answer's headers", got)
	tr, dials := newTestH1(h1Wait, time.Minute, 4)
	h1Get(t, tr, srv.url+"/first")
	req, _ := http.NewRequest(http.MethodPost, srv.url+"/second", strings.NewReader("payload"))
	res, err := h1RoundTrip(t, tr, req)
	if err != nil {
		t.Fatalf("POST: got error %v, want the headers", err)
	}
	_, err = h1Within(t, "read truncated body", func() h1Read {
		b, err := io.ReadAll(res.Body)
		return h1Read{b, err}
	}).unpack()
	res.Body.Close()
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("read body: got error %v, want io.ErrUnexpectedEOF", err)
	}
	if got := srv.requests.Load(); got != 2 {
		t.Errorf("server read %d requests, want 2", got)
	}
	if got := dials.n.Load(); got != 1 {
		t.Errorf("got %d dials, want 1", got)
	}
}

// h1OpaqueBody is a request body http.NewRequest cannot rewind.
type h1OpaqueBody struct{ io.Reader }

func TestH1UnrewindableBodyIsNotResent(t *testing.T) {
	got := make(chan []byte, 2)
	srv := h1StaleServer(t, "closed on the second request", got)
	tr, dials := newTestH1(h1Wait, time.Minute, 4)
	h1Get(t, tr, srv.url+"/first")
	req, _ := http.NewRequest(http.MethodPost, srv.url+"/second", h1OpaqueBody{strings.NewReader("payload")})
	if req.GetBody != nil {
		t.Fatal("the body can be rewound; the test needs one that cannot")
	}
	res, err := h1RoundTrip(t, tr, req)
	if err == nil {
		res.Body.Close()
		t.Fatalf("POST: got status %d, want an error", res.StatusCode)
	}
	if got := dials.n.Load(); got != 1 {
		t.Errorf("got %d dials, want 1", got)
	}
	if got := srv.requests.Load(); got != 2 {
		t.Errorf("server read %d requests, want 2", got)
	}
}

func TestH1InformationalAnswers(t *testing.T) {
	tests := []struct {
		informational int
		wantErr       bool
	}{
		{informational: 1},
		{informational: 7},
		{informational: h1MaxInformational},
		{informational: h1MaxInformational + 1, wantErr: true},
		{informational: 100, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.informational), func(t *testing.T) {
			srv := newH1RawServer(t, func(s *h1RawServer, _ int, c net.Conn, br *bufio.Reader) {
				if _, _, err := s.readRequest(br); err != nil {
					return
				}
				var b strings.Builder
				for i := range tt.informational {
					if i%2 == 0 {
						b.WriteString("HTTP/1.1 100 Continue\r\n\r\n")
					} else {
						b.WriteString("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n")
					}
				}
				b.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfinal")
				if _, err := io.WriteString(c, b.String()); err != nil {
					return
				}
				s.hold(c)
			})
			tr, _ := newTestH1(h1Wait, time.Minute, 4)
			req, _ := http.NewRequest(http.MethodGet, srv.url+"/", nil)
			res, err := h1RoundTrip(t, tr, req)
			if tt.wantErr {
				if err == nil {
					res.Body.Close()
					t.Fatalf("got status %d, want an error", res.StatusCode)
				}
				if !errors.Is(err, errH1TooManyInformational) {
					t.Errorf("got error %v, want errH1TooManyInformational", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("got error %v, want the final answer", err)
			}
			b, err := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK || string(b) != "final" || err != nil {
				t.Errorf("got %d %q %v, want 200 %q", res.StatusCode, b, err, "final")
			}
		})
	}
}

// h1CloseRecorder is a request body that records its Close.
type h1CloseRecorder struct {
	io.Reader
	closed atomic.Bool
}

func (b *h1CloseRecorder) Close() error {
	b.closed.Store(true)
	return nil
}

func TestH1RefusesOtherSchemes(t *testing.T) {
	for _, url := range []string{"https://127.0.0.1:1/threads/runs", "ftp://127.0.0.1:1/x"} {
		t.Run(url, func(t *testing.T) {
			tr, dials := newTestH1(h1Wait, time.Minute, 4)
			body := &h1CloseRecorder{Reader: strings.NewReader("{}")}
			req, err := http.NewRequest(http.MethodPost, url, body)
			if err != nil {
				t.Fatal(err)
			}
			res, err := tr.RoundTrip(req)
			if res != nil {
				res.Body.Close()
			}
			if !errors.Is(err, errH1Scheme) {
				t.Errorf("got error %v, want errH1Scheme", err)
			}
			if !body.closed.Load() {
				t.Errorf("got the request body open, want it closed")
			}
			if got := dials.n.Load(); got != 0 {
				t.Errorf("got %d dials, want 0", got)
			}
		})
	}
}

func TestH1CloseIdleConnections(t *testing.T) {
	leaks := goleak.IgnoreCurrent()
	release := make(chan struct{})
	arrived := make(chan struct{}, 2)
	srv, cs := newH1Server(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/held" {
			arrived <- struct{}{}
			select {
			case <-release:
			case <-time.After(h1Wait):
			}
		}
		io.WriteString(w, "ok")
	})
	tr, dials := newTestH1(h1Wait, time.Minute, 4)
	key := hostPort(strings.TrimPrefix(srv.URL, "http://"))
	idle := func() int {
		tr.mu.Lock()
		defer tr.mu.Unlock()
		return len(tr.idle[key])
	}

	// Two held requests on two connections; one ends and goes idle.
	type held struct {
		res  *http.Response
		body string
		err  error
	}
	results := make(chan held, 2)
	for range 2 {
		go func() {
			req, _ := http.NewRequest(http.MethodGet, srv.URL+"/held", nil)
			res, err := tr.RoundTrip(req)
			if err != nil {
				results <- held{err: err}
				return
			}
			results <- held{res: res}
		}()
	}
	h1Recv(t, "first held request", arrived)
	h1Recv(t, "second held request", arrived)
	close(release)
	first := h1Recv(t, "first answer", results)
	second := h1Recv(t, "second answer", results)
	if first.err != nil || second.err != nil {
		t.Fatalf("got errors %v, %v, want none", first.err, second.err)
	}
	io.Copy(io.Discard, first.res.Body)
	first.res.Body.Close()
	if got := idle(); got != 1 {
		t.Fatalf("got %d idle connections, want 1", got)
	}

	tr.CloseIdleConnections()
	if got := idle(); got != 0 {
		t.Errorf("after CloseIdleConnections: got %d idle connections, want 0", got)
	}
	h1Eventually(t, "server sees the idle connection closed", func() bool { return cs.closed.Load() == 1 })

	// The connection in use when the pool was emptied is closed when its
	// answer ends, not pooled.
	io.Copy(io.Discard, second.res.Body)
	second.res.Body.Close()
	if got := idle(); got != 0 {
		t.Errorf("after the in-flight answer ended: got %d idle connections, want 0", got)
	}
	h1Eventually(t, "server sees the in-flight connection closed", func() bool { return cs.closed.Load() == 2 })

	// A connection dialled after the call is pooled again.
	h1Get(t, tr, srv.URL+"/")
	if got := idle(); got != 1 {
		t.Errorf("after a new request: got %d idle connections, want 1", got)
	}
	if got := dials.n.Load(); got != 3 {
		t.Errorf("got %d dials, want 3", got)
	}
	tr.CloseIdleConnections()
	srv.Close()
	goleak.VerifyNone(t, leaks)
}

func TestH1PeerOpen(t *testing.T) {
	switch runtime.GOOS {
	case "windows", "plan9", "js", "wasip1":
		t.Skip("no non-blocking peek on", runtime.GOOS)
	}
	tests := []struct {
		name string
		peer func(net.Conn)
		want bool
	}{
		{name: "open and quiet", peer: func(net.Conn) {}, want: true},
		{name: "closed by the peer", peer: func(c net.Conn) { c.Close() }, want: false},
		{name: "bytes nobody asked for", peer: func(c net.Conn) { c.Write([]byte("x")) }, want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client, server := h1ConnPair(t)
			tt.peer(server)
			if tt.want {
				if got := peerOpen(client); !got {
					t.Errorf("peerOpen: got false, want true")
				}
				return
			}
			// The FIN or the byte arrives a moment after it was sent.
			h1Eventually(t, "peerOpen false", func() bool { return !peerOpen(client) })
			// A peek consumes nothing: what arrived is still there.
			if tt.name == "bytes nobody asked for" {
				client.SetReadDeadline(time.Now().Add(h1Wait))
				b := make([]byte, 1)
				if n, err := client.Read(b); n != 1 || b[0] != 'x' {
					t.Errorf("read after peek: got %q, %v, want %q", b[:n], err, "x")
				}
			}
		})
	}
	t.Run("conn without a file descriptor", func(t *testing.T) {
		a, b := net.Pipe()
		defer a.Close()
		defer b.Close()
		if !peerOpen(a) {
			t.Errorf("peerOpen on net.Pipe: got false, want true")
		}
	})
}

func TestH1AwaitReadable(t *testing.T) {
	switch runtime.GOOS {
	case "windows", "plan9", "js", "wasip1":
		t.Skip("no non-blocking peek on", runtime.GOOS)
	}
	t.Run("bytes arrive", func(t *testing.T) {
		client, server := h1ConnPair(t)
		client.SetReadDeadline(time.Now().Add(h1Wait))
		ch := make(chan error, 1)
		go func() { ch <- awaitReadable(client) }()
		if _, err := server.Write([]byte("HTTP")); err != nil {
			t.Fatal(err)
		}
		if err := h1Recv(t, "awaitReadable", ch); err != nil {
			t.Fatalf("got error %v, want none", err)
		}
		b := make([]byte, 4)
		if _, err := io.ReadFull(client, b); err != nil || string(b) != "HTTP" {
			t.Errorf("read after awaitReadable: got %q, %v, want %q", b, err, "HTTP")
		}
	})
	t.Run("read deadline passes", func(t *testing.T) {
		client, _ := h1ConnPair(t)
		client.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
		err := h1Within(t, "awaitReadable", func() error { return awaitReadable(client) })
		if !isTimeout(err) {
			t.Errorf("got error %v, want a timeout", err)
		}
	})
	t.Run("peer closes", func(t *testing.T) {
		client, server := h1ConnPair(t)
		client.SetReadDeadline(time.Now().Add(h1Wait))
		server.Close()
		if err := h1Within(t, "awaitReadable", func() error { return awaitReadable(client) }); err != nil {
			t.Errorf("got error %v, want none: the end is readable", err)
		}
	})
}

// h1ConnPair returns both ends of a loopback TCP connection.
func h1ConnPair(t *testing.T) (client, server net.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			close(accepted)
			return
		}
		accepted <- c
	}()
	client, err = net.DialTimeout("tcp", ln.Addr().String(), h1Wait)
	if err != nil {
		t.Fatal(err)
	}
	server = h1Recv(t, "accept", accepted)
	if server == nil {
		t.Fatal("accept failed")
	}
	t.Cleanup(func() {
		client.Close()
		server.Close()
	})
	return client, server
}

func TestH1IdleTimeout(t *testing.T) {
	tests := []struct {
		idleTimeout time.Duration
		wantDials   int64
	}{
		{idleTimeout: time.Minute, wantDials: 1},
		{idleTimeout: time.Millisecond, wantDials: 2},
	}
	for _, tt := range tests {
		t.Run(tt.idleTimeout.String(), func(t *testing.T) {
			srv, cs := newH1Server(t, func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok") })
			tr, dials := newTestH1(h1Wait, tt.idleTimeout, 4)
			h1Get(t, tr, srv.URL+"/")
			time.Sleep(5 * time.Millisecond) // ages the pooled connection past the short timeout
			h1Get(t, tr, srv.URL+"/")
			if got := dials.n.Load(); got != tt.wantDials {
				t.Errorf("got %d dials, want %d", got, tt.wantDials)
			}
			if tt.wantDials == 2 {
				h1Eventually(t, "server sees the old connection closed", func() bool { return cs.closed.Load() == 1 })
			}
		})
	}
}

func TestH1Concurrent(t *testing.T) {
	const workers, perWorker = 50, 20
	srv, _ := newH1Server(t, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, r.URL.Query().Get("n"))
	})
	tr, dials := newTestH1(h1Wait, time.Minute, workers+16)
	var wg sync.WaitGroup
	errs := make(chan error, workers*perWorker)
	for w := range workers {
		wg.Go(func() {
			for i := range perWorker {
				n := fmt.Sprintf("%d-%d", w, i)
				ctx, cancel := context.WithTimeout(context.Background(), h1Wait)
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/?n="+n, nil)
				res, err := tr.RoundTrip(req)
				if err != nil {
					cancel()
					errs <- fmt.Errorf("request %s: %w", n, err)
					continue
				}
				b, err := io.ReadAll(res.Body)
				res.Body.Close()
				cancel()
				if err != nil || string(b) != n {
					errs <- fmt.Errorf("request %s: got body %q, %v, want %q", n, b, err, n)
				}
			}
		})
	}
	h1Within(t, "all workers", func() bool { wg.Wait(); return true })
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := dials.n.Load(); got > workers+5 {
		t.Errorf("got %d dials for %d workers, want at most %d", got, workers, workers+5)
	}
}

// h1SafeRead reads once from r, turning a panic into an error.
func h1SafeRead(r io.Reader, p []byte) (n int, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("read panicked: %v", v)
		}
	}()
	return r.Read(p)
}

func TestH1BodyReadAfterItsEnd(t *testing.T) {
	arrived := make(chan struct{}, 8)
	srv, _ := newH1Server(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/ok" {
			io.WriteString(w, "ok")
			return
		}
		io.WriteString(w, "part")
		w.(http.Flusher).Flush()
		arrived <- struct{}{}
		select { // stall until the client goes away
		case <-r.Context().Done():
		case <-time.After(h1Wait):
		}
	})
	tests := []struct {
		name string
		path string
		// end ends the body after its first 4 bytes were read and returns
		// the error the read that ended it returned (nil for Close).
		end     func(t *testing.T, body io.ReadCloser, cancel context.CancelCauseFunc) error
		wantErr error // of a Read after the end
		idle    int   // connections pooled after the end
	}{
		{
			name: "after EOF",
			path: "/ok",
			end: func(t *testing.T, body io.ReadCloser, _ context.CancelCauseFunc) error {
				_, err := io.ReadAll(body)
				return err
			},
			wantErr: io.EOF,
			idle:    1,
		},
		{
			name: "after Close",
			path: "/part",
			end: func(t *testing.T, body io.ReadCloser, _ context.CancelCauseFunc) error {
				return body.Close()
			},
			wantErr: http.ErrBodyReadAfterClose,
		},
		{
			name: "after a read the context interrupted",
			path: "/part",
			end: func(t *testing.T, body io.ReadCloser, cancel context.CancelCauseFunc) error {
				cancel(errH1TestCause)
				_, err := h1SafeRead(body, make([]byte, 8))
				if !errors.Is(err, errH1TestCause) {
					t.Errorf("interrupted read: got error %v, want the context's cause", err)
				}
				return nil
			},
			wantErr: errH1TestCause,
		},
		{
			name: "after a Close from another goroutine during a blocked Read",
			path: "/part",
			end: func(t *testing.T, body io.ReadCloser, _ context.CancelCauseFunc) error {
				ch := make(chan error, 1)
				go func() {
					_, err := h1SafeRead(body, make([]byte, 8))
					ch <- err
				}()
				h1Recv(t, "server stalls", arrived)
				time.Sleep(10 * time.Millisecond) // lets the Read block; correctness does not depend on it
				body.Close()
				if err := h1Recv(t, "blocked Read after Close", ch); err == nil || strings.Contains(err.Error(), "panicked") {
					t.Errorf("blocked Read: got error %v, want an error and no panic", err)
				}
				return nil
			},
			wantErr: http.ErrBodyReadAfterClose,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, _ := newTestH1(h1Wait, time.Minute, 4)
			ctx, cancel := context.WithCancelCause(context.Background())
			defer cancel(nil)
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+tt.path, nil)
			res, err := h1RoundTrip(t, tr, req)
			if err != nil {
				t.Fatalf("RoundTrip: got error %v, want none", err)
			}
			defer res.Body.Close()
			if tt.path == "/part" {
				if _, err := io.ReadFull(res.Body, make([]byte, 4)); err != nil {
					t.Fatalf("first part: got error %v, want none", err)
				}
			}
			if err := tt.end(t, res.Body, cancel); err != nil {
				t.Fatalf("ending the body: got error %v, want none", err)
			}
			for i := range 2 {
				_, err := h1Within(t, "Read after the end", func() h1Read {
					n, err := h1SafeRead(res.Body, make([]byte, 8))
					return h1Read{make([]byte, n), err}
				}).unpack()
				if !errors.Is(err, tt.wantErr) {
					t.Errorf("Read %d after the end: got error %v, want %v", i, err, tt.wantErr)
				}
			}
			tr.mu.Lock()
			idle := 0
			for _, list := range tr.idle {
				idle += len(list)
			}
			tr.mu.Unlock()
			if idle != tt.idle {
				t.Errorf("got %d pooled connections, want %d", idle, tt.idle)
			}
			// The transport still works, with the buffers it pooled.
			if _, body := h1Get(t, tr, srv.URL+"/ok"); body != "ok" {
				t.Errorf("next request: got body %q, want %q", body, "ok")
			}
		})
	}
}

func TestH1HostPort(t *testing.T) {
	tests := []struct{ host, want string }{
		{"127.0.0.1:8080", "127.0.0.1:8080"},
		{"127.0.0.1", "127.0.0.1:80"},
		{"localhost", "localhost:80"},
		{"[::1]:8080", "[::1]:8080"},
		{"[::1]", "[::1]:80"},
		{"127.0.0.1:", "127.0.0.1:80"},
		{"[::1]:", "[::1]:80"},
	}
	for _, tt := range tests {
		if got := hostPort(tt.host); got != tt.want {
			t.Errorf("hostPort(%q): got %q, want %q", tt.host, got, tt.want)
		}
	}
}

func TestH1CloseIsHonouredWhenTheServerKeepsTheConnection(t *testing.T) {
	// The raw server answers every request on its connection and never
	// closes it: only the client's reading of the exchange keeps the
	// connection out of the pool.
	tests := []struct {
		name    string
		answer  string
		prepare func(*http.Request)
	}{
		{name: "answer with Connection: close", answer: "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok"},
		{name: "HTTP/1.0 answer", answer: "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"},
		{name: "request with Close", answer: h1OK, prepare: func(r *http.Request) { r.Close = true }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newH1RawServer(t, func(s *h1RawServer, _ int, c net.Conn, br *bufio.Reader) {
				for {
					if _, _, err := s.readRequest(br); err != nil {
						return
					}
					if _, err := io.WriteString(c, tt.answer); err != nil {
						return
					}
				}
			})
			tr, dials := newTestH1(h1Wait, time.Minute, 4)
			for i := range 2 {
				req, _ := http.NewRequest(http.MethodGet, srv.url+"/", nil)
				if tt.prepare != nil {
					tt.prepare(req)
				}
				res, err := h1RoundTrip(t, tr, req)
				if err != nil {
					t.Fatalf("request %d: got error %v, want none", i, err)
				}
				b, err := io.ReadAll(res.Body)
				res.Body.Close()
				if err != nil || string(b) != "ok" {
					t.Fatalf("request %d: got body %q, %v, want %q", i, b, err, "ok")
				}
			}
			if got := dials.n.Load(); got != 2 {
				t.Errorf("got %d dials for 2 requests, want 2", got)
			}
		})
	}
}

func TestH1BytesAfterTheAnswerRetireTheConnection(t *testing.T) {
	// Every answer carries bytes nobody asked for right after its body.
	srv := newH1RawServer(t, func(s *h1RawServer, _ int, c net.Conn, br *bufio.Reader) {
		for {
			if _, _, err := s.readRequest(br); err != nil {
				return
			}
			if _, err := io.WriteString(c, h1OK+"HTTP/1.1 200 OK\r\n"); err != nil {
				return
			}
		}
	})
	tr, dials := newTestH1(h1Wait, time.Minute, 4)
	for i := range 2 {
		if _, body := h1Get(t, tr, srv.url+"/"); body != "ok" {
			t.Fatalf("request %d: got body %q, want %q", i, body, "ok")
		}
	}
	if got := dials.n.Load(); got != 2 {
		t.Errorf("got %d dials for 2 requests, want 2", got)
	}
}

func TestH1ClosedIdleConnectionIsSkipped(t *testing.T) {
	// The server closes its connection after the first answer. Once the
	// end has reached the client, a request whose body cannot be sent
	// again still succeeds: the closed connection is never written to.
	srv := newH1RawServer(t, func(s *h1RawServer, i int, c net.Conn, br *bufio.Reader) {
		if _, _, err := s.readRequest(br); err != nil {
			return
		}
		io.WriteString(c, h1OK)
	})
	tr, dials := newTestH1(h1Wait, time.Minute, 4)
	h1Get(t, tr, srv.url+"/first")
	tr.mu.Lock()
	var pooled net.Conn
	for _, list := range tr.idle {
		if len(list) == 1 {
			pooled = list[0].Conn
		}
	}
	tr.mu.Unlock()
	if pooled == nil {
		t.Fatal("got no pooled connection after the first answer, want one")
	}
	h1Eventually(t, "the server's close reaches the client", func() bool { return !peerOpen(pooled) })
	req, _ := http.NewRequest(http.MethodPost, srv.url+"/second", h1OpaqueBody{strings.NewReader("payload")})
	res, err := h1RoundTrip(t, tr, req)
	if err != nil {
		t.Fatalf("POST: got error %v, want none", err)
	}
	res.Body.Close()
	if got := dials.n.Load(); got != 2 {
		t.Errorf("got %d dials, want 2", got)
	}
	if got := srv.requests.Load(); got != 2 {
		t.Errorf("server read %d requests, want 2", got)
	}
}

func TestH1ResendGoesOnANewConnection(t *testing.T) {
	// Two kept connections are in the pool, and the server drops each
	// unanswered at its second request, as a server closing idle
	// connections does. The one resend must not take the other stale
	// connection: it goes on a new one.
	var firsts atomic.Int64
	both := make(chan struct{})
	got := make(chan []byte, 4)
	srv := newH1RawServer(t, func(s *h1RawServer, i int, c net.Conn, br *bufio.Reader) {
		_, body, err := s.readRequest(br)
		if err != nil {
			return
		}
		if i >= 2 {
			got <- body
			io.WriteString(c, h1OK)
			return
		}
		if firsts.Add(1) == 2 {
			close(both)
		}
		select { // both first requests are in flight, so two connections are dialled
		case <-both:
		case <-s.done:
			return
		}
		if _, err := io.WriteString(c, h1OK); err != nil {
			return
		}
		s.readRequest(br) //nolint:errcheck // read, then left unanswered
	})
	tr, dials := newTestH1(h1Wait, time.Minute, 4)
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			req, _ := http.NewRequest(http.MethodGet, srv.url+"/first", nil)
			res, err := tr.RoundTrip(req)
			if err != nil {
				t.Errorf("first request: got error %v, want none", err)
				return
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
		})
	}
	h1Within(t, "two first requests", func() bool { wg.Wait(); return true })
	if t.Failed() {
		t.FailNow()
	}
	payload := []byte(`{"assistant_id":"asst_1","stream":true}`)
	req, _ := http.NewRequest(http.MethodPost, srv.url+"/second", bytes.NewReader(payload))
	res, err := h1RoundTrip(t, tr, req)
	if err != nil {
		t.Fatalf("POST: got error %v, want none", err)
	}
	res.Body.Close()
	if body := h1Recv(t, "body at the new connection", got); !bytes.Equal(body, payload) {
		t.Errorf("server got body %q on the new connection, want %q", body, payload)
	}
	if got := dials.n.Load(); got != 3 {
		t.Errorf("got %d dials, want 3", got)
	}
	if got := srv.requests.Load(); got != 4 {
		t.Errorf("server read %d requests, want 4: two firsts, one dropped, one answered", got)
	}
}

func TestH1HeadersAreBounded(t *testing.T) {
	// The server sends a header line that never ends (8 MiB of it, then
	// it closes); the client gives up after a bounded read, not at the end.
	srv := newH1RawServer(t, func(s *h1RawServer, _ int, c net.Conn, br *bufio.Reader) {
		if _, _, err := s.readRequest(br); err != nil {
			return
		}
		if _, err := io.WriteString(c, "HTTP/1.1 200 OK\r\nX-Endless: "); err != nil {
			return
		}
		line := bytes.Repeat([]byte("a"), 64<<10)
		for range 128 {
			if _, err := c.Write(line); err != nil {
				return
			}
		}
	})
	tr, _ := newTestH1(h1Wait, time.Minute, 4)
	req, _ := http.NewRequest(http.MethodGet, srv.url+"/", nil)
	res, err := h1RoundTrip(t, tr, req)
	if err == nil {
		res.Body.Close()
		t.Fatalf("got status %d, want an error", res.StatusCode)
	}
	if !errors.Is(err, errH1HeaderTooLarge) {
		t.Errorf("got error %v, want errH1HeaderTooLarge", err)
	}
}
