//! Provenance: every provision quotes its clause verbatim from the published
//! source, and every catalog id is carried by a pack.

use policycalc::Catalog;
use std::path::Path;

fn source_text(seed: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/sources").join(seed);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_quote_appears_verbatim_in_its_source_document() {
    let catalog = Catalog::embedded().expect("packs load");
    let mut wrong = Vec::new();
    for region in &catalog.regions {
        for p in region.provisions.iter().filter(|p| p.defined_in == region.id) {
            let doc = &region.documents[p.source.document];
            if !source_text(&doc.seed).contains(&p.source.quote) {
                wrong.push(format!("{}: quote not found in {}: {}", p.id, doc.seed, p.source.quote));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_catalog_id_is_carried_by_a_pack() {
    let catalog_md = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/POLICY-CATALOG.md");
    let Ok(text) = std::fs::read_to_string(&catalog_md) else {
        // The shared catalog sits beside the repository in CI and on developer
        // machines; a bare clone elsewhere cannot check this.
        eprintln!("skipped: {} not present", catalog_md.display());
        return;
    };
    let catalog = Catalog::embedded().expect("packs load");
    let mut missing = Vec::new();
    for piece in text.split('`') {
        let Some((region, slug)) = piece.split_once('.') else { continue };
        let known = ["bayannur", "qingdao-chengyang", "dandong", "liaoning", "huaian"];
        if !known.contains(&region) || slug.is_empty() || !slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
            continue;
        }
        let carried = catalog.regions.iter().any(|r| r.provisions.iter().any(|p| p.id == piece));
        if !carried {
            missing.push(piece.to_string());
        }
    }
    missing.sort();
    missing.dedup();
    assert!(missing.is_empty(), "{} catalog ids missing from packs: {}", missing.len(), missing.join(", "));
}
