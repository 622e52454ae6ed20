//! A region's compiled policy pack: documents, parameters and provisions in
//! the engine's form. `policycalc-packs` reads and checks the TOML (one
//! reviewable file per region under `policies/`, schema in
//! `policies/README.md`) and compiles it into these types.

use crate::date::Date;
use crate::expr::{Expr, FactId, FactSet};
use crate::lang::Text;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Serialize, Clone, Debug, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub name: Text,
    #[serde(default)]
    pub phone: Option<String>,
}

#[derive(Deserialize, Clone, Debug, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub id: String,
    pub seed: String,
    pub title: Text,
    #[serde(default)]
    pub number: Option<String>,
    pub issuer: Text,
    #[serde(default)]
    pub published: Option<Date>,
    pub date_note: Text,
    pub script: Script,
}

#[derive(Deserialize, Serialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Script {
    Simplified,
    Traditional,
}

// ------------------------------------------------------------- compiled form

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Grant,
    Loan,
    Relief,
    Reward,
    Post,
    Service,
    Support,
}

impl Kind {
    /// Only money paid out is ever added into a total (never credit lines,
    /// tax relief or services).
    pub fn is_totalled(self) -> bool {
        matches!(self, Kind::Grant | Kind::Reward)
    }
    /// Whether it promises a sum of money (a grant, a reward, a loan); a
    /// service, post, relief or support with unstated terms promises none,
    /// so its result never speaks of an "amount" (audit X5).
    pub fn promises_money(self) -> bool {
        matches!(self, Kind::Grant | Kind::Reward | Kind::Loan)
    }
}


#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Once,
    PerMonth,
    PerYear,
}

#[derive(Deserialize, Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ValidityKind {
    InForce,
    Announced,
}

#[derive(Clone, Debug, serde::Serialize)]
pub enum AmountRule {
    Exact(Expr),
    UpTo(Expr),
    Range(Expr, Expr),
    NotStated,
    Free,
    None,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct Amount {
    pub rule: AmountRule,
    /// The formula as written, shown in the computation.
    pub formula: String,
    pub period: Option<Period>,
    pub per: Option<Text>,
    pub note: Option<Text>,
    pub terms: Option<Text>,
    pub national_standard: Option<usize>,
    /// The months fact a per-month amount is totalled over (`engine::over_period`).
    pub months: Option<FactId>,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct Validity {
    pub kind: ValidityKind,
    pub from: Option<Date>,
    pub until: Option<Date>,
    pub inferred: bool,
    pub note: Text,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct Source {
    pub document: usize,
    /// The clause label and the quote as published (checked verbatim).
    pub clause: String,
    pub quote: String,
    /// The quote as each reader sees it (`policycalc-packs`, `quote.rs`): converter debris
    /// dropped, garbled runs marked, in the reader's script.
    pub quote_zh_hans: String,
    pub quote_zh_hant: String,
    pub quote_en: String,
    pub clause_zh_hans: String,
    pub clause_zh_hant: String,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct Provision {
    pub id: String,
    /// The region whose pack defines it (differs from the evaluated region
    /// for inherited provisions).
    pub defined_in: String,
    pub kind: Kind,
    pub programme: bool,
    pub roles: Vec<u16>,
    pub title: Text,
    pub summary: Text,
    pub who: Text,
    pub when: Option<Expr>,
    pub when_text: String,
    pub conditions: Option<Text>,
    pub amount: Amount,
    pub supersedes: Vec<usize>,
    pub validity: Validity,
    pub source: Source,
    pub contact: Option<Contact>,
    pub gaps: Option<Text>,
    pub no_application: bool,
    /// Every asked fact the condition or the amount can depend on.
    pub facts: FactSet,
    /// What to do next, from the operator's local-information file
    /// (`local.rs`), not the document.
    pub local: Option<crate::local::Local>,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct ParamValue {
    pub from: Date,
    pub until: Option<Date>,
    pub value: Decimal,
    pub source: String,
    pub provisional: bool,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct Parameter {
    pub id: String,
    pub label: Text,
    pub unit: Text,
    pub values: Vec<ParamValue>,
}

impl Parameter {
    /// The value in force on `date` (ranges are half-open [from, until+1)).
    pub fn on(&self, date: Date) -> Option<&ParamValue> {
        self.values.iter().find(|v| v.from <= date && v.until.map_or(true, |u| date <= u))
    }
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct Standard {
    pub id: String,
    pub title: Text,
    pub text: Text,
    pub source: String,
    pub from: Option<Date>,
    pub until: Option<Date>,
    pub provisional: bool,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct Region {
    pub id: String,
    pub name: Text,
    pub extends: Option<String>,
    pub selectable: bool,
    pub file: String,
    pub contact: Option<Contact>,
    pub province: Option<Text>,
    pub documents: Vec<Document>,
    pub parameters: Vec<Parameter>,
    pub provisions: Vec<Provision>,
    /// The local-information default for provisions without their own entry.
    pub local: Option<crate::local::Local>,
}

pub fn rule_exprs(rule: &AmountRule) -> Vec<&Expr> {
    match rule {
        AmountRule::Exact(e) | AmountRule::UpTo(e) => vec![e],
        AmountRule::Range(a, b) => vec![a, b],
        AmountRule::NotStated | AmountRule::Free | AmountRule::None => Vec::new(),
    }
}
