//! `apidelta history` over files, directories and globs: order, steps, formats, exit codes.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;

fn apidelta(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("apidelta").unwrap();
    cmd.current_dir(dir);
    cmd
}

/// A spec at `version` whose `Pet` has the given properties (all strings).
fn spec(version: &str, properties: &[&str]) -> String {
    let props: String = properties
        .iter()
        .map(|p| format!("        {p}: {{type: string}}\n"))
        .collect();
    format!(
        "openapi: 3.0.3\ninfo: {{title: Pets, version: \"{version}\"}}\npaths:\n  /pets:\n    get:\n      responses:\n        \"200\":\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: \"#/components/schemas/Pet\"}}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      properties:\n{props}"
    )
}

/// Three versions whose file names sort differently as text (`v10` < `v2`) than naturally,
/// and whose `info.version`s sort differently again.
fn versions() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("v1.yaml"), spec("1.0.0", &["id"])).unwrap();
    std::fs::write(d.join("v2.yaml"), spec("1.1.0", &["id", "name"])).unwrap();
    std::fs::write(d.join("v10.yaml"), spec("2.0.0", &["name"])).unwrap();
    std::fs::write(d.join("README.md"), "not a spec").unwrap();
    dir
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let out = apidelta(dir)
        .args(["history", "--format", "json", "--as-of", "2026-01-01"])
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

fn sources(v: &Value) -> Vec<String> {
    v["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            let s = v["source"].as_str().unwrap();
            s.rsplit('/').next().unwrap().to_string()
        })
        .collect()
}

#[test]
fn a_directory_is_walked_in_natural_order() {
    let dir = versions();
    let v = json(dir.path(), &["."]);
    assert_eq!(sources(&v), ["v1.yaml", "v2.yaml", "v10.yaml"]);
    let steps = v["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 2);
    // v1 → v2 adds `name`; v2 → v10 removes `id`.
    assert_eq!(steps[0]["base"]["version"], "1.0.0");
    assert_eq!(steps[0]["revision"]["version"], "1.1.0");
    assert_eq!(steps[0]["summary"]["breaking"], 0);
    assert_eq!(steps[0]["semver"]["verdict"], "ok");
    assert_eq!(steps[1]["summary"]["breaking"], 0);
    let ids: Vec<&str> = steps[1]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"response-optional-property-removed"),
        "{ids:?}"
    );
    assert_eq!(
        v["summary"]["info"].as_u64().unwrap(),
        steps
            .iter()
            .map(|s| s["summary"]["info"].as_u64().unwrap())
            .sum::<u64>()
    );
    // A finding carries its position in the right version.
    let f = &steps[1]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "response-optional-property-removed")
        .unwrap()["base"];
    assert!(f["file"].as_str().unwrap().ends_with("v2.yaml"), "{f}");
    assert_eq!(f["line"], 17);
}

#[test]
fn globs_files_and_sorting_by_version() {
    let dir = versions();
    assert_eq!(
        sources(&json(dir.path(), &["v*.yaml"])),
        ["v1.yaml", "v2.yaml", "v10.yaml"]
    );
    // Explicit files keep the order given.
    assert_eq!(
        sources(&json(dir.path(), &["v2.yaml", "v1.yaml"])),
        ["v2.yaml", "v1.yaml"]
    );
    // By info.version: 1.0.0 (v1) < 1.1.0 (v2) < 2.0.0 (v10), whatever the names.
    std::fs::rename(dir.path().join("v1.yaml"), dir.path().join("z.yaml")).unwrap();
    assert_eq!(
        sources(&json(dir.path(), &[".", "--sort", "version"])),
        ["z.yaml", "v2.yaml", "v10.yaml"]
    );
    assert_eq!(
        sources(&json(dir.path(), &[".", "--sort", "version", "--max", "2"])),
        ["v2.yaml", "v10.yaml"]
    );
    assert_eq!(
        sources(&json(dir.path(), &[".", "--max", "2"])),
        ["v10.yaml", "z.yaml"]
    );
}

#[test]
fn text_markdown_and_html_show_every_step() {
    let dir = versions();
    apidelta(dir.path())
        .args(["history", ".", "--as-of", "2026-01-01"])
        .assert()
        .success()
        .stdout(predicate::str::contains("3 versions, 2 steps"))
        .stdout(predicate::str::contains(
            "1. v1.yaml (1.0.0) → v2.yaml (1.1.0)",
        ))
        .stdout(predicate::str::contains(
            "━━ 2/2: v2.yaml (1.1.0) → v10.yaml (2.0.0) ━━",
        ))
        .stdout(predicate::str::contains(
            "response-optional-property-removed",
        ));
    apidelta(dir.path())
        .args([
            "history",
            ".",
            "--format",
            "markdown",
            "--as-of",
            "2026-01-01",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "## API history: 3 versions, 2 steps",
        ))
        .stdout(predicate::str::contains(
            "| 2 | v2.yaml (1.1.0) | v10.yaml (2.0.0) | 0 | 1 |",
        ))
        .stdout(predicate::str::contains(
            "### 2. v2.yaml (1.1.0) → v10.yaml (2.0.0)",
        ));
    let out = apidelta(dir.path())
        .args(["history", ".", "--format", "html", "--as-of", "2026-01-01"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let html = String::from_utf8(out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(html.matches("<section class=\"step\"").count(), 2);
    assert!(html.contains("<a href=\"#step-2\">2</a>"));
    assert!(html.contains("response-optional-property-removed"));
    assert!(!html.contains("http://") && !html.contains("https://"));
}

#[test]
fn fail_on_skip_invalid_and_too_few_versions() {
    let dir = versions();
    apidelta(dir.path())
        .args(["history", ".", "--fail-on", "potentially-breaking"])
        .assert()
        .code(1);
    apidelta(dir.path())
        .args(["history", ".", "--fail-on", "breaking"])
        .assert()
        .code(0);
    std::fs::write(dir.path().join("v3.yaml"), "openapi: 3.0.3\ninfo: [").unwrap();
    apidelta(dir.path())
        .args(["history", "."])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("v3.yaml"));
    let v = json(dir.path(), &[".", "--skip-invalid"]);
    assert_eq!(sources(&v), ["v1.yaml", "v2.yaml", "v10.yaml"]);
    apidelta(dir.path())
        .args(["history", "v1.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "history needs at least two versions to compare; found 1",
        ));
    apidelta(dir.path())
        .args(["history", "nothing*.yaml"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("the pattern matches no file"));
    apidelta(dir.path()).args(["history"]).assert().code(2);
}

/// The progress bar is drawn on a terminal's standard error (a pseudo-terminal from
/// `script`), and never when standard error is a pipe.
#[test]
fn progress_is_shown_only_on_a_terminal() {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: no `script` to provide a pseudo-terminal");
        return;
    }
    let dir = versions();
    let report = dir.path().join("report.txt");
    let bin = assert_cmd::cargo::cargo_bin("apidelta");
    let command = format!("{} history . --output {}", bin.display(), report.display());
    let out = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let terminal = String::from_utf8_lossy(&out.stdout);
    assert!(terminal.contains("] 3/3 ./v10.yaml"), "{terminal:?}");
    assert!(
        terminal.ends_with("\r\u{1b}[K"),
        "the bar is cleared: {terminal:?}"
    );
    assert!(
        std::fs::read_to_string(&report)
            .unwrap()
            .contains("3 versions, 2 steps")
    );
    apidelta(dir.path())
        .args(["history", "."])
        .assert()
        .success()
        .stderr(predicate::str::is_empty());
}
