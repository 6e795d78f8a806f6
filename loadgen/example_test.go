package loadgen_test

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/runsuite/runsuite/loadgen"
)

// An attack of 20 streamed runs, 4 at a time, against the emulator started
// in-process, rendered as Markdown.
func ExampleAttacker() {
	a, err := loadgen.NewAttacker(
		loadgen.Workers(4),
		loadgen.MaxRuns(20),
		loadgen.Duration(time.Minute), // whichever bound comes first
		loadgen.Scenarios(loadgen.ScenarioStream),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := a.Attack(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Runs, "runs,", m.ErrorCount(), "errors,", m.Events/m.Runs, "events each")
	// The report: os.Stdout in a program, discarded here.
	if err := loadgen.NewMarkdownReporter(m, nil)(io.Discard); err != nil {
		fmt.Println(err)
	}
	// Output: 20 runs, 0 errors, 111 events each
}

// Shards of one attack, run on several machines, merge exactly.
func ExampleMergeMetrics() {
	var shards []*loadgen.Metrics
	for i := range 2 {
		a, err := loadgen.NewAttacker(loadgen.Shard(i, 2), loadgen.Workers(4), loadgen.MaxRuns(10), loadgen.Duration(0))
		if err != nil {
			fmt.Println(err)
			return
		}
		m, err := a.Attack(context.Background())
		if err != nil {
			fmt.Println(err)
			return
		}
		shards = append(shards, m)
	}
	merged, err := loadgen.MergeMetrics(shards...)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(merged.Shards), "shards,", merged.Runs, "runs,", merged.Latency.TimeToFirstEvent.Count(), "first-event times")
	// Output: 2 shards, 10 runs, 10 first-event times
}
