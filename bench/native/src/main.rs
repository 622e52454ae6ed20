//! `policybench`: the native engines of the peer benchmark (bench/run.sh).
//!
//!   policybench export-catalog OUT.bin     the benchmark rule set as a compiled
//!                                          catalog, for the wasm runs
//!   policybench run IN.csv OUT_DIR LABEL   times the floor and our engine,
//!                                          writes their amounts for the
//!                                          agreement check, prints JSON lines
//!   policybench amounts OUT.csv AMOUNTS    a batch output's five amount columns
//!
//! The rule set: Bayannur's startup-hiring-subsidy, startup-sustained-subsidy,
//! internship-subsidy, internship-subsidy-retention and Chengyang's
//! hiring-social-insurance-subsidy. Our engine runs them from the real packs
//! (the catalog restricted to those five provisions, so every engine does the
//! same work); `--full` timings run the whole catalog too.
//!
//! The floor is what a developer would hand-write for exactly these rules:
//! plain structs, integer fen, no interpretation. It is the speed limit.

use policycalc_batch::{self as batch, Batch, BatchOptions, ColumnUse};
use policycalc_core::engine::{self, Evaluation, Money, MoneyKind, Outcome, Status, Total, ValidityStatus};
use policycalc_core::expr::FactSet;
use policycalc_core::pack::Period;
use rust_decimal::Decimal;
use policycalc_core::plan::{Plan, Rows as PlanRows};
use policycalc_core::expr::FactId;
use policycalc_core::{Catalog, Date, Facts, Lang};
use std::fmt::Write as _;
use std::time::Instant;

pub const PROVISIONS: [&str; 5] = [
    "bayannur.startup-hiring-subsidy",
    "bayannur.startup-sustained-subsidy",
    "bayannur.internship-subsidy",
    "bayannur.internship-subsidy-retention",
    "qingdao-chengyang.hiring-social-insurance-subsidy",
];
const AMOUNTS_HEADER: &str = "startup_hiring,startup_sustained,internship,internship_retention,chengyang_si\n";
const AS_OF: (i32, u32, u32) = (2025, 3, 1);

fn as_of() -> Date {
    Date::from_ymd(AS_OF.0, AS_OF.1, AS_OF.2).expect("valid")
}

/// The embedded catalog cut down to the benchmark's regions and provisions
/// (`supersedes` indices remapped).
fn bench_catalog() -> Catalog {
    let mut c = policycalc_catalog::embedded().expect("packs load");
    c.regions.retain(|r| r.id == "bayannur" || r.id == "qingdao-chengyang");
    for r in &mut c.regions {
        let old: Vec<String> = r.provisions.iter().map(|p| p.id.clone()).collect();
        r.provisions.retain(|p| PROVISIONS.contains(&p.id.as_str()));
        let new: Vec<String> = r.provisions.iter().map(|p| p.id.clone()).collect();
        for p in &mut r.provisions {
            p.supersedes = p.supersedes.iter().filter_map(|i| new.iter().position(|id| *id == old[*i])).collect();
        }
    }
    c
}

/// Runs `f` until `min_seconds` have passed (at least once, at most `max_runs`);
/// returns the fastest run's seconds (the machine is shared: the minimum is
/// the least disturbed run) and the number of runs.
fn measure(min_seconds: f64, max_runs: usize, mut f: impl FnMut()) -> (f64, usize) {
    let mut times = Vec::new();
    let start = Instant::now();
    while times.is_empty() || (start.elapsed().as_secs_f64() < min_seconds && times.len() < max_runs) {
        let t = Instant::now();
        f();
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(|a, b| a.total_cmp(b));
    (times[0], times.len())
}

fn report(engine: &str, mode: &str, label: &str, rows: usize, t: (f64, usize)) {
    report_with(engine, mode, label, rows, t, "");
}

/// A CSV-to-CSV line with the bytes read and written: what the ratio
/// against the floor compares (it writes only the five amounts).
fn report_csv(engine: &str, label: &str, rows: usize, t: (f64, usize), input: &str, output: &str) {
    report_with(engine, "csv-to-csv", label, rows, t, &format!(",\"bytes_in\":{},\"bytes_out\":{}", input.len(), output.len()));
}

fn report_with(engine: &str, mode: &str, label: &str, rows: usize, (seconds, runs): (f64, usize), extra: &str) {
    println!(
        "{{\"engine\":\"{engine}\",\"mode\":\"{mode}\",\"label\":\"{label}\",\"rows\":{rows},\"seconds\":{seconds:.9},\"runs\":{runs}{extra}}}"
    );
}

fn fen_text(out: &mut String, fen: i64) {
    let _ = write!(out, "{}.{:02}", fen / 100, fen % 100);
}

fn write_amounts(out: &mut String, a: &[Option<i64>; 5]) {
    for (i, v) in a.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if let Some(fen) = v {
            fen_text(out, *fen);
        }
    }
    out.push('\n');
}

// ===================================================================== floor

#[derive(Clone, Copy, Default)]
struct Row {
    region: u8,
    role: u8,
    insured_employees: u32,
    insured_months: u32,
    years_operating: u32,
    headcount_not_decreased: bool,
    interns: i64,
    interns_retained: i64,
    employer_type: u8,
    enterprise_size: u8,
    hire_employment_difficulty: bool,
    hire_is_graduate: bool,
    /// yyyymmdd
    hire_graduation_date: u32,
    hire_unemployed_since_leaving_school: bool,
    si_fen: i64,
}

const BAYANNUR: u8 = 1;
const CHENGYANG: u8 = 2;
const STARTUP: u8 = 1;
const EMPLOYER: u8 = 2;
const PUBLIC_INSTITUTION: u8 = 3;

fn num(s: &[u8]) -> i64 {
    s.iter().fold(0i64, |n, b| n * 10 + i64::from(b - b'0'))
}

fn fen(s: &[u8]) -> i64 {
    match s.iter().position(|b| *b == b'.') {
        None => num(s) * 100,
        Some(dot) => {
            let frac = &s[dot + 1..];
            num(&s[..dot]) * 100 + if frac.len() == 1 { num(frac) * 10 } else { num(frac) }
        }
    }
}

fn ymd(s: &[u8]) -> u32 {
    (num(&s[0..4]) * 10000 + num(&s[5..7]) * 100 + num(&s[8..10])) as u32
}

fn parse_row(line: &[u8]) -> Row {
    let mut r = Row::default();
    for (i, f) in line.split(|b| *b == b',').enumerate() {
        if f.is_empty() {
            continue;
        }
        match i {
            0 => r.region = if f == b"bayannur" { BAYANNUR } else if f == b"qingdao-chengyang" { CHENGYANG } else { 0 },
            1 => r.role = if f == b"startup" { STARTUP } else if f == b"employer" { EMPLOYER } else { 0 },
            2 => r.insured_employees = num(f) as u32,
            3 => r.insured_months = num(f) as u32,
            4 => r.years_operating = num(f) as u32,
            5 => r.headcount_not_decreased = f == b"true",
            6 => r.interns = num(f),
            7 => r.interns_retained = num(f),
            8 => {
                r.employer_type = match f {
                    b"private_enterprise" => 1,
                    b"state_owned_enterprise" => 2,
                    b"public_institution" => PUBLIC_INSTITUTION,
                    b"social_organisation" => 4,
                    _ => 5,
                }
            }
            9 => r.enterprise_size = match f { b"micro" => 1, b"small" => 2, b"medium" => 3, _ => 4 },
            10 => r.hire_employment_difficulty = f == b"true",
            11 => r.hire_is_graduate = f == b"true",
            12 => r.hire_graduation_date = ymd(f),
            13 => r.hire_unemployed_since_leaving_school = f == b"true",
            14 => r.si_fen = fen(f),
            _ => {}
        }
    }
    r
}

fn is_leap(y: u32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// The five rules, hard-coded, in integer fen.
#[inline(never)]
fn floor(r: &Row, as_of: u32) -> [Option<i64>; 5] {
    let wage_fen: i64 = if as_of >= 2024_12_01 { 227_000 } else { 198_000 };
    let mut a = [None; 5];
    if r.region == BAYANNUR && r.role == STARTUP && r.insured_employees >= 3 && r.insured_months >= 12 {
        a[0] = Some(2_000_000);
        if r.years_operating >= 3 && r.headcount_not_decreased {
            a[1] = Some(2_000_000);
        }
    }
    if r.region == BAYANNUR && r.role == EMPLOYER && r.interns > 0 {
        a[2] = Some(wage_fen * 7 / 10 * r.interns);
        if r.interns_retained * 2 >= r.interns {
            a[3] = Some(wage_fen * r.interns);
        }
    }
    if r.region == CHENGYANG && r.role == EMPLOYER && r.employer_type != PUBLIC_INSTITUTION {
        let small = matches!(r.enterprise_size, 1 | 2);
        let g = r.hire_graduation_date;
        let graduating_year = r.hire_is_graduate && g / 10000 == as_of / 10000;
        // add_years(g, 2), the 29th of February clamped to the 28th.
        let (y, md) = (g / 10000 + 2, g % 10000);
        let two_years = y * 10000 + if md == 229 && !is_leap(y) { 228 } else { md };
        let recent = r.hire_is_graduate && g <= as_of && as_of < two_years && r.hire_unemployed_since_leaving_school;
        if r.hire_employment_difficulty || (small && (graduating_year || recent)) {
            a[4] = Some(r.si_fen);
        }
    }
    a
}

/// The floor doing the same work as our engine, not only the amounts:
/// the five rules writing what every caller of ours gets, each of the
/// role's provisions' outcome (status, money, validity, supersession,
/// whether it counts) and the totals, into one reused evaluation, hand-written
/// for this rule set (`roles`: the vocabulary's startup and employer).
/// Checked equal to our engine's evaluation on every row.
#[inline(never)]
fn floor_evaluation(r: &Row, as_of: u32, roles: (u16, u16), out: &mut Evaluation) {
    let a = floor(r, as_of);
    let outcome = |provision, validity, fen: Option<i64>| Outcome {
        provision,
        status: if fen.is_some() { Status::Eligible } else { Status::Ineligible },
        missing: FactSet::default(),
        money: fen.map(|fen| {
            let yuan = Decimal::new(fen, 2);
            Money { kind: MoneyKind::Exact, min: Some(yuan), max: yuan }
        }),
        error: None,
        validity,
        superseded_by: None,
        counts_in_totals: false,
    };
    out.outcomes.clear();
    out.role = match r.role {
        STARTUP => Some(roles.0),
        EMPLOYER => Some(roles.1),
        _ => None,
    };
    // Bayannur's four are announced (never counted); Chengyang's is in
    // force from 2024-07-16, per month.
    match (r.region, r.role) {
        (BAYANNUR, STARTUP) => {
            out.outcomes.push(outcome(0, ValidityStatus::Announced, a[0]));
            out.outcomes.push(outcome(1, ValidityStatus::Announced, a[1]));
        }
        (BAYANNUR, EMPLOYER) => {
            out.outcomes.push(outcome(2, ValidityStatus::Announced, a[2]));
            out.outcomes.push(outcome(3, ValidityStatus::Announced, a[3]));
            if a[3].is_some() {
                out.outcomes[0].superseded_by = Some(3);
            }
        }
        (CHENGYANG, EMPLOYER) => {
            let validity = if as_of >= 2024_07_16 { ValidityStatus::InForce } else { ValidityStatus::NotYetInForce };
            let mut o = outcome(0, validity, a[4]);
            o.counts_in_totals = a[4].is_some() && validity == ValidityStatus::InForce;
            out.outcomes.push(o);
        }
        _ => {}
    }
    match out.outcomes.first() {
        Some(o) if o.counts_in_totals => {
            let yuan = o.money.map_or(Decimal::ZERO, |m| m.max);
            if out.totals.is_empty() {
                out.totals.push(Total { period: Period::PerMonth, min: yuan, max: yuan, provisions: vec![0] });
            } else {
                out.totals.truncate(1);
                let t = &mut out.totals[0];
                (t.period, t.min, t.max) = (Period::PerMonth, yuan, yuan);
                t.provisions.clear();
                t.provisions.push(0);
            }
        }
        _ => out.totals.clear(),
    }
}

fn floor_end_to_end(text: &str, as_of: u32) -> String {
    let mut out = String::with_capacity(text.len() / 2);
    out.push_str(AMOUNTS_HEADER);
    for line in text.as_bytes().split(|b| *b == b'\n').skip(1) {
        if line.is_empty() {
            continue;
        }
        write_amounts(&mut out, &floor(&parse_row(line), as_of));
    }
    out
}

// ===================================================================== ours

struct Ours {
    catalog: Catalog,
    /// Header column -> what it feeds.
    columns: Vec<ColumnUse>,
    /// Per region: provision index -> amount slot.
    slots: Vec<Vec<Option<usize>>>,
    /// Per region: the compiled plan on the bench's as-of date.
    plans: Vec<Plan>,
}

impl Ours {
    fn new(catalog: Catalog, header: &str) -> Ours {
        let columns = header.split(',').map(|h| batch::resolve_column(&catalog.vocab, h).expect("known column")).collect();
        let slots = catalog
            .regions
            .iter()
            .map(|r| r.provisions.iter().map(|p| PROVISIONS.iter().position(|id| *id == p.id)).collect())
            .collect();
        let plans = catalog.regions.iter().map(|r| Plan::new(&catalog.vocab, r, as_of())).collect();
        Ours { catalog, columns, slots, plans }
    }

    fn parse(&self, line: &str) -> (usize, Facts) {
        let vocab = &self.catalog.vocab;
        let mut facts = Facts::empty(vocab);
        let mut region = 0;
        for (cell, column) in line.split(',').zip(&self.columns) {
            match column {
                ColumnUse::Region => {
                    region = self.catalog.regions.iter().position(|r| r.id == cell).expect("known region")
                }
                ColumnUse::Fact(id) => facts.set(*id, batch::parse_cell(vocab, *id as FactId, cell).expect("valid cell")),
                _ => {}
            }
        }
        (region, facts)
    }

    /// Rows read into their region's plan's dense slots (one
    /// `plan::Rows` per region), and each row's region and index there in
    /// input order.
    fn plan_rows<'a>(&self, rows: impl Iterator<Item = (usize, &'a Facts)>) -> (Vec<PlanRows>, Vec<(usize, usize)>) {
        let mut by_region = vec![PlanRows::default(); self.plans.len()];
        let order = rows
            .map(|(region, facts)| {
                self.plans[region].push_row(facts, &mut by_region[region]);
                (region, by_region[region].len() - 1)
            })
            .collect();
        (by_region, order)
    }

    #[inline(never)]
    fn evaluate(&self, region: usize, facts: &Facts, as_of: Date) -> [Option<i64>; 5] {
        let r = &self.catalog.regions[region];
        self.amounts(region, &engine::evaluate(&self.catalog.vocab, r, facts, as_of))
    }

    /// The same through the region's compiled plan: the row read into the
    /// plan's dense slots beforehand (as the floor's rows are parsed into
    /// its structs), evaluated into one reused evaluation.
    #[inline(never)]
    fn evaluate_plan(&self, rows: &[PlanRows], region: usize, i: usize, out: &mut Evaluation) -> [Option<i64>; 5] {
        self.plans[region].evaluate_at(&self.catalog.vocab, &self.catalog.regions[region], &rows[region], i, out);
        self.amounts(region, out)
    }

    fn amounts(&self, region: usize, evaluation: &Evaluation) -> [Option<i64>; 5] {
        let mut a = [None; 5];
        let slots = &self.slots[region];
        for o in evaluation.outcomes.iter().filter(|o| o.status == Status::Eligible) {
            if let (Some(m), Some(&Some(slot))) = (&o.money, slots.get(o.provision)) {
                // The engine rounds every amount to the fen (scale 2).
                let mut yuan = m.max;
                if yuan.scale() != 2 {
                    yuan.rescale(2);
                }
                a[slot] = Some(yuan.mantissa() as i64);
            }
        }
        a
    }
}

/// Our batch end to end: CSV text in (1 MiB chunks), output CSV text out.
fn batch_end_to_end(catalog: &Catalog, text: &str) -> String {
    let options = BatchOptions { region: None, as_of: Some(as_of()), lang: Lang::En, detailed: true };
    let mut job = Batch::new(catalog, options).expect("options");
    let mut out = String::with_capacity(text.len() * 4);
    let mut rest = text;
    while !rest.is_empty() {
        let mut cut = rest.len().min(1 << 20);
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        let (chunk, tail) = rest.split_at(cut);
        job.push(catalog, chunk, &mut out).expect("no file-level error");
        rest = tail;
    }
    job.finish(catalog, &mut out).expect("rows");
    assert_eq!(job.stats().rejected, 0, "generated rows are all valid");
    out
}

/// The five amount columns of a batch output, for the agreement check.
fn amounts_from_batch(output: &str) -> String {
    let mut reader = batch::CsvReader::new();
    let mut wanted: Vec<usize> = Vec::new();
    let mut out = String::from(AMOUNTS_HEADER);
    let mut first = true;
    let mut sink = |r: &batch::Record| {
        if first {
            first = false;
            let names: Vec<&str> = r.fields().collect();
            wanted = PROVISIONS
                .iter()
                .map(|id| names.iter().position(|n| n.starts_with(&format!("{id}.amount"))).expect("amount column"))
                .collect();
            return;
        }
        let cells: Vec<&str> = wanted.iter().map(|i| r.get(*i).unwrap_or("")).collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    };
    reader.feed(output, &mut sink);
    reader.finish(&mut sink);
    out
}

// ===================================================================== main

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("export-catalog") => {
            let bytes = policycalc_packs::encode(&bench_catalog());
            std::fs::write(&args[1], &bytes).expect("write catalog");
            eprintln!("{}: {} bytes", args[1], bytes.len());
        }
        Some("run") => run(&args[1], &args[2], &args[3], args.iter().any(|a| a == "--full")),
        Some("batch") => {
            // Only our batch, repeatedly (for profiling): `batch IN.csv [--full]`.
            let text = std::fs::read_to_string(&args[1]).expect("read input");
            let catalog = if args.iter().any(|a| a == "--full") { policycalc_catalog::embedded().expect("packs") } else { bench_catalog() };
            let seconds = if std::env::var_os("ONCE").is_some() { 0.0 } else { 3.0 };
            let t = measure(seconds, 20, || {
                std::hint::black_box(batch_end_to_end(&catalog, &text));
            });
            report("ours-native", "csv-to-csv", "profile", text.lines().count() - 1, t);
        }
        Some("plan") => {
            // Only our compiled plan per case, repeatedly (for profiling): `plan IN.csv`.
            let text = std::fs::read_to_string(&args[1]).expect("read input");
            let ours = Ours::new(bench_catalog(), text.lines().next().expect("header"));
            let facts: Vec<(usize, Facts)> = text.lines().skip(1).map(|l| ours.parse(l)).collect();
            let (rows, order) = ours.plan_rows(facts.iter().map(|(r, f)| (*r, f)));
            let mut out = Evaluation { as_of: as_of(), role: None, outcomes: Vec::new(), totals: Vec::new() };
            let seconds = if std::env::var_os("ONCE").is_some() { 0.0 } else { 3.0 };
            let t = measure(seconds, 1000, || {
                for &(region, i) in &order {
                    std::hint::black_box(ours.evaluate_plan(&rows, region, std::hint::black_box(i), &mut out));
                }
            });
            report("ours-native", "per-case-plan", "profile", order.len(), t);
        }
        Some("amounts") => {
            // A batch output (from the wasm runs) to the five amount columns.
            let output = std::fs::read_to_string(&args[1]).expect("read batch output");
            std::fs::write(&args[2], amounts_from_batch(&output)).expect("write amounts");
        }
        _ => {
            eprintln!("usage: policybench export-catalog OUT.bin | run IN.csv OUT_DIR LABEL [--full] | batch IN.csv [--full] | plan IN.csv | amounts BATCH_OUT.csv AMOUNTS.csv");
            std::process::exit(2);
        }
    }
}

fn run(input: &str, out_dir: &str, label: &str, full: bool) {
    let text = std::fs::read_to_string(input).expect("read input");
    let rows = text.lines().count() - 1;
    let (min_seconds, max_runs) = if rows <= 10_000 { (1.0, 1000) } else if rows <= 200_000 { (2.0, 7) } else { (0.0, 1) };
    let as_of_ymd = (AS_OF.0 as u32) * 10000 + AS_OF.1 * 100 + AS_OF.2;
    let write = |name: &str, body: &str| std::fs::write(format!("{out_dir}/amounts-{name}-{label}.csv"), body).expect("write amounts");

    // Floor, per case (rows parsed beforehand) and end to end.
    let parsed: Vec<Row> = text.lines().skip(1).map(|l| parse_row(l.as_bytes())).collect();
    let mut sink = 0i64;
    let t = measure(min_seconds, max_runs, || {
        for r in &parsed {
            let a = floor(std::hint::black_box(r), as_of_ymd);
            sink = sink.wrapping_add(a.iter().flatten().sum::<i64>());
        }
    });
    std::hint::black_box(sink);
    report("floor", "per-case", label, rows, t);

    // The floor doing the same work (every outcome and total), the bench's
    // amounts read from its evaluation as from ours; then checked against
    // our interpreter's evaluation row by row, untimed.
    let header = text.lines().next().expect("header");
    let ours = Ours::new(bench_catalog(), header);
    let vocab = &ours.catalog.vocab;
    let roles = (vocab.role_id("startup").expect("startup"), vocab.role_id("employer").expect("employer"));
    let region_of = |r: &Row| ours.catalog.regions.iter().position(|g| g.id == if r.region == BAYANNUR { "bayannur" } else { "qingdao-chengyang" }).expect("region");
    let regions: Vec<usize> = parsed.iter().map(region_of).collect();
    let mut out = Evaluation { as_of: as_of(), role: None, outcomes: Vec::new(), totals: Vec::new() };
    let mut results: Vec<[Option<i64>; 5]> = Vec::with_capacity(parsed.len());
    let t = measure(min_seconds, max_runs, || {
        results.clear();
        for (r, &region) in parsed.iter().zip(&regions) {
            floor_evaluation(std::hint::black_box(r), as_of_ymd, roles, &mut out);
            results.push(ours.amounts(region, &out));
        }
    });
    let differing = parsed
        .iter()
        .zip(&regions)
        .zip(text.lines().skip(1))
        .filter(|((r, &region), line)| {
            floor_evaluation(r, as_of_ymd, roles, &mut out);
            let (_, facts) = ours.parse(line);
            out != engine::evaluate(vocab, &ours.catalog.regions[region], &facts, as_of())
        })
        .count();
    report_with("floor", "per-case-evaluation", label, rows, t, &format!(",\"evaluations_differing\":{differing}"));
    let mut amounts = String::from(AMOUNTS_HEADER);
    for a in &results {
        write_amounts(&mut amounts, a);
    }
    write("floor-evaluation", &amounts);
    drop((parsed, results));
    let mut floor_out = String::new();
    let t = measure(min_seconds, max_runs, || floor_out = floor_end_to_end(&text, as_of_ymd));
    report_csv("floor", label, rows, t, &text, &floor_out);
    write("floor", &floor_out);
    drop(floor_out);

    // Our engine, per case: rows parsed to Facts beforehand (in blocks, so
    // memory stays bounded at 1M rows), only `engine::evaluate` timed.
    let lines: Vec<&str> = text.lines().skip(1).collect();
    // The interpreter, then the compiled plan (one reused evaluation).
    for (mode, stem) in [("per-case", "engine"), ("per-case-plan", "plan")] {
        let mut amounts = String::from(AMOUNTS_HEADER);
        let mut total = 0.0;
        let mut runs_seen = usize::MAX;
        let mut out = Evaluation { as_of: as_of(), role: None, outcomes: Vec::new(), totals: Vec::new() };
        for block in lines.chunks(100_000) {
            let facts: Vec<(usize, Facts)> = block.iter().map(|l| ours.parse(l)).collect();
            let mut results: Vec<[Option<i64>; 5]> = Vec::with_capacity(facts.len());
            let (seconds, runs) = if stem == "plan" {
                let (rows, order) = ours.plan_rows(facts.iter().map(|(r, f)| (*r, f)));
                measure(min_seconds, max_runs, || {
                    results.clear();
                    for &(region, i) in &order {
                        results.push(ours.evaluate_plan(&rows, region, std::hint::black_box(i), &mut out));
                    }
                })
            } else {
                measure(min_seconds, max_runs, || {
                    results.clear();
                    for (region, f) in &facts {
                        results.push(ours.evaluate(*region, std::hint::black_box(f), as_of()));
                    }
                })
            };
            total += seconds;
            runs_seen = runs_seen.min(runs);
            for a in &results {
                write_amounts(&mut amounts, a);
            }
        }
        report("ours-native", mode, label, rows, (total, runs_seen));
        write(stem, &amounts);
    }

    // Our batch, CSV text to CSV text (the rule set's five provisions).
    let catalog = bench_catalog();
    let mut output = String::new();
    let t = measure(min_seconds, max_runs, || output = batch_end_to_end(&catalog, &text));
    report_csv("ours-native", label, rows, t, &text, &output);
    write("batch", &amounts_from_batch(&output));
    drop(output);

    if full {
        // The whole catalog: every provision of both regions for each row.
        let catalog = policycalc_catalog::embedded().expect("packs load");
        let t = measure(min_seconds, max_runs, || {
            std::hint::black_box(batch_end_to_end(&catalog, &text));
        });
        report("ours-native", "csv-to-csv-full-catalog", label, rows, t);
    }
}
