package emulator

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestStreamShapeValidateFlush(t *testing.T) {
	t.Parallel()
	tests := []struct {
		shape   StreamShape
		wantErr string // a part of the error; "" for none
	}{
		{StreamShape{}, ""},
		{StreamShape{FlushEvery: 5}, ""},
		{StreamShape{Flush: FlushCoalesced}, ""},
		{StreamShape{FlushEvery: -1}, "flush-every must not be negative"},
		{StreamShape{Flush: FlushCoalesced, FlushEvery: 3}, "flush-every applies to the each-event policy"},
		{StreamShape{Flush: FlushPolicy(9)}, "FlushPolicy(9)"},
	}
	for _, tt := range tests {
		err := tt.shape.Validate()
		if (err == nil) != (tt.wantErr == "") || (err != nil && !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("%+v.Validate(): got %v, want error containing %q", tt.shape, err, tt.wantErr)
		}
	}
}

func TestFlushPolicyString(t *testing.T) {
	t.Parallel()
	for p, want := range map[FlushPolicy]string{FlushEachEvent: "each-event", FlushCoalesced: "coalesced", 7: "FlushPolicy(7)"} {
		if got := p.String(); got != want {
			t.Errorf("FlushPolicy(%d).String(): got %q, want %q", p, got, want)
		}
	}
}

// flushCounter is a ResponseWriter that counts writes and flushes.
type flushCounter struct {
	*httptest.ResponseRecorder
	writes, flushes int
}

func (f *flushCounter) Write(p []byte) (int, error) { f.writes++; return f.ResponseRecorder.Write(p) }
func (f *flushCounter) Flush()                      { f.flushes++ }

// TestStreamFlushPolicy sends events one by one through a stream writer of
// each shape and counts the flushes the connection sees.
func TestStreamFlushPolicy(t *testing.T) {
	t.Parallel()
	const events = 10
	tests := []struct {
		name        string
		shape       StreamShape
		wantFlushes int
	}{
		{"each event (zero value)", StreamShape{}, events},
		{"each event, flush-every 1", StreamShape{FlushEvery: 1}, events},
		{"each event, flush-every 3", StreamShape{FlushEvery: 3}, 4}, // after 3, 6, 9 and at the end
		{"coalesced", StreamShape{Flush: FlushCoalesced}, 1},         // at the end only
		{"coalesced with a pause", StreamShape{Flush: FlushCoalesced, Pause: time.Microsecond}, events},
		{"unknown policy clamps to each event", StreamShape{Flush: FlushPolicy(9)}, events},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := &flushCounter{ResponseRecorder: httptest.NewRecorder()}
			rq := &request{w: w, r: httptest.NewRequest(http.MethodPost, "/v1/threads/t/runs", nil)}
			sw := newStreamWriter(rq, tt.shape.clamped(), time.Second)
			defer func() {
				if sw.timer != nil {
					sw.timer.Stop()
				}
			}()
			em := &emitter{}
			for i := range events {
				em.buf = append(em.buf, "event: thread.run.step.delta\ndata: {}\n\n"...)
				em.events = 1
				if err := sw.send(em, i == events-1); err != nil {
					t.Fatalf("send event %d: %v", i, err)
				}
			}
			if w.flushes != tt.wantFlushes {
				t.Errorf("flushes: got %d, want %d", w.flushes, tt.wantFlushes)
			}
			if got, want := strings.Count(w.Body.String(), "event: "), events; got != want {
				t.Errorf("events written: got %d, want %d", got, want)
			}
		})
	}
}
