#!/usr/bin/env bash
# What an idle keep-alive connection costs `pollbench serve`: its resident memory before
# and after N connections that each asked once and then stay open.
# Usage: bash bench/load/idle.sh [POLLBENCH_BINARY] [CONNECTIONS]
set -euo pipefail
binary=${1:-build/release/pollbench}
connections=${2:-10000}
here=$(cd "$(dirname "$0")" && pwd)
source "$here/serve_lib.sh"
ulimit -n $((connections + 256))  # each side, client and server, holds one per connection
start_serve "$binary" --scenario "$here/scenario.json" --max-connections $((connections + 64))
port=${base##*:}
PYTHONPATH="$here" python3 - "$port" "$connections" "$server_pid" <<'PY'
import socket, sys
from probe import exchange, rss_kib
port, n, pid = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
request = b"GET /admin/stats HTTP/1.1\r\nHost: x\r\n\r\n"
def ask(s):
    exchange(s, request, "idle.sh")
rss = lambda: rss_kib(pid)
warm = socket.create_connection(("127.0.0.1", port))
ask(warm)
before = rss()
open_ = []
for _ in range(n):
    s = socket.create_connection(("127.0.0.1", port))
    ask(s)
    open_.append(s)
after = rss()
print(f"{n} idle keep-alive connections: RSS {before} KiB before, {after} KiB after, "
      f"{(after - before) * 1024 / n:.0f} bytes each")
PY
