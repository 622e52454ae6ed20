//! Local information: what to do next for a provision (where and how to
//! apply, documents, deadline, office, hours, phone, application URL). The
//! documents rarely say this, so it comes from a file the portal operator
//! edits beside the packs, `policies/local/<region>.toml`, validated like a
//! pack (`policycalc-packs`) and compiled into the catalog. The result labels it as local
//! information, never as the document's words.
//!
//! ```toml
//! [local]
//! region = "qingdao-chengyang"
//! [default]                 # every provision of the region without its own entry
//! source = { zh-Hans = "…", en = "…" }   # who states it: a document, a national channel
//! phone = "0532-58659939"
//! [[provisions]]
//! id = "qingdao-chengyang.youth-station"   # the id the result shows
//! source = { zh-Hans = "…", en = "…" }
//! how = { zh-Hans = "…", en = "…" }
//! url = "https://…"
//! ```

use crate::lang::Text;

/// One entry of a local-information file, compiled.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Local {
    /// Who states this (a document and where in it, a national channel).
    pub source: Text,
    /// Where and how to apply.
    #[serde(default)]
    pub how: Option<Text>,
    #[serde(default)]
    pub documents: Option<Text>,
    #[serde(default)]
    pub deadline: Option<Text>,
    #[serde(default)]
    pub office: Option<Text>,
    #[serde(default)]
    pub hours: Option<Text>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
}

impl Local {
    pub fn texts_mut(&mut self) -> impl Iterator<Item = &mut Text> {
        std::iter::once(&mut self.source).chain(
            [&mut self.how, &mut self.documents, &mut self.deadline, &mut self.office, &mut self.hours]
                .into_iter()
                .flatten(),
        )
    }
}
