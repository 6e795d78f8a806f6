package runs_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/emulator"
	"github.com/runsuite/runsuite/runs"
)

// A Client for an Assistants server: here the emulator on loopback, in
// lenient mode so that the thread and assistant ids need no setup.
func ExampleClient() {
	srv := emulator.NewServer(emulator.WithMode(emulator.ModeLenient), emulator.WithIDSeed(1))
	defer srv.Close()

	c := runs.NewClient(runs.WithBaseURL(srv.BaseURL()), runs.WithAPIKey("sk-test"),
		runs.WithTimeout(10*time.Second), runs.WithMaxRetries(2))
	ctx := context.Background()

	run, err := c.Create(ctx, "thread_abc123", contract.RunCreateParams{AssistantID: "asst_abc123"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(run.Object, run.Status, run.ThreadID, run.AssistantID)

	// Misuse is refused before anything is sent, as an *ArgumentError.
	_, err = c.Retrieve(ctx, "thread_abc123", "")
	var argErr *runs.ArgumentError
	fmt.Println(errors.As(err, &argErr), runs.KindOf(err))

	// A non-2xx answer is an *APIError carrying the server's envelope.
	_, err = c.Create(ctx, "thread_abc123", contract.RunCreateParams{AssistantID: "asst_abc123",
		Extra: map[string]any{"colour": "blue"}})
	var apiErr *runs.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Type, apiErr.Param, runs.KindOf(err))
	}
	// Output:
	// thread.run queued thread_abc123 asst_abc123
	// true argument
	// 400 invalid_request_error colour api_error
}

// Poll a run created without streaming until it ends.
func ExamplePoll() {
	srv := emulator.NewServer(emulator.WithMode(emulator.ModeLenient),
		emulator.WithPhaseDuration(10*time.Millisecond))
	defer srv.Close()
	c := runs.NewClient(runs.WithBaseURL(srv.BaseURL()), runs.WithAPIKey("sk-test"))

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	run, err := c.Create(ctx, "thread_abc123", contract.RunCreateParams{AssistantID: "asst_abc123"})
	if err != nil {
		fmt.Println(err)
		return
	}
	done, err := runs.Poll(ctx, c, run.ThreadID, run.ID, runs.PollOptions{Interval: 20 * time.Millisecond})
	if err != nil {
		fmt.Println(err, runs.KindOf(err)) // KindTimeout when ctx ran out first
		return
	}
	fmt.Println(run.Status, "->", done.Status, done.CompletedAt != nil)
	// Output: queued -> completed true
}
