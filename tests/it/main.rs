//! The integration tests, one binary: each file of this folder is a module. One binary
//! links the library once instead of once per file: 33 test binaries took 1 GB of disk even
//! with line tables only, and 4 GB with full debug info.

mod common;

mod cli;
mod cli_findings;
mod cli_formats;
mod cli_reports;
mod conformance;
mod corpus;
mod deprecations;
mod diff;
mod equivalence;
mod git_inputs;
mod history;
mod html_browser;
mod impact;
mod impact_sections;
mod json_stream;
mod load_corpus;
mod load_files;
mod load_http;
mod load_json;
mod load_positions;
mod load_refs;
mod load_security;
mod load_yaml;
mod renames;
mod robustness;
mod rules;
mod rules_docs;
mod schema;
mod snapshots_real;
mod url_inputs;
