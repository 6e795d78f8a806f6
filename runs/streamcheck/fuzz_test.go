package streamcheck_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/runsuite/runsuite/fixtures"
	"github.com/runsuite/runsuite/runs"
	"github.com/runsuite/runsuite/runs/streamcheck"
)

// FuzzChecker checks that any input gets a consistent verdict: no panic,
// one listed event per counted event with consecutive indexes, OK exactly
// when there is no error, and a failure that names the event index.
func FuzzChecker(f *testing.F) {
	runsFx, err := fixtures.Runs()
	if err != nil {
		f.Fatal(err)
	}
	bad, err := fixtures.Malformed()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range append(runsFx, bad...) {
		f.Add(s.Data, s.Outcome.MaxEventSize, false, false)
	}
	f.Add([]byte("event: done\ndata: [DONE]\n\n: bye"), 0, false, true)
	f.Add([]byte("data: [DONE]\n\n"), 0, true, false)
	f.Fuzz(func(t *testing.T, data []byte, maxEventSize int, skipUnknown, allowTrailing bool) {
		if maxEventSize <= 0 || maxEventSize > 1<<20 {
			maxEventSize = 1 << 20
		}
		opts := streamcheck.Options{MaxEventSize: maxEventSize, SkipUnknown: skipUnknown, AllowTrailing: allowTrailing}
		c := streamcheck.New(bytes.NewReader(data), opts)
		n := 0
		var bytesListed int64
		for c.Next() {
			ev := c.Event()
			if ev.Index != n || ev.Event == "" || ev.Bytes <= 0 {
				t.Fatalf("event #%d: got %+v", n, ev)
			}
			bytesListed += ev.Bytes
			n++
		}
		sum, err := c.Summary(), c.Err()
		if sum.Events != n || sum.Bytes != bytesListed || bytesListed > int64(len(data)) {
			t.Fatalf("summary %+v after %d events of %d bytes (input %d bytes)", sum, n, bytesListed, len(data))
		}
		if sum.OK != (err == nil) || (err == nil) != (sum.Ended != "") {
			t.Fatalf("summary %+v with error %v", sum, err)
		}
		if err != nil && (!strings.HasPrefix(err.Error(), "event #") || sum.Error != err.Error()) {
			t.Fatalf("error %q (summary %q): want it to name the event index", err, sum.Error)
		}
		if err != nil && runs.KindOf(err) == runs.KindOther {
			t.Fatalf("error %v has no kind", err)
		}
	})
}
