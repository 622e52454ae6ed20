//! The engine's amounts on shapes no real pack reaches (the packs' amounts
//! are pinned in `tests/cases/`): a formula that comes out negative, which
//! only answers that bypassed validation can give.

// A test stops at the first surprise: the workspace's no-panic lints are for
// the product's code (Cargo.toml, [workspace.lints]).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

mod test_catalog;

use policycalc_core::date::Date;
use policycalc_core::engine::{self, Status};
use policycalc_core::expr::{EvalError, Value};
use policycalc_core::vocab::Facts;
use rust_decimal::Decimal;
use serde_json::json;

#[test]
fn a_negative_amount_is_an_error_never_money() {
    let c = test_catalog::catalog(&[test_catalog::provision("p", None, r#"{ kind = "exact", value = "a * 100", period = "once" }"#)]);
    let (vocab, region) = (&c.vocab, test_catalog::region(&c));
    let as_of = Date::parse("2025-01-01").unwrap();
    let mut facts = test_catalog::facts(vocab, json!({ "a": 2 }));
    let outcome = |facts: &Facts| engine::evaluate(vocab, region, facts, as_of).outcomes.remove(0);
    let paid = outcome(&facts);
    assert_eq!((paid.status, paid.money.map(|m| m.max), paid.error), (Status::Eligible, Some(Decimal::new(20000, 2)), None));
    // Answers are checked against the fact's minimum; past that check (a
    // corrupt input), a formula giving -100 is reported, not paid.
    facts.set(vocab.fact_id("a").unwrap(), Some(Value::Num(Decimal::NEGATIVE_ONE)));
    let refused = outcome(&facts);
    assert_eq!((refused.status, refused.money, refused.error), (Status::Undetermined, None, Some(EvalError::Overflow)));
    assert!(!refused.counts_in_totals);
    // Zero is not negative: paid as zero.
    facts.set(vocab.fact_id("a").unwrap(), Some(Value::Num(Decimal::ZERO)));
    assert_eq!(outcome(&facts).money.map(|m| m.max), Some(Decimal::new(0, 2)));
}

#[test]
fn totals_add_up_each_period_once_in_period_order() {
    // No real pack has two amounts in force in one period for one role, or
    // a later provision with an earlier period: here a monthly amount comes
    // first, then two one-off amounts.
    let c = test_catalog::catalog(&[
        test_catalog::provision("monthly", None, r#"{ kind = "exact", value = "100", period = "per_month" }"#),
        test_catalog::provision("once-a", None, r#"{ kind = "exact", value = "10", period = "once" }"#),
        test_catalog::provision("once-b", None, r#"{ kind = "up_to", value = "20", period = "once" }"#),
    ]);
    let (vocab, region) = (&c.vocab, test_catalog::region(&c));
    let facts = test_catalog::facts(vocab, json!({}));
    let evaluation = engine::evaluate(vocab, region, &facts, Date::parse("2025-01-01").unwrap());
    let totals: Vec<String> = evaluation
        .totals
        .iter()
        .map(|t| format!("{:?} {}..{} {:?}", t.period, t.min, t.max, t.provisions))
        .collect();
    assert_eq!(totals, ["Once 10.00..30.00 [1, 2]", "PerMonth 100.00..100.00 [0]"]);
}
