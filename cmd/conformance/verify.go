package main

import (
	"fmt"
	"io"
	"net/url"
	"os"
	"regexp"
	"time"

	"github.com/spf13/cobra"

	"github.com/runsuite/runsuite/conformance"
	"github.com/runsuite/runsuite/emulator"
)

// emulatorAPIKey is the bearer token sent to the embedded emulator, which
// accepts any.
const emulatorAPIKey = "sk-runsuite-emulator"

// emulatorPhase is how long a polled run of the embedded emulator stays in
// each phase. Checks that poll wait through several phases, so the
// default of `conformance serve` (emulator.DefaultPhaseDuration, 500 ms)
// would make verify wait seconds for nothing; 100 ms still lets every check
// see every phase.
const emulatorPhase = 100 * time.Millisecond

// verifyOptions holds the verify command's flags.
type verifyOptions struct {
	baseURL      string
	apiKey       string
	model        string
	capabilities string
	run          string
	skip         string
	parallel     int
	timeout      time.Duration
	format       string
	junit        string
	cassettes    []string
}

// newVerifyCmd returns the verify command.
func newVerifyCmd() *cobra.Command {
	opts := verifyOptions{parallel: conformance.DefaultParallel, timeout: conformance.DefaultTimeout, format: "text"}
	cmd := &cobra.Command{
		Use:   "verify [flags]",
		Short: "Check a Runs API server against the contract",
		Long: `verify runs the server checks of the conformance catalogue (see
'conformance rules') against a server of the Assistants Runs API and reports
each one as PASS, FAIL, WARN (a SHOULD rule broken), SKIP (the server lacks a
capability the check needs) or ERROR (the harness could not judge it).

Without --base-url (or ` + conformance.EnvBaseURL + `) it starts the embedded
emulator on a loopback port (polled runs advancing every 100ms) and verifies
that. The server's optional
capabilities (streaming, tool_calls, file_search) are found by trying them,
unless --capabilities declares them.

Flags override the environment variables ` + conformance.EnvBaseURL + `,
` + conformance.EnvAPIKey + `, ` + conformance.EnvModel + ` and ` + conformance.EnvCapabilities + `.

With --cassette it judges recorded traffic offline instead, without any
server: every recorded request through the client rules, every recorded
answer through the checks that need only that exchange (object shapes, error
envelopes, the stream rules). Files may be go-vcr cassettes or VCR.py, Ruby
VCR or .NET test-proxy recordings; every argument after the flags is one
more file. What the recorded live API did differently from the contract is
reported under recorded.live-deviation (SHOULD).

Exit status: 0 every MUST check passed, 1 a check failed, 2 the target could
not be used or checks could not run (or bad flags), 130 interrupted.`,
		Example: `  conformance verify
  conformance verify --base-url http://127.0.0.1:8080/v1 --api-key sk-test
  conformance verify --run '^stream\.' --format markdown --junit report.xml
  conformance verify --capabilities streaming --skip 'file-search'
  conformance verify --cassette recordings/*.yaml`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if cmd.Flags().Changed("cassette") {
				return runVerifyCassettes(cmd, append(opts.cassettes, args...), opts)
			}
			if err := exactArgs(0, "no arguments without --cassette")(cmd, args); err != nil {
				return err
			}
			return runVerify(cmd, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.baseURL, "base-url", "", "base URL of the server, e.g. http://127.0.0.1:8080/v1 (default: the embedded emulator)")
	f.StringVar(&opts.apiKey, "api-key", "", "bearer token to send (default: $"+conformance.EnvAPIKey+")")
	f.StringVar(&opts.model, "model", "", "model to create assistants and runs with")
	f.StringVar(&opts.capabilities, "capabilities", "", "declare the server's capabilities instead of discovering them: a comma-separated list of streaming, tool_calls, file_search, or none")
	f.StringVar(&opts.run, "run", "", "run only checks whose id matches this regular expression")
	f.StringVar(&opts.skip, "skip", "", "skip checks whose id matches this regular expression")
	f.IntVar(&opts.parallel, "parallel", opts.parallel, "number of checks run at once")
	f.DurationVar(&opts.timeout, "timeout", opts.timeout, "time limit of each check")
	f.StringVar(&opts.format, "format", opts.format, "report format on stdout: text, json or markdown")
	f.StringVar(&opts.junit, "junit", "", "also write a JUnit XML report to this file")
	f.StringArrayVar(&opts.cassettes, "cassette", nil, "judge this recording offline instead of a server (repeatable; arguments after the flags are more files)")
	return cmd
}

// verifyPlan is what the verify flags resolve to before anything runs.
type verifyPlan struct {
	target conformance.Target
	checks []conformance.Check
	cfg    conformance.Config
	format string
	junit  string
}

// planVerify checks the flags and merges them over the environment.
func planVerify(cmd *cobra.Command, opts verifyOptions) (*verifyPlan, error) {
	if _, ok := reportFormats[opts.format]; !ok {
		return nil, usageErrorf(cmd, "--format must be text, json or markdown, got %q", opts.format)
	}
	if opts.parallel < 1 {
		return nil, usageErrorf(cmd, "--parallel must be at least 1, got %d", opts.parallel)
	}
	if opts.timeout <= 0 {
		return nil, usageErrorf(cmd, "--timeout must be positive, got %v", opts.timeout)
	}
	run, err := compileFlagRegexp(cmd, "run", opts.run)
	if err != nil {
		return nil, err
	}
	skip, err := compileFlagRegexp(cmd, "skip", opts.skip)
	if err != nil {
		return nil, err
	}
	f := cmd.Flags()
	var target conformance.Target
	if err := target.FromEnv(envUnderFlags(f.Changed)); err != nil {
		return nil, usageErrorf(cmd, "%v", err)
	}
	if f.Changed("base-url") {
		target.BaseURL = opts.baseURL
	}
	if f.Changed("api-key") {
		target.APIKey = opts.apiKey
	}
	if f.Changed("model") {
		target.Model = opts.model
	}
	if f.Changed("capabilities") {
		caps, err := conformance.ParseCapabilities(opts.capabilities)
		if err != nil {
			return nil, usageErrorf(cmd, "--capabilities: %v", err)
		}
		target.Capabilities = caps
	}
	if target.BaseURL != "" {
		u, err := url.Parse(target.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, usageErrorf(cmd, "--base-url %q: want an absolute http or https URL such as http://127.0.0.1:8080/v1", redactURL(target.BaseURL))
		}
	}
	checks := conformance.Select(conformance.ServerChecks(), run, skip)
	if len(checks) == 0 {
		return nil, usageErrorf(cmd, "no server check matches --run %q --skip %q (see 'conformance rules')", opts.run, opts.skip)
	}
	cfg := conformance.NewConfig()
	cfg.Parallel, cfg.Timeout = opts.parallel, opts.timeout
	return &verifyPlan{target: target, checks: checks, cfg: cfg, format: opts.format, junit: opts.junit}, nil
}

// envUnderFlags looks variables up in the environment, except those whose
// flag was given: a flag overrides its variable, even a malformed one.
func envUnderFlags(changed func(flag string) bool) func(string) (string, bool) {
	flagOf := map[string]string{
		conformance.EnvBaseURL: "base-url", conformance.EnvAPIKey: "api-key",
		conformance.EnvModel: "model", conformance.EnvCapabilities: "capabilities",
	}
	return func(name string) (string, bool) {
		if fl, ok := flagOf[name]; ok && changed(fl) {
			return "", false
		}
		return os.LookupEnv(name)
	}
}

// runVerify resolves the flags, starts the emulator when no server is
// named, discovers the target's capabilities, runs the checks and writes
// the reports. The returned error carries the exit status (see Main).
func runVerify(cmd *cobra.Command, opts verifyOptions) error {
	plan, err := planVerify(cmd, opts)
	if err != nil {
		return err
	}
	ctx := cmd.Context()
	target := plan.target
	desc := redactURL(target.BaseURL)
	if target.BaseURL == "" {
		emu := emulator.NewServer(emulator.WithPhaseDuration(emulatorPhase))
		defer emu.Close()
		target.BaseURL, target.HTTPClient = emu.BaseURL(), emu.Client()
		if target.APIKey == "" {
			target.APIKey = emulatorAPIKey
		}
		desc = "embedded emulator at " + target.BaseURL
	}
	plan.cfg.Target = target
	report, err := conformance.Verify(ctx, plan.cfg, plan.checks, desc)
	if report == nil {
		return fmt.Errorf("verify %s: %w", desc, err)
	}
	if werr := writeReports(cmd.OutOrStdout(), report, plan.format, plan.junit); werr != nil {
		return werr
	}
	if err != nil {
		return err // interrupted: the report of what ran is written
	}
	s := report.Summary
	switch report.Verdict() {
	case conformance.VerdictFail:
		return &failError{err: fmt.Errorf("%d of %d checks failed", s.Fail, s.Total)}
	case conformance.VerdictIncomplete:
		return fmt.Errorf("%d of %d checks could not run (harness errors, see ERROR lines)", s.Error, s.Total)
	}
	return nil
}

// reportFormats are the --format values of verify and what they write.
var reportFormats = map[string]func(r *conformance.Report, w io.Writer) conformance.Reporter{
	"text": func(r *conformance.Report, w io.Writer) conformance.Reporter {
		return conformance.NewTextReporter(r, conformance.WithColor(useColor(w)))
	},
	"json": func(r *conformance.Report, _ io.Writer) conformance.Reporter { return conformance.NewJSONReporter(r) },
	"markdown": func(r *conformance.Report, _ io.Writer) conformance.Reporter {
		return conformance.NewMarkdownReporter(r)
	},
}

// writeReports writes report to stdout in format and, when junit names a
// file, as JUnit XML there. Any failure to write is the harness's.
func writeReports(stdout io.Writer, report *conformance.Report, format, junit string) error {
	if junit != "" {
		if err := writeFile(junit, conformance.NewJUnitReporter(report)); err != nil {
			return err
		}
	}
	if err := reportFormats[format](report, stdout)(stdout); err != nil {
		return fmt.Errorf("write %s report: %w", format, err)
	}
	return nil
}

// writeFile writes one report to path, replacing it.
func writeFile(path string, rep conformance.Reporter) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create report file: %w", err)
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close report file %s: %w", path, cerr)
		}
	}()
	if err := rep(f); err != nil {
		return fmt.Errorf("write report file %s: %w", path, err)
	}
	return nil
}

// useColor reports whether the text report to w may be coloured: w is a
// terminal and NO_COLOR (https://no-color.org) is not set.
func useColor(w io.Writer) bool {
	if v, ok := os.LookupEnv("NO_COLOR"); ok && v != "" {
		return false
	}
	return conformance.IsTerminal(w)
}

// compileFlagRegexp compiles the value of a --run or --skip flag; empty
// means no filter.
func compileFlagRegexp(cmd *cobra.Command, name, expr string) (*regexp.Regexp, error) {
	if expr == "" {
		return nil, nil
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, usageErrorf(cmd, "--%s: %v", name, err)
	}
	return re, nil
}

// redactURL hides a password in a URL before it is printed or reported.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}
