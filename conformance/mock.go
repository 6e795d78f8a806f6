package conformance

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/runsuite/runsuite/emulator"
)

// MockConfig configures a Mock. NewMockConfig returns the defaults.
type MockConfig struct {
	// Listen is the loopback address to serve on, host:port; port 0 picks
	// a free one.
	Listen string
	// Mode is the emulator's mode. NewMockConfig sets lenient, which
	// answers unknown ids with synthesized objects, for clients with fixed
	// ids; the zero value is strict.
	Mode emulator.Mode
	// MaxFindings caps the findings kept per client rule.
	MaxFindings int
	// Emulator holds more options for the emulator behind the middleware
	// (stream shape, seed, clock).
	Emulator []emulator.Option
}

// Defaults of MockConfig and of the server's deadlines.
const (
	DefaultMockListen = "127.0.0.1:0"
	// MockReadTimeout bounds reading one request, body included.
	MockReadTimeout = 30 * time.Second
	// MockWriteTimeout bounds writing one answer, a whole stream included.
	MockWriteTimeout = 5 * time.Minute
	// MockIdleTimeout closes keep-alive connections left idle this long.
	MockIdleTimeout = 2 * time.Minute
	// mockMaxHeaderBytes caps the request line and headers.
	mockMaxHeaderBytes = 64 << 10
	// mockShutdownGrace is how long Close waits for requests in flight.
	mockShutdownGrace = 5 * time.Second
)

// NewMockConfig returns the defaults: a free loopback port, lenient mode,
// DefaultMaxFindings.
func NewMockConfig() MockConfig {
	return MockConfig{Listen: DefaultMockListen, Mode: emulator.ModeLenient, MaxFindings: DefaultMaxFindings}
}

// ErrNotLoopback is returned by StartMock for an address that is not on
// the loopback interface: mock never serves other hosts.
var ErrNotLoopback = errors.New("not a loopback address")

// Mock is the emulator behind the validating Inspector, served on a
// loopback port: what conformance mock runs a client against. Start it
// with StartMock, give the client BaseURL, then Close it and read Report.
type Mock struct {
	// Inspector holds the findings and the coverage.
	Inspector *Inspector

	url     string
	emu     *emulator.Server
	srv     *http.Server
	served  chan error
	started time.Time

	closeOnce sync.Once
	closeErr  error
}

// StartMock starts serving cfg's emulator behind an Inspector on
// cfg.Listen, which must be a loopback address.
func StartMock(cfg MockConfig) (*Mock, error) {
	if cfg.Listen == "" {
		cfg.Listen = DefaultMockListen
	}
	host, _, err := net.SplitHostPort(cfg.Listen)
	if err != nil {
		return nil, fmt.Errorf("listen address %q: %w", cfg.Listen, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, fmt.Errorf("listen address %q: %w", cfg.Listen, ErrNotLoopback)
	}
	l, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", cfg.Listen, err)
	}
	emu := emulator.NewUnstartedServer(append([]emulator.Option{emulator.WithMode(cfg.Mode)}, cfg.Emulator...)...)
	m := &Mock{
		Inspector: NewInspector(emu.Handler(), cfg.MaxFindings),
		url:       "http://" + l.Addr().String(),
		emu:       emu,
		served:    make(chan error, 1),
		started:   time.Now(),
	}
	m.srv = &http.Server{
		Handler:           m.Inspector,
		ReadHeaderTimeout: MockReadTimeout,
		ReadTimeout:       MockReadTimeout,
		WriteTimeout:      MockWriteTimeout,
		IdleTimeout:       MockIdleTimeout,
		MaxHeaderBytes:    mockMaxHeaderBytes,
	}
	go func() { m.served <- m.srv.Serve(l) }()
	return m, nil
}

// URL returns where the mock listens, http://127.0.0.1:PORT.
func (m *Mock) URL() string { return m.url }

// BaseURL returns the base URL to give clients: URL + "/v1".
func (m *Mock) BaseURL() string { return m.url + "/v1" }

// Close stops the server, giving requests in flight a few seconds before
// their connections are cut, and releases the emulator. It may be called
// more than once.
func (m *Mock) Close() error {
	m.closeOnce.Do(func() { m.closeErr = m.close() })
	return m.closeErr
}

func (m *Mock) close() error {
	ctx, cancel := context.WithTimeout(context.Background(), mockShutdownGrace)
	defer cancel()
	err := m.srv.Shutdown(ctx)
	if err != nil {
		err = errors.Join(fmt.Errorf("shut down mock: %w", err), m.srv.Close())
	}
	if serr := <-m.served; serr != nil && !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, fmt.Errorf("serve mock: %w", serr))
	}
	m.emu.Close()
	return err
}

// Report returns the mock Report so far, about the client described by
// target (a command line, or "any client").
func (m *Mock) Report(target string) *Report {
	return m.Inspector.Report(target, m.started, time.Since(m.started))
}
