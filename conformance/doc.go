// Package conformance is runsuite's catalogue of conformance checks, kept as
// data, with the runner that executes them and the reporters that write their
// results.
//
// A Check is one rule of the contract (docs/contract.md) with a stable id
// such as "stream.done-last". Server checks (Side SideServer) drive a target
// server through the reference client and judge its answers; client rules
// (Side SideClient) judge one request a client sent. The same catalogue runs
// from the CLI (conformance verify, conformance mock), from Go tests and from
// Ginkgo suites.
//
// The package does not print and never calls os.Exit: front ends turn a
// Report into text, JSON, JUnit XML or Markdown and choose the exit status.
package conformance
