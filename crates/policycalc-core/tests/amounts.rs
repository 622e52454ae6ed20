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
