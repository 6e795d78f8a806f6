package sse_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/runsuite/runsuite/sse"
)

// Read an event stream with a cap on the size of one event: an event over
// the cap ends the stream with a *TooLargeError instead of growing memory.
func ExampleNewDecoder() {
	stream := "event: thread.run.created\ndata: {\"id\":\"run_1\"}\n\n" +
		"event: thread.message.delta\ndata: " + strings.Repeat("x", 5000) + "\n\n" +
		"event: done\ndata: [DONE]\n\n"
	d := sse.NewDecoder(strings.NewReader(stream), sse.WithMaxEventSize(4096))
	for d.Next() {
		f := d.Frame()
		fmt.Printf("%s: %s\n", f.Event, f.Data)
	}
	var tooLarge *sse.TooLargeError
	fmt.Println(errors.As(d.Err(), &tooLarge))
	// Output:
	// thread.run.created: {"id":"run_1"}
	// true
}
