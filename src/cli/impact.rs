//! `impact`: which changed fields, and which of the consumer's mapped fields, a change
//! touches (DESIGN §5).

use super::{CliError, LoadArgs, Rendered, exit, load_pair};
use crate::report::impact::{
    ImpactReport, impact_csv, impact_document, impact_markdown, impact_text,
};
use crate::rules::lifecycle::Date;
use crate::rules::{ClassifyOptions, classify};
use clap::{Args, ValueEnum};
use std::path::PathBuf;

#[derive(Clone, Copy, ValueEnum, Default)]
pub enum Format {
    #[default]
    Text,
    Markdown,
    Json,
    /// One row per field, or per mapping entry with --mappings.
    Csv,
}

#[derive(Args)]
pub struct ImpactArgs {
    /// The older description: a file path, or `-` for standard input.
    base: String,
    /// The newer description: a file path, or `-` for standard input.
    revision: String,
    /// Your field mappings (YAML: `mappings: [{field, ours}]`).
    #[arg(long, value_name = "FILE")]
    mappings: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// The reference date for sunsets (YYYY-MM-DD; default today).
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    as_of: Option<Date>,
    #[command(flatten)]
    out: super::OutputArgs,
    #[command(flatten)]
    load: LoadArgs,
}

/// Reads and parses a mapping file; any problem is a configuration error (exit 4).
pub fn read_mappings(path: &std::path::Path) -> Result<Vec<crate::impact::MappingEntry>, CliError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::Config(format!("cannot read {shown}: {e}")))?;
    crate::impact::parse_mappings(&text, &shown).map_err(CliError::Config)
}

pub fn run(args: &ImpactArgs) -> Result<u8, CliError> {
    // The mapping file first: a configuration error should not wait for two loads.
    let entries = args
        .mappings
        .as_ref()
        .map(|p| read_mappings(p))
        .transpose()?;
    let (base, revision) = load_pair(&args.base, &args.revision, &args.load)?;
    let diff = crate::diff::diff(&base.api, &revision.api);
    let options = ClassifyOptions::as_of(args.as_of.unwrap_or_else(Date::today));
    let findings = classify(&diff, &base.api, &revision.api, &options);
    let fields = crate::impact::changed_fields(&diff, &findings, &base.api);
    let judgements = entries
        .as_ref()
        .map(|e| crate::impact::judge(e, &fields, &diff, &findings, &base.api));
    let report = ImpactReport {
        base: base.side(),
        revision: revision.side(),
        findings: &findings,
        fields: &fields,
        mappings: judgements.as_deref(),
    };
    let rendered = match args.format {
        Format::Text => Rendered::Text(impact_text(&report)),
        Format::Markdown => Rendered::Text(impact_markdown(&report)),
        Format::Csv => Rendered::Text(impact_csv(&report)),
        Format::Json => Rendered::Json(impact_document(&report)),
    };
    args.out.emit_rendered(rendered)?;
    // The process ends right after this; see `diff::run`.
    std::mem::forget((base, revision, diff, findings));
    Ok(exit::OK)
}
