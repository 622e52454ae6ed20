//! The explained result: what the CLI prints as JSON or text and what the
//! browser renders. Built from an [`Evaluation`] in one language; every
//! amount carries its computation, the parameters used with their dates and
//! sources, and the clause it comes from.

use crate::catalog::Catalog;
use crate::engine::{self, EvalEnv, Evaluation, Money, MoneyKind, Outcome, Status, ValidityStatus};
use crate::expr::{Expr, FactId, Symbols, Tri, Value};
use crate::lang::Lang;
use crate::phrases::fill;
pub use crate::phrases::{phrase, Phrase};
use crate::print;
use crate::pack::{AmountRule, Contact, Kind, Period, Provision, Region};
use crate::vocab::{FactType, Facts, Vocabulary};
use crate::whatif::{self, Suggestion};
use crate::Date;
use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Serialize, Debug, Clone)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Report {
    pub region: String,
    pub region_name: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub as_of: Date,
    pub lang: Lang,
    pub role: Option<String>,
    /// True when no listed provision is still undetermined.
    pub complete: bool,
    pub benefits: Vec<Benefit>,
    pub totals: Vec<TotalReport>,
    /// Answers used, as given back in canonical form.
    #[cfg_attr(feature = "ts", ts(type = "Answers"))]
    pub facts: std::collections::BTreeMap<String, crate::vocab::RawAnswer>,
    pub notice: String,
}

#[derive(Serialize, Debug, Clone)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Benefit {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub who: String,
    pub kind: Kind,
    pub programme: bool,
    pub status: Status,
    pub amount: Option<AmountReport>,
    /// A per-month amount over the months given: beside the monthly figure,
    /// never in the per-month totals.
    pub over_period: Option<OverPeriodReport>,
    /// The fact giving those months (the browser asks it beside the figure).
    pub months_fact: Option<String>,
    /// False when the document promises the benefit but states no figure.
    pub amount_stated: bool,
    pub amount_note: Option<String>,
    pub terms: Option<String>,
    pub national_standard: Option<StandardReport>,
    pub computation: Option<String>,
    pub parameters: Vec<ParameterReport>,
    pub validity: ValidityReport,
    pub missing_facts: Vec<String>,
    /// Conditions still open that a body decides (judged facts): for a
    /// `conditional` benefit, what "eligible if …" waits on.
    pub pending_conditions: Vec<PendingCondition>,
    pub conditions: Option<String>,
    pub why: Vec<Reason>,
    pub what_if: Vec<WhatIf>,
    pub sources: Vec<SourceReport>,
    pub contact: Option<ContactReport>,
    /// What to do next, from the operator's local service guide
    /// (`policies/local/`), never the document's words.
    pub local: LocalReport,
    pub gaps: Option<String>,
    pub superseded_by: Option<String>,
    pub counts_in_totals: bool,
    pub no_application: bool,
    pub inherited_from: Option<String>,
    pub error: Option<String>,
}

#[derive(Serialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "Amount"))]
pub struct AmountReport {
    pub kind: MoneyKind,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub min: Option<Decimal>,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub max: Decimal,
    pub period: Period,
    #[cfg_attr(feature = "ts", ts(type = "\"CNY\""))]
    pub currency: &'static str,
    pub per: Option<String>,
    /// The amount as a person reads it: "¥1,589.00 per month".
    pub text: String,
}

#[derive(Serialize, Debug, Clone)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "OverPeriod"))]
pub struct OverPeriodReport {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub months: Decimal,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub min: Option<Decimal>,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub max: Decimal,
    #[cfg_attr(feature = "ts", ts(type = "\"CNY\""))]
    pub currency: &'static str,
    /// "total over 6 months: ¥38,136.00".
    pub text: String,
    /// What the document says of the period (no pack's document states a maximum).
    pub note: String,
}

#[derive(Serialize, Debug, Clone)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "NationalStandard"))]
pub struct StandardReport {
    pub id: String,
    pub title: String,
    pub text: String,
    pub source: String,
    pub provisional: bool,
    pub note: String,
    /// The standard's own validity on the as-of date (a context figure can
    /// have lapsed while the local provision it sits beside is in force).
    pub validity: StandardValidity,
}

#[derive(Serialize, Debug, Clone)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StandardValidity {
    /// `in_force`, `expired` or `not_yet_in_force`.
    pub status: ValidityStatus,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub from: Option<Date>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub until: Option<Date>,
    pub text: String,
}

/// One judged condition still open: the condition in words, who decides it
/// and the clause that states it.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PendingCondition {
    pub fact: String,
    pub condition: String,
    pub question: String,
    pub judged_by: String,
    pub clause: String,
    /// "Eligible if: … — decided by … (clause …)".
    pub text: String,
}

#[derive(Serialize, Debug, Clone)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "Parameter"))]
pub struct ParameterReport {
    pub id: String,
    pub label: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub value: Decimal,
    pub unit: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub from: Date,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub until: Option<Date>,
    pub source: String,
    pub provisional: bool,
}

#[derive(Serialize, Debug, Clone)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "Validity"))]
pub struct ValidityReport {
    pub status: ValidityStatus,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub from: Option<Date>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub until: Option<Date>,
    pub inferred: bool,
    pub text: String,
    pub note: String,
}

#[derive(Serialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Reason {
    /// The rule as written, e.g. `insured_employees >= 3`.
    pub rule: String,
    /// `true`, `false`, or `null` while a fact is missing.
    pub holds: Option<bool>,
    /// In words with the values used: "Employees with social insurance paid: 2 ≥ 3 — no".
    pub text: String,
}

#[derive(Serialize, Debug, Clone)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WhatIf {
    pub changes: Vec<ChangeReport>,
    pub status: Status,
    pub amount: Option<AmountReport>,
    /// How much more the applicant would receive per period (net of any
    /// provision this one would replace).
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub gain: Option<Decimal>,
    pub text: String,
}

#[derive(Serialize, Debug, Clone)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "Change"))]
pub struct ChangeReport {
    pub fact: String,
    pub from: Option<String>,
    pub to: String,
}

#[derive(Serialize, Debug, Clone)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "Source"))]
pub struct SourceReport {
    pub document: String,
    pub title: String,
    pub number: Option<String>,
    pub issuer: String,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub published: Option<Date>,
    pub clause: String,
    /// The clause in the reader's script (Chinese readers); as published for en.
    pub quote: String,
    pub quote_as_published: String,
    pub seed: String,
}

#[derive(Serialize, Debug, Clone)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "Contact"))]
pub struct ContactReport {
    pub name: String,
    pub phone: Option<String>,
    /// True when the document prints no contact and this is general advice.
    pub general: bool,
}

/// What to do next for one provision, from the local service guide: its own
/// entry, else the region's default; the fields the guide does not give are
/// named in `unknown` and said in `unknown_text`.
#[derive(Serialize, Debug, Clone, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "Local"))]
pub struct LocalReport {
    /// "From the local service guide, not the document's words."
    pub label: String,
    /// True when the entry is this provision's own (false: the region's default).
    pub own: bool,
    pub source: Option<String>,
    pub how: Option<String>,
    pub documents: Option<String>,
    pub deadline: Option<String>,
    pub office: Option<String>,
    pub hours: Option<String>,
    pub phone: Option<String>,
    pub url: Option<String>,
    /// The fields the guide does not give, by name (`how`, `documents`, …).
    #[cfg_attr(feature = "ts", ts(type = "(\"how\" | \"documents\" | \"deadline\" | \"office\" | \"hours\" | \"phone\" | \"url\")[]"))]
    pub unknown: Vec<&'static str>,
    pub unknown_text: Option<String>,
}

#[derive(Serialize, Debug, Clone)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "Total"))]
pub struct TotalReport {
    pub period: Period,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub min: Decimal,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub max: Decimal,
    #[cfg_attr(feature = "ts", ts(type = "\"CNY\""))]
    pub currency: &'static str,
    pub provisions: Vec<String>,
    pub text: String,
}

/// Builds the explained report for an evaluation.
pub fn build(catalog: &Catalog, region: &Region, facts: &Facts, evaluation: &Evaluation, lang: Lang) -> Report {
    let vocab = &catalog.vocab;
    let env = EvalEnv { vocab, region, facts, as_of: evaluation.as_of };
    let benefits: Vec<Benefit> = evaluation
        .outcomes
        .iter()
        // Outcomes index `region.provisions` (engine::evaluate), so none is skipped.
        .filter_map(|o| Some(benefit(catalog, region, region.provisions.get(o.provision)?, facts, &env, evaluation, o, lang)))
        .collect();
    let totals = evaluation
        .totals
        .iter()
        .map(|t| TotalReport {
            period: t.period,
            min: t.min,
            max: t.max,
            currency: "CNY",
            provisions: t.provisions.iter().filter_map(|i| Some(region.provisions.get(*i)?.id.clone())).collect(),
            text: total_text(t.min, t.max, t.period, lang),
        })
        .collect();
    Report {
        region: region.id.clone(),
        region_name: region.name.get(lang).to_string(),
        as_of: evaluation.as_of,
        lang,
        role: evaluation.role.and_then(|r| vocab.roles().get(usize::from(r))).map(|r| r.id.clone()),
        complete: evaluation.outcomes.iter().all(|o| o.status != Status::Undetermined),
        benefits,
        totals,
        facts: facts.to_answers(vocab),
        notice: phrase(lang, Phrase::Notice).to_string(),
    }
}

#[allow(clippy::too_many_arguments)]
fn benefit(
    catalog: &Catalog,
    region: &Region,
    p: &Provision,
    facts: &Facts,
    env: &EvalEnv,
    evaluation: &Evaluation,
    o: &Outcome,
    lang: Lang,
) -> Benefit {
    let vocab = &catalog.vocab;
    let amount = o.money.and_then(|m| amount_report(p, m, lang));
    let over = engine::over_period(p, o.money, facts);
    let over_period = over.clone().and_then(Result::ok).map(|t| OverPeriodReport {
        months: t.months,
        min: t.min,
        max: t.max,
        currency: "CNY",
        text: format!(
            "{}{}{}",
            fill(phrase(lang, Phrase::OverPeriod), &t.months.to_string()),
            if t.min.is_none() { format!("{} ", phrase(lang, Phrase::UpTo)) } else { String::new() },
            range_text_plain(t.min, t.max)
        ),
        note: phrase(lang, Phrase::NoMaxMonths).to_string(),
    });
    let amount_stated = !matches!(p.amount.rule, AmountRule::NotStated);
    let amount_note = match p.amount.rule {
        AmountRule::NotStated => {
            let which = if p.kind.promises_money() { Phrase::NotStated } else { Phrase::TermsNotStated };
            Some(join(phrase(lang, which), p.amount.note.as_ref().map(|n| n.get(lang))))
        }
        AmountRule::Free => Some(join(phrase(lang, Phrase::Free), p.amount.note.as_ref().map(|n| n.get(lang)))),
        _ => p.amount.note.as_ref().map(|n| n.get(lang).to_string()),
    };
    let national_standard = p.amount.national_standard.and_then(|i| catalog.standards.get(i)).map(|s| StandardReport {
        id: s.id.clone(),
        title: s.title.get(lang).to_string(),
        text: s.text.get(lang).to_string(),
        source: s.source.clone(),
        provisional: s.provisional,
        note: phrase(lang, Phrase::NationalStandard).to_string(),
        validity: standard_validity(s.from, s.until, evaluation.as_of, lang),
    });
    let parameters = parameters_used(p, region, evaluation.as_of, lang);
    let computation = o.money.and_then(|m| computation(p, env, vocab, region, m, lang));
    // The loader resolved the document; a corrupt catalog just loses the source.
    let doc = region.documents.get(p.source.document);
    // The reader's form (src/quote.rs); a one-language catalog keeps only its own.
    let (in_script, clause) = match lang {
        Lang::ZhHans => (&p.source.quote_zh_hans, &p.source.clause_zh_hans),
        Lang::ZhHant => (&p.source.quote_zh_hant, &p.source.clause_zh_hant),
        Lang::En => (&p.source.quote_en, &p.source.clause),
    };
    let quote = if in_script.is_empty() { p.source.quote.clone() } else { in_script.clone() };
    let clause = if clause.is_empty() { p.source.clause.clone() } else { clause.clone() };
    let contact = p
        .contact
        .as_ref()
        .or(if p.defined_in == region.id { region.contact.as_ref() } else { None })
        .map(|c| contact_report(c, lang, false))
        .or_else(|| {
            (!amount_stated || o.status == Status::Eligible).then(|| ContactReport {
                name: phrase(lang, Phrase::GeneralContact).to_string(),
                phone: None,
                general: true,
            })
        });
    let what_if = if matches!(o.status, Status::Ineligible | Status::Eligible) {
        whatif::suggest(vocab, region, facts, evaluation.as_of, o)
            .into_iter()
            .map(|s| what_if_report(vocab, region, evaluation, o, &s, lang))
            .collect()
    } else {
        Vec::new()
    };
    Benefit {
        id: p.id.clone(),
        title: p.title.get(lang).to_string(),
        summary: p.summary.get(lang).to_string(),
        who: p.who.get(lang).to_string(),
        kind: p.kind,
        programme: p.programme,
        status: o.status,
        amount,
        over_period,
        months_fact: p.amount.months.map(|f| vocab.fact(f).id.clone()),
        amount_stated,
        amount_note,
        terms: p.amount.terms.as_ref().map(|t| t.get(lang).to_string()),
        national_standard,
        computation,
        parameters,
        validity: validity_report(p, o.validity, lang),
        missing_facts: o.missing.iter().map(|f| vocab.fact(f).id.clone()).collect(),
        pending_conditions: o
            .missing
            .iter()
            .filter_map(|f| pending_condition(vocab, f, &p.source.clause, lang))
            .collect(),
        conditions: p.conditions.as_ref().map(|c| c.get(lang).to_string()),
        why: p.when.as_ref().map(|w| reasons(w, env, vocab, region, o.status, lang)).unwrap_or_default(),
        what_if,
        sources: doc
            .map(|doc| SourceReport {
                document: doc.id.clone(),
                title: doc.title.get(lang).to_string(),
                number: doc.number.clone(),
                issuer: doc.issuer.get(lang).to_string(),
                published: doc.published,
                clause,
                quote,
                quote_as_published: p.source.quote.clone(),
                seed: doc.seed.clone(),
            })
            .into_iter()
            .collect(),
        contact,
        local: local_report(p, region, lang),
        gaps: p.gaps.as_ref().map(|g| g.get(lang).to_string()),
        superseded_by: o.superseded_by.and_then(|i| Some(region.provisions.get(i)?.id.clone())),
        counts_in_totals: o.counts_in_totals,
        no_application: p.no_application,
        inherited_from: (p.defined_in != region.id).then(|| p.defined_in.clone()),
        error: o.error.clone().or(over.and_then(Result::err)).map(|e| e.to_string()),
    }
}

fn pending_condition(vocab: &Vocabulary, fact: FactId, clause: &str, lang: Lang) -> Option<PendingCondition> {
    let def = vocab.fact(fact);
    let judged_by = def.judged_by.as_ref()?.get(lang).to_string();
    let condition = def.label.get(lang).to_string();
    let text = format!(
        "{}{condition}{}{judged_by}{}{clause}{}",
        phrase(lang, Phrase::EligibleIf),
        phrase(lang, Phrase::JudgedBy),
        phrase(lang, Phrase::ClauseOpen),
        phrase(lang, Phrase::ClauseClose)
    );
    Some(PendingCondition {
        fact: def.id.clone(),
        condition,
        question: def.question.get(lang).to_string(),
        judged_by,
        clause: clause.to_string(),
        text,
    })
}

fn local_report(p: &Provision, region: &Region, lang: Lang) -> LocalReport {
    let entry = p.local.as_ref().map(|l| (l, true)).or(region.local.as_ref().map(|l| (l, false)));
    let mut r = LocalReport { label: phrase(lang, Phrase::LocalLabel).to_string(), ..LocalReport::default() };
    if let Some((l, own)) = entry {
        let t = |t: &Option<crate::lang::Text>| t.as_ref().map(|t| t.get(lang).to_string());
        r = LocalReport {
            own,
            source: Some(l.source.get(lang).to_string()),
            how: t(&l.how),
            documents: t(&l.documents),
            deadline: t(&l.deadline),
            office: t(&l.office),
            hours: t(&l.hours),
            phone: l.phone.clone(),
            url: l.url.clone(),
            ..r
        };
    }
    let fields = [
        ("how", r.how.is_none(), Phrase::LocalHow),
        ("documents", r.documents.is_none(), Phrase::LocalDocuments),
        ("deadline", r.deadline.is_none(), Phrase::LocalDeadline),
        ("office", r.office.is_none(), Phrase::LocalOffice),
        ("hours", r.hours.is_none(), Phrase::LocalHours),
        ("phone", r.phone.is_none(), Phrase::LocalPhone),
        ("url", r.url.is_none(), Phrase::LocalUrl),
    ];
    let unknown: Vec<_> = fields.iter().filter(|(_, missing, _)| *missing).collect();
    r.unknown = unknown.iter().map(|(id, _, _)| *id).collect();
    if !unknown.is_empty() {
        let names: Vec<&str> = unknown.iter().map(|(_, _, ph)| phrase(lang, *ph)).collect();
        let sep = if lang.is_chinese() { "、" } else { ", " };
        r.unknown_text = Some(fill(phrase(lang, Phrase::LocalUnknown), &names.join(sep)));
    }
    r
}

fn contact_report(c: &Contact, lang: Lang, general: bool) -> ContactReport {
    ContactReport { name: c.name.get(lang).to_string(), phone: c.phone.clone(), general }
}

fn join(first: &str, second: Option<&str>) -> String {
    match second {
        Some(s) if !s.is_empty() => format!("{first} {s}"),
        _ => first.to_string(),
    }
}

fn amount_report(p: &Provision, m: Money, lang: Lang) -> Option<AmountReport> {
    let period = p.amount.period?;
    let text = match m.kind {
        MoneyKind::Exact => range_text(m.min, m.max, period, lang),
        MoneyKind::UpTo => format!("{} {}", phrase(lang, Phrase::UpTo), range_text(Some(m.max), m.max, period, lang)),
        MoneyKind::Range => range_text(m.min, m.max, period, lang),
    };
    Some(AmountReport {
        kind: m.kind,
        min: m.min,
        max: m.max,
        period,
        currency: "CNY",
        per: p.amount.per.as_ref().map(|t| t.get(lang).to_string()),
        text,
    })
}

/// A total as the cards say it: a total whose lower end is nothing (only
/// caps in it) reads "up to ¥500.00 per year", like its card.
fn total_text(min: Decimal, max: Decimal, period: Period, lang: Lang) -> String {
    if min.is_zero() && !max.is_zero() {
        format!("{} {}", phrase(lang, Phrase::UpTo), range_text(None, max, period, lang))
    } else {
        range_text(Some(min), max, period, lang)
    }
}

/// "¥1,589.00 per month", "¥0.00 – ¥500,000.00 once".
pub fn range_text(min: Option<Decimal>, max: Decimal, period: Period, lang: Lang) -> String {
    let mut text = String::new();
    write_range_text(&mut text, min, max, period, lang);
    text
}

/// [`range_text`] appended to `out` (the batch writes one per eligible
/// row: appending allocates nothing once `out` has grown).
pub fn write_range_text(out: &mut String, min: Option<Decimal>, max: Decimal, period: Period, lang: Lang) {
    write_range_plain(out, min, max);
    out.push(' ');
    out.push_str(period_text(period, lang));
}

/// `¥1,000.00` or `¥1,000.00 – ¥2,000.00`, without a period.
fn range_text_plain(min: Option<Decimal>, max: Decimal) -> String {
    let mut text = String::new();
    write_range_plain(&mut text, min, max);
    text
}

fn write_range_plain(out: &mut String, min: Option<Decimal>, max: Decimal) {
    if let Some(min) = min.filter(|min| *min != max) {
        write_yuan(out, min);
        out.push_str(" – ");
    }
    write_yuan(out, max);
}

/// Yuan with thousands separators and two decimals: ¥1,234,567.50.
pub fn yuan(amount: Decimal) -> String {
    let mut text = String::new();
    write_yuan(&mut text, amount);
    text
}

/// [`yuan`] appended to `out`: the rounded figure with `¥` after its sign
/// and a comma before each group of three integer digits.
pub fn write_yuan(out: &mut String, amount: Decimal) {
    let rounded = engine::round_yuan(amount);
    write_decimal(out, rounded, "¥", true);
    // Only a figure too large to keep its fen has no point.
    if rounded.scale() == 0 {
        out.push_str(".00");
    }
}

/// `amount`'s `Display` text appended to `out` (sign, digits, its own
/// scale's decimals: 5 at scale 2 is "0.05"), with `prefix` after the sign
/// and, when `grouped`, a comma before each group of three integer digits.
/// The digits of a mantissa that fits a u64 (every amount there is) are
/// worked out here: `Display` and `fmt` divide a 96-bit mantissa per digit
/// and pad through the formatting machinery, about 9 % of a CSV batch's
/// instructions together (callgrind, 100k rows). Proven equal to `Display`
/// on every value (tests/properties.rs).
pub fn write_decimal(out: &mut String, amount: Decimal, prefix: &str, grouped: bool) {
    // u64's 20 digits and a scale's 28 zeros of padding at most.
    let mut digits = [b'0'; 48];
    let scale = amount.scale() as usize;
    let mut at = digits.len();
    match u64::try_from(amount.mantissa().unsigned_abs()) {
        Ok(mut m) => loop {
            at = at.saturating_sub(1);
            if let Some(d) = digits.get_mut(at) {
                // m % 10 < 10: the cast cannot truncate.
                *d = b'0'.saturating_add((m % 10) as u8);
            }
            m /= 10;
            if m == 0 || at == 0 {
                break;
            }
        },
        Err(_) => {
            // Past a u64: `Display`'s own digits (the point taken out).
            let text = amount.abs().to_string().replace('.', "");
            let len = text.len().min(digits.len());
            at = digits.len().saturating_sub(len);
            if let (Some(to), Some(from)) = (digits.get_mut(at..), text.as_bytes().get(..len)) {
                to.copy_from_slice(from);
            }
        }
    }
    // At least one digit before the point (the buffer holds zeros).
    at = at.min(digits.len().saturating_sub(scale.saturating_add(1)));
    let point = digits.len().saturating_sub(scale);
    if amount.is_sign_negative() {
        out.push('-');
    }
    out.push_str(prefix);
    // Pushed as ASCII characters, room made once: assembling the text to
    // check it as UTF-8 cost more than the digits (callgrind).
    let int = digits.get(at..point).unwrap_or_default();
    let frac = digits.get(point..).unwrap_or_default();
    out.reserve(int.len().saturating_mul(2).saturating_add(frac.len()).saturating_add(1));
    // Digits until the next comma: the first group is what is left over.
    let mut group = match int.len() % 3 {
        0 => 3,
        n => n,
    };
    for &d in int {
        if group == 0 {
            if grouped {
                out.push(',');
            }
            group = 3;
        }
        out.push(char::from(d));
        group = group.saturating_sub(1);
    }
    if !frac.is_empty() {
        out.push('.');
        frac.iter().for_each(|&d| out.push(char::from(d)));
    }
}

pub fn period_text(period: Period, lang: Lang) -> &'static str {
    match (period, lang) {
        (Period::Once, Lang::En) => "once",
        (Period::Once, Lang::ZhHans) => "一次性",
        (Period::Once, Lang::ZhHant) => "一次性",
        (Period::PerMonth, Lang::En) => "per month",
        (Period::PerMonth, Lang::ZhHans) => "每月",
        (Period::PerMonth, Lang::ZhHant) => "每月",
        (Period::PerYear, Lang::En) => "per year",
        (Period::PerYear, Lang::ZhHans) => "每年",
        (Period::PerYear, Lang::ZhHant) => "每年",
    }
}

fn validity_report(p: &Provision, status: ValidityStatus, lang: Lang) -> ValidityReport {
    let v = &p.validity;
    let text = match status {
        ValidityStatus::InForce => match v.until {
            Some(until) if v.inferred => format!("{} {} – {}", phrase(lang, Phrase::InForce), v.from.map(|d| date_text(d, lang)).unwrap_or_default(), date_text(until, lang)),
            Some(until) => format!("{} {}", phrase(lang, Phrase::InForceUntil), date_text(until, lang)),
            None => phrase(lang, Phrase::InForce).to_string(),
        },
        ValidityStatus::Expired => {
            let until = v.until.map(|d| date_text(d, lang)).unwrap_or_default();
            let which = if v.inferred { Phrase::ExpiredInferred } else { Phrase::Expired };
            fill(phrase(lang, which), &until)
        }
        ValidityStatus::Announced => phrase(lang, Phrase::Announced).to_string(),
        ValidityStatus::NotYetInForce => {
            let from = v.from.map(|d| date_text(d, lang)).unwrap_or_default();
            fill(phrase(lang, Phrase::NotYet), &from)
        }
    };
    let text = if v.inferred { format!("{text} ({})", phrase(lang, Phrase::Inferred)) } else { text };
    ValidityReport {
        status,
        from: v.from,
        until: v.until,
        inferred: v.inferred,
        text,
        note: v.note.get(lang).to_string(),
    }
}

fn standard_validity(from: Option<Date>, until: Option<Date>, as_of: Date, lang: Lang) -> StandardValidity {
    let status = engine::dated_validity(from, until, as_of);
    let date = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
    let text = match status {
        ValidityStatus::NotYetInForce => fill(phrase(lang, Phrase::NotYet), &date(from)),
        ValidityStatus::Expired => fill(phrase(lang, Phrase::StandardExpired), &date(until)),
        _ if until.is_some() => format!("{} {}", phrase(lang, Phrase::InForceUntil), date(until)),
        _ => phrase(lang, Phrase::InForce).to_string(),
    };
    StandardValidity { status, from, until, text }
}

fn parameters_used(p: &Provision, region: &Region, as_of: Date, lang: Lang) -> Vec<ParameterReport> {
    let mut ids = Vec::new();
    for e in crate::pack::rule_exprs(&p.amount.rule) {
        e.walk(&mut |node| {
            if let Expr::Param(id) = node {
                if !ids.contains(id) {
                    ids.push(*id);
                }
            }
        });
    }
    ids.iter()
        .filter_map(|id| {
            let param = region.parameters.get(usize::from(*id))?;
            let v = param.on(as_of)?;
            Some(ParameterReport {
                id: param.id.clone(),
                label: param.label.get(lang).to_string(),
                value: v.value,
                unit: param.unit.get(lang).to_string(),
                from: v.from,
                until: v.until,
                source: v.source.clone(),
                provisional: v.provisional,
            })
        })
        .collect()
}

fn computation(p: &Provision, env: &EvalEnv, vocab: &Vocabulary, region: &Region, m: Money, lang: Lang) -> Option<String> {
    let exprs = crate::pack::rule_exprs(&p.amount.rule);
    let first = exprs.first()?;
    // A bare literal explains itself; show the computation only for formulas.
    if matches!(first, Expr::Lit(_)) && exprs.len() == 1 {
        return Some(format!("{} ({})", yuan(m.max), phrase(lang, Phrase::StatedInText)));
    }
    let shown: Vec<String> = exprs.iter().map(|e| render(e, env, vocab, region, lang)).collect();
    Some(format!("{} = {} ({})", shown.join(" .. "), yuan(m.max), phrase(lang, Phrase::Rounding)))
}

/// Renders an expression with the values used, in the reader's language.
fn render(e: &Expr, env: &EvalEnv, vocab: &Vocabulary, region: &Region, lang: Lang) -> String {
    print::print(e, &WithValues { env, vocab, region, lang })
}

/// The report's style: labels with the values used, Unicode operators, the
/// branch of an `if` that was taken.
struct WithValues<'a> {
    env: &'a EvalEnv<'a>,
    vocab: &'a Vocabulary,
    region: &'a Region,
    lang: Lang,
}

impl WithValues<'_> {
    fn value_of(&self, e: &Expr) -> String {
        match e.eval(self.env) {
            Ok(Tri::Known(v)) => value_text(self.vocab, None, v, self.lang),
            _ => "?".to_string(),
        }
    }
}

impl print::Style for WithValues<'_> {
    fn name(&self, e: &Expr) -> String {
        let (env, vocab, lang) = (self.env, self.vocab, self.lang);
        match e {
            Expr::Fact(id) => {
                let label = vocab.fact(*id).label.get(lang);
                match env.facts.get(*id) {
                    Some(v) => format!("{label} ({})", value_text(vocab, Some(*id), v, lang)),
                    None => format!("{label} (?)"),
                }
            }
            Expr::Derived(id) => {
                let label = vocab.derived.get(usize::from(*id)).map_or("?", |d| d.label.get(lang));
                format!("{label} ({})", self.value_of(e))
            }
            Expr::Param(id) => {
                let Some(param) = self.region.parameters.get(usize::from(*id)) else { return "?".into() };
                match param.on(env.as_of) {
                    Some(v) => format!("{} ({}, {} {})", param.label.get(lang), v.value, phrase(lang, Phrase::From), v.from),
                    None => param.label.get(lang).to_string(),
                }
            }
            _ => format!("{} ({})", phrase(lang, Phrase::AsOf), env.as_of),
        }
    }
    fn literal(&self, fact: Option<FactId>, v: Value) -> String {
        value_text(self.vocab, fact, v, self.lang)
    }
    fn symbols(&self) -> Symbols {
        Symbols::Reader
    }
    fn not(&self) -> String {
        format!("{} ", phrase(self.lang, Phrase::Not))
    }
    fn junction(&self, and: bool) -> (String, bool) {
        let word = phrase(self.lang, if and { Phrase::And } else { Phrase::Or });
        (format!(" {word} "), true)
    }
    fn one_of(&self, subject: String, options: &[String]) -> String {
        format!("{subject} ∈ {{{}}}", options.join(", "))
    }
    fn branch(&self, condition: &Expr) -> Option<bool> {
        match condition.eval(self.env) {
            Ok(Tri::Known(v)) => Some(v == Value::Bool(true)),
            _ => None,
        }
    }
    fn conditional(&self, c: String, y: String, n: String) -> String {
        format!("{c} ? {y} : {n}")
    }
    fn call_value(&self, call: &Expr) -> Option<String> {
        Some(self.value_of(call))
    }
}

fn value_text(vocab: &Vocabulary, fact: Option<FactId>, v: Value, lang: Lang) -> String {
    match v {
        Value::Bool(true) => phrase(lang, Phrase::Yes).to_string(),
        Value::Bool(false) => phrase(lang, Phrase::No).to_string(),
        Value::Num(n) => n.normalize().to_string(),
        Value::Date(d) => d.to_string(),
        Value::Sym(i) => fact
            .and_then(|f| vocab.fact(f).values.get(usize::from(i)))
            .map_or_else(|| i.to_string(), |val| val.label.get(lang).to_string()),
    }
}

/// The atoms of a condition with whether each holds; for an eligible result
/// the conditions that held, for an ineligible one those that failed.
fn reasons(when: &Expr, env: &EvalEnv, vocab: &Vocabulary, region: &Region, status: Status, lang: Lang) -> Vec<Reason> {
    print::atoms(when)
        .into_iter()
        .filter_map(|atom| {
            let holds = atom.eval(env).ok().and_then(Tri::as_bool);
            let keep = match status {
                Status::Eligible => holds == Some(true),
                Status::Ineligible => holds == Some(false),
                Status::Undetermined | Status::Conditional => holds != Some(false),
            };
            keep.then(|| {
                let judged = atom.facts(&|id| vocab.derived_facts(id)).iter().any(|f| vocab.is_judged(f) && env.facts.get(f).is_none());
                let sentence = if judged { None } else { atom_sentence(atom, env, vocab, holds, lang) };
                let text = sentence.unwrap_or_else(|| {
                    let mark = match holds {
                        Some(true) => phrase(lang, Phrase::Holds),
                        Some(false) => phrase(lang, Phrase::Fails),
                        // Nobody can answer it here: a body decides it.
                        None if judged => phrase(lang, Phrase::AwaitingDecision),
                        None => phrase(lang, Phrase::Unknown),
                    };
                    format!("{} — {mark}", render(atom, env, vocab, region, lang))
                });
                Reason { rule: rule_text(atom, vocab, region), holds, text }
            })
        })
        .collect()
}

/// What one condition asks for, from its shape: `interns > 0` needs "more
/// than 0"; a yes/no fact needs yes (or, under `not`, no).
enum Need {
    Bool(bool),
    Cmp(crate::expr::CmpOp, Value),
    OneOf(Vec<Value>),
}

/// What a condition is about: an asked fact or a derived one.
#[derive(Clone, Copy)]
enum Subject {
    Fact(FactId),
    Derived(crate::expr::DerivedId),
}

/// A value on the right of a comparison that needs no answer (a literal or
/// a dated parameter), with its value on the as-of date.
fn constant(e: &Expr, env: &EvalEnv) -> Option<Value> {
    match e {
        Expr::Lit(v) => Some(*v),
        Expr::Param(_) => match e.eval(env) {
            Ok(Tri::Known(v)) => Some(v),
            _ => None,
        },
        _ => None,
    }
}

fn subject_of(e: &Expr) -> Option<Subject> {
    match e {
        Expr::Fact(f) => Some(Subject::Fact(*f)),
        Expr::Derived(d) => Some(Subject::Derived(*d)),
        _ => None,
    }
}

/// The condition's shape, or `None` for one said as a formula (arithmetic
/// on both sides, function calls).
fn need_of(atom: &Expr, env: &EvalEnv) -> Option<(Subject, Need)> {
    use crate::expr::CmpOp;
    match atom {
        Expr::Fact(_) | Expr::Derived(_) => Some((subject_of(atom)?, Need::Bool(true))),
        Expr::Not(inner) => Some((subject_of(inner)?, Need::Bool(false))),
        Expr::Cmp(op, l, r) => {
            if let (Some(s), Some(v)) = (subject_of(l), constant(r, env)) {
                return Some((s, Need::Cmp(*op, v)));
            }
            let (s, v) = (subject_of(r)?, constant(l, env)?);
            let flipped = match op {
                CmpOp::Lt => CmpOp::Gt,
                CmpOp::Le => CmpOp::Ge,
                CmpOp::Gt => CmpOp::Lt,
                CmpOp::Ge => CmpOp::Le,
                other => *other,
            };
            Some((s, Need::Cmp(flipped, v)))
        }
        Expr::In(inner, values) => Some((subject_of(inner)?, Need::OneOf(values.clone()))),
        _ => None,
    }
}

/// A date as a person writes it: 2024年6月30日, 30 June 2024.
pub fn date_text(d: Date, lang: Lang) -> String {
    const MONTHS: [&str; 12] =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    match lang {
        Lang::En => {
            let month = usize::try_from(d.month()).ok().and_then(|m| m.checked_sub(1)).and_then(|m| MONTHS.get(m)).copied().unwrap_or("");
            format!("{} {month} {}", d.day(), d.year())
        }
        Lang::ZhHans | Lang::ZhHant => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
    }
}

/// A value in words: yes/no, an option's label, a number with the fact's unit, a date.
fn value_words(vocab: &Vocabulary, fact: Option<FactId>, v: Value, lang: Lang) -> String {
    match v {
        Value::Date(d) => date_text(d, lang),
        Value::Num(n) => {
            let unit = fact.and_then(|f| vocab.fact(f).unit_after(n)).map(|u| u.get(lang));
            match (unit, lang) {
                (Some(u), Lang::En) => format!("{} {u}", n.normalize()),
                (Some(u), _) => format!("{}{u}", n.normalize()),
                (None, _) => n.normalize().to_string(),
            }
        }
        other => value_text(vocab, fact, other, lang),
    }
}

/// Quotation marks of the language: “…” (en, zh-Hans), 「…」 (zh-Hant).
fn quoted(text: &str, lang: Lang) -> String {
    match lang {
        Lang::ZhHant => format!("「{text}」"),
        _ => format!("“{text}”"),
    }
}

/// What the condition needs, in words: "more than 0", "不少于3人", "“yes”".
fn need_words(vocab: &Vocabulary, fact: Option<FactId>, need: &Need, lang: Lang) -> String {
    use crate::expr::CmpOp;
    let en = lang == Lang::En;
    let hant = lang == Lang::ZhHant;
    match need {
        Need::Bool(b) => {
            let v = quoted(phrase(lang, if *b { Phrase::Yes } else { Phrase::No }), lang);
            if en { v } else if hant { format!("為{v}") } else { format!("为{v}") }
        }
        Need::Cmp(op, v) => {
            let words = value_words(vocab, fact, *v, lang);
            if let Value::Sym(_) = v {
                let q = quoted(&words, lang);
                return match (op, en) {
                    (CmpOp::Ne, true) => format!("anything but {q}"),
                    (CmpOp::Ne, false) => format!("不是{q}"),
                    (_, true) => q,
                    (_, false) => format!("{}{q}", if hant { "為" } else { "为" }),
                };
            }
            let date = matches!(v, Value::Date(_));
            let word = match (op, lang, date) {
                (CmpOp::Eq, Lang::En, _) => "exactly",
                (CmpOp::Ne, Lang::En, _) => "anything but",
                (CmpOp::Lt, Lang::En, true) => "before",
                (CmpOp::Le, Lang::En, true) => "on or before",
                (CmpOp::Gt, Lang::En, true) => "after",
                (CmpOp::Ge, Lang::En, true) => "on or after",
                (CmpOp::Lt, Lang::En, false) => "less than",
                (CmpOp::Le, Lang::En, false) => "at most",
                (CmpOp::Gt, Lang::En, false) => "more than",
                (CmpOp::Ge, Lang::En, false) => "at least",
                (CmpOp::Eq, Lang::ZhHans, _) => "等于",
                (CmpOp::Eq, Lang::ZhHant, _) => "等於",
                (CmpOp::Ne, Lang::ZhHans, _) => "不等于",
                (CmpOp::Ne, Lang::ZhHant, _) => "不等於",
                (CmpOp::Lt, Lang::ZhHans, true) => "早于",
                (CmpOp::Lt, Lang::ZhHant, true) => "早於",
                (CmpOp::Le, Lang::ZhHans, true) => "不晚于",
                (CmpOp::Le, Lang::ZhHant, true) => "不晚於",
                (CmpOp::Gt, Lang::ZhHans, true) => "晚于",
                (CmpOp::Gt, Lang::ZhHant, true) => "晚於",
                (CmpOp::Ge, Lang::ZhHans, true) => "不早于",
                (CmpOp::Ge, Lang::ZhHant, true) => "不早於",
                (CmpOp::Lt, Lang::ZhHans, false) => "少于",
                (CmpOp::Lt, Lang::ZhHant, false) => "少於",
                (CmpOp::Le, Lang::ZhHans, false) => "不超过",
                (CmpOp::Le, Lang::ZhHant, false) => "不超過",
                (CmpOp::Gt, Lang::ZhHans, false) => "大于",
                (CmpOp::Gt, Lang::ZhHant, false) => "大於",
                (CmpOp::Ge, Lang::ZhHans, false) => "不少于",
                (CmpOp::Ge, Lang::ZhHant, false) => "不少於",
            };
            if en { format!("{word} {words}") } else { format!("{word}{words}") }
        }
        Need::OneOf(values) => {
            let names: Vec<String> = values.iter().map(|v| quoted(&value_words(vocab, fact, *v, lang), lang)).collect();
            match lang {
                Lang::En => format!("one of {}", names.join(", ")),
                Lang::ZhHans => format!("为{}之一", names.join("、")),
                Lang::ZhHant => format!("為{}之一", names.join("、")),
            }
        }
    }
}

/// One condition as a sentence from the answers the person gave: "For
/// “Platform workers you insure against accidents” you gave 0; this needs
/// more than 0." Derived facts say what they were worked out from. `None`
/// for a shape said as a formula.
fn atom_sentence(atom: &Expr, env: &EvalEnv, vocab: &Vocabulary, holds: Option<bool>, lang: Lang) -> Option<String> {
    let (subject, need) = need_of(atom, env)?;
    let fact = match subject {
        Subject::Fact(f) => Some(f),
        Subject::Derived(_) => None,
    };
    let need = need_words(vocab, fact, &need, lang);
    let hant = lang == Lang::ZhHant;
    let subject = match subject {
        Subject::Fact(f) => {
            let def = vocab.fact(f);
            let label = quoted(def.label.get(lang), lang);
            match (env.facts.get(f), lang) {
                (None, Lang::En) => format!("{label} is not answered yet"),
                (None, _) => format!("{label}尚未回答"),
                (Some(v @ Value::Bool(_)), Lang::En) => format!("You answered {} to {label}", value_text(vocab, Some(f), v, lang)),
                (Some(v @ Value::Bool(_)), _) => {
                    format!("{}{label}的回答是{}", if hant { "您對" } else { "您对" }, quoted(&value_text(vocab, Some(f), v, lang), lang))
                }
                (Some(v), Lang::En) => format!("For {label} you gave {}", value_words(vocab, Some(f), v, lang)),
                (Some(v), _) => format!("{label}{}{}", if hant { "您填寫的是" } else { "您填写的是" }, value_words(vocab, Some(f), v, lang)),
            }
        }
        Subject::Derived(d) => {
            let def = vocab.derived.get(usize::from(d))?;
            let label = quoted(def.label.get(lang), lang);
            // The answers it comes from that say something: dates, numbers,
            // options (not the role, not the yes/no gates).
            let from: Vec<FactId> = def
                .facts
                .iter()
                .filter(|f| *f != vocab.role_fact && vocab.fact(*f).ty != FactType::Bool)
                .collect();
            let mut uses_date = false;
            def.definition.walk(&mut |n| uses_date |= matches!(n, Expr::AsOf));
            let value = Expr::Derived(d).eval(env).ok().and_then(|t| match t {
                Tri::Known(v) => Some(v),
                Tri::Unknown(_) => None,
            });
            match value {
                None => {
                    let missing: Vec<String> = from
                        .iter()
                        .filter(|f| env.facts.get(**f).is_none())
                        .map(|f| quoted(vocab.fact(*f).label.get(lang), lang))
                        .collect();
                    let sep = if lang == Lang::En { " and " } else { "、" };
                    match (lang, missing.is_empty()) {
                        (Lang::En, true) => format!("{label} cannot be worked out yet"),
                        (Lang::En, false) => format!("{label} can be worked out once you answer {}", missing.join(sep)),
                        (_, true) => format!("{label}{}", if hant { "暫時無法判斷" } else { "暂时无法判断" }),
                        (_, false) => format!("回答{}{}{label}", missing.join(sep), if hant { "後才能判斷" } else { "后才能判断" }),
                    }
                }
                Some(v) => {
                    let mut sources: Vec<String> = from
                        .iter()
                        .filter_map(|f| {
                            let given = env.facts.get(*f)?;
                            let l = vocab.fact(*f).label.get(lang);
                            let w = value_words(vocab, Some(*f), given, lang);
                            Some(match lang {
                                Lang::En => format!("your answer to {} ({w})", quoted(l, lang)),
                                Lang::ZhHans => format!("您填写的{}（{w}）", quoted(l, lang)),
                                Lang::ZhHant => format!("您填寫的{}（{w}）", quoted(l, lang)),
                            })
                        })
                        .collect();
                    if uses_date {
                        let d = date_text(env.as_of, lang);
                        sources.push(match lang {
                            Lang::En => format!("the date of this result ({d})"),
                            Lang::ZhHans => format!("测算日期（{d}）"),
                            Lang::ZhHant => format!("測算日期（{d}）"),
                        });
                    }
                    let v = quoted(&value_text(vocab, None, v, lang), lang);
                    match (lang, sources.is_empty()) {
                        (Lang::En, true) => format!("{label} is {v}"),
                        (Lang::En, false) => format!("{label} is {v}, worked out from {}", sources.join(" and ")),
                        (_, true) => format!("{label}{}{v}", if hant { "為" } else { "为" }),
                        (_, false) => format!(
                            "{}{}，{label}{}{v}",
                            if hant { "根據" } else { "根据" },
                            sources.join("和"),
                            if hant { "為" } else { "为" }
                        ),
                    }
                }
            }
        }
    };
    let item = if hant { "本項要求" } else { "本项要求" };
    Some(match (lang, holds) {
        (Lang::En, Some(true)) => format!("{subject} (needed: {need})."),
        (Lang::En, _) => format!("{subject}; this needs {need}."),
        (_, Some(true)) => format!("{subject}（{item}{need}）。"),
        (_, Some(false)) => format!("{subject}，{item}{need}。"),
        (_, None) => format!("{subject}；{item}{need}。"),
    })
}

/// The rule in the pack's own language, for reviewers.
fn rule_text(e: &Expr, vocab: &Vocabulary, region: &Region) -> String {
    print::print(e, &PackSyntax { vocab, region })
}

/// The pack's own syntax: ids, enum values quoted by id.
struct PackSyntax<'a> {
    vocab: &'a Vocabulary,
    region: &'a Region,
}

impl print::Style for PackSyntax<'_> {
    fn name(&self, e: &Expr) -> String {
        match e {
            Expr::Fact(id) => self.vocab.fact(*id).id.clone(),
            Expr::Derived(id) => self.vocab.derived.get(usize::from(*id)).map_or_else(|| "?".into(), |d| d.id.clone()),
            Expr::Param(id) => self.region.parameters.get(usize::from(*id)).map_or_else(|| "?".into(), |p| p.id.clone()),
            _ => "as_of".into(),
        }
    }
    fn literal(&self, fact: Option<FactId>, v: Value) -> String {
        match (fact, v) {
            (Some(f), Value::Sym(_)) => format!("'{}'", self.vocab.format_value(f, v)),
            (_, Value::Num(n)) => n.to_string(),
            (_, Value::Bool(b)) => b.to_string(),
            (_, Value::Date(d)) => format!("date'{d}'"),
            (None, Value::Sym(i)) => format!("'#{}'", u32::from(i)),
        }
    }
}

fn what_if_report(vocab: &Vocabulary, region: &Region, evaluation: &Evaluation, current: &Outcome, s: &Suggestion, lang: Lang) -> WhatIf {
    let Some(p) = region.provisions.get(current.provision) else {
        return WhatIf { changes: Vec::new(), status: s.outcome.status, amount: None, gain: None, text: String::new() };
    };
    let amount = s.outcome.money.and_then(|m| amount_report(p, m, lang));
    // Net gain: the new amount minus what it would replace (itself before,
    // or the provisions it supersedes that are eligible now).
    let replaced: Decimal = if current.status == Status::Eligible {
        current.money.map_or(Decimal::ZERO, |m| m.max)
    } else {
        p.supersedes
            .iter()
            .filter_map(|t| evaluation.outcomes.iter().find(|o| o.provision == *t))
            .filter(|o| o.status == Status::Eligible)
            .filter(|o| region.provisions.get(o.provision).is_some_and(|t| t.amount.period == p.amount.period))
            .filter_map(|o| o.money.map(|m| m.max))
            // `Sum` for Decimal panics on overflow; a sum past 28 digits
            // states no gain instead.
            .try_fold(Decimal::ZERO, |sum, m| sum.checked_add(m))
            .unwrap_or(Decimal::MAX)
    };
    let gain = s.outcome.money.and_then(|m| m.max.checked_sub(replaced)).filter(|g| !g.is_sign_negative());
    let changes: Vec<ChangeReport> = s
        .changes
        .iter()
        .map(|c| ChangeReport {
            fact: vocab.fact(c.fact).id.clone(),
            from: c.from.map(|v| vocab.format_value(c.fact, v)),
            to: vocab.format_value(c.fact, c.to),
        })
        .collect();
    let described: Vec<String> = s.changes.iter().map(|c| change_text(vocab, c, lang)).collect();
    let en = lang == Lang::En;
    let mut text = format!("{} {}", phrase(lang, Phrase::IfYou), described.join(if en { "; " } else { "；" }));
    text.push_str(if en { ": " } else { "：" });
    match (&amount, gain, p.amount.period) {
        (Some(a), Some(g), Some(period)) if !g.is_zero() => {
            text.push_str(&match lang {
                Lang::En => format!("{}, {} {} more.", a.text, yuan(g), period_text(period, lang)),
                Lang::ZhHans | Lang::ZhHant => format!("{}，{}多 {}。", a.text, period_text(period, lang), yuan(g)),
            });
        }
        (Some(a), _, _) => text.push_str(&format!("{}{}", a.text, if en { "." } else { "。" })),
        (None, _, _) => text.push_str(phrase(lang, Phrase::BecomesEligible)),
    }
    WhatIf { changes, status: s.outcome.status, amount, gain, text }
}

/// One suggested change in words: "“Interns retained” were 2 (now 1)".
fn change_text(vocab: &Vocabulary, c: &whatif::Change, lang: Lang) -> String {
    let label = quoted(vocab.fact(c.fact).label.get(lang), lang);
    let to = value_words(vocab, Some(c.fact), c.to, lang);
    let to = if matches!(c.to, Value::Bool(_) | Value::Sym(_)) { quoted(&to, lang) } else { to };
    let now = c.from.filter(|f| matches!(f, Value::Num(_))).map(|f| value_words(vocab, Some(c.fact), f, lang));
    match (lang, now) {
        (Lang::En, Some(now)) => format!("{label} were {to} (now {now})"),
        (Lang::En, None) => format!("{label} were {to}"),
        (Lang::ZhHans, Some(now)) => format!("{label}为{to}（现在是{now}）"),
        (Lang::ZhHant, Some(now)) => format!("{label}為{to}（現在是{now}）"),
        (Lang::ZhHans, None) => format!("{label}为{to}"),
        (Lang::ZhHant, None) => format!("{label}為{to}"),
    }
}

/// Text for one fact's value as the user would read it.
pub fn fact_value_text(vocab: &Vocabulary, fact: FactId, v: Value, lang: Lang) -> String {
    value_text(vocab, Some(fact), v, lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dated_validity_phrases_get_their_date_in_place_of_the_placeholder() {
        for lang in Lang::ALL {
            for p in [Phrase::Expired, Phrase::ExpiredInferred, Phrase::NotYet, Phrase::StandardExpired] {
                let template = phrase(lang, p);
                let filled = fill(template, "2025-12-31");
                let (head, tail) = template.split_once('{').unwrap();
                assert_eq!(filled, format!("{head}2025-12-31{}", tail.split_once('}').unwrap().1), "{template}");
                assert!(!filled.contains('{') && !filled.contains('}'), "{filled}");
            }
        }
        assert_eq!(fill("no placeholder", "x"), "no placeholder");
    }

    #[test]
    fn a_total_of_caps_only_reads_up_to_like_its_cards() {
        let (zero, cap) = (Decimal::ZERO, Decimal::from(500));
        assert_eq!(total_text(zero, cap, Period::PerYear, Lang::En), "up to ¥500.00 per year");
        assert_eq!(total_text(zero, cap, Period::PerYear, Lang::ZhHans), "最高 ¥500.00 每年");
        assert_eq!(total_text(Decimal::from(1200), Decimal::from(1300), Period::PerMonth, Lang::En), "¥1,200.00 – ¥1,300.00 per month");
        assert_eq!(total_text(cap, cap, Period::Once, Lang::En), "¥500.00 once");
    }

    #[test]
    fn dates_in_sentences_are_written_as_people_write_them() {
        let d = Date::parse("2024-06-30").unwrap();
        assert_eq!(date_text(d, Lang::En), "30 June 2024");
        assert_eq!(date_text(d, Lang::ZhHans), "2024年6月30日");
        assert_eq!(date_text(d, Lang::ZhHant), "2024年6月30日");
    }
}
