//! Engine benchmark, hand-rolled (no criterion, to keep dev-dependency builds
//! light). Per region, for its richest role (the one with most provisions)
//! and a complete answer set (every fact asked of that role answered, so no
//! provision is left undetermined):
//!
//! - `evaluate`: `engine::evaluate`, the hot path of batch rows and what-if;
//! - `report`: `report::build`, explanations and what-if search included;
//! - `next-question`: `interview::next_question` with only the role answered
//!   (every provision open: the most candidates to weigh).
//!
//! Each figure is ns per operation: the median and the minimum over SAMPLES
//! samples, each sample timing enough iterations to last about 20 ms.
//! Run with `cargo bench --bench engine`. The aim is < 10 µs per full
//! evaluation natively.

// A test stops at the first surprise: the workspace's no-panic lints are for
// the product's code (Cargo.toml, [workspace.lints]).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use policycalc_core::expr::Value;
use policycalc_core::pack::Region;
use policycalc_core::vocab::FactType;
use policycalc_core::{engine, interview, report, Catalog, Date, Facts, Lang, Status};
use rust_decimal::Decimal;
use std::hint::black_box;
use std::time::{Duration, Instant};

const SAMPLES: usize = 15;
const SAMPLE_TIME: Duration = Duration::from_millis(20);

struct Figures {
    median: f64,
    min: f64,
}

fn measure(mut op: impl FnMut()) -> Figures {
    // Warm up and find an iteration count that fills a sample.
    let mut iterations: u64 = 1;
    loop {
        let start = Instant::now();
        for _ in 0..iterations {
            op();
        }
        if start.elapsed() >= SAMPLE_TIME {
            break;
        }
        iterations *= 2;
    }
    let mut per_op: Vec<f64> = (0..SAMPLES)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..iterations {
                op();
            }
            start.elapsed().as_nanos() as f64 / iterations as f64
        })
        .collect();
    per_op.sort_by(|a, b| a.total_cmp(b));
    Figures { median: per_op[per_op.len() / 2], min: per_op[0] }
}

/// The role of `region` with the most provisions.
fn richest_role(catalog: &Catalog, region: &Region) -> u16 {
    (0..catalog.vocab.roles().len() as u16)
        .max_by_key(|role| (region.provisions.iter().filter(|p| p.roles.contains(role)).count(), std::cmp::Reverse(*role)))
        .expect("roles")
}

/// Every fact asked of `role` answered, with values that make rules hold
/// where they can (true, a dozen, a graduation a year ago).
fn complete_answers(catalog: &Catalog, role: u16, as_of: Date) -> Facts {
    let vocab = &catalog.vocab;
    let mut facts = Facts::empty(vocab);
    facts.set(vocab.role_fact, Some(Value::Sym(role)));
    for (index, def) in vocab.facts.iter().enumerate() {
        if index == usize::from(vocab.role_fact) || !def.roles.contains(&role) {
            continue;
        }
        let value = match (def.id.as_str(), def.ty) {
            ("interns_retained", _) => Value::Num(Decimal::from(6)),
            ("months_from_training_to_contract", _) => Value::Num(Decimal::from(3)),
            (_, FactType::Bool) => Value::Bool(true),
            (_, FactType::Enum) => Value::Sym(0),
            (_, FactType::Integer) => Value::Num(Decimal::from(12)),
            (_, FactType::Decimal) => Value::Num(Decimal::new(123456, 2)),
            (_, FactType::Date) => Value::Date(as_of.add_years(-1).expect("date")),
        };
        facts.set(index as u16, Some(value));
    }
    facts
}

fn main() {
    let start = Instant::now();
    let catalog = policycalc_catalog::embedded().expect("embedded catalog");
    let first_load = start.elapsed();
    let load = measure(|| {
        black_box(policycalc_catalog::embedded().expect("embedded catalog"));
    });
    let as_of = Date::parse("2025-06-01").expect("date");
    let vocab = &catalog.vocab;

    println!("policycalc engine benchmark: ns per operation, median / min of {SAMPLES} samples (as of {as_of})");
    println!("catalog load (Catalog::embedded): first {} ns, then {:.0} / {:.0}", first_load.as_nanos(), load.median, load.min);
    println!();
    println!(
        "{:<18} {:<13} {:>5} {:>9} | {:>19} | {:>19} | {:>19}",
        "region", "role", "provs", "eligible", "evaluate", "report (en)", "next-question"
    );
    let mut worst_evaluate: f64 = 0.0;
    for region in &catalog.regions {
        let role = richest_role(&catalog, region);
        let facts = complete_answers(&catalog, role, as_of);
        let evaluation = engine::evaluate(vocab, region, &facts, as_of);
        let open: Vec<&str> = evaluation
            .outcomes
            .iter()
            .filter(|o| o.status == Status::Undetermined)
            .map(|o| region.provisions[o.provision].id.as_str())
            .collect();
        assert!(open.is_empty(), "{}: answer set is not complete, still open: {open:?}", region.id);
        let eligible = evaluation.outcomes.iter().filter(|o| o.status == Status::Eligible).count();

        let evaluate = measure(|| {
            black_box(engine::evaluate(black_box(vocab), black_box(region), black_box(&facts), black_box(as_of)));
        });
        let build = measure(|| {
            black_box(report::build(black_box(&catalog), region, &facts, black_box(&evaluation), Lang::En));
        });
        let mut role_only = Facts::empty(vocab);
        role_only.set(vocab.role_fact, Some(Value::Sym(role)));
        assert!(interview::next_question(vocab, region, &role_only, as_of).is_some(), "{}: nothing to ask", region.id);
        let next = measure(|| {
            black_box(interview::next_question(black_box(vocab), black_box(region), black_box(&role_only), black_box(as_of)));
        });
        worst_evaluate = worst_evaluate.max(evaluate.median);
        println!(
            "{:<18} {:<13} {:>5} {:>9} | {:>9.0} / {:>7.0} | {:>9.0} / {:>7.0} | {:>9.0} / {:>7.0}",
            region.id,
            vocab.roles()[usize::from(role)].id,
            evaluation.outcomes.len(),
            eligible,
            evaluate.median,
            evaluate.min,
            build.median,
            build.min,
            next.median,
            next.min
        );
    }
    println!();
    println!(
        "slowest full evaluation: {:.0} ns (median); target < 10000 ns: {}",
        worst_evaluate,
        if worst_evaluate < 10_000.0 { "met" } else { "NOT met" }
    );
}
