package runs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/sse"
)

func TestKindOf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  error
		want ErrorKind
	}{
		{nil, ""},
		{&StreamFormatError{Err: &sse.TooLargeError{}}, KindTooLarge},
		{&StreamFormatError{Err: &sse.TruncatedError{}}, KindTruncated},
		{&StreamFormatError{Err: &contract.DecodeError{}}, KindDecode},
		{&StreamFormatError{Err: &contract.UnknownEventError{}}, KindUnknownEvent},
		{&StreamFormatError{Err: ErrMissingDone}, KindMissingDone},
		{&StreamFormatError{Err: &StreamError{}}, KindStreamError},
		{&StreamFormatError{Err: &sse.ReadError{Err: io.ErrUnexpectedEOF}}, KindRead},
		{fmt.Errorf("create run: %w", &APIError{StatusCode: 500}), KindAPIError},
		{&ArgumentError{}, KindArgument},
		{&TimeoutError{}, KindTimeout},
		{&StreamFormatError{Err: &TimeoutError{Idle: true}}, KindTimeout},
		{fmt.Errorf("poll: %w", context.DeadlineExceeded), KindTimeout},
		{fmt.Errorf("poll: %w", context.Canceled), KindCanceled},
		{ErrStreamClosed, KindCanceled},
		{&BodyError{Err: io.ErrUnexpectedEOF}, KindRead},
		{&StreamFormatError{Err: &PayloadError{}}, KindPayload},
		{&StreamFormatError{Err: &TrailingDataError{}}, KindTrailing},
		{&StreamFormatError{Err: &BareDoneError{Err: &contract.UnknownEventError{}}}, KindUnknownEvent},
		{errors.New("boom"), KindOther},
	}
	seen := map[ErrorKind]bool{}
	for _, tt := range tests {
		got := KindOf(tt.err)
		if got != tt.want {
			t.Errorf("KindOf(%v): got %q, want %q", tt.err, got, tt.want)
		}
		seen[got] = true
	}
	for _, k := range ErrorKinds() {
		if !seen[k] {
			t.Errorf("kind %q: no case of the table yields it", k)
		}
	}
}

func TestErrorKindValid(t *testing.T) {
	t.Parallel()
	for _, k := range ErrorKinds() {
		if !k.Valid() {
			t.Errorf("%q.Valid(): got false, want true", k)
		}
	}
	for _, k := range []ErrorKind{"", "Timeout", "error_event", "http_503"} {
		if k.Valid() {
			t.Errorf("%q.Valid(): got true, want false", k)
		}
	}
	if got, want := len(ErrorKinds()), 14; got != want {
		t.Errorf("len(ErrorKinds()): got %d, want %d", got, want)
	}
	ks := ErrorKinds()
	ks[0] = "changed"
	if ErrorKinds()[0] != KindTooLarge {
		t.Errorf("ErrorKinds: got a slice shared with the package, want a copy")
	}
}
