//! `REV:path` inputs and `history --git`: specs (and the files their `$ref`s name) read
//! from a git revision, never from the working tree, with clear errors.

use crate::common;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;

fn apidelta(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("apidelta").unwrap();
    cmd.current_dir(dir);
    cmd
}

fn git(dir: &Path, args: &[&str]) {
    common::git_at(dir, "2026-03-01T12:00:00Z", args);
}

/// The JSON a successful run prints.
fn json_of(cmd: &mut Command) -> Value {
    let out = cmd.assert().success().get_output().stdout.clone();
    serde_json::from_slice(&out).unwrap()
}

fn write(dir: &Path, path: &str, text: &str) {
    let p = dir.join(path);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

const ROOT: &str = r##"openapi: 3.0.3
info: {title: Partner, version: VERSION}
paths:
  /pets/{id}:
    get:
      operationId: getPet
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "schemas/pet.yaml#/Pet"}
"##;

const PET_V1: &str =
    "Pet:\n  type: object\n  properties:\n    id: {type: string}\n    name: {type: string}\n";
const PET_V2: &str =
    "Pet:\n  type: object\n  properties:\n    id: {type: string}\n    name: {type: integer}\n";

/// A repository with three commits of a two-file spec: v1, v2 (a property's type changed
/// in the referenced file), then a rename of the root file. The working tree's copy of the
/// referenced file is broken, so a test passes only if it reads from git.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"]);
    write(d, "specs/api.yaml", &ROOT.replace("VERSION", "1.0.0"));
    write(d, "specs/schemas/pet.yaml", PET_V1);
    git(d, &["add", "-A"]);
    git(d, &["commit", "-q", "-m", "first version"]);
    write(d, "specs/api.yaml", &ROOT.replace("VERSION", "1.1.0"));
    write(d, "specs/schemas/pet.yaml", PET_V2);
    git(d, &["commit", "-q", "-am", "pet names are numbers"]);
    git(d, &["mv", "specs/api.yaml", "specs/partner.yaml"]);
    git(d, &["commit", "-q", "-m", "rename the spec"]);
    write(d, "specs/schemas/pet.yaml", "Pet: [unclosed\n");
    dir
}

#[test]
fn rev_path_reads_the_spec_and_its_refs_from_the_revision() {
    let dir = repo();
    let v = json_of(apidelta(dir.path()).args([
        "changelog",
        "HEAD~2:specs/api.yaml",
        "HEAD:specs/partner.yaml",
        "--format",
        "json",
    ]));
    assert_eq!(v["base"]["source"], "HEAD~2:specs/api.yaml");
    assert_eq!(v["base"]["version"], "1.0.0");
    assert_eq!(v["revision"]["version"], "1.1.0");
    let ids: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["level"] != "info")
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["response-property-type-changed"], "{v:#}");
    // The finding points into the referenced file, named relative to the spec's directory.
    assert_eq!(v["findings"][0]["base"]["file"], "schemas/pet.yaml");
    assert_eq!(v["findings"][0]["base"]["line"], 5, "{v:#}");
}

#[test]
fn rev_path_from_another_directory_with_repo() {
    let dir = repo();
    let elsewhere = tempfile::tempdir().unwrap();
    let repo = dir.path().display().to_string();
    apidelta(elsewhere.path())
        .args([
            "breaking",
            "--repo",
            &repo,
            "main~2:specs/api.yaml",
            "main:specs/partner.yaml",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("response-property-type-changed"));
    // `./` is relative to the current directory inside the repository, as in git.
    apidelta(&dir.path().join("specs"))
        .args(["breaking", "HEAD~2:./api.yaml", "HEAD:./partner.yaml"])
        .assert()
        .success()
        .stdout(predicate::str::contains("response-property-type-changed"));
}

#[test]
fn rev_path_errors_say_what_was_asked() {
    let dir = repo();
    let not_a_repo = tempfile::tempdir().unwrap();
    apidelta(not_a_repo.path())
        .args(["diff", "main:specs/api.yaml", "main:specs/api.yaml"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("main:specs/api.yaml"))
        .stderr(predicate::str::contains("is not inside a git repository"));
    apidelta(dir.path())
        .args([
            "diff",
            "nosuchbranch:specs/api.yaml",
            "HEAD:specs/partner.yaml",
        ])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "unknown revision `nosuchbranch` in the git repository",
        ));
    apidelta(dir.path())
        .args(["diff", "HEAD:specs/api.yaml", "HEAD:specs/partner.yaml"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "`specs/api.yaml` does not exist in git revision HEAD",
        ));
    apidelta(dir.path())
        .args(["diff", "HEAD:specs/partnr.yaml", "HEAD:specs/partner.yaml"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "did you mean `HEAD:specs/partner.yaml`?",
        ));
}

#[test]
fn refs_in_a_revision_stay_inside_the_spec_directory() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"]);
    write(d, "secret.yaml", "Pet: {type: string}\n");
    write(
        d,
        "specs/api.yaml",
        &ROOT
            .replace("VERSION", "1.0.0")
            .replace("schemas/pet.yaml", "../secret.yaml"),
    );
    write(
        d,
        "specs/link.yaml",
        &ROOT
            .replace("VERSION", "1.0.0")
            .replace("schemas/pet.yaml", "escape.yaml"),
    );
    std::os::unix::fs::symlink("../secret.yaml", d.join("specs/escape.yaml")).unwrap();
    git(d, &["add", "-A"]);
    git(d, &["commit", "-q", "-m", "x"]);
    apidelta(d)
        .args(["diff", "HEAD:specs/api.yaml", "HEAD:specs/api.yaml"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "$ref `../secret.yaml` leaves the directory the spec may read from",
        ));
    apidelta(d)
        .args(["diff", "HEAD:specs/link.yaml", "HEAD:specs/link.yaml"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("is a symbolic link that leaves"));
}

#[test]
fn history_walks_the_commits_of_a_file_through_renames() {
    let dir = repo();
    let v = json_of(apidelta(dir.path()).args([
        "history",
        "--git",
        "specs/partner.yaml",
        "--format",
        "json",
    ]));
    let versions = v["versions"].as_array().unwrap();
    let subjects: Vec<&str> = versions
        .iter()
        .map(|v| v["commit"]["subject"].as_str().unwrap())
        .collect();
    assert_eq!(
        subjects,
        ["first version", "pet names are numbers", "rename the spec"]
    );
    assert_eq!(versions[0]["commit"]["path"], "specs/api.yaml");
    assert_eq!(versions[2]["commit"]["path"], "specs/partner.yaml");
    assert_eq!(versions[0]["commit"]["date"], "2026-03-01");
    let steps = v["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 2);
    assert_eq!(steps[0]["summary"]["breaking"], 1);
    assert_eq!(
        steps[0]["findings"][0]["id"],
        "response-property-type-changed"
    );
    assert_eq!(steps[0]["semver"]["verdict"], "under-bumped");
    assert_eq!(steps[1]["summary"]["breaking"], 0);
    assert_eq!(v["summary"]["breaking"], 1);

    // --max keeps the newest versions; --since the commits after a revision.
    let count_steps = |args: &[&str]| -> usize {
        let v = json_of(
            apidelta(dir.path())
                .args(["history", "--git", "specs/partner.yaml", "--format", "json"])
                .args(args),
        );
        v["steps"].as_array().unwrap().len()
    };
    assert_eq!(count_steps(&["--max", "2"]), 1);
    // From outside the repository, with --repo.
    let elsewhere = tempfile::tempdir().unwrap();
    let v = json_of(apidelta(elsewhere.path()).args([
        "history",
        "--repo",
        dir.path().to_str().unwrap(),
        "--git",
        "specs/partner.yaml",
        "--format",
        "json",
    ]));
    assert_eq!(v["steps"].as_array().unwrap().len(), 2);
    apidelta(dir.path())
        .args([
            "history",
            "--git",
            "specs/partner.yaml",
            "--since",
            "HEAD~1",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("at least two versions"));
    assert_eq!(count_steps(&["--since", "HEAD~2"]), 1);
}

#[test]
fn history_git_errors_name_the_file() {
    let dir = repo();
    apidelta(dir.path())
        .args(["history", "--git", "specs/nothing.yaml"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("no commit in"))
        .stderr(predicate::str::contains("specs/nothing.yaml"));
}

#[test]
fn history_takes_revisions_as_versions() {
    let dir = repo();
    let v = json_of(apidelta(dir.path()).args([
        "history",
        "HEAD~2:specs/api.yaml",
        "HEAD~1:specs/api.yaml",
        "HEAD:specs/partner.yaml",
        "--format",
        "json",
    ]));
    let sources: Vec<&str> = v["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["source"].as_str().unwrap())
        .collect();
    assert_eq!(
        sources,
        [
            "HEAD~2:specs/api.yaml",
            "HEAD~1:specs/api.yaml",
            "HEAD:specs/partner.yaml"
        ]
    );
    assert_eq!(v["steps"][0]["summary"]["breaking"], 1);
}
