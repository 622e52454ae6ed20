//! Evaluation: every provision of a region on an as-of date, three-valued.
//!
//! This is the hot path (batch rows, what-if search, next-question), so it
//! produces compact outcomes only; texts and explanations are built on top
//! by `report`.

use crate::date::Date;
use crate::expr::{DerivedId, Env, EvalError, Expr, FactId, FactSet, ParamId, Tri, Value};
use crate::pack::{AmountRule, Period, Provision, Region, ValidityKind};
use crate::vocab::{Facts, Vocabulary};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")] #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Status {
    Eligible,
    Ineligible,
    Undetermined,
    /// Eligible if conditions nobody in the interview can settle hold
    /// (judged facts, `FactDef::judged_by`): every fact still missing is
    /// judged and the amount computes. Listed with its amount and the open
    /// judged facts in `missing`; never in totals.
    Conditional,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")] #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ValidityStatus {
    InForce,
    /// The stated horizon has passed; it may have been extended.
    Expired,
    /// Promised, not yet issued.
    Announced,
    NotYetInForce,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")] #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum MoneyKind {
    Exact,
    UpTo,
    Range,
}

/// A computed amount in yuan, rounded to the fen by [`round_yuan`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Money {
    pub kind: MoneyKind,
    /// `None` for an "up to" cap: the document guarantees no minimum.
    pub min: Option<Decimal>,
    pub max: Decimal,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// Index of the provision in its region.
    pub provision: usize,
    pub status: Status,
    /// Facts still missing that could change the status or the amount.
    pub missing: FactSet,
    pub money: Option<Money>,
    pub error: Option<EvalError>,
    pub validity: ValidityStatus,
    pub superseded_by: Option<usize>,
    pub counts_in_totals: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Total {
    pub period: Period,
    /// Sum of exact amounts and range minimums; "up to" caps add nothing here.
    pub min: Decimal,
    /// Sum of exact amounts, range maximums and caps.
    pub max: Decimal,
    pub provisions: Vec<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation {
    pub as_of: Date,
    pub role: Option<u16>,
    pub outcomes: Vec<Outcome>,
    pub totals: Vec<Total>,
}

/// The one rounding rule: half away from zero (half-up for the non-negative
/// amounts we produce) to 0.01 yuan, applied once to each provision's amount.
pub fn round_yuan(amount: Decimal) -> Decimal {
    let mut rounded = amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(2);
    rounded
}

/// A per-month amount totalled over the months the applicant gave
/// (`amount.months` in the pack): its own figure, never added to the
/// per-month totals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OverPeriod {
    pub months: Decimal,
    pub min: Option<Decimal>,
    pub max: Decimal,
}

/// The total over the period for a provision's amount, once its months fact
/// is answered: the monthly figure (already rounded to the fen) times whole
/// months, so exact with no second rounding. `None` when the provision has
/// no months fact, no amount, or the months are not given; `Overflow` when
/// the product does not fit.
pub fn over_period(provision: &Provision, money: Option<Money>, facts: &Facts) -> Option<Result<OverPeriod, EvalError>> {
    let Some(Value::Num(months)) = facts.get(provision.amount.months?) else { return None };
    let money = money?;
    let times = |yuan: Decimal| yuan.checked_mul(months).and_then(checked_round_yuan).ok_or(EvalError::Overflow);
    Some((|| Ok(OverPeriod { months, min: money.min.map(times).transpose()?, max: times(money.max)? }))())
}

/// [`round_yuan`], or `None` when the amount is too large to carry two
/// decimals in 28 digits (`rescale` then keeps fewer, silently).
pub fn checked_round_yuan(amount: Decimal) -> Option<Decimal> {
    Some(round_yuan(amount)).filter(|r| r.scale() == 2)
}

/// Values for expressions: the answers, derived facts, parameters on the date.
pub struct EvalEnv<'a> {
    pub vocab: &'a Vocabulary,
    pub region: &'a Region,
    pub facts: &'a Facts,
    pub as_of: Date,
}

impl EvalEnv<'_> {
    /// `expr` on these facts, for callers in other crates: the one compiled
    /// instance of the generic [`Expr::eval`] for the engine's environment (a
    /// generic call from another crate compiles the evaluator again there;
    /// measured 4.5 KB of the Excel module).
    pub fn eval(&self, expr: &Expr) -> Result<Tri, EvalError> {
        expr.eval(self)
    }
}

impl Env for EvalEnv<'_> {
    fn fact(&self, id: FactId) -> Option<Value> {
        self.facts.get(id)
    }
    fn derived(&self, id: DerivedId) -> Result<Tri, EvalError> {
        match self.vocab.derived.get(usize::from(id)) {
            Some(def) => def.definition.eval(self),
            None => Ok(Tri::Unknown(FactSet::default())),
        }
    }
    fn param(&self, id: ParamId) -> Result<Decimal, EvalError> {
        self.region
            .parameters
            .get(usize::from(id))
            .and_then(|p| p.on(self.as_of))
            .map(|v| v.value)
            .ok_or(EvalError::NoParameterValue { param: id, on: self.as_of })
    }
    fn as_of(&self) -> Date {
        self.as_of
    }
}

pub fn validity_on(provision: &Provision, as_of: Date) -> ValidityStatus {
    let v = &provision.validity;
    match v.kind {
        ValidityKind::Announced => ValidityStatus::Announced,
        ValidityKind::InForce => dated_validity(v.from, v.until, as_of),
    }
}

/// In force, not yet or expired on `as_of`, from inclusive `from`/`until`
/// (a provision's dates, or a national standard's shown as context).
pub fn dated_validity(from: Option<Date>, until: Option<Date>, as_of: Date) -> ValidityStatus {
    if from.is_some_and(|from| as_of < from) {
        ValidityStatus::NotYetInForce
    } else if until.is_some_and(|until| as_of > until) {
        ValidityStatus::Expired
    } else {
        ValidityStatus::InForce
    }
}

/// Whether the provision applies to the role (`None`: role not yet known).
pub fn role_matches(provision: &Provision, role: Option<u16>) -> Option<bool> {
    role.map(|r| provision.roles.contains(&r))
}

/// A provision decided without three-valued logic (the compiled plan's
/// known path, `plan::known`): every fact it reads is answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decided {
    Ineligible,
    /// Eligible, with the amount rounded to the fen (`None`: the document
    /// states no figure).
    Eligible(Option<Money>),
}

/// How a provision's expressions get their values: the interpreter
/// ([`EvalEnv`], the reference) or the compiled plan (`plan::Plan`). Both
/// run the same rules around them (status, missing facts, money, totals).
pub(crate) trait Evaluator {
    fn as_of(&self) -> Date;
    /// The applicant's role, when answered.
    fn role(&self) -> Option<u16>;
    fn vocab(&self) -> &Vocabulary;
    fn validity(&self, index: usize, p: &Provision) -> ValidityStatus;
    /// The provision's condition `when` (its `index` in the region).
    fn condition(&self, index: usize, when: &Expr) -> Result<Tri, EvalError>;
    /// Amount expression `which` (0, or 1 for a range's upper end).
    fn amount(&self, index: usize, which: usize, expr: &Expr) -> Result<Tri, EvalError>;
    /// A non-negative amount rounded to the fen ([`checked_round_yuan`]).
    fn round(&self, amount: Decimal) -> Option<Decimal>;
    /// `a + b`, `None` on overflow (`Decimal::checked_add`), for the totals.
    fn add(&self, a: Decimal, b: Decimal) -> Option<Decimal>;
    /// The provision decided at once, with the role known: its status and
    /// money written into `outcome` (in place: a returned value was copied
    /// back through the stack, a store-forwarding stall per provision) and
    /// `true`; `false` when the three-valued way decides.
    fn decided(&self, _index: usize, _outcome: &mut Outcome) -> bool {
        false
    }
    /// The indices of the provisions for `role`, in order, when worked out
    /// beforehand (`None`: each provision's roles are looked at).
    fn of_role(&self, _role: u16) -> Option<&[usize]> {
        None
    }
    /// The provisions `chosen` (the role's, from [`Evaluator::of_role`])
    /// decided at once, in order, their outcomes pushed onto `outcomes`
    /// (empty), with what is left to do for them; `None` when one needs the
    /// three-valued way (the loop in [`evaluate_into`] then decides them all).
    fn decide_all(&self, _chosen: &[usize], _outcomes: &mut Vec<Outcome>) -> Option<Left> {
        None
    }
}

impl Evaluator for EvalEnv<'_> {
    fn as_of(&self) -> Date {
        self.as_of
    }
    fn role(&self) -> Option<u16> {
        match self.facts.get(self.vocab.role_fact) {
            Some(Value::Sym(r)) => Some(r),
            _ => None,
        }
    }
    fn vocab(&self) -> &Vocabulary {
        self.vocab
    }
    fn validity(&self, _: usize, p: &Provision) -> ValidityStatus {
        validity_on(p, self.as_of)
    }
    fn condition(&self, _: usize, when: &Expr) -> Result<Tri, EvalError> {
        when.eval(self)
    }
    fn amount(&self, _: usize, _: usize, expr: &Expr) -> Result<Tri, EvalError> {
        expr.eval(self)
    }
    fn round(&self, amount: Decimal) -> Option<Decimal> {
        checked_round_yuan(amount)
    }
    fn add(&self, a: Decimal, b: Decimal) -> Option<Decimal> {
        crate::expr::arith(crate::expr::ArithOp::Add, a, b).ok()
    }
}

/// Evaluates every provision of `region` that concerns the applicant's role.
/// With the role unknown, every provision is listed and the role is missing.
pub fn evaluate(vocab: &Vocabulary, region: &Region, facts: &Facts, as_of: Date) -> Evaluation {
    let mut out = Evaluation { as_of, role: None, outcomes: Vec::new(), totals: Vec::new() };
    evaluate_into(&EvalEnv { vocab, region, facts, as_of }, region, &mut out);
    out
}

/// [`evaluate`] into `out`, whose vectors are reused (a batch evaluates
/// many rows into one). `dyn`: one copy for both evaluators (measured:
/// a generic one put a second copy in the batch's wasm module).
pub(crate) fn evaluate_into(x: &dyn Evaluator, region: &Region, out: &mut Evaluation) {
    let role = x.role();
    out.as_of = x.as_of();
    out.role = role;
    out.outcomes.clear();
    // The role's provisions from the evaluator when it has them, else every
    // provision whose roles allow it: one loop (one copy of its body in the
    // wasm modules).
    let chosen = role.and_then(|r| x.of_role(r));
    let decided = chosen.and_then(|c| x.decide_all(c, &mut out.outcomes));
    let count = if decided.is_some() {
        0
    } else {
        out.outcomes.clear();
        chosen.map_or(region.provisions.len(), <[usize]>::len)
    };
    for k in 0..count {
        let index = chosen.map_or(Some(k), |c| c.get(k).copied());
        let Some((index, p)) = index.and_then(|i| Some((i, region.provisions.get(i)?))) else { continue };
        if chosen.is_none() && role_matches(p, role) == Some(false) {
            continue;
        }
        // Written in place: an outcome returned by value was copied through
        // the stack after its fields' narrower stores, a store-forwarding
        // stall per provision (perf annotate, the plan's known path).
        out.outcomes.push(blank(index, x.validity(index, p)));
        if let Some(o) = out.outcomes.last_mut() {
            provision_outcome(x, index, p, role.is_none(), o);
        }
    }
    let outcomes = &mut out.outcomes;
    let left = decided.unwrap_or(Left { supersedes: true, counts: true });
    if !(left.supersedes || left.counts) || !outcomes.iter().any(|o| o.status == Status::Eligible) {
        // Nothing supersedes, counts or is totalled (most rows of a batch).
        out.totals.clear();
        return;
    }

    // An eligible provision that supersedes another (a higher rate replacing
    // the base rate) takes its place in the totals. Status is not changed
    // here, so marking in outcome order is marking after collecting.
    for k in 0..if left.supersedes { outcomes.len() } else { 0 } {
        let Some(by) = outcomes.get(k).filter(|o| o.status == Status::Eligible).map(|o| o.provision) else { continue };
        let Some(p) = region.provisions.get(by) else { continue };
        for target in &p.supersedes {
            if let Some(o) = outcomes.iter_mut().find(|o| o.provision == *target) {
                o.superseded_by = Some(by);
            }
        }
    }
    if !left.counts {
        // Every outcome's `counts_in_totals` is still its blank `false`.
        out.totals.clear();
        return;
    }
    for o in outcomes.iter_mut() {
        // Outcomes come from `region.provisions`, so every index is there.
        let Some(p) = region.provisions.get(o.provision) else { continue };
        // Only money in force on the as-of date: an announced plan or one not
        // yet in force is promised, not payable, and is never added to it.
        o.counts_in_totals = o.status == Status::Eligible
            && o.money.is_some()
            && o.superseded_by.is_none()
            && p.kind.is_totalled()
            && !p.programme
            && o.validity == ValidityStatus::InForce;
    }
    totals(x, region, outcomes, &mut out.totals);
}

/// What is left to do for a row's outcomes once decided
/// ([`Evaluator::decide_all`]): whether an eligible provision supersedes
/// another, and whether one may count in the totals ([`may_count`]). Most
/// rows need neither pass (announced plans, services, nothing eligible).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Left {
    pub supersedes: bool,
    pub counts: bool,
}

/// Whether the provision, eligible, may count in the totals on `as_of`:
/// money paid out, not a programme, in force (and a period to total in).
pub(crate) fn may_count(p: &Provision, as_of: Date) -> bool {
    p.kind.is_totalled() && !p.programme && p.amount.period.is_some() && validity_on(p, as_of) == ValidityStatus::InForce
}

pub(crate) fn evaluate_provision(env: &EvalEnv, index: usize, p: &Provision, role_unknown: bool) -> Outcome {
    let mut outcome = blank(index, validity_on(p, env.as_of));
    provision_outcome(env, index, p, role_unknown, &mut outcome);
    outcome
}

/// Provision `index` undetermined, nothing computed yet.
pub(crate) fn blank(index: usize, validity: ValidityStatus) -> Outcome {
    Outcome {
        provision: index,
        status: Status::Undetermined,
        missing: FactSet::default(),
        money: None,
        error: None,
        validity,
        superseded_by: None,
        counts_in_totals: false,
    }
}

/// Decides a [`blank`] outcome.
fn provision_outcome(x: &dyn Evaluator, index: usize, p: &Provision, role_unknown: bool, outcome: &mut Outcome) {
    if !role_unknown && x.decided(index, outcome) {
        return;
    }
    let condition = match &p.when {
        Some(when) => x.condition(index, when),
        None => Ok(Tri::Known(Value::Bool(true))),
    };
    let condition = match condition {
        Ok(t) => t,
        Err(e) => {
            outcome.error = Some(e);
            return;
        }
    };
    let vocab = x.vocab();
    let role_set = if role_unknown { FactSet::single(vocab.role_fact) } else { FactSet::default() };
    match condition {
        Tri::Known(Value::Bool(false)) => {
            outcome.status = Status::Ineligible;
        }
        // Only judged facts are open: the amount the text gives "if …".
        Tri::Unknown(missing) if !role_unknown && !missing.is_empty() && missing.iter().all(|f| vocab.is_judged(f)) => {
            match compute_money(x, index, &p.amount.rule) {
                MoneyEval::Unknown(more) => outcome.missing = missing.union(more),
                MoneyEval::Failed(e) => outcome.error = Some(e),
                MoneyEval::Computed(money) => {
                    outcome.money = money;
                    outcome.missing = missing;
                    outcome.status = Status::Conditional;
                }
            }
        }
        Tri::Unknown(missing) => {
            outcome.missing = missing.union(role_set);
        }
        Tri::Known(_) => match compute_money(x, index, &p.amount.rule) {
            MoneyEval::Unknown(missing) => outcome.missing = missing.union(role_set),
            MoneyEval::Failed(e) => outcome.error = Some(e),
            MoneyEval::Computed(money) => {
                outcome.money = money;
                if role_unknown {
                    outcome.missing = role_set;
                } else {
                    outcome.status = Status::Eligible;
                }
            }
        },
    }
}

enum MoneyEval {
    Unknown(FactSet),
    /// `None` when the document states no figure (not stated, free, none).
    Computed(Option<Money>),
    Failed(EvalError),
}

fn compute_money(x: &dyn Evaluator, index: usize, rule: &AmountRule) -> MoneyEval {
    let num = |which: usize, e: &Expr| -> Result<Decimal, MoneyEval> {
        match x.amount(index, which, e) {
            Err(err) => Err(MoneyEval::Failed(err)),
            Ok(Tri::Known(Value::Num(n))) if !n.is_sign_negative() => x.round(n).ok_or(MoneyEval::Failed(EvalError::Overflow)),
            // Formulas are checked at load to never subtract; a negative or
            // non-numeric result means inconsistent data, reported as such.
            Ok(Tri::Known(_)) => Err(MoneyEval::Failed(EvalError::Overflow)),
            Ok(Tri::Unknown(set)) => Err(MoneyEval::Unknown(set)),
        }
    };
    let money = match rule {
        AmountRule::Exact(e) => num(0, e).map(|n| Money { kind: MoneyKind::Exact, min: Some(n), max: n }),
        AmountRule::UpTo(e) => num(0, e).map(|n| Money { kind: MoneyKind::UpTo, min: None, max: n }),
        AmountRule::Range(lo, hi) => match (num(0, lo), num(1, hi)) {
            (Ok(a), Ok(b)) => Ok(Money { kind: MoneyKind::Range, min: Some(a.min(b)), max: a.max(b) }),
            (Err(MoneyEval::Unknown(x)), Err(MoneyEval::Unknown(y))) => Err(MoneyEval::Unknown(x.union(y))),
            (Err(e), _) | (_, Err(e)) => Err(e),
        },
        AmountRule::NotStated | AmountRule::Free | AmountRule::None => return MoneyEval::Computed(None),
    };
    match money {
        Ok(m) => MoneyEval::Computed(Some(m)),
        Err(e) => e,
    }
}

/// Adds up the amounts that count, per period. An amount that would overflow
/// its total (28 digits of yuan: only a pack with absurd parameters gets
/// there) is left out of it and its outcome carries the overflow error, so a
/// total is never a saturated or wrapped number.
fn totals(x: &dyn Evaluator, region: &Region, outcomes: &mut [Outcome], totals: &mut Vec<Total>) {
    // A reused evaluation's totals are emptied, not dropped (rows mostly
    // share their periods: no allocation); the still empty go at the end.
    for t in totals.iter_mut() {
        (t.min, t.max) = (Decimal::ZERO, Decimal::ZERO);
        t.provisions.clear();
    }
    for o in outcomes.iter_mut().filter(|o| o.counts_in_totals) {
        let period = region.provisions.get(o.provision).and_then(|p| p.amount.period);
        let (Some(money), Some(period)) = (o.money, period) else {
            continue;
        };
        // Kept in period order as they are created (at most three; no sort
        // code in the wasm module).
        let index = totals.partition_point(|t| t.period < period);
        if totals.get(index).map_or(true, |t| t.period != period) {
            totals.insert(index, Total { period, min: Decimal::ZERO, max: Decimal::ZERO, provisions: Vec::new() });
        }
        let Some(total) = totals.get_mut(index) else { continue };
        let sums = x.add(total.min, money.min.unwrap_or(Decimal::ZERO)).zip(x.add(total.max, money.max));
        let Some((min, max)) = sums.and_then(|(min, max)| Some((x.round(min)?, x.round(max)?))) else {
            o.error = Some(EvalError::Overflow);
            o.counts_in_totals = false;
            continue;
        };
        total.min = min;
        total.max = max;
        total.provisions.push(o.provision);
    }
    totals.retain(|t| !t.provisions.is_empty());
}

