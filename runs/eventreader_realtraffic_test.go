package runs

import (
	"bytes"
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/runsuite/runsuite/internal/realtraffic"
)

// liveDeviations are the payload violations CheckPayloads finds in streams
// recorded from the live API: where the live API departs from the shapes of
// CONTRACT §3 that contract.CheckObject enforces. Each is "<kind> <pointer>:
// <message>". conformance decode fails such streams at their first event.
var liveDeviations = []string{
	"thread.run /instructions: null not allowed", // the live API sends "instructions": null
	"thread.run.step /expired_at: missing key",   // it sends expires_at on steps instead
	"thread.run.step /metadata: missing key",     // and no metadata on streamed steps
}

// TestCheckPayloadsRealTraffic checks every payload of every recorded live
// stream: the only violations found must be the known liveDeviations, and
// each of them must still occur, so a change of the checks or of the
// recordings shows here.
func TestCheckPayloadsRealTraffic(t *testing.T) {
	t.Parallel()
	dir, err := realtraffic.Dir()
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("real traffic not found: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	xs, err := realtraffic.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	events := 0
	for _, x := range realtraffic.Streams(xs) {
		er := NewEventReader(bytes.NewReader(x.ResponseBody))
		for er.Next() {
			events++
			var pe *PayloadError
			if err := checkPayload(er.Event().Name, er.Frame().Data); errors.As(err, &pe) {
				for _, v := range pe.Violations {
					seen[pe.Kind+" "+v.Pointer+": "+v.Msg]++
				}
			} else if err != nil {
				t.Fatalf("%s #%d: %v", x.Source, x.Index, err)
			}
		}
		if err := er.Err(); err != nil {
			t.Fatalf("%s #%d: %v", x.Source, x.Index, err)
		}
	}
	if events == 0 {
		t.Fatal("no recorded events")
	}
	for v, n := range seen {
		if !slices.Contains(liveDeviations, v) {
			t.Errorf("the live API's streams break a check %d times: %s", n, v)
		}
	}
	for _, v := range liveDeviations {
		if seen[v] == 0 {
			t.Errorf("known deviation %q no longer occurs: remove it from liveDeviations", v)
		}
	}
	t.Logf("%d recorded events; deviations: %s", events, strings.Join(liveDeviations, "; "))
}
