//! Localised Rust strings, one place per language (ARCHITECTURE.md): each
//! `Phrase` in zh-Hans, zh-Hant and en. The browser's own strings are in
//! `www/i18n.js`; pack texts (titles, questions, quotes) are data.
//!
//! Sections: the report, the CLI and the wasm edge (below); the batch's
//! words and errors have their own section.

use crate::lang::Lang;

// ===================================================== report, CLI and wasm

#[derive(Clone, Copy)]
pub enum Phrase {
    Notice,
    NotStated,
    TermsNotStated,
    Free,
    NationalStandard,
    GeneralContact,
    UpTo,
    InForce,
    InForceUntil,
    Expired,
    ExpiredInferred,
    Announced,
    NotYet,
    StatedInText,
    Rounding,
    From,
    AsOf,
    Not,
    And,
    Or,
    Yes,
    No,
    Holds,
    Fails,
    Unknown,
    IfYou,
    BecomesEligible,
    Inferred,
    EligibleIf,
    JudgedBy,
    ClauseOpen,
    ClauseClose,
    ConditionsLabel,
    GapsLabel,
    AwaitingDecision,
    StandardExpired,
    NothingToTotal,
    JudgedByLabel,
    OverPeriod,
    NoMaxMonths,
    LocalLabel,
    LocalUnknown,
    LocalHow,
    LocalDocuments,
    LocalDeadline,
    LocalOffice,
    LocalHours,
    LocalPhone,
    LocalUrl,
}

/// A phrase with its one `{placeholder}` replaced by `value` (split at the
/// braces: a substring search would bring its searcher into the wasm module).
pub(crate) fn fill(template: &str, value: &str) -> String {
    match template.split_once('{').and_then(|(head, rest)| Some((head, rest.split_once('}')?.1))) {
        Some((head, tail)) => format!("{head}{value}{tail}"),
        None => template.to_string(),
    }
}

pub fn phrase(lang: Lang, p: Phrase) -> &'static str {
    use Phrase::*;
    match lang {
        Lang::En => match p {
            Notice => "An estimate from the published documents, not a decision: the bureau that runs each scheme decides. Nothing you entered left this device.",
            // Said of the provision, whatever its status: never "eligible" here (audit X1).
            NotStated => "The amount is set by local implementing rules (the document states no figure).",
            TermsNotStated => "The terms are set by local implementing rules (the document states none).",
            Free => "Free of charge (stated).",
            NationalStandard => "National standard; local rules decide.",
            GeneralContact => "The document prints no contact: ask the local human resources and social security bureau (12333).",
            UpTo => "up to",
            InForce => "in force",
            InForceUntil => "in force; stated to run until",
            Expired => "stated to run until {until}; check whether it was extended",
            ExpiredInferred => "read as running until {until}; check whether it was extended",
            Announced => "announced, not yet issued",
            NotYet => "not yet in force (from {from})",
            StatedInText => "stated in the document",
            Rounding => "rounded half-up to 0.01 yuan",
            From => "from",
            AsOf => "as of",
            Not => "not",
            And => "and",
            Or => "or",
            Yes => "yes",
            No => "no",
            Holds => "met",
            Fails => "not met",
            Unknown => "not answered yet",
            IfYou => "If",
            BecomesEligible => "you would be eligible.",
            Inferred => "date inferred from context, not printed in the document",
            EligibleIf => "Eligible if: ",
            JudgedBy => " — decided by ",
            ClauseOpen => " (clause ",
            ClauseClose => ")",
            ConditionsLabel => "conditions: ",
            GapsLabel => "the text leaves open: ",
            AwaitingDecision => "not yet decided by the body that judges it",
            StandardExpired => "its stated end, {until}, has passed; check whether it was extended",
            JudgedByLabel => "judged, never asked; decided by",
            NothingToTotal => "nothing to add up: the amounts above are not in force on this date, or are not totalled",
            OverPeriod => "total over {months} months: ",
            NoMaxMonths => "The document states no maximum number of months: the total is for the months you gave, not a promise that so many are paid. It is not added to the monthly totals.",
            LocalLabel => "What to do next — from the local service guide, not the document's words",
            LocalUnknown => "The local service guide does not say yet: {}. Ask the office or hotline above.",
            LocalHow => "where and how to apply",
            LocalDocuments => "documents",
            LocalDeadline => "deadline",
            LocalOffice => "office",
            LocalHours => "opening hours",
            LocalPhone => "phone",
            LocalUrl => "application website",
        },
        Lang::ZhHans => match p {
            Notice => "根据已公开文件测算，仅供参考，以经办部门审核为准。您输入的信息不会离开本设备。",
            NotStated => "文件未写明金额，由当地实施细则确定。",
            TermsNotStated => "具体办法由当地实施细则确定（文件未写明）。",
            Free => "免费（文件写明）。",
            NationalStandard => "国家标准，以当地规定为准。",
            GeneralContact => "文件未载明咨询方式：请咨询当地人力资源和社会保障部门（12333）。",
            UpTo => "最高",
            InForce => "有效",
            InForceUntil => "有效，文件写明执行至",
            Expired => "文件写明执行至{until}，已过期；请核实是否延续",
            ExpiredInferred => "按文意执行至{until}，已过期；请核实是否延续",
            Announced => "已宣布，尚未印发",
            NotYet => "尚未施行（自{from}起）",
            StatedInText => "文件写明",
            Rounding => "四舍五入至0.01元",
            From => "自",
            AsOf => "查询日期",
            Not => "非",
            And => "且",
            Or => "或",
            Yes => "是",
            No => "否",
            Holds => "符合",
            Fails => "不符合",
            Unknown => "尚未回答",
            IfYou => "如果",
            BecomesEligible => "即可符合条件。",
            Inferred => "日期系根据上下文推断，文件未写明",
            EligibleIf => "符合以下条件即可享受：",
            JudgedBy => "（认定：",
            ClauseOpen => "；条款：",
            ClauseClose => "）",
            ConditionsLabel => "条件：",
            GapsLabel => "文件未说明：",
            AwaitingDecision => "尚待认定",
            StandardExpired => "写明的截止日期{until}已过；请核实是否延续",
            JudgedByLabel => "不提问，由以下部门认定：",
            NothingToTotal => "无可合计的金额：以上金额在查询日期尚未生效，或不计入合计",
            OverPeriod => "{months}个月合计：",
            NoMaxMonths => "文件未写明最长补贴月数：合计按您填写的月数计算，并非承诺发放这么多个月；不计入每月合计。",
            LocalLabel => "下一步怎么办（来自本地办事指南，非文件原文）",
            LocalUnknown => "本地办事指南尚未写明：{}。请向上述部门或热线咨询。",
            LocalHow => "在哪里、如何申请",
            LocalDocuments => "所需材料",
            LocalDeadline => "申请期限",
            LocalOffice => "办理部门",
            LocalHours => "办公时间",
            LocalPhone => "电话",
            LocalUrl => "申请网址",
        },
        Lang::ZhHant => match p {
            Notice => "根據已公開文件測算，僅供參考，以經辦部門審核為準。您輸入的資訊不會離開本裝置。",
            NotStated => "文件未寫明金額，由當地實施細則確定。",
            TermsNotStated => "具體辦法由當地實施細則確定（文件未寫明）。",
            Free => "免費（文件寫明）。",
            NationalStandard => "國家標準，以當地規定為準。",
            GeneralContact => "文件未載明諮詢方式：請諮詢當地人力資源和社會保障部門（12333）。",
            InForceUntil => "有效，文件寫明執行至",
            Expired => "文件寫明執行至{until}，已過期；請核實是否延續",
            ExpiredInferred => "按文意執行至{until}，已過期；請核實是否延續",
            Announced => "已宣布，尚未印發",
            StatedInText => "文件寫明",
            Rounding => "四捨五入至0.01元",
            AsOf => "查詢日期",
            BecomesEligible => "即可符合條件。",
            Inferred => "日期係根據上下文推斷，文件未寫明",
            EligibleIf => "符合以下條件即可享受：",
            JudgedBy => "（認定：",
            ClauseOpen => "；條款：",
            ConditionsLabel => "條件：",
            GapsLabel => "文件未說明：",
            AwaitingDecision => "尚待認定",
            StandardExpired => "寫明的截止日期{until}已過；請核實是否延續",
            JudgedByLabel => "不提問，由以下部門認定：",
            NothingToTotal => "無可合計的金額：以上金額在查詢日期尚未生效，或不計入合計",
            OverPeriod => "{months}個月合計：",
            NoMaxMonths => "文件未寫明最長補貼月數：合計按您填寫的月數計算，並非承諾發放這麼多個月；不計入每月合計。",
            LocalLabel => "下一步怎麼辦（來自本地辦事指南，非文件原文）",
            LocalUnknown => "本地辦事指南尚未寫明：{}。請向上述部門或熱線諮詢。",
            LocalHow => "在哪裡、如何申請",
            LocalDeadline => "申請期限",
            LocalOffice => "辦理部門",
            LocalHours => "辦公時間",
            LocalPhone => "電話",
            LocalUrl => "申請網址",
            // written the same in both scripts
            UpTo | InForce | NotYet | From | Not | And | Or | Yes | No | Holds | Fails | Unknown | IfYou | ClauseClose
            | LocalDocuments => phrase(Lang::ZhHans, p),
        },
    }
}


// ============================================================ CLI text output

/// The CLI's own words (`policycalc … --format text`, src/main.rs), apart from
/// [`Phrase`] so that the browser's module, which never prints them, does not
/// carry them (a `match` keeps every arm of it that is reachable).
#[derive(Clone, Copy)]
pub enum CliPhrase {
    SectionEligible,
    SectionConditional,
    SectionUndetermined,
    SectionIneligible,
    SectionProgrammes,
    ReplacedBy,
    AnswerLabel,
    ValidityLabel,
    ContactLabel,
    TotalsHeading,
    NoMoreQuestions,
}

pub fn cli_phrase(lang: Lang, p: CliPhrase) -> &'static str {
    use CliPhrase::*;
    match lang {
        Lang::En => match p {
            SectionEligible => "Eligible",
            SectionConditional => "Eligible if …",
            SectionUndetermined => "Needs more answers",
            SectionIneligible => "Not eligible",
            SectionProgrammes => "Also available here (programmes)",
            ReplacedBy => "replaced by",
            AnswerLabel => "answer:",
            ValidityLabel => "validity",
            ContactLabel => "contact",
            TotalsHeading => "Totals (grants and rewards in force on the as-of date only; announced or not yet in force never; periods never added together)",
            NoMoreQuestions => "No more questions: evaluate now.",
        },
        Lang::ZhHans => match p {
            SectionEligible => "符合条件",
            SectionConditional => "符合以下条件即可享受",
            SectionUndetermined => "还需回答",
            SectionIneligible => "不符合条件",
            SectionProgrammes => "本地还提供（项目活动）",
            ReplacedBy => "被替代：",
            AnswerLabel => "请回答：",
            ValidityLabel => "效力",
            ContactLabel => "咨询",
            TotalsHeading => "合计（仅查询日期有效的补贴和奖励；已宣布或尚未施行的不计入；不同周期不相加）",
            NoMoreQuestions => "没有更多问题，可以查看结果。",
        },
        Lang::ZhHant => match p {
            SectionEligible => "符合條件",
            SectionConditional => "符合以下條件即可享受",
            SectionUndetermined => "還需回答",
            SectionIneligible => "不符合條件",
            SectionProgrammes => "本地還提供（項目活動）",
            AnswerLabel => "請回答：",
            ContactLabel => "諮詢",
            TotalsHeading => "合計（僅查詢日期有效的補貼和獎勵；已宣布或尚未施行的不計入；不同週期不相加）",
            NoMoreQuestions => "沒有更多問題，可以查看結果。",
            // written the same in both scripts
            ReplacedBy | ValidityLabel => cli_phrase(Lang::ZhHans, p),
        },
    }
}

// ===================================================================== batch

/// The words of the batch output (column names, reason parts, answer columns).
#[derive(Clone, Copy, Debug)]
pub enum BatchWord {
    Line,
    Error,
    Status,
    Amount,
    Reason,
    Total,
    Met,
    NotMet,
    Missing,
    EligibleIf,
    JudgedBy,
    ReplacedBy,
    NotCounted,
    NoFigure,
    Cap,
    Range,
    Expired,
    Announced,
    NotYet,
    CanGet,
    StillMissing,
    NeedsChecking,
    /// The browser batch page's own file check (policycalc-wasm).
    FileNotText,
}

pub fn batch_phrase(lang: crate::lang::Lang, w: BatchWord) -> &'static str {
    use crate::lang::Lang;
    use BatchWord as Word;
    let en = lang == Lang::En;
    let hant = lang == Lang::ZhHant;
    match w {
        Word::FileNotText => if en { "the file is neither UTF-8 nor GB18030/GBK text; save it as \"CSV UTF-8\"" } else if hant { "文件既不是 UTF-8 也不是 GB18030/GBK 文本；請另存為「CSV UTF-8」" } else { "文件既不是 UTF-8 也不是 GB18030/GBK 文本；请另存为“CSV UTF-8”" },
        Word::Line => if en { "line" } else if hant { "行號" } else { "行号" },
        Word::Error => if en { "error" } else if hant { "錯誤" } else { "错误" },
        Word::Status => if en { "status" } else if hant { "狀態" } else { "状态" },
        Word::Amount => if en { "amount" } else if hant { "金額" } else { "金额" },
        Word::Reason => if en { "reason" } else if hant { "說明" } else { "说明" },
        Word::Total => if en { "total (counted rows)" } else if hant { "合計（計入的行）" } else { "合计（计入的行）" },
        Word::Met => if en { "met: " } else { "符合：" },
        Word::NotMet => if en { "not met: " } else { "不符合：" },
        Word::Missing => if en { "missing: " } else { "缺少：" },
        Word::EligibleIf => if en { "eligible if: " } else if hant { "符合以下條件即可享受：" } else { "符合以下条件即可享受：" },
        Word::JudgedBy => if en { "decided by: " } else if hant { "認定：" } else { "认定：" },
        Word::ReplacedBy => if en { "replaced by " } else { "被替代：" },
        Word::NotCounted => if en { " (not counted in totals)" } else if hant { "（不計入合計）" } else { "（不计入合计）" },
        Word::NoFigure => if en { "no amount stated" } else if hant { "文件未寫明金額" } else { "文件未写明金额" },
        Word::Cap => if en { "the amount is a cap (up to)" } else if hant { "金額為上限（最高）" } else { "金额为上限（最高）" },
        Word::Range => if en { "the amount is a stated range (min-max)" } else if hant { "金額為文件寫明的範圍（最低-最高）" } else { "金额为文件写明的范围（最低-最高）" },
        Word::Expired => if en { "expired (not counted)" } else if hant { "已過期（不計入）" } else { "已过期（不计入）" },
        Word::Announced => if en { "announced, not yet issued (not counted)" } else if hant { "已宣布，尚未印發（不計入）" } else { "已宣布，尚未印发（不计入）" },
        Word::NotYet => if en { "not yet in force (not counted)" } else if hant { "尚未施行（不計入）" } else { "尚未施行（不计入）" },
        Word::CanGet => if en { "can get" } else if hant { "可以獲得" } else { "可以获得" },
        Word::StillMissing => if en { "still missing" } else if hant { "還缺少的資訊" } else { "还缺少的信息" },
        Word::NeedsChecking => if en { "needs checking" } else if hant { "需要核實" } else { "需要核实" },
    }
}

/// A status as the batch output writes it.
pub fn batch_status_text(lang: crate::lang::Lang, status: crate::engine::Status) -> &'static str {
    use crate::engine::Status;
    use crate::lang::Lang;
    let en = lang == Lang::En;
    match status {
        Status::Eligible => if en { "eligible" } else { "符合" },
        Status::Ineligible => if en { "ineligible" } else { "不符合" },
        Status::Undetermined => if en { "undetermined" } else { "待定" },
        Status::Conditional => if en { "conditional" } else if lang == Lang::ZhHant { "有條件符合" } else { "有条件符合" },
    }
}

// ===================================================================== diff

/// The words of `policycalc diff`'s text output and the studio's impact
/// table (policycalc-batch's `diff.rs`).
#[derive(Clone, Copy, Debug)]
pub enum DiffWord {
    /// No outcome on that side: another role's provision, or not in that catalog.
    NotApplicable,
    /// The row was not computed on that side (its error follows).
    Rejected,
    NoRowChanges,
    TotalsPerProvision,
    TotalsPerPeriod,
    Before,
    After,
    Difference,
    Rows,
    Computed,
    RejectedRows,
    RowsChanged,
    Changes,
    /// A file-level error met with one side's packs only.
    OnlyOld,
    OnlyNew,
}

pub fn diff_phrase(lang: crate::lang::Lang, w: DiffWord) -> &'static str {
    use crate::lang::Lang;
    use DiffWord as Word;
    let en = lang == Lang::En;
    let hant = lang == Lang::ZhHant;
    match w {
        Word::NotApplicable => if en { "not applicable" } else if hant { "不適用" } else { "不适用" },
        Word::Rejected => if en { "row not computed" } else if hant { "該行未計算" } else { "该行未计算" },
        Word::NoRowChanges => if en { "No row changes its status or amount." } else if hant { "沒有一行的狀態或金額發生變化。" } else { "没有一行的状态或金额发生变化。" },
        Word::TotalsPerProvision => if en { "Totals per provision that change (counted rows; min / max)" } else if hant { "有變化的各條款合計（計入的行；最低 / 最高）" } else { "有变化的各条款合计（计入的行；最低 / 最高）" },
        Word::TotalsPerPeriod => if en { "Totals per period (min / max)" } else if hant { "各期合計（最低 / 最高）" } else { "各期合计（最低 / 最高）" },
        Word::Before => if en { "before" } else { "修改前" },
        Word::After => if en { "after" } else if hant { "修改後" } else { "修改后" },
        Word::Difference => if en { "difference" } else if hant { "差額" } else { "差额" },
        Word::Rows => if en { "rows" } else if hant { "行數" } else { "行数" },
        Word::Computed => if en { "computed" } else if hant { "已計算" } else { "已计算" },
        Word::RejectedRows => if en { "rejected" } else if hant { "有錯誤" } else { "有错误" },
        Word::RowsChanged => if en { "rows changed" } else if hant { "有變化的行" } else { "有变化的行" },
        Word::Changes => if en { "changes" } else if hant { "變化" } else { "变化" },
        Word::OnlyOld => if en { "(with the old packs only)" } else if hant { "（僅在使用修改前的政策包時）" } else { "（仅在使用修改前的政策包时）" },
        Word::OnlyNew => if en { "(with the new packs only)" } else if hant { "（僅在使用修改後的政策包時）" } else { "（仅在使用修改后的政策包时）" },
    }
}
