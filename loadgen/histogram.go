package loadgen

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"
)

// The range and precision of every latency histogram: nanoseconds from 1 to
// one hour, three significant digits.
const (
	histLowest  = 1
	histHighest = int64(time.Hour)
	histSigFigs = 3
)

// Histogram is an HDR histogram of durations in nanoseconds. It serializes
// as a summary (count, min, mean, percentiles, max) for readers and the
// histogram itself in the HdrHistogram V2 compressed format, so that
// histograms from several shards merge exactly. Values above one hour are
// recorded as one hour. The zero value is empty and ready to use.
type Histogram struct {
	h *hdrhistogram.Histogram
}

func (h *Histogram) init() {
	if h.h == nil {
		h.h = hdrhistogram.New(histLowest, histHighest, histSigFigs)
	}
}

// Record adds one duration.
func (h *Histogram) Record(d time.Duration) {
	h.init()
	v := int64(d)
	if v < 0 {
		v = 0
	}
	if v > histHighest {
		v = histHighest
	}
	_ = h.h.RecordValue(v) // in range by construction
}

// Merge adds every value of o to h. Both have the same range and
// precision, so nothing is lost or approximated.
func (h *Histogram) Merge(o *Histogram) {
	if o == nil || o.h == nil {
		return
	}
	h.init()
	h.h.Merge(o.h)
}

// Count returns the number of values recorded.
func (h *Histogram) Count() int64 {
	if h == nil || h.h == nil {
		return 0
	}
	return h.h.TotalCount()
}

// Quantile returns the value at percentile q (0 to 100), 0 when empty.
func (h *Histogram) Quantile(q float64) time.Duration {
	if h.Count() == 0 {
		return 0
	}
	return time.Duration(h.h.ValueAtPercentile(q))
}

// Max returns the largest value recorded, 0 when empty.
func (h *Histogram) Max() time.Duration {
	if h.Count() == 0 {
		return 0
	}
	return time.Duration(h.h.Max())
}

// Min returns the smallest value recorded, 0 when empty.
func (h *Histogram) Min() time.Duration {
	if h.Count() == 0 {
		return 0
	}
	return time.Duration(h.h.Min())
}

// Mean returns the mean value, 0 when empty.
func (h *Histogram) Mean() time.Duration {
	if h.Count() == 0 {
		return 0
	}
	return time.Duration(h.h.Mean())
}

// ReportedQuantiles are the percentiles a Histogram's JSON summary and the
// reports show.
var ReportedQuantiles = []float64{50, 90, 99, 99.9}

// histogramJSON is the serialized form of a Histogram.
type histogramJSON struct {
	Count int64  `json:"count"`
	Min   int64  `json:"min_ns"`
	Mean  int64  `json:"mean_ns"`
	P50   int64  `json:"p50_ns"`
	P90   int64  `json:"p90_ns"`
	P99   int64  `json:"p99_ns"`
	P999  int64  `json:"p99_9_ns"`
	Max   int64  `json:"max_ns"`
	HDR   string `json:"hdr"` // HdrHistogram V2 compressed, base64; "" when empty
}

// MarshalJSON writes the summary and the encoded histogram.
func (h Histogram) MarshalJSON() ([]byte, error) {
	j := histogramJSON{Count: h.Count()}
	if j.Count > 0 {
		enc, err := h.h.Encode(hdrhistogram.V2CompressedEncodingCookieBase)
		if err != nil {
			return nil, fmt.Errorf("encode histogram: %w", err)
		}
		j.Min, j.Mean, j.Max = int64(h.Min()), int64(h.Mean()), int64(h.Max())
		j.P50, j.P90 = int64(h.Quantile(50)), int64(h.Quantile(90))
		j.P99, j.P999 = int64(h.Quantile(99)), int64(h.Quantile(99.9))
		j.HDR = string(enc)
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads the encoded histogram; the summary is derived from
// it and not read. A histogram whose range or precision differs from
// Record's is refused, since it could not merge exactly.
func (h *Histogram) UnmarshalJSON(b []byte) error {
	var j histogramJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	h.h = nil
	if j.HDR == "" {
		if j.Count != 0 {
			return errors.New("histogram: count without hdr data")
		}
		return nil
	}
	d, err := decodeHDR([]byte(j.HDR))
	if err != nil {
		return fmt.Errorf("histogram: %w", err)
	}
	if d.LowestTrackableValue() != histLowest || d.HighestTrackableValue() != histHighest || d.SignificantFigures() != histSigFigs {
		return fmt.Errorf("histogram: range %d..%d at %d digits, want %d..%d at %d",
			d.LowestTrackableValue(), d.HighestTrackableValue(), d.SignificantFigures(), histLowest, histHighest, histSigFigs)
	}
	if d.TotalCount() != j.Count {
		return fmt.Errorf("histogram: count %d, hdr data holds %d", j.Count, d.TotalCount())
	}
	h.h = d
	return nil
}

// decodeHDR decodes an encoded histogram, turning a panic of the decoder on
// hostile input into an error.
func decodeHDR(b []byte) (h *hdrhistogram.Histogram, err error) {
	defer func() {
		if r := recover(); r != nil {
			h, err = nil, fmt.Errorf("malformed hdr data: %v", r)
		}
	}()
	h, err = hdrhistogram.Decode(b)
	if err != nil {
		return nil, fmt.Errorf("decode hdr data: %w", err)
	}
	return h, nil
}
