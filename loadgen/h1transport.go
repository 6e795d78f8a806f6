package loadgen

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// h1Transport is the load generator's HTTP/1.1 transport for plain-http
// targets. Go's http.Transport runs two goroutines and holds a read and a
// write buffer for every connection, open or idle; with 10,000 streams in
// flight that is most of the generator's memory. Here a request runs in
// its caller's goroutine alone: the request is written through a pooled
// buffer, the answer is read through a buffer the connection holds only
// while it carries a request, and an idle connection holds no buffer.
//
// It keeps Go's client semantics where the runs client relies on them: a
// cancelled context interrupts a blocked read or write and the error is
// the context's cause; a response whose body was read to its end (or whose
// end was already buffered with its last bytes) leaves the connection
// reusable, and a body closed earlier closes it; a request is sent again,
// once, on a new connection only when a reused connection failed before
// any byte of an answer arrived, and not when its answer timed out.
type h1Transport struct {
	dial          func(ctx context.Context, network, addr string) (net.Conn, error)
	headerTimeout time.Duration // wait for response headers (0: none)
	idleTimeout   time.Duration // an idle connection older than this is closed, not reused
	maxIdle       int           // idle connections kept per host

	readers sync.Pool // *bufio.Reader
	writers sync.Pool // *bufio.Writer

	mu     sync.Mutex
	idle   map[string][]*h1Conn // by host:port, most recently used last
	closed int64                // CloseIdleConnections calls, to drop conns returned after one
}

// h1 buffer sizes: the read buffer holds a chunk header and the end of a
// stream's body with its last event (so the end is seen without another
// read); requests are a few hundred bytes.
const (
	h1ReadBufferSize  = 4 << 10
	h1WriteBufferSize = 1 << 10
)

// h1Conn is one connection of an h1Transport.
type h1Conn struct {
	net.Conn
	key   string
	br    *bufio.Reader // while the connection carries a request
	since time.Time     // when it went idle
	epoch int64         // the transport's closed count when it was dialled
	got   int64         // bytes read from the connection
	limit int64         // while headers are read, the most got may reach (0: no limit)
}

// Read reads from the connection, counting the bytes; past the limit it
// fails with errH1HeaderTooLarge.
func (c *h1Conn) Read(p []byte) (int, error) {
	if c.limit > 0 {
		rem := c.limit - c.got
		if rem <= 0 {
			return 0, errH1HeaderTooLarge
		}
		if int64(len(p)) > rem {
			p = p[:rem]
		}
	}
	n, err := c.Conn.Read(p)
	c.got += int64(n)
	return n, err
}

// errH1HeaderTimeout reports response headers that did not arrive in time.
var errH1HeaderTimeout = &h1TimeoutError{what: "timeout awaiting response headers"}

// h1TimeoutError is a timeout of the transport; it is a net.Error whose
// Timeout is true, as net/http's own are.
type h1TimeoutError struct{ what string }

func (e *h1TimeoutError) Error() string { return "loadgen transport: " + e.what }

// Timeout reports that the error is a timeout.
func (e *h1TimeoutError) Timeout() bool { return true }

// Temporary reports that the error may not happen again.
func (e *h1TimeoutError) Temporary() bool { return true }

// h1MaxHeaderBytes bounds the bytes of an answer's headers, informational
// answers before it included, as net/http's MaxResponseHeaderBytes does.
const h1MaxHeaderBytes = 1 << 20

// errH1HeaderTooLarge reports answer headers over h1MaxHeaderBytes.
var errH1HeaderTooLarge = errors.New("loadgen transport: response headers exceed 1 MiB")

// h1MaxInformational bounds the informational (1xx) answers read before
// the final one.
const h1MaxInformational = 8

// errH1TooManyInformational reports more informational answers than
// h1MaxInformational before a final one.
var errH1TooManyInformational = fmt.Errorf("loadgen transport: more than %d informational answers", h1MaxInformational)

// errH1Scheme reports a request the transport cannot carry.
var errH1Scheme = errors.New("loadgen transport: only http:// targets are carried by this transport")

// longAgo is a deadline in the past, which interrupts blocked I/O.
var longAgo = time.Unix(1, 0)

// newH1Transport returns a transport dialling with dial.
func newH1Transport(dial func(ctx context.Context, network, addr string) (net.Conn, error), headerTimeout, idleTimeout time.Duration, maxIdle int) *h1Transport {
	return &h1Transport{
		dial:          dial,
		headerTimeout: headerTimeout,
		idleTimeout:   idleTimeout,
		maxIdle:       maxIdle,
		readers:       sync.Pool{New: func() any { return bufio.NewReaderSize(nil, h1ReadBufferSize) }},
		writers:       sync.Pool{New: func() any { return bufio.NewWriterSize(nil, h1WriteBufferSize) }},
		idle:          map[string][]*h1Conn{},
	}
}

// RoundTrip sends req and returns its answer, whose body must be closed.
func (t *h1Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Scheme != "http" {
		closeBody(req)
		return nil, fmt.Errorf("%s %s: %w", req.Method, req.URL.Redacted(), errH1Scheme)
	}
	ctx := req.Context()
	key := hostPort(req.URL.Host)
	for attempt := 0; ; attempt++ {
		c, reused, err := t.conn(ctx, key, attempt > 0)
		if err != nil {
			closeBody(req)
			return nil, err
		}
		res, answered, err := t.exchange(ctx, c, req)
		if err == nil {
			return res, nil
		}
		c.Close()
		t.release(c)
		// A kept connection the server closed meanwhile fails before any
		// answer: nothing was processed, so the request goes again on a
		// new connection, once. A header timeout is no such failure: the
		// server is there and may be working on the request.
		if !reused || answered || attempt > 0 || ctx.Err() != nil || errors.Is(err, errH1HeaderTimeout) {
			closeBody(req)
			return nil, err
		}
		again, ok := rewound(req)
		if !ok {
			closeBody(req)
			return nil, err
		}
		req = again
	}
}

// rewound returns a copy of req whose body reads from the start again, as
// Go's transport does before a resend (the caller's request is not
// changed); ok is false when the body cannot be read again.
func rewound(req *http.Request) (again *http.Request, ok bool) {
	if req.Body == nil || req.Body == http.NoBody {
		return req, true
	}
	if req.GetBody == nil {
		return nil, false
	}
	b, err := req.GetBody()
	if err != nil {
		return nil, false
	}
	r := *req
	r.Body = b
	return &r, true
}

// closeBody closes the body of a request that will not be sent.
func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}

// hostPort returns a URL's host with the http port when it has none (or
// an empty one, as net/http reads "host:"); an IPv6 literal keeps one
// pair of brackets.
func hostPort(host string) string {
	h, port, err := net.SplitHostPort(host)
	if err != nil { // no port
		h = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	}
	if port == "" {
		port = "80"
	}
	return net.JoinHostPort(h, port)
}

// conn returns an idle connection to key that is still open, or a new one;
// always a new one when fresh is set.
func (t *h1Transport) conn(ctx context.Context, key string, fresh bool) (*h1Conn, bool, error) {
	now := time.Now()
	for range t.maxIdle + 1 {
		if fresh {
			break
		}
		c := t.takeIdle(key)
		if c == nil {
			break
		}
		if now.Sub(c.since) < t.idleTimeout && peerOpen(c.Conn) {
			return c, true, nil
		}
		c.Close()
	}
	t.mu.Lock()
	epoch := t.closed
	t.mu.Unlock()
	nc, err := t.dial(ctx, "tcp", key)
	if err != nil {
		return nil, false, err
	}
	return &h1Conn{Conn: nc, key: key, epoch: epoch}, false, nil
}

// takeIdle removes the most recently used idle connection to key.
func (t *h1Transport) takeIdle(key string) *h1Conn {
	t.mu.Lock()
	defer t.mu.Unlock()
	list := t.idle[key]
	if len(list) == 0 {
		return nil
	}
	c := list[len(list)-1]
	list[len(list)-1] = nil
	t.idle[key] = list[:len(list)-1]
	return c
}

// exchange writes req on c and reads the answer's headers. answered
// tells whether any byte of an answer arrived.
func (t *h1Transport) exchange(ctx context.Context, c *h1Conn, req *http.Request) (res *http.Response, answered bool, err error) {
	var fired atomic.Bool
	stop := context.AfterFunc(ctx, func() {
		fired.Store(true)
		c.SetDeadline(longAgo) //nolint:errcheck // interrupts blocked I/O; the connection is discarded
	})
	fail := func(what string, err error) (*http.Response, bool, error) {
		stop()
		if fired.Load() {
			err = context.Cause(ctx)
		}
		return nil, answered, fmt.Errorf("%s %s: %s: %w", req.Method, req.URL.Redacted(), what, err)
	}
	bw := t.writers.Get().(*bufio.Writer)
	bw.Reset(c)
	err = req.Write(bw)
	if err == nil {
		err = bw.Flush()
	}
	bw.Reset(nil)
	t.writers.Put(bw)
	if err != nil {
		return fail("write request", err)
	}
	if t.headerTimeout > 0 {
		c.SetReadDeadline(time.Now().Add(t.headerTimeout)) //nolint:errcheck // a failed deadline shows as a failed read
		if fired.Load() {                                  // the context ended before the deadline was set
			c.SetDeadline(longAgo) //nolint:errcheck // see above
		}
	}
	readFailed := func(err error) (*http.Response, bool, error) {
		if isTimeout(err) && !fired.Load() {
			err = errH1HeaderTimeout
		}
		return fail("read response", err)
	}
	// A request waits for its answer without a read buffer: under load
	// most requests wait for a busy server, and each would hold one.
	if c.br == nil {
		if err := awaitReadable(c.Conn); err != nil {
			return readFailed(err)
		}
		c.br = t.readers.Get().(*bufio.Reader)
		c.br.Reset(c)
	}
	before := c.got
	c.limit = before + h1MaxHeaderBytes
	for informational := 0; ; informational++ {
		res, err = http.ReadResponse(c.br, req)
		if err != nil {
			answered = c.got > before
			return readFailed(err)
		}
		answered = true
		if res.StatusCode >= 200 || res.StatusCode == http.StatusSwitchingProtocols {
			break
		}
		if informational == h1MaxInformational {
			return fail("read response", errH1TooManyInformational)
		}
	}
	c.limit = 0
	if t.headerTimeout > 0 {
		c.SetReadDeadline(time.Time{}) //nolint:errcheck // see above
		if fired.Load() {              // the context ended while the deadline was cleared
			c.SetDeadline(longAgo) //nolint:errcheck // see above
		}
	}
	b := &h1Body{rc: res.Body, t: t, c: c, ctx: ctx, stop: stop, fired: &fired, keep: !res.Close && !req.Close}
	if res.Body == http.NoBody { // 204, 304, HEAD, Content-Length 0: the exchange is over
		b.mu.Lock()
		b.finish(true, io.EOF)
		b.mu.Unlock()
		return res, true, nil
	}
	res.Body = b
	return res, true, nil
}

// isTimeout reports a net timeout.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// h1Body is the body of an answer. Read to its end, it hands its
// connection back to the transport; closed before, it closes it.
type h1Body struct {
	rc    io.ReadCloser
	t     *h1Transport
	c     *h1Conn
	ctx   context.Context
	stop  func() bool
	fired *atomic.Bool
	keep  bool

	mu      sync.Mutex // Close may come from another goroutine than Read
	reading bool       // a Read is in rc: the read buffer is in use
	done    bool       // the exchange ended; rc and c are no longer read
	err     error      // what a Read returns once done
}

// Read reads the body; the error of a read the context interrupted is the
// context's cause. Once the body ended, Read returns what ended it again:
// io.EOF, the read's error, or http.ErrBodyReadAfterClose after Close.
func (b *h1Body) Read(p []byte) (int, error) {
	b.mu.Lock()
	if b.done {
		err := b.err
		b.mu.Unlock()
		return 0, err
	}
	b.reading = true
	b.mu.Unlock()

	n, err := b.rc.Read(p)

	b.mu.Lock()
	defer b.mu.Unlock()
	b.reading = false
	if b.done { // closed while reading: Close closed the connection, the buffer goes back here
		b.t.release(b.c)
		return n, b.err
	}
	switch {
	case err == nil:
		return n, nil
	case err == io.EOF:
		b.finish(true, io.EOF)
		return n, io.EOF
	case b.fired.Load():
		err = context.Cause(b.ctx)
	}
	b.finish(false, err)
	return n, err
}

// Close closes the body; a connection whose body was not read to its end
// is closed.
func (b *h1Body) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.finish(false, http.ErrBodyReadAfterClose)
	b.err = http.ErrBodyReadAfterClose
	return nil
}

// finish ends the exchange once, with b.mu held: the connection goes back
// to the idle pool when the body ended and nothing else was read, and is
// closed otherwise. A Read in progress keeps the read buffer until it
// returns; closing the connection interrupts it.
func (b *h1Body) finish(ended bool, err error) {
	if b.done {
		return
	}
	b.done = true
	b.err = err
	stopped := b.stop() // false when the context already interrupted the connection
	c := b.c
	if ended && b.keep && stopped && c.br.Buffered() == 0 {
		b.t.putIdle(c)
		return
	}
	c.Close()
	if !b.reading {
		b.t.release(c)
	}
}

// release returns c's read buffer to the pool.
func (t *h1Transport) release(c *h1Conn) {
	if c.br != nil {
		c.br.Reset(nil)
		t.readers.Put(c.br)
		c.br = nil
	}
}

// putIdle keeps c for a later request, or closes it when the pool is full
// or was emptied since c was dialled.
func (t *h1Transport) putIdle(c *h1Conn) {
	t.release(c)
	c.since = time.Now()
	t.mu.Lock()
	list := t.idle[c.key]
	if c.epoch != t.closed || len(list) >= t.maxIdle {
		t.mu.Unlock()
		c.Close()
		return
	}
	t.idle[c.key] = append(list, c)
	t.mu.Unlock()
}

// CloseIdleConnections closes the idle connections; connections carrying
// a request are closed when their answer ends.
func (t *h1Transport) CloseIdleConnections() {
	t.mu.Lock()
	idle := t.idle
	t.idle = map[string][]*h1Conn{}
	t.closed++
	t.mu.Unlock()
	for _, list := range idle {
		for _, c := range list {
			c.Close()
		}
	}
}
