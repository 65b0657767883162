//! Reports of classified findings (`breaking`, `changelog`, `semver`): JSON per DESIGN §4
//! and grouped text, breaking changes first.

use super::json::{UsagesJson, envelope};
use super::json_stream::Document;
use super::{SEP, Side};
use crate::rules::semver::SemverReport;
use crate::rules::{Finding, Level, Summary};
use anstyle::{AnsiColor, Style};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Value, json};
use std::fmt::Write;

/// Everything a findings report needs.
pub struct FindingsReport<'a> {
    pub base: Side<'a>,
    pub revision: Side<'a>,
    pub findings: &'a [Finding],
    pub summary: Summary,
    pub semver: &'a SemverReport,
}

impl FindingsReport<'_> {
    /// Finds the positions the findings' locations need, up front (see
    /// [`DocumentSet::locate_all`](crate::load::DocumentSet::locate_all)).
    pub fn locate_all(&self) {
        let findings = self.findings;
        self.base
            .locate_all(findings.iter().filter_map(|f| f.base.as_ref()));
        self.revision
            .locate_all(findings.iter().filter_map(|f| f.revision.as_ref()));
    }
}

pub fn summary_json(s: &Summary) -> Value {
    json!({
        "breaking": s.breaking,
        "potentially_breaking": s.potentially_breaking,
        "deprecation": s.deprecation,
        "additive": s.additive,
        "info": s.info,
    })
}

pub fn semver_json(s: &SemverReport) -> Value {
    json!({
        "required": s.required.as_str(),
        "declared": s.declared.map(|d| d.as_str()),
        "verdict": s.verdict.as_str(),
        "suggested": s.suggested,
    })
}

/// A finding as the JSON reports write it, serialized from the finding itself.
struct FindingJson<'a> {
    report: &'a FindingsReport<'a>,
    finding: &'a Finding,
}

impl Serialize for FindingJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (f, report) = (self.finding, self.report);
        let mut o = serializer.serialize_map(None)?;
        o.serialize_entry("id", &f.rule.id)?;
        o.serialize_entry("level", f.level.as_str())?;
        o.serialize_entry("fingerprint", &f.fingerprint)?;
        o.serialize_entry("message", &f.message)?;
        o.serialize_entry("base", &f.base.as_ref().map(|at| report.base.locate(at)))?;
        let revision = f.revision.as_ref().map(|at| report.revision.locate(at));
        o.serialize_entry("revision", &revision)?;
        o.serialize_entry("operations", &UsagesJson(&f.operations))?;
        let related: Vec<Value> = f
            .related
            .iter()
            .map(|r| json!({"fingerprint": r.fingerprint, "relation": r.relation, "confidence": r.confidence}))
            .collect();
        o.serialize_entry("related", &related)?;
        o.serialize_entry("migration", &f.migration)?;
        o.end()
    }
}

/// The whole JSON document of `breaking`, `changelog` and `semver`, each finding built as
/// it is written.
pub fn findings_document<'a>(report: &'a FindingsReport<'a>) -> Document<'a> {
    let mut out = Document::new(envelope(&report.base, &report.revision));
    out.value("summary", summary_json(&report.summary));
    out.value("semver", semver_json(report.semver));
    out.array(
        "findings",
        report
            .findings
            .iter()
            .map(|finding| FindingJson { report, finding }),
    );
    out
}

/// The whole JSON document as one `Value`.
pub fn findings_json(report: &FindingsReport) -> serde_json::Result<Value> {
    findings_document(report).into_value()
}

fn level_style(level: Level) -> Style {
    match level {
        Level::Breaking => AnsiColor::Red.on_default().bold(),
        Level::PotentiallyBreaking => AnsiColor::Yellow.on_default().bold(),
        Level::Deprecation => AnsiColor::Magenta.on_default(),
        Level::Additive => AnsiColor::Green.on_default(),
        Level::Info => AnsiColor::Blue.on_default(),
    }
}

fn heading(level: Level) -> &'static str {
    match level {
        Level::Breaking => "Breaking",
        Level::PotentiallyBreaking => "Potentially breaking",
        Level::Deprecation => "Deprecations",
        Level::Additive => "Additive",
        Level::Info => "Info",
    }
}

/// Where a finding is shown in file:line formats: where the element is now, or where it
/// was for a removal (it no longer exists in the revision).
pub fn primary_location(report: &FindingsReport, f: &Finding) -> Option<super::Location> {
    let removal = f.revision.is_none()
        || f.rule.id.contains("removed")
        || f.rule.id.contains("deleted")
        || f.rule.id.ends_with("-unset");
    match (removal, &f.base, &f.revision) {
        (true, Some(o), _) => Some(report.base.locate(o)),
        (_, _, Some(o)) => Some(report.revision.locate(o)),
        (_, Some(o), None) => Some(report.base.locate(o)),
        (_, None, None) => None,
    }
}

/// "GET /a, GET /b and 3 more" for a finding that reaches more than one operation, with
/// at most `limit` operations named, each rendered by `item`.
pub fn affected(
    f: &Finding,
    limit: usize,
    item: impl Fn(&crate::diff::Usage) -> String,
) -> Option<String> {
    if f.operations.len() < 2 {
        return None;
    }
    let named: Vec<String> = f.operations.iter().take(limit).map(item).collect();
    let more = f.operations.len().saturating_sub(limit);
    let tail = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    Some(format!("{}{tail}", named.join(", ")))
}

/// The one-line semver sentence: "declared minor (1.4.0 → 1.5.0), requires major: under-bumped".
pub fn semver_line(report: &FindingsReport) -> String {
    let s = report.semver;
    let (b, r) = (
        report.base.api.info.version.as_deref().unwrap_or("?"),
        report.revision.api.info.version.as_deref().unwrap_or("?"),
    );
    let declared = match s.declared {
        Some(d) => format!("declared {} ({b} → {r})", d.as_str()),
        None => format!("declared {b} → {r}"),
    };
    let suggested = s
        .suggested
        .as_ref()
        .map(|v| format!("; suggested version {v}"))
        .unwrap_or_default();
    format!(
        "{declared}, requires {}: {}{suggested}",
        s.required.as_str(),
        s.verdict.as_str()
    )
}

/// The findings at one level, in report order.
pub fn at_level(findings: &[Finding], level: Level) -> Vec<&Finding> {
    findings.iter().filter(|f| f.level == level).collect()
}

/// "1 breaking, 0 potentially breaking, 2 deprecations, 0 additive, 3 info".
pub fn counts_line(s: &Summary) -> String {
    format!(
        "{} breaking, {} potentially breaking, {} deprecation{}, {} additive, {} info",
        s.breaking,
        s.potentially_breaking,
        s.deprecation,
        if s.deprecation == 1 { "" } else { "s" },
        s.additive,
        s.info
    )
}

/// The whole text report.
pub fn findings_text(report: &FindingsReport) -> String {
    const BOLD: Style = Style::new().bold();
    const DIM: Style = Style::new().dimmed();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{BOLD}base{BOLD:#}      {}",
        super::text::side_line(&report.base)
    );
    let _ = writeln!(
        out,
        "{BOLD}revision{BOLD:#}  {}",
        super::text::side_line(&report.revision)
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", counts_line(&report.summary));
    let _ = writeln!(out, "semver: {}", semver_line(report));
    if report.findings.is_empty() {
        let _ = writeln!(out, "\nNo API changes to report.");
        return out;
    }
    for level in Level::ALL {
        let list = at_level(report.findings, level);
        if list.is_empty() {
            continue;
        }
        let style = level_style(level);
        let _ = writeln!(out, "\n{style}{} ({}){style:#}", heading(level), list.len());
        for f in list {
            let _ = writeln!(out, "{SEP}{style}{}{style:#}  {}", f.rule.id, f.message);
            if let Some(list) = affected(f, 5, |u| format!("{} {}", u.method, u.path)) {
                let _ = writeln!(out, "{SEP}  {DIM}affects {list}{DIM:#}");
            }
            if !f.migration.is_empty() {
                let _ = writeln!(out, "{SEP}  → {}", f.migration);
            }
        }
    }
    out
}
