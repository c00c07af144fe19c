#!/usr/bin/env bash
# Soak: `pollbench serve` under a steady mixed load (creates, status and batch polls of
# the tasks created) for MINUTES, with the server's resident memory every 30 s. The
# journal cap is small, so it fills within the first minutes and creates get 507 from
# then on: the RSS after that moment should stay flat.
# Usage: bash bench/load/soak.sh [POLLBENCH_BINARY] [MINUTES] [CONNECTIONS]
# Environment: SOAK_JOURNAL_BYTES (default 16 MiB), SOAK_PACE_MS (each connection's
# pause between answer and next request, default 15), SOAK_CREATE_SHARE (0.2),
# SOAK_BATCH_SHARE (0.05), SOAK_CSV (also write the samples there).
# Needs wrk 4.1 (apt-get install wrk); bench/README.md has the figures.
set -euo pipefail
binary=${1:-build/release/pollbench}
minutes=${2:-30}
connections=${3:-50}
journal_bytes=${SOAK_JOURNAL_BYTES:-$((16 << 20))}
pace_ms=${SOAK_PACE_MS:-15}
create_share=${SOAK_CREATE_SHARE:-0.2}
batch_share=${SOAK_BATCH_SHARE:-0.05}
interval=30
here=$(cd "$(dirname "$0")" && pwd)
source "$here/serve_lib.sh"
ulimit -n $((connections + 256)) 2>/dev/null || true
start_serve "$binary" --scenario "$here/soak.json" --max-journal-bytes "$journal_bytes" \
  --max-connections $((connections + 64)) --report "$work/journal.json"

rss_kib() { awk '/^VmRSS/ { print $2 }' "/proc/$server_pid/status"; }
started=$(date +%s)
echo "soak: $minutes min, $connections connections, each paced $pace_ms ms; creates $create_share," \
  "batch polls $batch_share, the rest status polls; journal cap $journal_bytes bytes; $(nproc) cores"
echo "start: $(date -u +%FT%TZ); load: $(uptime | sed 's/.*load average: //')"
# wrk ends itself after MINUTES; `timeout` ends it a minute later if it does not.
timeout --kill-after=10 $((minutes * 60 + 60)) \
  wrk -t2 -c"$connections" -d"${minutes}m" --timeout 5s -s "$here/soak.lua" "$base" \
  -- "$pace_ms" "$create_share" "$batch_share" > "$work/wrk.out" 2>&1 &
wrk_pid=$!
also_stop=$wrk_pid

echo "elapsed_s,epoch_s,rss_kib" > "$work/rss.csv"
next=0
while kill -0 "$wrk_pid" 2>/dev/null; do
  now=$(date +%s)
  if [ $((now - started)) -ge "$next" ]; then
    echo "$((now - started)),$now,$(rss_kib)" >> "$work/rss.csv"
    next=$((next + interval))
  fi
  sleep 1
done
wait "$wrk_pid" || echo "soak.sh: wrk ended with status $?" >&2
also_stop=
ended=$(date +%s)
echo "$((ended - started)),$ended,$(rss_kib)" >> "$work/rss.csv"
hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$server_pid/status")
stats=$(curl -s "$base/admin/stats")
echo "end: $(date -u +%FT%TZ); load: $(uptime | sed 's/.*load average: //')"

cat "$work/wrk.out"
[ -n "${SOAK_CSV:-}" ] && cp "$work/rss.csv" "$SOAK_CSV"
full=$(awk '/^journal_full_at/ { print $2 }' "$work/wrk.out")
python3 - "$work/rss.csv" "${full:-0}" "$started" "$hwm" "$stats" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
full, started, hwm, stats = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], json.loads(sys.argv[5])
print("\n| elapsed | RSS (KiB) |\n| ---: | ---: |")
for r in rows:
    print(f"| {int(r['elapsed_s']) // 60}:{int(r['elapsed_s']) % 60:02d} | {int(r['rss_kib']):,} |")
o = stats["overall"]
print(f"\njournal: {o['tasks_created']:,} tasks, {stats['status_requests']:,} status requests, "
      f"faults {stats['faults_injected']}, rate-limited {stats['rate_limited']:,}; peak RSS (VmHWM) {int(hwm):,} KiB")
if not full:
    print("verdict: the journal never filled (no 507): raise the rate or lower SOAK_JOURNAL_BYTES")
    sys.exit(0)
after = [r for r in rows if int(r["epoch_s"]) >= full]
print(f"journal full (first 507) at {(full - started) // 60}:{(full - started) % 60:02d}")
if len(after) < 2:
    print("verdict: too few samples after the journal filled")
    sys.exit(0)
first, last = int(after[0]["rss_kib"]), int(after[-1]["rss_kib"])
span = int(after[-1]["elapsed_s"]) - int(after[0]["elapsed_s"])
low, high = min(int(r["rss_kib"]) for r in after), max(int(r["rss_kib"]) for r in after)
print(f"after the cap: RSS {first:,} KiB at {int(after[0]['elapsed_s'])} s -> {last:,} KiB at "
      f"{int(after[-1]['elapsed_s'])} s ({last - first:+,} KiB over {span} s; range {low:,}..{high:,})")
PY
