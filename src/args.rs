//! The command line: every command with its options and help in one table
//! (`COMMANDS`), one parser for all of them (`lexopt`), and the one failure
//! type of the binary. `policycalc --help`, `policycalc COMMAND --help` and
//! README's CLI section are the same table (tests/cli.rs checks README).

use std::ffi::OsString;
use std::fmt::Write as _;

/// Why the binary stops: bad input (exit 2, one line naming the field and
/// value) or an internal error (exit 1).
pub(crate) enum Failure {
    Input(String),
    Internal(String),
}

impl From<policycalc_core::InputError> for Failure {
    fn from(e: policycalc_core::InputError) -> Failure {
        Failure::Input(e.to_string())
    }
}

/// One option: `--long`, maybe `-s`, maybe taking a value named `value`.
#[derive(Clone, Copy)]
pub(crate) struct Opt {
    pub(crate) long: &'static str,
    short: Option<char>,
    value: Option<&'static str>,
    /// Shown without brackets in the synopsis (the command checks it).
    required: bool,
    help: &'static str,
}

pub(crate) struct Command {
    pub(crate) name: &'static str,
    about: &'static str,
    options: &'static [Opt],
    /// The operands as the synopsis shows them ("" for none).
    operands: &'static str,
    max_operands: usize,
}

const fn opt(long: &'static str, value: &'static str, help: &'static str) -> Opt {
    Opt { long, short: None, value: Some(value), required: false, help }
}

const fn flag(long: &'static str, short: Option<char>, help: &'static str) -> Opt {
    Opt { long, short, value: None, required: false, help }
}

const fn output(value: &'static str, help: &'static str) -> Opt {
    Opt { long: "output", short: Some('o'), value: Some(value), required: false, help }
}

const REGION: Opt = opt("region", "R", "the region id (see `policycalc regions`)");
const REGION_REQUIRED: Opt = Opt { required: true, ..REGION };
const AS_OF: Opt = opt("as-of", "YYYY-MM-DD", "the date the rules are read on (default: today, the machine's local date)");
const LANG: Opt = opt("lang", "L", "zh-Hans (default), zh-Hant or en");
const FORMAT: Opt = opt("format", "json|text", "the output format (default json)");

pub(crate) const COMMANDS: &[Command] = &[
    Command { name: "regions", about: "the regions and their documents", options: &[LANG, FORMAT], operands: "", max_operands: 0 },
    Command { name: "facts", about: "the fact vocabulary (JSON keys, CSV columns)", options: &[LANG, FORMAT], operands: "", max_operands: 0 },
    Command {
        name: "evaluate",
        about: "what the answers in FILE qualify for on the as-of date",
        options: &[REGION_REQUIRED, AS_OF, LANG, FORMAT],
        operands: "[FILE|-]",
        max_operands: 1,
    },
    Command {
        name: "next-question",
        about: "the interview's next question for the answers in FILE",
        options: &[REGION_REQUIRED, AS_OF, LANG, FORMAT, opt("skip", "FACT,...", "facts answered \"not sure\": never asked again")],
        operands: "[FILE|-]",
        max_operands: 1,
    },
    Command {
        name: "interview-stats",
        about: "how many questions each role's interview asks (every region, or --region)",
        options: &[REGION, AS_OF, FORMAT],
        operands: "",
        max_operands: 0,
    },
    Command { name: "check-pack", about: "validate a pack a policy editor wrote", options: &[], operands: "FILE", max_operands: 1 },
    Command {
        name: "export-catalog",
        about: "a compiled catalog for one language [and region] (--lang L -o FILE), or with --web DIR every file the browser app fetches: regions.json and the catalogs",
        options: &[LANG, REGION, output("FILE", "the catalog file to write"), opt("web", "DIR", "write regions.json and every catalog into DIR")],
        operands: "",
        max_operands: 0,
    },
    Command {
        name: "template",
        about: "the batch template: Excel with instructions and drop-downs (FILE.xlsx), or CSV",
        options: &[
            LANG,
            REGION,
            opt("role", "ROLE", "only this role's columns"),
            AS_OF,
            output("FILE.xlsx|FILE.csv", "where to write (default: CSV on standard output)"),
            opt("values", "VALUES.csv", "a CSV template's allowed values"),
        ],
        operands: "",
        max_operands: 0,
    },
    Command {
        name: "batch",
        about: "one case per row of a CSV or Excel file (standard input without IN, or with -)",
        options: &[
            REGION,
            AS_OF,
            LANG,
            opt("encoding", "auto|utf-8|gb18030", "the CSV input's encoding (default auto)"),
            opt("sheet", "NAME", "the workbook's sheet (default the first)"),
            flag("detailed", None, "add status, amount and reason per provision"),
            output("OUT.csv|OUT.xlsx", "where to write (default: CSV on standard output)"),
            opt("summary", "SUMMARY.csv", "also write the summary as CSV"),
            flag("quiet", Some('q'), "no progress bar"),
            opt("threads", "N", "threads evaluating CSV rows (default: every core)"),
        ],
        operands: "[IN.csv|IN.xlsx|-]",
        max_operands: 1,
    },
    Command {
        name: "diff",
        about: "the impact of a change to the packs: the rows of a batch CSV whose status or amount changes from the packs in OLD to those in NEW (directories laid out as policies/), and the totals",
        options: &[REGION, AS_OF, LANG, opt("format", "text|csv|json", "the output format (default text)")],
        operands: "OLD NEW CASES.csv",
        max_operands: 3,
    },
];

const FILE_NOTE: &str = "\
FILE is a JSON object of facts, e.g. {\"role\": \"startup\", \"insured_employees\": 3};
without FILE (or with -) it is read from standard input.\n";
const NOTES: &str = "\
L is zh-Hans (default), zh-Hant or en. --as-of defaults to today's date in the
machine's time zone (TZ). Options take their value as `--name value` or `--name=value`.";

impl Opt {
    fn name(&self) -> String {
        match self.short {
            Some(c) => format!("-{c}"),
            None => format!("--{}", self.long),
        }
    }
    fn synopsis(&self) -> String {
        let text = match self.value {
            Some(v) => format!("{} {v}", self.name()),
            None => self.name(),
        };
        if self.required {
            text
        } else {
            format!("[{text}]")
        }
    }
}

impl Command {
    fn synopsis(&self) -> String {
        let mut line = format!("policycalc {}", self.name);
        for o in self.options {
            let _ = write!(line, " {}", o.synopsis());
        }
        if !self.operands.is_empty() {
            let _ = write!(line, " {}", self.operands);
        }
        line
    }

    /// `policycalc COMMAND --help`.
    pub(crate) fn help(&self) -> String {
        let mut text = format!("policycalc {}: {}\n\nUSAGE:\n  {}\n\nOPTIONS:\n", self.name, self.about, self.synopsis());
        let rows: Vec<(String, &str)> = self
            .options
            .iter()
            .map(|o| {
                let names = match o.short {
                    Some(c) => format!("-{c}, --{}", o.long),
                    None => format!("--{}", o.long),
                };
                (o.value.map_or(names.clone(), |v| format!("{names} {v}")), o.help)
            })
            .chain([("-h, --help".to_string(), "this help")])
            .collect();
        let width = rows.iter().map(|(n, _)| n.chars().count()).max().unwrap_or(0);
        for (names, help) in rows {
            let _ = writeln!(text, "  {names:<width$}  {help}");
        }
        text.push('\n');
        if self.operands.contains("FILE|-") {
            text.push_str(FILE_NOTE);
        }
        text.push_str(NOTES);
        text
    }
}

/// `policycalc --help`: every command's synopsis.
pub(crate) fn usage() -> String {
    let mut text = String::from("policycalc: employment-policy benefits from the published documents\n\nUSAGE:\n");
    for c in COMMANDS {
        let _ = writeln!(text, "  {}", c.synopsis());
    }
    text.push_str("  policycalc --version\n\n`policycalc COMMAND --help` describes a command and its options.\n\n");
    text.push_str(FILE_NOTE);
    text.push_str(NOTES);
    text
}

pub(crate) fn command(name: &str) -> Option<&'static Command> {
    COMMANDS.iter().find(|c| c.name == name)
}

/// A command's arguments once parsed: option values by long name (the last
/// one given wins), flags, operands.
pub(crate) struct Parsed {
    pub(crate) help: bool,
    values: Vec<(&'static str, String)>,
    pub(crate) operands: Vec<String>,
}

impl Parsed {
    pub(crate) fn get(&self, long: &str) -> Option<&str> {
        self.values.iter().rev().find(|(l, _)| *l == long).map(|(_, v)| v.as_str())
    }
    pub(crate) fn flag(&self, long: &str) -> bool {
        self.values.iter().any(|(l, _)| *l == long)
    }
    pub(crate) fn operand(&self) -> Option<&str> {
        self.operands.first().map(String::as_str)
    }
}

fn text(value: OsString, what: &str) -> Result<String, Failure> {
    value.into_string().map_err(|v| Failure::Input(format!("{what}: `{}` is not valid UTF-8", v.to_string_lossy())))
}

/// Parses `args` (after the command's name) for `command`. `-h`/`--help`
/// anywhere asks for the help and nothing else is checked.
pub(crate) fn parse(command: &'static Command, args: &[String]) -> Result<Parsed, Failure> {
    if args.iter().take_while(|a| *a != "--").any(|a| a == "-h" || a == "--help") {
        return Ok(Parsed { help: true, values: Vec::new(), operands: Vec::new() });
    }
    let name = command.name;
    let mut parser = lexopt::Parser::from_args(args.iter().cloned());
    let mut parsed = Parsed { help: false, values: Vec::new(), operands: Vec::new() };
    loop {
        let arg = match parser.next() {
            Ok(Some(arg)) => arg,
            Ok(None) => break,
            Err(lexopt::Error::UnexpectedValue { option, .. }) => return Err(Failure::Input(format!("{name}: {option} takes no value"))),
            Err(e) => return Err(Failure::Input(format!("{name}: {e}"))),
        };
        let found = match arg {
            lexopt::Arg::Short(c) => command.options.iter().find(|o| o.short == Some(c)).ok_or_else(|| format!("-{c}")),
            lexopt::Arg::Long(l) => command.options.iter().find(|o| o.long == l).ok_or_else(|| format!("--{l}")),
            lexopt::Arg::Value(v) => {
                let v = text(v, name)?;
                if parsed.operands.len() >= command.max_operands {
                    return Err(Failure::Input(format!("{name}: unexpected argument `{v}` (see `policycalc {name} --help`)")));
                }
                parsed.operands.push(v);
                continue;
            }
        };
        let o = found.map_err(|flag| Failure::Input(format!("{name}: unknown option `{flag}` (see `policycalc {name} --help`)")))?;
        let value = match o.value {
            Some(_) => {
                // named as typed (`-o` or `--output`)
                let value = parser.value().map_err(|e| {
                    let typed = match e {
                        lexopt::Error::MissingValue { option: Some(typed) } => typed,
                        _ => o.name(),
                    };
                    Failure::Input(format!("{typed} needs a value"))
                })?;
                text(value, &o.name())?
            }
            None => String::new(),
        };
        parsed.values.push((o.long, value));
    }
    Ok(parsed)
}
