//! `apidelta rules [ID]`: the catalog, or one rule explained. `--format markdown` is how
//! `docs/rules.md` is generated.

use super::{CliError, ColorChoice, emit, exit};
use crate::rules::{CATALOG, Rule};
use clap::{Args, ValueEnum};
use serde_json::json;
use std::fmt::Write;

#[derive(Clone, Copy, ValueEnum, Default)]
pub enum Format {
    #[default]
    Text,
    Json,
    Markdown,
}

#[derive(Args)]
pub struct RulesArgs {
    /// A rule id to explain; all rules when absent.
    id: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

fn rule_json(r: &Rule) -> serde_json::Value {
    json!({
        "id": r.id,
        "level": r.level.as_str(),
        "bump": crate::rules::semver::Bump::for_level(r.level, false).as_str(),
        "direction": r.direction.as_str(),
        "area": r.area,
        "oasdiff": r.oasdiff,
        "title": r.title,
        "explanation": r.explanation,
        "migration": r.migration,
    })
}

/// The markdown rule reference (docs/rules.md).
pub fn markdown() -> String {
    let mut out = String::from(
        "# apidelta rules\n\nGenerated from `src/rules/catalog.tsv` by `apidelta rules --format markdown`; \
         do not edit by hand.\n\n| id | level | direction | area | title |\n|---|---|---|---|---|\n",
    );
    for r in CATALOG.rules() {
        let _ = writeln!(
            out,
            "| [`{}`](#{}) | {} | {} | {} | {} |",
            r.id,
            r.id,
            r.level.as_str(),
            r.direction.as_str(),
            r.area,
            r.title
        );
    }
    for r in CATALOG.rules() {
        let origin = if r.oasdiff {
            "same id as oasdiff"
        } else {
            "apidelta rule"
        };
        let _ = write!(
            out,
            "\n## {}\n\n{} — level **{}**, direction {}, area {} ({origin}).\n\n{}\n\nMigration note: {}\n",
            r.id,
            r.title,
            r.level.as_str(),
            r.direction.as_str(),
            r.area,
            r.explanation,
            r.migration
        );
    }
    out
}

fn text_one(r: &Rule) -> String {
    format!(
        "{}\n  {}\n\n  level:      {}\n  direction:  {}\n  area:       {}\n  oasdiff id: {}\n\n  {}\n\n  migration:  {}\n",
        r.id,
        r.title,
        r.level.as_str(),
        r.direction.as_str(),
        r.area,
        if r.oasdiff { "yes" } else { "no" },
        r.explanation,
        r.migration
    )
}

pub fn run(args: &RulesArgs) -> Result<u8, CliError> {
    let rendered = match &args.id {
        Some(id) => {
            let Some(rule) = CATALOG.get(id) else {
                return Err(CliError::Usage(format!(
                    "no rule `{id}`; `apidelta rules` lists them"
                )));
            };
            match args.format {
                Format::Json => format!("{:#}\n", rule_json(rule)),
                Format::Markdown | Format::Text => text_one(rule),
            }
        }
        None => match args.format {
            Format::Json => format!(
                "{:#}\n",
                serde_json::Value::Array(CATALOG.rules().iter().map(rule_json).collect())
            ),
            Format::Markdown => markdown(),
            Format::Text => {
                let mut out = String::new();
                for r in CATALOG.rules() {
                    let _ = writeln!(out, "{:<62} {:<21} {}", r.id, r.level.as_str(), r.title);
                }
                out
            }
        },
    };
    emit(&rendered, None, ColorChoice::Auto).map_err(CliError::Output)?;
    Ok(exit::OK)
}
