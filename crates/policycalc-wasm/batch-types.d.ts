// The batch module's TypeScript types (wasm-bindgen copies this file into
// pkg/policycalc_batch*.d.ts). Hand-kept preamble, then generated below the
// marker: regenerate with
//   UPDATE_TS=1 cargo test -p policycalc-wasm --features ts,xlsx --test ts_types
/** What `finish()` returns: the last progress with the summary and preview. */
export type BatchResult = BatchProgress & Required<Pick<BatchProgress, "summary" | "summary_csv" | "preview" | "warnings">>;
// ---- generated from the Rust types by tests/ts_types.rs: do not edit below ----
export type BatchRowError = {
    line: number, column: number | null, column_name: string | null, value: string | null, code: string, message: string,
};
export type BatchStats = {
    rows: number, computed: number, rejected: number, blank: number, errors_not_kept: number, bytes: number,
};
export type BatchProgress = {
    csv: string, stats: BatchStats, errors: Array<BatchRowError>, summary?: Array<Array<string>>, summary_csv?: string, preview?: Array<Array<string>>, warnings?: Array<string>, more?: boolean, done_rows?: number, total_rows?: number,
    /**
     * The output rows as a UTF-8 Blob, from `pushBytes` and
     * `pushRowsBytes` (then `csv` is empty); set on the object, never
     * in its JSON.
     */
    blob?: Blob,
};
export type BatchWorkbook = {
    sheet: string, sheets: Array<string>, rows: number,
};
