// Package conformance is runsuite's catalogue of conformance checks, kept as
// data, with the runner that executes them and the reporters that write their
// results.
//
// A Check is one rule of the contract (docs/contract.md) with a stable id
// such as "stream.done-last". Server checks (Side SideServer) drive a target
// server through the reference client and judge its answers; client rules
// (Side SideClient) judge one request a client sent. docs/rules.md lists
// them all; Catalogue, ServerChecks and ClientRules return them.
//
// Verifying a server takes three steps. Discover finds which optional
// capabilities (streaming, tool calls, file search) the Target has, by
// trying them, or takes them as declared; a target that cannot be used at
// all is an *UnreachableError, the harness's problem and never a failed
// check. Run executes the selected checks (Select, by id) concurrently, each
// with its own client and timeout, and returns one Result per check: pass, fail, warn, skip (with the reason) or error (a
// panic, timeout or network failure of the harness). A Report accumulates
// the results (Add) and says what they mean (Verdict).
//
// Reporters write a Report and never accumulate: NewTextReporter for people,
// NewJSONReporter for the versioned schema of docs/report-schema.md,
// NewJUnitReporter for CI, NewMarkdownReporter for a CI step summary, and
// NewRulesReporter / NewRulesMarkdownReporter for the catalogue itself.
//
// The same catalogue runs from the CLI (conformance verify, conformance
// mock), from a Go test (Test, one subtest per check) and from any Ginkgo
// suite (package ginkgosuite, one spec per check). Configuration comes from
// a Config (NewConfig), and the CONFORMANCE_* variables only when a front end
// asks (Target.FromEnv), never at init.
//
// The package does not print and never calls os.Exit: front ends turn a
// Report into text, JSON, JUnit XML or Markdown and choose the exit status.
package conformance
