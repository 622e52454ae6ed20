//! The plan's known path (`plan::known`) on rule shapes no real pack has:
//! a decimal fact against an integer literal, both sides of a comparison,
//! a sum or a product reading the same fact, `in` over numbers of two
//! scales, `if` with branches of two scales, `min`/`max`, `not`/`or`,
//! a negation, a year of the as-of date, an amount rounded from four
//! decimals, dates shifted by a fact and their years, ranges and caps. On every combination of answered and unanswered facts, what it
//! decides must be the interpreter's outcome, and with every fact answered
//! it must decide (the shortcut is not silently lost). The shipped packs'
//! shapes are checked the same way in `tests/plan_agrees.rs`.

// A test stops at the first surprise: the workspace's no-panic lints are for
// the product's code (Cargo.toml, [workspace.lints]).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

#[allow(dead_code)] // the helpers other tests use
mod test_catalog;

use policycalc_core::date::Date;
use policycalc_core::engine::{self, Decided, Status};
use policycalc_core::plan::{Plan, Row};
use policycalc_core::Catalog;
use rust_decimal::Decimal;
use serde_json::{json, Map, Value};
use test_catalog::provision;

fn exact(value: &str) -> String {
    format!("{{ kind = \"exact\", value = {value:?}, period = \"once\" }}")
}

/// Each shape, named for what a wrong known path would get wrong.
fn catalog() -> Catalog {
    let provisions = [
        provision("decimal-fact-against-integer", Some("d > 2"), &exact("d * 3")),
        provision("same-fact-both-sides", Some("d * 2 >= d + 1"), &exact("d + d")),
        provision("same-fact-product", Some("flag"), &exact("d * d + 1")),
        provision("same-fact-sum", Some("flag"), &exact("d + d + 1")),
        provision("in-two-scales", Some("a in [1, 2.5, 3]"), &exact("a + 0.5")),
        provision("in-decimal-fact", Some("d in [1, 2.5]"), &exact("100")),
        provision("if-condition-and-yes-share", None, &exact("if d > 1 then d else 1.5")),
        provision("if-condition-and-no-share", None, &exact("if d > 1 then 2 else d + 1")),
        provision("if-branches-share", None, &exact("if flag then d + 1 else d + 2")),
        provision("if-other-fact", None, &exact("if flag then a + 1 else d + 1")),
        provision("min-max", Some("not (flag and blocked) or locked"), &exact("min(a, d) + max(b, b * 0.5)")),
        provision("negation", Some("-d < -1 and year(as_of) == 2025"), &exact("d * 0.001")),
        provision("range", Some("b >= 1"), "{ kind = \"range\", min = \"b * 2\", max = \"a + 1\", period = \"once\" }"),
        provision("up-to", Some("a > 0 or b > 0"), "{ kind = \"up_to\", value = \"a * b\", period = \"once\" }"),
        provision("no-figure", Some("locked"), "{ kind = \"not_stated\", note = { zh-Hans = \"未说明。\", en = \"Not stated.\" } }"),
        provision("date-shift-of-two-facts", Some("as_of < add_months(since, a)"), &exact("100")),
        provision("date-shift-sharing-a-fact", Some("as_of >= add_months(if flag then since else date'2024-01-01', if flag then 1 else 2)"), &exact("100")),
        provision("date-shift-by-a-decimal", Some("as_of < add_months(since, d)"), &exact("100")),
        provision("year-of-a-fact", Some("year(since) == 2024"), &exact("a + 1")),
    ];
    test_catalog::catalog_with_vocabulary(&test_catalog::fact("since", "date", Some("employer"), "", "起始日", "Since"), &provisions)
}


/// Every fact's values (`None`: not answered): small counts (3 given as
/// 3.0), decimals of up to two places (0.005 rounds half away from zero:
/// `d * 0.001`). Amounts add 1 where a fact read as 0 would give a zero
/// amount, which the known path leaves to the reference.
fn values(fact: &str) -> Vec<Option<Value>> {
    let some = |v: Vec<Value>| std::iter::once(None).chain(v.into_iter().map(Some)).collect();
    match fact {
        "a" | "b" => some(vec![json!(0), json!(1), json!(3), json!(7)]),
        "d" => some(vec![json!("0.5"), json!("1"), json!("2.5"), json!("5"), json!("123.45"), json!("1000")]),
        "since" => some(vec![json!("2024-01-31"), json!("2024-12-15"), json!("2025-02-28")]),
        _ => some(vec![json!(true), json!(false)]),
    }
}

const FACTS: [&str; 7] = ["a", "b", "d", "flag", "blocked", "locked", "since"];

/// Walks every combination of [`values`], calling `f` with the answers.
fn each_answer_set(mut f: impl FnMut(&Map<String, Value>)) {
    let choices: Vec<Vec<Option<Value>>> = FACTS.iter().map(|f| values(f)).collect();
    let mut at = vec![0; FACTS.len()];
    loop {
        let mut map = Map::new();
        for (k, fact) in FACTS.iter().enumerate() {
            if let Some(v) = &choices[k][at[k]] {
                map.insert((*fact).into(), v.clone());
            }
        }
        f(&map);
        let Some(k) = (0..FACTS.len()).find(|&k| at[k] + 1 < choices[k].len()) else { return };
        at[k] += 1;
        at[..k].iter_mut().for_each(|i| *i = 0);
    }
}

#[test]
fn the_known_path_is_the_interpreter_on_every_shape_and_answer_set() {
    let c = catalog();
    let region = test_catalog::region(&c);
    let as_of = Date::parse("2025-03-01").unwrap();
    let plan = Plan::new(&c.vocab, region, as_of);
    let mut row = Row::default();
    let (mut sets, mut decided) = (0, vec![0; region.provisions.len()]);
    each_answer_set(|answers| {
        sets += 1;
        let mut facts = test_catalog::facts(&c.vocab, Value::Object(answers.clone()));
        // `a` = 3 as 3.0 (scale 1, as a raw value can be): held as 3.
        if answers.get("a") == Some(&json!(3)) {
            facts.set(c.vocab.fact_id("a").unwrap(), Some(policycalc_core::expr::Value::Num(Decimal::new(30, 1))));
        }
        plan.read(&facts, &mut row);
        let reference = engine::evaluate(&c.vocab, region, &facts, as_of);
        assert_eq!(plan.evaluate(&c.vocab, region, &facts), reference, "{answers:?}");
        for o in &reference.outcomes {
            let p = &region.provisions[o.provision];
            let want = match (o.status, &o.error) {
                (Status::Ineligible, None) => Some(Decided::Ineligible),
                (Status::Eligible, None) => Some(Decided::Eligible(o.money)),
                _ => None,
            };
            let got = plan.decide(o.provision, &row);
            if got.is_some() {
                assert_eq!(got, want, "{} on {answers:?}", p.id);
                decided[o.provision] += 1;
            }
            // Every fact answered and a positive amount (or none): decided.
            let positive = o.money.is_none_or(|m| m.max.is_sign_positive() && !m.max.is_zero() && m.min.is_none_or(|x| !x.is_zero()));
            if answers.len() == FACTS.len() && positive {
                assert_eq!(got, want, "{} on {answers:?}: not decided on the known path", p.id);
            }
        }
    });
    assert!(sets > 1000, "only {sets} answer sets");
    for (p, n) in region.provisions.iter().zip(&decided) {
        assert!(*n > 100, "{} decided only {n} times", p.id);
    }
}

/// A row decided at once on the known path skips the supersession and
/// totals passes when no eligible provision supersedes another or may count
/// (`engine::Left`), and only then: on every answer set, beside provisions
/// that supersede, count (once and monthly), are announced or are loans,
/// the plan's evaluation is the interpreter's, and each pass is seen doing
/// something on the decided rows.
#[test]
fn rows_decided_at_once_keep_their_supersession_and_totals() {
    let announced = |p: String| p.replace(r#"status = "in_force", from = "2024-01-01""#, r#"status = "announced""#);
    let monthly = "{ kind = \"exact\", value = \"b * 5\", period = \"per_month\" }";
    // b = 3 without the flag: only a supersession is left (nothing counts).
    let provisions = [
        provision("base", Some("a > 0"), &exact("a * 100")),
        provision("higher", Some("a > 1"), &exact("a * 200")) + "supersedes = [\"testland.base\"]\n",
        announced(provision("announced", Some("b > 0"), &exact("b * 10"))),
        announced(provision("announced-higher", Some("b > 2"), &exact("b * 20"))) + "supersedes = [\"testland.announced\"]\n",
        provision("loan", Some("flag"), &exact("1000")).replace("kind = \"grant\"", "kind = \"loan\""),
        provision("monthly", Some("b > 1 and flag"), monthly),
    ];
    let c = test_catalog::catalog(&provisions);
    let region = test_catalog::region(&c);
    let as_of = Date::parse("2025-03-01").unwrap();
    let plan = Plan::new(&c.vocab, region, as_of);
    let (mut superseded, mut totalled, mut untotalled) = (0, 0, 0);
    for a in [0, 1, 3] {
        for b in [0, 1, 3] {
            for flag in [false, true] {
                let facts = test_catalog::facts(&c.vocab, json!({ "a": a, "b": b, "flag": flag }));
                let reference = engine::evaluate(&c.vocab, region, &facts, as_of);
                assert_eq!(plan.evaluate(&c.vocab, region, &facts), reference, "a = {a}, b = {b}, flag = {flag}");
                superseded += reference.outcomes.iter().filter(|o| o.superseded_by.is_some()).count();
                if reference.totals.is_empty() {
                    untotalled += usize::from(reference.outcomes.iter().any(|o| o.status == Status::Eligible));
                } else {
                    totalled += 1;
                }
            }
        }
    }
    assert!(superseded > 0 && totalled > 0 && untotalled > 0, "superseded {superseded}, totalled {totalled}, eligible but untotalled {untotalled}");
}

/// A formula needing one register more than the known path has (a sum
/// nested eight deep: each right operand one register further, the last in
/// register 8) has no integer form. The reference computes it, with the
/// reference's answer; a ninth register allowed would alias the first.
#[test]
fn a_formula_past_the_registers_is_left_to_the_reference() {
    let deep = "a + (b + (a + (b + (a + (b + (a + (a + b)))))))";
    let c = test_catalog::catalog(&[provision("deep", Some("a > 0"), &exact(deep))]);
    let region = test_catalog::region(&c);
    let as_of = Date::parse("2025-03-01").unwrap();
    let plan = Plan::new(&c.vocab, region, as_of);
    let mut row = Row::default();
    for (a, b) in [(1, 0), (3, 2), (7, 1)] {
        let facts = test_catalog::facts(&c.vocab, json!({ "a": a, "b": b }));
        plan.read(&facts, &mut row);
        let reference = engine::evaluate(&c.vocab, region, &facts, as_of);
        assert_eq!(reference.outcomes[0].money.map(|m| m.max), Some(Decimal::from(5 * a + 4 * b)), "a = {a}, b = {b}");
        assert_eq!(plan.evaluate(&c.vocab, region, &facts), reference, "a = {a}, b = {b}");
        assert_eq!(plan.decide(0, &row), None, "decided on the known path past its registers (a = {a}, b = {b})");
    }
}
