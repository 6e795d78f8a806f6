package loadgen

import (
	"context"
	"net"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/emulator"
)

// BenchmarkTransport streams runs of 111 events through runsuite's client
// over the generator's HTTP/1.1 transport and over Go's, against the same
// in-process emulator with coalesced flushes, 50 streams at a time. It
// reports the wall time per event of both in one run (the machine is
// shared: compare the two, not with other runs).
func BenchmarkTransport(b *testing.B) {
	srv := emulator.NewServer(emulator.WithStreamShape(emulator.StreamShape{Deltas: 100, Flush: emulator.FlushCoalesced}))
	defer srv.Close()
	const streams = 50
	for _, kind := range benchTransports {
		b.Run(kind.name, func(b *testing.B) {
			var dials atomic.Int64
			base := srv.BaseURL()
			t := benchTransport(kind.https, base, streams, &dials)
			defer t.CloseIdleConnections()
			hc := &http.Client{Transport: t}
			api := newAPI(ClientRunsuite, base, "", hc, 0, time.Minute)
			setup := &setupClient{hc: hc, baseURL: base}
			assistant, err := setup.createAssistant(b.Context())
			if err != nil {
				b.Fatal(err)
			}
			threads := make([]string, streams)
			for i := range threads {
				if threads[i], err = setup.createThread(b.Context(), "bench"); err != nil {
					b.Fatal(err)
				}
			}
			var events, next atomic.Int64
			b.ResetTimer()
			var wg sync.WaitGroup
			for _, thread := range threads {
				wg.Go(func() {
					for next.Add(1) <= int64(b.N) {
						s, err := api.CreateStreamRaw(b.Context(), thread, contract.RunCreateParams{AssistantID: assistant})
						if err != nil {
							b.Error(err)
							return
						}
						for s.Next() {
							events.Add(1)
						}
						if err := s.Err(); err != nil {
							b.Error(err)
							return
						}
					}
				})
			}
			wg.Wait()
			b.StopTimer()
			if n := events.Load(); n > 0 {
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/event")
			}
			b.ReportMetric(float64(dials.Load()), "dials")
		})
	}
}

// benchTransports are the two transports the generator can use.
var benchTransports = []struct {
	name  string
	https bool
}{{"h1", false}, {"net-http", true}}

// benchTransport returns newTransport's transport for an http target, or
// the one it gives https targets (Go's), which carries http requests too.
func benchTransport(https bool, base string, workers int, dials *atomic.Int64) loadTransport {
	if https {
		base = "https://127.0.0.1/v1"
	}
	return newTransport(base, workers, time.Minute, dials)
}

// BenchmarkWaitingStreamMemory opens 2,000 streams whose server never
// answers (it accepts and keeps the connections, nothing else) and
// reports the heap and stack bytes each waiting stream holds, over each
// transport. Under load most streams wait like this for a busy server.
func BenchmarkWaitingStreamMemory(b *testing.B) {
	const streams = 2000
	for _, kind := range benchTransports {
		b.Run(kind.name, func(b *testing.B) {
			for b.Loop() {
				b.ReportMetric(waitingStreamBytes(b, kind.https, streams), "B/stream")
			}
		})
	}
}

// waitingStreamBytes measures the memory of n waiting streams.
func waitingStreamBytes(b *testing.B, https bool, n int) float64 {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	var mu sync.Mutex
	var held []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			held = append(held, c)
			mu.Unlock()
		}
	}()
	defer func() {
		l.Close()
		mu.Lock()
		for _, c := range held {
			c.Close()
		}
		mu.Unlock()
	}()
	base := "http://" + l.Addr().String() + "/v1"
	var dials atomic.Int64
	t := benchTransport(https, base, n, &dials)
	defer t.CloseIdleConnections()
	api := newAPI(ClientRunsuite, base, "", &http.Client{Transport: t}, 0, time.Minute)

	before := memInUse()
	ctx, cancel := context.WithCancel(b.Context())
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			s, err := api.CreateStreamRaw(ctx, "thread_waiting", contract.RunCreateParams{AssistantID: "asst_waiting"})
			if err == nil {
				s.Close()
			}
		})
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		mu.Lock()
		accepted := len(held)
		mu.Unlock()
		if accepted == n || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond) // the requests are written and waiting
	after := memInUse()
	cancel()
	wg.Wait()
	return float64(after-before) / float64(n)
}

// memInUse returns the heap and stack bytes in use after two collections
// (the second lets stacks shrink).
func memInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse + m.StackInuse
}
