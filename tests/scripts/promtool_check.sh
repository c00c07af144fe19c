#!/usr/bin/env bash
# GET /metrics of a running `pollbench serve`, after requests of every kind, read by
# Prometheus's own parser and linter (`promtool check metrics`). Exits 77, which ctest
# counts as skipped, where promtool or curl is missing (scripts/setup.sh --test installs
# both), but fails in CI, where a skip would hide that the check never ran.
# Usage: bash tests/scripts/promtool_check.sh POLLBENCH_BINARY
set -euo pipefail
for tool in promtool curl; do
  command -v "$tool" > /dev/null && continue
  echo "no $tool: bash scripts/setup.sh --test installs it"
  [ "${CI:-false}" = false ] && exit 77
  exit 1
done
binary=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
server=
trap '{ [ -z "$server" ] || kill "$server"; wait; rm -rf "$work"; } 2>/dev/null || true' EXIT

"$binary" serve --port 0 --scenario "$root/bench/load/scenario.json" --time-scale 1000 > "$work/serve.out" &
server=$!
for _ in $(seq 100); do grep -q '^pollbench serve: http' "$work/serve.out" && break; sleep 0.05; done
base=$(grep -o 'http://[0-9.:]*' "$work/serve.out" | head -1)
auth="Authorization: Bearer load-key"
ask() { curl -s -o /dev/null "$@"; }

id=$(curl -s -X POST "$base/generateTask/img" -H "$auth" -d '{"request_type":"async","input":{}}' |
     sed 's/.*"taskId":"\([^"]*\)".*/\1/')
ask "$base/recordInfo?taskId=$id" -H "$auth"
ask "$base/recordInfo?taskId=$id"  # 401
ask "$base/no/such/path"           # 404, unmatched
ask -X POST "$base/generateTask/img" -H "$auth" \
  -d '{"request_type":"callback","callback_url":"http://127.0.0.1:9/hook","input":{}}'
ask "$base/metrics"
curl -sf "$base/metrics" > "$work/metrics"

promtool check metrics < "$work/metrics"
grep -q '^pollbench_http_requests_total{route="/recordInfo",status="200"} 1$' "$work/metrics" ||
  { echo "FAIL: the status request is not counted:"; cat "$work/metrics"; exit 1; }
echo "promtool check metrics: $(grep -vc '^#' "$work/metrics") samples read, no problem found"
