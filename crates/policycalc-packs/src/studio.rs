//! What `check-pack` and `export-catalog --web` do, on files handed in as
//! text (`{path: text}`): the CLI reads them from disk, the policy studio
//! (`crates/policycalc-studio`, www/studio.html) from the officer's draft.
//! One implementation, so the studio's messages and bytes are the CLI's.

use crate::{attach_local, check_file, from_files, read_toml, FileJson, SourceFiles};
use policycalc_core::error::PackError;
use policycalc_core::lang::{Lang, Text};
use policycalc_core::Catalog;
use std::collections::BTreeMap;

/// The draft: repo paths (`policies/<region>.toml`, `policies/facts.toml`,
/// `policies/national.toml`, `policies/local/<region>.toml`,
/// `policies/sources/<seed>`) to their text. Sorted, as the build reads them.
pub type Files = BTreeMap<String, String>;

/// One problem `check-pack` reports, with where it is.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// The file the problem is in (a vocabulary checked against the packs
    /// may find a fault in a pack).
    pub file: String,
    /// `check-pack`'s message, without `error: `.
    pub message: String,
    /// `toml_syntax`, `quote_not_in_source`, `source_unreadable` or `pack_invalid`
    /// (the loader's errors carry no finer kind).
    pub code: &'static str,
    /// Byte offset in the file: the TOML error's span, or the value of the
    /// named field located in the provision's table (see [`locate`]).
    pub offset: Option<usize>,
    pub provision: Option<String>,
    pub field: String,
}

/// `check-pack FILE` on `text`, with the embedded files replaced by
/// `embedded`; `source` reads a quoted document by the path check-pack
/// names (`<dir of FILE>/sources/<seed>`). The summary line, or every
/// problem: the loader's (every one of a region pack, see
/// `compile_region_all`), then every quote not found in its document.
pub fn check_text(path: &str, text: &str, embedded: &SourceFiles, source: &dyn Fn(&str) -> Result<String, String>) -> Result<String, Vec<Problem>> {
    let value: toml::Value = toml::from_str(text).map_err(|e| vec![syntax_problem(path, text, &e)])?;
    let plain = |message: String| vec![Problem { file: path.into(), message, code: "pack_invalid", offset: None, provision: None, field: String::new() }];
    let json = serde_json::to_value(value).map_err(|e| plain(format!("{path}: {e}")))?;
    let checked = check_file(path, &json, embedded).map_err(|errors| {
        errors
            .into_iter()
            .map(|e| {
                let provision = e.item.clone().filter(|i| !i.starts_with("region "));
                // the offset is only meaningful in this file's text
                let offset = if e.file == path { locate(text, &e) } else { None };
                Problem { message: e.to_string(), code: "pack_invalid", offset, provision, field: e.field.clone(), file: e.file }
            })
            .collect::<Vec<_>>()
    });
    let quotes = if json.get("region").is_some() { check_quotes(path, text, &json, source) } else { Vec::new() };
    match checked {
        Ok(summary) if quotes.is_empty() => Ok(summary),
        Ok(_) => Err(quotes),
        Err(mut problems) => {
            // a pack that does not load is often a copy away from its
            // sources/: its quotes are checked only where the text is there,
            // and only of provisions the loader accepted
            let rejected: Vec<Option<String>> = problems.iter().map(|p| p.provision.clone()).collect();
            problems.extend(quotes.into_iter().filter(|q| q.code != "source_unreadable" && !rejected.contains(&q.provision)));
            Err(problems)
        }
    }
}

/// A TOML syntax error as check-pack words it: one line, with line and column.
pub fn syntax_problem(path: &str, text: &str, e: &toml::de::Error) -> Problem {
    let offset = e.span().map(|s| s.start);
    let (line, column) = offset.map_or((0, 0), |o| line_column(text, o));
    let message = e.message().lines().next().unwrap_or("invalid TOML").to_string();
    Problem { file: path.into(), message: format!("{path}: line {line}, column {column}: {message}"), code: "toml_syntax", offset, provision: None, field: String::new() }
}

/// Every quote not found verbatim in its document's source file (as `check-pack`).
fn check_quotes(path: &str, text: &str, pack: &serde_json::Value, source: &dyn Fn(&str) -> Result<String, String>) -> Vec<Problem> {
    let get = |v: Option<&serde_json::Value>, key: &str| v.and_then(|v| v.get(key)).and_then(|v| v.as_str()).map(str::to_string);
    let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
    let documents = pack.get("documents").and_then(|d| d.as_array()).map(Vec::as_slice).unwrap_or_default();
    let mut out = Vec::new();
    // a source file that cannot be read is said once, at its first quote
    let mut unreadable: Vec<String> = Vec::new();
    for p in pack.get("provisions").and_then(|p| p.as_array()).into_iter().flatten() {
        let id = get(Some(p), "id").unwrap_or_default();
        let (Some(document), Some(quote)) = (get(p.get("source"), "document"), get(p.get("source"), "quote")) else { continue };
        let seed = documents.iter().find(|d| get(Some(d), "id").as_deref() == Some(&document)).and_then(|d| get(Some(d), "seed"));
        let Some(seed) = seed else { continue };
        let file = if dir.is_empty() { format!("sources/{seed}") } else { format!("{dir}/sources/{seed}") };
        let error = PackError { file: path.into(), item: Some(id.clone()), field: "source.quote".into(), message: String::new() };
        let fail = |code: &'static str, problem: String| Problem {
            file: path.into(),
            message: format!("{path}: `{id}`: field `source.quote`: {problem}"),
            code,
            offset: locate(text, &error),
            provision: Some(id.clone()),
            field: "source.quote".into(),
        };
        if unreadable.contains(&file) {
            continue;
        }
        match source(&file) {
            Err(e) => {
                out.push(fail("source_unreadable", format!("cannot read the source document {file}: {e}")));
                unreadable.push(file);
            }
            Ok(body) if !body.contains(&quote) => out.push(fail("quote_not_in_source", format!("not found verbatim in {file}"))),
            Ok(_) => {}
        }
    }
    out
}

/// Where an error's field is: the line `id = "<item>"` opens the table
/// (provision, parameter, document...), then the first line of that table
/// assigning the field's first key; the offset is of its value (of the
/// nested key's value for `source.quote` written inline), plus the rule's
/// "at character N" when the message has one. A text search, not a TOML
/// parse: exact for the packs' one-key-per-line layout; `None` when not found.
pub fn locate(text: &str, e: &PackError) -> Option<usize> {
    let item = e.item.as_deref()?;
    let item = item.strip_prefix("region ").unwrap_or(item);
    let opening = format!("\"{item}\"");
    let mut offset = 0usize;
    let mut start = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if start.is_none() {
            if trimmed.starts_with("id") && trimmed.trim_end().ends_with(&opening) {
                start = Some(offset);
            }
        } else if trimmed.starts_with("[") {
            break;
        } else if let Some(at) = value_in_line(line, &e.field) {
            let at = offset.checked_add(at)?;
            return Some(at.saturating_add(character_offset(&e.message, text.get(at..).unwrap_or_default())));
        }
        offset = offset.checked_add(line.len())?;
    }
    start.map(|s| s.saturating_add(indent_of(text.get(s..).unwrap_or_default())))
}

/// The byte offset in `line` of the value of `field` (`a.b`: key `a`, then `b =` inside it).
fn value_in_line(line: &str, field: &str) -> Option<usize> {
    let mut keys = field.split(['.', '[']);
    let first = keys.next()?;
    let rest = line.trim_start();
    let after = rest.strip_prefix(first)?;
    let eq = after.trim_start().strip_prefix('=')?;
    let mut at = line.len().checked_sub(eq.len())?;
    let mut value = eq;
    if let Some(key) = keys.next().filter(|k| !k.is_empty() && !k.ends_with(']')) {
        let pos = find_key(value, key)?;
        let inner = value.get(pos..)?.strip_prefix(key)?.trim_start().strip_prefix('=')?;
        at = at.checked_add(value.len().checked_sub(inner.len())?)?;
        value = inner;
    }
    at.checked_add(indent_of(value))
}

/// Bytes of leading white space.
fn indent_of(text: &str) -> usize {
    text.len().saturating_sub(text.trim_start().len())
}

/// `key` as a key (preceded by `{`, `,` or space) in an inline table's text.
fn find_key(text: &str, key: &str) -> Option<usize> {
    text.match_indices(key).map(|(i, _)| i).find(|&i| {
        let before = text.get(..i).and_then(|b| b.chars().last());
        let after = text.get(i..).and_then(|t| t.get(key.len()..)).map(str::trim_start);
        matches!(before, Some('{' | ',' | ' ')) && after.is_some_and(|a| a.starts_with('='))
    })
}

/// A rule error's "(at character N)": N characters into the string value
/// (after its opening quote), in bytes of `value`.
fn character_offset(message: &str, value: &str) -> usize {
    let Some(n) = message.rsplit_once("at character ").and_then(|(_, n)| n.split(|c: char| !c.is_ascii_digit()).next()?.parse::<usize>().ok()) else {
        return 0;
    };
    let body = value.strip_prefix('"').unwrap_or(value);
    let skip = n.saturating_sub(1);
    let inner = body.char_indices().nth(skip).map_or(body.len(), |(i, _)| i);
    inner.saturating_add(value.len().saturating_sub(body.len()))
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    // Counts of a file's lines and characters are far below usize::MAX.
    let line = before.matches('\n').count().saturating_add(1);
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()).saturating_add(1);
    (line, column)
}

fn is_pack(path: &str) -> bool {
    path.strip_prefix("policies/").is_some_and(|rest| !rest.contains('/') && rest.ends_with(".toml"))
}

/// The files as the build script reads them: vocabulary, standards, region
/// packs and local files, TOML read with the scripts derived.
pub fn source_files(files: &Files) -> Result<SourceFiles, String> {
    source_files_with(files, &mut |path, text| read_toml(path.to_string(), text))
}

/// [`source_files`] with the reading of one file handed in (the studio's
/// module keeps the files it read, since deriving the scripts of every
/// pack on each keystroke is most of a check's time).
pub fn source_files_with(files: &Files, read_file: &mut dyn FnMut(&str, &str) -> Result<FileJson, String>) -> Result<SourceFiles, String> {
    let (mut vocabulary, mut standards, mut regions, mut local) = (None, None, Vec::new(), Vec::new());
    for (path, text) in files {
        let mut read = || read_file(path, text);
        match path.as_str() {
            "policies/facts.toml" => vocabulary = Some(read()?),
            "policies/national.toml" => standards = Some(read()?),
            p if is_pack(p) => regions.push(read()?),
            p if p.starts_with("policies/local/") && p.ends_with(".toml") => local.push(read()?),
            _ => {}
        }
    }
    let vocabulary = vocabulary.ok_or("policies/facts.toml is missing")?;
    let standards = standards.ok_or("policies/national.toml is missing")?;
    Ok(SourceFiles { vocabulary, standards, regions, local })
}

/// `check-pack` on the pack files of the draft named by `only` (every one
/// when `None`: vocabulary, standards, region packs, local files), each in
/// place of its shipped form, against the whole draft: every problem of a
/// region pack, the first of the other files; a problem the check finds in
/// another file (a vocabulary change breaking a pack) is that file's.
pub fn check_files(files: &Files, only: Option<&[String]>) -> Vec<(String, Problem)> {
    check_files_with(files, source_files(files), only)
}

/// [`check_files`] on the draft already read by [`source_files_with`].
pub fn check_files_with(files: &Files, read: Result<SourceFiles, String>, only: Option<&[String]>) -> Vec<(String, Problem)> {
    let embedded = match read {
        Ok(e) => e,
        // a file that is not TOML: its own check below says where
        Err(message) => {
            let mut out = check_each(files, None, only);
            if out.is_empty() {
                let file = message.split_once(": ").map_or("policies", |(f, _)| f).to_string();
                out.push((file.clone(), Problem { file, message, code: "pack_invalid", offset: None, provision: None, field: String::new() }));
            }
            return out;
        }
    };
    check_each(files, Some(&embedded), only)
}

fn check_each(files: &Files, embedded: Option<&SourceFiles>, only: Option<&[String]>) -> Vec<(String, Problem)> {
    let source = |p: &str| files.get(p).cloned().ok_or_else(|| "No such file or directory (os error 2)".to_string());
    let mut out: Vec<(String, Problem)> = Vec::new();
    for (path, text) in files {
        if !path.starts_with("policies/") || !path.ends_with(".toml") || only.is_some_and(|o| !o.contains(path)) {
            continue;
        }
        let problems = match embedded {
            Some(e) => check_text(path, text, e, &source).err().unwrap_or_default(),
            None => match toml::from_str::<toml::Value>(text) {
                Ok(_) => Vec::new(),
                Err(_) => check_text(path, text, &empty(), &source).err().unwrap_or_else(|| vec![unreadable(path)]),
            },
        };
        // a file's own check says where in it; another file's check cannot
        // (a vocabulary change breaking a pack is that pack's first problem)
        let (own, others): (Vec<Problem>, Vec<Problem>) = problems.into_iter().partition(|p| p.file == *path);
        if !own.is_empty() {
            out.retain(|(f, _)| f != path);
            out.extend(own.into_iter().map(|p| (path.clone(), p)));
        }
        for problem in others {
            if !out.iter().any(|(f, _)| *f == problem.file) {
                out.push((problem.file.clone(), problem));
            }
        }
    }
    out
}

fn empty() -> SourceFiles {
    let blank = || FileJson { file: String::new(), data: serde_json::Value::Null };
    SourceFiles { vocabulary: blank(), standards: blank(), regions: Vec::new(), local: Vec::new() }
}

fn unreadable(path: &str) -> Problem {
    Problem { file: path.into(), message: format!("{path}: not TOML"), code: "toml_syntax", offset: None, provision: None, field: String::new() }
}

/// The catalog the build compiles from these files (packs and local information).
pub fn compile_files(files: &Files) -> Result<Catalog, String> {
    compile_sources(&source_files(files)?)
}

/// [`compile_files`] on the draft already read.
pub fn compile_sources(s: &SourceFiles) -> Result<Catalog, String> {
    let mut catalog = from_files(&s.vocabulary, &s.standards, &s.regions).map_err(|e| e.to_string())?;
    attach_local(&mut catalog, &s.local).map_err(|e| e.to_string())?;
    Ok(catalog)
}

/// Everything `export-catalog --web` writes, as (file name, bytes):
/// `regions.json` (the region choice, names in every language, shown before
/// any catalog is loaded), `catalog.<lang>.bin` (every region: the CSV batch
/// page) and `catalog.<region>.<lang>.bin` (what the calculator loads once
/// the region is known).
pub fn web_files(catalog: &Catalog) -> Result<Vec<(String, Vec<u8>)>, PackError> {
    let texts = |t: &Text| -> serde_json::Map<String, serde_json::Value> { Lang::ALL.iter().map(|l| (l.code().to_string(), t.get(*l).into())).collect() };
    let index: Vec<serde_json::Value> = catalog
        .regions
        .iter()
        .filter(|r| r.selectable)
        .map(|r| {
            // the first screen names the documents (a region's own and those
            // it inherits: Dandong carries Liaoning's) before any catalog loads
            let documents: Vec<serde_json::Value> = r
                .documents
                .iter()
                .map(|d| {
                    serde_json::json!({
                        "title": texts(&d.title),
                        "number": d.number,
                        "issuer": texts(&d.issuer),
                        "published": d.published.map(|p| p.to_string()),
                    })
                })
                .collect();
            // the first question (the role) in every language, so that a page
            // whose region is fixed draws it before the core and catalog load
            let role = catalog.vocab.fact(catalog.vocab.role_fact);
            let role_question = serde_json::json!({
                "question": texts(&role.question),
                "help": texts(&role.help),
                "questions_left": questions_left(catalog, r),
                "values": catalog.region_roles(r).iter().map(|v| serde_json::json!({ "id": v.id, "label": texts(&v.label) })).collect::<Vec<_>>(),
            });
            serde_json::json!({
                "id": r.id,
                "name": texts(&r.name),
                "role_question": role_question,
                "province": r.province.as_ref().map(texts),
                "documents": documents,
                "extends": r.extends,
                "roles": catalog.region_roles(r).iter().map(|role| role.id.as_str()).collect::<Vec<_>>(),
                "provisions": r.provisions.len(),
            })
        })
        .collect();
    let internal = |message: String| PackError { file: "regions.json".into(), item: None, field: String::new(), message };
    let text = serde_json::to_string(&index).map_err(|e| internal(e.to_string()))?;
    let mut out = vec![("regions.json".to_string(), format!("{text}\n").into_bytes())];
    for lang in Lang::ALL {
        let one_language = catalog.clone().for_language(lang);
        out.push((format!("catalog.{}.bin", lang.code()), crate::encode(&one_language)));
        for region in catalog.regions.iter().filter(|r| r.selectable) {
            let bytes = crate::encode(&one_language.clone().for_region(&region.id).map_err(|e| internal(e.to_string()))?);
            out.push((format!("catalog.{}.{}.bin", region.id, lang.code()), bytes));
        }
    }
    Ok(out)
}

/// The role question's "about N questions left" before anything is
/// answered, as the element counts it (www/pc-element.js: the distinct facts
/// the undetermined provisions wait for, no judged one, the role included),
/// on each as-of date it can change (a parameter value's start and the day
/// after its end): `[[from, n], …]`, the first from the calendar's start.
fn questions_left(catalog: &Catalog, region: &policycalc_core::pack::Region) -> Vec<(String, usize)> {
    let vocab = &catalog.vocab;
    let facts = policycalc_core::Facts::empty(vocab);
    let mut dates: Vec<policycalc_core::Date> = region
        .parameters
        .iter()
        .flat_map(|p| p.values.iter())
        .flat_map(|v| [Some(v.from), v.until.and_then(policycalc_core::Date::next_day)])
        .flatten()
        .collect();
    dates.extend(policycalc_core::Date::from_ymd(policycalc_core::date::MIN_YEAR, 1, 1));
    dates.sort();
    dates.dedup();
    let mut windows: Vec<(String, usize)> = Vec::new();
    for as_of in dates {
        let evaluation = policycalc_core::engine::evaluate(vocab, region, &facts, as_of);
        let mut left = policycalc_core::expr::FactSet::single(vocab.role_fact);
        for o in evaluation.outcomes.iter().filter(|o| o.status == policycalc_core::Status::Undetermined) {
            for f in o.missing.iter().filter(|f| !vocab.is_judged(*f)) {
                left.insert(f);
            }
        }
        if windows.last().map(|(_, n)| *n) != Some(left.len()) {
            windows.push((as_of.to_string(), left.len()));
        }
    }
    windows
}

/// The rule language's function names, from the core's one table (`Func::ALL`).
pub fn functions() -> Vec<&'static str> {
    policycalc_core::expr::Func::ALL.iter().map(|f| f.name()).collect()
}

/// The names the editor completes: fact ids (asked and derived), parameter
/// ids of every region, national standard ids, functions.
#[derive(serde::Serialize)]
pub struct Names {
    pub facts: Vec<String>,
    pub parameters: Vec<String>,
    pub standards: Vec<String>,
    pub functions: Vec<&'static str>,
}

pub fn vocabulary(catalog: &Catalog) -> Names {
    let mut parameters: Vec<String> = catalog.regions.iter().flat_map(|r| r.parameters.iter().map(|p| p.id.clone())).collect();
    parameters.sort();
    parameters.dedup();
    Names {
        facts: catalog.vocab.facts.iter().map(|f| f.id.clone()).chain(catalog.vocab.derived.iter().map(|d| d.id.clone())).collect(),
        parameters,
        standards: catalog.standards.iter().map(|s| s.id.clone()).collect(),
        functions: functions(),
    }
}

/// Provisions added, changed (their TOML tables differ) and removed, by id.
#[derive(Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ChangeLog {
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub removed: Vec<String>,
}

pub fn change_log(old: &Files, new: &Files) -> ChangeLog {
    let provisions = |files: &Files| -> BTreeMap<String, toml::Value> {
        let tables = files.iter().filter(|(p, _)| is_pack(p)).filter_map(|(_, t)| toml::from_str::<toml::Value>(t).ok());
        let list = tables.filter_map(|v| v.get("provisions").and_then(|p| p.as_array()).cloned()).flatten();
        list.filter_map(|p| Some((p.get("id")?.as_str()?.to_string(), p))).collect()
    };
    let (before, after) = (provisions(old), provisions(new));
    ChangeLog {
        added: after.keys().filter(|id| !before.contains_key(*id)).cloned().collect(),
        changed: after.iter().filter(|(id, p)| before.get(*id).is_some_and(|q| q != *p)).map(|(id, _)| id.clone()).collect(),
        removed: before.keys().filter(|id| !after.contains_key(*id)).cloned().collect(),
    }
}
