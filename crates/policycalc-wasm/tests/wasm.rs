//! The wasm boundary as the browser sees it, run in headless Chromium by
//! `wasm-bindgen-test-runner` (see scripts/test-web.sh and webdriver.json):
//! `cargo test -p policycalc-wasm --target wasm32-unknown-unknown --test wasm`.
//!
//! Values cross the boundary as real `JsValue`s, so this checks what the
//! page gets: shapes, decimal strings, `null` for "not answered", and JS
//! `Error`s carrying `code` and `field`.
#![cfg(target_arch = "wasm32")]
// A test stops at the first surprise: the workspace's no-panic lints are for
// the product's code (Cargo.toml, [workspace.lints]).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use policycalc_wasm::Calculator;
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const AS_OF: &str = "2025-03-01";

fn calc() -> Calculator {
    Calculator::new(None).unwrap_or_else(|e| panic!("Calculator::new failed: {}", text(&e)))
}

/// A JSON value handed to the API as a plain JS object (as the page does).
fn js(value: Value) -> JsValue {
    js_sys::JSON::parse(&value.to_string()).expect("valid JSON")
}

/// What the API returned, as JSON (via `JSON.stringify`, as the page sees it).
fn back(value: JsValue) -> Value {
    if value.is_null() {
        return Value::Null;
    }
    let text: String = js_sys::JSON::stringify(&value).expect("serialisable").into();
    serde_json::from_str(&text).expect("JSON")
}

fn text(e: &JsValue) -> String {
    js_sys::JSON::stringify(e).map(String::from).unwrap_or_default()
}

/// The thrown value must be a real JS `Error` with `code` (and `field` when given).
fn expect_error(result: Result<impl Sized, JsValue>, code: &str, field: Option<&str>) -> js_sys::Error {
    let err = match result {
        Ok(_) => panic!("expected an error with code {code}"),
        Err(e) => e,
    };
    let error: js_sys::Error = err.clone().dyn_into().unwrap_or_else(|_| panic!("not an Error: {}", text(&err)));
    let get = |key: &str| js_sys::Reflect::get(&err, &key.into()).ok().and_then(|v| v.as_string());
    assert_eq!(get("code").as_deref(), Some(code), "code of {}", String::from(error.message()));
    assert_eq!(get("field").as_deref(), field, "field of {}", String::from(error.message()));
    assert!(!String::from(error.message()).is_empty(), "an error has a message");
    error
}

fn benefit<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["benefits"].as_array().unwrap().iter().find(|b| b["id"] == id).unwrap_or_else(|| panic!("no {id}"))
}

#[wasm_bindgen_test]
fn a_catalog_that_does_not_decode_is_a_typed_error() {
    expect_error(Calculator::new(Some(vec![0xff, 0x00, 0x13, 0x37])), "bad_catalog", None);
    expect_error(Calculator::new(Some(Vec::new())), "bad_catalog", None);
}

#[wasm_bindgen_test]
fn regions_list_names_and_roles_in_each_language() {
    let c = calc();
    let en = back(c.regions("en").unwrap());
    let list = en.as_array().unwrap();
    let ids: Vec<&str> = list.iter().map(|r| r["id"].as_str().unwrap()).collect();
    // every region the embedded packs let one choose, whatever they are
    let embedded = policycalc_catalog::embedded().expect("embedded catalog");
    let expected: Vec<&str> = embedded.regions.iter().filter(|r| r.selectable).map(|r| r.id.as_str()).collect();
    assert!(expected.len() >= 5 && expected.contains(&"bayannur"), "{expected:?}");
    assert_eq!(ids, expected);
    let bayannur = list.iter().find(|r| r["id"] == "bayannur").unwrap();
    assert_eq!(bayannur["name"], "Bayannur");
    let roles: Vec<&str> = bayannur["roles"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert!(roles.contains(&"employer") && roles.contains(&"graduate"), "{roles:?}");
    assert!(bayannur["provisions"].as_u64().unwrap() > 0);
    let dandong = list.iter().find(|r| r["id"] == "dandong").unwrap();
    assert_eq!(dandong["extends"], "liaoning");

    let zh = back(c.regions("zh-Hans").unwrap());
    let name = zh.as_array().unwrap().iter().find(|r| r["id"] == "bayannur").unwrap()["name"].as_str().unwrap().to_string();
    assert!(name.contains("巴彦淖尔"), "{name}");
    let hant = back(c.regions("zh-Hant").unwrap());
    let name = hant.as_array().unwrap().iter().find(|r| r["id"] == "bayannur").unwrap()["name"].as_str().unwrap().to_string();
    assert!(name.contains("巴彥淖爾"), "{name}");
}

#[wasm_bindgen_test]
fn unknown_language_is_a_typed_error() {
    let c = calc();
    expect_error(c.regions("fr"), "unknown_language", None);
    expect_error(c.facts_info("ja"), "unknown_language", None);
    // the usual aliases are accepted
    assert!(c.facts_info("zh").is_ok() && c.facts_info("zh-TW").is_ok());
    expect_error(c.evaluate("bayannur", AS_OF, JsValue::NULL, "de"), "unknown_language", None);
}

#[wasm_bindgen_test]
fn facts_info_describes_every_question() {
    let c = calc();
    let facts = back(c.facts_info("en").unwrap());
    let list = facts.as_array().unwrap();
    let role = list.iter().find(|f| f["id"] == "role").unwrap();
    assert_eq!(role["type"], "enum");
    assert_eq!(role["values"].as_array().unwrap().len(), 5);
    let interns = list.iter().find(|f| f["id"] == "interns").unwrap();
    assert_eq!(interns["type"], "integer");
    assert_eq!(interns["min"], "0", "bounds are decimal strings");
    assert_eq!(interns["roles"], json!(["employer"]));
    for f in list {
        assert!(f["label"].as_str().is_some_and(|s| !s.is_empty()), "label of {}", f["id"]);
        assert!(f.get("open_provisions").is_none(), "only questions carry open_provisions");
    }
}

#[wasm_bindgen_test]
fn first_question_is_the_role_and_later_ones_fit_the_role() {
    let c = calc();
    let q = back(c.next_question("bayannur", AS_OF, JsValue::UNDEFINED, "en", JsValue::UNDEFINED).unwrap());
    assert_eq!(q["id"], "role");
    assert_eq!(q["open_provisions"], q["total_open"]);
    let q = back(c.next_question("bayannur", AS_OF, js(json!({"role": "employer"})), "zh-Hans", JsValue::UNDEFINED).unwrap());
    assert_eq!(q["roles"].as_array().unwrap().iter().filter(|r| *r == "employer").count(), 1, "{q}");
    assert!(q["question"].as_str().unwrap().chars().any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch)), "Chinese text: {q}");
    assert!(q["open_provisions"].as_u64().unwrap() >= 1);
}

#[wasm_bindgen_test]
fn a_fact_answered_not_sure_is_skipped_and_an_unknown_one_is_refused() {
    let c = calc();
    let employer = || js(json!({"role": "employer"}));
    let first = back(c.next_question("bayannur", AS_OF, employer(), "en", JsValue::UNDEFINED).unwrap())["id"].as_str().unwrap().to_string();
    let next = back(c.next_question("bayannur", AS_OF, employer(), "en", js(json!([first]))).unwrap());
    assert_ne!(next["id"], first.as_str(), "{next}");
    expect_error(c.next_question("bayannur", AS_OF, employer(), "en", js(json!(["no_such_fact"]))), "unknown_fact", Some("no_such_fact"));
    expect_error(c.next_question("bayannur", AS_OF, employer(), "en", js(json!("interns"))), "bad_skipped", Some("skipped"));
}

#[wasm_bindgen_test]
fn an_interview_ends_with_null_and_a_complete_report() {
    let c = calc();
    let mut answers = serde_json::Map::new();
    answers.insert("role".into(), json!("employer"));
    for _ in 0..40 {
        let q = back(c.next_question("bayannur", AS_OF, js(Value::Object(answers.clone())), "en", JsValue::UNDEFINED).unwrap());
        if q.is_null() {
            break;
        }
        let id = q["id"].as_str().unwrap().to_string();
        let value = match q["type"].as_str().unwrap() {
            "bool" => json!(true),
            "integer" | "decimal" => json!(if id == "interns" { 3 } else { 1 }),
            "date" => json!("2024-06-30"),
            _ => q["values"][0]["id"].clone(),
        };
        c.check_answer(&id, js(value.clone()), JsValue::UNDEFINED).unwrap();
        assert!(answers.insert(id.clone(), value).is_none(), "{id} asked twice");
    }
    let report = back(c.evaluate("bayannur", AS_OF, js(Value::Object(answers)), "en").unwrap());
    assert_eq!(report["complete"], true, "{}", report["benefits"]);
    assert!(report["benefits"].as_array().unwrap().iter().all(|b| b["status"] != "undetermined"));
}

#[wasm_bindgen_test]
fn evaluate_returns_decimal_strings_and_totals_per_period() {
    let c = calc();
    let answers = js(json!({"role": "employer", "interns": 3, "interns_retained": 1,
        "early_contract_remaining_months": 0, "trains_apprentices": true}));
    let report = back(c.evaluate("bayannur", AS_OF, answers, "en").unwrap());
    assert_eq!(report["region"], "bayannur");
    assert_eq!(report["as_of"], AS_OF);
    assert_eq!(report["lang"], "en");
    assert_eq!(report["role"], "employer");
    let b = benefit(&report, "bayannur.internship-subsidy");
    assert_eq!(b["status"], "eligible");
    assert_eq!(b["amount"]["min"], "4767.00");
    assert_eq!(b["amount"]["max"], "4767.00");
    assert_eq!(b["amount"]["period"], "per_month");
    assert!(b["amount"]["text"].as_str().unwrap().contains("4,767.00"), "{}", b["amount"]["text"]);
    assert!(!b["sources"].as_array().unwrap().is_empty());
    assert!(b["validity"]["text"].as_str().is_some());
    assert_eq!(benefit(&report, "bayannur.internship-subsidy-retention")["status"], "ineligible");
    // Announced (the Bayannur plan): shown, never totalled (audit X2).
    assert_eq!(b["counts_in_totals"], false);
    assert_eq!(report["totals"], json!([]));
    let answers = js(json!({"role": "employer", "employer_type": "state_owned_enterprise", "enterprise_size": "medium",
        "hire_employment_difficulty": true, "employer_si_contribution_monthly": "2345.67", "platform_insured_workers": 0}));
    let report = back(c.evaluate("qingdao-chengyang", AS_OF, answers, "en").unwrap());
    let totals = report["totals"].as_array().unwrap();
    assert_eq!(totals.len(), 1);
    assert_eq!(totals[0]["period"], "per_month");
    assert_eq!(totals[0]["max"], "2345.67");
}

#[wasm_bindgen_test]
fn partial_answers_leave_provisions_undetermined_with_the_missing_facts() {
    let c = calc();
    let report = back(c.evaluate("bayannur", AS_OF, js(json!({"role": "employer", "interns": 3})), "en").unwrap());
    assert_eq!(report["complete"], false);
    let b = benefit(&report, "bayannur.internship-subsidy-retention");
    assert_eq!(b["status"], "undetermined");
    assert_eq!(b["missing_facts"], json!(["interns_retained"]));
    // null is "not answered", exactly like leaving the key out
    let with_null = back(
        c.evaluate("bayannur", AS_OF, js(json!({"role": "employer", "interns": 3, "interns_retained": null})), "en")
            .unwrap(),
    );
    assert_eq!(with_null, report);
}

#[wasm_bindgen_test]
fn zh_hant_and_en_texts_differ_but_figures_do_not() {
    let c = calc();
    let answers = json!({"role": "employer", "interns": 2});
    let en = back(c.evaluate("bayannur", AS_OF, js(answers.clone()), "en").unwrap());
    let hant = back(c.evaluate("bayannur", AS_OF, js(answers), "zh-Hant").unwrap());
    let (a, b) = (benefit(&en, "bayannur.internship-subsidy"), benefit(&hant, "bayannur.internship-subsidy"));
    assert_eq!(a["amount"]["max"], b["amount"]["max"]);
    assert_ne!(a["title"], b["title"]);
    assert_eq!(hant["lang"], "zh-Hant");
}

#[wasm_bindgen_test]
fn explain_returns_one_benefit_or_a_typed_error() {
    let c = calc();
    let answers = json!({"role": "employer", "interns": 3});
    let b = back(c.explain("bayannur", AS_OF, js(answers.clone()), "en", "bayannur.internship-subsidy").unwrap());
    assert_eq!(b["id"], "bayannur.internship-subsidy");
    assert!(b["computation"].as_str().unwrap().contains("4,767.00"));
    expect_error(c.explain("bayannur", AS_OF, js(answers), "en", "bayannur.nope"), "unknown_provision", Some("provision"));
}

#[wasm_bindgen_test]
fn bad_inputs_throw_errors_with_code_and_field() {
    let c = calc();
    expect_error(c.evaluate("atlantis", AS_OF, JsValue::NULL, "en"), "unknown_region", None);
    expect_error(c.next_question("atlantis", AS_OF, JsValue::NULL, "en", JsValue::UNDEFINED), "unknown_region", None);
    expect_error(c.evaluate("bayannur", "2025-02-30", JsValue::NULL, "en"), "bad_date", Some("as_of"));
    expect_error(c.evaluate("bayannur", "today", JsValue::NULL, "en"), "bad_date", Some("as_of"));
    expect_error(c.evaluate("bayannur", AS_OF, js(json!({"intern": 3})), "en"), "unknown_fact", Some("intern"));
    expect_error(c.evaluate("bayannur", AS_OF, js(json!({"interns": -1})), "en"), "bad_value", Some("interns"));
    expect_error(c.evaluate("bayannur", AS_OF, js(json!([1, 2])), "en"), "not_an_object", None);
    expect_error(c.evaluate("bayannur", AS_OF, JsValue::from_str("role=employer"), "en"), "not_an_object", None);
    // answers are read from the object by hand: a value of another kind is a bad value naming its fact
    let e = expect_error(c.evaluate("bayannur", AS_OF, js(json!({"role": "employer", "interns": [3]})), "en"), "bad_value", Some("interns"));
    assert!(String::from(e.message()).contains("interns"));
}

#[wasm_bindgen_test]
fn check_answer_validates_one_value() {
    let c = calc();
    c.check_answer("interns", JsValue::from_f64(3.0), JsValue::UNDEFINED).unwrap();
    c.check_answer("interns", JsValue::from_str("12"), JsValue::UNDEFINED).unwrap();
    c.check_answer("employer_si_contribution_monthly", JsValue::from_str("1234.56"), JsValue::UNDEFINED).unwrap();
    c.check_answer("graduation_date", JsValue::from_str("2024-06-30"), JsValue::UNDEFINED).unwrap();
    c.check_answer("role", JsValue::from_str("employer"), JsValue::UNDEFINED).unwrap();
    c.check_answer("trains_apprentices", JsValue::FALSE, JsValue::UNDEFINED).unwrap();

    expect_error(c.check_answer("interns", JsValue::from_f64(-1.0), JsValue::UNDEFINED), "bad_value", Some("interns"));
    expect_error(c.check_answer("interns", JsValue::from_f64(2.5), JsValue::UNDEFINED), "bad_value", Some("interns"));
    expect_error(c.check_answer("interns", JsValue::from_f64(f64::NAN), JsValue::UNDEFINED), "bad_value", Some("interns"));
    expect_error(c.check_answer("interns", JsValue::from_str("2.5"), JsValue::UNDEFINED), "bad_value", Some("interns"));
    expect_error(c.check_answer("interns", JsValue::from_str("three"), JsValue::UNDEFINED), "bad_value", Some("interns"));
    expect_error(c.check_answer("interns", JsValue::from_str("1,000"), JsValue::UNDEFINED), "bad_value", Some("interns"));
    expect_error(c.check_answer("employer_si_contribution_monthly", JsValue::from_str("1.234"), JsValue::UNDEFINED), "bad_value", Some("employer_si_contribution_monthly"));
    expect_error(c.check_answer("graduation_date", JsValue::from_str("2024-02-30"), JsValue::UNDEFINED), "bad_value", Some("graduation_date"));
    expect_error(c.check_answer("role", JsValue::from_str("pirate"), JsValue::UNDEFINED), "bad_value", Some("role"));
    expect_error(c.check_answer("trains_apprentices", JsValue::from_str("yes"), JsValue::UNDEFINED), "bad_value", Some("trains_apprentices"));
    expect_error(c.check_answer("internz", JsValue::TRUE, JsValue::UNDEFINED), "unknown_fact", Some("internz"));
}

/// Issue 10: 5 interns kept on of 4 hosted is refused at the boundary, at
/// the question being answered, naming the answer it contradicts.
#[wasm_bindgen_test]
fn answers_that_contradict_each_other_are_a_typed_error_at_the_question() {
    let c = calc();
    let get = |e: &js_sys::Error, key: &str| js_sys::Reflect::get(e, &key.into()).ok().and_then(|v| v.as_string());
    let given = js(json!({"role": "employer", "interns": 4}));
    c.check_answer("interns_retained", JsValue::from_f64(4.0), given.clone()).unwrap();
    let e = expect_error(c.check_answer("interns_retained", JsValue::from_f64(5.0), given), "contradictory_facts", Some("interns_retained"));
    assert_eq!(get(&e, "other").as_deref(), Some("interns"));
    assert_eq!(get(&e, "other_value").as_deref(), Some("4"));
    // going back to lower the whole: the error is at that question, naming the part
    let later = js(json!({"role": "employer", "interns": 4, "interns_retained": 3}));
    let e = expect_error(c.check_answer("interns", JsValue::from_f64(2.0), later), "contradictory_facts", Some("interns"));
    assert_eq!(get(&e, "other").as_deref(), Some("interns_retained"));
    assert_eq!(get(&e, "other_value").as_deref(), Some("3"));
    // every call that reads answers refuses the pair, at the later-asked fact
    let both = json!({"role": "employer", "interns": 4, "interns_retained": 5});
    let e = expect_error(c.evaluate("bayannur", AS_OF, js(both.clone()), "en"), "contradictory_facts", Some("interns_retained"));
    assert_eq!(
        String::from(e.message()),
        "facts contradict each other: `interns_retained` = 5 must be at most `interns` = 4 (the interns kept on cannot outnumber the interns hosted)"
    );
    expect_error(c.next_question("bayannur", AS_OF, js(both.clone()), "en", JsValue::UNDEFINED), "contradictory_facts", Some("interns_retained"));
    expect_error(c.explain("bayannur", AS_OF, js(both), "en", "bayannur.internship-subsidy"), "contradictory_facts", Some("interns_retained"));
    // the fact carries the constraint in the reader's language
    let info = back(c.facts_info("zh-Hans").unwrap());
    let retained = info.as_array().unwrap().iter().find(|f| f["id"] == "interns_retained").unwrap();
    assert_eq!(
        retained["constraints"],
        json!([{"relation": "at_most", "other": "interns", "other_label": "就业见习人数", "reverse": false, "message": "见习期满留用人数不能多于接收的见习人数"}])
    );
}

#[wasm_bindgen_test]
fn the_calculator_keeps_no_state_between_calls() {
    let c = calc();
    let answers = json!({"role": "employer", "interns": 3});
    let first = back(c.evaluate("bayannur", AS_OF, js(answers.clone()), "en").unwrap());
    let _ = c.evaluate("bayannur", AS_OF, js(json!({"role": "employer", "interns": 9})), "en").unwrap();
    let _ = c.evaluate("bayannur", AS_OF, js(json!({"interns": -5})), "en");
    assert_eq!(back(c.evaluate("bayannur", AS_OF, js(answers), "en").unwrap()), first);
}

// ------------------------------------------------------------------ extreme values

/// JS values no answer can be: each is a `bad_value` naming the fact, through
/// both `evaluate` and `checkAnswer`; the calculator keeps working after.
#[wasm_bindgen_test]
fn extreme_js_values_are_bad_values_naming_the_fact_and_the_calculator_keeps_working() {
    let c = calc();
    let before = back(c.evaluate("bayannur", AS_OF, js(json!({"role": "employer", "interns": 3})), "en").unwrap());
    let object = || js(json!({"n": 1}));
    let array = || js(json!([1]));
    let cases: Vec<(&str, JsValue)> = vec![
        ("interns", JsValue::from_f64(1e308)),
        ("interns", JsValue::from_f64(f64::NAN)),
        ("interns", JsValue::from_f64(f64::INFINITY)),
        ("interns", JsValue::from_f64(f64::NEG_INFINITY)),
        ("interns", JsValue::from_f64(9_007_199_254_740_993.0)),
        ("interns", JsValue::from_f64(-1.0)),
        ("interns", JsValue::from_f64(0.5)),
        ("interns", JsValue::from_str("79228162514264337593543950336")),
        ("interns", JsValue::from_str("1234567890123456789012345678")),
        ("interns", JsValue::from_str("1e3")),
        ("interns", JsValue::TRUE),
        ("interns", object()),
        ("interns", array()),
        ("employer_si_contribution_monthly", JsValue::from_str("7922816251426433759354395033.5")),
        ("employer_si_contribution_monthly", JsValue::from_f64(1234.5)),
        ("hire_graduation_date", JsValue::from_str("0001-01-01")),
        ("hire_graduation_date", JsValue::from_str("9999-12-31")),
        ("hire_graduation_date", JsValue::from_str("10000-01-01")),
        ("hire_graduation_date", JsValue::from_str("2025-02-29")),
        ("hire_graduation_date", JsValue::from_f64(20240229.0)),
        ("hire_is_graduate", JsValue::from_str("true")),
        ("hire_is_graduate", object()),
        ("role", JsValue::from_str(&"x".repeat(1 << 20))),
        ("role", array()),
    ];
    for (fact, value) in cases {
        let shown = text(&value);
        let answers = js_sys::Object::new();
        js_sys::Reflect::set(&answers, &"role".into(), &"employer".into()).unwrap();
        js_sys::Reflect::set(&answers, &fact.into(), &value).unwrap();
        let e = expect_error(c.evaluate("bayannur", AS_OF, answers.into(), "en"), "bad_value", Some(fact));
        let message = String::from(e.message());
        assert!(message.contains(fact) && message.len() < 400, "{fact} = {}: {message}", &shown[..shown.len().min(80)]);
        expect_error(c.check_answer(fact, value, JsValue::UNDEFINED), "bad_value", Some(fact));
    }
    // -0 is 0; 2^53 - 1 is exact (and then out of bounds).
    c.check_answer("interns", JsValue::from_f64(-0.0), JsValue::UNDEFINED).unwrap();
    expect_error(c.check_answer("interns", JsValue::from_f64(9_007_199_254_740_991.0), JsValue::UNDEFINED), "bad_value", Some("interns"));
    // A 2024 leap day is a real date.
    c.check_answer("hire_graduation_date", JsValue::from_str("2024-02-29"), JsValue::UNDEFINED).unwrap();
    assert_eq!(back(c.evaluate("bayannur", AS_OF, js(json!({"role": "employer", "interns": 3})), "en").unwrap()), before);
}

#[wasm_bindgen_test]
fn far_as_of_dates_and_wrong_argument_types_are_typed_errors() {
    let c = calc();
    for as_of in ["0001-01-01", "9999-12-31", "10000-01-01", "2025-02-29", "", "2025-1-1"] {
        expect_error(c.evaluate("bayannur", as_of, JsValue::NULL, "en"), "bad_date", Some("as_of"));
        expect_error(c.next_question("bayannur", as_of, JsValue::NULL, "en", JsValue::UNDEFINED), "bad_date", Some("as_of"));
    }
    // The ends of the supported span work.
    for as_of in ["1900-01-01", "2200-12-31", "2024-02-29"] {
        let r = back(c.evaluate("liaoning", as_of, js(json!({"role": "graduate", "graduation_date": "2200-12-31"})), "en").unwrap());
        assert_eq!(r["as_of"], as_of);
    }
    expect_error(c.evaluate("bayannur", AS_OF, JsValue::from_f64(1e308), "en"), "not_an_object", None);
    expect_error(c.evaluate("bayannur", AS_OF, JsValue::TRUE, "en"), "not_an_object", None);
    expect_error(c.evaluate(&"x".repeat(1 << 20), AS_OF, JsValue::NULL, "en"), "unknown_region", None);
    let (big, big_key) = ("x".repeat(1 << 20), js_sys::Object::new());
    js_sys::Reflect::set(&big_key, &big.as_str().into(), &JsValue::from_f64(1.0)).unwrap();
    let e = expect_error(c.evaluate("bayannur", AS_OF, big_key.into(), "en"), "unknown_fact", Some(big.as_str()));
    assert!(String::from(e.message()).len() < 400);
}

#[cfg(feature = "batch")]
#[wasm_bindgen_test]
fn batch_job_reports_extreme_cells_as_row_errors() {
    let c = calc();
    let mut job = c.batch_begin("bayannur", AS_OF, "en", 0, false, false).unwrap();
    let csv = "role,interns,interns_retained,as_of\r\n\
               employer,18446744073709551615,0,\r\n\
               employer,79228162514264337593543950336,0,\r\n\
               employer,1e30,0,\r\n\
               employer,3,0,10000-01-01\r\n\
               employer,3,0,2024-02-29\r\n";
    let progress = back(job.push(csv).unwrap());
    let done = back(job.finish().unwrap());
    let errors: Vec<Value> = [progress["errors"].clone(), done["errors"].clone()]
        .into_iter()
        .flat_map(|e| e.as_array().cloned().unwrap_or_default())
        .collect();
    assert_eq!(errors.len(), 4, "{errors:?}");
    for (line, value) in [(2, "18446744073709551615"), (3, "79228162514264337593543950336"), (4, "1e30"), (5, "10000-01-01")] {
        assert!(errors.iter().any(|e| e["line"] == line && e["value"] == value), "line {line}: {errors:?}");
    }
}

/// The pool's path across the boundary (the page's reader and pool workers
/// in one instance here): `pushRows`/`takeRows`/`endRows`, `batchWorker`
/// from `headerCsv`, `evaluateRows`/`takePart`, `absorb` in order, give
/// `push`'s output, counts, errors and summary; garbled bytes are a typed
/// error, not a panic. The workers' Blobs are read only after every block
/// is evaluated: each holds its own copy of its rows.
#[cfg(feature = "batch")]
#[wasm_bindgen_test]
async fn the_pool_path_gives_the_one_job_result_and_refuses_garbled_bytes() {
    let c = calc();
    let mut csv = String::from("region,role,interns,interns_retained,insured_employees\r\n");
    for i in 0..300 {
        csv.push_str(&format!("bayannur,employer,{},{},\r\nqingdao-chengyang,startup,,,{}\r\nnowhere,employer,x,1,\r\n", i % 9, i % 4, i % 5));
    }
    let (head, tail) = csv.split_at(csv.len() / 2);
    let mut one = c.batch_begin("", AS_OF, "en", 5, true, false).unwrap();
    let (mut expected, mut expected_errors) = (String::new(), Vec::new());
    for piece in [head, tail] {
        let progress = back(one.push(piece).unwrap());
        expected.push_str(progress["csv"].as_str().unwrap());
        expected_errors.extend(progress["errors"].as_array().cloned().unwrap_or_default());
    }
    let one_done = back(one.finish().unwrap());
    expected.push_str(one_done["csv"].as_str().unwrap());
    expected_errors.extend(one_done["errors"].as_array().cloned().unwrap_or_default());

    let mut reader = c.batch_begin("", AS_OF, "en", 5, true, false).unwrap();
    let mut out = String::new();
    let mut blocks = Vec::new();
    for piece in [head, tail] {
        out.push_str(back(reader.push_rows(piece).unwrap())["csv"].as_str().unwrap());
        blocks.push(reader.take_rows());
    }
    back(reader.end_rows().unwrap());
    blocks.push(reader.take_rows());
    let mut worker = c.batch_worker("", AS_OF, "en", true, &reader.header_csv().unwrap()).unwrap();
    let mut evaluated = Vec::new();
    for block in blocks.iter().filter(|b| !b.is_empty()) {
        evaluated.push((worker.evaluate_rows(block).unwrap(), worker.take_part()));
    }
    let mut errors = Vec::new();
    for (output, part) in &evaluated {
        let output = read_blob(output).await;
        let progress = back(reader.absorb(part, &output).unwrap());
        errors.extend(progress["errors"].as_array().cloned().unwrap_or_default());
        out.push_str(std::str::from_utf8(&output).unwrap());
    }
    let done = back(reader.finish().unwrap());
    assert!(out == expected, "the pool's output is push's");
    for key in ["stats", "summary_csv", "preview"] {
        assert_eq!(done[key], one_done[key], "{key}");
    }
    assert!(errors.len() >= 300, "every bad row's errors");
    assert_eq!(errors, expected_errors, "the same errors, in the same order");

    let e = expect_error(worker.evaluate_rows(&[1, 2, 3]), "internal", None);
    assert_eq!(String::from(e.message()), "a batch worker's rows could not be read");
    let e = expect_error(reader.absorb(&[0xff], &[]), "internal", None);
    assert_eq!(String::from(e.message()), "a batch worker's counts could not be read");
}

/// A progress's `blob`, read.
#[cfg(feature = "batch")]
async fn blob_bytes(progress: &JsValue) -> Vec<u8> {
    read_blob(&js_sys::Reflect::get(progress, &"blob".into()).unwrap()).await
}

/// A Blob's bytes.
#[cfg(feature = "batch")]
async fn read_blob(blob: &JsValue) -> Vec<u8> {
    let read = js_sys::Reflect::get(blob, &"arrayBuffer".into()).unwrap().dyn_into::<js_sys::Function>().expect("a Blob").call0(blob).unwrap();
    let buffer = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(read)).await.unwrap();
    js_sys::Uint8Array::new(&buffer).to_vec()
}

/// `pushBytes` and `pushRowsBytes` take UTF-8 cut anywhere (here inside
/// every character of the Chinese role label) and give `push`'s output,
/// as a UTF-8 Blob in `blob` with `csv` empty; the rows they read are
/// `pushRows`'s; bytes that are not UTF-8 throw the typed `encoding` error.
/// The Blobs are read only once every chunk is in (the module's memory
/// reused many times over): each holds its own copy of its rows.
#[cfg(feature = "batch")]
#[wasm_bindgen_test]
async fn bytes_in_give_the_text_paths_output_as_blobs_and_refuse_other_encodings() {
    let c = calc();
    let mut csv = String::from("region,role,insured_employees,insured_months\r\n");
    for i in 0..60 {
        csv.push_str(&format!("bayannur,创业者或初创企业,{},{}\r\nbayannur,startup,x,1\r\n", i % 7, i % 30));
    }
    let mut one = c.batch_begin("", AS_OF, "en", 0, true, false).unwrap();
    let mut expected = back(one.push(&csv).unwrap())["csv"].as_str().unwrap().to_string();
    let one_done = back(one.finish().unwrap());
    expected.push_str(one_done["csv"].as_str().unwrap());

    let mut job = c.batch_begin("", AS_OF, "en", 0, true, false).unwrap();
    let mut progresses = Vec::new();
    for cut in csv.as_bytes().chunks(7) {
        let progress = job.push_bytes(cut).unwrap();
        assert_eq!(back(progress.clone())["csv"], "", "csv is empty on the bytes path");
        progresses.push(progress);
    }
    let done = back(job.finish().unwrap());
    let mut out = Vec::new();
    for progress in &progresses {
        out.extend(blob_bytes(progress).await);
    }
    out.extend(done["csv"].as_str().unwrap().as_bytes());
    let got = String::from_utf8_lossy(&out).to_string();
    let at = got.bytes().zip(expected.bytes()).position(|(a, b)| a != b);
    assert!(got == expected, "pushBytes's output is push's: {} vs {} bytes, first difference at {at:?}: {:?} vs {:?}", got.len(), expected.len(), at.map(|a| &got[a.saturating_sub(40)..(a + 40).min(got.len())]), at.map(|a| &expected[a.saturating_sub(40)..(a + 40).min(expected.len())]));
    assert_eq!(done["stats"], one_done["stats"]);

    let (mut text_reader, mut bytes_reader) = (c.batch_begin("", AS_OF, "en", 0, true, false).unwrap(), c.batch_begin("", AS_OF, "en", 0, true, false).unwrap());
    let header = back(text_reader.push_rows(&csv).unwrap())["csv"].as_str().unwrap().to_string();
    let mut header_bytes = Vec::new();
    for cut in csv.as_bytes().chunks(5) {
        let progress = bytes_reader.push_rows_bytes(cut).unwrap();
        header_bytes.extend(blob_bytes(&progress).await);
    }
    back(text_reader.end_rows().unwrap());
    back(bytes_reader.end_rows().unwrap());
    assert_eq!(String::from_utf8(header_bytes).unwrap(), header, "the output header");
    assert_eq!(bytes_reader.take_rows(), text_reader.take_rows(), "the same rows read");

    let mut gbk = c.batch_begin("bayannur", AS_OF, "en", 0, false, false).unwrap();
    let e = expect_error(gbk.push_bytes(&[0xC9, 0xEA, 0xC7, 0xEB, b'\n']), "encoding", None);
    assert!(String::from(e.message()).contains("CSV UTF-8"), "{}", String::from(e.message()));
}
