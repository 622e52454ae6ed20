//! The one WebAssembly boundary. JavaScript holds a `Calculator` (no
//! globals here); answers go in as a plain object (read by hand) and results
//! come out as JSON text parsed by the browser's `JSON.parse` (smaller and
//! faster than building JS objects field by field through the boundary),
//! amounts as decimal strings, dates as `YYYY-MM-DD`.
//! Every failure is a JS `Error` with a stable `code`, a `field` where one
//! input is at fault, and a one-line `message`. The as-of date comes from the
//! page: the core never reads a clock.
//!
//! Empty on other targets (`cargo test --workspace` builds it natively),
//! except with feature `ts`, which tests/ts_types.rs uses for the types.
#![cfg(any(target_arch = "wasm32", feature = "ts"))]

use policycalc_core::fact_info::{fact_info, FactInfo, Labelled};
#[cfg(feature = "ts")]
use policycalc_core::fact_info::ConstraintInfo;
use policycalc_core::interview::{self, Question};
use policycalc_core::expr::FactSet;
use policycalc_core::vocab::RawAnswer;
use std::collections::BTreeMap;
use policycalc_core::{engine, report, Catalog, Date, Facts, InputError, Lang};
use serde::Serialize;
use wasm_bindgen::prelude::*;

// The API's TypeScript types: generated from the Rust types below and in
// policycalc-core (ts-rs, feature `ts`, native only) into the committed
// types.d.ts, which tests/ts_types.rs checks; wasm-bindgen copies this section
// into pkg/policycalc.d.ts, not into the module.
#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = include_str!("../types.d.ts");

/// The declarations types.d.ts holds after its hand-kept preamble, in order,
/// as ts-rs renders them (`export type X = …;`, with the Rust doc comment).
#[cfg(feature = "ts")]
pub fn ts_declarations() -> Vec<String> {
    use policycalc_core::{engine, pack, report, vocab};
    let cfg = ts_config();
    vec![
        ts_export::<Lang>(&cfg),
        ts_export::<engine::Status>(&cfg),
        ts_export::<pack::Period>(&cfg),
        ts_export::<engine::MoneyKind>(&cfg),
        ts_export::<engine::ValidityStatus>(&cfg),
        ts_export::<pack::Kind>(&cfg),
        ts_export::<report::AmountReport>(&cfg),
        ts_export::<report::Reason>(&cfg),
        ts_export::<report::ChangeReport>(&cfg),
        ts_export::<report::WhatIf>(&cfg),
        ts_export::<report::SourceReport>(&cfg),
        ts_export::<report::PendingCondition>(&cfg),
        ts_export::<report::OverPeriodReport>(&cfg),
        ts_export::<report::StandardValidity>(&cfg),
        ts_export::<report::StandardReport>(&cfg),
        ts_export::<report::ParameterReport>(&cfg),
        ts_export::<report::ValidityReport>(&cfg),
        ts_export::<report::ContactReport>(&cfg),
        ts_export::<report::LocalReport>(&cfg),
        ts_export::<report::Benefit>(&cfg),
        ts_export::<report::TotalReport>(&cfg),
        ts_export::<report::Report>(&cfg),
        ts_export::<vocab::FactType>(&cfg),
        ts_export::<Labelled>(&cfg),
        ts_export::<ConstraintInfo>(&cfg),
        ts_export::<FactInfo>(&cfg),
        ts_export::<RegionInfo>(&cfg),
    ]
}

/// `export type X = …;` with the type's doc comment. An object type gets its
/// `{` and `};` lines of its own: wasm-bindgen re-indents the section by the
/// braces that end or start a line, and ts-rs's one-line form (`= { … };`
/// broken by field docs) would leave the rest of the .d.ts indented.
#[cfg(feature = "ts")]
fn ts_export<T: ts_rs::TS>(cfg: &ts_rs::Config) -> String {
    let decl = T::decl(cfg);
    let decl = match decl.split_once(" = { ").and_then(|(head, rest)| Some((head, rest.strip_suffix(" };")?))) {
        Some((head, body)) => {
            let lines: Vec<String> = body.trim().lines().map(|line| format!("    {}", line.trim_end())).collect();
            format!("{head} = {{\n{}\n}};", lines.join("\n"))
        }
        None => decl,
    };
    format!("{}export {decl}", T::docs().unwrap_or_default())
}

/// Integers cross as JS numbers (`JSON.parse`), never `bigint`.
#[cfg(feature = "ts")]
fn ts_config() -> ts_rs::Config {
    ts_rs::Config::new().with_large_int("number")
}

#[wasm_bindgen]
pub struct Calculator {
    catalog: Catalog,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
struct RegionInfo<'a> {
    id: &'a str,
    name: &'a str,
    extends: Option<&'a str>,
    roles: Vec<Labelled<'a>>,
    provisions: usize,
}

fn error(code: &str, field: Option<&str>, message: &str) -> JsValue {
    let e = js_sys::Error::new(message);
    let _ = js_sys::Reflect::set(&e, &"code".into(), &code.into());
    if let Some(field) = field {
        let _ = js_sys::Reflect::set(&e, &"field".into(), &field.into());
    }
    e.into()
}

fn input_error(e: InputError) -> JsValue {
    let js = error(e.code(), e.field(), &e.to_string());
    if let Some((other, value)) = e.other_field() {
        let _ = js_sys::Reflect::set(&js, &"other".into(), &other.into());
        let _ = js_sys::Reflect::set(&js, &"other_value".into(), &value.into());
    }
    js
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    // Plain data with string keys cannot fail to serialise; the message is
    // fixed so that serde_json's error texts stay out of the module.
    let text = serde_json::to_string(value).map_err(|_| error("internal", None, "the result could not be written as JSON"))?;
    js_sys::JSON::parse(&text)
}

/// One answer as the page passes it. Read by hand rather than with a serde
/// deserialiser for JS values: that one, with the float formatting its error
/// messages pull in, was a sizeable share of the module.
fn raw_answer(fact: &str, value: &JsValue) -> Result<RawAnswer, JsValue> {
    let answer = if value.is_null() || value.is_undefined() {
        Ok(RawAnswer::Null)
    } else if let Some(b) = value.as_bool() {
        Ok(RawAnswer::Bool(b))
    } else if let Some(n) = value.as_f64() {
        RawAnswer::from_js_number(n)
    } else if let Some(s) = value.as_string() {
        Ok(RawAnswer::Text(s))
    } else {
        Err("expected a boolean, a whole number, a string or null")
    };
    answer.map_err(|problem| {
        // JS writes the value (no float formatting in the module); the
        // error keeps only its first characters.
        let shown = match value.as_f64() {
            Some(_) => value.unchecked_ref::<js_sys::Number>().to_string_with_radix(10).map(String::from).unwrap_or_default(),
            None => js_sys::JSON::stringify(value).map(String::from).unwrap_or_default(),
        };
        input_error(InputError::BadValue { fact: fact.to_string(), value: shown, problem: problem.into() })
    })
}

/// What a non-object was, for the error message (never its value).
fn js_kind(value: &JsValue) -> &'static str {
    if js_sys::Array::is_array(value) {
        "an array"
    } else if value.as_bool().is_some() {
        "a boolean"
    } else if value.as_f64().is_some() {
        "a number"
    } else if value.is_string() {
        "a string"
    } else {
        "a value of another kind"
    }
}

fn lang(code: &str) -> Result<Lang, JsValue> {
    Lang::parse(code).ok_or_else(|| input_error(InputError::UnknownLanguage { value: code.to_string() }))
}

fn as_of(text: &str) -> Result<Date, JsValue> {
    Date::parse(text).ok_or_else(|| input_error(InputError::BadDate { field: "as_of".into(), value: text.to_string() }))
}

impl Calculator {
    /// What every query reads first, checked in this order: language, date,
    /// region, answers.
    fn inputs(&self, lang_code: &str, as_of_date: &str, region: &str, answers: JsValue) -> Result<(Lang, Date, &policycalc_core::pack::Region, Facts), JsValue> {
        let (lang, as_of) = (lang(lang_code)?, as_of(as_of_date)?);
        Ok((lang, as_of, self.region(region)?, self.facts(answers)?))
    }

    /// The explained result `evaluate` returns and `explain` picks from.
    fn report(&self, lang_code: &str, as_of_date: &str, region: &str, answers: JsValue) -> Result<report::Report, JsValue> {
        let (lang, as_of, region, facts) = self.inputs(lang_code, as_of_date, region, answers)?;
        let evaluation = engine::evaluate(&self.catalog.vocab, region, &facts, as_of);
        Ok(report::build(&self.catalog, region, &facts, &evaluation, lang))
    }

    fn facts(&self, answers: JsValue) -> Result<Facts, JsValue> {
        let facts = self.answers(answers)?;
        self.catalog.vocab.check_constraints(&facts, None).map_err(input_error)?;
        Ok(facts)
    }

    /// The "not sure" list: an array of known fact ids (or nothing).
    fn skipped(&self, skipped: JsValue) -> Result<FactSet, JsValue> {
        let mut set = FactSet::default();
        if skipped.is_undefined() || skipped.is_null() {
            return Ok(set);
        }
        if !js_sys::Array::is_array(&skipped) {
            return Err(error("bad_skipped", Some("skipped"), "`skipped` must be an array of fact ids"));
        }
        for item in js_sys::Array::from(&skipped).iter() {
            let name = item.as_string().ok_or_else(|| error("bad_skipped", Some("skipped"), "`skipped` must be an array of fact ids"))?;
            let id = self.catalog.vocab.fact_id(&name).ok_or_else(|| input_error(policycalc_core::vocab::unknown_fact(&self.catalog.vocab, &name)))?;
            set.insert(id);
        }
        Ok(set)
    }

    /// The answers, each checked on its own (not yet against each other).
    fn answers(&self, answers: JsValue) -> Result<Facts, JsValue> {
        if answers.is_undefined() || answers.is_null() {
            return Ok(Facts::empty(&self.catalog.vocab));
        }
        if !answers.is_object() || js_sys::Array::is_array(&answers) {
            return Err(input_error(InputError::NotAnObject { found: js_kind(&answers).into() }));
        }
        // One entry at a time, so a value JSON cannot carry (NaN, Infinity,
        // 2^53 + 1) is an error naming its fact.
        let vocab = &self.catalog.vocab;
        let mut map: BTreeMap<String, RawAnswer> = BTreeMap::new();
        for entry in js_sys::Object::entries(answers.unchecked_ref()).iter() {
            let pair: js_sys::Array = entry.unchecked_into();
            let fact = pair.get(0).as_string().unwrap_or_default();
            if vocab.fact_id(&fact).is_none() {
                return Err(input_error(policycalc_core::vocab::unknown_fact(vocab, &fact)));
            }
            map.insert(fact.clone(), raw_answer(&fact, &pair.get(1))?);
        }
        Facts::each_answer(vocab, map.iter().map(|(k, v)| (k.as_str(), v))).map_err(input_error)
    }

    fn region(&self, id: &str) -> Result<&policycalc_core::pack::Region, JsValue> {
        self.catalog.region(id).map_err(input_error)
    }

    fn fact_info(&self, id: policycalc_core::expr::FactId, lang: Lang, q: Option<&Question>) -> FactInfo<'_> {
        fact_info(&self.catalog.vocab, id, lang, q)
    }
}

#[wasm_bindgen]
impl Calculator {
    /// Takes a compiled catalog written by `policycalc export-catalog`: the
    /// calculator page fetches one region in the reader's language
    /// (`pkg/catalog.<region>.<lang>.bin`), the batch page every region in it
    /// (`pkg/catalog.<lang>.bin`).
    #[wasm_bindgen(constructor)]
    pub fn new(catalog: Option<Vec<u8>>) -> Result<Calculator, JsValue> {
        let catalog = match catalog {
            Some(bytes) => Catalog::from_compiled(&bytes),
            #[cfg(feature = "embedded-catalog")]
            None => policycalc_catalog::embedded(),
            #[cfg(not(feature = "embedded-catalog"))]
            None => {
                return Err(error(
                    "no_catalog",
                    Some("catalog"),
                    "pass the compiled catalog: new Calculator(new Uint8Array(await (await fetch('pkg/catalog.zh-Hans.bin')).arrayBuffer()))",
                ))
            }
        }
        .map_err(|e| error("bad_catalog", None, &e.to_string()))?;
        Ok(Calculator { catalog })
    }

    /// Regions with the roles their provisions concern.
    #[wasm_bindgen(unchecked_return_type = "RegionInfo[]")]
    pub fn regions(&self, lang_code: &str) -> Result<JsValue, JsValue> {
        let lang = lang(lang_code)?;
        let list: Vec<RegionInfo> = self
            .catalog
            .regions
            .iter()
            .filter(|r| r.selectable)
            .map(|r| RegionInfo {
                id: &r.id,
                name: r.name.get(lang),
                extends: r.extends.as_deref(),
                roles: self
                    .catalog
                    .region_roles(r)
                    .into_iter()
                    .map(|role| Labelled { id: &role.id, label: role.label.get(lang) })
                    .collect(),
                provisions: r.provisions.len(),
            })
            .collect();
        to_js(&list)
    }

    /// The fact vocabulary: question texts, types, bounds and enum values.
    #[wasm_bindgen(unchecked_return_type = "FactInfo[]")]
    pub fn facts_info(&self, lang_code: &str) -> Result<JsValue, JsValue> {
        let lang = lang(lang_code)?;
        let list: Vec<FactInfo> =
            (0..self.catalog.vocab.facts.len()).map(|i| self.fact_info(i as u16, lang, None)).collect();
        to_js(&list)
    }

    /// The question that settles the most open provisions, or `null` when done.
    /// `skipped` (optional): the fact ids the person answered "not sure" to,
    /// never asked again; they stay unanswered.
    #[wasm_bindgen(js_name = nextQuestion, unchecked_return_type = "QuestionInfo | null")]
    pub fn next_question(
        &self,
        region: &str,
        as_of_date: &str,
        #[wasm_bindgen(unchecked_param_type = "Answers")] answers: JsValue,
        lang_code: &str,
        #[wasm_bindgen(unchecked_param_type = "string[] | undefined")] skipped: JsValue,
    ) -> Result<JsValue, JsValue> {
        let (lang, as_of, region, facts) = self.inputs(lang_code, as_of_date, region, answers)?;
        let skipped = self.skipped(skipped)?;
        match interview::next_question_skipping(&self.catalog.vocab, region, &facts, as_of, &skipped) {
            Some(q) => to_js(&self.fact_info(q.fact, lang, Some(&q))),
            None => Ok(JsValue::NULL),
        }
    }

    /// Evaluates every provision for the answers so far, with explanations.
    #[wasm_bindgen(unchecked_return_type = "Report")]
    pub fn evaluate(
        &self,
        region: &str,
        as_of_date: &str,
        #[wasm_bindgen(unchecked_param_type = "Answers")] answers: JsValue,
        lang_code: &str,
    ) -> Result<JsValue, JsValue> {
        to_js(&self.report(lang_code, as_of_date, region, answers)?)
    }

    /// One provision's explanation (why, what-if, computation, source).
    #[wasm_bindgen(unchecked_return_type = "Benefit")]
    pub fn explain(
        &self,
        region: &str,
        as_of_date: &str,
        #[wasm_bindgen(unchecked_param_type = "Answers")] answers: JsValue,
        lang_code: &str,
        provision: &str,
    ) -> Result<JsValue, JsValue> {
        let benefit = self
            .report(lang_code, as_of_date, region, answers)?
            .benefits
            .into_iter()
            .find(|b| b.id == provision)
            .ok_or_else(|| error("unknown_provision", Some("provision"), &format!("no provision `{provision}` for these answers in `{region}`")))?;
        to_js(&benefit)
    }

    /// Checks one answer before it is stored; throws the error to show next to the field.
    /// With the answers given so far, also checks it against them (the
    /// vocabulary's constraints: 5 interns kept on of 4 hosted is refused here).
    #[wasm_bindgen(js_name = checkAnswer)]
    pub fn check_answer(
        &self,
        fact: &str,
        value: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Answers | undefined")] answers: JsValue,
    ) -> Result<(), JsValue> {
        let vocab = &self.catalog.vocab;
        // An unknown fact is the error to show, whatever the value.
        let id = vocab.fact_id(fact).ok_or_else(|| input_error(policycalc_core::vocab::unknown_fact(vocab, fact)))?;
        let raw = raw_answer(fact, &value)?;
        let parsed = vocab.check_answer(fact, Ok(raw)).map_err(input_error)?;
        if answers.is_undefined() || answers.is_null() {
            return Ok(());
        }
        let mut facts = self.answers(answers)?;
        facts.set(id, Some(parsed));
        vocab.check_constraints(&facts, Some(id)).map_err(input_error)
    }
}

// ------------------------------------------------------------------ batch (CSV)
//
// The browser edge of `policycalc-batch`. The page decodes the file (UTF-8, or
// GB18030 with `TextDecoder('gb18030')`), feeds text chunks to a `BatchJob`
// and gets output CSV text, new row errors and running totals back.
// Built only with the `batch` feature (a second module, see Cargo.toml).

#[cfg(all(feature = "batch", feature = "ts"))]
pub use batch_edge::ts_declarations as batch_ts_declarations;

#[cfg(feature = "batch")]
mod batch_edge {
    use super::{as_of, error, lang, to_js, Calculator};
    use policycalc_core::{Catalog, Lang};
    use serde::Serialize;
    use wasm_bindgen::prelude::*;

    // The batch module's TypeScript types (generated like TS_TYPES).
    #[wasm_bindgen(typescript_custom_section)]
    const BATCH_TS_TYPES: &'static str = include_str!("../batch-types.d.ts");

    /// The declarations batch-types.d.ts holds after its preamble, in order.
    #[cfg(feature = "ts")]
    pub fn ts_declarations() -> Vec<String> {
        use super::ts_export;
        let cfg = super::ts_config();
        vec![
            ts_export::<BatchErrorJs>(&cfg),
            ts_export::<BatchStatsJs>(&cfg),
            ts_export::<BatchProgressJs>(&cfg),
            #[cfg(feature = "xlsx")]
            ts_export::<BatchWorkbookJs>(&cfg),
        ]
    }

    #[derive(Serialize)]
    #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
    #[cfg_attr(feature = "ts", ts(rename = "BatchStats"))]
    struct BatchStatsJs {
        rows: u64,
        computed: u64,
        rejected: u64,
        blank: u64,
        errors_not_kept: u64,
        bytes: u64,
    }

    #[derive(Serialize)]
    #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
    #[cfg_attr(feature = "ts", ts(rename = "BatchRowError"))]
    struct BatchErrorJs<'a> {
        line: u64,
        column: Option<usize>,
        column_name: Option<&'a str>,
        value: Option<&'a str>,
        code: &'static str,
        message: String,
    }

    #[derive(Serialize)]
    #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
    #[cfg_attr(feature = "ts", ts(rename = "BatchProgress"))]
    struct BatchProgressJs<'a> {
        csv: String,
        stats: BatchStatsJs,
        errors: Vec<BatchErrorJs<'a>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        summary: Option<Vec<Vec<String>>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        summary_csv: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        preview: Option<&'a [Vec<String>]>,
        #[serde(skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        warnings: Option<&'a [String]>,
        #[serde(skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        more: Option<bool>,
        #[serde(skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        done_rows: Option<usize>,
        #[serde(skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        total_rows: Option<usize>,
        /// The output rows as a UTF-8 Blob, from `pushBytes` and
        /// `pushRowsBytes` (then `csv` is empty); set on the object, never
        /// in its JSON.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional, type = "Blob"))]
        blob: Option<()>,
    }

    #[cfg(feature = "xlsx")]
    #[derive(Serialize)]
    #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
    #[cfg_attr(feature = "ts", ts(rename = "BatchWorkbook"))]
    struct BatchWorkbookJs<'a> {
        sheet: &'a str,
        sheets: &'a [String],
        rows: usize,
    }

    /// A batch in progress: owns its copy of the catalog and the running
    /// state, the workbook being read (Excel input) and the one being written
    /// (Excel output; the CSV text then goes into it instead of to the page).
    #[wasm_bindgen]
    pub struct BatchJob {
        catalog: Catalog,
        batch: policycalc_batch::Batch,
        lang: Lang,
        /// The pool's reader: rows read, not yet taken (`takeRows`); a
        /// worker: the block being evaluated.
        rows: policycalc_batch::Rows,
        /// `endRows` was called: `finish` only reports.
        ended: bool,
        #[cfg(feature = "xlsx")]
        input: Option<policycalc_batch::xlsx::Workbook>,
        #[cfg(feature = "xlsx")]
        output: Option<policycalc_batch::xlsx::XlsxOutput>,
    }

    /// Excel asked of the CSV-only module (the page loads the Excel one first).
    #[cfg(not(feature = "xlsx"))]
    fn excel_missing() -> JsValue {
        error("excel_module", None, "Excel needs the Excel module, policycalc_batch_xlsx")
    }

    fn batch_error(e: policycalc_batch::BatchError, lang: Lang) -> JsValue {
        error(e.code(), None, &e.message(lang))
    }

    #[wasm_bindgen]
    extern "C" {
        /// The browser's (and Node's) `Blob`.
        type Blob;
        #[wasm_bindgen(constructor, catch)]
        fn new(parts: &js_sys::Array) -> Result<Blob, JsValue>;
    }

    /// `bytes` as a Blob, made from a view of the module's memory: the Blob
    /// constructor copies its parts before it returns, so the bytes are
    /// copied once (into a Uint8Array first, which the page's Blob then
    /// copied again, was 14 % of a 100k-row batch in Node, 28 MB a run).
    fn blob(bytes: &[u8]) -> Result<JsValue, JsValue> {
        // SAFETY: the view is of `bytes`, which outlive this call, and is
        // read only by the Blob constructor below, which copies it before
        // returning; nothing in between allocates in the module's memory
        // (which could move or detach what the view sees).
        let view = unsafe { js_sys::Uint8Array::view(bytes) };
        Blob::new(&js_sys::Array::of1(&view)).map(JsValue::from)
    }

    /// Bytes from another instance that are not what this build writes.
    fn garbled(what: &str) -> JsValue {
        error("internal", None, &format!("a batch worker's {what} could not be read"))
    }

    impl BatchJob {
        /// Rows done and in all of the workbook being read, if any.
        #[cfg(feature = "xlsx")]
        fn workbook_rows(&self) -> (Option<usize>, Option<usize>) {
            (self.input.as_ref().map(|b| b.done()), self.input.as_ref().map(|b| b.rows()))
        }

        #[cfg(not(feature = "xlsx"))]
        fn workbook_rows(&self) -> (Option<usize>, Option<usize>) {
            (None, None)
        }

        /// The next rows of the workbook: evaluated here, or (`keep_rows`,
        /// the pool) kept for `takeRows`.
        #[cfg(feature = "xlsx")]
        fn push_book(&mut self, max_rows: usize, keep_rows: bool) -> Result<JsValue, JsValue> {
            let Some(mut book) = self.input.take() else {
                return Err(error("no_workbook", None, "openWorkbook first"));
            };
            let mut out = String::new();
            let rows = if keep_rows { Some(&mut self.rows) } else { None };
            let more = book.push(&mut self.batch, &self.catalog, max_rows, &mut out, rows);
            self.input = Some(book);
            let more = more.map_err(|e| batch_error(e, self.lang))?;
            let value = self.progress(out, false)?;
            js_sys::Reflect::set(&value, &JsValue::from_str("more"), &JsValue::from_bool(more))?;
            Ok(value)
        }

        #[cfg_attr(not(feature = "xlsx"), allow(unused_mut))]
        fn progress(&mut self, mut csv: String, done: bool) -> Result<JsValue, JsValue> {
            let lang = self.lang;
            #[cfg(feature = "xlsx")]
            if let Some(book) = &mut self.output {
                book.push(&self.batch, &self.catalog, &csv).map_err(|e| batch_error(e, lang))?;
                csv.clear();
            }
            let (done_rows, total_rows) = self.workbook_rows();
            let s = self.batch.stats();
            let stats = BatchStatsJs {
                rows: s.rows,
                computed: s.computed,
                rejected: s.rejected,
                blank: s.blank,
                errors_not_kept: s.errors_not_kept,
                bytes: s.bytes,
            };
            let (summary, summary_csv) = if done {
                (Some(self.batch.summary_rows(&self.catalog)), Some(self.batch.summary_csv(&self.catalog)))
            } else {
                (None, None)
            };
            let batch = &mut self.batch;
            let new_errors: Vec<policycalc_batch::RowError> = batch.take_new_errors().to_vec();
            let errors = new_errors
                .iter()
                .map(|e| BatchErrorJs {
                    line: e.line,
                    // 1-based for people; a column index is far below usize::MAX.
                    column: e.column.map(|c| c.saturating_add(1)),
                    column_name: e.column_name.as_deref(),
                    value: e.value.as_deref(),
                    code: e.problem.code(),
                    message: e.message(lang),
                })
                .collect();
            let value = BatchProgressJs {
                // Set on the object below, not written into its JSON.
                csv: String::new(),
                stats,
                errors,
                summary,
                summary_csv,
                preview: if done { Some(self.batch.preview()) } else { None },
                warnings: if done { Some(self.batch.warnings()) } else { None },
                more: None,
                done_rows,
                total_rows,
                blob: None,
            };
            // The output rows (megabytes a chunk) go to JS as one string: in
            // the JSON they were escaped, decoded and parsed again, about a
            // third of a 100k-row batch's time in Node (--cpu-prof).
            let value = to_js(&value)?;
            js_sys::Reflect::set(&value, &JsValue::from_str("csv"), &JsValue::from_str(&csv))?;
            Ok(value)
        }

        /// [`BatchJob::progress`] of a bytes call: the output rows as a
        /// UTF-8 Blob in `blob` ([`blob`]: no decoding to a string and
        /// encoding again), `csv` empty.
        fn progress_bytes(&mut self, out: String) -> Result<JsValue, JsValue> {
            #[cfg(feature = "xlsx")]
            if self.output.is_some() {
                return self.progress(out, false);
            }
            let value = self.progress(String::new(), false)?;
            js_sys::Reflect::set(&value, &JsValue::from_str("blob"), &blob(out.as_bytes())?)?;
            Ok(value)
        }
    }

    #[wasm_bindgen]
    impl BatchJob {
        /// Feeds decoded text (any chunk size; records may span chunks). Returns
        /// the output CSV completed so far (the BOM and header come first), the
        /// row errors found in this chunk and the counts. Throws on a file-level
        /// problem (duplicate or misspelt columns, no fact column...).
        #[wasm_bindgen(unchecked_return_type = "BatchProgress")]
        pub fn push(&mut self, text: &str) -> Result<JsValue, JsValue> {
            // A guess (quoting and the result columns roughly double a row);
            // saturating, as only a capacity hint.
            let mut out = String::with_capacity(text.len().saturating_mul(2));
            self.batch.push(&self.catalog, text, &mut out).map_err(|e| batch_error(e, self.lang))?;
            self.progress(out, false)
        }

        /// As `push`, from UTF-8 bytes cut anywhere (a character cut by a
        /// chunk's end is completed by the next), so the page need not decode
        /// them: the output rows come back as UTF-8 in `bytes` (`csv` is
        /// empty), ready for a Blob. Bytes that are not UTF-8 throw the
        /// `encoding` error (GB18030 files go through `push`).
        #[wasm_bindgen(js_name = pushBytes, unchecked_return_type = "BatchProgress")]
        pub fn push_bytes(&mut self, bytes: &[u8]) -> Result<JsValue, JsValue> {
            let mut out = String::with_capacity(bytes.len().saturating_mul(2));
            self.batch.push_bytes(&self.catalog, bytes, &mut out).map_err(|e| batch_error(e, self.lang))?;
            self.progress_bytes(out)
        }

        /// Ends the input: the last output, the summary (rows of cells and CSV),
        /// the preview rows and header notes. Throws on an empty or header-only file.
        #[wasm_bindgen(unchecked_return_type = "BatchResult")]
        pub fn finish(&mut self) -> Result<JsValue, JsValue> {
            let mut out = String::new();
            if !self.ended {
                self.batch.finish(&self.catalog, &mut out).map_err(|e| batch_error(e, self.lang))?;
            }
            self.progress(out, true)
        }

        // The pool (the batch page on more than one core): this job reads and
        // splits (`pushRows` / `pushWorkbookRows`, `takeRows`, `endRows`),
        // jobs from `batchWorker` in other workers evaluate the blocks
        // (`evaluateRows`, `takePart`), and this one `absorb`s their parts in
        // input order, then `finish`es: the output, counts, kept errors and
        // totals of `push` on one worker (tests/pool.rs in policycalc-batch).

        /// As `push`, but the data rows are only read (and counted), kept for
        /// `takeRows`; `csv` holds only the output header.
        #[wasm_bindgen(js_name = pushRows, unchecked_return_type = "BatchProgress")]
        pub fn push_rows(&mut self, text: &str) -> Result<JsValue, JsValue> {
            let mut out = String::new();
            self.batch.push_rows(&self.catalog, text, &mut out, &mut self.rows).map_err(|e| batch_error(e, self.lang))?;
            self.progress(out, false)
        }

        /// As `pushRows`, from UTF-8 bytes (as `pushBytes`: the output
        /// header comes in `bytes`).
        #[wasm_bindgen(js_name = pushRowsBytes, unchecked_return_type = "BatchProgress")]
        pub fn push_rows_bytes(&mut self, bytes: &[u8]) -> Result<JsValue, JsValue> {
            let mut out = String::new();
            self.batch.push_rows_bytes(&self.catalog, bytes, &mut out, &mut self.rows).map_err(|e| batch_error(e, self.lang))?;
            self.progress_bytes(out)
        }

        /// Ends the input read with `pushRows` (throws on an empty or
        /// header-only file); `takeRows` then has the last rows.
        #[wasm_bindgen(js_name = endRows, unchecked_return_type = "BatchProgress")]
        pub fn end_rows(&mut self) -> Result<JsValue, JsValue> {
            let mut out = String::new();
            self.batch.finish_rows(&self.catalog, &mut out, &mut self.rows).map_err(|e| batch_error(e, self.lang))?;
            self.ended = true;
            self.progress(out, false)
        }

        /// The rows read since the last call, as one block for
        /// `evaluateRows` (empty when there are none).
        #[wasm_bindgen(js_name = takeRows)]
        pub fn take_rows(&mut self) -> Vec<u8> {
            if self.rows.is_empty() {
                return Vec::new();
            }
            let block = self.rows.encode();
            self.rows.clear();
            block
        }

        /// The header as read, for `batchWorker` (null before it is read).
        #[wasm_bindgen(js_name = headerCsv)]
        pub fn header_csv(&self) -> Option<String> {
            self.batch.header_csv()
        }

        /// Adds a worker's part (`takePart`) and its output rows, which must
        /// come in input order: the counts, kept errors and totals grow, the
        /// preview fills from `output`, and with workbook output the rows go
        /// into the workbook (so `output` may be empty once the preview is
        /// full, for CSV output). Returns the progress (its `csv` is empty).
        #[wasm_bindgen(unchecked_return_type = "BatchProgress")]
        pub fn absorb(&mut self, part: &[u8], output: &[u8]) -> Result<JsValue, JsValue> {
            let part = policycalc_batch::Part::decode(part).ok_or_else(|| garbled("counts"))?;
            let output = std::str::from_utf8(output).map_err(|_| garbled("output"))?;
            self.batch.absorb(part);
            self.batch.keep_preview_rows(output);
            #[cfg(feature = "xlsx")]
            let csv = if self.output.is_some() { output.to_string() } else { String::new() };
            #[cfg(not(feature = "xlsx"))]
            let csv = String::new();
            self.progress(csv, false)
        }

        /// A pool worker's job (`batchWorker`): evaluates a block of
        /// `takeRows` and returns its output rows as a UTF-8 Blob (posted
        /// to the reader by reference, so the rows are copied once, out of
        /// the module's memory); the counts, errors and totals wait for
        /// `takePart`.
        #[wasm_bindgen(js_name = evaluateRows, unchecked_return_type = "Blob")]
        pub fn evaluate_rows(&mut self, block: &[u8]) -> Result<JsValue, JsValue> {
            if !self.rows.decode(block) {
                return Err(garbled("rows"));
            }
            // The output is the input's cells plus the answer columns: a
            // few times the block (grown if not).
            let mut out = String::with_capacity(block.len().saturating_mul(3));
            self.batch.evaluate_rows(&self.catalog, &self.rows, &mut out);
            blob(out.as_bytes())
        }

        /// What the blocks evaluated since the last call add to the counts,
        /// errors and totals, for the reader's `absorb`.
        #[wasm_bindgen(js_name = takePart)]
        pub fn take_part(&mut self) -> Vec<u8> {
            self.batch.take_part().encode()
        }

        /// Opens an Excel workbook (.xlsx, .xls, .xlsb, .ods) as the input
        /// (the Excel module only, `policycalc_batch_xlsx`):
        /// `sheet` by name, or the first when empty. Its rows are then fed with
        /// `pushWorkbook`.
        #[cfg(feature = "xlsx")]
        #[wasm_bindgen(js_name = openWorkbook, unchecked_return_type = "BatchWorkbook")]
        pub fn open_workbook(&mut self, bytes: Vec<u8>, sheet: &str) -> Result<JsValue, JsValue> {
            let book = policycalc_batch::xlsx::Workbook::open(bytes, (!sheet.is_empty()).then_some(sheet), self.lang)
                .map_err(|e| batch_error(e, self.lang))?;
            let value = to_js(&BatchWorkbookJs { sheet: &book.sheet, sheets: &book.sheets, rows: book.rows() });
            self.input = Some(book);
            value
        }

        /// Feeds up to `max_rows` more rows of the open workbook; `more` says
        /// whether rows remain (then call again, or `finish`).
        #[cfg(feature = "xlsx")]
        #[wasm_bindgen(js_name = pushWorkbook, unchecked_return_type = "BatchProgress")]
        pub fn push_workbook(&mut self, max_rows: usize) -> Result<JsValue, JsValue> {
            self.push_book(max_rows, false)
        }

        /// As `pushWorkbook`, but the rows are kept for `takeRows` (the pool).
        #[cfg(feature = "xlsx")]
        #[wasm_bindgen(js_name = pushWorkbookRows, unchecked_return_type = "BatchProgress")]
        pub fn push_workbook_rows(&mut self, max_rows: usize) -> Result<JsValue, JsValue> {
            self.push_book(max_rows, true)
        }

        /// The output workbook (results, summary, errors sheets), after
        /// `finish`, when the batch was begun with `workbook_out`.
        #[cfg(feature = "xlsx")]
        #[wasm_bindgen(js_name = outputWorkbook)]
        pub fn output_workbook(&mut self) -> Result<Vec<u8>, JsValue> {
            let Some(book) = self.output.take() else {
                return Err(error("no_workbook", None, "the batch was not begun with workbook output"));
            };
            book.finish(&self.batch, &self.catalog).map_err(|e| batch_error(e, self.lang))
        }

        /// Running totals so far, as summary rows (header first).
        #[wasm_bindgen(unchecked_return_type = "string[][]")]
        pub fn summary(&self) -> Result<JsValue, JsValue> {
            to_js(&self.batch.summary_rows(&self.catalog))
        }
    }

    impl Calculator {
        fn new_batch(&self, region: &str, as_of_date: &str, lang_code: &str, detailed: bool) -> Result<(Lang, policycalc_batch::Batch), JsValue> {
            let lang = lang(lang_code)?;
            let as_of = if as_of_date.is_empty() { None } else { Some(as_of(as_of_date)?) };
            let options = policycalc_batch::BatchOptions { region: (!region.is_empty()).then(|| region.to_string()), as_of, lang, detailed };
            let batch = policycalc_batch::Batch::new(&self.catalog, options).map_err(|e| batch_error(e, lang))?;
            Ok((lang, batch))
        }
    }

    #[wasm_bindgen]
    impl Calculator {
        /// Adds another language's compiled catalog texts (labels, titles), so a
        /// batch accepts headers and writes output in that language too.
        #[wasm_bindgen(js_name = batchAddTexts)]
        pub fn batch_add_texts(&mut self, catalog: Vec<u8>) -> Result<(), JsValue> {
            let other = Catalog::from_compiled(&catalog).map_err(|e| error("bad_pack", None, &e.to_string()))?;
            policycalc_batch::merge_texts(&mut self.catalog, &other);
            Ok(())
        }

        /// Starts a batch. `region` and `as_of` may be empty when the file has
        /// `region` / `as_of` columns; `preview_rows` output rows are kept for
        /// display; `detailed` adds every provision's status, amount and reason
        /// columns; `workbook_out` collects the output as an .xlsx workbook
        /// (`outputWorkbook`) instead of returning CSV text.
        #[wasm_bindgen(js_name = batchBegin)]
        pub fn batch_begin(
            &self,
            region: &str,
            as_of_date: &str,
            lang_code: &str,
            preview_rows: usize,
            detailed: bool,
            workbook_out: bool,
        ) -> Result<BatchJob, JsValue> {
            let (lang, mut batch) = self.new_batch(region, as_of_date, lang_code, detailed)?;
            batch.keep_preview(preview_rows);
            #[cfg(feature = "xlsx")]
            let output = workbook_out.then(policycalc_batch::xlsx::XlsxOutput::new);
            #[cfg(not(feature = "xlsx"))]
            if workbook_out {
                return Err(excel_missing());
            }
            Ok(BatchJob {
                catalog: self.catalog.clone(),
                batch,
                lang,
                rows: policycalc_batch::Rows::default(),
                ended: false,
                #[cfg(feature = "xlsx")]
                input: None,
                #[cfg(feature = "xlsx")]
                output,
            })
        }

        /// A pool worker's job for the batch `batchBegin` started in another
        /// worker with the same options: `header` is that job's `headerCsv()`.
        /// It only evaluates blocks (`evaluateRows`, `takePart`).
        #[wasm_bindgen(js_name = batchWorker)]
        pub fn batch_worker(&self, region: &str, as_of_date: &str, lang_code: &str, detailed: bool, header: &str) -> Result<BatchJob, JsValue> {
            let (lang, mut batch) = self.new_batch(region, as_of_date, lang_code, detailed)?;
            let mut rows = policycalc_batch::Rows::default();
            batch.push_rows(&self.catalog, header, &mut String::new(), &mut rows).map_err(|e| batch_error(e, lang))?;
            Ok(BatchJob {
                catalog: self.catalog.clone(),
                batch,
                lang,
                rows,
                ended: false,
                #[cfg(feature = "xlsx")]
                input: None,
                #[cfg(feature = "xlsx")]
                output: None,
            })
        }

        /// The template for a region and role: `format` "csv" (header and
        /// example row, UTF-8 with BOM), "values" (the CSV's companion: each
        /// column's meaning, unit, allowed values, example) or "xlsx" (the
        /// workbook with instructions and drop-downs). Empty region / role: all.
        #[wasm_bindgen(js_name = batchTemplate)]
        pub fn batch_template(&self, lang_code: &str, region: &str, as_of_date: &str, role: &str, format: &str) -> Result<Vec<u8>, JsValue> {
            let lang = lang(lang_code)?;
            let spec = policycalc_batch::template::Spec {
                lang,
                region: (!region.is_empty()).then_some(region),
                role: (!role.is_empty()).then_some(role),
                as_of: as_of(as_of_date)?,
            };
            let fail = |e| batch_error(e, lang);
            match format {
                #[cfg(feature = "xlsx")]
                "xlsx" => policycalc_batch::xlsx::template_xlsx(&self.catalog, &spec).map_err(fail),
                #[cfg(not(feature = "xlsx"))]
                "xlsx" => Err(excel_missing()),
                "values" => Ok(policycalc_batch::template::build(&self.catalog, &spec).map_err(fail)?.values_csv().into_bytes()),
                _ => Ok(policycalc_batch::template::build(&self.catalog, &spec).map_err(fail)?.csv().into_bytes()),
            }
        }

        /// A file-level error the page detects itself (too large, undecodable),
        /// worded like the others.
        #[wasm_bindgen(js_name = batchFileError)]
        pub fn batch_file_error(&self, code: &str, lang_code: &str, bytes: f64, limit: f64) -> Result<String, JsValue> {
            let lang = lang(lang_code)?;
            let e = match code {
                "too_large" => policycalc_batch::BatchError::TooLarge { bytes: bytes as u64, limit: limit as u64 },
                _ => policycalc_batch::BatchError::Encoding {
                    message: policycalc_core::phrases::batch_phrase(lang, policycalc_core::phrases::BatchWord::FileNotText).into(),
                },
            };
            Ok(e.message(lang))
        }
    }
}
