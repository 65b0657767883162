//! `apidelta deprecations`: the deprecation ledger in every format, with fixed `--as-of`
//! dates; its JSON against `schema/deprecations.schema.json`; and the `LedgerHistory`
//! accumulator over successive versions.

use crate::common;

use apidelta::ledger::{Ledger, LedgerHistory, Removal};
use apidelta::load::{Input, LoadOptions, load};
use apidelta::report::Side;
use apidelta::report::ledger::{LedgerReport, ledger_json, ledger_text};
use apidelta::rules::lifecycle::Date;
use assert_cmd::Command;
use jsonschema::Validator;
use serde_json::{Value, json};
use std::path::Path;

const PETSTORE: &str = "tests/fixtures/deprecations/petstore.yaml";
const SWAGGER2: &str = "tests/fixtures/deprecations/swagger2.yaml";

fn apidelta() -> Command {
    let mut cmd = Command::cargo_bin("apidelta").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// Runs apidelta; returns the exit code and standard output.
fn run(args: &[&str]) -> (i32, String) {
    let out = apidelta().args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let code = out.status.code().unwrap();
    assert!(
        matches!(code, 0 | 1),
        "apidelta {}: exit {code}\n{stderr}",
        args.join(" ")
    );
    (code, String::from_utf8(out.stdout).unwrap())
}

fn ledger(spec: &str, as_of: &str, format: &str) -> (i32, String) {
    run(&[
        "deprecations",
        spec,
        "--as-of",
        as_of,
        "--format",
        format,
        "--color",
        "never",
    ])
}

fn json_of(spec: &str, as_of: &str) -> Value {
    let (code, out) = ledger(spec, as_of, "json");
    assert_eq!(code, 0);
    serde_json::from_str(&out).unwrap()
}

fn validator() -> Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/deprecations.schema.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::meta::validate(&schema).expect("a valid draft 2020-12 schema");
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    jsonschema::draft202012::new(&schema).unwrap()
}

fn assert_valid(v: &Validator, instance: &Value, label: &str) {
    let errors: Vec<String> = v
        .iter_errors(instance)
        .take(10)
        .map(|e| format!("  {}: {e}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{label}:\n{}", errors.join("\n"));
}

/// The 1-based line of the first line of `file` that is `needle` once trimmed.
fn line_of(file: &str, needle: &str) -> u64 {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(file)).unwrap();
    text.lines()
        .position(|l| l.trim() == needle)
        .unwrap_or_else(|| panic!("`{needle}` not in {file}")) as u64
        + 1
}

/// (element, days_left, overdue) of each JSON entry, in order.
fn rows(out: &Value) -> Vec<(String, Value, bool)> {
    out["deprecated"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["element"].as_str().unwrap().to_string(),
                e["days_left"].clone(),
                e["overdue"].as_bool().unwrap(),
            )
        })
        .collect()
}

fn entry<'a>(out: &'a Value, element: &str) -> &'a Value {
    out["deprecated"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["element"] == element)
        .unwrap_or_else(|| panic!("no `{element}` in {out:#}"))
}

fn owned(rows: &[(&str, Value, bool)]) -> Vec<(String, Value, bool)> {
    rows.iter()
        .map(|(e, d, o)| (e.to_string(), d.clone(), *o))
        .collect()
}

#[test]
fn json_lists_every_kind_in_order_with_exact_days() {
    let out = json_of(PETSTORE, "2026-05-15");
    assert_valid(&validator(), &out, "petstore");
    assert_eq!(out["as_of"], "2026-05-15");
    assert_eq!(out["spec"]["source"], PETSTORE);
    assert_eq!(out["spec"]["title"], "Pet Store");
    assert_eq!(
        out["summary"],
        json!({"deprecated": 8, "overdue": 2, "sunset_ahead": 4, "no_sunset": 2})
    );
    assert_eq!(
        rows(&out),
        owned(&[
            ("GET /pets/{petId}/photos", json!(-76), true),
            ("query parameter `limit` of GET /pets", json!(-15), true),
            ("DELETE /pets/{petId}", json!(46), false),
            ("schema `LegacyOwner`", json!(138), false),
            ("header `X-Rate-Limit` of GET /pets 200", json!(261), false),
            ("property `Pet.nickname`", json!(411), false),
            ("property `Pet.legacy \"tag\", v1`", Value::Null, false),
            (
                "property `fax` of POST /owners request body",
                Value::Null,
                false
            ),
        ])
    );

    let photos = entry(&out, "GET /pets/{petId}/photos");
    assert_eq!(photos["kind"], "operation");
    assert_eq!(photos["pointer"], "/paths/~1pets~1{petId}~1photos/get");
    assert_eq!(photos["file"], PETSTORE);
    assert_eq!(
        photos["line"],
        line_of(PETSTORE, "/pets/{petId}/photos:") + 1
    );
    assert_eq!(photos["since"], "2025-08-15");
    assert_eq!(photos["sunset"], "2026-02-28");
    assert_eq!(photos["marked_by"], json!(["deprecated", "x-sunset"]));
    assert_eq!(
        photos["operations"],
        json!([{"method": "GET", "path": "/pets/{petId}/photos", "operation_id": "listPhotos"}])
    );

    // RFC 9745 `Deprecation: @1748736000` and RFC 8594 `Sunset` as response headers.
    let delete = entry(&out, "DELETE /pets/{petId}");
    assert_eq!(delete["since"], "2025-06-01");
    assert_eq!(delete["sunset"], "2026-06-30");
    assert_eq!(
        delete["marked_by"],
        json!(["deprecation-header", "sunset-header"])
    );

    let limit = entry(&out, "query parameter `limit` of GET /pets");
    assert_eq!(limit["kind"], "parameter");
    assert_eq!(limit["pointer"], "/paths/~1pets/get/parameters/0");
    assert_eq!(limit["line"], line_of(PETSTORE, "- name: limit"));
    assert_eq!(limit["since"], "2025-10-01");

    let header = entry(&out, "header `X-Rate-Limit` of GET /pets 200");
    assert_eq!(header["kind"], "header");
    assert_eq!(header["line"], line_of(PETSTORE, "X-Rate-Limit:"));
    assert_eq!(header["since"], Value::Null);

    // A component schema: every operation that reaches it, through Pet.owner too.
    let owner = entry(&out, "schema `LegacyOwner`");
    assert_eq!(owner["kind"], "schema");
    assert_eq!(owner["pointer"], "/components/schemas/LegacyOwner");
    let ops: Vec<String> = owner["operations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            format!(
                "{} {}",
                o["method"].as_str().unwrap(),
                o["path"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(ops, ["GET /pets", "GET /pets/{petId}", "POST /owners"]);

    let nickname = entry(&out, "property `Pet.nickname`");
    assert_eq!(nickname["kind"], "property");
    assert_eq!(
        nickname["pointer"],
        "/components/schemas/Pet/properties/nickname"
    );
    assert_eq!(nickname["operations"].as_array().unwrap().len(), 2);

    let fax = entry(&out, "property `fax` of POST /owners request body");
    assert_eq!(fax["sunset"], Value::Null);
    assert_eq!(fax["days_left"], Value::Null);
    // One description: no history fields.
    assert!(fax.get("since_version").is_none());
    assert!(out.get("versions").is_none());
}

#[test]
fn overdue_depends_on_the_reference_date() {
    // Before every sunset: nothing overdue, and --fail-on-overdue passes.
    let early = json_of(PETSTORE, "2026-01-01");
    assert_valid(&validator(), &early, "early");
    assert_eq!(early["summary"]["overdue"], 0);
    assert_eq!(early["summary"]["sunset_ahead"], 6);
    assert_eq!(
        rows(&early)[0],
        owned(&[("GET /pets/{petId}/photos", json!(58), false)])[0]
    );
    // On the sunset day: zero days left, not overdue; the next day: overdue.
    let on = json_of(PETSTORE, "2026-02-28");
    assert_eq!(entry(&on, "GET /pets/{petId}/photos")["days_left"], 0);
    assert_eq!(entry(&on, "GET /pets/{petId}/photos")["overdue"], false);
    let after = json_of(PETSTORE, "2026-03-01");
    assert_eq!(entry(&after, "GET /pets/{petId}/photos")["days_left"], -1);
    assert_eq!(entry(&after, "GET /pets/{petId}/photos")["overdue"], true);

    let fail = |as_of: &str| {
        apidelta()
            .args([
                "deprecations",
                PETSTORE,
                "--as-of",
                as_of,
                "--fail-on-overdue",
            ])
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(fail("2026-02-28"), Some(0));
    assert_eq!(fail("2026-03-01"), Some(1));
    // Without the flag, overdue entries do not fail the run.
    assert_eq!(ledger(PETSTORE, "2030-01-01", "text").0, 0);
}

#[test]
fn text_groups_and_highlights_overdue() {
    let (code, text) = ledger(PETSTORE, "2026-05-15", "text");
    assert_eq!(code, 0);
    assert!(text.starts_with(&format!(
        "Deprecations in {PETSTORE} (OpenAPI 3.0.3, Pet Store 2.3.0) as of 2026-05-15\n"
    )));
    assert!(
        text.contains(
            "8 deprecated elements: 2 overdue, 4 with a sunset ahead, 2 without a sunset\n"
        )
    );
    let overdue = text.find("Overdue (2)").unwrap();
    let ahead = text.find("Sunset ahead (4)").unwrap();
    let none = text.find("No sunset (2)").unwrap();
    assert!(overdue < ahead && ahead < none);
    let photos = text.find("! GET /pets/{petId}/photos  operation").unwrap();
    assert!(overdue < photos && photos < ahead);
    assert!(text.contains("sunset 2026-02-28 (76 days ago), deprecated 2025-08-15\n"));
    assert!(text.contains("sunset 2026-06-30 (in 46 days), deprecated 2025-06-01\n"));
    assert!(text.contains(&format!(
        "{PETSTORE}:{}:5\n",
        line_of(PETSTORE, "/pets/{petId}/photos:") + 1
    )));
    assert!(text.contains("affects 3 operations: GET /pets, GET /pets/{petId}, POST /owners\n"));
    assert!(!text.contains('\u{1b}'), "no colour with --color never");

    // With colour, the overdue lines are red and bold.
    let out = apidelta()
        .args([
            "deprecations",
            PETSTORE,
            "--as-of",
            "2026-05-15",
            "--color",
            "always",
        ])
        .output()
        .unwrap();
    let coloured = String::from_utf8(out.stdout).unwrap();
    assert!(
        coloured.contains("\u{1b}[1m\u{1b}[31m! GET /pets/{petId}/photos"),
        "{coloured}"
    );
}

#[test]
fn markdown_is_a_table() {
    let (_, md) = ledger(PETSTORE, "2026-05-15", "markdown");
    assert!(md.starts_with("## Deprecations\n\n**8 deprecated elements** in "));
    let table: Vec<&str> = md.lines().filter(|l| l.starts_with('|')).collect();
    assert_eq!(table.len(), 2 + 8, "{md}");
    assert_eq!(
        table[0],
        "| Status | Element | Kind | Deprecated | Sunset | Days left | Location | Operations |"
    );
    assert!(table[2].starts_with(
        "| **overdue** | GET /pets/{petId}/photos | operation | 2025-08-15 | 2026-02-28 | -76 | "
    ));
    assert!(table[4].starts_with("| soon | DELETE /pets/{petId} | operation |"));
    assert!(table[9].starts_with("| no sunset | property `fax` of POST /owners request body |"));
}

/// An RFC 4180 parser: quoted fields, doubled quotes, CRLF records.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "CR without LF");
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(
        field.is_empty() && row.is_empty(),
        "the last record ends with CRLF"
    );
    rows
}

#[test]
fn csv_parses_back() {
    let (_, csv) = ledger(PETSTORE, "2026-05-15", "csv");
    let rows = parse_csv(&csv);
    assert_eq!(
        rows[0],
        [
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
            "operations"
        ]
    );
    assert_eq!(rows.len(), 9);
    assert!(rows.iter().all(|r| r.len() == 12), "{rows:?}");
    assert_eq!(
        rows[1],
        [
            "GET /pets/{petId}/photos",
            "operation",
            "/paths/~1pets~1{petId}~1photos/get",
            PETSTORE,
            &(line_of(PETSTORE, "/pets/{petId}/photos:") + 1).to_string(),
            "5",
            "2025-08-15",
            "2026-02-28",
            "-76",
            "true",
            "deprecated x-sunset",
            "GET /pets/{petId}/photos",
        ]
    );
    // Commas and quotes survive quoting.
    let tag = rows
        .iter()
        .find(|r| r[0] == "property `Pet.legacy \"tag\", v1`")
        .unwrap();
    assert_eq!(
        tag[2],
        "/components/schemas/Pet/properties/legacy \"tag\", v1"
    );
    assert_eq!(tag[7], "");
    assert_eq!(tag[8], "");
    assert_eq!(tag[9], "false");
    assert_eq!(tag[11], "GET /pets; GET /pets/{petId}");
}

#[test]
fn swagger_2() {
    let out = json_of(SWAGGER2, "2026-01-10");
    assert_valid(&validator(), &out, "swagger2");
    assert_eq!(out["spec"]["spec_version"], "2.0");
    assert_eq!(
        rows(&out),
        owned(&[
            ("GET /pets", json!(5), false),
            ("query parameter `sort` of GET /pets", json!(415), false),
            ("property `Pet.color`", Value::Null, false),
        ])
    );
    let color = entry(&out, "property `Pet.color`");
    assert_eq!(color["pointer"], "/definitions/Pet/properties/color");
    assert_eq!(color["since"], "2025-03-01");
    assert_eq!(color["operations"].as_array().unwrap().len(), 2);
    let later = json_of(SWAGGER2, "2026-01-16");
    assert_eq!(rows(&later)[0], owned(&[("GET /pets", json!(-1), true)])[0]);
}

#[test]
fn output_file_and_empty_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ledger.csv");
    apidelta()
        .args([
            "deprecations",
            PETSTORE,
            "--as-of",
            "2026-05-15",
            "--format",
            "csv",
            "-o",
        ])
        .arg(&file)
        .assert()
        .success()
        .stdout("");
    assert_eq!(std::fs::read_to_string(&file).unwrap().lines().count(), 9);

    // A description with nothing deprecated.
    let (code, text) = ledger(
        "tests/fixtures/deprecations/history/v3.yaml",
        "2026-01-01",
        "text",
    );
    assert_eq!(code, 0);
    assert!(text.contains("2 deprecated elements"), "{text}");
    let spec = dir.path().join("plain.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok}\n",
    )
    .unwrap();
    let spec = spec.to_str().unwrap();
    let (_, text) = ledger(spec, "2026-01-01", "text");
    assert!(text.contains("0 deprecated elements: 0 overdue"));
    assert!(text.contains("Nothing is deprecated."));
    let out = json_of(spec, "2026-01-01");
    assert_valid(&validator(), &out, "empty");
    assert_eq!(out["deprecated"], json!([]));
}

#[test]
fn usage_errors() {
    apidelta()
        .args(["deprecations", PETSTORE, "--as-of", "tomorrow"])
        .assert()
        .code(2);
    apidelta()
        .args(["deprecations", "tests/fixtures/deprecations/missing.yaml"])
        .assert()
        .code(3);
}

#[test]
fn schema_command_prints_it_and_it_rejects_broken_outputs() {
    let out = apidelta()
        .args(["schema", "deprecations"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/deprecations.schema.json");
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        std::fs::read_to_string(path).unwrap()
    );

    let v = validator();
    let good = json_of(PETSTORE, "2026-05-15");
    type Mutation = Box<dyn Fn(&mut Value)>;
    let broken: Vec<(&str, Mutation)> = vec![
        (
            "no as_of",
            Box::new(|o| {
                o.as_object_mut().unwrap().remove("as_of");
            }),
        ),
        (
            "bad kind",
            Box::new(|o| o["deprecated"][0]["kind"] = json!("endpoint")),
        ),
        (
            "days_left as text",
            Box::new(|o| o["deprecated"][0]["days_left"] = json!("-76")),
        ),
        (
            "days_left without sunset",
            Box::new(|o| o["deprecated"][6]["days_left"] = json!(3)),
        ),
        (
            "overdue without sunset",
            Box::new(|o| o["deprecated"][6]["overdue"] = json!(true)),
        ),
        (
            "sunset not a date",
            Box::new(|o| o["deprecated"][0]["sunset"] = json!("soon")),
        ),
        (
            "no marker",
            Box::new(|o| o["deprecated"][0]["marked_by"] = json!([])),
        ),
        (
            "two operations for an operation",
            Box::new(|o| {
                let op = o["deprecated"][0]["operations"][0].clone();
                o["deprecated"][0]["operations"] = json!([op.clone(), op]);
            }),
        ),
        (
            "removed without removal",
            Box::new(|o| {
                o["deprecated"][0]["removed_in"] = json!("v2");
            }),
        ),
        (
            "schema_version 2",
            Box::new(|o| o["schema_version"] = json!(2)),
        ),
    ];
    for (label, mutate) in broken {
        let mut bad = good.clone();
        mutate(&mut bad);
        assert!(!v.is_valid(&bad), "{label}: the schema accepted it");
    }
}

fn load_version(rel: &str) -> (apidelta::load::DocumentSet, apidelta::model::Api) {
    let path = common::fixture(rel);
    let docs = load(&Input::File(path), &LoadOptions::default()).unwrap();
    let api = apidelta::normalize::normalize(&docs).unwrap();
    (docs, api)
}

fn date(s: &str) -> Date {
    Date::parse(s).unwrap()
}

#[test]
fn history_since_version_and_removals() {
    let mut history = LedgerHistory::new();
    let (_, v1) = load_version("deprecations/history/v1.yaml");
    let (_, v2) = load_version("deprecations/history/v2.yaml");
    let (docs3, v3) = load_version("deprecations/history/v3.yaml");
    history.push_dated("v1", Some(date("2025-10-01")), &v1);
    history.push_dated("v2", Some(date("2026-01-15")), &v2);
    history.push_dated("v3", Some(date("2026-04-01")), &v3);
    let ledger: Ledger = history.finish(date("2026-05-15"));
    assert_eq!(ledger.versions, ["v1", "v2", "v3"]);
    type Row<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<Removal>);
    let got: Vec<Row> = ledger
        .entries
        .iter()
        .map(|e| {
            (
                e.entry.element.as_str(),
                e.since_version.as_deref(),
                e.removed_in.as_deref(),
                e.removal,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            // Present in v3, by sunset.
            (
                "header `X-RATE-LIMIT` of GET /pets 200",
                Some("v2"),
                None,
                None
            ),
            ("schema `LegacyOwner`", Some("v3"), None, None),
            // Removed, by sunset: the photos operation in v3 (dated 2026-04-01, after its
            // 2026-02-28 sunset; its path parameter was renamed in v2, still the same
            // operation); the limit parameter in v3, before 2026-09-30; Pet.nickname in v2
            // (no sunset).
            (
                "GET /pets/{petId}/photos",
                Some("v1"),
                Some("v3"),
                Some(Removal::AfterSunset)
            ),
            (
                "query parameter `limit` of GET /pets",
                Some("v1"),
                Some("v3"),
                Some(Removal::BeforeSunset)
            ),
            (
                "property `Pet.nickname`",
                Some("v1"),
                Some("v2"),
                Some(Removal::NoSunset)
            ),
        ]
    );
    // /legacy was un-deprecated in v3: neither listed nor removed.
    assert!(
        ledger
            .entries
            .iter()
            .all(|e| e.entry.element != "GET /legacy")
    );
    let c = ledger.counts();
    assert_eq!((c.deprecated, c.removed, c.overdue), (2, 3, 0));

    // Its JSON validates, with the history fields; removed elements have no file.
    let report = LedgerReport {
        spec: Side {
            source: "v3.yaml".into(),
            docs: &docs3,
            api: &v3,
        },
        ledger: &ledger,
    };
    let out = ledger_json(&report).unwrap();
    assert_valid(&validator(), &out, "history");
    assert_eq!(out["versions"], json!(["v1", "v2", "v3"]));
    assert_eq!(out["summary"]["removed"], 3);
    let header = &out["deprecated"][0];
    assert_eq!(header["since_version"], "v2");
    assert_eq!(header["removed_in"], Value::Null);
    assert_eq!(header["file"], docs3.name(docs3.root()));
    let photos = entry(&out, "GET /pets/{petId}/photos");
    assert_eq!(photos["removed_in"], "v3");
    assert_eq!(photos["removal"], "after-sunset");
    assert_eq!(photos["file"], Value::Null);
    assert_eq!(photos["overdue"], false);
    assert_eq!(photos["pointer"], "/paths/~1pets~1{petId}~1photos/get");
    let text = ledger_text(&report);
    assert!(text.contains("history: v1 → v2 → v3\n"), "{text}");
    assert!(text.contains("Removed (3)"));
    assert!(text.contains("removed in v3 (before-sunset)"));
    assert!(text.contains("was at /paths/~1pets/get/parameters/0"));
}

#[test]
fn history_without_dates_falls_back_to_date_labels_then_as_of() {
    let (_, v2) = load_version("deprecations/history/v2.yaml");
    let (_, v3) = load_version("deprecations/history/v3.yaml");
    let removal_of_photos = |labels: [&str; 2], as_of: &str| {
        let mut h = LedgerHistory::new();
        h.push(labels[0], &v2);
        h.push(labels[1], &v3);
        h.finish(date(as_of))
            .entries
            .into_iter()
            .find(|e| e.entry.element == "GET /pets/{petId}/photos")
            .unwrap()
            .removal
    };
    // Undated labels: judged as of --as-of.
    assert_eq!(
        removal_of_photos(["v2", "v3"], "2026-02-01"),
        Some(Removal::BeforeSunset)
    );
    assert_eq!(
        removal_of_photos(["v2", "v3"], "2026-02-28"),
        Some(Removal::AfterSunset)
    );
    // Date labels (as date-versioned APIs use) win over --as-of.
    assert_eq!(
        removal_of_photos(["2026-01-01", "2026-02-01"], "2026-05-15"),
        Some(Removal::BeforeSunset)
    );
}

/// A real description with deprecations: every entry is valid and positioned, and a
/// deprecated property of a shared component lists the operations that reach it.
#[test]
fn real_spec() {
    let Some(shared) = common::shared() else {
        return;
    };
    let spec = shared.join("corpus/real/openai/07-c094647.yaml");
    if !spec.is_file() {
        eprintln!("skipped: {} is missing", spec.display());
        return;
    }
    let spec = spec.to_str().unwrap();
    let out = json_of(spec, "2026-01-01");
    assert_valid(&validator(), &out, "openai");
    let entries = out["deprecated"].as_array().unwrap();
    assert!(entries.len() >= 40, "{}", entries.len());
    assert!(entries.iter().all(|e| e["line"].as_u64().is_some()));
    let ops = |element: &str| -> Vec<String> {
        entry(&out, element)["operations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                format!(
                    "{} {}",
                    o["method"].as_str().unwrap(),
                    o["path"].as_str().unwrap()
                )
            })
            .collect()
    };
    assert_eq!(
        ops("property `CreateChatCompletionRequest.functions`"),
        ["POST /chat/completions"]
    );
    let assistant = ops("schema `AssistantObject`");
    assert!(
        assistant.contains(&"GET /assistants/{assistant_id}".to_string()),
        "{assistant:?}"
    );
    assert!(assistant.len() >= 4);
}

/// The README's example is the real output.
#[test]
fn readme_example() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme
        .find("$ apidelta deprecations ")
        .expect("an example in the README");
    let block = &readme[start..];
    let block = &block[..block.find("\n...\n").unwrap()];
    let (command, shown) = block.split_once('\n').unwrap();
    let args: Vec<&str> = command.split_whitespace().skip(2).collect();
    let out = apidelta().args(&args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "--fail-on-overdue with overdue entries"
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with(shown), "README:\n{shown}\nactual:\n{text}");
}

const HISTORY: [&str; 3] = [
    "tests/fixtures/deprecations/history/v1.yaml",
    "tests/fixtures/deprecations/history/v2.yaml",
    "tests/fixtures/deprecations/history/v3.yaml",
];

/// `(element, since_version, removed_in, removal)` of every entry.
fn history_rows(out: &Value) -> Vec<(String, Value, Value, Value)> {
    out["deprecated"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["element"].as_str().unwrap().to_string(),
                e["since_version"].clone(),
                e["removed_in"].clone(),
                e["removal"].clone(),
            )
        })
        .collect()
}

#[test]
fn history_over_files_says_when_deprecations_appeared_and_went() {
    let (code, out) = run(&[
        "deprecations",
        "--history",
        "tests/fixtures/deprecations/history",
        "--as-of",
        "2026-11-28",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{out}");
    let out: Value = serde_json::from_str(&out).unwrap();
    assert_valid(&validator(), &out, "deprecations --history");
    assert_eq!(out["versions"], json!(HISTORY));
    assert_eq!(out["spec"]["source"], HISTORY[2]);
    let (v1, v2, v3) = (json!(HISTORY[0]), json!(HISTORY[1]), json!(HISTORY[2]));
    let null = Value::Null;
    // No dates on plain files: removals are judged against --as-of (after both sunsets).
    assert_eq!(
        history_rows(&out),
        [
            (
                "header `X-RATE-LIMIT` of GET /pets 200".to_string(),
                v2.clone(),
                null.clone(),
                null.clone()
            ),
            (
                "schema `LegacyOwner`".to_string(),
                v3.clone(),
                null.clone(),
                null.clone()
            ),
            (
                "GET /pets/{petId}/photos".to_string(),
                v1.clone(),
                v3.clone(),
                json!("after-sunset")
            ),
            (
                "query parameter `limit` of GET /pets".to_string(),
                v1.clone(),
                v3.clone(),
                json!("after-sunset")
            ),
            (
                "property `Pet.nickname`".to_string(),
                v1.clone(),
                v2.clone(),
                json!("no-sunset")
            ),
        ]
    );
    apidelta()
        .args(["deprecations", HISTORY[0], HISTORY[1]])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "pass --history to read several versions",
        ));
}

#[test]
fn history_over_git_judges_removals_by_commit_date() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    common::git_at(d, "2026-01-01T12:00:00Z", &["init", "-q", "-b", "main"]);
    // v3 lands on 2026-03-15: after the photos sunset (2026-02-28), before the `limit`
    // sunset (2026-09-30).
    for (file, date) in HISTORY
        .iter()
        .zip(["2026-01-01", "2026-01-10", "2026-03-15"])
    {
        std::fs::copy(root.join(file), d.join("spec.yaml")).unwrap();
        let when = format!("{date}T12:00:00Z");
        common::git_at(d, &when, &["add", "spec.yaml"]);
        common::git_at(
            d,
            &when,
            &["commit", "-q", "-m", &format!("release {date}")],
        );
    }
    let out = Command::cargo_bin("apidelta")
        .unwrap()
        .current_dir(d)
        .args(["deprecations", "--history", "--git", "spec.yaml"])
        .args(["--as-of", "2026-11-28", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out: Value = serde_json::from_slice(&out).unwrap();
    assert_valid(&validator(), &out, "deprecations --history --git");
    let removal = |element: &str| entry(&out, element)["removal"].clone();
    assert_eq!(removal("GET /pets/{petId}/photos"), "after-sunset");
    assert_eq!(
        removal("query parameter `limit` of GET /pets"),
        "before-sunset"
    );
    assert_eq!(removal("property `Pet.nickname`"), "no-sunset");
    let removed_in = entry(&out, "GET /pets/{petId}/photos")["removed_in"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(removed_in.ends_with(":spec.yaml"), "{removed_in}");
}
