//! Reads a compiled catalog: postcard as serde writes it (`to_compiled`),
//! decoded by hand. The derived deserialiser was the largest single piece
//! of the WebAssembly module (about 25 KB with its decimal parsing); this
//! one reads the same bytes in a fraction of that. The tests re-encode what
//! it decodes with serde and compare the bytes, so a field added, moved or
//! retyped in the compiled types fails them until it is read here too.
//!
//! Postcard: unsigned integers and enum variant indices as LEB128 varints;
//! `bool` and `Option` tags as one byte 0/1; strings and sequences as a
//! varint length then the items; structs and tuples as their fields in
//! order; decimals and dates as their text.
//!
//! The reader's error is sticky: a read that does not fit records where and
//! returns a default, every later read returns a default at once, and the
//! caller looks at the error once at the end. No early return means no code
//! to drop half-built values on every field (that made serde's large).

use crate::catalog::Catalog;
use crate::date::Date;
use crate::expr::{ArithOp, CmpOp, Expr, FactSet, Func, Ty, Value};
use crate::lang::Text;
use crate::local::Local;
use crate::pack::{
    Amount, AmountRule, Contact, Document, Kind, ParamValue, Parameter, Period, Provision, Region, Script, Source,
    Standard, Validity, ValidityKind,
};
use crate::vocab::{Constraint, DerivedDef, EnumValue, FactDef, FactType, Relation, Vocabulary};
use rust_decimal::Decimal;

/// Where decoding stopped: the offset of the first byte that does not fit.
#[derive(Debug, PartialEq, Eq)]
pub struct Malformed(pub usize);

/// Rule trees deeper than the parser allows are refused rather than
/// risking the stack (this reader recurses once per level).
const MAX_DEPTH: usize = crate::expr::MAX_DEPTH;

pub fn catalog(bytes: &[u8]) -> Result<Catalog, Malformed> {
    let mut r = Reader { bytes, at: 0, depth: 0, failed: None };
    let catalog = Catalog {
        vocab: Vocabulary {
            facts: r.vec(fact_def),
            derived: r.vec(derived_def),
            role_fact: r.u16(),
            constraints: r.vec(constraint),
        },
        standards: r.vec(standard),
        regions: r.vec(region),
    };
    if r.at != bytes.len() {
        r.fail();
    }
    match r.failed {
        Some(at) => Err(Malformed(at)),
        None => Ok(catalog),
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    depth: usize,
    failed: Option<usize>,
}

impl Reader<'_> {
    fn fail(&mut self) {
        self.failed.get_or_insert(self.at);
    }

    fn byte(&mut self) -> u8 {
        match self.bytes.get(self.at) {
            Some(b) if self.failed.is_none() => {
                // `at` indexes a byte, so it is below usize::MAX
                self.at = self.at.saturating_add(1);
                *b
            }
            _ => {
                self.fail();
                0
            }
        }
    }

    fn varint(&mut self) -> u64 {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte();
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return value;
            }
        }
        self.fail();
        0
    }

    fn u16(&mut self) -> u16 {
        let n = self.varint();
        u16::try_from(n).unwrap_or_else(|_| {
            self.fail();
            0
        })
    }

    fn usize(&mut self) -> usize {
        let n = self.varint();
        usize::try_from(n).unwrap_or_else(|_| {
            self.fail();
            0
        })
    }

    fn bool(&mut self) -> bool {
        match self.byte() {
            0 => false,
            1 => true,
            _ => {
                self.fail();
                false
            }
        }
    }

    /// One of `all` (an enum's variants) by its variant index; the first
    /// stands in after a failure (the whole read fails anyway).
    // `all[0]` cannot panic: N > 0 is asserted at compile time.
    #[allow(clippy::indexing_slicing)]
    fn pick<T: Copy, const N: usize>(&mut self, all: &[T; N]) -> T {
        const { assert!(N > 0) };
        let i = self.usize();
        all.get(i).copied().unwrap_or_else(|| {
            self.fail();
            all[0]
        })
    }

    fn str(&mut self) -> &str {
        let len = self.usize();
        let end = self.at.checked_add(len);
        match end.zip(end.and_then(|end| self.bytes.get(self.at..end))) {
            Some((end, bytes)) if self.failed.is_none() => match std::str::from_utf8(bytes) {
                Ok(text) => {
                    self.at = end;
                    text
                }
                Err(_) => {
                    self.fail();
                    ""
                }
            },
            _ => {
                self.fail();
                ""
            }
        }
    }

    fn string(&mut self) -> String {
        self.str().to_string()
    }

    fn vec<T>(&mut self, item: fn(&mut Self) -> T) -> Vec<T> {
        let mut len = self.usize();
        // every item takes at least one byte: a bad length cannot allocate much
        if len > self.bytes.len().saturating_sub(self.at) {
            self.fail();
            len = 0;
        }
        (0..len).map(|_| item(self)).collect()
    }

    fn option<T>(&mut self, item: fn(&mut Self) -> T) -> Option<T> {
        if self.bool() {
            Some(item(self))
        } else {
            None
        }
    }

    fn decimal(&mut self) -> Decimal {
        let at = self.at;
        Decimal::from_str_exact(self.str()).unwrap_or_else(|_| {
            self.failed.get_or_insert(at);
            Decimal::ZERO
        })
    }

    fn date(&mut self) -> Date {
        let at = self.at;
        let text = self.str();
        Date::parse(text).unwrap_or_else(|| {
            self.failed.get_or_insert(at);
            Date::FIRST
        })
    }
}

fn text(r: &mut Reader) -> Text {
    Text { zh_hans: r.string(), zh_hant: r.string(), en: r.string() }
}

fn string(r: &mut Reader) -> String {
    r.string()
}

fn u16(r: &mut Reader) -> u16 {
    r.u16()
}

fn usize(r: &mut Reader) -> usize {
    r.usize()
}

fn decimal(r: &mut Reader) -> Decimal {
    r.decimal()
}

fn date(r: &mut Reader) -> Date {
    r.date()
}

fn fact_set(r: &mut Reader) -> FactSet {
    FactSet::from_words([r.varint(), r.varint(), r.varint(), r.varint()])
}

fn enum_value(r: &mut Reader) -> EnumValue {
    EnumValue { id: r.string(), label: text(r) }
}

fn fact_def(r: &mut Reader) -> FactDef {
    FactDef {
        id: r.string(),
        ty: r.pick(&[FactType::Bool, FactType::Integer, FactType::Decimal, FactType::Date, FactType::Enum]),
        roles: r.vec(u16),
        label: text(r),
        question: text(r),
        help: text(r),
        unit: r.option(text),
        unit_one: r.option(text),
        changeable: r.bool(),
        ask_if: r.option(expr),
        min: r.option(decimal),
        max: r.option(decimal),
        values: r.vec(enum_value),
        judged_by: r.option(text),
    }
}

fn constraint(r: &mut Reader) -> Constraint {
    Constraint {
        fact: r.u16(),
        relation: r.pick(&[Relation::AtMost, Relation::NotBefore]),
        other: r.u16(),
        message: text(r),
    }
}

fn derived_def(r: &mut Reader) -> DerivedDef {
    DerivedDef {
        id: r.string(),
        ty: match r.varint() {
            0 => Ty::Bool,
            1 => Ty::Num,
            2 => Ty::Date,
            3 => Ty::Enum(r.u16()),
            _ => {
                r.fail();
                Ty::Bool
            }
        },
        label: text(r),
        definition: expr(r),
        definition_text: r.string(),
        source: r.string(),
        facts: fact_set(r),
    }
}

fn value(r: &mut Reader) -> Value {
    match r.varint() {
        0 => Value::Bool(r.bool()),
        1 => Value::Num(r.decimal()),
        2 => Value::Sym(r.u16()),
        3 => Value::Date(r.date()),
        _ => {
            r.fail();
            Value::Bool(false)
        }
    }
}

fn boxed(r: &mut Reader) -> Box<Expr> {
    Box::new(expr(r))
}

fn expr(r: &mut Reader) -> Expr {
    if r.depth >= MAX_DEPTH || r.failed.is_some() {
        r.fail();
        return Expr::AsOf;
    }
    r.depth = r.depth.saturating_add(1); // below MAX_DEPTH
    let e = match r.varint() {
        0 => Expr::Lit(value(r)),
        1 => Expr::Fact(r.u16()),
        2 => Expr::Derived(r.u16()),
        3 => Expr::Param(r.u16()),
        4 => Expr::AsOf,
        5 => Expr::Not(boxed(r)),
        6 => Expr::And(r.vec(expr)),
        7 => Expr::Or(r.vec(expr)),
        8 => Expr::Cmp(r.pick(&CmpOp::ALL), boxed(r), boxed(r)),
        9 => Expr::In(boxed(r), r.vec(value)),
        10 => Expr::Arith(r.pick(&ArithOp::ALL), boxed(r), boxed(r)),
        11 => Expr::Neg(boxed(r)),
        12 => Expr::If(boxed(r), boxed(r), boxed(r)),
        13 => Expr::Call(r.pick(&Func::ALL), r.vec(expr)),
        _ => {
            r.fail();
            Expr::AsOf
        }
    };
    r.depth = r.depth.saturating_sub(1);
    e
}

fn standard(r: &mut Reader) -> Standard {
    Standard {
        id: r.string(),
        title: text(r),
        text: text(r),
        source: r.string(),
        from: r.option(date),
        until: r.option(date),
        provisional: r.bool(),
    }
}

fn contact(r: &mut Reader) -> Contact {
    Contact { name: text(r), phone: r.option(string) }
}

fn document(r: &mut Reader) -> Document {
    Document {
        id: r.string(),
        seed: r.string(),
        title: text(r),
        number: r.option(string),
        issuer: text(r),
        published: r.option(date),
        date_note: text(r),
        script: r.pick(&[Script::Simplified, Script::Traditional]),
    }
}

fn param_value(r: &mut Reader) -> ParamValue {
    ParamValue { from: r.date(), until: r.option(date), value: r.decimal(), source: r.string(), provisional: r.bool() }
}

fn parameter(r: &mut Reader) -> Parameter {
    Parameter { id: r.string(), label: text(r), unit: text(r), values: r.vec(param_value) }
}

fn period(r: &mut Reader) -> Period {
    r.pick(&[Period::Once, Period::PerMonth, Period::PerYear])
}

fn amount(r: &mut Reader) -> Amount {
    Amount {
        rule: match r.varint() {
            0 => AmountRule::Exact(expr(r)),
            1 => AmountRule::UpTo(expr(r)),
            2 => AmountRule::Range(expr(r), expr(r)),
            3 => AmountRule::NotStated,
            4 => AmountRule::Free,
            5 => AmountRule::None,
            _ => {
                r.fail();
                AmountRule::None
            }
        },
        formula: r.string(),
        period: r.option(period),
        per: r.option(text),
        note: r.option(text),
        terms: r.option(text),
        national_standard: r.option(usize),
        months: r.option(u16),
    }
}

fn provision(r: &mut Reader) -> Provision {
    const KINDS: [Kind; 7] = [Kind::Grant, Kind::Loan, Kind::Relief, Kind::Reward, Kind::Post, Kind::Service, Kind::Support];
    Provision {
        id: r.string(),
        defined_in: r.string(),
        kind: r.pick(&KINDS),
        programme: r.bool(),
        roles: r.vec(u16),
        title: text(r),
        summary: text(r),
        who: text(r),
        when: r.option(expr),
        when_text: r.string(),
        conditions: r.option(text),
        amount: amount(r),
        supersedes: r.vec(usize),
        validity: Validity {
            kind: r.pick(&[ValidityKind::InForce, ValidityKind::Announced]),
            from: r.option(date),
            until: r.option(date),
            inferred: r.bool(),
            note: text(r),
        },
        source: Source {
            document: r.usize(),
            clause: r.string(),
            quote: r.string(),
            quote_zh_hans: r.string(),
            quote_zh_hant: r.string(),
            quote_en: r.string(),
            clause_zh_hans: r.string(),
            clause_zh_hant: r.string(),
        },
        contact: r.option(contact),
        gaps: r.option(text),
        no_application: r.bool(),
        facts: fact_set(r),
        local: r.option(local),
    }
}

fn region(r: &mut Reader) -> Region {
    Region {
        id: r.string(),
        name: text(r),
        extends: r.option(string),
        selectable: r.bool(),
        file: r.string(),
        contact: r.option(contact),
        province: r.option(text),
        documents: r.vec(document),
        parameters: r.vec(parameter),
        provisions: r.vec(provision),
        local: r.option(local),
    }
}

fn local(r: &mut Reader) -> Local {
    Local {
        source: text(r),
        how: r.option(text),
        documents: r.option(text),
        deadline: r.option(text),
        office: r.option(text),
        hours: r.option(text),
        phone: r.option(string),
        url: r.option(string),
    }
}

#[cfg(test)]
mod tests {
    use super::Reader;

    /// The sticky error (module comment): once a read has failed, every read
    /// returns its default and consumes nothing, however many bytes are left.
    #[test]
    fn after_a_failure_reads_consume_nothing() {
        let bytes = [9, 2, b'a', b'b', 7];
        let mut r = Reader { bytes: &bytes, at: 0, depth: 0, failed: None };
        assert!(!r.bool()); // 9 is no bool: the failure is recorded after it
        assert_eq!((r.failed, r.at), (Some(1), 1));
        assert_eq!(r.byte(), 0);
        assert_eq!(r.str(), "");
        assert_eq!(r.varint(), 0);
        assert!(r.vec(|r| r.byte()).is_empty());
        assert_eq!((r.failed, r.at), (Some(1), 1));
    }
}
