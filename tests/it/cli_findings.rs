//! `breaking`, `changelog` and `semver`: levels, aggregation, fingerprints, exit codes.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

fn apidelta() -> Command {
    let mut cmd = Command::cargo_bin("apidelta").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

const V1: &str = "specs/petstore-v1.yaml";
const V2: &str = "specs/petstore-v2.yaml";

fn json_of(args: &[&str]) -> Value {
    let out = apidelta().args(args).output().unwrap();
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(1),
        "{:?}",
        out
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn changelog_json_follows_the_contract() {
    let j = json_of(&[
        "changelog",
        "--format",
        "json",
        "--as-of",
        "2026-11-28",
        V1,
        V2,
    ]);
    assert_eq!(j["schema_version"], 1);
    assert_eq!(j["summary"]["breaking"], 3);
    assert_eq!(j["semver"]["required"], "major");
    assert_eq!(j["semver"]["declared"], "minor");
    assert_eq!(j["semver"]["verdict"], "under-bumped");
    assert_eq!(j["semver"]["suggested"], "2.0.0");
    let findings = j["findings"].as_array().unwrap();
    // Breaking first.
    assert_eq!(findings[0]["level"], "breaking");
    let zip = findings
        .iter()
        .find(|f| f["id"] == "response-optional-property-removed")
        .expect("zip removal");
    assert_eq!(zip["level"], "potentially-breaking");
    assert_eq!(
        zip["operations"].as_array().unwrap().len(),
        4,
        "one finding, four operations"
    );
    assert_eq!(zip["base"]["line"], 144);
    assert_eq!(zip["fingerprint"].as_str().unwrap().len(), 12);
    let rename = &zip["related"][0];
    assert_eq!(rename["relation"], "probable-rename");
    assert!(rename["confidence"].as_f64().unwrap() > 0.5);
    let added = findings
        .iter()
        .find(|f| f["fingerprint"] == rename["fingerprint"])
        .expect("the linked finding exists");
    assert_eq!(added["id"], "response-optional-property-added");
    assert!(
        zip["migration"].as_str().unwrap().contains("postal_code"),
        "{}",
        zip["migration"]
    );
    assert!(
        zip["migration"].as_str().unwrap().contains("`Address.zip`"),
        "{}",
        zip["migration"]
    );
}

#[test]
fn breaking_shows_only_breaking_and_potentially_breaking() {
    let j = json_of(&["breaking", "--format", "json", V1, V2]);
    let levels: Vec<&str> = j["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["level"].as_str().unwrap())
        .collect();
    assert_eq!(levels.len(), 5);
    assert!(
        levels
            .iter()
            .all(|l| *l == "breaking" || *l == "potentially-breaking")
    );
}

#[test]
fn fail_on_sets_the_exit_code() {
    apidelta()
        .args(["breaking", "--fail-on", "breaking", V1, V2])
        .assert()
        .code(1);
    apidelta()
        .args(["breaking", "--fail-on", "breaking", V1, V1])
        .assert()
        .code(0);
    apidelta().args(["changelog", V1, V2]).assert().code(0);
    apidelta()
        .args(["changelog", "--fail-on", "maybe", V1, V2])
        .assert()
        .code(2);
}

#[test]
fn text_report_leads_with_breaking_changes_and_migration_notes() {
    let out = apidelta()
        .args(["changelog", "--as-of", "2026-11-28", V1, V2])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let breaking = text.find("Breaking (3)").expect(&text);
    let info = text.find("Info (").expect(&text);
    assert!(breaking < info);
    assert!(text.contains("new-required-request-parameter"), "{text}");
    assert!(text.contains("→ "), "migration notes are shown: {text}");
    assert!(
        text.contains("semver: declared minor (1.4.0 → 1.5.0), requires major: under-bumped"),
        "{text}"
    );
}

#[test]
fn semver_prints_the_verdict() {
    apidelta()
        .args(["semver", V1, V2])
        .assert()
        .success()
        .stdout("declared minor (1.4.0 → 1.5.0), requires major: under-bumped; suggested version 2.0.0\n");
}

/// Fingerprints come from rule and site, not from text, lines or formatting: the same specs
/// as JSON give the same fingerprints.
#[test]
fn fingerprints_survive_reformatting() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    for name in [V1, V2] {
        let docs = apidelta::load::load(
            &apidelta::load::Input::File(root.join(name)),
            &Default::default(),
        )
        .unwrap();
        let json = serde_json::to_string(&docs.value(docs.root())).unwrap();
        let path = dir
            .path()
            .join(Path::new(name).file_name().unwrap())
            .with_extension("json");
        std::fs::write(&path, json).unwrap();
        paths.push(path);
    }
    let fingerprints = |j: &Value| -> Vec<String> {
        let mut v: Vec<String> = j["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["fingerprint"].as_str().unwrap().to_string())
            .collect();
        v.sort();
        v
    };
    let yaml = json_of(&["changelog", "--format", "json", V1, V2]);
    let out = apidelta()
        .args(["changelog", "--format", "json"])
        .arg(&paths[0])
        .arg(&paths[1])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(fingerprints(&yaml), fingerprints(&json));
}

/// One optional property added to a schema shared by 50 operations is one finding.
#[test]
fn a_shared_schema_change_is_one_finding_not_fifty() {
    let dir = tempfile::tempdir().unwrap();
    let spec = |extra: &str| {
        let mut paths = String::new();
        for i in 0..50 {
            paths.push_str(&format!(
                "  /things{i}:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Thing'}}\n"
            ));
        }
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1.0.0'}}\npaths:\n{paths}components:\n  schemas:\n    Thing:\n      type: object\n      properties:\n        id: {{type: string}}\n{extra}"
        )
    };
    let (a, b) = (dir.path().join("a.yaml"), dir.path().join("b.yaml"));
    std::fs::write(&a, spec("")).unwrap();
    std::fs::write(&b, spec("        note: {type: string}\n")).unwrap();
    let out = apidelta()
        .args(["changelog", "--format", "json"])
        .arg(&a)
        .arg(&b)
        .output()
        .unwrap();
    let j: Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = j["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["id"], "response-optional-property-added");
    assert_eq!(findings[0]["operations"].as_array().unwrap().len(), 50);
}

/// Dates come from --as-of, never from the clock inside the rules.
#[test]
fn sunsets_are_judged_against_as_of() {
    let dir = tempfile::tempdir().unwrap();
    let base = "openapi: 3.0.3\ninfo: {title: t, version: '1.0.0'}\npaths:\n  /old:\n    get:\n      deprecated: true\n      x-sunset: '2027-01-01'\n      responses: {'200': {description: ok}}\n  /kept:\n    get:\n      responses: {'200': {description: ok}}\n";
    let rev = "openapi: 3.0.3\ninfo: {title: t, version: '2.0.0'}\npaths:\n  /kept:\n    get:\n      responses: {'200': {description: ok}}\n";
    let (a, b) = (dir.path().join("a.yaml"), dir.path().join("b.yaml"));
    std::fs::write(&a, base).unwrap();
    std::fs::write(&b, rev).unwrap();
    let id_at = |date: &str| {
        let out = apidelta()
            .args(["changelog", "--format", "json", "--as-of", date])
            .arg(&a)
            .arg(&b)
            .output()
            .unwrap();
        let j: Value = serde_json::from_slice(&out.stdout).unwrap();
        j["findings"][0]["id"].as_str().unwrap().to_string()
    };
    assert_eq!(id_at("2026-06-01"), "api-path-removed-before-sunset");
    // Past the sunset: still breaking for clients that call it, but planned.
    assert_eq!(id_at("2027-06-01"), "api-removed-after-sunset");
}

/// RFC 9745 `Deprecation` and RFC 8594 `Sunset` response headers count like
/// `deprecated: true` and `x-sunset`.
#[test]
fn deprecation_and_sunset_headers_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let op = |headers: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1.0.0'}}\npaths:\n  /old:\n    get:\n      responses:\n        '200':\n          description: ok\n{headers}  /kept:\n    get:\n      responses: {{'200': {{description: ok}}}}\n"
        )
    };
    let plain = op("");
    let deprecated = op(
        "          headers:\n            Deprecation: {schema: {type: string}}\n            Sunset:\n              schema: {type: string, example: 'Fri, 01 Jan 2027 00:00:00 GMT'}\n",
    );
    let gone = "openapi: 3.0.3\ninfo: {title: t, version: '2.0.0'}\npaths:\n  /kept:\n    get:\n      responses: {'200': {description: ok}}\n";
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let (a, b, c) = (
        write("a.yaml", &plain),
        write("b.yaml", &deprecated),
        write("c.yaml", gone),
    );
    let ids = |x: &Path, y: &Path| -> Vec<String> {
        let out = apidelta()
            .args(["changelog", "--format", "json", "--as-of", "2026-06-01"])
            .arg(x)
            .arg(y)
            .output()
            .unwrap();
        let j: Value = serde_json::from_slice(&out.stdout).unwrap();
        j["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(
        ids(&a, &b).contains(&"endpoint-deprecated-with-sunset".to_string()),
        "{:?}",
        ids(&a, &b)
    );
    assert_eq!(ids(&b, &c)[0], "api-path-removed-before-sunset");
}

/// `--strict` makes potentially-breaking findings require a major bump; below 1.0.0 a minor
/// bump is enough for a breaking change.
#[test]
fn strict_and_pre_1_0_semver() {
    let dir = tempfile::tempdir().unwrap();
    let spec = |version: &str, values: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '{version}'}}\npaths:\n  /s:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{type: string, enum: [{values}]}}\n"
        )
    };
    let write = |name: &str, text: String| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    // A new response enum value is potentially breaking.
    let (a, b) = (
        write("a.yaml", spec("1.2.0", "on, off")),
        write("b.yaml", spec("1.3.0", "on, off, auto")),
    );
    let verdict = |strict: bool, x: &Path, y: &Path| {
        let mut cmd = apidelta();
        cmd.args(["semver", "--format", "json"]);
        if strict {
            cmd.arg("--strict");
        }
        let out = cmd.arg(x).arg(y).output().unwrap();
        let j: Value = serde_json::from_slice(&out.stdout).unwrap();
        (
            j["semver"]["required"].as_str().unwrap().to_string(),
            j["semver"]["verdict"].as_str().unwrap().to_string(),
        )
    };
    assert_eq!(
        verdict(false, &a, &b),
        ("minor".to_string(), "ok".to_string())
    );
    assert_eq!(
        verdict(true, &a, &b),
        ("major".to_string(), "under-bumped".to_string())
    );
    // A breaking change (the response type changed) below 1.0.0: a minor bump suffices.
    let (c, d) = (
        write("c.yaml", spec("0.3.0", "on, off")),
        write(
            "d.yaml",
            spec("0.4.0", "1, 2").replace("type: string", "type: integer"),
        ),
    );
    let j: Value = serde_json::from_slice(
        &apidelta()
            .args(["semver", "--format", "json"])
            .arg(&c)
            .arg(&d)
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(j["semver"]["required"], "major", "{j:#}");
    assert_eq!(j["semver"]["declared"], "minor");
    assert_eq!(j["semver"]["verdict"], "ok", "{j:#}");
    assert_eq!(j["semver"]["suggested"], "0.4.0");
}

/// In webhooks the API calls the client: the request body is what the client receives, so a
/// payload property removed is a response-side finding and a new required one is not a
/// request the client must change.
#[test]
fn webhook_payloads_are_judged_from_the_receiving_client() {
    let dir = tempfile::tempdir().unwrap();
    let spec = |props: &str, required: &str| {
        format!(
            "openapi: 3.1.0\ninfo: {{title: t, version: '1.0.0'}}\nwebhooks:\n  orderShipped:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n              type: object\n              required: [{required}]\n              properties:\n{props}      responses:\n        '200': {{description: ok}}\n"
        )
    };
    let (a, b) = (dir.path().join("a.yaml"), dir.path().join("b.yaml"));
    std::fs::write(
        &a,
        spec(
            "                id: {type: string}\n                carrier: {type: string}\n",
            "id",
        ),
    )
    .unwrap();
    std::fs::write(
        &b,
        spec(
            "                id: {type: string}\n                eta: {type: string}\n",
            "id, eta",
        ),
    )
    .unwrap();
    let out = apidelta()
        .args(["changelog", "--format", "json"])
        .arg(&a)
        .arg(&b)
        .output()
        .unwrap();
    let j: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = j["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"response-optional-property-removed"),
        "{ids:?}"
    );
    assert!(ids.contains(&"response-required-property-added"), "{ids:?}");
    assert!(
        !ids.iter().any(|id| id.starts_with("new-required-request")),
        "{ids:?}"
    );
}
