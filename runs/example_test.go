package runs_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/fixtures"
	"github.com/runsuite/runsuite/runs"
)

// Stream a run's events from a server on loopback, ending a stream that
// goes silent for more than a second.
func ExampleClient_CreateStreamRaw() {
	reply, err := fixtures.FS.ReadFile("runs/text_reply.sse")
	if err != nil {
		fmt.Println(err)
		return
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		w.Write(reply)
	}))
	defer srv.Close()

	c := runs.NewClient(runs.WithBaseURL(srv.URL+"/v1"), runs.WithAPIKey("sk-test"),
		runs.WithStreamIdleTimeout(time.Second))
	s, err := c.CreateStreamRaw(context.Background(), "thread_abc123", contract.RunCreateParams{AssistantID: "asst_abc123"})
	if err != nil {
		fmt.Println(err) // *runs.APIError for a non-2xx answer, *runs.ArgumentError for misuse
		return
	}
	defer s.Close() // safe from any goroutine: a blocked Next returns with runs.ErrStreamClosed
	n := 0
	for s.Next() {
		if n < 3 {
			fmt.Println(s.Current().Name, s.Current().ID())
		}
		n++
	}
	fmt.Println(n, "events before done, error:", s.Err())
	// Output:
	// thread.run.created run_l2M69i7WdDqgNmO6SfsyNVcE
	// thread.run.queued run_l2M69i7WdDqgNmO6SfsyNVcE
	// thread.run.in_progress run_l2M69i7WdDqgNmO6SfsyNVcE
	// 20 events before done, error: <nil>
}
