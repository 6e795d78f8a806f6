package cassette

import (
	"os"
	"testing"
)

// BenchmarkImportRealTraffic converts every recording of
// ../shared/real-traffic (33 files) into go-vcr cassettes in memory, once
// per iteration: reading, parsing, gunzipping, checking, scrubbing and
// marshalling. The target is under 1 s per iteration.
func BenchmarkImportRealTraffic(b *testing.B) {
	files := realTrafficFiles(b)
	data := make([][]byte, len(files))
	formats := make([]Format, len(files))
	for i, f := range files {
		var err error
		if data[i], err = os.ReadFile(f); err != nil {
			b.Fatal(err)
		}
		if formats[i], err = DetectFormat(data[i]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for i, f := range files {
			c, err := Import(formats[i], f, data[i])
			if err != nil {
				b.Fatal(err)
			}
			if _, err := Marshal(c); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(files)), "files/op")
}

// BenchmarkVerifyRealTraffic runs Verify over every recording of
// ../shared/real-traffic (33 files), from the files on disk to the report.
// The target is under 2 s per iteration.
func BenchmarkVerifyRealTraffic(b *testing.B) {
	files := realTrafficFiles(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Verify(b.Context(), files...); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(files)), "files/op")
}
