package runs_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/fixtures"
	"github.com/runsuite/runsuite/runs"
)

// BenchmarkWaitingStreamMemory measures the heap held by each open stream
// that has read its first event and waits for the next, as thousands do
// in a load run. The figure includes the loopback server's side of each
// connection, which the client cannot change.
func BenchmarkWaitingStreamMemory(b *testing.B) {
	first, err := fixtures.FS.ReadFile("events/thread.run.created.sse")
	if err != nil {
		b.Fatal(err)
	}
	quit := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "text/event-stream")
		w.Write(first)
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-quit:
		}
	}))
	defer srv.Close()
	defer close(quit)
	const streams = 500
	tr := &http.Transport{MaxIdleConnsPerHost: streams, MaxConnsPerHost: 0}
	defer tr.CloseIdleConnections()
	c := runs.NewClient(runs.WithBaseURL(srv.URL+"/v1"), runs.WithAPIKey("sk-test"), runs.WithHTTPClient(&http.Client{Transport: tr}))
	var perStream float64
	for range b.N {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		open := make([]*runs.Stream, 0, streams)
		for range streams {
			st, err := c.CreateStreamRaw(b.Context(), "thread_1", contract.RunCreateParams{AssistantID: "asst_1"})
			if err != nil {
				b.Fatal(err)
			}
			if !st.Next() {
				b.Fatal(st.Err())
			}
			open = append(open, st)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		perStream = float64(after.HeapInuse+after.StackInuse-before.HeapInuse-before.StackInuse) / streams
		for _, st := range open {
			st.Close()
		}
	}
	b.ReportMetric(perStream, "B/stream")
}
