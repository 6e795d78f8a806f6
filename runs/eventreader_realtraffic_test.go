package runs

import (
	"bytes"
	"errors"
	"io/fs"
	"testing"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/internal/realtraffic"
)

// TestCheckPayloadsRealTraffic checks every payload of every recorded live
// stream. Strictly, the only violations found must be known live-API
// deviations (contract.LiveDeviations); by default the reader accepts them,
// counts them, and reads every recorded stream to its end.
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
	known := map[string]bool{}
	for _, d := range contract.LiveDeviations() {
		known[d.Kind+" /"+d.Key+": "+d.Msg] = true
	}
	seen := map[string]int{}
	events, strictTotal, accepted := 0, 0, 0
	for _, x := range realtraffic.Streams(xs) {
		er := NewEventReader(bytes.NewReader(x.ResponseBody))
		for er.Next() {
			events++
			var pe *PayloadError
			if _, err := checkPayload(er.Event().Name, er.Frame().Data, true); errors.As(err, &pe) {
				for _, v := range pe.Violations {
					seen[pe.Kind+" "+v.Pointer+": "+v.Msg]++
					strictTotal++
				}
			} else if err != nil {
				t.Fatalf("%s #%d: %v", x.Source, x.Index, err)
			}
		}
		if err := er.Err(); err != nil {
			t.Fatalf("%s #%d: %v", x.Source, x.Index, err)
		}
		lenient := NewEventReader(bytes.NewReader(x.ResponseBody), CheckPayloads())
		for lenient.Next() {
		}
		if err := lenient.Err(); err != nil {
			t.Errorf("%s #%d: with the live API's deviations accepted: %v", x.Source, x.Index, err)
		}
		accepted += lenient.LiveDeviations()
	}
	if events == 0 {
		t.Fatal("no recorded events")
	}
	for v, n := range seen {
		if !known[v] {
			t.Errorf("the live API's streams break a check %d times, not as a known deviation: %s", n, v)
		}
	}
	if accepted != strictTotal || accepted == 0 {
		t.Errorf("got %d deviations accepted, want the %d found strictly (and some)", accepted, strictTotal)
	}
	t.Logf("%d recorded events; %d known deviations accepted", events, accepted)
}
