#!/usr/bin/env bash
# The project's whole test run, from a fresh machine: installs what is
# missing (scripts/setup.sh), then the Rust suites (unit, data-driven cases,
# provenance, properties, interview lengths, CLI, pack validation, extreme
# values, fuzz regressions) after clippy, the policy packs, a short fuzz run
# (scripts/fuzz.sh), then the browser suites
# (scripts/test-web.sh: wasm boundary in headless Chromium, Playwright
# end-to-end, axe-core). Exits non-zero on the first failing stage.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

echo "== clippy (no unwrap, expect, panic, indexing or unchecked arithmetic in src/)"
cargo clippy --quiet --all-targets -- -D warnings
cargo clippy --quiet --target wasm32-unknown-unknown --lib --no-default-features --features embedded-catalog,batch-wasm -- -D warnings

echo "== cargo test"
status=0
cargo test --quiet >/tmp/policycalc-cargo-test.log 2>&1 || status=$?
grep -E "^test result|^error|panicked|^---- " /tmp/policycalc-cargo-test.log || true
if [ "$status" -ne 0 ]; then
  cat /tmp/policycalc-cargo-test.log
  exit "$status"
fi

echo "== policy packs"
for pack in policies/*.toml; do
  case "$pack" in policies/facts.toml|policies/national.toml) continue ;; esac
  cargo run --quiet -- check-pack "$pack"
done

echo "== fuzz"
bash scripts/fuzz.sh

if [ -f scripts/test-web.sh ]; then
  echo "== browser"
  bash scripts/test-web.sh
fi

passed=$(grep -oE "test result: ok\. [0-9]+ passed" /tmp/policycalc-cargo-test.log | awk '{s+=$4} END {print s+0}')
echo "rust: ${passed} passed, 0 failed"
