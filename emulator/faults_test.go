package emulator

import (
	"fmt"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/runs"
)

// withinRate fails the test unless got of n is within five standard
// deviations of rate (the decisions are seeded, so the test is stable;
// the bound keeps it honest for any seed).
func withinRate(t *testing.T, what string, got, n int, rate float64) {
	t.Helper()
	mean := rate * float64(n)
	sd := math.Sqrt(float64(n) * rate * (1 - rate))
	if math.Abs(float64(got)-mean) > 5*sd+1 {
		t.Errorf("%s: got %d of %d, want about %.0f (rate %v)", what, got, n, mean, rate)
	}
}

// TestRequestFaultsAtTheirRates checks that 429, 500 and 503 answers come
// at their rates, as envelopes, with retry-after where due.
func TestRequestFaultsAtTheirRates(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithFaults(Faults{RateLimited: 0.2, ServerError: 0.1, Unavailable: 0.05, RetryAfter: 1500 * time.Millisecond, Seed: 3}))
	c := newClient(t, s)
	const n = 2000
	counts := map[int]int{}
	for range n {
		resp, data := c.send("GET", "/threads/thread_none", nil)
		counts[resp.StatusCode]++
		if resp.StatusCode == http.StatusNotFound {
			if f := resp.Header.Get(FaultHeader); f != "" {
				t.Fatalf("a plain 404 carries %s: %s", FaultHeader, f)
			}
			continue
		}
		checkEnvelope(t, "fault", resp, data, resp.StatusCode)
		wantFault, retry := map[int]string{429: FaultRateLimited, 500: FaultServerError, 503: FaultUnavailable}[resp.StatusCode], resp.StatusCode != 500
		if got := resp.Header.Get(FaultHeader); got != wantFault {
			t.Fatalf("status %d: %s %q, want %q", resp.StatusCode, FaultHeader, got, wantFault)
		}
		if got := resp.Header.Get("Retry-After"); retry && got != "2" || !retry && got != "" {
			t.Fatalf("status %d: Retry-After %q", resp.StatusCode, got)
		}
		if got := resp.Header.Get("Retry-After-Ms"); retry && got != "1500" {
			t.Fatalf("status %d: Retry-After-Ms %q, want 1500", resp.StatusCode, got)
		}
	}
	withinRate(t, "429", counts[429], n, 0.2)
	withinRate(t, "500", counts[500], n, 0.1)
	withinRate(t, "503", counts[503], n, 0.05)
	if counts[404]+counts[429]+counts[500]+counts[503] != n {
		t.Errorf("unexpected statuses: %v", counts)
	}
}

// TestStreamFaultsAtTheirRates checks that streams are cut, slowed and
// stalled at their rates: a cut stream ends without done, the others end
// with it.
func TestStreamFaultsAtTheirRates(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithStreamShape(StreamShape{Deltas: 4}),
		WithFaults(Faults{Reset: 0.3, Trickle: 0.2, Stall: 0.1, TricklePause: time.Millisecond, StallFor: 5 * time.Millisecond, Seed: 9}))
	c := newClient(t, s)
	a := c.mustAssistant()
	b := fmt.Sprintf(`{"assistant_id":%q,"stream":true,"thread":{"messages":[{"role":"user","content":"hi"}]}}`, a.ID)
	const n = 400
	counts := map[string]int{}
	for range n {
		req, err := http.NewRequest("POST", s.BaseURL()+"/threads/runs", strings.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		req.Header = c.header.Clone()
		resp, err := s.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		fault := resp.Header.Get(FaultHeader)
		counts[fault]++
		er := runs.NewEventReader(resp.Body)
		var last contract.EventName
		events := 0
		for er.Next() {
			last = er.Event().Name
			events++
		}
		resp.Body.Close()
		switch {
		case fault == FaultReset && (er.Err() == nil || last == contract.EventDone || events < faultMinEvent):
			t.Fatalf("reset stream: %d events, last %s, error %v; want it cut mid-stream", events, last, er.Err())
		case fault != FaultReset && (er.Err() != nil || last != contract.EventDone):
			t.Fatalf("%q stream: last %s, error %v; want it to end with done", fault, last, er.Err())
		}
	}
	withinRate(t, "reset", counts[FaultReset], n, 0.3)
	withinRate(t, "trickle", counts[FaultTrickle], n, 0.2)
	withinRate(t, "stall", counts[FaultStall], n, 0.1)
}

// TestFaultsAreSeeded checks that the same seed and the same requests
// give the same faults.
func TestFaultsAreSeeded(t *testing.T) {
	t.Parallel()
	sequence := func(seed int64) string {
		s := newTestServer(t, WithFaults(Faults{RateLimited: 0.3, Unavailable: 0.3, Seed: seed}))
		c := newClient(t, s)
		var sb strings.Builder
		for range 50 {
			resp, _ := c.send("GET", "/threads/thread_none", nil)
			fmt.Fprintf(&sb, "%d ", resp.StatusCode)
		}
		return sb.String()
	}
	if a, b := sequence(1), sequence(1); a != b {
		t.Errorf("same seed, different faults:\n%s\n%s", a, b)
	}
	if a, b := sequence(1), sequence(2); a == b {
		t.Errorf("different seeds, same 50 faults: %s", a)
	}
}

// TestStalledStreamResumes checks a stall: nothing arrives for StallFor,
// then the stream goes on to done.
func TestStalledStreamResumes(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithFaults(Faults{Stall: 1, StallFor: 300 * time.Millisecond}))
	c := newClient(t, s)
	a := c.mustAssistant()
	th := c.mustThread("hello")
	start := time.Now()
	evs := c.stream("/threads/"+th.ID+"/runs", body{"assistant_id": a.ID, "stream": true})
	if took := time.Since(start); took < 300*time.Millisecond {
		t.Errorf("stalled stream took %v, want at least the 300ms stall", took)
	}
	if evs[len(evs)-1].Name != contract.EventDone {
		t.Errorf("stalled stream: got %v, want it to end with done", names(evs))
	}
}

// TestFaultsValidate checks the bounds of Faults.
func TestFaultsValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		f    Faults
		want string // "" for valid
	}{
		{"none", Faults{}, ""},
		{"all at once", Faults{RateLimited: 0.5, ServerError: 0.25, Unavailable: 0.25, Reset: 1}, ""},
		{"negative", Faults{Reset: -0.1}, "fault rate reset"},
		{"NaN", Faults{Stall: math.NaN()}, "fault rate stall"},
		{"requests past 1", Faults{RateLimited: 0.7, ServerError: 0.7}, "request fault rates"},
		{"streams past 1", Faults{Trickle: 0.7, Stall: 0.7}, "stream fault rates"},
		{"long stall", Faults{StallFor: time.Hour}, "fault stall"},
	}
	for _, tt := range tests {
		err := tt.f.Validate()
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("%s: got %v, want %q", tt.name, err, tt.want)
		}
	}
}
