//! `policycalc diff OLD NEW CASES.csv`: the native edge of policycalc-batch's
//! `diff` (which the policy studio's impact table runs too). Reads the two
//! pack directories (laid out as `policies/`: `facts.toml`, `national.toml`,
//! a pack per region, `local/*.toml`) and compiles each as the build does,
//! decodes the CSV as `batch` does, prints text, CSV or JSON.

use crate::args::{Failure, Parsed};
use crate::batch_cli;
use policycalc_batch::diff::{self, Diff};
use policycalc_batch::BatchOptions;
use policycalc_core::{Catalog, Lang};
use policycalc_packs::studio::{self, Files};
use std::io::Write;
use std::path::Path;

pub(crate) fn diff(a: &Parsed) -> Result<(), Failure> {
    let [old, new, cases] = a.operands.as_slice() else {
        return Err(Failure::Input("diff needs OLD NEW CASES.csv (see `policycalc diff --help`)".into()));
    };
    let format = a.get("format").unwrap_or("text");
    if !matches!(format, "text" | "csv" | "json") {
        return Err(Failure::Input(format!("--format: `{format}` is not text, csv or json")));
    }
    let lang = batch_cli::lang(a)?;
    let options = BatchOptions { region: a.get("region").map(str::to_string), as_of: Some(batch_cli::date(a)?), lang, detailed: false };
    let (before, after) = (catalog(old)?, catalog(new)?);
    let bytes = std::fs::read(cases).map_err(|e| Failure::Input(format!("{cases}: {e}")))?;
    let text = batch_cli::decode_all(&bytes).map_err(|e| match e {
        Failure::Input(m) => Failure::Input(format!("{cases}: {m}")),
        other => other,
    })?;
    let result: Diff = diff::diff(&before, &after, &text, options).map_err(|e| Failure::Input(format!("{cases}: {}", e.message(Lang::En))))?;
    let out = match format {
        "json" => serde_json::to_string_pretty(&result).map_err(|e| Failure::Internal(e.to_string()))? + "\n",
        "csv" => result.csv(),
        _ => result.text(lang),
    };
    // a reader that went away (`| head`) is not an error
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    Ok(())
}

/// The catalog the packs in `dir` compile to; errors name the file.
fn catalog(dir: &str) -> Result<Catalog, Failure> {
    let root = Path::new(dir);
    if !root.is_dir() {
        return Err(Failure::Input(format!("{dir}: not a directory of packs (laid out as policies/: facts.toml, national.toml, <region>.toml)")));
    }
    // keyed as the build names them; read under their own path, so errors name it
    let mut files = Files::new();
    let mut paths = std::collections::BTreeMap::new();
    for (sub, key) in [("", "policies/"), ("local", "policies/local/")] {
        let folder = root.join(sub);
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()).filter(|n| n.ends_with(".toml")) else { continue };
            let text = std::fs::read_to_string(&path).map_err(|e| Failure::Input(format!("{}: {e}", path.display())))?;
            // check-pack's one line for a syntax error (the loader's is a drawing)
            if let Err(e) = toml::from_str::<toml::Value>(&text) {
                return Err(Failure::Input(studio::syntax_problem(&path.display().to_string(), &text, &e).message));
            }
            files.insert(format!("{key}{name}"), text);
            paths.insert(format!("{key}{name}"), path.display().to_string());
        }
    }
    for needed in ["facts.toml", "national.toml"] {
        if !files.contains_key(&format!("policies/{needed}")) {
            return Err(Failure::Input(format!("{}: No such file or directory (a pack directory has the vocabulary and the national standards)", root.join(needed).display())));
        }
    }
    let read = studio::source_files_with(&files, &mut |key, text| {
        policycalc_packs::read_toml(paths.get(key).cloned().unwrap_or_else(|| key.to_string()), text)
    });
    read.and_then(|s| studio::compile_sources(&s)).map_err(Failure::Input)
}
