//! The catalog: the fact vocabulary, national standards and every region,
//! compiled from the packs. `build.rs` runs this compiler at build time
//! (a bad pack fails the build with the file, provision and field) and embeds
//! the result (`embedded.rs`); the CLI's `check-pack` runs it on an editor's
//! file. No file IO here: callers hand the text in.

use crate::error::{InputError, PackError};
use crate::pack::{self, PackSource, Region, Standard};
use crate::vocab::{self, Vocabulary};

#[derive(Clone, Debug, serde::Serialize)]
pub struct Catalog {
    pub vocab: Vocabulary,
    pub standards: Vec<Standard>,
    pub regions: Vec<Region>,
}

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

impl Catalog {
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
    pub fn check_pack(&self, file: &str, data: &serde_json::Value, embedded_regions: &[FileJson]) -> Result<Region, PackError> {
        let candidate = pack::read_pack(file, data)?;
        let mut sources = vec![];
        for f in embedded_regions {
            let source = pack::read_pack(&f.file, &f.data)?;
            if source.id() != candidate.id() {
                sources.push(source);
            }
        }
        // The candidate is not among `sources`: a cycle back to it shows in
        // its own chain, which starts with it.
        let chain = inheritance_chain(&candidate, &sources)?;
        pack::compile_region(&chain, &self.vocab, &self.standards)
    }

    /// Validates one file a policy editor has written, in place of the
    /// embedded file it replaces: a region pack (the other packs stay, so it
    /// may extend them), the fact vocabulary or the national standards (every
    /// pack is recompiled against it, so removing a fact a pack uses is
    /// caught). Returns a one-line summary.
    pub fn check_file(file: &str, data: &serde_json::Value, embedded: &SourceFiles) -> Result<String, PackError> {
        let checked = FileJson { file: file.to_string(), data: data.clone() };
        if data.get("facts").is_some() {
            let c = Catalog::from_files(&checked, &embedded.standards, &embedded.regions)?;
            return Ok(format!("vocabulary: {} facts, {} derived facts; every pack compiles", c.vocab.facts.len(), c.vocab.derived.len()));
        }
        if data.get("standards").is_some() {
            let c = Catalog::from_files(&embedded.vocabulary, &checked, &embedded.regions)?;
            return Ok(format!("national standards: {}; every pack compiles", c.standards.len()));
        }
        if data.get("local").is_some() {
            let mut c = Catalog::from_files(&embedded.vocabulary, &embedded.standards, &embedded.regions)?;
            let region = data.pointer("/local/region").and_then(|r| r.as_str()).unwrap_or_default();
            // the checked file in place of the embedded one for its region
            let others = embedded.local.iter().filter(|f| f.data.pointer("/local/region").and_then(|r| r.as_str()) != Some(region));
            let files: Vec<FileJson> = others.map(|f| FileJson { file: f.file.clone(), data: f.data.clone() }).chain([checked]).collect();
            c.attach_local(&files)?;
            let entries = c.regions.iter().find(|r| r.id == region).map_or(0, |r| r.provisions.iter().filter(|p| p.local.is_some()).count());
            return Ok(format!("local information for region `{region}`: {entries} provision entries"));
        }
        let catalog = Catalog::from_files(&embedded.vocabulary, &embedded.standards, &[])?;
        let region = catalog.check_pack(file, data, &embedded.regions)?;
        let own = region.provisions.iter().filter(|p| p.defined_in == region.id).count();
        Ok(format!(
            "region `{}`, {} provisions ({own} own), {} parameters, {} documents",
            region.id,
            region.provisions.len(),
            region.parameters.len(),
            region.documents.len()
        ))
    }

    /// The roles a region's provisions (programmes aside) concern: the ones
    /// its role question offers.
    pub fn region_roles(&self, region: &Region) -> Vec<&vocab::EnumValue> {
        let roles = self.vocab.roles();
        roles
            .iter()
            .enumerate()
            .filter(|(i, _)| region.provisions.iter().any(|p| !p.programme && p.roles.contains(&(*i as u16))))
            .map(|(_, role)| role)
            .collect()
    }

    pub fn region(&self, id: &str) -> Result<&Region, InputError> {
        self.regions.iter().find(|r| r.id == id).ok_or_else(|| InputError::UnknownRegion {
            region: id.to_string(),
            known: self.regions.iter().map(|r| r.id.clone()).collect(),
        })
    }
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
