//! Unit-test seam: a small catalog built from TOML in the test, for rule
//! shapes no real pack has (a cheapest `or` branch, `not flag`, a threshold
//! at a fact's `max`, a non-changeable count in an amount). Test-only.

use policycalc_core::Catalog;
use policycalc_packs::FileJson;
use policycalc_core::pack::Region;
use policycalc_core::vocab::{Facts, Vocabulary};

/// Facts: `a` (changeable count, max 10), `b` (changeable count, max 10^7),
/// `fixed` (count, not changeable), `d` (changeable decimal), `flag` and
/// `blocked` (changeable yes/no), `locked` (yes/no, not changeable).
const VOCABULARY: &str = r#"
[[facts]]
id = "role"
type = "enum"
label = { zh-Hans = "类型", en = "Role" }
question = { zh-Hans = "类型？", en = "Role?" }
help = { zh-Hans = "测试。", en = "Test." }
values = [{ id = "employer", label = { zh-Hans = "单位", en = "Employer" } }]

[[facts]]
id = "a"
type = "integer"
roles = ["employer"]
min = 0
max = 10
changeable = true
label = { zh-Hans = "甲", en = "A" }
question = { zh-Hans = "甲？", en = "A?" }
help = { zh-Hans = "测试。", en = "Test." }

[[facts]]
id = "b"
type = "integer"
roles = ["employer"]
min = 0
max = 10000000
changeable = true
label = { zh-Hans = "乙", en = "B" }
question = { zh-Hans = "乙？", en = "B?" }
help = { zh-Hans = "测试。", en = "Test." }

[[facts]]
id = "fixed"
type = "integer"
roles = ["employer"]
min = 0
max = 100
label = { zh-Hans = "定", en = "Fixed" }
question = { zh-Hans = "定？", en = "Fixed?" }
help = { zh-Hans = "测试。", en = "Test." }

[[facts]]
id = "d"
type = "decimal"
roles = ["employer"]
min = 0
max = 1000
changeable = true
label = { zh-Hans = "丁", en = "D" }
question = { zh-Hans = "丁？", en = "D?" }
help = { zh-Hans = "测试。", en = "Test." }

[[facts]]
id = "flag"
type = "bool"
roles = ["employer"]
changeable = true
label = { zh-Hans = "旗", en = "Flag" }
question = { zh-Hans = "旗？", en = "Flag?" }
help = { zh-Hans = "测试。", en = "Test." }

[[facts]]
id = "blocked"
type = "bool"
roles = ["employer"]
changeable = true
label = { zh-Hans = "阻", en = "Blocked" }
question = { zh-Hans = "阻？", en = "Blocked?" }
help = { zh-Hans = "测试。", en = "Test." }

[[facts]]
id = "locked"
type = "bool"
roles = ["employer"]
label = { zh-Hans = "锁", en = "Locked" }
question = { zh-Hans = "锁？", en = "Locked?" }
help = { zh-Hans = "测试。", en = "Test." }
"#;

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
    let file = |name: &str, text: &str| FileJson { file: name.into(), data: json(text) };
    let region = format!("{REGION}{}", provisions.concat());
    policycalc_packs::from_files(&file("facts.toml", VOCABULARY), &file("national.toml", "standards = []"), &[file("testland.toml", &region)])
        .unwrap_or_else(|e| panic!("test catalog: {e}"))
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
