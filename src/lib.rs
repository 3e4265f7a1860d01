//! Rinko's core: checking 臨個票 and 意見書 XML files against schema sets.
//!
//! The pipeline reads in one direction: `read` (bytes, limits, `encoding`) → `route` (which set
//! and XSD) → `validate` (XSD, via the engine) → `domain` (codes, characters, check digits,
//! dates, rules) → `finding`s → `report`. `check` runs it over a
//! batch. `ops` is the API the front-ends use: one function per user operation. See
//! ARCHITECTURE.md for the map and the invariants.

// A finding is the error value of the per-file reading steps: once per file, never in a loop.
#![allow(clippy::result_large_err)]

pub mod archive;
pub mod bundle;
pub mod calendar;
pub mod check;
pub mod codes;
pub mod data;
pub mod definition;
pub mod digest;
pub mod domain;
pub mod encoding;
mod expected;
pub mod explain;
pub mod finding;
pub mod input;
pub mod keys;
pub mod limits;
mod messages;
pub mod ops;
pub mod output;
pub mod pack;
pub mod print;
pub mod problem;
pub mod read;
pub mod records;
pub mod report;
pub mod route;
pub mod schema_set;
pub mod shown;
pub mod validate;

pub use check::{CheckOptions, Checker, InMemory, Source};
pub use finding::{FileReport, Finding, Severity, Status, Summary};
pub use limits::Limits;
pub use problem::{About, Code, Problem};
pub use schema_set::{SchemaSetDef, SetError};
