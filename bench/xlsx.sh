#!/usr/bin/env bash
# Excel beside CSV, 100k rows, the CLI (release build), the batch wasm
# module in Node and the batch page in Chromium (dist/, built by
# scripts/web-common.sh ensure_wasm): CSV->CSV, XLSX->CSV, CSV->XLSX, XLSX->XLSX. The .xlsx input
# is bench/gen.py's CSV converted by LibreOffice (an independent writer).
# Prints one line per run (best of 3). Not part of bench/run.sh.
#
#   bash bench/xlsx.sh [BIN]   (BIN: a release policycalc, default target/release/policycalc)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-target/release/policycalc}
D=${XLSX_BENCH_DIR:-/tmp/policycalc-xlsx-bench}
mkdir -p "$D"
[ -f "$D/rows-100k.csv" ] || python3 bench/gen.py 100000 "$D/rows-100k.csv"
[ -f "$D/rows-100k.xlsx" ] || soffice --headless --infilter="CSV:44,34,76,1" --convert-to xlsx --outdir "$D" "$D/rows-100k.csv" >/dev/null
best() {
  local label=$1 best=999999
  shift
  for _ in 1 2 3; do
    local t0 t1 ms
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    t1=$(date +%s%N)
    ms=$(( (t1 - t0) / 1000000 ))
    [ "$ms" -lt "$best" ] && best=$ms
  done
  printf '%-34s %7d ms\n' "$label" "$best"
}
for pair in "csv csv" "xlsx csv" "csv xlsx" "xlsx xlsx"; do
  set -- $pair
  best "cli 100k $1 -> $2" "$BIN" batch "$D/rows-100k.$1" --as-of 2025-03-01 --lang en -q -o "$D/out.$2"
done
ls -l "$D"/out.* | awk '{print "output", $9, $5, "bytes"}'
if grep -qs openWorkbook www/pkg/policycalc_batch_xlsx.js; then
  node bench/wasm/xlsx-node.mjs "$D/rows-100k.xlsx" "$D/rows-100k.csv"
  if [ -f dist/batch.html ] && [ -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
    node bench/wasm/xlsx-page.mjs "$D/rows-100k.xlsx" "$D/rows-100k.csv"
  else
    echo "page: no dist/ or no Chromium (source scripts/web-common.sh; ensure_wasm)"
  fi
else
  echo "wasm: www/pkg has no batch module with Excel (bash scripts/build-wasm.sh first)"
fi
