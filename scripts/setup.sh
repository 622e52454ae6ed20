#!/usr/bin/env bash
# Installs whatever this machine is missing, idempotently. Everything comes
# from the package registries this workplace reaches (crates.io, npm, Debian);
# no tool downloads a browser or a binary of its own.
#
#   scripts/setup.sh           # everything the tests need
#   scripts/setup.sh --serve   # only what building and serving the app needs
#                              # (no browser, no fonts)
set -euo pipefail
cd "$(dirname "$0")/.."

for_tests=1
[ "${1:-}" = "--serve" ] && for_tests=0

# The wasm-bindgen CLI must be the exact version the crate links (one pin:
# Cargo.toml's `wasm-bindgen = "=…"`, resolved in Cargo.lock).
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
[ -n "$WASM_BINDGEN_VERSION" ] || { echo "setup: no wasm-bindgen in Cargo.lock" >&2; exit 1; }

log() { printf '\n== %s\n' "$*"; }

if ! rustup target list --installed | grep -q wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo clippy --version >/dev/null 2>&1; then
  log "rustup component add clippy"
  rustup component add clippy
fi

if ! wasm-bindgen --version 2>/dev/null | grep -qF "wasm-bindgen $WASM_BINDGEN_VERSION"; then
  log "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # --locked fails on a yanked webpki-roots pre-release in its lock file.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --locked 2>/dev/null \
    || cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

CARGO_FUZZ_VERSION=0.13.2   # scripts/fuzz.sh

if [ "$for_tests" = 1 ] && ! cargo fuzz --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then
  log "cargo install cargo-fuzz $CARGO_FUZZ_VERSION"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi

if [ "$for_tests" = 1 ] && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
  log "apt-get install chromium chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# LibreOffice Calc: the independent tool that makes the .xlsx twins of the
# CSV batch fixtures (scripts/xlsx-fixtures.sh; the converted files are
# committed, so the Rust tests need it only for the template round trip,
# which they skip without it).
if [ "$for_tests" = 1 ] && ! command -v soffice >/dev/null; then
  log "apt-get install libreoffice-calc"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq libreoffice-calc >/dev/null || echo "note: libreoffice-calc not installed; the template's LibreOffice round trip is skipped" >&2
fi

# CJK fonts, so that screenshots of the Chinese screens (test-results/screenshots/)
# and Lighthouse runs show the text rather than empty boxes.
if [ "$for_tests" = 1 ] && command -v fc-list >/dev/null && ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  log "apt-get install fonts-noto-cjk"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq fonts-noto-cjk >/dev/null || echo "note: fonts-noto-cjk not installed; Chinese text in screenshots shows as boxes" >&2
fi

if [ -f package-lock.json ] && { [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; }; then
  log "npm ci"
  # playwright-core never downloads a browser; it drives /usr/bin/chromium.
  npm ci --no-audit --no-fund --loglevel=error
fi
