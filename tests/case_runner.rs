//! The case-file reader and checker (policycalc-packs' `cases.rs`) as the
//! policy studio runs it (crates/policycalc-studio, natively): the shipped
//! cases pass on the shipped packs, every expectation kind names the field
//! that differs, and a case written from answers reads back to the same
//! facts and passes. tests/cases.rs runs every case file with the same code.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use policycalc_packs::cases::{self, Difference};
use policycalc_packs::studio::{self, Files};
#[path = "support/studio.rs"]
mod studio_support;
use studio_support::shipped;
use policycalc_core::{Catalog, Facts};


fn region_cases(region: &str) -> Files {
    let dir = format!("tests/cases/{region}");
    std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "toml")).map(|p| (p.display().to_string(), std::fs::read_to_string(&p).unwrap())).collect()
}

fn with_wage(files: &Files, wage: &str) -> Files {
    let mut files = files.clone();
    let pack = files.get_mut("policies/bayannur.toml").unwrap();
    assert_eq!(pack.matches("value = \"2270\"").count(), 1);
    *pack = pack.replace("value = \"2270\"", &format!("value = \"{wage}\""));
    files
}

#[test]
fn the_studio_runs_a_region_s_cases_green_then_a_changed_wage_breaks_one_naming_the_field() {
    let cases = region_cases("bayannur");
    let results = policycalc_studio::case_results(&shipped(), &cases).unwrap();
    assert_eq!(results.len(), cases.len());
    let failed: Vec<_> = results.iter().filter(|r| !r.pass).collect();
    assert!(failed.is_empty(), "{failed:?}");
    let results = policycalc_studio::case_results(&with_wage(&shipped(), "2300"), &cases).unwrap();
    let broken = results.iter().find(|r| r.file.ends_with("b3_interns_hired_early_count_as_interns.toml")).unwrap();
    assert!(!broken.pass);
    let want = Difference { field: "bayannur.internship-early-contract.min".into(), expected: "13620.00".into(), actual: "13800.00".into() };
    assert!(broken.differences.contains(&want), "{:?}", broken.differences);
}

fn catalog() -> Catalog {
    studio::compile_files(&shipped()).unwrap()
}

/// The fields `case` (a shipped case file with `from` replaced by `to`) differs in.
fn fields(catalog: &Catalog, case: &str, from: &str, to: &str) -> Vec<String> {
    let text = std::fs::read_to_string(format!("tests/cases/bayannur/{case}.toml")).unwrap();
    assert!(cases::run_case_text(catalog, &text).differences.is_empty(), "{case} passes as shipped");
    assert!(text.contains(from), "{case} has {from:?}");
    cases::run_case_text(catalog, &text.replacen(from, to, 1)).differences.into_iter().map(|d| d.field).collect()
}

#[test]
fn every_expectation_kind_names_the_field_that_differs() {
    let c = catalog();
    let early = "employer_early_contract_at_100_percent";
    assert_eq!(fields(&c, early, "status = \"eligible\"", "status = \"undetermined\""), ["bayannur.internship-early-contract.status"]);
    assert_eq!(fields(&c, early, "max = \"13620.00\"", "max = \"13621.00\""), ["bayannur.internship-early-contract.max"]);
    assert_eq!(fields(&c, early, "min = \"13620.00\"", "min = \"1.00\""), ["bayannur.internship-early-contract.min"]);
    assert_eq!(fields(&c, early, "counts_in_totals = false", "counts_in_totals = true"), ["bayannur.internship-early-contract.counts_in_totals"]);
    assert_eq!(fields(&c, early, "superseded_by = \"bayannur.internship-subsidy-retention\"", "superseded_by = \"none\""), ["bayannur.internship-subsidy.superseded_by"]);
    assert_eq!(fields(&c, early, "absent = [", "absent = [\"bayannur.internship-subsidy\", "), ["bayannur.internship-subsidy"]);
    assert_eq!(fields(&c, early, "expect_total = []", "expect_total = [{ period = \"once\", min = \"1\", max = \"1\" }]"), ["total.once", "totals"]);
    assert_eq!(fields(&c, early, "[[expect]]\nid = \"bayannur.internship-early-contract\"", "[[expect]]\nid = \"bayannur.nothing\""), ["bayannur.nothing"]);
    assert_eq!(fields(&c, "b10_mentor_quote_starts_at_the_opening_mark", "amount = \"none\"", "amount = \"some\""), ["bayannur.startup-mentor-studio.amount"]);
    assert_eq!(fields(&c, "b10_mentor_quote_starts_at_the_opening_mark", "“以獎代補”政策", "以奖代补"), ["bayannur.startup-mentor-studio.sources (en)"]);
    assert_eq!(fields(&c, "b11_interns_help_names_no_registration", "contains = [\"以当地人社部门规定为准\"]", "contains = [\"备案\"]"), ["fact interns.help (zh-Hans)"]);
    assert_eq!(fields(&c, "b11_interns_help_names_no_registration", "not_contains = [\"备案\"]", "not_contains = [\"以当地\"]"), ["fact interns.help (zh-Hans)"]);
    let whatif = "whatif_count_at_its_max_is_not_raised";
    assert_eq!(fields(&c, whatif, "min = \"227000000.00\"", "min = \"1.00\""), ["bayannur.internship-subsidy-retention.what_if"]);
    assert_eq!(fields(&c, whatif, "to = 50000", "to = 50001"), ["bayannur.internship-subsidy-retention.what_if"]);
    assert_eq!(fields(&c, whatif, "none = true", "none = true\nstatus = \"eligible\""), ["bayannur.internship-subsidy.what_if"]);
    assert_eq!(fields(&c, early, "[facts]", "[facts]\ninterns_hired = 3"), ["facts"]);
    assert_eq!(fields(&c, early, "as_of = \"2025-03-01\"", "as_of = \"2025-02-30\""), ["as_of"]);
    assert_eq!(fields(&c, early, "region = \"bayannur\"", "region = \"atlantis\""), ["region"]);
    assert_eq!(fields(&c, early, "[facts]", "colour = \"blue\"\n[facts]"), ["file"]);
}

#[test]
fn a_case_from_answers_reads_back_to_the_same_facts_and_passes_on_its_draft_only() {
    let c = catalog();
    let answers = serde_json::json!({
        "role": "employer", "hire_is_graduate": true, "hire_date": "2025-02-01",
        "employer_si_contribution_monthly": "1234.5", "interns": 2, "interns_retained": 1,
        "internship_months": 6, "early_contract_remaining_months": 0,
    });
    let answers = answers.as_object().unwrap();
    for region in ["bayannur", "qingdao-chengyang"] {
        let text = cases::case_from_answers(&c, region, "2025-03-01", answers, "from the studio").unwrap();
        let case = cases::read_case(&text).unwrap();
        assert_eq!(cases::case_facts(&c, &case).unwrap(), Facts::from_json_map(&c.vocab, answers).unwrap(), "{text}");
        let run = cases::run_case_text(&c, &text);
        assert!(run.differences.is_empty(), "{text}\n{:?}", run.differences);
        assert!(text.contains("[[expect]]"), "{text}");
    }
    let text = cases::case_from_answers(&c, "bayannur", "2025-03-01", answers, "from the studio").unwrap();
    assert!(text.contains("min = \"3178.00\"\nmax = \"3178.00\""), "0.7 x 2270 x 2 interns: {text}");
    let raised = studio::compile_files(&with_wage(&shipped(), "2500")).unwrap();
    let fields: Vec<String> = cases::run_case_text(&raised, &text).differences.into_iter().map(|d| d.field).collect();
    assert!(fields.contains(&"bayannur.internship-subsidy.max".to_string()), "{fields:?}");
    // answers the vocabulary refuses are refused, not written
    let bad = serde_json::json!({ "role": "employer", "interns": -1 });
    assert!(cases::case_from_answers(&c, "bayannur", "2025-03-01", bad.as_object().unwrap(), "x").unwrap_err().contains("interns"));
}
