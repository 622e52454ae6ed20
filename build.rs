//! Compiles the policy packs at build time: reads `policies/*.toml`, derives
//! zh-Hant text and the clause quotes in both scripts, then loads and
//! validates everything with the library's own loader (the modules below are
//! the library's files). A bad pack fails the build with a message naming the
//! file, the provision and the field. The compiled catalog is written with
//! postcard for `src/embedded.rs`; the JSON form is kept for `check-pack`.

// Only the loader half of these modules is used here.
#![allow(dead_code)]

#[path = "src/catalog.rs"]
mod catalog;
#[path = "src/date.rs"]
mod date;
#[path = "src/error.rs"]
mod error;
#[path = "src/expr.rs"]
mod expr;
#[path = "src/lang.rs"]
mod lang;
#[path = "src/local.rs"]
mod local;
#[path = "src/pack.rs"]
mod pack;
#[path = "src/quote.rs"]
mod quote;
#[path = "src/vocab.rs"]
mod vocab;


fn main() {
    for path in ["policies", "src/catalog.rs", "src/date.rs", "src/error.rs", "src/expr.rs", "src/lang.rs", "src/local.rs", "src/pack.rs", "src/quote.rs", "src/vocab.rs"] {
        println!("cargo:rerun-if-changed={path}");
    }
    let mut entries: Vec<_> = std::fs::read_dir("policies").expect("policies/ exists").flatten().map(|e| e.path()).collect();
    entries.sort();
    let (mut vocabulary, mut standards, mut regions) = (None, None, Vec::new());
    for path in entries {
        if path.extension().and_then(|e| e.to_str()) != Some("toml") {
            continue;
        }
        println!("cargo:rerun-if-changed={}", path.display());
        let file = path.display().to_string();
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| fail(&format!("{file}: {e}")));
        let value: toml::Value = toml::from_str(&text).unwrap_or_else(|e| fail(&format!("{file}: {e}")));
        let mut data = serde_json::to_value(value).unwrap_or_else(|e| fail(&format!("{file}: {e}")));
        derive_scripts(&mut data);
        let entry = catalog::FileJson { file, data };
        match path.file_name().and_then(|n| n.to_str()) {
            Some("facts.toml") => vocabulary = Some(entry),
            Some("national.toml") => standards = Some(entry),
            _ => regions.push(entry),
        }
    }
    let vocabulary = vocabulary.unwrap_or_else(|| fail("policies/facts.toml is missing"));
    let standards = standards.unwrap_or_else(|| fail("policies/national.toml is missing"));
    let mut compiled = catalog::Catalog::from_files(&vocabulary, &standards, &regions).unwrap_or_else(|e| fail(&e.to_string()));
    // The operator's local information (src/local.rs), beside the packs.
    let mut local_paths: Vec<_> = std::fs::read_dir("policies/local").map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    local_paths.sort();
    let local: Vec<catalog::FileJson> = local_paths
        .into_iter()
        .filter(|p| p.extension().and_then(|e| e.to_str()) == Some("toml"))
        .map(|path| {
            println!("cargo:rerun-if-changed={}", path.display());
            let file = path.display().to_string();
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| fail(&format!("{file}: {e}")));
            let value: toml::Value = toml::from_str(&text).unwrap_or_else(|e| fail(&format!("{file}: {e}")));
            let mut data = serde_json::to_value(value).unwrap_or_else(|e| fail(&format!("{file}: {e}")));
            derive_scripts(&mut data);
            catalog::FileJson { file, data }
        })
        .collect();
    compiled.attach_local(&local).unwrap_or_else(|e| fail(&e.to_string()));

    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let bytes = postcard::to_allocvec(&compiled).unwrap_or_else(|e| fail(&format!("serialising the catalog: {e}")));
    std::fs::write(out.join("catalog.bin"), bytes).expect("write catalog.bin");
    let as_json = |f: &catalog::FileJson| serde_json::json!({ "file": f.file, "data": f.data });
    let packs = serde_json::json!({
        "vocabulary": as_json(&vocabulary),
        "standards": as_json(&standards),
        "regions": regions.iter().map(as_json).collect::<Vec<_>>(),
        "local": local.iter().map(as_json).collect::<Vec<_>>(),
    });
    std::fs::write(out.join("packs.json"), packs.to_string()).expect("write packs.json");
}

fn fail(message: &str) -> ! {
    // cargo shows a build script's stderr when it fails.
    eprintln!("invalid policy pack: {message}");
    std::process::exit(1);
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
                // The display form (src/quote.rs): debris dropped, garbled runs
                // kept out of the conversion and marked with their reading.
                let garbled: Vec<quote::Garbled> = match map.get("garbled") {
                    Some(g) => serde_json::from_value(g.clone()).unwrap_or_else(|e| fail(&format!("`garbled` of quote {quote}: {e}"))),
                    None => Vec::new(),
                };
                let free = quote::debris_free(quote, &garbled);
                let hans = |s: &str| zhconv::zhconv(s, zhconv::Variant::ZhHans);
                let hant = |s: &str| zhconv::zhconv(s, zhconv::Variant::ZhHant);
                let same = |s: &str| s.to_string();
                let forms = [
                    ("quote_zh_hans", quote::mark_garbled(&hans(&free), &garbled, lang::Lang::ZhHans, &hans)),
                    ("quote_zh_hant", quote::mark_garbled(&hant(&free), &garbled, lang::Lang::ZhHant, &hant)),
                    ("quote_en", quote::mark_garbled(&free, &garbled, lang::Lang::En, &same)),
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
            map.values_mut().for_each(derive_scripts);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(derive_scripts),
        _ => {}
    }
}
