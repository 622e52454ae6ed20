//! The policy studio's wasm boundary (www/studio.html, www/studio-core.js):
//! `check-pack` and `export-catalog --web` on the officer's draft, through
//! policycalc-packs' `studio` module, which the CLI runs too, so messages
//! and bytes are the CLI's. Every call takes the draft as a JSON object
//! `{path: text}` (repo paths, as check-pack names files) and is synchronous.

use policycalc_packs::studio::{self, Files};
use wasm_bindgen::prelude::*;

/// One diagnostic: check-pack's message, with its file, 1-based line and
/// column (of the field's value; of the rule's character when the message
/// names one), provision and field.
#[derive(Debug, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub code: &'static str,
    pub message: String,
    pub provision: Option<String>,
    pub field: String,
}

/// check-pack on every pack file of the draft (see `studio::check_files`).
pub fn diagnostics(files: &Files) -> Vec<Diagnostic> {
    studio::check_files(files)
        .into_iter()
        .map(|(file, p)| {
            let text = files.get(&file).map_or("", String::as_str);
            // no place found: the top of the file
            let (line, column) = p.offset.map_or((1, 1), |o| studio::line_column(text, o));
            Diagnostic { file, line, column, code: p.code, message: p.message, provision: p.provision, field: p.field }
        })
        .collect()
}

fn files_of(json: &str) -> Result<Files, JsError> {
    serde_json::from_str(json).map_err(|e| JsError::new(&format!("files: {e}")))
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, JsError> {
    serde_json::to_string(value).map_err(|e| JsError::new(&e.to_string()))
}

/// `{diagnostics: [...], regions: [id]}` as JSON; `regions` are the
/// draft's compiled regions (empty when it does not compile).
#[wasm_bindgen]
pub fn check(files: &str) -> Result<String, JsError> {
    let files = files_of(files)?;
    let regions: Vec<String> = studio::compile_files(&files).map(|c| c.regions.into_iter().map(|r| r.id).collect()).unwrap_or_default();
    to_json(&serde_json::json!({ "diagnostics": diagnostics(&files), "regions": regions }))
}

/// What `export-catalog --web` writes for the draft: an object of file
/// name (`regions.json`, `catalog.<lang>.bin`, `catalog.<region>.<lang>.bin`)
/// to bytes; throws the loader's first error when it does not compile.
#[wasm_bindgen]
pub fn compile(files: &str) -> Result<js_sys::Object, JsError> {
    let files = files_of(files)?;
    let catalog = studio::compile_files(&files).map_err(|e| JsError::new(&e))?;
    let out = js_sys::Object::new();
    for (name, bytes) in studio::web_files(&catalog).map_err(|e| JsError::new(&e.to_string()))? {
        js_sys::Reflect::set(&out, &name.into(), &js_sys::Uint8Array::from(bytes.as_slice())).map_err(|_| JsError::new("compile: cannot build the result"))?;
    }
    Ok(out)
}

/// `{facts, parameters, standards, functions}` (ids) as JSON, for completion;
/// the functions alone when the draft does not compile.
#[wasm_bindgen]
pub fn vocabulary(files: &str) -> Result<String, JsError> {
    let files = files_of(files)?;
    match studio::compile_files(&files) {
        Ok(c) => to_json(&studio::vocabulary(&c)),
        Err(_) => to_json(&serde_json::json!({ "facts": [], "parameters": [], "standards": [], "functions": studio::FUNCTIONS })),
    }
}

/// `{added, changed, removed}` provision ids as JSON.
#[wasm_bindgen(js_name = changeLog)]
pub fn change_log(old: &str, new: &str) -> Result<String, JsError> {
    to_json(&studio::change_log(&files_of(old)?, &files_of(new)?))
}
