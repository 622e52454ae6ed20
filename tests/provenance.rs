//! Provenance: every provision quotes its clause verbatim from the published
//! source, and every catalog id is carried by a pack.

// A test stops at the first surprise: the workspace's no-panic lints are for
// the product's code (Cargo.toml, [workspace.lints]).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use std::path::Path;

fn source_text(seed: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/sources").join(seed);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_quote_appears_verbatim_in_its_source_document() {
    let catalog = policycalc_catalog::embedded().expect("packs load");
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

/// Issue 10 (audit X3): the quote each reader sees carries no converter
/// debris (`就業(yè)`), Bayannur's garbled run is shown with its reading
/// instead of re-garbled (蜆→蚬), and zh-Hans clause labels and quotes hold
/// no traditional-only character; the as-published quote is untouched.
#[test]
fn quotes_and_clause_labels_are_shown_in_the_readers_script_without_converter_debris() {
    let catalog = policycalc_catalog::embedded().expect("packs load");
    let debris = |s: &str| {
        s.char_indices().any(|(i, c)| {
            c == '(' && s[i + 1..].split(')').next().is_some_and(|inner| inner.chars().any(|c| "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ".contains(c)))
        })
    };
    let mut wrong = Vec::new();
    let mut garbled_seen = 0;
    for region in &catalog.regions {
        for p in region.provisions.iter().filter(|p| p.defined_in == region.id) {
            let s = &p.source;
            for (lang, shown) in [("zh-Hans", &s.quote_zh_hans), ("zh-Hant", &s.quote_zh_hant), ("en", &s.quote_en)] {
                if debris(shown) {
                    wrong.push(format!("{} ({lang}): pinyin debris in {shown}", p.id));
                }
                if shown.contains("?guī") || shown.contains('蚬') {
                    wrong.push(format!("{} ({lang}): the garbled run is shown as text: {shown}", p.id));
                }
            }
            for text in [&s.clause_zh_hans, &s.quote_zh_hans] {
                let simplified = zhconv::zhconv(text, zhconv::Variant::ZhHans);
                if &simplified != text {
                    wrong.push(format!("{}: zh-Hans text is not simplified: {text} (simplified: {simplified})", p.id));
                }
            }
            if s.quote.contains("?guī)泳蜆I(yè)") {
                garbled_seen += 1;
                for (shown, mark) in [
                    (&s.quote_zh_hans, "[原文此处乱码，应为“带动就业”]"),
                    (&s.quote_zh_hant, "[原文此處亂碼，應為「帶動就業」]"),
                    (&s.quote_en, "[garbled in the published text; read as 带动就业 (creating jobs)]"),
                ] {
                    if !shown.contains(mark) {
                        wrong.push(format!("{}: no reading `{mark}` in {shown}", p.id));
                    }
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert_eq!(garbled_seen, 1, "Bayannur's startup-sustained-subsidy quotes the garbled run");
    let sustained = catalog.regions.iter().flat_map(|r| &r.provisions).find(|p| p.id == "bayannur.startup-sustained-subsidy").unwrap();
    assert_eq!(sustained.source.quote, "對正常運營3年以上且?guī)泳蜆I(yè)人數(shù)未減少的,再給予2萬元的創(chuàng)業(yè)補貼", "kept as published");
    assert_eq!(sustained.source.quote_zh_hans, "对正常运营3年以上且[原文此处乱码，应为“带动就业”]人数未减少的,再给予2万元的创业补贴");
    assert_eq!(sustained.source.clause_zh_hans, "第二部分（二）鼓励创业带动就业");
}

#[test]
fn every_catalog_id_is_carried_by_a_pack() {
    // The provision-by-provision reading of the documents, kept in the
    // repository beside the packs (the facts' and standards' sources cite it).
    let catalog_md = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/POLICY-CATALOG.md");
    let text = std::fs::read_to_string(&catalog_md).expect("policies/POLICY-CATALOG.md");
    let catalog = policycalc_catalog::embedded().expect("packs load");
    // every region the packs define: a new region's ids are checked too
    let known: Vec<&str> = catalog.regions.iter().map(|r| r.id.as_str()).collect();
    assert!(known.len() >= 5, "{known:?}");
    let mut missing = Vec::new();
    for piece in text.split('`') {
        let Some((region, slug)) = piece.split_once('.') else { continue };
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
