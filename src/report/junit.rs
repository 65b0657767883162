//! JUnit XML: one test case per finding, so CI test dashboards show API changes. Only
//! findings at or above the failure level (`--fail-on`, default breaking) fail.

use super::findings::FindingsReport;
use crate::rules::{Finding, Level};
use std::fmt::Write;

/// XML text and attribute escaping.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn testcase(report: &FindingsReport, f: &Finding, fails: bool) -> String {
    let classname = f
        .operations
        .first()
        .map(|u| format!("{} {}", u.method, u.path))
        .unwrap_or_else(|| "document".to_string());
    let location = super::findings::primary_location(report, f);
    let mut attrs = format!(
        "classname=\"{}\" name=\"{} [{}]\"",
        xml_escape(&classname),
        xml_escape(&f.rule.id),
        f.fingerprint
    );
    if let Some(l) = &location {
        let _ = write!(attrs, " file=\"{}\"", xml_escape(&l.file));
        if let Some(line) = l.line {
            let _ = write!(attrs, " line=\"{line}\"");
        }
    }
    let body = format!("{}\n{}", f.message, f.migration);
    if fails {
        format!(
            "    <testcase {attrs}>\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>\n",
            f.level.as_str(),
            xml_escape(&f.message),
            xml_escape(&body)
        )
    } else {
        format!(
            "    <testcase {attrs}>\n      <system-out>{}</system-out>\n    </testcase>\n",
            xml_escape(&body)
        )
    }
}

/// The whole JUnit document; findings at `fail_at` or worse are failures.
pub fn findings_junit(report: &FindingsReport, fail_at: Level) -> String {
    let total = report.findings.len();
    let failures = report
        .findings
        .iter()
        .filter(|f| f.level <= fail_at)
        .count();
    let name = xml_escape(&format!(
        "apidelta {} → {}",
        report.base.source, report.revision.source
    ));
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"apidelta\" tests=\"{total}\" failures=\"{failures}\">"
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"{name}\" tests=\"{total}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">"
    );
    for f in report.findings {
        out.push_str(&testcase(report, f, f.level <= fail_at));
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}
