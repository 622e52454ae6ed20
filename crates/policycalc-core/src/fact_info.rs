//! One fact as both edges show it: the CLI's `facts` and `next-question`
//! JSON and the browser's `factsInfo()` and `nextQuestion()` are this one
//! shape (its keys are a contract: tests and `www/` read them).

use crate::expr::FactId;
use crate::interview::Question;
use crate::lang::Lang;
use crate::vocab::{FactType, Relation, Vocabulary};
use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Labelled<'a> {
    pub id: &'a str,
    pub label: &'a str,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FactInfo<'a> {
    pub id: &'a str,
    #[serde(rename = "type")]
    pub ty: FactType,
    pub roles: Vec<&'a str>,
    pub label: &'a str,
    pub question: &'a str,
    pub help: &'a str,
    pub unit: Option<&'a str>,
    /// The unit after exactly one ("intern"; `unit` when the same).
    pub unit_one: Option<&'a str>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub min: Option<Decimal>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub max: Option<Decimal>,
    pub values: Vec<Labelled<'a>>,
    pub changeable: bool,
    /// Asked only when its `ask_if` holds (the interview may never ask it).
    pub asked_only_if: bool,
    /// Who decides it, for a judged fact (never asked; see `Status` "conditional").
    pub judged_by: Option<&'a str>,
    /// Constraints this fact takes part in: its answer must be `relation`
    /// `other`'s (`at_most` numbers, `not_before` dates), or the reverse when
    /// `reverse`.
    pub constraints: Vec<ConstraintInfo<'a>>,
    /// Set when the fact is the interview's next question.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub open_provisions: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub total_open: Option<usize>,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConstraintInfo<'a> {
    #[cfg_attr(feature = "ts", ts(type = "\"at_most\" | \"not_before\""))]
    pub relation: &'static str,
    pub other: &'a str,
    pub other_label: &'a str,
    /// The fact is the constraint's `other` side (the whole, the earlier date).
    pub reverse: bool,
    pub message: &'a str,
}

/// Fact `id` in `lang`; with `q`, as the next question.
pub fn fact_info<'a>(v: &'a Vocabulary, id: FactId, lang: Lang, q: Option<&Question>) -> FactInfo<'a> {
    let f = v.fact(id);
    FactInfo {
        id: &f.id,
        ty: f.ty,
        roles: f.roles.iter().filter_map(|r| Some(v.roles().get(usize::from(*r))?.id.as_str())).collect(),
        label: f.label.get(lang),
        question: f.question.get(lang),
        help: f.help.get(lang),
        unit: f.unit.as_ref().map(|u| u.get(lang)),
        unit_one: f.unit_after(rust_decimal::Decimal::ONE).map(|u| u.get(lang)),
        min: f.min,
        max: f.max,
        values: f.values.iter().map(|e| Labelled { id: &e.id, label: e.label.get(lang) }).collect(),
        changeable: f.changeable,
        asked_only_if: f.ask_if.is_some(),
        judged_by: f.judged_by.as_ref().map(|j| j.get(lang)),
        constraints: v
            .constraints
            .iter()
            .filter(|c| c.fact == id || c.other == id)
            .map(|c| {
                let other = v.fact(if c.fact == id { c.other } else { c.fact });
                ConstraintInfo {
                    relation: match c.relation {
                        Relation::AtMost => "at_most",
                        Relation::NotBefore => "not_before",
                    },
                    other: &other.id,
                    other_label: other.label.get(lang),
                    reverse: c.fact != id,
                    message: c.message.get(lang),
                }
            })
            .collect(),
        open_provisions: q.map(|q| q.open_provisions),
        total_open: q.map(|q| q.total_open),
    }
}
