//! Typed errors. Each says what was wrong with which input, in one line.

use std::fmt::{self, Write as _};

/// Escapes control characters (`\n`, `\u{1b}`...) on the way to the
/// formatter: messages quote the input, and a name or value with a line
/// break in it must not break the message's one line.
struct OneLine<'a, 'b>(&'a mut fmt::Formatter<'b>);

impl fmt::Write for OneLine<'_, '_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        for c in s.chars() {
            if c.is_control() {
                write!(self.0, "{}", c.escape_default())?;
            } else {
                self.0.write_char(c)?;
            }
        }
        Ok(())
    }
}

/// A text shown on one line whatever it holds (`OneLine` for callers
/// outside this module: the CLI's list of a batch's row errors).
pub struct OneLineText<'a>(pub &'a str);

impl fmt::Display for OneLineText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        OneLine(f).write_str(self.0)
    }
}

/// A policy pack or the vocabulary is invalid. Names the file, the provision
/// (or fact, parameter) and the field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackError {
    pub file: String,
    pub item: Option<String>,
    pub field: String,
    pub message: String,
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let f = &mut OneLine(f);
        write!(f, "{}: ", self.file)?;
        if let Some(item) = &self.item {
            write!(f, "`{item}`: ")?;
        }
        if !self.field.is_empty() {
            write!(f, "field `{}`: ", self.field)?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for PackError {}

/// The caller's input is wrong: facts, region, date or language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputError {
    UnknownRegion { region: String, known: Vec<String> },
    UnknownFact { name: String, suggestion: Option<String> },
    BadValue { fact: String, value: String, problem: String },
    /// Two answers break a constraint of the vocabulary (`fact` `relation`
    /// `other`); the error is shown at `fact`, or at `other` when `at_other`.
    Contradiction {
        at_other: bool,
        fact: String,
        value: String,
        relation: crate::vocab::Relation,
        other: String,
        other_value: String,
        message: String,
    },
    BadDate { field: String, value: String },
    UnknownLanguage { value: String },
    NotAnObject { found: String },
    Malformed { message: String },
}

impl InputError {
    /// A stable machine-readable code, used by the wasm boundary and the CLI.
    pub fn code(&self) -> &'static str {
        match self {
            InputError::UnknownRegion { .. } => "unknown_region",
            InputError::UnknownFact { .. } => "unknown_fact",
            InputError::BadValue { .. } => "bad_value",
            InputError::Contradiction { .. } => "contradictory_facts",
            InputError::BadDate { .. } => "bad_date",
            InputError::UnknownLanguage { .. } => "unknown_language",
            InputError::NotAnObject { .. } => "not_an_object",
            InputError::Malformed { .. } => "malformed_input",
        }
    }

    /// The field the error is about, for forms that show it next to the input.
    pub fn field(&self) -> Option<&str> {
        match self {
            InputError::UnknownFact { name, .. } => Some(name),
            InputError::BadValue { fact, .. } => Some(fact),
            InputError::Contradiction { at_other: true, other, .. } => Some(other),
            InputError::Contradiction { fact, .. } => Some(fact),
            InputError::BadDate { field, .. } => Some(field),
            _ => None,
        }
    }

    /// For a contradiction: the other fact and its answer (the page names them).
    pub fn other_field(&self) -> Option<(&str, &str)> {
        match self {
            InputError::Contradiction { at_other: true, fact, value, .. } => Some((fact, value)),
            InputError::Contradiction { other, other_value, .. } => Some((other, other_value)),
            _ => None,
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let f = &mut OneLine(f);
        match self {
            InputError::UnknownRegion { region, known } => {
                write!(f, "unknown region `{}` (known: {})", short(region), known.join(", "))
            }
            InputError::UnknownFact { name, suggestion } => {
                write!(f, "unknown fact `{}`", short(name))?;
                match suggestion {
                    Some(s) => write!(f, " (did you mean `{s}`?)"),
                    None => write!(f, " (list them with `policycalc facts`)"),
                }
            }
            InputError::BadValue { fact, value, problem } => {
                write!(f, "fact `{fact}`: value {}: {problem}", short(value))
            }
            InputError::Contradiction { fact, value, relation, other, other_value, message, .. } => write!(
                f,
                "facts contradict each other: `{fact}` = {} {} `{other}` = {} ({message})",
                short(value),
                relation.text(),
                short(other_value)
            ),
            InputError::BadDate { field, value } => {
                write!(f, "{field}: `{}` is not a real date YYYY-MM-DD between 1900 and 2200", short(value))
            }
            InputError::UnknownLanguage { value } => {
                write!(f, "unknown language `{}` (use zh-Hans, zh-Hant or en)", short(value))
            }
            InputError::NotAnObject { found } => {
                write!(f, "facts must be a JSON object of fact names to values, found {found}")
            }
            InputError::Malformed { message } => write!(f, "malformed input: {message}"),
        }
    }
}

impl std::error::Error for InputError {}

/// An input as quoted in a message: up to 60 characters, so a megabyte of
/// pasted text stays a one-line error.
fn short(text: &str) -> std::borrow::Cow<'_, str> {
    shorten(text, 60)
}

/// `text` cut to `max` characters, with `…` when something was cut: how
/// every message and output quotes what a person typed.
pub fn shorten(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or_default()).into(),
        None => text.into(),
    }
}
