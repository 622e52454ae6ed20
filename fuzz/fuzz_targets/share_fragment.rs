//! Share links: the page's `location.hash` as `www/pc-element.js` reads it
//! (`readFragment`, `restoreAnswers`, `replay`, then the results), over
//! arbitrary fragment text. Each answer goes through the core function
//! `Calculator.checkAnswer` calls; the kept answers must then be accepted
//! together, the interview replay must terminate without asking a given
//! fact twice, and the link the page writes back must restore the same
//! answers with nothing dropped.
#![no_main]
use libfuzzer_sys::fuzz_target;
use policycalc_core::vocab::{FactType, RawAnswer};
use policycalc_core::{engine, interview, Catalog, Date, Facts, Lang};
use policycalc_fuzz::{check_evaluation, check_input_error, check_report, page_catalog};
use std::collections::BTreeMap;

const RESERVED: [&str; 3] = ["lang", "region", "view"];

struct Fragment {
    lang: Option<String>,
    region: Option<String>,
    view: Option<String>,
    /// `facts[key] = value` in a JS object: the last value of a key wins.
    facts: BTreeMap<String, String>,
}

/// `readFragment()`: `new URLSearchParams(location.hash.replace(/^#/, ''))`.
fn read_fragment(hash: &str) -> Option<Fragment> {
    let hash = hash.strip_prefix('#').unwrap_or(hash);
    if hash.is_empty() {
        return None;
    }
    let params: Vec<(String, String)> = form_urlencoded::parse(hash.as_bytes()).into_owned().collect();
    let get = |k: &str| params.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
    if get("region").is_none() && get("role").is_none() && get("lang").is_none() {
        return None;
    }
    let mut facts = BTreeMap::new();
    for (k, v) in &params {
        if !RESERVED.contains(&k.as_str()) {
            facts.insert(k.clone(), v.clone());
        }
    }
    Some(Fragment { lang: get("lang"), region: get("region"), view: get("view"), facts })
}

/// `restoreAnswers(raw)`: unknown facts are dropped; a bool fact's `true` /
/// `false` text becomes a boolean; each answer is kept only if
/// `checkAnswer` accepts it, alone and against the answers kept so far
/// (the vocabulary's constraints between facts).
fn restore_answers(catalog: &Catalog, raw: &BTreeMap<String, String>) -> (BTreeMap<String, RawAnswer>, bool) {
    let vocab = &catalog.vocab;
    let mut answers = BTreeMap::new();
    let mut dropped = false;
    for (id, text) in raw {
        let Some(fact) = vocab.fact_id(id) else {
            dropped = true;
            continue;
        };
        let value = match (vocab.fact(fact).ty, text.as_str()) {
            (FactType::Bool, "true") => RawAnswer::Bool(true),
            (FactType::Bool, "false") => RawAnswer::Bool(false),
            _ => RawAnswer::Text(text.clone()),
        };
        let checked = vocab.check_answer(id, Ok(value.clone())).and_then(|parsed| {
            let mut kept = Facts::each_answer(vocab, answers.iter().map(|(k, v): (&String, &RawAnswer)| (k.as_str(), v)))?;
            kept.set(fact, Some(parsed));
            vocab.check_constraints(&kept, Some(fact))
        });
        match checked {
            Ok(()) => {
                answers.insert(id.clone(), value);
            }
            Err(e) => {
                check_input_error(&e, &[id]);
                dropped = true;
            }
        }
    }
    (answers, dropped)
}

/// `Calculator`'s answers → facts (`evaluate`, `nextQuestion`).
fn facts(catalog: &Catalog, answers: &BTreeMap<String, RawAnswer>) -> Facts {
    Facts::from_answers(&catalog.vocab, answers.iter().map(|(k, v)| (k.as_str(), v)))
        .expect("answers that each passed checkAnswer are accepted together")
}

/// `replay(answers)`: the interview path the answers lead through.
fn replay(catalog: &Catalog, region: &policycalc_core::pack::Region, answers: &BTreeMap<String, RawAnswer>, as_of: Date) -> Vec<String> {
    let mut path: Vec<String> = Vec::new();
    let mut given = BTreeMap::new();
    for _ in 0..500 {
        let facts = facts(catalog, &given);
        let Some(q) = interview::next_question(&catalog.vocab, region, &facts, as_of) else { return path };
        let id = catalog.vocab.fact(q.fact).id.clone();
        assert!(!given.contains_key(&id), "the interview asked `{id}` again");
        let Some(answer) = answers.get(&id) else { return path };
        given.insert(id.clone(), answer.clone());
        path.push(id);
    }
    panic!("the interview replay did not end within 500 questions");
}

/// `fragment('results')`: the link the page writes for these answers.
fn write_fragment(lang: Lang, region: &str, order: &[String], answers: &BTreeMap<String, RawAnswer>) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    s.append_pair("lang", lang.code());
    s.append_pair("region", region);
    s.append_pair("view", "results");
    for id in order {
        let text = match &answers[id] {
            RawAnswer::Bool(b) => b.to_string(),
            RawAnswer::Text(t) | RawAnswer::Number(t) => t.clone(),
            RawAnswer::Null => "null".into(),
        };
        s.append_pair(id, &text);
    }
    s.finish()
}

fn restore(lang: Lang, region_id: &str, fragment: &Fragment, as_of: Date) {
    let catalog = page_catalog(lang);
    let region = catalog.region(region_id).expect("a listed region");
    let (answers, _dropped) = restore_answers(catalog, &fragment.facts);
    let path = replay(catalog, region, &answers, as_of);
    let order: Vec<String> = path.iter().cloned().chain(answers.keys().filter(|k| !path.contains(k)).cloned()).collect();
    // showResults / showQuestion(pending)
    let facts = facts(catalog, &answers);
    let ev = engine::evaluate(&catalog.vocab, region, &facts, as_of);
    check_evaluation(catalog, region, &facts, &ev);
    if fragment.view.as_deref() == Some("results") {
        check_report(catalog, region, &facts, &ev, lang);
    }
    // The page's own link restores the same answers, none dropped.
    let link = write_fragment(lang, region_id, &order, &answers);
    let again = read_fragment(&format!("#{link}")).expect("the page's link is read back");
    let (restored, dropped) = restore_answers(catalog, &again.facts);
    assert!(!dropped, "the page's own link {link:?} drops an answer");
    assert_eq!(restored, answers, "the page's own link {link:?} restores other answers");
}

fuzz_target!(|data: &[u8]| {
    let as_of = Date::from_ymd(2025, 6, 30).expect("a date");
    // location.hash is a string; URLSearchParams decodes percent escapes as UTF-8, lossily.
    let hash = String::from_utf8_lossy(data);
    let Some(fragment) = read_fragment(&hash) else { return };
    let lang = fragment.lang.as_deref().and_then(|l| ["zh-Hans", "zh-Hant", "en"].contains(&l).then(|| Lang::parse(l))).flatten();
    let lang = lang.unwrap_or(Lang::ZhHans);
    let selectable: Vec<&str> = page_catalog(lang).regions.iter().filter(|r| r.selectable).map(|r| r.id.as_str()).collect();
    // A page without a region attribute takes the link's region when it is listed.
    if let Some(region) = fragment.region.as_deref().filter(|r| selectable.contains(r)) {
        restore(lang, region, &fragment, as_of);
    }
    // A page with a fixed region ignores the link's.
    restore(lang, selectable[0], &fragment, as_of);
});
