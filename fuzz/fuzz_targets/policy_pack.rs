//! `policycalc check-pack FILE` over arbitrary text: TOML to JSON, then
//! `policycalc_packs::check_file` against the embedded packs (a region pack, the fact
//! vocabulary or the national standards). A rejected file is a one-line
//! `PackError` naming a file; a region pack that passes must compile to the
//! same region through `check_pack`, survive the compiled (postcard) form
//! the browser loads, and evaluate, report and interview like the packs in
//! policies/ (the invariants of `check_everywhere`).
#![no_main]
use libfuzzer_sys::fuzz_target;
use policycalc_packs::SourceFiles;
use policycalc_core::{Catalog, Date, Facts};
use policycalc_fuzz::check_everywhere;
use std::sync::OnceLock;

const FILE: &str = "policies/fuzzed.toml";

fn embedded() -> &'static SourceFiles {
    static FILES: OnceLock<SourceFiles> = OnceLock::new();
    FILES.get_or_init(|| policycalc_catalog::embedded_files().expect("the embedded packs parse"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(value) = toml::from_str::<toml::Value>(text) else { return };
    let Ok(json) = serde_json::to_value(value) else { return };
    let files = embedded();
    let checked = policycalc_packs::check_file(FILE, &json, files);
    let known: Vec<&str> = [files.vocabulary.file.as_str(), files.standards.file.as_str(), FILE]
        .into_iter()
        .chain(files.regions.iter().map(|f| f.file.as_str()))
        .collect();
    match &checked {
        Ok(summary) => assert!(!summary.is_empty() && !summary.contains('\n')),
        Err(errors) => {
            assert!(!errors.is_empty(), "a failed check with no problem");
            for e in errors {
                let line = e.to_string();
                assert!(!line.contains('\n'), "a multi-line error: {line}");
                assert!(known.contains(&e.file.as_str()), "the error names no file: {line}");
            }
        }
    }
    if json.get("facts").is_some() || json.get("standards").is_some() {
        return;
    }
    let base = policycalc_packs::from_files(&files.vocabulary, &files.standards, &[]).expect("the embedded vocabulary loads");
    let region = policycalc_packs::check_pack(&base, FILE, &json, &files.regions);
    assert_eq!(region.is_ok(), checked.is_ok(), "check_file and check_pack disagree");
    let Ok(region) = region else { return };
    let built = Catalog { regions: vec![region], ..base };
    let bytes = policycalc_packs::encode(&built);
    let loaded = Catalog::from_compiled(&bytes).expect("a checked pack's compiled catalog decodes");
    assert_eq!(policycalc_packs::encode(&loaded), bytes, "the compiled form does not round-trip");
    let as_of = Date::from_ymd(2025, 6, 30).expect("a date");
    check_everywhere(&loaded, &Facts::empty(&loaded.vocab), as_of);
});
