#!/usr/bin/env bash
# Builds the fuzz targets (fuzz/, cargo-fuzz with libFuzzer) and runs each
# over its committed corpus (fuzz/corpus/<target>) for a share of
# FUZZ_SECONDS (default 60 in all). New inputs go to a scratch directory,
# so the committed corpus stays as it is. Fails on the first crash, with the
# crashing input under fuzz/artifacts/<target>/ (see fuzz/README.md for
# turning it into a regression test). FUZZ_SECONDS=0 only replays the corpus.
set -euo pipefail
cd "$(dirname "$0")/.."

FUZZ_SECONDS=${FUZZ_SECONDS:-60}
# The address sanitizer is an unstable rustc flag; the stable toolchain
# accepts it with RUSTC_BOOTSTRAP (CI has no nightly).
export RUSTC_BOOTSTRAP=1

targets=$(cargo fuzz list)
count=$(echo "$targets" | wc -l)
per=$(( FUZZ_SECONDS / count ))

echo "== fuzz: building $count targets"
cargo fuzz build 2>&1 | grep -E "^(error|warning)|Finished" || true
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for target in $targets; do
  mkdir -p "$scratch/$target" "fuzz/artifacts/$target"
  if [ "$per" -gt 0 ]; then limit=(-max_total_time="$per"); else limit=(-runs=0); fi
  status=0
  cargo fuzz run "$target" "$scratch/$target" "fuzz/corpus/$target" -- \
    "${limit[@]}" -timeout=30 -print_final_stats=1 -artifact_prefix="fuzz/artifacts/$target/" \
    >"$scratch/$target.log" 2>&1 || status=$?
  runs=$(grep -oE "stat::number_of_executed_units: *[0-9]+" "$scratch/$target.log" | grep -oE "[0-9]+$" || echo "?")
  if [ "$status" -ne 0 ]; then
    # The panic or sanitizer report, then the input and how to reproduce it.
    grep -m1 -A12 -E "panicked at|ERROR: (AddressSanitizer|libFuzzer)" "$scratch/$target.log" || tail -40 "$scratch/$target.log"
    sed -n '/^Failing input/,/^Minimize/p' "$scratch/$target.log"
    echo "fuzz: $target FAILED after $runs runs; input in fuzz/artifacts/$target/" >&2
    exit "$status"
  fi
  echo "fuzz: $target ok, ${per}s, $runs runs"
done
