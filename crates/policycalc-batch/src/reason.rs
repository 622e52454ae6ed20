//! Output words, the short reason per provision and its cache.

use super::*;
use policycalc_core::engine::Money;
use policycalc_core::report;

// The batch's words live with the other localised strings (core `phrases.rs`).
pub(crate) use policycalc_core::phrases::{batch_phrase as phrase, batch_status_text as status_text, BatchWord as Word};

pub(crate) fn period_word(period: Period, lang: Lang) -> &'static str {
    match (period, lang) {
        (Period::Once, Lang::En) => "once",
        (Period::PerMonth, Lang::En) => "per_month",
        (Period::PerYear, Lang::En) => "per_year",
        _ => policycalc_core::report::period_text(period, lang),
    }
}

pub(crate) fn summary_header(lang: Lang) -> [&'static str; 11] {
    match lang {
        Lang::En => ["provision", "title", "period", "eligible", "ineligible", "undetermined", "conditional", "not_applicable", "counted", "total_min", "total_max"],
        Lang::ZhHant => ["項目編號", "項目名稱", "週期", "符合", "不符合", "待定", "有條件符合", "不適用", "計入合計", "合計下限", "合計上限"],
        Lang::ZhHans => ["项目编号", "项目名称", "周期", "符合", "不符合", "待定", "有条件符合", "不适用", "计入合计", "合计下限", "合计上限"],
    }
}

/// Column names for the provision groups: `id.status`, `id.amount_per_month`,
/// `id.reason` in English; `标题｜状态` ... in Chinese (with the id added
/// when two provisions share a title).
pub(crate) fn provision_columns(catalog: &Catalog, provisions: &[OutProvision], lang: Lang) -> Vec<String> {
    // Three columns per provision; saturating, as only a capacity hint.
    let mut out = Vec::with_capacity(provisions.len().saturating_mul(3));
    let title = |o: &OutProvision| provision(catalog, o).map(|p| p.title.get(lang).to_string()).unwrap_or_default();
    for o in provisions {
        let Some(p) = provision(catalog, o) else { continue };
        let period = p.amount.period;
        if lang == Lang::En {
            out.push(format!("{}.status", o.id));
            out.push(match period {
                Some(period) => format!("{}.amount_{}", o.id, period_word(period, lang)),
                None => format!("{}.amount", o.id),
            });
            out.push(format!("{}.reason", o.id));
        } else {
            let t = title(o);
            let shared = provisions.iter().filter(|q| title(q) == t).count() > 1;
            let name = if shared { format!("{t}（{}）", o.id) } else { t };
            out.push(format!("{name}｜{}", phrase(lang, Word::Status)));
            out.push(match period {
                Some(period) => format!("{name}｜{}（{}，元）", phrase(lang, Word::Amount), policycalc_core::report::period_text(period, lang)),
                None => format!("{name}｜{}", phrase(lang, Word::Amount)),
            });
            out.push(format!("{name}｜{}", phrase(lang, Word::Reason)));
        }
    }
    out
}

/// The amount as a plain decimal (yuan, two places): the figure for exact
/// amounts, the cap for "up to", `min-max` for a range. Empty when not
/// eligible or when the document states no figure.
pub(crate) fn write_amount(out: &mut String, o: &Outcome) {
    if let (Status::Eligible, Some(m)) = (o.status, o.money) {
        write_money(out, m);
    }
}

/// An amount as [`write_amount`] writes it, whatever the status (`diff.rs`).
pub(crate) fn write_money(out: &mut String, m: Money) {
    if let (MoneyKind::Range, Some(min)) = (m.kind, m.min) {
        if min != m.max {
            write_decimal(out, min);
            out.push('-');
        }
    }
    write_decimal(out, m.max);
}

/// `amount`'s `Display` text appended to `out` (`report::write_decimal`,
/// ungrouped).
pub fn write_decimal(out: &mut String, amount: Decimal) {
    report::write_decimal(out, amount, "", false);
}

/// Reason texts are the same for every row with the same outcome shape, so
/// they are built once per (provision, status, conditions that held, facts
/// missing, supersession, validity) and kept as the CSV cell (quoted and
/// neutralised), so a row copies the bytes. At most this many are kept.
pub(crate) const MAX_CACHED_REASONS: usize = 4096;

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct ReasonKey {
    pub(crate) slot: usize,
    pub(crate) region: usize,
    pub(crate) status: u8,
    /// Bit i: atom i of the condition has the wanted truth value.
    pub(crate) atoms: u64,
    pub(crate) missing: policycalc_core::expr::FactSet,
    pub(crate) superseded_by: Option<usize>,
    pub(crate) validity: u8,
    /// 0 no money, else 1 + `MoneyKind`.
    pub(crate) money: u8,
}

#[derive(Default, Debug)]
pub(crate) struct ReasonCache {
    pub(crate) texts: std::collections::HashMap<ReasonKey, Box<str>, std::hash::BuildHasherDefault<FxHasher>>,
}

/// A multiply-rotate hasher (as in rustc's FxHash): the keys are our own
/// small integers, so no protection against chosen collisions is needed.
#[derive(Default)]
pub(crate) struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        // A word at a time (the missing-fact set is hashed as 32 bytes: a
        // byte loop here was 5 % of a CSV batch, perf annotate).
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            if let Some(w) = word.get_mut(..chunk.len()) {
                w.copy_from_slice(chunk);
            }
            self.write_u64(u64::from_le_bytes(word));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl std::fmt::Debug for ReasonKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ReasonKey({}, {})", self.slot, self.status)
    }
}

impl ReasonCache {
    #[allow(clippy::too_many_arguments)]
    /// `atom_mask(want)`: which of the condition's atoms evaluate to `want`
    /// (the plan's [`Plan::atom_mask`](policycalc_core::plan::Plan::atom_mask)).
    pub(crate) fn write(&mut self, out: &mut String, slot: usize, region_index: usize, env: &EvalEnv, region: &Region, o: &Outcome, lang: Lang, atom_mask: impl FnOnce(bool) -> u64) {
        if o.error.is_some() {
            write_cell(out, &reason(env, region, o, lang));
            return;
        }
        let Some(p) = region.provisions.get(o.provision) else { return };
        let atoms = match (o.status, &p.when) {
            (Status::Undetermined | Status::Conditional, _) | (_, None) => 0,
            // Every part of a true conjunction holds: no need to look.
            (Status::Eligible, Some(when)) if conjunction_of_atoms(when) => u64::MAX,
            (status, Some(_)) => atom_mask(status == Status::Eligible),
        };
        let key = ReasonKey {
            slot,
            region: region_index,
            status: o.status as u8,
            atoms,
            missing: if matches!(o.status, Status::Undetermined | Status::Conditional) { o.missing } else { Default::default() },
            superseded_by: o.superseded_by,
            validity: o.validity as u8,
            // 0 for no money, then one value per kind (three kinds).
            money: o.money.map_or(0, |m| (m.kind as u8).saturating_add(1)),
        };
        if let Some(cell) = self.texts.get(&key) {
            out.push_str(cell);
            return;
        }
        let mut cell = String::new();
        write_cell(&mut cell, &reason(env, region, o, lang));
        out.push_str(&cell);
        if self.texts.len() < MAX_CACHED_REASONS {
            self.texts.insert(key, cell.into_boxed_str());
        }
    }
}

pub(crate) fn conjunction_of_atoms(e: &Expr) -> bool {
    match e {
        Expr::And(parts) => parts.iter().all(|p| !matches!(p, Expr::And(_) | Expr::Or(_))),
        Expr::Or(_) => false,
        _ => true,
    }
}

/// A short reason: the conditions met (eligible) or failed (ineligible), the
/// facts still missing (undetermined), plus supersession and validity.
pub(crate) fn reason(env: &EvalEnv, region: &Region, o: &Outcome, lang: Lang) -> String {
    let vocab = env.vocab;
    let Some(p) = region.provisions.get(o.provision) else { return String::new() };
    let sep = if lang == Lang::En { "; " } else { "；" };
    let mut text = String::new();
    if let Some(e) = &o.error {
        return format!("{}{e}", if lang == Lang::En { "error: " } else { "计算错误：" });
    }
    match o.status {
        Status::Undetermined => {
            text.push_str(phrase(lang, Word::Missing));
            let names: Vec<&str> = o
                .missing
                .iter()
                .map(|f| if lang == Lang::En { vocab.fact(f).id.as_str() } else { vocab.fact(f).label.get(lang) })
                .collect();
            text.push_str(&names.join(if lang == Lang::En { ", " } else { "、" }));
            return text;
        }
        Status::Conditional => {
            // The condition in words and who decides it: the row is not
            // "eligible" until that body has decided.
            text.push_str(phrase(lang, Word::EligibleIf));
            let conditions: Vec<String> = o
                .missing
                .iter()
                .map(|f| {
                    let def = vocab.fact(f);
                    let judge = def.judged_by.as_ref().map_or("", |j| j.get(lang));
                    let (open, close) = if lang == Lang::En { (" (", ")") } else { ("（", "）") };
                    format!("{}{open}{}{judge}{close}", def.label.get(lang), phrase(lang, Word::JudgedBy))
                })
                .collect();
            text.push_str(&conditions.join(sep));
            return text;
        }
        Status::Eligible | Status::Ineligible => {
            let want = o.status == Status::Eligible;
            let atoms = p.when.as_ref().map(print::atoms).unwrap_or_default();
            let chosen: Vec<String> = atoms
                .into_iter()
                .filter(|a| env.eval(a).ok().and_then(Tri::as_bool) == Some(want))
                .map(|a| atom_text(a, vocab, region, lang))
                .collect();
            if !chosen.is_empty() {
                text.push_str(phrase(lang, if want { Word::Met } else { Word::NotMet }));
                text.push_str(&chosen.join(sep));
            }
        }
    }
    if o.status == Status::Eligible {
        let mut extra: Vec<String> = Vec::new();
        match o.money.map(|m| m.kind) {
            None => extra.push(phrase(lang, Word::NoFigure).into()),
            Some(MoneyKind::UpTo) => extra.push(phrase(lang, Word::Cap).into()),
            Some(MoneyKind::Range) => extra.push(phrase(lang, Word::Range).into()),
            Some(MoneyKind::Exact) => {}
        }
        if let Some(by) = o.superseded_by {
            extra.push(format!("{}{}{}", phrase(lang, Word::ReplacedBy), region.provisions.get(by).map_or("", |b| b.id.as_str()), phrase(lang, Word::NotCounted)));
        }
        match o.validity {
            ValidityStatus::InForce => {}
            ValidityStatus::Expired => extra.push(phrase(lang, Word::Expired).into()),
            ValidityStatus::Announced => extra.push(phrase(lang, Word::Announced).into()),
            ValidityStatus::NotYetInForce => extra.push(phrase(lang, Word::NotYet).into()),
        }
        for e in extra {
            if !text.is_empty() {
                text.push_str(sep);
            }
            text.push_str(&e);
        }
    }
    text
}

/// A condition as a reader of the output sees it: fact ids in English (the
/// column names), labels in Chinese.
pub(crate) fn atom_text(e: &Expr, vocab: &Vocabulary, region: &Region, lang: Lang) -> String {
    print::print(e, &Columns { vocab, region, lang })
}

/// The batch's style: pack syntax with fact ids (English) or labels.
pub(crate) struct Columns<'a> {
    pub(crate) vocab: &'a Vocabulary,
    pub(crate) region: &'a Region,
    pub(crate) lang: Lang,
}

impl print::Style for Columns<'_> {
    fn name(&self, e: &Expr) -> String {
        let (en, vocab, lang) = (self.lang == Lang::En, self.vocab, self.lang);
        match e {
            Expr::Fact(id) => if en { vocab.fact(*id).id.clone() } else { vocab.fact(*id).label.get(lang).to_string() },
            Expr::Derived(id) => {
                let Some(d) = vocab.derived.get(usize::from(*id)) else { return "?".into() };
                if en { d.id.clone() } else { d.label.get(lang).to_string() }
            }
            Expr::Param(id) => {
                let Some(p) = self.region.parameters.get(usize::from(*id)) else { return "?".into() };
                if en { p.id.clone() } else { p.label.get(lang).to_string() }
            }
            _ => if en { "as_of".into() } else { "查询日期".into() },
        }
    }
    fn literal(&self, fact: Option<FactId>, v: Value) -> String {
        let (en, lang) = (self.lang == Lang::En, self.lang);
        match (v, fact) {
            (Value::Sym(i), Some(f)) => self
                .vocab
                .fact(f)
                .values
                .get(usize::from(i))
                .map_or_else(|| i.to_string(), |val| if en { format!("'{}'", val.id) } else { val.label.get(lang).to_string() }),
            (Value::Bool(b), _) => if en { b.to_string() } else if b { "是".into() } else { "否".into() },
            (Value::Num(n), _) => n.normalize().to_string(),
            (Value::Date(d), _) => d.to_string(),
            (Value::Sym(i), None) => i.to_string(),
        }
    }
    fn not(&self) -> String {
        if self.lang == Lang::En { "not " } else { "非" }.into()
    }
    fn junction(&self, and: bool) -> (String, bool) {
        let word = match (and, self.lang == Lang::En) {
            (true, true) => " and ",
            (false, true) => " or ",
            (true, false) => "且",
            (false, false) => "或",
        };
        (word.into(), true)
    }
    fn one_of(&self, subject: String, options: &[String]) -> String {
        if self.lang == Lang::En {
            format!("{subject} in [{}]", options.join(", "))
        } else {
            format!("{subject}属于{}", options.join("、"))
        }
    }
}
