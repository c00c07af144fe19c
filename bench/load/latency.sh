#!/usr/bin/env bash
# Does an injected response latency cap throughput at threads / delay? Every answer of
# bench/load/latency.json takes 100 ms (time scale 1). Each wait is a timer on the event
# loop, so the ceiling is connections / 0.1 s; a sleeping thread per wait would cap it at
# threads / 0.1 s.
# Usage: bash bench/load/latency.sh [POLLBENCH_BINARY] [CONNECTIONS] [SECONDS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/serve_lib.sh"
load_args 1000 30 "$@"
start_serve "$binary" --scenario "$here/latency.json" --max-connections $((connections + 64))
auth="Authorization: Bearer load-key"
id=$(curl -s -X POST "$base/generateTask/img" -H "$auth" -d '{"request_type":"async","input":{}}' | sed 's/.*"taskId":"\([^"]*\)".*/\1/')
echo "every answer takes 100 ms; $connections connections, $seconds s, 2 wrk threads; $(nproc) cores"
wrk -t2 -c"$connections" -d"${seconds}s" --timeout 5s -H "$auth" "$base/recordInfo?taskId=$id"
