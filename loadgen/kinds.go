package loadgen

import (
	"context"
	"errors"
	"io"
	"net"
	"strconv"
	"strings"
	"syscall"

	"github.com/runsuite/runsuite/runs"
)

// The error kinds a Result's ErrorKind takes, besides "http_<status>" for
// an answer with a non-2xx status (e.g. "http_429", "http_503").
const (
	// KindReset is a connection reset or cut before the stream ended.
	KindReset = "reset"
	// KindDecode is a stream that could not be decoded: malformed framing
	// or JSON, an unknown event, an event over the size cap.
	KindDecode = "decode"
	// KindTimeout is a run that outlasted the run timeout.
	KindTimeout = "timeout"
	// KindMissingDone is a stream that ended cleanly without done.
	KindMissingDone = "missing_done"
	// KindErrorEvent is a stream that ended with an error event.
	KindErrorEvent = "error_event"
	// KindNotStream is a 2xx answer to a stream request that is not an
	// event stream.
	KindNotStream = "not_event_stream"
	// KindCanceled is a run cancelled because the attack stopped; such
	// runs are counted apart from errors.
	KindCanceled = "canceled"
	// KindConnect is a connection that could not be opened.
	KindConnect = "connect"
	// KindSetup is a run that could not be prepared (its thread could not
	// be created).
	KindSetup = "setup"
	// KindOther is any other failure.
	KindOther = "other"
)

// classify names the kind of err from a run whose context is runCtx;
// stopped reports whether the attack had cancelled its runs.
func classify(err error, runCtx context.Context, stopped bool) string {
	if err == nil {
		return ""
	}
	if stopped && errors.Is(err, context.Canceled) {
		return KindCanceled // the attack's end cut it, whatever it was doing
	}
	var setup *setupError
	if errors.As(err, &setup) {
		return KindSetup
	}
	var api *runs.APIError
	if errors.As(err, &api) {
		return "http_" + strconv.Itoa(api.StatusCode)
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return KindConnect // a dial that timed out included
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(runCtx.Err(), context.DeadlineExceeded) {
		return KindTimeout
	}
	if stopped && (errors.Is(err, context.Canceled) || runCtx.Err() != nil) {
		return KindCanceled
	}
	if errors.Is(err, runs.ErrNotEventStream) {
		return KindNotStream
	}
	if isReset(err) {
		return KindReset
	}
	switch runs.KindOf(err) {
	case runs.KindTimeout:
		return KindTimeout
	case runs.KindStreamError:
		return KindErrorEvent
	case runs.KindMissingDone:
		return KindMissingDone
	case runs.KindDecode, runs.KindUnknownEvent, runs.KindTooLarge:
		return KindDecode
	case runs.KindRead, runs.KindTruncated:
		return KindReset
	case runs.KindCanceled:
		return KindCanceled
	}
	return KindOther
}

// isReset reports a connection that was reset or cut. A bare io.EOF from a
// request is a kept-alive connection the server closed before answering.
func isReset(err error) bool {
	if errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return true
	}
	// net/http's error for a kept-alive connection the server closed as the
	// request went out is unexported; its text is all there is to match.
	if strings.Contains(err.Error(), "server closed idle connection") {
		return true
	}
	var op *net.OpError
	return errors.As(err, &op)
}
