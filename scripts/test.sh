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

echo "== clippy (no unwrap, expect, panic, indexing or unchecked arithmetic; no IO in the core)"
cargo clippy --quiet --workspace --all-targets -- -D warnings
cargo clippy --quiet -p policycalc-wasm --target wasm32-unknown-unknown --all-targets --features embedded-catalog,batch -- -D warnings
cargo clippy --quiet -p policycalc-studio --target wasm32-unknown-unknown --all-targets -- -D warnings
cargo check --quiet -p policycalc-packs --target wasm32-unknown-unknown

echo "== crate graph (the browser's modules and the core never reach the pack loader)"
# The guarantee is the dependency graph itself; this prints the offending
# part of it if a normal dependency ever brings the loader in.
for spec in "-p policycalc-wasm --target wasm32-unknown-unknown --features batch,xlsx" "-p policycalc-core"; do
  # shellcheck disable=SC2086
  tree=$(cargo tree --quiet $spec -e normal --prefix none)
  if bad=$(grep -E "^(policycalc-packs|toml|serde_path_to_error|zhconv) " <<<"$tree"); then
    echo "cargo tree $spec -e normal lists the loader's crates:" >&2
    echo "$bad" >&2
    # shellcheck disable=SC2086
    cargo tree $spec -e normal -i "$(head -1 <<<"$bad" | cut -d' ' -f1)" >&2 || true
    exit 1
  fi
done

echo "== cargo test"
status=0
cargo test --quiet --workspace >/tmp/policycalc-cargo-test.log 2>&1 || status=$?
grep -E "^test result|^error|panicked|^---- " /tmp/policycalc-cargo-test.log || true
if [ "$status" -ne 0 ]; then
  cat /tmp/policycalc-cargo-test.log
  exit "$status"
fi

echo "== TypeScript types (types.d.ts, batch-types.d.ts) against the Rust types"
cargo clippy --quiet -p policycalc-wasm --features ts,xlsx --all-targets -- -D warnings
cargo test --quiet -p policycalc-wasm --features ts,xlsx --test ts_types

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
