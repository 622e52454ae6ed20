//! Loading the fact vocabulary (`policies/facts.toml`) into
//! `policycalc_core::vocab::Vocabulary`, checked like a pack. Derived facts are
//! parsed here from their definitions.

use crate::common::{from_value, is_identifier};
use policycalc_core::error::PackError;
use policycalc_core::expr::{self, DerivedId, FactId, FactSet, Ref, Scope, Ty};
use policycalc_core::lang::Text;
use policycalc_core::vocab::*;
use rust_decimal::Decimal;
use serde::Deserialize;

// ------------------------------------------------------------- loading

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawVocabulary {
    facts: Vec<serde_json::Value>,
    #[serde(default)]
    derived: Vec<serde_json::Value>,
    #[serde(default)]
    constraints: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConstraint {
    fact: String,
    #[serde(default)]
    at_most: Option<String>,
    #[serde(default)]
    not_before: Option<String>,
    message: Text,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFact {
    id: String,
    #[serde(rename = "type")]
    ty: FactType,
    #[serde(default)]
    roles: Vec<String>,
    label: Text,
    question: Text,
    help: Text,
    #[serde(default)]
    unit: Option<Text>,
    /// The unit after exactly one ("intern" beside "interns").
    #[serde(default)]
    unit_one: Option<Text>,
    #[serde(default)]
    changeable: bool,
    /// Condition words of the documents this fact settles (成效明显, 有就业意愿):
    /// review data for `tests/stated_conditions.rs`, checked here but not
    /// compiled into the catalog.
    #[serde(default)]
    checks: Vec<String>,
    #[serde(default)]
    ask_if: Option<String>,
    #[serde(default, deserialize_with = "crate::common::opt_decimal")]
    min: Option<Decimal>,
    #[serde(default, deserialize_with = "crate::common::opt_decimal")]
    max: Option<Decimal>,
    #[serde(default)]
    values: Vec<RawEnumValue>,
    #[serde(default)]
    judged_by: Option<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEnumValue {
    id: String,
    label: Text,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDerived {
    id: String,
    #[serde(rename = "type")]
    ty: FactType,
    label: Text,
    definition: String,
    source: String,
}

/// Scope of the vocabulary itself: facts, and derived facts defined so far.
pub(crate) struct VocabScope<'a> {
    pub vocab: &'a Vocabulary,
    /// Region parameters: name, id.
    pub params: &'a [(String, expr::ParamId)],
}

impl Scope for VocabScope<'_> {
    fn lookup(&self, name: &str) -> Option<(Ref, Ty)> {
        if let Some(id) = self.vocab.fact_id(name) {
            return Some((Ref::Fact(id), self.vocab.fact_ty(id)));
        }
        if let Some((i, d)) = self.vocab.derived.iter().enumerate().find(|(_, d)| d.id == name) {
            return Some((Ref::Derived(i as DerivedId), d.ty));
        }
        self.params.iter().find(|(n, _)| n == name).map(|(_, id)| (Ref::Param(*id), Ty::Num))
    }
    fn enum_value(&self, fact: FactId, value: &str) -> Option<u16> {
        self.vocab.facts.get(usize::from(fact))?.values.iter().position(|v| v.id == value).map(|i| i as u16)
    }
}

pub(crate) fn load_vocabulary(file: &str, json: &serde_json::Value) -> Result<Vocabulary, PackError> {
    let err = |item: Option<&str>, field: &str, message: String| PackError {
        file: file.to_string(),
        item: item.map(str::to_string),
        field: field.to_string(),
        message,
    };
    let raw: RawVocabulary = from_value(file, None, json)?;
    if raw.facts.len() > FactSet::CAPACITY {
        return Err(err(None, "facts", format!("at most {} facts are supported", FactSet::CAPACITY)));
    }
    if raw.derived.len() > MAX_DERIVED {
        return Err(err(None, "derived", format!("at most {MAX_DERIVED} derived facts are supported")));
    }
    let mut parsed = Vec::new();
    for value in &raw.facts {
        let id = value.get("id").and_then(|v| v.as_str()).map(str::to_string);
        let fact: RawFact = from_value(file, id.as_deref(), value)?;
        parsed.push(fact);
    }
    let (role_index, role) = parsed
        .iter()
        .enumerate()
        .find(|(_, f)| f.id == ROLE_FACT)
        .ok_or_else(|| err(None, "facts", format!("the vocabulary must define the enum fact `{ROLE_FACT}`")))?;
    let role_names: Vec<String> = role.values.iter().map(|v| v.id.clone()).collect();
    let mut vocab =
        Vocabulary { facts: Vec::new(), derived: Vec::new(), role_fact: role_index as FactId, constraints: Vec::new() };
    for fact in &parsed {
        let here = Some(fact.id.as_str());
        if !is_identifier(&fact.id) {
            return Err(err(here, "id", "use lower_snake_case ASCII".into()));
        }
        if vocab.facts.iter().any(|f| f.id == fact.id) {
            return Err(err(here, "id", "defined twice".into()));
        }
        for (field, text) in [("label", &fact.label), ("question", &fact.question), ("help", &fact.help)] {
            if !text.is_complete() {
                return Err(err(here, field, "needs zh-Hans and en text".into()));
            }
        }
        let ty = fact.ty;
        if (ty == FactType::Enum) == fact.values.is_empty() {
            return Err(err(here, "values", "an enum fact needs values; other facts take none".into()));
        }
        let mut roles = Vec::new();
        for role in &fact.roles {
            let index = role_names
                .iter()
                .position(|r| r == role)
                .ok_or_else(|| err(here, "roles", format!("unknown role `{role}`")))?;
            roles.push(index as u16);
        }
        if roles.is_empty() && fact.id != ROLE_FACT {
            return Err(err(here, "roles", "name the roles that may be asked this fact".into()));
        }
        if let Some(one) = &fact.unit_one {
            if fact.unit.is_none() {
                return Err(err(here, "unit_one", "the unit after exactly one needs `unit` (the unit after any other number)".into()));
            }
            if !one.is_complete() {
                return Err(err(here, "unit_one", "needs zh-Hans and en text".into()));
            }
        }
        for (i, word) in fact.checks.iter().enumerate() {
            if word.trim().is_empty() || fact.checks.iter().take(i).any(|w| w == word) {
                return Err(err(here, "checks", format!("each condition word once, not blank (found {word:?})")));
            }
        }
        // Amount formulas never subtract and parameters are never negative;
        // with no negative fact either, no amount can go negative.
        if matches!(ty, FactType::Integer | FactType::Decimal) && !fact.min.is_some_and(|min| !min.is_sign_negative()) {
            return Err(err(here, "min", "numeric facts need a lower bound of 0 or more (counts and amounts cannot be negative)".into()));
        }
        if let (Some(min), Some(max)) = (fact.min, fact.max) {
            if max < min {
                return Err(err(here, "max", format!("{max} is below `min` {min}")));
            }
        }
        if let Some(judge) = &fact.judged_by {
            // Someone outside the interview decides it: only yes/no, and it is
            // neither asked (no guard) nor something the applicant can change.
            if ty != FactType::Bool {
                return Err(err(here, "judged_by", "only a bool fact can be judged (the decision is yes or no)".into()));
            }
            if !judge.is_complete() {
                return Err(err(here, "judged_by", "needs zh-Hans and en text".into()));
            }
            if fact.ask_if.is_some() || fact.changeable {
                return Err(err(here, "judged_by", "a judged fact is never asked nor changed: drop `ask_if` and `changeable`".into()));
            }
        }
        vocab.facts.push(FactDef {
            id: fact.id.clone(),
            ty,
            roles,
            label: fact.label.clone(),
            question: fact.question.clone(),
            help: fact.help.clone(),
            unit: fact.unit.clone(),
            unit_one: fact.unit_one.clone(),
            changeable: fact.changeable,
            ask_if: None,
            min: fact.min,
            max: fact.max,
            values: fact.values.iter().map(|v| EnumValue { id: v.id.clone(), label: v.label.clone() }).collect(),
            judged_by: fact.judged_by.clone(),
        });
    }
    for value in &raw.derived {
        let id = value.get("id").and_then(|v| v.as_str()).map(str::to_string);
        let d: RawDerived = from_value(file, id.as_deref(), value)?;
        let here = Some(d.id.as_str());
        if vocab.fact_id(&d.id).is_some() || vocab.derived.iter().any(|x| x.id == d.id) {
            return Err(err(here, "id", "already defined".into()));
        }
        let ty = match d.ty {
            FactType::Bool => Ty::Bool,
            FactType::Integer | FactType::Decimal => Ty::Num,
            FactType::Date => Ty::Date,
            FactType::Enum => return Err(err(here, "type", "derived facts are bool, number or date".into())),
        };
        let scope = VocabScope { vocab: &vocab, params: &[] };
        let definition = expr::parse(&d.definition, &scope, ty).map_err(|e| err(here, "definition", e.to_string()))?;
        let facts = definition.facts(&|id| vocab.derived_facts(id));
        vocab.derived.push(DerivedDef {
            id: d.id.clone(),
            ty,
            label: d.label.clone(),
            definition,
            definition_text: d.definition.clone(),
            source: d.source.clone(),
            facts,
        });
    }
    for (index, fact) in parsed.iter().enumerate() {
        if let Some(src) = &fact.ask_if {
            let scope = VocabScope { vocab: &vocab, params: &[] };
            let guard = expr::parse(src, &scope, Ty::Bool)
                .map_err(|e| err(Some(fact.id.as_str()), "ask_if", e.to_string()))?;
            if guard.facts(&|id| vocab.derived_facts(id)).contains(index as FactId) {
                return Err(err(Some(fact.id.as_str()), "ask_if", "a fact's guard cannot depend on itself".into()));
            }
            if let Some(def) = vocab.facts.get_mut(index) {
                def.ask_if = Some(guard);
            }
        }
    }
    for value in &raw.constraints {
        let name = value.get("fact").and_then(|v| v.as_str()).map(|f| format!("constraint on {f}"));
        let c: RawConstraint = from_value(file, name.as_deref(), value)?;
        vocab.constraints.push(load_constraint(&vocab, &c).map_err(|(field, message)| err(name.as_deref(), field, message))?);
    }
    Ok(vocab)
}

fn load_constraint(vocab: &Vocabulary, c: &RawConstraint) -> Result<Constraint, (&'static str, String)> {
    let (field, relation, other) = match (&c.at_most, &c.not_before) {
        (Some(other), None) => ("at_most", Relation::AtMost, other),
        (None, Some(other)) => ("not_before", Relation::NotBefore, other),
        _ => return Err(("fact", "give exactly one of `at_most` (numbers) or `not_before` (dates)".into())),
    };
    let known = |name: &str, field| vocab.fact_id(name).ok_or_else(|| (field, format!("no fact `{name}` in the vocabulary (derived facts are not constrained)")));
    let (fact, other_id) = (known(&c.fact, "fact")?, known(other, field)?);
    if fact == other_id {
        return Err((field, format!("`{}` cannot be constrained by itself", c.fact)));
    }
    let wanted = match relation {
        Relation::AtMost => [FactType::Integer, FactType::Decimal],
        Relation::NotBefore => [FactType::Date, FactType::Date],
    };
    for (name, id) in [(&c.fact, fact), (other, other_id)] {
        let ty = vocab.fact(id).ty;
        if !wanted.contains(&ty) {
            let needs = if relation == Relation::AtMost { "numbers (integer or decimal)" } else { "dates" };
            return Err((field, format!("`{field}` compares {needs}; `{name}` is {}", type_name(ty))));
        }
    }
    if !c.message.is_complete() {
        return Err(("message", "needs zh-Hans and en text".into()));
    }
    Ok(Constraint { fact, relation, other: other_id, message: c.message.clone() })
}

fn type_name(ty: FactType) -> &'static str {
    match ty {
        FactType::Bool => "a bool",
        FactType::Integer => "an integer",
        FactType::Decimal => "a decimal",
        FactType::Date => "a date",
        FactType::Enum => "an enum",
    }
}
