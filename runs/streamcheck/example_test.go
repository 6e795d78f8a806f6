package streamcheck_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/runsuite/runsuite/runs/streamcheck"
)

// Check a recorded stream, list its events and print the verdict.
func ExampleChecker() {
	stream := "event: thread.run.created\n" +
		"data: {}\n\n" +
		"event: done\ndata: [DONE]\n\n"
	c := streamcheck.New(strings.NewReader(stream), streamcheck.DefaultOptions())
	p := streamcheck.NewPrinter(streamcheck.FormatText, os.Stdout)
	for c.Next() {
		p.Event(c.Event())
	}
	fmt.Println("ok:", c.Summary().OK)
	fmt.Println(strings.SplitN(c.Err().Error(), ";", 2)[0])
	// Output:
	// ok: false
	// event #0 (thread.run.created) at byte 0: payload is not a valid thread.run: /id: missing key: expected required key, got no such key
}
