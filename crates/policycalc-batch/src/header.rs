//! Header resolution: which input column feeds which fact.

use super::*;

/// What an input column feeds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnUse {
    Fact(FactId),
    Region,
    AsOf,
    /// Not a fact: copied to the output unchanged.
    PassThrough,
}

pub(crate) const REGION_NAMES: [&str; 4] = ["region", "地区", "地區", "Region"];
pub(crate) const AS_OF_NAMES: [&str; 6] = ["as_of", "as-of", "As of", "查询日期", "查詢日期", "as of"];

/// Resolves one header cell: a fact id, a fact label in any language, or
/// the region / as-of columns. Case and surrounding spaces are ignored.
pub fn resolve_column(vocab: &Vocabulary, name: &str) -> Option<ColumnUse> {
    let name = name.trim();
    if name.is_empty() {
        return None;
    }
    if REGION_NAMES.iter().any(|n| n.eq_ignore_ascii_case(name)) {
        return Some(ColumnUse::Region);
    }
    if AS_OF_NAMES.iter().any(|n| n.eq_ignore_ascii_case(name)) {
        return Some(ColumnUse::AsOf);
    }
    vocab
        .facts
        .iter()
        .position(|f| {
            f.id.eq_ignore_ascii_case(name)
                || f.label.zh_hans == name
                || f.label.get(Lang::ZhHant) == name
                || f.label.en.eq_ignore_ascii_case(name)
        })
        .map(|i| ColumnUse::Fact(i as FactId))
}

pub(crate) fn misspelling(vocab: &Vocabulary, name: &str) -> Option<String> {
    let candidates = vocab.facts.iter().map(|f| f.id.as_str()).chain(["region", "as_of"]);
    vocab::suggest(name, candidates).map(str::to_string)
}


/// Header mapping once the header row is read.
#[derive(Clone, Debug)]
pub(crate) struct Header {
    pub(crate) names: Vec<String>,
    pub(crate) region_col: Option<usize>,
    pub(crate) as_of_col: Option<usize>,
    pub(crate) fact_cols: Vec<(usize, FactId)>,
}
