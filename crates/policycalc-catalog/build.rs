//! Compiles the policy packs at build time with `policycalc-packs`: reads
//! `policies/*.toml` and `policies/local/*.toml` (the loader derives zh-Hant
//! text and the clause quotes in both scripts), validates and compiles them.
//! A bad pack fails the build with a message naming the file, the provision
//! and the field. The compiled catalog is written with postcard for
//! `src/lib.rs`; the JSON form is kept for `check-pack`.

use policycalc_packs::FileJson;

const POLICIES: &str = "../../policies";

fn main() {
    println!("cargo:rerun-if-changed={POLICIES}");
    let mut entries: Vec<_> = std::fs::read_dir(POLICIES).unwrap_or_else(|e| fail(&format!("policies/: {e}"))).flatten().map(|e| e.path()).collect();
    entries.sort();
    let (mut vocabulary, mut standards, mut regions) = (None, None, Vec::new());
    for path in entries {
        if path.extension().and_then(|e| e.to_str()) != Some("toml") {
            continue;
        }
        let entry = read(&path);
        match path.file_name().and_then(|n| n.to_str()) {
            Some("facts.toml") => vocabulary = Some(entry),
            Some("national.toml") => standards = Some(entry),
            _ => regions.push(entry),
        }
    }
    let vocabulary = vocabulary.unwrap_or_else(|| fail("policies/facts.toml is missing"));
    let standards = standards.unwrap_or_else(|| fail("policies/national.toml is missing"));
    let mut compiled = policycalc_packs::from_files(&vocabulary, &standards, &regions).unwrap_or_else(|e| fail(&e.to_string()));
    // The operator's local information (policycalc-packs' local.rs), beside the packs.
    let mut local_paths: Vec<_> =
        std::fs::read_dir(format!("{POLICIES}/local")).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    local_paths.sort();
    let local: Vec<FileJson> =
        local_paths.into_iter().filter(|p| p.extension().and_then(|e| e.to_str()) == Some("toml")).map(|path| read(&path)).collect();
    policycalc_packs::attach_local(&mut compiled, &local).unwrap_or_else(|e| fail(&e.to_string()));

    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap_or_else(|e| fail(&format!("OUT_DIR: {e}"))));
    std::fs::write(out.join("catalog.bin"), policycalc_packs::encode(&compiled)).unwrap_or_else(|e| fail(&format!("catalog.bin: {e}")));
    let as_json = |f: &FileJson| serde_json::json!({ "file": f.file, "data": f.data });
    let packs = serde_json::json!({
        "vocabulary": as_json(&vocabulary),
        "standards": as_json(&standards),
        "regions": regions.iter().map(as_json).collect::<Vec<_>>(),
        "local": local.iter().map(as_json).collect::<Vec<_>>(),
    });
    std::fs::write(out.join("packs.json"), packs.to_string()).unwrap_or_else(|e| fail(&format!("packs.json: {e}")));
}

/// One pack file, named as the messages have always named it (`policies/…`).
fn read(path: &std::path::Path) -> FileJson {
    println!("cargo:rerun-if-changed={}", path.display());
    let file = path.strip_prefix("../../").unwrap_or(path).display().to_string();
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| fail(&format!("{file}: {e}")));
    policycalc_packs::read_toml(file, &text).unwrap_or_else(|e| fail(&e))
}

fn fail(message: &str) -> ! {
    // cargo shows a build script's stderr when it fails.
    eprintln!("invalid policy pack: {message}");
    std::process::exit(1);
}
