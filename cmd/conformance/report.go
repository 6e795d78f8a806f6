package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/runsuite/runsuite/loadgen"
)

// reportOptions holds the report command's flags.
type reportOptions struct {
	format    string
	output    string
	compare   string
	threshold float64
}

// newReportCmd returns the report command and its merge subcommand.
func newReportCmd() *cobra.Command {
	opts := reportOptions{format: "markdown", threshold: loadgen.DefaultThreshold}
	cmd := &cobra.Command{
		Use:   "report [flags] RESULT.json",
		Short: "Render a load result as Markdown, HTML or JSON, and compare it with a baseline",
		Long: `report renders a result written by 'conformance load --out' (load.json) or
by 'conformance report merge': Markdown for CI logs and step summaries, one
self-contained HTML page with charts that opens offline, or the JSON itself.

--compare BASELINE flags a regression beyond --threshold (default 10%) on the
p99 time to first event and on events per second, and exits 1.

Exit status: 0 rendered (no regression), 1 a regression, 2 bad flags or an
unreadable result.`,
		Example: `  conformance report reports/2026-11-30/load.json
  conformance report --format html -o report.html load.json
  conformance report --compare reports/baseline.json load.json
  conformance report merge -o merged.json shard-*/load.json`,
		Args: exactArgs(1, "one result file"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runReport(cmd, opts, args[0])
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.format, "format", opts.format, "markdown, html or json")
	f.StringVarP(&opts.output, "output", "o", "", "write the report to this file instead of stdout")
	f.StringVar(&opts.compare, "compare", "", "baseline result to compare with; a regression exits 1")
	f.Float64Var(&opts.threshold, "threshold", opts.threshold, "relative change flagged as a regression")
	cmd.AddCommand(newReportMergeCmd())
	return cmd
}

// runReport renders one result.
func runReport(cmd *cobra.Command, opts reportOptions, path string) error {
	if !(opts.threshold >= 0) {
		return usageErrorf(cmd, "--threshold must not be negative, got %v", opts.threshold)
	}
	m, err := readMetricsFile(path)
	if err != nil {
		return err
	}
	var cmp *loadgen.Comparison
	if opts.compare != "" {
		base, err := readMetricsFile(opts.compare)
		if err != nil {
			return err
		}
		c := loadgen.Compare(base, m, opts.threshold)
		cmp = &c
	}
	var r loadgen.Reporter
	switch opts.format {
	case "markdown", "md":
		r = loadgen.NewMarkdownReporter(m, cmp)
	case "html":
		r = loadgen.NewHTMLReporter(m, cmp)
	case "json":
		r = loadgen.NewJSONReporter(m)
	default:
		return usageErrorf(cmd, "--format must be markdown, html or json, got %q", opts.format)
	}
	if opts.output != "" {
		err = writeFileWith(opts.output, r)
	} else {
		err = r(cmd.OutOrStdout())
	}
	if err != nil {
		return err
	}
	if cmp != nil && len(cmp.Regressions) > 0 {
		return &failError{err: fmt.Errorf("%d regression(s) against %s beyond %.0f%%", len(cmp.Regressions), opts.compare, 100*opts.threshold)}
	}
	return nil
}

// newReportMergeCmd returns report merge.
func newReportMergeCmd() *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "merge -o MERGED.json SHARD.json...",
		Short: "Merge the results of the shards of one load attack",
		Long: `merge combines the results of the shards of one attack ('conformance load
--shard i/n') into one result: histograms and counters merge exactly, the
series add up second by second, and the rates are taken over the longest
shard. It refuses results of different attacks and a shard given twice.

Exit status: 0 merged, 2 bad flags, unreadable or unmergeable results.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageErrorf(cmd, "merge takes one or more result files, got none")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if output == "" {
				return usageErrorf(cmd, "merge needs -o FILE")
			}
			var shards []*loadgen.Metrics
			for _, p := range args {
				m, err := readMetricsFile(p)
				if err != nil {
					return err
				}
				shards = append(shards, m)
			}
			merged, err := loadgen.MergeMetrics(shards...)
			if err != nil {
				return err
			}
			if err := writeFileWith(output, loadgen.NewJSONReporter(merged)); err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "merged %d result(s), %d shard(s): %d runs, %d events -> %s\n", len(args), len(merged.Shards), merged.Runs, merged.Events, output)
			if err != nil {
				return fmt.Errorf("write output: %w", err)
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "file to write the merged result to")
	return cmd
}
