#!/usr/bin/env bash
# Builds the browser assets into www/pkg:
#   policycalc.js + policycalc_bg.wasm  crates/policycalc-wasm built by cargo
#     (release, size-optimised), the
#     pinned wasm-bindgen CLI, then wasm-opt -Oz --converge from the npm `binaryen`
#     package (never Debian's: its old wasm-opt breaks wasm-bindgen output);
#   regions.json  the region list (names in every language), which the page
#     shows as its first question before any catalog or the core is loaded;
#   catalog.<region>.<lang>.bin  one region's compiled catalog (with what it
#     inherits) in one language, which the page fetches once the region is
#     known and passes to `new Calculator(bytes)`;
#   catalog.<lang>.bin  every region in one language (the CSV batch page);
#   policycalc_batch.js + policycalc_batch_bg.wasm  the same module with the
#     CSV batch entry points (feature `batch`), built for speed, for
#     www/batch.html only, so the calculator's own module carries none of it;
#   policycalc_batch_xlsx.js + policycalc_batch_xlsx_bg.wasm  the batch
#     module with Excel in and out (feature `xlsx`), which the
#     batch page fetches only when Excel is chosen;
#   policycalc_studio.js + policycalc_studio_bg.wasm  the policy studio's
#     module (crates/policycalc-studio: loader and compiler), www/studio.html only.
set -euo pipefail
cd "$(dirname "$0")/.."
# -p policycalc-wasm alone: no other package's features unify into the
# calculator's build (the CLI's Excel crates never reach it).
cargo build --quiet -p policycalc-wasm --release --target wasm32-unknown-unknown
mkdir -p www/pkg
# Given to every wasm-opt run: no debug info or producers section, and the
# wasm features wasm-bindgen's output uses.
WASM_FEATURES=(--strip-debug --strip-producers
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-reference-types --enable-multivalue)
# The size-optimised modules (calculator, studio) run -Oz until it stops
# shrinking (--converge): measured on 2026-12-01, 245 B gzip off the
# calculator (93,646 -> 93,401) and 911 B off the studio, for about 30 s
# more build time.
SIZE_OPT=(-Oz --converge "${WASM_FEATURES[@]}")
# --experimental-reset-state-function: the glue's __wbg_reset_state() starts a
# new instance of the compiled module, which a kiosk wipe uses so that no
# freed buffer of a visitor's answers survives (www/pc-core.js freshCore).
wasm-bindgen --target web --experimental-reset-state-function --out-dir www/pkg --out-name policycalc target/wasm32-unknown-unknown/release/policycalc_wasm.wasm
if [ -x node_modules/.bin/wasm-opt ]; then
  node_modules/.bin/wasm-opt "${SIZE_OPT[@]}" \
    www/pkg/policycalc_bg.wasm -o www/pkg/policycalc_bg.wasm
else
  echo "note: node_modules/.bin/wasm-opt missing (run scripts/setup.sh); wasm left unoptimised" >&2
fi
# The batch page's modules: the same crate with the `batch` feature,
# built for speed (opt-level 3, wasm-opt -O3): a 100k-row file is CPU-bound
# for about a second, and these modules are only fetched by the batch page.
# policycalc_batch is CSV only; policycalc_batch_xlsx adds the Excel reader
# and writer (feature `xlsx`) and is fetched only when an Excel file or Excel
# output is chosen (www/batch-worker.js).
batch_module() { # name, features
  CARGO_PROFILE_RELEASE_OPT_LEVEL=3 \
    cargo build --quiet -p policycalc-wasm --release --target wasm32-unknown-unknown --features "$2"
  local tmp
  tmp=$(mktemp -d)
  cp target/wasm32-unknown-unknown/release/policycalc_wasm.wasm "$tmp/$1.wasm"
  wasm-bindgen --target web --out-dir www/pkg "$tmp/$1.wasm"
  rm -rf "$tmp"
  if [ -x node_modules/.bin/wasm-opt ]; then
    node_modules/.bin/wasm-opt -O3 "${WASM_FEATURES[@]}" \
      "www/pkg/$1_bg.wasm" -o "www/pkg/$1_bg.wasm"
  fi
}
batch_module policycalc_batch batch
batch_module policycalc_batch_xlsx batch,xlsx
# The policy studio's module (www/studio.html only): the pack loader and
# compiler of crates/policycalc-studio, size-optimised like the calculator's.
cargo build --quiet -p policycalc-studio --release --target wasm32-unknown-unknown
wasm-bindgen --target web --out-dir www/pkg target/wasm32-unknown-unknown/release/policycalc_studio.wasm
if [ -x node_modules/.bin/wasm-opt ]; then
  node_modules/.bin/wasm-opt "${SIZE_OPT[@]}" \
    www/pkg/policycalc_studio_bg.wasm -o www/pkg/policycalc_studio_bg.wasm
fi
cargo build --quiet --bin policycalc
target/debug/policycalc export-catalog --web www/pkg 2>/dev/null
