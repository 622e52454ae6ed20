//! The plan's known path: a provision decided in plain integers when every
//! fact it reads is answered, which is nearly every batch row.
//!
//! With every fact known, three-valued logic has nothing to carry: no
//! missing-fact sets, no `Tri`, no `Result` per node. Each value is one
//! `i64`: a truth value 0 or 1, an enum value's index, a date as
//! `yyyymmdd`, a number as its mantissa at a scale fixed when the plan is
//! lowered (integer facts at 0, decimal facts at [`FACT_SCALE`], literals
//! and parameters at their own,
//! sums at the larger, products at the sum). So the arithmetic is exact
//! integer arithmetic, and comparisons compare integers.
//!
//! Lowering builds a tree of [`Code`] (folding what reads no fact); each
//! condition, atom and amount is then flattened into a short program of
//! [`Step`]s over a few registers, run by one loop: a child's value lands
//! in the register its parent reads, and/or/if jump past what they need
//! not evaluate. A tree walk paid a call per node (registers saved and
//! restored each time): the program is a loop over a slice.
//!
//! It is a shortcut, never a second reference: whatever it cannot do
//! exactly gives `None` and the provision goes the general way (the
//! interpreter's semantics over the plan's nodes). That is a fact with more
//! decimals than its scale, an overflow (scales past 18 included), a zero
//! or negative amount (the reference's sign rules decide), a division or
//! subtraction, a parameter with no value on the date, an undefined derived
//! fact, or a type the loader would have refused. `tests/plan_agrees.rs`
//! and the fuzz target `plan_agrees` check the outcomes equal the
//! interpreter's, and that this path is the one taken.

use super::{At, Node, Slot};
use crate::date::Date;
use crate::engine::{Decided, Money, MoneyKind, Status};
use crate::expr::{ArithOp, CmpOp, Func, Ty, Value};
use crate::pack::AmountRule;
use crate::vocab::{FactType, Vocabulary};
use rust_decimal::Decimal;

/// The scale a decimal number fact is held at: four decimals (a cell with
/// more goes the general way). Integer facts are held at scale 0, so a
/// count times a rate needs no rescaling.
pub(super) const FACT_SCALE: u32 = 4;


/// What an integer stands for; numbers with their scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Bool,
    Num(u32),
    Sym,
    Date,
}

/// Index of an op in [`Known::ops`].
type Op = u32;

#[derive(Clone, Debug)]
enum Code {
    Lit(i64),
    Slot(Slot),
    /// `slot op literal`, the literal at the slot's scale.
    CmpSlot(CmpOp, Slot, i64),
    Not(Op),
    /// Left to right, stopping at the first false (true) part, as the
    /// interpreter's Kleene and/or do: `kids[from..to]`.
    And(u32, u32),
    Or(u32, u32),
    Cmp(CmpOp, Op, Op),
    /// `inner in values[from..to]`.
    In(Op, u32, u32),
    Add(Op, Op),
    Mul(Op, Op),
    Neg(Op),
    /// Times a power of ten: a number brought to a larger scale.
    Scale(Op, i64),
    If(Op, Op, Op),
    Min(Op, Op),
    Max(Op, Op),
    Year(Op),
    /// `add_years` or `add_months` of a date and a number at its scale,
    /// computed by the reference's own function.
    Shift(Func, Op, Op, u32),
}

/// A register of a program: results land in the register their parent
/// reads (children of a node at register `d` use `d`, `d + 1`, ...).
type Reg = u8;

/// Registers a program may use: a deeper expression has no program (it
/// goes the general way).
const REGS: usize = 8;

/// One step of a program. Jumps are to a step of the same program (its
/// length: the end).
#[derive(Clone, Copy, Debug)]
enum Step {
    Lit(Reg, i64),
    Slot(Reg, Slot),
    CmpSlot(Reg, CmpOp, Slot, i64),
    /// [`Step::CmpSlot`], then on the given truth value to the step: a part
    /// of an and/or, the commonest step.
    CmpSlotOr(Reg, CmpOp, Slot, i64, bool, u16),
    /// A true/false fact, then on the given truth value to the step.
    SlotOr(Reg, Slot, bool, u16),
    /// `slot op slot`: two facts compared (dates, mostly).
    CmpSlots(Reg, CmpOp, Slot, Slot),
    /// `slot in values[from..to]`.
    InSlot(Reg, Slot, u32, u32),
    /// `slot * literal` (a count times a rate).
    MulSlot(Reg, Slot, i64),
    /// To the step when the register's truth is the given one (an and/or's
    /// decisive part; an if's condition false).
    Branch(Reg, bool, u16),
    Jump(u16),
    Not(Reg),
    /// `r op r+1` into `r`, as the rest.
    Cmp(Reg, CmpOp),
    In(Reg, u32, u32),
    Add(Reg),
    Mul(Reg),
    Neg(Reg),
    Scale(Reg, i64),
    Min(Reg),
    Max(Reg),
    Year(Reg),
    Shift(Reg, Func, u32),
}

/// A program: its steps' range in [`Known::steps`].
pub(super) type Prog = (u32, u32);

/// A provision's amount: its program and scale.
type Amount = (Prog, u32);

#[derive(Clone, Copy, Debug)]
enum Money0 {
    /// Not stated, free, or none: eligible with no figure.
    NoFigure,
    Exact(Amount),
    UpTo(Amount),
    Range(Amount, Amount),
}

/// One provision on the known path: its condition, and its amount when
/// that has an integer form too (a condition that is false decides without
/// it, as in the reference), each with the slots it reads (bit per slot).
#[derive(Clone, Copy, Debug)]
pub(super) struct Provision {
    when: Option<(Prog, u128)>,
    money: Option<(Money0, u128)>,
}

/// The known path's code for one plan.
#[derive(Clone, Debug, Default)]
pub(super) struct Known {
    /// The tree while lowering (emptied by [`Lowering::finish`]).
    code: Vec<Code>,
    kids: Vec<Op>,
    values: Vec<i64>,
    steps: Vec<Step>,
    /// Each slot's kind (from the vocabulary's fact type).
    slots: Vec<Kind>,
}

/// A node's form on the known path while lowering.
#[derive(Clone, Copy)]
struct Typed {
    op: Op,
    kind: Kind,
    reads: u128,
}

/// Lowering the plan's nodes (children before parents) into [`Known`].
pub(super) struct Lowering {
    known: Known,
    /// Per plan node: its form, or `None` when it has none.
    of: Vec<Option<Typed>>,
}

impl Lowering {
    /// `None` when the plan reads more facts than a `u128` has bits.
    pub(super) fn new(vocab: &Vocabulary, slots: &[crate::expr::FactId], nodes: &[Node], kids: &[At], values: &[Value]) -> Option<Lowering> {
        if slots.len() > 128 {
            return None;
        }
        let kinds = slots
            .iter()
            .map(|f| match vocab.fact_ty(*f) {
                Ty::Bool => Kind::Bool,
                Ty::Num if vocab.fact(*f).ty == FactType::Integer => Kind::Num(0),
                Ty::Num => Kind::Num(FACT_SCALE),
                Ty::Date => Kind::Date,
                Ty::Enum(_) => Kind::Sym,
            })
            .collect();
        let mut lowering = Lowering { known: Known { slots: kinds, ..Known::default() }, of: Vec::with_capacity(nodes.len()) };
        for node in nodes {
            let typed = lowering.node(node, kids, values);
            lowering.of.push(typed);
        }
        Some(lowering)
    }

    /// A provision's known form: `None` when its condition has none.
    pub(super) fn provision(&mut self, when: Option<At>, rule: &AmountRule, amount: [Option<At>; 2]) -> Option<Provision> {
        let when = match when {
            Some(at) => Some(self.condition(at)?),
            None => None,
        };
        Some(Provision { when, money: self.money(rule, amount) })
    }

    /// An amount rule's known form and the slots it reads.
    fn money(&mut self, rule: &AmountRule, amount: [Option<At>; 2]) -> Option<(Money0, u128)> {
        let mut reads = 0;
        let mut num = |at: Option<At>| -> Option<Amount> {
            let t = self.kid(at?)?;
            reads |= t.reads;
            match t.kind {
                Kind::Num(s) => Some((self.known.program(t.op)?, s)),
                _ => None,
            }
        };
        let money = match rule {
            AmountRule::Exact(_) => Money0::Exact(num(amount[0])?),
            AmountRule::UpTo(_) => Money0::UpTo(num(amount[0])?),
            AmountRule::Range(..) => Money0::Range(num(amount[0])?, num(amount[1])?),
            AmountRule::NotStated | AmountRule::Free | AmountRule::None => Money0::NoFigure,
        };
        Some((money, reads))
    }

    /// A condition's (an atom's) op and reads, when it has one.
    pub(super) fn condition(&mut self, at: At) -> Option<(Prog, u128)> {
        let t = self.kid(at).filter(|t| t.kind == Kind::Bool)?;
        Some((self.known.program(t.op)?, t.reads))
    }

    pub(super) fn finish(mut self) -> Known {
        self.known.code = Vec::new();
        self.known.kids = Vec::new();
        self.known
    }

    /// Adds `code`; one that works out without any fact (a parameter times
    /// a rate, the year of the as-of date) is worked out now and becomes its
    /// literal.
    fn push(&mut self, code: Code, kind: Kind, reads: u128) -> Option<Typed> {
        self.known.code.push(code);
        let op = super::at(self.known.code.len().saturating_sub(1));
        if let Some(x) = self.known.fold(op) {
            if let Some(last) = self.known.code.last_mut() {
                *last = Code::Lit(x);
            }
        }
        Some(Typed { op, kind, reads })
    }

    fn kid(&self, at: At) -> Option<Typed> {
        self.of.get(at as usize).copied().flatten()
    }

    /// `t` at scale `to` (at least its own).
    fn scaled(&mut self, t: Typed, to: u32) -> Option<Typed> {
        let Kind::Num(from) = t.kind else { return None };
        if from == to {
            return Some(t);
        }
        let factor = pow10(to.checked_sub(from)?)?;
        self.push(Code::Scale(t.op, factor), Kind::Num(to), t.reads)
    }

    /// Two values of one kind, numbers brought to the larger scale.
    fn pair(&mut self, a: At, b: At) -> Option<(Typed, Typed, Kind)> {
        let (a, b) = (self.kid(a)?, self.kid(b)?);
        match (a.kind, b.kind) {
            (Kind::Num(x), Kind::Num(y)) => {
                let s = x.max(y);
                Some((self.scaled(a, s)?, self.scaled(b, s)?, Kind::Num(s)))
            }
            (x, y) if x == y => Some((a, b, x)),
            _ => None,
        }
    }

    fn node(&mut self, node: &Node, kids: &[At], values: &[Value]) -> Option<Typed> {
        let range = |from: u32, to: u32| kids.get(from as usize..to as usize).unwrap_or_default();
        match node {
            Node::Lit(v) => {
                let (x, kind) = literal(*v)?;
                self.push(Code::Lit(x), kind, 0)
            }
            Node::Fail(_) | Node::Unknown => None,
            Node::Fact(_, slot) => {
                let kind = *self.known.slots.get(usize::from(*slot))?;
                self.push(Code::Slot(*slot), kind, bit(*slot)?)
            }
            Node::CmpFact(op, _, slot, lit) => {
                let kind = *self.known.slots.get(usize::from(*slot))?;
                let (x, lit_kind) = literal(*lit)?;
                let x = match (kind, lit_kind) {
                    (Kind::Num(s), Kind::Num(l)) => rescale(x, l, s)?,
                    (k, l) if k == l => x,
                    _ => return None,
                };
                self.push(Code::CmpSlot(*op, *slot, x), Kind::Bool, bit(*slot)?)
            }
            Node::Not(inner) => {
                let t = self.kid(*inner).filter(|t| t.kind == Kind::Bool)?;
                self.push(Code::Not(t.op), Kind::Bool, t.reads)
            }
            Node::And(from, to) | Node::Or(from, to) => {
                let parts = range(*from, *to).iter().map(|k| self.kid(*k).filter(|t| t.kind == Kind::Bool)).collect::<Option<Vec<_>>>()?;
                let start = super::at(self.known.kids.len());
                self.known.kids.extend(parts.iter().map(|t| t.op));
                let end = super::at(self.known.kids.len());
                let reads = parts.iter().fold(0, |r, t| r | t.reads);
                let code = if matches!(node, Node::And(..)) { Code::And(start, end) } else { Code::Or(start, end) };
                self.push(code, Kind::Bool, reads)
            }
            Node::Cmp(op, l, r) => {
                let (a, b, _) = self.pair(*l, *r)?;
                self.push(Code::Cmp(*op, a.op, b.op), Kind::Bool, a.reads | b.reads)
            }
            Node::In(inner, from, to) => {
                let t = self.kid(*inner)?;
                let listed = values.get(*from as usize..*to as usize).unwrap_or_default();
                let listed = listed.iter().map(|v| literal(*v)).collect::<Option<Vec<_>>>()?;
                // The scale every listed number and the inner value share.
                let scale = listed.iter().fold(match t.kind {
                    Kind::Num(s) => s,
                    _ => 0,
                }, |s, (_, k)| match k {
                    Kind::Num(l) => s.max(*l),
                    _ => s,
                });
                let t = if matches!(t.kind, Kind::Num(_)) { self.scaled(t, scale)? } else { t };
                let start = super::at(self.known.values.len());
                for (x, k) in listed {
                    match (t.kind, k) {
                        (Kind::Num(s), Kind::Num(l)) => self.known.values.push(rescale(x, l, s)?),
                        (a, b) if a == b => self.known.values.push(x),
                        // A value of another kind is never equal (`Value`'s
                        // equality): left out.
                        _ => {}
                    }
                }
                let end = super::at(self.known.values.len());
                self.push(Code::In(t.op, start, end), Kind::Bool, t.reads)
            }
            Node::Arith(ArithOp::Add, l, r) => {
                let (a, b, kind) = self.pair(*l, *r)?;
                matches!(kind, Kind::Num(_)).then_some(())?;
                self.push(Code::Add(a.op, b.op), kind, a.reads | b.reads)
            }
            Node::Arith(ArithOp::Mul, l, r) => {
                let (a, b) = (self.kid(*l)?, self.kid(*r)?);
                let (Kind::Num(x), Kind::Num(y)) = (a.kind, b.kind) else { return None };
                let s = x.checked_add(y)?;
                self.push(Code::Mul(a.op, b.op), Kind::Num(s), a.reads | b.reads)
            }
            // Formulas never subtract (checked at load); division rounds:
            // both are the reference's.
            Node::Arith(ArithOp::Sub | ArithOp::Div, ..) => None,
            Node::Neg(inner) => {
                let t = self.kid(*inner).filter(|t| matches!(t.kind, Kind::Num(_)))?;
                self.push(Code::Neg(t.op), t.kind, t.reads)
            }
            Node::If(c, y, n) => {
                let c = self.kid(*c).filter(|t| t.kind == Kind::Bool)?;
                let (a, b, kind) = self.pair(*y, *n)?;
                self.push(Code::If(c.op, a.op, b.op), kind, c.reads | a.reads | b.reads)
            }
            Node::Call(func, from, to) => {
                let args = range(*from, *to);
                match (func, args) {
                    (Func::Year, [d]) => {
                        let d = self.kid(*d).filter(|t| t.kind == Kind::Date)?;
                        self.push(Code::Year(d.op), Kind::Num(0), d.reads)
                    }
                    (Func::Min | Func::Max, [a, b]) => {
                        let (a, b, kind) = self.pair(*a, *b)?;
                        matches!(kind, Kind::Num(_)).then_some(())?;
                        let code = if *func == Func::Min { Code::Min(a.op, b.op) } else { Code::Max(a.op, b.op) };
                        self.push(code, kind, a.reads | b.reads)
                    }
                    (Func::AddYears | Func::AddMonths, [d, n]) => {
                        let (d, n) = (self.kid(*d).filter(|t| t.kind == Kind::Date)?, self.kid(*n)?);
                        let Kind::Num(s) = n.kind else { return None };
                        self.push(Code::Shift(*func, d.op, n.op, s), Kind::Date, d.reads | n.reads)
                    }
                    _ => None,
                }
            }
        }
    }
}

/// A literal's integer and kind; `None` for a number past an `i64`
/// mantissa. A zero's sign is dropped: every comparison and choice is by
/// value, and a zero amount goes the reference's way (`to_fen`).
/// Scales are not bounded here: past 18 decimals the powers of ten
/// overflow, so such a step gives `None`.
fn literal(v: Value) -> Option<(i64, Kind)> {
    Some(match v {
        Value::Bool(b) => (i64::from(b), Kind::Bool),
        Value::Sym(s) => (i64::from(s), Kind::Sym),
        Value::Date(d) => (date(d)?, Kind::Date),
        Value::Num(n) => (i64::try_from(n.mantissa()).ok()?, Kind::Num(n.scale())),
    })
}

/// A date as `yyyymmdd` (ordered as dates are).
fn date(d: Date) -> Option<i64> {
    i64::from(d.year()).checked_mul(10_000)?.checked_add(i64::from(d.month()).checked_mul(100)?)?.checked_add(i64::from(d.day()))
}

fn undate(x: i64) -> Option<Date> {
    let part = |n: Option<i64>| u32::try_from(n?).ok();
    Date::from_ymd(i32::try_from(x.checked_div(10_000)?).ok()?, part(x.checked_div(100)?.checked_rem(100))?, part(x.checked_rem(100))?)
}

/// 10^n for every n whose power fits an i64 (the plan's one table).
fn pow10(n: u32) -> Option<i64> {
    i64::try_from(super::pow10(n)?).ok()
}

/// `x` at scale `from` at scale `to`, exactly: `None` when going down
/// would drop a digit that is not zero, or going up overflows.
fn rescale(x: i64, from: u32, to: u32) -> Option<i64> {
    match to.checked_sub(from) {
        Some(up) => x.checked_mul(pow10(up)?),
        None => {
            let unit = pow10(from.checked_sub(to)?)?;
            (x.checked_rem(unit)? == 0).then(|| x.checked_div(unit)).flatten()
        }
    }
}

/// The slot's bit in a `reads` mask.
fn bit(slot: Slot) -> Option<u128> {
    1_u128.checked_shl(u32::from(slot))
}

impl Known {
    /// A fact's integer in its slot's kind: `None` (not known) when it is
    /// missing, of another kind, or has more decimals than its slot (other
    /// than trailing zeros: an integer given as 3.0 is 3).
    fn encode(&self, slot: usize, v: Option<Value>) -> Option<i64> {
        let slot = *self.slots.get(slot)?;
        let (x, kind) = literal(v?)?;
        match (slot, kind) {
            (Kind::Num(s), Kind::Num(l)) => rescale(x, l, s),
            (a, b) if a == b => Some(x),
            _ => None,
        }
    }

    /// Each slot's integer onto the end of `ints` (0 when not known); the
    /// known slots' bits.
    pub(super) fn read(&self, values: &[Option<Value>], ints: &mut Vec<i64>) -> u128 {
        let mut known = 0;
        for (slot, v) in values.iter().enumerate() {
            let x = self.encode(slot, *v);
            if x.is_some() {
                known |= u16::try_from(slot).ok().and_then(bit).unwrap_or(0);
            }
            ints.push(x.unwrap_or(0));
        }
        known
    }

    /// The enum value in slot 0 (the role), when known.
    pub(super) fn role(&self, known: u128, ints: &[i64]) -> Option<u16> {
        if known & 1 == 0 || self.slots.first() != Some(&Kind::Sym) {
            return None;
        }
        u16::try_from(*ints.first()?).ok()
    }

    /// The provision on a row whose known slots are `known` (bit per slot)
    /// with integers `ints`: `None` when a fact it reads is not known or a
    /// step leaves the known path.
    pub(super) fn decide(&self, p: &Provision, known: u128, ints: &[i64]) -> Option<Decided> {
        let (mut status, mut money) = (Status::Undetermined, None);
        self.decide_into(p, known, ints, &mut status, &mut money)
            .then(|| if status == Status::Eligible { Decided::Eligible(money) } else { Decided::Ineligible })
    }

    /// [`Known::decide`] written into an outcome's status and money (in
    /// place: a `Decided` handed back went through memory, 9 % more
    /// instructions per row); `false`, leaving them, for `None`.
    #[inline(always)]
    pub(super) fn decide_into(&self, p: &Provision, known: u128, ints: &[i64], status: &mut Status, money: &mut Option<Money>) -> bool {
        if let Some((when, reads)) = p.when {
            match self.holds(when, reads, known, ints) {
                Some(true) => {}
                Some(false) => {
                    *status = Status::Ineligible;
                    return true;
                }
                None => return false,
            }
        }
        let Some((rule, reads)) = p.money else { return false };
        if known & reads != reads {
            return false;
        }
        let fen = |(prog, scale): Amount| -> Option<Decimal> { Some(Decimal::new(to_fen(self.exec(prog, ints)?, scale)?, 2)) };
        let figure = match rule {
            Money0::NoFigure => None,
            Money0::Exact(a) => {
                let Some(n) = fen(a) else { return false };
                Some(Money { kind: MoneyKind::Exact, min: Some(n), max: n })
            }
            Money0::UpTo(a) => {
                let Some(n) = fen(a) else { return false };
                Some(Money { kind: MoneyKind::UpTo, min: None, max: n })
            }
            Money0::Range(lo, hi) => {
                let Some((a, b)) = fen(lo).zip(fen(hi)) else { return false };
                Some(Money { kind: MoneyKind::Range, min: Some(a.min(b)), max: a.max(b) })
            }
        };
        *status = Status::Eligible;
        *money = figure;
        true
    }

    /// Whether a condition (an atom) holds on the known path: `None` as in
    /// [`Known::decide`].
    pub(super) fn holds(&self, prog: Prog, reads: u128, known: u128, ints: &[i64]) -> Option<bool> {
        if known & reads != reads {
            return None;
        }
        Some(self.exec(prog, ints)? != 0)
    }

    fn kids(&self, from: u32, to: u32) -> &[Op] {
        self.kids.get(from as usize..to as usize).unwrap_or_default()
    }

    /// Op `op`'s value when it reads no fact (`None` also when a step
    /// leaves the known path).
    fn fold(&self, op: Op) -> Option<i64> {
        let mut steps = Vec::new();
        self.emit(op, 0, &mut steps)?;
        run(&steps, &self.values, &[])
    }

    /// Op `op` flattened onto the end of `steps`: its range there, `None`
    /// when it needs more than [`REGS`] registers or 2^16 steps.
    fn program(&mut self, op: Op) -> Option<Prog> {
        let mut steps = Vec::new();
        self.emit(op, 0, &mut steps)?;
        u16::try_from(steps.len()).ok()?;
        let from = super::at(self.steps.len());
        self.steps.extend(steps);
        Some((from, super::at(self.steps.len())))
    }

    /// The steps putting op `op`'s value in register `d`, onto `out` (whose
    /// start is the program's: jumps are indices in it).
    fn emit(&self, op: Op, d: usize, out: &mut Vec<Step>) -> Option<()> {
        let reg = |k: usize| d.checked_add(k).filter(|r| *r < REGS).and_then(|r| Reg::try_from(r).ok());
        let r = reg(0)?;
        // The operands of a node at `d` in `d`, `d + 1`, ...
        let operands = |ops: &[Op], out: &mut Vec<Step>| -> Option<()> {
            for (k, a) in ops.iter().enumerate() {
                self.emit(*a, usize::from(reg(k)?), out)?;
            }
            Some(())
        };
        let here = |out: &Vec<Step>| u16::try_from(out.len()).ok();
        let slot = |a: Op| match self.code.get(a as usize) {
            Some(Code::Slot(s)) => Some(*s),
            _ => None,
        };
        let lit = |a: Op| match self.code.get(a as usize) {
            Some(Code::Lit(x)) => Some(*x),
            _ => None,
        };
        let step = match *self.code.get(op as usize)? {
            Code::Lit(x) => Step::Lit(r, x),
            Code::Slot(s) => Step::Slot(r, s),
            Code::CmpSlot(c, s, x) => Step::CmpSlot(r, c, s, x),
            Code::Not(a) => {
                operands(&[a], out)?;
                Step::Not(r)
            }
            Code::And(from, to) | Code::Or(from, to) => {
                // Each part into `d`, leaving when it is decisive (its value
                // is then the result); else the last part's value is.
                let decisive = matches!(self.code.get(op as usize), Some(Code::Or(..)));
                let parts = self.kids(from, to);
                let Some((last, first)) = parts.split_last() else {
                    out.push(Step::Lit(r, i64::from(!decisive)));
                    return Some(());
                };
                let mut exits = Vec::new();
                for part in first {
                    let exit = match *self.code.get(*part as usize)? {
                        Code::CmpSlot(c, s, x) => Step::CmpSlotOr(r, c, s, x, decisive, 0),
                        Code::Slot(s) => Step::SlotOr(r, s, decisive, 0),
                        _ => {
                            self.emit(*part, d, out)?;
                            Step::Branch(r, decisive, 0)
                        }
                    };
                    exits.push(out.len());
                    out.push(exit);
                }
                self.emit(*last, d, out)?;
                let end = here(out)?;
                for at in exits {
                    if let Some(Step::CmpSlotOr(.., to) | Step::SlotOr(.., to) | Step::Branch(.., to)) = out.get_mut(at) {
                        *to = end;
                    }
                }
                return Some(());
            }
            Code::If(c, y, n) => {
                self.emit(c, d, out)?;
                let branch = out.len();
                out.push(Step::Branch(r, false, 0));
                self.emit(y, d, out)?;
                let jump = out.len();
                out.push(Step::Jump(0));
                let no = here(out)?;
                self.emit(n, d, out)?;
                let end = here(out)?;
                if let Some(Step::Branch(.., to)) = out.get_mut(branch) {
                    *to = no;
                }
                if let Some(Step::Jump(to)) = out.get_mut(jump) {
                    *to = end;
                }
                return Some(());
            }
            Code::Cmp(c, a, b) => match (slot(a), slot(b)) {
                (Some(a), Some(b)) => Step::CmpSlots(r, c, a, b),
                _ => {
                    operands(&[a, b], out)?;
                    Step::Cmp(r, c)
                }
            },
            Code::In(a, from, to) => match slot(a) {
                Some(s) => Step::InSlot(r, s, from, to),
                None => {
                    operands(&[a], out)?;
                    Step::In(r, from, to)
                }
            },
            Code::Add(a, b) => {
                operands(&[a, b], out)?;
                Step::Add(r)
            }
            Code::Mul(a, b) => match (slot(a), lit(b), lit(a), slot(b)) {
                (Some(s), Some(x), ..) | (.., Some(x), Some(s)) => Step::MulSlot(r, s, x),
                _ => {
                    operands(&[a, b], out)?;
                    Step::Mul(r)
                }
            },
            Code::Neg(a) => {
                operands(&[a], out)?;
                Step::Neg(r)
            }
            Code::Scale(a, factor) => {
                operands(&[a], out)?;
                Step::Scale(r, factor)
            }
            Code::Min(a, b) => {
                operands(&[a, b], out)?;
                Step::Min(r)
            }
            Code::Max(a, b) => {
                operands(&[a, b], out)?;
                Step::Max(r)
            }
            Code::Year(a) => {
                operands(&[a], out)?;
                Step::Year(r)
            }
            Code::Shift(func, a, n, scale) => {
                operands(&[a, n], out)?;
                Step::Shift(r, func, scale)
            }
        };
        out.push(step);
        Some(())
    }

    /// Program `prog`'s value on a row's integers. A program of one
    /// literal, fact or comparison (most amounts and many conditions) is
    /// read here, not run.
    #[inline(always)]
    fn exec(&self, (from, to): Prog, ints: &[i64]) -> Option<i64> {
        match self.steps.get(from as usize..to as usize)? {
            [Step::Lit(_, x)] => Some(*x),
            [Step::Slot(_, s)] => ints.get(usize::from(*s)).copied(),
            [Step::CmpSlot(_, c, s, x)] => Some(i64::from(c.holds(ints.get(usize::from(*s))?.cmp(x)))),
            [Step::MulSlot(_, s, x)] => ints.get(usize::from(*s))?.checked_mul(*x),
            steps => run(steps, &self.values, ints),
        }
    }
}

/// A program's steps on `v` (a row's integers), `values` the lists `in`
/// looks in: register 0 at the end, `None` when a step leaves the known
/// path.
fn run(steps: &[Step], values: &[i64], v: &[i64]) -> Option<i64> {
    // Register `r` as `r % REGS`: always in range, so no check is compiled
    // (lowering never hands out one past it).
    let mut regs = [0_i64; REGS];
    let at = |r: Reg| usize::from(r) % REGS;
    let get = |regs: &[i64; REGS], r: Reg| regs.get(at(r)).copied().unwrap_or(0);
    let next = |r: Reg| r.wrapping_add(1);
    let bool = |b: bool| i64::from(b);
    let mut pc = 0;
    while let Some(step) = steps.get(pc) {
        pc = pc.wrapping_add(1);
        let (r, x) = match *step {
            Step::Lit(r, x) => (r, x),
            Step::Slot(r, s) => (r, *v.get(usize::from(s))?),
            Step::CmpSlot(r, c, s, x) => (r, bool(c.holds(v.get(usize::from(s))?.cmp(&x)))),
            Step::CmpSlotOr(r, c, s, x, on, to) => {
                let holds = c.holds(v.get(usize::from(s))?.cmp(&x));
                if holds == on {
                    pc = usize::from(to);
                }
                (r, bool(holds))
            }
            Step::SlotOr(r, s, on, to) => {
                let x = *v.get(usize::from(s))?;
                if (x != 0) == on {
                    pc = usize::from(to);
                }
                (r, x)
            }
            Step::CmpSlots(r, c, a, b) => (r, bool(c.holds(v.get(usize::from(a))?.cmp(v.get(usize::from(b))?)))),
            Step::InSlot(r, s, from, to) => (r, bool(values.get(from as usize..to as usize).unwrap_or_default().contains(v.get(usize::from(s))?))),
            Step::MulSlot(r, s, x) => (r, v.get(usize::from(s))?.checked_mul(x)?),
            Step::Branch(r, on, to) => {
                if (get(&regs, r) != 0) == on {
                    pc = usize::from(to);
                }
                continue;
            }
            Step::Jump(to) => {
                pc = usize::from(to);
                continue;
            }
            Step::Not(r) => (r, bool(get(&regs, r) == 0)),
            Step::Cmp(r, c) => (r, bool(c.holds(get(&regs, r).cmp(&get(&regs, next(r)))))),
            Step::In(r, from, to) => (r, bool(values.get(from as usize..to as usize).unwrap_or_default().contains(&get(&regs, r)))),
            Step::Add(r) => (r, get(&regs, r).checked_add(get(&regs, next(r)))?),
            Step::Mul(r) => (r, get(&regs, r).checked_mul(get(&regs, next(r)))?),
            Step::Neg(r) => (r, get(&regs, r).checked_neg()?),
            Step::Scale(r, factor) => (r, get(&regs, r).checked_mul(factor)?),
            Step::Min(r) => (r, get(&regs, r).min(get(&regs, next(r)))),
            Step::Max(r) => (r, get(&regs, r).max(get(&regs, next(r)))),
            Step::Year(r) => (r, get(&regs, r).checked_div(10_000)?),
            // As `expr::call`: the number truncated toward zero (integer
            // division does that), the date moved by the reference's own
            // `Date` functions; out of range is the reference's error.
            Step::Shift(r, func, scale) => {
                let (d, n) = (undate(get(&regs, r))?, get(&regs, next(r)).checked_div(pow10(scale)?)?);
                (r, date(if func == Func::AddYears { d.add_years(n) } else { d.add_months(n) }?)?)
            }
        };
        if let Some(slot) = regs.get_mut(at(r)) {
            *slot = x;
        }
    }
    regs.first().copied()
}

/// A positive amount at `scale` in fen, rounded half away from zero (the
/// reference's rounding); `None` for zero or less (the reference decides
/// what its sign means).
fn to_fen(x: i64, scale: u32) -> Option<i64> {
    if x <= 0 {
        return None;
    }
    let Some(down) = scale.checked_sub(2) else { return rescale(x, scale, 2) };
    let unit = pow10(down)?;
    let (q, r) = (x.checked_div(unit)?, x.checked_rem(unit)?);
    if r.checked_mul(2)? >= unit {
        q.checked_add(1)
    } else {
        Some(q)
    }
}
