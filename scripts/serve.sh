#!/usr/bin/env bash
# Installs what building needs (scripts/setup.sh --serve: wasm target,
# wasm-bindgen-cli, npm packages), builds the WebAssembly module when its
# sources changed (scripts/build-wasm.sh: release, wasm-opt -Oz from the npm
# `binaryen` package, the region list and compiled catalogs), writes dist/
# (www/ minified, scripts/build-web.mjs) and serves it on
# http://127.0.0.1:8080 with the strict CSP (scripts/serve.mjs, no
# dependencies beyond Node).
#
#   scripts/serve.sh [--port N] [--host H] [--quiet]   # extra args go to serve.mjs
#   PC_FORCE_BUILD=1 scripts/serve.sh                 # rebuild even if fresh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --serve
# shellcheck source=scripts/web-common.sh
. scripts/web-common.sh
ensure_wasm
exec node scripts/serve.mjs "$@"
