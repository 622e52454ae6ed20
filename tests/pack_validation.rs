//! Pack validation, one case per way a pack can be wrong. Each file under
//! `tests/packs/cases/` is a pack (or vocabulary) with one fault, and its
//! header says the exact line `policycalc check-pack` must print:
//!
//! ```text
//! # What is wrong.
//! # expect: tests/packs/cases/<case>.toml: `<provision>`: field `<field>`: <message>
//! ```
//!
//! `valid.toml` (`# expect: ok`) is the pack the region cases break. Quotes
//! are checked against `tests/packs/cases/sources/`. The binary runs from the
//! crate root so the file names in the messages are the relative paths above.

// A test stops at the first surprise: the workspace's no-panic lints are for
// the product's code (Cargo.toml, [workspace.lints]).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_policycalc");
const CASES: &str = "tests/packs/cases";

/// The faults pack validation must catch; each must keep its case.
const REQUIRED: &[&str] = &[
    "valid",
    "unknown-fact-in-condition",
    "unknown-fact-in-amount",
    "type-mismatch-condition",
    "type-mismatch-amount",
    "overlapping-parameter-dates",
    "parameter-gap",
    "missing-quote",
    "quote-not-in-source",
    "extends-cycle",
    "extends-itself",
    "amount-subtracts",
    "amount-negates",
    "amount-negative-literal",
    "parameter-negative",
    "fact-negative-min",
    "duplicate-provision-id",
    "unknown-document",
    "validity-until-before-from",
    "parameter-until-before-from",
    "malformed-date",
    "missing-english-text",
    "unknown-role",
    "unknown-period",
    "unknown-kind",
    "extends-unknown-region",
    "judged-fact-not-bool",
    "judged-fact-with-guard",
    "constraint-unknown-fact",
    "constraint-type-mismatch",
    "constraint-on-itself",
    "local-valid",
    "local-unknown-provision",
    "local-unknown-region",
    "local-bad-phone",
    "local-url-not-https",
    "local-unknown-field",
    "local-missing-english",
    "valid-at-the-bounds",
    "seed-empty",
    "seed-hidden-file",
    "parameter-until-on-next-from",
    "provision-id-other-region",
    "provision-id-starts-with-digit",
    "value-on-free-amount",
    "min-on-free-amount",
    "amount-fact-not-asked-of-role",
];

struct Case {
    name: String,
    path: String,
    expect: String,
}

fn cases() -> Vec<Case> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut cases: Vec<Case> = std::fs::read_dir(root.join(CASES))
        .expect("tests/packs/cases")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| {
            let name = p.file_stem().and_then(|s| s.to_str()).expect("file name").to_string();
            let text = std::fs::read_to_string(&p).expect("read case");
            let expect = text
                .lines()
                .take_while(|l| l.starts_with('#'))
                .find_map(|l| l.strip_prefix("# expect: "))
                .unwrap_or_else(|| panic!("{name}: no `# expect:` line in the header"))
                .to_string();
            Case { path: format!("{CASES}/{name}.toml"), name, expect }
        })
        .collect();
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    cases
}

#[test]
fn every_pack_fault_is_rejected_with_its_exact_message() {
    let mut wrong = Vec::new();
    let cases = cases();
    for case in &cases {
        let out = Command::new(BIN)
            .args(["check-pack", &case.path])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("RUST_BACKTRACE")
            .output()
            .expect("policycalc runs");
        let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        let got = if case.expect == "ok" {
            match out.status.code() {
                Some(0) if stdout.starts_with(&format!("{}: ok", case.path)) => "ok".to_string(),
                code => format!("exit {code:?}: {stdout}{stderr}"),
            }
        } else {
            match (out.status.code(), stdout.is_empty()) {
                (Some(2), true) => stderr.strip_prefix("error: ").unwrap_or(&stderr).trim_end_matches('\n').to_string(),
                (code, _) => format!("exit {code:?}, stdout {stdout:?}, stderr {stderr:?}"),
            }
        };
        if got != case.expect {
            wrong.push(format!("{}:\n  expected: {}\n  got:      {got}", case.name, case.expect));
        }
    }
    assert!(wrong.is_empty(), "{} of {} cases differ:\n{}", wrong.len(), cases.len(), wrong.join("\n"));
}

#[test]
fn every_required_fault_has_a_case() {
    let names: Vec<String> = cases().into_iter().map(|c| c.name).collect();
    let missing: Vec<&&str> = REQUIRED.iter().filter(|r| !names.iter().any(|n| n == *r)).collect();
    assert!(missing.is_empty(), "cases missing: {missing:?}");
}

#[test]
fn every_case_names_its_file_and_a_field() {
    for case in cases().iter().filter(|c| c.expect != "ok") {
        assert!(case.expect.starts_with(&format!("{}: ", case.path)), "{}: {}", case.name, case.expect);
        assert!(case.expect.contains("field `"), "{}: no field named: {}", case.name, case.expect);
    }
}

/// The compiled amount keeps its formula as written, for the computation
/// the result shows: an exact amount's value, a range's `min .. max`.
#[test]
fn a_compiled_amount_keeps_its_formula_as_written() {
    let embedded = policycalc_catalog::embedded_files().unwrap();
    let formulas = |case: &str| -> Vec<(String, String)> {
        let path = format!("{CASES}/{case}.toml");
        let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(&path)).unwrap();
        let data = serde_json::to_value(toml::from_str::<toml::Value>(&text).unwrap()).unwrap();
        let pack = policycalc_packs::FileJson { file: path, data };
        let catalog = policycalc_packs::from_files(&embedded.vocabulary, &embedded.standards, &[pack]).unwrap();
        catalog.regions[0].provisions.iter().map(|p| (p.id.clone(), p.amount.formula.clone())).collect()
    };
    let pair = |id: &str, formula: &str| (id.to_string(), formula.to_string());
    assert_eq!(
        formulas("valid"),
        [pair("testland.internship-subsidy", "test_min_wage * 0.5 * interns"), pair("testland.startup-grant", "20000")]
    );
    assert_eq!(formulas("valid-at-the-bounds")[1], pair("testland.startup-grant", "10000 .. test_min_wage * 10"));
}
