#!/usr/bin/env bash
# run.sh: build the conformance CLI and examples/go (the official Go SDK,
# openai-go, calling all ten Runs operations) and run the example under
# `conformance mock`, which serves the emulator on a free loopback port,
# judges every request against the client rules and reports. Fails (exit 1)
# on any broken rule, on an operation the example did not call, or when the
# example fails.
#
# Works from any directory. Extra arguments go to conformance mock before
# the command, e.g. `run.sh --format json --report go-mock.json`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)" # the Go module root

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "run.sh: building conformance and examples/go" >&2
(cd "$root" && go build -o "$tmp/conformance" ./cmd/conformance && go build -o "$tmp/example-go" ./examples/go)

status=0
"$tmp/conformance" mock --require-coverage --timeout 5m "$@" -- "$tmp/example-go" || status=$?
exit "$status"
