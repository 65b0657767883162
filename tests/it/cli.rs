//! The `apidelta` binary: exit codes, formats, and the errors people see.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

fn apidelta() -> Command {
    let mut cmd = Command::cargo_bin("apidelta").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

const V1: &str = "specs/petstore-v1.yaml";
const V2: &str = "specs/petstore-v2.yaml";

/// The README's first command, exactly as written there.
#[test]
fn readme_example_runs() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert!(
        readme.contains("cargo run -- changelog specs/petstore-v1.yaml specs/petstore-v2.yaml")
    );
    apidelta()
        .args(["changelog", V1, V2])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "3 breaking, 2 potentially breaking",
        ))
        .stdout(predicate::str::contains(
            "semver: declared minor (1.4.0 → 1.5.0), requires major: under-bumped",
        ))
        .stdout(predicate::str::contains(
            "It was probably renamed to `postal_code`.",
        ));
    apidelta()
        .args(["diff", V1, V2])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "9 changes: 3 added, 1 removed, 5 modified",
        ))
        .stdout(predicate::str::contains("removed  property zip"))
        .stdout(predicate::str::contains("GET /pets  (listPets)"))
        .stdout(predicate::str::contains(
            "added    parameter header.X-Tenant (required)\n",
        ));
}

/// Values in the text diff read as words: a parameter's or header's facts, and text that
/// would otherwise vanish is quoted.
#[test]
fn text_diff_says_values_in_words() {
    let dir = "tests/fixtures/diff/kitchen-sink";
    apidelta()
        .args([
            "diff",
            &format!("{dir}/base.yaml"),
            &format!("{dir}/revision.yaml"),
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "added    header Retry-After (optional)",
        ))
        .stdout(predicate::str::contains(r#"default: "" → -"#))
        .stdout(predicate::str::contains("\"required\"").not());
    // Only parameters, headers and bodies: other boolean objects are values to show.
    let dir = tempfile::tempdir().unwrap();
    let spec = |extra: serde_json::Value| {
        let mut spec = serde_json::json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}}
        });
        if !extra.is_null() {
            spec["paths"]["/a"]["get"]["x-flags"] = extra;
        }
        spec.to_string()
    };
    let (base, revision) = (dir.path().join("a.json"), dir.path().join("b.json"));
    std::fs::write(&base, spec(serde_json::Value::Null)).unwrap();
    std::fs::write(
        &revision,
        spec(serde_json::json!({"beta": false, "required": true})),
    )
    .unwrap();
    apidelta()
        .args(["diff"])
        .arg(&base)
        .arg(&revision)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            r#"x-flags: {"beta":false,"required":true}"#,
        ));
}

#[test]
fn json_output_follows_the_contract() {
    let out = apidelta()
        .args(["diff", "--format", "json", V1, V2])
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["tool"]["name"], "apidelta");
    assert_eq!(json["base"]["spec_version"], "3.0.3");
    assert_eq!(json["revision"]["version"], "1.5.0");
    let changes = json["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 9);
    let zip = changes.iter().find(|c| c["name"] == "zip").unwrap();
    assert_eq!(zip["kind"], "removed");
    assert_eq!(zip["what"], "property");
    assert_eq!(
        zip["base"]["pointer"],
        "/components/schemas/Address/properties/zip"
    );
    assert_eq!(zip["base"]["file"], V1);
    assert_eq!(zip["base"]["line"], 144);
    assert_eq!(zip["base"]["column"], 9);
    assert_eq!(zip["revision"]["pointer"], "/components/schemas/Address");
    assert_eq!(zip["operations"].as_array().unwrap().len(), 4);
    assert_eq!(zip["operations"][0]["direction"], "response");
}

#[test]
fn same_input_same_bytes() {
    let a = apidelta()
        .args(["diff", "--format", "json", V1, V2])
        .output()
        .unwrap();
    let b = apidelta()
        .args(["diff", "--format", "json", V1, V2])
        .output()
        .unwrap();
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn no_changes_and_fail_on_diff() {
    apidelta()
        .args(["diff", V1, V1])
        .assert()
        .success()
        .stdout(predicate::str::contains("No API changes."));
    apidelta()
        .args(["diff", "--fail-on-diff", V1, V1])
        .assert()
        .code(0);
    apidelta()
        .args(["diff", "--fail-on-diff", V1, V2])
        .assert()
        .code(1);
}

#[test]
fn stdin_and_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.txt");
    apidelta()
        .args(["diff", "-", V2, "--output"])
        .arg(&out)
        .write_stdin(
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(V1)).unwrap(),
        )
        .assert()
        .success()
        .stdout("");
    let text = std::fs::read_to_string(out).unwrap();
    assert!(text.contains("base      - (OpenAPI 3.0.3"), "{text}");
    assert!(!text.contains('\u{1b}'), "no colour codes in files");
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let plain = apidelta().args(["diff", V1, V2]).output().unwrap();
    assert!(!String::from_utf8_lossy(&plain.stdout).contains('\u{1b}'));
    let coloured = apidelta()
        .args(["diff", "--color", "always", V1, V2])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&coloured.stdout).contains("\u{1b}["));
}

#[test]
fn usage_errors_exit_2() {
    apidelta().args(["diff", V1]).assert().code(2);
    apidelta()
        .args(["diff", "--format", "pdf", V1, V2])
        .assert()
        .code(2);
    apidelta().args(["frobnicate"]).assert().code(2);
}

/// Each bad input: exit 3, file:line:col, what was wrong, and no panic.
fn bad_input(file: &str, expected: &[&str]) {
    let path = format!("tests/fixtures/errors/{file}");
    let out = apidelta().args(["diff", &path, V1]).output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{file}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    for e in expected {
        assert!(stderr.contains(e), "{file}: expected {e:?} in:\n{stderr}");
    }
}

#[test]
fn syntax_error_shows_the_line() {
    bad_input(
        "syntax.yaml",
        &[
            "syntax.yaml:8:18:",
            "invalid YAML",
            r#"responses: {"200": {description: ok}"#,
        ],
    );
}

#[test]
fn duplicate_keys_are_errors() {
    bad_input(
        "duplicate.yaml",
        &["duplicate.yaml:8:3:", "duplicate key `/pets`"],
    );
}

#[test]
fn not_an_openapi_document() {
    bad_input(
        "not-openapi.json",
        &[
            "not-openapi.json:1:1:",
            "not an OpenAPI or Swagger document",
        ],
    );
}

#[test]
fn unsupported_version() {
    bad_input(
        "unsupported.yaml",
        &[
            "unsupported.yaml:1:1:",
            "unsupported OpenAPI version `4.0.0`",
        ],
    );
}

#[test]
fn unresolved_ref_suggests_a_near_name() {
    bad_input(
        "unresolved.yaml",
        &[
            "unresolved.yaml:12:17:",
            "does not resolve",
            "did you mean `#/components/schemas/Pet`?",
        ],
    );
}

#[test]
fn ref_leaving_the_spec_directory_is_refused() {
    bad_input(
        "outside.yaml",
        &["outside.yaml:12:17:", "leaves the directory", "--ref-root"],
    );
}

#[test]
fn remote_ref_is_refused() {
    bad_input(
        "remote.yaml",
        &["remote.yaml:12:17:", "remote $ref", "refused"],
    );
}

#[test]
fn unresolved_refs_can_be_downgraded_to_warnings() {
    apidelta()
        .args([
            "diff",
            "--allow-unresolved-refs",
            "tests/fixtures/errors/unresolved.yaml",
            V1,
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "warning: tests/fixtures/errors/unresolved.yaml:12:17:",
        ));
    // Files outside the directory are still never read.
    apidelta()
        .args([
            "diff",
            "--allow-unresolved-refs",
            "tests/fixtures/errors/outside.yaml",
            V1,
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("root:").not())
        .stderr(predicate::str::contains("leaves the directory"));
}

#[test]
fn deep_nesting_hits_a_named_limit_not_the_stack() {
    let dir = tempfile::tempdir().unwrap();
    let deep = dir.path().join("deep.json");
    let depth = 100_000;
    let text = format!(
        "{{\"openapi\": \"3.0.3\", \"x\": {}{}}}",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    std::fs::write(&deep, text).unwrap();
    let out = apidelta().arg("diff").arg(&deep).arg(V1).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("max-depth") && stderr.contains("--max-depth"),
        "{stderr}"
    );
    let yaml = dir.path().join("deep.yaml");
    std::fs::write(
        &yaml,
        format!(
            "openapi: 3.0.3\nx: {}{}\n",
            "[".repeat(depth),
            "]".repeat(depth)
        ),
    )
    .unwrap();
    let out = apidelta().arg("diff").arg(&yaml).arg(V1).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--max-depth"), "{stderr}");
}

#[test]
fn alias_bomb_hits_a_named_limit() {
    let dir = tempfile::tempdir().unwrap();
    let bomb = dir.path().join("bomb.yaml");
    let mut text = String::from("openapi: 3.0.3\na: &a [x, x, x, x, x, x, x, x, x, x]\n");
    let mut prev = 'a';
    for name in "bcdefghij".chars() {
        text.push_str(&format!("{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        prev = name;
    }
    std::fs::write(&bomb, text).unwrap();
    let out = apidelta()
        .arg("diff")
        .arg(&bomb)
        .arg(V1)
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--max-alias"), "{stderr}");
}

#[test]
fn a_limit_error_names_its_flag_and_the_flag_raises_it() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("nested.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-a: {b: {c: {d: {e: 1}}}}\n",
    )
    .unwrap();
    let out = apidelta()
        .args(["diff", "--max-depth", "3"])
        .arg(&spec)
        .arg(&spec)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--max-depth"));
    apidelta()
        .args(["diff", "--max-depth", "10"])
        .arg(&spec)
        .arg(&spec)
        .assert()
        .success();
}

/// A spec's control characters reach no terminal: escape sequences (other than apidelta's own
/// colours), carriage returns, DEL and bidi overrides are written as visible escapes in text
/// and markdown, and error messages show none either.
#[test]
fn control_characters_from_a_spec_are_made_visible() {
    let dir = tempfile::tempdir().unwrap();
    let spec = |summary: &str| {
        serde_json::json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"summary": summary, "responses": {"200": {"description": "ok"}}}}}
        })
        .to_string()
    };
    let (base, revision) = (
        dir.path().join("base.json"),
        dir.path().join("revision.json"),
    );
    std::fs::write(&base, spec("hello")).unwrap();
    std::fs::write(
        &revision,
        spec("evil\x1b[2J\x1b]0;pwned\x07\r\x7f\u{202e}!"),
    )
    .unwrap();
    // (Findings fold whitespace, the carriage return included, into one space.)
    let visible = [r"evil\x1b[2J\x1b]0;pwned\x07", r"\x7f\u{202e}!"];
    for args in [
        vec!["diff", "--color", "always"],
        vec!["changelog", "--color", "always"],
        vec!["changelog", "--format", "markdown"],
    ] {
        let out = apidelta()
            .args(&args)
            .arg(&base)
            .arg(&revision)
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(
            visible.iter().all(|v| stdout.contains(v)),
            "{args:?}:\n{stdout}"
        );
        for raw in ["\x1b[2J", "\x1b]", "\x07", "\r", "\x7f", "\u{202e}"] {
            assert!(
                !stdout.contains(raw),
                "{args:?} let {raw:?} through:\n{stdout}"
            );
        }
        if args.contains(&"always") {
            assert!(stdout.contains("\x1b[0m"), "apidelta's own colours stay");
        }
    }
    // Machine formats escape what they must themselves, and keep the value exact.
    let evil = "evil\x1b[2J\x1b]0;pwned\x07\r\x7f\u{202e}!";
    for (args, pointer) in [
        (
            vec!["changelog", "--format", "sarif"],
            "/runs/0/results/0/message/text",
        ),
        (
            vec!["diff", "--format", "yaml"],
            "/changes/0/revision_value",
        ),
        (
            vec!["history", "--format", "json"],
            "/steps/0/findings/0/message",
        ),
        (
            vec!["history", "--format", "yaml"],
            "/steps/0/findings/0/message",
        ),
    ] {
        let out = apidelta()
            .args(&args)
            .arg(&base)
            .arg(&revision)
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        let value: serde_json::Value = if args.contains(&"yaml") {
            serde_saphyr::from_str(&stdout).unwrap()
        } else {
            serde_json::from_str(&stdout).unwrap()
        };
        let shown = value.pointer(pointer).and_then(|v| v.as_str());
        assert!(
            shown.is_some_and(|s| s.contains("\x7f\u{202e}!")),
            "{args:?}: {shown:?}\n{stdout}"
        );
        if pointer.ends_with("revision_value") {
            assert_eq!(shown, Some(evil));
        }
    }
    // An error quotes the spec's line: no raw control character there either.
    std::fs::write(
        &revision,
        "openapi: 3.0.3\ninfo: {title: \"\x1b[2J\", version: 1\n",
    )
    .unwrap();
    let out = apidelta()
        .args(["diff"])
        .arg(&base)
        .arg(&revision)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("[2J") && !stderr.contains('\x1b'),
        "{stderr}"
    );
}
