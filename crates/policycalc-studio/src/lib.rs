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

/// `policycalc diff OLD NEW CASES.csv --format json` with the shipped files
/// as OLD and the draft as NEW: `csv` is the decoded text, `options` a JSON
/// object `{region, as_of, lang}` (each optional, as `batch`'s options).
/// Throws a file-level error of the CSV (message in English, as the CLI's),
/// or the loader's when a side does not compile.
#[wasm_bindgen]
pub fn diff(old: &str, new: &str, csv: &str, options: &str) -> Result<String, JsError> {
    to_json(&impact(&files_of(old)?, &files_of(new)?, csv, options).map_err(|e| JsError::new(&e))?)
}

/// [`diff`] natively (tests/studio.rs compares it with the CLI's).
pub fn impact(old: &Files, new: &Files, csv: &str, options: &str) -> Result<policycalc_batch::diff::Diff, String> {
    #[derive(serde::Deserialize)]
    struct Options {
        region: Option<String>,
        as_of: Option<String>,
        lang: Option<String>,
    }
    let o: Options = serde_json::from_str(options).map_err(|e| format!("options: {e}"))?;
    let as_of = match o.as_of.as_deref() {
        Some(text) => Some(policycalc_batch::parse_date(text).ok_or_else(|| format!("as of: `{text}` is not a real date YYYY-MM-DD"))?),
        None => None,
    };
    let lang = match o.lang.as_deref() {
        Some(code) => policycalc_core::Lang::parse(code).ok_or_else(|| format!("lang: unknown language `{code}`"))?,
        None => policycalc_core::Lang::ZhHans,
    };
    let compile = |files: &Files| read_draft(files).and_then(|s| studio::compile_sources(&s));
    let (before, after) = (compile(old)?, compile(new)?);
    let options = policycalc_batch::BatchOptions { region: o.region, as_of, lang, detailed: false };
    policycalc_batch::diff::diff(&before, &after, csv, options).map_err(|e| e.message(policycalc_core::Lang::En))
}

/// One case file's result in the studio: pass when no field differs.
#[derive(Debug, serde::Serialize)]
pub struct CaseResult {
    pub file: String,
    pub pass: bool,
    pub differences: Vec<policycalc_packs::cases::Difference>,
}

/// The case files `cases` (`{path: text}`, tests/cases format) run on the
/// draft `files` with tests/cases.rs's reader and checker (policycalc-packs'
/// `cases.rs`), in path order.
pub fn case_results(files: &Files, cases: &Files) -> Result<Vec<CaseResult>, String> {
    let catalog = read_draft(files).and_then(|s| studio::compile_sources(&s))?;
    Ok(cases
        .iter()
        .map(|(file, text)| {
            let differences = policycalc_packs::cases::run_case_text(&catalog, text).differences;
            CaseResult { file: file.clone(), pass: differences.is_empty(), differences }
        })
        .collect())
}

/// `[{file, pass, differences: [{field, expected, actual}]}]` as JSON for
/// the case files `cases` (a JSON object `{path: text}`) on the draft;
/// throws the loader's error when the draft does not compile.
#[wasm_bindgen(js_name = runCases)]
pub fn run_cases(files: &str, cases: &str) -> Result<String, JsError> {
    to_json(&case_results(&files_of(files)?, &files_of(cases)?).map_err(|e| JsError::new(&e))?)
}

/// A case file (TOML, tests/cases format) from the preview's answers (a
/// JSON object of fact ids to values) on the draft: the facts, and the
/// draft's result as its expectations (policycalc-packs' `case_from_answers`).
#[wasm_bindgen(js_name = caseFromAnswers)]
pub fn case_from_answers(files: &str, region: &str, as_of: &str, answers: &str) -> Result<String, JsError> {
    let files = files_of(files)?;
    let catalog = read_draft(&files).and_then(|s| studio::compile_sources(&s)).map_err(|e| JsError::new(&e))?;
    let answers: serde_json::Map<String, serde_json::Value> = serde_json::from_str(answers).map_err(|e| JsError::new(&format!("answers: {e}")))?;
    policycalc_packs::cases::case_from_answers(&catalog, region, as_of, &answers, "Saved from the policy studio's preview").map_err(|e| JsError::new(&e))
}
