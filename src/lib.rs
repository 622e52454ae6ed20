//! policycalc: estimate the employment subsidies, stipends, loans and free
//! services an applicant qualifies for under Chinese local employment
//! policies, from policy packs that are data.
//!
//! The core is pure: no IO, no clock (the as-of date is an input), no
//! globals. `src/main.rs` (the CLI) and `src/wasm.rs` (the browser) are the
//! only edges. See ARCHITECTURE.md.

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

// The batch is native (CLI, tests) or the batch page's module only: the
// calculator's wasm module does not even compile it, so batch changes can
// never shift a byte of it.
#[cfg(any(not(target_arch = "wasm32"), feature = "batch-wasm"))]
pub mod batch;
pub mod catalog;
pub mod date;
mod decode;
mod embedded;
pub mod engine;
pub mod error;
pub mod expr;
pub mod lang;
pub mod local;
pub mod interview;
pub mod pack;
pub mod quote;
pub mod report;
pub mod vocab;
#[cfg(target_arch = "wasm32")]
pub mod wasm;
#[cfg(test)]
mod test_catalog;
pub mod whatif;

pub use catalog::Catalog;
pub use date::Date;
pub use engine::{evaluate, Evaluation, Status};
pub use error::{InputError, PackError};
pub use lang::Lang;
pub use vocab::Facts;
