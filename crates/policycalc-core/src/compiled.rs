//! The compiled catalog's transport form, and the cuts of it one reader needs.
//!
//! `policycalc-packs` loads and validates the packs and encodes the compiled
//! catalog with postcard; loading it here is a decode (`decode.rs`), so
//! neither the TOML/JSON loader nor the expression parser ship in the
//! WebAssembly module. `policycalc-catalog` embeds the bytes for native
//! builds. The browser embeds nothing: the page fetches one region's catalog
//! in the reader's language (`policycalc export-catalog --lang L --region R`)
//! and hands the bytes to the constructor.

use crate::catalog::Catalog;
use crate::error::{InputError, PackError};
use crate::expr::{Expr, FactSet, Ty, Value};
use crate::lang::{Lang, Text};
use crate::vocab::{Vocabulary, MAX_DERIVED};

impl Catalog {
    /// Decodes a compiled catalog (the output of [`Catalog::to_compiled`]).
    /// Any bytes may arrive here (the browser passes what it fetched), so a
    /// catalog that decodes is also checked to hold together: every index
    /// it carries points at something, derived facts use only earlier ones.
    /// The engine indexes without further checks.
    pub fn from_compiled(bytes: &[u8]) -> Result<Catalog, PackError> {
        let error = |message: String| PackError { file: "compiled catalog".into(), item: None, field: String::new(), message };
        let catalog = crate::decode::catalog(bytes)
            .map_err(|crate::decode::Malformed(at)| error(format!("does not decode at byte {at} (built by another version?)")))?;
        catalog.check_indices().map_err(|e| error(format!("is inconsistent: {e}")))?;
        Ok(catalog)
    }

    fn check_indices(&self) -> Result<(), String> {
        let vocab = &self.vocab;
        let facts = vocab.facts.len();
        if facts > FactSet::CAPACITY || vocab.derived.len() > MAX_DERIVED {
            return Err("too many facts".into());
        }
        let role = vocab.facts.get(usize::from(vocab.role_fact)).ok_or("no role fact")?;
        let roles = role.values.len();
        let in_range = |set: &FactSet| set.iter().all(|f| usize::from(f) < facts);
        let roles_ok = |ids: &[u16]| ids.iter().all(|r| usize::from(*r) < roles);
        for f in &vocab.facts {
            if !roles_ok(&f.roles) {
                return Err(format!("fact `{}`: unknown role", f.id));
            }
            if let Some(guard) = &f.ask_if {
                check_expr(guard, vocab, vocab.derived.len(), 0).map_err(|e| format!("fact `{}`: {e}", f.id))?;
            }
        }
        if vocab.constraints.iter().any(|c| usize::from(c.fact.max(c.other)) >= facts) {
            return Err("constraint: unknown fact".into());
        }
        for (i, d) in vocab.derived.iter().enumerate() {
            // Only earlier derived facts: evaluation follows them, so no cycle.
            check_expr(&d.definition, vocab, i, 0).map_err(|e| format!("derived fact `{}`: {e}", d.id))?;
            if !in_range(&d.facts) || matches!(d.ty, Ty::Enum(f) if usize::from(f) >= facts) {
                return Err(format!("derived fact `{}`: unknown fact", d.id));
            }
        }
        for region in &self.regions {
            for p in &region.provisions {
                let at = |e: String| format!("provision `{}`: {e}", p.id);
                let exprs = p.when.iter().chain(crate::pack::rule_exprs(&p.amount.rule));
                for e in exprs {
                    check_expr(e, vocab, vocab.derived.len(), region.parameters.len()).map_err(at)?;
                }
                if !roles_ok(&p.roles) || !in_range(&p.facts) {
                    return Err(at("unknown role or fact".into()));
                }
                if p.supersedes.iter().any(|i| *i >= region.provisions.len()) || p.source.document >= region.documents.len() {
                    return Err(at("unknown provision or document".into()));
                }
            }
        }
        Ok(())
    }

    /// Keeps only region `id` (compiled with everything it inherits, so it
    /// stands alone), for a reader of one region: the page shows the region
    /// choice from a small list and fetches this once the region is known.
    pub fn for_region(mut self, id: &str) -> Result<Catalog, InputError> {
        self.region(id)?;
        self.regions.retain(|r| r.id == id);
        Ok(self)
    }

    /// Keeps only `lang`'s texts (and the quotes as published plus in the
    /// reader's script), for a catalog shipped to one reader.
    pub fn for_language(mut self, lang: Lang) -> Catalog {
        self.visit_texts(&mut |text| {
            let kept = text.get(lang).to_string();
            *text = Text::default();
            match lang {
                Lang::ZhHans => text.zh_hans = kept,
                Lang::ZhHant => text.zh_hant = kept,
                Lang::En => text.en = kept,
            }
        });
        for region in &mut self.regions {
            for p in &mut region.provisions {
                let s = &mut p.source;
                // the reader's forms stay (en reads the clause as published)
                match lang {
                    Lang::ZhHans => [&mut s.quote_zh_hant, &mut s.quote_en, &mut s.clause_zh_hant].into_iter().for_each(String::clear),
                    Lang::ZhHant => [&mut s.quote_zh_hans, &mut s.quote_en, &mut s.clause_zh_hans].into_iter().for_each(String::clear),
                    Lang::En => [&mut s.quote_zh_hans, &mut s.quote_zh_hant, &mut s.clause_zh_hans, &mut s.clause_zh_hant]
                        .into_iter()
                        .for_each(String::clear),
                }
            }
        }
        self
    }

    fn visit_texts(&mut self, f: &mut dyn FnMut(&mut Text)) {
        for fact in &mut self.vocab.facts {
            for t in [&mut fact.label, &mut fact.question, &mut fact.help] {
                f(t);
            }
            fact.unit.iter_mut().chain(&mut fact.unit_one).for_each(&mut *f);
            fact.judged_by.iter_mut().for_each(&mut *f);
            fact.values.iter_mut().for_each(|v| f(&mut v.label));
        }
        self.vocab.derived.iter_mut().for_each(|d| f(&mut d.label));
        self.vocab.constraints.iter_mut().for_each(|c| f(&mut c.message));
        for s in &mut self.standards {
            f(&mut s.title);
            f(&mut s.text);
        }
        for region in &mut self.regions {
            f(&mut region.name);
            region.contact.iter_mut().for_each(|c| f(&mut c.name));
            region.province.iter_mut().for_each(&mut *f);
            for d in &mut region.documents {
                for t in [&mut d.title, &mut d.issuer, &mut d.date_note] {
                    f(t);
                }
            }
            for p in &mut region.parameters {
                f(&mut p.label);
                f(&mut p.unit);
            }
            for p in &mut region.provisions {
                for t in [&mut p.title, &mut p.summary, &mut p.who, &mut p.validity.note] {
                    f(t);
                }
                for t in [&mut p.conditions, &mut p.gaps, &mut p.amount.per, &mut p.amount.note, &mut p.amount.terms] {
                    t.iter_mut().for_each(&mut *f);
                }
                p.contact.iter_mut().for_each(|c| f(&mut c.name));
                p.local.iter_mut().flat_map(crate::local::Local::texts_mut).for_each(&mut *f);
            }
            region.local.iter_mut().flat_map(crate::local::Local::texts_mut).for_each(&mut *f);
        }
    }
}

/// Every fact, derived fact and parameter an expression names exists (only
/// the first `derived` derived facts and `params` parameters may be used),
/// and an enum value compared with a fact is one of its values.
fn check_expr(e: &Expr, vocab: &Vocabulary, derived: usize, params: usize) -> Result<(), String> {
    let sym_ok = |fact: &Expr, v: &Value| match (fact, v) {
        (Expr::Fact(f), Value::Sym(i)) => vocab.facts.get(usize::from(*f)).is_some_and(|d| usize::from(*i) < d.values.len()),
        _ => true,
    };
    let mut result = Ok(());
    e.walk(&mut |node| {
        let ok = match node {
            Expr::Fact(id) => usize::from(*id) < vocab.facts.len(),
            Expr::Derived(id) => usize::from(*id) < derived,
            Expr::Param(id) => usize::from(*id) < params,
            Expr::Cmp(_, l, r) => match r.as_ref() {
                Expr::Lit(v) => sym_ok(l, v),
                _ => true,
            },
            Expr::In(inner, values) => values.iter().all(|v| sym_ok(inner, v)),
            _ => true,
        };
        if !ok && result.is_ok() {
            // the node is not written out: its Debug form would bring the
            // debug formatting machinery into the wasm module
            result = Err("an expression names an unknown fact, parameter or value".to_string());
        }
    });
    result
}
