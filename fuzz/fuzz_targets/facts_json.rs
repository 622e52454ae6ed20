//! The CLI's facts file (`policycalc evaluate FILE`): arbitrary bytes after a
//! two-byte as-of date. Text that reads as facts is evaluated in every
//! region, as given and with each role, with the report in every language
//! and the next question; text that does not is a typed input error.
#![no_main]
use libfuzzer_sys::fuzz_target;
use policycalc_core::Facts;
use policycalc_fuzz::{as_of, catalog, check_everywhere, check_input_error};

fuzz_target!(|data: &[u8]| {
    let catalog = catalog();
    let (as_of, data) = as_of(data);
    // The CLI reads the file as UTF-8 text; other bytes stop there.
    let Ok(text) = std::str::from_utf8(data) else { return };
    match Facts::from_json_text(&catalog.vocab, text) {
        Ok(facts) => check_everywhere(catalog, &facts, as_of),
        Err(e) => {
            let keys: Vec<String> = match serde_json::from_str::<serde_json::Value>(text) {
                Ok(serde_json::Value::Object(map)) => map.keys().cloned().collect(),
                _ => Vec::new(),
            };
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            check_input_error(&e, &keys);
        }
    }
});
