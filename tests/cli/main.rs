//! The command line's integration tests: one binary that runs `rinko` as users and scripts do.

mod bundle;
mod cli;
mod cli_input;
mod common;
mod concurrency;
mod domain;
mod failures;
mod nanbyo;
mod network;
#[path = "../network_trace.rs"]
mod network_trace;
mod pack;
mod print;
mod schemas_diff;
mod schemas_doc;
mod schemas_sample;
mod xlsx;
mod xmllint_diff;
mod xsd_messages;
