//! What-if suggestions on rule shapes no real pack has; the packs' shapes are
//! pinned in `tests/cases/*/whatif_*.toml`.

// A test stops at the first surprise: the workspace's no-panic lints are for
// the product's code (Cargo.toml, [workspace.lints]).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

mod test_catalog;

use policycalc_core::date::Date;
use policycalc_core::engine::{self, Status};
use policycalc_core::expr::Value;
use policycalc_core::whatif::suggest;
use policycalc_core::Catalog;
use serde_json::json;
use test_catalog::provision;

const ONCE_100: &str = r#"{ kind = "exact", value = "100", period = "once" }"#;

/// `when` with a fixed amount, or `amount` with no condition.
fn catalog_with(when: Option<&str>, amount: &str) -> Catalog {
    test_catalog::catalog(&[provision("p", when, amount)])
}

/// The suggestions for the only provision, as `fact from -> to` lists.
fn suggestions(catalog: &Catalog, answers: serde_json::Value) -> Vec<Vec<String>> {
    let (vocab, region) = (&catalog.vocab, test_catalog::region(catalog));
    let facts = test_catalog::facts(vocab, answers);
    let as_of = Date::parse("2025-01-01").unwrap();
    let evaluation = engine::evaluate(vocab, region, &facts, as_of);
    let outcome = evaluation.outcomes.first().unwrap();
    suggest(vocab, region, &facts, as_of, outcome)
        .into_iter()
        .map(|s| {
            assert_eq!(s.outcome.status, Status::Eligible, "a suggestion promises eligibility");
            s.changes
                .iter()
                .map(|c| {
                    let show = |v: Value| match v {
                        Value::Num(n) => n.to_string(),
                        Value::Bool(b) => b.to_string(),
                        other => format!("{other:?}"),
                    };
                    let from = c.from.map_or("unanswered".to_string(), show);
                    format!("{} {from} -> {}", vocab.fact(c.fact).id, show(c.to))
                })
                .collect()
        })
        .collect()
}

fn one(change: &str) -> Vec<Vec<String>> {
    vec![vec![change.to_string()]]
}

#[test]
fn an_or_takes_its_cheapest_branch_whichever_comes_first() {
    let c = catalog_with(Some("a >= 10 or b >= 3"), ONCE_100);
    assert_eq!(suggestions(&c, json!({ "a": 9, "b": 0 })), one("a 9 -> 10"));
    assert_eq!(suggestions(&c, json!({ "a": 0, "b": 2 })), one("b 2 -> 3"));
}

#[test]
fn an_or_prefers_fewer_changes_to_a_smaller_sum() {
    let c = catalog_with(Some("(flag and blocked) or b >= 5"), ONCE_100);
    assert_eq!(suggestions(&c, json!({ "flag": false, "blocked": false, "b": 0 })), one("b 0 -> 5"));
}

#[test]
fn within_one_comparison_the_count_needing_the_smaller_step_wins() {
    let c = catalog_with(Some("a * 2 + b >= 10"), ONCE_100);
    assert_eq!(suggestions(&c, json!({ "a": 0, "b": 0 })), one("a 0 -> 5"));
    let c = catalog_with(Some("a + b * 2 >= 10"), ONCE_100);
    assert_eq!(suggestions(&c, json!({ "a": 0, "b": 0 })), one("b 0 -> 5"));
    // A tie keeps the first fact in vocabulary order.
    let c = catalog_with(Some("a + b >= 4"), ONCE_100);
    assert_eq!(suggestions(&c, json!({ "a": 0, "b": 0 })), one("a 0 -> 4"));
}

#[test]
fn a_comparison_skips_unchangeable_and_unanswered_counts() {
    let c = catalog_with(Some("fixed + a >= 5"), ONCE_100);
    assert_eq!(suggestions(&c, json!({ "fixed": 0, "a": 1 })), one("a 1 -> 5"));
    let c = catalog_with(Some("fixed >= 5"), ONCE_100);
    assert!(suggestions(&c, json!({ "fixed": 1 })).is_empty());
    // False through `a`, but `b` is unanswered: it is asked, not raised
    // from nothing, so there is no suggestion.
    let c = catalog_with(Some("a >= 3 and b >= 3"), ONCE_100);
    assert!(suggestions(&c, json!({ "a": 1 })).is_empty());
    assert_eq!(suggestions(&c, json!({ "a": 1, "b": 0 })), vec![vec!["a 1 -> 3".to_string(), "b 0 -> 3".into()]]);
}

/// With the same answers, `reached` gives the one suggestion `change` and
/// `out_of_reach` gives none.
#[track_caller]
fn reached_and_not(reached: &str, out_of_reach: &str, answers: serde_json::Value, change: &str) {
    let reached = catalog_with(Some(reached), ONCE_100);
    assert_eq!(suggestions(&reached, answers.clone()), one(change));
    let out_of_reach = catalog_with(Some(out_of_reach), ONCE_100);
    assert!(suggestions(&out_of_reach, answers).is_empty());
}

#[test]
fn a_threshold_at_the_facts_max_is_reached_and_one_beyond_it_is_not() {
    reached_and_not("a >= 10", "a >= 11", json!({ "a": 4 }), "a 4 -> 10");
}

#[test]
fn the_search_reaches_a_step_near_its_limit_and_gives_up_past_it() {
    // MAX_STEP is 2^20 = 1,048,576; the exponential search ends on it.
    reached_and_not("b >= 1000000", "b >= 2000000", json!({ "b": 0 }), "b 0 -> 1000000");
}

#[test]
fn not_flag_is_cleared_and_a_negated_comparison_is_raised() {
    let c = catalog_with(Some("not blocked"), ONCE_100);
    assert_eq!(suggestions(&c, json!({ "blocked": true })), one("blocked true -> false"));
    let c = catalog_with(Some("not (a < 5)"), ONCE_100);
    assert_eq!(suggestions(&c, json!({ "a": 2 })), one("a 2 -> 5"));
    let c = catalog_with(Some("not (a <= 5)"), ONCE_100);
    assert_eq!(suggestions(&c, json!({ "a": 2 })), one("a 2 -> 6"));
}

#[test]
fn a_flag_is_set_but_an_unchangeable_one_is_not() {
    let c = catalog_with(Some("flag"), ONCE_100);
    assert_eq!(suggestions(&c, json!({ "flag": false })), one("flag false -> true"));
    assert_eq!(suggestions(&c, json!({})).len(), 0, "unanswered is undetermined, not ineligible");
    let c = catalog_with(Some("locked"), ONCE_100);
    assert!(suggestions(&c, json!({ "locked": false })).is_empty());
    let c = catalog_with(Some("not locked"), ONCE_100);
    assert!(suggestions(&c, json!({ "locked": true })).is_empty());
}

#[test]
fn a_conjunction_gets_one_change_per_false_part() {
    let c = catalog_with(Some("flag and a >= 3 and not blocked"), ONCE_100);
    let got = suggestions(&c, json!({ "flag": false, "a": 1, "blocked": true }));
    assert_eq!(got, vec![vec!["flag false -> true".to_string(), "a 1 -> 3".into(), "blocked true -> false".into()]]);
    // One part out of reach: no partial advice.
    let c = catalog_with(Some("flag and locked"), ONCE_100);
    assert!(suggestions(&c, json!({ "flag": false, "locked": false })).is_empty());
}

#[test]
fn an_amount_is_raised_only_through_changeable_counts() {
    let amount = r#"{ kind = "exact", value = "10 * fixed + 10 * d + 10 * a", period = "once" }"#;
    let c = catalog_with(None, amount);
    assert_eq!(suggestions(&c, json!({ "fixed": 3, "d": "1.5", "a": 2 })), one("a 2 -> 3"));
    assert!(suggestions(&c, json!({ "fixed": 3, "d": "1.5", "a": 10 })).is_empty(), "a is at its max");
}

#[test]
fn an_amount_that_does_not_grow_gets_no_suggestion() {
    let amount = r#"{ kind = "exact", value = "if a >= 5 then 100 else 50", period = "once" }"#;
    let c = catalog_with(None, amount);
    assert!(suggestions(&c, json!({ "a": 2 })).is_empty());
    assert_eq!(suggestions(&c, json!({ "a": 4 })), one("a 4 -> 5"));
    // A fixed amount has nothing to raise; neither has an undetermined one.
    let c = catalog_with(None, ONCE_100);
    assert!(suggestions(&c, json!({})).is_empty());
}
