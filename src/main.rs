//! `policycalc`, the native edge: reads files and stdin, reads the clock for a
//! default as-of date, prints JSON or text. Exit codes: 0 success, 2 bad
//! input (one line naming the field and value), 1 internal error.

// No panics across the boundary: the core and both edges report typed
// errors instead (ARCHITECTURE.md, invariants). Tests may unwrap.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

use policycalc::interview::{self, Question};
use policycalc::report::{self, phrase, Phrase, Report};
use policycalc::vocab::FactType;
use policycalc::{engine, Catalog, Date, Facts, InputError, Lang, Status};
use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

mod batch_cli;

const USAGE: &str = "\
policycalc: employment-policy benefits from the published documents

USAGE:
  policycalc regions [--lang L] [--format json|text]
  policycalc facts [--lang L] [--format json|text]
  policycalc evaluate --region R [--as-of YYYY-MM-DD] [--lang L] [--format json|text] [FILE|-]
  policycalc next-question --region R [--as-of YYYY-MM-DD] [--lang L] [--format json|text] [FILE|-]
  policycalc interview-stats [--region R] [--as-of YYYY-MM-DD] [--format json|text]
  policycalc check-pack FILE
  policycalc export-catalog --lang L [--region R] -o FILE   (a compiled catalog for one language [and region])
  policycalc export-catalog --web DIR   (every file the browser app fetches: regions.json and the catalogs)
  policycalc batch [--region R] [--as-of D] [--lang L] [--encoding auto|utf-8|gb18030] IN.csv [-o OUT.csv] [--summary SUMMARY.csv]
  policycalc template [--lang L] [--region R] [--as-of D] [-o FILE]   (CSV header + example row for batch)

FILE is a JSON object of facts, e.g. {\"role\": \"startup\", \"insured_employees\": 3};
without FILE (or with -) it is read from standard input. L is zh-Hans (default),
zh-Hant or en. --as-of defaults to today's date.";

/// Writes to stdout; a reader that went away (`policycalc facts | head`) is
/// not an error worth a panic.
macro_rules! say {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Input(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Internal(message)) => {
            eprintln!("internal error: {message}");
            ExitCode::from(1)
        }
    }
}

enum Failure {
    Input(String),
    Internal(String),
}

impl From<InputError> for Failure {
    fn from(e: InputError) -> Failure {
        Failure::Input(e.to_string())
    }
}

#[derive(Default)]
struct Options {
    region: Option<String>,
    as_of: Option<String>,
    lang: Option<String>,
    format: Option<String>,
    file: Option<String>,
}

fn parse_options(args: &[String]) -> Result<Options, Failure> {
    let mut o = Options::default();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| -> Result<String, Failure> {
            args.next().cloned().ok_or_else(|| Failure::Input(format!("{name} needs a value")))
        };
        match arg.as_str() {
            "--region" => o.region = Some(value("--region")?),
            "--as-of" => o.as_of = Some(value("--as-of")?),
            "--lang" => o.lang = Some(value("--lang")?),
            "--format" => o.format = Some(value("--format")?),
            "-" => o.file = Some("-".into()),
            flag if flag.starts_with("--") => return Err(Failure::Input(format!("unknown option `{flag}` (see `policycalc --help`)"))),
            file if o.file.is_none() => o.file = Some(file.to_string()),
            extra => return Err(Failure::Input(format!("unexpected argument `{extra}`"))),
        }
    }
    Ok(o)
}

impl Options {
    fn lang(&self) -> Result<Lang, Failure> {
        match &self.lang {
            None => Ok(Lang::ZhHans),
            Some(l) => Lang::parse(l).ok_or_else(|| InputError::UnknownLanguage { value: l.clone() }.into()),
        }
    }
    fn text(&self) -> Result<bool, Failure> {
        match self.format.as_deref() {
            None | Some("json") => Ok(false),
            Some("text") => Ok(true),
            Some(other) => Err(Failure::Input(format!("--format: `{other}` is not json or text"))),
        }
    }
    fn as_of(&self) -> Result<Date, Failure> {
        match &self.as_of {
            Some(text) => Date::parse(text)
                .ok_or_else(|| InputError::BadDate { field: "--as-of".into(), value: text.clone() }.into()),
            None => today(),
        }
    }
    fn region<'c>(&self, catalog: &'c Catalog) -> Result<&'c policycalc::pack::Region, Failure> {
        let id = self.region.as_deref().ok_or_else(|| Failure::Input("--region is required (see `policycalc regions`)".into()))?;
        Ok(catalog.region(id)?)
    }
    fn facts(&self, catalog: &Catalog) -> Result<Facts, Failure> {
        let text = match self.file.as_deref() {
            None | Some("-") => {
                let mut s = String::new();
                std::io::stdin().read_to_string(&mut s).map_err(|e| Failure::Input(format!("standard input: {e}")))?;
                s
            }
            Some(path) => std::fs::read_to_string(path).map_err(|e| Failure::Input(format!("{path}: {e}")))?,
        };
        Ok(Facts::from_json_text(&catalog.vocab, &text)?)
    }
}

/// Today's date (UTC) from the system clock: only the CLI reads a clock.
fn today() -> Result<Date, Failure> {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    civil_from_days(secs / 86_400).ok_or_else(|| {
        Failure::Input(format!("the system clock ({secs} s since 1970) is outside 1900-2200; pass --as-of YYYY-MM-DD"))
    })
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
// `days` is at most u64::MAX / 86,400 (< 2^48), so no step comes near the
// i64 range; divisors are non-zero constants. Tested at the extremes below.
#[allow(clippy::arithmetic_side_effects)]
fn civil_from_days(days: u64) -> Option<Date> {
    let days = i64::try_from(days).ok().filter(|d| *d <= (u64::MAX / 86_400) as i64)?;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Date::from_ymd(i32::try_from(year).ok()?, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

fn print_json<T: serde::Serialize>(value: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value).map_err(|e| Failure::Internal(e.to_string()))?;
    say!("{text}");
    Ok(())
}

fn run(args: &[String]) -> Result<(), Failure> {
    let Some(command) = args.first() else {
        say!("{USAGE}");
        return Ok(());
    };
    let rest = args.get(1..).unwrap_or_default();
    if matches!(command.as_str(), "-h" | "--help" | "help") {
        say!("{USAGE}");
        return Ok(());
    }
    let catalog = Catalog::embedded().map_err(|e| Failure::Internal(e.to_string()))?;
    match command.as_str() {
        "regions" => regions(&catalog, &parse_options(rest)?),
        "facts" => facts(&catalog, &parse_options(rest)?),
        "evaluate" => evaluate(&catalog, &parse_options(rest)?),
        "next-question" => next_question(&catalog, &parse_options(rest)?),
        "interview-stats" => interview_stats(&catalog, &parse_options(rest)?),
        "check-pack" => check_pack(rest),
        "export-catalog" => export_catalog(catalog, rest),
        "batch" | "template" => batch_command(command, &catalog, rest),
        other => Err(Failure::Input(format!("unknown command `{other}` (see `policycalc --help`)"))),
    }
}

/// `batch` and `template` live in src/batch_cli.rs; exit 2 when rows were rejected.
fn batch_command(command: &str, catalog: &Catalog, rest: &[String]) -> Result<(), Failure> {
    // The clock matters only without --as-of, so its error waits until then.
    let today = today().map_err(|e| match e {
        Failure::Input(m) | Failure::Internal(m) => m,
    });
    let result = match command {
        "batch" => batch_cli::batch(catalog, rest, today),
        _ => batch_cli::template(catalog, rest, today),
    };
    result.map_err(|e| match e {
        batch_cli::Fail::Input(m) => Failure::Input(m),
        batch_cli::Fail::Internal(m) => Failure::Internal(m),
    })
}

fn regions(catalog: &Catalog, o: &Options) -> Result<(), Failure> {
    let lang = o.lang()?;
    let list: Vec<serde_json::Value> = catalog
        .regions
        .iter()
        .filter(|r| r.selectable)
        .map(|r| {
            serde_json::json!({
                "id": r.id,
                "name": r.name.get(lang),
                "extends": r.extends,
                "provisions": r.provisions.len(),
                "documents": r.documents.iter().map(|d| serde_json::json!({"id": d.id, "title": d.title.get(lang), "number": d.number})).collect::<Vec<_>>(),
            })
        })
        .collect();
    if o.text()? {
        for r in catalog.regions.iter().filter(|r| r.selectable) {
            say!("{:<20} {:<12} {} provisions", r.id, r.name.get(lang), r.provisions.len());
        }
        Ok(())
    } else {
        print_json(&list)
    }
}

fn facts(catalog: &Catalog, o: &Options) -> Result<(), Failure> {
    let lang = o.lang()?;
    let v = &catalog.vocab;
    let roles = |ids: &[u16]| -> Vec<String> { ids.iter().filter_map(|r| Some(v.roles().get(usize::from(*r))?.id.clone())).collect() };
    let facts: Vec<serde_json::Value> = v
        .facts
        .iter()
        .map(|f| {
            serde_json::json!({
                "id": f.id,
                "type": f.ty,
                "roles": roles(&f.roles),
                "label": f.label.get(lang),
                "question": f.question.get(lang),
                "help": f.help.get(lang),
                "unit": f.unit.as_ref().map(|u| u.get(lang)),
                "min": f.min, "max": f.max,
                "values": f.values.iter().map(|e| serde_json::json!({"id": e.id, "label": e.label.get(lang)})).collect::<Vec<_>>(),
                "changeable": f.changeable,
                "asked_only_if": f.ask_if.is_some(),
                "judged_by": f.judged_by.as_ref().map(|j| j.get(lang)),
            })
        })
        .collect();
    let derived: Vec<serde_json::Value> = v
        .derived
        .iter()
        .map(|d| serde_json::json!({"id": d.id, "label": d.label.get(lang), "definition": d.definition_text, "source": d.source}))
        .collect();
    if o.text()? {
        for f in &v.facts {
            let ty = match f.ty {
                FactType::Enum => format!("enum: {}", f.values.iter().map(|e| e.id.as_str()).collect::<Vec<_>>().join("|")),
                other => format!("{other:?}").to_lowercase(),
            };
            match &f.judged_by {
                // Never asked: whoever holds the decision supplies it.
                Some(j) => say!("{:<38} {:<30} {} [{} {}]", f.id, ty, f.question.get(lang), phrase(lang, Phrase::JudgedByLabel), j.get(lang)),
                None => say!("{:<38} {:<30} {}", f.id, ty, f.question.get(lang)),
            }
        }
        say!("\nderived (computed, never asked):");
        for d in &v.derived {
            say!("{:<38} = {}", d.id, d.definition_text);
        }
        Ok(())
    } else {
        print_json(&serde_json::json!({ "facts": facts, "derived": derived }))
    }
}

fn evaluate(catalog: &Catalog, o: &Options) -> Result<(), Failure> {
    let (lang, text, as_of) = (o.lang()?, o.text()?, o.as_of()?);
    let region = o.region(catalog)?;
    let facts = o.facts(catalog)?;
    let evaluation = engine::evaluate(&catalog.vocab, region, &facts, as_of);
    let report = report::build(catalog, region, &facts, &evaluation, lang);
    if text {
        print_text(&report, lang);
        Ok(())
    } else {
        print_json(&report)
    }
}

fn question_json(catalog: &Catalog, q: &Question, lang: Lang) -> serde_json::Value {
    let f = catalog.vocab.fact(q.fact);
    serde_json::json!({
        "fact": f.id,
        "type": f.ty,
        "label": f.label.get(lang),
        "question": f.question.get(lang),
        "help": f.help.get(lang),
        "unit": f.unit.as_ref().map(|u| u.get(lang)),
        "min": f.min, "max": f.max,
        "values": f.values.iter().map(|e| serde_json::json!({"id": e.id, "label": e.label.get(lang)})).collect::<Vec<_>>(),
        "open_provisions": q.open_provisions,
        "total_open": q.total_open,
    })
}

fn next_question(catalog: &Catalog, o: &Options) -> Result<(), Failure> {
    let (lang, text, as_of) = (o.lang()?, o.text()?, o.as_of()?);
    let region = o.region(catalog)?;
    let facts = o.facts(catalog)?;
    let q = interview::next_question(&catalog.vocab, region, &facts, as_of);
    if text {
        match &q {
            Some(q) => {
                let f = catalog.vocab.fact(q.fact);
                say!("{} ({})\n  {}", f.question.get(lang), f.id, f.help.get(lang));
                for v in &f.values {
                    say!("  - {}: {}", v.id, v.label.get(lang));
                }
            }
            None => say!("{}", if lang == Lang::En { "No more questions: evaluate now." } else { "没有更多问题，可以查看结果。" }),
        }
        Ok(())
    } else {
        print_json(&serde_json::json!({ "question": q.map(|q| question_json(catalog, &q, lang)) }))
    }
}

fn interview_stats(catalog: &Catalog, o: &Options) -> Result<(), Failure> {
    let as_of = o.as_of()?;
    let text = o.text()?;
    let regions: Vec<_> = match &o.region {
        Some(_) => vec![o.region(catalog)?],
        None => catalog.regions.iter().filter(|r| r.selectable).collect(),
    };
    let mut rows = Vec::new();
    for region in regions {
        for (role_index, role) in catalog.vocab.roles().iter().enumerate() {
            if !region.provisions.iter().any(|p| p.roles.contains(&(role_index as u16))) {
                continue;
            }
            let s = interview::interview_stats(&catalog.vocab, region, role_index as u16, as_of);
            if text {
                say!(
                    "{:<18} {:<13} max {:>2}  mean {:>5}  ({} interviews{}){}",
                    region.id,
                    role.id,
                    s.max_questions,
                    s.mean_questions,
                    s.interviews,
                    if s.exhaustive { "" } else { ", sampled" },
                    if s.stuck.is_empty() { String::new() } else { format!("  STUCK: {}", s.stuck.join(", ")) }
                );
            }
            rows.push(serde_json::json!({
                "region": region.id, "role": s.role, "max_questions": s.max_questions,
                "mean_questions": s.mean_questions, "interviews": s.interviews,
                "exhaustive": s.exhaustive, "stuck": s.stuck,
            }));
        }
    }
    if text {
        Ok(())
    } else {
        print_json(&rows)
    }
}

fn check_pack(rest: &[String]) -> Result<(), Failure> {
    let [path] = rest else {
        return Err(Failure::Input("check-pack needs exactly one FILE".into()));
    };
    let text = std::fs::read_to_string(path).map_err(|e| Failure::Input(format!("{path}: {e}")))?;
    let value: toml::Value = toml::from_str(&text).map_err(|e| {
        let (line, column) = e.span().map_or((0, 0), |span| line_column(&text, span.start));
        let message = e.message().lines().next().unwrap_or("invalid TOML").to_string();
        Failure::Input(format!("{path}: line {line}, column {column}: {message}"))
    })?;
    let json = serde_json::to_value(value).map_err(|e| Failure::Input(format!("{path}: {e}")))?;
    let embedded = Catalog::embedded_files().map_err(|e| Failure::Internal(e.to_string()))?;
    let summary = Catalog::check_file(path, &json, &embedded).map_err(|e| Failure::Input(e.to_string()))?;
    if json.get("region").is_some() {
        check_quotes(path, &json)?;
    }
    say!("{path}: ok: {summary}");
    Ok(())
}

/// Every quote of a region pack appears verbatim in its source document,
/// `sources/<seed>` beside the pack (as tests/provenance.rs checks the
/// embedded packs). Runs on a pack that compiled, so ids and seeds are valid.
fn check_quotes(path: &str, pack: &serde_json::Value) -> Result<(), Failure> {
    let text = |v: Option<&serde_json::Value>, key: &str| v.and_then(|v| v.get(key)).and_then(|v| v.as_str()).map(str::to_string);
    let dir = std::path::Path::new(path).parent().unwrap_or(std::path::Path::new("."));
    let documents = pack.get("documents").and_then(|d| d.as_array()).map(Vec::as_slice).unwrap_or_default();
    for p in pack.get("provisions").and_then(|p| p.as_array()).into_iter().flatten() {
        let id = text(Some(p), "id").unwrap_or_default();
        let (Some(document), Some(quote)) = (text(p.get("source"), "document"), text(p.get("source"), "quote")) else { continue };
        let seed = documents.iter().find(|d| text(Some(d), "id").as_deref() == Some(&document)).and_then(|d| text(Some(d), "seed"));
        let Some(seed) = seed else { continue };
        let file = dir.join("sources").join(&seed);
        let fail = |problem: String| Failure::Input(format!("{path}: `{id}`: field `source.quote`: {problem}"));
        let source = std::fs::read_to_string(&file).map_err(|e| fail(format!("cannot read the source document {}: {e}", file.display())))?;
        if !source.contains(&quote) {
            return Err(fail(format!("not found verbatim in {}", file.display())));
        }
    }
    Ok(())
}

/// 1-based line and column of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    // Counts of a file's lines and characters are far below usize::MAX.
    let line = before.matches('\n').count().saturating_add(1);
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()).saturating_add(1);
    (line, column)
}

fn export_catalog(catalog: Catalog, rest: &[String]) -> Result<(), Failure> {
    let (mut lang, mut region, mut out, mut web) = (None, None, None, None);
    let mut args = rest.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--lang" => lang = args.next().cloned(),
            "--region" => region = args.next().cloned(),
            "-o" => out = args.next().cloned(),
            "--web" => web = args.next().cloned(),
            other => return Err(Failure::Input(format!("export-catalog: unexpected `{other}`"))),
        }
    }
    if let Some(dir) = web {
        return export_web(&catalog, &dir);
    }
    let code = lang.ok_or_else(|| Failure::Input("export-catalog needs --lang (or --web DIR)".into()))?;
    let lang = Lang::parse(&code).ok_or(InputError::UnknownLanguage { value: code })?;
    let out = out.ok_or_else(|| Failure::Input("export-catalog needs -o FILE".into()))?;
    let catalog = match region {
        Some(id) => catalog.for_region(&id)?,
        None => catalog,
    };
    write_file(&out, &catalog.for_language(lang).to_compiled())
}

/// Everything the browser app fetches: `regions.json` (the region choice,
/// names in every language, shown before any catalog is loaded),
/// `catalog.<region>.<lang>.bin` (what the calculator loads once the region
/// is known) and `catalog.<lang>.bin` (every region: the CSV batch page).
fn export_web(catalog: &Catalog, dir: &str) -> Result<(), Failure> {
    let index: Vec<serde_json::Value> = catalog
        .regions
        .iter()
        .filter(|r| r.selectable)
        .map(|r| {
            let names: serde_json::Map<String, serde_json::Value> =
                Lang::ALL.iter().map(|l| (l.code().to_string(), r.name.get(*l).into())).collect();
            serde_json::json!({
                "id": r.id,
                "name": names,
                "extends": r.extends,
                "roles": catalog.region_roles(r).iter().map(|role| role.id.as_str()).collect::<Vec<_>>(),
                "provisions": r.provisions.len(),
            })
        })
        .collect();
    let text = serde_json::to_string(&index).map_err(|e| Failure::Internal(e.to_string()))?;
    write_file(&format!("{dir}/regions.json"), format!("{text}\n").as_bytes())?;
    for lang in Lang::ALL {
        let one_language = catalog.clone().for_language(lang);
        write_file(&format!("{dir}/catalog.{}.bin", lang.code()), &one_language.to_compiled())?;
        for region in catalog.regions.iter().filter(|r| r.selectable) {
            let bytes = one_language.clone().for_region(&region.id)?.to_compiled();
            write_file(&format!("{dir}/catalog.{}.{}.bin", region.id, lang.code()), &bytes)?;
        }
    }
    Ok(())
}

fn write_file(path: &str, bytes: &[u8]) -> Result<(), Failure> {
    std::fs::write(path, bytes).map_err(|e| Failure::Input(format!("{path}: {e}")))?;
    eprintln!("{path}: {} bytes", bytes.len());
    Ok(())
}

fn print_text(r: &Report, lang: Lang) {
    let en = lang == Lang::En;
    let mut out = std::io::stdout().lock();
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let bold = |s: &str| if color { format!("\x1b[1m{s}\x1b[0m") } else { s.to_string() };
    let _ = writeln!(out, "{}", bold(&format!("{} · {} {} · {}", r.region_name, if en { "as of" } else { "查询日期" }, r.as_of, r.role.as_deref().unwrap_or("?"))));
    let sections: [(Status, bool, &str, &str); 5] = [
        (Status::Eligible, false, "Eligible", "符合条件"),
        (Status::Conditional, false, "Eligible if …", "符合以下条件即可享受"),
        (Status::Undetermined, false, "Needs more answers", "还需回答"),
        (Status::Ineligible, false, "Not eligible", "不符合条件"),
        (Status::Eligible, true, "Also available here (programmes)", "本地还提供（项目活动）"),
    ];
    for (status, programme, title_en, title_zh) in sections {
        let items: Vec<_> = r.benefits.iter().filter(|b| b.status == status && b.programme == programme).collect();
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{}", bold(if en { title_en } else { title_zh }));
        for b in items {
            // The "set by local rules" note only where the benefit may apply.
            let may_apply = matches!(b.status, Status::Eligible | Status::Conditional);
            let amount = match (&b.amount, &b.amount_note) {
                (Some(a), _) => a.text.clone(),
                (None, Some(note)) if !b.amount_stated && may_apply => note.clone(),
                _ => String::new(),
            };
            let mark = match b.status {
                Status::Eligible => "✓",
                Status::Undetermined => "?",
                Status::Conditional => "◇",
                Status::Ineligible => "✗",
            };
            let _ = writeln!(out, "  {mark} {}  [{}]", b.title, b.id);
            if !amount.is_empty() && !programme {
                let _ = writeln!(out, "      {amount}");
            }
            if let Some(by) = &b.superseded_by {
                let _ = writeln!(out, "      {} {by}", if en { "replaced by" } else { "被替代：" });
            }
            if let Some(n) = &b.national_standard {
                let _ = writeln!(out, "      {} {}: {} [{}]", n.note, n.title, n.text, n.validity.text);
            }
            if let Some(t) = &b.terms {
                let _ = writeln!(out, "      {t}");
            }
            if let Some(c) = &b.computation {
                let _ = writeln!(out, "      = {c}");
            }
            for p in &b.parameters {
                let _ = writeln!(out, "      {} {} ({} {}; {})", p.label, p.value, if en { "from" } else { "自" }, p.from, p.source);
            }
            for c in &b.pending_conditions {
                let _ = writeln!(out, "      ◇ {}", c.text);
            }
            let to_answer: Vec<&str> = b
                .missing_facts
                .iter()
                .filter(|f| !b.pending_conditions.iter().any(|c| &c.fact == *f))
                .map(String::as_str)
                .collect();
            if !to_answer.is_empty() {
                let _ = writeln!(out, "      {} {}", if en { "answer:" } else { "请回答：" }, to_answer.join(", "));
            }
            // What the rule waits on, in the pack's words.
            if let (Some(c), Status::Undetermined | Status::Conditional) = (&b.conditions, b.status) {
                let _ = writeln!(out, "      {}{c}", phrase(lang, Phrase::ConditionsLabel));
            }
            for why in &b.why {
                let _ = writeln!(out, "      · {}", why.text);
            }
            for w in &b.what_if {
                let _ = writeln!(out, "      → {}", w.text);
            }
            if !programme {
                let _ = writeln!(out, "      {}: {}", if en { "validity" } else { "效力" }, b.validity.text);
            }
            for s in &b.sources {
                let _ = writeln!(out, "      {} {} {}: “{}”", s.document, s.number.as_deref().unwrap_or(""), s.clause, s.quote);
            }
            if let Some(g) = &b.gaps {
                let _ = writeln!(out, "      {}{g}", phrase(lang, Phrase::GapsLabel));
            }
            if let (Some(c), false) = (&b.contact, b.amount_stated) {
                let _ = writeln!(out, "      {}: {} {}", if en { "contact" } else { "咨询" }, c.name, c.phone.as_deref().unwrap_or(""));
            }
        }
    }
    // Amounts shown but none added up (announced, not yet in force...): say so.
    let amounts_shown = r.benefits.iter().any(|b| matches!(b.status, Status::Eligible | Status::Conditional) && b.amount.is_some());
    if !r.totals.is_empty() || amounts_shown {
        let _ = writeln!(out, "\n{}", bold(if en { "Totals (grants and rewards in force on the as-of date only; announced or not yet in force never; periods never added together)" } else { "合计（仅查询日期有效的补贴和奖励；已宣布或尚未施行的不计入；不同周期不相加）" }));
        for t in &r.totals {
            let _ = writeln!(out, "  {}", t.text);
        }
        if r.totals.is_empty() {
            let _ = writeln!(out, "  {}", phrase(lang, Phrase::NothingToTotal));
        }
    }
    let _ = writeln!(out, "\n{}", r.notice);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_from_days_converts_the_epoch_and_known_dates() {
        assert_eq!(civil_from_days(0).unwrap().to_string(), "1970-01-01");
        assert_eq!(civil_from_days(19_782).unwrap().to_string(), "2024-02-29");
        assert_eq!(civil_from_days(84_005).unwrap().to_string(), "2199-12-31");
    }

    #[test]
    fn civil_from_days_is_none_past_2200_even_for_the_largest_clock() {
        for days in [84_006 + 366, u64::MAX / 86_400, u64::MAX / 86_400 + 1, i64::MAX as u64, u64::MAX] {
            assert_eq!(civil_from_days(days), None, "{days}");
        }
    }
}
