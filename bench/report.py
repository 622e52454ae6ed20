#!/usr/bin/env python3
"""Writes BENCHMARKS.md from bench/results/ (bench/run.sh calls it).

    python3 bench/report.py RESULTS_DIR OUT.md

Reads timings.jsonl (one JSON object per engine, mode and size; of repeated
runs the fastest is kept, with every run's time in `all_seconds`), checks that
every engine's amounts agree with the floor's, exactly, as decimal strings,
row by row (a disagreement is printed and fails the run), and writes the
tables and the ratios the aims are about.
"""
import json
import os
import sys

SIZES = ["1k", "100k", "1m"]
ROWS = {"1k": 1_000, "100k": 100_000, "1m": 1_000_000}
# (engine, mode, amounts file stem or None, description)
LINES = [
    ("floor", "per-case", "floor", "hand-written Rust, rules hard-coded, integer fen; rows parsed beforehand"),
    ("floor", "csv-to-csv", "floor", "hand-written Rust: split lines, parse, compute, write the five amounts"),
    ("floor", "per-case-evaluation", "floor-evaluation", "the floor doing our engine's work: the same rules hand-written into the evaluation every caller of ours gets (each of the role's provisions' status, money, validity, supersession and whether it counts; the totals), one reused evaluation, the bench's five amounts read from it as from ours; checked equal to our engine's evaluation on every row"),
    ("ours-native", "per-case", "engine", "our engine's interpreter (`engine::evaluate`) native, facts parsed beforehand"),
    ("ours-native", "per-case-plan", "plan", "our engine's compiled plan (`plan::Plan::evaluate_row`, one reused evaluation) native, facts parsed beforehand into the plan's dense slots (`Plan::read`; the floor's rows are parsed into its structs likewise)"),
    ("ours-native", "csv-to-csv", "batch", "our batch (src/batch.rs) native: CSV text to output CSV (status, amount, reason per provision)"),
    ("ours-native", "csv-to-csv-full-catalog", None, "the same with the whole catalog (every provision of both regions)"),
    ("ours-wasm-node", "csv-to-csv", "wasm-node", "our batch wasm module as shipped (opt-level 3) in Node: bytes to an output Blob of the CSV, as the page makes it"),
    ("ours-wasm-node-oz", "csv-to-csv", None, "the same module size-optimised (opt-level z, wasm-opt -Oz; not shipped)"),
    ("ours-wasm-chromium", "csv-to-csv", None, "our wasm build in headless Chromium: bytes to output Blob (same bytes as Node: SHA-256 checked)"),
    ("ours-wasm-chromium", "batch-page-full-catalog", None, "the real page www/batch.html, from the click to the tables on screen: its reader worker and pool (as many workers as the browser reports cores, at most 4), file read, whole catalog (every provision of all five regions as columns: status, amount and reason each), CSV out, the module just loaded; fastest of the runs"),
    ("ours-wasm-chromium", "batch-page-full-catalog-pool-1", None, "the same page with a pool of one (`?pool=1`: the one worker reads and evaluates)"),
    ("ours-cli", "csv-to-csv-threads-1", None, "`policycalc batch --threads 1 --detailed` (CLI, opt-level 3): the file to standard output sent to /dev/null (so the disk's writeback is not timed), whole catalog (every provision of every region as columns); fastest of three rounds"),
    ("ours-cli", "csv-to-csv-threads-all", None, "the same on every core (`--threads` = nproc; rows read on one thread, evaluated by workers, written in input order), rounds interleaved with the one-thread runs; output bytes checked equal on a run of each to a file"),
    ("json-rules-engine", "per-case", "jre", "json-rules-engine 7.3.1 in Node, one `engine.run(facts)` per row"),
    ("openfisca", "vectorised", "openfisca-vec", "OpenFisca-Core 46.0.1, one simulation over all rows (inputs as numpy arrays; CSV parsing not counted)"),
    ("openfisca", "per-case", "openfisca-case", "OpenFisca-Core, one simulation per row (first 1,000 rows only)"),
]


def load(results):
    timings = {}
    with open(os.path.join(results, "timings.jsonl"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                t = json.loads(line)
                key = (t["engine"], t["mode"], t["label"])
                seen = timings.get(key)
                t["all_seconds"] = (seen["all_seconds"] if seen else []) + [t["seconds"]]
                if seen is None or t["seconds"] < seen["seconds"]:
                    timings[key] = t
                else:
                    seen["all_seconds"] = t["all_seconds"]
    return timings


def agreement(results, labels):
    """Every amounts file against the floor's, row by row."""
    report, failures = [], 0
    for label in labels:
        floor_path = os.path.join(results, f"amounts-floor-{label}.csv")
        if not os.path.exists(floor_path):
            continue
        with open(floor_path, encoding="utf-8") as f:
            floor = f.read().splitlines()
        for _, _, stem, _ in LINES:
            if stem in (None, "floor"):
                continue
            path = os.path.join(results, f"amounts-{stem}-{label}.csv")
            if not os.path.exists(path):
                continue
            with open(path, encoding="utf-8") as f:
                other = f.read().splitlines()
            compared = min(len(other), len(floor))
            bad = [i for i in range(compared) if other[i] != floor[i]]
            if len(other) > len(floor):
                bad.append(len(floor))
            cells = (compared - 1) * 5
            if bad:
                failures += 1
                first = bad[0]
                print(f"DISAGREEMENT {stem} {label}: {len(bad)} rows differ; first at data row {first}:"
                      f"\n  floor: {floor[first] if first < len(floor) else '(none)'}"
                      f"\n  {stem}: {other[first] if first < len(other) else '(none)'}", file=sys.stderr)
            report.append((stem, label, compared - 1, cells, len(bad)))
    return report, failures


def fmt_seconds(s):
    if s is None:
        return "–"
    if s < 0.001:
        return f"{s * 1e6:.0f} µs"
    if s < 1:
        return f"{s * 1e3:.1f} ms"
    return f"{s:.2f} s"


def fmt_bytes(n):
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.1f} KB"


def csv_bytes(w, ours, floor, big):
    """What the CSV ratio compares: the bytes each side reads and writes
    (the floor writes five amounts a row; ours the input echoed, the
    summary, and status, amount and reason per provision), and each side's
    bytes read and written per second."""
    if not (ours and floor and "bytes_out" in ours and "bytes_out" in floor):
        return
    rate = lambda t: (t["bytes_in"] + t["bytes_out"]) / t["seconds"] / 1e6
    w(f"| CSV to CSV, bytes written ({big}; no aim: what the line above compares) | ours {fmt_bytes(ours['bytes_out'])}, floor {fmt_bytes(floor['bytes_out'])} (both read {fmt_bytes(floor['bytes_in'])}) | {ours['bytes_out'] / floor['bytes_out']:.2f}x | – |")
    w(f"| CSV to CSV, bytes read and written per second ({big}; no aim) | ours {rate(ours):,.0f} MB/s, floor {rate(floor):,.0f} MB/s | {rate(floor) / rate(ours):.2f}x | – |")


def per_row(t):
    return t["seconds"] / t["rows"]


def main():
    results, out = sys.argv[1], sys.argv[2]
    timings = load(results)
    labels = [s for s in SIZES if any(k[2] == s for k in timings)]
    checks, failures = agreement(results, labels)
    env = {}
    env_path = os.path.join(results, "environment.txt")
    if os.path.exists(env_path):
        with open(env_path, encoding="utf-8") as f:
            env_text = f.read().strip()
    else:
        env_text = "(not recorded)"

    def get(engine, mode, label):
        return timings.get((engine, mode, label))

    lines = []
    w = lines.append
    w("# Benchmarks: batch evaluation against peers")
    w("")
    w("Produced by `bench/run.sh` (one command; the data is generated by the seeded `bench/gen.py` and not committed).")
    w("Rule set: Bayannur's `startup-hiring-subsidy`, `startup-sustained-subsidy`, `internship-subsidy`,")
    w("`internship-subsidy-retention` and Chengyang's `hiring-social-insurance-subsidy`, as-of 2025-03-01.")
    w("Rows: 40% Bayannur startups, 30% Bayannur employers with interns, 30% Chengyang employers with one hire;")
    w("every fact the rules read is filled, so every case is eligible or ineligible (the peers have no \"not answered\").")
    w("Our engine runs the real policy packs cut down to those five provisions (so every engine does the same work);")
    w("the full-catalog lines run every provision of both regions. Times are the fastest of several runs (one run at 1M rows")
    w("and for json-rules-engine and OpenFisca per case): wall-clock on a 2-core machine shared with other builds, where")
    w("the fastest run is the least disturbed one. Expect ±20% between runs of the whole script.")
    w("")
    w("## Times")
    w("")
    w("| engine | mode | " + " | ".join(f"{l} rows" for l in labels) + " | per row (largest) | rows/s (largest) |")
    w("|---|---|" + "---|" * len(labels) + "---|---|")
    for engine, mode, _, desc in LINES:
        cells = []
        largest = None
        for l in labels:
            t = get(engine, mode, l)
            if t is None:
                cells.append("–")
                continue
            note = f" ({t['rows']:,} rows)" if t["rows"] != ROWS[l] else ""
            cells.append(fmt_seconds(t["seconds"]) + note)
            largest = t
        if largest is None:
            continue
        pr = per_row(largest)
        w(f"| {engine} | {mode} | " + " | ".join(cells) + f" | {pr * 1e6:.2f} µs | {1 / pr:,.0f} |")
    w("")
    for engine, mode, _, desc in LINES:
        if any(get(engine, mode, l) for l in labels):
            w(f"- **{engine} / {mode}**: {desc}.")
    of_parse = [t for (e, m, l), t in timings.items() if e == "openfisca" and m == "vectorised" and "parse_seconds" in t]
    if of_parse:
        w("- OpenFisca's CSV parsing into numpy arrays (Python `csv`), not counted above: " +
          ", ".join(f"{t['label']}: {fmt_seconds(t['parse_seconds'])}" for t in sorted(of_parse, key=lambda t: t['rows'])) + ".")
    jre_parse = [t for (e, m, l), t in timings.items() if e == "json-rules-engine" and "parse_seconds" in t]
    if jre_parse:
        w("- json-rules-engine's CSV parsing into fact objects, not counted above: " +
          ", ".join(f"{t['label']}: {fmt_seconds(t['parse_seconds'])}" for t in sorted(jre_parse, key=lambda t: t['rows'])) + ".")
    w("")

    # ---------------------------------------------------------------- aims
    w("## The aims, as ratios")
    w("")
    w("| aim | measured | ratio | met? |")
    w("|---|---|---|---|")

    def ratio_row(aim, num, den, want, fmt):
        if num is None or den is None:
            w(f"| {aim} | not measured | – | – |")
            return
        r = num["seconds"] / num["rows"] / (den["seconds"] / den["rows"])
        w(f"| {aim} | {fmt(num, den)} | {r:.2f}x | {'yes' if want(r) else '**no**'} |")

    def from_csv_row(aim, them, ours, want, fmt):
        # their parse time counted in as well: only where it was measured
        if them and ours and "parse_seconds" in them:
            tot = them["seconds"] + them["parse_seconds"]
            r = tot / ours["seconds"]
            w(f"| {aim} | {fmt(tot, ours)} | {r:.2f}x | {'yes' if want(r) else '**no**'} |")

    big = "100k" if "100k" in labels else labels[-1]
    chrome = get("ours-wasm-chromium", "csv-to-csv", big)
    page = get("ours-wasm-chromium", "batch-page-full-catalog", big)
    for name, t in [("browser, 100k rows incl. CSV parsing (rule set, main thread)", chrome),
                    ("browser, 100k rows, the real page (worker, whole catalog, UI)", page)]:
        if t is None:
            w(f"| {name} < 1 s | not measured | – | – |")
        else:
            w(f"| {name} < 1 s | {fmt_seconds(t['seconds'])} | – | {'yes' if t['seconds'] < 1 else '**no**'} |")
    ratio_row(f"≥10x json-rules-engine, per case ({big})", get("json-rules-engine", "per-case", big), get("ours-native", "per-case", big), lambda r: r >= 10, lambda a, b: f"json-rules-engine {fmt_seconds(a['seconds'])}, ours {fmt_seconds(b['seconds'])}")
    from_csv_row(f"≥10x json-rules-engine, both in Node from the CSV text ({big}): its parse + run vs our wasm CSV to CSV", get("json-rules-engine", "per-case", big), get("ours-wasm-node", "csv-to-csv", big), lambda r: r >= 10, lambda tot, o: f"json-rules-engine {fmt_seconds(tot)}, ours {fmt_seconds(o['seconds'])}")
    ratio_row(f"within 2x of the floor, per case ({big})", get("ours-native", "per-case", big), get("floor", "per-case", big), lambda r: r <= 2, lambda a, b: f"ours {fmt_seconds(a['seconds'])}, floor {fmt_seconds(b['seconds'])}")
    ratio_row(f"within 2x of the floor, CSV to CSV ({big})", get("ours-native", "csv-to-csv", big), get("floor", "csv-to-csv", big), lambda r: r <= 2, lambda a, b: f"ours {fmt_seconds(a['seconds'])}, floor {fmt_seconds(b['seconds'])}")
    ratio_row(f"faster than OpenFisca vectorised ({big}), our engine per case vs its compute", get("openfisca", "vectorised", big), get("ours-native", "per-case", big), lambda r: r > 1, lambda a, b: f"OpenFisca {fmt_seconds(a['seconds'])}, ours {fmt_seconds(b['seconds'])}")
    ratio_row(f"faster than OpenFisca vectorised ({big}), our whole CSV-to-CSV batch vs its compute alone", get("openfisca", "vectorised", big), get("ours-native", "csv-to-csv", big), lambda r: r > 1, lambda a, b: f"OpenFisca {fmt_seconds(a['seconds'])}, ours {fmt_seconds(b['seconds'])}")
    from_csv_row(f"faster than OpenFisca vectorised ({big}), both from the CSV file", get("openfisca", "vectorised", big), get("ours-native", "csv-to-csv", big), lambda r: r > 1, lambda tot, o: f"OpenFisca {fmt_seconds(tot)} (parse + compute), ours {fmt_seconds(o['seconds'])}")
    w("")
    w("")
    w("## Issue 14's aims, as ratios")
    w("")
    w("| aim | measured | ratio | met? |")
    w("|---|---|---|---|")
    ratio_row(f"per case (interpreter) vs the floor ≤ 3x ({big})", get("ours-native", "per-case", big), get("floor", "per-case", big), lambda r: r <= 3, lambda a, b: f"ours {fmt_seconds(a['seconds'])}, floor {fmt_seconds(b['seconds'])}")
    ratio_row(f"per case (compiled plan) vs the floor ≤ 3x ({big})", get("ours-native", "per-case-plan", big), get("floor", "per-case", big), lambda r: r <= 3, lambda a, b: f"ours {fmt_seconds(a['seconds'])}, floor {fmt_seconds(b['seconds'])}")
    ratio_row(f"per case (compiled plan) vs the floor doing the same work, every outcome and total ({big}; no aim: the issue's floor writes five amounts)", get("ours-native", "per-case-plan", big), get("floor", "per-case-evaluation", big), lambda r: r <= 3, lambda a, b: f"ours {fmt_seconds(a['seconds'])}, floor {fmt_seconds(b['seconds'])}")
    ratio_row(f"CSV to CSV vs the floor ≤ 3x ({big})", get("ours-native", "csv-to-csv", big), get("floor", "csv-to-csv", big), lambda r: r <= 3, lambda a, b: f"ours {fmt_seconds(a['seconds'])}, floor {fmt_seconds(b['seconds'])}")
    csv_bytes(w, get("ours-native", "csv-to-csv", big), get("floor", "csv-to-csv", big), big)
    ratio_row(f"per case (interpreter) ≥ 5x faster than OpenFisca vectorised compute ({big})", get("openfisca", "vectorised", big), get("ours-native", "per-case", big), lambda r: r >= 5, lambda a, b: f"OpenFisca {fmt_seconds(a['seconds'])}, ours {fmt_seconds(b['seconds'])}")
    ratio_row(f"per case (compiled plan) ≥ 5x faster than OpenFisca vectorised compute ({big})", get("openfisca", "vectorised", big), get("ours-native", "per-case-plan", big), lambda r: r >= 5, lambda a, b: f"OpenFisca {fmt_seconds(a['seconds'])}, ours {fmt_seconds(b['seconds'])}")
    ratio_row(f"wasm in Chromium vs native, CSV to CSV ≤ 2x ({big})", get("ours-wasm-chromium", "csv-to-csv", big), get("ours-native", "csv-to-csv", big), lambda r: r <= 2, lambda a, b: f"Chromium {fmt_seconds(a['seconds'])}, native {fmt_seconds(b['seconds'])}")
    if page is None:
        w(f"| the batch page, {big} rows, < 1 s | not measured | – | – |")
    else:
        w(f"| the batch page, {big} rows, < 1 s | {fmt_seconds(page['seconds'])} | – | {'yes' if page['seconds'] < 1 else '**no**'} |")
    page_one = get("ours-wasm-chromium", "batch-page-full-catalog-pool-1", big)
    pool_n = page.get("pool", "?") if page else "?"
    ratio_row(f"the batch page, {big} rows, a pool of {pool_n} vs one worker (no aim; the issue asks every core)", page_one, page, lambda r: r > 1,
              lambda a, b: f"one {fmt_seconds(a['seconds'])}, {b.get('pool', '?')} workers {fmt_seconds(b['seconds'])} (runs: {', '.join(fmt_seconds(x) for x in a['all_seconds'])} vs {', '.join(fmt_seconds(x) for x in b['all_seconds'])})")
    threads_label = next((l for l in ["1m", "100k", "1k"] if get("ours-cli", "csv-to-csv-threads-all", l)), None)
    all_cores = get("ours-cli", "csv-to-csv-threads-all", threads_label) if threads_label else None
    ratio_row(f"{threads_label or '1m'} rows CSV to CSV, native, every core ({all_cores['threads'] if all_cores else '?'}) vs one ≥ 1.8x",
              get("ours-cli", "csv-to-csv-threads-1", threads_label) if threads_label else None, all_cores, lambda r: r >= 1.8,
              lambda a, b: f"one thread {fmt_seconds(a['seconds'])}, {b['threads']} threads {fmt_seconds(b['seconds'])}")
    w("")
    w("Ratio = the first engine named's time per row ÷ the second's: above 1, the second (ours, or the floor) is that many times faster.")
    w("")

    # ---------------------------------------------------------------- memory
    mem_path = os.path.join(results, "memory.jsonl")
    if os.path.exists(mem_path):
        with open(mem_path, encoding="utf-8") as f:
            mem = [json.loads(l) for l in f if l.startswith("{")]
        w("## The batch page's memory")
        w("")
        w("bench/wasm/page-memory.mjs: worker JS heaps (peaks, DevTools protocol), the workers' wasm linear memory after the run (it never shrinks), the renderer's and the browser process's peak resident memory (the browser process holds Blob bytes; the harness answers the file picker with a file in the page's private storage, and there too the browser process's peak grows with the output); every provision's columns.")
        w("")
        w("| file | workers | output | seconds | worker heap peaks (MiB) | wasm memory (MiB) | renderer peak (MiB) | browser process peak (MiB) | load |")
        w("|---|---|---|---|---|---|---|---|---|")
        for m in mem:
            w(f"| {os.path.basename(m['file'])} | {m['pool']} | {'picked file' if m['save'] else 'Blob'} | {m['seconds']:.2f} | {' + '.join(str(x) for x in m['worker_heap_peaks_mib'])} | {m['wasm_memory_mib']} | {m['renderer_peak_mib']} | {m.get('browser_process_peak_mib', '–')} | {m['load']} |")
        w("")

    # ---------------------------------------------------------------- agreement
    w("## Agreement")
    w("")
    if failures:
        w(f"**{failures} engine/size combinations DISAGREE with the floor: see the run's output.**")
    else:
        w("Every engine's five amounts agree with the floor's on every row, as exact decimal strings (empty = not eligible).")
    w("")
    w("| engine | size | rows compared | amounts compared | rows differing |")
    w("|---|---|---|---|---|")
    for stem, label, rows, cells, bad in checks:
        w(f"| {stem} | {label} | {rows:,} | {cells:,} | {'**' + str(bad) + '**' if bad else 0} |")
    same_work = sorted((t for (e, m, l), t in timings.items() if m == "per-case-evaluation"), key=lambda t: t["rows"])
    for t in same_work:
        bad = t.get("evaluations_differing")
        w(f"| floor-evaluation | {t['label']} | {t['rows']:,} | whole evaluations against our engine's | {'**' + str(bad) + '**' if bad else 0} |")
    sha = [t for (e, m, l), t in timings.items() if e == "ours-wasm-chromium" and m == "csv-to-csv"]
    for t in sorted(sha, key=lambda t: t["rows"]):
        w(f"| ours-wasm-chromium | {t['label']} | output SHA-256 {'equals' if t.get('agrees_with_node') else '**differs from**'} the Node run's | | |")
    w("")
    w("## Environment")
    w("")
    w("```")
    w(env_text)
    w("```")
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    if failures or any(not t.get("agrees_with_node", True) for t in sha) or any(t.get("evaluations_differing", 0) for t in same_work):
        sys.exit(1)


if __name__ == "__main__":
    main()
