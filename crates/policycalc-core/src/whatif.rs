//! What-if: the smallest change to the applicant's own facts that would make
//! a provision eligible, or raise its amount. A pure function of the rule
//! tree and the answers, so it is testable.
//!
//! Only facts marked `changeable` in the vocabulary are ever changed (hire
//! one more, retain one more, operate another year), and counts only go up:
//! nobody is told to graduate on another date or to host fewer interns.
//! For a conjunction the false parts are fixed one after another on the
//! updated facts; for a disjunction the cheapest branch wins.

use crate::engine::{self, EvalEnv, Outcome, Status};
use crate::expr::{CmpOp, Expr, FactId, Tri, Value};
use crate::pack::Region;
use crate::vocab::{FactType, Facts, Vocabulary};
use crate::Date;
use rust_decimal::Decimal;

/// One changed fact: from (maybe unanswered) to a new value.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub fact: FactId,
    pub from: Option<Value>,
    pub to: Value,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    pub changes: Vec<Change>,
    /// The provision's outcome after the change.
    pub outcome: Outcome,
}

/// Largest increase searched for one count (a million more of anything is
/// not advice).
const MAX_STEP: i64 = 1 << 20;

pub fn suggest(vocab: &Vocabulary, region: &Region, facts: &Facts, as_of: Date, current: &Outcome) -> Vec<Suggestion> {
    let Some(provision) = region.provisions.get(current.provision) else { return Vec::new() };
    let mut out = Vec::new();
    let evaluate_with = |changed: &Facts| {
        let env = EvalEnv { vocab, region, facts: changed, as_of };
        engine::evaluate_provision(&env, current.provision, provision, false)
    };
    match current.status {
        Status::Ineligible => {
            let Some(when) = &provision.when else { return out };
            let search = Search { vocab, region, as_of };
            if let Some(changes) = search.fix(when, facts) {
                if changes.is_empty() {
                    return out;
                }
                let mut changed = facts.clone();
                for c in &changes {
                    changed.set(c.fact, Some(c.to));
                }
                let outcome = evaluate_with(&changed);
                if outcome.status == Status::Eligible {
                    out.push(Suggestion { changes, outcome });
                }
            }
        }
        Status::Eligible => {
            // One more of a count the amount grows with.
            let Some(before) = current.money else { return out };
            let mut amount_facts: Vec<FactId> = Vec::new();
            for e in crate::pack::rule_exprs(&provision.amount.rule) {
                for f in e.facts(&|id| vocab.derived_facts(id)).iter() {
                    if !amount_facts.contains(&f) {
                        amount_facts.push(f);
                    }
                }
            }
            for fact in amount_facts {
                let def = vocab.fact(fact);
                if !def.changeable || def.ty != FactType::Integer {
                    continue;
                }
                let Some(Value::Num(n)) = facts.get(fact) else { continue };
                // A count at the top of the decimal range has no next value.
                let Some(next) = n.checked_add(Decimal::ONE) else { continue };
                if def.max.is_some_and(|max| next > max) {
                    continue;
                }
                let mut changed = facts.clone();
                changed.set(fact, Some(Value::Num(next)));
                let outcome = evaluate_with(&changed);
                if outcome.status == Status::Eligible && outcome.money.is_some_and(|m| m.max > before.max) {
                    out.push(Suggestion {
                        changes: vec![Change { fact, from: Some(Value::Num(n)), to: Value::Num(next) }],
                        outcome,
                    });
                }
            }
        }
        Status::Undetermined | Status::Conditional => {}
    }
    out
}

struct Search<'a> {
    vocab: &'a Vocabulary,
    region: &'a Region,
    as_of: Date,
}

impl Search<'_> {
    fn holds(&self, e: &Expr, facts: &Facts) -> Option<bool> {
        let env = EvalEnv { vocab: self.vocab, region: self.region, facts, as_of: self.as_of };
        e.eval(&env).ok().and_then(Tri::as_bool)
    }

    /// Changes that make `e` true, or `None` if none within reach.
    fn fix(&self, e: &Expr, facts: &Facts) -> Option<Vec<Change>> {
        if self.holds(e, facts) == Some(true) {
            return Some(Vec::new());
        }
        match e {
            Expr::And(parts) => {
                let mut current = facts.clone();
                let mut changes = Vec::new();
                for part in parts {
                    for c in self.fix(part, &current)? {
                        current.set(c.fact, Some(c.to));
                        changes.push(c);
                    }
                }
                (self.holds(e, &current) == Some(true)).then_some(changes)
            }
            Expr::Or(parts) => parts
                .iter()
                .filter_map(|p| self.fix(p, facts))
                .min_by_key(|changes| (changes.len(), cost(changes))),
            Expr::Derived(id) => {
                let def = self.vocab.derived.get(usize::from(*id))?;
                self.fix(&def.definition, facts)
            }
            Expr::Fact(id) => self.flip(*id, true, facts),
            Expr::Not(inner) => match inner.as_ref() {
                Expr::Fact(id) => self.flip(*id, false, facts),
                Expr::Cmp(op, l, r) => self.fix(&Expr::Cmp(negate(*op), l.clone(), r.clone()), facts),
                _ => None,
            },
            Expr::Cmp(..) => self.raise_count(e, facts),
            _ => None,
        }
    }

    fn flip(&self, id: FactId, to: bool, facts: &Facts) -> Option<Vec<Change>> {
        let def = self.vocab.fact(id);
        if !def.changeable || def.ty != FactType::Bool {
            return None;
        }
        Some(vec![Change { fact: id, from: facts.get(id), to: Value::Bool(to) }])
    }

    /// The smallest increase of one changeable count that makes `atom` true.
    fn raise_count(&self, atom: &Expr, facts: &Facts) -> Option<Vec<Change>> {
        let mut best: Option<Change> = None;
        for fact in atom.facts(&|id| self.vocab.derived_facts(id)).iter() {
            let def = self.vocab.fact(fact);
            if !def.changeable || def.ty != FactType::Integer {
                continue;
            }
            let Some(Value::Num(start)) = facts.get(fact) else { continue };
            let mut trial = facts.clone();
            let mut true_at = |step: i64| {
                let Some(value) = start.checked_add(Decimal::from(step)) else { return false };
                // A step past the fact's max tries the max itself: that keeps
                // the search monotone, so a threshold between two doubling
                // steps (4 -> 10 with max 10: 8 is too small, 12 too big) is found.
                let value = def.max.map_or(value, |max| value.min(max));
                trial.set(fact, Some(Value::Num(value)));
                self.holds(atom, &trial) == Some(true)
            };
            // Exponential search for a step that works, then binary search
            // for the smallest (conditions are monotone in a count). Steps
            // stay within 2 * MAX_STEP, so the saturating steps never saturate.
            let mut high: i64 = 1;
            while high <= MAX_STEP && !true_at(high) {
                high = high.saturating_mul(2);
            }
            if high > MAX_STEP {
                continue;
            }
            let mut low = high / 2;
            while high.saturating_sub(low) > 1 {
                let mid = low.saturating_add(high) / 2;
                if true_at(mid) {
                    high = mid;
                } else {
                    low = mid;
                }
            }
            let Some(to) = start.checked_add(Decimal::from(high)) else { continue };
            let candidate = Change { fact, from: Some(Value::Num(start)), to: Value::Num(to) };
            if best.as_ref().map_or(true, |b| cost(std::slice::from_ref(&candidate)) < cost(std::slice::from_ref(b))) {
                best = Some(candidate);
            }
        }
        best.map(|c| vec![c])
    }
}

fn negate(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Eq => CmpOp::Ne,
        CmpOp::Ne => CmpOp::Eq,
        CmpOp::Lt => CmpOp::Ge,
        CmpOp::Le => CmpOp::Gt,
        CmpOp::Gt => CmpOp::Le,
        CmpOp::Ge => CmpOp::Lt,
    }
}

/// Total size of the numeric changes (a flipped answer counts as 1). It only
/// ranks suggestions, so a size past the decimal range saturates: it ranks last.
fn cost(changes: &[Change]) -> Decimal {
    changes
        .iter()
        .map(|c| match (c.from, c.to) {
            (Some(Value::Num(a)), Value::Num(b)) => b.checked_sub(a).map_or(Decimal::MAX, |d| d.abs()),
            _ => Decimal::ONE,
        })
        .fold(Decimal::ZERO, Decimal::saturating_add)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cost_adds_the_steps_and_counts_a_flip_as_one() {
        let num = |n: i64| Value::Num(Decimal::from(n));
        let changes = [
            Change { fact: 0, from: Some(num(2)), to: num(5) },
            Change { fact: 1, from: None, to: Value::Bool(true) },
            Change { fact: 2, from: Some(Value::Bool(false)), to: Value::Bool(true) },
        ];
        assert_eq!(cost(&changes), Decimal::from(5));
        assert_eq!(cost(&[]), Decimal::ZERO);
        let huge = [Change { fact: 0, from: Some(Value::Num(Decimal::MIN)), to: Value::Num(Decimal::MAX) }];
        assert_eq!(cost(&huge), Decimal::MAX, "a size past the decimal range ranks last");
    }

    #[test]
    fn negate_is_the_complement_of_every_comparison() {
        for (op, not) in [
            (CmpOp::Eq, CmpOp::Ne),
            (CmpOp::Ne, CmpOp::Eq),
            (CmpOp::Lt, CmpOp::Ge),
            (CmpOp::Le, CmpOp::Gt),
            (CmpOp::Gt, CmpOp::Le),
            (CmpOp::Ge, CmpOp::Lt),
        ] {
            assert_eq!(negate(op), not);
        }
    }
}
