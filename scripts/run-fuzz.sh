#!/usr/bin/env bash
# Runs every fuzz target in BUILD (default build/fuzz; the asan preset builds them too) for
# SECONDS each (default 30) from its corpus in tests/fuzz/corpus/<name>, as many at once
# as there are cores. New inputs go to a scratch folder, never into the tree; a crash, a
# sanitizer report, a timeout or an out-of-memory fails the script and leaves the input
# in BUILD/artifacts/.
#   bash scripts/run-fuzz.sh SECONDS [BUILD], e.g. after cmake --workflow --preset fuzz:
#   bash scripts/run-fuzz.sh 30 build/fuzz
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
build="${2:-build/fuzz}"
bin="$build/tests/fuzz"
artifacts="$build/artifacts"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$artifacts"

targets=()
for exe in "$bin"/*_fuzz; do [ -x "$exe" ] && targets+=("$(basename "$exe")"); done
[ ${#targets[@]} -gt 0 ] || { echo "run-fuzz: no fuzz targets in $bin: build the fuzz or asan preset first" >&2; exit 2; }

run_one() {
  local target="$1" corpus="tests/fuzz/corpus/${1%_fuzz}"
  [ -d "$corpus" ] || { echo "run-fuzz: $target has no corpus at $corpus" >&2; return 1; }
  mkdir -p "$scratch/$target"
  if "$bin/$target" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts/$target-" "$scratch/$target" "$corpus" >"$scratch/$target.log" 2>&1; then
    echo "run-fuzz: $target: $(grep -o 'stat::number_of_executed_units: [0-9]*' "$scratch/$target.log" |
      grep -o '[0-9]*$') inputs in ${seconds} s, $(grep -o 'cov: [0-9]* ft: [0-9]*' "$scratch/$target.log" |
      tail -1), no crash"
  else
    tail -n 60 "$scratch/$target.log" >&2
    echo "run-fuzz: $target FAILED (the input is in $artifacts/)" >&2
    return 1
  fi
}
export -f run_one
export bin artifacts scratch seconds

printf '%s\n' "${targets[@]}" | xargs -P "$(nproc)" -I{} bash -c 'run_one {}'
