//! The core library's integration tests: one binary, in process, no spawned `rinko`.

mod audit_log;
mod common;
mod domain_positions;
mod engine_automaton;
mod engine_base64;
mod engine_namespaces;
mod engine_pattern;
mod hostile;
mod labels;
mod layering;
mod ops;
mod w3c_suite;
mod wording;
