//! Baseline for `benches/run.sh`: parse each file argument into a `serde_json::Value` and do
//! nothing else. JSON (a file whose text starts with `{` or `[`) goes through
//! `serde_json::from_str`, YAML through `serde_saphyr::from_str` (the parser apidelta uses).
//!
//! The only departure from the plain `from_str` calls: serde-saphyr's default budget stops a
//! document at 1,000,000 parser events and 250,000 nodes, which multi-megabyte specs exceed,
//! so those two caps are lifted (the budget is still checked on every event, as apidelta
//! does). Everything else is `Options::default()`.
//!
//! Prints the number of top-level keys of each document, so the parse is not optimized away.
//!
//! ```text
//! cargo run --release --example parse_only -- a.json b.yaml
//! ```

use serde_json::Value;
use std::process::ExitCode;

fn parse(text: &str) -> Result<Value, String> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"))
    } else {
        let mut budget = serde_saphyr::Budget::default();
        budget.max_events = usize::MAX;
        budget.max_nodes = usize::MAX;
        let mut options = serde_saphyr::Options::default();
        options.budget = Some(budget);
        serde_saphyr::from_str_with_options(text, options).map_err(|e| format!("invalid YAML: {e}"))
    }
}

fn main() -> ExitCode {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        eprintln!("usage: parse_only FILE...");
        return ExitCode::from(2);
    }
    for file in &files {
        let text = match std::fs::read_to_string(file) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("{file}: {e}");
                return ExitCode::from(3);
            }
        };
        match parse(&text) {
            Ok(value) => {
                let keys = value.as_object().map_or(0, |o| o.len());
                println!("{file}: {keys} top-level keys");
            }
            Err(e) => {
                eprintln!("{file}: {e}");
                return ExitCode::from(3);
            }
        }
    }
    ExitCode::SUCCESS
}
