#!/usr/bin/env bash
# What the batch feature costs in the browser: the wasm module built as
# scripts/build-wasm.sh builds it (cargo release, wasm-bindgen, wasm-opt -Oz),
# without and with the `batch-wasm` feature. Without it nothing of
# src/batch.rs is reachable from an export, so that build is the module as
# it was before the batch feature; the calculator page ships that one, and
# only www/batch.html loads the other.
#
#   bash bench/wasm-size.sh
set -euo pipefail
cd "$(dirname "$0")/.."

measure() {
  local label=$1 out
  shift
  out=$(mktemp -d)
  cargo build --quiet --lib --release --target wasm32-unknown-unknown "$@"
  cp target/wasm32-unknown-unknown/release/policycalc.wasm "$out/m.wasm"
  wasm-bindgen --target web --out-dir "$out" "$out/m.wasm"
  node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers --enable-bulk-memory \
    --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types \
    --enable-multivalue "$out/m_bg.wasm" -o "$out/m_bg.wasm"
  printf '%-36s cargo %8d B   shipped (-Oz) %7d B   gzip -9 %7d B   glue js %6d B\n' "$label" \
    "$(stat -c %s "$out/m.wasm")" "$(stat -c %s "$out/m_bg.wasm")" "$(gzip -9c "$out/m_bg.wasm" | wc -c)" "$(stat -c %s "$out/m.js")"
  rm -rf "$out"
}

measure "calculator module (no batch)"
measure "batch module (--features batch-wasm)" --features batch-wasm
