package runs

import (
	"context"
	"errors"
	"slices"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/sse"
)

// ErrorKind is the class of an error from the Client, a Stream or an
// EventReader. Its values are the words fixture outcomes, reports and
// suites use; KindOf classes an error. The zero value "" means no error.
type ErrorKind string

// The kinds KindOf returns.
const (
	// KindTooLarge is an event larger than the reader's size cap
	// (*sse.TooLargeError).
	KindTooLarge ErrorKind = "too_large"
	// KindTruncated is input that ends inside an event (*sse.TruncatedError).
	KindTruncated ErrorKind = "truncated"
	// KindDecode is event data that is not the object its name announces,
	// or a done event whose data is not [DONE] (*contract.DecodeError).
	KindDecode ErrorKind = "decode"
	// KindUnknownEvent is an event name outside the catalogue
	// (*contract.UnknownEventError).
	KindUnknownEvent ErrorKind = "unknown_event"
	// KindMissingDone is a stream that ended cleanly without done or error
	// (ErrMissingDone).
	KindMissingDone ErrorKind = "missing_done"
	// KindStreamError is an error the server sent inside a stream
	// (*StreamError).
	KindStreamError ErrorKind = "stream_error"
	// KindPayload is event data that breaks the contract's object rules
	// under CheckPayloads (*PayloadError).
	KindPayload ErrorKind = "payload"
	// KindTrailing is data after the event that ended a stream
	// (*TrailingDataError).
	KindTrailing ErrorKind = "trailing"
	// KindRead is a body that could not be read to its end (*sse.ReadError,
	// *BodyError).
	KindRead ErrorKind = "read"
	// KindAPIError is a non-2xx answer (*APIError).
	KindAPIError ErrorKind = "api_error"
	// KindArgument is a call refused before anything was sent
	// (*ArgumentError).
	KindArgument ErrorKind = "argument"
	// KindTimeout is a request, body or stream that outlasted its time
	// (*TimeoutError, context.DeadlineExceeded).
	KindTimeout ErrorKind = "timeout"
	// KindCanceled is work its caller stopped (context.Canceled,
	// ErrStreamClosed).
	KindCanceled ErrorKind = "canceled"
	// KindOther is any other error.
	KindOther ErrorKind = "other"
)

// errorKinds lists every kind KindOf returns for a non-nil error.
var errorKinds = []ErrorKind{
	KindTooLarge, KindTruncated, KindDecode, KindUnknownEvent, KindMissingDone,
	KindStreamError, KindPayload, KindTrailing, KindRead, KindAPIError,
	KindArgument, KindTimeout, KindCanceled, KindOther,
}

// ErrorKinds returns every kind KindOf returns for a non-nil error, in the
// order of the constants.
func ErrorKinds() []ErrorKind { return append([]ErrorKind(nil), errorKinds...) }

// Valid reports whether k is one of the kinds KindOf returns for a non-nil
// error.
func (k ErrorKind) Valid() bool { return slices.Contains(errorKinds, k) }

// KindOf classes err; it returns "" for nil. A *StreamFormatError is
// classed by its cause, and a stream closed by its caller (ErrStreamClosed)
// is KindCanceled.
func KindOf(err error) ErrorKind {
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
		return KindTooLarge
	case errors.As(err, &truncated):
		return KindTruncated
	case errors.As(err, &decode):
		return KindDecode
	case errors.As(err, &unknown):
		return KindUnknownEvent
	case errors.Is(err, ErrMissingDone):
		return KindMissingDone
	case errors.As(err, &streamErr):
		return KindStreamError
	case errors.As(err, &payload):
		return KindPayload
	case errors.As(err, &trailing):
		return KindTrailing
	case errors.As(err, &api):
		return KindAPIError
	case errors.As(err, &arg):
		return KindArgument
	case errors.As(err, &timeout), errors.Is(err, context.DeadlineExceeded):
		return KindTimeout
	case errors.Is(err, context.Canceled), errors.Is(err, ErrStreamClosed):
		return KindCanceled
	case errors.As(err, &read), errors.As(err, &body):
		return KindRead
	}
	return KindOther
}
