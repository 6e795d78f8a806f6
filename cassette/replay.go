package cassette

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	vcr "gopkg.in/dnaeon/go-vcr.v4/pkg/cassette"
	"gopkg.in/dnaeon/go-vcr.v4/pkg/recorder"
)

// NoMatchError is a request a replayed cassette holds no answer for, with
// how it differs from the nearest interaction not yet replayed.
type NoMatchError struct {
	Cassette string
	Request  string // "METHOD /path?query"
	// Nearest is the index of the nearest interaction not yet replayed, -1
	// when every interaction was replayed already.
	Nearest     int
	Differences []string
}

// Error names the cassette, the request and how it differs from the
// nearest interaction.
func (e *NoMatchError) Error() string {
	if e.Nearest < 0 {
		return fmt.Sprintf("cassette %s holds no interaction for %s: every interaction was replayed already", e.Cassette, e.Request)
	}
	return fmt.Sprintf("cassette %s holds no interaction for %s; nearest is interaction %d: %s",
		e.Cassette, e.Request, e.Nearest, strings.Join(e.Differences, "; "))
}

// Is makes errors.Is(err, go-vcr's ErrInteractionNotFound) true.
func (e *NoMatchError) Is(target error) bool { return target == vcr.ErrInteractionNotFound }

// Replayer is an http.RoundTripper that answers from a go-vcr cassette in
// replay-only mode, matching requests with Match. Each interaction answers
// once, in recorded order among equal requests, so a polling loop replays
// the statuses it saw. A request the cassette does not hold fails with a
// *NoMatchError naming the differing fields. Nothing is ever dialled.
type Replayer struct {
	path string
	rec  *recorder.Recorder
	own  *vcr.Cassette // a second copy, read only, for the differences

	mu     sync.Mutex
	played map[int]bool
}

// NewReplayer loads the go-vcr cassette at path (NAME.yaml) for replay.
func NewReplayer(path string) (*Replayer, error) {
	own, err := Load(path)
	if err != nil {
		return nil, err
	}
	if !strings.HasSuffix(path, ".yaml") {
		return nil, fmt.Errorf("replay %s: a go-vcr cassette file name ends in .yaml", path)
	}
	r := &Replayer{path: path, own: own, played: map[int]bool{}}
	rec, err := recorder.New(strings.TrimSuffix(path, ".yaml"),
		recorder.WithMode(recorder.ModeReplayOnly),
		recorder.WithMatcher(Match),
		recorder.WithSkipRequestLatency(true),
		recorder.WithHook(func(i *vcr.Interaction) error {
			r.mu.Lock()
			r.played[i.ID] = true
			r.mu.Unlock()
			return nil
		}, recorder.BeforeResponseReplayHook),
	)
	if err != nil {
		return nil, fmt.Errorf("replay %s: %w", path, err)
	}
	r.rec = rec
	return r, nil
}

// RoundTrip answers req from the cassette.
func (r *Replayer) RoundTrip(req *http.Request) (*http.Response, error) {
	res, err := r.rec.RoundTrip(req)
	if err == nil {
		return res, nil
	}
	if errors.Is(err, vcr.ErrInteractionNotFound) {
		return nil, r.noMatch(req)
	}
	return nil, fmt.Errorf("replay %s: %w", r.path, err)
}

// noMatch builds the error for a request no unplayed interaction matched.
func (r *Replayer) noMatch(req *http.Request) *NoMatchError {
	line := req.Method + " " + req.URL.EscapedPath()
	if req.URL.RawQuery != "" {
		line += "?" + req.URL.RawQuery
	}
	e := &NoMatchError{Cassette: r.path, Request: line, Nearest: -1}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, it := range r.own.Interactions {
		if r.played[it.ID] {
			continue
		}
		d := Diff(req, it.Request)
		if e.Nearest < 0 || len(d) < len(e.Differences) || (len(d) == len(e.Differences) && sameRoute(d) && !sameRoute(e.Differences)) {
			e.Nearest, e.Differences = it.ID, d
		}
	}
	return e
}

// sameRoute reports whether a list of differences leaves method and path
// equal.
func sameRoute(diffs []string) bool {
	for _, d := range diffs {
		if strings.HasPrefix(d, "method:") || strings.HasPrefix(d, "path:") {
			return false
		}
	}
	return true
}

// Client returns an http.Client whose transport is r.
func (r *Replayer) Client() *http.Client { return &http.Client{Transport: r} }

// Unplayed returns the indexes of the interactions not replayed yet.
func (r *Replayer) Unplayed() []int {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []int
	for _, it := range r.own.Interactions {
		if !r.played[it.ID] {
			out = append(out, it.ID)
		}
	}
	return out
}

// Len returns the number of interactions in the cassette.
func (r *Replayer) Len() int { return len(r.own.Interactions) }

// Stop stops the replay; nothing is written in replay mode.
func (r *Replayer) Stop() error {
	if err := r.rec.Stop(); err != nil {
		return fmt.Errorf("replay %s: %w", r.path, err)
	}
	return nil
}
