//! The interview: which question to ask next, and how long interviews get.
//!
//! Candidates are the missing facts of undetermined provisions, filtered by
//! role (a fact lists the roles that may be asked it) and by the fact's
//! `ask_if` guard (no "how many interns were kept on" before "how many
//! interns" is above 0). The role itself comes first. The best candidate
//! settles the most open provisions; ties go to vocabulary order, which is
//! curated to read naturally. Derived facts and judged facts (decided by a
//! bureau, `judged_by`) are never asked.

use crate::date::Date;
use crate::engine::{self, EvalEnv, Evaluation, Status};
use crate::expr::{CmpOp, Expr, FactId, FactSet, Tri, Value};
use crate::pack::Region;
use crate::vocab::{FactType, Facts, Vocabulary};
use rust_decimal::Decimal;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    pub fact: FactId,
    /// How many open provisions this answer bears on.
    pub open_provisions: usize,
    /// Of all open provisions, for a progress indicator.
    pub total_open: usize,
}

/// The next question, or `None` when nothing askable is still open.
pub fn next_question(vocab: &Vocabulary, region: &Region, facts: &Facts, as_of: Date) -> Option<Question> {
    next_question_skipping(vocab, region, facts, as_of, &FactSet::default())
}

/// The next question, never one of `skipped`: the facts the person said
/// "not sure" to stay unanswered (their provisions stay undetermined) and
/// the interview moves on to what they can answer.
pub fn next_question_skipping(vocab: &Vocabulary, region: &Region, facts: &Facts, as_of: Date, skipped: &FactSet) -> Option<Question> {
    let evaluation = engine::evaluate(vocab, region, facts, as_of);
    next_from_skipping(vocab, region, facts, &evaluation, skipped)
}

pub fn next_from(vocab: &Vocabulary, region: &Region, facts: &Facts, evaluation: &Evaluation) -> Option<Question> {
    next_from_skipping(vocab, region, facts, evaluation, &FactSet::default())
}

pub fn next_from_skipping(vocab: &Vocabulary, region: &Region, facts: &Facts, evaluation: &Evaluation, skipped: &FactSet) -> Option<Question> {
    if evaluation.role.is_none() {
        return Some(Question { fact: vocab.role_fact, open_provisions: evaluation.outcomes.len(), total_open: evaluation.outcomes.len() });
    }
    let role = evaluation.role?;
    let env = EvalEnv { vocab, region, facts, as_of: evaluation.as_of };
    let open: Vec<_> = evaluation.outcomes.iter().filter(|o| o.status == Status::Undetermined).collect();
    let mut best: Option<Question> = None;
    for (index, def) in vocab.facts.iter().enumerate() {
        let fact = index as FactId;
        // Judged facts are decided outside the interview (`judged_by`).
        if facts.get(fact).is_some() || !def.roles.contains(&role) || def.judged_by.is_some() || skipped.contains(fact) {
            continue;
        }
        let bears = open.iter().filter(|o| o.missing.contains(fact)).count();
        if bears == 0 {
            continue;
        }
        let allowed = match &def.ask_if {
            Some(guard) => matches!(guard.eval(&env), Ok(Tri::Known(Value::Bool(true)))),
            None => true,
        };
        if allowed && best.as_ref().map_or(true, |b| bears > b.open_provisions) {
            best = Some(Question { fact, open_provisions: bears, total_open: open.len() });
        }
    }
    best
}

/// Interview lengths for one role in one region.
#[derive(Clone, Debug, PartialEq)]
pub struct InterviewStats {
    pub role: String,
    /// Completed interviews explored (one per combination of representative answers).
    pub interviews: u64,
    /// Questions asked after the role, at most and on average.
    pub max_questions: usize,
    pub mean_questions: Decimal,
    /// Provisions left undetermined at the end of some interview (a pack bug).
    pub stuck: Vec<String>,
    /// False if the exploration hit its budget before covering every path.
    pub exhaustive: bool,
}

/// Explores every interview path for `role`, answering each question with a
/// few representative values (both booleans, every enum value, counts just
/// below and at each threshold the rules compare them with, dates on both
/// sides of the two-year window), and reports the lengths.
pub fn interview_stats(vocab: &Vocabulary, region: &Region, role: u16, as_of: Date) -> InterviewStats {
    let mut facts = Facts::empty(vocab);
    facts.set(vocab.role_fact, Some(Value::Sym(role)));
    let mut walk = Walk {
        vocab,
        region,
        as_of,
        interviews: 0,
        total_len: 0,
        max_len: 0,
        stuck: Vec::new(),
        budget: 200_000,
        samples: representative_values(vocab, region, as_of),
    };
    walk.dfs(&mut facts, 0);
    let mut mean = Decimal::from(walk.total_len).checked_div(Decimal::from(walk.interviews)).unwrap_or_default().round_dp(2);
    mean.rescale(2);
    walk.stuck.sort();
    walk.stuck.dedup();
    InterviewStats {
        role: vocab.roles().get(usize::from(role)).map(|r| r.id.clone()).unwrap_or_default(),
        interviews: walk.interviews,
        max_questions: walk.max_len,
        mean_questions: mean,
        stuck: walk.stuck,
        exhaustive: walk.budget > 0,
    }
}

struct Walk<'a> {
    vocab: &'a Vocabulary,
    region: &'a Region,
    as_of: Date,
    interviews: u64,
    total_len: u64,
    max_len: usize,
    stuck: Vec<String>,
    budget: u64,
    samples: Vec<Vec<Value>>,
}

impl Walk<'_> {
    fn dfs(&mut self, facts: &mut Facts, depth: usize) {
        if self.budget == 0 {
            return;
        }
        let evaluation = engine::evaluate(self.vocab, self.region, facts, self.as_of);
        match next_from(self.vocab, self.region, facts, &evaluation) {
            Some(q) => {
                let values = self.samples.get(usize::from(q.fact)).cloned().unwrap_or_default();
                for v in values {
                    facts.set(q.fact, Some(v));
                    // Depth is at most the number of facts.
                    self.dfs(facts, depth.saturating_add(1));
                }
                facts.set(q.fact, None);
            }
            None => {
                // The budget (200,000 interviews) bounds every count here.
                self.budget = self.budget.saturating_sub(1);
                self.interviews = self.interviews.saturating_add(1);
                self.total_len = self.total_len.saturating_add(depth as u64);
                self.max_len = self.max_len.max(depth);
                for o in evaluation.outcomes.iter().filter(|o| o.status == Status::Undetermined) {
                    if let Some(p) = self.region.provisions.get(o.provision) {
                        self.stuck.push(p.id.clone());
                    }
                }
            }
        }
    }
}

/// A few answers per fact that exercise every branch of the region's rules.
fn representative_values(vocab: &Vocabulary, region: &Region, as_of: Date) -> Vec<Vec<Value>> {
    let mut thresholds: Vec<Vec<Decimal>> = vec![Vec::new(); vocab.facts.len()];
    let mut visit = |e: &Expr| {
        if let Expr::Cmp(op, l, r) = e {
            if let (Expr::Fact(f), Expr::Lit(Value::Num(k))) = (l.as_ref(), r.as_ref()) {
                let k = *k;
                // A literal at the edge of the decimal range has no neighbour
                // to sample; the threshold itself still is.
                let (below, at) = match op {
                    CmpOp::Gt | CmpOp::Le => (Some(k), k.checked_add(Decimal::ONE)),
                    _ => (k.checked_sub(Decimal::ONE), Some(k)),
                };
                if let Some(values) = thresholds.get_mut(usize::from(*f)) {
                    values.extend(below.into_iter().chain(at));
                }
            }
        }
    };
    for p in &region.provisions {
        if let Some(w) = &p.when {
            w.walk(&mut visit);
        }
    }
    for d in &vocab.derived {
        d.definition.walk(&mut visit);
    }
    for f in &vocab.facts {
        if let Some(g) = &f.ask_if {
            g.walk(&mut visit);
        }
    }
    vocab
        .facts
        .iter()
        .enumerate()
        .map(|(i, def)| match def.ty {
            FactType::Bool => vec![Value::Bool(true), Value::Bool(false)],
            FactType::Enum => (0..def.values.len() as u16).map(Value::Sym).collect(),
            FactType::Integer => {
                let mut values: Vec<Decimal> =
                    thresholds.get(i).into_iter().flatten().copied().filter(|v| !v.is_sign_negative()).collect();
                values.extend([Decimal::ZERO, Decimal::ONE]);
                values.sort();
                values.dedup();
                values.into_iter().map(Value::Num).collect()
            }
            FactType::Decimal => vec![Value::Num(Decimal::new(123456, 2))],
            FactType::Date => [as_of.add_years(-5), as_of.add_months(-18), as_of.add_months(-1), as_of.add_months(6)]
                .into_iter()
                .flatten()
                .map(Value::Date)
                .collect(),
        })
        .collect()
}
