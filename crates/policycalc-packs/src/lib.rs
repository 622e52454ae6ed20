//! The pack loader and compiler: reads the policy packs (as JSON: TOML
//! converted by the caller), checks everything a reviewer could get wrong
//! with a message naming the file, the provision and the field, and compiles
//! them into `policycalc_core::Catalog`. `policycalc-catalog`'s build script
//! runs it on `policies/`; the CLI's `check-pack` runs it on an editor's file.
//! No file IO here: callers hand the text in. It builds for wasm32 too.

pub mod cases;
mod common;
mod derive;
mod local;
mod pack;
pub mod quote;
pub mod studio;
mod vocab;

pub use derive::{derive_scripts, read_toml};
pub use local::{attach_local, is_phone};
use pack::PackSource;
use policycalc_core::error::PackError;
use policycalc_core::pack::Region;
use policycalc_core::Catalog;

/// The source files of a catalog as JSON.
#[derive(serde::Deserialize)]
pub struct SourceFiles {
    pub vocabulary: FileJson,
    pub standards: FileJson,
    pub regions: Vec<FileJson>,
    /// Local-information files (`policies/local/`, see `local.rs`).
    #[serde(default)]
    pub local: Vec<FileJson>,
}

/// One pack file as JSON (TOML converted by the caller), with its path for
/// error messages.
#[derive(serde::Deserialize)]
pub struct FileJson {
    pub file: String,
    pub data: serde_json::Value,
}

pub fn from_files(vocabulary: &FileJson, standards: &FileJson, regions: &[FileJson]) -> Result<Catalog, PackError> {
    let vocab = vocab::load_vocabulary(&vocabulary.file, &vocabulary.data)?;
    let standards = pack::load_standards(&standards.file, &standards.data)?;
    let sources = regions
        .iter()
        .map(|f| pack::read_pack(&f.file, &f.data))
        .collect::<Result<Vec<_>, _>>()?;
    let mut compiled = Vec::new();
    for source in &sources {
        if compiled.iter().any(|r: &Region| r.id == source.id()) {
            return Err(PackError {
                file: source.file.clone(),
                item: Some(format!("region {}", source.id())),
                field: "id".into(),
                message: "another pack already defines this region".into(),
            });
        }
        let chain = inheritance_chain(source, &sources)?;
        compiled.push(pack::compile_region(&chain, &vocab, &standards)?);
    }
    Ok(Catalog { vocab, standards, regions: compiled })
}

/// Validates one pack a policy editor has written, against this catalog's
/// vocabulary, standards and the regions it may extend. The pack replaces
/// an embedded region of the same id.
/// Every problem found (see `pack::compile_region_all`), in file order.
pub fn check_pack(catalog: &Catalog, file: &str, data: &serde_json::Value, embedded_regions: &[FileJson]) -> Result<Region, Vec<PackError>> {
    let candidate = pack::read_pack(file, data).map_err(|e| vec![e])?;
    let mut sources = vec![];
    for f in embedded_regions {
        let source = pack::read_pack(&f.file, &f.data).map_err(|e| vec![e])?;
        if source.id() != candidate.id() {
            sources.push(source);
        }
    }
    // The candidate is not among `sources`: a cycle back to it shows in
    // its own chain, which starts with it.
    let chain = inheritance_chain(&candidate, &sources).map_err(|e| vec![e])?;
    pack::compile_region_all(&chain, &catalog.vocab, &catalog.standards)
}

/// Validates one file a policy editor has written, in place of the
/// embedded file it replaces: a region pack (the other packs stay, so it
/// may extend them), the fact vocabulary or the national standards (every
/// pack is recompiled against it, so removing a fact a pack uses is
/// caught). Returns a one-line summary, or every problem of a region pack
/// (the first problem of the other files).
pub fn check_file(file: &str, data: &serde_json::Value, embedded: &SourceFiles) -> Result<String, Vec<PackError>> {
    check_other_file(file, data, embedded).map_err(|e| vec![e])?.map_or_else(|| check_region_file(file, data, embedded), Ok)
}

/// [`check_file`] for the vocabulary, the standards and local files (`None`: a region pack).
fn check_other_file(file: &str, data: &serde_json::Value, embedded: &SourceFiles) -> Result<Option<String>, PackError> {
    let checked = FileJson { file: file.to_string(), data: data.clone() };
    if data.get("facts").is_some() {
        let c = from_files(&checked, &embedded.standards, &embedded.regions)?;
        return Ok(Some(format!("vocabulary: {} facts, {} derived facts; every pack compiles", c.vocab.facts.len(), c.vocab.derived.len())));
    }
    if data.get("standards").is_some() {
        let c = from_files(&embedded.vocabulary, &checked, &embedded.regions)?;
        return Ok(Some(format!("national standards: {}; every pack compiles", c.standards.len())));
    }
    if data.get("local").is_some() {
        let mut c = from_files(&embedded.vocabulary, &embedded.standards, &embedded.regions)?;
        let region = data.pointer("/local/region").and_then(|r| r.as_str()).unwrap_or_default();
        // the checked file in place of the embedded one for its region
        let others = embedded.local.iter().filter(|f| f.data.pointer("/local/region").and_then(|r| r.as_str()) != Some(region));
        let files: Vec<FileJson> = others.map(|f| FileJson { file: f.file.clone(), data: f.data.clone() }).chain([checked]).collect();
        local::attach_local(&mut c, &files)?;
        let entries = c.regions.iter().find(|r| r.id == region).map_or(0, |r| r.provisions.iter().filter(|p| p.local.is_some()).count());
        return Ok(Some(format!("local information for region `{region}`: {entries} provision entries")));
    }
    Ok(None)
}

/// [`check_file`] for a region pack: every problem.
fn check_region_file(file: &str, data: &serde_json::Value, embedded: &SourceFiles) -> Result<String, Vec<PackError>> {
    let catalog = from_files(&embedded.vocabulary, &embedded.standards, &[]).map_err(|e| vec![e])?;
    let region = check_pack(&catalog, file, data, &embedded.regions)?;
    let own = region.provisions.iter().filter(|p| p.defined_in == region.id).count();
    Ok(format!(
        "region `{}`, {} provisions ({own} own), {} parameters, {} documents",
        region.id,
        region.provisions.len(),
        region.parameters.len(),
        region.documents.len()
    ))
}

/// Ancestors first, `source` last. Rejects unknown parents and cycles.
fn inheritance_chain<'a>(source: &'a PackSource, all: &'a [PackSource]) -> Result<Vec<&'a PackSource>, PackError> {
    let mut chain = vec![source];
    let mut current = source;
    while let Some(parent) = current.extends() {
        // Blame the pack being compiled: that is the file the editor checks.
        let err = |message: String| PackError {
            file: source.file.clone(),
            item: Some(format!("region {}", source.id())),
            field: "extends".into(),
            message,
        };
        if chain.iter().any(|p| p.id() == parent) {
            let names: Vec<&str> = chain.iter().map(|p| p.id()).collect();
            return Err(err(format!("inheritance cycle: {} -> {parent}", names.join(" -> "))));
        }
        current = all.iter().find(|p| p.id() == parent).ok_or_else(|| err(format!("no region `{parent}` to extend")))?;
        chain.push(current);
    }
    chain.reverse();
    Ok(chain)
}

/// The compiled catalog's transport form, which `Catalog::from_compiled`
/// decodes (postcard).
pub fn encode(catalog: &Catalog) -> Vec<u8> {
    // Serialising owned, plain data to a Vec cannot fail.
    postcard::to_allocvec(catalog).unwrap_or_default()
}
