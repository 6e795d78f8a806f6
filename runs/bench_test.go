package runs_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"runtime"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/packages/ssestream"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/fixtures"
	"github.com/runsuite/runsuite/internal/realtraffic"
	"github.com/runsuite/runsuite/runs"
	"github.com/runsuite/runsuite/sse"
)

// Performance targets of the decoding path (issue 2).
const (
	targetTypedRatio  = 12.0 // typed decode events/s over openai-go's
	targetFramingMBps = 1000.0
)

// benchCorpus is the decoding benchmarks' input: every well-formed fixture
// run and every recorded event-stream body, each a separate stream.
type benchCorpus struct {
	streams [][]byte
	bytes   int64
	events  int
}

func loadBenchCorpus(b *testing.B) benchCorpus {
	b.Helper()
	var c benchCorpus
	add := func(s []byte) {
		c.streams = append(c.streams, s)
		c.bytes += int64(len(s))
		c.events += bytes.Count(s, []byte("\n\n"))
	}
	streams, err := fixtures.Runs()
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range streams {
		if s.Outcome.Error == nil && strings.HasSuffix(string(s.Data), "data: [DONE]\n\n") {
			add(s.Data)
		}
	}
	dir, err := realtraffic.Dir()
	switch {
	case errors.Is(err, fs.ErrNotExist):
		b.Logf("real traffic not found, benchmarking fixtures only: %v", err)
	case err != nil:
		b.Fatal(err)
	default:
		xs, err := realtraffic.Load(dir)
		if err != nil {
			b.Fatal(err)
		}
		for _, x := range realtraffic.Streams(xs) {
			add(x.ResponseBody)
		}
	}
	return c
}

// measure runs decodeAll b.N times and reports events/s, allocs/event and
// MB/s; it returns the events/s.
func measure(b *testing.B, c benchCorpus, decodeAll func() int) float64 {
	b.Helper()
	b.SetBytes(c.bytes)
	decodeAll() // warm buffers outside the measurement
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	events := 0
	for range b.N {
		events += decodeAll()
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	if events != b.N*c.events {
		b.Fatalf("decoded %d events, want %d", events, b.N*c.events)
	}
	rate := float64(events) / b.Elapsed().Seconds()
	b.ReportMetric(rate, "events/s")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(events), "allocs/event")
	return rate
}

// BenchmarkDecode decodes the same corpus into typed events with runsuite
// (sse + contract.DecodeEvent) and with openai-go's own path, and prints the
// ratio of their throughputs.
func BenchmarkDecode(b *testing.B) {
	c := loadBenchCorpus(b)
	var ours, peer float64
	b.Run("runsuite", func(b *testing.B) {
		er := runs.NewEventReader(nil)
		var br bytes.Reader
		ours = measure(b, c, func() int {
			n := 0
			for _, s := range c.streams {
				br.Reset(s)
				er.Reset(&br)
				for er.Next() {
					n++
				}
				if err := er.Err(); err != nil {
					b.Fatal(err)
				}
			}
			return n
		})
	})
	b.Run("openai-go", func(b *testing.B) {
		peer = measure(b, c, func() int {
			n := 0
			for _, s := range c.streams {
				res := &http.Response{Header: http.Header{"Content-Type": {"text/event-stream"}}, Body: io.NopCloser(bytes.NewReader(s))}
				st := ssestream.NewStreamWithSynthesizeEventData[openai.AssistantStreamEventUnion](ssestream.NewDecoder(res), nil)
				for st.Next() {
					n++
				}
				if err := st.Err(); err != nil {
					b.Fatal(err)
				}
				n++ // openai-go consumes done without yielding it
			}
			return n
		})
	})
	if ours > 0 && peer > 0 {
		ratio := ours / peer
		fmt.Printf("BenchmarkDecode ratio: runsuite %.0f events/s / openai-go %.0f events/s = %.1fx (target >= %.0fx)\n", ours, peer, ratio, targetTypedRatio)
		if ratio < targetTypedRatio {
			b.Errorf("typed decode is %.1fx openai-go, below the %.0fx target", ratio, targetTypedRatio)
		}
	}
}

// BenchmarkFraming frames the corpus with the sse decoder alone.
func BenchmarkFraming(b *testing.B) {
	c := loadBenchCorpus(b)
	names := sse.NewNameTable(contract.EventNames()...)
	d := sse.NewDecoder(nil, sse.WithNameTable(names))
	var br bytes.Reader
	measure(b, c, func() int {
		n := 0
		for _, s := range c.streams {
			br.Reset(s)
			d.Reset(&br)
			for d.Next() {
				n++
			}
			if err := d.Err(); err != nil {
				b.Fatal(err)
			}
		}
		return n
	})
	mbps := float64(c.bytes) * float64(b.N) / b.Elapsed().Seconds() / 1e6
	if b.N > 1 && mbps < targetFramingMBps {
		b.Errorf("framing runs at %.0f MB/s, below the %.0f MB/s target", mbps, targetFramingMBps)
	}
}
