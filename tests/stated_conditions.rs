//! Conditions the documents state are tested by the rule, never silently
//! true. `tests/stated_conditions.toml` lists condition words found by
//! reading the quotes of all five packs (成效明显, 优秀, 对口, 有就业意愿…).
//! For every provision whose quote (in simplified script, publisher's pinyin
//! debris removed) contains one, its `when` must reference, directly or
//! through a derived fact, a fact declared in `policies/facts.toml` as
//! checking that word (`checks = ["…"]`), or the provision is listed as an
//! exception with the reason (the word qualifies a target, another policy in
//! a shared quote, or a programme's audience). Programmes carry no individual
//! condition (the loader refuses one) and are not checked. Stale exceptions,
//! words no quote uses and `checks` words outside the list fail too.
//!
//! The same file lists questions whose wording a finding fixed (H6: the
//! recognising body is not named by the text).

// A test stops at the first surprise: the workspace's no-panic lints are for
// the product's code (Cargo.toml, [workspace.lints]).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use policycalc_core::Lang;
use std::collections::{BTreeMap, BTreeSet};

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    words: Vec<String>,
    #[serde(default)]
    exceptions: Vec<Exception>,
    #[serde(default)]
    questions: Vec<Question>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Exception {
    provision: String,
    word: String,
    reason: String,
}

/// A fact's question in one language must not say `not_contains`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Question {
    finding: String,
    fact: String,
    lang: String,
    #[serde(default)]
    contains: Vec<String>,
    #[serde(default)]
    not_contains: Vec<String>,
}

fn load() -> File {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/stated_conditions.toml");
    let text = std::fs::read_to_string(path).expect("tests/stated_conditions.toml");
    toml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `checks` of every fact in the vocabulary file (review data the catalog does not carry).
fn fact_checks() -> BTreeMap<String, Vec<String>> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/facts.toml");
    let vocab: toml::Table = toml::from_str(&std::fs::read_to_string(path).expect("facts.toml")).expect("facts.toml parses");
    let mut out = BTreeMap::new();
    for fact in vocab.get("facts").and_then(|f| f.as_array()).into_iter().flatten() {
        let id = fact.get("id").and_then(|v| v.as_str()).expect("fact id").to_string();
        let words = fact.get("checks").and_then(|c| c.as_array()).into_iter().flatten();
        out.insert(id, words.map(|w| w.as_str().expect("a checks word is text").to_string()).collect());
    }
    out
}

/// The quote without the publisher's pinyin annotations, e.g. 就业(yè) → 就业.
fn without_pinyin(quote: &str) -> String {
    let mut out = String::new();
    let mut rest = quote;
    while let Some(open) = rest.find('(') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find(')') {
            Some(close) if close > 0 && after[..close].chars().all(|c| c.is_alphabetic() && !c.is_uppercase() && (c as u32) < 0x3000) => {
                rest = &after[close + 1..];
            }
            _ => {
                out.push('(');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn pinyin_debris_is_removed_and_other_brackets_kept() {
    assert_eq!(without_pinyin("就业(yè)困难人员(含技工学校)"), "就业困难人员(含技工学校)");
    assert_eq!(without_pinyin("人数(shù)未减少"), "人数未减少");
}

#[test]
fn every_stated_condition_is_tested_by_a_fact_that_checks_it() {
    let catalog = policycalc_catalog::embedded().expect("packs load");
    let vocab = &catalog.vocab;
    let file = load();
    let checks = fact_checks();
    let words: BTreeSet<&str> = file.words.iter().map(String::as_str).collect();
    let mut problems = Vec::new();
    for (fact, list) in &checks {
        for w in list.iter().filter(|w| !words.contains(w.as_str())) {
            problems.push(format!("fact {fact} checks {w:?}, which is not in the word list"));
        }
    }
    let mut used = vec![false; file.exceptions.len()];
    let mut word_seen = BTreeSet::new();
    let mut done = BTreeSet::new();
    for region in &catalog.regions {
        for p in &region.provisions {
            if !done.insert(p.id.clone()) || p.programme {
                continue;
            }
            let quote = without_pinyin(&p.source.quote_zh_hans);
            let tested: BTreeSet<&str> = p
                .when
                .as_ref()
                .map(|w| w.facts(&|d| vocab.derived_facts(d)))
                .unwrap_or_default()
                .iter()
                .flat_map(|f| checks.get(&vocab.fact(f).id).into_iter().flatten().map(String::as_str))
                .collect();
            for word in words.iter().filter(|w| quote.contains(**w)) {
                word_seen.insert(*word);
                if tested.contains(word) {
                    continue;
                }
                match file.exceptions.iter().position(|e| e.provision == p.id && e.word == *word) {
                    Some(i) => used[i] = true,
                    None => problems.push(format!("{}: the quote says {word:?} but no fact of its rule checks it", p.id)),
                }
            }
        }
    }
    for w in words.iter().filter(|w| !word_seen.contains(**w)) {
        problems.push(format!("word {w:?} occurs in no quote of a provision with a rule to check"));
    }
    for (e, used) in file.exceptions.iter().zip(used) {
        assert!(!e.reason.trim().is_empty(), "exception {} / {}: give the reason", e.provision, e.word);
        if !used {
            problems.push(format!("exception no longer needed: {} / {}", e.provision, e.word));
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn questions_say_only_what_the_text_says() {
    let catalog = policycalc_catalog::embedded().expect("packs load");
    let mut problems = Vec::new();
    for q in load().questions {
        let id = catalog.vocab.fact_id(&q.fact).unwrap_or_else(|| panic!("{}: no fact {}", q.finding, q.fact));
        let lang = Lang::parse(&q.lang).unwrap_or_else(|| panic!("{}: bad lang {}", q.finding, q.lang));
        let text = catalog.vocab.fact(id).question.get(lang).to_string();
        for want in q.contains.iter().filter(|w| !text.contains(w.as_str())) {
            problems.push(format!("{}: question of {} ({}) should contain {want:?}: {text:?}", q.finding, q.fact, q.lang));
        }
        for bad in q.not_contains.iter().filter(|w| text.contains(w.as_str())) {
            problems.push(format!("{}: question of {} ({}) should not contain {bad:?}: {text:?}", q.finding, q.fact, q.lang));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
