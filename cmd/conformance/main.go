// Command conformance checks implementations of the OpenAI Assistants Runs
// API.
//
// It is a thin client over the runsuite packages:
//
//	conformance decode [--format text|jsonl] [--max-event-size BYTES] [--skip-unknown] FILE|-
//	conformance serve [--listen 127.0.0.1:4010] [--mode strict|lenient] [--deltas N] [--delta-size N] [--pause D] [--require-auth] [--seed N]
//	conformance version
//
// decode reads a recorded server-sent event stream and prints one line per
// assistant event; serve runs the embedded emulator of the Runs API on a
// loopback address until interrupted.
//
// The exit status tells the caller what happened: 0 when everything passed,
// 1 for conformance failures (such as a malformed stream), 2 for usage,
// configuration or infrastructure errors, and 130 when interrupted by
// SIGINT or SIGTERM. See Main.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(int(code))
}
