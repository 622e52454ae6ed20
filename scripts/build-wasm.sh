#!/usr/bin/env bash
# Builds the WebAssembly module into www/pkg: cargo (release, size-optimised),
# wasm-bindgen (the pinned CLI), then wasm-opt -Oz from the npm `binaryen`
# package (never Debian's: its old wasm-opt breaks wasm-bindgen output).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --lib --release --target wasm32-unknown-unknown
wasm-bindgen --target web --out-dir www/pkg --no-typescript=false \
  target/wasm32-unknown-unknown/release/policycalc.wasm 2>/dev/null \
  || wasm-bindgen --target web --out-dir www/pkg target/wasm32-unknown-unknown/release/policycalc.wasm
if [ -x node_modules/.bin/wasm-opt ]; then
  node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
    www/pkg/policycalc_bg.wasm -o www/pkg/policycalc_bg.wasm
else
  echo "note: node_modules/.bin/wasm-opt missing (run scripts/setup.sh); wasm left unoptimised" >&2
fi
