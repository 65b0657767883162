//! GitHub Actions workflow commands: one annotation per finding at its file, line and
//! column, plus the counts in `$GITHUB_OUTPUT` and a markdown summary in
//! `$GITHUB_STEP_SUMMARY` when those are set.

use super::findings::FindingsReport;
use crate::rules::{Finding, Level};
use std::fmt::Write;

/// Workflow-command property values escape `%`, CR, LF, `:` and `,`.
fn escape_property(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
        .replace(':', "%3A")
        .replace(',', "%2C")
}

/// Messages escape `%`, CR and LF.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn command(level: Level) -> &'static str {
    match level {
        Level::Breaking => "error",
        Level::PotentiallyBreaking => "warning",
        _ => "notice",
    }
}

fn annotation(report: &FindingsReport, f: &Finding) -> String {
    let location = super::findings::primary_location(report, f);
    let mut props = Vec::new();
    if let Some(l) = &location {
        props.push(format!("file={}", escape_property(&l.file)));
        if let (Some(line), Some(col)) = (l.line, l.column) {
            props.push(format!("line={line},col={col}"));
        }
    }
    props.push(format!("title={}", escape_property(&f.rule.id)));
    let mut message = f.message.clone();
    if !f.migration.is_empty() {
        message.push('\n');
        message.push_str(&f.migration);
    }
    format!(
        "::{} {}::{}",
        command(f.level),
        props.join(","),
        escape_data(&message)
    )
}

/// The annotations, one per line.
pub fn findings_github(report: &FindingsReport) -> String {
    let mut out = String::new();
    for f in report.findings {
        let _ = writeln!(out, "{}", annotation(report, f));
    }
    let s = report.summary;
    let _ = writeln!(
        out,
        "apidelta: {} breaking, {} potentially breaking, {} deprecation, {} additive, {} info; semver {}",
        s.breaking,
        s.potentially_breaking,
        s.deprecation,
        s.additive,
        s.info,
        report.semver.verdict.as_str()
    );
    out
}

/// `key=value` lines for `$GITHUB_OUTPUT`.
pub fn github_outputs(report: &FindingsReport) -> String {
    let s = report.summary;
    format!(
        "breaking={}\npotentially_breaking={}\ndeprecation={}\nadditive={}\ninfo={}\nsemver_required={}\nsemver_verdict={}\n",
        s.breaking,
        s.potentially_breaking,
        s.deprecation,
        s.additive,
        s.info,
        report.semver.required.as_str(),
        report.semver.verdict.as_str()
    )
}
