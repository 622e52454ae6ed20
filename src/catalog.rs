//! The catalog: the fact vocabulary, national standards and every region,
//! compiled from the packs. `build.rs` runs this compiler at build time
//! (a bad pack fails the build with the file, provision and field) and embeds
//! the result (`embedded.rs`); the CLI's `check-pack` runs it on an editor's
//! file. No file IO here: callers hand the text in.

use crate::error::{InputError, PackError};
use crate::pack::{self, PackSource, Region, Standard};
use crate::vocab::{self, Vocabulary};

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Catalog {
    pub vocab: Vocabulary,
    pub standards: Vec<Standard>,
    pub regions: Vec<Region>,
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
        sources.push(candidate);
        let chain = inheritance_chain(&sources[sources.len() - 1], &sources)?;
        pack::compile_region(&chain, &self.vocab, &self.standards)
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
        let err = |message: String| PackError {
            file: current.file.clone(),
            item: Some(format!("region {}", current.id())),
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
