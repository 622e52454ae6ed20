//! The string and answer inputs of the wasm `Calculator` methods, at the Rust
//! functions they call (wasm-bindgen cannot run under libFuzzer). Input:
//! newline-separated language code, as-of date, region, provision id, fact
//! id, one answer value (JSON, else a string) and the answers object (JSON),
//! read as serde-wasm-bindgen would read the JavaScript values. Every method
//! either succeeds with the invariants of `policycalc_fuzz` or fails with
//! the typed error of the first bad input, in the order the methods check
//! them (language, as-of, region, answers).
#![no_main]
use libfuzzer_sys::fuzz_target;
use policycalc_core::vocab::RawAnswer;
use policycalc_core::{engine, interview, report, Catalog, Date, Facts, InputError, Lang};
use policycalc_fuzz::{check_evaluation, check_input_error, check_next_question, check_report, page_catalog};
use std::collections::BTreeMap;

/// A JavaScript value as `JSON.parse` would give it, then read by
/// serde-wasm-bindgen into a `RawAnswer`: numbers are doubles, whole ones
/// below 2^53 accepted; arrays and objects are not answers.
fn js_answer(v: &serde_json::Value) -> Result<RawAnswer, String> {
    match v {
        serde_json::Value::Null => Ok(RawAnswer::Null),
        serde_json::Value::Bool(b) => Ok(RawAnswer::Bool(*b)),
        serde_json::Value::String(s) => Ok(RawAnswer::Text(s.clone())),
        serde_json::Value::Number(n) => {
            let f: f64 = n.to_string().parse().map_err(|_| "not a double".to_string())?;
            // `RawAnswer`'s visit_f64.
            if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 {
                Ok(RawAnswer::Number((f as i64).to_string()))
            } else {
                Err("send fractional amounts as decimal strings such as \"1234.56\"".into())
            }
        }
        _ => Err("invalid type: expected a boolean, a whole number, a string or null".into()),
    }
}

/// `Calculator::facts(answers)`.
fn facts(catalog: &Catalog, answers: Option<&serde_json::Value>) -> Result<Facts, InputError> {
    let Some(answers) = answers.filter(|a| !a.is_null()) else { return Ok(Facts::empty(&catalog.vocab)) };
    let Some(map) = answers.as_object() else { return Err(InputError::NotAnObject { found: answers.to_string() }) };
    let mut raw = BTreeMap::new();
    for (k, v) in map {
        raw.insert(k.clone(), js_answer(v).map_err(|message| InputError::Malformed { message })?);
    }
    Facts::from_answers(&catalog.vocab, raw.iter().map(|(k, v)| (k.as_str(), v)))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.splitn(7, '\n');
    let mut next = || parts.next().unwrap_or("").to_string();
    let (lang_code, as_of_text, region_id, provision, fact, value, answers) = (next(), next(), next(), next(), next(), next(), next());
    let answers: Option<serde_json::Value> = serde_json::from_str(&answers).ok();
    let inputs: Vec<&str> = match &answers {
        Some(serde_json::Value::Object(m)) => m.keys().map(String::as_str).chain([fact.as_str()]).collect(),
        _ => vec![fact.as_str()],
    };

    // `lang()`, `as_of()`: the first two checks of every method.
    let lang = Lang::parse(&lang_code);
    let catalog = page_catalog(lang.unwrap_or(Lang::En));
    let vocab = &catalog.vocab;

    // checkAnswer(fact, value)
    let raw = match serde_json::from_str::<serde_json::Value>(&value) {
        Ok(v) => js_answer(&v),
        Err(_) => Ok(RawAnswer::Text(value.clone())),
    };
    match vocab.check_answer(&fact, raw.clone()) {
        Ok(v) => {
            let id = vocab.fact_id(&fact).expect("an accepted answer names a fact");
            let raw = raw.expect("an accepted answer decoded");
            let single = Facts::from_answers(vocab, [(fact.as_str(), &raw)]).expect("an accepted answer is accepted in answers");
            assert_eq!(single.get(id), if raw == RawAnswer::Null { None } else { Some(v) });
        }
        Err(e) => check_input_error(&e, &inputs),
    }

    let Some(lang) = lang else { return };
    let Some(as_of) = Date::parse(&as_of_text) else { return };
    assert_eq!(as_of.to_string(), as_of_text, "a date reads back as written");
    let region = match catalog.region(&region_id) {
        Ok(r) => r,
        Err(e) => {
            assert_eq!(e.code(), "unknown_region");
            return;
        }
    };
    let facts = match facts(catalog, answers.as_ref()) {
        Ok(f) => f,
        Err(e) => {
            check_input_error(&e, &inputs);
            return;
        }
    };
    // nextQuestion, evaluate, explain
    check_next_question(catalog, region, &facts, as_of);
    let ev = engine::evaluate(vocab, region, &facts, as_of);
    check_evaluation(catalog, region, &facts, &ev);
    check_report(catalog, region, &facts, &ev, lang);
    let report = report::build(catalog, region, &facts, &ev, lang);
    let explained = report.benefits.iter().find(|b| b.id == provision);
    assert_eq!(explained.is_some(), ev.outcomes.iter().any(|o| region.provisions[o.provision].id == provision));
    let _ = interview::next_from(vocab, region, &facts, &ev);
});
