package emulator

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Faults are load-level faults the emulator injects at given rates, so
// that load generators and clients can be tested against a server that
// misbehaves the way busy ones do. Each rate is a probability from 0 to 1.
// Decisions come from a generator seeded with Seed: the same seed and the
// same order of requests give the same faults.
//
// Every faulted answer carries the header X-Emulator-Fault naming the
// fault (rate_limited, server_error, unavailable, reset, trickle, stall).
type Faults struct {
	// RateLimited answers a request 429 with retry-after, once its headers
	// and body have been read.
	RateLimited float64
	// ServerError answers a request 500.
	ServerError float64
	// Unavailable answers a request 503 with retry-after.
	Unavailable float64
	// RetryAfter is the retry-after of 429 and 503 answers (default 1s,
	// whole seconds).
	RetryAfter time.Duration

	// Reset cuts a stream's connection after a few events, without done.
	Reset float64
	// Trickle slows a whole stream down: TricklePause between events.
	Trickle float64
	// Stall stops a stream after a few events for StallFor, then goes on.
	Stall float64
	// TricklePause is the pause between the events of a trickling stream
	// (default 20ms).
	TricklePause time.Duration
	// StallFor is how long a stalled stream sends nothing (default 5s).
	StallFor time.Duration

	// Seed seeds the decisions.
	Seed int64
}

// Defaults and bounds of Faults.
const (
	DefaultRetryAfter   = time.Second
	DefaultTricklePause = 20 * time.Millisecond
	DefaultStallFor     = 5 * time.Second
	// MaxFaultDuration bounds RetryAfter, TricklePause and StallFor.
	MaxFaultDuration = 5 * time.Minute
)

// FaultHeader names the fault an answer carries.
const FaultHeader = "X-Emulator-Fault"

// Names of the faults in FaultHeader.
const (
	FaultRateLimited = "rate_limited"
	FaultServerError = "server_error"
	FaultUnavailable = "unavailable"
	FaultReset       = "reset"
	FaultTrickle     = "trickle"
	FaultStall       = "stall"
)

// Validate reports the first rate or duration out of range, and rates
// that add up past 1 (the request faults together, the stream faults
// together).
func (f Faults) Validate() error {
	rates := []struct {
		name string
		v    float64
	}{{"rate-limited", f.RateLimited}, {"server-error", f.ServerError}, {"unavailable", f.Unavailable},
		{"reset", f.Reset}, {"trickle", f.Trickle}, {"stall", f.Stall}}
	for _, r := range rates {
		if !(r.v >= 0 && r.v <= 1) { // NaN too
			return fmt.Errorf("fault rate %s must be between 0 and 1, got %v", r.name, r.v)
		}
	}
	if s := f.RateLimited + f.ServerError + f.Unavailable; s > 1 {
		return fmt.Errorf("the request fault rates (rate-limited, server-error, unavailable) add up to %v, more than 1", s)
	}
	if s := f.Reset + f.Trickle + f.Stall; s > 1 {
		return fmt.Errorf("the stream fault rates (reset, trickle, stall) add up to %v, more than 1", s)
	}
	durs := []struct {
		name string
		v    time.Duration
	}{{"retry-after", f.RetryAfter}, {"trickle pause", f.TricklePause}, {"stall", f.StallFor}}
	for _, d := range durs {
		if d.v < 0 || d.v > MaxFaultDuration {
			return fmt.Errorf("fault %s must be between 0 and %v, got %v", d.name, MaxFaultDuration, d.v)
		}
	}
	return nil
}

// WithFaults injects load-level faults at the given rates (default: none).
// Out-of-range rates are clamped; use Faults.Validate to refuse them.
func WithFaults(f Faults) Option {
	return func(cfg *config) { cfg.faults = f }
}

// faulter draws the faults of requests and streams.
type faulter struct {
	f       Faults
	request bool // any request fault rate is set
	stream  bool // any stream fault rate is set
	mu      sync.Mutex
	rng     *rand.Rand
}

func newFaulter(f Faults) *faulter {
	clamp := func(v *float64) {
		if !(*v >= 0) { // NaN too
			*v = 0
		}
		*v = min(*v, 1)
	}
	for _, v := range []*float64{&f.RateLimited, &f.ServerError, &f.Unavailable, &f.Reset, &f.Trickle, &f.Stall} {
		clamp(v)
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
		*d = min(*d, MaxFaultDuration)
	}
	def(&f.RetryAfter, DefaultRetryAfter)
	def(&f.TricklePause, DefaultTricklePause)
	def(&f.StallFor, DefaultStallFor)
	return &faulter{
		f:       f,
		request: f.RateLimited+f.ServerError+f.Unavailable > 0,
		stream:  f.Reset+f.Trickle+f.Stall > 0,
		rng:     rand.New(rand.NewPCG(uint64(f.Seed), 0x6661756c74)),
	}
}

// requestFault returns the fault to answer a request with, or nil.
func (fl *faulter) requestFault() *apiError {
	if !fl.request {
		return nil
	}
	fl.mu.Lock()
	u := fl.rng.Float64()
	fl.mu.Unlock()
	f := &fl.f
	switch {
	case u < f.RateLimited:
		e := newAPIError(http.StatusTooManyRequests, "requests", "", "rate_limit_exceeded",
			"Rate limit reached for requests. Please try again in %v.", f.RetryAfter)
		e.fault, e.retryAfter = FaultRateLimited, f.RetryAfter
		return e
	case u < f.RateLimited+f.ServerError:
		e := errInternal()
		e.fault = FaultServerError
		return e
	case u < f.RateLimited+f.ServerError+f.Unavailable:
		e := newAPIError(http.StatusServiceUnavailable, typeServer, "", "",
			"The engine is currently overloaded, please try again later.")
		e.fault, e.retryAfter = FaultUnavailable, f.RetryAfter
		return e
	}
	return nil
}

// streamFault is what happens to one stream.
type streamFault struct {
	kind string // "" for none, FaultReset, FaultTrickle or FaultStall
	at   int    // reset and stall: after this many events
}

// Reset and stall happen after 2 to 6 events: every stream of every
// script has more, so the fault always happens mid-stream.
const (
	faultMinEvent = 2
	faultMaxEvent = 6
)

// streamFault draws the fault of a stream.
func (fl *faulter) streamFault() streamFault {
	if !fl.stream {
		return streamFault{}
	}
	fl.mu.Lock()
	u := fl.rng.Float64()
	at := faultMinEvent + fl.rng.IntN(faultMaxEvent-faultMinEvent+1)
	fl.mu.Unlock()
	f := &fl.f
	switch {
	case u < f.Reset:
		return streamFault{kind: FaultReset, at: at}
	case u < f.Reset+f.Trickle:
		return streamFault{kind: FaultTrickle}
	case u < f.Reset+f.Trickle+f.Stall:
		return streamFault{kind: FaultStall, at: at}
	}
	return streamFault{}
}

// setFaultHeaders marks an answer with its fault.
func setFaultHeaders(h http.Header, fault string, retryAfter time.Duration) {
	if fault == "" {
		return
	}
	h.Set(FaultHeader, fault)
	if retryAfter > 0 {
		secs := int64((retryAfter + time.Second - 1) / time.Second)
		h.Set("Retry-After", strconv.FormatInt(secs, 10))
		h.Set("Retry-After-Ms", strconv.FormatInt(retryAfter.Milliseconds(), 10))
	}
}
