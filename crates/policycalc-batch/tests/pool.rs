//! The batch page's pool path (`Rows::encode` → a worker built from
//! `Batch::header_csv` in another instance → `Part::encode` → `absorb` in
//! input order) gives the one-pass batch's output, counts, kept errors,
//! summary and preview, on the fixtures repeated past `MAX_KEPT_ERRORS`
//! row errors, with bad cells, broken records and several regions.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use policycalc_batch::{Batch, BatchOptions, Part, RowError, Rows, MAX_KEPT_ERRORS};
use policycalc_core::{Catalog, Date, Lang};

struct Run {
    out: String,
    stats: policycalc_batch::Stats,
    errors: Vec<RowError>,
    summary: String,
    preview: Vec<Vec<String>>,
}

fn options(region: Option<&str>) -> BatchOptions {
    BatchOptions { region: region.map(str::to_string), as_of: Date::parse("2025-03-01"), lang: Lang::En, detailed: true }
}

fn finish(batch: &Batch, catalog: &Catalog, out: String) -> Run {
    Run { out, stats: batch.stats(), errors: batch.errors().to_vec(), summary: batch.summary_csv(catalog), preview: batch.preview().to_vec() }
}

fn one_pass(catalog: &Catalog, region: Option<&str>, chunks: &[&str]) -> Run {
    let mut batch = Batch::new(catalog, options(region)).unwrap();
    batch.keep_preview(20);
    let mut out = String::new();
    for c in chunks {
        batch.push(catalog, c, &mut out).unwrap();
    }
    batch.finish(catalog, &mut out).unwrap();
    finish(&batch, catalog, out)
}

/// The page's pool of `workers`: each chunk's rows are one block, sent as
/// bytes to the next worker in turn; the parts come back as bytes.
fn pooled(catalog: &Catalog, region: Option<&str>, chunks: &[&str], workers: usize) -> Run {
    let mut reader = Batch::new(catalog, options(region)).unwrap();
    reader.keep_preview(20);
    let mut out = String::new();
    let mut rows = Rows::default();
    let mut pool: Vec<Batch> = Vec::new();
    let mut blocks: Vec<Vec<u8>> = Vec::new();
    for (i, c) in chunks.iter().enumerate() {
        reader.push_rows(catalog, c, &mut out, &mut rows).unwrap();
        if i + 1 == chunks.len() {
            reader.finish_rows(catalog, &mut out, &mut rows).unwrap();
        }
        blocks.push(rows.encode());
        rows.clear();
    }
    let header = reader.header_csv().expect("header read");
    for _ in 0..workers {
        // A new instance's batch reads the same header (its output header is dropped).
        let mut w = Batch::new(catalog, options(region)).unwrap();
        w.push_rows(catalog, &header, &mut String::new(), &mut Rows::default()).unwrap();
        pool.push(w);
    }
    // Every block evaluated first (as if they all finished out of order),
    // then absorbed in input order.
    let mut results = Vec::new();
    let mut block = Rows::default();
    for (i, bytes) in blocks.iter().enumerate() {
        assert!(block.decode(bytes), "block {i} decodes");
        let worker = &mut pool[i % workers];
        let mut text = String::new();
        worker.evaluate_rows(catalog, &block, &mut text);
        results.push((text, worker.take_part().encode()));
    }
    for (text, part) in results {
        reader.absorb(Part::decode(&part).expect("part decodes"));
        reader.keep_preview_rows(&text);
        out.push_str(&text);
    }
    finish(&reader, catalog, out)
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/../../tests/batch/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The fixture's data rows repeated to about `bytes`.
fn repeated(name: &str, bytes: usize) -> String {
    let text = fixture(name);
    let (header, rows) = text.split_once('\n').unwrap();
    let mut big = format!("{header}\n");
    while big.len() < bytes {
        big.push_str(rows);
        if !big.ends_with('\n') {
            big.push('\n');
        }
    }
    big
}

/// Chunks of about `size` bytes, cut anywhere (inside records too).
fn chunks(text: &str, size: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let mut at = size.min(rest.len());
        while !rest.is_char_boundary(at) {
            at += 1;
        }
        let (a, b) = rest.split_at(at);
        out.push(a);
        rest = b;
    }
    out
}

#[test]
fn the_pool_gives_the_one_pass_bytes_counts_errors_and_totals() {
    let catalog = policycalc_catalog::embedded().unwrap();
    let cases = [
        ("bad_types.csv", Some("bayannur")),
        ("embedded_newlines.csv", Some("bayannur")),
        ("regions_as_columns.csv", None),
        ("every_row_error.csv", None),
        ("contradictory_facts.csv", Some("bayannur")),
        ("record_too_long.csv", Some("bayannur")),
    ];
    for (name, region) in cases {
        let text = repeated(name, 400_000);
        let parts = chunks(&text, 7_777);
        let one = one_pass(&catalog, region, &parts);
        for workers in [1, 2, 3] {
            let many = pooled(&catalog, region, &parts, workers);
            assert!(many.out == one.out, "{name}, {workers} workers: output differs");
            assert_eq!(many.stats, one.stats, "{name}, {workers} workers: counts");
            assert_eq!(many.errors, one.errors, "{name}, {workers} workers: kept errors");
            assert_eq!(many.summary, one.summary, "{name}, {workers} workers: summary");
            assert_eq!(many.preview, one.preview, "{name}, {workers} workers: preview");
        }
        if name == "every_row_error.csv" {
            assert_eq!(one.errors.len(), MAX_KEPT_ERRORS, "past the kept-errors limit");
            assert!(one.stats.errors_not_kept > 0);
        }
    }
}

#[test]
fn a_garbled_block_or_part_is_refused_never_a_panic() {
    let catalog = policycalc_catalog::embedded().unwrap();
    let text = repeated("every_row_error.csv", 20_000);
    let mut reader = Batch::new(&catalog, options(None)).unwrap();
    let mut rows = Rows::default();
    reader.push_rows(&catalog, &text, &mut String::new(), &mut rows).unwrap();
    reader.finish_rows(&catalog, &mut String::new(), &mut rows).unwrap();
    let block = rows.encode();
    let mut worker = Batch::new(&catalog, options(None)).unwrap();
    worker.push_rows(&catalog, &reader.header_csv().unwrap(), &mut String::new(), &mut Rows::default()).unwrap();
    worker.evaluate_rows(&catalog, &rows, &mut String::new());
    let part = worker.take_part().encode();
    let mut back = Rows::default();
    for cut in (0..block.len()).step_by(97) {
        assert!(!back.decode(&block[..cut]), "block cut at {cut}");
        assert!(back.is_empty());
    }
    for cut in 0..part.len() {
        assert!(Part::decode(&part[..cut]).is_none(), "part cut at {cut}");
    }
    let mut longer = part.clone();
    longer.push(0);
    assert!(Part::decode(&longer).is_none(), "trailing bytes");
    assert!(back.decode(&block) && back.len() == rows.len());
}

/// The browser's bytes path (`push_bytes`, `push_rows_bytes`): UTF-8 cut at
/// any byte, inside characters and records, gives the text path's output,
/// one pass and pooled; bytes that are not UTF-8, or that end inside a
/// character, are the file-level encoding error in the batch's language.
#[test]
fn utf8_bytes_cut_anywhere_give_the_text_paths_output() {
    let catalog = policycalc_catalog::embedded().unwrap();
    for (name, region) in [("utf8_bom_zh.csv", Some("bayannur")), ("embedded_newlines.csv", Some("bayannur")), ("regions_as_columns.csv", None)] {
        let text = repeated(name, 60_000);
        let whole = one_pass(&catalog, region, &[&text]);
        for size in [1_000, 4_099] {
            let cuts: Vec<&[u8]> = text.as_bytes().chunks(size).collect();
            if !text.is_ascii() {
                assert!(cuts.iter().any(|c| std::str::from_utf8(c).is_err()), "{name}: some cut falls inside a character");
            }
            let mut batch = Batch::new(&catalog, options(region)).unwrap();
            batch.keep_preview(20);
            let mut out = String::new();
            for c in &cuts {
                batch.push_bytes(&catalog, c, &mut out).unwrap();
            }
            batch.finish(&catalog, &mut out).unwrap();
            let bytes = finish(&batch, &catalog, out);
            assert!(bytes.out == whole.out, "{name}, {size}-byte cuts: output differs");
            assert_eq!((bytes.stats.rows, bytes.errors), (whole.stats.rows, whole.errors.clone()), "{name}, {size}-byte cuts");

            // Pooled: the reader reads bytes, the workers evaluate its blocks.
            let mut reader = Batch::new(&catalog, options(region)).unwrap();
            let (mut head, mut rows) = (String::new(), Rows::default());
            for c in &cuts {
                reader.push_rows_bytes(&catalog, c, &mut head, &mut rows).unwrap();
            }
            reader.finish_rows(&catalog, &mut head, &mut rows).unwrap();
            let mut worker = Batch::new(&catalog, options(region)).unwrap();
            worker.push_rows(&catalog, &reader.header_csv().unwrap(), &mut String::new(), &mut Rows::default()).unwrap();
            worker.evaluate_rows(&catalog, &rows, &mut head);
            assert!(head == whole.out, "{name}, {size}-byte cuts, pooled: output differs");
        }
    }
    let en = |e: policycalc_batch::BatchError| (e.code(), e.message(Lang::En));
    let refused = ("encoding", "the file is neither UTF-8 nor GB18030/GBK text; save it as \"CSV UTF-8\"".to_string());
    // GBK bytes (申请人类型) where UTF-8 was promised.
    let mut batch = Batch::new(&catalog, options(Some("bayannur"))).unwrap();
    let gbk = [0xC9, 0xEA, 0xC7, 0xEB, 0xC8, 0xCB, 0xC0, 0xE0, 0xD0, 0xCD, b'\n'];
    assert_eq!(batch.push_bytes(&catalog, &gbk, &mut String::new()).map_err(en), Err(refused.clone()));
    assert_eq!(batch.finish(&catalog, &mut String::new()).map_err(en), Err(refused.clone()), "and every later call");
    // A file ending inside a character.
    let mut batch = Batch::new(&catalog, options(Some("bayannur"))).unwrap();
    let zh = fixture("utf8_bom_zh.csv");
    batch.push_bytes(&catalog, &zh.as_bytes()[..5], &mut String::new()).unwrap();
    assert_eq!(batch.finish(&catalog, &mut String::new()).map_err(en), Err(refused));
}
