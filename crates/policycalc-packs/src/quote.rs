//! A clause quote as the reader sees it. Some published pages went through a
//! converter that left pinyin after characters (就業(yè), 創(chuàng)業(yè)) and garbled
//! a few words (「且?guī)泳蜆I(yè)人數(shù)」). The display form drops that debris and
//! marks each garbled run with the pack's reading; the quote as published is
//! kept beside it and is what the provenance checks compare with the source.
//! `derive.rs` converts the display form to each script (zhconv); the loader
//! uses it unconverted where no script form was derived.

use policycalc_core::lang::{Lang, Text};

/// A run of a quote that is garbled in the published text, and how to read it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Garbled {
    /// The run exactly as published.
    pub text: String,
    /// What it should say: `zh-Hans` the words, `en` their meaning.
    pub reading: Text,
}

/// The quote with each garbled run replaced by a private-use placeholder
/// (so a script conversion cannot re-garble it) and the pinyin debris
/// dropped. [`mark_garbled`] puts the readings in after any conversion.
pub fn debris_free(quote: &str, garbled: &[Garbled]) -> String {
    let mut text = quote.to_string();
    for (i, g) in garbled.iter().enumerate() {
        if !g.text.is_empty() {
            text = text.replace(&g.text, &placeholder(i).to_string());
        }
    }
    strip_pinyin(&text)
}

/// Replaces the placeholders of [`debris_free`] with the reading, worded for
/// `lang`; `script` converts the reading (zh-Hant) the way the quote was.
pub fn mark_garbled(text: &str, garbled: &[Garbled], lang: Lang, script: &dyn Fn(&str) -> String) -> String {
    let mut out = text.to_string();
    for (i, g) in garbled.iter().enumerate() {
        let words = script(&g.reading.zh_hans);
        let mark = match lang {
            Lang::ZhHans => format!("[原文此处乱码，应为“{words}”]"),
            Lang::ZhHant => format!("[原文此處亂碼，應為「{words}」]"),
            Lang::En => format!("[garbled in the published text; read as {words} ({})]", g.reading.en),
        };
        out = out.replace(placeholder(i), &mark);
    }
    out
}

/// The display form without a script conversion (the loader's default and
/// the en channel): debris dropped, garbled runs marked.
pub fn display(quote: &str, garbled: &[Garbled], lang: Lang) -> String {
    mark_garbled(&debris_free(quote, garbled), garbled, lang, &|s| s.to_string())
}

fn placeholder(i: usize) -> char {
    // U+E000.. is private use: no converter maps it and no document holds it.
    char::from_u32(0xE000_u32.saturating_add(u32::try_from(i).unwrap_or(0x17FF).min(0x17FF))).unwrap_or('\u{E000}')
}

/// Drops `(pinyin)` right after a CJK character: latin letters only, at
/// least one with a tone mark (yè, chuàng, shù). Real parenthesised text
/// (含技工学校), (A), (2024) and anything after a non-CJK character stays.
pub fn strip_pinyin(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut previous: Option<char> = None;
    while let Some(c) = rest.chars().next() {
        let after = rest.get(c.len_utf8()..).unwrap_or("");
        if c == '(' && previous.is_some_and(is_cjk) {
            if let Some(close) = after.find(')') {
                let inner = after.get(..close).unwrap_or("");
                if is_pinyin(inner) {
                    rest = after.get(close.saturating_add(1)..).unwrap_or("");
                    continue;
                }
            }
        }
        out.push(c);
        previous = Some(c);
        rest = after;
    }
    out
}

fn is_pinyin(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || is_tone_mark(c)) && s.chars().any(is_tone_mark)
}

fn is_tone_mark(c: char) -> bool {
    "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü".contains(c)
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_debris_after_characters_is_dropped() {
        assert_eq!(strip_pinyin("對帶動就業(yè)3人以上"), "對帶動就業3人以上");
        assert_eq!(strip_pinyin("一次性創(chuàng)業(yè)帶動就業(yè)補貼"), "一次性創業帶動就業補貼");
        assert_eq!(strip_pinyin("人數(shù)未減少"), "人數未減少");
        assert_eq!(strip_pinyin("培養(yǎng)"), "培養");
    }

    #[test]
    fn real_parentheses_and_lookalikes_are_kept() {
        // words, letters, numbers, a toneless syllable, and pinyin after a non-CJK character
        for kept in [
            "中等職業學校(含技工學校)分專業",
            "附件(A)",
            "2024年(第2批)",
            "學校(de)",
            "(yè)開頭",
            "蜆I(yè)",
            "3(yè)",
            "就業(yè",
            "就業()",
            "就業(YÈ)",
            "就業(y è)",
        ] {
            assert_eq!(strip_pinyin(kept), kept, "{kept}");
        }
        // full-width parentheses are the document's own punctuation
        assert_eq!(strip_pinyin("就業（yè）"), "就業（yè）");
    }

    #[test]
    fn a_garbled_run_is_marked_with_its_reading_in_each_language() {
        let garbled = [Garbled {
            text: "?guī)泳蜆I(yè)".into(),
            reading: Text { zh_hans: "带动就业".into(), zh_hant: String::new(), en: "creating jobs".into() },
        }];
        let quote = "對正常運營3年以上且?guī)泳蜆I(yè)人數(shù)未減少的";
        assert_eq!(display(quote, &garbled, Lang::ZhHans), "對正常運營3年以上且[原文此处乱码，应为“带动就业”]人數未減少的");
        assert_eq!(
            display(quote, &garbled, Lang::En),
            "對正常運營3年以上且[garbled in the published text; read as 带动就业 (creating jobs)]人數未減少的"
        );
        // the placeholder survives a conversion that maps every CJK character
        let text = debris_free(quote, &garbled);
        let converted: String = text.chars().map(|c| if c == '蜆' { '蚬' } else { c }).collect();
        assert!(!mark_garbled(&converted, &garbled, Lang::ZhHans, &|s| s.to_string()).contains('蚬'));
    }
}
