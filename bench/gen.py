#!/usr/bin/env python3
"""Seeded row generator for the peer benchmarks (bench/run.sh).

    python3 bench/gen.py N OUT.csv [--seed S]

One row per case, columns named by the fact vocabulary plus `region`.
Mix: 40% Bayannur startups, 30% Bayannur employers hosting interns, 30%
Chengyang employers with one hire. Every fact the benchmark rules read is
filled (the peers have no notion of "not answered yet"), so each case is
eligible or ineligible for each provision, never undetermined. The as-of date
is fixed by the runner (2025-03-01), and every hire is on that date.
Same N and seed, same bytes.
"""
import argparse
import random

COLUMNS = [
    "region", "role",
    "insured_employees", "insured_months", "years_operating", "headcount_not_decreased",
    "interns", "interns_retained",
    "employer_type", "enterprise_size", "hire_employment_difficulty", "hire_is_graduate",
    "hire_graduation_date", "hire_unemployed_since_leaving_school", "employer_si_contribution_monthly",
    "hire_date",
]
EMPLOYER_TYPES = ["private_enterprise", "state_owned_enterprise", "public_institution", "social_organisation", "individual_business"]
SIZES = ["micro", "small", "medium", "large"]


def row(rng):
    kind = rng.random()
    cells = dict.fromkeys(COLUMNS, "")
    b = lambda: "true" if rng.random() < 0.5 else "false"
    if kind < 0.4:
        cells.update(region="bayannur", role="startup",
                     insured_employees=str(rng.randint(0, 6)), insured_months=str(rng.randint(0, 36)),
                     years_operating=str(rng.randint(0, 6)), headcount_not_decreased=b())
    elif kind < 0.7:
        interns = rng.randint(0, 50)
        cells.update(region="bayannur", role="employer", interns=str(interns),
                     interns_retained=str(rng.randint(0, interns)))
    else:
        # Graduation dates around the as-of date: this year, within two years, older.
        year = rng.choice([2021, 2022, 2023, 2023, 2024, 2024, 2025, 2025])
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        if rng.random() < 0.02:
            month, day = 2, 29 if year % 4 == 0 else 28   # leap-day graduations: add_years clamps
        fen = rng.randint(0, 300000)
        cells.update(region="qingdao-chengyang", role="employer",
                     employer_type=rng.choice(EMPLOYER_TYPES), enterprise_size=rng.choice(SIZES),
                     hire_employment_difficulty="true" if rng.random() < 0.3 else "false",
                     hire_is_graduate=b(), hire_graduation_date=f"{year:04d}-{month:02d}-{day:02d}",
                     hire_unemployed_since_leaving_school=b(),
                     employer_si_contribution_monthly=f"{fen // 100}.{fen % 100:02d}",
                     # The pack judges "graduating year" and "within two years of
                     # leaving school" on the hire date; hired on the as-of date,
                     # the peers' rules (judged on the as-of date) are the same.
                     hire_date="2025-03-01")
    return ",".join(cells[c] for c in COLUMNS)


def main():
    parser = argparse.ArgumentParser(description="Seeded rows for the peer benchmarks.")
    parser.add_argument("n", type=int, help="rows to write")
    parser.add_argument("out", help="the CSV file to write")
    parser.add_argument("--seed", type=int, default=20251101)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with open(args.out, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(COLUMNS) + "\n")
        for _ in range(args.n):
            f.write(row(rng) + "\n")


if __name__ == "__main__":
    main()
