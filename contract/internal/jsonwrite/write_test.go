package jsonwrite

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"testing"
)

func TestFloatMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	for _, f := range []float64{0, 1, -1, 0.1, 1.5, 2, 1e-6, 1e-7, 123456789, 1e20, 1e21, 1.2345e-10, -3.5e25, math.MaxFloat64, math.SmallestNonzeroFloat64} {
		want, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		if got := Float(nil, f); string(got) != string(want) {
			t.Errorf("Float(%v): got %s, want %s", f, got, want)
		}
	}
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if got := Float(nil, f); string(got) != "null" {
			t.Errorf("Float(%v): got %s, want null", f, got)
		}
	}
}

func TestStringMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "plain", `"quoted" \ back`, "<html> & co", "\x00\x01\x1f\x7f", "\b\f\n\r\t", "é😀", "\u2028\u2029", "bad \xff utf8 \xc3", "【4:0†f】"} {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := String(nil, s); string(got) != string(want) {
			t.Errorf("String(%q): got %s, want %s", s, got, want)
		}
	}
}

// TestStringEveryByteEveryPosition puts every byte value at every position
// of a 17-byte string (so both the 8-byte fast path and the byte loop meet
// it) and compares with encoding/json.
func TestStringEveryByteEveryPosition(t *testing.T) {
	t.Parallel()
	base := []byte("plain ascii text!")
	for c := 0; c < 256; c++ {
		for pos := range base {
			s := slices.Clone(base)
			s[pos] = byte(c)
			want, err := json.Marshal(string(s))
			if err != nil {
				t.Fatal(err)
			}
			if got := String(nil, string(s)); !bytes.Equal(got, want) {
				t.Fatalf("String(%q) = %s, want %s", s, got, want)
			}
		}
	}
}

func TestContainersMatchEncodingJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		got  []byte
		v    any
	}{
		{"nil map", StringMap(nil, nil), map[string]string(nil)},
		{"empty map", StringMap(nil, map[string]string{}), map[string]string{}},
		{"one key", StringMap(nil, map[string]string{"<k>": "v\n"}), map[string]string{"<k>": "v\n"}},
		{"sorted keys", StringMap(nil, map[string]string{"b": "2", "a": "1", "ü": "3", "A": "0"}), map[string]string{"b": "2", "a": "1", "ü": "3", "A": "0"}},
		{"nil strings", Strings(nil, nil), []string(nil)},
		{"empty strings", Strings(nil, []string{}), []string{}},
		{"strings", Strings(nil, []string{"a", "&"}), []string{"a", "&"}},
		{"nil int", IntPtr(nil, nil), (*int64)(nil)},
		{"nil string", StringPtr(nil, nil), (*string)(nil)},
		{"bool", Bool(nil, true), true},
		{"slice", Slice(nil, []int64{1, -2}, func(b []byte, v *int64) []byte { return Int(b, *v) }), []int64{1, -2}},
		{"nil slice", Slice(nil, []int64(nil), func(b []byte, v *int64) []byte { return Int(b, *v) }), []int64(nil)},
	}
	for _, tc := range tests {
		want, err := json.Marshal(tc.v)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(tc.got, want) {
			t.Errorf("%s: got %s, want %s", tc.name, tc.got, want)
		}
	}
}
