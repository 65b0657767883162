//! `breaking`, `changelog` and `semver`: classify the diff, then report. The three differ in
//! which findings they show and what they lead with.

use super::{CliError, LoadArgs, Rendered, exit, load_pair};
use crate::report::findings::{
    FindingsReport, findings_document, findings_json, findings_text, semver_line,
};
use crate::rules::lifecycle::{Date, DeprecationPolicy, Stability};
use crate::rules::{ClassifyOptions, Level, Summary, classify, semver};
use clap::{Args, ValueEnum};
use std::path::PathBuf;

#[derive(Clone, Copy, ValueEnum, Default)]
pub enum Format {
    #[default]
    Text,
    Json,
    /// A pull-request comment.
    Markdown,
    /// GitHub Actions workflow commands (annotations at file:line).
    Github,
    /// JUnit XML: one test case per finding; those at `--fail-on` (default breaking) fail.
    Junit,
    /// SARIF 2.1.0 for code scanning.
    Sarif,
    /// One self-contained HTML page.
    Html,
    Yaml,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum FailOn {
    Breaking,
    PotentiallyBreaking,
    Deprecation,
    Additive,
    Info,
}

impl FailOn {
    pub fn level(self) -> Level {
        match self {
            FailOn::Breaking => Level::Breaking,
            FailOn::PotentiallyBreaking => Level::PotentiallyBreaking,
            FailOn::Deprecation => Level::Deprecation,
            FailOn::Additive => Level::Additive,
            FailOn::Info => Level::Info,
        }
    }
}

#[derive(Args)]
pub struct FindingsArgs {
    /// The older description: a file path, or `-` for standard input.
    base: String,
    /// The newer description: a file path, or `-` for standard input.
    revision: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    #[command(flatten)]
    out: super::OutputArgs,
    /// Exit with code 1 when a finding at this level or above is reported.
    #[arg(long, value_enum, value_name = "LEVEL")]
    fail_on: Option<FailOn>,
    /// Your field mapping (YAML, as for `apidelta impact`): adds a "Your mapped fields"
    /// section to text, markdown and html output.
    #[arg(long, value_name = "FILE")]
    mappings: Option<PathBuf>,
    #[command(flatten)]
    classify: ClassifyArgs,
    #[command(flatten)]
    load: LoadArgs,
}

/// How findings are classified: the reference date, the policy, strictness.
#[derive(Args)]
pub struct ClassifyArgs {
    /// The reference date for sunsets and deprecation windows (YYYY-MM-DD; default today).
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    as_of: Option<Date>,
    /// Potentially-breaking findings require a major version bump.
    #[arg(long)]
    pub strict: bool,
    /// Minimum days between deprecating a beta element and its sunset (0: no policy).
    #[arg(long, value_name = "N", default_value_t = 0)]
    deprecation_days_beta: u32,
    /// Minimum days between deprecating a stable element and its sunset (0: no policy).
    #[arg(long, value_name = "N", default_value_t = 0)]
    deprecation_days_stable: u32,
    /// Operations below this `x-stability-level` make no compatibility promise and are not
    /// checked (draft < alpha < beta < stable).
    #[arg(long, value_name = "LEVEL", default_value = "beta", value_parser = parse_stability)]
    stability_level: Stability,
}

impl ClassifyArgs {
    pub fn options(&self) -> ClassifyOptions {
        ClassifyOptions {
            strict: self.strict,
            policy: DeprecationPolicy {
                beta_days: self.deprecation_days_beta,
                stable_days: self.deprecation_days_stable,
            },
            stability_threshold: self.stability_level,
            ..ClassifyOptions::as_of(self.as_of.unwrap_or_else(Date::today))
        }
    }
}

/// The findings of one comparison, with the semver verdict.
pub fn classify_pair(
    diff: &crate::diff::Diff,
    base: &crate::model::Api,
    revision: &crate::model::Api,
    options: &ClassifyOptions,
) -> (Vec<crate::rules::Finding>, semver::SemverReport) {
    let all = classify(diff, base, revision, options);
    let semver = semver::evaluate(
        &all,
        base.info.version.as_deref(),
        revision.info.version.as_deref(),
        options.strict,
    );
    (all, semver)
}

/// Under GitHub Actions: the counts go to `$GITHUB_OUTPUT`, the markdown report to
/// `$GITHUB_STEP_SUMMARY` (both appended, as the runner expects).
fn github_files(report: &FindingsReport) -> Result<(), CliError> {
    use std::io::Write;
    let append = |var: &str, text: &str| -> Result<(), CliError> {
        let Some(path) = std::env::var_os(var) else {
            return Ok(());
        };
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .and_then(|mut f| f.write_all(text.as_bytes()))
            .map_err(|e| {
                CliError::Output(format!(
                    "cannot write ${var} ({}): {e}",
                    std::path::Path::new(&path).display()
                ))
            })
    };
    append(
        "GITHUB_OUTPUT",
        &crate::report::github::github_outputs(report),
    )?;
    append(
        "GITHUB_STEP_SUMMARY",
        &crate::report::markdown::findings_markdown(report),
    )
}

fn parse_stability(s: &str) -> Result<Stability, String> {
    Stability::parse(s).ok_or_else(|| {
        format!("`{s}` is not a stability level; expected draft, alpha, beta or stable")
    })
}

/// Which command is running.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Breaking,
    Changelog,
    Semver,
}

pub fn run(args: &FindingsArgs, mode: Mode) -> Result<u8, CliError> {
    let entries = args
        .mappings
        .as_ref()
        .map(|p| super::impact::read_mappings(p))
        .transpose()?;
    let (base, revision) = load_pair(&args.base, &args.revision, &args.load)?;
    let diff = crate::diff::diff(&base.api, &revision.api);
    let (all, semver) = classify_pair(&diff, &base.api, &revision.api, &args.classify.options());
    let shown: Vec<_> = match mode {
        Mode::Breaking => all
            .iter()
            .filter(|f| f.level <= Level::PotentiallyBreaking)
            .cloned()
            .collect(),
        Mode::Changelog | Mode::Semver => all.clone(),
    };
    let report = FindingsReport {
        base: base.side(),
        revision: revision.side(),
        findings: &shown,
        summary: Summary::of(&shown),
        semver: &semver,
    };
    let mapped = entries.as_ref().map(|e| {
        let fields = crate::impact::changed_fields(&diff, &all, &base.api);
        crate::impact::judge(e, &fields, &diff, &all, &base.api)
    });
    // The formats that show file:line.
    if matches!(
        args.format,
        Format::Json | Format::Yaml | Format::Github | Format::Junit | Format::Sarif | Format::Html
    ) {
        report.locate_all();
    }
    let rendered = match (args.format, mode) {
        (Format::Json, _) => Rendered::Json(findings_document(&report)),
        (Format::Markdown, _) => {
            let md = crate::report::markdown::findings_markdown(&report);
            Rendered::Text(match &mapped {
                // Before the footer, so truncation notices and the footer stay last.
                Some(j) => md.replacen(
                    "<sub>Generated by apidelta",
                    &format!(
                        "{}<sub>Generated by apidelta",
                        crate::report::impact::mapped_fields_markdown(j)
                    ),
                    1,
                ),
                None => md,
            })
        }
        (Format::Html, _) => {
            let html = crate::report::html::findings_html(&report);
            Rendered::Text(match &mapped {
                Some(j) => html.replacen(
                    "<script>",
                    &format!("{}<script>", crate::report::impact::mapped_fields_html(j)),
                    1,
                ),
                None => html,
            })
        }
        (Format::Junit, _) => Rendered::Text(crate::report::junit::findings_junit(
            &report,
            args.fail_on.map_or(Level::Breaking, FailOn::level),
        )),
        (Format::Sarif, _) => {
            let mut s =
                serde_json::to_string_pretty(&crate::report::sarif::findings_sarif(&report))
                    .map_err(|e| CliError::Output(e.to_string()))?;
            s.push('\n');
            Rendered::Data(s)
        }
        (Format::Yaml, _) => Rendered::Data(super::yaml_text(findings_json(&report))?),
        (Format::Github, _) => {
            github_files(&report)?;
            Rendered::Text(crate::report::github::findings_github(&report))
        }
        (Format::Text, Mode::Semver) => Rendered::Text(format!("{}\n", semver_line(&report))),
        (Format::Text, _) => {
            let mut text = findings_text(&report);
            if let Some(j) = &mapped {
                text.push('\n');
                text.push_str(&crate::report::impact::mapped_fields_text(j, &all));
            }
            Rendered::Text(args.out.wrap(text))
        }
    };
    args.out.emit_rendered(rendered)?;
    let reached = args
        .fail_on
        .is_some_and(|threshold| shown.iter().any(|f| f.level <= threshold.level()));
    // The process ends right after this; see `diff::run`.
    std::mem::forget((base, revision, diff, all, shown));
    Ok(if reached { exit::THRESHOLD } else { exit::OK })
}
