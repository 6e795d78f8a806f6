package emulator

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/runs"
)

// benchDeltas makes streams long enough that per-request costs do not
// dominate.
const benchDeltas = 1000

// benchStream is one streamed create-thread-and-run request against s.
type benchStream struct {
	s    *Server
	body string
}

func newBenchStream(b *testing.B, shape StreamShape) *benchStream {
	b.Helper()
	s := NewServer(WithStreamShape(shape))
	b.Cleanup(s.Close)
	c := newClient(b, s)
	a := c.mustAssistant()
	return &benchStream{s: s, body: fmt.Sprintf(`{"assistant_id":%q,"stream":true,"thread":{"messages":[{"role":"user","content":"benchmark"}]}}`, a.ID)}
}

// open sends the request and returns the streaming response.
func (bs *benchStream) open(b *testing.B) *http.Response {
	req, err := http.NewRequest("POST", bs.s.BaseURL()+"/threads/runs", strings.NewReader(bs.body))
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set(contract.BetaHeader, contract.BetaValue)
	req.Header.Set("Content-Type", "application/json")
	resp, err := bs.s.Client().Do(req)
	if err != nil {
		b.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		b.Fatalf("status %d", resp.StatusCode)
	}
	return resp
}

// countEvents decodes one stream to learn how many events each carries.
func (bs *benchStream) countEvents(b *testing.B) int {
	resp := bs.open(b)
	defer resp.Body.Close()
	er := runs.NewEventReader(resp.Body)
	n := 0
	for er.Next() {
		n++
	}
	if err := er.Err(); err != nil {
		b.Fatal(err)
	}
	return n
}

// targetServeRatio: the emulator must serve at least this many times the
// events per second the client decodes on one core, so it is never the
// bottleneck of a load run (issue 4).
const targetServeRatio = 3.0

// BenchmarkEmulatorStream measures the events per second the emulator
// serves and compares them with what runsuite's client decodes on one core:
//   - loopback/flush=1: over loopback to a reader that discards, one flush
//     (one write syscall) per event, the default;
//   - loopback/FlushCoalesced: the same with the load-run flush policy;
//   - handler: the emulator's own cost, one core, into a discarding
//     ResponseWriter (no kernel), the figure comparable with client-decode;
//   - client-decode: runs.EventReader decoding the same stream's bytes from
//     memory on one core.
func BenchmarkEmulatorStream(b *testing.B) {
	var handler, loop, client float64
	for _, flush := range []FlushPolicy{FlushEachEvent, FlushCoalesced} {
		name := "loopback/flush=1"
		if flush == FlushCoalesced {
			name = "loopback/coalesced"
		}
		b.Run(name, func(b *testing.B) {
			bs := newBenchStream(b, StreamShape{Deltas: benchDeltas, Flush: flush})
			perStream := bs.countEvents(b)
			b.ReportAllocs()
			var bytes int64
			for b.Loop() {
				resp := bs.open(b)
				n, err := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if err != nil {
					b.Fatal(err)
				}
				bytes += n
			}
			b.SetBytes(bytes / int64(b.N))
			rate := float64(perStream*b.N) / b.Elapsed().Seconds()
			b.ReportMetric(rate, "events/s")
			if flush == FlushCoalesced {
				loop = rate
			}
		})
	}
	b.Run("handler", func(b *testing.B) {
		bs := newBenchStream(b, StreamShape{Deltas: benchDeltas})
		perStream := bs.countEvents(b)
		h := bs.s.Handler()
		b.ReportAllocs()
		for b.Loop() {
			req := httptest.NewRequest("POST", "/v1/threads/runs", strings.NewReader(bs.body))
			req.Header.Set(contract.BetaHeader, contract.BetaValue)
			w := &discardWriter{header: http.Header{}}
			h.ServeHTTP(w, req)
			if w.status != http.StatusOK {
				b.Fatalf("status %d", w.status)
			}
		}
		handler = float64(perStream*b.N) / b.Elapsed().Seconds()
		b.ReportMetric(handler, "events/s")
	})
	b.Run("client-decode", func(b *testing.B) {
		client = decodeRate(b, streamBytes(b, newBenchStream(b, StreamShape{Deltas: benchDeltas})))
	})
	if handler > 0 && client > 0 {
		fmt.Printf("BenchmarkEmulatorStream ratio: emulator %.0f events/s per core / client decode %.0f events/s per core = %.1fx (target >= %.0fx)\n",
			handler, client, handler/client, targetServeRatio)
		if loop > 0 {
			fmt.Printf("BenchmarkEmulatorStream loopback: coalesced streams %.0f events/s with the reading client on the same cores = %.1fx the client's decode rate\n", loop, loop/client)
		}
		if handler/client < targetServeRatio {
			b.Errorf("the emulator serves %.1fx what the client decodes per core, below the %.0fx target", handler/client, targetServeRatio)
		}
	}
}

// discardWriter is a ResponseWriter that flushes nowhere: it measures the
// handler without the kernel.
type discardWriter struct {
	header http.Header
	status int
	n      int64
}

func (w *discardWriter) Header() http.Header { return w.header }
func (w *discardWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}
func (w *discardWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	w.n += int64(len(p))
	return len(p), nil
}
func (w *discardWriter) Flush() {}

// streamBytes returns the bytes of one stream.
func streamBytes(b *testing.B, bs *benchStream) []byte {
	resp := bs.open(b)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// decodeRate decodes data with runs.EventReader from memory on one
// goroutine and reports and returns the events per second.
func decodeRate(b *testing.B, data []byte) float64 {
	er := runs.NewEventReader(nil)
	var br bytes.Reader
	events := 0
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		br.Reset(data)
		er.Reset(&br)
		for er.Next() {
			events++
		}
		if err := er.Err(); err != nil {
			b.Fatal(err)
		}
	}
	rate := float64(events) / b.Elapsed().Seconds()
	b.ReportMetric(rate, "events/s")
	return rate
}

// BenchmarkEmulatorEndToEnd measures the events per second the runsuite
// client decodes with runs.EventReader from emulator streams over loopback,
// with the default flush per event and with coalesced flushes.
func BenchmarkEmulatorEndToEnd(b *testing.B) {
	for _, flush := range []FlushPolicy{FlushEachEvent, FlushCoalesced} {
		name := "flush=1"
		if flush == FlushCoalesced {
			name = "coalesced"
		}
		b.Run(name, func(b *testing.B) {
			bs := newBenchStream(b, StreamShape{Deltas: benchDeltas, Flush: flush})
			b.ReportAllocs()
			events := 0
			er := runs.NewEventReader(nil)
			for b.Loop() {
				resp := bs.open(b)
				er.Reset(resp.Body)
				for er.Next() {
					events++
				}
				resp.Body.Close()
				if err := er.Err(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
		})
	}
}
