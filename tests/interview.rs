//! The interview: which question comes next, and whether every interview
//! ends. `interview_stats` is the library's own exploration; the walks here
//! re-check each question independently on every path (and on random
//! partial answer sets) against the vocabulary: asked of the role, allowed by
//! its `ask_if` guard, not yet answered, and needed by an open provision.

// A test stops at the first surprise: the workspace's no-panic lints are for
// the product's code (Cargo.toml, [workspace.lints]).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

mod support;

use policycalc_core::engine::{self, Evaluation, Status};
use policycalc_core::interview::{self, Question};
use policycalc_core::pack::Region;
use policycalc_core::vocab::FactType;
use policycalc_core::{Date, Facts};
use proptest::prelude::*;
use rust_decimal::Decimal;
use support::{catalog, date, fact_id, guard_holds, region_roles, role_name};

/// Raised from 12 for issue 10 (audit of packs against their documents):
/// Chengyang's worker items each carry a condition the text states and the
/// person can answer (unemployment insurance for the UI skills subsidy, the
/// accident insurance the platform subsidy pays towards, work for the dibao
/// work-cost deduction, low income, rural migrant), so its longest worker
/// path is 15 questions and its employer path 13 (the hire date judges the
/// graduate branches at hiring; the hire's priority group for the tax
/// relief). Conditions nobody can settle are judged facts and never asked.
/// Raised to 16 for f10-roles (audit D4, the same person finds the same
/// provisions whichever role): a Chengyang worker starting a business is asked
/// `plans_business` for the startup guarantee loan's interest subsidy and the
/// one-stop registration (创业担保贷款 is lent to the founder as a person), so
/// a recent graduate in flexible work answering as a worker reaches 16.
const MAX_QUESTIONS: usize = 16;

fn as_of_dates() -> Vec<Date> {
    ["2023-03-15", "2024-12-01", "2025-06-01", "2027-12-31"].into_iter().map(date).collect()
}

#[test]
fn every_interview_ends_within_the_question_limit_with_no_provision_stuck() {
    let c = catalog();
    let mut problems = Vec::new();
    let mut checked = 0;
    for as_of in as_of_dates() {
        for (r, role) in region_roles() {
            let region = &c.regions[r];
            let s = interview::interview_stats(&c.vocab, region, role, as_of);
            checked += 1;
            let what = format!("{} {} on {as_of}", region.id, s.role);
            if !s.exhaustive {
                problems.push(format!("{what}: exploration hit its budget ({} interviews)", s.interviews));
            }
            if s.max_questions > MAX_QUESTIONS {
                problems.push(format!("{what}: up to {} questions", s.max_questions));
            }
            if !s.stuck.is_empty() {
                problems.push(format!("{what}: stuck: {}", s.stuck.join(", ")));
            }
            if s.interviews == 0 {
                problems.push(format!("{what}: no interview explored"));
            }
        }
    }
    assert!(checked >= catalog().regions.len(), "every region was explored");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_first_question_with_no_answers_is_the_role() {
    let c = catalog();
    for as_of in as_of_dates() {
        for region in &c.regions {
            let q = interview::next_question(&c.vocab, region, &Facts::empty(&c.vocab), as_of)
                .unwrap_or_else(|| panic!("{}: no first question", region.id));
            assert_eq!(c.vocab.fact(q.fact).id, "role", "{} on {as_of}", region.id);
        }
    }
}

/// A few answers per fact that reach every branch of the current packs:
/// both booleans, every enum value, counts on both sides of the thresholds
/// (3 employees, 12 months, 3 years, interns > 0, half kept on), dates on both
/// sides of the two-year window and of the graduating year.
///
/// An independent oracle on purpose: it resembles `interview::representative_values`
/// (policycalc-core), which draws its counts from the packs' own thresholds,
/// but fixes its own; sharing one function would let a branch both miss go
/// unnoticed.
fn sample_answers(as_of: Date) -> Vec<Vec<policycalc_core::expr::Value>> {
    use policycalc_core::expr::Value;
    let c = catalog();
    c.vocab
        .facts
        .iter()
        .map(|def| match def.ty {
            FactType::Bool => vec![Value::Bool(true), Value::Bool(false)],
            FactType::Enum => (0..def.values.len() as u16).map(Value::Sym).collect(),
            FactType::Integer => [0, 1, 3, 12].map(|n| Value::Num(Decimal::from(n))).to_vec(),
            FactType::Decimal => vec![Value::Num(Decimal::new(123456, 2))],
            FactType::Date => [as_of.add_years(-5), as_of.add_months(-18), as_of.add_months(-1), as_of.add_months(6)]
                .into_iter()
                .flatten()
                .map(Value::Date)
                .collect(),
        })
        .collect()
}

/// Checks one question against the answers it was chosen for; returns what is wrong.
fn question_problems(region: &Region, facts: &Facts, as_of: Date, q: &Question) -> Vec<String> {
    let c = catalog();
    let vocab = &c.vocab;
    let e = engine::evaluate(vocab, region, facts, as_of);
    let fact = vocab.fact(q.fact);
    let mut out = Vec::new();
    let Some(role) = e.role else {
        if q.fact != vocab.role_fact {
            out.push(format!("asked `{}` before the role", fact.id));
        }
        return out;
    };
    if facts.get(q.fact).is_some() {
        out.push(format!("asked `{}` again", fact.id));
    }
    if !fact.roles.contains(&role) {
        out.push(format!("asked a {} `{}`, which is not asked of that role", role_name(role), fact.id));
    }
    if fact.judged_by.is_some() {
        out.push(format!("asked `{}`, a judged fact (decided by a body, never asked)", fact.id));
    }
    if !guard_holds(region, facts, as_of, q.fact) {
        out.push(format!("asked `{}` while its ask_if guard does not hold", fact.id));
    }
    let open: Vec<_> = e.outcomes.iter().filter(|o| o.status == Status::Undetermined).collect();
    let bearing = open.iter().filter(|o| o.missing.contains(q.fact)).count();
    if bearing == 0 {
        out.push(format!("asked `{}`, which no open provision depends on", fact.id));
    }
    if q.open_provisions != bearing || q.total_open != open.len() {
        out.push(format!(
            "`{}` reports {}/{} open provisions, the evaluation has {bearing}/{}",
            fact.id,
            q.open_provisions,
            q.total_open,
            open.len()
        ));
    }
    out
}

struct Walk<'a> {
    region: &'a Region,
    as_of: Date,
    samples: Vec<Vec<policycalc_core::expr::Value>>,
    /// Questions asked on the current path, in order.
    path: Vec<String>,
    interviews: usize,
    budget: usize,
    problems: Vec<String>,
    /// Called for every question asked, with the answers before it.
    on_question: &'a dyn Fn(&Facts, &Question) -> Option<String>,
    /// Called at the end of every interview with its answers and result.
    on_leaf: &'a dyn Fn(&Region, &Facts, &Evaluation) -> Vec<String>,
}

impl Walk<'_> {
    fn dfs(&mut self, facts: &mut Facts) {
        if self.interviews >= self.budget || self.problems.len() > 20 {
            return;
        }
        let c = catalog();
        match interview::next_question(&c.vocab, self.region, facts, self.as_of) {
            Some(q) => {
                let name = c.vocab.fact(q.fact).id.clone();
                let mut wrong = question_problems(self.region, facts, self.as_of, &q);
                wrong.extend((self.on_question)(facts, &q));
                for w in wrong {
                    self.problems.push(format!("{} on {} after [{}]: {w}", self.region.id, self.as_of, self.path.join(", ")));
                }
                if self.path.len() > MAX_QUESTIONS + 1 {
                    self.problems.push(format!("{}: path longer than {MAX_QUESTIONS} questions: {}", self.region.id, self.path.join(", ")));
                    return;
                }
                self.path.push(name);
                for v in self.samples[usize::from(q.fact)].clone() {
                    facts.set(q.fact, Some(v));
                    self.dfs(facts);
                }
                facts.set(q.fact, None);
                self.path.pop();
            }
            None => {
                self.interviews += 1;
                let e = engine::evaluate(&c.vocab, self.region, facts, self.as_of);
                for w in (self.on_leaf)(self.region, facts, &e) {
                    self.problems.push(format!("{} on {} after [{}]: {w}", self.region.id, self.as_of, self.path.join(", ")));
                }
                for o in e.outcomes.iter().filter(|o| o.status == Status::Undetermined) {
                    self.problems.push(format!(
                        "{} on {}: {} still open after [{}] (missing {:?})",
                        self.region.id,
                        self.as_of,
                        self.region.provisions[o.provision].id,
                        self.path.join(", "),
                        o.missing.iter().map(|f| c.vocab.fact(f).id.clone()).collect::<Vec<_>>()
                    ));
                }
                // The role is the first question and is not counted.
                if self.path.len() > MAX_QUESTIONS + 1 {
                    self.problems.push(format!("{}: {} questions: {}", self.region.id, self.path.len() - 1, self.path.join(", ")));
                }
            }
        }
    }
}

/// Walks every interview path of `roles` (all roles with provisions when
/// empty) in every region, answering with [`sample_answers`].
fn walk_all(
    roles: &[&str],
    on_question: &dyn Fn(&Facts, &Question) -> Option<String>,
    on_leaf: &dyn Fn(&Region, &Facts, &Evaluation) -> Vec<String>,
) -> (usize, Vec<String>) {
    let c = catalog();
    let mut problems = Vec::new();
    let mut interviews = 0;
    for as_of in [date("2025-06-01")] {
        for (r, role) in region_roles() {
            if !roles.is_empty() && !roles.contains(&role_name(role)) {
                continue;
            }
            let region = &c.regions[r];
            let mut walk = Walk {
                region,
                as_of,
                samples: sample_answers(as_of),
                path: vec!["role".into()],
                interviews: 0,
                budget: 50_000,
                problems: Vec::new(),
                on_question,
                on_leaf,
            };
            let mut facts = Facts::empty(&c.vocab);
            facts.set(c.vocab.role_fact, Some(policycalc_core::expr::Value::Sym(role)));
            walk.dfs(&mut facts);
            if walk.interviews >= walk.budget {
                problems.push(format!("{} {}: more than {} interviews, not all walked", region.id, role_name(role), walk.budget));
            }
            interviews += walk.interviews;
            problems.extend(walk.problems);
        }
    }
    (interviews, problems)
}

#[test]
fn every_question_on_every_interview_path_is_askable_and_needed() {
    let (interviews, problems) = walk_all(&[], &|_, _| None, &|_, _, _| Vec::new());
    assert!(interviews > 100, "only {interviews} interviews walked");
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

/// Issue 10: no plain "eligible" rests on a condition nobody checked. On
/// every interview path of every role in every region (judged facts are
/// never asked, so they stay open), a provision that ends eligible has no
/// judged fact open in its rule; one that has ends conditional.
#[test]
fn no_interview_path_ends_eligible_while_a_judged_condition_is_open() {
    let vocab = &catalog().vocab;
    let (interviews, problems) = walk_all(&[], &|_, _| None, &|region, facts, e| {
        let mut wrong = Vec::new();
        for o in &e.outcomes {
            let p = &region.provisions[o.provision];
            let open: Vec<&str> =
                p.facts.iter().filter(|f| vocab.is_judged(*f) && facts.get(*f).is_none()).map(|f| vocab.fact(f).id.as_str()).collect();
            // Eligible with a judged fact open is right only where the rule
            // settles without it (`training_provider or (college and
            // recognised)`): deciding it "no" must not change the answer.
            if o.status == Status::Eligible && !open.is_empty() {
                let mut denied = facts.clone();
                for f in p.facts.iter().filter(|f| vocab.is_judged(*f) && facts.get(*f).is_none()) {
                    denied.set(f, Some(policycalc_core::expr::Value::Bool(false)));
                }
                let again = engine::evaluate(vocab, region, &denied, e.as_of);
                if again.outcomes.iter().any(|a| a.provision == o.provision && a.status != Status::Eligible) {
                    wrong.push(format!("{} is eligible while judged {open:?} is open", p.id));
                }
            }
            if o.status == Status::Conditional && (o.missing.is_empty() || o.missing.iter().any(|f| !vocab.is_judged(f))) {
                wrong.push(format!("{} is conditional but waits on {:?}", p.id, o.missing.iter().map(|f| vocab.fact(f).id.clone()).collect::<Vec<_>>()));
            }
        }
        wrong
    });
    assert!(interviews > 100, "only {interviews} interviews walked");
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
    // The walk reaches the judged condition in use (Dandong D1).
    let c = catalog();
    let region = &c.regions[support::region_index("dandong")];
    let json = serde_json::json!({"role": "employer", "local_enterprise": true, "hires_local_vocational_graduates": true});
    let facts = Facts::from_json_map(&c.vocab, json.as_object().unwrap()).unwrap();
    let e = engine::evaluate(&c.vocab, region, &facts, date("2025-06-01"));
    let d1 = e.outcomes.iter().find(|o| region.provisions[o.provision].id == "dandong.local-vocational-graduate-hiring-reward").unwrap();
    assert_eq!(d1.status, Status::Conditional);
    let next = interview::next_from(&c.vocab, region, &facts, &e).map(|q| c.vocab.fact(q.fact).id.clone());
    assert_ne!(next.as_deref(), Some("notable_results_recognised"), "a judged fact is never asked");
}

#[test]
fn interns_retained_is_never_asked_before_interns_is_above_zero() {
    let interns = fact_id("interns");
    let retained = fact_id("interns_retained");
    let (interviews, problems) = walk_all(&["employer"], &|facts, q| {
        let above_zero = matches!(facts.get(interns), Some(policycalc_core::expr::Value::Num(n)) if n > Decimal::ZERO);
        (q.fact == retained && !above_zero).then(|| format!("asked interns_retained with interns = {:?}", facts.get(interns)))
    }, &|_, _, _| Vec::new());
    assert!(interviews > 0);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // And it is asked once interns > 0, where its answer still matters.
    let c = catalog();
    let region = &c.regions[support::region_index("bayannur")];
    let json = serde_json::json!({"role": "employer", "interns": 3, "early_contract_remaining_months": 0});
    let facts = Facts::from_json_map(&c.vocab, json.as_object().unwrap()).unwrap();
    let q = interview::next_question(&c.vocab, region, &facts, date("2025-06-01")).expect("a question");
    assert_eq!(c.vocab.fact(q.fact).id, "interns_retained");
}

#[test]
fn an_employer_is_never_asked_the_graduation_date() {
    let graduation = fact_id("graduation_date");
    let (interviews, problems) = walk_all(&["employer"], &|_, q| {
        (q.fact == graduation).then(|| "asked an employer graduation_date".to_string())
    }, &|_, _, _| Vec::new());
    assert!(interviews > 0);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: support::cases(), ..ProptestConfig::default() })]

    /// On any partial answer set, not just interview paths (answers may be
    /// given out of order, or to facts whose guard is now false).
    #[test]
    fn the_next_question_for_any_answers_is_askable_and_needed(raw in support::raw()) {
        let s = raw.build();
        let facts = s.facts();
        let c = catalog();
        match interview::next_question(&c.vocab, s.region(), &facts, s.as_of) {
            Some(q) => {
                let problems = question_problems(s.region(), &facts, s.as_of, &q);
                prop_assert!(problems.is_empty(), "{} {}: {}", s.region().id, role_name(s.role), problems.join("; "));
            }
            None => {
                // Nothing askable left: every open provision waits only for
                // facts that are answered-out-of-reach (guarded off).
                let e = s.evaluate();
                for o in e.outcomes.iter().filter(|o| o.status == Status::Undetermined) {
                    for f in o.missing.iter() {
                        prop_assert!(
                            !c.vocab.fact(f).roles.contains(&s.role) || !guard_holds(s.region(), &facts, s.as_of, f),
                            "{}: `{}` is askable and open but no question was returned",
                            s.region().provisions[o.provision].id, c.vocab.fact(f).id
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn with_the_role_unanswered_the_next_question_is_the_role(raw in support::raw()) {
        let s = raw.build().without("role");
        let c = catalog();
        let q = interview::next_question(&c.vocab, s.region(), &s.facts(), s.as_of);
        prop_assert_eq!(q.map(|q| q.fact), Some(c.vocab.role_fact));
    }
}
