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
    let p = |e: &Expr| print(e, style);
    let fact_of = |e: &Expr| match e {
        Expr::Fact(f) => Some(*f),
        _ => None,
    };
    match e {
        Expr::Lit(v) => style.literal(None, *v),
        Expr::Fact(_) | Expr::Derived(_) | Expr::Param(_) | Expr::AsOf => style.name(e),
        Expr::Not(inner) => format!("{}{}", style.not(), p(inner)),
        Expr::And(parts) | Expr::Or(parts) => {
            let (sep, parens) = style.junction(matches!(e, Expr::And(_)));
            let inner = parts.iter().map(p).collect::<Vec<_>>().join(&sep);
            if parens {
                format!("({inner})")
            } else {
                inner
            }
        }
        Expr::Cmp(op, l, r) => {
            let right = match r.as_ref() {
                Expr::Lit(v) => style.literal(fact_of(l), *v),
                other => p(other),
            };
            format!("{} {} {right}", p(l), op.written(style.symbols()))
        }
        Expr::In(inner, values) => {
            let options: Vec<String> = values.iter().map(|v| style.literal(fact_of(inner), *v)).collect();
            style.one_of(p(inner), &options)
        }
        Expr::Arith(op, l, r) => format!("{} {} {}", p(l), op.written(style.symbols()), p(r)),
        Expr::Neg(inner) => format!("{}{}", ArithOp::Sub.written(style.symbols()), p(inner)),
        Expr::If(c, y, n) => match style.branch(c) {
            Some(true) => p(y),
            Some(false) => p(n),
            None => style.conditional(p(c), p(y), p(n)),
        },
        Expr::Call(func, args) => {
            let text = format!("{}({})", func.name(), args.iter().map(p).collect::<Vec<_>>().join(", "));
            match style.call_value(e) {
                Some(v) => format!("{text} = {v}"),
                None => text,
            }
        }
    }
}
