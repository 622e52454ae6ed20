//! The rule language of the packs: conditions and amount formulas.
//!
//! A policy officer writes `insured_employees >= 3 and insured_months >= 12`
//! or `im_min_wage_class1 * 0.7 * interns`; the loader parses it once against
//! the fact vocabulary and the region's parameters, checks every name and
//! type, and keeps a small typed tree. Evaluation is Kleene three-valued:
//! a missing fact makes a sub-expression unknown, `false and unknown` is false,
//! `true or unknown` is true, and an unknown result carries the set of facts
//! that could still change it.
//!
//! Grammar (lowest precedence first):
//! ```text
//! expr   := 'if' expr 'then' expr 'else' expr | or
//! or     := and ('or' and)*
//! and    := not ('and' not)*
//! not    := 'not' not | cmp
//! cmp    := sum (cmpop sum | 'in' '[' literal (',' literal)* ']')?
//! sum    := prod (('+' | '-') prod)*
//! prod   := unary (('*' | '/') unary)*
//! unary  := '-' unary | atom
//! atom   := number | 'string' | true | false | date'YYYY-MM-DD'
//!         | name | name '(' expr (',' expr)* ')' | '(' expr ')'
//! ```

use crate::date::Date;
use rust_decimal::Decimal;
use std::fmt;

pub type FactId = u16;
pub type DerivedId = u16;
pub type ParamId = u16;

/// A typed value. Enum values are indices into their fact's value list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Value {
    Bool(bool),
    Num(Decimal),
    Sym(u16),
    Date(Date),
}

/// Static type of an expression. `Enum(f)` is the value set of fact `f`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Ty {
    Bool,
    Num,
    Date,
    Enum(FactId),
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Ty::Bool => "bool",
            Ty::Num => "number",
            Ty::Date => "date",
            Ty::Enum(_) => "enum",
        })
    }
}

/// A set of facts, at most 256 in a vocabulary (checked at load).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize)]
pub struct FactSet([u64; 4]);

impl FactSet {
    pub const CAPACITY: usize = 256;

    pub(crate) fn from_words(words: [u64; 4]) -> FactSet {
        FactSet(words)
    }
    pub fn single(id: FactId) -> FactSet {
        let mut set = FactSet::default();
        set.insert(id);
        set
    }
    pub fn insert(&mut self, id: FactId) {
        let i = usize::from(id);
        if let Some(word) = self.0.get_mut(i / 64) {
            *word |= 1 << (i % 64);
        }
    }
    pub fn contains(&self, id: FactId) -> bool {
        let i = usize::from(id);
        self.0.get(i / 64).is_some_and(|word| word & (1 << (i % 64)) != 0)
    }
    pub fn union(self, other: FactSet) -> FactSet {
        let mut out = self;
        for (a, b) in out.0.iter_mut().zip(other.0) {
            *a |= b;
        }
        out
    }
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|w| *w == 0)
    }
    pub fn len(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }
    /// The ids in the set, lowest first.
    pub fn iter(&self) -> FactSetIter {
        FactSetIter { words: self.0, word: 0 }
    }
}

/// The ids of a [`FactSet`]: the set bits of each word in turn (testing
/// all 256 ids was a tenth of a batch row's time).
pub struct FactSetIter {
    words: [u64; 4],
    word: u16,
}

impl Iterator for FactSetIter {
    type Item = FactId;
    fn next(&mut self) -> Option<FactId> {
        loop {
            let bits = self.words.get_mut(usize::from(self.word))?;
            if *bits != 0 {
                // Below 64 as the word is not zero; word < 4, so the id is below 256.
                let bit = bits.trailing_zeros() as u16;
                // Clears the lowest set bit.
                *bits &= bits.wrapping_sub(1);
                return Some(self.word.wrapping_mul(64).wrapping_add(bit));
            }
            self.word = self.word.saturating_add(1);
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// How an operator is written: in the pack's own syntax (`>=`, `*`) or for
/// a reader (`≥`, `×`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Symbols {
    Pack,
    Reader,
}

impl CmpOp {
    /// Every operator in declaration order (the compiled catalog's variant index).
    pub const ALL: [CmpOp; 6] = [CmpOp::Eq, CmpOp::Ne, CmpOp::Lt, CmpOp::Le, CmpOp::Gt, CmpOp::Ge];
    /// The one table of comparison symbols: pack syntax, then reader's.
    fn symbols(self) -> (&'static str, &'static str) {
        match self {
            CmpOp::Eq => ("==", "="),
            CmpOp::Ne => ("!=", "≠"),
            CmpOp::Lt => ("<", "<"),
            CmpOp::Le => ("<=", "≤"),
            CmpOp::Gt => (">", ">"),
            CmpOp::Ge => (">=", "≥"),
        }
    }

    pub fn symbol(self) -> &'static str {
        self.written(Symbols::Reader)
    }
    pub fn written(self, style: Symbols) -> &'static str {
        let (pack, reader) = self.symbols();
        if style == Symbols::Pack { pack } else { reader }
    }
    pub(crate) fn holds(self, ord: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::*;
        match self {
            CmpOp::Eq => ord == Equal,
            CmpOp::Ne => ord != Equal,
            CmpOp::Lt => ord == Less,
            CmpOp::Le => ord != Greater,
            CmpOp::Gt => ord == Greater,
            CmpOp::Ge => ord != Less,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
}

impl ArithOp {
    /// Every operator in declaration order (the compiled catalog's variant index).
    pub const ALL: [ArithOp; 4] = [ArithOp::Add, ArithOp::Sub, ArithOp::Mul, ArithOp::Div];
    /// The one table of arithmetic symbols: pack syntax, then reader's.
    fn symbols(self) -> (&'static str, &'static str) {
        match self {
            ArithOp::Add => ("+", "+"),
            ArithOp::Sub => ("-", "−"),
            ArithOp::Mul => ("*", "×"),
            ArithOp::Div => ("/", "÷"),
        }
    }

    pub fn written(self, style: Symbols) -> &'static str {
        let (pack, reader) = self.symbols();
        if style == Symbols::Pack { pack } else { reader }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Func {
    AddYears,
    AddMonths,
    Year,
    Min,
    Max,
}

impl Func {
    /// Every function in declaration order (the compiled catalog's variant index).
    pub const ALL: [Func; 5] = [Func::AddYears, Func::AddMonths, Func::Year, Func::Min, Func::Max];

    /// The one table of the rule language's functions: name, argument types, result type.
    /// A new function is a variant, a row here and its case in `call`.
    fn row(self) -> (&'static str, &'static [Ty], Ty) {
        match self {
            Func::AddYears => ("add_years", &[Ty::Date, Ty::Num], Ty::Date),
            Func::AddMonths => ("add_months", &[Ty::Date, Ty::Num], Ty::Date),
            Func::Year => ("year", &[Ty::Date], Ty::Num),
            Func::Min => ("min", &[Ty::Num, Ty::Num], Ty::Num),
            Func::Max => ("max", &[Ty::Num, Ty::Num], Ty::Num),
        }
    }
    /// The name a pack writes.
    pub fn name(self) -> &'static str {
        self.row().0
    }
    fn from_name(name: &str) -> Option<Func> {
        Func::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// Expressions deeper than this are refused, when parsed and when decoded
/// (decode.rs), so evaluating, explaining and dropping one never runs
/// out of stack.
pub const MAX_DEPTH: usize = 32;

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub enum Expr {
    Lit(Value),
    Fact(FactId),
    Derived(DerivedId),
    Param(ParamId),
    AsOf,
    Not(Box<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Cmp(CmpOp, Box<Expr>, Box<Expr>),
    In(Box<Expr>, Vec<Value>),
    Arith(ArithOp, Box<Expr>, Box<Expr>),
    Neg(Box<Expr>),
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    Call(Func, Vec<Expr>),
}

/// What a name in an expression refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ref {
    Fact(FactId),
    Derived(DerivedId),
    Param(ParamId),
}

/// Resolves names while parsing: the fact vocabulary plus a region's parameters.
pub trait Scope {
    fn lookup(&self, name: &str) -> Option<(Ref, Ty)>;
    /// Index of `value` among the values of enum fact `fact`.
    fn enum_value(&self, fact: FactId, value: &str) -> Option<u16>;
}

/// Supplies values while evaluating.
pub trait Env {
    fn fact(&self, id: FactId) -> Option<Value>;
    fn derived(&self, id: DerivedId) -> Result<Tri, EvalError>;
    fn param(&self, id: ParamId) -> Result<Decimal, EvalError>;
    fn as_of(&self) -> Date;
}

/// A three-valued result: a value, or unknown because of these missing facts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tri {
    Known(Value),
    Unknown(FactSet),
}

impl Tri {
    pub fn as_bool(self) -> Option<bool> {
        match self {
            Tri::Known(Value::Bool(b)) => Some(b),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EvalError {
    Overflow,
    DivisionByZero,
    DateOutOfRange,
    NoParameterValue { param: ParamId, on: Date },
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EvalError::Overflow => f.write_str("amount too large to compute exactly"),
            EvalError::DivisionByZero => f.write_str("division by zero"),
            EvalError::DateOutOfRange => f.write_str("date out of the supported range"),
            EvalError::NoParameterValue { on, .. } => {
                write!(f, "no parameter value in force on {on}")
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    /// Byte offset in the source expression.
    pub at: usize,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `at` is an offset into a string, far below usize::MAX.
        write!(f, "{} (at character {})", self.message, self.at.saturating_add(1))
    }
}

// ---------------------------------------------------------------- lexer

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Num(Decimal),
    Str(String),
    DateLit(Date),
    Name(String),
    Op(&'static str),
    End,
}

fn lex(src: &str) -> Result<Vec<(Tok, usize)>, ParseError> {
    let mut out = Vec::new();
    let mut rest = src;
    while let Some(c) = rest.bytes().next() {
        // `rest` is always a suffix of `src`, so this is its byte offset.
        let at = src.len().saturating_sub(rest.len());
        let err = |message: &str| ParseError { message: message.to_string(), at };
        rest = if c.is_ascii_whitespace() {
            rest.get(1..).unwrap_or_default()
        } else if c.is_ascii_digit() {
            let (text, after) = split_while(rest, |b| b.is_ascii_digit() || b == b'.');
            let value = Decimal::from_str_exact(text).map_err(|_| {
                let digits = text.bytes().filter(u8::is_ascii_digit).count();
                if text.bytes().filter(|b| *b == b'.').count() > 1 {
                    err(&format!("`{text}` is not a number"))
                } else if digits > 28 {
                    err(&format!("`{text}` has {digits} digits; at most 28 are exact"))
                } else {
                    err(&format!("`{text}` cannot be held exactly (at most 28 significant digits)"))
                }
            })?;
            out.push((Tok::Num(value), at));
            after
        } else if c == b'\'' {
            let (text, after) = quoted(rest).ok_or_else(|| err("unterminated string"))?;
            out.push((Tok::Str(text.to_string()), at));
            after
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let (name, after) = split_while(rest, |b| b.is_ascii_alphanumeric() || b == b'_');
            if name == "date" && after.starts_with('\'') {
                let (text, after) = quoted(after).ok_or_else(|| err("unterminated date"))?;
                let date = Date::parse(text).ok_or_else(|| err("bad date literal"))?;
                out.push((Tok::DateLit(date), at));
                after
            } else {
                out.push((Tok::Name(name.to_string()), at));
                after
            }
        } else {
            // Two-character operators come first in OPS, so `<=` is not `<`.
            let op = OPS.into_iter().find(|op| rest.starts_with(op)).ok_or_else(|| err("unexpected character"))?;
            out.push((Tok::Op(op), at));
            rest.get(op.len()..).unwrap_or_default()
        };
    }
    out.push((Tok::End, src.len()));
    Ok(out)
}

const OPS: [&str; 15] = ["==", "!=", "<=", ">=", "<", ">", "+", "-", "*", "/", "(", ")", "[", "]", ","];

/// The longest prefix of ASCII bytes matching `keep`, and the rest.
fn split_while(s: &str, keep: impl Fn(u8) -> bool) -> (&str, &str) {
    let len = s.bytes().take_while(|b| keep(*b)).count();
    s.split_at_checked(len).unwrap_or((s, ""))
}

/// `'text'rest` → (`text`, `rest`); `None` when the closing quote is missing.
fn quoted(s: &str) -> Option<(&str, &str)> {
    s.strip_prefix('\'')?.split_once('\'')
}

// ---------------------------------------------------------------- parser

/// Parses `src` and checks it has type `want`.
pub fn parse(src: &str, scope: &dyn Scope, want: Ty) -> Result<Expr, ParseError> {
    let tokens = lex(src)?;
    let mut parser = Parser { tokens, pos: 0, scope, nesting: 0 };
    let (expr, ty) = parser.expr()?;
    if parser.peek() != &Tok::End {
        return Err(parser.error("unexpected text after the expression"));
    }
    if ty != want {
        return Err(ParseError { message: format!("expected a {want} expression, found {ty}"), at: 0 });
    }
    if expr.depth() > MAX_DEPTH {
        return Err(ParseError { message: format!("nested too deeply (at most {MAX_DEPTH} levels)"), at: 0 });
    }
    Ok(expr)
}

struct Parser<'a> {
    tokens: Vec<(Tok, usize)>,
    /// Grows by one per token read (saturating: it cannot get near usize::MAX).
    pos: usize,
    scope: &'a dyn Scope,
    /// Nested `(`, `if`, `not`, `-` and call arguments being parsed.
    nesting: usize,
}

type Typed = (Expr, Ty);

impl Parser<'_> {
    fn peek(&self) -> &Tok {
        self.tokens.get(self.pos).map_or(&Tok::End, |t| &t.0)
    }
    fn at(&self) -> usize {
        self.tokens.get(self.pos).map_or(0, |t| t.1)
    }
    fn next(&mut self) -> Tok {
        let tok = self.peek().clone();
        self.pos = self.pos.saturating_add(1);
        tok
    }
    fn error(&self, message: &str) -> ParseError {
        ParseError { message: message.to_string(), at: self.at() }
    }
    fn eat_op(&mut self, op: &str) -> bool {
        if self.peek() == &Tok::Op(static_op(op)) {
            self.pos = self.pos.saturating_add(1);
            true
        } else {
            false
        }
    }
    fn eat_word(&mut self, word: &str) -> bool {
        if matches!(self.peek(), Tok::Name(n) if n == word) {
            self.pos = self.pos.saturating_add(1);
            true
        } else {
            false
        }
    }
    fn expect_op(&mut self, op: &str) -> Result<(), ParseError> {
        if self.eat_op(op) {
            Ok(())
        } else {
            Err(self.error(&format!("expected `{op}`")))
        }
    }
    fn expect_ty(&self, got: Ty, want: Ty, at: usize, what: &str) -> Result<(), ParseError> {
        if got == want {
            Ok(())
        } else {
            Err(ParseError { message: format!("{what} needs a {want}, found {got}"), at })
        }
    }

    /// Parses one nested level with `f`, refusing to go deeper than
    /// [`MAX_DEPTH`] (the parser recurses once per level).
    fn nested(&mut self, f: impl FnOnce(&mut Self) -> Result<Typed, ParseError>) -> Result<Typed, ParseError> {
        if self.nesting >= MAX_DEPTH {
            return Err(self.error(&format!("nested too deeply (at most {MAX_DEPTH} levels)")));
        }
        self.nesting = self.nesting.saturating_add(1); // below MAX_DEPTH
        let parsed = f(self);
        self.nesting = self.nesting.saturating_sub(1);
        parsed
    }

    fn expr(&mut self) -> Result<Typed, ParseError> {
        self.nested(Self::expr_inner)
    }

    fn expr_inner(&mut self) -> Result<Typed, ParseError> {
        if self.eat_word("if") {
            let at = self.at();
            let (cond, cty) = self.expr()?;
            self.expect_ty(cty, Ty::Bool, at, "`if`")?;
            if !self.eat_word("then") {
                return Err(self.error("expected `then`"));
            }
            let at = self.at();
            let (yes, yty) = self.expr()?;
            if !self.eat_word("else") {
                return Err(self.error("expected `else`"));
            }
            let (no, nty) = self.expr()?;
            self.expect_ty(nty, yty, at, "both branches of `if`")?;
            return Ok((Expr::If(Box::new(cond), Box::new(yes), Box::new(no)), yty));
        }
        self.or()
    }

    fn or(&mut self) -> Result<Typed, ParseError> {
        self.bool_chain("or", Self::and, Expr::Or)
    }

    fn and(&mut self) -> Result<Typed, ParseError> {
        self.bool_chain("and", Self::not, Expr::And)
    }

    /// `next (word next)*` for `and` and `or`: one flat node, all parts bool.
    fn bool_chain(&mut self, word: &str, next: fn(&mut Self) -> Result<Typed, ParseError>, node: fn(Vec<Expr>) -> Expr) -> Result<Typed, ParseError> {
        let at = self.at();
        let (first, ty) = next(self)?;
        if !matches!(self.peek(), Tok::Name(n) if n == word) {
            return Ok((first, ty));
        }
        let what = format!("`{word}`");
        self.expect_ty(ty, Ty::Bool, at, &what)?;
        let mut parts = vec![first];
        while self.eat_word(word) {
            let at = self.at();
            let (part, ty) = next(self)?;
            self.expect_ty(ty, Ty::Bool, at, &what)?;
            parts.push(part);
        }
        Ok((node(parts), Ty::Bool))
    }

    fn not(&mut self) -> Result<Typed, ParseError> {
        if self.eat_word("not") {
            return self.prefixed(Self::not, Ty::Bool, "`not`", Expr::Not);
        }
        self.cmp()
    }

    /// The operand of a prefix operator (`not`, `-`) just read, of type `ty`.
    fn prefixed(&mut self, operand: fn(&mut Self) -> Result<Typed, ParseError>, ty: Ty, what: &str, node: fn(Box<Expr>) -> Expr) -> Result<Typed, ParseError> {
        let at = self.at();
        let (inner, got) = self.nested(operand)?;
        self.expect_ty(got, ty, at, what)?;
        Ok((node(Box::new(inner)), ty))
    }

    fn cmp(&mut self) -> Result<Typed, ParseError> {
        let at = self.at();
        let (left, lty) = self.sum()?;
        if self.eat_word("in") {
            self.expect_op("[")?;
            let mut values = Vec::new();
            loop {
                let at = self.at();
                let (lit, ty) = self.literal_for(lty)?;
                self.expect_ty(ty, lty, at, "`in`")?;
                values.push(lit);
                if !self.eat_op(",") {
                    break;
                }
            }
            self.expect_op("]")?;
            return Ok((Expr::In(Box::new(left), values), Ty::Bool));
        }
        let op = match self.peek() {
            Tok::Op("==") => CmpOp::Eq,
            Tok::Op("!=") => CmpOp::Ne,
            Tok::Op("<") => CmpOp::Lt,
            Tok::Op("<=") => CmpOp::Le,
            Tok::Op(">") => CmpOp::Gt,
            Tok::Op(">=") => CmpOp::Ge,
            _ => return Ok((left, lty)),
        };
        self.pos = self.pos.saturating_add(1);
        let rat = self.at();
        let (right, rty) = if let (Ty::Enum(_), Tok::Str(_)) = (lty, self.peek()) {
            let (value, ty) = self.literal_for(lty)?;
            (Expr::Lit(value), ty)
        } else {
            self.sum()?
        };
        self.expect_ty(rty, lty, rat, "a comparison")?;
        let ordered = matches!(lty, Ty::Num | Ty::Date);
        if !ordered && !matches!(op, CmpOp::Eq | CmpOp::Ne) {
            return Err(ParseError { message: format!("`{}` needs numbers or dates", op.symbol()), at });
        }
        Ok((Expr::Cmp(op, Box::new(left), Box::new(right)), Ty::Bool))
    }

    /// A literal; a quoted string is read as a value of `enum_ty`.
    fn literal_for(&mut self, enum_ty: Ty) -> Result<(Value, Ty), ParseError> {
        let at = self.at();
        match self.next() {
            Tok::Num(n) => Ok((Value::Num(n), Ty::Num)),
            Tok::DateLit(d) => Ok((Value::Date(d), Ty::Date)),
            Tok::Name(n) if n == "true" => Ok((Value::Bool(true), Ty::Bool)),
            Tok::Name(n) if n == "false" => Ok((Value::Bool(false), Ty::Bool)),
            Tok::Str(s) => match enum_ty {
                Ty::Enum(fact) => match self.scope.enum_value(fact, &s) {
                    Some(index) => Ok((Value::Sym(index), enum_ty)),
                    None => Err(ParseError { message: format!("`{s}` is not one of the fact's values"), at }),
                },
                _ => Err(ParseError { message: "a quoted value only compares with an enum fact".into(), at }),
            },
            _ => Err(ParseError { message: "expected a literal value".into(), at }),
        }
    }

    fn sum(&mut self) -> Result<Typed, ParseError> {
        self.arith_chain(&[("+", ArithOp::Add), ("-", ArithOp::Sub)], Self::prod)
    }

    fn prod(&mut self) -> Result<Typed, ParseError> {
        self.arith_chain(&[("*", ArithOp::Mul), ("/", ArithOp::Div)], Self::unary)
    }

    /// `next (op next)*` for one precedence level of arithmetic, left-leaning.
    fn arith_chain(&mut self, ops: &[(&str, ArithOp)], next: fn(&mut Self) -> Result<Typed, ParseError>) -> Result<Typed, ParseError> {
        let at = self.at();
        let (mut left, mut ty) = next(self)?;
        let mut chain: usize = 0;
        loop {
            let op = match self.peek() {
                Tok::Op(sym) => match ops.iter().find(|(s, _)| s == sym) {
                    Some((_, op)) => *op,
                    None => return Ok((left, ty)),
                },
                _ => return Ok((left, ty)),
            };
            self.pos = self.pos.saturating_add(1);
            self.expect_ty(ty, Ty::Num, at, "arithmetic")?;
            // Each operator adds a level to the left-leaning tree.
            chain = chain.saturating_add(1);
            if chain > MAX_DEPTH {
                return Err(self.error(&format!("nested too deeply (at most {MAX_DEPTH} levels)")));
            }
            let rat = self.at();
            let (right, rty) = next(self)?;
            self.expect_ty(rty, Ty::Num, rat, "arithmetic")?;
            left = Expr::Arith(op, Box::new(left), Box::new(right));
            ty = Ty::Num;
        }
    }

    fn unary(&mut self) -> Result<Typed, ParseError> {
        if self.eat_op("-") {
            return self.prefixed(Self::unary, Ty::Num, "`-`", Expr::Neg);
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Typed, ParseError> {
        let at = self.at();
        match self.next() {
            Tok::Num(n) => Ok((Expr::Lit(Value::Num(n)), Ty::Num)),
            Tok::DateLit(d) => Ok((Expr::Lit(Value::Date(d)), Ty::Date)),
            Tok::Str(_) => Err(ParseError { message: "a quoted value must follow `==`, `!=` or `in`".into(), at }),
            Tok::Op("(") => {
                let inner = self.expr()?;
                self.expect_op(")")?;
                Ok(inner)
            }
            Tok::Name(name) => self.named(&name, at),
            _ => Err(ParseError { message: "expected a value, a name or `(`".into(), at }),
        }
    }

    fn named(&mut self, name: &str, at: usize) -> Result<Typed, ParseError> {
        match name {
            "true" => return Ok((Expr::Lit(Value::Bool(true)), Ty::Bool)),
            "false" => return Ok((Expr::Lit(Value::Bool(false)), Ty::Bool)),
            "as_of" => return Ok((Expr::AsOf, Ty::Date)),
            _ => {}
        }
        if self.eat_op("(") {
            let Some(func) = Func::from_name(name) else {
                return Err(ParseError { message: format!("unknown function `{name}`"), at });
            };
            let mut args = Vec::new();
            loop {
                args.push(self.expr()?);
                if !self.eat_op(",") {
                    break;
                }
            }
            self.expect_op(")")?;
            let tys: Vec<Ty> = args.iter().map(|a| a.1).collect();
            let (_, want, out) = func.row();
            if tys.len() != want.len() || tys.iter().zip(want).any(|(a, b)| a != b) {
                return Err(ParseError { message: format!("wrong arguments to `{name}`"), at });
            }
            return Ok((Expr::Call(func, args.into_iter().map(|a| a.0).collect()), out));
        }
        match self.scope.lookup(name) {
            Some((Ref::Fact(id), ty)) => Ok((Expr::Fact(id), ty)),
            Some((Ref::Derived(id), ty)) => Ok((Expr::Derived(id), ty)),
            Some((Ref::Param(id), ty)) => Ok((Expr::Param(id), ty)),
            None => Err(ParseError { message: format!("unknown fact or parameter `{name}`"), at }),
        }
    }
}

fn static_op(op: &str) -> &'static str {
    OPS.into_iter()
        .find(|o| *o == op)
        .unwrap_or("")
}

// ---------------------------------------------------------------- evaluation

impl Expr {
    // Generic, not `&dyn Env`: the product has one `Env` (the engine's), and a
    // direct call lets `fact` inline (per case 41.0 -> 36.9 ms on 100k rows).
    pub fn eval<E: Env + ?Sized>(&self, env: &E) -> Result<Tri, EvalError> {
        Ok(match self {
            Expr::Lit(v) => Tri::Known(*v),
            Expr::Fact(id) => match env.fact(*id) {
                Some(v) => Tri::Known(v),
                None => Tri::Unknown(FactSet::single(*id)),
            },
            Expr::Derived(id) => env.derived(*id)?,
            Expr::Param(id) => Tri::Known(Value::Num(env.param(*id)?)),
            Expr::AsOf => Tri::Known(Value::Date(env.as_of())),
            Expr::Not(inner) => match inner.eval(env)? {
                Tri::Known(Value::Bool(b)) => Tri::Known(Value::Bool(!b)),
                other => other,
            },
            Expr::And(parts) => kleene(parts.iter().map(|part| part.eval(env)), false)?,
            Expr::Or(parts) => kleene(parts.iter().map(|part| part.eval(env)), true)?,
            Expr::Cmp(op, l, r) => match (l.eval(env)?, r.eval(env)?) {
                (Tri::Known(a), Tri::Known(b)) => Tri::Known(Value::Bool(compare(*op, a, b))),
                (a, b) => Tri::Unknown(missing(a).union(missing(b))),
            },
            Expr::In(inner, values) => match inner.eval(env)? {
                Tri::Known(v) => Tri::Known(Value::Bool(values.contains(&v))),
                unknown => unknown,
            },
            Expr::Arith(op, l, r) => match (l.eval(env)?, r.eval(env)?) {
                (Tri::Known(Value::Num(a)), Tri::Known(Value::Num(b))) => {
                    Tri::Known(Value::Num(arith(*op, a, b)?))
                }
                (a, b) => Tri::Unknown(missing(a).union(missing(b))),
            },
            Expr::Neg(inner) => match inner.eval(env)? {
                // A decimal's range is symmetric, so this never fails.
                Tri::Known(Value::Num(n)) => Tri::Known(Value::Num(Decimal::ZERO.checked_sub(n).ok_or(EvalError::Overflow)?)),
                other => other,
            },
            Expr::If(cond, yes, no) => match cond.eval(env)? {
                Tri::Known(Value::Bool(true)) => yes.eval(env)?,
                Tri::Known(_) => no.eval(env)?,
                Tri::Unknown(set) => {
                    let (a, b) = (yes.eval(env)?, no.eval(env)?);
                    either(set, a, b)
                }
            },
            Expr::Call(func, args) => call_with(*func, args.iter().map(|arg| arg.eval(env)))?,
        })
    }

    /// Every asked fact this expression can depend on, through derived facts too.
    pub fn facts(&self, derived: &dyn Fn(DerivedId) -> FactSet) -> FactSet {
        let mut set = FactSet::default();
        self.walk(&mut |e| match e {
            Expr::Fact(id) => set.insert(*id),
            Expr::Derived(id) => set = set.union(derived(*id)),
            _ => {}
        });
        set
    }

    /// Visits this node and every node below it.
    pub fn walk(&self, visit: &mut dyn FnMut(&Expr)) {
        visit(self);
        match self {
            Expr::Not(e) | Expr::Neg(e) | Expr::In(e, _) => e.walk(visit),
            Expr::And(parts) | Expr::Or(parts) | Expr::Call(_, parts) => {
                parts.iter().for_each(|p| p.walk(visit))
            }
            Expr::Cmp(_, l, r) | Expr::Arith(_, l, r) => {
                l.walk(visit);
                r.walk(visit);
            }
            Expr::If(c, y, n) => {
                c.walk(visit);
                y.walk(visit);
                n.walk(visit);
            }
            Expr::Lit(_) | Expr::Fact(_) | Expr::Derived(_) | Expr::Param(_) | Expr::AsOf => {}
        }
    }
}

impl Expr {
    /// Levels of nodes, counted without recursion (the tree may be too deep
    /// for that: this is what finds out).
    pub fn depth(&self) -> usize {
        let mut deepest = 0;
        let mut stack = vec![(self, 1_usize)];
        while let Some((e, d)) = stack.pop() {
            deepest = deepest.max(d);
            match e {
                Expr::Not(x) | Expr::Neg(x) | Expr::In(x, _) => stack.push((x, d.saturating_add(1))),
                Expr::And(parts) | Expr::Or(parts) | Expr::Call(_, parts) => stack.extend(parts.iter().map(|x| (x, d.saturating_add(1)))),
                Expr::Cmp(_, l, r) | Expr::Arith(_, l, r) => stack.extend([(&**l, d.saturating_add(1)), (&**r, d.saturating_add(1))]),
                Expr::If(c, y, n) => stack.extend([(&**c, d.saturating_add(1)), (&**y, d.saturating_add(1)), (&**n, d.saturating_add(1))]),
                Expr::Lit(_) | Expr::Fact(_) | Expr::Derived(_) | Expr::Param(_) | Expr::AsOf => {}
            }
        }
        deepest
    }
}

/// An `if` whose condition is unknown: known only where both branches agree.
/// Shared by the interpreter and the compiled plan (`plan.rs`).
#[inline(always)]
pub(crate) fn either(condition: FactSet, yes: Tri, no: Tri) -> Tri {
    match (yes, no) {
        (Tri::Known(x), Tri::Known(y)) if x == y => yes,
        _ => Tri::Unknown(condition.union(missing(yes)).union(missing(no))),
    }
}

/// A function call over its evaluated arguments, in order (the first error
/// stops it): unknown with every argument's missing facts if any is unknown.
/// Shared by the interpreter and the compiled plan (`plan.rs`).
#[inline(always)]
pub(crate) fn call_with(func: Func, args: impl IntoIterator<Item = Result<Tri, EvalError>>) -> Result<Tri, EvalError> {
    let mut values = [Value::Bool(false); 2];
    let mut unknown = FactSet::default();
    let mut any_unknown = false;
    for (slot, arg) in values.iter_mut().zip(args) {
        match arg? {
            Tri::Known(v) => *slot = v,
            Tri::Unknown(set) => {
                unknown = unknown.union(set);
                any_unknown = true;
            }
        }
    }
    Ok(if any_unknown { Tri::Unknown(unknown) } else { Tri::Known(call(func, values)?) })
}

fn missing(t: Tri) -> FactSet {
    match t {
        Tri::Unknown(set) => set,
        Tri::Known(_) => FactSet::default(),
    }
}

/// Kleene and/or: `decisive` is the value that settles the whole (false for
/// `and`, true for `or`), even when other parts are unknown. `parts` is lazy:
/// the parts after a decisive one are never evaluated. Shared by the
/// interpreter and the compiled plan (`plan.rs`).
#[inline(always)]
pub(crate) fn kleene(parts: impl IntoIterator<Item = Result<Tri, EvalError>>, decisive: bool) -> Result<Tri, EvalError> {
    let mut unknown = FactSet::default();
    let mut any_unknown = false;
    for part in parts {
        match part? {
            Tri::Known(Value::Bool(b)) if b == decisive => return Ok(Tri::Known(Value::Bool(b))),
            Tri::Known(_) => {}
            Tri::Unknown(set) => {
                unknown = unknown.union(set);
                any_unknown = true;
            }
        }
    }
    Ok(if any_unknown { Tri::Unknown(unknown) } else { Tri::Known(Value::Bool(!decisive)) })
}

pub(crate) fn compare(op: CmpOp, a: Value, b: Value) -> bool {
    let ord = match (a, b) {
        (Value::Num(x), Value::Num(y)) => x.cmp(&y),
        (Value::Date(x), Value::Date(y)) => x.cmp(&y),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(&y),
        (Value::Sym(x), Value::Sym(y)) => x.cmp(&y),
        // Types are checked at load; mixed kinds never compare equal.
        _ => return op == CmpOp::Ne,
    };
    op.holds(ord)
}

// Not inlined: the interpreter and the compiled plan share one copy (the
// batch's wasm module is built for speed, and size-budgeted).
#[inline(never)]
pub(crate) fn arith(op: ArithOp, a: Decimal, b: Decimal) -> Result<Decimal, EvalError> {
    match op {
        ArithOp::Add => a.checked_add(b).ok_or(EvalError::Overflow),
        ArithOp::Sub => a.checked_sub(b).ok_or(EvalError::Overflow),
        ArithOp::Mul => a.checked_mul(b).ok_or(EvalError::Overflow),
        ArithOp::Div if b.is_zero() => Err(EvalError::DivisionByZero),
        ArithOp::Div => a.checked_div(b).ok_or(EvalError::Overflow),
    }
}

// Not inlined, as `arith`.
#[inline(never)]
pub(crate) fn call(func: Func, args: [Value; 2]) -> Result<Value, EvalError> {
    match (func, args) {
        (Func::AddYears | Func::AddMonths, [Value::Date(d), Value::Num(n)]) => {
            let n: i64 = n.trunc().try_into().map_err(|_| EvalError::DateOutOfRange)?;
            let out = if func == Func::AddYears { d.add_years(n) } else { d.add_months(n) };
            out.map(Value::Date).ok_or(EvalError::DateOutOfRange)
        }
        (Func::Year, [Value::Date(d), _]) => Ok(Value::Num(Decimal::from(d.year()))),
        (Func::Min, [Value::Num(a), Value::Num(b)]) => Ok(Value::Num(a.min(b))),
        (Func::Max, [Value::Num(a), Value::Num(b)]) => Ok(Value::Num(a.max(b))),
        // Argument types are checked at load.
        _ => Err(EvalError::Overflow),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct TestScope;
    impl Scope for TestScope {
        fn lookup(&self, name: &str) -> Option<(Ref, Ty)> {
            match name {
                "a" => Some((Ref::Fact(0), Ty::Num)),
                "b" => Some((Ref::Fact(1), Ty::Num)),
                "flag" => Some((Ref::Fact(2), Ty::Bool)),
                "kind" => Some((Ref::Fact(3), Ty::Enum(3))),
                "when" => Some((Ref::Fact(4), Ty::Date)),
                "wage" => Some((Ref::Param(0), Ty::Num)),
                _ => None,
            }
        }
        fn enum_value(&self, _fact: FactId, value: &str) -> Option<u16> {
            ["small", "large"].iter().position(|v| *v == value).map(|i| i as u16)
        }
    }

    struct TestEnv(HashMap<FactId, Value>);
    impl Env for TestEnv {
        fn fact(&self, id: FactId) -> Option<Value> {
            self.0.get(&id).copied()
        }
        fn derived(&self, _: DerivedId) -> Result<Tri, EvalError> {
            Ok(Tri::Unknown(FactSet::default()))
        }
        fn param(&self, _: ParamId) -> Result<Decimal, EvalError> {
            Ok(Decimal::from(2270))
        }
        fn as_of(&self) -> Date {
            Date::parse("2025-01-01").unwrap()
        }
    }

    fn eval(src: &str, want: Ty, facts: &[(FactId, Value)]) -> Tri {
        let expr = parse(src, &TestScope, want).unwrap();
        expr.eval(&TestEnv(facts.iter().copied().collect())).unwrap()
    }
    fn num(n: i64) -> Value {
        Value::Num(Decimal::from(n))
    }

    #[test]
    fn false_and_unknown_is_false() {
        let t = eval("a >= 3 and b >= 12", Ty::Bool, &[(0, num(2))]);
        assert_eq!(t, Tri::Known(Value::Bool(false)));
    }

    #[test]
    fn true_and_unknown_is_unknown_with_only_the_open_fact() {
        let t = eval("a >= 3 and b >= 12", Ty::Bool, &[(0, num(3))]);
        assert_eq!(t, Tri::Unknown(FactSet::single(1)));
    }

    #[test]
    fn true_or_unknown_is_true() {
        let t = eval("flag or a > 1", Ty::Bool, &[(2, Value::Bool(true))]);
        assert_eq!(t, Tri::Known(Value::Bool(true)));
    }

    #[test]
    fn arithmetic_is_exact_decimal() {
        let t = eval("wage * 0.7 * a", Ty::Num, &[(0, num(3))]);
        assert_eq!(t, Tri::Known(Value::Num(Decimal::new(47670, 1))));
    }

    #[test]
    fn enum_literals_resolve_and_unknown_values_are_rejected() {
        let t = eval("kind in ['small', 'large']", Ty::Bool, &[(3, Value::Sym(1))]);
        assert_eq!(t, Tri::Known(Value::Bool(true)));
        assert!(parse("kind == 'huge'", &TestScope, Ty::Bool).is_err());
    }

    #[test]
    fn two_years_after_is_a_half_open_window() {
        // as_of is 2025-01-01: leaving school on 2023-01-02 is inside the
        // window, on 2023-01-01 it closed that very day.
        let inside = Value::Date(Date::parse("2023-01-02").unwrap());
        let closed = Value::Date(Date::parse("2023-01-01").unwrap());
        let rule = "as_of < add_years(when, 2)";
        assert_eq!(eval(rule, Ty::Bool, &[(4, inside)]), Tri::Known(Value::Bool(true)));
        assert_eq!(eval(rule, Ty::Bool, &[(4, closed)]), Tri::Known(Value::Bool(false)));
    }

    #[test]
    fn type_errors_are_reported_with_position() {
        let e = parse("a and flag", &TestScope, Ty::Bool).unwrap_err();
        assert!(e.message.contains("`and` needs a bool"), "{e}");
        assert!(parse("unknown_fact > 1", &TestScope, Ty::Bool).unwrap_err().message.contains("unknown_fact"));
        assert!(parse("a + ", &TestScope, Ty::Num).is_err());
        assert!(parse("a > 1", &TestScope, Ty::Num).is_err());
    }

    #[test]
    fn overflow_is_an_error_not_a_wrap() {
        let big = Value::Num(Decimal::MAX);
        let expr = parse("a * 2", &TestScope, Ty::Num).unwrap();
        assert_eq!(expr.eval(&TestEnv([(0, big)].into_iter().collect())), Err(EvalError::Overflow));
    }

    fn parse_err(src: &str, want: Ty) -> String {
        parse(src, &TestScope, want).unwrap_err().to_string()
    }
    fn t(b: bool) -> Tri {
        Tri::Known(Value::Bool(b))
    }
    fn date(s: &str) -> Value {
        Value::Date(Date::parse(s).unwrap())
    }

    #[test]
    fn fact_sets_hold_what_was_put_in_across_words() {
        let mut set = FactSet::default();
        assert!(set.is_empty());
        assert_eq!(set.len(), 0);
        for id in [0, 63, 64, 200, 255] {
            set.insert(id);
        }
        assert_eq!(set.len(), 5);
        assert!(!set.is_empty());
        assert_eq!(set.iter().collect::<Vec<_>>(), vec![0, 63, 64, 200, 255]);
        assert!(set.contains(64) && !set.contains(65) && !set.contains(256));
        assert_eq!(FactSet::from_words([1, 0, 0, 1 << 63]), FactSet::single(0).union(FactSet::single(255)));
        assert_eq!(FactSet::single(3).union(FactSet::single(70)).len(), 2);
        // Inserting or joining what is there already changes nothing.
        set.insert(64);
        assert!(set.contains(64) && set.len() == 5);
        assert_eq!(set.union(FactSet::single(64)), set);
        assert_eq!(set.union(FactSet::default()), set);
    }

    #[test]
    fn every_comparison_holds_where_it_should() {
        // (rule, holds for a = 2, 3, 4)
        for (rule, want) in [
            ("a == 3", [false, true, false]),
            ("a != 3", [true, false, true]),
            ("a < 3", [true, false, false]),
            ("a <= 3", [true, true, false]),
            ("a > 3", [false, false, true]),
            ("a >= 3", [false, true, true]),
        ] {
            for (a, w) in [2, 3, 4].into_iter().zip(want) {
                assert_eq!(eval(rule, Ty::Bool, &[(0, num(a))]), t(w), "{rule} with a = {a}");
            }
        }
        let symbols: Vec<&str> = [CmpOp::Eq, CmpOp::Ne, CmpOp::Lt, CmpOp::Le, CmpOp::Gt, CmpOp::Ge].map(CmpOp::symbol).to_vec();
        assert_eq!(symbols, ["=", "≠", "<", "≤", ">", "≥"]);
        // Dates and enum values compare too; mixed kinds are never equal.
        assert_eq!(eval("when < date'2025-01-01'", Ty::Bool, &[(4, date("2024-12-31"))]), t(true));
        assert_eq!(eval("kind == 'large'", Ty::Bool, &[(3, Value::Sym(1))]), t(true));
        assert_eq!(eval("kind != 'large'", Ty::Bool, &[(3, Value::Sym(0))]), t(true));
        assert!(compare(CmpOp::Ne, num(1), Value::Bool(true)));
        assert!(!compare(CmpOp::Eq, num(1), Value::Bool(true)));
        assert!(compare(CmpOp::Lt, Value::Bool(false), Value::Bool(true)));
    }

    /// The one table of symbols, both ways: the pack's syntax (the rule a
    /// reviewer sees, `report::rule_text`) and the reader's (the formula).
    #[test]
    fn operators_are_written_for_packs_and_for_readers() {
        let arith = ArithOp::ALL.map(|op| (op.written(Symbols::Pack), op.written(Symbols::Reader)));
        assert_eq!(arith, [("+", "+"), ("-", "−"), ("*", "×"), ("/", "÷")]);
        let cmp = CmpOp::ALL.map(|op| (op.written(Symbols::Pack), op.written(Symbols::Reader)));
        assert_eq!(cmp, [("==", "="), ("!=", "≠"), ("<", "<"), ("<=", "≤"), (">", ">"), (">=", "≥")]);
        assert_eq!(Func::ALL.map(Func::name), ["add_years", "add_months", "year", "min", "max"]);
    }

    #[test]
    fn numbers_dates_and_names_are_lexed_and_bad_ones_named() {
        assert_eq!(eval("a >= 1.5", Ty::Bool, &[(0, num(2))]), t(true));
        assert!(parse_err("a > 1.2.3", Ty::Bool).contains("`1.2.3` is not a number"));
        assert!(parse_err("a > 123456789012345678901234567890", Ty::Bool).contains("has 30 digits; at most 28 are exact"));
        // 29 digits below Decimal::MAX still parse exactly.
        assert!(parse("a > 12345678901234567890123456789", &TestScope, Ty::Bool).is_ok());
        assert_eq!(eval("a < 1234567890123456789012345678", Ty::Bool, &[(0, num(1))]), t(true));
        assert!(parse_err("a > 1.00000000000000000000000000001", Ty::Bool).contains("has 30 digits"));
        assert_eq!(eval("when == date'2025-01-01'", Ty::Bool, &[(4, date("2025-01-01"))]), t(true));
        // `date` without a quote is a name like any other.
        assert!(parse_err("date > 1", Ty::Bool).contains("unknown fact or parameter `date`"));
        assert!(parse_err("dated'2025-01-01'", Ty::Bool).contains("unknown fact or parameter `dated`"));
        assert!(parse_err("when == date'2025-13-01'", Ty::Bool).contains("bad date literal"));
        assert!(parse_err("when == date'2025-01-01", Ty::Bool).contains("unterminated date"));
        assert!(parse_err("kind == 'small", Ty::Bool).contains("unterminated string"));
        assert_eq!(parse_err("a > 1 @", Ty::Bool), "unexpected character (at character 7)");
        assert_eq!(parse_err("a >  ", Ty::Bool), "expected a value, a name or `(` (at character 6)");
        assert_eq!(eval("a<=3", Ty::Bool, &[(0, num(3))]), t(true));
    }

    #[test]
    fn the_parser_names_each_mistake() {
        let cases = [
            ("if a then 1 else 2", Ty::Num, "`if` needs a bool, found number"),
            ("if flag 1 else 2", Ty::Num, "expected `then`"),
            ("if flag then 1 2", Ty::Num, "expected `else`"),
            ("if flag then 1 else flag", Ty::Num, "both branches of `if` needs a number, found bool"),
            ("a or flag", Ty::Bool, "`or` needs a bool, found number"),
            ("flag or a", Ty::Bool, "`or` needs a bool, found number"),
            ("flag and a", Ty::Bool, "`and` needs a bool, found number"),
            ("not a", Ty::Bool, "`not` needs a bool, found number"),
            ("- flag", Ty::Num, "`-` needs a number, found bool"),
            ("a in [1, flag]", Ty::Bool, "expected a literal value"),
            ("a in [1, true]", Ty::Bool, "`in` needs a number, found bool"),
            ("a in [1, 2", Ty::Bool, "expected `]`"),
            ("a in 1", Ty::Bool, "expected `[`"),
            ("kind < 'small'", Ty::Bool, "`<` needs numbers or dates"),
            ("flag >= true", Ty::Bool, "`≥` needs numbers or dates"),
            ("kind == 'huge'", Ty::Bool, "`huge` is not one of the fact's values"),
            ("a in ['small']", Ty::Bool, "a quoted value only compares with an enum fact"),
            ("'small' == kind", Ty::Bool, "a quoted value must follow `==`, `!=` or `in`"),
            ("a == flag", Ty::Bool, "a comparison needs a number, found bool"),
            ("flag + 1", Ty::Num, "arithmetic needs a number, found bool"),
            ("1 + flag", Ty::Num, "arithmetic needs a number, found bool"),
            ("flag * 2", Ty::Num, "arithmetic needs a number, found bool"),
            ("2 / flag", Ty::Num, "arithmetic needs a number, found bool"),
            ("(a + 1", Ty::Num, "expected `)`"),
            ("a 1", Ty::Num, "unexpected text after the expression"),
            ("a", Ty::Bool, "expected a bool expression, found number"),
            ("when", Ty::Num, "expected a number expression, found date"),
            ("kind", Ty::Bool, "expected a bool expression, found enum"),
            ("sqrt(a)", Ty::Num, "unknown function `sqrt`"),
            ("min(a)", Ty::Num, "wrong arguments to `min`"),
            ("year(a)", Ty::Num, "wrong arguments to `year`"),
            ("add_years(when, flag)", Ty::Date, "wrong arguments to `add_years`"),
            ("max(a, b, a)", Ty::Num, "wrong arguments to `max`"),
        ];
        for (src, want, message) in cases {
            let got = parse_err(src, want);
            assert!(got.contains(message), "{src}: {got}");
        }
    }

    #[test]
    fn nesting_and_chains_are_bounded() {
        let ok = format!("{}a{}", "(".repeat(MAX_DEPTH - 1), ")".repeat(MAX_DEPTH - 1));
        assert!(parse(&ok, &TestScope, Ty::Num).is_ok());
        let deep = format!("{}a{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
        assert!(parse_err(&deep, Ty::Num).contains("nested too deeply"));
        let nots = format!("{}flag", "not ".repeat(MAX_DEPTH));
        assert!(parse_err(&nots, Ty::Bool).contains("nested too deeply"));
        for op in ["+", "*"] {
            let long = vec!["a"; MAX_DEPTH + 2].join(op);
            assert!(parse_err(&long, Ty::Num).contains("nested too deeply"), "{op}");
            let fits = vec!["a"; MAX_DEPTH].join(op);
            assert!(parse(&fits, &TestScope, Ty::Num).is_ok(), "{op}");
        }
        // MAX_DEPTH operators pass the chain limit and fail on depth (at the
        // start); one more fails on the chain, at the operand past the limit.
        for op in ["+", "*"] {
            let edge = vec!["a"; MAX_DEPTH + 1].join(op);
            assert_eq!(parse_err(&edge, Ty::Num), "nested too deeply (at most 32 levels) (at character 1)", "{op}");
            let over = vec!["a"; MAX_DEPTH + 2].join(op);
            assert_eq!(parse_err(&over, Ty::Num), "nested too deeply (at most 32 levels) (at character 67)", "{op}");
        }
        assert_eq!(parse("a + b * 2", &TestScope, Ty::Num).unwrap().depth(), 3);
        assert_eq!(parse("if flag then a else -b", &TestScope, Ty::Num).unwrap().depth(), 3);
        assert_eq!(parse("a in [1, 2] and not flag", &TestScope, Ty::Bool).unwrap().depth(), 3);
        assert_eq!(parse("max(a, 1) > 0", &TestScope, Ty::Bool).unwrap().depth(), 3);
    }

    #[test]
    fn arithmetic_and_functions_compute_exactly() {
        let f = [(0, num(7)), (1, num(2)), (4, date("2024-02-29"))];
        for (src, want) in [
            ("a + b", num(9)),
            ("a - b", num(5)),
            ("a * b", num(14)),
            ("a / b", Value::Num(Decimal::new(35, 1))),
            ("-a", num(-7)),
            ("min(a, b)", num(2)),
            ("max(a, b)", num(7)),
            ("year(when)", num(2024)),
            ("if a > b then a else b", num(7)),
            ("if a < b then a else b", num(2)),
        ] {
            assert_eq!(eval(src, Ty::Num, &f), Tri::Known(want), "{src}");
        }
        assert_eq!(eval("add_years(when, 1)", Ty::Date, &f), Tri::Known(date("2025-02-28")));
        assert_eq!(eval("add_months(when, 1)", Ty::Date, &f), Tri::Known(date("2024-03-29")));
        assert_eq!(eval("as_of", Ty::Date, &f), Tri::Known(date("2025-01-01")));
        let env = TestEnv(f.iter().copied().collect());
        let division = parse("a / (b - 2)", &TestScope, Ty::Num).unwrap();
        assert_eq!(division.eval(&env), Err(EvalError::DivisionByZero));
        let far = parse("add_years(when, 1000)", &TestScope, Ty::Date).unwrap();
        assert_eq!(far.eval(&env), Err(EvalError::DateOutOfRange));
        let huge = parse("add_months(when, 100000000000000000000)", &TestScope, Ty::Date).unwrap();
        assert_eq!(huge.eval(&env), Err(EvalError::DateOutOfRange));
        let sub = parse("a - b", &TestScope, Ty::Num).unwrap();
        assert_eq!(sub.eval(&TestEnv([(0, Value::Num(Decimal::MIN)), (1, num(1))].into_iter().collect())), Err(EvalError::Overflow));
        let add = parse("a + b", &TestScope, Ty::Num).unwrap();
        assert_eq!(add.eval(&TestEnv([(0, Value::Num(Decimal::MAX)), (1, num(1))].into_iter().collect())), Err(EvalError::Overflow));
        let div = parse("a / b", &TestScope, Ty::Num).unwrap();
        let tiny = Value::Num(Decimal::new(1, 28));
        assert_eq!(div.eval(&TestEnv([(0, Value::Num(Decimal::MAX)), (1, tiny)].into_iter().collect())), Err(EvalError::Overflow));
        assert_eq!(call(Func::Min, [Value::Bool(true), num(1)]), Err(EvalError::Overflow));
    }

    #[test]
    fn unknowns_carry_exactly_the_missing_facts() {
        let unknown = |ids: &[FactId]| Tri::Unknown(ids.iter().fold(FactSet::default(), |s, id| s.union(FactSet::single(*id))));
        assert_eq!(eval("not flag", Ty::Bool, &[]), unknown(&[2]));
        assert_eq!(eval("not flag", Ty::Bool, &[(2, Value::Bool(true))]), t(false));
        assert_eq!(eval("a > b", Ty::Bool, &[]), unknown(&[0, 1]));
        assert_eq!(eval("a > b", Ty::Bool, &[(0, num(1))]), unknown(&[1]));
        assert_eq!(eval("a + b", Ty::Num, &[(1, num(1))]), unknown(&[0]));
        assert_eq!(eval("-a", Ty::Num, &[]), unknown(&[0]));
        assert_eq!(eval("a in [1, 2]", Ty::Bool, &[]), unknown(&[0]));
        assert_eq!(eval("a in [1, 2]", Ty::Bool, &[(0, num(3))]), t(false));
        assert_eq!(eval("flag or a > 1 or b > 1", Ty::Bool, &[(0, num(0))]), unknown(&[1, 2]));
        assert_eq!(eval("flag or a > 1", Ty::Bool, &[(2, Value::Bool(false)), (0, num(0))]), t(false));
        assert_eq!(eval("flag and a > 1", Ty::Bool, &[(2, Value::Bool(true)), (0, num(2))]), t(true));
        assert_eq!(eval("flag and a > 1 and b > 1", Ty::Bool, &[(0, num(2))]), unknown(&[1, 2]));
        // An unknown condition whose branches agree is still known.
        assert_eq!(eval("if flag then 5 else 5", Ty::Num, &[]), Tri::Known(num(5)));
        assert_eq!(eval("if flag then a else 5", Ty::Num, &[(0, num(5))]), Tri::Known(num(5)));
        assert_eq!(eval("if flag then a else b", Ty::Num, &[(0, num(5)), (1, num(6))]), unknown(&[2]));
        assert_eq!(eval("if flag then a else b", Ty::Num, &[]), unknown(&[0, 1, 2]));
        assert_eq!(eval("if flag then a else b", Ty::Num, &[(2, Value::Bool(false)), (1, num(6))]), Tri::Known(num(6)));
        assert_eq!(eval("min(a, b)", Ty::Num, &[(0, num(5))]), unknown(&[1]));
        assert_eq!(eval("max(a, b)", Ty::Num, &[]), unknown(&[0, 1]));
        let wage = parse("wage * a", &TestScope, Ty::Num).unwrap();
        let facts = wage.facts(&|_| FactSet::default());
        assert_eq!(facts, FactSet::single(0));
        let all = parse("if flag then a else max(b, 1)", &TestScope, Ty::Num).unwrap();
        assert_eq!(all.facts(&|_| FactSet::default()).iter().collect::<Vec<_>>(), vec![0, 1, 2]);
        let via = Expr::And(vec![Expr::Derived(0), Expr::Not(Box::new(Expr::Fact(4)))]);
        assert_eq!(via.facts(&|_| FactSet::single(9)).iter().collect::<Vec<_>>(), vec![4, 9]);
    }

    /// Pinned by mutation testing: date literals and `false` in every place a
    /// literal can stand (an `in` list, a comparison, alone).
    #[test]
    fn date_and_false_literals_parse_wherever_a_literal_can_stand() {
        let t = |b| Tri::Known(Value::Bool(b));
        assert_eq!(eval("when in [date'2024-06-30', date'2025-01-01']", Ty::Bool, &[(4, date("2025-01-01"))]), t(true));
        assert_eq!(eval("when in [date'2024-06-30']", Ty::Bool, &[(4, date("2025-01-01"))]), t(false));
        assert_eq!(eval("flag in [false]", Ty::Bool, &[(2, Value::Bool(false))]), t(true));
        assert_eq!(eval("flag in [false]", Ty::Bool, &[(2, Value::Bool(true))]), t(false));
        assert_eq!(eval("flag == false", Ty::Bool, &[(2, Value::Bool(false))]), t(true));
        assert_eq!(eval("false", Ty::Bool, &[]), t(false));
        assert_eq!(eval("false or flag", Ty::Bool, &[(2, Value::Bool(true))]), t(true));
    }

    #[test]
    fn messages_read_as_written() {
        assert_eq!(EvalError::Overflow.to_string(), "amount too large to compute exactly");
        assert_eq!(EvalError::DivisionByZero.to_string(), "division by zero");
        assert_eq!(EvalError::DateOutOfRange.to_string(), "date out of the supported range");
        let on = Date::parse("2025-01-01").unwrap();
        assert_eq!(EvalError::NoParameterValue { param: 0, on }.to_string(), "no parameter value in force on 2025-01-01");
        assert_eq!([Ty::Bool, Ty::Num, Ty::Date, Ty::Enum(0)].map(|t| t.to_string()), ["bool", "number", "date", "enum"]);
        // Two enums are the same type only for the same fact's values.
        assert!(Ty::Enum(3) == Ty::Enum(3) && Ty::Enum(3) != Ty::Enum(4) && Ty::Num != Ty::Date);
        assert_eq!(Tri::Known(Value::Bool(true)).as_bool(), Some(true));
        assert_eq!(Tri::Known(num(1)).as_bool(), None);
        assert_eq!(Tri::Unknown(FactSet::default()).as_bool(), None);
    }
}
