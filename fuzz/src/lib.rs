//! Shared pieces of the fuzz targets: the embedded catalog, a fuzzed as-of
//! date, and the invariants every evaluation, report and next question must
//! hold whatever the input (see ARCHITECTURE.md "Invariants"). A broken
//! invariant panics, which libFuzzer records as a crash.

use policycalc_core::engine::{self, Evaluation, Status};
use policycalc_core::error::InputError;
use policycalc_core::expr::Value;
use policycalc_core::interview;
use policycalc_core::pack::Region;
use policycalc_core::{report, Catalog, Date, Facts, Lang};
use rust_decimal::Decimal;
use std::sync::OnceLock;

/// The native embedded catalog, decoded once per process.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| policycalc_catalog::embedded().expect("the embedded catalog decodes"))
}

/// Splits off a two-byte prefix as an as-of date: mostly the years the
/// policies span (so validity edges are reached), sometimes any supported
/// year, never an invalid day (as-of text is fuzzed by `wasm_inputs`).
pub fn as_of(data: &[u8]) -> (Date, &[u8]) {
    let (a, b, rest) = match data {
        [a, b, rest @ ..] => (*a, *b, rest),
        _ => (0, 0, data),
    };
    let year = if a < 224 { 2015 + i32::from(a % 20) } else { 1900 + i32::from(b) * 301 / 256 };
    let month = 1 + u32::from(b % 12);
    let day = 1 + u32::from((a / 20) ^ (b / 12)) % 31;
    let date = (0..4).find_map(|back| Date::from_ymd(year, month, day.saturating_sub(back).max(1)));
    (date.expect("a day of 28 or less exists in every month"), rest)
}

/// A typed input error names what was wrong in a one-line message, and its
/// field (when it has one) is one of the inputs given.
pub fn check_input_error(e: &InputError, inputs: &[&str]) {
    let text = e.to_string();
    assert!(!text.is_empty() && !text.contains('\n'), "{e:?}: message must be one line");
    assert!(!e.code().is_empty());
    if let Some(field) = e.field() {
        assert!(inputs.contains(&field) || field == "as_of", "{e:?}: field `{field}` is not an input");
    }
}

fn is_money(d: Decimal) -> bool {
    !d.is_sign_negative() && d.scale() == 2
}

/// Engine invariants: non-negative amounts rounded to the fen; eligible
/// implies no missing fact; undetermined names what could settle it; missing
/// facts are unanswered ones; only eligible amounts count; totals add up.
pub fn check_evaluation(catalog: &Catalog, region: &Region, facts: &Facts, ev: &Evaluation) {
    let vocab = &catalog.vocab;
    let role = match facts.get(vocab.role_fact) {
        Some(Value::Sym(r)) => Some(r),
        _ => None,
    };
    assert_eq!(ev.role, role);
    for o in &ev.outcomes {
        let p = &region.provisions[o.provision];
        if let Some(r) = role {
            assert!(p.roles.contains(&r), "{}: listed for another role", p.id);
        }
        if let Some(m) = o.money {
            assert!(is_money(m.max), "{}: amount {} is negative or not in fen", p.id, m.max);
            if let Some(min) = m.min {
                assert!(is_money(min) && min <= m.max, "{}: range {min}..{}", p.id, m.max);
            }
        }
        match o.status {
            Status::Eligible => assert!(o.missing.is_empty() && o.error.is_none(), "{}: eligible with missing facts", p.id),
            Status::Undetermined => assert!(!o.missing.is_empty() || o.error.is_some(), "{}: undetermined for no reason", p.id),
            Status::Ineligible => assert!(o.money.is_none() && o.error.is_none(), "{}: ineligible with an amount", p.id),
            Status::Conditional => assert!(
                !o.missing.is_empty() && o.missing.iter().all(|f| vocab.is_judged(f)) && !o.counts_in_totals,
                "{}: conditional but waits on more than judged facts, or counted",
                p.id
            ),
        }
        for f in o.missing.iter() {
            assert!(facts.get(f).is_none(), "{}: answered fact `{}` reported missing", p.id, vocab.fact(f).id);
        }
        if o.counts_in_totals {
            assert!(o.status == Status::Eligible && o.money.is_some() && o.superseded_by.is_none() && o.validity == engine::ValidityStatus::InForce, "{}: counted", p.id);
        }
    }
    for t in &ev.totals {
        assert!(is_money(t.min) && is_money(t.max) && t.min <= t.max, "total {t:?}");
        let counted: Vec<usize> = ev
            .outcomes
            .iter()
            .filter(|o| o.counts_in_totals && region.provisions[o.provision].amount.period == Some(t.period))
            .map(|o| o.provision)
            .collect();
        assert_eq!(t.provisions, counted, "total {:?} lists other provisions", t.period);
    }
}

/// Report invariants: one benefit per outcome with the same status; amounts
/// as in the evaluation; the canonical answers read back to the same facts;
/// the report serialises (the CLI's and the browser's output).
pub fn check_report(catalog: &Catalog, region: &Region, facts: &Facts, ev: &Evaluation, lang: Lang) {
    let r = report::build(catalog, region, facts, ev, lang);
    assert_eq!(r.benefits.len(), ev.outcomes.len());
    for (b, o) in r.benefits.iter().zip(&ev.outcomes) {
        assert_eq!(b.id, region.provisions[o.provision].id);
        assert_eq!(b.status, o.status);
        assert_eq!(b.missing_facts.len(), o.missing.len());
        if let Some(a) = &b.amount {
            let m = o.money.expect("an amount comes from the evaluation");
            assert_eq!((a.min, a.max), (m.min, m.max));
            assert!(!a.text.is_empty());
        }
        for w in &b.what_if {
            assert!(!w.changes.is_empty(), "{}: a what-if changes nothing", b.id);
            if let Some(gain) = w.gain {
                assert!(gain > Decimal::ZERO, "{}: what-if gain {gain}", b.id);
            }
        }
    }
    assert_eq!(r.complete, ev.outcomes.iter().all(|o| o.status != Status::Undetermined));
    let back = Facts::from_answers(&catalog.vocab, r.facts.iter().map(|(k, v)| (k.as_str(), v)))
        .expect("canonical answers read back");
    assert_eq!(&back, facts, "canonical answers do not read back to the same facts");
    let json = serde_json::to_string(&r).expect("the report serialises");
    assert!(json.starts_with('{'));
}

/// Next-question invariants: the role first; never an answered fact, a fact
/// of another role or one whose guard does not hold; it bears on an open
/// provision.
pub fn check_next_question(catalog: &Catalog, region: &Region, facts: &Facts, as_of: Date) -> Option<u16> {
    let vocab = &catalog.vocab;
    let q = interview::next_question(vocab, region, facts, as_of)?;
    let def = vocab.fact(q.fact);
    assert!(facts.get(q.fact).is_none(), "asked the answered fact `{}`", def.id);
    assert!(q.open_provisions >= 1 && q.open_provisions <= q.total_open, "{q:?}");
    match facts.get(vocab.role_fact) {
        Some(Value::Sym(role)) => {
            assert!(def.roles.contains(&role), "asked `{}` of another role", def.id);
            if let Some(guard) = &def.ask_if {
                let env = engine::EvalEnv { vocab, region, facts, as_of };
                let holds = guard.eval(&env);
                assert!(matches!(holds, Ok(policycalc_core::expr::Tri::Known(Value::Bool(true)))), "asked `{}` before its guard holds", def.id);
            }
        }
        _ => assert_eq!(q.fact, vocab.role_fact, "the role is asked first"),
    }
    Some(q.fact)
}

/// Evaluates `facts` in every region, as given and with each role, checking
/// the engine and next-question invariants; the report is built in every
/// language for the facts as given.
pub fn check_everywhere(catalog: &Catalog, facts: &Facts, as_of: Date) {
    let vocab = &catalog.vocab;
    for region in &catalog.regions {
        let ev = engine::evaluate(vocab, region, facts, as_of);
        check_evaluation(catalog, region, facts, &ev);
        for lang in Lang::ALL {
            check_report(catalog, region, facts, &ev, lang);
        }
        check_next_question(catalog, region, facts, as_of);
        for role in 0..vocab.roles().len() {
            let mut with_role = facts.clone();
            with_role.set(vocab.role_fact, Some(Value::Sym(role as u16)));
            let ev = engine::evaluate(vocab, region, &with_role, as_of);
            check_evaluation(catalog, region, &with_role, &ev);
            check_next_question(catalog, region, &with_role, as_of);
        }
    }
}

/// The catalog the page loads for `lang`: one language's texts, through the
/// compiled transport form (`policycalc export-catalog`).
pub fn page_catalog(lang: Lang) -> &'static Catalog {
    static CATALOGS: OnceLock<Vec<Catalog>> = OnceLock::new();
    let all = CATALOGS.get_or_init(|| {
        Lang::ALL
            .iter()
            .map(|l| Catalog::from_compiled(&policycalc_packs::encode(&catalog().clone().for_language(*l))).expect("a page catalog decodes"))
            .collect()
    });
    &all[Lang::ALL.iter().position(|l| *l == lang).expect("a known language")]
}

/// An evaluation exactly: every field, every Decimal by its bits (value,
/// scale, sign), for comparing the compiled plan with the interpreter.
pub fn fingerprint(e: &Evaluation) -> String {
    use std::fmt::Write;
    let bits = |d: Decimal| format!("{d}/{}/{:?}", d.scale(), d.serialize());
    let mut s = format!("as_of {} role {:?}\n", e.as_of, e.role);
    for o in &e.outcomes {
        let money = o.money.map(|m| format!("{:?} {:?} {}", m.kind, m.min.map(bits), bits(m.max)));
        let missing: Vec<u16> = o.missing.iter().collect();
        let _ = writeln!(
            s,
            "{} {:?} missing {missing:?} money {money:?} error {:?} {:?} superseded {:?} counts {}",
            o.provision, o.status, o.error, o.validity, o.superseded_by, o.counts_in_totals
        );
    }
    for t in &e.totals {
        let _ = writeln!(s, "total {:?} {} {} {:?}", t.period, bits(t.min), bits(t.max), t.provisions);
    }
    s
}
