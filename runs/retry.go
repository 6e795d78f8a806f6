package runs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/runsuite/runsuite/contract"
)

// errTimeout is the cancellation cause of an attempt that ran out of time.
var errTimeout = errors.New("attempt timed out")

// TimeoutError reports an attempt that did not finish within the client's
// timeout (waiting for the headers, or reading a JSON body), or a stream
// that stayed silent for its idle timeout.
type TimeoutError struct {
	After time.Duration
	Idle  bool // a stream received nothing for After
}

// Error names the timeout.
func (e *TimeoutError) Error() string {
	if e.Idle {
		return fmt.Sprintf("stream idle for %s", e.After)
	}
	return fmt.Sprintf("request timed out after %s", e.After)
}

// Timeout reports true, as net.Error timeouts do.
func (e *TimeoutError) Timeout() bool { return true }

// shouldRetry decides whether an attempt is retried and after what delay
// (CONTRACT §6): x-should-retry overrides everything; otherwise 408, 409,
// 429, 5xx, timeouts and connection errors are retried, while a cancelled
// context and a body that failed after its headers (*BodyError) never are.
func (c *Client) shouldRetry(res *http.Response, err error, attempt int) (bool, time.Duration) {
	if attempt >= c.cfg.maxRetries {
		return false, 0
	}
	if err != nil {
		var (
			arg  *ArgumentError
			body *BodyError
		)
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || errors.As(err, &arg) || errors.As(err, &body) {
			return false, 0
		}
		return true, c.backoff(attempt)
	}
	switch strings.ToLower(res.Header.Get(headerShouldRetry)) {
	case "true":
		return true, c.delay(res.Header, attempt)
	case "false":
		return false, 0
	}
	switch code := res.StatusCode; {
	case code == http.StatusRequestTimeout, code == http.StatusConflict, code == http.StatusTooManyRequests, code >= 500:
		return true, c.delay(res.Header, attempt)
	}
	return false, 0
}

// delay is the server's requested delay when it gives a usable one,
// capped at the client's maximum, else the backoff.
func (c *Client) delay(h http.Header, attempt int) time.Duration {
	if d, ok := retryAfter(h, time.Now()); ok {
		return min(d, c.cfg.maxDelay)
	}
	return c.backoff(attempt)
}

// retryAfter reads retry-after-ms, then retry-after as seconds or as an
// HTTP date; the first finite, non-negative value wins.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	if v := h.Get(headerRetryAfterMillis); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && ms >= 0 && ms < 1e12 {
			return time.Duration(ms * float64(time.Millisecond)), true
		}
	}
	v := h.Get("Retry-After")
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 && s < 1e9 {
		return time.Duration(s * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// backoff is min(initial × 2^attempt, max) × (1 − 0.25·rand).
func (c *Client) backoff(attempt int) time.Duration {
	d := c.cfg.initialDelay << min(attempt, 30)
	if d <= 0 || d > c.cfg.maxDelay {
		d = c.cfg.maxDelay
	}
	return time.Duration(float64(d) * (1 - 0.25*rand.Float64()))
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// NewAPIError reads an answer into an *APIError, as the guarded methods do
// for non-2xx answers, and closes its body. It serves callers of Do, which
// returns raw responses.
func NewAPIError(res *http.Response) *APIError {
	defer res.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(res.Body, maxErrorBody)) // a partial body still tells the status
	e := &APIError{
		StatusCode: res.StatusCode,
		RequestID:  res.Header.Get(headerRequestID),
		Header:     res.Header,
		Body:       body,
	}
	if res.Request != nil {
		e.Method = res.Request.Method
		u := *res.Request.URL
		u.RawQuery = ""
		e.URL = u.String()
	}
	if obj, ok := contract.ErrorEnvelope(body); ok {
		e.Type, e.Message = obj.Type, obj.Message
		if obj.Code != nil {
			e.Code = *obj.Code
		}
		if obj.Param != nil {
			e.Param = *obj.Param
		}
	} else {
		e.Message = strings.TrimSpace(string(body[:min(len(body), 512)]))
	}
	return e
}
