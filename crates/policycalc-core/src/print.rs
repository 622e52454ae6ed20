//! The one expression printer. The report shows a formula with the values
//! used (`report::render`), a reviewer sees the rule in pack syntax
//! (`report::rule_text`), the batch writes conditions with column names or
//! labels: the same tree walk, told by a [`Style`] how names, literals and
//! operators read.

use crate::expr::{ArithOp, Expr, FactId, Symbols, Value};

/// What differs between printers. The defaults are the pack's own syntax.
pub trait Style {
    /// A fact, derived fact, parameter or `as_of`.
    fn name(&self, e: &Expr) -> String;
    /// A literal; `fact` is the enum fact it is compared with, if any.
    fn literal(&self, fact: Option<FactId>, v: Value) -> String;
    fn symbols(&self) -> Symbols {
        Symbols::Pack
    }
    /// What `not` reads as, before its operand.
    fn not(&self) -> String {
        "not ".into()
    }
    /// The separator between the parts of `and` (true) or `or`, and whether
    /// the whole is parenthesised.
    fn junction(&self, and: bool) -> (String, bool) {
        (if and { " and " } else { " or " }.into(), !and)
    }
    fn one_of(&self, subject: String, options: &[String]) -> String {
        format!("{subject} in [{}]", options.join(", "))
    }
    /// Which branch of an `if` is taken, when the printer knows.
    fn branch(&self, _condition: &Expr) -> Option<bool> {
        None
    }
    fn conditional(&self, c: String, y: String, n: String) -> String {
        format!("if {c} then {y} else {n}")
    }
    /// The value of a function call, shown after it.
    fn call_value(&self, _call: &Expr) -> Option<String> {
        None
    }
}

/// The leaves and connectives of a condition: what `and` and `or` join.
pub fn atoms(e: &Expr) -> Vec<&Expr> {
    fn walk<'a>(e: &'a Expr, out: &mut Vec<&'a Expr>) {
        match e {
            Expr::And(parts) | Expr::Or(parts) => parts.iter().for_each(|p| walk(p, out)),
            _ => out.push(e),
        }
    }
    let mut out = Vec::new();
    walk(e, &mut out);
    out
}

/// `e` written in `style`. Trees are at most `MAX_DEPTH` deep (checked at
/// parse and decode), so the recursion is bounded.
pub fn print(e: &Expr, style: &dyn Style) -> String {
    printed(e, style).0
}

// How tightly what was printed binds, loosest first, as in expr.rs's
// grammar: an operand looser than its place is parenthesised, so the text
// groups as the tree does (`(a + b) * 2`, `not (a and b)`).
const IF: u8 = 0;
const OR: u8 = 1;
const AND: u8 = 2;
const NOT: u8 = 3;
const CMP: u8 = 4;
const SUM: u8 = 5;
const PROD: u8 = 6;
const UNARY: u8 = 7;
const ATOM: u8 = 8;

fn printed(e: &Expr, style: &dyn Style) -> (String, u8) {
    let at = |e: &Expr, min: u8| match printed(e, style) {
        (text, prec) if prec < min => format!("({text})"),
        (text, _) => text,
    };
    let fact_of = |e: &Expr| match e {
        Expr::Fact(f) => Some(*f),
        _ => None,
    };
    match e {
        Expr::Lit(v) => (style.literal(None, *v), ATOM),
        Expr::Fact(_) | Expr::Derived(_) | Expr::Param(_) | Expr::AsOf => (style.name(e), ATOM),
        Expr::Not(inner) => (format!("{}{}", style.not(), at(inner, NOT)), NOT),
        Expr::And(parts) | Expr::Or(parts) => {
            let and = matches!(e, Expr::And(_));
            let (sep, parens) = style.junction(and);
            let inner = parts.iter().map(|p| at(p, if and { NOT } else { AND })).collect::<Vec<_>>().join(&sep);
            match (parens, and) {
                (true, _) => (format!("({inner})"), ATOM),
                (false, true) => (inner, AND),
                (false, false) => (inner, OR),
            }
        }
        Expr::Cmp(op, l, r) => {
            let right = match r.as_ref() {
                Expr::Lit(v) => style.literal(fact_of(l), *v),
                other => at(other, SUM),
            };
            (format!("{} {} {right}", at(l, SUM), op.written(style.symbols())), CMP)
        }
        Expr::In(inner, values) => {
            let options: Vec<String> = values.iter().map(|v| style.literal(fact_of(inner), *v)).collect();
            (style.one_of(at(inner, SUM), &options), CMP)
        }
        Expr::Arith(op, l, r) => {
            let (left, right, prec) = match op {
                ArithOp::Add | ArithOp::Sub => (SUM, PROD, SUM),
                ArithOp::Mul | ArithOp::Div => (PROD, UNARY, PROD),
            };
            (format!("{} {} {}", at(l, left), op.written(style.symbols()), at(r, right)), prec)
        }
        Expr::Neg(inner) => (format!("{}{}", ArithOp::Sub.written(style.symbols()), at(inner, UNARY)), UNARY),
        Expr::If(c, y, n) => match style.branch(c) {
            Some(true) => printed(y, style),
            Some(false) => printed(n, style),
            None => (style.conditional(at(c, IF), at(y, IF), at(n, IF)), IF),
        },
        Expr::Call(func, args) => {
            let text = format!("{}({})", func.name(), args.iter().map(|a| at(a, IF)).collect::<Vec<_>>().join(", "));
            match style.call_value(e) {
                // "max(…) = 2" reads as a comparison: grouped inside a formula.
                Some(v) => (format!("{text} = {v}"), CMP),
                None => (text, ATOM),
            }
        }
    }
}
