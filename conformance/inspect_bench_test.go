package conformance

import (
	"testing"

	"github.com/runsuite/runsuite/fixtures"
)

// BenchmarkInspectStream judges the well-formed fixture runs, one after
// the other; it reports the bytes judged per second and allocations.
func BenchmarkInspectStream(b *testing.B) {
	runs, err := fixtures.Runs()
	if err != nil {
		b.Fatal(err)
	}
	size := 0
	for _, s := range runs {
		size += len(s.Data)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range runs {
			if fs := InspectStream(s.Data); len(fs) > 0 {
				b.Fatalf("%s: got findings %v, want none", s.Name, fs)
			}
		}
	}
}
