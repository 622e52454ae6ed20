//! Localised strings of the report, the CLI, the wasm edge and the batch, one section each.

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
}

pub fn batch_phrase(lang: crate::lang::Lang, w: BatchWord) -> &'static str {
    use crate::lang::Lang;
    use BatchWord as Word;
    let en = lang == Lang::En;
    let hant = lang == Lang::ZhHant;
    match w {
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
