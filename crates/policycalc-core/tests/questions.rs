//! The interview's choice of the next question and its exploration
//! (`interview_stats`), on small catalogs whose answers are counted by hand;
//! the real packs' interviews are walked in `tests/interview.rs`.

// A test stops at the first surprise: the workspace's no-panic lints are for
// the product's code (Cargo.toml, [workspace.lints]).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

mod test_catalog;

use policycalc_core::date::Date;
use policycalc_core::expr::FactSet;
use policycalc_core::interview::{self, Question};
use policycalc_core::vocab::Facts;
use policycalc_core::Catalog;
use rust_decimal::Decimal;
use serde_json::json;
use test_catalog::provision;

const ONCE_100: &str = r#"{ kind = "exact", value = "100", period = "once" }"#;

fn as_of() -> Date {
    Date::parse("2025-01-01").unwrap()
}

/// One provision per condition, `p0`, `p1`, ...
fn catalog_of(conditions: &[&str]) -> Catalog {
    let provisions: Vec<String> = conditions.iter().enumerate().map(|(i, w)| provision(&format!("p{i}"), Some(w), ONCE_100)).collect();
    test_catalog::catalog(&provisions)
}

/// The next question as (fact, open provisions it bears on, all open).
fn next(catalog: &Catalog, answers: serde_json::Value, skipped: &[&str]) -> Option<(String, usize, usize)> {
    let vocab = &catalog.vocab;
    let facts = test_catalog::facts(vocab, answers);
    let mut skip = FactSet::default();
    for name in skipped {
        skip.insert(vocab.fact_id(name).unwrap());
    }
    let q = interview::next_question_skipping(vocab, test_catalog::region(catalog), &facts, as_of(), &skip)?;
    Some((vocab.fact(q.fact).id.clone(), q.open_provisions, q.total_open))
}

fn q(fact: &str, bears: usize, open: usize) -> Option<(String, usize, usize)> {
    Some((fact.to_string(), bears, open))
}

#[test]
fn the_fact_bearing_on_the_most_open_provisions_is_asked_first() {
    // `b` settles two provisions, `a` one: `b` first though `a` comes first in the vocabulary.
    let c = catalog_of(&["a >= 1", "b >= 1", "b >= 2"]);
    assert_eq!(next(&c, json!({}), &[]), q("b", 2, 3));
    // `a` bears on two, `b` on one: `a`, whichever is later.
    let c = catalog_of(&["b >= 1", "a >= 1", "a >= 2"]);
    assert_eq!(next(&c, json!({}), &[]), q("a", 2, 3));
}

#[test]
fn a_tie_goes_to_vocabulary_order() {
    let c = catalog_of(&["b >= 1", "a >= 1"]);
    assert_eq!(next(&c, json!({}), &[]), q("a", 1, 2));
}

#[test]
fn answered_and_settled_provisions_are_not_open() {
    let c = catalog_of(&["a >= 1", "b >= 1", "b >= 2"]);
    // b = 5 settles both of b's provisions: only a's is open.
    assert_eq!(next(&c, json!({ "b": 5 }), &[]), q("a", 1, 1));
    // Everything answered: no question.
    assert_eq!(next(&c, json!({ "a": 0, "b": 0 }), &[]), None);
}

#[test]
fn a_skipped_fact_is_not_asked_again() {
    let c = catalog_of(&["a >= 1", "b >= 1", "b >= 2"]);
    assert_eq!(next(&c, json!({}), &["b"]), q("a", 1, 3));
    assert_eq!(next(&c, json!({}), &["a", "b"]), None);
}

#[test]
fn with_the_role_unknown_the_role_comes_first_for_every_provision() {
    let c = catalog_of(&["a >= 1", "b >= 1", "flag"]);
    let (vocab, region) = (&c.vocab, test_catalog::region(&c));
    let q = interview::next_question(vocab, region, &Facts::empty(vocab), as_of());
    assert_eq!(q, Some(Question { fact: vocab.role_fact, open_provisions: 3, total_open: 3 }));
}

#[test]
fn next_from_an_evaluation_is_the_same_question() {
    let c = catalog_of(&["a >= 1", "b >= 1", "b >= 2"]);
    let (vocab, region) = (&c.vocab, test_catalog::region(&c));
    let facts = test_catalog::facts(vocab, json!({}));
    let evaluation = policycalc_core::engine::evaluate(vocab, region, &facts, as_of());
    let q = interview::next_from(vocab, region, &facts, &evaluation).unwrap();
    assert_eq!((vocab.fact(q.fact).id.as_str(), q.open_provisions, q.total_open), ("b", 2, 3));
}

/// `interview_stats` for the only role (employer).
fn stats(catalog: &Catalog) -> interview::InterviewStats {
    interview::interview_stats(&catalog.vocab, test_catalog::region(catalog), 0, as_of())
}

#[test]
fn the_exploration_answers_each_count_below_and_at_its_thresholds() {
    // `a >= 3` samples a = 2 and 3, besides 0 and 1 always.
    let s = stats(&catalog_of(&["a >= 3"]));
    assert_eq!((s.role.as_str(), s.interviews, s.max_questions, s.exhaustive), ("employer", 4, 1, true));
    assert_eq!(s.mean_questions.to_string(), "1.00");
    assert!(s.stuck.is_empty());
    // `a > 1` and `a <= 1` sample 1 and 2 (not 0 and 1): three answers.
    assert_eq!(stats(&catalog_of(&["a > 1"])).interviews, 3);
    assert_eq!(stats(&catalog_of(&["a <= 1"])).interviews, 3);
    assert_eq!(stats(&catalog_of(&["a >= 1"])).interviews, 2);
}

#[test]
fn each_path_counts_its_own_questions() {
    // a first (vocabulary order); a >= 1 settles it, a = 0 then asks b:
    // paths a=0,b=0 / a=0,b=1 (2 questions) and a=1 (1 question).
    let s = stats(&catalog_of(&["a >= 1 or b >= 1"]));
    assert_eq!((s.interviews, s.max_questions), (3, 2));
    assert_eq!(s.mean_questions, Decimal::new(167, 2));
}

#[test]
fn a_flag_is_answered_both_ways() {
    let s = stats(&catalog_of(&["flag and blocked"]));
    // flag false ends it; flag true asks blocked (true or false).
    assert_eq!((s.interviews, s.max_questions), (3, 2));
}

#[test]
fn an_exploration_past_its_budget_says_it_is_not_exhaustive() {
    // Independent provisions, each asked. Each threshold k samples k - 1 and
    // k (with 0 and 1): 11 answers of `a` (0 to 10), 62 of `b`, 42 of
    // `fixed`, two of each flag: 11 x 62 x 42 x 8 paths, above the budget of
    // 200,000 interviews.
    let many = |fact: &str, step: u32, n: u32| (1..=n).map(|k| format!("{fact} >= {}", k * step)).collect::<Vec<_>>().join(" or ");
    let (a, b, fixed) = (many("a", 2, 5), many("b", 10, 30), many("fixed", 5, 20));
    let c = catalog_of(&[a.as_str(), b.as_str(), fixed.as_str(), "flag", "blocked", "locked"]);
    let s = stats(&c);
    assert!(!s.exhaustive, "{} interviews", s.interviews);
    assert_eq!(s.interviews, 200_000);
}

/// Two facts after the test catalog's: `approved`, judged by a bureau (never
/// asked), and `w`, asked of workers only.
fn judged_and_workers() -> String {
    let judged = "judged_by = { zh-Hans = \"测试局\", en = \"the test bureau\" }\n";
    test_catalog::fact("approved", "bool", Some("employer"), judged, "认定", "Approved") + &test_catalog::fact("w", "integer", Some("worker"), "min = 0\n", "工", "W")
}

/// One provision per condition, for employers and workers.
fn catalog_with_extra_facts(conditions: &[&str]) -> Catalog {
    let provisions: Vec<String> = conditions
        .iter()
        .enumerate()
        .map(|(i, w)| provision(&format!("p{i}"), Some(w), ONCE_100).replace(r#"roles = ["employer"]"#, r#"roles = ["employer", "worker"]"#))
        .collect();
    test_catalog::catalog_with_vocabulary(&judged_and_workers(), &provisions)
}

#[test]
fn a_judged_fact_is_never_asked_even_where_it_bears_most() {
    // `approved` is open in both provisions, `a` and `b` in one each.
    let c = catalog_with_extra_facts(&["approved and a >= 1", "approved and b >= 1"]);
    assert_eq!(next(&c, json!({}), &[]), q("a", 1, 2));
    assert_eq!(next(&c, json!({ "a": 1, "b": 1 }), &[]), None, "left open: eligible if approved");
}

#[test]
fn a_fact_not_asked_of_the_role_is_never_asked() {
    // `w` is open in both provisions for an employer too (a rule that does
    // not settle without it), but only workers are asked it.
    let c = catalog_with_extra_facts(&["w >= 1 and a >= 1", "w >= 2 and b >= 1"]);
    assert_eq!(next(&c, json!({}), &[]), q("a", 1, 2));
}

#[test]
fn a_date_is_answered_years_and_months_before_the_day_and_months_after() {
    // Dates are sampled 5 years, 18 months and 1 month before the as-of day
    // and 6 months after: three before it, one after. `left` settles both
    // provisions, so it is asked first; a date before the day leaves both
    // open (then `a`, then `b`: 4 paths each), the one after settles them.
    let left = r#"
[[facts]]
id = "left"
type = "date"
roles = ["employer"]
label = { zh-Hans = "离", en = "Left" }
question = { zh-Hans = "离？", en = "Left?" }
help = { zh-Hans = "测试。", en = "Test." }
"#;
    let provisions = [provision("p0", Some("left < as_of and a >= 1"), ONCE_100), provision("p1", Some("left < as_of and b >= 1"), ONCE_100)];
    let c = test_catalog::catalog_with_vocabulary(left, &provisions);
    let s = stats(&c);
    assert_eq!((s.interviews, s.max_questions), (3 * 4 + 1, 3));
}
