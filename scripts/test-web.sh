#!/usr/bin/env bash
# The browser suites, from the project's test command (scripts/test.sh):
#   1. the wasm boundary: crates/policycalc-wasm/tests/wasm.rs with wasm-bindgen-test in headless
#      Chromium (wasm-bindgen-test-runner + /usr/bin/chromedriver; browser
#      flags in webdriver.json);
#   2. the size gate (scripts/size-gate.mjs): gzip bytes of what each page
#      loads before its first question and of each wasm module, against
#      scripts/size-budgets.json (sizes are deterministic; times are not
#      and stay in reports);
#   3. end to end: tests/e2e/*.test.mjs with node's test runner, driving
#      Debian's /usr/bin/chromium through playwright-core (never a
#      downloaded browser), axe-core on every screen, screenshots under
#      test-results/screenshots/ (phone 390x844 and desktop 1280x800).
# The release wasm, the catalogs and the CLI are built only when stale.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/web-common.sh
. scripts/web-common.sh

for tool in /usr/bin/chromium /usr/bin/chromedriver; do
  [ -x "$tool" ] || { echo "test-web: $tool missing (run scripts/setup.sh)" >&2; exit 1; }
done
command -v wasm-bindgen-test-runner >/dev/null || { echo "test-web: wasm-bindgen-test-runner missing (run scripts/setup.sh)" >&2; exit 1; }
if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ] || [ ! -d node_modules/esbuild ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

echo "== wasm boundary (wasm-bindgen-test, headless Chromium)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
CHROMEDRIVER=/usr/bin/chromedriver \
WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-180} \
  cargo test -p policycalc-wasm --target wasm32-unknown-unknown --test wasm --features embedded-catalog,batch

echo "== app assets (release wasm, catalogs, dist/) and the CLI the tests compare with"
ensure_wasm
cargo build --quiet --bin policycalc

echo "== size gate (gzip bytes before the first question, wasm modules: scripts/size-budgets.json)"
node scripts/size-gate.mjs

echo "== end to end (playwright-core + axe-core, node --test)"
rm -rf test-results/screenshots
mkdir -p test-results/screenshots
node --test --test-concurrency=1 tests/e2e/*.test.mjs
