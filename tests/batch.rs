//! `policycalc batch` end to end on the fixtures in `tests/batch/`: exact
//! output CSV, summary CSV, stderr and exit code for each. `BLESS=1 cargo
//! test --test batch` rewrites the expected files (review the diff!).
//!
//! Also: the library gives byte-identical output whatever the chunking, and
//! the GB18030 and UTF-8-with-BOM files give the same output.

use policycalc::batch::{Batch, BatchOptions};
use policycalc::{Catalog, Date, Lang};
use std::path::{Path, PathBuf};
use std::process::Command;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/batch")
}

struct Run {
    code: i32,
    stderr: String,
    output: Option<Vec<u8>>,
    summary: Option<Vec<u8>>,
}

fn run(fixture: &str, args: &[&str]) -> Run {
    let tmp = std::env::temp_dir().join(format!("policycalc-batch-test-{}-{fixture}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let out = tmp.join("out.csv");
    let summary = tmp.join("summary.csv");
    let _ = std::fs::remove_file(&out);
    let _ = std::fs::remove_file(&summary);
    let result = Command::new(env!("CARGO_BIN_EXE_policycalc"))
        .arg("batch")
        .arg(dir().join(fixture))
        .args(args)
        .arg("-o")
        .arg(&out)
        .arg("--summary")
        .arg(&summary)
        .output()
        .expect("run policycalc");
    let run = Run {
        code: result.status.code().unwrap_or(-1),
        stderr: String::from_utf8(result.stderr)
            .unwrap()
            .replace(&dir().display().to_string(), "tests/batch")
            .replace(&out.display().to_string(), "OUT.csv"),
        output: std::fs::read(&out).ok(),
        summary: std::fs::read(&summary).ok(),
    };
    // No partial file is ever left beside the output.
    let leftovers: Vec<_> = std::fs::read_dir(&tmp).unwrap().flatten().filter(|e| e.file_name().to_string_lossy().ends_with(".partial")).collect();
    assert!(leftovers.is_empty(), "{fixture}: partial output left behind");
    let _ = std::fs::remove_dir_all(&tmp);
    run
}

fn expect_file(name: &str, actual: Option<&[u8]>) {
    let path = dir().join(name);
    if std::env::var_os("BLESS").is_some() {
        match actual {
            Some(bytes) => std::fs::write(&path, bytes).unwrap(),
            None => {
                let _ = std::fs::remove_file(&path);
            }
        }
        return;
    }
    let expected = std::fs::read(&path).ok();
    let show = |b: Option<&[u8]>| b.map(|b| String::from_utf8_lossy(b).into_owned());
    assert_eq!(show(actual), show(expected.as_deref()), "{name} differs (BLESS=1 to rewrite after review)");
}

/// Runs a fixture and checks everything it produced against the expected files.
fn check(fixture: &str, args: &[&str], code: i32) -> Run {
    let r = run(fixture, args);
    let stem = fixture.trim_end_matches(".csv");
    expect_file(&format!("{stem}.expected.csv"), r.output.as_deref());
    expect_file(&format!("{stem}.expected-summary.csv"), r.summary.as_deref());
    expect_file(&format!("{stem}.expected-stderr.txt"), Some(r.stderr.as_bytes()));
    assert_eq!(r.code, code, "{fixture}: exit code; stderr:\n{}", r.stderr);
    r
}

const BAYANNUR_EN: [&str; 6] = ["--region", "bayannur", "--as-of", "2025-03-01", "--lang", "en"];
const BAYANNUR_ZH: [&str; 4] = ["--region", "bayannur", "--as-of", "2025-03-01"];

#[test]
fn utf8_rows_are_computed_with_totals() {
    // The per-provision columns (`--detailed`) and the readable ones.
    let args: Vec<&str> = BAYANNUR_EN.iter().copied().chain(["--detailed"]).collect();
    let r = check("utf8.csv", &args, 0);
    let out = String::from_utf8(r.output.unwrap()).unwrap();
    assert!(out.starts_with('\u{feff}'), "output starts with a BOM");
    assert!(out.contains("\r\n"), "CRLF line ends");
    // Startup: 20,000 once, and the sustained subsidy too; Acme: 100% rate.
    assert!(out.contains("Wang Fang,startup,3,12,3,true,,,,2,,,,\"One-time startup job-creation subsidy: ¥20,000.00 once (announced, not yet issued); "));
    assert!(out.contains(" not yet issued)\",eligible,20000.00,"), "--detailed adds the provision columns after the readable ones");
    let summary = String::from_utf8(r.summary.unwrap()).unwrap();
    // 20,000 + 20,000 (Wang Fang) + 6 remaining months x 1,589 (Beta Co).
    assert!(summary.contains("TOTAL,total (counted rows),once,,,,,2,49534.00,49534.00"), "{summary}");
    // 227,000 (Acme at 100%, its 70% line superseded) + 15,890 (Beta Co at 70%).
    assert!(summary.contains("TOTAL,total (counted rows),per_month,,,,,2,242890.00,242890.00"), "{summary}");
}

/// A rejected cell with a line break in it is one line on stderr, escaped;
/// the output's error column keeps the value as it was.
#[test]
fn a_rejected_value_with_a_line_break_is_one_stderr_line() {
    let r = check("bad_value_with_line_break.csv", &BAYANNUR_EN, 2);
    let error = r.stderr.lines().find(|l| l.contains("insured_employees")).expect("the row error is listed");
    assert!(error.contains("3\\n4"), "{}", r.stderr);
    let out = String::from_utf8(r.output.unwrap()).unwrap();
    assert!(out.contains("3\n4"), "{out}");
}

#[test]
fn utf8_bom_and_gb18030_give_the_same_output() {
    let bom = check("utf8_bom_zh.csv", &BAYANNUR_ZH, 0);
    let gb = run("gb18030_zh.csv", &BAYANNUR_ZH);
    assert_eq!(gb.code, 0, "{}", gb.stderr);
    assert_eq!(gb.output, bom.output);
    assert_eq!(gb.summary, bom.summary);
    // Chinese labels, values (是, role labels) and headers are all understood.
    let out = String::from_utf8(bom.output.unwrap()).unwrap();
    // The readable columns: what can be got, what is missing, what needs checking
    // (Bayannur's documents are announced, not yet issued, on this date).
    assert!(out.contains("王芳,创业者或初创企业,3,12,3,是,,,,2,,,,\"一次性创业带动就业补贴：¥20,000.00 一次性（已宣布，尚未印发）"), "{out}");
}

#[test]
fn forced_encoding_that_does_not_fit_is_a_clear_error() {
    let r = run("gb18030_zh.csv", &["--region", "bayannur", "--as-of", "2025-03-01", "--encoding", "utf-8"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not valid UTF-8 at byte"), "{}", r.stderr);
    assert!(r.output.is_none());
}

#[test]
fn empty_and_header_only_files_write_nothing() {
    for fixture in ["empty.csv", "header_only.csv"] {
        let r = check(fixture, &BAYANNUR_EN, 2);
        assert!(r.output.is_none() && r.summary.is_none(), "{fixture}");
    }
}

#[test]
fn unknown_columns_pass_through_and_misspelt_or_duplicated_ones_stop() {
    check("unknown_column.csv", &BAYANNUR_EN, 0);
    let r = check("misspelt_column.csv", &BAYANNUR_EN, 2);
    assert!(r.stderr.contains("did you mean “interns”"), "{}", r.stderr);
    let r = check("duplicate_columns.csv", &BAYANNUR_EN, 2);
    assert!(r.output.is_none());
}

#[test]
fn bad_types_are_reported_with_line_column_and_value_and_good_rows_still_count() {
    let r = check("bad_types.csv", &BAYANNUR_EN, 2);
    for expected in [
        "row 2, column “insured_employees”, value “three”: not a number",
        "row 3, column “insured_months”, value “12.5”: expected a whole number",
        "row 3, column “headcount_not_decreased”, value “maybe”: expected true or false",
        "row 4, column “role”, value “boss”: expected one of graduate, worker, startup, employer, organisation",
        "row 6, column “insured_employees”, value “-1”: must be at least 0",
        "row 7: 3 fields where the header has 5: some cells are missing",
        "row 8: 6 fields where the header has 5: a comma inside a value splits it",
        "6 of 7 rows rejected",
    ] {
        assert!(r.stderr.contains(expected), "missing `{expected}` in:\n{}", r.stderr);
    }
    let summary = String::from_utf8(r.summary.unwrap()).unwrap();
    assert!(summary.contains("bayannur.startup-hiring-subsidy,One-time startup job-creation subsidy,once,1,0,0,0,1,20000.00,20000.00"), "{summary}");
}

#[test]
fn stray_quotes_reject_only_their_rows() {
    let r = check("stray_quotes.csv", &BAYANNUR_EN, 2);
    assert!(r.stderr.contains("row 2, column “note”"), "{}", r.stderr);
    assert!(r.stderr.contains("row 3, column “insured_employees”"), "{}", r.stderr);
    assert!(r.stderr.contains("row 5, column “note”, value “never closed"), "{}", r.stderr);
    assert!(r.stderr.contains("4 rows: 1 computed, 3 rejected"), "{}", r.stderr);
}

#[test]
fn embedded_newlines_and_quoted_commas_survive() {
    let r = check("embedded_newlines.csv", &BAYANNUR_EN, 0);
    let out = String::from_utf8(r.output.unwrap()).unwrap();
    assert!(out.contains("\"two\r\nlines\",startup,3,12,2,"), "{out}");
    assert!(out.contains("plain,startup,1,1,4,"), "line numbers count the embedded line break");
    assert!(out.contains("\"a,b\",startup,,,5,"));
}

#[test]
fn formula_injection_is_neutralised() {
    let r = check("formula_injection.csv", &BAYANNUR_EN, 2);
    let out = String::from_utf8(r.output.unwrap()).unwrap();
    for cell in ["\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\"", "'+cmd,", "'@SUM(A1),", "'-2+3,", "'\tTAB,startup,'=1+2,"] {
        assert!(out.contains(cell), "missing {cell:?} in\n{out}");
    }
    // No output line starts a cell with a formula character unescaped.
    for line in out.lines() {
        for cell in line.split(',') {
            let c = cell.trim_start_matches('"');
            assert!(!c.starts_with(['=', '+', '@', '\t']), "unescaped cell {cell:?}");
        }
    }
    assert!(out.contains("<img src=x onerror=alert(1)>,startup,3,12,6,"), "HTML is data, kept as text");
}

#[test]
fn region_and_as_of_can_be_columns() {
    let r = check("regions_as_columns.csv", &["--lang", "en"], 2);
    assert!(r.stderr.contains("row 6, column “region”, value “nowhere”: unknown region"), "{}", r.stderr);
    let out = String::from_utf8(r.output.unwrap()).unwrap();
    // 70% of the class-I minimum wage before and 100% after 2024-12-01.
    assert!(out.contains("bayannur,2024-11-30,employer,1,0,,,,,2,,"));
    let summary = String::from_utf8(r.summary.unwrap()).unwrap();
    assert!(summary.contains("qingdao-chengyang.hiring-social-insurance-subsidy,"), "{summary}");
}

// ---------------------------------------------------------------- library

fn process(catalog: &Catalog, text: &str, chunk: usize) -> (String, String) {
    let options = BatchOptions { region: Some("bayannur".into()), as_of: Date::from_ymd(2025, 3, 1), lang: Lang::En, detailed: true };
    let mut batch = Batch::new(catalog, options).unwrap();
    let mut out = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        let mut cut = chunk.min(rest.len());
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        let (head, tail) = rest.split_at(cut);
        let _ = batch.push(catalog, head, &mut out);
        rest = tail;
    }
    let _ = batch.finish(catalog, &mut out);
    (out, batch.summary_csv(catalog))
}

#[test]
fn output_does_not_depend_on_chunk_sizes() {
    let catalog = Catalog::embedded().unwrap();
    for fixture in ["utf8.csv", "utf8_bom_zh.csv", "bad_types.csv", "stray_quotes.csv", "embedded_newlines.csv", "formula_injection.csv"] {
        let text = std::fs::read_to_string(dir().join(fixture)).unwrap();
        let whole = process(&catalog, &text, usize::MAX);
        for chunk in [1, 2, 3, 7, 64] {
            assert_eq!(process(&catalog, &text, chunk), whole, "{fixture} in chunks of {chunk}");
        }
    }
}

#[test]
fn template_is_accepted_in_every_language() {
    for lang in ["en", "zh-Hans", "zh-Hant"] {
        let out = Command::new(env!("CARGO_BIN_EXE_policycalc")).args(["template", "--lang", lang, "--as-of", "2025-03-01"]).output().unwrap();
        assert!(out.status.success());
        let tmp = std::env::temp_dir().join(format!("policycalc-template-{}-{lang}.csv", std::process::id()));
        std::fs::write(&tmp, &out.stdout).unwrap();
        let r = Command::new(env!("CARGO_BIN_EXE_policycalc")).arg("batch").arg(&tmp).args(["--lang", lang]).output().unwrap();
        let _ = std::fs::remove_file(&tmp);
        let stderr = String::from_utf8_lossy(&r.stderr);
        assert!(r.status.success(), "{lang}: {stderr}");
        assert!(stderr.contains("1 rows: 1 computed, 0 rejected"), "{lang}: {stderr}");
    }
}
