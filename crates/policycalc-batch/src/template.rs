//! The template to fill in, per region and role: only the columns that
//! matter to that role, headers in the chosen language, an example row that
//! qualifies on the chosen date, and for every column what it means, its
//! unit, its allowed values and an example. The CSV template is the header
//! and the example row (its values list a second CSV); the workbook
//! (`xlsx::template_xlsx`) adds an instructions sheet and drop-downs.

use super::{find_region, region_id, write_row, BatchError, AS_OF_NAMES, BOM, REGION_NAMES};
use policycalc_core::date::Date;
use policycalc_core::expr::FactId;
use policycalc_core::lang::Lang;
use policycalc_core::vocab::FactType;
use policycalc_core::Catalog;

/// What the template is for.
#[derive(Clone, Copy, Debug)]
pub struct Spec<'a> {
    pub lang: Lang,
    /// A region id or name; none: every region's facts.
    pub region: Option<&'a str>,
    /// A role id (`employer`...) or label; none: the example role, every
    /// role's columns.
    pub role: Option<&'a str>,
    pub as_of: Date,
}

/// One column of the template.
#[derive(Clone, Debug)]
pub struct Column {
    pub header: String,
    /// The fact (none for the region and as-of columns).
    pub fact: Option<FactId>,
    pub meaning: String,
    pub unit: String,
    /// Allowed values as a person writes them (labels in the language).
    pub allowed: Vec<String>,
    pub example: String,
    pub kind: ColumnKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    Region,
    Date,
    Bool,
    Enum,
    Whole,
    Decimal,
}

#[derive(Clone, Debug)]
pub struct Template {
    pub lang: Lang,
    pub columns: Vec<Column>,
}

/// The example role when none is chosen: an employer hosting interns and
/// hiring a graduate (the case most HR departments check).
const EXAMPLE_ROLE: &str = "employer";

/// Example answers per fact id. Dates are written relative to the as-of
/// date (`-6m`: six months before), so the example qualifies on the date
/// chosen, whatever it is.
const EXAMPLE: [(&str, &str); 31] = [
    ("employer_type", "private_enterprise"),
    ("enterprise_size", "small"),
    ("hire_employment_difficulty", "false"),
    ("hire_is_graduate", "true"),
    ("hire_graduation_date", "-6m"),
    ("hire_date", "-1m"),
    ("hire_key_group", "false"),
    ("platform_insured_workers", "0"),
    ("runs_staff_training", "false"),
    ("hire_unemployed_since_leaving_school", "true"),
    ("employer_si_contribution_monthly", "1200.50"),
    ("interns", "10"),
    ("interns_retained", "6"),
    ("early_contract_remaining_months", "0"),
    ("hire_disabled_difficulty", "false"),
    ("pays_unemployment_insurance", "true"),
    ("local_enterprise", "true"),
    ("college_graduate", "true"),
    ("graduation_date", "-6m"),
    ("unemployed_since_leaving_school", "true"),
    ("employment_difficulty", "false"),
    ("social_insurance_paid", "true"),
    ("contract_months", "12"),
    ("insured_employees", "5"),
    ("insured_months", "12"),
    ("years_operating", "1"),
    ("founder_graduate", "true"),
    ("organisation_type", "training_provider"),
    ("located_in_region", "true"),
    ("newly_recognised", "true"),
    ("recognised_standard", "true"),
];

fn words(lang: Lang) -> [&'static str; 4] {
    match lang {
        Lang::En => ["region of the case (a name or id from the list)", "date to check on, YYYY-MM-DD (empty: the date chosen for the file)", "yes / no", "date YYYY-MM-DD"],
        Lang::ZhHant => ["案例所屬地區（從列表中選擇）", "查詢日期 YYYY-MM-DD（留空：使用為整個文件選定的日期）", "是 / 否", "日期 YYYY-MM-DD"],
        Lang::ZhHans => ["案例所属地区（从列表中选择）", "查询日期 YYYY-MM-DD（留空：使用为整个文件选定的日期）", "是 / 否", "日期 YYYY-MM-DD"],
    }
}

fn yes_no(lang: Lang, v: bool) -> &'static str {
    match (lang, v) {
        (Lang::En, true) => "yes",
        (Lang::En, false) => "no",
        (_, true) => "是",
        (_, false) => "否",
    }
}

/// Builds the template's columns.
pub fn build(catalog: &Catalog, spec: &Spec) -> Result<Template, BatchError> {
    let vocab = &catalog.vocab;
    let lang = spec.lang;
    let known = || catalog.regions.iter().filter(|r| r.selectable).map(|r| r.id.clone()).collect();
    let region_index = match spec.region {
        Some(id) => Some(find_region(catalog, id).ok_or_else(|| BatchError::UnknownRegion { region: id.into(), known: known() })?),
        None => None,
    };
    let role_def = vocab.fact(vocab.role_fact);
    let role_name = spec.role.unwrap_or(EXAMPLE_ROLE);
    let role = role_def
        .values
        .iter()
        .position(|v| v.id.eq_ignore_ascii_case(role_name) || v.label.get(lang) == role_name || v.label.zh_hans == role_name)
        .and_then(|i| u16::try_from(i).ok());
    let Some(role) = role else {
        return Err(BatchError::UnknownRole {
            role: role_name.to_string(),
            known: role_def.values.iter().map(|v| v.id.clone()).collect(),
        });
    };
    let used = |id: FactId| -> bool {
        if id == vocab.role_fact {
            return true;
        }
        let f = vocab.fact(id);
        let for_role = spec.role.is_none() || f.roles.is_empty() || f.roles.contains(&role);
        for_role
            && match region_index {
                Some(r) => catalog.regions.get(r).is_some_and(|reg| reg.provisions.iter().any(|p| p.facts.contains(id))),
                None => true,
            }
    };
    let [region_meaning, as_of_meaning, yes_no_words, date_words] = words(lang);
    let selectable: Vec<String> = catalog.regions.iter().filter(|r| r.selectable).map(|r| r.name.get(lang).to_string()).collect();
    let example_region = match region_index {
        Some(r) => catalog.regions.get(r).map(|r| r.name.get(lang).to_string()).unwrap_or_else(|| region_id(catalog, r)),
        None => selectable.first().cloned().unwrap_or_default(),
    };
    let header_of = |en: &str, hans: &str, hant: &str| match lang {
        Lang::En => en.to_string(),
        Lang::ZhHans => hans.to_string(),
        Lang::ZhHant => hant.to_string(),
    };
    // Names `resolve_column` reads back.
    debug_assert!(REGION_NAMES.contains(&"地区") && AS_OF_NAMES.contains(&"查询日期"));
    let mut columns = vec![
        Column {
            header: header_of("region", "地区", "地區"),
            fact: None,
            meaning: region_meaning.into(),
            unit: String::new(),
            allowed: selectable,
            example: example_region,
            kind: ColumnKind::Region,
        },
        Column {
            header: header_of("as_of", "查询日期", "查詢日期"),
            fact: None,
            meaning: as_of_meaning.into(),
            unit: String::new(),
            allowed: Vec::new(),
            example: spec.as_of.to_string(),
            kind: ColumnKind::Date,
        },
    ];
    for (i, f) in vocab.facts.iter().enumerate() {
        let Ok(id) = FactId::try_from(i) else { break };
        if !used(id) {
            continue;
        }
        let example_of = |text: &str| -> String {
            match text.strip_prefix('-').and_then(|m| m.strip_suffix('m')).and_then(|m| m.parse::<i64>().ok()) {
                Some(months) if f.ty == FactType::Date => {
                    spec.as_of.add_months(months.saturating_neg()).map(|d| d.to_string()).unwrap_or_default()
                }
                _ => text.to_string(),
            }
        };
        let example = if id == vocab.role_fact {
            role_def.values.get(usize::from(role)).map(|v| v.label.get(lang).to_string()).unwrap_or_default()
        } else if f.roles.contains(&role) {
            match EXAMPLE.iter().find(|(k, _)| *k == f.id) {
                Some((_, v)) if f.ty == FactType::Bool => yes_no(lang, *v == "true").to_string(),
                Some((_, v)) if f.ty == FactType::Enum => {
                    f.values.iter().find(|e| e.id == *v).map(|e| e.label.get(lang).to_string()).unwrap_or_default()
                }
                Some((_, v)) => example_of(v),
                None => String::new(),
            }
        } else {
            String::new()
        };
        let (kind, allowed) = match f.ty {
            FactType::Bool => (ColumnKind::Bool, vec![yes_no(lang, true).to_string(), yes_no(lang, false).to_string()]),
            FactType::Enum => (ColumnKind::Enum, f.values.iter().map(|v| v.label.get(lang).to_string()).collect()),
            FactType::Integer => (ColumnKind::Whole, Vec::new()),
            FactType::Decimal => (ColumnKind::Decimal, Vec::new()),
            FactType::Date => (ColumnKind::Date, Vec::new()),
        };
        let mut meaning = f.question.get(lang).to_string();
        let help = f.help.get(lang);
        if !help.is_empty() {
            meaning.push(' ');
            meaning.push_str(help);
        }
        let unit = match kind {
            ColumnKind::Bool => yes_no_words.to_string(),
            ColumnKind::Date => date_words.to_string(),
            _ => {
                let mut unit = f.unit.as_ref().map(|u| u.get(lang).to_string()).unwrap_or_default();
                let bounds = match (f.min, f.max) {
                    (Some(a), Some(b)) => format!("{a}–{b}"),
                    (Some(a), None) => format!("≥ {a}"),
                    (None, Some(b)) => format!("≤ {b}"),
                    (None, None) => String::new(),
                };
                if !bounds.is_empty() {
                    if !unit.is_empty() {
                        unit.push_str(", ");
                    }
                    unit.push_str(&bounds);
                }
                unit
            }
        };
        columns.push(Column {
            header: if lang == Lang::En { f.id.clone() } else { f.label.get(lang).to_string() },
            fact: Some(id),
            meaning,
            unit,
            allowed,
            example,
            kind,
        });
    }
    Ok(Template { lang, columns })
}

impl Template {
    /// The CSV template: the header and the example row (UTF-8 with BOM).
    pub fn csv(&self) -> String {
        let mut out = String::from(BOM);
        write_row(&mut out, self.columns.iter().map(|c| c.header.as_str()));
        write_row(&mut out, self.columns.iter().map(|c| c.example.as_str()));
        out
    }

    /// The CSV template's companion: one row per column with what it
    /// means, its unit, its allowed values and an example.
    pub fn values_csv(&self) -> String {
        let mut out = String::from(BOM);
        write_row(&mut out, instructions_header(self.lang));
        let sep = if self.lang == Lang::En { " | " } else { "｜" };
        for c in &self.columns {
            let allowed = c.allowed.join(sep);
            write_row(&mut out, [c.header.as_str(), c.meaning.as_str(), c.unit.as_str(), allowed.as_str(), c.example.as_str()]);
        }
        out
    }
}

pub(crate) fn instructions_header(lang: Lang) -> [&'static str; 5] {
    match lang {
        Lang::En => ["column", "what it means", "unit / format", "allowed values", "example"],
        Lang::ZhHant => ["列名", "含義", "單位 / 格式", "可填的值", "示例"],
        Lang::ZhHans => ["列名", "含义", "单位 / 格式", "可填的值", "示例"],
    }
}

/// Fills the texts batch output uses (fact, value, derived and parameter
/// labels, region names, provision titles) that `into` lacks from `from`,
/// matching by id. The browser loads a one-language catalog; adding the
/// others' texts lets it read a header in any language and write any.
pub fn merge_texts(into: &mut Catalog, from: &Catalog) {
    fn fill(a: &mut policycalc_core::lang::Text, b: &policycalc_core::lang::Text) {
        for (x, y) in [(&mut a.zh_hans, &b.zh_hans), (&mut a.zh_hant, &b.zh_hant), (&mut a.en, &b.en)] {
            if x.is_empty() {
                x.clone_from(y);
            }
        }
    }
    for f in &mut into.vocab.facts {
        if let Some(g) = from.vocab.facts.iter().find(|g| g.id == f.id) {
            fill(&mut f.label, &g.label);
            for v in &mut f.values {
                if let Some(w) = g.values.iter().find(|w| w.id == v.id) {
                    fill(&mut v.label, &w.label);
                }
            }
        }
    }
    for d in &mut into.vocab.derived {
        if let Some(e) = from.vocab.derived.iter().find(|e| e.id == d.id) {
            fill(&mut d.label, &e.label);
        }
    }
    for r in &mut into.regions {
        let Some(s) = from.regions.iter().find(|s| s.id == r.id) else { continue };
        fill(&mut r.name, &s.name);
        for p in &mut r.parameters {
            if let Some(q) = s.parameters.iter().find(|q| q.id == p.id) {
                fill(&mut p.label, &q.label);
            }
        }
        for p in &mut r.provisions {
            if let Some(q) = s.provisions.iter().find(|q| q.id == p.id) {
                fill(&mut p.title, &q.title);
            }
        }
    }
}
