//! What both loaders use: deserialising with the failing field's path,
//! exact decimals, item ids. The loaders depend on this and on the core's
//! types, never on each other's internals the other way round.

use policycalc_core::error::PackError;
use rust_decimal::Decimal;
use serde::Deserialize;

/// Reads a decimal written as a TOML number or a string, exactly (no float).
pub(crate) fn decimal<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    let value = serde_json::Value::deserialize(d)?;
    let text = match &value {
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::String(s) => s.clone(),
        _ => return Err(serde::de::Error::custom(format!("expected a decimal number, found {value}"))),
    };
    policycalc_core::vocab::parse_decimal(&text)
        .ok_or_else(|| serde::de::Error::custom(format!("`{text}` is not a plain decimal number")))
}

pub(crate) fn opt_decimal<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    decimal(d).map(Some)
}

/// Deserialises with the path of the failing field in the message.
pub(crate) fn from_value<T: serde::de::DeserializeOwned>(
    file: &str,
    item: Option<&str>,
    value: &serde_json::Value,
) -> Result<T, PackError> {
    serde_path_to_error::deserialize(value).map_err(|e| PackError {
        file: file.to_string(),
        item: item.map(str::to_string),
        field: e.path().to_string().trim_start_matches('.').to_string(),
        message: e.inner().to_string(),
    })
}

pub(crate) fn item_id(value: &serde_json::Value) -> Option<String> {
    value.get("id").and_then(|v| v.as_str()).map(str::to_string)
}

pub(crate) fn is_identifier(s: &str) -> bool {
    s.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}
