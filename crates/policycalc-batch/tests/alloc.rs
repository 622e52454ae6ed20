//! The batch's output writing allocates nothing per row once warm: a good
//! row's cells are parsed, its status, amount and reason cells written from
//! bytes kept since the first such row, and its answer cells filled in
//! buffers reused from row to row. Counted with a counting allocator (per
//! thread, as the test harness runs tests on several): pushing rows the
//! batch has seen the like of costs no more allocations than evaluating
//! them does (`engine::evaluate` returns its outcomes in a `Vec`; that is
//! the evaluation's, not the output's).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use policycalc_batch::{parse_cell, Batch, BatchOptions, CsvReader, Record};
use policycalc_core::engine;
use policycalc_core::{Catalog, Date, Facts, Lang};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

fn allocations() -> u64 {
    ALLOCATIONS.with(Cell::get)
}

/// Good rows of every kind the bench's file has and more: eligible with
/// exact amounts, caps and announced documents, ineligible, undetermined,
/// conditional, several regions in turn (a region cell that changes),
/// Chinese booleans. Plain numbers only: one written as people do (1,234.50,
/// ¥1200) is copied once to be made plain (`number_text`), an input
/// cost this test leaves out.
const HEADER: &str = "region,role,insured_employees,insured_months,interns,interns_retained,employer_type,enterprise_size,hire_employment_difficulty,employer_si_contribution_monthly,platform_insured_workers,local_enterprise,hires_local_vocational_graduates,notable_results_recognised\n";
const ROWS: [&str; 7] = [
    "bayannur,startup,3,12,,,,,,,,,,\n",
    "bayannur,employer,,,100,50,,,,,,,,\n",
    "qingdao-chengyang,employer,,,,,state_owned_enterprise,medium,true,1234.50,,,,\n",
    "qingdao-chengyang,employer,,,,,,,,,3,,,\n",
    "dandong,employer,,,,,,,,,,true,true,\n",
    "dandong,employer,,,,,,,,,,是,是,否\n",
    "huaian,graduate,,,,,,,,1200,,,,\n",
];

fn text(copies: usize) -> String {
    ROWS.iter().cycle().take(ROWS.len() * copies).copied().collect()
}

/// Allocations of `engine::evaluate` alone over the rows of `csv`.
fn evaluate_allocations(catalog: &Catalog, csv: &str, as_of: Date) -> u64 {
    let names: Vec<String> = HEADER.trim_end().split(',').map(str::to_string).collect();
    let mut reader = CsvReader::new();
    let mut records: Vec<Vec<String>> = Vec::new();
    reader.feed(csv, &mut |r: &Record| records.push(r.fields().map(str::to_string).collect()));
    reader.finish(&mut |r: &Record| records.push(r.fields().map(str::to_string).collect()));
    let mut facts = Facts::empty(&catalog.vocab);
    let mut total = 0;
    for fields in &records {
        let region = catalog.regions.iter().find(|r| r.id == fields[0]).unwrap();
        for (name, cell) in names.iter().zip(fields).skip(1) {
            let id = catalog.vocab.fact_id(name).unwrap();
            facts.set(id, parse_cell(&catalog.vocab, id, cell).unwrap());
        }
        let before = allocations();
        std::hint::black_box(engine::evaluate(&catalog.vocab, region, &facts, as_of));
        total += allocations() - before;
    }
    total
}

#[test]
fn warm_rows_allocate_no_more_than_their_evaluation() {
    let catalog = policycalc_catalog::embedded().unwrap();
    let as_of = Date::from_ymd(2025, 6, 1).unwrap();
    for lang in Lang::ALL {
        for detailed in [true, false] {
            let options = BatchOptions { region: None, as_of: Some(as_of), lang, detailed };
            let mut batch = Batch::new(&catalog, options).unwrap();
            let mut out = String::new();
            // Warm: the header, then one of each row (reasons cached, buffers grown).
            batch.push(&catalog, HEADER, &mut out).unwrap();
            batch.push(&catalog, &text(2), &mut out).unwrap();
            let rows = text(100);
            out = String::with_capacity(out.len() * 60);
            let before = allocations();
            batch.push(&catalog, &rows, &mut out).unwrap();
            let batch_allocations = allocations() - before;
            assert_eq!(batch.stats().rejected, 0, "{:?}", batch.errors());
            let evaluation = evaluate_allocations(&catalog, &rows, as_of);
            assert!(
                batch_allocations <= evaluation,
                "{lang:?}, detailed {detailed}: {batch_allocations} allocations for {} rows, their evaluation alone {evaluation}",
                ROWS.len() * 100
            );
        }
    }
}
