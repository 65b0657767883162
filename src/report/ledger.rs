//! `deprecations` output: the deprecation ledger as text (grouped: overdue, sunset ahead,
//! no sunset, removed), markdown (a table), JSON (DESIGN §4) and CSV (RFC 4180).

use super::json_stream::Document;
use super::{Location, Side};
use crate::ledger::{Identity, Ledger, LedgerEntry};
use anstyle::{AnsiColor, Style};
use serde_json::{Map, Value, json};
use std::fmt::Write;

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const OVERDUE: Style = AnsiColor::Red.on_default().bold();
const SOON: Style = AnsiColor::Yellow.on_default();
const REMOVED: Style = AnsiColor::Magenta.on_default();

/// A sunset this close (in days) is shown as coming soon.
pub const SOON_DAYS: i64 = 90;

/// Everything a ledger report shows.
pub struct LedgerReport<'a> {
    /// The description (with history: the newest version).
    pub spec: Side<'a>,
    pub ledger: &'a Ledger,
}

impl LedgerReport<'_> {
    /// Where an entry is written. A removed element is not in the newest version: only its
    /// pointer (in the last version that had it) is known.
    fn locate(&self, e: &LedgerEntry) -> Option<Location> {
        match e.removed_in {
            Some(_) => None,
            None => Some(self.spec.locate(&e.entry.origin)),
        }
    }
}

fn file_line(loc: &Option<Location>) -> String {
    match loc {
        Some(l) => match (l.line, l.column) {
            (Some(line), Some(col)) => format!("{}:{line}:{col}", l.file),
            _ => l.file.clone(),
        },
        None => String::new(),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `sunset 2026-03-01 (92 days ago)`, `sunset 2026-09-30 (in 121 days)`, `no sunset`.
fn sunset_phrase(e: &LedgerEntry) -> String {
    match (e.entry.sunset, e.days_left) {
        (Some(s), Some(d)) if d < 0 => {
            format!("sunset {s} ({} ago)", plural(-d as usize, "day", "days"))
        }
        (Some(s), Some(0)) => format!("sunset {s} (today)"),
        (Some(s), Some(d)) => format!("sunset {s} (in {})", plural(d as usize, "day", "days")),
        _ => match &e.entry.invalid_sunset {
            Some(text) => format!("sunset {text:?} is not a date"),
            None => "no sunset".to_string(),
        },
    }
}

/// `8 deprecated elements` and `2 overdue, 4 with a sunset ahead, 2 without a sunset`.
fn summary_parts(ledger: &Ledger) -> (String, String) {
    let c = ledger.counts();
    let mut rest = format!(
        "{} overdue, {} with a sunset ahead, {} without a sunset",
        c.overdue, c.sunset_ahead, c.no_sunset
    );
    if ledger.is_history() {
        let _ = write!(
            rest,
            "; {} removed across {}",
            c.removed,
            plural(ledger.versions.len(), "version", "versions")
        );
    }
    (
        plural(c.deprecated, "deprecated element", "deprecated elements"),
        rest,
    )
}

/// The operations an entry affects, for one line: all of them up to `max`, then a count.
fn operations_phrase(e: &LedgerEntry, max: usize) -> Option<String> {
    let ops = &e.entry.operations;
    // The element's own label names its operation already.
    let own = !matches!(
        e.entry.identity,
        Identity::Schema(_) | Identity::Property { .. }
    );
    if own {
        return None;
    }
    if ops.is_empty() {
        return Some("used by no operation".to_string());
    }
    let mut labels: Vec<String> = ops.iter().take(max).map(|o| o.label()).collect();
    if ops.len() > max {
        labels.push(format!("and {} more", ops.len() - max));
    }
    Some(format!(
        "affects {}: {}",
        plural(ops.len(), "operation", "operations"),
        labels.join(", ")
    ))
}

pub fn ledger_text(report: &LedgerReport) -> String {
    let ledger = report.ledger;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{BOLD}Deprecations{BOLD:#} in {} as of {}",
        super::text::side_line(&report.spec),
        ledger.as_of
    );
    // Versions are named without the directory they share (`since v2.yaml`).
    let common = super::history::common_dir(ledger.versions.iter().map(String::as_str));
    let short = |v: &str| v.get(common..).unwrap_or(v).to_string();
    if ledger.is_history() {
        let names: Vec<String> = ledger.versions.iter().map(|v| short(v)).collect();
        let dir = ledger.versions.first().map_or("", |v| &v[..common]);
        let within = if dir.is_empty() {
            String::new()
        } else {
            format!(" (in {dir})")
        };
        let _ = writeln!(out, "history: {}{within}", names.join(" → "));
    }
    let (head, rest) = summary_parts(ledger);
    let _ = writeln!(out, "{head}: {rest}");
    if ledger.entries.is_empty() {
        let _ = writeln!(out, "\nNothing is deprecated.");
        return out;
    }
    type Group = (&'static str, Style, fn(&LedgerEntry) -> bool);
    let groups: [Group; 4] = [
        ("Overdue", OVERDUE, |e| e.overdue),
        ("Sunset ahead", SOON, |e| {
            e.removed_in.is_none() && !e.overdue && e.entry.sunset.is_some()
        }),
        ("No sunset", BOLD, |e| {
            e.removed_in.is_none() && e.entry.sunset.is_none()
        }),
        ("Removed", REMOVED, |e| e.removed_in.is_some()),
    ];
    for (title, style, pick) in groups {
        let entries: Vec<&LedgerEntry> = ledger.entries.iter().filter(|e| pick(e)).collect();
        if entries.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{style}{title} ({}){style:#}", entries.len());
        for e in entries {
            let mark = if e.overdue { "!" } else { "-" };
            let line_style = if e.overdue {
                OVERDUE
            } else if e.days_left.is_some_and(|d| d <= SOON_DAYS) && e.removed_in.is_none() {
                SOON
            } else {
                Style::new()
            };
            let _ = writeln!(
                out,
                "  {line_style}{mark} {}{line_style:#}  {DIM}{}{DIM:#}",
                e.entry.element,
                e.entry.kind.as_str()
            );
            // "no sunset" goes without saying under "No sunset".
            let plain = e.removed_in.is_none()
                && e.entry.sunset.is_none()
                && e.entry.invalid_sunset.is_none();
            let mut details = if plain {
                Vec::new()
            } else {
                vec![sunset_phrase(e)]
            };
            if let Some(since) = e.entry.since {
                details.push(format!("deprecated {since}"));
            }
            if let Some(v) = &e.since_version {
                details.push(format!("since {}", short(v)));
            }
            if let (Some(v), Some(r)) = (&e.removed_in, e.removal) {
                details.push(format!("removed in {} ({})", short(v), r.as_str()));
            }
            if !details.is_empty() {
                let _ = writeln!(out, "      {}", details.join(", "));
            }
            let loc = report.locate(e);
            let at = match &loc {
                Some(_) => file_line(&loc),
                None => format!("was at {}", e.entry.origin.pointer),
            };
            let _ = writeln!(out, "      {DIM}{at}{DIM:#}");
            if let Some(ops) = operations_phrase(e, 3) {
                let _ = writeln!(out, "      {DIM}{ops}{DIM:#}");
            }
        }
    }
    out
}

fn md(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

pub fn ledger_markdown(report: &LedgerReport) -> String {
    let ledger = report.ledger;
    let api = report.spec.api;
    let mut out = String::from("## Deprecations\n\n");
    let (head, rest) = summary_parts(ledger);
    let _ = writeln!(
        out,
        "**{head}** in `{}` ({} {}) as of {}: {rest}.\n",
        md(&report.spec.source),
        md(api.info.title.as_deref().unwrap_or("untitled")),
        md(api.info.version.as_deref().unwrap_or("?")),
        ledger.as_of,
    );
    if ledger.entries.is_empty() {
        out.push_str("Nothing is deprecated.\n");
        return out;
    }
    let history = ledger.is_history();
    out.push_str("| Status | Element | Kind | Deprecated | Sunset | Days left |");
    if history {
        out.push_str(" Since version | Removed in |");
    }
    out.push_str(" Location | Operations |\n|---|---|---|---|---|---|");
    if history {
        out.push_str("---|---|");
    }
    out.push_str("---|---|\n");
    for e in &ledger.entries {
        let status = match (&e.removed_in, e.overdue, e.days_left) {
            (Some(_), _, _) => "removed".to_string(),
            (None, true, _) => "**overdue**".to_string(),
            (None, false, Some(d)) if d <= SOON_DAYS => "soon".to_string(),
            (None, false, Some(_)) => "sunset ahead".to_string(),
            (None, false, None) => "no sunset".to_string(),
        };
        let sunset = match (&e.entry.sunset, &e.entry.invalid_sunset) {
            (Some(s), _) => s.to_string(),
            (None, Some(text)) => format!("{} (not a date)", md(text)),
            (None, None) => String::new(),
        };
        let _ = write!(
            out,
            "| {status} | {} | {} | {} | {sunset} | {} |",
            md(&e.entry.element),
            e.entry.kind.as_str(),
            e.entry.since.map(|d| d.to_string()).unwrap_or_default(),
            e.days_left.map(|d| d.to_string()).unwrap_or_default(),
        );
        if history {
            let removed = match (&e.removed_in, e.removal) {
                (Some(v), Some(r)) => format!("{} ({})", md(v), r.as_str()),
                _ => String::new(),
            };
            let _ = write!(
                out,
                " {} | {removed} |",
                md(e.since_version.as_deref().unwrap_or_default())
            );
        }
        let loc = report.locate(e);
        let at = match &loc {
            Some(_) => format!("`{}`", md(&file_line(&loc))),
            None => format!("`{}`", md(&e.entry.origin.pointer)),
        };
        let ops = operations_phrase(e, 5).unwrap_or_default();
        let _ = writeln!(out, " {at} | {} |", md(&ops));
    }
    out
}

fn op_json(o: &crate::ledger::OpRef) -> Value {
    let mut v = json!({
        "method": o.method,
        "path": o.path,
        "operation_id": o.operation_id,
    });
    if o.scope != crate::model::OpScope::Path {
        v["scope"] = json!(match o.scope {
            crate::model::OpScope::Webhook => "webhook",
            _ => "callback",
        });
    }
    v
}

fn entry_json(report: &LedgerReport, e: &LedgerEntry) -> Value {
    let loc = report.locate(e);
    let mut o = Map::new();
    o.insert("element".into(), json!(e.entry.element));
    o.insert("kind".into(), json!(e.entry.kind.as_str()));
    o.insert("pointer".into(), json!(&*e.entry.origin.pointer));
    o.insert("file".into(), json!(loc.as_ref().map(|l| l.file.clone())));
    o.insert("line".into(), json!(loc.as_ref().and_then(|l| l.line)));
    o.insert("column".into(), json!(loc.as_ref().and_then(|l| l.column)));
    o.insert("since".into(), json!(e.entry.since.map(|d| d.to_string())));
    o.insert(
        "sunset".into(),
        json!(e.entry.sunset.map(|d| d.to_string())),
    );
    if let Some(text) = &e.entry.invalid_sunset {
        o.insert("invalid_sunset".into(), json!(text));
    }
    o.insert("days_left".into(), json!(e.days_left));
    o.insert("overdue".into(), json!(e.overdue));
    o.insert(
        "marked_by".into(),
        json!(
            e.entry
                .marked_by
                .iter()
                .map(|m| m.as_str())
                .collect::<Vec<_>>()
        ),
    );
    o.insert(
        "operations".into(),
        Value::Array(e.entry.operations.iter().map(op_json).collect()),
    );
    if report.ledger.is_history() {
        o.insert("since_version".into(), json!(e.since_version));
        o.insert("removed_in".into(), json!(e.removed_in));
        o.insert("removal".into(), json!(e.removal.map(|r| r.as_str())));
    }
    Value::Object(o)
}

/// The envelope of a one-description output: `schema_version`, `tool` and `spec` (the
/// `base`/`revision` object of DESIGN §4, for the one input).
pub fn envelope_one(side: &Side) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("schema_version".into(), json!(super::json::SCHEMA_VERSION));
    out.insert(
        "tool".into(),
        json!({"name": "apidelta", "version": env!("CARGO_PKG_VERSION")}),
    );
    out.insert("spec".into(), super::json::side_json(side));
    out
}

/// The whole `deprecations --format json` document, each entry built as it is written.
pub fn ledger_document<'a>(report: &'a LedgerReport<'a>) -> Document<'a> {
    let ledger = report.ledger;
    let mut out = Document::new(envelope_one(&report.spec));
    out.value("as_of", json!(ledger.as_of.to_string()));
    let c = ledger.counts();
    let mut summary = json!({
        "deprecated": c.deprecated,
        "overdue": c.overdue,
        "sunset_ahead": c.sunset_ahead,
        "no_sunset": c.no_sunset,
    });
    if ledger.is_history() {
        summary["removed"] = json!(c.removed);
        out.value("versions", json!(ledger.versions));
    }
    out.value("summary", summary);
    out.array(
        "deprecated",
        ledger.entries.iter().map(|e| entry_json(report, e)),
    );
    out
}

/// The whole `deprecations --format json` document as one `Value`.
pub fn ledger_json(report: &LedgerReport) -> serde_json::Result<Value> {
    ledger_document(report).into_value()
}

/// A header row, then one row per entry; empty cells for unknown values.
pub fn ledger_csv(report: &LedgerReport) -> String {
    let ledger = report.ledger;
    let history = ledger.is_history();
    let mut header: Vec<String> = [
        "element",
        "kind",
        "pointer",
        "file",
        "line",
        "column",
        "since",
        "sunset",
        "days_left",
        "overdue",
        "marked_by",
        "operations",
    ]
    .map(String::from)
    .to_vec();
    if history {
        header.extend(["since_version", "removed_in", "removal"].map(String::from));
    }
    let mut out = String::new();
    out.push_str(&super::csv_row(&header));
    let opt = |v: Option<String>| v.unwrap_or_default();
    for e in &ledger.entries {
        let loc = report.locate(e);
        let mut row = vec![
            e.entry.element.clone(),
            e.entry.kind.as_str().to_string(),
            e.entry.origin.pointer.to_string(),
            opt(loc.as_ref().map(|l| l.file.clone())),
            opt(loc.as_ref().and_then(|l| l.line).map(|n| n.to_string())),
            opt(loc.as_ref().and_then(|l| l.column).map(|n| n.to_string())),
            opt(e.entry.since.map(|d| d.to_string())),
            opt(e.entry.sunset.map(|d| d.to_string())),
            opt(e.days_left.map(|d| d.to_string())),
            e.overdue.to_string(),
            e.entry
                .marked_by
                .iter()
                .map(|m| m.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            e.entry
                .operations
                .iter()
                .map(|o| o.label())
                .collect::<Vec<_>>()
                .join("; "),
        ];
        if history {
            row.push(opt(e.since_version.clone()));
            row.push(opt(e.removed_in.clone()));
            row.push(opt(e.removal.map(|r| r.as_str().to_string())));
        }
        out.push_str(&super::csv_row(&row));
    }
    out
}
