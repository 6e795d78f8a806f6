package conformance

import (
	"net/http"
	"time"
)

// Target is the server that server checks run against.
type Target struct {
	// BaseURL is the API base, e.g. "http://127.0.0.1:4010/v1".
	BaseURL string
	// APIKey is sent as the bearer token.
	APIKey string
	// Model is the model name runs are created with; empty sends none.
	Model string
	// HTTPClient carries every request; nil uses a client of its own.
	HTTPClient *http.Client
	// Capabilities, when non-nil, declares which optional features the
	// server has; nil means they are discovered by trying.
	Capabilities map[Capability]bool
}

// Config configures a run of checks. NewConfig returns the defaults.
type Config struct {
	Target Target
	// Parallel is how many checks run at once (at least 1).
	Parallel int
	// Timeout bounds each check; a check still running then is an error.
	Timeout time.Duration
}

// Defaults of Config.
const (
	DefaultParallel = 8
	DefaultTimeout  = 30 * time.Second
)

// NewConfig returns a Config with the defaults and an empty Target.
func NewConfig() Config {
	return Config{Parallel: DefaultParallel, Timeout: DefaultTimeout}
}
