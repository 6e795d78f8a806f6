package emulator

import (
	"bytes"
	"net"
	"net/http"
	"strconv"
	"strings"

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

// envelopeListener wraps the accepted connections in envelopeConns.
type envelopeListener struct {
	net.Listener
}

// Accept returns the next connection, wrapped.
func (l envelopeListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &envelopeConn{Conn: c}, nil
}

// envelopeConn rewrites the server's own plain-text error answers into the
// JSON envelope. Every answer starts at a write of its own, and the
// server's error answers are written whole, in one write.
type envelopeConn struct {
	net.Conn
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
