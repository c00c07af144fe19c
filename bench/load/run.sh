#!/usr/bin/env bash
# Load benchmark: `pollbench serve` against nginx serving a static JSON of the same size,
# both on 127.0.0.1, with wrk at the same connection count, in the same run.
# Usage: [SERVE_ARGS="--threads 1"] bash bench/load/run.sh [POLLBENCH_BINARY] [CONNECTIONS] [SECONDS]
# Needs wrk and nginx (apt-get install wrk nginx-light); bench/README.md has the figures.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/serve_lib.sh"
load_args 1000 30 "$@"
chmod 755 "$work"  # nginx workers run as www-data
start_serve "$binary" ${SERVE_ARGS:-} --scenario "$here/scenario.json" --time-scale 1000 --max-connections $((connections + 64)) \
  --report "$work/journal.json"
auth="Authorization: Bearer load-key"
id=$(curl -s -X POST "$base/generateTask/img" -H "$auth" -d '{"request_type":"async","input":{}}' | sed 's/.*"taskId":"\([^"]*\)".*/\1/')
sleep 0.1  # the 1-s job at x1000: done, so every answer is the same success record
curl -s "$base/recordInfo?taskId=$id" -H "$auth" > "$work/status.json"
size=$(stat -c %s "$work/status.json")

mkdir -p "$work/www"
cp "$work/status.json" "$work/www/status.json"
cat > "$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 16384; }
http {
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:0 backlog=65535;
    root $work/www;
    default_type application/json;
  }
}
CONF
# nginx cannot pick a free port itself: take one the kernel just freed.
nginx_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
sed -i "s/listen 127.0.0.1:0 /listen 127.0.0.1:$nginx_port /" "$work/nginx.conf"
nginx -c "$work/nginx.conf" -g 'daemon off;' &
also_stop=$!
for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$nginx_port/status.json" && break; sleep 0.05; done
curl -sf -o /dev/null "http://127.0.0.1:$nginx_port/status.json" || { echo "run.sh: nginx did not serve the file" >&2; exit 1; }

echo "response: $size bytes; $connections connections, $seconds s each, 2 wrk threads; $(nproc) cores"
echo "--- pollbench serve"
wrk -t2 -c"$connections" -d"${seconds}s" --latency -H "$auth" "$base/recordInfo?taskId=$id"
echo "--- nginx, static $size-byte JSON"
wrk -t2 -c"$connections" -d"${seconds}s" --latency "http://127.0.0.1:$nginx_port/status.json"
