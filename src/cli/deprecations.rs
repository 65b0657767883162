//! `apidelta deprecations SPEC [--as-of DATE]`: the deprecation ledger of one description
//! (DESIGN §2.6): what is deprecated, since when, its sunset, days left, what is overdue.

use super::history::HistoryInputs;
use super::{CliError, LoadArgs, Rendered, exit, load_input};
use crate::ledger::{Ledger, LedgerHistory};
use crate::report::ledger::{
    LedgerReport, ledger_csv, ledger_document, ledger_markdown, ledger_text,
};
use crate::rules::lifecycle::Date;
use clap::{Args, ValueEnum};

#[derive(Clone, Copy, ValueEnum, Default)]
pub enum Format {
    /// Grouped: overdue, sunset ahead, no sunset.
    #[default]
    Text,
    /// A table, for a pull-request comment or a wiki page.
    Markdown,
    /// The JSON contract (`apidelta schema deprecations`).
    Json,
    /// One row per element, with a header row (RFC 4180).
    Csv,
}

#[derive(Args)]
pub struct DeprecationsArgs {
    /// Read SPEC... (or --git PATH) as successive versions, as `history` does: the ledger
    /// of the newest, with the version each deprecation appeared in, and the deprecated
    /// elements removed since (before or after their sunset).
    #[arg(long)]
    history: bool,
    /// The description (a file path, `-`, a URL or `REV:path`); with --history, the
    /// versions (files, directories or globs), oldest first.
    #[command(flatten)]
    inputs: HistoryInputs,
    /// The reference date for days left and overdue sunsets (YYYY-MM-DD; default today).
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    as_of: Option<Date>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    #[command(flatten)]
    out: super::OutputArgs,
    /// Exit with code 1 when an element's sunset is before the reference date.
    #[arg(long)]
    fail_on_overdue: bool,
    #[command(flatten)]
    load: LoadArgs,
}

/// A ledger report in one format.
pub fn render<'a>(report: &'a LedgerReport<'a>, format: Format) -> Rendered<'a> {
    match format {
        Format::Text => Rendered::Text(ledger_text(report)),
        Format::Markdown => Rendered::Text(ledger_markdown(report)),
        Format::Csv => Rendered::Text(ledger_csv(report)),
        Format::Json => Rendered::Json(ledger_document(report)),
    }
}

pub fn run(args: &DeprecationsArgs) -> Result<u8, CliError> {
    let as_of = args.as_of.unwrap_or_else(Date::today);
    let (spec, ledger) = if args.history {
        let mut history = LedgerHistory::new();
        let (_, newest) = args.inputs.walk(&args.load, |v, loaded, _| {
            let date = v.commit.as_ref().and_then(|c| Date::parse(&c.date));
            history.push_dated(&v.source, date, &loaded.api);
            Ok(())
        })?;
        let Some((_, spec)) = newest else {
            return Err(CliError::Usage("no version could be loaded".into()));
        };
        (spec, history.finish(as_of))
    } else {
        let spec = match (&args.inputs.git, args.inputs.specs.as_slice()) {
            (None, [one]) => one,
            _ => {
                return Err(CliError::Usage(
                    "deprecations takes one SPEC; pass --history to read several versions".into(),
                ));
            }
        };
        let spec = load_input(spec, &args.load)?;
        let ledger = Ledger::of(&spec.api, as_of);
        (spec, ledger)
    };
    let report = LedgerReport {
        spec: spec.side(),
        ledger: &ledger,
    };
    args.out.emit_rendered(render(&report, args.format))?;
    let failed = args.fail_on_overdue && ledger.any_overdue();
    // The process ends right after this; see `diff::run`.
    std::mem::forget(spec);
    Ok(if failed { exit::THRESHOLD } else { exit::OK })
}
