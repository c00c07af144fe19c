#!/usr/bin/env bash
# scripts/regen-docs.sh on a copy of the docs: --check fails on a table that no longer
# matches and leaves the file alone; without --check the table is made anew, and the
# rest of the file is kept byte for byte.
#   bash tests/scripts/regen_docs_test.sh POLLBENCH_BINARY
set -euo pipefail
binary=$(realpath "$1")
repo=$(cd "$(dirname "$0")/../.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
fail() { echo "regen_docs_test: $*" >&2; exit 1; }

mkdir -p "$scratch/docs"
cp "$repo/docs/strategies.md" "$scratch/docs/strategies.md"
row=$(grep -m1 '^| nano-banana | capped_exponential |' "$scratch/docs/strategies.md") || fail "no burst table row to tamper with"
sed -i 's/^| nano-banana | capped_exponential | [^|]* |/| nano-banana | capped_exponential | 999 |/' "$scratch/docs/strategies.md"
cp "$scratch/docs/strategies.md" "$scratch/tampered.md"

if POLLBENCH_DOCS_ROOT="$scratch" bash "$repo/scripts/regen-docs.sh" --check "$binary" 2>"$scratch/check.err"; then
  fail "--check passed a tampered table"
fi
grep -q -- "-| nano-banana | capped_exponential | 999 |" "$scratch/check.err" || fail "--check did not show the drifted row"
cmp -s "$scratch/docs/strategies.md" "$scratch/tampered.md" || fail "--check changed the file"

POLLBENCH_DOCS_ROOT="$scratch" bash "$repo/scripts/regen-docs.sh" "$binary" 2>/dev/null
cmp -s "$scratch/docs/strategies.md" "$repo/docs/strategies.md" || fail "regenerating did not restore the file: $(diff "$repo/docs/strategies.md" "$scratch/docs/strategies.md" | head -5)"
grep -qxF -- "$row" "$scratch/docs/strategies.md" || fail "the regenerated row differs from the documented one"

# A block without its end is refused, not run to the end of the file.
printf '%s\n' '<!-- regen: run --scenario burst --format markdown -->' '| stale |' >"$scratch/docs/strategies.md"
if POLLBENCH_DOCS_ROOT="$scratch" bash "$repo/scripts/regen-docs.sh" --check "$binary" 2>"$scratch/open.err"; then
  fail "an unterminated block passed"
fi
grep -q "has no <!-- /regen --> line" "$scratch/open.err" || fail "an unterminated block was not named: $(cat "$scratch/open.err")"
echo "regen_docs_test: drift found, file kept, regeneration restores it, unterminated block refused"
