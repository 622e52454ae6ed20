//! Answers checked against the vocabulary (`Vocabulary::parse_answer`,
//! `check_answer`, `Facts`): each type, each bound, each message, on the
//! small test catalog (`a` integer 0..=10, `d` decimal 0..=1000 in fen,
//! `flag` yes/no, `role` employer or worker). The real vocabulary's answers are pinned
//! through the CLI (`tests/cli.rs`) and the cases.

// A test stops at the first surprise: the workspace's no-panic lints are for
// the product's code (Cargo.toml, [workspace.lints]).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

mod test_catalog;

use policycalc_core::error::InputError;
use policycalc_core::expr::{Ty, Value};
use policycalc_core::vocab::{Facts, RawAnswer, Vocabulary};
use policycalc_core::Catalog;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

fn catalog() -> Catalog {
    test_catalog::catalog(&[test_catalog::provision("p", Some("a >= 1"), r#"{ kind = "exact", value = "100", period = "once" }"#)])
}

fn num(text: &str) -> RawAnswer {
    RawAnswer::Number(text.into())
}

fn text(t: &str) -> RawAnswer {
    RawAnswer::Text(t.into())
}

/// The answer to `fact`, or the one-line message refusing it.
fn answer(vocab: &Vocabulary, fact: &str, raw: RawAnswer) -> Result<Value, String> {
    vocab.parse_answer(vocab.fact_id(fact).unwrap(), &raw).map_err(|e| e.to_string())
}

fn n(text: &str) -> Result<Value, String> {
    Ok(Value::Num(text.parse::<Decimal>().unwrap()))
}

#[test]
fn a_count_is_whole_and_within_its_bounds() {
    let c = catalog();
    let v = &c.vocab;
    assert_eq!(answer(v, "a", num("3")), n("3"));
    assert_eq!(answer(v, "a", text(" 4 ")), n("4"), "a number as text, trimmed");
    assert_eq!(answer(v, "a", num("0")), n("0"), "the minimum itself");
    assert_eq!(answer(v, "a", num("10")), n("10"), "the maximum itself");
    assert_eq!(answer(v, "a", num("3.0")), n("3"), "a whole number written with a fraction");
    assert_eq!(answer(v, "a", num("11")), Err("fact `a`: value 11: must be at most 10".into()));
    assert_eq!(answer(v, "a", num("-1")), Err("fact `a`: value -1: must be at least 0".into()));
    assert_eq!(answer(v, "a", num("3.5")), Err("fact `a`: value 3.5: expected a whole number".into()));
    assert_eq!(answer(v, "a", RawAnswer::Bool(true)), Err("fact `a`: value true: expected a number".into()));
}

#[test]
fn a_number_that_does_not_parse_is_told_why() {
    let c = catalog();
    let v = &c.vocab;
    let too_long = "too large or too many digits to hold exactly (at most 28 significant digits)";
    assert_eq!(answer(v, "a", num("123456789012345678901234567890")), Err(format!("fact `a`: value 123456789012345678901234567890: {too_long}")));
    assert_eq!(answer(v, "a", num("-123456789012345678901234567890")), Err(format!("fact `a`: value -123456789012345678901234567890: {too_long}")));
    assert_eq!(answer(v, "a", num("1.2.3")), Err(format!("fact `a`: value 1.2.3: {too_long}")));
    assert_eq!(answer(v, "a", num("1e3")), Err("fact `a`: value 1e3: write the number in digits, without an exponent".into()));
    assert_eq!(answer(v, "a", text("three")), Err("fact `a`: value \"three\": not a number".into()));
    assert_eq!(answer(v, "a", text("")), Err("fact `a`: value \"\": not a number".into()));
    assert_eq!(answer(v, "a", text("1 000")), Err("fact `a`: value \"1 000\": not a number".into()));
    assert_eq!(answer(v, "a", text("1,5")), Err("fact `a`: value \"1,5\": not a number".into()));
}

#[test]
fn a_decimal_amount_has_at_most_two_places() {
    let c = catalog();
    let v = &c.vocab;
    assert_eq!(answer(v, "d", num("12.34")), n("12.34"));
    assert_eq!(answer(v, "d", num("12.30")), n("12.3"));
    assert_eq!(answer(v, "d", num("1000")), n("1000"));
    assert_eq!(answer(v, "d", num("12.345")), Err("fact `d`: value 12.345: at most two decimal places (fen)".into()));
    assert_eq!(answer(v, "d", num("1000.01")), Err("fact `d`: value 1000.01: must be at most 1000".into()));
}

#[test]
fn yes_no_and_listed_values_take_only_their_kind() {
    let c = catalog();
    let v = &c.vocab;
    assert_eq!(answer(v, "flag", RawAnswer::Bool(false)), Ok(Value::Bool(false)));
    assert_eq!(answer(v, "flag", text("true")), Err("fact `flag`: value \"true\": expected true or false".into()));
    assert_eq!(answer(v, "role", text("employer")), Ok(Value::Sym(0)));
    assert_eq!(answer(v, "role", text("worker")), Ok(Value::Sym(1)));
    assert_eq!(answer(v, "role", text("firm")), Err("fact `role`: value \"firm\": expected one of employer, worker".into()));
    assert_eq!(answer(v, "role", num("0")), Err("fact `role`: value 0: expected one of the listed values as a string".into()));
}

#[test]
fn the_browser_check_names_an_unknown_fact_or_the_edge_problem() {
    let c = catalog();
    let v = &c.vocab;
    assert_eq!(v.check_answer("a", Ok(num("2"))), Ok(Value::Num(Decimal::TWO)));
    assert_eq!(v.check_answer("flagg", Ok(RawAnswer::Bool(true))), Err(InputError::UnknownFact { name: "flagg".into(), suggestion: Some("flag".into()) }));
    assert_eq!(
        v.check_answer("a", Err("not a finite number".into())),
        Err(InputError::BadValue { fact: "a".into(), value: String::new(), problem: "not a finite number".into() })
    );
}

#[test]
fn the_vocabulary_finds_facts_roles_and_types_by_name() {
    let c = catalog();
    let v = &c.vocab;
    let a = v.fact_id("a").unwrap();
    assert_eq!(v.fact(a).id, "a");
    assert_eq!(v.fact_id("b").map(|b| v.fact(b).id.as_str()), Some("b"));
    assert_eq!(v.fact_id("nope"), None);
    assert_eq!(v.role_id("employer"), Some(0));
    assert_eq!(v.role_id("worker"), Some(1));
    assert_eq!(v.role_id("firm"), None);
    assert_eq!(v.roles().iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["employer", "worker"]);
    assert!(!v.is_judged(a));
    let ty = |name: &str| v.fact_ty(v.fact_id(name).unwrap());
    assert_eq!((ty("a"), ty("d"), ty("flag")), (Ty::Num, Ty::Num, Ty::Bool));
    assert_eq!(ty("role"), Ty::Enum(v.role_fact));
    // An id no vocabulary handed out reads as an unnamed fact.
    assert_eq!(v.fact(999).id, "");
}

#[test]
fn answers_read_from_json_keep_nulls_unanswered_and_write_back_canonically() {
    let c = catalog();
    let v = &c.vocab;
    let facts = Facts::from_json_text(v, r#"{ "role": "employer", "a": 3.0, "d": "12.50", "flag": true, "b": null }"#).unwrap();
    let answered: Vec<(String, Value)> = facts.answered().map(|(f, value)| (v.fact(f).id.clone(), value)).collect();
    assert_eq!(answered.len(), 4, "{answered:?}");
    assert_eq!(facts.get(v.fact_id("b").unwrap()), None);
    assert_eq!(facts.get(v.fact_id("a").unwrap()), Some(Value::Num(Decimal::from(3))));
    let back = facts.to_answers(v);
    let want: BTreeMap<String, RawAnswer> = [
        ("role".to_string(), text("employer")),
        ("a".to_string(), num("3")),
        ("d".to_string(), num("12.5")),
        ("flag".to_string(), RawAnswer::Bool(true)),
    ]
    .into_iter()
    .collect();
    assert_eq!(back, want);
    assert_eq!(v.format_value(v.fact_id("role").unwrap(), Value::Sym(0)), "employer");
    assert_eq!(v.format_value(v.fact_id("a").unwrap(), Value::Num(Decimal::new(500, 2))), "5");
    assert_eq!(v.format_value(v.fact_id("flag").unwrap(), Value::Bool(false)), "false");
}

#[test]
fn facts_text_that_is_not_an_object_of_known_facts_is_refused() {
    let c = catalog();
    let v = &c.vocab;
    assert_eq!(Facts::from_json_text(v, "  \n"), Ok(Facts::empty(v)));
    assert_eq!(Facts::from_json_text(v, "[1]"), Err(InputError::NotAnObject { found: "an array".into() }));
    assert!(matches!(Facts::from_json_text(v, "{"), Err(InputError::Malformed { .. })));
    assert_eq!(
        Facts::from_json_text(v, r#"{ "a": 99 }"#).map_err(|e| e.to_string()),
        Err("fact `a`: value 99: must be at most 10".into())
    );
    assert_eq!(
        Facts::from_json_text(v, r#"{ "blockedd": true }"#),
        Err(InputError::UnknownFact { name: "blockedd".into(), suggestion: Some("blocked".into()) })
    );
}

#[test]
fn set_and_get_answer_one_fact_and_an_unknown_id_is_ignored() {
    let c = catalog();
    let v = &c.vocab;
    let mut facts = Facts::empty(v);
    let flag = v.fact_id("flag").unwrap();
    facts.set(flag, Some(Value::Bool(true)));
    assert_eq!(facts.get(flag), Some(Value::Bool(true)));
    facts.set(999, Some(Value::Bool(true)));
    assert_eq!(facts.get(999), None);
    assert_eq!(facts.answered().count(), 1);
    facts.set(flag, None);
    assert_eq!(facts.answered().count(), 0);
    // The same answers through the test seam (role added), for the one provision.
    let facts = test_catalog::facts(v, serde_json::json!({ "flag": true }));
    assert_eq!((facts.get(flag), facts.answered().count()), (Some(Value::Bool(true)), 2));
    assert_eq!(test_catalog::region(&c).provisions.len(), 1);
}

/// The test catalog with one constraint: `fixed` at most `b`.
fn constrained() -> Catalog {
    let constraint = r#"
[[constraints]]
fact = "fixed"
at_most = "b"
message = { zh-Hans = "定不能多于乙", en = "fixed cannot outnumber b" }
"#;
    test_catalog::catalog_with_vocabulary(constraint, &[test_catalog::provision("p", Some("b >= 1"), r#"{ kind = "exact", value = "100", period = "once" }"#)])
}

#[test]
fn answers_that_break_a_constraint_are_refused_naming_both() {
    let c = constrained();
    let v = &c.vocab;
    let broken = Facts::from_json_text(v, r#"{ "fixed": 5, "b": 4 }"#);
    let want = |at_other: bool| InputError::Contradiction {
        at_other,
        fact: "fixed".into(),
        value: "5".into(),
        relation: policycalc_core::vocab::Relation::AtMost,
        other: "b".into(),
        other_value: "4".into(),
        message: "fixed cannot outnumber b".into(),
    };
    assert_eq!(broken, Err(want(false)));
    assert_eq!(
        broken.unwrap_err().to_string(),
        "facts contradict each other: `fixed` = 5 must be at most `b` = 4 (fixed cannot outnumber b)"
    );
    // Answer by answer (the browser), the error is shown at the fact just given.
    let each = Facts::each_answer(v, [("fixed", &num("5")), ("b", &num("4"))]).unwrap();
    let (fixed, b) = (v.fact_id("fixed").unwrap(), v.fact_id("b").unwrap());
    assert_eq!(v.check_constraints(&each, Some(b)), Err(want(true)));
    assert_eq!(v.check_constraints(&each, Some(fixed)), Err(want(false)));
    assert_eq!(v.check_constraints(&each, None), Err(want(false)));
    // At the bound, or with one of the two unanswered, nothing is broken.
    assert!(Facts::from_json_text(v, r#"{ "fixed": 4, "b": 4 }"#).is_ok());
    assert!(Facts::from_json_text(v, r#"{ "fixed": 5 }"#).is_ok());
    assert!(Facts::from_json_text(v, r#"{ "b": 0 }"#).is_ok());
    assert_eq!(v.constraints[0].broken_by(&each), Some((Value::Num(Decimal::from(5)), Value::Num(Decimal::from(4)))));
}
