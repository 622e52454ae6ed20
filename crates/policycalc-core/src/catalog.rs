//! The catalog: the fact vocabulary, national standards and every region,
//! in their compiled form. `policycalc-packs` compiles it from the packs;
//! `compiled.rs` decodes and checks its transport form.

use crate::error::InputError;
use crate::pack::{Region, Standard};
use crate::vocab::{self, Vocabulary};

#[derive(Clone, Debug, serde::Serialize)]
pub struct Catalog {
    pub vocab: Vocabulary,
    pub standards: Vec<Standard>,
    pub regions: Vec<Region>,
}

impl Catalog {
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

