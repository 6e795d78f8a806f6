#!/usr/bin/env bash
# run.sh: build the conformance CLI and run flow.mjs (the official openai npm
# package calling all ten Runs operations) under `conformance mock`, which
# serves the emulator on a free loopback port, judges every request against
# the client rules and reports. Fails (exit 1) on any broken rule, on an
# operation flow.mjs did not call, or when flow.mjs fails.
#
# Works from any directory. Extra arguments go to conformance mock before
# the command, e.g. `run.sh --format json --report node-mock.json`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)" # the Go module root

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "run.sh: building conformance" >&2
(cd "$root" && go build -o "$tmp/conformance" ./cmd/conformance)

if [[ ! -d "$here/node_modules" ]]; then
	echo "run.sh: npm ci" >&2
	(cd "$here" && npm ci --no-audit --no-fund >&2)
fi

# mock sets OPENAI_BASE_URL and OPENAI_API_KEY for node, forwards Ctrl-C and
# stops node after --timeout; its exit status is this script's.
status=0
"$tmp/conformance" mock --require-coverage --timeout 5m "$@" -- node "$here/flow.mjs" || status=$?
exit "$status"
