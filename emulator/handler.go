package emulator

import (
	"errors"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/runsuite/runsuite/contract"
)

// request is what a route handler works on.
type request struct {
	w     http.ResponseWriter
	r     *http.Request
	body  []byte
	args  []string // decoded path arguments
	reqID string
}

// handlerFunc answers one route. It writes the response itself and returns
// nil, or returns the error to answer with.
type handlerFunc func(*Server, *request) *apiError

// serveHTTP is the emulator's handler: it records the exchange for the
// hook, checks auth, the route, the beta header and the body's size,
// routes, and turns any escaped panic into a 500 as a last line of
// defence. After the answer it lets retention forget what is due.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	rq := &request{w: w, r: r, reqID: s.reqIDs.next(prefixRequest)}
	var rec *recorder
	if s.cfg.hook != nil {
		rec = &recorder{ResponseWriter: w}
		rq.w = rec
	}
	rc := http.NewResponseController(w)
	// A deadline for whatever the server writes on this connection now
	// (100 Continue included); each answer sets its own again.
	rc.SetWriteDeadline(time.Now().Add(s.cfg.timeouts.Write)) //nolint:errcheck // not every writer has deadlines
	defer func() {
		v := recover()
		if v != nil && v != http.ErrAbortHandler { //nolint:errorlint // ErrAbortHandler is a sentinel panic value
			s.panics.Add(1)
			if rec == nil || rec.status == 0 {
				writeError(rq, errInternal())
			}
		}
		if rec != nil {
			s.cfg.hook(Exchange{
				Method: r.Method, Path: r.URL.EscapedPath(), RawQuery: r.URL.RawQuery,
				RequestHeader: r.Header.Clone(), RequestBody: rq.body,
				Status: rec.status, ResponseHeader: rec.Header().Clone(), ResponseBody: rec.body.Bytes(),
			})
		}
		// The server flushes the rest of the answer after the handler: give
		// that a deadline too.
		rc.SetWriteDeadline(time.Now().Add(s.cfg.timeouts.Write)) //nolint:errcheck // see above
		s.retain()
		if v == http.ErrAbortHandler { //nolint:errorlint // see above
			panic(v)
		}
	}()
	rq.w.Header().Set("x-request-id", rq.reqID)
	if aerr := s.dispatch(rq); aerr != nil {
		writeError(rq, aerr)
	}
}

// dispatch runs the checks every request goes through and the route's
// handler. The checks that need no body (auth, route, beta header, the
// declared size) come before the body is read, so that a refused request
// costs no read.
func (s *Server) dispatch(rq *request) *apiError {
	aerr := s.check(rq)
	if aerr != nil && rq.r.ContentLength != 0 && rq.body == nil {
		// Refused with its body unread: close the connection rather than
		// wait for a body the server would have to read and throw away.
		rq.w.Header().Set("Connection", "close")
	}
	return aerr
}

// check runs the checks and the handler for dispatch.
func (s *Server) check(rq *request) *apiError {
	r := rq.r
	if s.cfg.requireAuth && !hasBearer(r.Header.Get("Authorization")) {
		return errMissingAuth()
	}
	path := r.URL.EscapedPath()
	rel, ok := strings.CutPrefix(path, "/v1/")
	if !ok {
		return errInvalidURL(r.Method, path)
	}
	h, args, aerr := route(r.Method, rel, path)
	if aerr != nil {
		return aerr
	}
	if !hasBeta(r.Header.Values(contract.BetaHeader)) {
		return errMissingBeta()
	}
	if aerr := s.readBody(rq); aerr != nil {
		return aerr
	}
	// Injected faults come after the body, so that the connection stays
	// usable, as behind a real gateway.
	if aerr := s.faults.requestFault(); aerr != nil {
		return aerr
	}
	rq.args = args
	return h(s, rq)
}

// readBody reads the request body within the body deadline and the size
// cap. A body declared larger than the cap is refused before any of it is
// read (and before a 100 Continue is sent).
func (s *Server) readBody(rq *request) *apiError {
	r := rq.r
	if r.Body == nil || r.Body == http.NoBody {
		return nil
	}
	if r.ContentLength > s.cfg.maxBody {
		rq.w.Header().Set("Connection", "close")
		return errBodyTooLarge(s.cfg.maxBody)
	}
	rc := http.NewResponseController(rq.w)
	rc.SetReadDeadline(time.Now().Add(s.cfg.timeouts.ReadBody)) //nolint:errcheck // not every writer has deadlines
	body, err := io.ReadAll(http.MaxBytesReader(rq.w, r.Body, s.cfg.maxBody))
	// Clear the deadline: the server keeps reading the connection in the
	// background while a stream plays, and a deadline there would end it.
	rc.SetReadDeadline(time.Time{}) //nolint:errcheck // see above
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return errBodyTooLarge(s.cfg.maxBody)
	case errors.Is(err, os.ErrDeadlineExceeded):
		rq.w.Header().Set("Connection", "close")
		return errBodyTimeout(s.cfg.timeouts.ReadBody)
	case err != nil:
		return badRequest("", "Could not read the request body: %v.", err)
	}
	rq.body = body
	return nil
}

func hasBearer(v string) bool {
	scheme, token, ok := strings.Cut(v, " ")
	return ok && strings.EqualFold(scheme, "Bearer") && strings.TrimSpace(token) != ""
}

// hasBeta reports whether the OpenAI-Beta values include assistants=v2;
// the header may list several betas, comma-separated.
func hasBeta(values []string) bool {
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			if strings.TrimSpace(part) == contract.BetaValue {
				return true
			}
		}
	}
	return false
}

// writeJSON answers with a JSON body.
func writeJSON(rq *request, status int, body []byte) {
	h := rq.w.Header()
	h.Set("Content-Type", "application/json")
	rq.w.WriteHeader(status)
	rq.w.Write(body) //nolint:errcheck // a client that went away cannot be told
}

// writeError answers with the error envelope of CONTRACT §9.
func writeError(rq *request, e *apiError) {
	if e.allow != "" {
		rq.w.Header().Set("Allow", e.allow)
	}
	setFaultHeaders(rq.w.Header(), e.fault, e.retryAfter)
	writeJSON(rq, e.status, contract.AppendErrorEnvelope(nil, &e.obj))
}
