//! Human-readable text, grouped by operation and component. Styling goes through anstyle;
//! whether it reaches the terminal is decided by the writer (anstream strips it when
//! colour is off).

use super::DiffReport;
use super::json::group_label;
use crate::diff::{Change, ChangeKind, Group, What};
use anstyle::{AnsiColor, Style};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write;

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const ADDED: Style = AnsiColor::Green.on_default();
const REMOVED: Style = AnsiColor::Red.on_default();
const MODIFIED: Style = AnsiColor::Yellow.on_default();

pub fn side_line(side: &super::Side) -> String {
    let api = side.api;
    let title = api.info.title.as_deref().unwrap_or("untitled");
    let version = api.info.version.as_deref().unwrap_or("?");
    let family = match api.family {
        crate::model::SpecFamily::Swagger2 => "Swagger",
        _ => "OpenAPI",
    };
    format!(
        "{} ({family} {}, {title} {version})",
        side.source, api.spec_version
    )
}

/// A short rendering of a value for one line of text. Text reads as it is, unless it would
/// vanish (empty, or space at either end): then it is quoted.
fn short(v: &Value) -> String {
    let s = match v {
        Value::String(s) if s.is_empty() || s.trim() != s => Value::String(s.clone()).to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let one_line = s.replace('\n', " ");
    if one_line.chars().count() > 60 {
        format!("{}…", one_line.chars().take(59).collect::<String>())
    } else {
        one_line
    }
}

/// An added or removed parameter, header or body carries its facts as booleans
/// (`{"required": false, "deprecated": false}`): said in words, `optional` or
/// `required, deprecated`. Other values (a default, an extension) are shown as they are.
fn facts_of(c: &Change, v: &Value) -> Option<String> {
    matches!(c.what, What::Parameter | What::Header | What::RequestBody)
        .then(|| facts(v))
        .flatten()
}

fn facts(v: &Value) -> Option<String> {
    let members = v.as_object().filter(|o| !o.is_empty())?;
    if !members.values().all(Value::is_boolean) {
        return None;
    }
    let mut words = Vec::new();
    match members.get("required") {
        Some(Value::Bool(true)) => words.push("required"),
        Some(_) => words.push("optional"),
        None => {}
    }
    words.extend(
        members
            .iter()
            .filter(|(key, value)| key.as_str() != "required" && **value == Value::Bool(true))
            .map(|(key, _)| key.as_str()),
    );
    Some(words.join(", "))
}

fn change_line(c: &Change, in_operation_group: bool) -> String {
    let (sign, style) = match c.kind {
        ChangeKind::Added => ('+', ADDED),
        ChangeKind::Removed => ('-', REMOVED),
        ChangeKind::Modified => ('~', MODIFIED),
    };
    let mut line = format!(
        "  {style}{sign} {:<8}{style:#} {}",
        c.kind.as_str(),
        c.what.as_str()
    );
    if let Some(name) = &c.name {
        let _ = write!(line, " {name}");
    }
    match (&c.base_value, &c.revision_value, c.kind) {
        (Some(b), Some(r), _) => {
            let _ = write!(line, ": {} → {}", short(b), short(r));
        }
        (None, Some(r), ChangeKind::Added) => match facts_of(c, r) {
            Some(facts) => {
                let _ = write!(line, " ({facts})");
            }
            None if c.name.as_ref().is_none_or(|n| *n != short(r)) => {
                let _ = write!(line, ": {}", short(r));
            }
            None => {}
        },
        (Some(b), None, ChangeKind::Removed) => {
            let was =
                facts_of(c, b).or_else(|| Some(short(b)).filter(|s| c.name.as_ref() != Some(s)));
            if let Some(was) = was {
                let _ = write!(line, " (was {was})");
            }
        }
        _ => {}
    }
    // In an operation's group, say where inside it; in a component's, which field.
    let name = c.name.as_deref().unwrap_or("");
    if in_operation_group {
        let shown = c.operations.first().filter(|u| {
            // Skip a location that only repeats the change's own name.
            !u.location.is_empty() && (!u.location.ends_with(name) || c.schemas.is_some())
        });
        if let Some(u) = shown {
            let _ = write!(line, "  {DIM}({}){DIM:#}", u.location);
        }
    } else if let Some(field) = c
        .revision
        .as_ref()
        .or(c.base.as_ref())
        .and_then(|o| super::component_field_path(&o.pointer))
        .filter(|f| !f.is_empty() && f != name && !f.ends_with(&format!(".{name}")))
    {
        let _ = write!(line, "  {DIM}at {field}{DIM:#}");
    }
    if !in_operation_group && !c.operations.is_empty() {
        let n = c.operations.len();
        let plural = if n == 1 { "" } else { "s" };
        let _ = write!(line, "  {DIM}(affects {n} operation{plural}){DIM:#}");
    }
    line
}

/// The whole text report.
pub fn diff_text(report: &DiffReport) -> String {
    let mut out = String::new();
    let changes = &report.diff.changes;
    let _ = writeln!(out, "{BOLD}base{BOLD:#}      {}", side_line(&report.base));
    let _ = writeln!(
        out,
        "{BOLD}revision{BOLD:#}  {}",
        side_line(&report.revision)
    );
    let _ = writeln!(out);
    if changes.is_empty() {
        let _ = writeln!(out, "No API changes.");
        return out;
    }
    let count = |k: ChangeKind| changes.iter().filter(|c| c.kind == k).count();
    let _ = writeln!(
        out,
        "{} change{}: {} added, {} removed, {} modified",
        changes.len(),
        if changes.len() == 1 { "" } else { "s" },
        count(ChangeKind::Added),
        count(ChangeKind::Removed),
        count(ChangeKind::Modified),
    );
    // Operations first (in path order), then schemas, security schemes, the document.
    let mut groups: BTreeMap<(u8, String), Vec<&Change>> = BTreeMap::new();
    for c in changes {
        let rank = match &c.group {
            Group::Operation(_) => 0,
            Group::Schema(_) => 1,
            Group::SecurityScheme(_) => 2,
            Group::Document => 3,
        };
        let label = match &c.group {
            Group::Operation(key) => format!("{} {}", key.pattern, key.method),
            other => group_label(other),
        };
        groups.entry((rank, label)).or_default().push(c);
    }
    for ((rank, _), list) in groups {
        let first = list[0];
        let heading = match &first.group {
            Group::Operation(_) => {
                let u = first.operations.first();
                let (method, path) = u
                    .map(|u| (u.method.clone(), u.path.clone()))
                    .unwrap_or_else(|| (String::new(), group_label(&first.group)));
                let id = u
                    .and_then(|u| u.operation_id.clone())
                    .map(|id| format!("  ({id})"))
                    .unwrap_or_default();
                format!("{method} {path}{id}")
            }
            other => group_label(other),
        };
        let _ = writeln!(out, "\n{BOLD}{heading}{BOLD:#}");
        for c in list {
            let _ = writeln!(out, "{}", change_line(c, rank == 0));
        }
    }
    out
}

/// Wraps every line wider than `width` columns at spaces; continuation lines keep the line's
/// indentation plus two columns. Styling escapes do not count towards the width.
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 20);
    for line in text.lines() {
        wrap_line(line, width.max(20), &mut out);
    }
    out
}

fn visible_len(s: &str) -> usize {
    anstream::adapter::strip_str(s).to_string().chars().count()
}

fn wrap_line(line: &str, width: usize, out: &mut String) {
    if visible_len(line) <= width {
        out.push_str(line);
        out.push('\n');
        return;
    }
    let indent = line.len() - line.trim_start().len();
    let continuation = " ".repeat(indent + 2);
    let mut current = String::new();
    let mut current_len = 0;
    for word in line.trim_start().split(' ') {
        let word_len = visible_len(word);
        let prefix_len = if current.is_empty() {
            indent
        } else {
            current_len + 1
        };
        if !current.is_empty() && prefix_len + word_len > width {
            out.push_str(&current);
            out.push('\n');
            current = format!("{continuation}{word}");
            current_len = continuation.len() + word_len;
        } else if current.is_empty() {
            current = format!("{}{word}", &line[..indent]);
            current_len = indent + word_len;
        } else {
            current.push(' ');
            current.push_str(word);
            current_len += 1 + word_len;
        }
    }
    out.push_str(&current);
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::{facts, short, wrap};
    use serde_json::json;

    #[test]
    fn facts_read_as_words() {
        let f = |v| facts(&v);
        assert_eq!(
            f(json!({"required": false, "deprecated": false})).unwrap(),
            "optional"
        );
        assert_eq!(
            f(json!({"required": true, "deprecated": true})).unwrap(),
            "required, deprecated"
        );
        assert_eq!(f(json!({"required": true})).unwrap(), "required");
        assert_eq!(f(json!({"required": true, "name": "x"})), None);
        assert_eq!(f(json!({})), None);
        assert_eq!(f(json!("text")), None);
    }

    #[test]
    fn text_that_would_vanish_is_quoted() {
        assert_eq!(short(&json!("")), r#""""#);
        assert_eq!(short(&json!(" padded")), r#"" padded""#);
        assert_eq!(short(&json!("plain text")), "plain text");
    }

    #[test]
    fn wraps_long_lines_with_a_hanging_indent() {
        let text = "  → Stop reading `Address.zip` in `GET /pets` and 3 more operations; it is no longer returned.\nshort\n";
        let wrapped = wrap(text, 40);
        for line in wrapped.lines() {
            assert!(line.chars().count() <= 40, "{line:?}");
        }
        assert!(
            wrapped.lines().nth(1).unwrap().starts_with("    "),
            "{wrapped}"
        );
        assert!(wrapped.ends_with("short\n"));
        assert_eq!(
            wrapped.replace("\n    ", " ").replace("\n", ""),
            text.replace('\n', "")
        );
    }

    #[test]
    fn styling_does_not_count() {
        let styled = "\u{1b}[1mbold\u{1b}[0m word";
        assert_eq!(wrap(styled, 20), format!("{styled}\n"));
    }
}
