//! Languages and localised text.
//!
//! Packs carry zh-Hans and en; zh-Hant is derived from zh-Hans at build time
//! (see `policycalc-packs`, `derive.rs`) unless the pack spells it out.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-Hans")]
    ZhHans,
    #[serde(rename = "zh-Hant")]
    ZhHant,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::ZhHans, Lang::ZhHant, Lang::En];

    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "zh-Hans" | "zh" | "zh-CN" => Some(Lang::ZhHans),
            "zh-Hant" | "zh-TW" | "zh-HK" => Some(Lang::ZhHant),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::ZhHans => "zh-Hans",
            Lang::ZhHant => "zh-Hant",
            Lang::En => "en",
        }
    }

    pub(crate) fn is_chinese(self) -> bool {
        self != Lang::En
    }
}

/// A text in every supported language.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    #[serde(rename = "zh-Hans")]
    pub zh_hans: String,
    #[serde(rename = "zh-Hant", default)]
    pub zh_hant: String,
    pub en: String,
}

impl Text {
    /// No text in any language.
    pub const EMPTY: Text = Text { zh_hans: String::new(), zh_hant: String::new(), en: String::new() };

    /// The text in `lang`, or in another language when a one-language
    /// catalog (see `Catalog::for_language`) lacks it.
    pub fn get(&self, lang: Lang) -> &str {
        let wanted = match lang {
            Lang::ZhHans => &self.zh_hans,
            Lang::ZhHant => &self.zh_hant,
            Lang::En => &self.en,
        };
        [wanted, &self.zh_hans, &self.zh_hant, &self.en].into_iter().find(|t| !t.is_empty()).unwrap_or(wanted)
    }

    pub fn is_complete(&self) -> bool {
        !self.zh_hans.trim().is_empty() && !self.en.trim().is_empty()
    }
}
