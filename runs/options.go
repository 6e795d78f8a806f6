package runs

import (
	"net/http"
	"os"
	"time"
)

// Defaults of the client (CONTRACT §6).
const (
	DefaultBaseURL         = "https://api.openai.com/v1"
	DefaultMaxRetries      = 2
	DefaultTimeout         = 600 * time.Second
	DefaultInitialDelay    = 500 * time.Millisecond
	DefaultMaxRetryDelay   = 8 * time.Second
	maxErrorBody           = 64 << 10
	maxResponseBody        = 64 << 20
	environmentBaseURL     = "OPENAI_BASE_URL"
	environmentAPIKey      = "OPENAI_API_KEY"
	environmentOrgID       = "OPENAI_ORG_ID"
	environmentProjectID   = "OPENAI_PROJECT_ID"
	headerRetryCount       = "X-Stainless-Retry-Count"
	headerShouldRetry      = "X-Should-Retry"
	headerRequestID        = "X-Request-Id"
	headerRetryAfterMillis = "Retry-After-Ms"
)

// config is what the options set.
type config struct {
	baseURL      string
	apiKey       string
	organization string
	project      string
	httpClient   *http.Client
	maxRetries   int
	timeout      time.Duration
	initialDelay time.Duration
	maxDelay     time.Duration
	headers      http.Header
	idle         time.Duration // the stream idle timeout; see streamIdle
	idleSet      bool          // WithStreamIdleTimeout was given
	// afterFunc starts the client's timers (time.AfterFunc); tests swap
	// it to check that every timer is stopped once its body is closed.
	afterFunc func(time.Duration, func()) *time.Timer
}

// Option configures a Client.
type Option func(*config)

// defaultConfig reads the OPENAI_* environment variables once, when a
// client is built.
func defaultConfig() config {
	base := os.Getenv(environmentBaseURL)
	if base == "" {
		base = DefaultBaseURL
	}
	return config{
		baseURL:      base,
		apiKey:       os.Getenv(environmentAPIKey),
		organization: os.Getenv(environmentOrgID),
		project:      os.Getenv(environmentProjectID),
		httpClient:   http.DefaultClient,
		maxRetries:   DefaultMaxRetries,
		timeout:      DefaultTimeout,
		initialDelay: DefaultInitialDelay,
		maxDelay:     DefaultMaxRetryDelay,
		headers:      http.Header{},
		afterFunc:    time.AfterFunc,
	}
}

// WithBaseURL sets the API base URL, e.g. "http://127.0.0.1:4010/v1"
// (default $OPENAI_BASE_URL, else DefaultBaseURL).
func WithBaseURL(u string) Option { return func(c *config) { c.baseURL = u } }

// WithAPIKey sets the bearer token (default $OPENAI_API_KEY).
func WithAPIKey(key string) Option { return func(c *config) { c.apiKey = key } }

// WithOrganization sets the OpenAI-Organization header (default $OPENAI_ORG_ID).
func WithOrganization(org string) Option { return func(c *config) { c.organization = org } }

// WithProject sets the OpenAI-Project header (default $OPENAI_PROJECT_ID).
func WithProject(project string) Option { return func(c *config) { c.project = project } }

// WithHTTPClient sets the HTTP client requests go through.
func WithHTTPClient(hc *http.Client) Option { return func(c *config) { c.httpClient = hc } }

// WithMaxRetries sets how many times a failed request is retried
// (default 2; 0 disables retries).
func WithMaxRetries(n int) Option { return func(c *config) { c.maxRetries = max(n, 0) } }

// WithTimeout sets the deadline of each attempt (default 600s): the whole
// exchange of a JSON operation, the wait for the headers of a stream. It is
// also a stream's idle timeout unless WithStreamIdleTimeout sets one.
func WithTimeout(d time.Duration) Option { return func(c *config) { c.timeout = d } }

// WithRetryDelay sets the first retry delay and the cap of every delay,
// including the server's Retry-After (defaults 0.5s and 8s).
func WithRetryDelay(initial, maxDelay time.Duration) Option {
	return func(c *config) { c.initialDelay, c.maxDelay = initial, maxDelay }
}

// WithHeader adds a header to every request. It cannot remove or change
// OpenAI-Beta, which every guarded method sends.
func WithHeader(name, value string) Option {
	return func(c *config) { c.headers.Add(name, value) }
}

// WithStreamIdleTimeout ends a stream that receives nothing for d with a
// *TimeoutError (Idle set); the request is not sent again. By default a
// stream may stay silent for the per-attempt timeout (WithTimeout), as
// the SDKs' read timeout allows; d <= 0 lets it wait forever.
func WithStreamIdleTimeout(d time.Duration) Option {
	return func(c *config) { c.idle, c.idleSet = max(d, 0), true }
}

// streamIdle is the idle timeout of streams, 0 for none.
func (c *config) streamIdle() time.Duration {
	if c.idleSet {
		return c.idle
	}
	return max(c.timeout, 0)
}
