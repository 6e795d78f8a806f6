//go:build !unix

package loadgen

import "net"

// peerOpen reports whether the peer of an idle connection has not closed
// it; without a non-blocking peek it assumes so, and the idle timeout
// retires old connections.
func peerOpen(net.Conn) bool { return true }

// awaitReadable returns at once: without a non-blocking peek the answer
// is waited for in a read.
func awaitReadable(net.Conn) error { return nil }
