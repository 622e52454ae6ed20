//! Extreme inputs through the CLI (`evaluate`), the CSV batch and a pack with
//! absurd figures: huge and negative counts, 28- and 29-digit decimals,
//! Decimal::MAX and beyond, exponents, far and impossible dates, megabyte
//! strings. Each gives a typed error naming the field and the value, or a
//! correct result: never a panic, never a wrapped or saturated number.

// A test stops at the first surprise: the workspace's no-panic lints are for
// the product's code (Cargo.toml, [workspace.lints]).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use policycalc_batch::{Batch, BatchOptions};
use policycalc_packs::FileJson;
use policycalc_core::{engine, Catalog, Date, Facts, Lang};

#[path = "support/cli.rs"]
mod cli_support;
use cli_support::{run, Run};

fn evaluate(region: &str, as_of: &str, facts: &str) -> Run {
    run(&["evaluate", "--region", region, "--as-of", as_of, "--lang", "en"], facts)
}

enum Expect {
    /// Exit 2, one line on stderr containing every part.
    Rejected(&'static [&'static str]),
    /// Exit 0 and a report; the named provision's amount, when given.
    Accepted(Option<(&'static str, &'static str)>),
}
use Expect::{Accepted, Rejected};

const EMPLOYER: &str = r#""role": "employer""#;

/// (what, region, as-of, answers without braces, expected)
const EVALUATE: &[(&str, &str, &str, &str, Expect)] = &[
    ("u64::MAX count", "bayannur", "2025-01-01", r#""role": "employer", "interns": 18446744073709551615"#, Rejected(&["`interns`", "18446744073709551615", "at most 100000"])),
    ("i64::MIN count", "bayannur", "2025-01-01", r#""role": "employer", "interns": -9223372036854775808"#, Rejected(&["`interns`", "-9223372036854775808", "at least 0"])),
    ("-1 count", "bayannur", "2025-01-01", r#""role": "employer", "interns": -1"#, Rejected(&["`interns`", "-1", "at least 0"])),
    ("1e30 count", "bayannur", "2025-01-01", r#""role": "employer", "interns": 1e30"#, Rejected(&["`interns`", "1e+30", "without an exponent"])),
    ("1e308 count", "bayannur", "2025-01-01", r#""role": "employer", "interns": 1e308"#, Rejected(&["`interns`", "without an exponent"])),
    // recognised by shape (no float parser in the wasm module): any exponent form, even past f64
    ("exponent as text", "bayannur", "2025-01-01", r#""role": "employer", "interns": "2.5E+3""#, Rejected(&["`interns`", "2.5E+3", "without an exponent"])),
    ("exponent past f64", "bayannur", "2025-01-01", r#""role": "employer", "interns": "1e400""#, Rejected(&["`interns`", "1e400", "without an exponent"])),
    ("an e without digits", "bayannur", "2025-01-01", r#""role": "employer", "interns": "e5""#, Rejected(&["`interns`", "e5", "not a number"])),
    ("fractional count", "bayannur", "2025-01-01", r#""role": "employer", "interns": 1.5"#, Rejected(&["`interns`", "1.5", "whole number"])),
    ("-0 count", "bayannur", "2025-01-01", r#""role": "employer", "interns": -0, "interns_retained": 0"#, Accepted(None)),
    ("28-digit count", "bayannur", "2025-01-01", r#""role": "employer", "interns": "1234567890123456789012345678""#, Rejected(&["`interns`", "1234567890123456789012345678", "at most 100000"])),
    // 29 digits below Decimal::MAX still parse exactly; then the bound applies.
    ("29-digit count", "bayannur", "2025-01-01", r#""role": "employer", "interns": "12345678901234567890123456789""#, Rejected(&["`interns`", "12345678901234567890123456789", "at most 100000"])),
    ("30-digit count", "bayannur", "2025-01-01", r#""role": "employer", "interns": "123456789012345678901234567890""#, Rejected(&["`interns`", "123456789012345678901234567890", "at most 28"])),
    ("Decimal::MAX count", "bayannur", "2025-01-01", r#""role": "employer", "interns": 79228162514264337593543950335"#, Rejected(&["`interns`", "79228162514264337593543950335", "at most 100000"])),
    ("Decimal::MAX + 1 count", "bayannur", "2025-01-01", r#""role": "employer", "interns": 79228162514264337593543950336"#, Rejected(&["`interns`", "79228162514264337593543950336", "at most 28"])),
    ("28 decimals", "bayannur", "2025-01-01", r#""role": "employer", "interns": 0.0000000000000000000000000001"#, Rejected(&["`interns`", "whole number"])),
    ("count as an array", "bayannur", "2025-01-01", r#""role": "employer", "interns": [1]"#, Rejected(&["`interns`", "[1]"])),
    ("count as an object", "bayannur", "2025-01-01", r#""role": "employer", "interns": {"n": 1}"#, Rejected(&["`interns`", "not a number"])),
    ("count as a boolean", "bayannur", "2025-01-01", r#""role": "employer", "interns": true"#, Rejected(&["`interns`", "true", "expected a number"])),
    ("largest allowed count", "bayannur", "2025-01-01", r#""role": "employer", "interns": 100000, "interns_retained": 0"#, Accepted(Some(("bayannur.internship-subsidy", "158900000.00")))),
    ("amount at its maximum", "qingdao-chengyang", "2025-01-01", r#""role": "employer", "employer_si_contribution_monthly": 1000000"#, Accepted(None)),
    ("amount with 3 decimals", "qingdao-chengyang", "2025-01-01", r#""role": "employer", "employer_si_contribution_monthly": "0.001""#, Rejected(&["`employer_si_contribution_monthly`", "0.001", "two decimal places"])),
    ("amount with 28 digits", "qingdao-chengyang", "2025-01-01", r#""role": "employer", "employer_si_contribution_monthly": "7922816251426433759354395033.5""#, Rejected(&["`employer_si_contribution_monthly`", "at most 1000000"])),
    ("date 0001-01-01", "liaoning", "2025-01-01", r#""role": "graduate", "graduation_date": "0001-01-01""#, Rejected(&["`graduation_date`", "0001-01-01", "between 1900 and 2200"])),
    ("date 9999-12-31", "liaoning", "2025-01-01", r#""role": "graduate", "graduation_date": "9999-12-31""#, Rejected(&["`graduation_date`", "9999-12-31"])),
    ("date 10000-01-01", "liaoning", "2025-01-01", r#""role": "graduate", "graduation_date": "10000-01-01""#, Rejected(&["`graduation_date`", "10000-01-01"])),
    ("date 2025-02-29", "liaoning", "2025-01-01", r#""role": "graduate", "graduation_date": "2025-02-29""#, Rejected(&["`graduation_date`", "2025-02-29"])),
    ("date 2024-02-29", "liaoning", "2025-01-01", r#""role": "graduate", "graduation_date": "2024-02-29""#, Accepted(None)),
    ("date as a number", "liaoning", "2025-01-01", r#""role": "graduate", "graduation_date": 20240229"#, Rejected(&["`graduation_date`", "20240229"])),
    ("graduation at the end of the span, as-of at its start", "liaoning", "1900-01-01", r#""role": "graduate", "graduation_date": "2200-12-31""#, Accepted(None)),
    ("graduation at the start, as-of at the end", "liaoning", "2200-12-31", r#""role": "graduate", "graduation_date": "1900-01-01""#, Accepted(None)),
    ("as-of 0001-01-01", "bayannur", "0001-01-01", EMPLOYER, Rejected(&["--as-of", "0001-01-01"])),
    ("as-of 9999-12-31", "bayannur", "9999-12-31", EMPLOYER, Rejected(&["--as-of", "9999-12-31"])),
    ("as-of 10000-01-01", "bayannur", "10000-01-01", EMPLOYER, Rejected(&["--as-of", "10000-01-01"])),
    ("as-of 2025-02-29", "bayannur", "2025-02-29", EMPLOYER, Rejected(&["--as-of", "2025-02-29"])),
    ("as-of 2024-02-29", "bayannur", "2024-02-29", EMPLOYER, Accepted(None)),
    ("unknown enum value", "bayannur", "2025-01-01", r#""role": "boss""#, Rejected(&["`role`", "boss", "expected one of"])),
];

#[test]
fn extreme_answers_to_evaluate_are_typed_errors_or_correct_results() {
    let mut wrong = Vec::new();
    for (what, region, as_of, answers, expect) in EVALUATE {
        let out = evaluate(region, as_of, &format!("{{{answers}}}"));
        if out.stderr.contains("panicked") || out.code == Some(101) {
            wrong.push(format!("{what}: panicked: {}", out.stderr));
            continue;
        }
        match expect {
            Rejected(parts) => {
                let line = out.stderr.trim_end();
                let ok = out.code == Some(2) && out.stdout.is_empty() && !line.contains('\n') && parts.iter().all(|p| line.contains(p));
                if !ok {
                    wrong.push(format!("{what}: expected exit 2 naming {parts:?}; got {:?}: {line}", out.code));
                }
            }
            Accepted(amount) => {
                let report: serde_json::Value = match (out.code, serde_json::from_str(&out.stdout)) {
                    (Some(0), Ok(v)) => v,
                    _ => {
                        wrong.push(format!("{what}: expected a report; got {:?}: {}", out.code, out.stderr));
                        continue;
                    }
                };
                let benefits = report["benefits"].as_array().cloned().unwrap_or_default();
                if let Some(b) = benefits.iter().find(|b| !b["error"].is_null()) {
                    wrong.push(format!("{what}: {} failed: {}", b["id"], b["error"]));
                }
                if let Some((id, max)) = amount {
                    let got = benefits.iter().find(|b| b["id"] == *id).map(|b| b["amount"]["max"].clone());
                    if got != Some(serde_json::Value::String(max.to_string())) {
                        wrong.push(format!("{what}: {id} amount {got:?}, expected {max}"));
                    }
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_megabyte_fact_name_or_value_is_one_short_error_line() {
    let huge = "x".repeat(1 << 20);
    for answers in [format!(r#"{{"{huge}": 1}}"#), format!(r#"{{"role": "{huge}"}}"#), format!(r#"{{"role": "graduate", "graduation_date": "{huge}"}}"#)] {
        let out = evaluate("liaoning", "2025-01-01", &answers);
        assert_eq!(out.code, Some(2), "{}", &out.stderr[..out.stderr.len().min(300)]);
        assert!(out.stderr.len() < 400 && out.stderr.contains("xxx…"), "{}", &out.stderr[..out.stderr.len().min(300)]);
    }
}

// ------------------------------------------------------------------ batch

#[test]
fn extreme_batch_cells_are_row_errors_naming_line_column_and_value() {
    let catalog = policycalc_catalog::embedded().expect("catalog");
    let options = BatchOptions { region: Some("bayannur".into()), as_of: Date::parse("2025-01-01"), lang: Lang::En, detailed: true };
    let mut batch = Batch::new(&catalog, options).expect("options");
    // (interns cell, as_of cell, what the row error must name; empty: no error)
    let rows: &[(&str, &str, &[&str])] = &[
        ("18446744073709551615", "", &["row 2", "interns", "18446744073709551615"]),
        ("-9223372036854775808", "", &["row 3", "interns", "at least 0"]),
        ("1e30", "", &["row 4", "interns", "1e30"]),
        ("-1", "", &["row 5", "interns", "-1"]),
        ("1234567890123456789012345678", "", &["row 6", "interns"]),
        ("12345678901234567890123456789", "", &["row 7", "interns"]),
        ("79228162514264337593543950335", "", &["row 8", "interns"]),
        ("79228162514264337593543950336", "", &["row 9", "interns"]),
        ("3", "0001-01-01", &["row 10", "as_of", "0001-01-01"]),
        ("3", "9999-12-31", &["row 11", "as_of", "9999-12-31"]),
        ("3", "10000-01-01", &["row 12", "as_of", "10000-01-01"]),
        ("3", "2025-02-29", &["row 13", "as_of", "2025-02-29"]),
        ("3", "2024-02-29", &[]),
        ("100000", "2200-12-31", &[]),
    ];
    let mut csv = String::from("role,interns,interns_retained,as_of\r\n");
    for (interns, as_of, _) in rows {
        csv.push_str(&format!("employer,{interns},0,{as_of}\r\n"));
    }
    let mut out = String::new();
    batch.push(&catalog, &csv, &mut out).expect("header is fine");
    batch.finish(&catalog, &mut out).expect("finish");
    let messages: Vec<String> = batch.errors().iter().map(|e| e.message(Lang::En)).collect();
    for (_, _, parts) in rows.iter().filter(|r| !r.2.is_empty()) {
        assert!(messages.iter().any(|m| parts.iter().all(|p| m.contains(p))), "no error naming {parts:?} in {messages:#?}");
    }
    assert_eq!(messages.len(), rows.iter().filter(|r| !r.2.is_empty()).count(), "{messages:#?}");
    assert_eq!(batch.stats().computed, 2);
}

// ------------------------------------------------------------------ absurd packs

/// The valid test pack with the minimum wage set to `wage`.
fn catalog_with_wage(wage: &str) -> Catalog {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/packs/cases/valid.toml");
    let text = std::fs::read_to_string(path).expect("valid pack").replacen(r#"value = "2100""#, &format!(r#"value = "{wage}""#), 1);
    let data = serde_json::to_value(toml::from_str::<toml::Value>(&text).expect("toml")).expect("json");
    let files = policycalc_catalog::embedded_files().expect("embedded packs");
    policycalc_packs::from_files(&files.vocabulary, &files.standards, &[FileJson { file: "testland.toml".into(), data }]).expect("pack compiles")
}

#[test]
fn an_amount_past_the_decimal_range_is_the_provision_s_overflow_error_not_a_wrapped_number() {
    // (wage, interns, expected amount or None for the overflow error)
    let table: &[(&str, u32, Option<&str>)] = &[
        ("2100", 3, Some("3150.00")),
        // 0.5 * 100000 * 1e20 = 5e24: still fits with its fen.
        ("100000000000000000000", 100_000, Some("5000000000000000000000000.00")),
        // Decimal::MAX * 0.5 * 3 overflows the multiplication.
        ("79228162514264337593543950335", 3, None),
        // 1e27 * 0.5 * 2 = 1e27 fits in 28 digits but not with two decimals.
        ("1000000000000000000000000000", 2, None),
    ];
    for (wage, interns, expected) in table {
        let catalog = catalog_with_wage(wage);
        let region = catalog.region("testland").expect("region");
        let answers = serde_json::json!({ "role": "employer", "interns": interns });
        let facts = Facts::from_json_map(&catalog.vocab, answers.as_object().expect("object")).expect("facts");
        let evaluation = engine::evaluate(&catalog.vocab, region, &facts, Date::parse("2025-06-01").expect("date"));
        let o = evaluation.outcomes.iter().find(|o| region.provisions[o.provision].id == "testland.internship-subsidy").expect("outcome");
        match expected {
            Some(amount) => {
                assert_eq!(o.money.map(|m| m.max.to_string()).as_deref(), Some(*amount), "wage {wage}");
                assert_eq!(evaluation.totals.first().map(|t| t.max.to_string()).as_deref(), Some(*amount), "wage {wage}");
            }
            None => {
                assert_eq!(o.error, Some(policycalc_core::expr::EvalError::Overflow), "wage {wage}: {o:?}");
                assert!(o.money.is_none() && !o.counts_in_totals, "wage {wage}: {o:?}");
                assert!(evaluation.totals.is_empty(), "wage {wage}: {:?}", evaluation.totals);
                // The report carries it as the provision's error, in words.
                let report = policycalc_core::report::build(&catalog, region, &facts, &evaluation, Lang::En);
                let b = report.benefits.iter().find(|b| b.id == "testland.internship-subsidy").expect("benefit");
                assert_eq!(b.error.as_deref(), Some("amount too large to compute exactly"));
            }
        }
    }
}

#[test]
fn a_negative_amount_from_inconsistent_data_is_an_error_never_a_negative_figure() {
    // Load-time checks forbid negative parameters and subtraction, so only
    // data changed after loading gets here; the engine still refuses to
    // print a negative amount or add it to a total.
    let mut catalog = catalog_with_wage("2100");
    for v in catalog.regions.iter_mut().flat_map(|r| r.parameters.iter_mut()).flat_map(|p| p.values.iter_mut()) {
        v.value = -v.value;
    }
    let region = catalog.region("testland").expect("region");
    let answers = serde_json::json!({ "role": "employer", "interns": 3 });
    let facts = Facts::from_json_map(&catalog.vocab, answers.as_object().expect("object")).expect("facts");
    let evaluation = engine::evaluate(&catalog.vocab, region, &facts, Date::parse("2025-06-01").expect("date"));
    let o = evaluation.outcomes.iter().find(|o| region.provisions[o.provision].id == "testland.internship-subsidy").expect("outcome");
    assert_eq!(o.error, Some(policycalc_core::expr::EvalError::Overflow), "{o:?}");
    assert!(o.money.is_none() && !o.counts_in_totals && o.status != engine::Status::Eligible, "{o:?}");
    assert!(evaluation.totals.iter().all(|t| !t.provisions.contains(&o.provision)), "{:?}", evaluation.totals);
}
