//! `impact` output: changed fields and mapped-field judgements as text, markdown, JSON
//! (DESIGN §4) and CSV.

use super::Side;
use super::json_stream::Document;
use crate::diff::Usage;
use crate::impact::{ChangedField, Judgement};
use crate::rules::Finding;
use serde_json::{Value, json};

/// Everything an impact report shows.
pub struct ImpactReport<'a> {
    pub base: Side<'a>,
    pub revision: Side<'a>,
    pub findings: &'a [Finding],
    pub fields: &'a [ChangedField],
    /// `None` without `--mappings`.
    pub mappings: Option<&'a [Judgement]>,
}

fn usage_label(u: &Usage, scoped: &Option<String>) -> String {
    match scoped {
        Some(p) => format!("{} {} {} ({})", u.method, u.path, p, u.direction.as_str()),
        None => format!(
            "{} {} {} ({})",
            u.method,
            u.path,
            u.location,
            u.direction.as_str()
        ),
    }
}

fn fingerprints(report: &ImpactReport, ids: &[usize]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for &i in ids {
        let fp = &report.findings[i].fingerprint;
        if !out.contains(fp) {
            out.push(fp.clone());
        }
    }
    out
}

fn operations_by_direction(f: &ChangedField) -> (Vec<String>, Vec<String>, Vec<String>) {
    let (mut req, mut resp, mut other) = (Vec::new(), Vec::new(), Vec::new());
    for (u, p) in &f.operations {
        let label = usage_label(u, p);
        match u.direction {
            crate::diff::Direction::Request => req.push(label),
            crate::diff::Direction::Response => resp.push(label),
            crate::diff::Direction::None => other.push(label),
        }
    }
    (req, resp, other)
}

/// The "Your mapped fields" section as text; `breaking` and `changelog` append it too.
pub fn mapped_fields_text(judgements: &[Judgement], findings: &[Finding]) -> String {
    let mut out = format!("Your mapped fields ({}):\n", judgements.len());
    for j in judgements {
        out.push_str(&format!(
            "  {} -> {}: {}",
            j.entry.field,
            j.entry.ours,
            j.status.as_str()
        ));
        if let Some((new, c)) = &j.new_field {
            out.push_str(&format!(" (to {new}, confidence {c:.2})"));
        }
        out.push('\n');
        for &i in &j.findings {
            let f = &findings[i];
            out.push_str(&format!(
                "      {} [{}] {} {}\n",
                f.level.as_str(),
                f.rule.id,
                f.fingerprint,
                f.message
            ));
        }
        for op in &j.operations {
            out.push_str(&format!("      affects: {op}\n"));
        }
        out.push_str(&format!("      migration: {}\n", j.migration));
    }
    out
}

/// The "Your mapped fields" section as a markdown table.
pub fn mapped_fields_markdown(judgements: &[Judgement]) -> String {
    let mut out = String::from(
        "### Your mapped fields\n\n| Field | Ours | Status | Migration |\n|---|---|---|---|\n",
    );
    for j in judgements {
        let mut status = j.status.as_str().to_string();
        if let Some((new, c)) = &j.new_field {
            status.push_str(&format!(" → `{new}` ({c:.2})"));
        }
        out.push_str(&format!(
            "| `{}` | `{}` | {} | {} |\n",
            md(&j.entry.field),
            md(&j.entry.ours),
            status,
            md(&j.migration)
        ));
    }
    out.push('\n');
    out
}

/// The "Your mapped fields" section as HTML.
pub fn mapped_fields_html(judgements: &[Judgement]) -> String {
    let esc = super::junit::xml_escape;
    let mut out = String::from(
        "<section class=\"group mapped\"><h2>Your mapped fields</h2><table><tr><th>field</th><th>ours</th><th>status</th><th>migration</th></tr>",
    );
    for j in judgements {
        let mut status = j.status.as_str().to_string();
        if let Some((new, c)) = &j.new_field {
            status.push_str(&format!(" → {new} ({c:.2})"));
        }
        out.push_str(&format!(
            "<tr><td><code>{}</code></td><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
            esc(&j.entry.field),
            esc(&j.entry.ours),
            esc(&status),
            esc(&j.migration)
        ));
    }
    out.push_str("</table></section>\n");
    out
}

pub fn impact_text(report: &ImpactReport) -> String {
    let mut out = String::new();
    if let Some(judgements) = report.mappings {
        out.push_str(&mapped_fields_text(judgements, report.findings));
        out.push('\n');
    }
    out.push_str(&format!("Changed fields ({}):\n", report.fields.len()));
    for f in report.fields {
        out.push_str(&format!(
            "  {} ({}) findings: {}\n",
            f.field,
            f.level.as_str(),
            fingerprints(report, &f.findings).join(", ")
        ));
        let (req, resp, other) = operations_by_direction(f);
        for (title, list) in [("request", req), ("response", resp), ("other", other)] {
            if list.is_empty() {
                continue;
            }
            out.push_str(&format!("      {title}:\n"));
            for l in list {
                out.push_str(&format!("        {l}\n"));
            }
        }
    }
    out
}

fn md(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

pub fn impact_markdown(report: &ImpactReport) -> String {
    let mut out = String::from("## API impact\n\n");
    if let Some(judgements) = report.mappings {
        out.push_str(&mapped_fields_markdown(judgements));
    }
    out.push_str("### Changed fields\n\n| Field | Level | Findings | Request | Response |\n|---|---|---|---|---|\n");
    for f in report.fields {
        let (req, resp, _) = operations_by_direction(f);
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            md(&f.field),
            f.level.as_str(),
            fingerprints(report, &f.findings).join(", "),
            md(&req.join("<br>")),
            md(&resp.join("<br>"))
        ));
    }
    out
}

fn finding_json(f: &Finding) -> Value {
    json!({
        "id": f.rule.id,
        "level": f.level.as_str(),
        "fingerprint": f.fingerprint,
        "message": f.message,
    })
}

fn field_json(report: &ImpactReport, f: &ChangedField) -> Value {
    json!({
        "field": f.field,
        "level": f.level.as_str(),
        "fingerprints": fingerprints(report, &f.findings),
        "operations": f.operations.iter().map(|(u, p)| {
            let mut o = super::json::usage_json(u);
            o["field"] = json!(p.as_ref().map(|p| format!("{} {} {p}", u.method, u.path)));
            o
        }).collect::<Vec<_>>(),
    })
}

fn judgement_json(report: &ImpactReport, j: &Judgement) -> Value {
    let mut o = json!({
        "field": j.entry.field,
        "ours": j.entry.ours,
        "status": j.status.as_str(),
        "findings": j.findings.iter().map(|&i| finding_json(&report.findings[i])).collect::<Vec<_>>(),
        "operations": j.operations,
        "migration": j.migration,
    });
    if let Some((new, c)) = &j.new_field {
        o["new_field"] = json!(new);
        o["confidence"] = json!(c);
    }
    o
}

/// The whole `impact --format json` document, each field and mapping built as it is
/// written.
pub fn impact_document<'a>(report: &'a ImpactReport<'a>) -> Document<'a> {
    let mut out = Document::new(super::json::envelope(&report.base, &report.revision));
    out.array(
        "fields",
        report.fields.iter().map(|f| field_json(report, f)),
    );
    if let Some(judgements) = report.mappings {
        out.array(
            "mappings",
            judgements.iter().map(|j| judgement_json(report, j)),
        );
    }
    out
}

/// The whole `impact --format json` document as one `Value`.
pub fn impact_json(report: &ImpactReport) -> serde_json::Result<Value> {
    impact_document(report).into_value()
}

/// With mappings: one row per entry; otherwise one row per changed field.
pub fn impact_csv(report: &ImpactReport) -> String {
    let mut out = String::new();
    match report.mappings {
        Some(judgements) => {
            out.push_str(&super::csv_row(
                &[
                    "field",
                    "ours",
                    "status",
                    "new_field",
                    "findings",
                    "operations",
                    "migration",
                ]
                .map(String::from),
            ));
            for j in judgements {
                out.push_str(&super::csv_row(&[
                    j.entry.field.clone(),
                    j.entry.ours.clone(),
                    j.status.as_str().to_string(),
                    j.new_field
                        .as_ref()
                        .map(|(n, _)| n.clone())
                        .unwrap_or_default(),
                    fingerprints(report, &j.findings).join(" "),
                    j.operations.join("; "),
                    j.migration.clone(),
                ]));
            }
        }
        None => {
            out.push_str(&super::csv_row(
                &["field", "level", "findings", "request", "response"].map(String::from),
            ));
            for f in report.fields {
                let (req, resp, _) = operations_by_direction(f);
                out.push_str(&super::csv_row(&[
                    f.field.clone(),
                    f.level.as_str().to_string(),
                    fingerprints(report, &f.findings).join(" "),
                    req.join("; "),
                    resp.join("; "),
                ]));
            }
        }
    }
    out
}
