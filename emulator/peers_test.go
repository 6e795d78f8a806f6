package emulator

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/runsuite/runsuite/contract"
)

// rawConn is a TCP connection to an emulator that writes bytes as given,
// for requests no HTTP client would send.
type rawConn struct {
	tb testing.TB
	net.Conn
	br *bufio.Reader
}

func dialRaw(tb testing.TB, s *Server) *rawConn {
	tb.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.URL, "http://"))
	if err != nil {
		tb.Fatalf("dial: %v", err)
	}
	tb.Cleanup(func() { conn.Close() })
	return &rawConn{tb: tb, Conn: conn, br: bufio.NewReader(conn)}
}

func (c *rawConn) write(s string) {
	c.tb.Helper()
	if _, err := io.WriteString(c.Conn, s); err != nil {
		c.tb.Fatalf("write: %v", err)
	}
}

// response reads one answer, waiting at most wait for it.
func (c *rawConn) response(wait time.Duration) (*http.Response, []byte) {
	c.tb.Helper()
	c.SetReadDeadline(time.Now().Add(wait))
	resp, err := http.ReadResponse(c.br, nil)
	if err != nil {
		c.tb.Fatalf("no answer within %v: %v", wait, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		c.tb.Fatalf("read answer body: %v", err)
	}
	return resp, data
}

// checkEnvelope fails the test unless the answer is status with a JSON
// error envelope.
func checkEnvelope(tb testing.TB, what string, resp *http.Response, data []byte, status int) contract.ErrorObject {
	tb.Helper()
	if resp.StatusCode != status {
		tb.Errorf("%s: status %d, want %d; body %q", what, resp.StatusCode, status, data)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		tb.Errorf("%s: Content-Type %q, want application/json; body %q", what, ct, data)
	}
	var env envelope
	if err := json.Unmarshal(data, &env); err != nil || env.Error.Message == "" || env.Error.Type == "" {
		tb.Errorf("%s: body %q is not an error envelope (%v)", what, data, err)
	}
	return env.Error
}

const rawHeaders = "Host: x\r\nOpenAI-Beta: assistants=v2\r\nAuthorization: Bearer k\r\n"

// TestServerOwnErrorsAreEnvelopes sends what Go's HTTP server answers by
// itself, in plain text, and requires the JSON envelope. The requests
// leave little unread, so that the server's close does not reset the
// connection before the answer is read.
func TestServerOwnErrorsAreEnvelopes(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	tests := []struct {
		name   string
		req    string
		status int
	}{
		{"malformed escape", "GET /v1/threads/%zz HTTP/1.1\r\n" + rawHeaders + "\r\n", http.StatusBadRequest},
		{"bad request line", "NONSENSE\r\n\r\n", http.StatusBadRequest},
		{"bad version", "GET /v1/threads/t HTTP/9.9\r\n" + rawHeaders + "\r\n", http.StatusHTTPVersionNotSupported},
		{"no host", "GET /v1/threads/t HTTP/1.1\r\nOpenAI-Beta: assistants=v2\r\n\r\n", http.StatusBadRequest},
		{"oversized headers", "GET /v1/threads/t HTTP/1.1\r\n" + rawHeaders + "X-Big: " + strings.Repeat("a", MaxHeaderBytes+8<<10) + "\r\n\r\n", http.StatusRequestHeaderFieldsTooLarge},
		{"unknown transfer encoding", "POST /v1/threads HTTP/1.1\r\n" + rawHeaders + "Transfer-Encoding: gzip, chunked\r\n\r\n", http.StatusNotImplemented},
		{"unknown expectation", "POST /v1/threads HTTP/1.1\r\n" + rawHeaders + "Expect: something\r\n\r\n", http.StatusExpectationFailed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := dialRaw(t, s)
			go io.WriteString(c.Conn, tc.req) //nolint:errcheck // the server may close before reading it all
			resp, data := c.response(5 * time.Second)
			checkEnvelope(t, tc.name, resp, data, tc.status)
		})
	}
}

// TestChecksBeforeBody checks that auth, beta-header and size checks answer
// without waiting for a body that never comes.
func TestChecksBeforeBody(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithRequireAuth(true))
	tests := []struct {
		name   string
		req    string
		status int
	}{
		{"no auth", "POST /v1/threads HTTP/1.1\r\nHost: x\r\nOpenAI-Beta: assistants=v2\r\nContent-Length: 100\r\n\r\n", http.StatusUnauthorized},
		{"no beta", "POST /v1/threads HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\nContent-Length: 100\r\n\r\n", http.StatusBadRequest},
		{"too large, expecting continue", "POST /v1/threads HTTP/1.1\r\n" + rawHeaders + "Expect: 100-continue\r\nContent-Length: 2000000\r\n\r\n", http.StatusRequestEntityTooLarge},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := dialRaw(t, s)
			c.write(tc.req)
			resp, data := c.response(3 * time.Second)
			checkEnvelope(t, tc.name, resp, data, tc.status)
		})
	}
}

// TestSlowBodyTimesOut checks the body-read deadline: a client that sends
// headers and part of a body gets a 408 envelope, not a held connection.
func TestSlowBodyTimesOut(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithTimeouts(Timeouts{ReadBody: 200 * time.Millisecond}))
	c := dialRaw(t, s)
	c.write("POST /v1/threads HTTP/1.1\r\n" + rawHeaders + "Content-Length: 100\r\n\r\n{")
	resp, data := c.response(5 * time.Second)
	checkEnvelope(t, "slow body", resp, data, http.StatusRequestTimeout)
}

// TestIdleConnectionsAreClosed checks the idle timeout: a kept-alive
// connection that sends nothing more is closed.
func TestIdleConnectionsAreClosed(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithTimeouts(Timeouts{Idle: 200 * time.Millisecond}))
	c := dialRaw(t, s)
	c.write("GET /v1/threads/thread_none HTTP/1.1\r\n" + rawHeaders + "\r\n")
	resp, data := c.response(5 * time.Second)
	checkEnvelope(t, "unknown thread", resp, data, http.StatusNotFound)
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if n, err := c.br.ReadByte(); err != io.EOF {
		t.Errorf("idle connection: got byte %q, error %v; want the server to close it (EOF)", n, err)
	}
}

// TestStalledReaderDoesNotPinItsRun checks that a client that stops
// reading its stream does not hold the run: the stream ends at its write
// deadline, cancel takes effect, the run leaves in_progress and the thread
// takes a new run.
func TestStalledReaderDoesNotPinItsRun(t *testing.T) {
	t.Parallel()
	clock := NewManualClock(testEpoch)
	s := newTestServer(t, WithClock(clock), WithTimeouts(Timeouts{Write: 300 * time.Millisecond}),
		WithStreamShape(StreamShape{Deltas: MaxDeltas, Flush: FlushCoalesced}))
	c := newClient(t, s)
	a := c.mustAssistant()
	th := c.mustThread("hello")

	raw := dialRaw(t, s) // closed before the server, so that a stuck stream cannot hold Close
	if tcp, ok := raw.Conn.(*net.TCPConn); ok {
		tcp.SetReadBuffer(4096) //nolint:errcheck // a smaller buffer only makes the stall come sooner
	}
	b := `{"assistant_id":"` + a.ID + `","stream":true}`
	raw.write("POST /v1/threads/" + th.ID + "/runs HTTP/1.1\r\n" + rawHeaders + "Content-Type: application/json\r\nContent-Length: " +
		itoa(len(b)) + "\r\n\r\n" + b)
	// Read nothing: the stream fills the socket buffers and stalls.

	var runID string
	for deadline := time.Now().Add(5 * time.Second); runID == "" && time.Now().Before(deadline); {
		var l contract.List[contract.Run]
		c.call("GET", "/threads/"+th.ID+"/runs", nil, &l)
		if len(l.Data) > 0 {
			runID = l.Data[0].ID
		}
	}
	if runID == "" {
		t.Fatal("the streamed run never appeared")
	}
	var r contract.Run
	c.call("POST", "/threads/"+th.ID+"/runs/"+runID+"/cancel", nil, &r)
	if r.Status != contract.RunStatusCancelling {
		t.Fatalf("cancel: got %s, want cancelling", r.Status)
	}
	status := r.Status
	for deadline := time.Now().Add(10 * time.Second); !status.Terminal() && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
		clock.Advance(DefaultPhaseDuration)
		status = c.getRun(th.ID, runID).Status
	}
	if status != contract.RunStatusCancelled {
		t.Fatalf("run of the stalled stream: got %s after 10s, want cancelled", status)
	}
	c.mustRun(th.ID, body{"assistant_id": a.ID})
}

func itoa(n int) string { return strconv.Itoa(n) }
