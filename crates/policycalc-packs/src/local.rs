//! Local information: what to do next for a provision (where and how to
//! apply, documents, deadline, office, hours, phone, application URL). The
//! documents rarely say this, so it comes from a file the portal operator
//! edits beside the packs, `policies/local/<region>.toml`, validated like a
//! pack and compiled into the catalog. The result labels it as local
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

use crate::FileJson;
use policycalc_core::error::PackError;
use policycalc_core::local::Local;
use policycalc_core::Catalog;

/// The fields an entry may have (a provision entry adds `id`).
const FIELDS: &[&str] = &["source", "how", "documents", "deadline", "office", "hours", "phone", "url"];

/// Attaches local-information files to the compiled regions they name;
/// each is checked first (see [`read_entry`]).
pub fn attach_local(catalog: &mut Catalog, files: &[FileJson]) -> Result<(), PackError> {
    for f in files {
        let err = |item: Option<String>, field: &str, message: String| PackError {
            file: f.file.clone(),
            item,
            field: field.into(),
            message,
        };
        let top = f.data.as_object().ok_or_else(|| err(None, "local", "expected a table".into()))?;
        if let Some(key) = top.keys().find(|k| !["local", "default", "provisions"].contains(&k.as_str())) {
            return Err(err(None, key, "unknown field (expected `local`, `default`, `provisions`)".into()));
        }
        let region_id = f.data.get("local").and_then(|l| l.get("region")).and_then(|r| r.as_str());
        let region_id = region_id.ok_or_else(|| err(None, "local.region", "missing: the region this file is for".into()))?;
        let known: Vec<String> = catalog.regions.iter().map(|r| r.id.clone()).collect();
        let region = catalog
            .regions
            .iter_mut()
            .find(|r| r.id == region_id)
            .ok_or_else(|| err(None, "local.region", format!("no region `{region_id}` (known: {})", known.join(", "))))?;
        if let Some(default) = f.data.get("default") {
            let item = Some(format!("{region_id} default"));
            region.local = Some(read_entry(&f.file, item, default, false)?);
        }
        let entries = match f.data.get("provisions") {
            None => &[][..],
            Some(p) => p.as_array().map(Vec::as_slice).ok_or_else(|| err(None, "provisions", "expected an array of tables".into()))?,
        };
        let mut seen: Vec<&str> = Vec::new();
        for entry in entries {
            let id = entry.get("id").and_then(|i| i.as_str()).unwrap_or_default();
            let item = Some(id.to_string());
            let provision = region.provisions.iter_mut().find(|p| p.id == id).ok_or_else(|| {
                err(item.clone(), "id", format!("region `{region_id}` has no provision `{id}`"))
            })?;
            if seen.contains(&id) {
                return Err(err(item, "id", "a second entry for this provision".into()));
            }
            seen.push(id);
            provision.local = Some(read_entry(&f.file, item, entry, true)?);
        }
    }
    Ok(())
}

/// One entry: known fields only, texts in both languages, a phone of digits
/// and hyphens, an https URL.
fn read_entry(file: &str, item: Option<String>, value: &serde_json::Value, with_id: bool) -> Result<Local, PackError> {
    let err = |field: &str, message: String| PackError { file: file.into(), item: item.clone(), field: field.into(), message };
    let map = value.as_object().ok_or_else(|| err("", "expected a table".into()))?;
    let mut fields = map.clone();
    if with_id {
        fields.remove("id");
    }
    if let Some(key) = fields.keys().find(|k| !FIELDS.contains(&k.as_str())) {
        return Err(err(key, format!("unknown field (expected one of {})", FIELDS.join(", "))));
    }
    let local: Local = serde_json::from_value(serde_json::Value::Object(fields)).map_err(|e| err("", e.to_string()))?;
    let texts = [
        ("source", Some(&local.source)),
        ("how", local.how.as_ref()),
        ("documents", local.documents.as_ref()),
        ("deadline", local.deadline.as_ref()),
        ("office", local.office.as_ref()),
        ("hours", local.hours.as_ref()),
    ];
    if let Some((field, _)) = texts.iter().find(|(_, t)| t.is_some_and(|t| !t.is_complete())) {
        return Err(err(field, "needs both zh-Hans and en text".into()));
    }
    if let Some(phone) = &local.phone {
        if !is_phone(phone) {
            return Err(err("phone", format!("`{phone}` is not a phone number (digits, with hyphens between groups, optionally a leading +)")));
        }
    }
    if let Some(url) = &local.url {
        if !is_https_url(url) {
            return Err(err("url", format!("`{url}` is not an https:// address")));
        }
    }
    Ok(local)
}

/// `12333`, `0532-58659939`, `+86-532-58659939`: 3 to 20 digits in groups.
pub fn is_phone(s: &str) -> bool {
    let body = s.strip_prefix('+').unwrap_or(s);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    (3..=20).contains(&digits) && body.split('-').all(|group| !group.is_empty() && group.chars().all(|c| c.is_ascii_digit()))
}

fn is_https_url(s: &str) -> bool {
    let Some(rest) = s.strip_prefix("https://") else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    !host.is_empty() && !s.chars().any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_digit_groups_and_urls_are_https() {
        for ok in ["12333", "0532-58659939", "+86-532-58659939"] {
            assert!(is_phone(ok), "{ok}");
        }
        for bad in ["12", "0532--5865", "-12333", "tel:12333", "0532 58659939", "12333-"] {
            assert!(!is_phone(bad), "{bad}");
        }
        assert!(is_https_url("https://hrss.qingdao.gov.cn/x?y=1"));
        for bad in ["http://a.cn", "https://", "javascript:alert(1)", "https://a.cn/\"x"] {
            assert!(!is_https_url(bad), "{bad}");
        }
    }
}
