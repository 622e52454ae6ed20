# Shared by scripts/serve.sh and scripts/test-web.sh: build the browser
# assets (the wasm only when something it depends on changed), then dist/.

# True when www/pkg is missing or older than any source it is built from.
wasm_stale() {
  local stamp=www/pkg/policycalc_bg.wasm f
  [ -n "${PC_FORCE_BUILD:-}" ] && return 0
  for f in "$stamp" www/pkg/policycalc.js www/pkg/policycalc_batch.js www/pkg/policycalc_batch_bg.wasm www/pkg/policycalc_batch_xlsx_bg.wasm www/pkg/policycalc_studio_bg.wasm \
           www/pkg/catalog.zh-Hans.bin www/pkg/catalog.zh-Hant.bin www/pkg/catalog.en.bin \
           www/pkg/regions.json www/pkg/catalog.bayannur.en.bin; do
    [ -f "$f" ] || return 0
  done
  [ -n "$(find src crates policies Cargo.toml Cargo.lock scripts/build-wasm.sh -newer "$stamp" -print -quit 2>/dev/null)" ]
}

# The wasm-bindgen glue carries a comment with a documentation URL; www/ holds
# no address of another origin, so comment lines naming one are dropped.
scrub_glue() {
  local glue
  for glue in www/pkg/*.js; do
    [ -f "$glue" ] && sed -i -E '/^\s*\/\/.*https?:\/\//d' "$glue"
  done
  return 0
}

ensure_wasm() {
  if [ ! -d node_modules/esbuild ] || [ ! -d node_modules/binaryen ]; then
    echo "== npm ci (esbuild, binaryen's wasm-opt)" >&2
    npm ci --no-audit --no-fund --loglevel=error
  fi
  if wasm_stale; then
    echo "== building wasm (scripts/build-wasm.sh)" >&2
    bash scripts/build-wasm.sh
    touch www/pkg/policycalc_bg.wasm
  fi
  scrub_glue
  # dist/: www/ with its JavaScript and CSS minified (fast: always rebuilt)
  node scripts/build-web.mjs
}
