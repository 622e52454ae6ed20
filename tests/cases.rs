//! Data-driven cases: one TOML file per scenario under `tests/cases/<region>/`,
//! with exact expected statuses and amounts. Also proves coverage: every
//! provision of every region is seen eligible in some case, and (when it has
//! a condition) ineligible and undetermined too, and conditional ("eligible
//! if …") when its rule has a judged fact.

// A test stops at the first surprise: the workspace's no-panic lints are for
// the product's code (Cargo.toml, [workspace.lints]).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use policycalc_core::Catalog;
use policycalc_packs::cases;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

// The case-file format and its checker are policycalc-packs' `cases.rs`
// (the policy studio runs the same on its draft).

fn case_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    for region in std::fs::read_dir(&root).expect("tests/cases").flatten() {
        for file in std::fs::read_dir(region.path()).into_iter().flatten().flatten() {
            if file.path().extension().is_some_and(|e| e == "toml") {
                files.push(file.path());
            }
        }
    }
    files.sort();
    files
}

/// Runs one case; returns failures and records which statuses each provision reached.
fn run_case(catalog: &Catalog, path: &Path, seen: &mut BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let name = path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(path).display().to_string();
    let text = std::fs::read_to_string(path).expect("read case");
    let run = cases::run_case_text(catalog, &text);
    let region = cases::read_case(&text).map(|c| c.region).unwrap_or_default();
    for (id, status) in &run.statuses {
        let status = serde_json::to_value(status).unwrap().as_str().unwrap().to_string();
        seen.entry(format!("{region}|{id}")).or_default().insert(status);
    }
    run.differences.iter().map(|d| format!("{name}: {d}")).collect()
}

#[test]
fn every_case_file_gives_its_expected_statuses_and_amounts() {
    let catalog = policycalc_catalog::embedded().expect("packs load");
    let files = case_files();
    assert!(!files.is_empty(), "no case files");
    let mut seen = BTreeMap::new();
    let failures: Vec<String> = files.iter().flat_map(|f| run_case(&catalog, f, &mut seen)).collect();
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_provision_is_covered_eligible_ineligible_and_undetermined() {
    let catalog = policycalc_catalog::embedded().expect("packs load");
    let mut seen = BTreeMap::new();
    for f in case_files() {
        run_case(&catalog, &f, &mut seen);
    }
    let mut gaps = Vec::new();
    for region in &catalog.regions {
        for p in &region.provisions {
            let key = format!("{}|{}", region.id, p.id);
            let statuses = seen.get(&key).cloned().unwrap_or_default();
            let mut need = vec!["eligible"];
            if p.when.is_some() {
                need.extend(["ineligible", "undetermined"]);
            }
            // A judged condition left open must be seen as "eligible if".
            if p.facts.iter().any(|f| catalog.vocab.is_judged(f)) {
                need.push("conditional");
            }
            let missing: Vec<&str> = need.into_iter().filter(|s| !statuses.contains(*s)).collect();
            if !missing.is_empty() {
                gaps.push(format!("{key}: never {}", missing.join(", ")));
            }
        }
    }
    assert!(gaps.is_empty(), "{} coverage gaps:\n{}", gaps.len(), gaps.join("\n"));
}
