package contract_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/runsuite/runsuite/contract"
)

// FuzzDecodeEvent checks DecodeEvent on arbitrary data for every event
// name: it never panics, returns an event or an error but not both, sets
// exactly the payload its name calls for, and what it decodes survives a
// round trip through encoding/json.
func FuzzDecodeEvent(f *testing.F) {
	names := contract.EventNames()
	index := map[string]uint8{}
	for i, n := range names {
		index[n] = uint8(i)
	}
	for _, p := range fixturePayloads(f) {
		f.Add(index[p.name], p.data)
	}
	f.Add(uint8(1), []byte(`{"id":"\ud83d\ude00","created_at":-0,"tools":[{"type":"function","function":{"parameters":{"a":[1e5]}}}]}`))
	f.Add(uint8(1), []byte(`{"tool_choice":"auto","response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{}}}}`))
	f.Fuzz(func(t *testing.T, i uint8, data []byte) {
		name := names[int(i)%len(names)]
		ev, err := contract.DecodeEvent(name, data)
		if err != nil {
			var de *contract.DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("error %T %v is not a *DecodeError", err, err)
			}
			if de.Offset < 0 || de.Offset > len(data) {
				t.Fatalf("error offset %d outside data of %d bytes", de.Offset, len(data))
			}
			if ev.Name != "" || ev.Payload() != nil {
				t.Fatalf("event %+v returned together with error %v", ev, err)
			}
			return
		}
		spec, _ := contract.LookupEvent(name)
		if ev.Name != spec.Name || ev.Kind() != spec.Kind {
			t.Fatalf("event %s decoded as %s with a %v payload, want a %v payload", name, ev.Name, ev.Kind(), spec.Kind)
		}
		if ev.Payload() == nil {
			return
		}
		b, err := json.Marshal(ev.Payload())
		if err != nil {
			t.Fatalf("marshal %s payload: %v", name, err)
		}
		again, err := contract.DecodeEvent(name, b)
		if err != nil {
			t.Fatalf("decode re-encoded %s payload %s: %v", name, b, err)
		}
		if diff := cmp.Diff(ev, again); diff != "" {
			t.Fatalf("%s payload changed in a round trip (-first +second):\n%s", name, diff)
		}
	})
}
