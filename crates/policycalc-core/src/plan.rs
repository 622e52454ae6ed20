//! The compiled evaluation plan: one region's rules on one as-of date,
//! lowered once for evaluating many fact sets (the batch's rows).
//!
//! [`engine::evaluate`] walks the packs' expression trees and asks its
//! environment for every parameter, derived fact and the date, per row. A
//! [`Plan`] does that work once: every condition and amount of the region,
//! and every derived fact, is lowered into one flat array of nodes whose
//! children are indices (a derived fact is lowered once and shared by every
//! expression that uses it), with each parameter's value on the date, the
//! date itself and each provision's validity already in place. Comparisons
//! of a fact with a literal, the commonest condition, are one node. The
//! facts the plan reads are copied into a [`Row`] of dense slots (a region
//! reads a few dozen of the vocabulary's facts), and rows are evaluated into
//! a reused [`Evaluation`]: no allocation per row.
//!
//! Numbers stay `Decimal` values (the reference's exact representation),
//! but addition, multiplication and the rounding to the fen take an integer
//! fast path (`i128` mantissas, native builds) whenever the exact result is
//! representable, and fall back to `rust_decimal` otherwise, so overflow
//! and division stay the reference's. The interpreter stays the reference and serves the
//! explanations and what-if; `tests/plan_agrees.rs` and the fuzz target
//! `plan_agrees` check the two agree on every outcome, bit for bit.

mod known;

use crate::date::Date;
use crate::engine::{self, checked_round_yuan, validity_on, Decided, Evaluation, Evaluator, Left, Outcome, Status, ValidityStatus};
use crate::expr::{arith, call_with, compare, either, kleene, ArithOp, CmpOp, EvalError, Expr, FactId, FactSet, Func, Tri, Value};
use crate::pack::{AmountRule, Provision, Region};
use crate::vocab::{Facts, Vocabulary};
use rust_decimal::Decimal;

/// Index of a node in [`Plan::nodes`].
type At = u32;
/// Index of a fact in a [`Row`].
type Slot = u16;

#[derive(Clone, Debug)]
enum Node {
    /// A literal, a parameter's value on the date, or the date.
    Lit(Value),
    /// A parameter with no value on the date.
    Fail(EvalError),
    /// A derived fact the vocabulary does not define (as the interpreter's
    /// environment answers it).
    Unknown,
    /// A fact and its slot in the row.
    Fact(FactId, Slot),
    /// `fact op literal`.
    CmpFact(CmpOp, FactId, Slot, Value),
    Not(At),
    /// Kleene and/or over `kids[from..to]`.
    And(u32, u32),
    Or(u32, u32),
    Cmp(CmpOp, At, At),
    /// `inner in values[from..to]`.
    In(At, u32, u32),
    Arith(ArithOp, At, At),
    Neg(At),
    If(At, At, At),
    Call(Func, u32, u32),
}

/// The facts one plan reads, in dense slots ([`Plan::read`]): reused
/// across rows, so evaluating touches a few cache lines, not every fact.
#[derive(Clone, Debug, Default)]
pub struct Row {
    values: Vec<Option<Value>>,
    /// The same as the known path's integers, and which of them are known.
    ints: Vec<i64>,
    known: u128,
}

impl Row {
    fn slots(&self) -> Slots<'_> {
        Slots { values: &self.values, ints: &self.ints, known: self.known }
    }
}

/// Many rows read by one plan ([`Plan::push_row`]), one after another in
/// flat arrays, for a caller holding rows to evaluate later
/// ([`Plan::evaluate_at`]): a fully answered row touches its few integers,
/// side by side with the next row's, not two allocations of its own.
#[derive(Clone, Debug, Default)]
pub struct Rows {
    width: usize,
    values: Vec<Option<Value>>,
    ints: Vec<i64>,
    known: Vec<u128>,
}

impl Rows {
    pub fn len(&self) -> usize {
        self.known.len()
    }
    pub fn is_empty(&self) -> bool {
        self.known.is_empty()
    }
    /// Row `i` (an empty one past the end).
    fn slots(&self, i: usize) -> Slots<'_> {
        let range = i.checked_mul(self.width).and_then(|from| Some(from..from.checked_add(self.width)?));
        Slots {
            values: range.clone().and_then(|r| self.values.get(r)).unwrap_or_default(),
            ints: range.and_then(|r| self.ints.get(r)).unwrap_or_default(),
            known: self.known.get(i).copied().unwrap_or(0),
        }
    }
}

/// One row's slots, from a [`Row`] or [`Rows`].
#[derive(Clone, Copy)]
struct Slots<'a> {
    values: &'a [Option<Value>],
    ints: &'a [i64],
    known: u128,
}

/// One provision: its validity on the date and its lowered expressions.
#[derive(Clone, Debug)]
struct Lowered {
    validity: ValidityStatus,
    when: Option<At>,
    /// The condition's atoms (`print::atoms` order) in `kids[from..to]`.
    atoms: (u32, u32),
    amount: [Option<At>; 2],
    /// The provision on the known path, when it has one.
    known: Option<known::Provision>,
    /// Each atom's op and reads on the known path, when it has one.
    known_atoms: Vec<Option<(known::Prog, u128)>>,
    /// What is left once it is eligible ([`engine::Left`]): whether it
    /// supersedes another, whether it may count ([`engine::may_count`]).
    left: Left,
}

/// A region's rules lowered for one as-of date (see the module comment).
#[derive(Clone, Debug)]
pub struct Plan {
    as_of: Date,
    /// The facts the plan reads, by slot (the role first).
    slots: Vec<FactId>,
    nodes: Vec<Node>,
    kids: Vec<At>,
    values: Vec<Value>,
    provisions: Vec<Lowered>,
    /// Per role value, the indices of its provisions (the role filter done
    /// once, not per row over every provision).
    of_role: Vec<Vec<usize>>,
    known: known::Known,
}

impl Plan {
    /// Lowers every provision of `region` (and every derived fact of
    /// `vocab`) for evaluation on `as_of`.
    pub fn new(vocab: &Vocabulary, region: &Region, as_of: Date) -> Plan {
        let plan = Plan {
            as_of,
            slots: vec![vocab.role_fact],
            nodes: Vec::new(),
            kids: Vec::new(),
            values: Vec::new(),
            provisions: Vec::new(),
            // Native only: in the wasm batch module it cost 690 B gzip.
            of_role: (0..if INTEGER_PATH { vocab.roles().len() } else { 0 })
                .map(|r| {
                    let r = u16::try_from(r).unwrap_or(u16::MAX);
                    region.provisions.iter().enumerate().filter(|(_, p)| p.roles.contains(&r)).map(|(i, _)| i).collect()
                })
                .collect(),
            known: known::Known::default(),
        };
        let mut lower = Lower { vocab, region, as_of, plan, derived: vec![None; vocab.derived.len()] };
        for p in &region.provisions {
            let mut atoms = Vec::new();
            let when = p.when.as_ref().map(|e| lower.when(e, &mut atoms));
            let atoms = lower.push_kids(atoms);
            let amount = match &p.amount.rule {
                AmountRule::Exact(e) | AmountRule::UpTo(e) => [Some(lower.expr(e)), None],
                AmountRule::Range(lo, hi) => [Some(lower.expr(lo)), Some(lower.expr(hi))],
                AmountRule::NotStated | AmountRule::Free | AmountRule::None => [None, None],
            };
            // Read only by `Run::decide_all`, native only (as `of_role`).
            let left = if INTEGER_PATH { Left { supersedes: !p.supersedes.is_empty(), counts: engine::may_count(p, as_of) } } else { Left::default() };
            lower.plan.provisions.push(Lowered { validity: validity_on(p, as_of), when, atoms, amount, known: None, known_atoms: Vec::new(), left });
        }
        let mut plan = lower.plan;
        if INTEGER_PATH {
            plan.lower_known(vocab, region);
        }
        plan
    }

    /// The known path's code for every provision and atom that has one
    /// (after the nodes, so every slot is given).
    fn lower_known(&mut self, vocab: &Vocabulary, region: &Region) {
        let Some(mut lowering) = known::Lowering::new(vocab, &self.slots, &self.nodes, &self.kids, &self.values) else { return };
        for (l, p) in self.provisions.iter_mut().zip(&region.provisions) {
            l.known = lowering.provision(l.when, &p.amount.rule, l.amount);
            let atoms = self.kids.get(l.atoms.0 as usize..l.atoms.1 as usize).unwrap_or_default();
            l.known_atoms = atoms.iter().map(|a| lowering.condition(*a)).collect();
        }
        self.known = lowering.finish();
    }

    pub fn as_of(&self) -> Date {
        self.as_of
    }

    /// Copies the facts the plan reads into `row`'s dense slots.
    pub fn read(&self, facts: &Facts, row: &mut Row) {
        row.values.clear();
        row.ints.clear();
        row.known = self.append(facts, &mut row.values, &mut row.ints);
    }

    /// The facts the plan reads onto the end of `values`, their integers
    /// onto `ints` (natively); the known slots' bits.
    fn append(&self, facts: &Facts, values: &mut Vec<Option<Value>>, ints: &mut Vec<i64>) -> u128 {
        let start = values.len();
        values.extend(self.slots.iter().map(|id| facts.get(*id)));
        match values.get(start..) {
            Some(row) if INTEGER_PATH => self.known.read(row, ints),
            _ => 0,
        }
    }

    /// [`Plan::read`] onto the end of `rows` (which only this plan fills).
    pub fn push_row(&self, facts: &Facts, rows: &mut Rows) {
        rows.width = self.slots.len();
        let known = self.append(facts, &mut rows.values, &mut rows.ints);
        rows.known.push(known);
    }

    /// [`Plan::evaluate_row`] of row `i` of `rows`.
    pub fn evaluate_at(&self, vocab: &Vocabulary, region: &Region, rows: &Rows, i: usize, out: &mut Evaluation) {
        engine::evaluate_into(&Run { plan: self, vocab, row: rows.slots(i) }, region, out);
    }

    /// Provision `index` on `row` decided on the known path: `None` when a
    /// fact it reads is not known, or a step needs the reference (see
    /// `plan::known`). Always `None` in WebAssembly ([`INTEGER_PATH`]).
    pub fn decide(&self, index: usize, row: &Row) -> Option<Decided> {
        self.decide_slots(index, row.slots())
    }

    fn decide_slots(&self, index: usize, row: Slots) -> Option<Decided> {
        if !INTEGER_PATH {
            return None;
        }
        let p = self.provisions.get(index)?.known.as_ref()?;
        self.known.decide(p, row.known, row.ints)
    }

    /// [`engine::evaluate`] of the facts [`Plan::read`] put in `row`, on the
    /// plan's date, into `out` (its vectors reused). `region` must be the
    /// one the plan was built from, `row` read by this plan.
    pub fn evaluate_row(&self, vocab: &Vocabulary, region: &Region, row: &Row, out: &mut Evaluation) {
        engine::evaluate_into(&Run { plan: self, vocab, row: row.slots() }, region, out);
    }

    /// [`Plan::read`] then [`Plan::evaluate_row`] (a row buffer each call).
    pub fn evaluate_into(&self, vocab: &Vocabulary, region: &Region, facts: &Facts, out: &mut Evaluation) {
        let mut row = Row::default();
        self.read(facts, &mut row);
        self.evaluate_row(vocab, region, &row, out);
    }

    /// [`Plan::evaluate_into`] a new [`Evaluation`].
    pub fn evaluate(&self, vocab: &Vocabulary, region: &Region, facts: &Facts) -> Evaluation {
        let mut out = Evaluation { as_of: self.as_of, role: None, outcomes: Vec::new(), totals: Vec::new() };
        self.evaluate_into(vocab, region, facts, &mut out);
        out
    }

    /// Mirrors [`Expr::eval`] case by case, over the lowered nodes.
    fn eval(&self, at: At, row: &[Option<Value>]) -> Result<Tri, EvalError> {
        // Every index was handed out by `Lower`; a missing one is a bug,
        // reported as inconsistent data (as `expr::call` does).
        let Some(node) = self.nodes.get(at as usize) else { return Err(EvalError::Overflow) };
        Ok(match node {
            Node::Lit(v) => Tri::Known(*v),
            Node::Fail(e) => return Err(e.clone()),
            Node::Unknown => Tri::Unknown(FactSet::default()),
            Node::Fact(id, slot) => match row.get(usize::from(*slot)).copied().flatten() {
                Some(v) => Tri::Known(v),
                None => Tri::Unknown(FactSet::single(*id)),
            },
            Node::CmpFact(op, id, slot, lit) => match row.get(usize::from(*slot)).copied().flatten() {
                Some(v) => Tri::Known(Value::Bool(compare(*op, v, *lit))),
                None => Tri::Unknown(FactSet::single(*id)),
            },
            Node::Not(inner) => match self.eval(*inner, row)? {
                Tri::Known(Value::Bool(b)) => Tri::Known(Value::Bool(!b)),
                other => other,
            },
            Node::And(from, to) => self.kleene(*from, *to, row, false)?,
            Node::Or(from, to) => self.kleene(*from, *to, row, true)?,
            Node::Cmp(op, l, r) => match (self.eval(*l, row)?, self.eval(*r, row)?) {
                (Tri::Known(a), Tri::Known(b)) => Tri::Known(Value::Bool(compare(*op, a, b))),
                (a, b) => Tri::Unknown(missing(a).union(missing(b))),
            },
            Node::In(inner, from, to) => match self.eval(*inner, row)? {
                Tri::Known(v) => Tri::Known(Value::Bool(self.values.get(*from as usize..*to as usize).unwrap_or_default().contains(&v))),
                unknown => unknown,
            },
            Node::Arith(op, l, r) => match (self.eval(*l, row)?, self.eval(*r, row)?) {
                (Tri::Known(Value::Num(a)), Tri::Known(Value::Num(b))) => Tri::Known(Value::Num(fast_arith(*op, a, b).map_or_else(|| arith(*op, a, b), Ok)?)),
                (a, b) => Tri::Unknown(missing(a).union(missing(b))),
            },
            Node::Neg(inner) => match self.eval(*inner, row)? {
                Tri::Known(Value::Num(n)) => Tri::Known(Value::Num(Decimal::ZERO.checked_sub(n).ok_or(EvalError::Overflow)?)),
                other => other,
            },
            Node::If(cond, yes, no) => match self.eval(*cond, row)? {
                Tri::Known(Value::Bool(true)) => self.eval(*yes, row)?,
                Tri::Known(_) => self.eval(*no, row)?,
                Tri::Unknown(set) => {
                    let (a, b) = (self.eval(*yes, row)?, self.eval(*no, row)?);
                    either(set, a, b)
                }
            },
            Node::Call(func, from, to) => call_with(*func, self.kids(*from, *to).iter().map(|arg| self.eval(*arg, row)))?,
        })
    }

    /// Bit i set when atom i of provision `index`'s condition (in
    /// `print::atoms` order, the first 64) evaluates to `want`: what the
    /// batch's reasons are keyed by, without evaluating the atoms again in
    /// the interpreter.
    pub fn atom_mask(&self, index: usize, row: &Row, want: bool) -> u64 {
        let Some(p) = self.provisions.get(index) else { return 0 };
        let atoms = self.kids(p.atoms.0, p.atoms.1);
        atoms.iter().take(64).zip(0..).fold(0, |mask, (&atom, i)| {
            let known = p.known_atoms.get(i).copied().flatten().filter(|_| INTEGER_PATH);
            let holds = known.and_then(|(prog, reads)| self.known.holds(prog, reads, row.known, &row.ints));
            if holds.or_else(|| self.eval(atom, &row.values).ok().and_then(Tri::as_bool)) == Some(want) {
                mask | 1 << i
            } else {
                mask
            }
        })
    }

    fn kids(&self, from: u32, to: u32) -> &[At] {
        self.kids.get(from as usize..to as usize).unwrap_or_default()
    }

    /// `expr::kleene` over lowered parts.
    fn kleene(&self, from: u32, to: u32, row: &[Option<Value>], decisive: bool) -> Result<Tri, EvalError> {
        kleene(self.kids(from, to).iter().map(|part| self.eval(*part, row)), decisive)
    }
}

fn missing(t: Tri) -> FactSet {
    match t {
        Tri::Unknown(set) => set,
        Tri::Known(_) => FactSet::default(),
    }
}

/// Lowering state: the plan being built and the derived facts' roots.
struct Lower<'a> {
    vocab: &'a Vocabulary,
    region: &'a Region,
    as_of: Date,
    plan: Plan,
    /// Each derived fact's root, once an expression uses it: a plan reads
    /// only the facts its region's provisions need.
    derived: Vec<Option<At>>,
}

impl Lower<'_> {
    /// The fact's slot in a row, given on first use.
    fn slot(&mut self, id: FactId) -> Slot {
        let slots = &mut self.plan.slots;
        let index = slots.iter().position(|f| *f == id).unwrap_or_else(|| {
            slots.push(id);
            slots.len().saturating_sub(1)
        });
        // At most 256 facts in a vocabulary (checked at load).
        Slot::try_from(index).unwrap_or(Slot::MAX)
    }

    fn push(&mut self, node: Node) -> At {
        self.plan.nodes.push(node);
        at(self.plan.nodes.len().saturating_sub(1))
    }

    /// The parts' nodes, then their indices as one run of `kids`.
    fn run(&mut self, parts: &[Expr]) -> (u32, u32) {
        let lowered: Vec<At> = parts.iter().map(|p| self.expr(p)).collect();
        self.push_kids(lowered)
    }

    /// Appends indices to `kids`: their range there.
    fn push_kids(&mut self, kids: Vec<At>) -> (u32, u32) {
        let from = at(self.plan.kids.len());
        self.plan.kids.extend(kids);
        (from, at(self.plan.kids.len()))
    }

    /// [`Lower::expr`] of a condition, recording the node of each of its
    /// atoms (the parts of its and/or tree, as `print::atoms` walks it).
    fn when(&mut self, e: &Expr, atoms: &mut Vec<At>) -> At {
        let (Expr::And(parts) | Expr::Or(parts)) = e else {
            let atom = self.expr(e);
            atoms.push(atom);
            return atom;
        };
        let lowered: Vec<At> = parts.iter().map(|p| self.when(p, atoms)).collect();
        let (from, to) = self.push_kids(lowered);
        self.push(if matches!(e, Expr::And(_)) { Node::And(from, to) } else { Node::Or(from, to) })
    }

    fn expr(&mut self, e: &Expr) -> At {
        let node = match e {
            Expr::Lit(v) => Node::Lit(*v),
            Expr::Fact(id) => Node::Fact(*id, self.slot(*id)),
            // Lowered on first use, then shared (a definition uses only
            // earlier derived facts, checked at load, so this ends).
            // Otherwise the interpreter's answer for an unknown one.
            Expr::Derived(id) => match self.derived.get(usize::from(*id)).copied() {
                Some(Some(root)) => return root,
                Some(None) => {
                    let vocab = self.vocab;
                    let Some(def) = vocab.derived.get(usize::from(*id)) else { return self.push(Node::Unknown) };
                    let root = self.expr(&def.definition);
                    if let Some(slot) = self.derived.get_mut(usize::from(*id)) {
                        *slot = Some(root);
                    }
                    return root;
                }
                None => Node::Unknown,
            },
            Expr::Param(id) => match self.region.parameters.get(usize::from(*id)).and_then(|p| p.on(self.as_of)) {
                Some(v) => Node::Lit(Value::Num(v.value)),
                None => Node::Fail(EvalError::NoParameterValue { param: *id, on: self.as_of }),
            },
            Expr::AsOf => Node::Lit(Value::Date(self.as_of)),
            Expr::Not(inner) => Node::Not(self.expr(inner)),
            Expr::And(parts) => {
                let (from, to) = self.run(parts);
                Node::And(from, to)
            }
            Expr::Or(parts) => {
                let (from, to) = self.run(parts);
                Node::Or(from, to)
            }
            Expr::Cmp(op, l, r) => match (l.as_ref(), r.as_ref()) {
                (Expr::Fact(id), Expr::Lit(v)) => Node::CmpFact(*op, *id, self.slot(*id), *v),
                _ => Node::Cmp(*op, self.expr(l), self.expr(r)),
            },
            Expr::In(inner, values) => {
                let inner = self.expr(inner);
                let from = at(self.plan.values.len());
                self.plan.values.extend_from_slice(values);
                Node::In(inner, from, at(self.plan.values.len()))
            }
            Expr::Arith(op, l, r) => Node::Arith(*op, self.expr(l), self.expr(r)),
            Expr::Neg(inner) => Node::Neg(self.expr(inner)),
            Expr::If(c, y, n) => Node::If(self.expr(c), self.expr(y), self.expr(n)),
            Expr::Call(func, args) => {
                let (from, to) = self.run(args);
                Node::Call(*func, from, to)
            }
        };
        self.push(node)
    }
}

/// An index into a plan's arrays: far below `u32::MAX` for any catalog
/// (expressions are bounded in depth and count at load).
fn at(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(u32::MAX)
}

/// The plan evaluating one fact set.
struct Run<'a> {
    plan: &'a Plan,
    vocab: &'a Vocabulary,
    row: Slots<'a>,
}

impl Evaluator for Run<'_> {
    fn as_of(&self) -> Date {
        self.plan.as_of
    }
    fn role(&self) -> Option<u16> {
        // Slot 0 is the role fact (an enum), from the known path's
        // integers when known: a fully answered row's values stay unread.
        if let Some(role) = self.plan.known.role(self.row.known, self.row.ints).filter(|_| INTEGER_PATH) {
            return Some(role);
        }
        match self.row.values.first().copied().flatten() {
            Some(Value::Sym(r)) => Some(r),
            _ => None,
        }
    }
    fn vocab(&self) -> &Vocabulary {
        self.vocab
    }
    fn validity(&self, index: usize, p: &Provision) -> ValidityStatus {
        self.plan.provisions.get(index).map_or_else(|| validity_on(p, self.plan.as_of), |l| l.validity)
    }
    fn condition(&self, index: usize, _: &Expr) -> Result<Tri, EvalError> {
        match self.plan.provisions.get(index).and_then(|l| l.when) {
            Some(at) => self.plan.eval(at, self.row.values),
            None => Err(EvalError::Overflow),
        }
    }
    fn amount(&self, index: usize, which: usize, _: &Expr) -> Result<Tri, EvalError> {
        match self.plan.provisions.get(index).and_then(|l| l.amount.get(which).copied().flatten()) {
            Some(at) => self.plan.eval(at, self.row.values),
            None => Err(EvalError::Overflow),
        }
    }
    fn round(&self, amount: Decimal) -> Option<Decimal> {
        fen_round(amount).unwrap_or_else(|| checked_round_yuan(amount))
    }
    fn add(&self, a: Decimal, b: Decimal) -> Option<Decimal> {
        fast_arith(ArithOp::Add, a, b).or_else(|| arith(ArithOp::Add, a, b).ok())
    }
    fn of_role(&self, role: u16) -> Option<&[usize]> {
        self.plan.of_role.get(usize::from(role)).map(Vec::as_slice)
    }
    fn decide_all(&self, chosen: &[usize], outcomes: &mut Vec<Outcome>) -> Option<Left> {
        // The role's provisions, each on the known path (a fully answered
        // row): no call per provision through the evaluator.
        let mut left = Left::default();
        for &index in chosen {
            let l = self.plan.provisions.get(index)?;
            // Written in place, as `engine::evaluate_into` does.
            outcomes.push(engine::blank(index, l.validity));
            let o = outcomes.last_mut()?;
            if !self.decided(index, o) {
                return None;
            }
            if o.status == Status::Eligible {
                left.supersedes |= l.left.supersedes;
                left.counts |= l.left.counts;
            }
        }
        Some(left)
    }
    fn decided(&self, index: usize, outcome: &mut Outcome) -> bool {
        let known = self.plan.provisions.get(index).and_then(|l| l.known.as_ref()).filter(|_| INTEGER_PATH);
        known.is_some_and(|k| self.plan.known.decide_into(k, self.row.known, self.row.ints, &mut outcome.status, &mut outcome.money))
    }
}

/// The integer paths (`fast_arith`, `fen_round`, `plan::known`) natively;
/// in WebAssembly the reference computes (the paths are proven equal, so
/// the answers are the same). Measured with the known path switched on
/// there: the CSV batch module 9,724 B gzip larger (188,508 -> 198,232)
/// for 7-10 % in Node on 100k rows (ARCHITECTURE.md), since the wasm
/// batch's time is in reading and writing cells.
const INTEGER_PATH: bool = !cfg!(target_arch = "wasm32");

/// Decimal's mantissa is below 2^96.
const MANTISSA_LIMIT: u128 = 1 << 96;

/// 10^n for every n whose power fits an i128, looked up: `checked_pow`
/// loops over the exponent's bits, and amounts are rescaled per row.
fn pow10(n: u32) -> Option<i128> {
    // Worked out at compile time: an index or a product out of range would fail the build.
    #[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
    const POW10: [i128; 39] = {
        let mut t = [1; 39];
        let mut i = 1;
        while i < t.len() {
            t[i] = t[i - 1] * 10;
            i += 1;
        }
        t
    };
    POW10.get(usize::try_from(n).ok()?).copied()
}

/// `a op b` exactly in integers, as `rust_decimal` gives it (same mantissa
/// and scale) whenever the exact result fits a `Decimal` and is not zero
/// (zero's sign is left to the reference); `None` sends the operation to
/// the reference (subtraction and division always).
pub fn fast_arith(op: ArithOp, a: Decimal, b: Decimal) -> Option<Decimal> {
    if !INTEGER_PATH {
        return None;
    }
    let (ma, sa, mb, sb) = (a.mantissa(), a.scale(), b.mantissa(), b.scale());
    let (m, s) = match op {
        ArithOp::Mul => (ma.checked_mul(mb)?, sa.checked_add(sb)?),
        // rust_decimal gives the other operand as it is when one is zero
        // (0.0000 + 5.00 is 5.00, not 5.0000).
        ArithOp::Add if ma == 0 => (mb, sb),
        ArithOp::Add if mb == 0 => (ma, sa),
        // Amounts at the fen (the totals): no rescaling.
        ArithOp::Add if sa == sb => (ma.checked_add(mb)?, sa),
        ArithOp::Add => {
            let s = sa.max(sb);
            let ma = ma.checked_mul(pow10(s.checked_sub(sa)?)?)?;
            let mb = mb.checked_mul(pow10(s.checked_sub(sb)?)?)?;
            (ma.checked_add(mb)?, s)
        }
        // Formulas never subtract (checked at load); division rounds.
        ArithOp::Sub | ArithOp::Div => return None,
    };
    if m == 0 {
        return None;
    }
    // A mantissa of 2^96 or more, or a scale past 28, does not fit: `None`.
    Decimal::try_from_i128_with_scale(m, s).ok()
}

/// [`checked_round_yuan`] of a non-negative amount in integer fen: `None`
/// when the amount is not a plain non-negative one (the reference decides),
/// `Some(None)` when it does not fit at two decimals.
pub fn fen_round(amount: Decimal) -> Option<Option<Decimal>> {
    if !INTEGER_PATH || amount.is_sign_negative() {
        return None;
    }
    let (m, s) = (amount.mantissa(), amount.scale());
    if s == 2 {
        // Already at the fen (every total): rounding leaves it as it is.
        return Some(Some(amount));
    }
    let fen = if s <= 2 {
        m.checked_mul(pow10(2_u32.checked_sub(s)?)?)?
    } else {
        // In u64 (a native division everywhere; 128-bit division would add
        // its runtime routine to the wasm module): larger ones go to the reference.
        let m = u64::try_from(m).ok()?;
        let unit = 10_u64.checked_pow(s.checked_sub(2)?)?;
        let (q, r) = (m.checked_div(unit)?, m.checked_rem(unit)?);
        // Half away from zero: the remainder at least half a unit rounds up.
        i128::from(if r.checked_mul(2)? >= unit { q.checked_add(1)? } else { q })
    };
    if fen.unsigned_abs() >= MANTISSA_LIMIT {
        return Some(None);
    }
    Some(Decimal::try_from_i128_with_scale(fen, 2).ok())
}

/// The plans a batch's rows need: one per (region, as-of date), lowered on
/// first use. A few are kept (rows usually share one date, or a handful);
/// past that each new plan takes the place of the one built longest ago, so
/// a row whose plan is kept (nearly every row) moves nothing.
#[derive(Clone, Debug, Default)]
pub struct Plans {
    kept: Vec<(usize, Plan)>,
    /// The slot the next new plan takes once `kept` is full.
    oldest: usize,
    row: Row,
}

impl Plans {
    const KEPT: usize = 8;

    /// `f` with the plan of `region` (its index `r` in the catalog) on
    /// `as_of`, lowered if none is kept, and the row buffer its facts are
    /// read into.
    pub fn with<T>(&mut self, vocab: &Vocabulary, r: usize, region: &Region, as_of: Date, f: impl FnOnce(&Plan, &mut Row) -> T) -> T {
        if let Some((_, plan)) = self.kept.iter().find(|(k, p)| *k == r && p.as_of == as_of) {
            return f(plan, &mut self.row);
        }
        let plan = Plan::new(vocab, region, as_of);
        let out = f(&plan, &mut self.row);
        if self.kept.len() < Self::KEPT {
            self.kept.push((r, plan));
        } else if let Some(slot) = self.kept.get_mut(self.oldest) {
            *slot = (r, plan);
            self.oldest = self.oldest.saturating_add(1) % Self::KEPT;
        }
        out
    }
}
