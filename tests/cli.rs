//! The `policycalc` binary as a user drives it: output shapes, text output,
//! the interview, and bad input. Bad input must exit 2 with exactly one line
//! on stderr naming the field and the value, print nothing on stdout, and
//! never panic. `check-pack` must accept every embedded region pack and
//! reject broken copies naming the file, the provision and the field.

// A test stops at the first surprise: the workspace's no-panic lints are for
// the product's code (Cargo.toml, [workspace.lints]).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

#[path = "support/cli.rs"]
mod cli_support;
use cli_support::{run, run_with_env, BIN};

/// The region packs in `policies/` (every `*.toml` but the vocabulary and
/// the national standards), by id: a new region is tested without an edit here.
fn regions() -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("policies"))
        .expect("policies/")
        .filter_map(|e| e.expect("entry").file_name().to_str()?.strip_suffix(".toml").map(str::to_string))
        .filter(|id| id != "facts" && id != "national")
        .collect();
    ids.sort();
    assert!(ids.len() >= 5, "{ids:?}");
    ids
}
const ROLES: [&str; 5] = ["graduate", "worker", "startup", "employer", "organisation"];

fn ok(args: &[&str], stdin: &str) -> String {
    let r = run(args, stdin);
    assert_eq!(r.code, Some(0), "{args:?} failed: {}", r.stderr);
    r.stdout
}

fn json(args: &[&str], stdin: &str) -> serde_json::Value {
    let out = ok(args, stdin);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}):\n{out}"))
}

/// Runs bad input; asserts exit 2, nothing on stdout, one line on stderr,
/// no panic. Returns the line.
fn rejected(args: &[&str], stdin: &str) -> String {
    let r = run(args, stdin);
    assert!(!r.stderr.contains("panicked"), "{args:?} panicked:\n{}", r.stderr);
    assert_eq!(r.code, Some(2), "{args:?} should exit 2; stderr:\n{}", r.stderr);
    assert!(r.stdout.is_empty(), "{args:?} printed on stdout:\n{}", r.stdout);
    let line = r.stderr.strip_suffix('\n').unwrap_or(&r.stderr);
    assert!(!line.is_empty(), "{args:?}: no message");
    assert!(!line.contains('\n'), "{args:?}: the message is not one line:\n{}", r.stderr);
    line.to_string()
}

fn assert_names(line: &str, parts: &[&str]) {
    for p in parts {
        assert!(line.contains(p), "message should name `{p}`: {line}");
    }
}

fn eval_args(region: &str) -> Vec<&str> {
    vec!["evaluate", "--region", region, "--as-of", "2025-01-01", "--lang", "en"]
}

fn is_fen_string(v: &serde_json::Value) -> bool {
    v.as_str().is_some_and(|s| {
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        !int.is_empty() && int.bytes().all(|b| b.is_ascii_digit()) && frac.len() == 2 && frac.bytes().all(|b| b.is_ascii_digit())
    })
}

// ------------------------------------------------------------------ listing

#[test]
fn regions_lists_every_region_with_its_name_and_provision_count() {
    let list = json(&["regions", "--lang", "en"], "");
    let list = list.as_array().expect("an array");
    let ids: Vec<&str> = list.iter().filter_map(|r| r["id"].as_str()).collect();
    for region in &regions() {
        assert!(ids.contains(&region.as_str()), "{region} missing from {ids:?}");
    }
    for r in list {
        assert!(r["name"].as_str().is_some_and(|n| !n.is_empty()), "{r}");
        assert!(r["provisions"].as_u64().is_some_and(|n| n > 0), "{r}");
        assert!(r["documents"].as_array().is_some_and(|d| !d.is_empty()), "{r}");
    }
    let dandong = list.iter().find(|r| r["id"] == "dandong").expect("dandong");
    assert_eq!(dandong["extends"], "liaoning");
    let text = ok(&["regions", "--format", "text", "--lang", "en"], "");
    assert!(text.lines().any(|l| l.starts_with("bayannur") && l.contains("Bayannur")), "{text}");
}

#[test]
fn facts_lists_the_vocabulary_with_types_roles_and_the_role_values() {
    let v = json(&["facts", "--lang", "en"], "");
    let facts = v["facts"].as_array().expect("facts");
    let role = facts.iter().find(|f| f["id"] == "role").expect("the role fact");
    let roles: Vec<&str> = role["values"].as_array().unwrap().iter().filter_map(|x| x["id"].as_str()).collect();
    assert_eq!(roles, ROLES);
    let interns = facts.iter().find(|f| f["id"] == "interns").expect("interns");
    assert_eq!(interns["type"], "integer");
    assert_eq!(interns["roles"], serde_json::json!(["employer"]));
    assert_eq!(interns["min"], "0");
    assert!(facts.iter().all(|f| f["question"].as_str().is_some_and(|q| !q.is_empty())));
    assert!(v["derived"].as_array().is_some_and(|d| d.iter().any(|x| x["id"] == "within_two_years_of_leaving_school")));
    let text = ok(&["facts", "--format", "text", "--lang", "en"], "");
    assert!(text.lines().any(|l| l.starts_with("interns ") && l.contains("integer")), "{text}");
}

// ------------------------------------------------------------------ evaluate

/// The documented shape of one benefit.
fn check_benefit(b: &serde_json::Value) {
    let id = b["id"].as_str().unwrap_or_else(|| panic!("benefit without id: {b}"));
    assert!(["eligible", "ineligible", "undetermined", "conditional"].contains(&b["status"].as_str().unwrap_or("")), "{id}: status {}", b["status"]);
    let amount = &b["amount"];
    if !amount.is_null() {
        assert!(amount["min"].is_null() || is_fen_string(&amount["min"]), "{id}: min {}", amount["min"]);
        assert!(is_fen_string(&amount["max"]), "{id}: max {}", amount["max"]);
        assert!(["once", "per_month", "per_year"].contains(&amount["period"].as_str().unwrap_or("")), "{id}: period");
        assert_eq!(amount["currency"], "CNY", "{id}");
        assert!(b["status"] == "eligible" || b["status"] == "conditional", "{id}: only eligible (or eligible-if) benefits carry an amount");
    }
    assert!(b["amount_stated"].is_boolean(), "{id}: amount_stated");
    assert!(b["validity"]["status"].is_string() && b["validity"]["text"].is_string(), "{id}: validity {}", b["validity"]);
    let missing = b["missing_facts"].as_array().unwrap_or_else(|| panic!("{id}: missing_facts"));
    assert!(missing.iter().all(|m| m.is_string()), "{id}");
    assert_eq!(missing.is_empty(), b["status"] != "undetermined" && b["status"] != "conditional", "{id}: missing facts exactly when undetermined or conditional");
    let pending = b["pending_conditions"].as_array().unwrap_or_else(|| panic!("{id}: pending_conditions"));
    if b["status"] == "conditional" {
        assert!(!pending.is_empty() && pending.len() == missing.len(), "{id}: conditional waits only on judged conditions");
        assert_eq!(b["counts_in_totals"], false, "{id}: conditional never totalled");
    }
    for c in pending {
        assert!(["condition", "judged_by", "clause", "text"].iter().all(|k| c[k].as_str().is_some_and(|s| !s.is_empty())), "{id}: pending {c}");
    }
    for w in b["why"].as_array().unwrap_or_else(|| panic!("{id}: why")) {
        assert!(w["rule"].is_string() && w["text"].is_string(), "{id}: why {w}");
    }
    assert!(b["what_if"].is_array(), "{id}: what_if");
    let sources = b["sources"].as_array().unwrap_or_else(|| panic!("{id}: sources"));
    assert!(!sources.is_empty(), "{id}: no source");
    for s in sources {
        assert!(s["document"].is_string() && s["quote"].as_str().is_some_and(|q| !q.is_empty()), "{id}: source {s}");
    }
}

#[test]
fn evaluate_json_has_the_documented_fields_and_exact_amounts() {
    let r = json(&eval_args("bayannur"), r#"{"role":"employer","interns":3}"#);
    assert_eq!(r["region"], "bayannur");
    assert_eq!(r["as_of"], "2025-01-01");
    let benefits = r["benefits"].as_array().expect("benefits");
    benefits.iter().for_each(check_benefit);
    let b = benefits.iter().find(|b| b["id"] == "bayannur.internship-subsidy").expect("internship subsidy");
    assert_eq!(b["status"], "eligible");
    assert_eq!(b["amount"]["min"], "4767.00");
    assert_eq!(b["amount"]["max"], "4767.00");
    assert_eq!(b["amount"]["period"], "per_month");
    let retention = benefits.iter().find(|b| b["id"] == "bayannur.internship-subsidy-retention").expect("retention");
    assert_eq!(retention["amount"], serde_json::Value::Null);
    assert_eq!(retention["missing_facts"], serde_json::json!(["interns_retained"]));
    assert!(benefits.iter().all(|b| b["id"].as_str().is_some_and(|id| id.starts_with("bayannur."))));
    // The Bayannur plan is only announced: its amounts show, none is totalled (X2).
    assert_eq!(b["counts_in_totals"], false);
    assert_eq!(r["totals"], serde_json::json!([]));
    // Money in force is: Chengyang's hiring subsidy, the employer share paid per month.
    let r = json(&eval_args("qingdao-chengyang"), r#"{"role":"employer","employer_type":"state_owned_enterprise","enterprise_size":"medium","hire_employment_difficulty":true,"employer_si_contribution_monthly":"2345.67"}"#);
    let totals = r["totals"].as_array().expect("totals");
    assert_eq!(totals.len(), 1, "{totals:?}");
    assert_eq!(totals[0]["period"], "per_month");
    assert_eq!(totals[0]["min"], "2345.67");
    assert_eq!(totals[0]["max"], "2345.67");
    assert_eq!(totals[0]["provisions"], serde_json::json!(["qingdao-chengyang.hiring-social-insurance-subsidy"]));
}

#[test]
fn evaluate_json_has_the_documented_fields_for_every_region_and_role() {
    for region in &regions() {
        for role in ROLES {
            let r = json(&eval_args(region), &format!(r#"{{"role":"{role}"}}"#));
            assert_eq!(r["region"], region.as_str());
            assert!(r["totals"].is_array());
            for b in r["benefits"].as_array().expect("benefits") {
                check_benefit(b);
            }
        }
        // Nothing answered: every provision listed, the role missing.
        let r = json(&eval_args(region), "{}");
        for b in r["benefits"].as_array().expect("benefits") {
            check_benefit(b);
            if b["status"] == "undetermined" {
                assert!(b["missing_facts"].as_array().unwrap().contains(&"role".into()), "{region}: {}", b["id"]);
            }
        }
    }
}

#[test]
fn evaluate_up_to_amounts_have_a_null_minimum() {
    let r = json(&eval_args("huaian"), r#"{"role":"organisation","organisation_type":"startup_base","newly_recognised":true,"student_innovation_park":true}"#);
    let b = r["benefits"].as_array().unwrap().iter().find(|b| b["id"] == "huaian.startup-base-operating-subsidy").cloned().expect("listed");
    assert_eq!(b["amount"]["kind"], "up_to");
    assert_eq!(b["amount"]["min"], serde_json::Value::Null);
    assert_eq!(b["amount"]["max"], "60000.00");
    assert_eq!(b["amount"]["period"], "per_year");
}

#[test]
fn evaluate_text_output_is_readable() {
    let mut args = eval_args("bayannur");
    args.extend(["--format", "text"]);
    let text = ok(&args, r#"{"role":"employer","interns":3}"#);
    for expected in ["Bayannur", "2025-01-01", "Eligible", "Employment internship subsidy", "¥4,767.00 per month", "Needs more answers", "interns_retained"] {
        assert!(text.contains(expected), "text output lacks {expected:?}:\n{text}");
    }
    assert!(!text.contains('\x1b'), "colour codes when not writing to a terminal:\n{text}");
    assert!(!text.contains("\"min\"") && !text.lines().any(|l| l.trim_start().starts_with('{')), "looks like JSON:\n{text}");
    // Default language is simplified Chinese.
    let zh = ok(&["evaluate", "--region", "bayannur", "--as-of", "2025-01-01", "--format", "text"], r#"{"role":"employer","interns":3}"#);
    assert!(zh.contains("巴彦淖尔市") && zh.contains("符合条件") && zh.contains("¥4,767.00"), "{zh}");
    // The heading names the role as the reader knows it, not by its id.
    assert!(text.lines().next().is_some_and(|l| l.ends_with("· Employer (hiring, internships, training)")), "{text}");
    assert!(zh.lines().next().is_some_and(|l| l.ends_with("· 用人单位（招聘、见习、培训）")), "{zh}");
    // No field left out leaves its space behind (a source without a
    // document number, a contact without a phone printed "002  第二部分"
    // and "(12333). "); two spaces set only a heading's id apart.
    for (lang, out) in [("en", &text), ("zh-Hans", &zh)] {
        let loose = out.lines().filter(|l| l.ends_with(' ') || l.trim_start().replace("  [", " [").contains("  ")).collect::<Vec<_>>();
        assert!(loose.is_empty(), "{lang}: {loose:#?}");
    }
}

/// The text of one benefit in text output: its heading line and the
/// indented lines under it.
fn text_block(text: &str, id: &str) -> String {
    let start = text.find(&format!("[{id}]")).unwrap_or_else(|| panic!("{id} not in:\n{text}"));
    let mut lines = text[start..].lines();
    let head = lines.next().unwrap_or_default();
    std::iter::once(head).chain(lines.take_while(|l| l.starts_with("      "))).collect::<Vec<_>>().join("\n")
}

/// The section of text output a benefit is printed under.
fn section_of<'a>(text: &'a str, id: &str, sections: &[&'a str]) -> &'a str {
    let at = text.find(&format!("[{id}]")).unwrap_or_else(|| panic!("{id} not in:\n{text}"));
    sections.iter().filter_map(|s| text.find(&format!("\n{s}\n")).filter(|i| *i < at).map(|i| (i, *s))).max().map(|x| x.1).unwrap_or("")
}

const D1: &str = "dandong.local-vocational-graduate-hiring-reward";
const D1_ANSWERS: &str = r#"{"role":"employer","employer_type":"private_enterprise","enterprise_size":"small","local_enterprise":true,"hires_local_vocational_graduates":true}"#;

#[test]
fn a_judged_condition_left_open_is_eligible_if_in_json_and_text() {
    let args = ["evaluate", "--region", "dandong", "--as-of", "2025-06-01", "--lang", "en"];
    let r = json(&args, D1_ANSWERS);
    let b = r["benefits"].as_array().unwrap().iter().find(|b| b["id"] == D1).expect("D1");
    check_benefit(b);
    assert_eq!(b["status"], "conditional");
    assert_eq!(b["amount"]["max"], "200000.00");
    assert_eq!(b["missing_facts"], serde_json::json!(["notable_results_recognised"]));
    let c = &b["pending_conditions"][0];
    assert_eq!(c["fact"], "notable_results_recognised");
    assert!(c["judged_by"].as_str().unwrap().contains("Dandong human resources"), "{c}");
    assert_eq!(c["clause"], "三、着力实施人才强市战略");
    assert!(c["text"].as_str().unwrap().starts_with("Eligible if: "), "{c}");
    assert_eq!(r["totals"], serde_json::json!([]));
    let mut text_args = args.to_vec();
    text_args.extend(["--format", "text"]);
    let text = ok(&text_args, D1_ANSWERS);
    let sections = ["Eligible", "Eligible if …", "Needs more answers", "Not eligible"];
    assert_eq!(section_of(&text, D1, &sections), "Eligible if …", "{text}");
    let (eligible, eligible_if, not) = (text.find("\nEligible\n").unwrap(), text.find("\nEligible if …\n").unwrap(), text.find("\nNeeds more answers\n").unwrap());
    assert!(eligible < eligible_if && eligible_if < not, "Eligible if comes between Eligible and the rest:\n{text}");
    let block = text_block(&text, D1);
    assert!(block.contains("◇ Eligible if: Notable results recognised (成效明显) — decided by the Dandong human resources"), "{block}");
    assert!(!block.contains("answer:"), "a judged fact is not a question:\n{block}");
    // Chinese: 符合以下条件即可享受.
    let zh = ok(&["evaluate", "--region", "dandong", "--as-of", "2025-06-01", "--format", "text"], D1_ANSWERS);
    assert!(zh.contains("\n符合以下条件即可享受\n"), "{zh}");
    assert!(text_block(&zh, D1).contains("符合以下条件即可享受：吸纳或留丹就业成效明显（经认定）（认定：丹东市人社部门"), "{zh}");
    let hant = ok(&["evaluate", "--region", "dandong", "--as-of", "2025-06-01", "--format", "json", "--lang", "zh-Hant"], D1_ANSWERS);
    assert!(hant.contains("符合以下條件即可享受："), "{hant}");
    // Supplied by whoever holds the decision: true is eligible, false is not.
    for (value, status) in [("true", "eligible"), ("false", "ineligible")] {
        let answers = D1_ANSWERS.replace('}', &format!(r#","notable_results_recognised":{value}}}"#));
        let r = json(&args, &answers);
        let b = r["benefits"].as_array().unwrap().iter().find(|b| b["id"] == D1).expect("D1");
        assert_eq!(b["status"], status, "{value}");
        assert_eq!(b["pending_conditions"], serde_json::json!([]));
    }
}

#[test]
fn text_output_never_says_eligible_for_an_item_not_eligible_and_prints_the_note_only_where_it_applies() {
    // Audit X1: the internship subsidy (amount not stated) with no interns.
    let answers = r#"{"role":"employer","employer_type":"private_enterprise","enterprise_size":"small","interns":0}"#;
    let text = ok(&["evaluate", "--region", "dandong", "--as-of", "2025-06-01", "--lang", "en", "--format", "text"], answers);
    let sections = ["Eligible", "Eligible if …", "Needs more answers", "Not eligible"];
    assert_eq!(section_of(&text, "dandong.internship-subsidy", &sections), "Not eligible", "{text}");
    let block = text_block(&text, "dandong.internship-subsidy");
    assert!(!block.contains("Eligible") && !block.contains("set by local implementing rules"), "{block}");
    assert!(text_block(&text, "dandong.job-expansion-subsidy").contains("The amount is set by local implementing rules"), "{text}");
    assert!(!text.contains("Eligible;"), "{text}");
    let zh = ok(&["evaluate", "--region", "dandong", "--as-of", "2025-06-01", "--format", "text"], answers);
    assert!(!zh.contains("符合条件；"), "{zh}");
    // JSON: the note describes the provision, without "eligible".
    let r = json(&["evaluate", "--region", "dandong", "--as-of", "2025-06-01", "--lang", "en"], answers);
    for b in r["benefits"].as_array().unwrap() {
        assert!(!b["amount_note"].as_str().unwrap_or("").contains("Eligible"), "{}: {}", b["id"], b["amount_note"]);
    }
}

#[test]
fn services_with_unstated_terms_speak_of_terms_and_grants_of_amounts() {
    // Audit X5, text and JSON.
    let answers = r#"{"role":"graduate","college_graduate":true}"#;
    let args = ["evaluate", "--region", "dandong", "--as-of", "2025-06-01", "--lang", "en"];
    let r = json(&args, answers);
    for b in r["benefits"].as_array().unwrap().iter().filter(|b| b["amount_stated"] == false) {
        let note = b["amount_note"].as_str().unwrap_or("");
        let money = ["grant", "reward", "loan"].contains(&b["kind"].as_str().unwrap_or(""));
        let want = if money { "The amount is set by local implementing rules" } else { "The terms are set by local implementing rules" };
        assert!(note.starts_with(want), "{} ({}): {note}", b["id"], b["kind"]);
    }
    let mut text_args = args.to_vec();
    text_args.extend(["--format", "text"]);
    let text = ok(&text_args, answers);
    assert!(text_block(&text, "dandong.graduate-conversion-training").contains("The terms are set by local implementing rules (the document states none)."), "{text}");
    assert!(text_block(&text, "dandong.job-search-startup-subsidy").contains("The amount is set by local implementing rules (the document states no figure)."), "{text}");
}

#[test]
fn text_output_prints_what_the_text_leaves_open_and_the_conditions_still_open() {
    // Audit X4: gaps for every benefit that has them; the conditions in
    // words for undetermined and conditional ones.
    let text = ok(&["evaluate", "--region", "dandong", "--as-of", "2025-06-01", "--lang", "en", "--format", "text"], D1_ANSWERS);
    let block = text_block(&text, D1);
    assert!(block.contains("the text leaves open: How “notable results” are judged"), "{block}");
    assert!(block.contains("conditions: A local enterprise that hires graduates"), "{block}");
    let open = text_block(&text, "dandong.internship-subsidy");
    assert!(open.contains("answer: interns") && open.contains("conditions: "), "{open}");
    let zh = ok(&["evaluate", "--region", "dandong", "--as-of", "2025-06-01", "--format", "text"], D1_ANSWERS);
    assert!(text_block(&zh, D1).contains("文件未说明：“成效明显”的认定标准"), "{zh}");
    // An eligible item prints its gaps, not its conditions.
    let eligible = text_block(&text, "dandong.ui-skills-subsidy");
    assert!(eligible.contains("the text leaves open: ") && !eligible.contains("conditions: "), "{eligible}");
}

#[test]
fn a_national_standard_shows_its_own_validity_on_the_as_of_date() {
    let answers = r#"{"role":"employer","employer_type":"private_enterprise","enterprise_size":"small"}"#;
    let after = ["evaluate", "--region", "dandong", "--as-of", "2026-03-01", "--lang", "en"];
    let r = json(&after, answers);
    let b = r["benefits"].as_array().unwrap().iter().find(|b| b["id"] == "dandong.job-expansion-subsidy").unwrap();
    assert_eq!(b["validity"]["status"], "in_force");
    assert_eq!(b["national_standard"]["validity"]["status"], "expired");
    assert_eq!(b["national_standard"]["validity"]["until"], "2025-12-31");
    assert_eq!(b["national_standard"]["validity"]["text"], "its stated end, 2025-12-31, has passed; check whether it was extended");
    let mut text_args = after.to_vec();
    text_args.extend(["--format", "text"]);
    let text = ok(&text_args, answers);
    assert!(text_block(&text, "dandong.job-expansion-subsidy").contains("[its stated end, 2025-12-31, has passed; check whether it was extended]"), "{text}");
    let before = json(&["evaluate", "--region", "dandong", "--as-of", "2025-06-01", "--lang", "en"], answers);
    let b = before["benefits"].as_array().unwrap().iter().find(|b| b["id"] == "dandong.job-expansion-subsidy").unwrap();
    assert_eq!(b["national_standard"]["validity"]["status"], "in_force");
}

#[test]
fn text_totals_heading_says_only_money_in_force_is_added() {
    let answers = r#"{"role":"employer","employer_type":"state_owned_enterprise","enterprise_size":"medium","hire_employment_difficulty":true,"employer_si_contribution_monthly":"2345.67"}"#;
    let text = ok(&["evaluate", "--region", "qingdao-chengyang", "--as-of", "2025-01-01", "--lang", "en", "--format", "text"], answers);
    assert!(text.contains("Totals (grants and rewards in force on the as-of date only; announced or not yet in force never"), "{text}");
    assert!(text.contains("¥2,345.67 per month"), "{text}");
    // Amounts shown, nothing in force: the heading still says why there is no total.
    let bayannur = ok(&["evaluate", "--region", "bayannur", "--as-of", "2025-06-01", "--lang", "en", "--format", "text"], r#"{"role":"startup","insured_employees":3,"insured_months":12}"#);
    assert!(bayannur.contains("¥20,000.00 once") && bayannur.contains("nothing to add up: the amounts above are not in force on this date"), "{bayannur}");
}

#[test]
fn evaluate_reads_a_file_argument_like_standard_input() {
    let dir = temp_dir("evaluate-file");
    let file = dir.join("answers.json");
    std::fs::write(&file, r#"{"role":"startup","insured_employees":3,"insured_months":12}"#).unwrap();
    let mut args = eval_args("bayannur");
    let path = file.display().to_string();
    args.push(&path);
    let from_file = ok(&args, "");
    let from_stdin = ok(&eval_args("bayannur"), r#"{"role":"startup","insured_employees":3,"insured_months":12}"#);
    assert_eq!(from_file, from_stdin);
    assert!(from_file.contains("\"20000.00\""), "{from_file}");
}

// ------------------------------------------------------------------ next-question

#[test]
fn next_question_asks_the_role_first_then_the_role_s_facts_then_nothing() {
    let args = ["next-question", "--region", "bayannur", "--as-of", "2025-01-01", "--lang", "en"];
    let first = json(&args, "{}");
    assert_eq!(first["question"]["fact"], "role");
    assert_eq!(first["question"]["type"], "enum");
    assert_eq!(first["question"]["values"].as_array().map(Vec::len), Some(ROLES.len()));
    let second = json(&args, r#"{"role":"employer"}"#);
    assert_eq!(second["question"]["fact"], "interns");
    assert!(second["question"]["question"].as_str().is_some_and(|q| !q.is_empty()));
    assert!(second["question"]["open_provisions"].as_u64().is_some_and(|n| n >= 1));
    let done = json(&args, r#"{"role":"employer","interns":0,"trains_apprentices":true}"#);
    assert_eq!(done["question"], serde_json::Value::Null);
    let mut text_args = args.to_vec();
    text_args.extend(["--format", "text"]);
    let text = ok(&text_args, r#"{"role":"employer"}"#);
    assert!(text.contains("How many employment interns") && text.contains("(interns)"), "{text}");
    let text = ok(&text_args, "{}");
    assert!(text.contains("(role)") && text.contains("- employer:"), "{text}");
}

// ------------------------------------------------------------------ bad input

#[test]
fn unknown_region_is_rejected_naming_it() {
    let line = rejected(&eval_args("atlantis"), "{}");
    assert_names(&line, &["region", "atlantis", "bayannur"]);
}

#[test]
fn unknown_fact_is_rejected_naming_it() {
    let line = rejected(&eval_args("bayannur"), r#"{"role":"employer","internz":3}"#);
    assert_names(&line, &["fact", "internz"]);
}

/// A misspelt JSON key gets the same "did you mean" as a misspelt CSV header
/// (one suggestion algorithm: edit distance, so a transposition is caught).
#[test]
fn unknown_fact_suggests_the_closest_fact_id() {
    let line = rejected(&eval_args("bayannur"), r#"{"intrens":3}"#);
    assert!(line.contains("did you mean `interns`"), "{line}");
}

#[test]
fn wrong_type_is_rejected_naming_the_fact_and_value() {
    let line = rejected(&eval_args("bayannur"), r#"{"interns":"three"}"#);
    assert_names(&line, &["interns", "three"]);
    let line = rejected(&eval_args("bayannur"), r#"{"interns":true}"#);
    assert_names(&line, &["interns", "true"]);
    let line = rejected(&eval_args("bayannur"), r#"{"trains_apprentices":"yes"}"#);
    assert_names(&line, &["trains_apprentices", "yes"]);
    let line = rejected(&eval_args("bayannur"), r#"{"role":"boss"}"#);
    assert_names(&line, &["role", "boss", "employer"]);
    let line = rejected(&eval_args("bayannur"), r#"{"interns":1.5}"#);
    assert_names(&line, &["interns", "1.5"]);
}

#[test]
fn negative_count_is_rejected_naming_the_fact_and_value() {
    let line = rejected(&eval_args("bayannur"), r#"{"role":"employer","interns":-1}"#);
    assert_names(&line, &["interns", "-1"]);
    let line = rejected(&eval_args("bayannur"), r#"{"role":"startup","insured_employees":"-3"}"#);
    assert_names(&line, &["insured_employees", "-3"]);
}

#[test]
fn impossible_date_is_rejected_naming_the_field_and_value() {
    let line = rejected(&eval_args("bayannur"), r#"{"role":"graduate","graduation_date":"2025-02-30"}"#);
    assert_names(&line, &["graduation_date", "2025-02-30"]);
    let line = rejected(&["evaluate", "--region", "bayannur", "--as-of", "2025-02-30"], "{}");
    assert_names(&line, &["--as-of", "2025-02-30"]);
}

#[test]
fn as_of_outside_the_supported_years_is_rejected() {
    for date in ["1899-12-31", "2201-01-01", "20250101", "2025-1-1", "today"] {
        let line = rejected(&["evaluate", "--region", "bayannur", "--as-of", date], "{}");
        assert_names(&line, &["--as-of", date]);
    }
    let line = rejected(&["next-question", "--region", "bayannur", "--as-of", "0000-01-01"], "{}");
    assert_names(&line, &["--as-of", "0000-01-01"]);
}

#[test]
fn malformed_json_is_rejected_with_its_position() {
    let line = rejected(&eval_args("bayannur"), r#"{"role":"employer","interns":3"#);
    assert_names(&line, &["JSON", "line 1"]);
    let line = rejected(&eval_args("bayannur"), "{role: employer}");
    assert_names(&line, &["JSON", "column"]);
}

#[test]
fn non_object_json_is_rejected_naming_what_was_found() {
    let line = rejected(&eval_args("bayannur"), "[1, 2]");
    assert_names(&line, &["object", "array"]);
    let line = rejected(&eval_args("bayannur"), "\"employer\"");
    assert_names(&line, &["object", "string"]);
    let line = rejected(&["next-question", "--region", "bayannur", "--as-of", "2025-01-01"], "42");
    assert_names(&line, &["object", "number"]);
}

#[test]
fn unknown_language_is_rejected_naming_it() {
    let line = rejected(&["evaluate", "--region", "bayannur", "--as-of", "2025-01-01", "--lang", "fr"], "{}");
    assert_names(&line, &["language", "fr"]);
    let line = rejected(&["regions", "--lang", "klingon"], "");
    assert_names(&line, &["language", "klingon"]);
}

#[test]
fn unknown_format_is_rejected_naming_it() {
    let line = rejected(&["evaluate", "--region", "bayannur", "--as-of", "2025-01-01", "--format", "xml"], "{}");
    assert_names(&line, &["--format", "xml"]);
}

#[test]
fn unknown_option_is_rejected_on_one_line_naming_it() {
    let line = rejected(&["evaluate", "--region", "bayannur", "--as-of", "2025-01-01", "--frobnicate"], "{}");
    assert_names(&line, &["option", "--frobnicate"]);
}

#[test]
fn unknown_command_is_rejected_on_one_line_naming_it() {
    let line = rejected(&["evaluat", "--region", "bayannur"], "{}");
    assert_names(&line, &["command", "evaluat"]);
}

#[test]
fn missing_region_or_option_value_is_rejected_naming_the_option() {
    let line = rejected(&["evaluate", "--as-of", "2025-01-01"], "{}");
    assert_names(&line, &["--region"]);
    let line = rejected(&["evaluate", "--region", "bayannur", "--as-of"], "{}");
    assert_names(&line, &["--as-of"]);
}

#[test]
fn unreadable_answers_file_is_rejected_naming_the_path() {
    let line = rejected(&["evaluate", "--region", "bayannur", "--as-of", "2025-01-01", "/nonexistent/answers.json"], "");
    assert_names(&line, &["/nonexistent/answers.json"]);
}

/// A reader that stops early (`policycalc facts | head`) must not make the
/// binary panic. The socket's other end is closed before the binary starts,
/// so every write fails with a broken pipe, deterministically.
#[cfg(unix)]
#[test]
fn a_closed_stdout_does_not_make_the_binary_panic() {
    use std::os::fd::OwnedFd;
    use std::os::unix::net::UnixStream;
    let (ours, theirs) = UnixStream::pair().expect("socket pair");
    drop(ours);
    let out = Command::new(BIN)
        .args(["facts", "--format", "text"])
        .env_remove("RUST_BACKTRACE")
        .stdout(Stdio::from(OwnedFd::from(theirs)))
        .stderr(Stdio::piped())
        .output()
        .expect("policycalc runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "panicked on a closed stdout:\n{stderr}");
    assert_ne!(out.status.code(), Some(101), "exit code of a panic");
}

// ------------------------------------------------------------------ check-pack

fn policies() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("policies")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Writes `pack` with the first `old` replaced by `new` to a temp file.
fn broken_copy(test: &str, pack: &str, old: &str, new: &str) -> String {
    let text = std::fs::read_to_string(policies().join(pack)).expect("read pack");
    assert!(text.contains(old), "{pack} no longer contains {old:?}; update the test");
    let path = temp_dir(test).join(pack);
    std::fs::write(&path, text.replacen(old, new, 1)).expect("write broken copy");
    path.display().to_string()
}

/// `check-pack` on a copy of `pack` with `old` replaced by `new` names the
/// file and `parts`.
fn broken_copy_rejected(test: &str, pack: &str, old: &str, new: &str, parts: &[&str]) {
    check_pack_rejects(&broken_copy(test, pack, old, new), parts);
}

/// Every problem is one `error:` line; the first is the fault the test made.
fn check_pack_rejects(path: &str, parts: &[&str]) {
    let r = run(&["check-pack", path], "");
    assert!(!r.stderr.contains("panicked"), "{path} panicked:\n{}", r.stderr);
    assert_eq!(r.code, Some(2), "{path} should exit 2; stderr:\n{}", r.stderr);
    assert!(r.stdout.is_empty(), "{path} printed on stdout:\n{}", r.stdout);
    assert!(r.stderr.lines().all(|l| l.starts_with("error: ")), "{}", r.stderr);
    let line = r.stderr.lines().next().expect("a message");
    assert_names(line, &[path]);
    assert_names(line, parts);
}

#[test]
fn check_pack_accepts_every_embedded_region_pack() {
    let mut checked = 0;
    for entry in std::fs::read_dir(policies()).expect("policies/") {
        let path = entry.expect("entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
        if !name.ends_with(".toml") || name == "facts.toml" || name == "national.toml" {
            continue;
        }
        let path = path.display().to_string();
        let out = ok(&["check-pack", &path], "");
        assert!(out.contains("ok") && out.contains(&path), "{out}");
        checked += 1;
    }
    assert!(checked >= regions().len(), "only {checked} packs checked");
}

#[test]
fn check_pack_rejects_an_unknown_fact_in_when() {
    broken_copy_rejected("unknown-fact", "bayannur.toml", r#"when = "interns > 0""#, r#"when = "internz > 0""#, &["bayannur.internship-subsidy", "`when`", "internz"]);
}

#[test]
fn check_pack_rejects_a_type_mismatch_in_when() {
    broken_copy_rejected("type-mismatch", "bayannur.toml", r#"when = "interns > 0""#, r#"when = "interns == true""#, &["bayannur.internship-subsidy", "`when`", "number", "bool"]);
}

#[test]
fn check_pack_rejects_a_provision_without_its_source_quote() {
    let quote = r#", quote = "對帶動就業(yè)3人以上并為其繳納社會保險一年以上的,給予2萬元一次性創(chuàng)業(yè)帶動就業(yè)補貼" }"#;
    broken_copy_rejected("missing-quote", "bayannur.toml", quote, " }", &["bayannur.startup-hiring-subsidy", "source", "quote"]);
}

#[test]
fn check_pack_rejects_an_unterminated_quote_in_a_rule() {
    broken_copy_rejected(
        "unterminated-quote",
        "bayannur.toml",
        "when = \"organisation_type == 'hr_service_agency' and",
        "when = \"organisation_type == 'hr_service_agency and",
        &["bayannur.placement-subsidy", "`when`", "unterminated"],
    );
}

#[test]
fn check_pack_reports_a_toml_missing_quote_on_one_line_with_the_file_and_line() {
    // A TOML syntax error comes before any provision is read: the line number
    // is what locates it.
    broken_copy_rejected("toml-missing-quote", "bayannur.toml", "id = \"bayannur.startup-hiring-subsidy\"\nkind = \"grant\"", "id = \"bayannur.startup-hiring-subsidy\"\nkind = \"grant", &["line 40"]);
}

#[test]
fn check_pack_rejects_overlapping_parameter_dates() {
    broken_copy_rejected("overlap", "bayannur.toml", r#"until = "2024-11-30""#, r#"until = "2024-12-31""#, &["im_min_wage_class1", "values[0].until", "overlaps"]);
}

#[test]
fn check_pack_rejects_an_unknown_role() {
    broken_copy_rejected("unknown-role", "bayannur.toml", r#"roles = ["startup"]"#, r#"roles = ["founder"]"#, &["bayannur.startup-hiring-subsidy", "`roles`", "founder"]);
}

#[test]
fn check_pack_rejects_validity_ending_before_it_starts() {
    broken_copy_rejected(
        "validity-order",
        "qingdao-chengyang.toml",
        r#"status = "in_force", from = "2024-07-16", note"#,
        r#"status = "in_force", from = "2024-07-16", until = "2024-07-15", note"#,
        &["qingdao-chengyang.hiring-social-insurance-subsidy", "validity.until", "2024-07-15"],
    );
}

#[test]
fn check_pack_rejects_an_impossible_validity_date() {
    broken_copy_rejected(
        "validity-date",
        "qingdao-chengyang.toml",
        r#"status = "in_force", from = "2024-07-16", note"#,
        r#"status = "in_force", from = "2024-02-30", note"#,
        &["qingdao-chengyang.hiring-social-insurance-subsidy", "validity.from", "2024-02-30"],
    );
}

#[test]
fn check_pack_rejects_dates_on_an_announced_provision() {
    broken_copy_rejected(
        "announced-dates",
        "bayannur.toml",
        r#"validity = { status = "announced", note"#,
        r#"validity = { status = "announced", from = "2025-01-01", note"#,
        &["bayannur.startup-hiring-subsidy", "`validity`"],
    );
}

#[test]
fn check_pack_rejects_a_provision_id_with_another_region_s_prefix() {
    broken_copy_rejected("prefix", "bayannur.toml", r#"id = "bayannur.internship-subsidy""#, r#"id = "dandong.internship-subsidy""#, &["dandong.internship-subsidy", "`id`", "bayannur."]);
}

#[test]
fn check_pack_rejects_an_amount_formula_that_subtracts() {
    broken_copy_rejected("subtraction", "bayannur.toml", r#"im_min_wage_class1 * 0.7 * interns""#, r#"im_min_wage_class1 * 0.7 * interns - 1""#, &["bayannur.internship-subsidy", "amount.value", "subtract"]);
    broken_copy_rejected("negation", "bayannur.toml", r#"im_min_wage_class1 * 0.7 * interns""#, r#"im_min_wage_class1 * 0.7 * -interns""#, &["bayannur.internship-subsidy", "amount.value"]);
}

#[test]
fn check_pack_rejects_extending_a_region_that_does_not_exist() {
    broken_copy_rejected("extends-missing", "bayannur.toml", "id = \"bayannur\"\n", "id = \"bayannur\"\nextends = \"atlantis\"\n", &["region bayannur", "`extends`", "atlantis"]);
}

#[test]
fn check_pack_rejects_a_region_extending_itself() {
    broken_copy_rejected("extends-self", "bayannur.toml", "id = \"bayannur\"\n", "id = \"bayannur\"\nextends = \"bayannur\"\n", &["region bayannur", "`extends`", "cycle"]);
}

/// `check-pack` checks one file against the embedded packs, replacing the
/// embedded region of the same id. A cycle therefore shows when the checked
/// copy of Liaoning extends Dandong, which (embedded) extends Liaoning; the
/// message must name the file being checked.
#[test]
fn check_pack_rejects_an_inheritance_cycle_naming_the_checked_file() {
    broken_copy_rejected("cycle", "liaoning.toml", "id = \"liaoning\"\n", "id = \"liaoning\"\nextends = \"dandong\"\n", &["`extends`", "cycle", "liaoning -> dandong -> liaoning"]);
}

/// Two new packs extending each other cannot be checked together: each is
/// checked against the embedded packs only, so the other is unknown.
#[test]
fn check_pack_resolves_extends_against_the_embedded_packs_only() {
    let dir = temp_dir("two-new-packs");
    let pack = |id: &str, parent: &str| format!("[region]\nid = \"{id}\"\nname = {{ zh-Hans = \"{id}\", en = \"{id}\" }}\nextends = \"{parent}\"\n");
    let (alpha, beta) = (dir.join("alpha.toml"), dir.join("beta.toml"));
    std::fs::write(&alpha, pack("alpha", "beta")).unwrap();
    std::fs::write(&beta, pack("beta", "alpha")).unwrap();
    check_pack_rejects(&alpha.display().to_string(), &["region alpha", "`extends`", "no region `beta`"]);
    check_pack_rejects(&beta.display().to_string(), &["region beta", "`extends`", "no region `alpha`"]);
    // A new pack extending an embedded region is fine.
    let gamma = dir.join("gamma.toml");
    std::fs::write(&gamma, pack("gamma", "liaoning")).unwrap();
    let out = ok(&["check-pack", &gamma.display().to_string()], "");
    assert!(out.contains("region `gamma`") && out.contains("0 own"), "{out}");
}

#[test]
fn check_pack_rejects_a_duplicated_provision_id() {
    let text = std::fs::read_to_string(policies().join("bayannur.toml")).unwrap();
    let start = text.find("[[provisions]]\nid = \"bayannur.internship-subsidy\"").expect("provision block");
    let end = start + 5 + text[start + 5..].find("[[provisions]]").expect("next block");
    let path = temp_dir("duplicate").join("bayannur.toml");
    std::fs::write(&path, format!("{text}\n{}", &text[start..end])).unwrap();
    check_pack_rejects(&path.display().to_string(), &["bayannur.internship-subsidy", "`id`", "twice"]);
}

#[test]
fn check_pack_rejects_a_missing_file_naming_it() {
    let line = rejected(&["check-pack", "/nonexistent/pack.toml"], "");
    assert_names(&line, &["/nonexistent/pack.toml"]);
}

/// The role question in regions.json is the one the core asks with nothing
/// answered (the embedded page draws it before the core loads): the same
/// text, help and options in each language, and the same count of questions
/// left on each as-of date (counted as www/pc-element.js counts it).
#[test]
fn export_catalog_web_role_question_is_the_cores_first_question() {
    let dir = temp_dir("export-web-role");
    ok(&["export-catalog", "--web", dir.to_str().unwrap()], "");
    let index: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.join("regions.json")).unwrap()).unwrap();
    for region in index.as_array().unwrap() {
        let id = region["id"].as_str().unwrap();
        let q = &region["role_question"];
        for lang in ["zh-Hans", "zh-Hant", "en"] {
            let core = &json(&["next-question", "--region", id, "--as-of", "2025-03-01", "--lang", lang, "--format", "json", "-"], "{}")["question"];
            assert_eq!(core["fact"], "role", "{id}");
            assert_eq!((&q["question"][lang], &q["help"][lang]), (&core["question"], &core["help"]), "{id} {lang}");
            let offered: Vec<&serde_json::Value> = core["values"].as_array().unwrap().iter().filter(|v| region["roles"].as_array().unwrap().contains(&v["id"])).collect();
            let exported: Vec<(&serde_json::Value, &serde_json::Value)> = q["values"].as_array().unwrap().iter().map(|v| (&v["id"], &v["label"][lang])).collect();
            assert_eq!(exported, offered.iter().map(|v| (&v["id"], &v["label"])).collect::<Vec<_>>(), "{id} {lang}");
        }
        let windows = q["questions_left"].as_array().unwrap();
        for as_of in ["1990-01-01", "2024-06-30", "2025-03-01", "2026-12-01", "2035-01-01"] {
            let report = json(&["evaluate", "--region", id, "--as-of", as_of, "--format", "json", "-"], "{}");
            let mut left: std::collections::BTreeSet<&str> = ["role"].into();
            for b in report["benefits"].as_array().unwrap().iter().filter(|b| b["status"] == "undetermined") {
                let pending: Vec<&serde_json::Value> = b["pending_conditions"].as_array().map(|p| p.iter().map(|c| &c["fact"]).collect()).unwrap_or_default();
                left.extend(b["missing_facts"].as_array().unwrap().iter().filter(|f| !pending.contains(f)).map(|f| f.as_str().unwrap()));
            }
            let exported = windows.iter().rev().find(|w| w[0].as_str().unwrap() <= as_of).unwrap()[1].as_u64().unwrap();
            assert_eq!(exported, left.len() as u64, "{id} on {as_of}");
        }
    }
}

#[test]
fn export_catalog_web_writes_the_region_list_and_one_catalog_per_region_and_language() {
    let dir = temp_dir("export-web");
    let r = run(&["export-catalog", "--web", dir.to_str().unwrap()], "");
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let index: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.join("regions.json")).unwrap()).unwrap();
    let ids: Vec<&str> = index.as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, regions());
    let dandong = &index[1];
    assert_eq!((dandong["name"]["en"].as_str(), dandong["name"]["zh-Hant"].as_str()), (Some("Dandong"), Some("丹東市")));
    assert_eq!(dandong["extends"], "liaoning");
    // the first screen's province and documents: Dandong's own and Liaoning's, with dates
    assert_eq!(dandong["province"]["zh-Hans"], "辽宁省");
    let documents = dandong["documents"].as_array().unwrap();
    assert_eq!(documents.len(), 2, "{}", dandong["documents"]);
    assert!(documents.iter().all(|d| d["published"].is_null() && d["issuer"]["zh-Hans"].is_string()), "{}", dandong["documents"]);
    assert_eq!(index[0]["province"]["en"], "Inner Mongolia");
    let qingdao = &index[4]["documents"][0];
    assert_eq!((qingdao["published"].as_str(), qingdao["number"].as_str()), (Some("2024-07-16"), Some("青城政办发〔2024〕13号")));
    for lang in ["zh-Hans", "zh-Hant", "en"] {
        let every = std::fs::metadata(dir.join(format!("catalog.{lang}.bin"))).unwrap().len();
        for region in &regions() {
            let one = std::fs::metadata(dir.join(format!("catalog.{region}.{lang}.bin"))).unwrap().len();
            assert!(one * 2 < every, "{region} {lang}: {one} bytes of {every}");
        }
    }
    // one region's catalog on its own, and an unknown region named in the error
    let file = dir.join("huaian.bin");
    ok(&["export-catalog", "--lang", "en", "--region", "huaian", "-o", file.to_str().unwrap()], "");
    assert!(file.is_file());
    assert!(rejected(&["export-catalog", "--lang", "en", "--region", "atlantis", "-o", file.to_str().unwrap()], "").contains("atlantis"));
}

/// Issue 10: 5 interns kept on of 4 hosted (the "100% retention" the audit
/// found) is refused by `evaluate` and `next-question`, naming both facts and
/// values; each of the two alone, or a consistent pair, is accepted.
#[test]
fn contradictory_facts_exit_2_naming_both_facts_and_values() {
    let expected = "error: facts contradict each other: `interns_retained` = 5 must be at most `interns` = 4 (the interns kept on cannot outnumber the interns hosted)";
    let both = r#"{"role":"employer","interns":4,"interns_retained":5}"#;
    assert_eq!(rejected(&eval_args("bayannur"), both), expected);
    let next = ["next-question", "--region", "bayannur", "--as-of", "2025-01-01", "--lang", "en"];
    assert_eq!(rejected(&next, both), expected);
    let none_hosted = rejected(&eval_args("bayannur"), r#"{"role":"employer","interns":0,"interns_retained":1}"#);
    assert_names(&none_hosted, &["`interns_retained` = 1", "`interns` = 0"]);
    for fine in [
        r#"{"role":"employer","interns":4,"interns_retained":4}"#,
        r#"{"role":"employer","interns_retained":5}"#,
        r#"{"role":"employer","interns":4,"interns_retained":null}"#,
    ] {
        ok(&eval_args("bayannur"), fine);
        ok(&next, fine);
    }
}

/// Issue 10: "4 interns for 6 months, 1 kept on": the text output shows the
/// total over the period under the monthly figure, and the totals stay monthly.
#[test]
fn text_output_shows_the_total_over_the_period_beside_the_monthly_figure() {
    let facts = r#"{"role":"employer","interns":4,"interns_retained":1,"internship_months":6,"early_contract_remaining_months":0}"#;
    let out = ok(&["evaluate", "--region", "bayannur", "--as-of", "2025-03-01", "--lang", "en", "--format", "text"], facts);
    assert!(out.contains("      ¥6,356.00 per month\n      total over 6 months: ¥38,136.00 (The document states no maximum number of months"), "{out}");
    assert!(!out.contains("38,136.00 per month") && out.contains("  ¥6,356.00 per month\n"), "{out}");
}

/// Issue 11 point 2: what to do next comes from `policies/local/`, labelled
/// as the local guide's, with only the phones the document or a national
/// channel gives, and says what the guide does not know.
#[test]
fn the_result_says_what_to_do_next_from_the_local_guide_and_what_it_does_not_know() {
    let r = json(&eval_args("qingdao-chengyang"), r#"{"role":"graduate"}"#);
    let b = r["benefits"].as_array().unwrap().iter().find(|b| b["id"] == "qingdao-chengyang.youth-station").unwrap();
    let l = &b["local"];
    assert_eq!(l["phone"], "0532-58659939", "{l}");
    assert_eq!(l["own"], false);
    assert!(l["label"].as_str().unwrap().contains("not the document's words"), "{l}");
    assert!(l["source"].as_str().unwrap().contains("document 001"), "{l}");
    assert_eq!(l["unknown"], serde_json::json!(["how", "documents", "deadline", "hours", "url"]));
    let elsewhere = json(&eval_args("huaian"), r#"{"role":"employer"}"#);
    for b in elsewhere["benefits"].as_array().unwrap() {
        assert_eq!(b["local"]["phone"], "12333", "{}", b["id"]);
    }
    let mut args = eval_args("qingdao-chengyang");
    args.extend(["--format", "text"]);
    let block = text_block(&ok(&args, r#"{"role":"graduate"}"#), "qingdao-chengyang.youth-station");
    for expected in ["from the local service guide", "phone: 0532-58659939", "does not say yet: where and how to apply"] {
        assert!(block.contains(expected), "{expected:?} not in:\n{block}");
    }
}

/// Issue 11 point 4: "not sure" leaves a fact unanswered and the interview
/// moves on; a skipped fact is never asked again, the interview still ends,
/// and the provisions it bears on stay undetermined, naming it.
#[test]
fn facts_answered_not_sure_are_skipped_and_their_provisions_stay_undetermined() {
    let base = ["next-question", "--region", "bayannur", "--as-of", "2025-01-01", "--lang", "en"];
    let answers = r#"{"role":"employer"}"#;
    let first = json(&base, answers)["question"]["fact"].as_str().unwrap().to_string();
    let mut skipped = vec![first.clone()];
    // skip every question: each is new, and the interview ends
    for _ in 0..40 {
        let list = skipped.join(",");
        let mut args = base.to_vec();
        args.extend(["--skip", &list]);
        let q = json(&args, answers);
        if q["question"].is_null() {
            break;
        }
        let fact = q["question"]["fact"].as_str().unwrap().to_string();
        assert!(!skipped.contains(&fact), "{fact} asked again after \"not sure\"");
        skipped.push(fact);
    }
    assert!(skipped.len() > 1, "the interview moved on after {first}");
    let report = json(&eval_args("bayannur"), answers);
    let waiting: Vec<&serde_json::Value> =
        report["benefits"].as_array().unwrap().iter().filter(|b| b["missing_facts"].as_array().unwrap().iter().any(|f| f == first.as_str())).collect();
    assert!(!waiting.is_empty() && waiting.iter().all(|b| b["status"] == "undetermined"), "{first}");
    let line = rejected(&[&base[..], &["--skip", "no_such_fact"]].concat(), answers);
    assert_names(&line, &["no_such_fact"]);
}

// ------------------------------------------------------------ arguments, help

/// The commands `policycalc --help` lists, from its USAGE lines.
fn commands() -> Vec<String> {
    let usage = ok(&["--help"], "");
    let names: Vec<String> = usage
        .lines()
        .filter_map(|l| l.trim().strip_prefix("policycalc "))
        .filter_map(|l| l.split(' ').next())
        .filter(|c| !c.starts_with('-'))
        .map(str::to_string)
        .collect();
    assert!(names.len() >= 9, "{usage}");
    names
}

/// The options a command's `--help` lists in its OPTIONS section, each as
/// its names (`["-o", "--output"]`).
fn help_options(command: &str) -> Vec<Vec<String>> {
    let help = ok(&[command, "--help"], "");
    let options = help.split("OPTIONS:\n").nth(1).unwrap_or_else(|| panic!("{command} --help has no OPTIONS:\n{help}"));
    options
        .lines()
        .take_while(|l| !l.is_empty())
        .map(|l| l.trim().split([' ', ',']).filter(|w| !w.is_empty()).take_while(|w| w.starts_with('-')).map(str::to_string).collect())
        .collect()
}

#[test]
fn every_command_has_its_own_help_naming_its_options_and_help_never_runs_the_command() {
    for command in commands() {
        for flag in ["--help", "-h"] {
            // on a terminal-less stdin and with no other argument: help, not a read or a refusal
            let out = ok(&[&command, flag], "not json");
            assert!(out.starts_with(&format!("policycalc {command}: ")), "{command} {flag}:\n{out}");
            assert!(out.contains(&format!("USAGE:\n  policycalc {command}")) && out.contains("-h, --help"), "{out}");
        }
        assert_eq!(ok(&["help", &command], ""), ok(&[&command, "--help"], ""));
    }
    // `-h` is help wherever it stands, not the FILE (it was: "--region is required")
    assert!(ok(&["evaluate", "-h"], "").contains("--region R"));
    assert!(ok(&["evaluate", "--region", "bayannur", "-h"], "").contains("[FILE|-]"));
    let batch = help_options("batch").concat();
    for option in ["--region", "--as-of", "--lang", "--encoding", "--sheet", "--detailed", "-o", "--output", "--summary", "-q", "--quiet"] {
        assert!(batch.contains(&option.to_string()), "batch --help lacks {option}: {batch:?}");
    }
}

#[test]
fn version_prints_the_package_version() {
    let expected = format!("policycalc {}\n", env!("CARGO_PKG_VERSION"));
    assert_eq!(ok(&["--version"], ""), expected);
    assert_eq!(ok(&["-V"], ""), expected);
}

#[test]
fn options_take_their_value_after_an_equals_sign_or_as_the_next_argument() {
    let answers = r#"{"role":"employer","interns":3}"#;
    let spaced = ok(&eval_args("bayannur"), answers);
    let joined = ok(&["evaluate", "--region=bayannur", "--as-of=2025-01-01", "--lang=en"], answers);
    assert_eq!(spaced, joined);
    let line = rejected(&["batch", "--detailed=yes"], "");
    assert_names(&line, &["--detailed", "no value"]);
}

#[test]
fn an_unknown_option_names_itself_and_the_command_s_help() {
    for command in commands() {
        let line = rejected(&[&command, "--frobnicate"], "");
        assert_names(&line, &["unknown option", "--frobnicate", &format!("policycalc {command} --help")]);
    }
    let line = rejected(&["batch", "-z"], "");
    assert_names(&line, &["unknown option", "-z", "policycalc batch --help"]);
    let line = rejected(&["batch", "in.csv", "--output"], "");
    assert_names(&line, &["--output", "needs a value"]);
}

/// README's CLI section shows every command with every option its `--help` lists.
#[test]
fn readme_cli_section_shows_every_command_and_option_of_the_help() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = readme.split("\n## CLI\n").nth(1).and_then(|s| s.split("\n## ").next()).expect("README has a ## CLI section");
    for command in commands() {
        let lines: Vec<&str> = section.lines().filter(|l| l.starts_with(&format!("policycalc {command} "))).collect();
        assert!(!lines.is_empty(), "README's CLI section does not show `policycalc {command}`");
        for names in help_options(&command).iter().filter(|n| !n.contains(&"--help".to_string())) {
            // `-o` or `--output`: either name shows the option
            let shown = lines.iter().any(|l| l.split([' ', '[', ']']).any(|w| names.iter().any(|n| n == w)));
            assert!(shown, "README's `policycalc {command}` lacks {names:?}");
        }
    }
}

/// The default as-of date is the machine's local date (`TZ`), as in the
/// browser, not the UTC date. Of UTC+14 and UTC-12 at least one has another
/// date than UTC at any moment; the test uses that one.
#[test]
fn the_default_as_of_is_the_local_date_of_the_machine_s_time_zone() {
    use jiff::tz::{offset, TimeZone};
    let answers = r#"{"role":"employer"}"#;
    for _ in 0..3 {
        let now = jiff::Timestamp::now();
        let utc = now.to_zoned(TimeZone::UTC).date();
        let (zone, hours) = if now.to_zoned(TimeZone::fixed(offset(14))).date() != utc { ("Etc/GMT-14", 14) } else { ("Etc/GMT+12", -12) };
        let expected = now.to_zoned(TimeZone::fixed(offset(hours))).date().to_string();
        assert_ne!(expected, utc.to_string());
        let r = run_with_env(&["evaluate", "--region", "bayannur", "--lang", "en"], answers, &[("TZ", zone)]);
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        // a date that changed while the binary ran: try again
        if jiff::Timestamp::now().to_zoned(TimeZone::fixed(offset(hours))).date().to_string() != expected {
            continue;
        }
        assert_eq!(report["as_of"], expected.as_str(), "TZ={zone}");
        return;
    }
    panic!("the date kept changing");
}

/// zh-Hant text output speaks Traditional Chinese in its own headings and
/// labels too (they were Simplified: 查询日期, 符合条件).
#[test]
fn zh_hant_text_output_has_traditional_headings() {
    let answers = r#"{"role":"employer","interns":3}"#;
    let hant = ok(&["evaluate", "--region", "bayannur", "--as-of", "2025-01-01", "--lang", "zh-Hant", "--format", "text"], answers);
    for expected in ["查詢日期", "符合條件", "效力"] {
        assert!(hant.contains(expected), "{expected} not in:\n{hant}");
    }
    for simplified in ["查询日期", "符合条件", "合计", "请回答"] {
        assert!(!hant.contains(simplified), "Simplified {simplified} in zh-Hant:\n{hant}");
    }
    let hans = ok(&["evaluate", "--region", "bayannur", "--as-of", "2025-01-01", "--format", "text"], answers);
    assert!(hans.contains("查询日期") && hans.contains("符合条件"), "{hans}");
    let done = ok(&["next-question", "--region", "bayannur", "--as-of", "2025-01-01", "--lang", "zh-Hant", "--format", "text"], r#"{"role":"employer","interns":0,"insured_employees":0}"#);
    assert!(!done.contains("没有更多问题"), "{done}");
}

/// One fact JSON (policycalc-core's `FactInfo`) for `facts`, `next-question`
/// and the browser: each has every key (the question was missing
/// `asked_only_if` and the constraints, `facts` the constraints).
#[test]
fn facts_and_the_next_question_are_the_same_fact_json() {
    let keys = ["id", "type", "roles", "label", "question", "help", "unit", "min", "max", "values", "changeable", "asked_only_if", "judged_by", "constraints"];
    let facts = json(&["facts", "--lang", "en"], "");
    let interns = facts["facts"].as_array().unwrap().iter().find(|f| f["id"] == "interns").unwrap().clone();
    let q = json(&["next-question", "--region", "bayannur", "--as-of", "2025-01-01", "--lang", "en"], r#"{"role":"employer"}"#)["question"].clone();
    assert_eq!(q["fact"], "interns", "{q}");
    for key in keys {
        assert!(interns.get(key).is_some(), "facts lacks {key}: {interns}");
        assert_eq!(q[key], interns[key], "{key}");
    }
    assert_eq!(interns["constraints"][0]["other"], "interns_retained");
    assert!(q["open_provisions"].as_u64().unwrap() > 0 && interns.get("open_provisions").is_none(), "{q}");
}
