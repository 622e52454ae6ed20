#!/usr/bin/env bash
# Mutation testing of the core with cargo-mutants (native suites), and the
# report MUTANTS.md at the repo root: counts per file, score, every missed
# mutant, timeouts and unviable mutants. Slow (about 15-45 s a mutant on a
# shared 2-core machine, so hours for the whole core): not part of
# scripts/test.sh.
#
#   bash scripts/mutants.sh                   # every core file
#   bash scripts/mutants.sh crates/policycalc-core/src/whatif.rs   # one file; the others' kept results stay
#   bash scripts/mutants.sh crates/policycalc-core/src/expr.rs -- --re 'lex'   # extra cargo-mutants args
#                                             # (a subset: its outcomes replace those mutants'
#                                             # earlier ones, the file's others are kept)
#   MUTANTS_TEST_ARGS="--test cases" bash scripts/mutants.sh crates/policycalc-core/src/whatif.rs
#                                             # other tests than the file's own set (below)
#   MUTANTS_TEST_ARGS=all bash scripts/mutants.sh ...   # every native suite of the workspace
#   bash scripts/mutants.sh --report          # rewrite MUTANTS.md from the kept results only
#
# Each file is measured by its own cargo-mutants run, with the test targets
# that exercise it (tests_for below: a full `cargo test` is about a minute a
# mutant, the narrow set a few seconds). Its outcomes are kept in
# target/mutants/results/, and MUTANTS.md is rewritten from every file's
# latest result, with the tests it was measured with, so files can be
# measured one at a time. Equivalent mutants are excluded in
# .cargo/mutants.toml (`exclude_re`), each with the reason.
#
# The core: the files whose fault would change what a person is told
# (crates/policycalc-core/src/ unless named otherwise).
#   engine.rs     statuses, amounts, totals, validity
#   whatif.rs     the "what would make it eligible" suggestions
#   expr.rs       the rule language: lexer, parser, three-valued evaluator
#   interview.rs  which question comes next
#   date.rs       every date rule (graduation windows, validity)
#   vocab.rs      facts, answer validation and bounds
#   report.rs     the explained result every channel prints
#   print.rs      the one expression printer (rule texts, computations)
#   plan.rs       the compiled plan: every batch row's answer and reason key
#   plan/known.rs the plan's integer path for fully answered provisions
#   decode.rs     the browser reads the catalog through it
#   crates/policycalc-packs/src/pack.rs  the pack compiler and its checks
# Not core: policycalc-batch, src/batch_cli.rs, src/main.rs, policycalc-wasm
# (channels around engine + report, with their own suites: tests/batch.rs,
# tests/cli.rs, the browser suites), catalog.rs and compiled.rs (glue: any
# fault there fails every suite at once), lang.rs and error.rs (message
# tables, pinned by the CLI and pack-validation tests). Any of them can be
# measured by naming it.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=27.1.0
C=crates/policycalc-core/src
CORE=($C/engine.rs $C/whatif.rs $C/expr.rs $C/interview.rs $C/date.rs $C/vocab.rs $C/report.rs $C/print.rs $C/plan.rs $C/plan/known.rs $C/decode.rs crates/policycalc-packs/src/pack.rs)
ROOT=target/mutants
RESULTS=$ROOT/results
BUILD=$PWD/$ROOT/build
TEST_ARGS=${MUTANTS_TEST_ARGS:-}

# The test targets each file is measured with (cargo args, given to every
# cargo call, so only these targets are built: the build is most of each
# mutant's time). `--lib` is every crate's unit tests; the packages tested
# are policycalc-core (its tests/ build small catalogs from TOML), the root
# package (tests/: the real packs, the CLI) and policycalc-packs. Named for
# where the file's behaviour is pinned; a file not listed gets every suite.
tests_for() {
  case "$1" in
    */engine.rs) echo "--test amounts --test cases --test whatif --test extremes --test plan_agrees --test known" ;;
    */date.rs) echo "--lib" ;;
    */whatif.rs) echo "--test cases --test whatif" ;;
    */expr.rs) echo "--lib --test cases --test whatif" ;;
    */interview.rs) echo "--test cases --test interview --test questions" ;;
    */vocab.rs) echo "--lib --test answers --test cases" ;;
    */report.rs|*/print.rs) echo "--lib --test cases --test cli --test report" ;;
    */plan.rs|*/plan/known.rs) echo "--test plan_agrees --test known" ;;
    */decode.rs) echo "--lib --test cases --test extremes --test fuzz_regressions --test decode" ;;
    crates/policycalc-packs/src/pack.rs) echo "--lib --test pack_validation" ;;
    *) echo all ;;
  esac
}

# A file's results are kept under its path with / as + (two crates have a pack.rs).
stem() { local f=${1%.rs}; echo "${f//\//+}"; }

files=()
extra=()
report_only=0
stopped=0
while [ $# -gt 0 ]; do
  case "$1" in
    --report) report_only=1 ;;
    --) shift; extra=("$@"); break ;;
    src/*.rs|crates/*/src/*.rs) files+=("$1") ;;
    *) echo "usage: $0 [--report] [crates/CRATE/src/FILE.rs...] [-- CARGO-MUTANTS-ARGS...]" >&2; exit 2 ;;
  esac
  shift
done
[ ${#files[@]} -gt 0 ] || files=("${CORE[@]}")

if [ "$report_only" = 0 ]; then
  installed=$(cargo mutants --version 2>/dev/null || true)
  if [ "$installed" != "cargo-mutants $VERSION" ]; then
    echo "needs cargo-mutants $VERSION (found: ${installed:-none}): cargo install cargo-mutants --locked --version $VERSION" >&2
    exit 2
  fi
  # Every exclusion must name exactly one mutant. One that names none has
  # gone stale without a sound (its line moved or its code went): the
  # mutant it meant shows as missed, or the reason no longer applies.
  stale=$(cargo mutants --workspace --list --no-config 2>/dev/null | python3 -c '
import re, sys, tomllib
names = sys.stdin.read().splitlines()
for pattern in tomllib.load(open(".cargo/mutants.toml", "rb"))["exclude_re"]:
    hits = sum(1 for n in names if re.search(pattern, n))
    if hits != 1:
        print(f"  {pattern} ({hits} mutants)")')
  if [ -n "$stale" ]; then
    printf '.cargo/mutants.toml: exclusions that do not name exactly one mutant (update their lines and reasons):\n%s\n' "$stale" >&2
    exit 2
  fi
  mkdir -p "$RESULTS"
  # One run at a time: runs share BUILD and would remove each other's output.
  exec 9>"$ROOT/lock"
  if ! flock -n 9; then
    echo "another scripts/mutants.sh is running (lock $ROOT/lock)" >&2
    exit 2
  fi
  for f in "${files[@]}"; do
    # The tree measured is the one copied at the start of the file's run.
    commit=$(git rev-parse --short HEAD)
    git diff --quiet HEAD -- src crates tests policies .cargo || commit="$commit+changes"
    tests=${TEST_ARGS:-$(tests_for "$f")}
    test_args=()
    if [ "$tests" = all ]; then
      test_args=(--test-workspace=true)
    else
      # Tests of these packages only (the config's default is the workspace).
      test_args=(--test-package policycalc-core --test-package policycalc --test-package policycalc-packs)
      for a in $tests; do test_args+=(-C "$a"); done
    fi
    run=$ROOT/run
    rm -rf "$run"
    started=$(date +%s)
    status=0
    # cargo-mutants 27.1.0 runs its baseline on the mutated package's tests
    # only (not --test-package's), so the baseline is run here, on this tree
    # with the same tests, and cargo-mutants skips its own.
    packages=()
    [ "$tests" = all ] || packages=(-p policycalc-core -p policycalc -p policycalc-packs)
    baseline_tests=$tests
    [ "$tests" != all ] || baseline_tests=--workspace
    # shellcheck disable=SC2086 # the test args are words
    if ! CARGO_PROFILE_DEV_DEBUG=0 CARGO_PROFILE_TEST_DEBUG=0 nice -n 15 cargo test -q "${packages[@]}" $baseline_tests >"$ROOT/baseline.log" 2>&1; then
      echo "the tests fail on the unmutated tree: see $ROOT/baseline.log" >&2
      exit 1
    fi
    # --workspace: the mutants are generated in every package, then --file
    # keeps this file's. --jobs 1 and nice: the machine is shared. Every
    # mutant's tree builds into one target directory of its own (BUILD), so
    # the dependencies are built once, not copied or rebuilt for each run.
    # Never this tree's target: artifact names do not depend on the tree's
    # path, so two trees building into one directory would test each other's
    # code (one run at a time uses BUILD).
    # Timeouts are generous (the load varies; the first mutant also builds
    # the workspace's crates in the new tree); a loop mutant that hangs shows
    # as a timeout, which is not in the score. No debug info: linking the
    # test binaries is most of each build.
    CARGO_PROFILE_DEV_DEBUG=0 CARGO_PROFILE_TEST_DEBUG=0 CARGO_TARGET_DIR=$BUILD nice -n 15 cargo mutants --workspace --file "$f" \
      --jobs 1 --timeout 120 --build-timeout 600 --copy-target=false --baseline skip --output "$run" --no-shuffle \
      "${test_args[@]}" "${extra[@]}" || status=$?
    seconds=$(( $(date +%s) - started ))
    partial=""
    [ ${#extra[@]} -eq 0 ] || partial=" (subset: ${extra[*]})"
    # 0 all caught, 2 some missed, 3 some timed out: all are results. A run
    # stopped part-way (killed, out of time) keeps what it tested, marked so.
    out_dir=$run/mutants.out
    case "$status" in
      0|2|3) ;;
      *)
        if [ ! -f "$out_dir/caught.txt" ] || grep -q "Unmutated baseline" "$out_dir/missed.txt" 2>/dev/null; then
          echo "cargo mutants failed (exit $status): see $out_dir/debug.log" >&2
          exit "$status"
        fi
        done_count=$(cat "$out_dir"/{caught,missed,timeout,unviable}.txt 2>/dev/null | grep -c . || true)
        all_count=$(grep -o '"replacement"' "$out_dir/mutants.json" 2>/dev/null | grep -c . || true)
        partial="$partial (stopped after $done_count of $all_count mutants, in file order)"
        echo "cargo mutants stopped (exit $status): keeping $done_count of $all_count results" >&2
        ;;
    esac
    tested=$(cat "$out_dir"/{caught,missed,timeout,unviable}.txt 2>/dev/null | grep -c . || true)
    stem=$(stem "$f")
    per=$(awk -v s="$seconds" -v n="$tested" 'BEGIN { if (n > 0) printf "%.0f", s / n; else print "-" }')
    if [ ${#extra[@]} -gt 0 ] && [ -f "$RESULTS/$stem.meta" ]; then
      # A subset re-run (e.g. the mutants missed before, after adding tests)
      # updates those mutants' outcomes and keeps the file's others.
      retested=$(cat "$out_dir"/{caught,missed,timeout,unviable}.txt 2>/dev/null | grep -F "$f:" || true)
      for kind in caught missed timeout unviable; do
        { if [ -n "$retested" ]; then grep -vxF -e "$retested" "$RESULTS/$stem.$kind" || true; else cat "$RESULTS/$stem.$kind"; fi
          grep -F "$f:" "$out_dir/$kind.txt" 2>/dev/null || true
        } | sort -t: -k2,2n -k3,3n >"$RESULTS/$stem.$kind.new"
        mv "$RESULTS/$stem.$kind.new" "$RESULTS/$stem.$kind"
      done
      IFS=$'\t' read -r old_commit old_tests old_time _ <"$RESULTS/$stem.meta"
      with=" with \`$tests\`"
      case "$old_tests" in "\`$tests\`"*) with="" ;; esac
      printf '%s\t%s\t%s\t%s\n' "$old_commit, $commit" "$old_tests; $tested re-run on $commit$with$partial" \
        "$old_time; $seconds s for $tested re-run" "$f" >"$RESULTS/$stem.meta"
    else
      for kind in caught missed timeout unviable; do
        grep -F "$f:" "$out_dir/$kind.txt" 2>/dev/null | sort -t: -k2,2n -k3,3n >"$RESULTS/$stem.$kind" || true
      done
      printf '%s\t%s\t%s\t%s\n' "$commit" "\`$tests\`$partial" "$seconds s for $f ($tested mutants, about $per s each with the baseline)" "$f" >"$RESULTS/$stem.meta"
    fi
    # A stopped run ends the measuring; the report is still written.
    case "$status" in 0|2|3) ;; *) stopped=$status; break ;; esac
  done
fi

# ------------------------------------------------------------------ report
count() { if [ -f "$1" ]; then grep -c . "$1" || true; else echo 0; fi; }
score() { awk -v c="$1" -v m="$2" 'BEGIN { if (c + m == 0) print "-"; else printf "%.1f %%", 100 * c / (c + m) }'; }
out=MUTANTS.md
{
  echo "# Mutation testing of the core"
  echo
  echo "Written by \`bash scripts/mutants.sh\` (cargo-mutants $VERSION, \`--jobs 1 --timeout 120\`, one target directory for every mutant's build; each file with the native test targets that exercise it, named in the table's last column; the wasm and browser suites are not run). Do not edit by hand: rerun the script. Which files are core, and why, is in the script's header."
  echo
  echo "Score = caught / (caught + missed). Timeouts (a mutant that hangs, e.g. a loop that never ends) and unviable mutants (they fail the build: \`policycalc-catalog\`'s build script runs the pack loader, so a mutant there can break the build) are not in the score. Equivalent mutants are excluded in \`.cargo/mutants.toml\`, each with its reason."
  echo
  echo "| file | caught | missed | timeout | unviable | score | measured on | tests |"
  echo "|---|---|---|---|---|---|---|---|"
  tc=0; tm=0; tt=0; tu=0
  for f in "${CORE[@]}" $(ls "$RESULTS" 2>/dev/null | sed -n 's/\.meta$//p' | sort | sed 's|+|/|g; s|$|.rs|'); do
    stem=$(stem "$f")
    case " ${seen:-} " in *" $stem "*) continue ;; esac
    seen="${seen:-} $stem"
    if [ ! -f "$RESULTS/$stem.meta" ]; then
      echo "| $f | | | | | not measured | | |"
      continue
    fi
    c=$(count "$RESULTS/$stem.caught"); m=$(count "$RESULTS/$stem.missed")
    t=$(count "$RESULTS/$stem.timeout"); u=$(count "$RESULTS/$stem.unviable")
    tc=$((tc + c)); tm=$((tm + m)); tt=$((tt + t)); tu=$((tu + u))
    IFS=$'\t' read -r commit tests _ _ <"$RESULTS/$stem.meta"
    echo "| $f | $c | $m | $t | $u | **$(score "$c" "$m")** | $commit | $tests |"
  done
  echo "| **total** | **$tc** | **$tm** | **$tt** | **$tu** | **$(score "$tc" "$tm")** | | |"
  echo
  echo "## Run times"
  echo
  times=$(for meta in "$RESULTS"/*.meta; do if [ -f "$meta" ]; then cut -f3 "$meta"; fi; done | sort -u | sed 's/^/- /')
  echo "${times:-None.}"
  for kind in missed timeout unviable; do
    echo
    case $kind in
      missed) echo "## Missed mutants (no test fails)" ;;
      timeout) echo "## Timeouts" ;;
      unviable) echo "## Unviable mutants (fail the build)" ;;
    esac
    any=0
    for list in "$RESULTS"/*."$kind"; do
      [ -s "$list" ] || continue
      any=1
      echo
      echo "### $(basename "$list" ".$kind" | sed "s|+|/|g").rs"
      echo
      sed 's/^[^:]*\.rs:\([0-9]*:[0-9]*\): /- \1 /' "$list"
    done
    [ "$any" = 1 ] || { echo; echo "None."; }
  done
} >"$out"
echo "wrote $out"
exit "$stopped"
