//! The hand decoder of the compiled catalog (`policycalc_core::decode`)
//! against the encoder (`policycalc_packs::encode`, serde's postcard): every
//! variant the encoder can write decodes back to the same value, and damaged
//! bytes are the typed error `Malformed` at the offset where reading stopped.
//! The shipped catalog uses only some variants (no derived fact of type
//! number, date or enum, no date literal, no range amount), so the catalog
//! here is the shipped one with every other variant put in.

// A test stops at the first surprise: the workspace's no-panic lints are for
// the product's code (Cargo.toml, [workspace.lints]).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use policycalc_core::date::Date;
use policycalc_core::decode::{catalog, Malformed};
use policycalc_core::expr::{ArithOp, CmpOp, Expr, Func, Ty, Value};
use policycalc_core::pack::{AmountRule, Kind, Period, Script, ValidityKind};
use policycalc_core::Catalog;
use policycalc_packs::encode;
use rust_decimal::Decimal;

fn date(text: &str) -> Date {
    Date::parse(text).unwrap()
}

/// One rule tree with every node, every literal, operator and function.
fn every_node() -> Expr {
    let lit = |v| Box::new(Expr::Lit(v));
    let mut parts: Vec<Expr> = CmpOp::ALL.iter().map(|op| Expr::Cmp(*op, Box::new(Expr::Fact(1)), lit(Value::Num(Decimal::new(3, 0))))).collect();
    parts.extend(ArithOp::ALL.iter().map(|op| {
        Expr::Cmp(CmpOp::Gt, Box::new(Expr::Arith(*op, Box::new(Expr::Param(0)), lit(Value::Num(Decimal::new(-125, 2))))), lit(Value::Num(Decimal::ZERO)))
    }));
    parts.extend(Func::ALL.iter().map(|f| Expr::Cmp(CmpOp::Eq, Box::new(Expr::Call(*f, vec![Expr::AsOf, Expr::Fact(2)])), Box::new(Expr::Derived(0)))));
    parts.push(Expr::Not(Box::new(Expr::Lit(Value::Bool(true)))));
    parts.push(Expr::Or(vec![Expr::Lit(Value::Bool(false)), Expr::In(Box::new(Expr::Fact(0)), vec![Value::Sym(1), Value::Sym(3)])]));
    parts.push(Expr::Cmp(CmpOp::Le, Box::new(Expr::Fact(4)), lit(Value::Date(date("2024-02-29")))));
    parts.push(Expr::Cmp(CmpOp::Lt, Box::new(Expr::Neg(Box::new(Expr::Fact(1)))), lit(Value::Num(Decimal::new(1, 0)))));
    Expr::If(Box::new(Expr::And(parts)), lit(Value::Bool(true)), lit(Value::Bool(false)))
}

/// The shipped catalog with every variant the compiled form has put in.
fn every_variant() -> Catalog {
    let mut c = policycalc_catalog::embedded().unwrap().for_region("huaian").unwrap();
    c.vocab.facts[0].ask_if = Some(every_node());
    let template = c.vocab.derived[0].clone();
    for (ty, definition) in [
        (Ty::Num, Expr::Arith(ArithOp::Add, Box::new(Expr::Fact(1)), Box::new(Expr::Lit(Value::Num(Decimal::new(1, 0)))))),
        (Ty::Date, Expr::Lit(Value::Date(date("2025-12-31")))),
        (Ty::Enum(c.vocab.role_fact), Expr::Fact(c.vocab.role_fact)),
    ] {
        let mut d = template.clone();
        d.id = format!("{}_{ty}", d.id);
        d.ty = ty;
        d.definition = definition;
        c.vocab.derived.push(d);
    }
    let region = &mut c.regions[0];
    let n = |v: i64| Expr::Lit(Value::Num(Decimal::new(v, 0)));
    let rules = [
        AmountRule::Exact(n(100)),
        AmountRule::UpTo(n(200)),
        AmountRule::Range(n(300), Expr::Param(0)),
        AmountRule::NotStated,
        AmountRule::Free,
        AmountRule::None,
    ];
    let kinds = [Kind::Grant, Kind::Loan, Kind::Relief, Kind::Reward, Kind::Post, Kind::Service, Kind::Support];
    let periods = [None, Some(Period::Once), Some(Period::PerMonth), Some(Period::PerYear)];
    assert!(region.provisions.len() >= kinds.len());
    for (i, p) in region.provisions.iter_mut().enumerate() {
        p.kind = kinds[i % kinds.len()];
        p.amount.rule = rules[i % rules.len()].clone();
        p.amount.period = periods[i % periods.len()];
        p.validity.kind = if i % 2 == 0 { ValidityKind::InForce } else { ValidityKind::Announced };
    }
    for (i, d) in region.documents.iter_mut().enumerate() {
        d.script = if i % 2 == 0 { Script::Simplified } else { Script::Traditional };
    }
    region.documents.push(region.documents[0].clone());
    region.documents.last_mut().unwrap().script = Script::Traditional;
    c
}

#[test]
fn a_catalog_with_every_variant_decodes_to_the_value_encoded() {
    let c = every_variant();
    let bytes = encode(&c);
    let decoded = catalog(&bytes).unwrap();
    assert_eq!(encode(&decoded), bytes);
    // the variants the shipped catalog lacks, by name (not only through the bytes)
    let tys: Vec<Ty> = decoded.vocab.derived.iter().map(|d| d.ty).collect();
    assert!(tys.contains(&Ty::Num) && tys.contains(&Ty::Date) && tys.contains(&Ty::Enum(c.vocab.role_fact)), "{tys:?}");
    assert!(decoded.regions[0].provisions.iter().any(|p| matches!(p.amount.rule, AmountRule::Range(..))));
}

/// A catalog with nothing in it: its last sequence (the regions) has no items
/// and no bytes after its length, which is still a fit.
#[test]
fn an_empty_catalog_decodes() {
    let c = catalog(&[0, 0, 0, 0, 0, 0]).unwrap();
    assert!(c.vocab.facts.is_empty() && c.vocab.derived.is_empty() && c.standards.is_empty() && c.regions.is_empty());
    assert_eq!(encode(&c), [0, 0, 0, 0, 0, 0]);
}

/// Every prefix of a catalog is refused, at an offset inside it, never
/// decoded into something shorter.
#[test]
fn every_truncation_is_malformed_within_the_bytes_kept() {
    let bytes = encode(&every_variant());
    // every cut near the start and the end (where the sequences open and close), a sample between
    let cuts = (0..600).chain((600..bytes.len() - 600).step_by(97)).chain(bytes.len() - 600..bytes.len());
    for cut in cuts {
        match catalog(&bytes[..cut]) {
            Err(Malformed(at)) => assert!(at <= cut, "cut at {cut}: stopped at {at}"),
            Ok(_) => panic!("a catalog cut at byte {cut} of {} decoded", bytes.len()),
        }
    }
}

#[test]
fn damaged_bytes_are_malformed_at_the_first_byte_that_does_not_fit() {
    let bytes = encode(&every_variant());
    // one byte too many: the catalog ends before it
    let mut longer = bytes.clone();
    longer.push(0);
    assert_eq!(catalog(&longer).map(|_| ()), Err(Malformed(bytes.len())));
    // three facts announced, two bytes left: refused at the length, before any fact is read
    assert_eq!(catalog(&[3, 0, 0]).map(|_| ()), Err(Malformed(1)));
    // a huge sequence length is refused before anything is allocated
    assert_eq!(catalog(&[0xff, 0xff, 0xff, 0xff, 0x0f]).map(|_| ()), Err(Malformed(5)));
    // a varint longer than 64 bits
    assert_eq!(catalog(&[0xff; 11]).map(|_| ()), Err(Malformed(10)));
    // a role fact index beyond u16
    assert_eq!(catalog(&[0, 0, 0x80, 0x80, 0x04, 0, 0, 0]).map(|_| ()), Err(Malformed(5)));
    // the first fact: an id, then a type index past the five fact types
    assert_eq!(catalog(&[1, 1, b'a', 9, 0]).map(|_| ()), Err(Malformed(4)));
    // a string that is not UTF-8: refused where its length ends
    assert_eq!(catalog(&[1, 1, 0xff, 0, 0]).map(|_| ()), Err(Malformed(2)));
}
