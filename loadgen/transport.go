package loadgen

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync/atomic"
	"time"
)

// probe collects what the transport sees of one run's requests: when the
// first response's headers arrived, its status, and the bytes read from
// every response body.
type probe struct {
	headers time.Time // first response headers
	status  int       // status of the latest response
	bytes   atomic.Int64
	global  *atomic.Int64 // the attack's byte counter, for the live series
}

type probeKey struct{}

// withProbe returns ctx carrying p for the transport.
func withProbe(ctx context.Context, p *probe) context.Context {
	return context.WithValue(ctx, probeKey{}, p)
}

// probeTransport wraps a RoundTripper to fill the request's probe.
type probeTransport struct {
	base http.RoundTripper
}

// RoundTrip sends req and records the arrival of the response headers and
// every byte of the body in the request's probe.
func (t probeTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	res, err := t.base.RoundTrip(req)
	p, _ := req.Context().Value(probeKey{}).(*probe)
	if err != nil || p == nil {
		return res, err
	}
	if p.headers.IsZero() {
		p.headers = time.Now()
	}
	p.status = res.StatusCode
	res.Body = &countingBody{ReadCloser: res.Body, p: p}
	return res, nil
}

// countingBody counts the bytes read from a response body.
type countingBody struct {
	io.ReadCloser
	p *probe
}

// Read reads from the body and counts the bytes in the run's probe and the
// attack's live counter.
func (b *countingBody) Read(buf []byte) (int, error) {
	n, err := b.ReadCloser.Read(buf)
	if n > 0 {
		b.p.bytes.Add(int64(n))
		if b.p.global != nil {
			b.p.global.Add(int64(n))
		}
	}
	return n, err
}

// idleConnTimeout is how long a connection waits in the pool. It is below
// the 10s header deadline of the emulator (and of many Go servers), which
// a server applies from accept to a connection that has not carried a
// request yet: the transport parks such connections in its pool when the
// request they were dialled for took another one, and under load one in
// about 20,000 runs picked one up just as the server closed it.
const idleConnTimeout = 5 * time.Second

// loadTransport is the transport of one client kind.
type loadTransport interface {
	http.RoundTripper
	CloseIdleConnections()
}

// newTransport returns the transport of one client kind for a target at
// baseURL: keep-alive connections for up to workers streams, dials and
// response headers within timeout, no compression (event streams are read
// as sent), and a dialer that counts the connections it opens. A
// plain-http target gets the generator's own HTTP/1.1 transport, which
// holds no goroutine and no buffer per idle connection; an https one Go's.
func newTransport(baseURL string, workers int, timeout time.Duration, dials *atomic.Int64) loadTransport {
	// A busy server's listen queue overflows when thousands of streams
	// start at once, and the kernel retries the connection after 1, 3, 7,
	// 15 and 31 s: a dial may take as long as the run it is part of.
	d := &net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second}
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		dials.Add(1)
		return d.DialContext(ctx, network, addr)
	}
	if u, err := url.Parse(baseURL); err == nil && u.Scheme == "http" {
		return newH1Transport(dial, timeout, idleConnTimeout, workers+16)
	}
	return &http.Transport{
		DialContext:         dial,
		MaxIdleConns:        workers + 16,
		MaxIdleConnsPerHost: workers + 16,
		// The client retires an idle connection before the server does,
		// so that a request is not written on a connection the server is
		// closing (it would fail with EOF, and a POST is not replayed).
		IdleConnTimeout:       idleConnTimeout,
		ResponseHeaderTimeout: timeout,
		DisableCompression:    true,
		ForceAttemptHTTP2:     false,
		// Requests are small (headers and a short JSON body); a small write
		// buffer saves memory per connection when 10,000 streams are open.
		WriteBufferSize: 2 << 10,
	}
}
