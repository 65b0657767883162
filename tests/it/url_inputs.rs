//! URL inputs through the CLI, against a server on 127.0.0.1: the root document is fetched;
//! the URLs its `$ref`s name only with `--allow-remote-refs`.

use crate::common;

use assert_cmd::Command;
use common::http_server::{Reply, Server, response, serve};
use predicates::prelude::*;
use std::time::Duration;

fn apidelta() -> Command {
    let mut cmd = Command::cargo_bin("apidelta").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

const ROOT: &str = r##"openapi: 3.0.3
info: {title: Pets, version: 1.0.0}
paths:
  /pets:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "schemas/pet.yaml#/Pet"}
"##;

const PET: &str = "Pet:\n  type: object\n  properties:\n    id: {type: integer}\n";

/// Serves `/v1.yaml` (the petstore example), `/api.yaml` (a spec with a relative `$ref`),
/// `/schemas/pet.yaml`, `/slow.yaml` (never answers), and 404 for anything else.
fn server() -> Server {
    let v1 = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/specs/petstore-v1.yaml"
    ))
    .unwrap();
    serve(move |path| match path.split('?').next().unwrap_or(path) {
        "/v1.yaml" => response("200 OK", &[("Content-Type", "application/yaml")], &v1),
        "/api.yaml" => response("200 OK", &[], ROOT.as_bytes()),
        "/schemas/pet.yaml" => response("200 OK", &[], PET.as_bytes()),
        "/slow.yaml" => Reply::Stall(Vec::new(), Duration::from_secs(5)),
        _ => response("404 Not Found", &[], b"no"),
    })
}

#[test]
fn a_url_is_compared_with_a_file() {
    let s = server();
    apidelta()
        .args(["changelog", &s.url("/v1.yaml"), "specs/petstore-v2.yaml"])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "base      {} (OpenAPI 3.0.3",
            s.url("/v1.yaml")
        )))
        .stdout(predicate::str::contains(
            "3 breaking, 2 potentially breaking",
        ));
    let head = &s.requests()[0];
    assert!(head.starts_with("GET /v1.yaml HTTP/1.1"), "{head}");
}

#[test]
fn a_404_and_a_timeout_are_input_errors() {
    let s = server();
    apidelta()
        .args(["diff", &s.url("/missing.yaml"), "specs/petstore-v2.yaml"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(s.url("/missing.yaml")))
        .stderr(predicate::str::contains("HTTP 404 Not Found"));
    let started = std::time::Instant::now();
    apidelta()
        .args([
            "diff",
            &s.url("/slow.yaml"),
            "specs/petstore-v2.yaml",
            "--read-timeout",
            "0.3",
        ])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("read-timeout"));
    assert!(started.elapsed() < Duration::from_secs(4));
    apidelta()
        .args(["diff", "ftp://example.com/a.yaml", "specs/petstore-v2.yaml"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("unsupported URL scheme `ftp`"));
}

#[test]
fn refs_of_a_url_spec_are_fetched_only_when_allowed() {
    let s = server();
    let api = s.url("/api.yaml");
    apidelta()
        .args(["diff", &api, &api])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "remote $ref `schemas/pet.yaml` refused",
        ))
        .stderr(predicate::str::contains("--allow-remote-refs"));
    assert!(
        !s.requests().iter().any(|r| r.contains("/schemas/pet.yaml")),
        "the referenced file was fetched without permission"
    );
    apidelta()
        .args(["diff", &api, &api, "--allow-remote-refs"])
        .assert()
        .success()
        .stdout(predicate::str::contains("No API changes."));
    assert!(
        s.requests()
            .iter()
            .any(|r| r.starts_with("GET /schemas/pet.yaml "))
    );
}

#[test]
fn a_url_ref_in_a_local_file_is_fetched_only_when_allowed() {
    let s = server();
    let dir = tempfile::tempdir().unwrap();
    let local = dir.path().join("api.yaml");
    std::fs::write(
        &local,
        ROOT.replace("schemas/pet.yaml", &s.url("/schemas/pet.yaml")),
    )
    .unwrap();
    let local = local.display().to_string();
    apidelta()
        .args(["diff", &local, &local])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("refused"));
    assert!(s.requests().is_empty());
    apidelta()
        .args(["diff", &local, &local, "--allow-remote-refs"])
        .assert()
        .success();
    assert_eq!(s.requests().len(), 2, "one fetch per side");
}

#[test]
fn credentials_in_a_url_are_never_shown() {
    let s = server();
    let secret = s
        .url("/v1.yaml?token=s3cret")
        .replace("http://", "http://bot:hunter2@");
    let out = apidelta()
        .args([
            "changelog",
            &secret,
            "specs/petstore-v2.yaml",
            "--format",
            "markdown",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("http://***@127.0.0.1"), "{out}");
    assert!(!out.contains("hunter2") && !out.contains("s3cret"), "{out}");
    let missing = s.url("/nothing.yaml?token=s3cret");
    apidelta()
        .args(["diff", &missing, "specs/petstore-v2.yaml"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("token=***"))
        .stderr(predicate::str::contains("s3cret").not());
}
