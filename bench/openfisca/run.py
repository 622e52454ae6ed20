"""The benchmark rule set in OpenFisca (bench/run.sh).

    bench/.venv/bin/python bench/openfisca/run.py IN.csv OUT_DIR LABEL [--per-case-limit N]

Vectorised: one simulation whose `case` entity has one member per row; the
inputs are set as numpy arrays, then the five amounts and their eligibility
are calculated for the month starting on the as-of date. Per case: a new
one-member simulation per row, as a service answering one request at a time
would (at most --per-case-limit rows: it is slow). CSV parsing into arrays is
timed separately and not counted in either.
"""
import argparse
import csv
import json
import os
import sys
import time

import numpy as np
from openfisca_core.simulations import SimulationBuilder

sys.path.insert(0, os.path.dirname(__file__))
from policybench_country import OUTPUTS, CountryTaxBenefitSystem  # noqa: E402

PERIOD = "2025-03"  # the as-of date 2025-03-01 is the month's start
BOOLS = ["headcount_not_decreased", "hire_employment_difficulty", "hire_is_graduate", "hire_unemployed_since_leaving_school"]
INTS = ["insured_employees", "insured_months", "years_operating", "interns", "interns_retained"]
ENUMS = ["region", "role", "employer_type", "enterprise_size"]


def fen(text):
    if not text:
        return 0
    yuan, _, frac = text.partition(".")
    return int(yuan) * 100 + int((frac + "00")[:2])


def parse(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    cols = {}
    for name in ENUMS:
        cols[name] = np.array([(r[name] or "other").replace("-", "_") for r in rows])  # enum member names
    for name in INTS:
        cols[name] = np.array([int(r[name] or 0) for r in rows], dtype=np.int32)
    for name in BOOLS:
        cols[name] = np.array([r[name] == "true" for r in rows])
    cols["hire_graduation_date"] = np.array([r["hire_graduation_date"] or "1970-01-01" for r in rows], dtype="datetime64[D]")
    cols["employer_si_contribution_monthly_fen"] = np.array([fen(r["employer_si_contribution_monthly"]) for r in rows], dtype=np.int32)
    return len(rows), cols


def simulate(system, n, cols):
    sim = SimulationBuilder().build_default_simulation(system, count=n)
    for name, values in cols.items():
        sim.set_input(name, PERIOD, values)
    return [(sim.calculate(amount, PERIOD), sim.calculate(eligible, PERIOD)) for amount, eligible in OUTPUTS]


def text(fen_value, eligible):
    if not eligible:
        return ""
    v = int(fen_value)
    return f"{v // 100}.{v % 100:02d}"


def write_amounts(path, results_rows):
    with open(path, "w", encoding="utf-8") as f:
        f.write("startup_hiring,startup_sustained,internship,internship_retention,chengyang_si\n")
        for row in results_rows:
            f.write(",".join(row) + "\n")


def main():
    parser = argparse.ArgumentParser(description="OpenFisca's side of the peer benchmarks.")
    parser.add_argument("path", help="the generated CSV (bench/gen.py)")
    parser.add_argument("out_dir", help="where the amounts CSVs are written")
    parser.add_argument("label", help="the size label of the run, e.g. 100k")
    parser.add_argument("--per-case-limit", type=int, default=1000, help="rows simulated one at a time")
    args = parser.parse_args()
    path, out_dir, label, limit = args.path, args.out_dir, args.label, args.per_case_limit
    system = CountryTaxBenefitSystem()

    t = time.perf_counter()
    n, cols = parse(path)
    parse_seconds = time.perf_counter() - t

    # Vectorised, the fastest of a few runs (one at 1M rows).
    runs = 5 if n <= 200_000 else 1
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        results = simulate(system, n, cols)
        times.append(time.perf_counter() - t)
    times.sort()
    rows = [[text(a[i], e[i]) for a, e in results] for i in range(n)]
    write_amounts(os.path.join(out_dir, f"amounts-openfisca-vec-{label}.csv"), rows)
    print(json.dumps({"engine": "openfisca", "mode": "vectorised", "label": label, "rows": n,
                      "seconds": times[0], "runs": runs, "parse_seconds": parse_seconds}))

    # Per case on the first `limit` rows.
    m = min(n, limit)
    per_rows = []
    t = time.perf_counter()
    for i in range(m):
        one = {k: v[i:i + 1] for k, v in cols.items()}
        res = simulate(system, 1, one)
        per_rows.append([text(a[0], e[0]) for a, e in res])
    seconds = time.perf_counter() - t
    write_amounts(os.path.join(out_dir, f"amounts-openfisca-case-{label}.csv"), per_rows)
    print(json.dumps({"engine": "openfisca", "mode": "per-case", "label": label, "rows": m, "seconds": seconds,
                      "runs": 1, "of_rows": n}))


if __name__ == "__main__":
    main()
