//! Regression tests for what fuzzing found (fuzz/README.md): each test holds
//! the input that broke an invariant, reduced, and is named for what the fix
//! guarantees.

// A test stops at the first surprise: the workspace's no-panic lints are for
// the product's code (Cargo.toml, [workspace.lints]).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use policycalc_batch::{Batch, BatchOptions};
use policycalc_core::expr::{Expr, Value, MAX_DEPTH};
use policycalc_core::vocab::RawAnswer;
use policycalc_core::{Catalog, Facts};
use policycalc_packs::encode;

fn catalog() -> Catalog {
    policycalc_catalog::embedded().expect("the embedded catalog decodes")
}

/// `facts_json` (crash-31f17992): a fact name with an escaped line break
/// made the "unknown fact" message two lines; the CLI prints one.
#[test]
fn an_unknown_fact_with_a_line_break_is_named_on_one_line() {
    let c = catalog();
    let e = Facts::from_json_text(&c.vocab, r#"{"ficulTy": true, "empl\nsured_employeetion_monthl;y": "]500"}"#).unwrap_err();
    assert_eq!(e.code(), "unknown_fact");
    assert_eq!(e.to_string(), "unknown fact `empl\\nsured_employeetion_monthl;y` (list them with `policycalc facts`)");
    let e = Facts::from_json_text(&c.vocab, "{\"a\\u001b[2J\": 1}").unwrap_err();
    assert_eq!(e.to_string(), "unknown fact `a\\u{1b}[2J` (list them with `policycalc facts`)");
}

/// `share_fragment` (crash-214ae962): a share link's date value with NUL and
/// a line break made `checkAnswer`'s message several lines.
#[test]
fn a_bad_value_with_control_characters_is_quoted_on_one_line() {
    let c = catalog();
    let e = c.vocab.check_answer("graduation_date", Ok(RawAnswer::Text("\"\0\neole=startup\"".into()))).unwrap_err();
    assert_eq!(e.code(), "bad_value");
    assert_eq!(e.field(), Some("graduation_date"));
    let message = e.to_string();
    assert!(!message.contains(['\n', '\0']), "{message}");
    assert!(message.contains(r#"\u{0}\neole=startup"#), "{message}");
}

#[test]
fn a_pack_error_quoting_a_line_break_stays_on_one_line() {
    let e = policycalc_core::PackError { file: "a.toml".into(), item: Some("x\ny".into()), field: "when".into(), message: "bad\r\n".into() };
    assert_eq!(e.to_string(), "a.toml: `x\\ny`: field `when`: bad\\r\\n");
}

/// `catalog_bytes` (crash-4a82d90b): bytes that decode to a catalog whose
/// fact names a role that does not exist made `facts_info` index out of
/// bounds. A decoded catalog is now checked before it is used.
#[test]
fn a_compiled_catalog_with_a_dangling_role_is_refused() {
    let mut c = catalog();
    c.vocab.facts[1].roles.push(999);
    let e = Catalog::from_compiled(&encode(&c)).unwrap_err();
    assert!(e.to_string().contains("unknown role"), "{e}");
}

/// Each kind of index a compiled catalog carries is checked: a corrupt one
/// is refused at decode instead of panicking in the engine or the report.
#[test]
fn a_compiled_catalog_with_any_dangling_index_is_refused() {
    type Corruption = (&'static str, fn(&mut Catalog));
    let corruptions: Vec<Corruption> = vec![
        ("role fact", |c| c.vocab.role_fact = 999),
        ("fact in a condition", |c| c.regions[0].provisions[0].when = Some(Expr::Fact(999))),
        ("parameter", |c| c.regions[0].provisions[0].when = Some(Expr::Param(999))),
        ("derived fact", |c| c.regions[0].provisions[0].when = Some(Expr::Derived(999))),
        ("enum value", |c| {
            let role = c.vocab.role_fact;
            c.regions[0].provisions[0].when = Some(Expr::In(Box::new(Expr::Fact(role)), vec![Value::Sym(999)]));
        }),
        // A derived fact using itself would recurse without end.
        ("derived cycle", |c| c.vocab.derived[0].definition = Expr::Derived(0)),
        ("superseded provision", |c| c.regions[0].provisions[0].supersedes.push(999)),
        ("document", |c| c.regions[0].provisions[0].source.document = 999),
        ("provision role", |c| c.regions[0].provisions[0].roles.push(999)),
    ];
    for (what, corrupt) in corruptions {
        let mut c = catalog();
        corrupt(&mut c);
        assert!(Catalog::from_compiled(&encode(&c)).is_err(), "{what}: accepted");
    }
    assert!(Catalog::from_compiled(&encode(&catalog())).is_ok());
}

/// A compiled expression nested deeper than any parsed one is refused while
/// decoding (which recurses at most that deep), so no bytes can overflow the stack
/// of the decoder, the evaluator or the report. The limit itself decodes.
#[test]
fn a_compiled_expression_deeper_than_the_limit_is_refused() {
    let nested = |depth: usize| {
        let mut e = Expr::Lit(Value::Bool(true));
        for _ in 1..depth {
            e = Expr::Not(Box::new(e));
        }
        let mut c = catalog();
        c.regions[0].provisions[0].when = Some(e);
        Catalog::from_compiled(&encode(&c))
    };
    assert!(nested(MAX_DEPTH).is_ok());
    assert!(nested(MAX_DEPTH + 1).is_err());
    assert!(nested(1000).is_err());
}

/// `check-pack` on a condition of 1,000 nested parentheses (or a sum of
/// 100,000 terms) overflowed the stack; such a pack is now a typed error
/// naming the provision and field.
#[test]
fn a_pack_with_a_deeply_nested_condition_is_a_pack_error() {
    let files = policycalc_catalog::embedded_files().unwrap();
    let huaian = files.regions.iter().find(|f| f.file.ends_with("huaian.toml")).unwrap();
    for when in ["(".repeat(1000) + "newly_recognised" + &")".repeat(1000), format!("newly_recognised and 1{} > 0", " + 1".repeat(100_000))] {
        let mut data = huaian.data.clone();
        data["provisions"][0]["when"] = serde_json::Value::String(when);
        let errors = policycalc_packs::check_file("huaian.toml", &data, &files).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        let e = &errors[0];
        assert_eq!(e.field, "when");
        assert!(e.message.starts_with(&format!("nested too deeply (at most {MAX_DEPTH} levels)")), "{e}");
    }
}

/// `csv_batch`'s chunking differential: a byte-order mark arriving alone in
/// the first chunk let the reader drop a second one at the start of the next,
/// so a file starting with two marks read differently when chunked.
#[test]
fn a_second_byte_order_mark_reads_the_same_however_the_text_is_chunked() {
    let c = catalog();
    let options = BatchOptions { region: Some("bayannur".into()), as_of: policycalc_core::Date::parse("2025-06-30"), lang: policycalc_core::Lang::En, detailed: true };
    let run = |chunks: &[&str]| {
        let mut batch = Batch::new(&c, options.clone()).unwrap();
        let mut out = String::new();
        let mut result = Ok(());
        for chunk in chunks {
            result = result.and_then(|()| batch.push(&c, chunk, &mut out));
        }
        (result.and_then(|()| batch.finish(&c, &mut out)), out)
    };
    let text = "\u{feff}\u{feff}\nrole,interns\nemployer,3\n";
    let whole = run(&[text]);
    assert_eq!(whole.0.as_ref().unwrap_err().code(), "no_fact_columns");
    let (bom, rest) = text.split_at('\u{feff}'.len_utf8());
    assert_eq!(run(&[bom, rest]), whole);
    assert_eq!(run(&["", bom, "", rest]), whole);
}
