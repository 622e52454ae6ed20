//! Case files (`tests/cases/<region>/*.toml`): one scenario with exact
//! expected statuses, amounts, totals, texts, questions and what-if
//! suggestions. The one reader and checker: `tests/cases.rs` runs every
//! shipped case with it, the policy studio (crates/policycalc-studio) the
//! region's cases on the officer's draft; [`case_from_answers`] writes a
//! case the reader reads back to the same facts. No file IO (text in).

use policycalc_core::engine::{self, Status};
use policycalc_core::expr::Value;
use policycalc_core::pack::Region;
use policycalc_core::vocab::FactType;
use policycalc_core::{report, whatif, Catalog, Date, Facts, Lang};
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// One case file as written.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub region: String,
    pub as_of: String,
    pub description: String,
    #[serde(default)]
    pub facts: toml::Table,
    #[serde(default)]
    expect: Vec<Expect>,
    /// Every total, exactly; `expect_total = []` asserts there is none.
    #[serde(default)]
    expect_total: Option<Vec<ExpectTotal>>,
    /// Provisions that must not be listed at all (another role's).
    #[serde(default)]
    absent: Vec<String>,
    /// What the explained result says (fields of the JSON benefit, in one language).
    #[serde(default)]
    expect_text: Vec<ExpectText>,
    /// What a fact's question, help or label says (findings about how a
    /// question is put, e.g. "hosted in this round, including those hired").
    #[serde(default)]
    expect_question: Vec<ExpectQuestion>,
    /// What-if suggestions, exact: for each provision named, the listed
    /// suggestions are all it gets (`none = true`: it gets none).
    #[serde(default)]
    expect_what_if: Vec<ExpectWhatIf>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectQuestion {
    fact: String,
    lang: String,
    /// `question`, `help` or `label`
    field: String,
    #[serde(default)]
    contains: Vec<String>,
    #[serde(default)]
    not_contains: Vec<String>,
}

/// One expected what-if suggestion for a provision: the whole change set and
/// the outcome it promises (status, and `min`/`max`, "none" when absent).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectWhatIf {
    id: String,
    #[serde(default)]
    none: bool,
    #[serde(default)]
    changes: Vec<ExpectChange>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    min: Option<String>,
    #[serde(default)]
    max: Option<String>,
}

/// `from` is omitted when the fact was unanswered.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectChange {
    fact: String,
    #[serde(default)]
    from: Option<toml::Value>,
    to: toml::Value,
}

/// A check on one field of a benefit as the reader gets it (`report::build`):
/// e.g. that a clause label names the right section, or that a phrase never
/// says "eligible" under "not eligible". `field` is a dotted path into the
/// benefit's JSON (`computation`, `validity.text`, `why.0.rule`: a number
/// indexes a list); without `id`, into the whole report (`complete`,
/// `totals.0.text`). Non-string values are matched against their JSON text.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectText {
    #[serde(default)]
    id: Option<String>,
    lang: String,
    field: String,
    #[serde(default)]
    contains: Vec<String>,
    #[serde(default)]
    not_contains: Vec<String>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    id: String,
    status: String,
    #[serde(default)]
    min: Option<String>,
    #[serde(default)]
    max: Option<String>,
    /// "none" asserts the amount is null.
    #[serde(default)]
    amount: Option<String>,
    #[serde(default)]
    validity: Option<String>,
    #[serde(default)]
    missing: Option<Vec<String>>,
    #[serde(default)]
    superseded_by: Option<String>,
    #[serde(default)]
    counts_in_totals: Option<bool>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectTotal {
    period: String,
    min: String,
    max: String,
}

/// One way the result differs from the case: the field (`<provision>.<what>`,
/// `total.<period>`, `facts`...), what the case expects and what was found.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Difference {
    pub field: String,
    pub expected: String,
    pub actual: String,
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: expected {}, got {}", self.field, self.expected, self.actual)
    }
}

/// A case run: its differences (none: it passes) and the status each
/// provision of the region reached (for coverage).
#[derive(Debug, Default)]
pub struct CaseRun {
    pub differences: Vec<Difference>,
    pub statuses: Vec<(String, Status)>,
}

fn difference(field: impl Into<String>, expected: impl Into<String>, actual: impl Into<String>) -> Difference {
    Difference { field: field.into(), expected: expected.into(), actual: actual.into() }
}

/// Reads a case file (unknown keys refused).
pub fn read_case(text: &str) -> Result<Case, String> {
    toml::from_str(text).map_err(|e| e.message().lines().next().unwrap_or("invalid TOML").to_string())
}

/// Reads and runs a case file's text: a file that does not read is one difference.
pub fn run_case_text(catalog: &Catalog, text: &str) -> CaseRun {
    match read_case(text) {
        Ok(case) => run_case(catalog, &case),
        Err(e) => CaseRun { differences: vec![difference("file", "a case file (tests/cases format)", e)], statuses: Vec::new() },
    }
}

/// A status, a period or a validity as its JSON id.
fn json_name<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn value_text(v: Value) -> String {
    match v {
        Value::Num(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Sym(s) => format!("Sym({s})"),
        Value::Date(d) => format!("Date({d})"),
    }
}

fn toml_text(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Boolean(b) => b.to_string(),
        other => serde_json::to_value(other).map(|v| v.to_string()).unwrap_or_default(),
    }
}

/// The value at a dotted path (`validity.text`, `why.0.rule`): object keys,
/// and list indexes as numbers.
fn json_path<'a>(value: &'a serde_json::Value, path: &str) -> Option<&'a serde_json::Value> {
    path.split('.').try_fold(value, |v, key| match v {
        serde_json::Value::Array(items) => items.get(key.parse::<usize>().ok()?),
        _ => v.get(key),
    })
}

/// `expect_text` and `expect_question`: `got` holds every `contains` and no `not_contains`.
fn check_contains(out: &mut Vec<Difference>, field: &str, got: &str, contains: &[String], not_contains: &[String]) {
    for want in contains.iter().filter(|w| !got.contains(w.as_str())) {
        out.push(difference(field, format!("to contain {want:?}"), format!("{got:?}")));
    }
    for unwanted in not_contains.iter().filter(|w| got.contains(w.as_str())) {
        out.push(difference(field, format!("not to contain {unwanted:?}"), format!("{got:?}")));
    }
}

/// The case's facts, validated as any input is.
pub fn case_facts(catalog: &Catalog, case: &Case) -> Result<Facts, String> {
    let json = serde_json::to_value(&case.facts).map_err(|e| e.to_string())?;
    let map = json.as_object().cloned().unwrap_or_default();
    Facts::from_json_map(&catalog.vocab, &map).map_err(|e| e.to_string())
}

/// Runs one case against `catalog`.
pub fn run_case(catalog: &Catalog, case: &Case) -> CaseRun {
    let mut run = CaseRun::default();
    let out = &mut run.differences;
    if case.description.trim().is_empty() {
        out.push(difference("description", "what the case proves", "nothing"));
    }
    let region = match catalog.region(&case.region) {
        Ok(r) => r,
        Err(e) => {
            out.push(difference("region", "a region of the packs", e.to_string()));
            return run;
        }
    };
    let Some(as_of) = Date::parse(&case.as_of) else {
        out.push(difference("as_of", "a date YYYY-MM-DD", case.as_of.clone()));
        return run;
    };
    let facts = match case_facts(catalog, case) {
        Ok(f) => f,
        Err(e) => {
            out.push(difference("facts", "valid answers", e));
            return run;
        }
    };
    let result = engine::evaluate(&catalog.vocab, region, &facts, as_of);
    let id_of = |o: &engine::Outcome| region.provisions.get(o.provision).map_or("", |p| p.id.as_str());
    for o in &result.outcomes {
        run.statuses.push((id_of(o).to_string(), o.status));
        if o.status == Status::Eligible && !o.missing.is_empty() {
            out.push(difference(format!("{}.missing", id_of(o)), "no missing fact when eligible", "missing facts"));
        }
    }
    for e in &case.expect {
        let Some(o) = result.outcomes.iter().find(|o| id_of(o) == e.id) else {
            out.push(difference(e.id.clone(), "in the result", "absent"));
            continue;
        };
        let mut check = |what: &str, got: String, want: &str| {
            if got != want {
                out.push(difference(format!("{}.{what}", e.id), want, got));
            }
        };
        check("status", json_name(&o.status), &e.status);
        if let Some(v) = &e.validity {
            check("validity", json_name(&o.validity), v);
        }
        let money = o.money;
        if let Some(min) = &e.min {
            check("min", money.and_then(|m| m.min).map_or("none".into(), |d| d.to_string()), min);
        }
        if let Some(max) = &e.max {
            check("max", money.map_or("none".into(), |m| m.max.to_string()), max);
        }
        if let Some(a) = &e.amount {
            check("amount", if money.is_some() { "some".into() } else { "none".into() }, a);
        }
        if let Some(missing) = &e.missing {
            let got: BTreeSet<String> = o.missing.iter().map(|f| catalog.vocab.fact(f).id.clone()).collect();
            let want: BTreeSet<String> = missing.iter().cloned().collect();
            check("missing", format!("{got:?}"), &format!("{want:?}"));
        }
        if let Some(by) = &e.superseded_by {
            let got = o.superseded_by.and_then(|i| region.provisions.get(i)).map_or("none".to_string(), |p| p.id.clone());
            check("superseded_by", got, by);
        }
        if let Some(c) = e.counts_in_totals {
            check("counts_in_totals", o.counts_in_totals.to_string(), &c.to_string());
        }
    }
    for id in case.absent.iter().filter(|id| result.outcomes.iter().any(|o| id_of(o) == id.as_str())) {
        out.push(difference(id.clone(), "not listed", "listed"));
    }
    for t in case.expect_total.iter().flatten() {
        let got = result.totals.iter().find(|x| json_name(&x.period) == t.period).map_or("none".to_string(), |x| format!("{}..{}", x.min, x.max));
        let want = format!("{}..{}", t.min, t.max);
        if got != want {
            out.push(difference(format!("total.{}", t.period), want, got));
        }
    }
    // Every total, exactly: the same periods in the same order (once, per
    // month, per year), each once, and nothing more.
    if let Some(want) = &case.expect_total {
        let got: Vec<String> = result.totals.iter().map(|x| json_name(&x.period)).collect();
        let want: Vec<String> = want.iter().map(|t| t.period.clone()).collect();
        if got != want {
            out.push(difference("totals", want.join(", "), got.join(", ")));
        }
    }
    for t in &case.expect_text {
        let field = format!("{}.{} ({})", t.id.as_deref().unwrap_or("report"), t.field, t.lang);
        let Some(lang) = Lang::parse(&t.lang) else {
            out.push(difference(field, "a language zh-Hans, zh-Hant or en", t.lang.clone()));
            continue;
        };
        let report = report::build(catalog, region, &facts, &result, lang);
        let value = match &t.id {
            Some(id) => match report.benefits.iter().find(|b| &b.id == id) {
                Some(benefit) => serde_json::to_value(benefit),
                None => {
                    out.push(difference(field, "in the result", "absent"));
                    continue;
                }
            },
            None => serde_json::to_value(&report),
        }
        .unwrap_or_default();
        let Some(got) = json_path(&value, &t.field) else {
            out.push(difference(field, "a field of the result", "no such field"));
            continue;
        };
        let got = got.as_str().map_or_else(|| got.to_string(), str::to_string);
        check_contains(out, &field, &got, &t.contains, &t.not_contains);
    }
    for q in &case.expect_question {
        let field = format!("fact {}.{} ({})", q.fact, q.field, q.lang);
        let Some(lang) = Lang::parse(&q.lang) else {
            out.push(difference(field, "a language zh-Hans, zh-Hant or en", q.lang.clone()));
            continue;
        };
        let Some(def) = catalog.vocab.facts.iter().find(|f| f.id == q.fact) else {
            out.push(difference(field, "a fact of the vocabulary", "no such fact"));
            continue;
        };
        let text = match q.field.as_str() {
            "question" => &def.question,
            "help" => &def.help,
            "label" => &def.label,
            other => {
                out.push(difference(field, "question, help or label", other));
                continue;
            }
        };
        check_contains(out, &field, text.get(lang), &q.contains, &q.not_contains);
    }
    check_what_if(catalog, region, case, &facts, as_of, &result, out);
    run
}

/// `expect_what_if`: for each provision named, exactly the suggestions listed.
fn check_what_if(catalog: &Catalog, region: &Region, case: &Case, facts: &Facts, as_of: Date, result: &engine::Evaluation, out: &mut Vec<Difference>) {
    let ids: BTreeSet<&str> = case.expect_what_if.iter().map(|w| w.id.as_str()).collect();
    for id in ids {
        let field = format!("{id}.what_if");
        let Some(o) = result.outcomes.iter().find(|o| region.provisions.get(o.provision).is_some_and(|p| p.id == id)) else {
            out.push(difference(field, "in the result", "absent"));
            continue;
        };
        let mut want = Vec::new();
        for w in case.expect_what_if.iter().filter(|w| w.id == id) {
            if w.none {
                if !w.changes.is_empty() || w.status.is_some() {
                    out.push(difference(field.clone(), "`none = true` with no changes or status", "changes or a status"));
                }
                continue;
            }
            let changes: Vec<String> =
                w.changes.iter().map(|c| format!("{} {} -> {}", c.fact, c.from.as_ref().map_or("unanswered".into(), toml_text), toml_text(&c.to))).collect();
            let none = || "none".to_string();
            let status = w.status.clone().unwrap_or_else(none);
            want.push(format!("[{}] => {status} {}..{}", changes.join(", "), w.min.clone().unwrap_or_else(none), w.max.clone().unwrap_or_else(none)));
        }
        let mut got: Vec<String> = whatif::suggest(&catalog.vocab, region, facts, as_of, o)
            .iter()
            .map(|s| {
                let changes: Vec<String> = s
                    .changes
                    .iter()
                    .map(|c| format!("{} {} -> {}", catalog.vocab.fact(c.fact).id, c.from.map_or("unanswered".into(), value_text), value_text(c.to)))
                    .collect();
                let money = s.outcome.money;
                let min = money.and_then(|m| m.min).map_or("none".into(), |d| d.to_string());
                let max = money.map_or("none".into(), |m| m.max.to_string());
                format!("[{}] => {} {min}..{max}", changes.join(", "), json_name(&s.outcome.status))
            })
            .collect();
        got.sort();
        want.sort();
        if got != want {
            out.push(difference(field, format!("{want:?}"), format!("{got:?}")));
        }
    }
}

/// A TOML basic string.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A case file from answers (as the browser holds them: a JSON object of
/// fact ids to values): the facts as the reader reads them back, and as
/// expectations the result on `catalog` (every provision listed but
/// ineligible: status, and the amount's min and max). What the studio saves
/// from its preview; the officer reviews it before it joins the cases.
pub fn case_from_answers(catalog: &Catalog, region: &str, as_of: &str, answers: &serde_json::Map<String, serde_json::Value>, description: &str) -> Result<String, String> {
    let vocab = &catalog.vocab;
    let r = catalog.region(region).map_err(|e| e.to_string())?;
    let date = Date::parse(as_of).ok_or_else(|| format!("as of: `{as_of}` is not a date YYYY-MM-DD"))?;
    let facts = Facts::from_json_map(vocab, answers).map_err(|e| e.to_string())?;
    let mut out = format!("region = {}\nas_of = {}\ndescription = {}\n\n[facts]\n", quoted(&r.id), quoted(&date.to_string()), quoted(description));
    for (i, def) in vocab.facts.iter().enumerate() {
        let Some(value) = u16::try_from(i).ok().and_then(|id| facts.get(id)) else { continue };
        let text = match value {
            Value::Bool(b) => b.to_string(),
            Value::Num(n) if def.ty == FactType::Integer => n.to_string(),
            // decimals as text: the reader takes numbers written as strings, exactly
            Value::Num(n) => quoted(&n.to_string()),
            Value::Sym(s) => quoted(def.values.get(usize::from(s)).map_or("", |v| v.id.as_str())),
            Value::Date(d) => quoted(&d.to_string()),
        };
        let _ = writeln!(out, "{} = {text}", def.id);
    }
    let result = engine::evaluate(vocab, r, &facts, date);
    for o in result.outcomes.iter().filter(|o| o.status != Status::Ineligible) {
        let Some(p) = r.provisions.get(o.provision) else { continue };
        let _ = write!(out, "\n[[expect]]\nid = {}\nstatus = {}\n", quoted(&p.id), quoted(&json_name(&o.status)));
        if let Some(m) = o.money {
            if let Some(min) = m.min {
                let _ = writeln!(out, "min = {}", quoted(&min.to_string()));
            }
            let _ = writeln!(out, "max = {}", quoted(&m.max.to_string()));
        }
    }
    Ok(out)
}
