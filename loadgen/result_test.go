package loadgen

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestDecodeResults(t *testing.T) {
	t.Parallel()
	good := `{"seq":1,"shard":0,"timestamp":"2026-11-30T08:00:00Z","scenario":"stream","client":"runsuite","code":200,"time_to_headers_ns":1000,"time_to_first_event_ns":2000,"time_to_requires_action_ns":0,"stream_duration_ns":5000,"events":3,"bytes":300,"gaps_ns":[10,20],"event_types":{"done":1}}`
	tests := []struct {
		name     string
		in       string
		wantN    int
		wantLine int // of the error, 0 for none
	}{
		{"one", good + "\n", 1, 0},
		{"blank lines", "\n" + good + "\n\n" + good, 2, 0},
		{"unknown field", `{"seq":1,"bogus":2}`, 0, 1},
		{"negative duration", `{"time_to_headers_ns":-1}`, 0, 1},
		{"negative gap", `{"gaps_ns":[-5]}`, 0, 1},
		{"bad status", `{"code":1000}`, 0, 1},
		{"two values", `{"seq":1} {"seq":2}`, 0, 1},
		{"not json", good + "\n{", 1, 2},
		{"too long", strings.Repeat(" ", MaxResultLine+1), 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, line := 0, 0
			for r, err := range DecodeResults(strings.NewReader(tt.in)) {
				if err != nil {
					var de *ResultDecodeError
					if !errors.As(err, &de) || r != nil {
						t.Fatalf("got %v, %v; want a *ResultDecodeError alone", r, err)
					}
					line = de.Line
					continue
				}
				n++
			}
			if n != tt.wantN || line != tt.wantLine {
				t.Errorf("got %d results, error on line %d; want %d, line %d", n, line, tt.wantN, tt.wantLine)
			}
		})
	}
}

// FuzzDecodeResults checks that decoding never panics, never yields a
// result together with an error, and that every result it yields encodes
// and decodes to itself.
func FuzzDecodeResults(f *testing.F) {
	f.Add([]byte(`{"seq":1,"timestamp":"2026-11-30T08:00:00Z","scenario":"stream","client":"runsuite","code":200,"events":3,"gaps_ns":[10],"event_types":{"done":1}}`))
	f.Add([]byte("\n\n{\"seq\":2}\n{\"seq\":-1}"))
	f.Add([]byte(`{"error_kind":"http_429","error":"x","run_status":"failed"}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		for r, err := range DecodeResults(bytes.NewReader(in)) {
			if err != nil {
				if r != nil {
					t.Fatalf("result %+v with error %v", r, err)
				}
				continue
			}
			b, err := json.Marshal(r)
			if err != nil {
				t.Fatalf("encode %+v: %v", r, err)
			}
			back, err := decodeResult(b)
			if err != nil {
				t.Fatalf("decode own encoding %s: %v", b, err)
			}
			if !reflect.DeepEqual(normalize(back), normalize(r)) {
				t.Fatalf("round trip: got %+v, want %+v", back, r)
			}
		}
	})
}

// normalize makes empty and nil collections compare equal and drops the
// monotonic clock reading.
func normalize(r *Result) *Result {
	c := *r
	if len(c.Gaps) == 0 {
		c.Gaps = nil
	}
	if len(c.EventTypes) == 0 {
		c.EventTypes = nil
	}
	c.Timestamp = c.Timestamp.Round(0)
	if c.Timestamp.Equal(time.Time{}) {
		c.Timestamp = time.Time{}
	}
	return &c
}
