//! policycalc's pure core: estimate the employment subsidies, stipends,
//! loans and free services an applicant qualifies for under Chinese local
//! employment policies, from a compiled catalog of policy packs.
//!
//! Pure: no IO, no clock (the as-of date is an input), no globals, no
//! parsing dependencies (`clippy.toml` here forbids the file system, clock
//! and environment). The pack loader is `policycalc-packs`; the edges are the
//! CLI (the root package) and `policycalc-wasm`. See ARCHITECTURE.md.

pub mod catalog;
mod compiled;
pub mod date;
pub mod decode;
pub mod engine;
pub mod error;
pub mod expr;
pub mod fact_info;
pub mod interview;
pub mod lang;
pub mod local;
pub mod pack;
pub mod plan;
pub mod phrases;
pub mod print;
pub mod report;
pub mod vocab;
pub mod whatif;

pub use catalog::Catalog;
pub use date::Date;
pub use engine::{evaluate, Evaluation, Status};
pub use error::{InputError, PackError};
pub use lang::Lang;
pub use vocab::Facts;
