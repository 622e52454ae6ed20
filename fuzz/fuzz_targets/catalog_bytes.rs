//! `new Calculator(bytes)`: arbitrary bytes as a compiled catalog
//! (`Catalog::from_compiled`). Bytes that do not decode are a typed error;
//! a catalog that decodes, however corrupt, is then used as the wasm methods
//! use it (regions and facts lists, next question, evaluation, report in
//! every language, one role after another) and must not panic, overflow the
//! stack or hang.
#![no_main]
use libfuzzer_sys::fuzz_target;
use policycalc_core::expr::Value;
use policycalc_core::{engine, interview, report, Catalog, Date, Facts, Lang};

fuzz_target!(|data: &[u8]| {
    let catalog = match Catalog::from_compiled(data) {
        Ok(c) => c,
        Err(e) => {
            assert!(!e.to_string().contains('\n'));
            return;
        }
    };
    let vocab = &catalog.vocab;
    let as_of = Date::from_ymd(2025, 6, 30).expect("a date");
    // regions(): the roles each region's provisions concern; facts_info(): role ids.
    let roles = vocab.roles();
    for f in &vocab.facts {
        for r in &f.roles {
            let _ = &roles[usize::from(*r)].id;
        }
    }
    for region in &catalog.regions {
        let mut facts = Facts::empty(vocab);
        let _ = interview::next_question(vocab, region, &facts, as_of);
        for role in 0..=roles.len() {
            let ev = engine::evaluate(vocab, region, &facts, as_of);
            for lang in Lang::ALL {
                let r = report::build(&catalog, region, &facts, &ev, lang);
                let _ = serde_json::to_string(&r);
            }
            let _ = interview::next_from(vocab, region, &facts, &ev);
            facts.set(vocab.role_fact, Some(Value::Sym(role as u16)));
        }
    }
});
