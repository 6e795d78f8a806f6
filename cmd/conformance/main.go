// Command conformance checks implementations of the OpenAI Assistants Runs
// API.
//
// It is a thin client over the runsuite packages:
//
//	conformance verify [--base-url URL] [--api-key K] [--model M] [--capabilities LIST] [--run RE] [--skip RE] [--parallel N] [--timeout D] [--format text|json|markdown] [--junit FILE]
//	conformance verify --cassette FILE [FILE...]
//	conformance mock [--listen ADDR] [--mode lenient|strict] [--report FILE] [--format ...] [--junit FILE] [--timeout D] [--require-coverage] [-- CMD ARGS...]
//	conformance rules [--format text|markdown]
//	conformance serve [--listen 127.0.0.1:4010] [--mode strict|lenient] [--deltas N] [--delta-size N] [--pause D] [--max-runs N] [--max-age D] [--fault-* RATE] ...
//	conformance decode [--format text|jsonl] [--max-event-size BYTES] [--skip-unknown] [--allow-trailing] [--strict-payloads] FILE|-
//	conformance load [--workers N | --rate R] [--duration D] [--max-runs N] [--scenario S] [--client runsuite|openai-go|both] [--out DIR] [--shard i/n] ...
//	conformance report [--compare BASELINE] RESULT | conformance report merge RESULT...
//	conformance record --base-url URL --out FILE [-- CMD ARGS...]
//	conformance import --from vcrpy|rubyvcr|dotnet FILE... --out DIR
//	conformance version
//
// verify judges a server against the check catalogue (by default the
// embedded emulator), or recorded traffic offline; mock judges a client's
// requests; rules lists the catalogue; serve runs the embedded emulator of
// the Runs API on a loopback address until interrupted; decode checks a
// recorded event stream; load measures a server under concurrent streamed
// runs and report renders, compares and merges its results; record and
// import make go-vcr cassettes, scrubbed of secrets.
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
