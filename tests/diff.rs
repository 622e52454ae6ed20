//! `policycalc diff OLD NEW CASES.csv` on the fixture in `tests/diff/`
//! (README there): each format's output exactly, the library function the
//! studio runs giving the CLI's JSON, and bad input exiting 2 naming the file.

// A test stops at the first surprise: the workspace's no-panic lints are for
// the product's code (Cargo.toml, [workspace.lints]).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use policycalc_batch::diff;
use policycalc_batch::BatchOptions;
use policycalc_core::{Date, Lang};
use std::path::{Path, PathBuf};

#[path = "support/cli.rs"]
mod cli_support;
use cli_support::run;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff").join(name)
}

fn path(name: &str) -> String {
    fixture(name).display().to_string()
}

/// `policycalc diff old new cases.csv` on the fixture with `format`.
fn diff_cli(format: &str) -> String {
    let (old, new, cases) = (path("old"), path("new"), path("cases.csv"));
    let r = run(&["diff", &old, &new, &cases, "--region", "testland", "--as-of", "2025-06-01", "--lang", "en", "--format", format], "");
    assert_eq!(r.code, Some(0), "diff --format {format}: {}", r.stderr);
    r.stdout
}

fn expect_file(name: &str, actual: &str) {
    let file = fixture(name);
    if std::env::var_os("UPDATE_DIFF").is_some() {
        std::fs::write(&file, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&file).unwrap();
    assert_eq!(actual, expected, "{name} differs (UPDATE_DIFF=1 rewrites it after review)");
}

#[test]
fn the_text_lists_the_changed_rows_then_the_totals_then_the_counts() {
    let out = diff_cli("text");
    expect_file("expected.txt", &out);
    // the two edits, and nothing of the unchanged provision
    assert!(out.contains("line 3  testland.internship  eligible 1000.00 → eligible 1200.00"), "{out}");
    assert!(out.contains("line 4  testland.hiring  ineligible → eligible 2000.00"), "{out}");
    assert!(!out.contains("testland.steady"), "{out}");
}

#[test]
fn the_csv_is_one_fact_per_line() {
    expect_file("expected.csv", &diff_cli("csv"));
}

#[test]
fn the_json_is_the_library_s_diff() {
    let out = diff_cli("json");
    expect_file("expected.json", &out);
    // the function the studio's module calls, on the same packs
    let catalog = |dir: &str| {
        let read = |f: &str| std::fs::read_to_string(fixture(dir).join(f)).unwrap();
        let files: policycalc_packs::studio::Files =
            ["facts.toml", "national.toml", "testland.toml"].iter().map(|f| (format!("policies/{f}"), read(f))).collect();
        policycalc_packs::studio::compile_files(&files).unwrap()
    };
    let options = BatchOptions { region: Some("testland".into()), as_of: Date::parse("2025-06-01"), lang: Lang::En, detailed: false };
    let text = std::fs::read_to_string(fixture("cases.csv")).unwrap();
    let result = diff::diff(&catalog("old"), &catalog("new"), &text, options).unwrap();
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(serde_json::to_value(&result).unwrap(), json);
    assert_eq!((result.counts.rows_changed, result.counts.changes, result.counts.rejected_before), (3, 4, 1));
}

#[test]
fn the_same_packs_change_nothing() {
    let (old, cases) = (path("old"), path("cases.csv"));
    let r = run(&["diff", &old, &old, &cases, "--region", "testland", "--as-of", "2025-06-01", "--lang", "en", "--format", "json"], "");
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(json["rows"], serde_json::json!([]));
    assert_eq!(json["provisions"], serde_json::json!([]));
    assert!(json["periods"].as_array().unwrap().iter().all(|p| p["difference"]["max"] == "0.00"), "{json}");
}

/// Exit 2, nothing on stdout, one line on stderr naming `file` and `words`.
fn refused(args: &[&str], file: &str, words: &[&str]) {
    let r = run(args, "");
    assert_eq!(r.code, Some(2), "{args:?}: {}", r.stderr);
    assert_eq!(r.stdout, "", "{args:?}");
    assert_eq!(r.stderr.lines().count(), 1, "{args:?}: {}", r.stderr);
    assert!(r.stderr.contains(file), "{args:?} does not name {file}: {}", r.stderr);
    for w in words {
        assert!(r.stderr.contains(w), "{args:?} lacks {w:?}: {}", r.stderr);
    }
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("diff-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_missing_file_or_directory_is_refused_naming_it() {
    let (old, new, cases) = (path("old"), path("new"), path("cases.csv"));
    let missing = path("nothing.csv");
    refused(&["diff", &old, &new, &missing, "--region", "testland", "--as-of", "2025-06-01"], &missing, &["No such file"]);
    let nowhere = path("nowhere");
    refused(&["diff", &nowhere, &new, &cases, "--region", "testland", "--as-of", "2025-06-01"], &nowhere, &["not a directory"]);
    // a directory without the vocabulary
    let empty = temp_dir("empty");
    refused(&["diff", &old, &empty.display().to_string(), &cases, "--region", "testland", "--as-of", "2025-06-01"], "facts.toml", &["No such file"]);
    refused(&["diff", &old, &new, "--as-of", "2025-06-01"], "OLD NEW CASES.csv", &[]);
    refused(&["diff", &old, &new, &cases, "--format", "yaml"], "--format", &["yaml"]);
}

#[test]
fn a_csv_that_cannot_be_read_is_refused_naming_it() {
    let (old, new) = (path("old"), path("new"));
    let dir = temp_dir("csv");
    let bad = dir.join("header.csv");
    std::fs::write(&bad, "name,colour\nA,blue\n").unwrap();
    let bad = bad.display().to_string();
    refused(&["diff", &old, &new, &bad, "--region", "testland", "--as-of", "2025-06-01"], &bad, &["no column of the header names a fact"]);
    let empty = dir.join("empty.csv");
    std::fs::write(&empty, "").unwrap();
    let empty = empty.display().to_string();
    refused(&["diff", &old, &new, &empty, "--region", "testland", "--as-of", "2025-06-01"], &empty, &["empty"]);
    let utf16 = dir.join("utf16.csv");
    std::fs::write(&utf16, b"\xff\xferole\n").unwrap();
    let utf16 = utf16.display().to_string();
    refused(&["diff", &old, &new, &utf16, "--region", "testland", "--as-of", "2025-06-01"], &utf16, &["UTF-16"]);
}

/// A column only the new vocabulary has a fact for is read by the new packs
/// and copied through by the old: the comparison says so.
#[test]
fn a_column_only_the_new_packs_know_is_a_warning_of_the_old_side() {
    let old = path("old");
    let dir = temp_dir("new-fact");
    let facts = std::fs::read_to_string(fixture("new/facts.toml")).unwrap();
    let added = "\n[[facts]]\nid = \"apprentices\"\ntype = \"integer\"\nroles = [\"employer\"]\nmin = 0\nmax = 100\nlabel = { zh-Hans = \"学徒\", en = \"Apprentices\" }\nquestion = { zh-Hans = \"学徒？\", en = \"Apprentices?\" }\nhelp = { zh-Hans = \"测试。\", en = \"Test.\" }\n";
    std::fs::write(dir.join("facts.toml"), format!("{facts}{added}")).unwrap();
    for f in ["national.toml", "testland.toml"] {
        std::fs::copy(fixture("new").join(f), dir.join(f)).unwrap();
    }
    let csv = dir.join("cases.csv");
    std::fs::write(&csv, "role,apprentices,interns\nemployer,1,1\n").unwrap();
    let (new, csv) = (dir.display().to_string(), csv.display().to_string());
    let r = run(&["diff", &old, &new, &csv, "--region", "testland", "--as-of", "2025-06-01", "--lang", "en", "--format", "json"], "");
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(json["warnings"], serde_json::json!([{ "message": "column 2 “apprentices” is not a fact: copied to the output unchanged", "only": "old" }]));
    let r = run(&["diff", &old, &new, &csv, "--region", "testland", "--as-of", "2025-06-01", "--lang", "en"], "");
    assert!(r.stdout.contains("column 2 “apprentices” is not a fact: copied to the output unchanged (with the old packs only)"), "{}", r.stdout);
}

#[test]
fn a_broken_pack_is_refused_naming_its_file_and_provision() {
    let (old, cases) = (path("old"), path("cases.csv"));
    let dir = temp_dir("broken");
    for f in ["facts.toml", "national.toml"] {
        std::fs::copy(fixture("new").join(f), dir.join(f)).unwrap();
    }
    let pack = std::fs::read_to_string(fixture("new/testland.toml")).unwrap().replace("insured_employees >= 3", "insured_staff >= 3");
    std::fs::write(dir.join("testland.toml"), pack).unwrap();
    let new = dir.display().to_string();
    let file = dir.join("testland.toml").display().to_string();
    refused(&["diff", &old, &new, &cases, "--region", "testland", "--as-of", "2025-06-01"], &file, &["testland.hiring", "insured_staff"]);
    // not TOML at all
    std::fs::write(dir.join("testland.toml"), "[region\n").unwrap();
    refused(&["diff", &old, &new, &cases, "--region", "testland", "--as-of", "2025-06-01"], &file, &["line 1, column 8"]);
}
