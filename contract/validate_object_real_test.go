package contract_test

import (
	"encoding/json"
	"errors"
	"io/fs"
	"slices"
	"testing"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/internal/realtraffic"
)

// kindOf names the CheckObject kind of an event payload or a JSON answer.
func kindOf(event string, data []byte) (string, bool) {
	if event == "error" {
		return contract.KindErrorObject, true
	}
	var head struct {
		Object string          `json:"object"`
		Error  json.RawMessage `json:"error"`
	}
	if json.Unmarshal(data, &head) != nil {
		return "", false
	}
	if head.Object == "" && head.Error != nil {
		return contract.KindError, true
	}
	return head.Object, slices.Contains(contract.ObjectKinds(), head.Object)
}

func TestCheckObjectAcceptsEveryFixtureEvent(t *testing.T) {
	t.Parallel()
	n := 0
	for _, p := range fixturePayloads(t) {
		kind, ok := kindOf(p.name, p.data)
		if !ok {
			continue
		}
		n++
		if got := contract.CheckObject(kind, p.data); len(got) != 0 {
			t.Errorf("%s %s: got %v, want no violations", p.source, p.name, got)
		}
	}
	if n == 0 {
		t.Fatal("got no fixture payloads to check")
	}
}

// unexpected drops the known live-API deviations from vs, the violations of data.
func unexpected(data []byte, vs []contract.Violation) []contract.Violation {
	rest, _ := contract.SplitLiveDeviations(data, vs)
	return rest
}

func TestCheckObjectAcceptsRecordedTraffic(t *testing.T) {
	t.Parallel()
	n := 0
	for _, p := range recordedPayloads(t) {
		kind, ok := kindOf(p.name, p.data)
		if !ok {
			continue
		}
		n++
		if got := unexpected(p.data, contract.CheckObject(kind, p.data)); len(got) != 0 {
			t.Errorf("%s %s: got %v, want no violations", p.source, p.name, got)
		}
	}
	dir, err := realtraffic.Dir()
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("real traffic not found, skipping recorded answers: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	xs, err := realtraffic.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range xs {
		if x.IsEventStream() {
			continue
		}
		kind, ok := kindOf("", x.ResponseBody)
		if !ok {
			continue
		}
		n++
		if got := unexpected(x.ResponseBody, contract.CheckObject(kind, x.ResponseBody)); len(got) != 0 {
			t.Errorf("%s #%d %s %s -> %d: got %v, want no violations", x.Source, x.Index, x.Method, x.URL, x.Status, got)
		}
	}
	if n == 0 {
		t.Fatal("got no recorded objects to check")
	}
}
