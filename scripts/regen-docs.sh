#!/usr/bin/env bash
# Rewrites every generated table in the docs from a real run. A block
#   <!-- regen: run --scenario burst --format markdown -->
#   | the table pollbench printed |
#   <!-- /regen -->
# gets the first table (lines that start with '|') that `pollbench ARGS` prints, and
# `<!-- regen[2]: ARGS -->` its second; each command runs once however many blocks
# name it. The rest of the file is left as it is, and each file is replaced atomically. With --check nothing is
# written: every block that differs is shown and the script exits 1 (the test
# `docs_match_the_code` runs this on every CI run).
#   bash scripts/regen-docs.sh [--check] [POLLBENCH_BINARY]   (default build/release/pollbench)
# POLLBENCH_DOCS_ROOT names another tree than this one to read (README.md and docs/).
set -euo pipefail
cd "$(dirname "$0")/.."
root="${POLLBENCH_DOCS_ROOT:-.}"
check=false
if [ "${1:-}" = "--check" ]; then
  check=true
  shift
fi
binary="$(realpath -e "${1:-build/release/pollbench}" 2>/dev/null)" || binary=""
[ -n "$binary" ] && [ -x "$binary" ] || {
  echo "regen-docs: no pollbench at ${1:-build/release/pollbench}: build it first (cmake --workflow --preset release)" >&2
  exit 2
}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# table_of N ARGS...: the N-th table that `pollbench ARGS` prints, the run's output kept
# for the next block that names the same ARGS.
table_of() {
  local n=$1 output
  shift
  output="$scratch/run-$(printf '%s\n' "$@" | md5sum | cut -c1-16)"
  if [ ! -f "$output" ] && ! "$binary" "$@" >"$output" 2>"$scratch/stderr"; then
    rm -f "$output"
    return 1
  fi
  awk -v n="$n" '/^\|/ { if (!inside) { ++t; inside = 1 } if (t == n) print; next } { inside = 0 }' "$output" | grep .
}

# regenerate DOC OUT: DOC with every block's table made anew, written to OUT.
regenerate() {
  local doc=$1 out=$2 line args block=""
  : >"$out"
  while IFS= read -r line || [ -n "$line" ]; do
    if [[ $line =~ ^'<!-- regen'(\[([0-9]+)\])?': '(.*)' -->'$ ]]; then
      block=${BASH_REMATCH[3]}
      printf '%s\n' "$line" >>"$out"
      read -r -a args <<<"$block"
      if ! table_of "${BASH_REMATCH[2]:-1}" "${args[@]}" >>"$out"; then
        echo "regen-docs: $doc: \`pollbench $block\` printed no such table:" >&2
        cat "$scratch/stderr" >&2
        exit 2
      fi
    elif [ "$line" = '<!-- /regen -->' ]; then
      block=""
      printf '%s\n' "$line" >>"$out"
    elif [ -z "$block" ]; then
      printf '%s\n' "$line" >>"$out"
    fi
  done <"$doc"
  [ -z "$block" ] || {
    echo "regen-docs: $doc: the block \`$block\` has no <!-- /regen --> line" >&2
    exit 2
  }
}

status=0
blocks=0
for doc in "$root"/README.md "$root"/docs/*.md; do
  [ -f "$doc" ] || continue
  grep -q '^<!-- regen' "$doc" || continue
  blocks=$((blocks + $(grep -c '^<!-- regen' "$doc")))
  fresh="$scratch/$(basename "$doc")"
  regenerate "$doc" "$fresh"
  cmp -s "$doc" "$fresh" && continue
  if $check; then
    echo "regen-docs: $doc no longer matches what pollbench prints (run scripts/regen-docs.sh):" >&2
    diff -u "$doc" "$fresh" >&2 || true
    status=1
  else
    replacement=$(mktemp "$doc.XXXXXX")
    cp "$fresh" "$replacement"
    chmod --reference="$doc" "$replacement"
    sync "$replacement"
    mv "$replacement" "$doc"
    echo "regen-docs: rewrote $doc" >&2
  fi
done
[ "$blocks" -gt 0 ] || {
  echo "regen-docs: no <!-- regen: ... --> block in $root/README.md or $root/docs/" >&2
  exit 2
}
$check && [ "$status" -eq 0 ] && echo "regen-docs: $blocks generated tables match what pollbench prints" >&2
exit "$status"
