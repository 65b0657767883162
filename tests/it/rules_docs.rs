//! The rule reference is generated from the catalog; it must not go stale.

use assert_cmd::Command;

#[test]
fn docs_rules_md_matches_the_catalog() {
    let out = Command::cargo_bin("apidelta")
        .unwrap()
        .args(["rules", "--format", "markdown"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let generated = String::from_utf8(out.stdout).unwrap();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        generated == committed,
        "docs/rules.md is stale: run `cargo run -- rules --format markdown > docs/rules.md`"
    );
}

#[test]
fn the_catalog_parses_and_every_rule_is_documented() {
    let catalog = &*apidelta::rules::CATALOG;
    assert!(
        catalog.rules().len() >= 509,
        "the catalog has {} rules",
        catalog.rules().len()
    );
    let oasdiff = catalog.rules().iter().filter(|r| r.oasdiff).count();
    assert!(oasdiff >= 450, "only {oasdiff} oasdiff ids");
    for r in catalog.rules() {
        assert!(
            !r.title.is_empty() && !r.explanation.is_empty() && !r.migration.is_empty(),
            "{} lacks docs",
            r.id
        );
        assert!(
            r.id.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{} is not kebab-case",
            r.id
        );
    }
}

#[test]
fn rules_command_explains_one_rule() {
    let out = Command::cargo_bin("apidelta")
        .unwrap()
        .args(["rules", "request-property-max-length-decreased"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("level:      breaking"), "{text}");
    assert!(text.contains("direction:  request"), "{text}");
    Command::cargo_bin("apidelta")
        .unwrap()
        .args(["rules", "no-such-rule"])
        .assert()
        .code(2);
}
