#!/usr/bin/env bash
# Does an injected response latency cap throughput at threads / delay? Every answer of
# bench/load/latency.json takes 100 ms (time scale 1). With one thread per connection
# the ceiling is connections / 0.1 s; a fixed pool of T threads would give T / 0.1 s.
# Usage: bash bench/load/latency.sh [POLLBENCH_BINARY] [CONNECTIONS] [SECONDS]
set -euo pipefail
binary=${1:-build/release/pollbench}
connections=${2:-1000}
seconds=${3:-30}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
ulimit -n 65536 2>/dev/null || true
"$binary" serve --scenario "$here/latency.json" --port 0 --max-connections $((connections + 64)) > "$work/serve.out" &
server_pid=$!
for _ in $(seq 100); do grep -q '^pollbench serve: http' "$work/serve.out" 2>/dev/null && break; sleep 0.05; done
base=$(grep -o 'http://[0-9.:]*' "$work/serve.out" | head -1) || { echo "latency.sh: pollbench serve did not start" >&2; exit 1; }
auth="Authorization: Bearer load-key"
id=$(curl -s -X POST "$base/generateTask/img" -H "$auth" -d '{"request_type":"async","input":{}}' | sed 's/.*"taskId":"\([^"]*\)".*/\1/')
echo "every answer takes 100 ms; $connections connections, $seconds s, 2 wrk threads; $(nproc) cores"
wrk -t2 -c"$connections" -d"${seconds}s" --timeout 5s -H "$auth" "$base/recordInfo?taskId=$id"
