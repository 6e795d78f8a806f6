package cassette

import (
	"bytes"
	"log/slog"
	"sync"
)

// lockedBuffer is a bytes.Buffer safe for the proxy's handler goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf *bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// newTestLogger returns a text logger writing into buf under a lock; read
// buf once the proxy's server is closed or the answer was read.
func newTestLogger(buf *bytes.Buffer) *slog.Logger {
	return slog.New(slog.NewTextHandler(&lockedBuffer{buf: buf}, nil))
}
