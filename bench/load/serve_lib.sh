# Sourced by the load scripts: a scratch directory, `pollbench serve` started in it, and
# both cleaned up on exit (with whatever the script adds to `also_stop`).
work=$(mktemp -d)
server_pid=
also_stop=
cleanup() {
  [ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  [ -n "$also_stop" ] && kill -TERM "$also_stop" 2>/dev/null || true
  rm -rf "$work"
  restore_queues || true
}
trap cleanup EXIT
# A descriptor per connection, on each side: as many as we may (this machine allows 20,000).
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
# Thousands of connects at once overflow the kernel's accept and SYN queues (4,096 and
# 2,048 by default): the lost handshakes are retried 1, 3, 7 s later and show as a
# latency tail. Raised for the run where we may (root), put back on exit.
queue_settings=(net.core.somaxconn net.ipv4.tcp_max_syn_backlog)
saved_queues=$(sysctl -n "${queue_settings[@]}" 2>/dev/null | paste -sd' ') || saved_queues=
if sysctl -qw net.core.somaxconn=65535 net.ipv4.tcp_max_syn_backlog=65535 2>/dev/null; then
  restore_queues() { read -r a b <<<"$saved_queues" && sysctl -qw net.core.somaxconn="$a" net.ipv4.tcp_max_syn_backlog="$b"; }
else
  echo "$0: note: cannot raise net.core.somaxconn (not root?): 10,000 connects at once lose handshakes" >&2
  restore_queues() { :; }
fi

# load_args CONNECTIONS SECONDS "$@": the scripts' arguments [BINARY] [CONNECTIONS]
# [SECONDS], these defaults where they are left out.
load_args() {
  binary=${3:-build/release/pollbench}
  connections=${4:-$1}
  seconds=${5:-$2}
}

# start_serve BINARY SERVE-ARGS...: runs it in the background; sets server_pid and base
# (http://127.0.0.1:PORT).
start_serve() {
  local binary=$1
  shift
  "$binary" serve --port 0 "$@" > "$work/serve.out" &
  server_pid=$!
  for _ in $(seq 100); do grep -q '^pollbench serve: http' "$work/serve.out" 2>/dev/null && break; sleep 0.05; done
  base=$(grep -o 'http://[0-9.:]*' "$work/serve.out" | head -1) || { echo "$0: pollbench serve did not start" >&2; exit 1; }
}
