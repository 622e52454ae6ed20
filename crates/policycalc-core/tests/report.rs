//! The explained result (report.rs) on rule shapes no real pack has: a
//! function call, `not`, `or` and `in` inside a formula, a comparison with a
//! dated parameter, a derived fact compared with a fact, a replacement that
//! pays no more, a national standard with no stated end, a provision's own
//! local-information entry. The packs' texts are pinned in
//! `tests/cases/*/report_*.toml` (`[[expect_text]]`).

// A test stops at the first surprise: the workspace's no-panic lints are for
// the product's code (Cargo.toml, [workspace.lints]).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

mod test_catalog;

use policycalc_core::date::Date;
use policycalc_core::engine;
use policycalc_core::expr::Value;
use policycalc_core::report::{self, Benefit, Report};
use policycalc_core::vocab::RawAnswer;
use policycalc_core::{Catalog, Lang};
use serde_json::json;
use test_catalog::provision;

/// A derived fact (`a + b > 3`) and a dated parameter (`rate`, 5 yuan from 2024-01-01).
const DERIVED: &str = r#"
[[derived]]
id = "big"
type = "bool"
label = { zh-Hans = "大", en = "Big" }
definition = "a + b > 3"
source = "测试。"
"#;

const RATE: &str = r#"
[[parameters]]
id = "rate"
label = { zh-Hans = "费率", en = "Rate" }
unit = { zh-Hans = "元", en = "yuan" }

[[parameters.values]]
from = "2024-01-01"
value = "5"
source = "测试办法第一条"
"#;

/// A standard in force from 2024-01-01 whose text states no end.
const STANDARD: &str = r#"
[[standards]]
id = "open-ended"
title = { zh-Hans = "标准", en = "Standard" }
text = { zh-Hans = "标准文本。", en = "Standard text." }
source = "测试标准"
from = "2024-01-01"
provisional = false
"#;

/// The region's default entry and `testland.calc`'s own, with every field.
const LOCAL: &str = r#"
[local]
region = "testland"

[default]
source = { zh-Hans = "默认", en = "Default" }
phone = "12333"

[[provisions]]
id = "testland.calc"
source = { zh-Hans = "指南", en = "The guide" }
how = { zh-Hans = "网上申请", en = "Apply online" }
documents = { zh-Hans = "营业执照", en = "Business licence" }
deadline = { zh-Hans = "每年6月", en = "Each June" }
office = { zh-Hans = "服务大厅", en = "Service hall" }
hours = { zh-Hans = "工作日", en = "Working days" }
phone = "0532-1234"
url = "https://example.org/apply"
"#;

const ONCE_100: &str = r#"{ kind = "exact", value = "100", period = "once" }"#;

fn catalog() -> Catalog {
    let provisions = [
        RATE.to_string(),
        provision("calc", Some("a > 0"), r#"{ kind = "exact", value = "max(a, b) * rate + (if flag then 10 else d)", period = "once" }"#),
        provision("open", Some("(if not flag or fixed in [1, 2] then a else b) > 3"), ONCE_100),
        provision("derived", Some("big == locked"), ONCE_100),
        provision("param", Some("a >= rate"), ONCE_100),
        provision("called", Some("max(a, b) > 1"), ONCE_100),
        provision("base", Some("a > 0"), ONCE_100),
        format!("{}supersedes = [\"testland.base\"]\n", provision("better", Some("a > 0 and flag"), ONCE_100)),
        provision("grouped", Some("not (flag and locked)"), r#"{ kind = "exact", value = "(a + b) * 2 / (b + 1)", period = "once" }"#),
        provision("free", None, r#"{ kind = "free", note = { zh-Hans = "", en = "" } }"#),
        provision("standard", None, r#"{ kind = "not_stated", national_standard = "open-ended", note = { zh-Hans = "未写明。", en = "Not stated." } }"#),
    ];
    test_catalog::catalog_with_files(DERIVED, STANDARD, &provisions, Some(LOCAL))
}

fn report(catalog: &Catalog, answers: serde_json::Value, lang: Lang) -> Report {
    let (vocab, region) = (&catalog.vocab, test_catalog::region(catalog));
    let facts = test_catalog::facts(vocab, answers);
    let evaluation = engine::evaluate(vocab, region, &facts, Date::parse("2024-06-01").unwrap());
    report::build(catalog, region, &facts, &evaluation, lang)
}

fn benefit<'a>(report: &'a Report, id: &str) -> &'a Benefit {
    report.benefits.iter().find(|b| b.id == format!("testland.{id}")).unwrap_or_else(|| panic!("no testland.{id}"))
}

/// Every item settled: `a` 2, `b` 1, `d` 3, `flag` no, `locked` yes.
fn settled() -> serde_json::Value {
    json!({ "a": 2, "b": 1, "d": 3, "flag": false, "locked": true })
}

/// `flag`, `fixed` and `locked` unanswered.
fn open() -> serde_json::Value {
    json!({ "a": 2, "b": 1, "d": 3 })
}

#[test]
fn a_computation_names_each_value_used_and_the_value_of_a_call() {
    let c = catalog();
    let r = report(&c, settled(), Lang::En);
    assert_eq!(
        benefit(&r, "calc").computation.as_deref(),
        Some("(max(A (2), B (1)) = 2) × Rate (5, from 2024-01-01) + D (3) = ¥13.00 (rounded half-up to 0.01 yuan)")
    );
    assert_eq!(benefit(&r, "base").computation.as_deref(), Some("¥100.00 (stated in the document)"));
    let zh = report(&c, settled(), Lang::ZhHans);
    assert_eq!(benefit(&zh, "calc").computation.as_deref(), Some("(max(甲 (2), 乙 (1)) = 2) × 费率 (5, 自 2024-01-01) + 丁 (3) = ¥13.00 (四舍五入至0.01元)"));
}

/// Regression: the printer dropped the parentheses of the tree, so
/// `(a + b) * 2` read `a + b * 2` (and `not (x and y)` as `not x and y`).
#[test]
fn formulas_and_rules_are_printed_grouped_as_written() {
    let c = catalog();
    let r = report(&c, settled(), Lang::En);
    let grouped = benefit(&r, "grouped");
    assert_eq!(grouped.computation.as_deref(), Some("(A (2) + B (1)) × 2 ÷ (B (1) + 1) = ¥3.00 (rounded half-up to 0.01 yuan)"));
    assert_eq!(grouped.why[0].rule, "not (flag and locked)");
    assert_eq!(grouped.why[0].text, "not (Flag (no) and Locked (yes)) — met");
    let open = report(&c, open(), Lang::En);
    assert_eq!(benefit(&open, "open").why[0].rule, "(if (not flag or fixed in [1, 2]) then a else b) > 3");
    // The rule as the pack writes it: a call without its value.
    assert_eq!(benefit(&r, "called").why[0].rule, "max(a, b) > 1");
}

#[test]
fn a_condition_said_as_a_formula_shows_the_values_used_and_what_is_open() {
    let c = catalog();
    let r = report(&c, open(), Lang::En);
    // The `if` whose condition is open is shown whole, with `not`, `or` and `in` in words.
    let why = &benefit(&r, "open").why;
    assert_eq!(why.len(), 1, "{why:?}");
    assert_eq!(why[0].text, "((not Flag (?) or Fixed (?) ∈ {1, 2}) ? A (2) : B (1)) > 3 — not answered yet");
    assert_eq!(why[0].holds, None);
    // A derived fact compared with a fact: both with their values.
    assert_eq!(benefit(&r, "derived").why[0].text, "Big (no) = Locked (?) — not answered yet");
    let settled = report(&c, settled(), Lang::En);
    assert_eq!(benefit(&settled, "derived").why[0].text, "Big (no) = Locked (yes) — not met");
    assert_eq!(benefit(&settled, "derived").why[0].rule, "big == locked");
    // Once the condition is known, only the branch taken.
    assert_eq!(benefit(&settled, "open").why[0].text, "A (2) > 3 — not met");
    let zh = report(&c, open(), Lang::ZhHans);
    let text = &benefit(&zh, "open").why[0].text;
    assert!(text.starts_with("((非 旗 (?) 或 定 (?) ∈ {1, 2}) ? 甲 (2) : 乙 (1)) > 3 — "), "{text}");
}

#[test]
fn a_comparison_with_a_dated_parameter_is_said_with_its_value_on_the_day() {
    let c = catalog();
    let r = report(&c, settled(), Lang::En);
    let why = &benefit(&r, "param").why;
    assert_eq!(why.len(), 1, "{why:?}");
    assert_eq!(why[0].rule, "a >= rate");
    assert_eq!(why[0].text, "For “A” you gave 2; this needs at least 5.");
}

#[test]
fn a_replacement_that_pays_no_more_states_no_gain() {
    let c = catalog();
    let r = report(&c, settled(), Lang::En);
    let what_if = &benefit(&r, "better").what_if;
    assert_eq!(what_if.len(), 1, "{what_if:?}");
    assert_eq!(what_if[0].text, "If “Flag” were “yes”: ¥100.00 once.");
    assert_eq!(what_if[0].gain.map(|g| g.to_string()).as_deref(), Some("0.00"));
}

#[test]
fn the_result_is_complete_only_when_no_item_is_undetermined() {
    let c = catalog();
    assert!(report(&c, settled(), Lang::En).complete);
    assert!(!report(&c, open(), Lang::En).complete);
}

#[test]
fn a_provision_s_own_local_entry_gives_every_field_and_the_others_the_default() {
    let c = catalog();
    let r = report(&c, settled(), Lang::En);
    let own = &benefit(&r, "calc").local;
    assert!(own.own);
    let fields = [&own.source, &own.how, &own.documents, &own.deadline, &own.office, &own.hours, &own.phone, &own.url];
    let fields: Vec<Option<&str>> = fields.iter().map(|f| f.as_deref()).collect();
    assert_eq!(
        fields,
        [
            Some("The guide"),
            Some("Apply online"),
            Some("Business licence"),
            Some("Each June"),
            Some("Service hall"),
            Some("Working days"),
            Some("0532-1234"),
            Some("https://example.org/apply")
        ]
    );
    assert!(own.unknown.is_empty() && own.unknown_text.is_none(), "{own:?}");
    let zh = report(&c, settled(), Lang::ZhHans);
    assert_eq!(benefit(&zh, "calc").local.how.as_deref(), Some("网上申请"));
    let default = &benefit(&r, "base").local;
    assert!(!default.own);
    assert_eq!((default.source.as_deref(), default.phone.as_deref(), default.how.as_deref()), (Some("Default"), Some("12333"), None));
    assert_eq!(default.unknown, ["how", "documents", "deadline", "office", "hours", "url"]);
}

#[test]
fn a_standard_with_no_stated_end_is_in_force_without_an_until() {
    let c = catalog();
    let r = report(&c, settled(), Lang::En);
    let standard = benefit(&r, "standard").national_standard.as_ref().unwrap();
    assert_eq!(standard.validity.text, "in force");
    assert_eq!(standard.validity.until, None);
}

#[test]
fn an_empty_note_adds_nothing_to_the_free_of_charge_phrase() {
    let c = catalog();
    let r = report(&c, settled(), Lang::En);
    assert_eq!(benefit(&r, "free").amount_note.as_deref(), Some("Free of charge (stated)."));
}

#[test]
fn a_fact_s_value_is_said_as_the_reader_reads_it() {
    let c = test_catalog::catalog(&[provision("p", None, ONCE_100)]);
    let vocab = &c.vocab;
    let id = |name: &str| vocab.fact_id(name).unwrap();
    assert_eq!(report::fact_value_text(vocab, id("flag"), Value::Bool(true), Lang::En), "yes");
    assert_eq!(report::fact_value_text(vocab, id("flag"), Value::Bool(false), Lang::ZhHans), "否");
    assert_eq!(report::fact_value_text(vocab, id("d"), Value::Num("2.50".parse().unwrap()), Lang::En), "2.5");
    let employer = vocab.parse_answer(id("role"), &RawAnswer::Text("employer".into())).unwrap();
    assert_eq!(report::fact_value_text(vocab, id("role"), employer, Lang::ZhHans), "单位");
}

/// `report::write_decimal`, the one decimal writer (amount cells, ¥ figures):
/// `Display`'s text for each scale (none, one, the fen, past the digits),
/// sign, a mantissa past a u64, and with the prefix after the sign and a
/// comma before each group of three integer digits when grouped. The whole
/// range is a property in tests/properties.rs; these are its edges, here
/// beside the report the figures are in.
#[test]
fn write_decimal_writes_display_s_digits_with_prefix_and_groups() {
    let cases: [(&str, &str); 11] = [
        ("0", "¥0"),
        ("7", "¥7"),
        ("1234567", "¥1,234,567"),
        ("-1234", "-¥1,234"),
        ("0.05", "¥0.05"),
        ("123.4", "¥123.4"),
        ("1000.00", "¥1,000.00"),
        ("-0.50", "-¥0.50"),
        ("0.000000000000000000000000001", "¥0.000000000000000000000000001"),
        ("79228162514264337593543950335", "¥79,228,162,514,264,337,593,543,950,335"),
        ("123456789012345678901234.5678", "¥123,456,789,012,345,678,901,234.5678"),
    ];
    for (value, grouped) in cases {
        let d = rust_decimal::Decimal::from_str_exact(value).unwrap();
        assert_eq!(d.to_string(), value, "Display of {value}");
        let mut out = String::from("|");
        report::write_decimal(&mut out, d, "", false);
        assert_eq!(out, format!("|{value}"), "{value} plain");
        let mut out = String::new();
        report::write_decimal(&mut out, d, "¥", true);
        assert_eq!(out, grouped, "{value} grouped");
    }
}
