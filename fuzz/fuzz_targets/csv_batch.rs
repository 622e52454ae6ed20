//! CSV batch (`policycalc-batch`, shared by `policycalc batch` and the browser's
//! `BatchJob`) over arbitrary text after a four-byte prefix choosing the
//! options and the chunking. Differential: the output, errors, counts,
//! summary and preview are identical whether the text comes whole, in
//! random chunks or one character at a time. Then: every data row is
//! computed or rejected with its line (and column when one cell is at
//! fault); the output has the header's width on every row, copies the
//! input cells, and no cell starts with = + - @ tab or CR.
#![no_main]
use libfuzzer_sys::fuzz_target;
use policycalc_batch::{Batch, BatchError, BatchOptions, CsvReader, Record};
use policycalc_core::{Catalog, Lang};
use policycalc_fuzz::{as_of, catalog};

#[derive(Debug)]
struct Run {
    begin: Result<(), BatchError>,
    out: String,
    /// The first push error (the CLI stops there), else `finish`'s result.
    end: Result<(), BatchError>,
    stats: Option<policycalc_batch::Stats>,
    errors: Vec<policycalc_batch::RowError>,
    warnings: Vec<String>,
    summary: String,
    preview: Vec<Vec<String>>,
}

fn run(catalog: &Catalog, options: &BatchOptions, preview: usize, chunks: &[&str]) -> Run {
    let mut batch = match Batch::new(catalog, options.clone()) {
        Ok(b) => b,
        Err(e) => {
            return Run { begin: Err(e), out: String::new(), end: Ok(()), stats: None, errors: vec![], warnings: vec![], summary: String::new(), preview: vec![] }
        }
    };
    batch.keep_preview(preview);
    let mut out = String::new();
    let mut end = Ok(());
    let mut new_errors = 0;
    for chunk in chunks {
        end = batch.push(catalog, chunk, &mut out);
        new_errors += batch.take_new_errors().len();
        if end.is_err() {
            break;
        }
    }
    if end.is_ok() {
        end = batch.finish(catalog, &mut out);
        new_errors += batch.take_new_errors().len();
    }
    assert_eq!(new_errors, batch.errors().len(), "take_new_errors hands out every error once");
    let mut stats = batch.stats();
    if end.is_err() {
        // Input after a file-level error is not read.
        stats.bytes = 0;
    }
    Run {
        begin: Ok(()),
        out,
        end,
        stats: Some(stats),
        errors: batch.errors().to_vec(),
        warnings: batch.warnings().to_vec(),
        summary: batch.summary_csv(catalog),
        preview: batch.preview().to_vec(),
    }
}

/// The first part that differs, so a failure reads short.
fn same(whole: &Run, other: &Run, how: &str) {
    assert_eq!(whole.begin, other.begin, "{how}: Batch::new");
    assert_eq!(whole.end, other.end, "{how}: the result");
    assert_eq!(whole.out, other.out, "{how}: the output");
    assert_eq!(whole.stats, other.stats, "{how}: the counts");
    assert_eq!(whole.errors, other.errors, "{how}: the row errors");
    assert_eq!(whole.warnings, other.warnings, "{how}: the warnings");
    assert_eq!(whole.preview, other.preview, "{how}: the preview");
    assert_eq!(whole.summary, other.summary, "{how}: the summary");
}

/// Char-boundary cut points from a seed (xorshift), chunks of 1..=`max` bytes or so.
fn random_chunks(text: &str, seed: u8) -> Vec<&str> {
    let mut state = u32::from(seed).wrapping_mul(2_654_435_761) | 1;
    let max = 1 + usize::from(seed % 64);
    let mut chunks = Vec::new();
    let mut start = 0;
    while start < text.len() {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let mut end = (start + 1 + state as usize % max).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        chunks.push(&text[start..end]);
        start = end;
    }
    chunks
}

/// (line, cells, blank) of every record.
fn records(text: &str) -> Vec<(u64, Vec<String>, bool)> {
    let mut reader = CsvReader::new();
    let mut all = Vec::new();
    let mut sink = |r: &Record| all.push((r.line, r.fields().map(str::to_string).collect::<Vec<_>>(), r.is_blank()));
    reader.feed(text, &mut sink);
    reader.finish(&mut sink);
    all
}

fn check_output(text: &str, whole: &Run) {
    let stats = whole.stats.expect("a batch ran");
    assert_eq!(stats.rows, stats.computed + stats.rejected, "{stats:?}");
    if whole.end.is_err() {
        return;
    }
    let input = records(text);
    let output = records(&whole.out);
    let (header, rows) = output.split_first().expect("an output header");
    let width = input.iter().find(|(_, _, blank)| !blank).map(|(_, c, _)| c.len()).expect("an input header");
    assert_eq!(rows.len() as u64, stats.rows, "one output row per data row");
    for (_, cells, _) in &output {
        assert_eq!(cells.len(), header.1.len(), "every output row has the header's width");
        for cell in cells {
            assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "unescaped formula cell {cell:?}");
        }
    }
    let mut rejected_lines = Vec::new();
    for (_, cells, _) in rows {
        let line: u64 = cells[width].parse().expect("the line column holds a number");
        let (_, original, _) = input.iter().find(|(l, _, _)| *l == line).expect("the line is an input record's");
        for (i, cell) in cells[..width].iter().enumerate() {
            let given = original.get(i).map_or("", String::as_str);
            let expected = if given.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{given}") } else { given.to_string() };
            assert_eq!(*cell, expected, "line {line}, column {}: input cell not copied", i + 1);
        }
        if !cells[width + 1].is_empty() {
            rejected_lines.push(line);
        }
    }
    assert_eq!(rejected_lines.len() as u64, stats.rejected, "a rejected row carries its error in the error column");
    if stats.errors_not_kept == 0 {
        for line in &rejected_lines {
            assert!(whole.errors.iter().any(|e| e.line == *line), "line {line} rejected without a reported error");
        }
    }
    for e in &whole.errors {
        assert!(rejected_lines.contains(&e.line), "an error for line {} that was not rejected", e.line);
        assert_eq!(e.column.is_some(), e.column_name.is_some());
        if let Some(c) = e.column {
            assert!(c < width, "error column {c} outside the header");
        }
        for lang in Lang::ALL {
            assert!(!e.message(lang).is_empty());
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let catalog = catalog();
    let [choice, _, _, seed, ..] = *data else { return };
    let (as_of, rest) = as_of(&data[1..]);
    let text = String::from_utf8_lossy(&rest[1..]);
    let selectable: Vec<&policycalc_core::pack::Region> = catalog.regions.iter().filter(|r| r.selectable).collect();
    let pick = selectable[usize::from(choice / 8) % selectable.len()];
    let region = match choice % 8 {
        0 | 1 => None,
        2 | 3 | 4 => Some(pick.id.clone()),
        5 => Some(pick.name.en.to_uppercase()),
        6 => Some(pick.name.zh_hans.clone()),
        _ => Some("nowhere".to_string()),
    };
    let options = BatchOptions {
        region,
        as_of: (seed % 4 != 0).then_some(as_of),
        lang: Lang::ALL[usize::from(choice) % 3],
        detailed: seed % 2 == 0,
    };
    let preview = usize::from(seed % 3);
    let whole = run(catalog, &options, preview, &[&text]);
    let chunked = run(catalog, &options, preview, &random_chunks(&text, seed));
    same(&whole, &chunked, "random chunks");
    let chars: Vec<&str> = text.char_indices().map(|(i, c)| &text[i..i + c.len_utf8()]).collect();
    let by_char = run(catalog, &options, preview, &chars);
    same(&whole, &by_char, "one character at a time");
    if whole.begin.is_ok() {
        check_output(&text, &whole);
    }
});
