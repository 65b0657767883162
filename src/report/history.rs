//! The changelog across many versions (`apidelta history`): an overview of every step (one
//! per successive pair), then each step's findings as `changelog` shows them.
//!
//! A step's findings are rendered while both of its versions are loaded (positions need the
//! source text); this module assembles the rendered steps, so at most two versions are in
//! memory at once.

use super::findings::{FindingsReport, counts_line, findings_json, summary_json};
use super::markdown::{inline, level_sections, verdict};
use crate::load::git::FileCommit;
use crate::rules::semver::SemverReport;
use crate::rules::{Level, Summary};
use anstyle::Style;
use serde_json::{Map, Value, json};
use std::fmt::Write;

/// One version as the overview shows it.
pub struct VersionInfo {
    /// `side_json` of the version: source, spec version, title, version.
    pub side: Value,
    pub source: String,
    /// `info.version`.
    pub version: Option<String>,
    pub commit: Option<FileCommit>,
}

/// One step: indexes into the versions, and its verdicts.
pub struct StepInfo {
    pub base: usize,
    pub revision: usize,
    pub summary: Summary,
    pub semver: SemverReport,
}

/// Everything the overview needs, and each step rendered in the output format.
pub struct History<T> {
    pub versions: Vec<VersionInfo>,
    pub steps: Vec<StepInfo>,
    pub rendered: Vec<T>,
}

impl StepInfo {
    pub fn of(base: usize, revision: usize, report: &FindingsReport) -> StepInfo {
        StepInfo {
            base,
            revision,
            summary: report.summary,
            semver: report.semver.clone(),
        }
    }
}

impl<T> History<T> {
    /// How the overview names each version: its source without the directory all versions
    /// share, then its commit date and `info.version` when known.
    fn labels(&self) -> Vec<String> {
        let common = common_dir(self.versions.iter().map(|v| v.source.as_str()));
        self.versions
            .iter()
            .map(|v| {
                let name = &v.source[common..];
                match (&v.commit, &v.version) {
                    (Some(c), Some(ver)) => format!("{name} ({}, {ver})", c.date),
                    (Some(c), None) => format!("{name} ({})", c.date),
                    (None, Some(ver)) => format!("{name} ({ver})"),
                    (None, None) => name.to_string(),
                }
            })
            .collect()
    }
}

/// The length of the longest directory prefix (ending in `/`) all sources share.
pub(crate) fn common_dir<'s>(mut sources: impl Iterator<Item = &'s str>) -> usize {
    let Some(first) = sources.next() else {
        return 0;
    };
    let mut len = first.rfind('/').map_or(0, |i| i + 1);
    for s in sources {
        while len > 0 && !(s.len() >= len && s.as_bytes()[..len] == first.as_bytes()[..len]) {
            len = first[..len - 1].rfind('/').map_or(0, |i| i + 1);
        }
    }
    len
}

fn totals(steps: &[StepInfo]) -> Summary {
    let mut total = Summary::default();
    for s in steps {
        total.breaking += s.summary.breaking;
        total.potentially_breaking += s.summary.potentially_breaking;
        total.deprecation += s.summary.deprecation;
        total.additive += s.summary.additive;
        total.info += s.summary.info;
    }
    total
}

fn step_title(labels: &[String], step: &StepInfo) -> String {
    format!("{} → {}", labels[step.base], labels[step.revision])
}

/// One step's JSON (`base`, `revision`, `summary`, `semver` and `findings`, DESIGN §4),
/// already written out: a step's findings take ten times less memory as text than as a
/// `Value`, and a long walk holds every step until the end.
pub fn step_json(report: &FindingsReport) -> serde_json::Result<String> {
    let mut v = findings_json(report)?;
    if let Some(o) = v.as_object_mut() {
        o.remove("schema_version");
        o.remove("tool");
    }
    // Indented to sit inside the `steps` array; JSON text has no raw newline in a string,
    // so every line break is between tokens.
    Ok(serde_json::to_string_pretty(&v)?.replace('\n', "\n    "))
}

/// Stands for the `steps` array while the envelope is written.
const STEPS_PLACEHOLDER: &str = "\u{0}steps\u{0}";

/// `history --format json`: the envelope, the versions in order, the totals, and `steps`,
/// pretty-printed like every JSON output.
pub fn history_json(h: History<String>) -> String {
    let mut out = Map::new();
    out.insert("schema_version".into(), json!(super::json::SCHEMA_VERSION));
    out.insert(
        "tool".into(),
        json!({"name": "apidelta", "version": env!("CARGO_PKG_VERSION")}),
    );
    let versions = h
        .versions
        .iter()
        .map(|v| {
            let mut side = v.side.clone();
            if let (Some(o), Some(c)) = (side.as_object_mut(), &v.commit) {
                o.insert(
                    "commit".into(),
                    json!({"id": c.commit, "date": c.date, "subject": c.subject, "path": c.path}),
                );
            }
            side
        })
        .collect();
    out.insert("versions".into(), Value::Array(versions));
    out.insert("summary".into(), summary_json(&totals(&h.steps)));
    out.insert("steps".into(), json!(STEPS_PLACEHOLDER));
    let envelope = serde_json::to_string_pretty(&Value::Object(out)).unwrap_or_default();
    let placeholder = serde_json::to_string(STEPS_PLACEHOLDER).unwrap_or_default();
    let (head, tail) = envelope
        .split_once(&placeholder)
        .unwrap_or((envelope.as_str(), ""));
    // Written once into a buffer of the final size: the steps are most of the output.
    let size: usize = h.rendered.iter().map(|s| s.len() + 6).sum();
    let mut text = String::with_capacity(head.len() + size + tail.len() + 16);
    text.push_str(head);
    text.push('[');
    for (i, step) in h.rendered.into_iter().enumerate() {
        text.push_str(if i == 0 { "\n    " } else { ",\n    " });
        text.push_str(&step);
    }
    text.push_str(if text.ends_with('[') { "]" } else { "\n  ]" });
    text.push_str(tail);
    text.push('\n');
    text
}

/// `history` as text: the overview, one line per step, then each step's changelog.
pub fn history_text(h: History<String>) -> String {
    let labels = h.labels();
    const BOLD: Style = Style::new().bold();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{BOLD}{} versions, {} steps{BOLD:#}: {}",
        h.versions.len(),
        h.steps.len(),
        counts_line(&totals(&h.steps))
    );
    for (i, step) in h.steps.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {:>3}. {}  {}, requires {} ({})",
            i + 1,
            step_title(&labels, &h.steps[i]),
            short_counts(&step.summary),
            step.semver.required.as_str(),
            step.semver.verdict.as_str()
        );
    }
    for (i, body) in h.rendered.iter().enumerate() {
        let _ = writeln!(
            out,
            "\n{BOLD}━━ {}/{}: {} ━━{BOLD:#}",
            i + 1,
            h.steps.len(),
            step_title(&labels, &h.steps[i])
        );
        out.push_str(body);
    }
    out
}

/// `3 breaking, 1 additive`, or `no changes`: the non-zero counts only.
fn short_counts(s: &Summary) -> String {
    let parts: Vec<String> = Level::ALL
        .into_iter()
        .filter(|l| s.count(*l) > 0)
        .map(|l| format!("{} {}", s.count(l), l.as_str().replace('-', " ")))
        .collect();
    if parts.is_empty() {
        "no changes".into()
    } else {
        parts.join(", ")
    }
}

/// One step as markdown (under a `###` step heading).
pub fn step_markdown(report: &FindingsReport) -> String {
    let mut out = format!("{}\n\n", verdict(report));
    let _ = writeln!(
        out,
        "**Semver:** {}\n",
        inline(&super::findings::semver_line(report))
    );
    for section in level_sections(report, 4) {
        out.push_str(&section);
    }
    out
}

/// `history --format markdown`: an overview table, then a section per step.
pub fn history_markdown(h: History<String>) -> String {
    let labels = h.labels();
    let mut out = format!(
        "## API history: {} versions, {} steps\n\n{}\n\n",
        h.versions.len(),
        h.steps.len(),
        counts_line(&totals(&h.steps))
    );
    out.push_str("| # | from | to | breaking | potentially breaking | deprecation | additive | info | requires | verdict |\n");
    out.push_str("|---:|---|---|---:|---:|---:|---:|---:|---|---|\n");
    for (i, step) in h.steps.iter().enumerate() {
        let s = step.summary;
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            i + 1,
            inline(&labels[step.base]),
            inline(&labels[step.revision]),
            s.breaking,
            s.potentially_breaking,
            s.deprecation,
            s.additive,
            s.info,
            step.semver.required.as_str(),
            step.semver.verdict.as_str()
        );
    }
    for (i, body) in h.rendered.iter().enumerate() {
        let _ = write!(
            out,
            "\n### {}. {}\n\n",
            i + 1,
            inline(&step_title(&labels, &h.steps[i]))
        );
        out.push_str(body);
    }
    out.push_str("\n<sub>Generated by apidelta. Rule docs: `apidelta rules ID`.</sub>\n");
    out
}

/// One step as an HTML fragment (counts, semver, grouped findings).
pub fn step_html(report: &FindingsReport) -> String {
    let mut out = super::html::summary_html(report);
    if report.findings.is_empty() {
        out.push_str("<p>No API changes.</p>\n");
    } else {
        out.push_str(&super::html::groups_html(report, "h3"));
    }
    out
}

/// `history --format html`: one self-contained page, an overview table linking to a
/// section per step, and one level filter for all of them.
pub fn history_html(h: History<String>) -> String {
    use super::html::esc;
    let labels = h.labels();
    let mut body = format!(
        "<p>{} versions, {} steps: {}</p>\n<table class=\"summary\"><tr><th>#</th><th>from</th><th>to</th>",
        h.versions.len(),
        h.steps.len(),
        esc(&counts_line(&totals(&h.steps)))
    );
    for level in Level::ALL {
        let _ = write!(body, "<th>{}</th>", level.as_str());
    }
    body.push_str("<th>requires</th><th>verdict</th></tr>\n");
    for (i, step) in h.steps.iter().enumerate() {
        let _ = write!(
            body,
            "<tr><td><a href=\"#step-{0}\">{0}</a></td><td>{1}</td><td>{2}</td>",
            i + 1,
            esc(&labels[step.base]),
            esc(&labels[step.revision])
        );
        for level in Level::ALL {
            let _ = write!(body, "<td>{}</td>", step.summary.count(level));
        }
        let _ = writeln!(
            body,
            "<td>{}</td><td>{}</td></tr>",
            step.semver.required.as_str(),
            step.semver.verdict.as_str()
        );
    }
    body.push_str("</table>\n");
    body.push_str(&super::html::filters_html());
    for (i, fragment) in h.rendered.iter().enumerate() {
        let _ = write!(
            body,
            "<section class=\"step\" id=\"step-{}\"><h2>{}. {}</h2>\n{fragment}</section>\n",
            i + 1,
            i + 1,
            esc(&step_title(&labels, &h.steps[i]))
        );
    }
    let title = match (h.versions.first(), h.versions.last()) {
        (Some(a), Some(b)) => format!("API history: {} → {}", a.source, b.source),
        _ => "API history".into(),
    };
    super::html::page(&title, &body)
}

#[cfg(test)]
mod tests {
    use super::common_dir;

    #[test]
    fn labels_drop_the_shared_directory() {
        let v = ["specs/k8s/01-a.json", "specs/k8s/02-b.json"];
        assert_eq!(common_dir(v.into_iter()), "specs/k8s/".len());
        let v = ["specs/k8s/01-a.json", "specs/other/02-b.json"];
        assert_eq!(common_dir(v.into_iter()), "specs/".len());
        let v = ["a.json", "specs/b.json"];
        assert_eq!(common_dir(v.into_iter()), 0);
        let v = ["abc:specs/a.json", "def:specs/a.json"];
        assert_eq!(common_dir(v.into_iter()), 0);
    }
}
