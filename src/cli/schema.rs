//! `apidelta schema [diff|findings|impact|deprecations|history]`: the JSON Schema (draft 2020-12) of the JSON outputs
//! (DESIGN §4). The schemas live in `schema/` at the repository root and are built in.

use super::{CliError, ColorChoice, emit, exit};
use clap::{Args, ValueEnum};
use serde_json::{Map, Value};
use std::path::PathBuf;

/// `schema/diff.schema.json`: `diff --format json`.
pub const DIFF: &str = include_str!("../../schema/diff.schema.json");
/// `schema/findings.schema.json`: `breaking`, `changelog` and `semver` with `--format json`.
pub const FINDINGS: &str = include_str!("../../schema/findings.schema.json");
/// `schema/impact.schema.json`: `impact --format json`.
pub const IMPACT: &str = include_str!("../../schema/impact.schema.json");
/// `schema/deprecations.schema.json`: `deprecations --format json`.
pub const DEPRECATIONS: &str = include_str!("../../schema/deprecations.schema.json");
/// `schema/history.schema.json`: `history --format json`.
pub const HISTORY: &str = include_str!("../../schema/history.schema.json");

#[derive(Clone, Copy, ValueEnum)]
pub enum Which {
    /// `diff --format json`.
    Diff,
    /// `breaking`, `changelog` and `semver` with `--format json`.
    Findings,
    /// `impact --format json`.
    Impact,
    /// `deprecations --format json`.
    Deprecations,
    /// `history --format json`.
    History,
}

#[derive(Args)]
pub struct SchemaArgs {
    /// One output's schema; without it, `{"diff": ..., "findings": ..., "impact": ...}`.
    #[arg(value_enum)]
    which: Option<Which>,
    /// Write the schema to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// The text `apidelta schema` prints.
pub fn render(which: Option<Which>) -> Result<String, CliError> {
    match which {
        Some(Which::Diff) => Ok(DIFF.to_string()),
        Some(Which::Findings) => Ok(FINDINGS.to_string()),
        Some(Which::Impact) => Ok(IMPACT.to_string()),
        Some(Which::Deprecations) => Ok(DEPRECATIONS.to_string()),
        Some(Which::History) => Ok(HISTORY.to_string()),
        None => {
            let parse = |text: &str| {
                serde_json::from_str::<Value>(text).map_err(|e| CliError::Output(e.to_string()))
            };
            let mut all = Map::new();
            all.insert("diff".into(), parse(DIFF)?);
            all.insert("findings".into(), parse(FINDINGS)?);
            all.insert("impact".into(), parse(IMPACT)?);
            all.insert("deprecations".into(), parse(DEPRECATIONS)?);
            all.insert("history".into(), parse(HISTORY)?);
            let mut s = serde_json::to_string_pretty(&Value::Object(all))
                .map_err(|e| CliError::Output(e.to_string()))?;
            s.push('\n');
            Ok(s)
        }
    }
}

pub fn run(args: &SchemaArgs) -> Result<u8, CliError> {
    let text = render(args.which)?;
    emit(&text, args.output.as_ref(), ColorChoice::Never).map_err(CliError::Output)?;
    Ok(exit::OK)
}
