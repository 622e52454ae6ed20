// The calculator's TypeScript types (wasm-bindgen copies this file into
// pkg/policycalc.d.ts). Hand-kept preamble: types with no Rust type of their
// own. Below the marker, generated: regenerate with
//   UPDATE_TS=1 cargo test -p policycalc-wasm --features ts,xlsx --test ts_types
/** Answers keyed by fact id (see `facts()`): booleans, numbers or decimal
 * strings, `YYYY-MM-DD` dates, enum value ids. */
export type Answers = Record<string, boolean | number | string | null>;
/** What `nextQuestion()` returns: a FactInfo with its open-provision counts. */
export type QuestionInfo = FactInfo & Required<Pick<FactInfo, "open_provisions" | "total_open">>;
/** Thrown by every method: `code` is stable, `field` names the input at fault;
 * for `contradictory_facts`, `other` and `other_value` name the answer it contradicts. */
export interface CalculatorError extends Error { code: string; field?: string; other?: string; other_value?: string; }
// ---- generated from the Rust types by tests/ts_types.rs: do not edit below ----
export type Lang = "zh-Hans" | "zh-Hant" | "en";
export type Status = "eligible" | "ineligible" | "undetermined" | "conditional";
export type Period = "once" | "per_month" | "per_year";
export type MoneyKind = "exact" | "up_to" | "range";
export type ValidityStatus = "in_force" | "expired" | "announced" | "not_yet_in_force";
export type Kind = "grant" | "loan" | "relief" | "reward" | "post" | "service" | "support";
export type Amount = {
    kind: MoneyKind, min: string | null, max: string, period: Period, currency: "CNY", per: string | null,
    /**
     * The amount as a person reads it: "¥1,589.00 per month".
     */
    text: string,
};
export type Reason = {
    /**
     * The rule as written, e.g. `insured_employees >= 3`.
     */
    rule: string,
    /**
     * `true`, `false`, or `null` while a fact is missing.
     */
    holds: boolean | null,
    /**
     * In words with the values used: "Employees with social insurance paid: 2 ≥ 3 — no".
     */
    text: string,
};
export type Change = {
    fact: string, from: string | null, to: string,
};
export type WhatIf = {
    changes: Array<Change>, status: Status, amount: Amount | null,
    /**
     * How much more the applicant would receive per period (net of any
     * provision this one would replace).
     */
    gain: string | null, text: string,
};
export type Source = {
    document: string, title: string, number: string | null, issuer: string, published: string | null, clause: string,
    /**
     * The clause in the reader's script (Chinese readers); as published for en.
     */
    quote: string, quote_as_published: string, seed: string,
};
/**
 * One judged condition still open: the condition in words, who decides it
 * and the clause that states it.
 */
export type PendingCondition = {
    fact: string, condition: string, question: string, judged_by: string, clause: string,
    /**
     * "Eligible if: … — decided by … (clause …)".
     */
    text: string,
};
export type OverPeriod = {
    months: string, min: string | null, max: string, currency: "CNY",
    /**
     * "total over 6 months: ¥38,136.00".
     */
    text: string,
    /**
     * What the document says of the period (no pack's document states a maximum).
     */
    note: string,
};
export type StandardValidity = {
    /**
     * `in_force`, `expired` or `not_yet_in_force`.
     */
    status: ValidityStatus, from: string | null, until: string | null, text: string,
};
export type NationalStandard = {
    id: string, title: string, text: string, source: string, provisional: boolean, note: string,
    /**
     * The standard's own validity on the as-of date (a context figure can
     * have lapsed while the local provision it sits beside is in force).
     */
    validity: StandardValidity,
};
export type Parameter = {
    id: string, label: string, value: string, unit: string, from: string, until: string | null, source: string, provisional: boolean,
};
export type Validity = {
    status: ValidityStatus, from: string | null, until: string | null, inferred: boolean, text: string, note: string,
};
export type Contact = {
    name: string, phone: string | null,
    /**
     * True when the document prints no contact and this is general advice.
     */
    general: boolean,
};
/**
 * What to do next for one provision, from the local service guide: its own
 * entry, else the region's default; the fields the guide does not give are
 * named in `unknown` and said in `unknown_text`.
 */
export type Local = {
    /**
     * "From the local service guide, not the document's words."
     */
    label: string,
    /**
     * True when the entry is this provision's own (false: the region's default).
     */
    own: boolean, source: string | null, how: string | null, documents: string | null, deadline: string | null, office: string | null, hours: string | null, phone: string | null, url: string | null,
    /**
     * The fields the guide does not give, by name (`how`, `documents`, …).
     */
    unknown: ("how" | "documents" | "deadline" | "office" | "hours" | "phone" | "url")[], unknown_text: string | null,
};
export type Benefit = {
    id: string, title: string, summary: string, who: string, kind: Kind, programme: boolean, status: Status, amount: Amount | null,
    /**
     * A per-month amount over the months given: beside the monthly figure,
     * never in the per-month totals.
     */
    over_period: OverPeriod | null,
    /**
     * The fact giving those months (the browser asks it beside the figure).
     */
    months_fact: string | null,
    /**
     * False when the document promises the benefit but states no figure.
     */
    amount_stated: boolean, amount_note: string | null, terms: string | null, national_standard: NationalStandard | null, computation: string | null, parameters: Array<Parameter>, validity: Validity, missing_facts: Array<string>,
    /**
     * Conditions still open that a body decides (judged facts): for a
     * `conditional` benefit, what "eligible if …" waits on.
     */
    pending_conditions: Array<PendingCondition>, conditions: string | null, why: Array<Reason>, what_if: Array<WhatIf>, sources: Array<Source>, contact: Contact | null,
    /**
     * What to do next, from the operator's local service guide
     * (`policies/local/`), never the document's words.
     */
    local: Local, gaps: string | null, superseded_by: string | null, counts_in_totals: boolean, no_application: boolean, inherited_from: string | null, error: string | null,
};
export type Total = {
    period: Period, min: string, max: string, currency: "CNY", provisions: Array<string>, text: string,
};
export type Report = {
    region: string, region_name: string, as_of: string, lang: Lang, role: string | null,
    /**
     * True when no listed provision is still undetermined.
     */
    complete: boolean, benefits: Array<Benefit>, totals: Array<Total>,
    /**
     * Answers used, as given back in canonical form.
     */
    facts: Answers, notice: string,
};
export type FactType = "bool" | "integer" | "decimal" | "date" | "enum";
export type Labelled = {
    id: string, label: string,
};
export type ConstraintInfo = {
    relation: "at_most" | "not_before", other: string, other_label: string,
    /**
     * The fact is the constraint's `other` side (the whole, the earlier date).
     */
    reverse: boolean, message: string,
};
export type FactInfo = {
    id: string, type: FactType, roles: Array<string>, label: string, question: string, help: string, unit: string | null,
    /**
     * The unit after exactly one ("intern"; `unit` when the same).
     */
    unit_one: string | null, min: string | null, max: string | null, values: Array<Labelled>, changeable: boolean,
    /**
     * Asked only when its `ask_if` holds (the interview may never ask it).
     */
    asked_only_if: boolean,
    /**
     * Who decides it, for a judged fact (never asked; see `Status` "conditional").
     */
    judged_by: string | null,
    /**
     * Constraints this fact takes part in: its answer must be `relation`
     * `other`'s (`at_most` numbers, `not_before` dates), or the reverse when
     * `reverse`.
     */
    constraints: Array<ConstraintInfo>,
    /**
     * Set when the fact is the interview's next question.
     */
    open_provisions?: number, total_open?: number,
};
export type RegionInfo = {
    id: string, name: string, extends: string | null, roles: Array<Labelled>, provisions: number,
};
