//! The compiled catalog the app ships: per-language and per-region cuts, and
//! the hand decoder (`policycalc_core::decode`) against serde's encoder.

// A test stops at the first surprise: the workspace's no-panic lints are for
// the product's code (Cargo.toml, [workspace.lints]).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use policycalc_core::date::Date;
use policycalc_core::decode::{catalog, Malformed};
use policycalc_core::expr::{ArithOp, CmpOp, Expr, Func, Value};
use policycalc_core::lang::{Lang, Text};
use policycalc_core::local::Local;
use policycalc_core::Catalog;
use policycalc_packs::encode;
use rust_decimal::Decimal;

#[test]
fn a_one_language_catalog_round_trips_and_keeps_only_that_language() {
    let full = policycalc_catalog::embedded().unwrap();
    let en = Catalog::from_compiled(&encode(&full.clone().for_language(Lang::En))).unwrap();
    let p = &en.regions[0].provisions[0];
    assert_eq!(p.title.get(Lang::En), full.regions[0].provisions[0].title.get(Lang::En));
    assert!(p.title.zh_hans.is_empty() && p.title.zh_hant.is_empty());
    assert!(encode(&en).len() * 2 < encode(&full).len());
}

/// Every catalog the app ships, decoded by hand and re-encoded by serde, is the same bytes.
#[test]
fn decoding_then_encoding_every_shipped_catalog_gives_back_its_bytes() {
    let full = policycalc_catalog::embedded().unwrap();
    let mut catalogs = vec![full.clone()];
    for lang in Lang::ALL {
        let one = full.clone().for_language(lang);
        catalogs.extend(full.regions.iter().map(|r| one.clone().for_region(&r.id).unwrap()));
        catalogs.push(one);
    }
    for c in catalogs {
        let bytes = postcard::to_allocvec(&c).unwrap();
        assert_eq!(postcard::to_allocvec(&catalog(&bytes).unwrap()).unwrap(), bytes);
    }
}

/// Shipped local files hold region defaults only: a provision entry with every field round-trips too.
#[test]
fn a_provision_local_entry_with_every_field_decodes() {
    let t = |s: &str| Text { zh_hans: s.into(), zh_hant: s.into(), en: s.into() };
    let full = Local {
        source: t("s"),
        how: Some(t("h")),
        documents: Some(t("d")),
        deadline: Some(t("l")),
        office: Some(t("o")),
        hours: Some(t("w")),
        phone: Some("12333".into()),
        url: Some("https://a.cn".into()),
    };
    let mut c = policycalc_catalog::embedded().unwrap().for_region("huaian").unwrap();
    c.regions[0].provisions[0].local = Some(full.clone());
    let bytes = postcard::to_allocvec(&c).unwrap();
    assert_eq!(catalog(&bytes).unwrap().regions[0].provisions[0].local, Some(full));
}

#[test]
fn every_rule_tree_node_decodes() {
    let lit = |v| Box::new(Expr::Lit(v));
    let all = Expr::If(
        Box::new(Expr::And(vec![
            Expr::Not(Box::new(Expr::Fact(3))),
            Expr::Or(vec![Expr::Derived(1), Expr::In(Box::new(Expr::Fact(2)), vec![Value::Sym(1), Value::Sym(4)])]),
            Expr::Cmp(CmpOp::Ge, Box::new(Expr::Call(Func::AddMonths, vec![Expr::AsOf, Expr::Lit(Value::Num(Decimal::new(-18, 0)))])), lit(Value::Date(Date::parse("2024-06-30").unwrap()))),
        ])),
        Box::new(Expr::Arith(ArithOp::Mul, Box::new(Expr::Param(2)), lit(Value::Num(Decimal::new(70, 2))))),
        Box::new(Expr::Neg(lit(Value::Bool(true)))),
    );
    let mut c = policycalc_catalog::embedded().unwrap().for_region("bayannur").unwrap();
    c.vocab.facts[0].ask_if = Some(all.clone());
    let bytes = postcard::to_allocvec(&c).unwrap();
    assert_eq!(catalog(&bytes).unwrap().vocab.facts[0].ask_if, Some(all));
}

#[test]
fn damaged_bytes_are_an_error_at_an_offset_never_a_panic() {
    let bytes = postcard::to_allocvec(&policycalc_catalog::embedded().unwrap().for_region("huaian").unwrap()).unwrap();
    for cut in [0, 1, bytes.len() / 3, bytes.len() - 1] {
        assert!(catalog(&bytes[..cut]).is_err(), "cut at {cut}");
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert_eq!(catalog(&longer).map(|_| ()), Err(Malformed(bytes.len())));
    // a huge sequence length is refused before anything is allocated
    assert!(catalog(&[0xff, 0xff, 0xff, 0xff, 0x0f]).is_err());
    // nesting deeper than the limit is refused
    let mut deep = Expr::AsOf;
    for _ in 0..100 {
        deep = Expr::Not(Box::new(deep));
    }
    let mut c = policycalc_catalog::embedded().unwrap().for_region("huaian").unwrap();
    c.vocab.facts[0].ask_if = Some(deep);
    assert!(catalog(&postcard::to_allocvec(&c).unwrap()).is_err());
}
