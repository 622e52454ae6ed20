//! Differential: the compiled plan (`policycalc_core::plan`) against the
//! interpreter (`engine::evaluate`, the reference). After a two-byte as-of
//! date, the bytes fill the fact slots with raw values of any kind (missing,
//! of the fact's type, or another; numbers of any mantissa and scale, zero's
//! sign too), bypassing the answer checks so the plan meets what the
//! interpreter could. Every region is evaluated both ways, the plan into one
//! evaluation reused across regions; the two must be identical, bit for bit,
//! and so must every condition's atoms (the batch's reason keys).
#![no_main]
use libfuzzer_sys::fuzz_target;
use policycalc_core::engine::{self, EvalEnv, Evaluation};
use policycalc_core::expr::{Tri, Value};
use policycalc_core::plan::{Plan, Row};
use policycalc_core::print;
use policycalc_core::{Date, Facts};
use policycalc_fuzz::{as_of, catalog, fingerprint};
use rust_decimal::Decimal;

/// One raw value from the front of `data` (and the rest).
fn value(data: &[u8]) -> (Option<Value>, &[u8]) {
    let Some((&kind, rest)) = data.split_first() else { return (None, data) };
    let take = |n: usize| rest.split_at(n.min(rest.len()));
    let word = |bytes: &[u8]| bytes.iter().fold(0_u128, |w, b| (w << 8) | u128::from(*b));
    match kind % 6 {
        0 => (None, rest),
        1 => (Some(Value::Bool(kind & 0x80 != 0)), rest),
        2 => (Some(Value::Sym(u16::from(kind >> 3))), rest),
        3 => {
            let (bytes, rest) = take(3);
            // Any day 1900..=2199 (the 28th at most, so every month has it).
            let n = u32::try_from(word(bytes) % 100_800).unwrap_or(0);
            let year = 1900 + i32::try_from(n / 336).unwrap_or(0);
            (Date::from_ymd(year, 1 + n / 28 % 12, 1 + n % 28).map(Value::Date), rest)
        }
        _ => {
            // Up to 12 bytes of mantissa (under 2^96), a scale 0..=28, a sign.
            let (bytes, rest) = take(usize::from(kind >> 4).min(12));
            let mantissa = i128::try_from(word(bytes)).unwrap_or(0);
            let scale = u32::from(kind >> 2) % 29;
            let mut n = Decimal::try_from_i128_with_scale(mantissa, scale).unwrap_or(Decimal::ZERO);
            n.set_sign_negative(kind & 2 != 0);
            (Some(Value::Num(n)), rest)
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let catalog = catalog();
    let vocab = &catalog.vocab;
    let (as_of, mut data) = as_of(data);
    let mut facts = Facts::empty(vocab);
    for id in 0..vocab.facts.len() {
        let (v, rest) = value(data);
        facts.set(u16::try_from(id).unwrap_or(u16::MAX), v);
        data = rest;
    }
    let mut out = Evaluation { as_of, role: None, outcomes: Vec::new(), totals: Vec::new() };
    let mut row = Row::default();
    for region in &catalog.regions {
        let want = engine::evaluate(vocab, region, &facts, as_of);
        let plan = Plan::new(vocab, region, as_of);
        plan.evaluate_into(vocab, region, &facts, &mut out);
        assert_eq!(fingerprint(&out), fingerprint(&want), "region {}", region.id);
        // The batch's reason keys: which atoms of each condition hold, or fail.
        plan.read(&facts, &mut row);
        let env = EvalEnv { vocab, region, facts: &facts, as_of };
        for (i, p) in region.provisions.iter().enumerate() {
            let Some(when) = &p.when else { continue };
            for truth in [true, false] {
                let mask = print::atoms(when).iter().take(64).zip(0..).fold(0_u64, |m, (a, k)| {
                    if env.eval(a).ok().and_then(Tri::as_bool) == Some(truth) { m | 1 << k } else { m }
                });
                assert_eq!(plan.atom_mask(i, &row, truth), mask, "atoms of {} = {truth}", p.id);
            }
        }
    }
});
