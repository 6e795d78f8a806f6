package runs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/runsuite/runsuite/contract"
)

// Client is the reference client of the Runs resource. It is safe for
// concurrent use.
type Client struct {
	cfg   config
	base  *url.URL
	Steps *Steps // the run steps sub-resource
}

// NewClient returns a client configured by opts over the OPENAI_*
// environment defaults.
func NewClient(opts ...Option) *Client {
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	c := &Client{cfg: cfg}
	c.Steps = &Steps{c: c}
	return c
}

// baseURL parses the configured base URL once it is needed, so a bad one
// is reported by the call that uses it.
func (c *Client) baseURL() (*url.URL, error) {
	u, err := url.Parse(strings.TrimRight(c.cfg.baseURL, "/") + "/")
	if err != nil {
		return nil, fmt.Errorf("base URL %q: %w", c.cfg.baseURL, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("base URL %q: scheme must be http or https", c.cfg.baseURL)
	}
	return u, nil
}

// RawRequest is a request Do sends without any guard.
type RawRequest struct {
	PathArgs []string    // path arguments in the operation's order; escaped, never checked
	Query    url.Values  // encoded as is
	Body     []byte      // sent as is; nil sends no body and no Content-Type
	Header   http.Header // applied last: a value replaces the client's, an empty value removes the header (OpenAI-Beta included)
}

// Do sends one attempt of an operation's request as given, bypassing every
// guard, so a checker can send out-of-contract requests on purpose (empty
// ids, dot segments, bad parameters, a missing OpenAI-Beta header). It
// builds the same wire request the guarded methods build, returns the raw
// response whatever its status, and never retries. The caller closes the
// body.
func (c *Client) Do(ctx context.Context, id contract.OperationID, req RawRequest) (*http.Response, error) {
	op, ok := contract.LookupOperation(id)
	if !ok {
		return nil, fmt.Errorf("unknown operation %q", id)
	}
	if ctx == nil {
		return nil, &ArgumentError{Method: "Do", Message: "nil Context"}
	}
	spec := requestSpec{op: op, path: op.FillPath(req.PathArgs...), query: req.Query, body: req.Body, header: req.Header}
	httpReq, err := c.newRequest(ctx, &spec, 0)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op.ID, err)
	}
	res, err := c.cfg.httpClient.Do(httpReq)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op.ID, err)
	}
	return res, nil
}

// requestSpec is everything needed to build one operation's request. It
// goes down the sending functions by pointer: a stream waits for its
// answer at the bottom of them, and copies in every frame would keep its
// goroutine's stack from shrinking (see createSpec).
type requestSpec struct {
	op     contract.Operation
	path   string
	query  url.Values
	body   []byte
	header http.Header // overrides, applied after the client's headers
}

// newRequest builds the HTTP request of one attempt.
func (c *Client) newRequest(ctx context.Context, s *requestSpec, attempt int) (*http.Request, error) {
	base, err := c.baseURL()
	if err != nil {
		return nil, err
	}
	u := base.JoinPath() // copy
	u.RawPath = base.EscapedPath() + s.path
	u.Path, err = url.PathUnescape(u.RawPath)
	if err != nil {
		return nil, fmt.Errorf("path %q: %w", s.path, err)
	}
	u.RawQuery = s.query.Encode()
	var body io.Reader
	if s.body != nil {
		body = bytes.NewReader(s.body)
	}
	req, err := http.NewRequestWithContext(ctx, s.op.Method, u.String(), body)
	if err != nil {
		return nil, err
	}
	h := req.Header
	for name, values := range c.cfg.headers {
		h[name] = append([]string(nil), values...)
	}
	if c.cfg.apiKey != "" {
		h.Set("Authorization", "Bearer "+c.cfg.apiKey)
	}
	if c.cfg.organization != "" {
		h.Set("OpenAI-Organization", c.cfg.organization)
	}
	if c.cfg.project != "" {
		h.Set("OpenAI-Project", c.cfg.project)
	}
	h.Set("User-Agent", userAgent)
	h.Set(contract.BetaHeader, contract.BetaValue)
	h.Set("Accept", "application/json")
	if s.op.Stream {
		h.Set("Accept", "text/event-stream")
		h.Set("Accept-Encoding", "identity")
	}
	if s.body != nil {
		h.Set("Content-Type", "application/json")
	}
	if h.Get(headerRetryCount) == "" { // a caller-set value is kept, as the SDKs do
		h.Set(headerRetryCount, fmt.Sprint(attempt))
	}
	for name, values := range s.header {
		if len(values) == 0 || (len(values) == 1 && values[0] == "") {
			h.Del(name)
			continue
		}
		h[http.CanonicalHeaderKey(name)] = append([]string(nil), values...)
	}
	return req, nil
}

// call sends a guarded request with retries and decodes a JSON answer into
// out.
func (c *Client) call(ctx context.Context, s requestSpec, out any) error {
	_, data, _, err := c.sendFrom(ctx, &s, 0)
	if err != nil {
		return err
	}
	if err := decodeJSON(data, out); err != nil {
		return fmt.Errorf("decode %s response: %w", s.op.Returns, err)
	}
	return nil
}

// send sends a guarded request, retrying as CONTRACT §6 says, and returns a
// 2xx response or an error (*APIError for other statuses).
func (c *Client) send(ctx context.Context, s *requestSpec) (*http.Response, error) {
	res, _, _, err := c.sendFrom(ctx, s, 0)
	return res, err
}

// sendFrom is send starting at attempt number first. For a JSON operation
// it also returns the 2xx body, read inside the attempt; for a stream the
// caller reads the body. It returns the number of the last attempt made.
func (c *Client) sendFrom(ctx context.Context, s *requestSpec, first int) (*http.Response, []byte, int, error) {
	for attempt := first; ; attempt++ {
		res, data, err := c.attempt(ctx, s, attempt)
		retry, delay := c.shouldRetry(res, err, attempt)
		if !retry {
			if err != nil {
				return nil, nil, attempt, err
			}
			if res.StatusCode < 200 || res.StatusCode > 299 {
				return nil, nil, attempt, NewAPIError(res)
			}
			return res, data, attempt, nil
		}
		if res != nil {
			drain(res.Body)
		}
		if err := sleep(ctx, delay); err != nil {
			return nil, nil, attempt, err
		}
	}
}

// attempt sends one try under the per-attempt timeout. The timeout covers
// the whole exchange of a JSON operation, whose 2xx body is read here and
// returned, and the wait for the headers of a stream. The body of any other
// answer is left to the caller; closing it stops the attempt's timer and
// releases its context.
func (c *Client) attempt(ctx context.Context, s *requestSpec, n int) (*http.Response, []byte, error) {
	actx, cancel := context.WithCancelCause(ctx)
	stop := func() bool { return false }
	if c.cfg.timeout > 0 {
		stop = c.cfg.afterFunc(c.cfg.timeout, func() { cancel(errTimeout) }).Stop
	}
	timedOut := func() bool { return errors.Is(context.Cause(actx), errTimeout) && ctx.Err() == nil }
	req, err := c.newRequest(actx, s, n)
	if err != nil {
		stop()
		cancel(nil)
		return nil, nil, err
	}
	res, err := c.cfg.httpClient.Do(req)
	if err != nil {
		stop()
		cancel(nil)
		if timedOut() {
			return nil, nil, &TimeoutError{After: c.cfg.timeout}
		}
		return nil, nil, err
	}
	body := &attemptBody{rc: res.Body, stop: stop, cancel: cancel}
	res.Body = body
	if s.op.Stream {
		stop() // the stream itself may last longer than the timeout
		return res, nil, nil
	}
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return res, nil, nil
	}
	data, err := io.ReadAll(io.LimitReader(body, maxResponseBody+1))
	body.Close()
	switch {
	case err != nil && timedOut():
		return nil, nil, &TimeoutError{After: c.cfg.timeout}
	case err != nil:
		return nil, nil, &BodyError{Read: int64(len(data)), Err: err}
	case len(data) > maxResponseBody:
		return nil, nil, &BodyError{Read: int64(len(data)), Err: fmt.Errorf("response larger than %d bytes", maxResponseBody)}
	}
	return res, data, nil
}

// attemptBody is the body of one attempt's answer. Closing it, once, stops
// the attempt's timer and releases its context; it is safe to call from
// any goroutine.
type attemptBody struct {
	rc     io.ReadCloser
	stop   func() bool
	cancel context.CancelCauseFunc
	once   sync.Once
	err    error
}

// Read reads the response body.
func (b *attemptBody) Read(p []byte) (int, error) { return b.rc.Read(p) }

// Close closes the response body and releases the attempt.
func (b *attemptBody) Close() error {
	b.once.Do(func() {
		b.stop()
		b.err = b.rc.Close()
		b.cancel(nil)
	})
	return b.err
}

// interrupt cancels the attempt's context with cause, which makes a Read
// blocked in another goroutine return; the body stays to be closed.
func (b *attemptBody) interrupt(cause error) { b.cancel(cause) }

// drain reads a little of a body before closing it so the connection can
// be reused.
func drain(body io.ReadCloser) {
	_, _ = io.CopyN(io.Discard, body, 4<<10) // best effort: the body is discarded either way
	body.Close()
}
