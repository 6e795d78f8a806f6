package loadgen

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"
)

func TestHistogramJSONRoundTrip(t *testing.T) {
	t.Parallel()
	var h Histogram
	for i := 1; i <= 1000; i++ {
		h.Record(time.Duration(i) * time.Microsecond)
	}
	h.Record(2 * time.Hour) // clamped to the top of the range
	h.Record(-1)            // clamped to 0
	b, err := json.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	var back Histogram
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Count() != 1002 || back.Max() != h.Max() {
		t.Errorf("got %d values, max %v; want 1002, %v", back.Count(), back.Max(), h.Max())
	}
	for _, q := range []float64{0, 50, 99, 99.9, 100} {
		if back.Quantile(q) != h.Quantile(q) {
			t.Errorf("p%v: got %v, want %v", q, back.Quantile(q), h.Quantile(q))
		}
	}
	var empty Histogram
	b, err = json.Marshal(empty)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &back); err != nil || back.Count() != 0 {
		t.Errorf("empty histogram: got %d values, %v", back.Count(), err)
	}
}

func TestHistogramRefuses(t *testing.T) {
	t.Parallel()
	other := hdrhistogram.New(1, 1000, 2)
	_ = other.RecordValue(5)
	enc, err := other.Encode(hdrhistogram.V2CompressedEncodingCookieBase)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, in string }{
		{"other range", `{"count":1,"hdr":"` + string(enc) + `"}`},
		{"count mismatch", func() string {
			var h Histogram
			h.Record(time.Millisecond)
			b, _ := json.Marshal(h)
			return strings.Replace(string(b), `"count":1`, `"count":2`, 1)
		}()},
		{"count without data", `{"count":3}`},
		{"not base64", `{"count":1,"hdr":"!!!"}`},
		{"not an object", `[]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var h Histogram
			if err := json.Unmarshal([]byte(tt.in), &h); err == nil {
				t.Errorf("got no error, want one")
			}
		})
	}
}

// FuzzReadMetrics checks that reading a Metrics document never panics and
// that whatever it accepts writes and reads back to the same figures.
func FuzzReadMetrics(f *testing.F) {
	// A small document keeps each execution fast: every non-empty
	// histogram decodes into a counts array of the full range.
	m := &Metrics{Version: MetricsVersion, Series: []Point{{Second: 0, Runs: 1, Events: 3}}}
	m.Runs, m.Events = 1, 3
	m.Latency.TimeToFirstEvent.Record(3 * time.Millisecond)
	m.finish()
	var buf bytes.Buffer
	if err := m.WriteJSON(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte(`{"version":1}`))
	f.Add([]byte(`{"version":1,"latency":{"time_to_first_event":{"count":1,"hdr":"HISTFAAAACB4nJNpmSzMwMDAzQABzFCaEUzLMdqUZvbN/UG2cwOBAYYLGMmJBQA="}}}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		m, err := ReadMetrics(bytes.NewReader(in))
		if err != nil {
			return
		}
		var out bytes.Buffer
		if err := m.WriteJSON(&out); err != nil {
			t.Fatalf("write accepted metrics: %v", err)
		}
		back, err := ReadMetrics(&out)
		if err != nil {
			t.Fatalf("read own output: %v\n%s", err, out.Bytes())
		}
		if back.Runs != m.Runs || back.Latency.TimeToFirstEvent.Quantile(99) != m.Latency.TimeToFirstEvent.Quantile(99) {
			t.Fatalf("round trip changed the figures")
		}
	})
}
