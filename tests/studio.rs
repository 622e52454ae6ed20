//! The policy studio's calls (crates/policycalc-studio, run natively)
//! against the CLI: `compile` writes exactly what `export-catalog --web`
//! writes, and `check` reports what `check-pack` prints, at the field's line.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use policycalc_packs::studio;
#[path = "support/studio.rs"]
mod studio_support;
use studio_support::shipped;
use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_policycalc");


#[test]
fn compile_writes_the_bytes_of_export_catalog_web() {
    let dir = std::env::temp_dir().join(format!("policycalc-studio-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = Command::new(BIN).args(["export-catalog", "--web"]).arg(&dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let catalog = studio::compile_files(&shipped()).unwrap();
    let files = studio::web_files(&catalog).unwrap();
    let mut names: Vec<String> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.file_name().into_string().unwrap()).collect();
    names.sort();
    let mut ours: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
    ours.sort();
    assert_eq!(ours, names);
    for (name, bytes) in &files {
        assert!(std::fs::read(dir.join(name)).unwrap() == *bytes, "{name} differs from export-catalog --web");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_edited_parameter_changes_the_region_catalogs_only() {
    let mut files = shipped();
    let shipped_bytes = studio::web_files(&studio::compile_files(&files).unwrap()).unwrap();
    let pack = files.get_mut("policies/bayannur.toml").unwrap();
    assert!(pack.contains("value = \"2270\""), "the Inner Mongolia minimum wage moved");
    *pack = pack.replacen("value = \"2270\"", "value = \"2400\"", 1);
    let edited = studio::web_files(&studio::compile_files(&files).unwrap()).unwrap();
    let changed: Vec<&str> = shipped_bytes.iter().zip(&edited).filter(|(a, b)| a != b).map(|(a, _)| a.0.as_str()).collect();
    assert_eq!(changed, ["catalog.zh-Hans.bin", "catalog.bayannur.zh-Hans.bin", "catalog.zh-Hant.bin", "catalog.bayannur.zh-Hant.bin", "catalog.en.bin", "catalog.bayannur.en.bin"]);
}

#[test]
fn the_shipped_files_have_no_diagnostics() {
    assert_eq!(policycalc_studio::diagnostics(&shipped(), None), []);
}

/// Every broken region pack of tests/packs/cases, as a draft file beside the
/// shipped ones: the studio's message is check-pack's (the case header's,
/// under the draft's path) and, for a provision's field, its line holds the field.
#[test]
fn check_reports_check_packs_message_at_the_fields_line() {
    let cases = Path::new("tests/packs/cases");
    let mut located = 0;
    let mut fields = 0;
    let mut seen = 0;
    for entry in std::fs::read_dir(cases).unwrap().flatten() {
        let path = entry.path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        if !name.ends_with(".toml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        if !text.lines().any(|l| l.trim() == "[region]") {
            continue; // vocabulary, standards and local cases replace a shipped file: not here
        }
        let expect = text.lines().find_map(|l| l.strip_prefix("# expect: ")).unwrap();
        let mut files = shipped();
        for source in std::fs::read_dir(cases.join("sources")).unwrap().flatten() {
            let n = source.file_name().into_string().unwrap();
            files.insert(format!("policies/sources/{n}"), std::fs::read_to_string(source.path()).unwrap());
        }
        // the case stands in for a shipped pack of its region, as check-pack's does
        let region = text.lines().skip_while(|l| l.trim() != "[region]").find_map(|l| l.strip_prefix("id = \"")).unwrap().trim_end_matches('"');
        files.remove(&format!("policies/{region}.toml"));
        let file = format!("policies/{name}");
        files.insert(file.clone(), text.clone());
        let diagnostics = policycalc_studio::diagnostics(&files, None);
        seen += 1;
        if expect == "ok" {
            assert_eq!(diagnostics, [], "{name}");
            continue;
        }
        let want = expect.replace("tests/packs/cases/", "policies/");
        // (a cycle through a shipped pack is that pack's problem too)
        let own: Vec<_> = diagnostics.iter().filter(|d| d.file == file).collect();
        assert_eq!(own.len(), 1, "{name}: {diagnostics:?}");
        let d = own[0];
        assert_eq!((d.file.as_str(), d.message.as_str()), (file.as_str(), want.as_str()), "{name}");
        if d.provision.is_some() && !d.field.is_empty() {
            fields += 1;
            let line = text.lines().nth(d.line - 1).unwrap();
            let key = d.field.split(['.', '[']).next_back().unwrap();
            if line.contains(key) {
                located += 1;
            } else {
                eprintln!("{name}: line {} `{line}` does not hold `{}`", d.line, d.field);
            }
        }
    }
    eprintln!("figure: {located} of {fields} provision-field diagnostics on the field's line ({seen} region cases)");
    assert!(seen > 30, "{seen} region cases");
    assert!(located * 10 >= fields * 8, "{located} of {fields} located");
}

#[test]
fn a_misspelt_fact_is_shown_at_its_character() {
    let mut files = shipped();
    let pack = files.get_mut("policies/bayannur.toml").unwrap();
    let line = pack.lines().position(|l| l.contains("placed_target_jobseekers\"")).unwrap();
    let text = pack.lines().nth(line).unwrap().to_string();
    let misspelt = text.replacen("placed_target_jobseekers", "placed_target_jobseeker", 1);
    *pack = pack.replacen(&text, &misspelt, 1);
    let d = policycalc_studio::diagnostics(&files, None);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].line, line + 1);
    let at = misspelt.find("placed_target_jobseeker").unwrap();
    assert_eq!(d[0].column, misspelt[..at].chars().count() + 1, "{}", d[0].message);
    assert!(d[0].message.contains("`placed_target_jobseeker`"), "{}", d[0].message);
}

#[test]
fn a_broken_quote_is_refused_with_check_packs_text() {
    let mut files = shipped();
    let pack = files.get_mut("policies/huaian.toml").unwrap();
    let at = pack.find("quote = \"").unwrap() + "quote = \"".len();
    pack.insert_str(at, "不在原文");
    let d = policycalc_studio::diagnostics(&files, None);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].code, "quote_not_in_source");
    assert!(d[0].message.contains("field `source.quote`: not found verbatim in policies/sources/"), "{}", d[0].message);
    let (line, _) = studio::line_column(&files["policies/huaian.toml"], at);
    assert_eq!(d[0].line, line);
}

#[test]
fn the_change_log_names_added_changed_and_removed_provisions() {
    let old = shipped();
    let mut new = old.clone();
    let pack = new.get_mut("policies/bayannur.toml").unwrap();
    *pack = pack.replacen("value = \"2270\"", "value = \"2400\"", 1);
    assert_eq!(studio::change_log(&old, &new), studio::ChangeLog::default(), "a parameter is no provision");
    let huaian = new.get_mut("policies/huaian.toml").unwrap();
    let at = huaian.find("quote = \"").unwrap() + "quote = \"".len();
    huaian.insert(at, 'x');
    let log = studio::change_log(&old, &new);
    assert_eq!((log.added.len(), log.changed.len(), log.removed.len()), (0, 1, 0), "{log:?}");
}

/// The studio's impact table (`diff` on the shipped files and a draft) is
/// `policycalc diff policies DRAFT CASES.csv --format json`, value for value:
/// here the Inner Mongolia minimum wage raised in Bayannur's pack.
#[test]
fn the_impact_is_policycalc_diff_on_the_same_packs() {
    let old = shipped();
    let mut new = old.clone();
    let pack = new.get_mut("policies/bayannur.toml").unwrap();
    assert_eq!(pack.matches("value = \"2270\"").count(), 1);
    *pack = pack.replace("value = \"2270\"", "value = \"2500\"");
    let dir = std::env::temp_dir().join(format!("policycalc-studio-diff-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("local")).unwrap();
    for (path, text) in new.iter().filter(|(p, _)| p.ends_with(".toml")) {
        std::fs::write(dir.join(path.strip_prefix("policies/").unwrap()), text).unwrap();
    }
    let cases = "tests/e2e/fixtures/studio-impact.csv";
    let out = Command::new(BIN)
        .args(["diff", "policies"])
        .arg(&dir)
        .args([cases, "--region", "bayannur", "--as-of", "2025-03-01", "--lang", "en", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let cli: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let csv = std::fs::read_to_string(cases).unwrap();
    let ours = policycalc_studio::impact(&old, &new, &csv, r#"{"region": "bayannur", "as_of": "2025-03-01", "lang": "en"}"#).unwrap();
    assert_eq!(serde_json::to_value(&ours).unwrap(), cli);
    assert!(!ours.rows.is_empty(), "the wage changes some row");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A pack with three independent faults (a misspelt fact in two provisions'
/// conditions, a quote not in the document in a third): check-pack prints
/// three `error:` lines and the studio shows the same three messages, each
/// at its line (before, both stopped at the first).
#[test]
fn three_independent_faults_are_three_diagnostics_at_their_lines_as_check_pack_prints_them() {
    let shipped = shipped();
    let mut text = shipped["policies/bayannur.toml"].clone();
    let edits = [
        ("when = \"insured_employees >= 3 and insured_months >= 12\"", "when = \"insured_employee >= 3 and insured_months >= 12\""),
        ("when = \"interns_retention_half\"", "when = \"interns_retention_halves\""),
        ("quote = \"對見習期未滿與見習人員", "quote = \"不在原文對見習期未滿與見習人員"),
    ];
    let mut lines = Vec::new();
    for (old, new) in edits {
        assert_eq!(text.matches(old).count(), 1, "{old}");
        text = text.replacen(old, new, 1);
        lines.push(text.lines().position(|l| l.contains(new)).unwrap() + 1);
    }
    // check-pack on the file beside the shipped sources
    let dir = std::env::temp_dir().join(format!("policycalc-studio-three-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("sources")).unwrap();
    for entry in std::fs::read_dir("policies/sources").unwrap().flatten() {
        std::fs::copy(entry.path(), dir.join("sources").join(entry.file_name())).unwrap();
    }
    let path = dir.join("bayannur.toml");
    std::fs::write(&path, &text).unwrap();
    let out = Command::new(BIN).arg("check-pack").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let cli: Vec<String> = stderr.lines().map(|l| l.strip_prefix("error: ").unwrap().replace(&dir.display().to_string(), "policies")).collect();
    assert_eq!(cli.len(), 3, "{stderr}");

    let mut files = shipped.clone();
    files.insert("policies/bayannur.toml".into(), text);
    let d = policycalc_studio::diagnostics(&files, None);
    let messages: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages, cli.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(d.iter().map(|d| d.line).collect::<Vec<_>>(), lines, "{d:?}");
    let provisions: Vec<&str> = d.iter().map(|d| d.provision.as_deref().unwrap()).collect();
    assert_eq!(provisions, ["bayannur.startup-hiring-subsidy", "bayannur.internship-subsidy-retention", "bayannur.internship-early-contract"]);
    assert!(messages[0].contains("`insured_employee`") && messages[1].contains("`interns_retention_halves`"), "{messages:?}");
    assert_eq!(d[2].code, "quote_not_in_source");
    let _ = std::fs::remove_dir_all(&dir);
}
