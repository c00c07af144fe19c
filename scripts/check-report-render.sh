#!/usr/bin/env bash
# Renders pollbench's HTML report in headless Chromium at 1280 px (a desktop) and 390 px
# (a phone) wide, keeps a screenshot of each (WORK_DIR/report-1280.png, report-390.png)
# and fails on gross breakage:
#   - layout, measured inside the browser: a page loads the report into an iframe of the
#     width (a headless window is at least 500 px wide), opens every <details>, and lists
#     the page wider than the viewport, an SVG text outside its chart or on another text
#     of the same chart, and headings, paragraphs, list items, captions or definitions
#     lying on each other; Chromium's --dump-dom hands the list back;
#   - charts drawn: only the charts use the series colours; in the 1280x3400 screenshot of
#     a default run their legend keys alone cover about 5,000 pixels, the whole page about
#     30,000 with the curves, markers and bars (the "What to use" boxes above them take the
#     first 1,000 px): at least 15,000 are asked for.
# Usage: check-report-render.sh POLLBENCH_BINARY WORK_DIR [HTML]
# (HTML: check that page instead of a fresh report, to see the check fail on a broken one).
set -euo pipefail
pollbench=$1
work=$(realpath -m "$2")
rm -rf "$work" && mkdir -p "$work"
if [ -n "${3:-}" ]; then
  page=$(realpath -e "$3")
else
  "$pollbench" run --tasks 2000 --out "$work/out" >/dev/null
  page=$work/out/report.html
fi

chrome() {
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --hide-scrollbars \
    --allow-file-access-from-files --user-data-dir="$work/profile" "$@" 2>>"$work/chromium.log"
}

# frame WIDTH HEIGHT [SCRIPT]: a page holding the report in an iframe of that size.
frame() {
  printf '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">'
  printf '<iframe id="report" src="file://%s" width="%s" height="%s" style="border:0;display:block"></iframe>' \
    "$page" "$1" "$2"
  [ -z "${3:-}" ] || printf '<script>%s</script>' "$(cat "$3")"
  printf '</body></html>\n'
}

cat >"$work/measure.js" <<'EOF'
addEventListener('load', () => {
  const doc = document.getElementById('report').contentDocument;
  const problems = [];
  doc.querySelectorAll('details').forEach((d) => { d.open = true; });
  const vw = doc.documentElement.clientWidth, sw = doc.documentElement.scrollWidth;
  if (sw > vw) problems.push(`page ${sw} px wide in a ${vw} px viewport`);
  const box = (e) => e.getBoundingClientRect();
  const shown = (r) => r.width > 0 && r.height > 0;
  const overlap = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 &&
                            Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
  const name = (e) => `<${e.tagName.toLowerCase()}> "${e.textContent.trim().slice(0, 40)}"`;
  for (const svg of doc.querySelectorAll('svg')) {
    const frame = box(svg);
    const texts = [...svg.querySelectorAll('text')].filter((t) => shown(box(t)));
    texts.forEach((t, i) => {
      const r = box(t);
      if (r.left < frame.left - 1 || r.right > frame.right + 1 || r.top < frame.top - 1 || r.bottom > frame.bottom + 1)
        problems.push(`${name(t)} cut by the edge of its chart`);
      for (const u of texts.slice(i + 1)) if (overlap(r, box(u))) problems.push(`${name(t)} on ${name(u)}`);
    });
  }
  const blocks = [...doc.querySelectorAll('h1,h2,h3,p,li,figcaption,summary,pre,dt,dd')].filter((e) => shown(box(e)));
  blocks.forEach((a, i) => {
    for (const b of blocks.slice(i + 1))
      if (!a.contains(b) && !b.contains(a) && overlap(box(a), box(b))) problems.push(`${name(a)} on ${name(b)}`);
  });
  if (doc.querySelectorAll('svg.chart').length === 0) problems.push('no chart on the page');
  const out = document.createElement('pre');
  out.id = 'layout';
  out.textContent = problems.length ? problems.join('\n') : 'none';
  document.body.append(out);
});
EOF

status=0
for size in 1280x3400 390x3400; do
  width=${size%x*} height=${size#*x}
  frame "$width" 1000 "$work/measure.js" >"$work/measure-$width.html"
  frame "$width" "$height" >"$work/frame-$width.html"
  chrome --window-size="$((width < 500 ? 500 : width)),1000" --virtual-time-budget=5000 --dump-dom \
    "file://$work/measure-$width.html" >"$work/dom-$width.html"
  chrome --window-size="$((width < 500 ? 500 : width)),$height" --virtual-time-budget=5000 \
    --screenshot="$work/shot-$width.png" "file://$work/frame-$width.html" >/dev/null
  [ -s "$work/shot-$width.png" ] || { echo "no screenshot taken at $width px"; cat "$work/chromium.log"; exit 1; }
  convert "$work/shot-$width.png" -crop "${width}x${height}+0+0" +repage "$work/report-$width.png"
  # What the measuring script wrote: the text of <pre id="layout">, unescaped.
  found=$(sed -n '/<pre id="layout">/,/<\/pre>/p' "$work/dom-$width.html" | sed 's/<[^>]*>//g; s/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&amp;/\&/g')
  if [ "$found" = none ]; then
    echo "$width px: layout ok"
  else
    echo "$width px: layout broken:"
    echo "${found:-(no measurement: the page did not load)}" | head -40
    status=1
  fi
done

total=0
for colour in '#0072b2' '#e69f00' '#009e73' '#d55e00' '#56b4e9' '#cc79a7'; do
  pixels=$(convert "$work/report-1280.png" -alpha off -fuzz 8% -fill white +opaque "$colour" -fill black \
    -opaque "$colour" -negate -format '%[fx:round(mean*w*h)]' info:)
  echo "series colour $colour: $pixels pixels"
  total=$((total + pixels))
done
echo "series colours in all: $total pixels"
if [ "$total" -ge 15000 ]; then echo "charts drawn"; else echo "charts not drawn: legend keys alone cover about 5000"; status=1; fi
exit $status
