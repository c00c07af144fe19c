#!/usr/bin/env bash
# The code's habits, checked: every C++ source keeps the .clang-format layout and stays
# within 400 lines; with --tidy BUILD_DIR, clang-tidy's checks (.clang-tidy: functions of
# at most 60 lines, a few bug classes) run over that build's compile_commands.json.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t sources < <(git ls-files '*.cpp' '*.hpp' 2>/dev/null || find sim strategies bench reports tests -name '*.[ch]pp')
status=0
for f in "${sources[@]}"; do
  lines=$(wc -l < "$f")
  if [ "$lines" -gt 400 ]; then echo "$f: $lines lines, more than 400" >&2; status=1; fi
done
clang-format --dry-run --Werror "${sources[@]}" || status=1
if [ "${1:-}" = "--tidy" ]; then
  run-clang-tidy -p "${2:?--tidy needs a build directory}" -quiet '^(?!.*/build/).*/(sim|strategies|bench|reports|tests)/' || status=1
fi
exit $status
