package contract_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/fixtures"
	"github.com/runsuite/runsuite/internal/realtraffic"
	"github.com/runsuite/runsuite/sse"
)

// payload is one event's name and data, from a fixture or a recording.
type payload struct {
	source string
	name   string
	data   []byte
}

func fixturePayloads(tb testing.TB) []payload {
	tb.Helper()
	var out []payload
	for _, load := range []func() ([]fixtures.Stream, error){fixtures.Events, fixtures.Runs} {
		streams, err := load()
		if err != nil {
			tb.Fatal(err)
		}
		for _, s := range streams {
			out = append(out, framesOf(tb, s.Path, s.Data)...)
		}
	}
	return out
}

func recordedPayloads(tb testing.TB) []payload {
	tb.Helper()
	dir, err := realtraffic.Dir()
	if errors.Is(err, fs.ErrNotExist) {
		tb.Skipf("real traffic not found, skipping recorded payloads: %v", err)
	}
	if err != nil {
		tb.Fatal(err)
	}
	xs, err := realtraffic.Load(dir)
	if err != nil {
		tb.Fatal(err)
	}
	var out []payload
	for _, x := range realtraffic.Streams(xs) {
		out = append(out, framesOf(tb, x.Source, x.ResponseBody)...)
	}
	return out
}

func framesOf(tb testing.TB, source string, stream []byte) []payload {
	tb.Helper()
	var out []payload
	for f, err := range sse.Events(bytes.NewReader(stream)) {
		if err != nil {
			tb.Fatalf("%s: %v", source, err)
		}
		out = append(out, payload{source: source, name: f.Event, data: bytes.Clone(f.Data)})
	}
	return out
}

// stdDecode decodes a payload with encoding/json through the struct tags,
// the independent reference for the hand-written readers.
func stdDecode(name string, data []byte) (any, error) {
	spec, _ := contract.LookupEvent(name)
	var v any
	switch spec.Kind {
	case contract.PayloadThread:
		v = new(contract.Thread)
	case contract.PayloadRun:
		v = new(contract.Run)
	case contract.PayloadStep:
		v = new(contract.RunStep)
	case contract.PayloadStepDelta:
		v = new(contract.RunStepDelta)
	case contract.PayloadMessage:
		v = new(contract.Message)
	case contract.PayloadMessageDelta:
		v = new(contract.MessageDelta)
	case contract.PayloadError:
		v = new(contract.ErrorObject)
	default:
		return nil, nil
	}
	return v, json.Unmarshal(data, v)
}

// TestReadersMatchEncodingJSON decodes every fixture and recorded payload
// with DecodeEvent and with encoding/json, and requires the same values.
func TestReadersMatchEncodingJSON(t *testing.T) {
	t.Parallel()
	t.Run("fixtures", func(t *testing.T) {
		t.Parallel()
		compareAll(t, fixturePayloads(t))
	})
	t.Run("real traffic", func(t *testing.T) {
		t.Parallel()
		ps := recordedPayloads(t)
		if len(ps) < 800 {
			t.Fatalf("only %d recorded events, want the whole corpus (860)", len(ps))
		}
		compareAll(t, ps)
	})
}

func compareAll(t *testing.T, ps []payload) {
	t.Helper()
	kinds := map[contract.PayloadKind]int{}
	for _, p := range ps {
		ev, err := contract.DecodeEvent(p.name, p.data)
		if err != nil {
			t.Errorf("%s: DecodeEvent(%s): %v", p.source, p.name, err)
			continue
		}
		kinds[ev.Kind()]++
		want, err := stdDecode(p.name, p.data)
		if err != nil {
			t.Errorf("%s: encoding/json(%s): %v", p.source, p.name, err)
			continue
		}
		if want == nil {
			continue
		}
		if diff := cmp.Diff(want, ev.Payload()); diff != "" {
			t.Errorf("%s: %s: DecodeEvent and encoding/json disagree (-json +DecodeEvent):\n%s", p.source, p.name, diff)
		}
	}
	if len(kinds) < 3 {
		t.Errorf("only %d payload kinds seen: %v", len(kinds), kinds)
	}
}

// TestRoundTrip re-encodes every decoded payload with encoding/json and
// decodes it again: the hand-written readers must read what the struct
// tags write.
func TestRoundTrip(t *testing.T) {
	t.Parallel()
	for _, p := range fixturePayloads(t) {
		ev, err := contract.DecodeEvent(p.name, p.data)
		if err != nil {
			t.Fatalf("%s: %v", p.source, err)
		}
		if ev.Payload() == nil {
			continue
		}
		b, err := json.Marshal(ev.Payload())
		if err != nil {
			t.Fatalf("%s: marshal %s: %v", p.source, p.name, err)
		}
		again, err := contract.DecodeEvent(p.name, b)
		if err != nil {
			t.Fatalf("%s: decode re-encoded %s: %v\n%s", p.source, p.name, err, b)
		}
		if diff := cmp.Diff(ev, again); diff != "" {
			t.Errorf("%s: %s changed in a round trip (-first +second):\n%s", p.source, p.name, diff)
		}
	}
}

// TestEveryFieldIsRead guards the hand-written readers against a struct
// field they forget: a payload with every tagged field set must decode with
// every field non-zero.
func TestEveryFieldIsRead(t *testing.T) {
	t.Parallel()
	for _, p := range fixturePayloads(t) {
		ev, err := contract.DecodeEvent(p.name, p.data)
		if err != nil || ev.Payload() == nil {
			continue
		}
		var fromJSON map[string]json.RawMessage
		if err := json.Unmarshal(p.data, &fromJSON); err != nil {
			t.Fatal(err)
		}
		v := reflect.ValueOf(ev.Payload()).Elem()
		for i := range v.NumField() {
			tag := v.Type().Field(i).Tag.Get("json")
			key := tag
			if j := bytes.IndexByte([]byte(tag), ','); j >= 0 {
				key = tag[:j]
			}
			raw, present := fromJSON[key]
			if !present || string(raw) == "null" || string(raw) == "{}" || string(raw) == "[]" || string(raw) == `""` || string(raw) == "false" || string(raw) == "0" {
				continue
			}
			if v.Field(i).IsZero() {
				t.Errorf("%s: %s: field %s (%s) is %s in the data but zero after DecodeEvent", p.source, p.name, v.Type().Field(i).Name, key, raw)
			}
		}
	}
}
