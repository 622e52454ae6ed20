#!/usr/bin/env bash
# What the batch feature costs in the browser: the wasm modules built as
# scripts/build-wasm.sh builds them (cargo release, wasm-bindgen, wasm-opt).
# Without the `batch` feature policycalc-batch is not even a dependency of
# policycalc-wasm, so that build is the calculator's module as it was before the
# batch feature; only www/batch.html loads the batch module (built for speed;
# its size-optimised variant is shown for comparison).
#
#   bash bench/wasm-size.sh
set -euo pipefail
cd "$(dirname "$0")/.."

measure() {
  local label=$1 level=$2 opt=$3 out
  shift 3
  out=$(mktemp -d)
  CARGO_PROFILE_RELEASE_OPT_LEVEL=$level cargo build --quiet -p policycalc-wasm --release --target wasm32-unknown-unknown "$@"
  cp target/wasm32-unknown-unknown/release/policycalc_wasm.wasm "$out/m.wasm"
  wasm-bindgen --target web --out-dir "$out" "$out/m.wasm"
  node_modules/.bin/wasm-opt "$opt" --strip-debug --strip-producers --enable-bulk-memory \
    --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types \
    --enable-multivalue "$out/m_bg.wasm" -o "$out/m_bg.wasm"
  printf '%-46s cargo %8d B   shipped %7d B   gzip -9 %7d B   glue js %6d B\n' "$label" \
    "$(stat -c %s "$out/m.wasm")" "$(stat -c %s "$out/m_bg.wasm")" "$(gzip -9c "$out/m_bg.wasm" | wc -c)" "$(stat -c %s "$out/m.js")"
  rm -rf "$out"
}

measure "calculator module (no batch; opt z, -Oz)" z -Oz
measure "batch module (batch; opt 3, -O3, shipped)" 3 -O3 --features batch
measure "batch module (batch; opt z, -Oz)" z -Oz --features batch
