package main

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"
)

// BenchmarkVerifyEmulator times `conformance verify` as a user runs it: the
// embedded emulator started on a loopback port, capabilities discovered,
// the whole server catalogue run with the default parallelism, the text
// report written. The target is under 10 s per run on the 2-core
// development machine; the benchmark fails above it.
func BenchmarkVerifyEmulator(b *testing.B) {
	const target = 10 * time.Second
	var worst time.Duration
	for b.Loop() {
		start := time.Now()
		code := Main(context.Background(), []string{"verify"}, strings.NewReader(""), io.Discard, io.Discard)
		if code != exitOK {
			b.Fatalf("verify against the embedded emulator: exit %d, want %d", code, exitOK)
		}
		worst = max(worst, time.Since(start))
	}
	b.ReportMetric(worst.Seconds(), "worst-s/verify")
	if worst > target {
		b.Fatalf("the slowest verify took %v, want under %v", worst, target)
	}
}
