//! JSON reports are written as they are built: the text must be, to the byte, that of
//! `serde_json::to_string_pretty` of the whole report as one `Value`, plus a line break.

use apidelta::diff::diff;
use apidelta::impact::{changed_fields, judge, parse_mappings};
use apidelta::ledger::Ledger;
use apidelta::load::{DocumentSet, Input, LoadOptions, load};
use apidelta::model::Api;
use apidelta::normalize::normalize;
use apidelta::report::findings::{FindingsReport, findings_document, findings_json};
use apidelta::report::impact::{ImpactReport, impact_document, impact_json};
use apidelta::report::json::{diff_document, diff_json};
use apidelta::report::ledger::{LedgerReport, ledger_document, ledger_json};
use apidelta::report::{DiffReport, Side};
use apidelta::rules::lifecycle::Date;
use apidelta::rules::{ClassifyOptions, Summary, classify, semver};
use assert_cmd::Command;

/// Pairs shipped with the repository: the README's, and fixtures with every kind of change,
/// with field fan-out, and with mappings.
const PAIRS: [(&str, &str); 3] = [
    ("specs/petstore-v1.yaml", "specs/petstore-v2.yaml"),
    (
        "tests/fixtures/diff/kitchen-sink/base.yaml",
        "tests/fixtures/diff/kitchen-sink/revision.yaml",
    ),
    (
        "tests/fixtures/impact/base.yaml",
        "tests/fixtures/impact/revision.yaml",
    ),
];

const MAPPINGS: &str = "tests/fixtures/impact/mappings.yaml";
/// A description with deprecated elements, sunsets and overdue ones.
const DEPRECATED: &str = "tests/fixtures/deprecations/petstore.yaml";
const AS_OF: &str = "2026-11-28";

fn path(rel: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn loaded(rel: &str) -> (DocumentSet, Api) {
    let docs = load(&Input::File(path(rel)), &LoadOptions::default()).unwrap();
    let api = normalize(&docs).unwrap();
    (docs, api)
}

fn side<'a>(source: &str, (docs, api): &'a (DocumentSet, Api)) -> Side<'a> {
    Side {
        source: source.to_string(),
        docs,
        api,
    }
}

/// The streamed text against the whole value's.
fn assert_same(what: &str, streamed: String, whole: serde_json::Value) {
    let expected = serde_json::to_string_pretty(&whole).unwrap() + "\n";
    assert!(
        streamed == expected,
        "{what}: the streamed JSON differs from the whole value's\n--- streamed\n{streamed}\n--- whole\n{expected}"
    );
}

#[test]
fn streamed_reports_are_the_whole_values_text() {
    let as_of = Date::parse(AS_OF).unwrap();
    let entries =
        parse_mappings(&std::fs::read_to_string(path(MAPPINGS)).unwrap(), MAPPINGS).unwrap();
    for (b, r) in PAIRS {
        let (base, revision) = (loaded(b), loaded(r));
        let d = diff(&base.1, &revision.1);
        assert!(!d.changes.is_empty(), "{b}: no changes to stream");
        let report = DiffReport {
            base: side(b, &base),
            revision: side(r, &revision),
            diff: &d,
        };
        let streamed = diff_document(&report).to_string_pretty().unwrap();
        assert_same(&format!("diff {b}"), streamed, diff_json(&report).unwrap());

        let findings = classify(&d, &base.1, &revision.1, &ClassifyOptions::as_of(as_of));
        let semver = semver::evaluate(
            &findings,
            base.1.info.version.as_deref(),
            revision.1.info.version.as_deref(),
            false,
        );
        let report = FindingsReport {
            base: side(b, &base),
            revision: side(r, &revision),
            findings: &findings,
            summary: Summary::of(&findings),
            semver: &semver,
        };
        let streamed = findings_document(&report).to_string_pretty().unwrap();
        assert_same(
            &format!("changelog {b}"),
            streamed,
            findings_json(&report).unwrap(),
        );

        let fields = changed_fields(&d, &findings, &base.1);
        let judgements = judge(&entries, &fields, &d, &findings, &base.1);
        for mappings in [None, Some(judgements.as_slice())] {
            let report = ImpactReport {
                base: side(b, &base),
                revision: side(r, &revision),
                findings: &findings,
                fields: &fields,
                mappings,
            };
            let streamed = impact_document(&report).to_string_pretty().unwrap();
            assert_same(
                &format!("impact {b}"),
                streamed,
                impact_json(&report).unwrap(),
            );
        }
    }
    for spec in [
        DEPRECATED,
        "tests/fixtures/deprecations/swagger2.yaml",
        PAIRS[0].0,
    ] {
        let loaded = loaded(spec);
        let ledger = Ledger::of(&loaded.1, as_of);
        let report = LedgerReport {
            spec: side(spec, &loaded),
            ledger: &ledger,
        };
        let streamed = ledger_document(&report).to_string_pretty().unwrap();
        assert_same(
            &format!("deprecations {spec}"),
            streamed,
            ledger_json(&report).unwrap(),
        );
    }
}

fn apidelta(args: &[&str]) -> Vec<u8> {
    let out = Command::cargo_bin("apidelta")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// What the commands write, to stdout or `--output FILE`, is pretty-printed JSON that
/// prints back to itself.
#[test]
fn commands_write_pretty_json_to_stdout_and_files() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.json");
    let file_arg = file.to_str().unwrap();
    let (b, r) = PAIRS[2];
    let commands: [Vec<&str>; 5] = [
        vec!["diff", b, r],
        vec!["changelog", b, r, "--as-of", AS_OF],
        vec!["breaking", b, r, "--as-of", AS_OF],
        vec!["impact", b, r, "--as-of", AS_OF, "--mappings", MAPPINGS],
        vec!["deprecations", DEPRECATED, "--as-of", AS_OF],
    ];
    for command in commands {
        let mut args = command.clone();
        args.extend(["--format", "json"]);
        let stdout = String::from_utf8(apidelta(&args)).unwrap();
        let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(
            stdout,
            serde_json::to_string_pretty(&value).unwrap() + "\n",
            "{args:?}"
        );
        args.extend(["--output", file_arg]);
        assert!(apidelta(&args).is_empty(), "{args:?}");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), stdout, "{args:?}");
    }
}

/// JSON is data: written byte for byte, never through the colour stripper, which would drop
/// a DEL character (serde_json leaves it unescaped) from a description.
#[test]
fn json_keeps_every_character_of_a_value() {
    let dir = tempfile::tempdir().unwrap();
    let spec = |description: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      description: \"{description}\"\n      responses: {{'200': {{description: ok}}}}\n"
        )
    };
    let base = dir.path().join("base.yaml");
    let revision = dir.path().join("revision.yaml");
    std::fs::write(&base, spec("old")).unwrap();
    std::fs::write(&revision, spec("new\\x7Fvalue")).unwrap();
    let file = dir.path().join("report.json");
    for output in [None, Some(&file)] {
        let mut args = vec![
            "diff",
            base.to_str().unwrap(),
            revision.to_str().unwrap(),
            "--format",
            "json",
            "--color",
            "always",
        ];
        if let Some(file) = output {
            args.extend(["--output", file.to_str().unwrap()]);
        }
        let stdout = apidelta(&args);
        let text = match output {
            Some(file) => std::fs::read_to_string(file).unwrap(),
            None => String::from_utf8(stdout).unwrap(),
        };
        let report: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            report["changes"][0]["revision_value"], "new\u{7f}value",
            "{output:?}"
        );
    }
}
