//! What the packs' TOML becomes before loading: JSON, with the zh-Hant text
//! derived from zh-Hans (zhconv) and the clause quotes in each reader's
//! script. The build of the embedded catalog reads every pack through this.

use crate::quote;
use crate::FileJson;
use policycalc_core::lang::Lang;

/// One pack file read from TOML, with its scripts derived ([`derive_scripts`]).
/// The error names the file.
pub fn read_toml(file: String, text: &str) -> Result<FileJson, String> {
    let value: toml::Value = toml::from_str(text).map_err(|e| format!("{file}: {e}"))?;
    let mut data = serde_json::to_value(value).map_err(|e| format!("{file}: {e}"))?;
    derive_scripts(&mut data)?;
    Ok(FileJson { file, data })
}

/// Fills `zh-Hant` of every localised text from its `zh-Hans`, and adds
/// `quote_zh_hans` / `quote_zh_hant` beside every `quote` so readers see the
/// published clause in their own script.
pub fn derive_scripts(value: &mut serde_json::Value) -> Result<(), String> {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::String(hans)) = map.get("zh-Hans") {
                if !map.contains_key("zh-Hant") {
                    let hant = zhconv::zhconv(hans, zhconv::Variant::ZhHant);
                    map.insert("zh-Hant".into(), hant.into());
                }
            }
            if let Some(serde_json::Value::String(quote)) = map.get("quote") {
                // The display form (quote.rs): debris dropped, garbled runs
                // kept out of the conversion and marked with their reading.
                let garbled: Vec<quote::Garbled> = match map.get("garbled") {
                    Some(g) => serde_json::from_value(g.clone()).map_err(|e| format!("`garbled` of quote {quote}: {e}"))?,
                    None => Vec::new(),
                };
                let free = quote::debris_free(quote, &garbled);
                let hans = |s: &str| zhconv::zhconv(s, zhconv::Variant::ZhHans);
                let hant = |s: &str| zhconv::zhconv(s, zhconv::Variant::ZhHant);
                let same = |s: &str| s.to_string();
                let forms = [
                    ("quote_zh_hans", quote::mark_garbled(&hans(&free), &garbled, Lang::ZhHans, &hans)),
                    ("quote_zh_hant", quote::mark_garbled(&hant(&free), &garbled, Lang::ZhHant, &hant)),
                    ("quote_en", quote::mark_garbled(&free, &garbled, Lang::En, &same)),
                ];
                for (key, form) in forms {
                    map.insert(key.into(), form.into());
                }
                if let Some(serde_json::Value::String(clause)) = map.get("clause") {
                    let (clause_hans, clause_hant) = (hans(clause), hant(clause));
                    map.insert("clause_zh_hans".into(), clause_hans.into());
                    map.insert("clause_zh_hant".into(), clause_hant.into());
                }
            }
            map.values_mut().try_for_each(derive_scripts)
        }
        serde_json::Value::Array(items) => items.iter_mut().try_for_each(derive_scripts),
        _ => Ok(()),
    }
}
