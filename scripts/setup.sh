#!/usr/bin/env bash
# Installs the Debian packages pollbench needs, only those that are missing, so the
# README's commands work on a fresh Debian 12 machine and cost nothing after. With no
# argument, what the release build needs; --test adds what the test suite and CI (.ci/run)
# need beyond it: Catch2 and Google Benchmark (the tests and micro-benchmarks),
# clang-format (the style check), Chromium and ImageMagick, which render the HTML report
# and measure the screenshot, and clang with its libFuzzer and sanitizer runtimes for the
# fuzz targets, and curl with Prometheus's promtool, which reads the mock server's /metrics.
# promtool is taken out of Debian's prometheus package rather than installing it, which on
# a machine with systemd would also start a Prometheus server.
# On a terminal apt shows its progress, since it can take minutes; with CI set (as
# CMakeLists.txt reads it) or output to a file or pipe it is quiet but for errors.
set -euo pipefail
packages=(g++ cmake ninja-build pkg-config nlohmann-json3-dev libfmt-dev libcli11-dev
          libcpp-httplib-dev libssl-dev zlib1g-dev libbrotli-dev libboost-dev librandom123-dev)
case "${1:-}" in
  "") ;;
  --test) packages+=(catch2 libbenchmark-dev clang-format chromium imagemagick clang libclang-rt-14-dev curl) ;;
  *)
    echo "setup: $1: not an option of scripts/setup.sh (none: what the build needs; --test: what the tests need too)" >&2
    exit 2
    ;;
esac
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
promtool_dir=${POLLBENCH_PROMTOOL_DIR:-/usr/local/bin}  # another only for setup's own test
need_promtool=false
[ "${1:-}" = --test ] && [ ! -x "$promtool_dir/promtool" ] && need_promtool=true
[ ${#missing[@]} -gt 0 ] || $need_promtool || exit 0

export DEBIAN_FRONTEND=noninteractive
if [ -t 1 ] && { [ -z "${CI:-}" ] || [ "$CI" = false ]; }; then
  quiet=()
  progress=(-o Dpkg::Progress-Fancy=1)
else
  quiet=(-qq)
  progress=()
fi
apt-get update "${quiet[@]}"
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  if [ ${#quiet[@]} -eq 0 ]; then
    apt-get install -y --no-install-recommends "${progress[@]}" "${missing[@]}"
  else
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi
if $need_promtool; then
  echo "setup: installing promtool (from Debian's prometheus package) in $promtool_dir" >&2
  deb=$(mktemp -d)
  trap 'rm -rf "$deb"' EXIT
  # As root into a private directory: apt's _apt user could not write there.
  (cd "$deb" && apt-get download "${quiet[@]}" -o APT::Sandbox::User=root prometheus)
  dpkg-deb -x "$deb"/prometheus_*.deb "$deb/root"
  # Beside it first, then renamed: an interrupted copy is never taken for a promtool.
  install -m 755 "$deb/root/usr/bin/promtool" "$promtool_dir/.promtool.partial"
  mv -f "$promtool_dir/.promtool.partial" "$promtool_dir/promtool"
fi
