//! Unit-test seam: a small catalog built from TOML in the test, for rule
//! shapes no real pack has (a cheapest `or` branch, `not flag`, a threshold
//! at a fact's `max`, a non-changeable count in an amount). Test-only.

use policycalc_core::Catalog;
use policycalc_packs::FileJson;
use policycalc_core::pack::Region;
use policycalc_core::vocab::{Facts, Vocabulary};

/// Facts: `role` (employer, or worker: no fact here is asked of workers), then for employers `a`
/// (changeable count, max 10), `b` (changeable count, max 10^7), `fixed`
/// (count, not changeable), `d` (changeable decimal), `flag` and `blocked`
/// (changeable yes/no), `locked` (yes/no, not changeable), as (id, type,
/// the lines particular to it, Chinese label, English label).
const FACTS: [(&str, &str, &str, &str, &str); 8] = [
    ("role", "enum", "values = [{ id = \"employer\", label = { zh-Hans = \"单位\", en = \"Employer\" } }, { id = \"worker\", label = { zh-Hans = \"劳动者\", en = \"Worker\" } }]\n", "类型", "Role"),
    ("a", "integer", "min = 0\nmax = 10\nchangeable = true\n", "甲", "A"),
    ("b", "integer", "min = 0\nmax = 10000000\nchangeable = true\n", "乙", "B"),
    ("fixed", "integer", "min = 0\nmax = 100\n", "定", "Fixed"),
    ("d", "decimal", "min = 0\nmax = 1000\nchangeable = true\n", "丁", "D"),
    ("flag", "bool", "changeable = true\n", "旗", "Flag"),
    ("blocked", "bool", "changeable = true\n", "阻", "Blocked"),
    ("locked", "bool", "", "锁", "Locked"),
];

/// The vocabulary's TOML, one `[[facts]]` table for each of [`FACTS`]
/// (the role fact is what the others' `roles` name).
fn vocabulary() -> String {
    FACTS.iter().map(|(id, kind, own, zh, en)| fact(id, kind, (*id != "role").then_some("employer"), own, zh, en)).collect()
}

/// One `[[facts]]` table: id, type, the role asked it (none for the role
/// fact itself), the lines particular to it, Chinese and English labels.
pub(crate) fn fact(id: &str, kind: &str, role: Option<&str>, own: &str, zh: &str, en: &str) -> String {
    let roles = role.map_or(String::new(), |r| format!("roles = [\"{r}\"]\n"));
    format!(
        r#"
[[facts]]
id = "{id}"
type = "{kind}"
{roles}{own}label = {{ zh-Hans = "{zh}", en = "{en}" }}
question = {{ zh-Hans = "{zh}？", en = "{en}?" }}
help = {{ zh-Hans = "测试。", en = "Test." }}
"#
    )
}

const REGION: &str = r#"
[region]
id = "testland"
name = { zh-Hans = "测试市", en = "Testland" }

[[documents]]
id = "rules"
seed = "testland.txt"
title = { zh-Hans = "测试办法", en = "Test rules" }
issuer = { zh-Hans = "测试市", en = "Testland" }
date_note = { zh-Hans = "测试用。", en = "For tests." }
script = "simplified"
"#;

/// One provision for `testland` (role employer, in force from 2024-01-01),
/// with an optional condition and an amount table such as
/// `{ kind = "exact", value = "100", period = "once" }`.
pub(crate) fn provision(id: &str, when: Option<&str>, amount: &str) -> String {
    let when = when.map_or(String::new(), |w| format!("when = {w:?}\n"));
    format!(
        r#"
[[provisions]]
id = "testland.{id}"
kind = "grant"
roles = ["employer"]
title = {{ zh-Hans = "测试", en = "Test" }}
summary = {{ zh-Hans = "测试。", en = "Test." }}
who = {{ zh-Hans = "单位", en = "Employers" }}
{when}amount = {amount}
validity = {{ status = "in_force", from = "2024-01-01", note = {{ zh-Hans = "测试。", en = "Test." }} }}
source = {{ document = "rules", clause = "第一条", quote = "测试条款原文" }}
"#
    )
}

fn json(text: &str) -> serde_json::Value {
    let value: toml::Value = toml::from_str(text).unwrap_or_else(|e| panic!("test TOML: {e}\n{text}"));
    serde_json::to_value(value).unwrap_or_else(|e| panic!("test TOML as JSON: {e}"))
}

/// The test catalog with the given provisions (see [`provision`]).
pub(crate) fn catalog(provisions: &[String]) -> Catalog {
    catalog_with_vocabulary("", provisions)
}

/// [`catalog`] with more vocabulary TOML after the facts (a `[[constraints]]` table).
pub(crate) fn catalog_with_vocabulary(more: &str, provisions: &[String]) -> Catalog {
    catalog_with_files(more, "standards = []", provisions, None)
}

/// [`catalog_with_vocabulary`] with the national standards' TOML and a
/// local-information file's (`[local] region = "testland"`, see policies/README.md).
pub(crate) fn catalog_with_files(more: &str, standards: &str, provisions: &[String], local: Option<&str>) -> Catalog {
    let file = |name: &str, text: &str| FileJson { file: name.into(), data: json(text) };
    let region = format!("{REGION}{}", provisions.concat());
    let vocabulary = format!("{}{more}", vocabulary());
    let mut catalog = policycalc_packs::from_files(&file("facts.toml", &vocabulary), &file("national.toml", standards), &[file("testland.toml", &region)])
        .unwrap_or_else(|e| panic!("test catalog: {e}"));
    if let Some(local) = local {
        policycalc_packs::attach_local(&mut catalog, &[file("local.toml", local)]).unwrap_or_else(|e| panic!("test local file: {e}"));
    }
    catalog
}

pub(crate) fn region(catalog: &Catalog) -> &Region {
    catalog.regions.first().unwrap_or_else(|| panic!("no region"))
}

/// Facts from JSON (role employer added), validated as any input is.
pub(crate) fn facts(vocab: &Vocabulary, answers: serde_json::Value) -> Facts {
    let mut map = answers.as_object().cloned().unwrap_or_default();
    map.insert("role".into(), "employer".into());
    Facts::from_json_map(vocab, &map).unwrap_or_else(|e| panic!("facts: {e}"))
}
