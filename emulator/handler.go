package emulator

import (
	"errors"
	"io"
	"net/http"
	"strings"

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
// hook, checks auth, size and the beta header, routes, and turns any
// escaped panic into a 500 as a last line of defence.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	rq := &request{w: w, r: r, reqID: s.reqIDs.next(prefixRequest)}
	var rec *recorder
	if s.cfg.hook != nil {
		rec = &recorder{ResponseWriter: w}
		rq.w = rec
	}
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
// handler.
func (s *Server) dispatch(rq *request) *apiError {
	r := rq.r
	if r.Body != nil {
		body, err := io.ReadAll(http.MaxBytesReader(rq.w, r.Body, s.cfg.maxBody))
		var tooLarge *http.MaxBytesError
		switch {
		case errors.As(err, &tooLarge):
			return errBodyTooLarge(s.cfg.maxBody)
		case err != nil:
			return badRequest("", "Could not read the request body: %v.", err)
		}
		rq.body = body
	}
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
	rq.args = args
	return h(s, rq)
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
	if e.status == http.StatusMethodNotAllowed {
		rq.w.Header().Set("Allow", "GET, POST")
	}
	writeJSON(rq, e.status, appendErrorEnvelope(nil, &e.obj))
}
