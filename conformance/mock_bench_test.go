package conformance

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/emulator"
	"github.com/runsuite/runsuite/runs"
)

// BenchmarkInspectorObserve is the middleware's own cost per request: every
// client rule on a create with a full body, then on a steps list with
// include[]. Multiplied by the ~70 requests of examples/node/flow.mjs it
// bounds what mock adds to that flow's CPU time.
func BenchmarkInspectorObserve(b *testing.B) {
	create := wireRequest(b, "POST", runsPath+"?"+includeQ, strings.Join(strings.Fields(goodRequests[3].body), " "))
	list := wireRequest(b, "GET", stepsPath+"?"+includeQ+"&limit=2&order=asc", "")
	in := NewInspector(http.NotFoundHandler(), 0)
	b.ReportAllocs()
	for b.Loop() {
		in.Observe(create)
		in.Observe(list)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(2*b.N), "ns/request")
}

// BenchmarkMockRoundTrip compares a create-and-stream round trip over
// loopback to the emulator alone and to the emulator behind the
// Inspector, through the reference client.
func BenchmarkMockRoundTrip(b *testing.B) {
	for _, inspected := range []bool{false, true} {
		name := "emulator"
		if inspected {
			name = "emulator+inspector"
		}
		b.Run(name, func(b *testing.B) {
			emu := emulator.NewUnstartedServer(emulator.WithMode(emulator.ModeLenient), emulator.WithIDSeed(1))
			var h http.Handler = emu.Handler()
			if inspected {
				h = NewInspector(h, 0)
			}
			srv := httptest.NewServer(h)
			defer func() {
				srv.Close()
				emu.Close()
			}()
			c := runs.NewClient(runs.WithBaseURL(srv.URL+"/v1"), runs.WithAPIKey("sk-bench"), runs.WithHTTPClient(srv.Client()))
			ctx := context.Background()
			params := contract.RunCreateParams{AssistantID: "asst_bench", Include: []contract.RunStepInclude{contract.IncludeFileSearchResultContent}}
			b.ReportAllocs()
			for b.Loop() {
				s, err := c.CreateStreamRaw(ctx, "thread_bench", params)
				if err != nil {
					b.Fatal(err)
				}
				for s.Next() {
				}
				if err := s.Err(); err != nil {
					b.Fatal(err)
				}
				s.Close()
			}
		})
	}
}
