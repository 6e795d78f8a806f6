package contract_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/runsuite/runsuite/contract"
)

// FuzzDecodeEvent checks DecodeEvent on arbitrary data for every event
// name: it never panics, returns an event or an error but not both, sets
// exactly the payload its name calls for, agrees with an independent
// oracle, and AppendEventData writes what it decodes as json.Marshal does,
// stably across a second round.
//
// The oracle is encoding/json through the struct tags, made case-sensitive:
// data holding a key that differs from a contract key only in case, or an
// object with a repeated key, is left out of the comparison (those are the
// documented differences, see the package doc). Otherwise DecodeEvent must
// accept what the oracle accepts, with the same value, and may refuse only
// what the package doc says it refuses: invalid UTF-8 and a null payload.
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
	f.Add(uint8(1), []byte(`{"ID":"x","last_error":{"code":"a"},"last_error":{"message":"b"}}`))
	f.Add(uint8(1), []byte(`{"id":"\xff"}`))
	f.Add(uint8(1), []byte(`null`))
	keys := contractKeys()
	f.Fuzz(func(t *testing.T, i uint8, data []byte) {
		name := names[int(i)%len(names)]
		ev, err := contract.DecodeEvent(name, data)
		spec, _ := contract.LookupEvent(name)
		oracle, oerr := stdDecode(name, data)
		comparable := spec.Kind != contract.PayloadNone && !caseOrDuplicateKeys(data, keys)
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
			if comparable && oerr == nil && utf8.Valid(data) && string(bytes.TrimSpace(data)) != "null" {
				t.Fatalf("DecodeEvent refused %s data %q that encoding/json reads: %v", name, data, err)
			}
			return
		}
		if ev.Name != spec.Name || ev.Kind() != spec.Kind {
			t.Fatalf("event %s decoded as %s with a %v payload, want a %v payload", name, ev.Name, ev.Kind(), spec.Kind)
		}
		if ev.Payload() == nil {
			return
		}
		if comparable {
			if oerr != nil {
				t.Fatalf("DecodeEvent read %s data %q that encoding/json refuses: %v", name, data, oerr)
			}
			if diff := cmp.Diff(oracle, ev.Payload()); diff != "" {
				t.Fatalf("DecodeEvent and encoding/json disagree on %s data %q (-json +DecodeEvent):\n%s", name, data, diff)
			}
		}
		// The hand encoder writes what json.Marshal writes (as JSON
		// values: raw members keep the data's spacing), and encoding is
		// stable: what it wrote decodes to a value it writes the same
		// way. (Values are not compared here: a zero tool choice reads
		// back as none, as with encoding/json.)
		b, err := contract.AppendEventData(nil, ev)
		if err != nil {
			t.Fatalf("AppendEventData of decoded %s: %v", name, err)
		}
		std, err := json.Marshal(ev.Payload())
		if err != nil {
			t.Fatalf("json.Marshal of decoded %s: %v", name, err)
		}
		var gotTree, wantTree any
		if err := json.Unmarshal(b, &gotTree); err != nil {
			t.Fatalf("AppendEventData wrote invalid JSON %s: %v", b, err)
		}
		if err := json.Unmarshal(std, &wantTree); err != nil {
			t.Fatalf("json.Marshal wrote invalid JSON %s: %v", std, err)
		}
		if diff := cmp.Diff(wantTree, gotTree); diff != "" {
			t.Fatalf("AppendEventData and json.Marshal disagree on %s (-json +AppendEventData):\n%s", name, diff)
		}
		again, err := contract.DecodeEvent(name, b)
		if err != nil {
			t.Fatalf("decode re-encoded %s payload %s: %v", name, b, err)
		}
		b2, err := contract.AppendEventData(nil, again)
		if err != nil {
			t.Fatalf("AppendEventData of re-decoded %s: %v", name, err)
		}
		if !bytes.Equal(b, b2) {
			t.Fatalf("%s encoding is not stable:\n first %s\nsecond %s", name, b, b2)
		}
	})
}

// contractKeys returns every JSON key of the payload types, from their
// struct tags, plus the keys of the union objects whose types are not
// exported.
func contractKeys() map[string]bool {
	keys := map[string]bool{"type": true, "function": true, "json_schema": true}
	seen := map[reflect.Type]bool{}
	var walk func(reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || seen[t] {
			return
		}
		seen[t] = true
		for i := range t.NumField() {
			sf := t.Field(i)
			if name, _, _ := strings.Cut(sf.Tag.Get("json"), ","); name != "" && name != "-" {
				keys[name] = true
			}
			walk(sf.Type)
		}
	}
	for _, v := range []any{contract.Thread{}, contract.Run{}, contract.RunStep{}, contract.RunStepDelta{},
		contract.Message{}, contract.MessageDelta{}, contract.ErrorObject{}} {
		walk(reflect.TypeOf(v))
	}
	return keys
}

// caseOrDuplicateKeys reports whether data holds an object key that
// matches a contract key only when case is ignored, or an object that
// repeats a key: encoding/json reads both differently from DecodeEvent.
func caseOrDuplicateKeys(data []byte, keys map[string]bool) bool {
	dec := json.NewDecoder(bytes.NewReader(data))
	type frame struct {
		object  bool
		wantKey bool
		seen    map[string]bool
	}
	var stack []*frame
	for n := 0; n < 1<<20; n++ {
		tok, err := dec.Token()
		if err != nil {
			return false // io.EOF or a syntax error both decoders report
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if top != nil && top.object && top.wantKey {
			if d, ok := tok.(json.Delim); ok && d == '}' {
				stack = stack[:len(stack)-1]
				continue
			}
			k, _ := tok.(string)
			if top.seen[k] {
				return true
			}
			top.seen[k] = true
			if !keys[k] {
				for known := range keys {
					if strings.EqualFold(k, known) {
						return true
					}
				}
			}
			top.wantKey = false
			continue
		}
		if top != nil && top.object {
			top.wantKey = true // this token starts the member's value
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &frame{object: true, wantKey: true, seen: map[string]bool{}})
		case json.Delim('['):
			stack = append(stack, &frame{})
		case json.Delim(']'):
			stack = stack[:len(stack)-1]
		}
	}
	return false
}
