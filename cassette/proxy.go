package cassette

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	vcr "gopkg.in/dnaeon/go-vcr.v4/pkg/cassette"
)

// Defaults of the recording proxy.
const (
	// DefaultMaxBodySize caps one recorded request or response body.
	DefaultMaxBodySize = 64 << 20
	// DefaultMaxInteractions caps how many exchanges one proxy records.
	DefaultMaxInteractions = 10000
	// DefaultMaxRecorded caps the bytes of bodies one proxy holds.
	DefaultMaxRecorded = 512 << 20
	// DefaultStreamIdle is how long the proxy waits for the next bytes of
	// an upstream answer before it gives up on it.
	DefaultStreamIdle = 2 * time.Minute
	// DefaultHeaderTimeout is how long the proxy waits for the upstream's
	// response headers.
	DefaultHeaderTimeout = 2 * time.Minute
	// DefaultMaxDuration bounds one exchange, a stream included, from the
	// request to the answer's last byte.
	DefaultMaxDuration = 30 * time.Minute
)

// ErrBodyTooLarge says a body was over the proxy's size cap.
var ErrBodyTooLarge = errors.New("body over the size cap")

// ErrRecordingFull says the proxy held all the bytes it may and recorded
// no more.
var ErrRecordingFull = errors.New("recording over its total size cap")

// hopHeaders are connection-level headers a proxy does not forward
// (RFC 9110 §7.6.1).
var hopHeaders = []string{
	"Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization",
	"Te", "Trailer", "Transfer-Encoding", "Upgrade",
}

// proxyConfig is what ProxyOptions set.
type proxyConfig struct {
	transport       http.RoundTripper
	logger          *slog.Logger
	maxBody         int64
	maxInteractions int
	maxRecorded     int64
	streamIdle      time.Duration
	maxDuration     time.Duration
	origin          string
	headers         map[string]string
	durations       bool
}

// ProxyOption configures a Proxy.
type ProxyOption func(*proxyConfig)

// WithTransport sets the transport requests go upstream through (default:
// a transport of the proxy's own with bounded dial and header waits).
func WithTransport(rt http.RoundTripper) ProxyOption {
	return func(c *proxyConfig) { c.transport = rt }
}

// WithLogger sets where the proxy logs one line per exchange (default:
// nowhere). What it logs is scrubbed.
func WithLogger(l *slog.Logger) ProxyOption {
	return func(c *proxyConfig) { c.logger = l }
}

// WithMaxBodySize caps each request and response body the proxy records
// (default DefaultMaxBodySize). A request over it is refused with 413; a
// response over it is still passed on whole but not recorded, and Cassette
// reports ErrBodyTooLarge.
func WithMaxBodySize(n int64) ProxyOption {
	return func(c *proxyConfig) { c.maxBody = n }
}

// WithMaxInteractions caps how many exchanges the proxy forwards and
// records (default DefaultMaxInteractions); later ones are refused with 503.
func WithMaxInteractions(n int) ProxyOption {
	return func(c *proxyConfig) { c.maxInteractions = n }
}

// WithMaxRecorded caps the total bytes of the bodies the proxy holds
// (default DefaultMaxRecorded); exchanges past it are passed on but not
// recorded, and Cassette reports ErrRecordingFull.
func WithMaxRecorded(n int64) ProxyOption {
	return func(c *proxyConfig) { c.maxRecorded = n }
}

// WithStreamIdle sets how long the proxy waits for more bytes of an
// upstream answer (default DefaultStreamIdle).
func WithStreamIdle(d time.Duration) ProxyOption {
	return func(c *proxyConfig) { c.streamIdle = d }
}

// WithMaxDuration bounds each exchange, from the request to the answer's
// last byte (default DefaultMaxDuration); an answer still going then is cut.
func WithMaxDuration(d time.Duration) ProxyOption {
	return func(c *proxyConfig) { c.maxDuration = d }
}

// WithRecordedOrigin records URLs under origin (scheme://host:port) instead
// of the upstream's, so that recordings of a server on a random port are
// reproducible.
func WithRecordedOrigin(origin string) ProxyOption {
	return func(c *proxyConfig) { c.origin = strings.TrimSuffix(origin, "/") }
}

// WithRecordedHeader records header name, in requests and responses that
// carry it, with value instead of what was sent; an empty value leaves the
// header out. It is for values that change from run to run (Date, a
// User-Agent naming the Go version); the traffic itself is not changed.
func WithRecordedHeader(name, value string) ProxyOption {
	return func(c *proxyConfig) {
		if c.headers == nil {
			c.headers = map[string]string{}
		}
		c.headers[http.CanonicalHeaderKey(name)] = value
	}
}

// WithoutDurations records every response duration as zero, for
// reproducible cassettes (and replays that never wait).
func WithoutDurations() ProxyOption {
	return func(c *proxyConfig) { c.durations = false }
}

// Proxy is a recording reverse proxy: an http.Handler that forwards each
// request to an upstream server, passes the answer back as it arrives (a
// stream is flushed to the client after every read, so each event reaches
// the client when the server sends it) and records the whole exchange,
// scrubbed, for a go-vcr cassette. It is safe for concurrent use.
type Proxy struct {
	upstream *url.URL
	cfg      proxyConfig
	inflight sync.WaitGroup // exchanges being forwarded

	mu           sync.Mutex
	started      int   // exchanges accepted, for the cap
	recorded     int64 // body bytes held
	interactions []*vcr.Interaction
	errs         []error
}

// NewProxy returns a Proxy in front of the server at upstream, an absolute
// http(s) URL; its path (e.g. /v1) is where clients' base URL points.
func NewProxy(upstream string, opts ...ProxyOption) (*Proxy, error) {
	u, err := url.Parse(upstream)
	if err != nil {
		return nil, fmt.Errorf("proxy upstream: %w", err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("proxy upstream %q: want an absolute http or https URL", upstream)
	}
	cfg := proxyConfig{
		maxBody:         DefaultMaxBodySize,
		maxInteractions: DefaultMaxInteractions,
		maxRecorded:     DefaultMaxRecorded,
		streamIdle:      DefaultStreamIdle,
		maxDuration:     DefaultMaxDuration,
		durations:       true,
		logger:          slog.New(slog.DiscardHandler),
	}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.transport == nil {
		cfg.transport = &http.Transport{
			Proxy:                 nil,
			ResponseHeaderTimeout: DefaultHeaderTimeout,
			TLSHandshakeTimeout:   10 * time.Second,
			IdleConnTimeout:       90 * time.Second,
			MaxIdleConnsPerHost:   16,
			ForceAttemptHTTP2:     true,
		}
	}
	if cfg.maxBody <= 0 || cfg.maxInteractions <= 0 || cfg.maxRecorded <= 0 || cfg.streamIdle <= 0 || cfg.maxDuration <= 0 {
		return nil, errors.New("proxy: size caps and idle time must be positive")
	}
	return &Proxy{upstream: u, cfg: cfg}, nil
}

// Upstream returns the upstream base URL.
func (p *Proxy) Upstream() *url.URL { u := *p.upstream; return &u }

// ServeHTTP forwards one request and records the exchange.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.inflight.Add(1)
	defer p.inflight.Done()
	start := time.Now()
	if !p.admit() {
		p.fail(w, r, http.StatusServiceUnavailable, fmt.Errorf("more than %d exchanges", p.cfg.maxInteractions))
		return
	}
	reqBody, err := io.ReadAll(http.MaxBytesReader(w, r.Body, p.cfg.maxBody))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			p.fail(w, r, http.StatusRequestEntityTooLarge, fmt.Errorf("request body: %w", ErrBodyTooLarge))
			return
		}
		p.fail(w, r, http.StatusBadRequest, fmt.Errorf("read request body: %w", err))
		return
	}

	// The upstream answer may stall: a timer reset on every read cancels it
	// after streamIdle without bytes.
	ctx, cancel := context.WithTimeout(r.Context(), p.cfg.maxDuration)
	defer cancel()
	idle := time.AfterFunc(p.cfg.streamIdle, cancel)
	defer idle.Stop()

	out, err := http.NewRequestWithContext(ctx, r.Method, p.target(r.URL), bytes.NewReader(reqBody))
	if err != nil {
		p.fail(w, r, http.StatusBadRequest, err)
		return
	}
	out.Header = r.Header.Clone()
	removeHop(out.Header)
	// net/http then asks for gzip itself and hands back plain bytes, so the
	// client and the cassette both see readable bodies.
	out.Header.Del("Accept-Encoding")
	out.ContentLength = int64(len(reqBody))
	res, err := p.cfg.transport.RoundTrip(out)
	if err != nil {
		p.fail(w, r, http.StatusBadGateway, fmt.Errorf("upstream: %w", err))
		return
	}
	defer res.Body.Close()

	header := res.Header.Clone()
	removeHop(header)
	if res.Uncompressed {
		header.Del("Content-Length")
		header.Del("Content-Encoding")
	}
	for k, vs := range header {
		w.Header()[k] = vs
	}
	w.WriteHeader(res.StatusCode)
	rc := http.NewResponseController(w)
	_ = rc.Flush() // the headers go out now, before the first event; a writer that cannot flush still answers
	var recorded bytes.Buffer
	overflow := false
	buf := make([]byte, 32<<10)
	var readErr, writeErr error
	for {
		idle.Reset(p.cfg.streamIdle)
		n, err := res.Body.Read(buf)
		if n > 0 {
			if int64(recorded.Len()+n) <= p.cfg.maxBody {
				recorded.Write(buf[:n])
			} else {
				overflow = true
			}
			_ = rc.SetWriteDeadline(time.Now().Add(p.cfg.streamIdle)) // unsupported writers just keep their own deadline
			if _, writeErr = w.Write(buf[:n]); writeErr == nil {
				writeErr = rc.Flush()
				if errors.Is(writeErr, http.ErrNotSupported) {
					writeErr = nil
				}
			}
			if writeErr != nil {
				break
			}
		}
		if err != nil {
			if !errors.Is(err, io.EOF) {
				readErr = err
			}
			break
		}
	}

	line := p.logLine(r)
	switch {
	case writeErr != nil:
		p.cfg.logger.Warn("client went away; exchange not recorded", "request", line, "error", writeErr.Error())
		return
	case overflow:
		p.addErr(fmt.Errorf("%s: response body: %w (%d bytes)", line, ErrBodyTooLarge, p.cfg.maxBody))
		p.cfg.logger.Warn("response over the size cap; exchange not recorded", "request", line)
		return
	}
	it := p.interaction(r, reqBody, res, header, recorded.Bytes(), time.Since(start))
	p.add(it)
	if readErr != nil {
		p.cfg.logger.Warn("upstream broke off the answer; recorded what arrived", "request", line, "status", res.StatusCode,
			"bytes", recorded.Len(), "error", ScrubString(readErr.Error()))
		// Pass the broken connection on, as the server broke it.
		panic(http.ErrAbortHandler)
	}
	p.cfg.logger.Info("recorded", "request", line, "status", res.StatusCode, "bytes", recorded.Len(), "duration", time.Since(start).Round(time.Millisecond).String())
}

// target is the upstream URL of a request for path and query u.
func (p *Proxy) target(u *url.URL) string {
	t := url.URL{Scheme: p.upstream.Scheme, Host: p.upstream.Host, Path: u.Path, RawPath: u.RawPath, RawQuery: u.RawQuery}
	return t.String()
}

// interaction builds the recorded interaction of one exchange.
func (p *Proxy) interaction(r *http.Request, reqBody []byte, res *http.Response, header http.Header, body []byte, d time.Duration) *vcr.Interaction {
	rawURL := p.target(r.URL)
	host := p.upstream.Host
	if p.cfg.origin != "" {
		rawURL = p.cfg.origin + strings.TrimPrefix(rawURL, p.upstream.Scheme+"://"+p.upstream.Host)
		if o, err := url.Parse(p.cfg.origin); err == nil {
			host = o.Host
		}
	}
	if !p.cfg.durations {
		d = 0
	}
	it := &vcr.Interaction{
		Request: vcr.Request{
			Proto:         r.Proto,
			ProtoMajor:    r.ProtoMajor,
			ProtoMinor:    r.ProtoMinor,
			ContentLength: int64(len(reqBody)),
			Host:          host,
			Body:          string(reqBody),
			Headers:       p.recordedHeader(r.Header),
			URL:           rawURL,
			Method:        r.Method,
		},
		Response: vcr.Response{
			Proto:         res.Proto,
			ProtoMajor:    res.ProtoMajor,
			ProtoMinor:    res.ProtoMinor,
			ContentLength: int64(len(body)),
			Uncompressed:  res.Uncompressed,
			Body:          string(body),
			Headers:       p.recordedHeader(header),
			Status:        res.Status,
			Code:          res.StatusCode,
			Duration:      d,
		},
	}
	Scrub(it)
	return it
}

// recordedHeader is h as it is recorded: a copy, with WithRecordedHeader
// values applied.
func (p *Proxy) recordedHeader(h http.Header) http.Header {
	out := h.Clone()
	if out == nil {
		out = http.Header{}
	}
	for name, value := range p.cfg.headers {
		if _, ok := out[name]; !ok {
			continue
		}
		if value == "" {
			delete(out, name)
		} else {
			out[name] = []string{value}
		}
	}
	return out
}

// fail answers a request the proxy could not forward with a JSON error
// envelope, and logs it. Nothing is recorded: no answer came from upstream.
func (p *Proxy) fail(w http.ResponseWriter, r *http.Request, status int, err error) {
	msg := ScrubString(err.Error())
	p.cfg.logger.Warn("not forwarded", "request", p.logLine(r), "status", status, "error", msg)
	body, err := json.Marshal(map[string]any{"error": map[string]any{
		"message": "recording proxy: " + msg, "type": "proxy_error", "param": nil, "code": nil}})
	if err != nil { // a map of strings and nils always marshals
		body = []byte(`{"error":{"message":"recording proxy","type":"proxy_error","param":null,"code":null}}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(append(body, '\n')) //nolint:errcheck // the client may be gone; nothing else to tell it
}

// logLine renders a request for the log, scrubbed.
func (p *Proxy) logLine(r *http.Request) string {
	return r.Method + " " + ScrubURL(r.URL.RequestURI())
}

// admit counts one more exchange, and reports false once the cap is reached.
func (p *Proxy) admit() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.started >= p.cfg.maxInteractions {
		return false
	}
	p.started++
	return true
}

// add keeps a recorded interaction, unless the total cap is reached.
func (p *Proxy) add(it *vcr.Interaction) {
	size := int64(len(it.Request.Body) + len(it.Response.Body))
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.recorded+size > p.cfg.maxRecorded {
		p.errs = append(p.errs, fmt.Errorf("%s %s: %w (%d bytes)", it.Request.Method, it.Request.URL, ErrRecordingFull, p.cfg.maxRecorded))
		return
	}
	p.recorded += size
	p.interactions = append(p.interactions, it)
}

func (p *Proxy) addErr(err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.errs = append(p.errs, err)
}

// Wait waits until no exchange is being forwarded, or until timeout; it
// reports whether none is. Call it after the server stopped accepting
// requests, so that Cassette holds every exchange that was answered.
func (p *Proxy) Wait(timeout time.Duration) bool {
	done := make(chan struct{})
	go func() {
		p.inflight.Wait()
		close(done)
	}()
	select {
	case <-done:
		return true
	case <-time.After(timeout):
		return false
	}
}

// Len returns how many exchanges were recorded so far.
func (p *Proxy) Len() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.interactions)
}

// Cassette returns a cassette named name holding the exchanges recorded so
// far, in the order their answers ended. The error joins what could not be
// recorded (ErrBodyTooLarge); the cassette holds the rest.
func (p *Proxy) Cassette(name string) (*vcr.Cassette, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	c := vcr.New(strings.TrimSuffix(name, ".yaml"))
	for _, it := range p.interactions {
		cp := *it
		c.AddInteraction(&cp)
	}
	return c, errors.Join(p.errs...)
}

// removeHop deletes hop-by-hop headers and those named in Connection.
func removeHop(h http.Header) {
	for _, v := range h.Values("Connection") {
		for name := range strings.SplitSeq(v, ",") {
			h.Del(strings.TrimSpace(name))
		}
	}
	for _, name := range hopHeaders {
		h.Del(name)
	}
}
