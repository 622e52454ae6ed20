//! Loading policy packs: one reviewable TOML file per region under `policies/`.
//!
//! `derive.rs` turns the TOML into JSON (deriving zh-Hant text and quotes in
//! both scripts); this module checks everything a reviewer could get wrong and
//! compiles the pack into the engine's form (`policycalc_core::pack`). Every rejection
//! names the file, the provision (or parameter, document) and the field.
//! The schema is documented in `policies/README.md`.

use policycalc_core::date::Date;
use policycalc_core::error::PackError;
use policycalc_core::expr::{self, Expr, FactSet, ParamId, Ty};
use policycalc_core::lang::{Lang, Text};
use crate::common::{decimal, from_value, is_identifier, item_id};
use crate::vocab::VocabScope;
use policycalc_core::pack::*;
use policycalc_core::vocab::Vocabulary;
use rust_decimal::Decimal;
use serde::Deserialize;

// ------------------------------------------------------------- raw schema

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPack {
    region: RawRegion,
    #[serde(default)]
    documents: Vec<serde_json::Value>,
    #[serde(default)]
    parameters: Vec<serde_json::Value>,
    #[serde(default)]
    provisions: Vec<serde_json::Value>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct RawRegion {
    id: String,
    name: Text,
    #[serde(default)]
    extends: Option<String>,
    #[serde(default)]
    contact: Option<Contact>,
    #[serde(default)]
    selectable: Option<bool>,
    /// The province (or autonomous region) a city or district is in, for the
    /// region choice: "丹东市, 辽宁省". Optional: a province's own pack has none.
    #[serde(default)]
    province: Option<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParameter {
    id: String,
    label: Text,
    unit: Text,
    values: Vec<RawParamValue>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct RawParamValue {
    from: Date,
    #[serde(default)]
    until: Option<Date>,
    #[serde(deserialize_with = "decimal")]
    value: Decimal,
    source: String,
    #[serde(default)]
    provisional: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProvision {
    id: String,
    kind: Kind,
    #[serde(default)]
    programme: bool,
    roles: Vec<String>,
    title: Text,
    summary: Text,
    who: Text,
    #[serde(default)]
    when: Option<String>,
    #[serde(default)]
    conditions: Option<Text>,
    amount: RawAmount,
    #[serde(default)]
    supersedes: Vec<String>,
    validity: RawValidity,
    source: RawSource,
    #[serde(default)]
    contact: Option<Contact>,
    #[serde(default)]
    gaps: Option<Text>,
    #[serde(default)]
    no_application: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAmount {
    kind: AmountKind,
    #[serde(default)]
    value: Option<String>,
    #[serde(default)]
    min: Option<String>,
    #[serde(default)]
    max: Option<String>,
    #[serde(default)]
    period: Option<Period>,
    #[serde(default)]
    per: Option<Text>,
    #[serde(default)]
    note: Option<Text>,
    #[serde(default)]
    terms: Option<Text>,
    #[serde(default)]
    national_standard: Option<String>,
    /// For a per-month amount: the fact giving the months to total it over.
    #[serde(default)]
    months: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawValidity {
    status: ValidityKind,
    #[serde(default)]
    from: Option<Date>,
    #[serde(default)]
    until: Option<Date>,
    #[serde(default)]
    inferred: bool,
    note: Text,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    document: String,
    clause: String,
    quote: String,
    #[serde(default)]
    quote_zh_hans: Option<String>,
    #[serde(default)]
    quote_zh_hant: Option<String>,
    /// Derived by `derive.rs`, like the two above: the display form for en.
    #[serde(default)]
    quote_en: Option<String>,
    #[serde(default)]
    clause_zh_hans: Option<String>,
    #[serde(default)]
    clause_zh_hant: Option<String>,
    /// Runs garbled in the published text, with their reading.
    #[serde(default)]
    garbled: Vec<crate::quote::Garbled>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStandards {
    standards: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStandard {
    id: String,
    title: Text,
    text: Text,
    source: String,
    #[serde(default)]
    from: Option<Date>,
    #[serde(default)]
    until: Option<Date>,
    #[serde(default)]
    provisional: bool,
}

#[derive(Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub(crate) enum AmountKind {
    Exact,
    UpTo,
    Range,
    NotStated,
    Free,
    None,
}

// ------------------------------------------------------------- loading


pub(crate) fn load_standards(file: &str, json: &serde_json::Value) -> Result<Vec<Standard>, PackError> {
    let raw: RawStandards = from_value(file, None, json)?;
    let mut out: Vec<Standard> = Vec::new();
    for value in &raw.standards {
        let id = item_id(value);
        let s: RawStandard = from_value(file, id.as_deref(), value)?;
        if out.iter().any(|o| o.id == s.id) {
            return Err(PackError { file: file.into(), item: Some(s.id), field: "id".into(), message: "defined twice".into() });
        }
        out.push(Standard {
            id: s.id,
            title: s.title,
            text: s.text,
            source: s.source,
            from: s.from,
            until: s.until,
            provisional: s.provisional,
        });
    }
    Ok(out)
}

/// A region pack as read, before inheritance is resolved.
pub(crate) struct PackSource {
    pub file: String,
    region: RawRegion,
    documents: Vec<(Option<String>, serde_json::Value)>,
    parameters: Vec<(Option<String>, serde_json::Value)>,
    provisions: Vec<(Option<String>, serde_json::Value)>,
}

impl PackSource {
    pub(crate) fn id(&self) -> &str {
        &self.region.id
    }
    pub(crate) fn extends(&self) -> Option<&str> {
        self.region.extends.as_deref()
    }
}

pub(crate) fn read_pack(file: &str, json: &serde_json::Value) -> Result<PackSource, PackError> {
    let raw: RawPack = from_value(file, None, json)?;
    let tag = |v: Vec<serde_json::Value>| v.into_iter().map(|v| (item_id(&v), v)).collect();
    Ok(PackSource {
        file: file.to_string(),
        region: raw.region,
        documents: tag(raw.documents),
        parameters: tag(raw.parameters),
        provisions: tag(raw.provisions),
    })
}

/// Compiles `chain` (ancestors first, the region itself last) into one region:
/// a child sees and inherits its ancestors' documents, parameters and provisions.
/// The first problem [`compile_region_all`] finds.
pub(crate) fn compile_region(
    chain: &[&PackSource],
    vocab: &Vocabulary,
    standards: &[Standard],
) -> Result<Region, PackError> {
    compile_region_all(chain, vocab, standards).map_err(|errors| {
        let internal = PackError { file: String::new(), item: None, field: String::new(), message: "no error reported".into() };
        errors.into_iter().next().unwrap_or(internal)
    })
}

/// [`compile_region`], going on after a document's, a parameter's or a
/// provision's error to check the others, so an editor sees every problem
/// at once (in file order; the first is the one the build stops at). A
/// problem that only follows from an earlier one (a provision naming a
/// parameter or document that failed, a `supersedes` naming a provision
/// that failed) is not reported; the region's own id and name are checked
/// first, alone, since every provision id depends on them.
pub(crate) fn compile_region_all(
    chain: &[&PackSource],
    vocab: &Vocabulary,
    standards: &[Standard],
) -> Result<Region, Vec<PackError>> {
    let Some(own) = chain.last() else {
        return Err(vec![PackError { file: String::new(), item: None, field: String::new(), message: "empty region chain".into() }]);
    };
    let region_err = |field: &str, message: String| PackError {
        file: own.file.clone(),
        item: Some(format!("region {}", own.region.id)),
        field: field.to_string(),
        message,
    };
    if !is_slug(&own.region.id) {
        return Err(vec![region_err("id", "use lower-case letters, digits and hyphens".into())]);
    }
    if !own.region.name.is_complete() {
        return Err(vec![region_err("name", "needs zh-Hans and en".into())]);
    }

    let mut errors: Vec<PackError> = Vec::new();
    // ids of the documents, parameters and provisions that failed
    let mut failed: Vec<String> = Vec::new();
    let mut documents: Vec<(String, Document)> = Vec::new();
    let mut parameters: Vec<Parameter> = Vec::new();
    for pack in chain {
        for (id, value) in &pack.documents {
            match compile_document(pack, id.as_deref(), value, &documents) {
                Ok(doc) => documents.push((pack.id().to_string(), doc)),
                Err(e) => {
                    failed.extend(id.clone());
                    errors.push(e);
                }
            }
        }
        for (id, value) in &pack.parameters {
            match compile_parameter(&pack.file, id.as_deref(), value, &parameters) {
                Ok(p) => parameters.push(p),
                Err(e) => {
                    failed.extend(id.clone());
                    errors.push(e);
                }
            }
        }
    }
    let param_names: Vec<(String, ParamId)> =
        parameters.iter().enumerate().map(|(i, p)| (p.id.clone(), i as ParamId)).collect();
    let scope = VocabScope { vocab, params: &param_names };
    // an error naming a failed document or parameter follows from that one
    let follows = |e: &PackError, failed: &[String]| failed.iter().any(|name| e.message.contains(&format!("`{name}`")));

    let mut provisions: Vec<Provision> = Vec::new();
    let mut supersedes_names: Vec<Vec<String>> = Vec::new();
    let before_provisions = failed.len();
    for pack in chain {
        for (id, value) in &pack.provisions {
            let compiled = (|| {
                let raw: RawProvision = from_value(&pack.file, id.as_deref(), value)?;
                let raw_id = raw.id.clone();
                let ctx = Ctx { file: &pack.file, item: &raw_id };
                if provisions.iter().any(|p| p.id == raw.id) {
                    return Err(ctx.err("id", "provision defined twice".into()));
                }
                let doc_index = documents
                    .iter()
                    .position(|(region, d)| region == pack.id() && d.id == raw.source.document)
                    .ok_or_else(|| ctx.err("source.document", format!("no document `{}` in this pack", raw.source.document)))?;
                let supersedes = raw.supersedes.clone();
                Ok((compile_provision(raw, pack.id(), doc_index, &ctx, vocab, &scope, standards)?, supersedes))
            })();
            match compiled {
                Ok((p, supersedes)) => {
                    provisions.push(p);
                    supersedes_names.push(supersedes);
                }
                Err(e) => {
                    if !follows(&e, failed.get(..before_provisions).unwrap_or_default()) {
                        errors.push(e);
                    }
                    failed.extend(id.clone());
                }
            }
        }
    }
    for (index, names) in supersedes_names.iter().enumerate() {
        let id = provisions.get(index).map(|p| p.id.clone());
        let err = |message: String| PackError { file: own.file.clone(), item: id.clone(), field: "supersedes".into(), message };
        let mut targets = Vec::new();
        for name in names.iter().filter(|n| !failed.contains(n)) {
            match provisions.iter().position(|p| p.id == *name) {
                None => errors.push(err(format!("no provision `{name}`"))),
                Some(target) if target == index => errors.push(err("a provision cannot supersede itself".into())),
                Some(target) => targets.push(target),
            }
        }
        if let Some(p) = provisions.get_mut(index) {
            p.supersedes = targets;
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Region {
        id: own.region.id.clone(),
        name: own.region.name.clone(),
        extends: own.region.extends.clone(),
        selectable: own.region.selectable.unwrap_or(true),
        file: own.file.clone(),
        contact: own.region.contact.clone(),
        province: own.region.province.clone(),
        documents: documents.into_iter().map(|(_, d)| d).collect(),
        parameters,
        provisions,
        local: None,
    })
}

/// One document of `pack`, checked against those read before it.
fn compile_document(pack: &PackSource, id: Option<&str>, value: &serde_json::Value, earlier: &[(String, Document)]) -> Result<Document, PackError> {
    let doc: Document = from_value(&pack.file, id, value)?;
    // The seed names a file under `sources/`, never a path.
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.');
    if doc.seed.is_empty() || doc.seed.starts_with('.') || !doc.seed.chars().all(plain) {
        return Err(PackError {
            file: pack.file.clone(),
            item: id.map(str::to_string),
            field: "seed".into(),
            message: format!("`{}` is not a plain file name under sources/", doc.seed),
        });
    }
    if earlier.iter().any(|(region, d)| region == pack.id() && d.id == doc.id) {
        return Err(PackError { file: pack.file.clone(), item: id.map(str::to_string), field: "id".into(), message: "document defined twice".into() });
    }
    Ok(doc)
}

struct Ctx<'a> {
    file: &'a str,
    item: &'a str,
}

impl Ctx<'_> {
    fn err(&self, field: &str, message: String) -> PackError {
        PackError { file: self.file.to_string(), item: Some(self.item.to_string()), field: field.to_string(), message }
    }
}

fn compile_parameter(
    file: &str,
    id: Option<&str>,
    value: &serde_json::Value,
    earlier: &[Parameter],
) -> Result<Parameter, PackError> {
    let raw: RawParameter = from_value(file, id, value)?;
    let ctx = Ctx { file, item: &raw.id };
    if !is_identifier(&raw.id) {
        return Err(ctx.err("id", "use lower_snake_case ASCII".into()));
    }
    if earlier.iter().any(|p| p.id == raw.id) {
        return Err(ctx.err("id", "parameter defined twice (in this pack or one it extends)".into()));
    }
    if raw.values.is_empty() {
        return Err(ctx.err("values", "a parameter needs at least one dated value".into()));
    }
    // Checked in date order; messages name each value by its place in the file.
    let mut values: Vec<(usize, RawParamValue)> = raw.values.iter().cloned().enumerate().collect();
    values.sort_by_key(|(_, v)| v.from);
    let nexts = values.iter().skip(1).map(Some).chain(std::iter::once(None));
    for ((i, v), next) in values.iter().zip(nexts) {
        let field = format!("values[{i}]");
        if v.source.trim().is_empty() {
            return Err(ctx.err(&format!("{field}.source"), "every value needs its source".into()));
        }
        if v.value.is_sign_negative() {
            return Err(ctx.err(&format!("{field}.value"), "parameters are never negative".into()));
        }
        if let Some(until) = v.until {
            if until < v.from {
                return Err(ctx.err(&format!("{field}.until"), format!("{until} is before `from` {}", v.from)));
            }
        }
        let Some((_, next)) = next else { continue };
        match v.until {
            Some(until) if until < next.from => {
                // A day with no value would fail every evaluation on it.
                if until.next_day() != Some(next.from) {
                    return Err(ctx.err(
                        &format!("{field}.until"),
                        format!("no value is in force between {until} and the value from {}; end it on the day before", next.from),
                    ));
                }
            }
            _ => {
                return Err(ctx.err(
                    &format!("{field}.until"),
                    format!("the value from {} overlaps the one from {}", v.from, next.from),
                ));
            }
        }
    }
    Ok(Parameter {
        id: raw.id,
        label: raw.label,
        unit: raw.unit,
        values: values
            .into_iter()
            .map(|(_, v)| ParamValue { from: v.from, until: v.until, value: v.value, source: v.source, provisional: v.provisional })
            .collect(),
    })
}

fn compile_provision(
    raw: RawProvision,
    region: &str,
    document: usize,
    ctx: &Ctx,
    vocab: &Vocabulary,
    scope: &VocabScope,
    standards: &[Standard],
) -> Result<Provision, PackError> {
    let (prefix, slug) = raw.id.split_once('.').unwrap_or(("", ""));
    if prefix != region || !is_slug(slug) {
        return Err(ctx.err("id", format!("provision ids are `{region}.slug` (lower-case, hyphens)")));
    }
    for (field, text) in [("title", &raw.title), ("summary", &raw.summary), ("who", &raw.who), ("validity.note", &raw.validity.note)] {
        if !text.is_complete() {
            return Err(ctx.err(field, "needs zh-Hans and en text".into()));
        }
    }
    if raw.source.quote.trim().chars().count() < 4 {
        return Err(ctx.err("source.quote", "quote the clause as published".into()));
    }
    if raw.source.clause.trim().is_empty() {
        return Err(ctx.err("source.clause", "name the clause".into()));
    }
    for g in &raw.source.garbled {
        if g.text.is_empty() || !raw.source.quote.contains(&g.text) {
            return Err(ctx.err("source.garbled", format!("`{}` is not in the quote (copy the garbled run exactly as published)", g.text)));
        }
        if !g.reading.is_complete() {
            return Err(ctx.err("source.garbled", format!("the reading of `{}` needs zh-Hans and en text", g.text)));
        }
    }
    if raw.roles.is_empty() {
        return Err(ctx.err("roles", "name at least one role".into()));
    }
    let mut roles = Vec::new();
    for role in &raw.roles {
        roles.push(vocab.role_id(role).ok_or_else(|| ctx.err("roles", format!("unknown role `{role}`")))?);
    }
    let derived = |id| vocab.derived_facts(id);
    let when = match &raw.when {
        Some(src) if raw.programme => {
            return Err(ctx.err("when", format!("a programme has no individual condition (found `{src}`)")));
        }
        Some(src) => Some(expr::parse(src, scope, Ty::Bool).map_err(|e| ctx.err("when", e.to_string()))?),
        None => None,
    };
    // A fact no role of this provision is asked would leave it open for
    // ever. A fact asked of only some of its roles is fine when the rule
    // settles without it for the others (`role == 'startup' or plans_business`);
    // the interview-length test proves no provision stays open.
    // Derived facts are checked where they are defined; their own gates
    // (`role == 'graduate' or college_graduate`) decide per role.
    let direct = when.as_ref().map(|w| w.facts(&|_| FactSet::default())).unwrap_or_default();
    let mut facts = when.as_ref().map(|w| w.facts(&derived)).unwrap_or_default();
    for fact in direct.iter() {
        let def = vocab.fact(fact);
        if fact != vocab.role_fact && !roles.iter().any(|r| def.roles.contains(r)) {
            return Err(ctx.err("when", format!("fact `{}` is not asked of any of this provision's roles", def.id)));
        }
    }

    let a = &raw.amount;
    let parse_num = |field: &str, src: &Option<String>| -> Result<Expr, PackError> {
        let src = src.as_deref().ok_or_else(|| ctx.err(field, "required for this amount kind".into()))?;
        let e = expr::parse(src, scope, Ty::Num).map_err(|e| ctx.err(field, e.to_string()))?;
        if has_subtraction(&e) {
            return Err(ctx.err(field, "an amount formula must not subtract or negate (it could go negative)".into()));
        }
        Ok(e)
    };
    let rule = match a.kind {
        AmountKind::Exact => AmountRule::Exact(parse_num("amount.value", &a.value)?),
        AmountKind::UpTo => AmountRule::UpTo(parse_num("amount.value", &a.value)?),
        AmountKind::Range => AmountRule::Range(parse_num("amount.min", &a.min)?, parse_num("amount.max", &a.max)?),
        AmountKind::NotStated => AmountRule::NotStated,
        AmountKind::Free => AmountRule::Free,
        AmountKind::None => AmountRule::None,
    };
    let numeric = matches!(a.kind, AmountKind::Exact | AmountKind::UpTo | AmountKind::Range);
    if numeric && a.period.is_none() {
        return Err(ctx.err("amount.period", "a stated amount needs a period (once, per_month, per_year)".into()));
    }
    if !numeric && (a.value.is_some() || a.min.is_some() || a.max.is_some()) {
        return Err(ctx.err("amount.value", "only exact, up_to and range amounts carry a value".into()));
    }
    if a.kind == AmountKind::NotStated && a.note.is_none() {
        return Err(ctx.err("amount.note", "say what the document leaves open".into()));
    }
    if raw.programme && numeric {
        return Err(ctx.err("amount.kind", "programmes are never totalled; they carry no amount".into()));
    }
    let national_standard = match &a.national_standard {
        Some(id) => Some(
            standards
                .iter()
                .position(|s| s.id == *id)
                .ok_or_else(|| ctx.err("amount.national_standard", format!("no national standard `{id}`")))?,
        ),
        None => None,
    };
    let months = match &a.months {
        Some(name) => {
            let id = vocab.fact_id(name).ok_or_else(|| ctx.err("amount.months", format!("no fact `{name}` in the vocabulary")))?;
            let def = vocab.fact(id);
            if a.period != Some(Period::PerMonth) || !numeric {
                return Err(ctx.err("amount.months", "only a stated per-month amount is totalled over months".into()));
            }
            if def.ty != policycalc_core::vocab::FactType::Integer {
                return Err(ctx.err("amount.months", format!("`{name}` is not an integer fact (a number of months)")));
            }
            if !roles.iter().all(|r| def.roles.contains(r)) {
                return Err(ctx.err("amount.months", format!("`{name}` is not asked of every role of this provision")));
            }
            Some(id)
        }
        None => None,
    };
    let formula = match (&a.value, &a.min, &a.max) {
        (Some(v), _, _) => v.clone(),
        (None, Some(min), Some(max)) => format!("{min} .. {max}"),
        _ => String::new(),
    };
    for e in [&rule].iter().flat_map(|r| rule_exprs(r)) {
        facts = facts.union(e.facts(&derived));
    }
    for e in rule_exprs(&rule) {
        for fact in e.facts(&|_| FactSet::default()).iter() {
            if fact != vocab.role_fact && !roles.iter().any(|r| vocab.fact(fact).roles.contains(r)) {
                return Err(ctx.err("amount", format!("fact `{}` is not asked of this provision's roles", vocab.fact(fact).id)));
            }
        }
    }

    let v = &raw.validity;
    if let (Some(from), Some(until)) = (v.from, v.until) {
        if until < from {
            return Err(ctx.err("validity.until", format!("{until} is before `from` {from}")));
        }
    }
    if v.status == ValidityKind::Announced && (v.from.is_some() || v.until.is_some()) {
        return Err(ctx.err("validity", "an announced provision has no dates yet; use in_force with dates".into()));
    }
    // Without the forms `derive.rs` derives (an editor's file in check-pack),
    // the display form unconverted.
    let display = |lang| crate::quote::display(&raw.source.quote, &raw.source.garbled, lang);
    Ok(Provision {
        id: raw.id.clone(),
        defined_in: region.to_string(),
        kind: raw.kind,
        programme: raw.programme,
        roles,
        title: raw.title,
        summary: raw.summary,
        who: raw.who,
        when,
        when_text: raw.when.unwrap_or_default(),
        conditions: raw.conditions,
        amount: Amount {
            rule,
            formula,
            period: a.period,
            per: a.per.clone(),
            note: a.note.clone(),
            terms: a.terms.clone(),
            national_standard,
            months,
        },
        supersedes: Vec::new(),
        validity: Validity { kind: v.status, from: v.from, until: v.until, inferred: v.inferred, note: v.note.clone() },
        source: Source {
            document,
            quote_zh_hans: raw.source.quote_zh_hans.unwrap_or_else(|| display(Lang::ZhHans)),
            quote_zh_hant: raw.source.quote_zh_hant.unwrap_or_else(|| display(Lang::ZhHant)),
            quote_en: raw.source.quote_en.unwrap_or_else(|| display(Lang::En)),
            clause_zh_hans: raw.source.clause_zh_hans.unwrap_or_else(|| raw.source.clause.clone()),
            clause_zh_hant: raw.source.clause_zh_hant.unwrap_or_else(|| raw.source.clause.clone()),
            clause: raw.source.clause,
            quote: raw.source.quote,
        },
        contact: raw.contact,
        gaps: raw.gaps,
        no_application: raw.no_application,
        facts,
        local: None,
    })
}


fn has_subtraction(e: &Expr) -> bool {
    let mut found = false;
    e.walk(&mut |node| {
        if matches!(node, Expr::Neg(_) | Expr::Arith(expr::ArithOp::Sub, _, _)) {
            found = true;
        }
        if let Expr::Lit(expr::Value::Num(n)) = node {
            found |= n.is_sign_negative();
        }
    });
    found
}

fn is_slug(s: &str) -> bool {
    s.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
