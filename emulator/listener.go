package emulator

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/runsuite/runsuite/contract"
)

// MaxHeaderBytes caps the size of a request's headers; larger ones get a
// 431 envelope.
const MaxHeaderBytes = 64 << 10

// Go's HTTP server answers some requests itself, before any handler runs:
// a bad request line, a malformed escape in the path, headers over the
// cap, an unsupported transfer encoding, an Expect it does not know. It
// answers those in plain text. The emulator promises the JSON envelope of
// CONTRACT §9 for every error it produces, so its listener hands out
// connections that turn such an answer into the envelope on its way out.
// (A server that mounts Handler elsewhere keeps its own server's answers.)
//
// Go's HTTP server also starts a connection's header deadline when it
// accepts the connection, but a kept-alive connection's only when the
// next request's first bytes arrive: until then it waits under the idle
// timeout. A client that dials a connection and parks it unused in its
// pool, as Go's transport does, finds it closed once the header deadline
// has passed, and a POST written on it fails. So a fresh connection waits
// for its first request the way a kept-alive one waits for its next: under
// the idle timeout, counted from accept, and under the header deadline
// from its first bytes on, so that a slow sender of headers is still cut.

// envelopeListener wraps the accepted connections in envelopeConns. When
// its Listener is an idleListener, a fresh connection waits for its first
// request under the idle timeout; otherwise under the server's header
// deadline from accept, as Go's server has it.
type envelopeListener struct {
	net.Listener
}

// idleListener is a listener that carries the idle timeout its fresh
// connections wait for their first request under (zero: the server's own
// deadlines apply unchanged).
type idleListener struct {
	net.Listener
	idle time.Duration
}

// Accept returns the next connection, wrapped.
func (l envelopeListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	ec := &envelopeConn{Conn: c}
	if il, ok := l.Listener.(idleListener); ok && il.idle > 0 {
		ec.idleUntil = time.Now().Add(il.idle)
		ec.fresh.Store(true)
	}
	return ec, nil
}

// envelopeConn rewrites the server's own plain-text error answers into the
// JSON envelope. Every answer starts at a write of its own, and the
// server's error answers are written whole, in one write.
//
// While fresh, it has not read a byte yet: a read deadline the server sets
// is kept aside and the idle deadline applies instead; the first bytes
// apply the kept deadline, moved to start with them.
type envelopeConn struct {
	net.Conn

	// fresh is read without mu on every Read and deadline; it turns false
	// once, under mu, after the kept deadline has been applied.
	fresh atomic.Bool

	mu        sync.Mutex
	idleUntil time.Time     // when a fresh connection stops waiting
	asked     bool          // the server set a read deadline while fresh
	askedNone bool          // and it asked for none
	askedWait time.Duration // or this long from when it asked
}

// SetReadDeadline sets the read deadline; while the connection is fresh,
// it keeps t for the first bytes and applies the idle deadline instead.
func (c *envelopeConn) SetReadDeadline(t time.Time) error {
	if c.fresh.Load() {
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.fresh.Load() {
			return c.keepReadDeadline(t)
		}
	}
	return c.Conn.SetReadDeadline(t)
}

// SetDeadline sets the read and write deadlines; while the connection is
// fresh, the read one as SetReadDeadline does.
func (c *envelopeConn) SetDeadline(t time.Time) error {
	if c.fresh.Load() {
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.fresh.Load() {
			if err := c.Conn.SetWriteDeadline(t); err != nil {
				return err
			}
			return c.keepReadDeadline(t)
		}
	}
	return c.Conn.SetDeadline(t)
}

// keepReadDeadline keeps t for the first bytes and applies the idle
// deadline, or t itself when t has passed already (the server aborting a
// read). c.mu is held.
func (c *envelopeConn) keepReadDeadline(t time.Time) error {
	now := time.Now()
	c.asked, c.askedNone, c.askedWait = true, t.IsZero(), t.Sub(now)
	if !t.IsZero() && !t.After(now) {
		return c.Conn.SetReadDeadline(t)
	}
	return c.Conn.SetReadDeadline(c.idleUntil)
}

// Read reads into p; the first bytes of a fresh connection end its idle
// wait.
func (c *envelopeConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 && c.fresh.Load() {
		if derr := c.firstBytes(); derr != nil && err == nil {
			err = fmt.Errorf("emulator: set the header deadline: %w", derr)
		}
	}
	return n, err
}

// firstBytes ends the idle wait: the read deadline the server asked for
// applies, counted from now.
func (c *envelopeConn) firstBytes() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.fresh.Load() {
		return nil
	}
	var err error
	switch {
	case !c.asked:
		// Nothing kept: the deadline in place is the server's.
	case c.askedNone:
		err = c.Conn.SetReadDeadline(time.Time{})
	default:
		err = c.Conn.SetReadDeadline(time.Now().Add(c.askedWait))
	}
	c.fresh.Store(false)
	return err
}

// Write writes p, or its envelope form when p is one of the server's own
// error answers.
func (c *envelopeConn) Write(p []byte) (int, error) {
	if out, ok := envelopeFor(p); ok {
		if _, err := c.Conn.Write(out); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	return c.Conn.Write(p)
}

// CloseWrite shuts down the writing side when the connection can, as the
// server does before closing a connection after an error.
func (c *envelopeConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// envelopeFor returns the envelope form of p when p is a whole HTTP/1.x
// error answer (status 400 or more) that is not JSON already.
func envelopeFor(p []byte) ([]byte, bool) {
	if !bytes.HasPrefix(p, []byte("HTTP/1.")) || len(p) < len("HTTP/1.1 400") {
		return nil, false
	}
	code, err := strconv.Atoi(string(p[9:12]))
	if err != nil || code < 400 {
		return nil, false
	}
	headEnd := bytes.Index(p, []byte("\r\n\r\n"))
	if headEnd < 0 {
		return nil, false
	}
	head, body := string(p[:headEnd]), string(p[headEnd+4:])
	if strings.Contains(strings.ToLower(head), "\r\ncontent-type: application/json") {
		return nil, false
	}
	statusLine, _, _ := strings.Cut(head, "\r\n")
	return appendServerError(nil, code, serverErrorDetail(statusLine, body)), true
}

// serverErrorDetail finds what the server said went wrong: the text after
// "400 Bad Request: " in its status line or body, if any.
func serverErrorDetail(statusLine, body string) string {
	for _, s := range []string{statusLine, body} {
		if _, detail, ok := strings.Cut(s, ": "); ok && detail != "" {
			return strings.TrimSpace(detail)
		}
	}
	return ""
}

// appendServerError appends a whole HTTP answer carrying the envelope of
// an error the server found before routing.
func appendServerError(dst []byte, code int, detail string) []byte {
	var msg string
	switch code {
	case http.StatusRequestHeaderFieldsTooLarge:
		msg = "Request header fields too large: the headers of a request may take at most " + strconv.Itoa(MaxHeaderBytes) + " bytes."
	case http.StatusExpectationFailed:
		msg = "Unsupported Expect header: only 'Expect: 100-continue' is understood."
	default:
		msg = "The server could not read the request: " + http.StatusText(code)
		if detail != "" {
			msg += " (" + detail + ")"
		}
		msg += "."
	}
	// Every answer here is about the request the client sent.
	body := contract.AppendErrorEnvelope(nil, &contract.ErrorObject{Message: msg, Type: typeInvalidRequest})
	dst = append(dst, "HTTP/1.1 "...)
	dst = strconv.AppendInt(dst, int64(code), 10)
	dst = append(dst, ' ')
	dst = append(dst, http.StatusText(code)...)
	dst = append(dst, "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "...)
	dst = strconv.AppendInt(dst, int64(len(body)), 10)
	dst = append(dst, "\r\n\r\n"...)
	return append(dst, body...)
}
