package sse_test

import (
	"fmt"
	"strings"

	"github.com/runsuite/runsuite/sse"
)

func ExampleDecoder() {
	stream := "retry: 3000\n" +
		": keep-alive\n" +
		"\n" +
		"event: thread.run.created\n" +
		"id: 1\n" +
		"data: {\"id\":\"run_1\"}\n" +
		"\n" +
		"data: first line\n" +
		"data: second line\n" +
		"\n"
	d := sse.NewDecoder(strings.NewReader(stream), sse.WithNameTable(sse.NewNameTable("thread.run.created", "done")))
	for d.Next() {
		f := d.Frame()
		// f.Data is only valid until the next call to Next.
		fmt.Printf("%s id=%q retry=%d at %d+%d: %s\n", f.Event, f.ID, f.Retry, f.Offset, f.Size, f.Data)
	}
	if err := d.Err(); err != nil {
		fmt.Println("error:", err)
	}
	// Output:
	// thread.run.created id="1" retry=3000 at 26+54: {"id":"run_1"}
	// message id="1" retry=3000 at 80+36: first line
	// second line
}

func ExampleEvents() {
	stream := "event: thread.run.created\r\ndata: {}\r\n\r\n" +
		"event: done\r\ndata: [DONE]" // the connection dropped here
	for f, err := range sse.Events(strings.NewReader(stream)) {
		if err != nil {
			fmt.Println("error:", err)
			fmt.Println("truncated:", sse.IsTruncated(err))
			break
		}
		fmt.Printf("%s: %s\n", f.Event, f.Data)
	}
	// Output:
	// thread.run.created: {}
	// error: sse: stream ended inside the event at byte 39 (25 bytes, no terminating blank line)
	// truncated: true
}

func ExampleAppendEvent() {
	b, _ := sse.AppendEvent(nil, "thread.message.delta", []byte("line 1\r\nline 2"))
	b, _ = sse.AppendEvent(b, "", []byte("[DONE]"))
	fmt.Printf("%s", b)
	// Output:
	// event: thread.message.delta
	// data: line 1
	// data: line 2
	//
	// data: [DONE]
}
