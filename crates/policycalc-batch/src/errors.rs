//! What can go wrong: a cell or row ([`Problem`], [`RowError`]) or the whole batch ([`BatchError`]), and their texts.

use super::*;

/// What is wrong with one row (or one of its cells).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    Csv(CsvProblem),
    /// `split`: the first two neighbouring fields that look like one
    /// number cut at a thousands comma (`1,200` unquoted), as `1,200`.
    FieldCount { found: usize, expected: usize, split: Option<String> },
    NotBool,
    NotNumber,
    NotWhole,
    TooManyDecimals,
    BelowMin(Decimal),
    AboveMax(Decimal),
    NotDate,
    /// A bare number in a date column: an Excel serial day, shown as the
    /// date it would be in Excel's usual (1900) date system.
    SerialDate { date: Option<String> },
    /// A number with a unit that changes its size (`1.2万`).
    ScaledNumber,
    NotEnumValue { allowed: Vec<String> },
    UnknownRegion { known: Vec<String> },
    OtherRegion { batch: String },
    NoRegion,
    NoAsOf,
    /// The cell contradicts another column's (a vocabulary constraint).
    Contradicts { relation: Relation, other_column: usize, other_name: String, other_value: String, message: Box<Text> },
}

impl Problem {
    pub fn code(&self) -> &'static str {
        match self {
            Problem::Csv(CsvProblem::StrayQuote) => "stray_quote",
            Problem::Csv(CsvProblem::TextAfterQuote) => "text_after_quote",
            Problem::Csv(CsvProblem::UnterminatedQuote) => "unterminated_quote",
            Problem::Csv(CsvProblem::TooLong) => "record_too_long",
            Problem::Csv(CsvProblem::TooManyFields) => "too_many_fields",
            Problem::FieldCount { .. } => "field_count",
            Problem::NotBool => "not_bool",
            Problem::NotNumber => "not_number",
            Problem::NotWhole => "not_whole_number",
            Problem::TooManyDecimals => "too_many_decimals",
            Problem::BelowMin(_) => "below_min",
            Problem::AboveMax(_) => "above_max",
            Problem::NotDate => "not_date",
            Problem::SerialDate { .. } => "serial_date",
            Problem::ScaledNumber => "scaled_number",
            Problem::NotEnumValue { .. } => "not_enum_value",
            Problem::UnknownRegion { .. } => "unknown_region",
            Problem::OtherRegion { .. } => "other_region",
            Problem::NoRegion => "no_region",
            Problem::NoAsOf => "no_as_of",
            Problem::Contradicts { .. } => "contradictory_facts",
        }
    }

    pub fn text(&self, lang: Lang) -> String {
        let en = lang == Lang::En;
        match self {
            Problem::Csv(p) => match (p, en) {
                (CsvProblem::StrayQuote, true) => "a quote (\") inside a field that does not start with one; quote the whole field and double inner quotes".into(),
                (CsvProblem::StrayQuote, false) => "字段中间出现引号(\")；请给整个字段加引号，并把其中的引号写两遍".into(),
                (CsvProblem::TextAfterQuote, true) => "text after the closing quote of a quoted field".into(),
                (CsvProblem::TextAfterQuote, false) => "引号字段的结束引号后还有文字".into(),
                (CsvProblem::UnterminatedQuote, true) => "the file ends inside a quoted field (a quote is never closed)".into(),
                (CsvProblem::UnterminatedQuote, false) => "文件在引号字段内结束（有引号未闭合）".into(),
                (CsvProblem::TooLong, true) => format!("record longer than {} KiB, skipped to the next line break (probably an unclosed quote)", MAX_RECORD_BYTES / 1024),
                (CsvProblem::TooLong, false) => format!("该行超过 {} KiB，已跳到下一个换行（可能有未闭合的引号）", MAX_RECORD_BYTES / 1024),
                (CsvProblem::TooManyFields, true) => format!("more than {MAX_FIELDS} fields"),
                (CsvProblem::TooManyFields, false) => format!("字段超过 {MAX_FIELDS} 个"),
            },
            Problem::FieldCount { found, expected, split: Some(n) } if en && found > expected => format!(
                "{found} fields where the header has {expected}: a comma inside a value splits it, probably {n} here; write the number without the thousands comma, or put it in quotes (\"{n}\")"
            ),
            Problem::FieldCount { found, expected, split: Some(n) } if found > expected => format!(
                "有 {found} 个字段，表头只有 {expected} 个：值中的逗号会把它拆成两格，这里可能是 {n}；请去掉千位分隔逗号，或给该值加引号（\"{n}\"）"
            ),
            Problem::FieldCount { found, expected, .. } if en && found > expected => format!(
                "{found} fields where the header has {expected}: a comma inside a value splits it; put such values in quotes"
            ),
            Problem::FieldCount { found, expected, .. } if found > expected => {
                format!("有 {found} 个字段，表头只有 {expected} 个：值中的逗号会把它拆成两格；请给这样的值加引号")
            }
            Problem::FieldCount { found, expected, .. } if en => format!("{found} fields where the header has {expected}: some cells are missing"),
            Problem::FieldCount { found, expected, .. } => format!("有 {found} 个字段，表头有 {expected} 个：缺少单元格"),
            Problem::NotBool if en => "expected true or false (also yes/no, 1/0, 是/否)".into(),
            Problem::NotBool => "应为“是”或“否”（也可填 true/false、1/0）".into(),
            Problem::NotNumber if en => "not a number (write digits and a decimal point, such as 1200.50; 1,200.00 and 1200元 are read too)".into(),
            Problem::NotNumber => "不是数字（请写数字和小数点，如 1200.50；也可写 1,200.00 或 1200元）".into(),
            Problem::ScaledNumber if en => "a number with 万 or 千 in it: write the whole number of yuan (12000, not 1.2万)".into(),
            Problem::ScaledNumber => "数字中含“万”或“千”：请写出完整金额（12000，而不是 1.2万）".into(),
            Problem::NotWhole if en => "expected a whole number".into(),
            Problem::NotWhole => "应为整数".into(),
            Problem::TooManyDecimals if en => "at most two decimal places (fen)".into(),
            Problem::TooManyDecimals => "最多两位小数（到分）".into(),
            Problem::BelowMin(min) if en => format!("must be at least {min}"),
            Problem::BelowMin(min) => format!("不能小于 {min}"),
            Problem::AboveMax(max) if en => format!("must be at most {max}"),
            Problem::AboveMax(max) => format!("不能大于 {max}"),
            Problem::NotDate if en => "expected a real date YYYY-MM-DD (also YYYY/M/D) between 1900 and 2200".into(),
            Problem::NotDate => "应为有效日期 YYYY-MM-DD（也可写 YYYY/M/D），1900–2200 年".into(),
            Problem::SerialDate { date: Some(d) } if en => format!(
                "a number, not a date: as an Excel date number it would be {d}, but that depends on the workbook's date system; write {d} or format the cell as a date"
            ),
            Problem::SerialDate { date: Some(d) } => format!("是数字而不是日期：作为 Excel 日期序号是 {d}，但这取决于工作簿的日期系统；请写 {d}，或把单元格设为日期格式"),
            Problem::SerialDate { date: None } if en => "a number, not a date: write the date as YYYY-MM-DD or format the cell as a date".into(),
            Problem::SerialDate { date: None } => "是数字而不是日期：请写成 YYYY-MM-DD，或把单元格设为日期格式".into(),
            Problem::NotEnumValue { allowed } if en => format!("expected one of {}", allowed.join(", ")),
            Problem::NotEnumValue { allowed } => format!("应为以下之一：{}", allowed.join("、")),
            Problem::UnknownRegion { known } if en => format!("unknown region (known: {})", known.join(", ")),
            Problem::UnknownRegion { known } => format!("未知地区（可选：{}）", known.join("、")),
            Problem::OtherRegion { batch } if en => format!("differs from the region chosen for the whole file, {batch}; choose \"region from the file\" to mix regions"),
            Problem::OtherRegion { batch } => format!("与整个文件选定的地区“{batch}”不同；要混合地区请选择“按文件中的地区列”"),
            Problem::NoRegion if en => "no region: fill the region column or give a region option".into(),
            Problem::NoRegion => "缺少地区：请填写地区列或指定地区选项".into(),
            Problem::NoAsOf if en => "no as-of date: fill the as_of column or give an as-of option".into(),
            Problem::NoAsOf => "缺少查询日期：请填写查询日期列或指定日期选项".into(),
            Problem::Contradicts { relation, other_column, other_name, other_value, message } => {
                // The other column by its header as the user wrote it (its
                // number only when the header cell is empty).
                let other = match (other_name.trim().is_empty(), en) {
                    (false, true) => format!("the column “{other_name}”"),
                    (false, false) => format!("“{other_name}”列"),
                    (true, true) => format!("column {}", one_based(*other_column)),
                    (true, false) => format!("第 {} 列", one_based(*other_column)),
                };
                let why = message.get(lang);
                match (relation, en) {
                    (Relation::AtMost, true) => format!("must be at most {other} (value “{other_value}”): {why}"),
                    (Relation::NotBefore, true) => format!("must not be before {other} (value “{other_value}”): {why}"),
                    (Relation::AtMost, false) => format!("不能大于{other}（值“{other_value}”）：{why}"),
                    (Relation::NotBefore, false) => format!("不能早于{other}（值“{other_value}”）：{why}"),
                }
            }
        }
    }
}

/// The first vocabulary constraint a row's cells break (both facts given):
/// the error sits at the constrained fact's column and names the other's.
pub(crate) fn contradiction(vocab: &Vocabulary, header: &Header, record: &Record, facts: &Facts) -> Option<RowError> {
    let column = |fact| header.fact_cols.iter().find(|(_, id)| *id == fact).map(|(col, _)| *col);
    vocab.constraints.iter().find(|c| c.broken_by(facts).is_some()).and_then(|c| {
        let (col, other) = (column(c.fact)?, column(c.other)?);
        let cell = |col| record.get(col).map(short);
        Some(RowError {
            line: record.line,
            column: Some(col),
            column_name: header.names.get(col).cloned(),
            value: cell(col),
            problem: Problem::Contradicts {
                relation: c.relation,
                other_column: other,
                other_name: header.names.get(other).cloned().unwrap_or_default(),
                other_value: cell(other).unwrap_or_default(),
                message: Box::new(c.message.clone()),
            },
        })
    })
}

/// One bad cell or row, with the line it starts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    /// 0-based column index, when one cell is at fault.
    pub column: Option<usize>,
    /// The column's header text.
    pub column_name: Option<String>,
    /// The cell's text (shortened to 40 characters).
    pub value: Option<String>,
    pub problem: Problem,
}

impl RowError {
    /// "Row 4, column “单位…”, value “1200元”: …" where the row is numbered as
    /// the spreadsheet numbers it (the header is row 1) and the column is
    /// named by its header as the user wrote it.
    pub fn message(&self, lang: Lang) -> String {
        let en = lang == Lang::En;
        let mut s = if en { format!("row {}", self.line) } else { format!("第 {} 行", self.line) };
        if let Some(c) = self.column {
            match self.column_name.as_deref().filter(|n| !n.trim().is_empty()) {
                Some(name) if en => {
                    let _ = write!(s, ", column “{name}”");
                }
                Some(name) => {
                    let _ = write!(s, "“{name}”列");
                }
                None if en => {
                    let _ = write!(s, ", column {}", one_based(c));
                }
                None => {
                    let _ = write!(s, "第 {} 列", one_based(c));
                }
            }
        }
        if let Some(v) = &self.value {
            if en {
                let _ = write!(s, ", value “{v}”");
            } else {
                let _ = write!(s, "，值“{v}”");
            }
        }
        let _ = write!(s, "{}{}", if en { ": " } else { "：" }, self.problem.text(lang));
        s
    }
}

/// A problem with the file as a whole: nothing is computed, nothing written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BatchError {
    /// No bytes, or only blank lines.
    Empty,
    /// A header and no data row.
    HeaderOnly,
    /// The header row itself is malformed.
    BadHeader { line: u64, problem: CsvProblem },
    /// No column names a fact; `separator` is set when the header looks
    /// separated by `;` or tabs.
    NoFactColumns { separator: Option<char> },
    /// Two columns give the same fact (or both give region / as-of).
    DuplicateColumn { first: usize, second: usize, first_name: String, second_name: String, target: String },
    /// An unknown column that looks like a misspelt fact id.
    MisspeltColumn { column: usize, name: String, suggestion: String },
    /// No region option and no region column.
    NoRegion,
    /// No as-of option and no as_of column.
    NoAsOf,
    UnknownRegion { region: String, known: Vec<String> },
    /// A template asked for a role that does not exist.
    UnknownRole { role: String, known: Vec<String> },
    /// Not UTF-8 or GB18030 (raised by the decoding edge).
    Encoding { message: String },
    /// Over the size the edge accepts (raised by the browser edge).
    TooLarge { bytes: u64, limit: u64 },
    /// A workbook that cannot be read or written (message from the reader
    /// or the writer, or a sheet that is not there).
    Workbook { message: String },
}

impl BatchError {
    pub fn code(&self) -> &'static str {
        match self {
            BatchError::Empty => "empty_file",
            BatchError::HeaderOnly => "header_only",
            BatchError::BadHeader { .. } => "bad_header",
            BatchError::NoFactColumns { .. } => "no_fact_columns",
            BatchError::DuplicateColumn { .. } => "duplicate_column",
            BatchError::MisspeltColumn { .. } => "misspelt_column",
            BatchError::NoRegion => "no_region",
            BatchError::NoAsOf => "no_as_of",
            BatchError::UnknownRegion { .. } => "unknown_region",
            BatchError::UnknownRole { .. } => "unknown_role",
            BatchError::Encoding { .. } => "encoding",
            BatchError::TooLarge { .. } => "too_large",
            BatchError::Workbook { .. } => "workbook",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let en = lang == Lang::En;
        match self {
            BatchError::Empty if en => "the file is empty: expected a header row naming facts, then one row per case (download the template)".into(),
            BatchError::Empty => "文件为空：第一行应为列名（事实名称），之后每行一个案例（可下载模板）".into(),
            BatchError::HeaderOnly if en => "the file has a header row but no data rows".into(),
            BatchError::HeaderOnly => "文件只有表头，没有数据行".into(),
            BatchError::BadHeader { line, problem } if en => format!("header (line {line}): {}", Problem::Csv(*problem).text(lang)),
            BatchError::BadHeader { line, problem } => format!("表头（第 {line} 行）：{}", Problem::Csv(*problem).text(lang)),
            BatchError::NoFactColumns { separator } => {
                let hint = match (separator, en) {
                    (Some(c), true) => format!(" The header looks separated by {}: save as CSV with commas.", if *c == '\t' { "tabs".to_string() } else { format!("“{c}”") }),
                    (Some(c), false) => format!("表头似乎以{}分隔：请另存为逗号分隔的 CSV。", if *c == '\t' { "制表符".to_string() } else { format!("“{c}”") }),
                    (None, _) => String::new(),
                };
                if en {
                    format!("no column of the header names a fact (ids such as “role”, “interns”, or their Chinese labels; download the template).{hint}")
                } else {
                    format!("表头中没有任何列是事实名称（如 “role”、“interns” 或其中文名称；可下载模板）。{hint}")
                }
            }
            BatchError::DuplicateColumn { first, second, first_name, second_name, target } if en => format!(
                "columns {} “{first_name}” and {} “{second_name}” both give “{target}”; keep one",
                one_based(*first),
                one_based(*second)
            ),
            BatchError::DuplicateColumn { first, second, first_name, second_name, target } => format!(
                "第 {} 列 “{first_name}” 和第 {} 列 “{second_name}” 都是 “{target}”；请只保留一列",
                one_based(*first),
                one_based(*second)
            ),
            BatchError::MisspeltColumn { column, name, suggestion } if en => format!(
                "column {} “{name}” is not a fact; did you mean “{suggestion}”? (rename it, or it would be ignored)",
                one_based(*column)
            ),
            BatchError::MisspeltColumn { column, name, suggestion } => format!(
                "第 {} 列 “{name}” 不是事实名称；是否应为 “{suggestion}”？（请改名，否则该列会被忽略）",
                one_based(*column)
            ),
            BatchError::NoRegion if en => "no region: give one (--region) or add a “region” column".into(),
            BatchError::NoRegion => "缺少地区：请指定地区（--region）或添加 “region” 列".into(),
            BatchError::NoAsOf if en => "no as-of date: give one (--as-of) or add an “as_of” column".into(),
            BatchError::NoAsOf => "缺少查询日期：请指定（--as-of）或添加 “as_of” 列".into(),
            BatchError::UnknownRegion { region, known } if en => format!("unknown region “{region}” (known: {})", known.join(", ")),
            BatchError::UnknownRegion { region, known } => format!("未知地区 “{region}”（可选：{}）", known.join("、")),
            BatchError::UnknownRole { role, known } if en => format!("unknown role “{role}” (known: {})", known.join(", ")),
            BatchError::UnknownRole { role, known } => format!("未知申请人类型“{role}”（可选：{}）", known.join("、")),
            BatchError::Encoding { message } | BatchError::Workbook { message } => message.clone(),
            BatchError::TooLarge { bytes, limit } if en => format!(
                "the file is {} MiB; up to {} MiB can be processed here (use the command line “policycalc batch” for larger files)",
                bytes / (1 << 20),
                limit / (1 << 20)
            ),
            BatchError::TooLarge { bytes, limit } => format!(
                "文件大小 {} MiB；此处最多处理 {} MiB（更大的文件请用命令行 “policycalc batch”）",
                bytes / (1 << 20),
                limit / (1 << 20)
            ),
        }
    }
}

/// An error at one cell of a row, quoting it.
pub(crate) fn cell_error(header: &Header, record: &Record, col: usize, text: &str, problem: Problem) -> RowError {
    RowError { line: record.line, column: Some(col), column_name: header.names.get(col).cloned(), value: Some(short(text)), problem }
}

/// A broken record, or one with the wrong number of fields (its cells cannot
/// be trusted to sit under their headers).
pub(crate) fn shape_error(header: &Header, record: &Record) -> Option<RowError> {
    let width = header.names.len();
    if let Some((problem, field)) = record.problem {
        let column = (field < width).then_some(field);
        return Some(RowError {
            line: record.line,
            column,
            column_name: column.and_then(|c| header.names.get(c).cloned()),
            value: record.get(field).map(short),
            problem: Problem::Csv(problem),
        });
    }
    let extra_non_empty = (width..record.len()).any(|i| !record.get(i).unwrap_or("").trim().is_empty());
    if record.len() >= width && !extra_non_empty {
        return None;
    }
    // The first cell holding a number split by a thousands comma
    // (`1,200` unquoted gives `1` and `200`), to point at.
    let split = (0..record.len().saturating_sub(1)).find(|&i| {
        let (a, b) = (record.get(i).unwrap_or("").trim(), record.get(i.saturating_add(1)).unwrap_or(""));
        !a.is_empty() && a.len() <= 3 && a.bytes().all(|c| c.is_ascii_digit()) && b.len() >= 3 && b.bytes().take(3).all(|c| c.is_ascii_digit())
    });
    Some(RowError {
        line: record.line,
        column: None,
        column_name: None,
        value: None,
        problem: Problem::FieldCount {
            found: record.len(),
            expected: width,
            split: split.map(|i| format!("{},{}", record.get(i).unwrap_or("").trim(), record.get(i.saturating_add(1)).unwrap_or(""))),
        },
    })
}
