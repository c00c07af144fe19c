#!/usr/bin/env bash
# What many X-Pollbench-Client names cost `pollbench serve` under a rate limit: its
# resident memory before and after N status requests, each naming a new client.
# Usage: bash bench/load/clients.sh [POLLBENCH_BINARY] [REQUESTS]
set -euo pipefail
binary=${1:-build/release/pollbench}
requests=${2:-200000}
here=$(cd "$(dirname "$0")" && pwd)
source "$here/serve_lib.sh"
# Each client may make 100 requests a second in bursts of 10: a bucket refills 0.1 s
# after its one request.
cat > "$work/clients.json" <<'JSON'
{"name": "clients", "seed": 1, "api_keys": [{"key": "load-key", "webhook_secret": "load-secret"}],
 "rate_limit": {"requests_per_s": 100, "burst": 10},
 "models": [{"name": "img", "completion": {"kind": "constant", "value_s": 1}}],
 "strategies": [{"kind": "fixed_interval"}]}
JSON
start_serve "$binary" --scenario "$work/clients.json"
port=${base##*:}
PYTHONPATH="$here" python3 - "$port" "$requests" "$server_pid" <<'PY'
import socket, sys, time
from probe import exchange, rss_kib
port, n, pid = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
s = socket.create_connection(("127.0.0.1", port))
def ask(request):
    return exchange(s, request, "clients.sh")
rss = lambda: rss_kib(pid)
body = b'{"request_type":"async","input":{}}'
created = ask(b"POST /generateTask/img HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer load-key\r\n"
              b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
task = created.split(b'"taskId":"')[1].split(b'"')[0]
before = rss()
started = time.monotonic()
statuses = {}
for i in range(n):
    answer = ask(b"GET /recordInfo?taskId=%s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer load-key\r\n"
                 b"X-Pollbench-Client: client-%d\r\n\r\n" % (task, i))
    code = answer.split(b" ", 2)[1].decode()
    statuses[code] = statuses.get(code, 0) + 1
after = rss()
print(f"{n} status requests, each from a new client name, in {time.monotonic() - started:.1f} s: "
      f"answers {statuses}; RSS {before} KiB before, {after} KiB after ({after - before:+} KiB)")
PY
