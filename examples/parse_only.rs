//! Baseline for `benches/run.sh`: parse each file argument into a `serde_json::Value` and do
//! nothing else. JSON (text starting with `{` or `[`) goes through `serde_json::from_str`, YAML
//! through `serde_saphyr::from_str` (the parser apidelta uses), each with its defaults.
//!
//! serde-saphyr's default budget stops a document at 1,000,000 parser events and 250,000
//! nodes. The corpus pairs stay under it; a bigger YAML file is parsed again with those two
//! caps lifted, with a note on stderr, since its time then includes the refused attempt.
//! (Lifting the caps costs nothing by itself: the budget is checked on every event either way;
//! on openai/01 the two take 111 and 113 ms.)
//!
//! Prints the number of top-level keys of each document, so the parse is not optimized away.
//!
//! ```text
//! cargo run --release --example parse_only -- a.json b.yaml
//! ```
//!
//! `benches/pipeline.rs` includes this file for its `parse_baseline` benchmark.

use serde_json::Value;
use std::process::ExitCode;

/// Parses `text` (named `file` in messages) as the baseline does.
pub fn parse(text: &str, file: &str) -> Result<Value, String> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        return serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"));
    }
    match serde_saphyr::from_str(text) {
        Ok(value) => Ok(value),
        Err(e) if is_budget_breach(&e) => {
            let reason = e.to_string();
            let reason = reason.lines().next().unwrap_or_default();
            eprintln!(
                "{file}: over serde-saphyr's default budget ({reason}); parsing again with the event and node caps lifted"
            );
            let mut budget = serde_saphyr::Budget::default();
            budget.max_events = usize::MAX;
            budget.max_nodes = usize::MAX;
            let mut options = serde_saphyr::Options::default();
            options.budget = Some(budget);
            serde_saphyr::from_str_with_options(text, options)
                .map_err(|e| format!("invalid YAML: {e}"))
        }
        Err(e) => Err(format!("invalid YAML: {e}")),
    }
}

fn is_budget_breach(e: &serde_saphyr::Error) -> bool {
    use serde_saphyr::Error as E;
    let mut inner = e;
    while let E::WithSnippet { error, .. } = inner {
        inner = error;
    }
    matches!(inner, E::Budget { .. })
}

#[allow(dead_code)]
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
        match parse(&text, file) {
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
