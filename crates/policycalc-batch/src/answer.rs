//! The answer a person reads first, per row, in three cells: what this
//! person or firm can get (eligible items in force, with amounts and periods
//! in words), what is still missing (the facts that would settle the
//! undetermined items), and what needs checking (eligible items whose
//! document has expired, is only announced or is not yet in force, and
//! items the engine could not compute).

use super::{phrase, Word};
use policycalc_core::engine::{Evaluation, MoneyKind, Outcome, Status, ValidityStatus};
use policycalc_core::expr::FactSet;
use policycalc_core::lang::Lang;
use policycalc_core::pack::{Period, Region};
use policycalc_core::report::{self, Phrase};
use policycalc_core::vocab::Vocabulary;

/// The three cells, reused from row to row.
#[derive(Debug, Default)]
pub(super) struct Answer {
    pub can_get: String,
    pub missing: String,
    pub check: String,
    missing_facts: FactSet,
}

fn separator(lang: Lang) -> &'static str {
    if lang == Lang::En {
        "; "
    } else {
        "；"
    }
}

/// Starts an item in a cell: the separator unless it is the first. Items
/// are written straight into the cell (no text per item), so filling the
/// cells allocates nothing once they have grown.
fn start_item(cell: &mut String, lang: Lang) {
    if !cell.is_empty() {
        cell.push_str(separator(lang));
    }
}

/// "item — expired (not counted)": the status after a dash, as the status
/// words carry their own brackets.
fn mark(item: &mut String, lang: Lang, w: Word) {
    item.push_str(if lang == Lang::En { " — " } else { "——" });
    item.push_str(phrase(lang, w));
}

/// ": ¥1,200 per month" (or "up to …", or "no figure") after an item's title.
fn write_amount(item: &mut String, o: &Outcome, period: Option<Period>, lang: Lang) {
    item.push_str(if lang == Lang::En { ": " } else { "：" });
    match (o.money, period) {
        (Some(m), Some(period)) => {
            if m.kind == MoneyKind::UpTo {
                item.push_str(report::phrase(lang, Phrase::UpTo));
                if lang == Lang::En {
                    item.push(' ');
                }
                report::write_range_text(item, None, m.max, period, lang);
            } else {
                report::write_range_text(item, m.min, m.max, period, lang);
            }
        }
        (Some(m), None) => report::write_yuan(item, m.max),
        (None, _) => item.push_str(phrase(lang, Word::NoFigure)),
    }
}

impl Answer {
    pub(crate) fn clear(&mut self) {
        self.can_get.clear();
        self.missing.clear();
        self.check.clear();
        self.missing_facts = FactSet::default();
    }

    /// Fills the three cells from one row's evaluation.
    pub(crate) fn fill(&mut self, vocab: &Vocabulary, region: &Region, evaluation: &Evaluation, lang: Lang) {
        self.clear();
        let colon = if lang == Lang::En { ": " } else { "：" };
        for o in &evaluation.outcomes {
            let Some(p) = region.provisions.get(o.provision) else { continue };
            if p.programme {
                continue;
            }
            let title = p.title.get(lang);
            match o.status {
                Status::Eligible if o.superseded_by.is_some() => {}
                Status::Eligible => {
                    if o.error.is_some() {
                        // Eligible, but the amount could not be worked out.
                        start_item(&mut self.check, lang);
                        self.check.push_str(title);
                        self.check.push_str(colon);
                        self.check.push_str(phrase(lang, Word::NoFigure));
                        continue;
                    }
                    let cell = if o.validity == ValidityStatus::InForce { &mut self.can_get } else { &mut self.check };
                    start_item(cell, lang);
                    cell.push_str(title);
                    write_amount(cell, o, p.amount.period, lang);
                    match o.validity {
                        ValidityStatus::InForce => {}
                        ValidityStatus::Expired => mark(cell, lang, Word::Expired),
                        ValidityStatus::Announced => mark(cell, lang, Word::Announced),
                        ValidityStatus::NotYetInForce => mark(cell, lang, Word::NotYet),
                    }
                }
                Status::Conditional => {
                    // "Eligible if …" is never "can get": the condition and
                    // who decides it go to the cell a person checks.
                    let item = &mut self.check;
                    start_item(item, lang);
                    item.push_str(title);
                    if o.error.is_none() {
                        write_amount(item, o, p.amount.period, lang);
                    }
                    item.push_str(if lang == Lang::En { " — " } else { "——" });
                    item.push_str(phrase(lang, Word::EligibleIf));
                    let (open, close) = if lang == Lang::En { (" (", ")") } else { ("（", "）") };
                    for (k, f) in o.missing.iter().enumerate() {
                        if k > 0 {
                            item.push_str(if lang == Lang::En { ", " } else { "、" });
                        }
                        let def = vocab.fact(f);
                        item.push_str(def.label.get(lang));
                        if let Some(judge) = &def.judged_by {
                            item.push_str(open);
                            item.push_str(phrase(lang, Word::JudgedBy));
                            item.push_str(judge.get(lang));
                            item.push_str(close);
                        }
                    }
                }
                Status::Undetermined => self.missing_facts = self.missing_facts.union(o.missing),
                Status::Ineligible => {}
            }
        }
        for id in self.missing_facts.iter() {
            let label = vocab.fact(id).label.get(lang);
            if !self.missing.is_empty() {
                self.missing.push_str(if lang == Lang::En { ", " } else { "、" });
            }
            self.missing.push_str(label);
        }
    }
}
