#!/usr/bin/env bash
# Installs the Debian packages pollbench needs, only those that are missing, so the
# README's commands work on a fresh Debian 12 machine and cost nothing after. With no
# argument, what the release build needs; --test adds what the test suite and CI (.ci/run)
# need beyond it: Catch2 and Google Benchmark (the tests and micro-benchmarks),
# clang-format (the style check), Chromium and ImageMagick, which render the HTML report
# and measure the screenshot, and clang with its libFuzzer and sanitizer runtimes for the
# fuzz targets.
# On a terminal apt shows its progress, since it can take minutes; with CI set (as
# CMakeLists.txt reads it) or output to a file or pipe it is quiet but for errors.
set -euo pipefail
packages=(g++ cmake ninja-build pkg-config nlohmann-json3-dev libfmt-dev libcli11-dev
          libcpp-httplib-dev libssl-dev zlib1g-dev libbrotli-dev libboost-dev librandom123-dev)
case "${1:-}" in
  "") ;;
  --test) packages+=(catch2 libbenchmark-dev clang-format chromium imagemagick clang libclang-rt-14-dev) ;;
  *)
    echo "setup: $1: not an option of scripts/setup.sh (none: what the build needs; --test: what the tests need too)" >&2
    exit 2
    ;;
esac
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -gt 0 ] || exit 0

echo "setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
if [ -t 1 ] && { [ -z "${CI:-}" ] || [ "$CI" = false ]; }; then
  apt-get update
  apt-get install -y --no-install-recommends -o Dpkg::Progress-Fancy=1 "${missing[@]}"
else
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
