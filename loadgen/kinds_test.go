package loadgen

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"syscall"
	"testing"

	"github.com/runsuite/runsuite/runs"
)

func TestClassify(t *testing.T) {
	t.Parallel()
	live := context.Background()
	expired, cancel := context.WithTimeout(context.Background(), 0)
	defer cancel()
	stopped, stop := context.WithCancel(context.Background())
	stop()
	tests := []struct {
		name    string
		err     error
		ctx     context.Context
		stopped bool
		want    string
	}{
		{"nil", nil, live, false, ""},
		{"status", &runs.APIError{StatusCode: 429}, live, false, "http_429"},
		{"set-up", &setupError{err: &runs.APIError{StatusCode: 503}}, live, false, KindSetup},
		{"deadline", fmt.Errorf("read: %w", context.DeadlineExceeded), expired, false, KindTimeout},
		{"stopped", fmt.Errorf("read: %w", context.Canceled), stopped, true, KindCanceled},
		{"set-up cut by the stop", &setupError{err: fmt.Errorf("post /threads: %w", context.Canceled)}, stopped, true, KindCanceled},
		{"reset", fmt.Errorf("post: %w", syscall.ECONNRESET), live, false, KindReset},
		{"eof before an answer", fmt.Errorf("post: %w", io.EOF), live, false, KindReset},
		{"idle connection closed", errors.New(`Post "http://127.0.0.1:1/v1/threads/t/runs": http: server closed idle connection`), live, false, KindReset},
		{"dial", &net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}, live, false, KindConnect},
		{"dial timeout", fmt.Errorf("post: %w", &net.OpError{Op: "dial", Err: os.ErrDeadlineExceeded}), live, false, KindConnect},
		{"missing done", runs.ErrMissingDone, live, false, KindMissingDone},
		{"error event", &runs.StreamError{Event: "error"}, live, false, KindErrorEvent},
		{"not a stream", fmt.Errorf("post: %w", runs.ErrNotEventStream), live, false, KindNotStream},
		{"anything else", errors.New("boom"), live, false, KindOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := classify(tt.err, tt.ctx, tt.stopped); got != tt.want {
				t.Errorf("classify(%v): got %q, want %q", tt.err, got, tt.want)
			}
		})
	}
}
