package emulator

import (
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"sync"
	"testing"
	"time"
)

const listAssistants = "GET /v1/assistants HTTP/1.1\r\n" + rawHeaders + "\r\n"

// readUntilClosed reads c until the server closes it or wait passes, and
// returns the read's error and how long it took.
func readUntilClosed(t *testing.T, c *rawConn, wait time.Duration) (error, time.Duration) {
	t.Helper()
	start := time.Now()
	c.SetReadDeadline(start.Add(wait))
	_, err := io.Copy(io.Discard, c.br)
	if err == nil {
		err = io.EOF // io.Copy reports the server's close as no error
	}
	return err, time.Since(start)
}

// A connection a client opened but has not used yet must wait for its
// first request as long as a kept-alive one does: the header deadline
// starts with the request's first bytes, not at accept.
func TestFreshConnectionWaitsForItsFirstRequest(t *testing.T) {
	s := newTestServer(t, WithTimeouts(Timeouts{ReadHeader: 150 * time.Millisecond, Idle: 5 * time.Second}))
	c := dialRaw(t, s)
	time.Sleep(400 * time.Millisecond) // past the header deadline, within the idle one
	c.write(listAssistants)
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	resp, err := http.ReadResponse(c.br, nil)
	if err != nil {
		t.Fatalf("first request after a 400ms wait: got %v, want an answer", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("status: got %d, want 200", resp.StatusCode)
	}
}

// A fresh connection that never sends a byte is closed once the idle
// timeout has passed, not kept for ever.
func TestSilentFreshConnectionClosedAfterIdle(t *testing.T) {
	const idle = 300 * time.Millisecond
	s := newTestServer(t, WithTimeouts(Timeouts{ReadHeader: 100 * time.Millisecond, Idle: idle}))
	dialed := time.Now()
	c := dialRaw(t, s)
	err, _ := readUntilClosed(t, c, 3*time.Second)
	if !errors.Is(err, io.EOF) {
		t.Fatalf("read on a silent connection: got %v, want EOF (closed by the server)", err)
	}
	// The server accepts after the dial, so it cannot close sooner.
	if waited := time.Since(dialed); waited < idle {
		t.Errorf("closed after %v: got a wait shorter than the idle timeout %v", waited, idle)
	}
}

// A client that starts a request and then stalls (slowloris) is cut
// after the header deadline counted from its first bytes, not after the
// idle timeout.
func TestStalledHeadersCutAfterHeaderDeadline(t *testing.T) {
	const readHeader = 150 * time.Millisecond
	s := newTestServer(t, WithTimeouts(Timeouts{ReadHeader: readHeader, Idle: 10 * time.Second}))
	c := dialRaw(t, s)
	time.Sleep(400 * time.Millisecond) // past the header deadline counted from accept
	c.write("GET /v1/assistants HTTP/1.1\r\n")
	err, waited := readUntilClosed(t, c, 5*time.Second)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("stalled headers: still open after %v, want closed after about %v", waited, readHeader)
	}
	if !errors.Is(err, io.EOF) {
		t.Fatalf("read after stalled headers: got %v, want EOF (closed by the server)", err)
	}
	// The deadline starts when the server reads the bytes, after the write.
	if waited < readHeader {
		t.Errorf("closed %v after the first bytes: got less than the header deadline %v", waited, readHeader)
	}
}

// A kept-alive connection takes its next request after a pause longer
// than the header deadline and shorter than the idle timeout, as before.
func TestKeptAliveConnectionTakesNextRequest(t *testing.T) {
	s := newTestServer(t, WithTimeouts(Timeouts{ReadHeader: 150 * time.Millisecond, Idle: 5 * time.Second}))
	c := dialRaw(t, s)
	for i := range 2 {
		if i > 0 {
			time.Sleep(400 * time.Millisecond)
		}
		c.write(listAssistants)
		resp, data := c.response(5 * time.Second)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("request %d: got status %d, want 200; body %q", i+1, resp.StatusCode, data)
		}
	}
}

// deadlineConn is a net.Conn whose reads return what is sent on data and
// which records the read deadlines set on it.
type deadlineConn struct {
	net.Conn // nil: only the methods below are called
	data     chan []byte

	mu    sync.Mutex
	reads []time.Time
}

func (c *deadlineConn) Read(p []byte) (int, error) {
	b, ok := <-c.data
	if !ok {
		return 0, io.EOF
	}
	return copy(p, b), nil
}

func (c *deadlineConn) SetReadDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reads = append(c.reads, t)
	return nil
}

func (c *deadlineConn) SetWriteDeadline(time.Time) error { return nil }

func (c *deadlineConn) SetDeadline(t time.Time) error { return c.SetReadDeadline(t) }

// last returns the last read deadline set.
func (c *deadlineConn) last() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.reads) == 0 {
		return time.Time{}
	}
	return c.reads[len(c.reads)-1]
}

// accept wraps dc as envelopeListener.Accept does for a listener with the
// given idle timeout.
func accept(t *testing.T, dc *deadlineConn, idle time.Duration) *envelopeConn {
	t.Helper()
	l := envelopeListener{idleListener{Listener: &oneConnListener{conn: dc}, idle: idle}}
	c, err := l.Accept()
	if err != nil {
		t.Fatalf("accept: %v", err)
	}
	return c.(*envelopeConn)
}

// oneConnListener accepts conn once.
type oneConnListener struct {
	net.Listener // nil: only Accept is called
	conn         net.Conn
}

func (l *oneConnListener) Accept() (net.Conn, error) {
	c := l.conn
	if c == nil {
		return nil, net.ErrClosed
	}
	l.conn = nil
	return c, nil
}

// within reports whether got lies in [from+d, to+d].
func within(got, from, to time.Time, d time.Duration) bool {
	return !got.Before(from.Add(d)) && !got.After(to.Add(d))
}

// The read deadlines an envelopeConn applies: the idle one while fresh,
// the server's, moved to start at the first bytes, once they arrive, and
// the server's as asked from then on.
func TestEnvelopeConnDeadlines(t *testing.T) {
	const idle, header = time.Hour, time.Minute
	read := func(t *testing.T, c *envelopeConn, dc *deadlineConn) (from, to time.Time) {
		t.Helper()
		dc.data <- []byte("GET")
		from = time.Now()
		if _, err := c.Read(make([]byte, 8)); err != nil {
			t.Fatalf("read: %v", err)
		}
		return from, time.Now()
	}

	t.Run("fresh waits under idle, then header from the first bytes", func(t *testing.T) {
		dc := &deadlineConn{data: make(chan []byte, 1)}
		before := time.Now()
		c := accept(t, dc, idle)
		after := time.Now()
		if err := c.SetReadDeadline(time.Now().Add(header)); err != nil {
			t.Fatal(err)
		}
		if got := dc.last(); !within(got, before, after, idle) {
			t.Errorf("deadline while fresh: got %v, want accept+%v (accept in [%v, %v])", got, idle, before, after)
		}
		from, to := read(t, c, dc)
		if got := dc.last(); !within(got, from, to, header) {
			t.Errorf("deadline after the first bytes: got %v, want first bytes+%v (in [%v, %v])", got, header, from, to)
		}
		later := time.Now().Add(3 * time.Second)
		if err := c.SetReadDeadline(later); err != nil {
			t.Fatal(err)
		}
		if got := dc.last(); !got.Equal(later) {
			t.Errorf("deadline after the first request: got %v, want %v as asked", got, later)
		}
	})
	t.Run("fresh asked for none: none after the first bytes", func(t *testing.T) {
		dc := &deadlineConn{data: make(chan []byte, 1)}
		c := accept(t, dc, idle)
		if err := c.SetDeadline(time.Time{}); err != nil {
			t.Fatal(err)
		}
		if got := dc.last(); got.IsZero() {
			t.Errorf("deadline while fresh: got none, want the idle one")
		}
		read(t, c, dc)
		if got := dc.last(); !got.IsZero() {
			t.Errorf("deadline after the first bytes: got %v, want none as asked", got)
		}
	})
	t.Run("a past deadline applies at once", func(t *testing.T) {
		dc := &deadlineConn{data: make(chan []byte, 1)}
		c := accept(t, dc, idle)
		past := time.Unix(1, 0)
		if err := c.SetReadDeadline(past); err != nil {
			t.Fatal(err)
		}
		if got := dc.last(); !got.Equal(past) {
			t.Errorf("deadline: got %v, want %v as asked", got, past)
		}
	})
	t.Run("no idle timeout: deadlines as asked", func(t *testing.T) {
		dc := &deadlineConn{data: make(chan []byte, 1)}
		c := accept(t, dc, 0)
		want := time.Now().Add(header)
		if err := c.SetReadDeadline(want); err != nil {
			t.Fatal(err)
		}
		if got := dc.last(); !got.Equal(want) {
			t.Errorf("deadline: got %v, want %v as asked", got, want)
		}
		read(t, c, dc)
		if got := dc.last(); !got.Equal(want) {
			t.Errorf("deadline after a read: got %v, want %v untouched", got, want)
		}
	})
	t.Run("a plain listener keeps the server's deadlines", func(t *testing.T) {
		dc := &deadlineConn{data: make(chan []byte, 1)}
		nc, err := envelopeListener{&oneConnListener{conn: dc}}.Accept()
		if err != nil {
			t.Fatal(err)
		}
		want := time.Now().Add(header)
		if err := nc.SetReadDeadline(want); err != nil {
			t.Fatal(err)
		}
		if got := dc.last(); !got.Equal(want) {
			t.Errorf("deadline: got %v, want %v as asked", got, want)
		}
	})
}

// The fresh state holds when the first bytes and a deadline race, as
// when the server's background reader sets deadlines from its own
// goroutine (run with -race): whichever comes first, the deadline left is
// the one asked last, never the header deadline kept before it.
func TestEnvelopeConnFirstBytesRaceDeadline(t *testing.T) {
	const wait = 2 * time.Hour
	for range 100 {
		dc := &deadlineConn{data: make(chan []byte, 1)}
		c := accept(t, dc, time.Hour)
		c.SetReadDeadline(time.Now().Add(time.Minute)) //nolint:errcheck // the fake never fails
		dc.data <- []byte("G")
		start := time.Now()
		var wg sync.WaitGroup
		wg.Go(func() {
			if _, err := c.Read(make([]byte, 1)); err != nil {
				t.Errorf("read: %v", err)
			}
		})
		wg.Go(func() {
			c.SetReadDeadline(time.Now().Add(wait)) //nolint:errcheck // the fake never fails
		})
		wg.Wait()
		// Asked before the first bytes, it was kept and moved to them;
		// asked after, it applies as is: either way within [start, now]+wait.
		if got := dc.last(); !within(got, start, time.Now(), wait) {
			t.Fatalf("deadline after the race: got %v, want about now+%v", got, wait)
		}
	}
}
