//! Embeds the policy packs: reads `policies/*.toml`, derives zh-Hant text and
//! the clause quotes in both scripts, and writes one JSON document that
//! `src/catalog.rs` includes. TOML syntax errors fail the build here with the
//! file name; everything else is validated by the library when it loads.

use std::path::Path;

fn main() {
    let dir = Path::new("policies");
    println!("cargo:rerun-if-changed=policies");
    let mut regions = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("policies/ exists").flatten().map(|e| e.path()).collect();
    entries.sort();
    let mut vocabulary = None;
    let mut standards = None;
    for path in entries {
        if path.extension().and_then(|e| e.to_str()) != Some("toml") {
            continue;
        }
        println!("cargo:rerun-if-changed={}", path.display());
        let file = path.display().to_string();
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
        let value: toml::Value = toml::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        let mut json = serde_json::to_value(value).unwrap_or_else(|e| panic!("{file}: {e}"));
        derive_scripts(&mut json);
        let entry = serde_json::json!({ "file": file, "data": json });
        match path.file_name().and_then(|n| n.to_str()) {
            Some("facts.toml") => vocabulary = Some(entry),
            Some("national.toml") => standards = Some(entry),
            _ => regions.push(entry),
        }
    }
    let out = serde_json::json!({
        "vocabulary": vocabulary.expect("policies/facts.toml"),
        "standards": standards.expect("policies/national.toml"),
        "regions": regions,
    });
    let target = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("packs.json");
    std::fs::write(target, out.to_string()).expect("write packs.json");
}

/// Fills `zh-Hant` of every localised text from its `zh-Hans`, and adds
/// `quote_zh_hans` / `quote_zh_hant` beside every `quote` so readers see the
/// published clause in their own script.
fn derive_scripts(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::String(hans)) = map.get("zh-Hans") {
                if !map.contains_key("zh-Hant") {
                    let hant = zhconv::zhconv(hans, zhconv::Variant::ZhHant);
                    map.insert("zh-Hant".into(), hant.into());
                }
            }
            if let Some(serde_json::Value::String(quote)) = map.get("quote") {
                let hans = zhconv::zhconv(quote, zhconv::Variant::ZhHans);
                let hant = zhconv::zhconv(quote, zhconv::Variant::ZhHant);
                map.insert("quote_zh_hans".into(), hans.into());
                map.insert("quote_zh_hant".into(), hant.into());
            }
            map.values_mut().for_each(derive_scripts);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(derive_scripts),
        _ => {}
    }
}
