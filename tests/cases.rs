//! Data-driven cases: one TOML file per scenario under `tests/cases/<region>/`,
//! with exact expected statuses and amounts. Also proves coverage: every
//! provision of every region is seen eligible in some case, and (when it has
//! a condition) ineligible and undetermined too, and conditional ("eligible
//! if …") when its rule has a judged fact.

// A test stops at the first surprise: the workspace's no-panic lints are for
// the product's code (Cargo.toml, [workspace.lints]).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use policycalc_core::engine::{self, Status};
use policycalc_core::expr::Value;
use policycalc_core::{report, whatif, Catalog, Date, Facts, Lang};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    region: String,
    as_of: String,
    description: String,
    #[serde(default)]
    facts: toml::Table,
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

/// `expect_text` and `expect_question`: `got` holds every `contains` and no
/// `not_contains`; a failure names `what` (case, item, field, language).
fn check_contains(failures: &mut Vec<String>, what: &str, got: &str, contains: &[String], not_contains: &[String]) {
    for want in contains {
        if !got.contains(want.as_str()) {
            failures.push(format!("{what} should contain {want:?}; is {got:?}"));
        }
    }
    for unwanted in not_contains {
        if got.contains(unwanted.as_str()) {
            failures.push(format!("{what} should not contain {unwanted:?}; is {got:?}"));
        }
    }
}

/// A check on one field of a benefit as the reader gets it (`report::build`):
/// e.g. that a clause label names the right section, or that a phrase never
/// says "eligible" under "not eligible". Non-string fields are matched
/// against their JSON text.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectText {
    id: String,
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

fn case_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    for region in std::fs::read_dir(&root).expect("tests/cases").flatten() {
        for file in std::fs::read_dir(region.path()).into_iter().flatten().flatten() {
            if file.path().extension().is_some_and(|e| e == "toml") {
                files.push(file.path());
            }
        }
    }
    files.sort();
    files
}

fn json_name<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn value_text(v: Value) -> String {
    match v {
        Value::Num(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        other => format!("{other:?}"),
    }
}

fn toml_text(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Boolean(b) => b.to_string(),
        other => format!("{other:?}"),
    }
}

/// Runs one case; returns failures and records which statuses each provision reached.
fn run_case(catalog: &Catalog, path: &Path, seen: &mut BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let name = path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(path).display().to_string();
    let text = std::fs::read_to_string(path).expect("read case");
    let case: Case = match toml::from_str(&text) {
        Ok(c) => c,
        Err(e) => return vec![format!("{name}: {e}")],
    };
    assert!(!case.description.trim().is_empty(), "{name}: describe what the case proves");
    let region = match catalog.region(&case.region) {
        Ok(r) => r,
        Err(e) => return vec![format!("{name}: {e}")],
    };
    let as_of = Date::parse(&case.as_of).unwrap_or_else(|| panic!("{name}: bad as_of"));
    let json = serde_json::to_value(&case.facts).expect("facts as json");
    let facts = match Facts::from_json_map(&catalog.vocab, json.as_object().expect("object")) {
        Ok(f) => f,
        Err(e) => return vec![format!("{name}: facts: {e}")],
    };
    let result = engine::evaluate(&catalog.vocab, region, &facts, as_of);
    let mut failures = Vec::new();
    for o in &result.outcomes {
        let p = &region.provisions[o.provision];
        seen.entry(format!("{}|{}", region.id, p.id)).or_default().insert(json_name(&o.status));
        if o.status == Status::Eligible && !o.missing.is_empty() {
            failures.push(format!("{name}: {} is eligible with missing facts", p.id));
        }
    }
    for e in &case.expect {
        let Some(o) = result.outcomes.iter().find(|o| region.provisions[o.provision].id == e.id) else {
            failures.push(format!("{name}: {} not in the result", e.id));
            continue;
        };
        let mut check = |what: &str, got: String, want: &str| {
            if got != want {
                failures.push(format!("{name}: {} {what}: got {got}, want {want}", e.id));
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
            let got = o.superseded_by.map_or("none".to_string(), |i| region.provisions[i].id.clone());
            check("superseded_by", got, by);
        }
        if let Some(c) = e.counts_in_totals {
            check("counts_in_totals", o.counts_in_totals.to_string(), &c.to_string());
        }
    }
    for id in &case.absent {
        if result.outcomes.iter().any(|o| region.provisions[o.provision].id == *id) {
            failures.push(format!("{name}: {id} should not be listed"));
        }
    }
    // Every total, exactly: the same periods in the same order (once, per
    // month, per year), each once, and nothing more.
    if let Some(want) = &case.expect_total {
        let got: Vec<String> = result.totals.iter().map(|x| json_name(&x.period)).collect();
        let want: Vec<String> = want.iter().map(|t| t.period.clone()).collect();
        if got != want {
            failures.push(format!("{name}: totals {got:?}, want {want:?}"));
        }
    }
    for t in case.expect_total.iter().flatten() {
        match result.totals.iter().find(|x| json_name(&x.period) == t.period) {
            Some(x) => {
                if x.min.to_string() != t.min || x.max.to_string() != t.max {
                    failures.push(format!("{name}: total {}: got {}..{}, want {}..{}", t.period, x.min, x.max, t.min, t.max));
                }
            }
            None => failures.push(format!("{name}: no total for {}", t.period)),
        }
    }
    for t in &case.expect_text {
        let Some(lang) = Lang::parse(&t.lang) else {
            failures.push(format!("{name}: expect_text: unknown lang {}", t.lang));
            continue;
        };
        let report = report::build(catalog, region, &facts, &result, lang);
        let Some(benefit) = report.benefits.iter().find(|b| b.id == t.id) else {
            failures.push(format!("{name}: expect_text: {} not in the result", t.id));
            continue;
        };
        let value = serde_json::to_value(benefit).expect("benefit as json");
        let Some(field) = value.get(&t.field) else {
            failures.push(format!("{name}: expect_text: {} has no field {}", t.id, t.field));
            continue;
        };
        let got = field.as_str().map_or_else(|| field.to_string(), str::to_string);
        let what = format!("{name}: {} {} ({})", t.id, t.field, t.lang);
        check_contains(&mut failures, &what, &got, &t.contains, &t.not_contains);
    }
    for q in &case.expect_question {
        let Some(lang) = Lang::parse(&q.lang) else {
            failures.push(format!("{name}: expect_question: unknown lang {}", q.lang));
            continue;
        };
        let Some(def) = catalog.vocab.facts.iter().find(|f| f.id == q.fact) else {
            failures.push(format!("{name}: expect_question: no fact {}", q.fact));
            continue;
        };
        let text = match q.field.as_str() {
            "question" => &def.question,
            "help" => &def.help,
            "label" => &def.label,
            other => {
                failures.push(format!("{name}: expect_question: field {other} is not question, help or label"));
                continue;
            }
        };
        let got = text.get(lang);
        let what = format!("{name}: fact {} {} ({})", q.fact, q.field, q.lang);
        check_contains(&mut failures, &what, got, &q.contains, &q.not_contains);
    }
    let what_if_ids: BTreeSet<&str> = case.expect_what_if.iter().map(|w| w.id.as_str()).collect();
    for id in what_if_ids {
        let Some(o) = result.outcomes.iter().find(|o| region.provisions[o.provision].id == id) else {
            failures.push(format!("{name}: expect_what_if: {id} not in the result"));
            continue;
        };
        let mut want = Vec::new();
        for w in case.expect_what_if.iter().filter(|w| w.id == id) {
            if w.none {
                if !w.changes.is_empty() || w.status.is_some() {
                    failures.push(format!("{name}: expect_what_if {id}: `none = true` takes no changes or status"));
                }
                continue;
            }
            let changes: Vec<String> = w
                .changes
                .iter()
                .map(|c| format!("{} {} -> {}", c.fact, c.from.as_ref().map_or("unanswered".into(), toml_text), toml_text(&c.to)))
                .collect();
            let none = || "none".to_string();
            let status = w.status.clone().unwrap_or_else(none);
            want.push(format!("[{}] => {status} {}..{}", changes.join(", "), w.min.clone().unwrap_or_else(none), w.max.clone().unwrap_or_else(none)));
        }
        let mut got: Vec<String> = whatif::suggest(&catalog.vocab, region, &facts, as_of, o)
            .iter()
            .map(|s| {
                let changes: Vec<String> = s
                    .changes
                    .iter()
                    .map(|c| {
                        let fact = &catalog.vocab.fact(c.fact).id;
                        format!("{fact} {} -> {}", c.from.map_or("unanswered".into(), value_text), value_text(c.to))
                    })
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
            failures.push(format!("{name}: what-if for {id}:\n  got  {got:?}\n  want {want:?}"));
        }
    }
    if let Some(want) = case.expect_total.as_ref().filter(|want| result.totals.len() != want.len()) {
        failures.push(format!("{name}: {} totals, want {}", result.totals.len(), want.len()));
    }
    failures
}

#[test]
fn every_case_file_gives_its_expected_statuses_and_amounts() {
    let catalog = policycalc_catalog::embedded().expect("packs load");
    let files = case_files();
    assert!(!files.is_empty(), "no case files");
    let mut seen = BTreeMap::new();
    let failures: Vec<String> = files.iter().flat_map(|f| run_case(&catalog, f, &mut seen)).collect();
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_provision_is_covered_eligible_ineligible_and_undetermined() {
    let catalog = policycalc_catalog::embedded().expect("packs load");
    let mut seen = BTreeMap::new();
    for f in case_files() {
        run_case(&catalog, &f, &mut seen);
    }
    let mut gaps = Vec::new();
    for region in &catalog.regions {
        for p in &region.provisions {
            let key = format!("{}|{}", region.id, p.id);
            let statuses = seen.get(&key).cloned().unwrap_or_default();
            let mut need = vec!["eligible"];
            if p.when.is_some() {
                need.extend(["ineligible", "undetermined"]);
            }
            // A judged condition left open must be seen as "eligible if".
            if p.facts.iter().any(|f| catalog.vocab.is_judged(f)) {
                need.push("conditional");
            }
            let missing: Vec<&str> = need.into_iter().filter(|s| !statuses.contains(*s)).collect();
            if !missing.is_empty() {
                gaps.push(format!("{key}: never {}", missing.join(", ")));
            }
        }
    }
    assert!(gaps.is_empty(), "{} coverage gaps:\n{}", gaps.len(), gaps.join("\n"));
}
