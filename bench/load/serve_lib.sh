# Sourced by the load scripts: a scratch directory, `pollbench serve` started in it, and
# both cleaned up on exit (with whatever the script adds to `also_stop`).
work=$(mktemp -d)
server_pid=
also_stop=
cleanup() {
  [ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  [ -n "$also_stop" ] && kill -TERM "$also_stop" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
ulimit -n 65536 2>/dev/null || true  # a descriptor per connection, on each side

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
