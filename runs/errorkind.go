package runs

import (
	"context"
	"errors"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/sse"
)

// ErrorKind names the class of an error from the client, a Stream or an
// EventReader, in the words fixture outcomes and reports use:
// "too_large", "truncated", "decode", "unknown_event", "missing_done",
// "stream_error", "payload", "trailing", "read", "api_error", "argument",
// "timeout", "canceled" or "other"; "" for nil. Format errors are classed by their cause; a stream
// closed by its caller (ErrStreamClosed) is "canceled".
func ErrorKind(err error) string {
	var (
		tooLarge  *sse.TooLargeError
		truncated *sse.TruncatedError
		read      *sse.ReadError
		decode    *contract.DecodeError
		unknown   *contract.UnknownEventError
		streamErr *StreamError
		api       *APIError
		arg       *ArgumentError
		timeout   *TimeoutError
		body      *BodyError
		payload   *PayloadError
		trailing  *TrailingDataError
	)
	switch {
	case err == nil:
		return ""
	case errors.As(err, &tooLarge):
		return "too_large"
	case errors.As(err, &truncated):
		return "truncated"
	case errors.As(err, &decode):
		return "decode"
	case errors.As(err, &unknown):
		return "unknown_event"
	case errors.Is(err, ErrMissingDone):
		return "missing_done"
	case errors.As(err, &streamErr):
		return "stream_error"
	case errors.As(err, &payload):
		return "payload"
	case errors.As(err, &trailing):
		return "trailing"
	case errors.As(err, &api):
		return "api_error"
	case errors.As(err, &arg):
		return "argument"
	case errors.As(err, &timeout), errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.Is(err, context.Canceled), errors.Is(err, ErrStreamClosed):
		return "canceled"
	case errors.As(err, &read), errors.As(err, &body):
		return "read"
	}
	return "other"
}
