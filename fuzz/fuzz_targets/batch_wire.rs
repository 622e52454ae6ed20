//! The wire format between the batch page's reader and its pool workers
//! (`policycalc-batch` wire.rs): `Rows` and `Part` as bytes. The first byte
//! chooses: arbitrary bytes decoded as rows or as a part (never a panic; a
//! decoded value encodes to bytes that decode to the same value, and
//! decoded rows evaluate and parts add up without a panic), or CSV text read
//! into rows and evaluated, whose rows and part must round-trip: the rows
//! after encode → decode give the same output bytes and the same part.
#![no_main]
use libfuzzer_sys::fuzz_target;
use policycalc_batch::{Batch, BatchOptions, Part, Rows};
use policycalc_core::{Catalog, Lang};
use policycalc_fuzz::{as_of, catalog};

/// Headers that reach every region and the common fact kinds.
const HEADERS: [&str; 4] = [
    "region,role,insured_employees,insured_months,interns,interns_retained\n",
    "region,as_of,role,employer_type,enterprise_size,hire_employment_difficulty,employer_si_contribution_monthly\n",
    "role,local_enterprise,hires_local_vocational_graduates,notable_results_recognised,region\n",
    "region,role,platform_insured_workers,graduation_date,age\n",
];

fn batch(catalog: &Catalog, data: &[u8], header: &str) -> Option<(Batch, Rows)> {
    let (date, _) = as_of(data);
    let options = BatchOptions { region: None, as_of: Some(date), lang: Lang::En, detailed: true };
    let mut reader = Batch::new(catalog, options).ok()?;
    let mut rows = Rows::default();
    let mut out = String::new();
    reader.push_rows(catalog, header, &mut out, &mut rows).ok()?;
    Some((reader, rows))
}

/// Output text and the part's bytes of a worker evaluating `rows`.
fn evaluate(catalog: &Catalog, reader: &Batch, rows: &Rows) -> (String, Vec<u8>) {
    let mut worker = reader.worker();
    let mut out = String::new();
    worker.evaluate_rows(catalog, rows, &mut out);
    (out, worker.take_part().encode())
}

fuzz_target!(|data: &[u8]| {
    let catalog = catalog();
    let Some((&choice, rest)) = data.split_first() else { return };
    let header = HEADERS[usize::from(choice / 3) % HEADERS.len()];
    match choice % 3 {
        0 => {
            let mut rows = Rows::default();
            if !rows.decode(rest) {
                assert!(rows.is_empty(), "a refused encoding leaves no rows");
                return;
            }
            let bytes = rows.encode();
            let mut again = Rows::default();
            assert!(again.decode(&bytes), "decoded rows must encode to a valid encoding");
            assert_eq!(again.encode(), bytes, "rows: decode(encode(x)) == x");
            // Whatever the offsets, evaluating them never panics.
            if let Some((reader, _)) = batch(catalog, rest, header) {
                let _ = evaluate(catalog, &reader, &rows);
            }
        }
        1 => {
            let Some(part) = Part::decode(rest) else { return };
            let bytes = part.encode();
            let again = Part::decode(&bytes).expect("a decoded part's encoding decodes");
            assert_eq!(again.encode(), bytes, "part: decode(encode(x)) == x");
            if let Some((mut reader, _)) = batch(catalog, rest, header) {
                reader.absorb(part);
                let _ = reader.summary_csv(catalog);
            }
        }
        _ => {
            let Some((mut reader, mut rows)) = batch(catalog, rest, header) else { return };
            let text = String::from_utf8_lossy(rest.get(2..).unwrap_or_default());
            let mut out = String::new();
            if reader.push_rows(catalog, &text, &mut out, &mut rows).is_err() {
                return;
            }
            let _ = reader.finish_rows(catalog, &mut out, &mut rows);
            let bytes = rows.encode();
            let mut decoded = Rows::default();
            assert!(decoded.decode(&bytes), "encoded rows decode");
            assert_eq!(decoded.len(), rows.len());
            assert_eq!(decoded.encode(), bytes, "rows round-trip");
            let (out_a, part_a) = evaluate(catalog, &reader, &rows);
            let (out_b, part_b) = evaluate(catalog, &reader, &decoded);
            assert_eq!(out_a, out_b, "decoded rows give the same output");
            assert_eq!(part_a, part_b, "and the same part");
            let part = Part::decode(&part_a).expect("an encoded part decodes");
            assert_eq!(part.encode(), part_a, "part round-trips");
        }
    }
});
