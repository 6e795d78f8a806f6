package emulator

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Server is a running emulator, shaped like httptest.Server: NewServer
// starts it on a loopback port, URL and BaseURL say where it listens,
// Client returns a client for it and Close stops it.
type Server struct {
	// URL is the base of the server, http://127.0.0.1:PORT, without a
	// trailing slash; it is set by Start. Clients use BaseURL.
	URL string
	// Listener, when set before Start, is the listener the server serves
	// on instead of a new loopback one.
	Listener net.Listener

	cfg     config
	store   *store
	ids     lockedIDGen // assistants, threads, runs
	reqIDs  lockedIDGen // x-request-id, apart so that polling does not shift object ids
	handler http.Handler
	panics  atomic.Int64 // requests that reached the last-resort recover
	faults  *faulter

	mu        sync.Mutex
	srv       *http.Server
	transport *http.Transport
	client    *http.Client
	closed    bool

	// conns holds the open connections and their states
	// (*atomic.Int32 of http.ConnState). A request's state changes touch
	// only its own entry: the accept loop also records every new
	// connection here, and a lock shared with every request would starve
	// it under load.
	conns sync.Map

	fallbackOnce sync.Once
	fallback     *assistant // lenient mode's assistant for runs of unknown ids
}

// NewServer starts and returns a new emulator on 127.0.0.1 and a free
// port. The caller should call Close when finished.
func NewServer(opts ...Option) *Server {
	s := NewUnstartedServer(opts...)
	s.Start()
	return s
}

// NewUnstartedServer returns a new emulator that is not yet serving; call
// Start to serve it, or mount Handler elsewhere.
func NewUnstartedServer(opts ...Option) *Server {
	cfg := newConfig(opts)
	s := &Server{
		cfg:    cfg,
		store:  newStore(),
		ids:    lockedIDGen{gen: newIDGen(cfg.seed, 0x72756e73)},
		reqIDs: lockedIDGen{gen: newIDGen(cfg.seed, 0x72657173)},
		faults: newFaulter(cfg.faults),
	}
	s.handler = http.HandlerFunc(s.serveHTTP)
	s.transport = &http.Transport{
		Proxy:               nil, // never route loopback traffic through a proxy
		DialContext:         (&net.Dialer{Timeout: 30 * time.Second}).DialContext,
		MaxIdleConnsPerHost: 64,
		IdleConnTimeout:     90 * time.Second,
	}
	s.client = &http.Client{Transport: s.transport}
	return s
}

// Start starts serving on Listener, or on a new listener on 127.0.0.1 and a
// free port when Listener is nil. It panics, as httptest does, when no
// port can be had; starting twice does nothing.
func (s *Server) Start() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.srv != nil || s.closed {
		return
	}
	if s.Listener == nil {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			panic(fmt.Sprintf("emulator: failed to listen on a port: %v", err))
		}
		s.Listener = l
	}
	s.URL = "http://" + s.Listener.Addr().String()
	s.srv = &http.Server{
		Handler:           s.handler,
		ConnState:         s.trackConn,
		ReadHeaderTimeout: s.cfg.timeouts.ReadHeader,
		IdleTimeout:       s.cfg.timeouts.Idle,
		MaxHeaderBytes:    MaxHeaderBytes,
	}
	go s.srv.Serve(envelopeListener{idleListener{s.Listener, s.cfg.timeouts.Idle}}) //nolint:errcheck // Serve returns ErrServerClosed after Close
}

// BaseURL returns the URL clients use as their base URL: URL + "/v1".
func (s *Server) BaseURL() string { return s.URL + "/v1" }

// Client returns an HTTP client for the server. Close closes its idle
// connections.
func (s *Server) Client() *http.Client { return s.client }

// Handler returns the emulator's HTTP handler, to mount it in another
// server. Every route lives under /v1/.
func (s *Server) Handler() http.Handler { return s.handler }

// Close stops accepting connections and blocks until every request in
// flight, streams included, has finished. It may be called more than once.
func (s *Server) Close() {
	s.transport.CloseIdleConnections()
	s.mu.Lock()
	s.closed = true
	srv := s.srv
	if srv != nil {
		// As httptest does: connections that carry no request now are
		// closed at once. Shutdown would wait seconds for new ones.
		srv.SetKeepAlivesEnabled(false)
		s.closeConns(func(st http.ConnState) bool { return st == http.StateNew || st == http.StateIdle })
	}
	s.mu.Unlock()
	if srv != nil {
		// Shutdown closes the listener, then waits for the active
		// connections to finish their requests.
		srv.Shutdown(context.Background()) //nolint:errcheck // the context never ends
	}
	s.transport.CloseIdleConnections()
}

// Shutdown stops the server gracefully: it stops accepting connections,
// closes idle ones and waits for the requests in flight to finish. When
// ctx ends first, it cuts every connection left and returns ctx's error;
// streams then end at their next write.
func (s *Server) Shutdown(ctx context.Context) error {
	s.transport.CloseIdleConnections()
	s.mu.Lock()
	s.closed = true
	srv := s.srv
	if srv != nil {
		srv.SetKeepAlivesEnabled(false)
		s.closeConns(func(st http.ConnState) bool { return st == http.StateNew || st == http.StateIdle })
	}
	s.mu.Unlock()
	if srv == nil {
		return nil
	}
	err := srv.Shutdown(ctx)
	if err != nil {
		srv.Close() //nolint:errcheck // the listener is closed already; this cuts the connections
		err = fmt.Errorf("emulator: shutdown: %w", err)
	}
	s.transport.CloseIdleConnections()
	return err
}

// CloseClientConnections closes every connection to the server, cutting
// the requests and streams in flight.
func (s *Server) CloseClientConnections() {
	s.closeConns(func(http.ConnState) bool { return true })
}

// closeConns closes the open connections whose state which selects.
func (s *Server) closeConns(which func(http.ConnState) bool) {
	s.conns.Range(func(k, v any) bool {
		if which(http.ConnState(v.(*atomic.Int32).Load())) {
			k.(net.Conn).Close()
		}
		return true
	})
}

// trackConn keeps the set of open connections for CloseClientConnections.
func (s *Server) trackConn(c net.Conn, state http.ConnState) {
	switch state {
	case http.StateClosed, http.StateHijacked:
		s.conns.Delete(c)
	case http.StateNew:
		st := new(atomic.Int32)
		st.Store(int32(state))
		s.conns.Store(c, st)
	default:
		if v, ok := s.conns.Load(c); ok {
			v.(*atomic.Int32).Store(int32(state))
		}
	}
}

func (s *Server) now() time.Time { return s.cfg.clock.Now() }

func (s *Server) lenient() bool { return s.cfg.mode == ModeLenient }
