//! The committed TypeScript types (types.d.ts, batch-types.d.ts, which
//! lib.rs hands to wasm-bindgen) are the ones ts-rs derives from the Rust
//! types the API serialises: a changed field fails here, not in a page.
//! Each file is a hand-kept preamble (types with no Rust type of their own),
//! the marker line, then the generated declarations.

#![allow(clippy::panic)]

use std::path::Path;

const MARKER: &str = "// ---- generated from the Rust types by tests/ts_types.rs: do not edit below ----";
const UPDATE: &str = "UPDATE_TS=1 cargo test -p policycalc-wasm --features ts,xlsx --test ts_types";

fn check(file: &str, declarations: Vec<String>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    let committed = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let preamble = match committed.split_once(MARKER) {
        Some((preamble, _)) => preamble,
        None => panic!("{file} has no marker line {MARKER:?} after its hand-kept preamble"),
    };
    let mut rendered = format!("{preamble}{MARKER}\n");
    for declaration in declarations {
        rendered.push_str(&declaration);
        rendered.push('\n');
    }
    if std::env::var_os("UPDATE_TS").is_some() {
        std::fs::write(&path, &rendered).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        return;
    }
    assert!(
        committed == rendered,
        "{file} differs from the types the Rust code serialises; regenerate it with\n  {UPDATE}\nand commit it.\n--- generated:\n{rendered}"
    );
}

#[test]
fn types_d_ts_matches_the_rust_types() {
    check("types.d.ts", policycalc_wasm::ts_declarations());
}

#[test]
fn batch_types_d_ts_matches_the_rust_types() {
    check("batch-types.d.ts", policycalc_wasm::batch_ts_declarations());
}
