package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/runsuite/runsuite/conformance"
	"github.com/runsuite/runsuite/emulator"
)

// mockOptions holds the mock command's flags.
type mockOptions struct {
	listen  string
	mode    string
	report  string
	format  string
	junit   string
	timeout time.Duration
	// requireCoverage fails the run when any of the ten operations was
	// not exercised.
	requireCoverage bool
}

// newMockCmd returns the mock command.
func newMockCmd() *cobra.Command {
	opts := mockOptions{listen: conformance.DefaultMockListen, mode: emulator.ModeLenient.String(), format: "text", timeout: conformance.DefaultClientTimeout}
	cmd := &cobra.Command{
		Use:   "mock [flags] [-- CMD ARGS...]",
		Short: "Check a client's requests against the contract",
		Long: `mock serves the emulator (lenient by default) on a loopback port behind a
middleware that applies every client rule (see 'conformance rules') to every
request. A request that breaks a rule is still answered, so the client goes
on; it is recorded with its evidence.

With -- CMD ARGS, mock runs the command with OPENAI_BASE_URL pointing at
itself and OPENAI_API_KEY set to a dummy key, waits for it (at most
--timeout; Ctrl-C is forwarded as SIGINT), then reports. Without a command it
prints the base URL and serves until Ctrl-C, then reports.

The report has one result per client rule, the command's exit status, and
coverage: requests per operation (the ten of the contract, then the set-up
calls), stream events served per type, and requests matching nothing. It is
written to stdout, or to --report FILE, in --format text, json or markdown.

With --require-coverage, a client that did not call all ten operations
fails too.

Exit status: 0 no rule broken and the command succeeded, 1 a rule was broken,
the command failed (or, with --require-coverage, missed an operation), 2 mock could not run (bad flags, the command could not
start), 130 interrupted.`,
		Example: `  conformance mock -- node examples/node/flow.mjs
  conformance mock --format json --report mock.json -- python my_client.py
  conformance mock --listen 127.0.0.1:4010          # serve until Ctrl-C`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runMock(cmd, opts, args)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.listen, "listen", opts.listen, "loopback address to listen on, host:port (port 0 picks a free one)")
	f.StringVar(&opts.mode, "mode", opts.mode, "emulator mode: lenient (unknown ids answered) or strict")
	f.StringVar(&opts.report, "report", "", "write the report to this file instead of stdout")
	f.StringVar(&opts.format, "format", opts.format, "report format: text, json or markdown")
	f.StringVar(&opts.junit, "junit", "", "also write a JUnit XML report to this file")
	f.DurationVar(&opts.timeout, "timeout", opts.timeout, "time limit of the command")
	f.BoolVar(&opts.requireCoverage, "require-coverage", false, "also fail unless the client called all ten operations")
	return cmd
}

// mockPlan is what the mock flags resolve to before anything runs.
type mockPlan struct {
	cfg     conformance.MockConfig
	command []string
}

// planMock checks the flags and arguments.
func planMock(cmd *cobra.Command, opts mockOptions, args []string) (*mockPlan, error) {
	if _, ok := reportFormats[opts.format]; !ok {
		return nil, usageErrorf(cmd, "--format must be text, json or markdown, got %q", opts.format)
	}
	if opts.timeout <= 0 {
		return nil, usageErrorf(cmd, "--timeout must be positive, got %v", opts.timeout)
	}
	dash := cmd.ArgsLenAtDash()
	if (dash < 0 && len(args) > 0) || dash > 0 {
		return nil, usageErrorf(cmd, "mock takes its client command after --, got %q", strings.Join(args, " "))
	}
	if dash == 0 && len(args) == 0 {
		return nil, usageErrorf(cmd, "no command after --")
	}
	cfg := conformance.NewMockConfig()
	switch opts.mode {
	case emulator.ModeLenient.String():
	case emulator.ModeStrict.String():
		cfg.Mode = emulator.ModeStrict
	default:
		return nil, usageErrorf(cmd, "--mode must be lenient or strict, got %q", opts.mode)
	}
	cfg.Listen = opts.listen
	return &mockPlan{cfg: cfg, command: args}, nil
}

// runMock serves the mock, runs the client command or waits for Ctrl-C,
// and writes the reports. The returned error carries the exit status.
func runMock(cmd *cobra.Command, opts mockOptions, args []string) error {
	plan, err := planMock(cmd, opts, args)
	if err != nil {
		return err
	}
	m, err := conformance.StartMock(plan.cfg)
	if errors.Is(err, conformance.ErrNotLoopback) {
		return usageErrorf(cmd, "--listen: %v", err)
	}
	if err != nil {
		return fmt.Errorf("mock: %w", err)
	}
	defer m.Close() //nolint:errcheck // closed below; a second Close is a no-op

	ctx := cmd.Context()
	var (
		client *conformance.ClientRun
		target = "any client at " + m.BaseURL()
	)
	if len(plan.command) > 0 {
		target = strings.Join(plan.command, " ")
		run, err := conformance.RunClient(ctx, m.BaseURL(), plan.command, cmd.InOrStdin(), cmd.OutOrStdout(), cmd.ErrOrStderr(), opts.timeout)
		if err != nil {
			return fmt.Errorf("mock: %w", err)
		}
		client = &run
	} else {
		if _, err := fmt.Fprintf(cmd.OutOrStdout(), "OPENAI_BASE_URL=%s\n# runsuite mock (%s mode) judging every request; press Ctrl-C to stop and report\n", m.BaseURL(), plan.cfg.Mode); err != nil {
			return fmt.Errorf("write output: %w", err)
		}
		<-ctx.Done()
	}
	if err := m.Close(); err != nil {
		return fmt.Errorf("mock: %w", err)
	}
	report := m.Report(target)
	if client != nil {
		report.ClientExitCode = &client.ExitCode
		report.Duration = client.Duration
	}
	if err := writeMockReports(cmd.OutOrStdout(), report, opts); err != nil {
		return err
	}
	return mockVerdict(ctx, report, client, opts)
}

// writeMockReports writes report in opts.format to --report FILE or
// stdout, and as JUnit XML to --junit FILE.
func writeMockReports(stdout io.Writer, report *conformance.Report, opts mockOptions) error {
	if opts.report == "" {
		return writeReports(stdout, report, opts.format, opts.junit)
	}
	if err := writeFile(opts.report, reportFormats[opts.format](report, nil)); err != nil {
		return err
	}
	if opts.junit != "" {
		return writeFile(opts.junit, conformance.NewJUnitReporter(report))
	}
	return nil
}

// mockVerdict turns the report and how the command ended into the error
// Main maps to the exit status.
func mockVerdict(ctx context.Context, report *conformance.Report, client *conformance.ClientRun, opts mockOptions) error {
	var failed []string
	for _, r := range report.Results {
		if r.Status == conformance.StatusFail {
			failed = append(failed, fmt.Sprintf("%s (%d findings)", r.ID, len(r.Findings)))
		}
	}
	if client != nil && client.Interrupted {
		return fmt.Errorf("mock interrupted: %w", context.Cause(ctx))
	}
	var problems []string
	if len(failed) > 0 {
		problems = append(problems, "client broke "+strings.Join(failed, ", "))
	}
	switch {
	case client != nil && client.TimedOut:
		problems = append(problems, fmt.Sprintf("client command did not finish within %s", opts.timeout))
	case client != nil && client.ExitCode != 0:
		problems = append(problems, fmt.Sprintf("client command exited with status %d", client.ExitCode))
	}
	if missing := conformance.MissingOperations(report.Coverage); opts.requireCoverage && len(missing) > 0 {
		problems = append(problems, fmt.Sprintf("client did not call %d of the ten operations: %v", len(missing), missing))
	}
	if len(problems) > 0 {
		return &failError{err: errors.New(strings.Join(problems, "; "))}
	}
	for _, r := range report.Results {
		if r.Status == conformance.StatusError {
			return fmt.Errorf("rule %s could not run: %s", r.ID, firstLine(r.Reason))
		}
	}
	return nil
}

// firstLine returns s up to its first line break.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
