package emulator

import (
	"fmt"
	"io"
	"net/http"
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

// BenchmarkEmulatorStream measures the events per second the emulator
// serves over loopback to a client that discards the body.
func BenchmarkEmulatorStream(b *testing.B) {
	for _, flush := range []int{1, 64} {
		b.Run(fmt.Sprintf("FlushEvery=%d", flush), func(b *testing.B) {
			bs := newBenchStream(b, StreamShape{Deltas: benchDeltas, FlushEvery: flush})
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
			b.ReportMetric(float64(perStream*b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}

// BenchmarkEmulatorEndToEnd measures the events per second a client
// decodes with runs.NewEventReader from emulator streams over loopback.
func BenchmarkEmulatorEndToEnd(b *testing.B) {
	bs := newBenchStream(b, StreamShape{Deltas: benchDeltas})
	b.ReportAllocs()
	events := 0
	er := runs.NewEventReader(strings.NewReader(""))
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
}
