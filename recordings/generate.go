// Package recordings holds runsuite's own cassettes, recorded from the
// emulator by runsuite's client through the recording proxy of package
// cassette, and the flows and generator that make them (make recordings).
//
// Each flow runs against a fresh emulator with a fixed id seed and a manual
// clock, so the same code always records the same bytes: the ids, the
// timestamps and the x-request-id headers come from the seed and the clock,
// URLs are recorded under Origin, durations are zero, the Date header is
// left out and the User-Agent loses the Go version it names.
package recordings

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/runsuite/runsuite/cassette"
	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/emulator"
	"github.com/runsuite/runsuite/runs"
)

// Fixed inputs of every recording.
const (
	// Origin is the origin recorded URLs carry: the default address of
	// conformance serve. Replays never dial it.
	Origin = "http://127.0.0.1:4010"
	// BaseURL is the base URL clients replaying the cassettes are given.
	BaseURL = Origin + "/v1"
	// Seed is the emulator's id seed.
	Seed = 20260826
	// APIKey is the key the recording client sends; the proxy scrubs it.
	APIKey = "sk-recordings-0000000000000000"
	// flowTimeout bounds one flow.
	flowTimeout = time.Minute
)

// Epoch is the emulator clock's start time.
var Epoch = time.Date(2026, 8, 26, 0, 0, 0, 0, time.UTC)

// Generate records every flow into dir as NAME.yaml and returns the paths
// written.
func Generate(ctx context.Context, dir string) ([]string, error) {
	var written []string
	for _, f := range Flows() {
		path := filepath.Join(dir, f.Name+".yaml")
		if err := Record(ctx, f, path); err != nil {
			return written, err
		}
		written = append(written, path)
	}
	return written, nil
}

// Record runs one flow with runsuite's client against a fresh emulator
// behind the recording proxy and writes the cassette to path.
func Record(ctx context.Context, f Flow, path string) error {
	ctx, cancel := context.WithTimeout(ctx, flowTimeout)
	defer cancel()
	clock := emulator.NewManualClock(Epoch)
	emu := emulator.NewServer(
		emulator.WithIDSeed(Seed),
		emulator.WithClock(clock),
		emulator.WithHook(advanceOnRetrieve(clock)),
	)
	defer emu.Close()

	p, err := cassette.NewProxy(emu.BaseURL(),
		cassette.WithRecordedOrigin(Origin),
		cassette.WithoutDurations(),
		cassette.WithRecordedHeader("Date", ""),
		cassette.WithRecordedHeader("User-Agent", "runsuite/"+runs.Version),
	)
	if err != nil {
		return fmt.Errorf("record %s: %w", f.Name, err)
	}
	srv, err := cassette.Serve(p, "")
	if err != nil {
		return fmt.Errorf("record %s: %w", f.Name, err)
	}
	hc := &http.Client{Timeout: flowTimeout}
	c := runs.NewClient(runs.WithBaseURL(srv.BaseURL()), runs.WithAPIKey(APIKey), runs.WithHTTPClient(hc), runs.WithMaxRetries(0))
	runErr := f.Run(ctx, Env{Runs: c, Steps: c.Steps, HTTP: hc, BaseURL: srv.BaseURL()})
	hc.CloseIdleConnections()
	if err := srv.Close(); err != nil && runErr == nil {
		runErr = err
	}
	if runErr != nil {
		return fmt.Errorf("record %s: %w", f.Name, runErr)
	}
	cas, err := p.Cassette(strings.TrimSuffix(path, ".yaml"))
	if err != nil {
		return fmt.Errorf("record %s: %w", f.Name, err)
	}
	if err := cassette.Write(cas, path); err != nil {
		return fmt.Errorf("record %s: %w", f.Name, err)
	}
	return nil
}

// advanceOnRetrieve returns an emulator hook that moves the clock one
// polling phase after every retrieve of a run, so each poll sees the next
// phase whatever the wall clock does.
func advanceOnRetrieve(clock *emulator.ManualClock) func(emulator.Exchange) {
	return func(x emulator.Exchange) {
		rel, ok := strings.CutPrefix(x.Path, "/v1/")
		if !ok {
			return
		}
		ops, _ := contract.MatchPath(x.Method, rel)
		for _, op := range ops {
			if op.ID == contract.OpRetrieve {
				clock.Advance(emulator.DefaultPhaseDuration)
				return
			}
		}
	}
}
