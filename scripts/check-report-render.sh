#!/usr/bin/env bash
# Renders pollbench's HTML report in headless Chromium and checks that the charts are
# drawn. Only the SVG charts use the series colours; their legend swatches cover at most
# about 5,000 pixels of the screenshot, so the curves, dots and bars must bring the
# total far above that. Usage: check-report-render.sh POLLBENCH_BINARY WORK_DIR [HTML]
# (HTML: check that page instead of a fresh report, to see the check fail on a broken one).
set -euo pipefail
pollbench=$1
work=$2
rm -rf "$work" && mkdir -p "$work"
"$pollbench" run --tasks 2000 --strategies fixed_interval,adaptive,exponential_backoff,concurrent,webhook,resilient \
  --out "$work/out" > /dev/null
page=${3:-$work/out/report.html}
timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$work/profile" --window-size=1200,1900 \
  --screenshot="$work/report.png" "file://$page" > "$work/chromium.log" 2>&1
[ -s "$work/report.png" ] || { echo "no screenshot taken"; cat "$work/chromium.log"; exit 1; }
total=0
for colour in '#1f77b4' '#d62728' '#2ca02c' '#ff7f0e' '#9467bd' '#8c564b'; do
  pixels=$(convert "$work/report.png" -alpha off -fuzz 8% -fill white +opaque "$colour" -fill black -opaque "$colour" \
           -negate -format '%[fx:round(mean*w*h)]' info:)
  echo "series colour $colour: $pixels pixels"
  total=$((total + pixels))
done
echo "series colours in all: $total pixels"
[ "$total" -ge 15000 ] || { echo "charts not drawn: legend swatches alone cover about 5000"; exit 1; }
echo "charts drawn"
