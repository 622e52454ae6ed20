//! The same person finds the same provisions whichever plausible role they
//! pick (audit D4: a graduate in flexible work who answers as a worker saw
//! neither Dandong's free skills training nor its flexible-work subsidy).
//!
//! `tests/roles/personas.toml` lists personas: facts that describe one person
//! or firm, and the roles they could plausibly pick. For every region and
//! persona, each provision found (eligible, or eligible if a judged condition
//! holds) under one of its roles must be listed (any status) under each of
//! its other roles, unless an exception in the same file says why not.
//! An exception that no longer matches anything fails too, so the list
//! cannot go stale.

// A test stops at the first surprise: the workspace's no-panic lints are for
// the product's code (Cargo.toml, [workspace.lints]).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use policycalc_core::engine::{self, Status};
use policycalc_core::{Catalog, Date, Facts};
use std::collections::BTreeSet;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    personas: Vec<Persona>,
    #[serde(default)]
    exceptions: Vec<Exception>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Persona {
    id: String,
    description: String,
    as_of: String,
    roles: Vec<String>,
    facts: toml::Table,
}

/// A provision found under role `from` may be absent under `role`: one
/// provision (`provision`), or every provision found under `from` (a rule
/// about the two roles), narrowed to a `region` and a `persona` if given.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Exception {
    #[serde(default)]
    provision: Option<String>,
    #[serde(default)]
    from: Option<String>,
    role: String,
    #[serde(default)]
    region: Option<String>,
    #[serde(default)]
    persona: Option<String>,
    reason: String,
}

impl Exception {
    fn covers(&self, region: &str, persona: &str, provision: &str, from: &str, role: &str) -> bool {
        self.provision.as_deref().map_or(true, |p| p == provision)
            && self.from.as_deref().map_or(true, |f| f == from)
            && self.role == role
            && self.region.as_deref().map_or(true, |r| r == region)
            && self.persona.as_deref().map_or(true, |p| p == persona)
    }
}

fn load() -> File {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/roles/personas.toml");
    let text = std::fs::read_to_string(path).expect("tests/roles/personas.toml");
    toml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// (listed, found) provision ids for the persona answering as `role`.
fn outcome(catalog: &Catalog, region: usize, persona: &Persona, role: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let region = &catalog.regions[region];
    let mut json = serde_json::to_value(&persona.facts).expect("facts as json");
    let map = json.as_object_mut().expect("a table");
    map.insert("role".into(), serde_json::Value::String(role.into()));
    let facts = Facts::from_json_map(&catalog.vocab, map).unwrap_or_else(|e| panic!("persona {}: {e}", persona.id));
    let as_of = Date::parse(&persona.as_of).unwrap_or_else(|| panic!("persona {}: bad as_of", persona.id));
    let result = engine::evaluate(&catalog.vocab, region, &facts, as_of);
    let mut listed = BTreeSet::new();
    let mut found = BTreeSet::new();
    for o in &result.outcomes {
        let id = region.provisions[o.provision].id.clone();
        // Programmes are region-wide activities listed for the audiences the
        // text names; no one qualifies for them personally.
        if matches!(o.status, Status::Eligible | Status::Conditional) && !region.provisions[o.provision].programme {
            found.insert(id.clone());
        }
        listed.insert(id);
    }
    (listed, found)
}

#[test]
fn a_provision_found_under_one_plausible_role_is_listed_under_the_others() {
    let catalog = policycalc_catalog::embedded().expect("packs load");
    let file = load();
    let roles: BTreeSet<&str> = catalog.vocab.roles().iter().map(|r| r.id.as_str()).collect();
    let mut used = vec![false; file.exceptions.len()];
    let mut problems = Vec::new();
    for e in &file.exceptions {
        let what = format!("exception {:?} from {:?} as {}", e.provision, e.from, e.role);
        assert!(!e.reason.trim().is_empty(), "{what}: give the reason");
        assert!(e.provision.is_some() || e.from.is_some(), "{what}: name a provision or the role it is found under");
        assert!(roles.contains(e.role.as_str()), "{what}: unknown role");
    }
    for persona in &file.personas {
        assert!(!persona.description.trim().is_empty(), "persona {}: describe it", persona.id);
        assert!(persona.roles.len() >= 2, "persona {}: name at least two plausible roles", persona.id);
        for role in &persona.roles {
            assert!(roles.contains(role.as_str()), "persona {}: unknown role {role}", persona.id);
        }
        for (r, region) in catalog.regions.iter().enumerate() {
            let per_role: Vec<_> = persona.roles.iter().map(|role| (role, outcome(&catalog, r, persona, role))).collect();
            for (from, (_, found)) in &per_role {
                for (to, (listed, _)) in &per_role {
                    for id in found.iter().filter(|id| !listed.contains(*id)) {
                        match file.exceptions.iter().position(|e| e.covers(&region.id, &persona.id, id, from, to)) {
                            Some(i) => used[i] = true,
                            None => problems.push(format!(
                                "{}: persona {} finds {id} as {from} but it is not listed as {to}",
                                region.id, persona.id
                            )),
                        }
                    }
                }
            }
        }
    }
    for (e, used) in file.exceptions.iter().zip(used) {
        if !used {
            problems.push(format!(
                "exception no longer needed: {:?} from {:?} as {} ({:?}, {:?})",
                e.provision, e.from, e.role, e.region, e.persona
            ));
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}
