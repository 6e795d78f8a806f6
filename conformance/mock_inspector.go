package conformance

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"net/http"
	"regexp"
	"runtime/debug"
	"sync"
	"time"
)

// DefaultMaxFindings is how many findings an Inspector keeps per client
// rule; the rest are only counted.
const DefaultMaxFindings = 50

// Inspector is the validating middleware of conformance mock: it runs
// every client rule on every request, records what they find and what the
// client exercised (Coverage), and passes the request on unchanged, so a
// violating request is still answered and the client goes on. It is safe
// for concurrent use.
type Inspector struct {
	next        http.Handler
	rules       []Check
	maxFindings int
	cov         *coverageCounter

	mu       sync.Mutex
	requests int
	findings map[string][]Finding
	dropped  map[string]int    // findings over maxFindings, by rule
	errs     map[string]string // a rule's first panic, by rule
}

// NewInspector returns the middleware in front of next, keeping at most
// maxFindings findings per rule (DefaultMaxFindings when not positive).
func NewInspector(next http.Handler, maxFindings int) *Inspector {
	if maxFindings <= 0 {
		maxFindings = DefaultMaxFindings
	}
	return &Inspector{
		next: next, rules: ClientRules(), maxFindings: maxFindings, cov: newCoverageCounter(),
		findings: map[string][]Finding{}, dropped: map[string]int{}, errs: map[string]string{},
	}
}

// ServeHTTP inspects r, then serves it through the wrapped handler.
func (in *Inspector) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := readHead(r)
	if err != nil {
		http.Error(w, "could not read the request body", http.StatusBadRequest)
		return
	}
	req := NewRequest(r, body)
	in.Observe(req)
	cw := &countingWriter{ResponseWriter: w, count: in.cov.event}
	in.next.ServeHTTP(cw, r)
}

// readHead reads up to MaxInspectedBody+1 bytes of r's body for the rules
// and puts them back in front of the rest, so the next handler reads the
// body as sent and applies its own size limit.
func readHead(r *http.Request) ([]byte, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	head, err := io.ReadAll(io.LimitReader(r.Body, MaxInspectedBody+1))
	if err != nil {
		return nil, fmt.Errorf("read request body: %w", err)
	}
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(head), r.Body), r.Body}
	return head, nil
}

// Observe runs every client rule on req and records the findings and the
// request in coverage, as ServeHTTP does, for requests captured elsewhere.
func (in *Inspector) Observe(req *Request) {
	in.cov.request(req)
	type hit struct {
		id       string
		findings []Finding
		panicked string
	}
	var hits []hit
	for _, c := range in.rules {
		fs, p := inspectSafely(c, req)
		if len(fs) > 0 || p != "" {
			hits = append(hits, hit{c.ID, fs, p})
		}
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	in.requests++
	for _, h := range hits {
		if h.panicked != "" {
			if _, seen := in.errs[h.id]; !seen {
				in.errs[h.id] = h.panicked
			}
			continue
		}
		room := in.maxFindings - len(in.findings[h.id])
		if room < 0 {
			room = 0
		}
		keep := min(room, len(h.findings))
		for _, f := range h.findings[:keep] {
			in.findings[h.id] = append(in.findings[h.id], scrub(f))
		}
		in.dropped[h.id] += len(h.findings) - keep
	}
}

// keyLike and bearerToken match values that look like API keys (the sk-
// keys of OpenAI and their kin) and the token after "Bearer", also when
// percent-encoded in a query.
var (
	keyLike     = regexp.MustCompile(`\b(sk|rk|sess)-[A-Za-z0-9_\-]{6,}`)
	bearerToken = regexp.MustCompile(`(?i)(bearer(?:\s+|%20|\+))[^\s"',;&]+`)
)

// scrub removes key-like values from a finding before it is kept, so that
// no secret a client sent reaches a report file.
func scrub(f Finding) Finding {
	clean := func(s string) string {
		return keyLike.ReplaceAllString(bearerToken.ReplaceAllString(s, "${1}<redacted>"), "${1}-<redacted>")
	}
	f.Message, f.Request, f.Pointer, f.Expected, f.Got = clean(f.Message), clean(f.Request), clean(f.Pointer), clean(f.Expected), clean(f.Got)
	return f
}

// inspectSafely runs one rule; a panic in it is returned as text, so one
// broken rule never takes the server down.
func inspectSafely(c Check, req *Request) (fs []Finding, panicked string) {
	defer func() {
		if v := recover(); v != nil {
			panicked = fmt.Sprintf("rule panicked on %s: %v\n%s", req.Line(), v, debug.Stack())
		}
	}()
	return c.Inspect(req), ""
}

// Requests returns how many requests were inspected.
func (in *Inspector) Requests() int {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.requests
}

// Coverage returns what the client exercised so far.
func (in *Inspector) Coverage() *Coverage { return in.cov.snapshot() }

// Results returns one Result per client rule, in id order: pass when no
// request broke it, fail (warn for a SHOULD rule) with every kept finding
// otherwise, error when the rule itself panicked. Findings over the cap
// are summed up in a last finding.
func (in *Inspector) Results() []Result {
	in.mu.Lock()
	defer in.mu.Unlock()
	out := make([]Result, 0, len(in.rules))
	for _, c := range in.rules {
		res := resultOf(c)
		res.Findings = append([]Finding(nil), in.findings[c.ID]...)
		if n := in.dropped[c.ID]; n > 0 {
			res.Findings = append(res.Findings, Finding{Message: fmt.Sprintf("%d more findings of this rule not kept (at most %d are)", n, in.maxFindings)})
		}
		switch {
		case in.errs[c.ID] != "":
			res.Status, res.Reason = StatusError, in.errs[c.ID]
		case len(res.Findings) > 0 && c.Level == LevelShould:
			res.Status = StatusWarn
		case len(res.Findings) > 0:
			res.Status = StatusFail
		default:
			res.Status = StatusPass
		}
		out = append(out, res)
	}
	return out
}

// Report returns the mock Report of what was inspected: target describes
// the client, started and d when and how long it ran.
func (in *Inspector) Report(target string, started time.Time, d time.Duration) *Report {
	rep := NewReportAt("mock", target, started)
	rep.Duration = d
	rep.Add(in.Results()...)
	rep.Coverage = in.Coverage()
	return rep
}

// countingWriter passes a response through and counts the events of an
// event-stream response as they are written.
type countingWriter struct {
	http.ResponseWriter
	count   func(name string)
	decided bool
	events  *eventCounter // nil unless the response is an event stream
}

func (c *countingWriter) decide() {
	if c.decided {
		return
	}
	c.decided = true
	if mt, _, err := mime.ParseMediaType(c.Header().Get("Content-Type")); err == nil && mt == "text/event-stream" {
		c.events = &eventCounter{onEvent: c.count}
	}
}

// WriteHeader sends the status, deciding whether the body is a stream.
func (c *countingWriter) WriteHeader(code int) {
	c.decide()
	c.ResponseWriter.WriteHeader(code)
}

// Write sends b, counting events when the body is a stream.
func (c *countingWriter) Write(b []byte) (int, error) {
	c.decide()
	n, err := c.ResponseWriter.Write(b)
	if c.events != nil {
		c.events.Write(b[:n]) //nolint:errcheck // never fails
	}
	return n, err
}

// Flush flushes the underlying writer when it can.
func (c *countingWriter) Flush() {
	if f, ok := c.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (c *countingWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }
