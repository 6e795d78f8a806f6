package main

import (
	"context"
	"io"
	"os"
)

// openInput opens the file name, or returns stdin for "-", as a reader
// that stops with ctx.Err() once ctx is done. The returned close function
// releases the file; it is a no-op for stdin.
func openInput(ctx context.Context, name string, stdin io.Reader) (io.Reader, func(), error) {
	if name == "-" {
		return newContextReader(ctx, stdin), func() {}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err // *fs.PathError already names the file
	}
	// A read-only file has nothing to lose on close, so its error is moot.
	return newContextReader(ctx, f), func() { f.Close() }, nil
}

// contextReader is an io.Reader that returns ctx.Err() as soon as ctx is
// done, even while a Read of the underlying reader is blocked.
//
// A Read on a terminal or a pipe can block indefinitely, and with
// signal.NotifyContext in place SIGINT no longer kills the process, so the
// interruption has to reach the reader. Each Read therefore hands the
// underlying Read to a goroutine, reading into buf, and waits for either
// its result or ctx. When ctx wins, that goroutine is abandoned, still
// blocked in Read: it is the last user of buf and of the underlying reader,
// since every later Read returns ctx.Err() before touching either, and it
// exits when its Read returns (at the latest with the process). At most one
// such goroutine runs at a time. A contextReader is not safe for concurrent
// use.
type contextReader struct {
	ctx  context.Context
	r    io.Reader
	buf  []byte          // the goroutine's destination, copied out by Read
	done chan readResult // capacity 1, so an abandoned goroutine never blocks on it
}

// readResult is the outcome of one Read of the underlying reader.
type readResult struct {
	n   int
	err error
}

// newContextReader returns a reader of r that stops once ctx is done.
func newContextReader(ctx context.Context, r io.Reader) *contextReader {
	return &contextReader{ctx: ctx, r: r, done: make(chan readResult, 1)}
}

// Read reads from the underlying reader, or returns ctx.Err() if ctx is
// done before or during the read.
func (r *contextReader) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	if len(p) == 0 {
		return 0, nil
	}
	if cap(r.buf) < len(p) {
		r.buf = make([]byte, len(p))
	}
	buf := r.buf[:len(p)]
	go func() {
		n, err := r.r.Read(buf)
		r.done <- readResult{n, err}
	}()
	select {
	case res := <-r.done:
		if err := r.ctx.Err(); err != nil {
			return 0, err // the read ended because of, or raced with, the interruption
		}
		return copy(p, buf[:min(max(res.n, 0), len(buf))]), res.err // clamp a misbehaving reader's count
	case <-r.ctx.Done():
		return 0, r.ctx.Err()
	}
}
