package cassette

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Deadlines of the recording proxy's server. Writes get a fresh deadline
// before every chunk (see Proxy), so a long stream is never cut while its
// events keep coming.
const (
	serverReadHeaderTimeout = 10 * time.Second
	serverReadTimeout       = 2 * time.Minute
	serverWriteTimeout      = 2 * time.Minute
	serverIdleTimeout       = 2 * time.Minute
	serverMaxHeaderBytes    = 1 << 20
	shutdownGrace           = 5 * time.Second
)

// Server serves a Proxy on a loopback address.
type Server struct {
	// URL is where the proxy listens, http://127.0.0.1:PORT.
	URL string

	proxy *Proxy
	srv   *http.Server
	done  chan error

	closeOnce sync.Once
	closeErr  error
}

// Serve starts serving p on addr, a loopback host:port ("" means
// 127.0.0.1:0, a free port). Any other host is refused: the proxy is
// meant for the machine it runs on.
func Serve(p *Proxy, addr string) (*Server, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("proxy listen address %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, fmt.Errorf("proxy listen address %q: want a loopback address", addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("proxy listen: %w", err)
	}
	s := &Server{
		URL:   "http://" + ln.Addr().String(),
		proxy: p,
		srv: &http.Server{
			Handler:           p,
			ReadHeaderTimeout: serverReadHeaderTimeout,
			ReadTimeout:       serverReadTimeout,
			WriteTimeout:      serverWriteTimeout,
			IdleTimeout:       serverIdleTimeout,
			MaxHeaderBytes:    serverMaxHeaderBytes,
		},
		done: make(chan error, 1),
	}
	go func() { s.done <- s.srv.Serve(ln) }()
	return s, nil
}

// BaseURL is the base URL to give clients: the proxy's URL with the
// upstream's path, e.g. http://127.0.0.1:PORT/v1.
func (s *Server) BaseURL() string {
	return s.URL + strings.TrimSuffix(s.proxy.upstream.EscapedPath(), "/")
}

// Close stops the server, waiting up to a few seconds for exchanges in
// flight, then cutting them. Later calls return the first one's result.
func (s *Server) Close() error {
	s.closeOnce.Do(func() { s.closeErr = s.close() })
	return s.closeErr
}

func (s *Server) close() error {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	err := s.srv.Shutdown(ctx)
	if err != nil {
		err = errors.Join(err, s.srv.Close())
	}
	if serr := <-s.done; serr != nil && !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	// Shutdown may return while a handler whose client already hung up is
	// still finishing its record; wait for it, boundedly.
	if !s.proxy.Wait(shutdownGrace) {
		err = errors.Join(err, errors.New("exchanges still in flight after shutdown"))
	}
	if err != nil {
		return fmt.Errorf("proxy close: %w", err)
	}
	return nil
}
