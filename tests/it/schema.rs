//! The JSON Schemas of `schema/` (DESIGN §4): they are valid draft 2020-12 schemas, the real
//! outputs of `diff`, `breaking`, `changelog` and `semver` validate against them, broken
//! outputs do not, and `apidelta schema` prints them.

use crate::common;

use assert_cmd::Command;
use jsonschema::Validator;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn apidelta() -> Command {
    let mut cmd = Command::cargo_bin("apidelta").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

fn schema_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("schema/{name}.schema.json"))
}

fn schema_text(name: &str) -> String {
    std::fs::read_to_string(schema_path(name)).unwrap()
}

fn schema(name: &str) -> Value {
    serde_json::from_str(&schema_text(name)).unwrap()
}

/// A draft 2020-12 validator of `schema/NAME.schema.json`, after checking the schema itself
/// against the draft's meta-schema.
fn validator(name: &str) -> Validator {
    let schema = schema(name);
    if let Err(e) = jsonschema::meta::validate(&schema) {
        panic!(
            "schema/{name}.schema.json is not a valid JSON Schema: {e} at {}",
            e.instance_path()
        );
    }
    assert_eq!(
        schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
        "schema/{name}.schema.json declares draft 2020-12"
    );
    jsonschema::draft202012::new(&schema).unwrap()
}

/// Every error, one line each: `/findings/0/level: "fatal" is not one of ...`.
fn errors(validator: &Validator, instance: &Value) -> Vec<(String, String)> {
    validator
        .iter_errors(instance)
        .map(|e| (e.instance_path().to_string(), e.to_string()))
        .collect()
}

fn assert_valid(validator: &Validator, instance: &Value, label: &str) {
    let errors = errors(validator, instance);
    if !errors.is_empty() {
        let shown: Vec<String> = errors
            .iter()
            .take(20)
            .map(|(path, message)| {
                let message: String = message.chars().take(300).collect();
                format!("  {path}: {message}")
            })
            .collect();
        panic!(
            "{label}: {} schema error(s)\n{}",
            errors.len(),
            shown.join("\n")
        );
    }
}

/// The JSON an apidelta command prints (exit 0, or 1 for a --fail-on threshold).
fn json_of(args: &[&str]) -> Value {
    let out = apidelta().args(args).output().unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "apidelta {}: {:?}\n{}",
        args.join(" "),
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("apidelta {}: not JSON: {e}", args.join(" ")))
}

const LEVELS: [&str; 5] = [
    "breaking",
    "potentially-breaking",
    "deprecation",
    "additive",
    "info",
];

/// What the schema cannot say: the summary counts the findings listed, most severe first.
fn assert_findings_consistent(out: &Value, label: &str) {
    let findings = out["findings"].as_array().unwrap();
    for level in LEVELS {
        let listed = findings.iter().filter(|f| f["level"] == level).count();
        assert_eq!(
            out["summary"][level.replace('-', "_")],
            json!(listed),
            "{label}: summary.{level}"
        );
    }
    let ranks: Vec<usize> = findings
        .iter()
        .map(|f| LEVELS.iter().position(|l| f["level"] == *l).unwrap())
        .collect();
    assert!(
        ranks.windows(2).all(|w| w[0] <= w[1]),
        "{label}: findings are not most severe first"
    );
}

/// Validates `diff`, `breaking`, `changelog` and `semver` JSON for one pair; returns the
/// number of changes and findings validated.
fn validate_pair(base: &str, revision: &str) -> (usize, usize) {
    let (diff_schema, findings_schema) = (validator("diff"), validator("findings"));
    let label = |cmd: &str| format!("apidelta {cmd} --format json {base} {revision}");
    let diff = json_of(&["diff", "--format", "json", base, revision]);
    assert_valid(&diff_schema, &diff, &label("diff"));
    let changes = diff["changes"].as_array().unwrap().len();
    let mut findings = 0;
    for cmd in ["breaking", "changelog", "semver"] {
        let out = json_of(&[cmd, "--format", "json", base, revision]);
        assert_valid(&findings_schema, &out, &label(cmd));
        assert_findings_consistent(&out, &label(cmd));
        findings = findings.max(out["findings"].as_array().unwrap().len());
        // Each output is one of the two: a findings report is not a diff, nor the reverse.
        assert!(
            !diff_schema.is_valid(&out),
            "{} passes as a diff",
            label(cmd)
        );
        assert!(
            !findings_schema.is_valid(&diff),
            "{} passes as findings",
            label("diff")
        );
    }
    (changes, findings)
}

#[test]
fn schemas_are_valid_draft_2020_12() {
    for name in ["diff", "findings", "history"] {
        validator(name);
        let s = schema(name);
        assert_eq!(s["properties"]["schema_version"]["const"], 1, "{name}");
        assert!(
            s["description"]
                .as_str()
                .unwrap()
                .contains("Fields may be added"),
            "{name}"
        );
    }
}

#[test]
fn petstore_outputs_validate() {
    let (changes, findings) = validate_pair("specs/petstore-v1.yaml", "specs/petstore-v2.yaml");
    assert!(changes > 0 && findings > 0);
}

#[test]
fn kitchen_sink_outputs_validate() {
    let (changes, findings) = validate_pair(
        "tests/fixtures/diff/kitchen-sink/base.yaml",
        "tests/fixtures/diff/kitchen-sink/revision.yaml",
    );
    assert!(changes > 0 && findings > 0);
}

#[test]
fn real_corpus_outputs_validate() {
    let Some(shared) = common::shared() else {
        return;
    };
    let real = shared.join("corpus/real");
    let pairs = [
        (
            "openai-2023",
            "01-1.1.0-dfaa7b3.yaml",
            "02-1.1.0-21a10fd.yaml",
        ),
        (
            "stripe-swagger2",
            "01-2019-10-08.json",
            "02-2019-10-17.json",
        ),
        ("docker-engine", "01-v1.47.yaml", "02-v1.48.yaml"),
        (
            "openai-2023",
            "04-1.3.0-c012b5c.yaml",
            "05-2.0.0-d9c3021.yaml",
        ),
    ];
    for (api, base, revision) in pairs {
        let (base, revision) = (real.join(api).join(base), real.join(api).join(revision));
        let (changes, findings) = validate_pair(base.to_str().unwrap(), revision.to_str().unwrap());
        eprintln!("{api}: {changes} changes, {findings} findings valid");
        assert!(changes > 0, "{api}: no changes to validate");
    }
}

/// One way to break an output: the value at a pointer replaced (`Some`) or removed (`None`).
type Break<'a> = (&'a str, String, Option<Value>);

/// Each broken output must fail validation, at the broken value or (a missing field) at
/// the object that lacks it; a value under an `anyOf` (a location or null) fails at the
/// `anyOf`, so an enclosing value other than the root counts too.
fn assert_rejected(validator: &Validator, valid: &Value, cases: &[Break]) {
    for (label, path, replacement) in cases {
        let mut broken = valid.clone();
        let (parent, key) = path.rsplit_once('/').unwrap();
        let target = broken
            .pointer_mut(parent)
            .unwrap_or_else(|| panic!("{label}: no {parent}"));
        match (target, replacement) {
            (Value::Object(o), None) => {
                assert!(
                    o.shift_remove(key).is_some(),
                    "{label}: no {path} to remove"
                );
            }
            (Value::Object(o), Some(v)) => {
                o.insert(key.to_string(), v.clone());
            }
            _ => panic!("{label}: {parent} is not an object"),
        }
        let errors = errors(validator, &broken);
        assert!(!errors.is_empty(), "{label}: the broken output validates");
        let at = if replacement.is_some() { path } else { parent };
        let here = |p: &String| p == at || (!p.is_empty() && at.starts_with(&format!("{p}/")));
        assert!(
            errors.iter().any(|(p, _)| here(p)),
            "{label}: no error at `{at}`, only {errors:?}"
        );
    }
}

#[test]
fn broken_findings_outputs_fail() {
    let validator = validator("findings");
    let valid = json_of(&[
        "changelog",
        "--format",
        "json",
        "specs/petstore-v1.yaml",
        "specs/petstore-v2.yaml",
    ]);
    assert_valid(&validator, &valid, "petstore changelog");
    // One finding with a related one, so the related fields can be broken too.
    let with_related = valid["findings"]
        .as_array()
        .unwrap()
        .iter()
        .position(|f| !f["related"].as_array().unwrap().is_empty())
        .expect("petstore v1 -> v2 has a probable rename");
    let r = format!("/findings/{with_related}/related/0");
    let cases: Vec<Break> = vec![
        (
            "level fatal",
            "/findings/0/level".into(),
            Some(json!("fatal")),
        ),
        (
            "missing fingerprint",
            "/findings/0/fingerprint".into(),
            None,
        ),
        ("missing id", "/findings/0/id".into(), None),
        ("missing migration", "/findings/0/migration".into(), None),
        (
            "upper-case fingerprint",
            "/findings/0/fingerprint".into(),
            Some(json!("45C258EC9D92")),
        ),
        (
            "short fingerprint",
            "/findings/0/fingerprint".into(),
            Some(json!("45c258ec9d9")),
        ),
        ("schema_version 2", "/schema_version".into(), Some(json!(2))),
        ("missing summary", "/summary".into(), None),
        (
            "negative count",
            "/summary/breaking".into(),
            Some(json!(-1)),
        ),
        ("fractional count", "/summary/info".into(), Some(json!(1.5))),
        (
            "required huge",
            "/semver/required".into(),
            Some(json!("huge")),
        ),
        ("missing declared", "/semver/declared".into(), None),
        (
            "verdict fine",
            "/semver/verdict".into(),
            Some(json!("fine")),
        ),
        (
            "suggested not semver",
            "/semver/suggested".into(),
            Some(json!("v2")),
        ),
        (
            "direction sideways",
            "/findings/0/operations/0/direction".into(),
            Some(json!("sideways")),
        ),
        (
            "scope path",
            "/findings/0/operations/0/scope".into(),
            Some(json!("path")),
        ),
        (
            "missing operation_id",
            "/findings/0/operations/0/operation_id".into(),
            None,
        ),
        (
            "location without pointer",
            "/findings/0/revision".into(),
            Some(json!({"file": "x.yaml"})),
        ),
        ("line 0", "/findings/0/revision/line".into(), Some(json!(0))),
        (
            "pointer not a pointer",
            "/findings/0/revision/pointer".into(),
            Some(json!("paths")),
        ),
        (
            "base a string",
            "/findings/0/base".into(),
            Some(json!("specs/petstore-v1.yaml")),
        ),
        (
            "confidence 1.5",
            format!("{r}/confidence"),
            Some(json!(1.5)),
        ),
        ("confidence 0", format!("{r}/confidence"), Some(json!(0))),
        (
            "related bad fingerprint",
            format!("{r}/fingerprint"),
            Some(json!("nope")),
        ),
        ("missing relation", format!("{r}/relation"), None),
        ("tool other", "/tool/name".into(), Some(json!("oasdiff"))),
        ("missing title", "/base/title".into(), None),
    ];
    assert_rejected(&validator, &valid, &cases);
}

#[test]
fn broken_diff_outputs_fail() {
    let validator = validator("diff");
    let valid = json_of(&[
        "diff",
        "--format",
        "json",
        "specs/petstore-v1.yaml",
        "specs/petstore-v2.yaml",
    ]);
    assert_valid(&validator, &valid, "petstore diff");
    let with_ops = valid["changes"]
        .as_array()
        .unwrap()
        .iter()
        .position(|c| !c["operations"].as_array().unwrap().is_empty())
        .unwrap();
    let op = format!("/changes/{with_ops}/operations/0");
    let cases: Vec<Break> = vec![
        (
            "kind renamed",
            "/changes/0/kind".into(),
            Some(json!("renamed")),
        ),
        ("missing kind", "/changes/0/kind".into(), None),
        ("missing what", "/changes/0/what".into(), None),
        (
            "what not kebab-case",
            "/changes/0/what".into(),
            Some(json!("maxLength")),
        ),
        ("missing operations", "/changes/0/operations".into(), None),
        ("missing revision", "/changes/0/revision".into(), None),
        ("column 0", "/changes/0/base/column".into(), Some(json!(0))),
        ("schema_version 0", "/schema_version".into(), Some(json!(0))),
        ("missing changes", "/changes".into(), None),
        (
            "findings instead of changes",
            "/changes".into(),
            Some(json!({})),
        ),
        (
            "lower-case method",
            format!("{op}/method"),
            Some(json!("get")),
        ),
        (
            "direction both",
            format!("{op}/direction"),
            Some(json!("both")),
        ),
        ("missing path", format!("{op}/path"), None),
        (
            "missing spec_version",
            "/revision/spec_version".into(),
            None,
        ),
    ];
    assert_rejected(&validator, &valid, &cases);
}

#[test]
fn added_fields_are_allowed() {
    // DESIGN §4: fields may be added in later versions; a consumer's schema must not break.
    let diff = validator("diff");
    let mut out = json_of(&[
        "diff",
        "--format",
        "json",
        "specs/petstore-v1.yaml",
        "specs/petstore-v2.yaml",
    ]);
    out["later"] = json!(true);
    out["changes"][0]["later"] = json!({"any": "thing"});
    out["tool"]["later"] = json!(1);
    assert_valid(&diff, &out, "diff with added fields");
    let findings = validator("findings");
    let mut out = json_of(&[
        "semver",
        "--format",
        "json",
        "specs/petstore-v1.yaml",
        "specs/petstore-v2.yaml",
    ]);
    out["later"] = json!([]);
    out["findings"][0]["later"] = json!(null);
    out["findings"][0]["operations"][0]["later"] = json!("x");
    out["semver"]["later"] = json!(0);
    assert_valid(&findings, &out, "findings with added fields");
}

/// A validator of the sub-schema at `pointer` of `schema/NAME.schema.json`.
fn sub_validator(name: &str, pointer: &str) -> Validator {
    let s = schema(name);
    let sub = json!({
        "$schema": s["$schema"],
        "$defs": s["$defs"],
        "$ref": format!("#{pointer}"),
    });
    jsonschema::draft202012::new(&sub).unwrap()
}

#[test]
fn schemas_follow_the_code() {
    let level = sub_validator("findings", "/$defs/level");
    let findings = schema("findings");
    let listed: Vec<&str> = findings["$defs"]["level"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let known: Vec<&str> = apidelta::rules::Level::ALL
        .iter()
        .map(|l| l.as_str())
        .collect();
    assert_eq!(listed, known, "the level enum is Level::ALL");
    assert!(level.is_valid(&json!("breaking")));
    let what = sub_validator("diff", "/$defs/change/properties/what");
    for w in apidelta::diff::What::ALL {
        assert!(
            what.is_valid(&json!(w.as_str())),
            "`what` {} does not match the schema's pattern",
            w.as_str()
        );
    }
    let id = sub_validator("findings", "/$defs/finding/properties/id");
    for rule in apidelta::rules::CATALOG.rules() {
        assert!(
            id.is_valid(&json!(rule.id)),
            "rule id {} does not match the schema's pattern",
            rule.id
        );
    }
    // The shared definitions are the same in both files.
    let (d, f) = (schema("diff"), schema("findings"));
    for def in ["tool", "side", "location", "optional_location"] {
        assert_eq!(d["$defs"][def], f["$defs"][def], "$defs/{def}");
    }
    let strip = |mut v: Value| {
        v.as_object_mut().unwrap().remove("description");
        v
    };
    assert_eq!(
        strip(d["$defs"]["operation_usage"].clone()),
        strip(f["$defs"]["operation_usage"].clone()),
        "$defs/operation_usage"
    );
}

#[test]
fn schema_command_prints_the_files() {
    for name in ["diff", "findings", "impact", "deprecations", "history"] {
        let out = apidelta().args(["schema", name]).output().unwrap();
        assert!(out.status.success(), "{out:?}");
        assert_eq!(String::from_utf8(out.stdout).unwrap(), schema_text(name));
    }
    let out = apidelta().arg("schema").output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let all: Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys: Vec<&String> = all.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["diff", "findings", "impact", "deprecations", "history"]
    );
    for name in keys {
        assert_eq!(all[name], schema(name), "{name}");
    }

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("findings.json");
    apidelta()
        .args(["schema", "findings", "--output"])
        .arg(&file)
        .assert()
        .success()
        .stdout("");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        schema_text("findings")
    );

    apidelta().args(["schema", "nonsense"]).assert().code(2);
}

#[test]
fn impact_outputs_validate() {
    let validator = validator("impact");
    for args in [
        vec![
            "impact",
            "--format",
            "json",
            "specs/petstore-v1.yaml",
            "specs/petstore-v2.yaml",
        ],
        vec![
            "impact",
            "--format",
            "json",
            "--mappings",
            "tests/fixtures/impact/petstore-mappings.yaml",
            "specs/petstore-v1.yaml",
            "specs/petstore-v2.yaml",
        ],
        vec![
            "impact",
            "--format",
            "json",
            "--mappings",
            "tests/fixtures/impact/mappings.yaml",
            "tests/fixtures/impact/base.yaml",
            "tests/fixtures/impact/revision.yaml",
        ],
    ] {
        let out = json_of(&args);
        assert_valid(&validator, &out, &args.join(" "));
    }
    // And it can fail: a status outside the enum, a rename without its new field.
    let mut bad = json_of(&[
        "impact",
        "--format",
        "json",
        "--mappings",
        "tests/fixtures/impact/petstore-mappings.yaml",
        "specs/petstore-v1.yaml",
        "specs/petstore-v2.yaml",
    ]);
    bad["mappings"][0]["status"] = serde_json::json!("exploded");
    assert!(!errors(&validator, &bad).is_empty());
    let mut bad = json_of(&[
        "impact",
        "--format",
        "json",
        "--mappings",
        "tests/fixtures/impact/petstore-mappings.yaml",
        "specs/petstore-v1.yaml",
        "specs/petstore-v2.yaml",
    ]);
    bad["mappings"][0]
        .as_object_mut()
        .unwrap()
        .remove("new_field");
    assert_eq!(bad["mappings"][0]["status"], "renamed");
    assert!(!errors(&validator, &bad).is_empty());
}

/// `history --format json` over a directory of real versions: valid, each step a valid
/// findings report once the envelope is added, and the totals are the steps' sums.
#[test]
fn history_output_validates() {
    let Some(shared) = common::shared() else {
        return;
    };
    let dir = shared.join("corpus/real/docker-engine");
    let out = json_of(&[
        "history",
        "--format",
        "json",
        "--max",
        "3",
        dir.to_str().unwrap(),
    ]);
    let history = validator("history");
    assert_valid(&history, &out, "history --format json");
    let findings = validator("findings");
    let steps = out["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 2);
    for (i, step) in steps.iter().enumerate() {
        let mut full = step.clone();
        full["schema_version"] = out["schema_version"].clone();
        full["tool"] = out["tool"].clone();
        let label = format!("history step {i}");
        assert_valid(&findings, &full, &label);
        assert_findings_consistent(&full, &label);
        assert_eq!(step["revision"], out["versions"][i + 1], "{label}");
    }
    for level in [
        "breaking",
        "potentially_breaking",
        "deprecation",
        "additive",
        "info",
    ] {
        let sum: u64 = steps
            .iter()
            .map(|s| s["summary"][level].as_u64().unwrap())
            .sum();
        assert_eq!(out["summary"][level], json!(sum), "summary.{level}");
    }
    assert!(!findings.is_valid(&out), "a history passes as findings");
}
