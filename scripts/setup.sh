#!/usr/bin/env bash
# Installs the Debian packages pollbench builds with, only those that are missing,
# so the README's commands work on a fresh Debian 12 machine and cost nothing after.
# --test adds what the test suite and CI (.ci/run) need beyond the build: clang-format
# (the style check), Chromium and ImageMagick, which render the HTML report and measure
# the screenshot, and clang with its libFuzzer and sanitizer runtimes for the fuzz targets.
set -euo pipefail
packages=(g++ cmake ninja-build pkg-config nlohmann-json3-dev libfmt-dev libcli11-dev
          catch2 libbenchmark-dev libcpp-httplib-dev libssl-dev zlib1g-dev libbrotli-dev libboost-dev)
if [ "${1:-}" = "--test" ]; then packages+=(clang-format chromium imagemagick clang libclang-rt-14-dev); fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
