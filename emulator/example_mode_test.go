package emulator_test

import (
	"fmt"

	"github.com/runsuite/runsuite/emulator"
)

// ExampleWithMode plays requests of an SDK's generated test suite, with
// its placeholder ids, cursors and limit, in both modes.
func ExampleWithMode() {
	for _, mode := range []emulator.Mode{emulator.ModeLenient, emulator.ModeStrict} {
		s := emulator.NewServer(emulator.WithMode(mode))
		status, _, del, _ := call(s, "DELETE", "/threads/thread_id", "")
		fmt.Println(mode, "DELETE thread_id:", status, del["object"])
		status, _, list, _ := call(s, "GET", "/threads/thread_id/runs?after=after&before=before&limit=0&order=asc", "")
		fmt.Println(mode, "list with placeholders:", status, list["object"])
		s.Close()
	}
	// Output:
	// lenient DELETE thread_id: 200 thread.deleted
	// lenient list with placeholders: 200 list
	// strict DELETE thread_id: 404 <nil>
	// strict list with placeholders: 400 <nil>
}
