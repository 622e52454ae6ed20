//! The catalog compiled from `policies/` at build time and embedded: the
//! build script runs `policycalc-packs` (a bad pack fails the build with the
//! file, provision and field) and writes the postcard bytes this crate
//! includes. Native builds (the CLI, the tests) use it; the browser's
//! calculator fetches one region's catalog instead, so the wasm module only
//! embeds it for the in-browser boundary tests (its `embedded-catalog`
//! feature).

use policycalc_core::error::PackError;
use policycalc_core::Catalog;

/// The compiled catalog, every region and language (postcard bytes).
pub const CATALOG_BIN: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/catalog.bin"));

/// The embedded, already validated catalog (every language).
pub fn embedded() -> Result<Catalog, PackError> {
    Catalog::from_compiled(CATALOG_BIN)
}

/// The packs as JSON, for `check-pack` to check a file in place of one of them.
#[cfg(feature = "files")]
pub fn embedded_files() -> Result<policycalc_packs::SourceFiles, PackError> {
    const PACKS: &str = include_str!(concat!(env!("OUT_DIR"), "/packs.json"));
    serde_json::from_str(PACKS).map_err(|e| PackError {
        file: "packs.json".into(),
        item: None,
        field: String::new(),
        message: e.to_string(),
    })
}
