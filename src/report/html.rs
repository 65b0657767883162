//! One self-contained HTML file (no network fetches): a summary, the semver verdict, a filter
//! by level, findings grouped by operation, and migration notes.

use super::findings::{FindingsReport, semver_line};
use crate::rules::{Finding, Level};
use std::collections::BTreeMap;
use std::fmt::Write;

pub fn esc(s: &str) -> String {
    super::junit::xml_escape(s)
}

/// Escaped text with `code` spans rendered as <code>, read as CommonMark reads them: a run of
/// backticks opens a span that the next run of the same length closes (so a value holding a
/// backtick is fenced by a longer run); a run that nothing closes is plain text.
fn rich(s: &str) -> String {
    let text = esc(s);
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(open_at) = rest.find('`') {
        out.push_str(&rest[..open_at]);
        let run = backtick_run(&rest[open_at..]);
        let after = &rest[open_at + run..];
        match closing_run(after, run) {
            Some(close_at) => {
                let code = &after[..close_at];
                let code = match code.strip_prefix(' ').and_then(|c| c.strip_suffix(' ')) {
                    Some(inner) if !inner.trim().is_empty() => inner,
                    _ => code,
                };
                let _ = write!(out, "<code>{code}</code>");
                rest = &after[close_at + run..];
            }
            None => {
                out.push_str(&rest[open_at..open_at + run]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn backtick_run(s: &str) -> usize {
    s.bytes().take_while(|&b| b == b'`').count()
}

/// Where in `s` a run of exactly `len` backticks starts.
fn closing_run(s: &str, len: usize) -> Option<usize> {
    let mut at = 0;
    while let Some(found) = s[at..].find('`') {
        let start = at + found;
        let run = backtick_run(&s[start..]);
        if run == len {
            return Some(start);
        }
        at = start + run;
    }
    None
}

const STYLE: &str = "body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1b1f24}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem;border-bottom:1px solid #d0d7de}
table{border-collapse:collapse}td,th{padding:.2rem .8rem;border:1px solid #d0d7de;text-align:left}
.finding{margin:.6rem 0;padding:.5rem .8rem;border-left:4px solid #8c959f;background:#f6f8fa}
.finding.breaking{border-color:#cf222e}.finding.potentially-breaking{border-color:#bf8700}
.finding.deprecation{border-color:#8250df}.finding.additive{border-color:#1a7f37}.finding.info{border-color:#0969da}
.badge{font-size:.75rem;font-weight:600;text-transform:uppercase;margin-right:.5rem}
code{font-size:.9em}.ops,.where{color:#57606a;font-size:.85rem}.todo{margin-top:.3rem}
.filters label{margin-right:1rem}.hidden{display:none}";

/// Shows or hides findings by level; runs without any library.
const SCRIPT: &str = "document.querySelectorAll('.filters input').forEach(function(box){
  box.addEventListener('change',function(){
    document.querySelectorAll('.finding.'+box.value).forEach(function(f){f.classList.toggle('hidden',!box.checked);});
    document.querySelectorAll('section.group').forEach(function(g){
      g.classList.toggle('hidden',g.querySelectorAll('.finding:not(.hidden)').length===0);});
  });
});
document.body.setAttribute('data-ready','yes');";

fn finding_html(report: &FindingsReport, f: &Finding) -> String {
    let mut out = format!(
        "<div class=\"finding {}\" data-fingerprint=\"{}\"><span class=\"badge\">{}</span><code>{}</code> {}",
        f.level.as_str(),
        f.fingerprint,
        esc(f.level.as_str()),
        esc(&f.rule.id),
        rich(&f.message)
    );
    let op = |u: &crate::diff::Usage| format!("<code>{} {}</code>", esc(&u.method), esc(&u.path));
    if let Some(list) = super::findings::affected(f, usize::MAX, op) {
        let _ = write!(out, "<div class=\"ops\">affects {list}</div>");
    }
    let location = super::findings::primary_location(report, f);
    if let Some(l) = location {
        let line = l.line.map(|n| format!(":{n}")).unwrap_or_default();
        let _ = write!(
            out,
            "<div class=\"where\">{}{} <code>{}</code></div>",
            esc(&l.file),
            line,
            esc(&l.pointer)
        );
    }
    if !f.migration.is_empty() {
        let _ = write!(
            out,
            "<div class=\"todo\"><strong>What to do:</strong> {}</div>",
            rich(&f.migration)
        );
    }
    out.push_str("</div>\n");
    out
}

/// Operations first (a change inline in one), then component schemas (a shared change,
/// listing its operations), then the document.
fn group_key(f: &Finding) -> (u8, String) {
    let pointer = f
        .revision
        .as_ref()
        .or(f.base.as_ref())
        .map(|o| &*o.pointer)
        .unwrap_or("");
    let component = pointer
        .strip_prefix("/components/schemas/")
        .or_else(|| pointer.strip_prefix("/definitions/"))
        .and_then(|rest| rest.split('/').next());
    match (component, f.operations.first()) {
        (Some(name), _) => (1, format!("Schema {}", crate::load::unescape_segment(name))),
        (None, Some(u)) => (0, format!("{} {}", u.method, u.path)),
        (None, None) => (2, "Document".to_string()),
    }
}

/// The whole page.
pub fn findings_html(report: &FindingsReport) -> String {
    let title = format!(
        "API changes: {} → {}",
        report.base.source, report.revision.source
    );
    let mut body = summary_html(report);
    if report.findings.is_empty() {
        body.push_str("<p>No API changes.</p>\n");
    } else {
        body.push_str(&filters_html());
        body.push_str(&groups_html(report, "h2"));
    }
    page(&title, &body)
}

/// A self-contained page around `body`: style inline, the filter script at the end.
pub fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{0}</title><style>{STYLE}</style></head>\n<body>\n<h1>{0}</h1>\n{body}<script>{SCRIPT}</script>\n</body></html>\n",
        esc(title)
    )
}

/// The counts table and the semver sentence.
pub fn summary_html(report: &FindingsReport) -> String {
    let mut out = String::from("<table class=\"summary\"><tr><th>level</th><th>findings</th></tr>");
    for level in Level::ALL {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td></tr>",
            level.as_str(),
            report.summary.count(level)
        );
    }
    out.push_str("</table>\n");
    let _ = writeln!(
        out,
        "<p class=\"semver\"><strong>Semver:</strong> {}</p>",
        esc(&semver_line(report))
    );
    out
}

/// The level checkboxes the script listens to.
pub fn filters_html() -> String {
    let mut out = String::from("<div class=\"filters\">Show: ");
    for level in Level::ALL {
        let _ = write!(
            out,
            "<label><input type=\"checkbox\" value=\"{0}\" checked> {0}</label>",
            level.as_str()
        );
    }
    out.push_str("</div>\n");
    out
}

/// The findings grouped by operation, then by component schema, document-level findings
/// last; breaking findings lead inside each group. Group titles use `heading` (`h2`).
pub fn groups_html(report: &FindingsReport, heading: &str) -> String {
    let mut out = String::new();
    let mut groups: BTreeMap<(u8, String), Vec<&Finding>> = BTreeMap::new();
    for f in report.findings {
        groups.entry(group_key(f)).or_default().push(f);
    }
    for ((_, name), mut list) in groups {
        list.sort_by_key(|f| f.level);
        let _ = writeln!(
            out,
            "<section class=\"group\"><{heading}>{}</{heading}>",
            esc(&name)
        );
        for f in list {
            out.push_str(&finding_html(report, f));
        }
        out.push_str("</section>\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::rich;

    #[test]
    fn code_spans_read_as_commonmark_reads_them() {
        assert_eq!(rich("a `b` c"), "a <code>b</code> c");
        assert_eq!(rich("`` a`b `` → `c`"), "<code>a`b</code> → <code>c</code>");
        assert_eq!(rich("``` x``y ```"), "<code>x``y</code>");
        assert_eq!(rich("odd ` tick"), "odd ` tick");
        assert_eq!(rich("`<b>`"), "<code>&lt;b&gt;</code>");
    }
}
