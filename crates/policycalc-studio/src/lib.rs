//! The policy studio's wasm boundary (www/studio.html, www/studio-core.js):
//! `check-pack` and `export-catalog --web` on the officer's draft, through
//! policycalc-packs' `studio` module, which the CLI runs too, so messages
//! and bytes are the CLI's. Every call takes the draft as a JSON object
//! `{path: text}` (repo paths, as check-pack names files) and is synchronous.

use policycalc_packs::studio::{self, Files};
use policycalc_packs::{FileJson, SourceFiles};
use std::cell::RefCell;
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;

thread_local! {
    /// The files last read (path → text and its reading): each keystroke
    /// changes one file, and reading a pack (TOML, derived scripts) is most
    /// of a check's time. The module's one piece of state, a pure cache.
    static READ: RefCell<BTreeMap<String, (String, FileJson)>> = const { RefCell::new(BTreeMap::new()) };
}

/// The draft read as the build reads it, reusing the readings of unchanged files.
pub fn read_draft(files: &Files) -> Result<SourceFiles, String> {
    READ.with(|cache| {
        let mut cache = cache.borrow_mut();
        cache.retain(|path, _| files.contains_key(path));
        studio::source_files_with(files, &mut |path, text| {
            if let Some((_, read)) = cache.get(path).filter(|(seen, _)| seen == text) {
                return Ok(FileJson { file: read.file.clone(), data: read.data.clone() });
            }
            let read = policycalc_packs::read_toml(path.to_string(), text)?;
            cache.insert(path.to_string(), (text.to_string(), FileJson { file: read.file.clone(), data: read.data.clone() }));
            Ok(read)
        })
    })
}

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

/// check-pack on the draft's pack files named by `only` (all when `None`;
/// see `studio::check_files`).
pub fn diagnostics(files: &Files, only: Option<&[String]>) -> Vec<Diagnostic> {
    studio::check_files_with(files, read_draft(files), only)
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

/// `{diagnostics: [...]}` as JSON for the files named in `only` (a JSON
/// array of paths; `null`: every pack file): the studio checks the open
/// file and the edited ones, since each check compiles the draft.
#[wasm_bindgen]
pub fn check(files: &str, only: &str) -> Result<String, JsError> {
    let files = files_of(files)?;
    let only: Option<Vec<String>> = serde_json::from_str(only).map_err(|e| JsError::new(&format!("only: {e}")))?;
    to_json(&serde_json::json!({ "diagnostics": diagnostics(&files, only.as_deref()) }))
}

/// What `export-catalog --web` writes for the draft: an object of file
/// name (`regions.json`, `catalog.<lang>.bin`, `catalog.<region>.<lang>.bin`)
/// to bytes; throws the loader's first error when it does not compile.
#[wasm_bindgen]
pub fn compile(files: &str) -> Result<js_sys::Object, JsError> {
    let files = files_of(files)?;
    let catalog = read_draft(&files).and_then(|s| studio::compile_sources(&s)).map_err(|e| JsError::new(&e))?;
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
    match read_draft(&files).and_then(|s| studio::compile_sources(&s)) {
        Ok(c) => to_json(&studio::vocabulary(&c)),
        Err(_) => to_json(&serde_json::json!({ "facts": [], "parameters": [], "standards": [], "functions": studio::functions() })),
    }
}

/// `{added, changed, removed}` provision ids as JSON.
#[wasm_bindgen(js_name = changeLog)]
pub fn change_log(old: &str, new: &str) -> Result<String, JsError> {
    to_json(&studio::change_log(&files_of(old)?, &files_of(new)?))
}
