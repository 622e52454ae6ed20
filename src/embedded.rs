//! The catalog compiled at build time. `build.rs` loads and validates the
//! packs with the same code as `check-pack` (catalog.rs), then serialises the
//! compiled form with postcard; loading it here is a decode, so neither the
//! TOML/JSON loader nor the expression parser ship in the WebAssembly module.

use crate::catalog::Catalog;
use crate::error::PackError;

const COMPILED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/catalog.bin"));

impl Catalog {
    /// The embedded, already validated catalog.
    pub fn embedded() -> Result<Catalog, PackError> {
        postcard::from_bytes(COMPILED).map_err(|e| PackError {
            file: "catalog.bin".into(),
            item: None,
            field: String::new(),
            message: format!("embedded catalog does not decode: {e}"),
        })
    }
}

/// The packs as JSON, for `check-pack` to resolve `extends` against (native only).
#[cfg(not(target_arch = "wasm32"))]
impl Catalog {
    pub fn embedded_region_files() -> Vec<crate::catalog::FileJson> {
        #[derive(serde::Deserialize)]
        struct Packs {
            regions: Vec<crate::catalog::FileJson>,
        }
        const PACKS: &str = include_str!(concat!(env!("OUT_DIR"), "/packs.json"));
        serde_json::from_str::<Packs>(PACKS).map(|p| p.regions).unwrap_or_default()
    }
}
