#!/usr/bin/env bash
# scripts/setup.sh against stand-ins for dpkg-query and apt-get: which packages each
# command installs, and whether apt is quiet. No root, no network, nothing installed.
set -euo pipefail
setup="$(cd "$(dirname "$0")/../.." && pwd)/scripts/setup.sh"
stubs=$(mktemp -d)
trap 'rm -rf "$stubs"' EXIT
# dpkg-query: installed only what $INSTALLED lists; apt-get: its arguments, one call a line.
cat > "$stubs/dpkg-query" <<'EOF'
#!/usr/bin/env bash
for p in ${INSTALLED:-}; do [ "$p" = "${!#}" ] && { printf 'install ok installed'; exit 0; }; done
exit 1
EOF
cat > "$stubs/apt-get" <<'EOF'
#!/usr/bin/env bash
echo "$*" >> "$APT_LOG"
EOF
# apt-get download and dpkg-deb -x: a package whose only file is a promtool.
cat >> "$stubs/apt-get" <<'EOF'
[ "$1" = download ] && touch "prometheus_2.42_amd64.deb"
exit 0
EOF
cat > "$stubs/dpkg-deb" <<'EOF'
#!/usr/bin/env bash
mkdir -p "$3/usr/bin" && echo '#!/bin/true' > "$3/usr/bin/promtool"
EOF
chmod +x "$stubs/dpkg-query" "$stubs/apt-get" "$stubs/dpkg-deb"
mkdir "$stubs/tools"
export PATH="$stubs:$PATH" APT_LOG="$stubs/apt.log" POLLBENCH_PROMTOOL_DIR="$stubs/tools"
failed=0
fail() { echo "FAIL: $1" >&2; failed=1; }

# Runs setup.sh with the given environment and arguments, output to a pipe; the apt-get
# install line it made, if any, in $install.
run() {
  : > "$APT_LOG"
  env "$@" bash "$setup" "${args[@]}" > /dev/null 2>&1 || return $?
  install=$(grep '^install' "$APT_LOG" || true)
}
has() { [[ " $install " == *" $1 "* ]]; }

args=()
run CI=true
has g++ && has libboost-dev && has libcpp-httplib-dev || fail "the release command misses build packages: $install"
for p in catch2 libbenchmark-dev clang-format chromium imagemagick clang curl; do
  has "$p" && fail "the release command installs $p, which only the tests need"
done
grep -q '^download' "$APT_LOG" && fail "the release command fetches promtool, which only the tests need"
has -qq || fail "with CI=true apt is not quiet: $install"

args=(--test)
run CI=true
for p in g++ catch2 libbenchmark-dev clang-format chromium imagemagick clang libclang-rt-14-dev curl; do
  has "$p" || fail "--test does not install $p"
done
grep -q '^download -qq .*prometheus$' "$APT_LOG" || fail "--test does not fetch prometheus for promtool: $(cat "$APT_LOG")"
[ -x "$stubs/tools/promtool" ] || fail "--test does not put promtool in POLLBENCH_PROMTOOL_DIR"
run CI=true
grep -q '^download' "$APT_LOG" && fail "--test fetches promtool again although it is there"

args=()
run -u CI
has -qq || fail "with output to a pipe apt is not quiet: $install"

# On a terminal (script(1) gives it one) apt shows its progress.
: > "$APT_LOG"
env -u CI script -qec "bash '$setup'" /dev/null > /dev/null
install=$(grep '^install' "$APT_LOG" || true)
has -qq && fail "on a terminal apt is quiet: $install"
has Dpkg::Progress-Fancy=1 || fail "on a terminal apt shows no progress bar: $install"

args=()
run CI=true INSTALLED="g++ cmake ninja-build pkg-config nlohmann-json3-dev libfmt-dev libcli11-dev
  libcpp-httplib-dev libssl-dev zlib1g-dev libbrotli-dev libboost-dev librandom123-dev"
[ -s "$APT_LOG" ] && fail "with every package there apt still ran: $(cat "$APT_LOG")"

: > "$APT_LOG"
code=0
message=$(bash "$setup" --tset 2>&1) || code=$?
[ "$code" = 2 ] || fail "an unknown option exits $code, not 2"
[[ "$message" == "setup: --tset: not an option of scripts/setup.sh"* ]] || fail "an unknown option says: $message"
[ -s "$APT_LOG" ] && fail "an unknown option still ran apt"

exit $failed
