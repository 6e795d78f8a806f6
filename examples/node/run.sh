#!/usr/bin/env bash
# run.sh: build the conformance CLI, serve the emulator on a free loopback
# port, and drive it with the official openai npm package (flow.mjs).
# Works from any directory; exits with flow.mjs's status (1 if the server
# never came up or the build/install failed).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)" # the Go module root

tmp="$(mktemp -d)"
server_pid=""
flow_pid=""

cleanup() {
	if [[ -n "$flow_pid" ]] && kill -0 "$flow_pid" 2>/dev/null; then
		kill -TERM "$flow_pid" 2>/dev/null || true
		wait "$flow_pid" 2>/dev/null || true
	fi
	if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
		kill -INT "$server_pid" 2>/dev/null || true
		# serve gives requests in flight 5 s; do not wait much longer.
		for _ in $(seq 1 70); do
			kill -0 "$server_pid" 2>/dev/null || break
			sleep 0.1
		done
		if kill -0 "$server_pid" 2>/dev/null; then
			kill -KILL "$server_pid" 2>/dev/null || true
		fi
		wait "$server_pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "run.sh: building conformance" >&2
(cd "$root" && go build -o "$tmp/conformance" ./cmd/conformance)

"$tmp/conformance" serve --listen 127.0.0.1:0 >"$tmp/serve.out" 2>"$tmp/serve.err" &
server_pid=$!

base_url=""
deadline=$((SECONDS + 20))
while [[ -z "$base_url" ]]; do
	base_url="$(sed -n 's/^OPENAI_BASE_URL=//p' "$tmp/serve.out" | head -n 1)"
	[[ -n "$base_url" ]] && break
	if ! kill -0 "$server_pid" 2>/dev/null; then
		echo "run.sh: conformance serve exited before printing its URL:" >&2
		cat "$tmp/serve.out" "$tmp/serve.err" >&2
		exit 1
	fi
	if ((SECONDS >= deadline)); then
		echo "run.sh: conformance serve printed no OPENAI_BASE_URL within 20 s:" >&2
		cat "$tmp/serve.out" "$tmp/serve.err" >&2
		exit 1
	fi
	sleep 0.1
done
case "$base_url" in
http://127.0.0.1:*) ;;
*)
	echo "run.sh: unexpected base URL $base_url (want http://127.0.0.1:...)" >&2
	exit 1
	;;
esac
echo "run.sh: emulator at $base_url" >&2

if [[ ! -d "$here/node_modules" ]]; then
	echo "run.sh: npm ci" >&2
	(cd "$here" && npm ci --no-audit --no-fund >&2)
fi

# node runs in the background so that a TERM or INT sent to this script
# interrupts `wait` at once and the trap stops node and the server.
(cd "$here" && OPENAI_BASE_URL="$base_url" exec node flow.mjs) &
flow_pid=$!
status=0
wait "$flow_pid" || status=$?
flow_pid=""

# Stop the server and wait for it; the EXIT trap then only removes $tmp.
kill -INT "$server_pid"
if ! wait "$server_pid"; then
	echo "run.sh: conformance serve did not exit cleanly:" >&2
	cat "$tmp/serve.err" >&2
	((status != 0)) || status=1
fi
server_pid=""
exit "$status"
