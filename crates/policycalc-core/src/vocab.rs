//! The fact vocabulary: the typed inputs every condition is written in.
//!
//! It is the public contract shared by the CLI, the browser and CSV columns,
//! so names are stable. It is data (`policies/facts.toml`), loaded and checked
//! like a pack. Derived facts (`within_two_years_of_leaving_school`, ...) are
//! defined there as expressions over asked facts and the as-of date; they are
//! computed, never asked.

use crate::date::Date;
use crate::error::InputError;
use crate::expr::{DerivedId, Expr, FactId, FactSet, Ty, Value};
use crate::lang::Text;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The fact that picks the applicant's role; every interview starts with it.
pub const ROLE_FACT: &str = "role";

/// Derived facts build on earlier ones, and evaluating one follows that
/// chain: this bounds how deep it goes.
pub const MAX_DERIVED: usize = 64;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum FactType {
    Bool,
    Integer,
    Decimal,
    Date,
    Enum,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct EnumValue {
    pub id: String,
    pub label: Text,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct FactDef {
    pub id: String,
    pub ty: FactType,
    /// Roles (indices into the `role` fact's values) that may be asked this fact.
    pub roles: Vec<u16>,
    pub label: Text,
    pub question: Text,
    pub help: Text,
    pub unit: Option<Text>,
    /// The unit after exactly one, where a language says it differently
    /// ("1 intern", "2 interns"); `unit` otherwise.
    pub unit_one: Option<Text>,
    /// Whether the applicant can act on it (hire one more, retain one more).
    /// What-if suggestions only ever change these.
    pub changeable: bool,
    /// Ask only once this holds (e.g. interns retained only if interns > 0).
    pub ask_if: Option<Expr>,
    pub min: Option<Decimal>,
    pub max: Option<Decimal>,
    pub values: Vec<EnumValue>,
    /// Who decides a condition no question can settle ("notable results",
    /// a bureau's recognition). Such a fact is never asked; left open, the
    /// provision is "eligible if …" (`Status::Conditional`), never eligible.
    pub judged_by: Option<Text>,
}

impl FactDef {
    /// The unit after the number `n`: `unit_one` after exactly one.
    pub fn unit_after(&self, n: Decimal) -> Option<&Text> {
        if n == Decimal::ONE {
            self.unit_one.as_ref().or(self.unit.as_ref())
        } else {
            self.unit.as_ref()
        }
    }
}

static NO_FACT: FactDef = FactDef {
    id: String::new(),
    ty: FactType::Bool,
    roles: Vec::new(),
    label: Text::EMPTY,
    question: Text::EMPTY,
    help: Text::EMPTY,
    unit: None,
    unit_one: None,
    changeable: false,
    ask_if: None,
    min: None,
    max: None,
    values: Vec::new(),
    judged_by: None,
};

#[derive(Clone, Debug, serde::Serialize)]
pub struct DerivedDef {
    pub id: String,
    pub ty: Ty,
    pub label: Text,
    pub definition: Expr,
    pub definition_text: String,
    pub source: String,
    /// The asked facts it is computed from.
    pub facts: FactSet,
}

/// How a constraint's fact stands to the other fact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Relation {
    /// A number never above the other (a part never exceeds its whole).
    AtMost,
    /// A date never before the other (dates in order).
    NotBefore,
}

impl Relation {
    /// The relation as the one-line error messages (English) write it.
    pub fn text(self) -> &'static str {
        match self {
            Relation::AtMost => "must be at most",
            Relation::NotBefore => "must not be before",
        }
    }

    fn holds(self, value: Value, other: Value) -> bool {
        match (self, value, other) {
            (Relation::AtMost, Value::Num(a), Value::Num(b)) => a <= b,
            (Relation::NotBefore, Value::Date(a), Value::Date(b)) => a >= b,
            // Types are checked at load; a corrupt catalog constrains nothing.
            _ => true,
        }
    }
}

/// Two answers that cannot both be true (`interns_retained` at most
/// `interns`), declared in the vocabulary and checked wherever answers are
/// read, once both are known. `fact` is the one asked later: errors name it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Constraint {
    pub fact: FactId,
    pub relation: Relation,
    pub other: FactId,
    /// Why, for the person (one sentence naming both facts).
    pub message: Text,
}

impl Constraint {
    /// The two answers when both are known and break the constraint.
    pub fn broken_by(&self, facts: &Facts) -> Option<(Value, Value)> {
        let (value, other) = (facts.get(self.fact)?, facts.get(self.other)?);
        (!self.relation.holds(value, other)).then_some((value, other))
    }
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct Vocabulary {
    pub facts: Vec<FactDef>,
    pub derived: Vec<DerivedDef>,
    pub role_fact: FactId,
    pub constraints: Vec<Constraint>,
}

impl Vocabulary {
    pub fn fact_id(&self, name: &str) -> Option<FactId> {
        self.facts.iter().position(|f| f.id == name).map(|i| i as FactId)
    }
    /// The fact `id`. Ids are handed out by this vocabulary and every
    /// reference is checked at load, so an unknown id means a corrupt compiled
    /// catalog: it reads as an unnamed fact asked of no role, not a panic.
    pub fn fact(&self, id: FactId) -> &FactDef {
        self.facts.get(usize::from(id)).unwrap_or(&NO_FACT)
    }
    pub fn roles(&self) -> &[EnumValue] {
        &self.fact(self.role_fact).values
    }
    pub fn role_id(&self, name: &str) -> Option<u16> {
        self.roles().iter().position(|r| r.id == name).map(|i| i as u16)
    }
    pub fn derived_facts(&self, id: DerivedId) -> FactSet {
        self.derived.get(usize::from(id)).map(|d| d.facts).unwrap_or_default()
    }
    /// Whether `id` is decided outside the interview (see [`FactDef::judged_by`]).
    pub fn is_judged(&self, id: FactId) -> bool {
        self.fact(id).judged_by.is_some()
    }
    pub fn fact_ty(&self, id: FactId) -> Ty {
        match self.fact(id).ty {
            FactType::Bool => Ty::Bool,
            FactType::Integer | FactType::Decimal => Ty::Num,
            FactType::Date => Ty::Date,
            FactType::Enum => Ty::Enum(id),
        }
    }

    /// The first declared constraint the answers break, as the error to show.
    /// `answering` is the fact just given (the browser's question): the error
    /// names it when it takes part; otherwise the constraint's later-asked fact.
    pub fn check_constraints(&self, facts: &Facts, answering: Option<FactId>) -> Result<(), InputError> {
        let Some((c, value, other)) =
            self.constraints.iter().find_map(|c| c.broken_by(facts).map(|(v, o)| (c, v, o)))
        else {
            return Ok(());
        };
        Err(InputError::Contradiction {
            at_other: answering == Some(c.other),
            fact: self.fact(c.fact).id.clone(),
            value: self.format_value(c.fact, value),
            relation: c.relation,
            other: self.fact(c.other).id.clone(),
            other_value: self.format_value(c.other, other),
            message: c.message.get(crate::lang::Lang::En).to_string(),
        })
    }

    /// Checks one answer against the fact's type and bounds.
    pub fn parse_answer(&self, id: FactId, raw: &RawAnswer) -> Result<Value, InputError> {
        let def = self.fact(id);
        let bad = |problem: String| InputError::BadValue { fact: def.id.clone(), value: raw.to_string(), problem };
        let value = match (def.ty, raw) {
            (FactType::Bool, RawAnswer::Bool(b)) => Value::Bool(*b),
            (FactType::Bool, _) => return Err(bad("expected true or false".into())),
            (FactType::Integer | FactType::Decimal, RawAnswer::Number(text) | RawAnswer::Text(text)) => {
                let text = text.trim();
                let n = parse_decimal(text).ok_or_else(|| {
                    let numeric = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-');
                    let exponent = is_exponent_form(text);
                    bad(if numeric {
                        "too large or too many digits to hold exactly (at most 28 significant digits)".into()
                    } else if exponent {
                        "write the number in digits, without an exponent".into()
                    } else {
                        "not a number".into()
                    })
                })?;
                if def.ty == FactType::Integer && !n.fract().is_zero() {
                    return Err(bad("expected a whole number".into()));
                }
                if def.ty == FactType::Decimal && n.scale() > 2 {
                    return Err(bad("at most two decimal places (fen)".into()));
                }
                if let Some(min) = def.min.filter(|min| n < *min) {
                    return Err(bad(format!("must be at least {min}")));
                }
                if let Some(max) = def.max.filter(|max| n > *max) {
                    return Err(bad(format!("must be at most {max}")));
                }
                Value::Num(n.normalize())
            }
            (FactType::Integer | FactType::Decimal, _) => return Err(bad("expected a number".into())),
            (FactType::Date, RawAnswer::Text(s)) => Value::Date(
                Date::parse(s.trim()).ok_or_else(|| bad("expected a real date YYYY-MM-DD between 1900 and 2200".into()))?,
            ),
            (FactType::Date, _) => return Err(bad("expected a date string YYYY-MM-DD".into())),
            (FactType::Enum, RawAnswer::Text(s)) => {
                let index = def.values.iter().position(|v| v.id == *s).ok_or_else(|| {
                    let allowed: Vec<&str> = def.values.iter().map(|v| v.id.as_str()).collect();
                    bad(format!("expected one of {}", allowed.join(", ")))
                })?;
                Value::Sym(index as u16)
            }
            (FactType::Enum, _) => return Err(bad("expected one of the listed values as a string".into())),
        };
        Ok(value)
    }

    /// Checks one answer before the browser stores it (`checkAnswer`): the
    /// fact must exist, then the value as the edge decoded it (or why it did
    /// not decode) must fit the fact.
    pub fn check_answer(&self, fact: &str, raw: Result<RawAnswer, String>) -> Result<Value, InputError> {
        let id = self.fact_id(fact).ok_or_else(|| unknown_fact(self, fact))?;
        let raw = raw.map_err(|problem| InputError::BadValue { fact: fact.to_string(), value: String::new(), problem })?;
        self.parse_answer(id, &raw)
    }

    /// The answer as the user would type it back (JSON-compatible text).
    pub fn format_value(&self, id: FactId, value: Value) -> String {
        match value {
            Value::Bool(b) => b.to_string(),
            Value::Num(n) => n.normalize().to_string(),
            Value::Date(d) => d.to_string(),
            Value::Sym(i) => self.fact(id).values.get(usize::from(i)).map_or_else(String::new, |v| v.id.clone()),
        }
    }
}

/// Parses a plain decimal: optional sign, digits, optional fraction. No
/// exponent, no thousands separators, at most 28 significant digits.
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let valid = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && digits.bytes().filter(|b| *b == b'.').count() <= 1
        && !digits.starts_with('.')
        && !digits.ends_with('.');
    if !valid {
        return None;
    }
    Decimal::from_str_exact(text).ok()
}

/// A number written with an exponent (`1e30`, `-2.5E+3`), for the message
/// that asks for digits. Checked by its shape: parsing it as a float would
/// put the float parser in the wasm module (about 6 KB).
fn is_exponent_form(text: &str) -> bool {
    fn unsigned(s: &str) -> &str {
        s.strip_prefix(['-', '+']).unwrap_or(s)
    }
    fn digits(s: &str) -> bool {
        s.bytes().all(|b| b.is_ascii_digit())
    }
    let Some((mantissa, exponent)) = text.split_once(['e', 'E']) else { return false };
    let (whole, fraction) = unsigned(mantissa).split_once('.').unwrap_or((unsigned(mantissa), ""));
    let exponent = unsigned(exponent);
    !(whole.is_empty() && fraction.is_empty()) && digits(whole) && digits(fraction) && !exponent.is_empty() && digits(exponent)
}

/// Answers given so far, indexed by fact id. `None` is "not answered".
#[derive(Clone, Debug, PartialEq)]
pub struct Facts {
    values: Vec<Option<Value>>,
}

impl Facts {
    pub fn empty(vocab: &Vocabulary) -> Facts {
        Facts { values: vec![None; vocab.facts.len()] }
    }

    /// Reads answers keyed by fact name; unknown names, bad values and
    /// answers that contradict each other are errors, `Null` leaves a fact
    /// unanswered.
    pub fn from_answers<'a>(
        vocab: &Vocabulary,
        answers: impl IntoIterator<Item = (&'a str, &'a RawAnswer)>,
    ) -> Result<Facts, InputError> {
        let facts = Facts::each_answer(vocab, answers)?;
        vocab.check_constraints(&facts, None)?;
        Ok(facts)
    }

    /// [`Facts::from_answers`] without the constraints between facts: for
    /// the browser's check of one new answer against the others.
    pub fn each_answer<'a>(
        vocab: &Vocabulary,
        answers: impl IntoIterator<Item = (&'a str, &'a RawAnswer)>,
    ) -> Result<Facts, InputError> {
        let mut facts = Facts::empty(vocab);
        for (name, raw) in answers {
            let id = vocab.fact_id(name).ok_or_else(|| unknown_fact(vocab, name))?;
            if *raw != RawAnswer::Null {
                facts.set(id, Some(vocab.parse_answer(id, raw)?));
            }
        }
        Ok(facts)
    }

    /// [`Facts::from_answers`] for a JSON object (the CLI and tests).
    pub fn from_json_map(
        vocab: &Vocabulary,
        map: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<Facts, InputError> {
        let answers: Vec<(&str, RawAnswer)> = map.iter().map(|(k, v)| (k.as_str(), RawAnswer::from_json(v))).collect();
        Facts::from_answers(vocab, answers.iter().map(|(k, v)| (*k, v)))
    }

    /// Reads the CLI's facts file: a JSON object of fact names to values;
    /// blank text is no answers.
    pub fn from_json_text(vocab: &Vocabulary, text: &str) -> Result<Facts, InputError> {
        if text.trim().is_empty() {
            return Ok(Facts::empty(vocab));
        }
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| InputError::Malformed { message: format!("JSON: {e}") })?;
        let map = value.as_object().ok_or_else(|| InputError::NotAnObject { found: json_kind(&value).into() })?;
        Facts::from_json_map(vocab, map)
    }

    pub fn get(&self, id: FactId) -> Option<Value> {
        // A plain copy of the slot: `.copied().flatten()` rebuilt the
        // value through the stack in overlapping halves, a store-forwarding
        // stall on every fact the batch's plan reads (perf annotate).
        *self.values.get(usize::from(id)).unwrap_or(&None)
    }
    /// Fact `id`'s slot, to write an answer in place.
    pub fn slot_mut(&mut self, id: FactId) -> Option<&mut Option<Value>> {
        self.values.get_mut(usize::from(id))
    }
    pub fn set(&mut self, id: FactId, value: Option<Value>) {
        if let Some(slot) = self.values.get_mut(usize::from(id)) {
            *slot = value;
        }
    }
    pub fn answered(&self) -> impl Iterator<Item = (FactId, Value)> + '_ {
        self.values.iter().enumerate().filter_map(|(i, v)| v.map(|v| (i as FactId, v)))
    }

    /// The answers in canonical form, keyed by fact name.
    pub fn to_answers(&self, vocab: &Vocabulary) -> BTreeMap<String, RawAnswer> {
        // Inserted one by one: collecting would sort first, and the sort's
        // code is a few KB of the wasm module for a handful of keys.
        let mut answers = BTreeMap::new();
        for (id, v) in self.answered() {
            let answer = match v {
                Value::Bool(b) => RawAnswer::Bool(b),
                Value::Num(_) => RawAnswer::Number(vocab.format_value(id, v)),
                _ => RawAnswer::Text(vocab.format_value(id, v)),
            };
            answers.insert(vocab.fact(id).id.clone(), answer);
        }
        answers
    }
}

/// An answer as an edge received it, before it is checked against the fact's
/// type. Numbers keep their exact text: JSON numbers arrive as written, and
/// JavaScript numbers only when they are whole (amounts with fen travel as
/// decimal strings, never as binary floats).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RawAnswer {
    Null,
    Bool(bool),
    Number(String),
    Text(String),
}

impl RawAnswer {
    pub fn from_json(value: &serde_json::Value) -> RawAnswer {
        match value {
            serde_json::Value::Null => RawAnswer::Null,
            serde_json::Value::Bool(b) => RawAnswer::Bool(*b),
            serde_json::Value::Number(n) => RawAnswer::Number(n.to_string()),
            serde_json::Value::String(s) => RawAnswer::Text(s.clone()),
            other => RawAnswer::Text(other.to_string()),
        }
    }
}

impl std::fmt::Display for RawAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RawAnswer::Null => f.write_str("null"),
            RawAnswer::Bool(b) => write!(f, "{b}"),
            RawAnswer::Number(n) => f.write_str(n),
            RawAnswer::Text(t) => write!(f, "\"{}\"", crate::error::shorten(t, 40)),
        }
    }
}

impl Serialize for RawAnswer {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            RawAnswer::Null => serializer.serialize_unit(),
            RawAnswer::Bool(b) => serializer.serialize_bool(*b),
            RawAnswer::Number(t) | RawAnswer::Text(t) => serializer.serialize_str(t),
        }
    }
}

impl RawAnswer {
    /// A JavaScript number (not money): whole values within the exact range
    /// are accepted; fractions must come as decimal strings.
    pub fn from_js_number(n: f64) -> Result<RawAnswer, &'static str> {
        const EXACT: f64 = 9_007_199_254_740_992.0;
        if !n.is_finite() {
            Err("not a finite number")
        } else if n.fract() == 0.0 && n.abs() < EXACT {
            Ok(RawAnswer::Number((n as i64).to_string()))
        } else if n.fract() == 0.0 {
            Err("a JavaScript number this large is not exact; send it as a decimal string")
        } else {
            Err("send fractional amounts as decimal strings such as \"1234.56\"")
        }
    }
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// `part` occurs in `text`. By bytes: `str::contains` with a string pattern
/// brings the two-way substring searcher into the wasm module.
pub fn unknown_fact(vocab: &Vocabulary, name: &str) -> InputError {
    let close = suggest(name, vocab.facts.iter().map(|f| f.id.as_str()));
    InputError::UnknownFact { name: name.to_string(), suggestion: close.map(str::to_string) }
}

/// "Did you mean": the candidate closest to a misspelt `name` (a JSON key,
/// a CSV header), within 2 edits and a third of its length; none for names
/// under 4 characters. Case and surrounding spaces are ignored.
pub fn suggest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let lower = name.trim().to_ascii_lowercase();
    let len = lower.chars().count();
    if len < 4 {
        return None;
    }
    candidates
        // The distance is at least the difference in length (ids are ASCII):
        // skip the quadratic comparison for names that cannot be within 2.
        .filter(|id| id.len().abs_diff(len) <= 2)
        .map(|id| (edit_distance(&lower, id), id))
        .filter(|(d, id)| *d <= 2 && *d <= id.len() / 3)
        .min()
        .map(|(_, id)| id)
}

/// Edit distance (Levenshtein), for [`suggest`]: one row updated in place
/// (the calculator's module carries it: this form is its smallest, measured).
pub fn edit_distance(a: &str, b: &str) -> usize {
    // row[j]: the distance from the part of `a` read so far to b's first j
    // characters. Distances are at most the names' lengths, so `+ 1` cannot
    // overflow.
    let mut row: Vec<usize> = (0..=b.chars().count()).collect();
    for (i, ca) in a.chars().enumerate() {
        let (mut diagonal, mut left) = (i, i.saturating_add(1));
        for (cb, cell) in b.chars().zip(row.iter_mut().skip(1)) {
            let d = if ca == cb { diagonal } else { diagonal.min(left).min(*cell).saturating_add(1) };
            (diagonal, left) = (*cell, d);
            *cell = d;
        }
        if let Some(first) = row.first_mut() {
            *first = i.saturating_add(1);
        }
    }
    row.last().copied().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_decimal_parses_and_nothing_else_does() {
        let ok = |s: &str| parse_decimal(s).map(|d| d.to_string());
        assert_eq!(ok("12"), Some("12".into()));
        assert_eq!(ok("-12.50"), Some("-12.50".into()));
        assert_eq!(ok("0.5"), Some("0.5".into()));
        for bad in ["", "-", ".5", "5.", "1.2.3", "1e3", "1,000", "+5", "--5", " 5", "5-", "1-2"] {
            assert_eq!(parse_decimal(bad), None, "{bad:?}");
        }
        // Above the decimal range: no exact value.
        assert_eq!(parse_decimal("123456789012345678901234567890"), None);
    }

    #[test]
    fn a_number_with_an_exponent_is_recognised_by_its_shape() {
        for text in ["1e30", "-2.5E+3", "1.e5", ".5e-2", "+7E7"] {
            assert!(is_exponent_form(text), "{text}");
        }
        for text in ["e5", ".e5", "1e", "1e+", "1x5", "1e5.0", "a1e5", "12", "1.5", "1ee5", "1e5e"] {
            assert!(!is_exponent_form(text), "{text}");
        }
    }

    #[test]
    fn a_misspelt_name_gets_the_closest_within_two_edits() {
        let ids = ["interns", "interns_retained", "employees", "role"];
        let s = |name: &str| suggest(name, ids.iter().copied());
        assert_eq!(s("intern"), Some("interns"));
        assert_eq!(s(" INTERNS "), Some("interns"));
        assert_eq!(s("employes"), Some("employees"));
        assert_eq!(s("emplyes"), Some("employees"), "two edits");
        assert_eq!(s("emplys"), None, "three edits");
        // Under 4 characters: never a suggestion, even one edit away.
        assert_eq!(s("rol"), None);
        assert_eq!(s("rolx"), Some("role"));
        // At most a third of the candidate's length: 2 edits need 6 characters.
        let short = ["abcde"];
        assert_eq!(suggest("abxye", short.iter().copied()), None);
        assert_eq!(suggest("abxde", short.iter().copied()), Some("abcde"));
        let six = ["abcdef"];
        assert_eq!(suggest("abxyef", six.iter().copied()), Some("abcdef"));
    }

    #[test]
    fn edit_distance_counts_insertions_deletions_and_substitutions() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("abc", "abc"), 0);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("abcd", "acd"), 1);
        assert_eq!(edit_distance("ab", "ba"), 2);
    }

    #[test]
    fn javascript_numbers_are_whole_and_exact_or_refused() {
        assert_eq!(RawAnswer::from_js_number(42.0), Ok(RawAnswer::Number("42".into())));
        assert_eq!(RawAnswer::from_js_number(-3.0), Ok(RawAnswer::Number("-3".into())));
        assert_eq!(RawAnswer::from_js_number(9_007_199_254_740_991.0), Ok(RawAnswer::Number("9007199254740991".into())));
        assert_eq!(RawAnswer::from_js_number(9_007_199_254_740_992.0), Err("a JavaScript number this large is not exact; send it as a decimal string"));
        assert_eq!(RawAnswer::from_js_number(-9_007_199_254_740_992.0), Err("a JavaScript number this large is not exact; send it as a decimal string"));
        assert_eq!(RawAnswer::from_js_number(1.5), Err("send fractional amounts as decimal strings such as \"1234.56\""));
        assert_eq!(RawAnswer::from_js_number(f64::NAN), Err("not a finite number"));
        assert_eq!(RawAnswer::from_js_number(f64::INFINITY), Err("not a finite number"));
    }

    #[test]
    fn raw_answers_read_from_json_and_show_as_typed() {
        let from = |v: serde_json::Value| RawAnswer::from_json(&v);
        assert_eq!(from(serde_json::json!(null)), RawAnswer::Null);
        assert_eq!(from(serde_json::json!(true)), RawAnswer::Bool(true));
        assert_eq!(from(serde_json::json!(12)), RawAnswer::Number("12".into()));
        assert_eq!(from(serde_json::json!("x")), RawAnswer::Text("x".into()));
        assert_eq!(from(serde_json::json!([1])), RawAnswer::Text("[1]".into()));
        let shown: Vec<String> =
            [RawAnswer::Null, RawAnswer::Bool(false), RawAnswer::Number("1.5".into()), RawAnswer::Text("a".into())].iter().map(|r| r.to_string()).collect();
        assert_eq!(shown, ["null", "false", "1.5", "\"a\""]);
        let json: Vec<String> = [RawAnswer::Null, RawAnswer::Bool(true), RawAnswer::Number("7".into()), RawAnswer::Text("t".into())]
            .iter()
            .map(|r| serde_json::to_string(r).unwrap())
            .collect();
        assert_eq!(json, ["null", "true", "\"7\"", "\"t\""]);
    }

    #[test]
    fn json_kinds_are_named_for_the_message() {
        let kinds: Vec<&str> = [serde_json::json!(null), serde_json::json!(true), serde_json::json!(1), serde_json::json!("s"), serde_json::json!([]), serde_json::json!({})]
            .iter()
            .map(json_kind)
            .collect();
        assert_eq!(kinds, ["null", "a boolean", "a number", "a string", "an array", "an object"]);
    }

    #[test]
    fn relations_hold_at_their_bound_and_name_themselves() {
        let n = |v: i64| Value::Num(Decimal::from(v));
        let d = |s: &str| Value::Date(Date::parse(s).unwrap());
        assert!(Relation::AtMost.holds(n(3), n(3)));
        assert!(Relation::AtMost.holds(n(2), n(3)));
        assert!(!Relation::AtMost.holds(n(4), n(3)));
        assert!(Relation::NotBefore.holds(d("2025-01-01"), d("2025-01-01")));
        assert!(Relation::NotBefore.holds(d("2025-01-02"), d("2025-01-01")));
        assert!(!Relation::NotBefore.holds(d("2024-12-31"), d("2025-01-01")));
        // Mismatched types (a corrupt catalog) constrain nothing.
        assert!(Relation::AtMost.holds(d("2025-01-01"), n(1)));
        assert_eq!(Relation::AtMost.text(), "must be at most");
        assert_eq!(Relation::NotBefore.text(), "must not be before");
    }
}
