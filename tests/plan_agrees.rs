//! The compiled plan (`policycalc_core::plan`) gives the interpreter's
//! answers (`engine::evaluate`, the reference), bit for bit: every status,
//! missing set, amount (kind, and each Decimal's mantissa, scale and sign),
//! error, validity and total. Checked on random fact sets (valid answers;
//! and raw values of any kind per fact: missing, extreme, near the i64-fen
//! and Decimal limits, negative, negative zero), every region and role of
//! the shipped catalog, as-of dates around every validity and parameter
//! edge, one reused evaluation across rows; on every `tests/cases/**`
//! scenario; and the integer fast path against rust_decimal directly.

// A test stops at the first surprise: the workspace's no-panic lints are for
// the product's code (Cargo.toml, [workspace.lints]).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

#[allow(dead_code)] // the scenarios are used here, not their evaluation
mod support;

use policycalc_core::engine::{self, checked_round_yuan, Decided, EvalEnv, Evaluation, Status};
use policycalc_core::expr::{ArithOp, EvalError, FactId, FactSet, Tri, Ty, Value};
use policycalc_core::pack::AmountRule;
use policycalc_core::print;
use policycalc_core::plan::{self, Plan};
use policycalc_core::vocab::FactType;
use policycalc_core::{Date, Facts};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::fmt::Write;
use support::{all_days, catalog, date, day_index, raw};

fn config() -> ProptestConfig {
    ProptestConfig { cases: support::cases(), ..ProptestConfig::default() }
}

/// A Decimal exactly: value, scale and sign (a negative zero too).
fn bits(d: Decimal) -> String {
    format!("{d}/{}/{:?}", d.scale(), d.serialize())
}

/// Everything an evaluation says, with every Decimal by its bits.
fn fingerprint(e: &Evaluation) -> String {
    let mut s = format!("as_of {} role {:?}\n", e.as_of, e.role);
    for o in &e.outcomes {
        let money = o.money.map(|m| format!("{:?} {:?} {}", m.kind, m.min.map(bits), bits(m.max)));
        let missing: Vec<FactId> = o.missing.iter().collect();
        writeln!(
            s,
            "{} {:?} missing {missing:?} money {money:?} error {:?} {:?} superseded {:?} counts {}",
            o.provision, o.status, o.error, o.validity, o.superseded_by, o.counts_in_totals
        )
        .unwrap();
    }
    for t in &e.totals {
        writeln!(s, "total {:?} {} {} {:?}", t.period, bits(t.min), bits(t.max), t.provisions).unwrap();
    }
    s
}

/// Whether the known path holds `v`, a value of fact `f`, and computes
/// with it without overflow (`plan::known`: at most four decimals, none for
/// an integer fact, other than trailing zeros; below a billion, so a
/// product of a few such stays within an i64; a negative zero is held).
fn integral(f: FactId, v: Value) -> bool {
    let Value::Num(raw) = v else { return true };
    let scale = if catalog().vocab.fact(f).ty == FactType::Integer { 0 } else { 4 };
    let n = raw.normalize();
    n.scale() <= scale && n.abs() < Decimal::from(1_000_000_000)
}

fn of_type(ty: Ty, v: Value) -> bool {
    matches!((ty, v), (Ty::Bool, Value::Bool(_)) | (Ty::Num, Value::Num(_)) | (Ty::Date, Value::Date(_)) | (Ty::Enum(_), Value::Sym(_)))
}

/// The known path (`Plan::decide`) on every provision of `facts`' role:
/// when it decides, it is the reference's status and money; and it does
/// decide whenever every fact the provision reads is answered with a value
/// of its type it can hold and the reference computes a moderate positive
/// amount or none (the shortcut is not silently skipped). The number decided.
fn known_agrees(region: usize, as_of: Date, facts: &Facts) -> Result<usize, TestCaseError> {
    let c = catalog();
    let r = &c.regions[region];
    let plan = Plan::new(&c.vocab, r, as_of);
    let mut row = plan::Row::default();
    plan.read(facts, &mut row);
    let reference = engine::evaluate(&c.vocab, r, facts, as_of);
    let mut decided = 0;
    // With the role unknown the engine asks nothing of the known path.
    if reference.role.is_none() {
        return Ok(0);
    }
    for o in &reference.outcomes {
        let p = &r.provisions[o.provision];
        let got = plan.decide(o.provision, &row);
        let want = match o.status {
            Status::Ineligible if o.error.is_none() => Some(Decided::Ineligible),
            Status::Eligible if o.error.is_none() => Some(Decided::Eligible(o.money)),
            _ => None,
        };
        if let Some(got) = got {
            prop_assert_eq!(Some(got), want, "{} on {}", p.id, as_of);
            decided += 1;
            continue;
        }
        let amounts = match &p.amount.rule {
            AmountRule::Exact(e) | AmountRule::UpTo(e) => vec![e],
            AmountRule::Range(lo, hi) => vec![lo, hi],
            _ => vec![],
        };
        let reads = p.when.iter().chain(amounts).fold(FactSet::default(), |set, e| set.union(e.facts(&|d| c.vocab.derived_facts(d))));
        let held = reads.iter().all(|f| facts.get(f).is_some_and(|v| integral(f, v) && of_type(c.vocab.fact_ty(f), v)));
        // Positive and far from an i64 at the formula's scale (at most nine
        // decimals in the shipped packs): the reference's sign rules and
        // overflow are left to it.
        let moderate = |x: Decimal| x > Decimal::ZERO && x < Decimal::from(100_000_000);
        let positive = o.money.map_or(true, |m| moderate(m.max) && m.min.map_or(true, moderate));
        prop_assert!(!(held && want.is_some() && positive), "{} on {}: not decided on the known path ({:?})", p.id, as_of, o);
    }
    Ok(decided)
}

/// Both engines on each fact set, the plan into one reused evaluation; and
/// the atoms of every condition (the batch's reason keys) both ways.
fn agree(region: usize, as_of: Date, rows: &[Facts]) -> Result<(), TestCaseError> {
    let c = catalog();
    let r = &c.regions[region];
    let plan = Plan::new(&c.vocab, r, as_of);
    let mut out = Evaluation { as_of, role: None, outcomes: Vec::new(), totals: Vec::new() };
    let mut row = plan::Row::default();
    for facts in rows {
        let want = fingerprint(&engine::evaluate(&c.vocab, r, facts, as_of));
        plan.evaluate_into(&c.vocab, r, facts, &mut out);
        prop_assert_eq!(fingerprint(&out), want, "region {} on {}", r.id, as_of);
        known_agrees(region, as_of, facts)?;
        plan.read(facts, &mut row);
        let env = EvalEnv { vocab: &c.vocab, region: r, facts, as_of };
        for (i, p) in r.provisions.iter().enumerate() {
            let Some(when) = &p.when else { continue };
            for truth in [true, false] {
                let mask = print::atoms(when).iter().take(64).enumerate().fold(0u64, |m, (k, a)| {
                    if env.eval(a).ok().and_then(Tri::as_bool) == Some(truth) { m | 1 << k } else { m }
                });
                prop_assert_eq!(plan.atom_mask(i, &row, truth), mask, "atoms of {} = {} on {}", p.id, truth, as_of);
            }
        }
    }
    Ok(())
}

/// Dates where something changes in `region`: each provision's validity
/// and each parameter value's start and end, a day either side too.
fn edges(region: usize) -> Vec<Date> {
    let r = &catalog().regions[region];
    let mut dates: Vec<Date> = r.provisions.iter().flat_map(|p| [p.validity.from, p.validity.until]).flatten().collect();
    for p in &r.parameters {
        dates.extend(p.values.iter().flat_map(|v| [Some(v.from), v.until]).flatten());
    }
    let days = all_days();
    let mut out = Vec::new();
    for d in dates {
        let i = day_index(d);
        out.extend([i.saturating_sub(1), i, (i + 1).min(days.len() - 1)].map(|i| days[i]));
    }
    out
}

/// Numbers that probe the fast path's edges: small counts, fen amounts,
/// many decimals, around i64 fen (2^63 / 100) and Decimal's own limits.
fn number(pick: u32, a: u64, scale: u32) -> Decimal {
    let i64_fen = Decimal::from(i64::MAX) / Decimal::from(100);
    match pick % 10 {
        0 => Decimal::from(a % 20),
        1 => Decimal::new((a % 10_000_000) as i64, 2),
        2 => Decimal::from_i128_with_scale(i128::from(a), scale % 29),
        3 => i64_fen + Decimal::from(a % 3) - Decimal::ONE,
        4 => Decimal::MAX - Decimal::from(a % 3),
        5 => -Decimal::from(a % 1000),
        6 => -Decimal::ZERO,
        7 => Decimal::from_i128_with_scale((1_i128 << 95) + i128::from(a % 1000), scale % 29),
        8 => Decimal::new(5 + 10 * (a % 100) as i64, 3),
        _ => Decimal::from(a),
    }
}

/// A raw value for fact `id`: usually of its type, sometimes missing,
/// sometimes another kind (the plan must follow the interpreter even there).
fn value(id: usize, (present, pick, a, scale): (u8, u32, u64, u32)) -> Option<Value> {
    let c = catalog();
    let def = &c.vocab.facts[id];
    if present < 30 {
        return None;
    }
    if present > 97 {
        return Some(Value::Sym((a % 3) as u16));
    }
    Some(match def.ty {
        FactType::Bool => Value::Bool(a % 2 == 0),
        FactType::Enum => Value::Sym((a % (def.values.len() as u64 + 1)) as u16),
        FactType::Integer | FactType::Decimal => Value::Num(number(pick, a, scale)),
        FactType::Date => {
            let days = all_days();
            Value::Date(days[(a as usize) % days.len()])
        }
    })
}

type Seeds = Vec<(u8, u32, u64, u32)>;

fn seeds() -> impl Strategy<Value = Seeds> {
    proptest::collection::vec((0u8..100, any::<u32>(), any::<u64>(), any::<u32>()), catalog().vocab.facts.len())
}

fn raw_facts(seeds: &Seeds, role: Option<u16>) -> Facts {
    let c = catalog();
    let mut facts = Facts::empty(&c.vocab);
    for (id, s) in seeds.iter().enumerate() {
        facts.set(id as FactId, value(id, *s));
    }
    facts.set(c.vocab.role_fact, role.map(Value::Sym));
    facts
}

proptest! {
    #![proptest_config(config())]

    /// Valid answer sets (as the CLI and browser read them), with the role
    /// given and not, two rows through one reused evaluation.
    #[test]
    fn the_plan_agrees_on_valid_answers(a in raw(), b in raw()) {
        let s = a.build();
        let other = b.build_for(s.region, s.role);
        let rows = [s.facts(), s.without("role").facts(), other.facts()];
        agree(s.region, s.as_of, &rows)?;
    }

    /// Raw values in every fact slot, every region and role (and none), as-of
    /// dates on and beside every edge of the region or anywhere in the span.
    #[test]
    fn the_plan_agrees_on_raw_and_extreme_values(
        region in 0..catalog().regions.len(),
        roles in proptest::collection::vec(any::<u16>(), 3),
        day in any::<usize>(),
        rows in proptest::collection::vec(seeds(), 3),
    ) {
        let c = catalog();
        let edges = edges(region);
        let as_of = if day % 3 > 0 && !edges.is_empty() { edges[day % edges.len()] } else { all_days()[day % all_days().len()] };
        let count = c.vocab.roles().len() as u16;
        let facts: Vec<Facts> = rows
            .iter()
            .zip(&roles)
            .map(|(seeds, role)| raw_facts(seeds, (*role % (count + 1) < count).then_some(*role % (count + 1))))
            .collect();
        agree(region, as_of, &facts)?;
    }

    /// The integer fast path gives rust_decimal's exact result (mantissa,
    /// scale, sign) whenever it answers; the reference decides otherwise.
    #[test]
    fn integer_arithmetic_is_rust_decimals(pa in any::<u32>(), a in any::<u64>(), sa in any::<u32>(), pb in any::<u32>(), b in any::<u64>(), sb in any::<u32>(), op in 0usize..4) {
        let (x, y) = (number(pa, a, sa), number(pb, b, sb));
        let op = ArithOp::ALL[op];
        if let Some(fast) = plan::fast_arith(op, x, y) {
            let reference = match op {
                ArithOp::Add => x.checked_add(y),
                ArithOp::Sub => x.checked_sub(y),
                ArithOp::Mul => x.checked_mul(y),
                ArithOp::Div => x.checked_div(y),
            };
            prop_assert_eq!(Some(bits(fast)), reference.map(bits), "{} {:?} {}", x, op, y);
        }
    }

    /// Rounding to the fen in integers is `checked_round_yuan`, bit for bit.
    #[test]
    fn integer_rounding_is_the_reference(p in any::<u32>(), a in any::<u64>(), s in any::<u32>()) {
        let x = number(p, a, s);
        if let Some(fast) = plan::fen_round(x) {
            prop_assert_eq!(fast.map(bits), checked_round_yuan(x).map(bits), "{}", x);
        }
    }
}

/// The integer path's sums with a zero or at one scale against
/// rust_decimal's bits: a zero on either side gives the other operand as it
/// is (0.0000 + 5.00 = 5.00, 5.00 + 0.0000 = 5.00), which the random numbers
/// above rarely meet (the fast path gave 5.0000 before).
#[test]
fn integer_sums_keep_the_references_scale() {
    let pairs = [(0, 4, 500, 2), (0, 2, 50000, 4), (0, 2, 500, 2), (700, 2, 500, 2), (0, 0, 5, 2), (3, 1, 0, 3), (0, 28, 1, 0)];
    for (ma, sa, mb, sb) in pairs {
        let (x, y) = (Decimal::new(ma, sa), Decimal::new(mb, sb));
        for (l, r) in [(x, y), (y, x)] {
            if let Some(fast) = plan::fast_arith(ArithOp::Add, l, r) {
                assert_eq!(bits(fast), bits(l.checked_add(r).unwrap()), "{l} + {r}");
            }
        }
    }
}

/// Every `tests/cases/**` scenario: its file, region index, facts and date.
fn case_scenarios() -> Vec<(String, usize, Facts, Date)> {
    let c = catalog();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut out = Vec::new();
    for region in std::fs::read_dir(&root).unwrap().flatten() {
        for file in std::fs::read_dir(region.path()).unwrap().flatten() {
            let text = std::fs::read_to_string(file.path()).unwrap();
            let Ok(case) = policycalc_packs::cases::read_case(&text) else { continue };
            let facts = policycalc_packs::cases::case_facts(c, &case).unwrap();
            let r = c.regions.iter().position(|r| r.id == case.region).unwrap();
            out.push((file.path().display().to_string(), r, facts, date(&case.as_of)));
        }
    }
    out
}

#[test]
fn every_case_scenario_agrees() {
    let cases = case_scenarios();
    for (file, r, facts, as_of) in &cases {
        agree(*r, *as_of, std::slice::from_ref(facts)).map_err(|e| format!("{file}: {e}")).unwrap();
    }
    assert!(cases.len() > 50, "only {} cases read", cases.len());
}

/// Rows held in `plan::Rows` (read beforehand, evaluated later by index)
/// give the reference's answers, in any order, each row its own: every
/// case scenario of a region on one date, pushed together, evaluated
/// backwards.
#[test]
fn rows_held_in_plan_rows_agree() {
    let c = catalog();
    let cases = case_scenarios();
    for (region, r) in c.regions.iter().enumerate() {
        let of_region: Vec<&(String, usize, Facts, Date)> = cases.iter().filter(|x| x.1 == region).collect();
        let Some(first) = of_region.first() else { continue };
        let as_of = first.3;
        let plan = Plan::new(&c.vocab, r, as_of);
        let mut rows = plan::Rows::default();
        assert!(rows.is_empty());
        for (_, _, facts, _) in &of_region {
            plan.push_row(facts, &mut rows);
        }
        assert_eq!(rows.len(), of_region.len());
        assert!(!rows.is_empty());
        let mut out = Evaluation { as_of, role: None, outcomes: Vec::new(), totals: Vec::new() };
        for (i, (file, _, facts, _)) in of_region.iter().enumerate().rev() {
            plan.evaluate_at(&c.vocab, r, &rows, i, &mut out);
            assert_eq!(fingerprint(&out), fingerprint(&engine::evaluate(&c.vocab, r, facts, as_of)), "{file} on {as_of}, row {i}");
        }
    }
}

/// The known path is what decides a fully answered row: every provision of
/// every shipped region has its integer form, and on the case scenarios it
/// decides a good share of the outcomes (each the reference's, by
/// `known_agrees`).
#[test]
fn the_known_path_decides_answered_provisions() {
    let c = catalog();
    for r in &c.regions {
        let debug = format!("{:?}", Plan::new(&c.vocab, r, date("2025-03-01")));
        assert_eq!(debug.matches(", known: Some(").count(), r.provisions.len(), "{}: every provision has a known form", r.id);
    }
    let (mut decided, mut outcomes) = (0, 0);
    for (file, r, facts, as_of) in &case_scenarios() {
        decided += known_agrees(*r, *as_of, facts).map_err(|e| format!("{file}: {e}")).unwrap();
        outcomes += engine::evaluate(&c.vocab, &c.regions[*r], facts, *as_of).outcomes.len();
    }
    assert!(decided * 4 > outcomes, "the known path decided {decided} of {outcomes} outcomes");
}

/// Natively the integer path does answer the arithmetic the packs' amounts
/// do (a wage times a rate, a sum at two decimals, rounding to the fen), and
/// a fact compared with a literal is lowered to one node: what makes the
/// plan fast (the answers would be the same without either).
#[test]
fn the_fast_paths_are_taken_natively() {
    let d = |s: &str| Decimal::from_str_exact(s).unwrap();
    assert_eq!(plan::fast_arith(ArithOp::Mul, d("2270"), d("0.7")).map(bits), Some(bits(d("1589.0"))));
    assert_eq!(plan::fast_arith(ArithOp::Add, d("1589.00"), d("0.5")).map(bits), Some(bits(d("1589.50"))));
    assert_eq!(plan::fen_round(d("1589.005")).flatten().map(bits), Some(bits(d("1589.01"))));
    // The totals: from zero, then amounts already at the fen.
    assert_eq!(plan::fast_arith(ArithOp::Add, Decimal::ZERO, d("20000.00")).map(bits), Some(bits(d("20000.00"))));
    assert_eq!(plan::fast_arith(ArithOp::Add, d("20000.00"), d("1160.92")).map(bits), Some(bits(d("21160.92"))));
    assert_eq!(plan::fen_round(d("21160.92")).flatten().map(bits), Some(bits(d("21160.92"))));
    // Past the mantissa's 96 bits, and past 28 decimals: the reference decides.
    let big = Decimal::from_i128_with_scale(1 << 95, 0);
    assert_eq!(plan::fast_arith(ArithOp::Mul, big, d("2")), None);
    assert_eq!(plan::fast_arith(ArithOp::Mul, d("0.00000000000001"), d("0.000000000000001")), None);
    let c = catalog();
    let r = &c.regions[support::region_index("bayannur")];
    assert!(format!("{:?}", Plan::new(&c.vocab, r, date("2025-03-01"))).contains("CmpFact("), "fact-literal comparisons are single nodes");
}

/// The batch's plan cache holds at most 8 plans (bounded memory), and a new
/// one takes the place of the one lowered longest ago: after 13 dates, the
/// last 8 are kept.
#[test]
fn the_plan_cache_keeps_the_eight_latest_plans() {
    let c = catalog();
    let r = &c.regions[0];
    let days: Vec<Date> = all_days().iter().copied().step_by(40).take(13).collect();
    let facts = Facts::empty(&c.vocab);
    let mut plans = plan::Plans::default();
    let mut out = Evaluation { as_of: days[0], role: None, outcomes: Vec::new(), totals: Vec::new() };
    for &d in &days {
        plans.with(&c.vocab, 0, r, d, |plan, row| {
            plan.read(&facts, row);
            plan.evaluate_row(&c.vocab, r, row, &mut out);
        });
    }
    // Each kept plan's date, read from the cache's Debug text.
    let debug = format!("{plans:?}");
    let mut kept: Vec<&str> = debug.split("Plan { as_of: ").skip(1).map(|s| &s[..=s.find('}').unwrap()]).collect();
    kept.sort();
    let mut want: Vec<String> = days[5..].iter().map(|d| format!("{d:?}")).collect();
    want.sort();
    assert_eq!(kept, want);
}

/// An amount past what two decimals in 28 digits hold: the same typed
/// error from both, on the same provision.
#[test]
fn overflow_is_the_same_typed_error() {
    let c = catalog();
    let region = support::region_index("bayannur");
    let r = &c.regions[region];
    let as_of = date("2025-03-01");
    let mut facts = Facts::empty(&c.vocab);
    facts.set(c.vocab.role_fact, Some(Value::Sym(support::role_id("employer"))));
    facts.set(support::fact_id("interns"), Some(Value::Num(Decimal::MAX / Decimal::from(1000))));
    let want = engine::evaluate(&c.vocab, r, &facts, as_of);
    assert!(want.outcomes.iter().any(|o| o.error == Some(EvalError::Overflow)), "{want:?}");
    agree(region, as_of, &[facts]).unwrap();
}

/// The batch's cache of plans (`plan::Plans`, 8 kept): rows that move
/// between regions and more as-of dates than it keeps, back and forth, get
/// the reference's answers, so a kept plan is never used for another region
/// or date and a replaced one is lowered again.
#[test]
fn the_plan_cache_never_answers_with_another_rows_plan() {
    let c = catalog();
    let mut keys: Vec<(usize, Date)> = Vec::new();
    for region in 0..c.regions.len() {
        keys.extend(edges(region).into_iter().step_by(3).take(6).map(|d| (region, d)));
    }
    assert!(keys.len() > 16, "only {} (region, date) keys", keys.len());
    let cases = case_scenarios();
    let mut plans = plan::Plans::default();
    let mut out = Evaluation { as_of: keys[0].1, role: None, outcomes: Vec::new(), totals: Vec::new() };
    // Forward, backward, and each key twice in a row: hits, misses, replacements.
    let order = keys.iter().chain(keys.iter().rev()).flat_map(|k| [k, k]);
    for (n, &(region, as_of)) in order.enumerate() {
        let r = &c.regions[region];
        // A scenario of this region, a different one on each visit.
        let of_region: Vec<&Facts> = cases.iter().filter(|x| x.1 == region).map(|x| &x.2).collect();
        let facts = of_region[n % of_region.len()];
        plans.with(&c.vocab, region, r, as_of, |plan, row| {
            plan.read(facts, row);
            plan.evaluate_row(&c.vocab, r, row, &mut out);
        });
        assert_eq!(fingerprint(&out), fingerprint(&engine::evaluate(&c.vocab, r, facts, as_of)), "row {n}: {} on {as_of}", r.id);
    }
}
