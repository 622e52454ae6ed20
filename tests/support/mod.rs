//! Shared by the property and interview tests: the embedded catalog loaded
//! once, and random but valid answer sets built from the fact vocabulary
//! (every answer goes through the same JSON parsing as the CLI and browser).

use policycalc_core::engine::{self, Evaluation};
use policycalc_core::expr::{FactId, Tri, Value};
use policycalc_core::pack::Region;
use policycalc_core::vocab::{FactDef, FactType, RawAnswer};
use policycalc_core::{Catalog, Date, Facts};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::sync::OnceLock;

/// Cases per property: 256 keeps `cargo test` fast; set PROPTEST_CASES for a
/// deeper search.
pub(crate) fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256)
}

pub(crate) fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| policycalc_catalog::embedded().expect("embedded catalog loads"))
}

pub(crate) fn date(text: &str) -> Date {
    Date::parse(text).unwrap_or_else(|| panic!("bad test date {text}"))
}

/// Every day of the supported span, 1900-01-01 ..= 2200-12-31, so dates can be
/// picked by index and offset by days.
pub(crate) fn all_days() -> &'static [Date] {
    static DAYS: OnceLock<Vec<Date>> = OnceLock::new();
    DAYS.get_or_init(|| {
        let mut days = vec![date("1900-01-01")];
        while let Some(next) = days.last().and_then(|d| d.next_day()) {
            days.push(next);
        }
        days
    })
}

pub(crate) fn day_index(d: Date) -> usize {
    all_days().binary_search(&d).expect("date in the supported span")
}

/// The as-of dates the properties draw from: 2023-01-01 ..= 2027-12-31.
pub(crate) fn as_of_days() -> &'static [Date] {
    let (from, until) = (day_index(date("2023-01-01")), day_index(date("2027-12-31")));
    &all_days()[from..=until]
}

/// (region index, role) pairs where the role has at least one provision.
pub(crate) fn region_roles() -> Vec<(usize, u16)> {
    let c = catalog();
    let mut out = Vec::new();
    for (r, region) in c.regions.iter().enumerate() {
        for role in 0..c.vocab.roles().len() as u16 {
            if region.provisions.iter().any(|p| p.roles.contains(&role)) {
                out.push((r, role));
            }
        }
    }
    out
}

pub(crate) fn role_name(role: u16) -> &'static str {
    &catalog().vocab.roles()[usize::from(role)].id
}

#[allow(dead_code)] // tests/properties.rs only
pub(crate) fn role_id(name: &str) -> u16 {
    catalog().vocab.role_id(name).unwrap_or_else(|| panic!("no role {name}"))
}

pub(crate) fn fact_id(name: &str) -> FactId {
    catalog().vocab.fact_id(name).unwrap_or_else(|| panic!("no fact {name}"))
}

pub(crate) fn region_index(id: &str) -> usize {
    catalog().regions.iter().position(|r| r.id == id).unwrap_or_else(|| panic!("no region {id}"))
}

/// Random seeds for one scenario; turned into valid answers by [`Raw::build`].
#[derive(Clone, Debug)]
pub(crate) struct Raw {
    pub pair: usize,
    pub as_of: usize,
    /// Percentage of the role's facts that are answered.
    pub density: u8,
    /// Per fact: (presence 0..100, value seed, shape seed).
    pub answers: Vec<(u8, u32, u32)>,
}

pub(crate) fn raw() -> impl Strategy<Value = Raw> {
    let facts = catalog().vocab.facts.len();
    (
        any::<usize>(),
        0..as_of_days().len(),
        prop_oneof![Just(100u8), 0u8..=100],
        proptest::collection::vec((0u8..100, any::<u32>(), any::<u32>()), facts),
    )
        .prop_map(|(pair, as_of, density, answers)| Raw { pair, as_of, density, answers })
}

/// One evaluation input: a region, a role, an as-of date and answers.
#[derive(Clone, Debug)]
pub(crate) struct Scenario {
    pub region: usize,
    pub role: u16,
    pub as_of: Date,
    pub json: serde_json::Map<String, serde_json::Value>,
}

impl Scenario {
    pub(crate) fn region(&self) -> &'static Region {
        &catalog().regions[self.region]
    }
    pub(crate) fn facts(&self) -> Facts {
        Facts::from_json_map(&catalog().vocab, &self.json)
            .unwrap_or_else(|e| panic!("generated answers are invalid: {e}: {:?}", self.json))
    }
    pub(crate) fn evaluate(&self) -> Evaluation {
        engine::evaluate(&catalog().vocab, self.region(), &self.facts(), self.as_of)
    }
    #[allow(dead_code)] // tests/properties.rs only
    pub(crate) fn with(&self, fact: &str, value: serde_json::Value) -> Scenario {
        let mut s = self.clone();
        s.json.insert(fact.to_string(), value);
        s
    }
    pub(crate) fn without(&self, fact: &str) -> Scenario {
        let mut s = self.clone();
        s.json.remove(fact);
        s
    }
    #[allow(dead_code)] // tests/properties.rs only
    pub(crate) fn get_u64(&self, fact: &str) -> Option<u64> {
        self.json.get(fact).and_then(|v| v.as_str()).and_then(|s| s.parse().ok())
    }
}

impl Raw {
    /// Answers a share of the facts asked of the role (and only those).
    pub(crate) fn build(&self) -> Scenario {
        let pairs = region_roles();
        let (region, role) = pairs[self.pair % pairs.len()];
        self.build_for(region, role)
    }

    pub(crate) fn build_for(&self, region: usize, role: u16) -> Scenario {
        let c = catalog();
        let as_of = as_of_days()[self.as_of % as_of_days().len()];
        let mut json = serde_json::Map::new();
        json.insert("role".into(), role_name(role).into());
        for (index, def) in c.vocab.facts.iter().enumerate() {
            if index == usize::from(c.vocab.role_fact) || !def.roles.contains(&role) {
                continue;
            }
            let (presence, a, b) = self.answers[index];
            if presence < self.density {
                json.insert(def.id.clone(), answer(def, a, b, as_of));
            }
        }
        consistent(&mut json);
        Scenario { region, role, as_of, json }
    }

    /// Answers to facts the role is never asked, from the same seeds.
    #[allow(dead_code)] // tests/properties.rs only
    pub(crate) fn foreign_answers(&self, role: u16, as_of: Date) -> serde_json::Map<String, serde_json::Value> {
        let c = catalog();
        let mut json = serde_json::Map::new();
        for (index, def) in c.vocab.facts.iter().enumerate() {
            if index == usize::from(c.vocab.role_fact) || def.roles.contains(&role) {
                continue;
            }
            let (presence, a, b) = self.answers[index];
            if presence < 80 {
                json.insert(def.id.clone(), answer(def, a, b, as_of));
            }
        }
        consistent(&mut json);
        json
    }
}

/// Answers that break a vocabulary constraint are refused, so a scenario
/// brings a part that exceeds its whole (an earlier date) down to the
/// other's value: the boundary itself, which the packs compare at.
pub(crate) fn consistent(json: &mut serde_json::Map<String, serde_json::Value>) {
    let vocab = &catalog().vocab;
    for c in &vocab.constraints {
        let mut check = serde_json::Map::new();
        for f in [c.fact, c.other] {
            let name = &vocab.fact(f).id;
            if let Some(v) = json.get(name) {
                check.insert(name.clone(), v.clone());
            }
        }
        let raw: Vec<(&str, RawAnswer)> = check.iter().map(|(k, v)| (k.as_str(), RawAnswer::from_json(v))).collect();
        let broken = Facts::each_answer(vocab, raw.iter().map(|(k, v)| (*k, v))).is_ok_and(|facts| c.broken_by(&facts).is_some());
        if let Some(other) = json.get(&vocab.fact(c.other).id).cloned().filter(|_| broken) {
            json.insert(vocab.fact(c.fact).id.clone(), other);
        }
    }
}

/// A valid answer for `def`, as JSON. Counts favour small values and the
/// thresholds the packs compare with; dates favour the two years around the
/// as-of date but reach the whole supported span.
pub(crate) fn answer(def: &FactDef, a: u32, b: u32, as_of: Date) -> serde_json::Value {
    match def.ty {
        FactType::Bool => serde_json::Value::Bool(a % 2 == 0),
        FactType::Enum => def.values[a as usize % def.values.len()].id.clone().into(),
        FactType::Integer => {
            let max = def.max.and_then(|m| u64::try_from(m).ok()).unwrap_or(1_000_000);
            let min = def.min.and_then(|m| u64::try_from(m).ok()).unwrap_or(0);
            let span = match b % 5 {
                0 => 4,
                1 => 16,
                2 => 60,
                3 => 250,
                _ => max.saturating_add(1),
            };
            let n = (min + u64::from(a) % span).min(max);
            n.to_string().into()
        }
        FactType::Decimal => {
            let cents = i64::from(a % 10_000_000);
            let mut n = Decimal::new(cents, 2);
            if let Some(max) = def.max {
                n = n.min(max);
            }
            n.to_string().into()
        }
        FactType::Date => {
            let days = all_days();
            let index = if b % 6 == 0 {
                a as usize % days.len()
            } else {
                let centre = day_index(as_of) as i64;
                let offset = i64::from(a % 2400) - 1600;
                (centre + offset).clamp(0, days.len() as i64 - 1) as usize
            };
            days[index].to_string().into()
        }
    }
}

/// Whether the fact's `ask_if` guard holds on these answers.
#[allow(dead_code)] // tests/interview.rs only
pub(crate) fn guard_holds(region: &Region, facts: &Facts, as_of: Date, fact: FactId) -> bool {
    let c = catalog();
    match &c.vocab.fact(fact).ask_if {
        None => true,
        Some(guard) => {
            let env = engine::EvalEnv { vocab: &c.vocab, region, facts, as_of };
            matches!(guard.eval(&env), Ok(Tri::Known(Value::Bool(true))))
        }
    }
}
