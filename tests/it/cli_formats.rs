//! Every findings format: well-formed, the same counts everywhere, deterministic.

use assert_cmd::Command;
use serde_json::Value;

fn run(format: &str, base: &str, revision: &str) -> String {
    let out = Command::cargo_bin("apidelta")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("GITHUB_OUTPUT")
        .env_remove("GITHUB_STEP_SUMMARY")
        .args([
            "changelog",
            "--format",
            format,
            "--as-of",
            "2026-11-28",
            base,
            revision,
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{format}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

const PAIRS: &[(&str, &str)] = &[
    ("specs/petstore-v1.yaml", "specs/petstore-v2.yaml"),
    (
        "tests/fixtures/diff/kitchen-sink/base.yaml",
        "tests/fixtures/diff/kitchen-sink/revision.yaml",
    ),
    (
        "tests/fixtures/diff/openapi-3.2/base.yaml",
        "tests/fixtures/diff/openapi-3.2/revision.yaml",
    ),
];

/// Counts per level from the JSON report.
fn json_counts(json: &Value) -> (u64, u64, usize) {
    let s = &json["summary"];
    let total: u64 = [
        "breaking",
        "potentially_breaking",
        "deprecation",
        "additive",
        "info",
    ]
    .iter()
    .map(|k| s[k].as_u64().unwrap())
    .sum();
    (
        s["breaking"].as_u64().unwrap(),
        total,
        json["findings"].as_array().unwrap().len(),
    )
}

#[test]
fn every_format_reports_the_same_counts() {
    for (base, revision) in PAIRS {
        let json: Value = serde_json::from_str(&run("json", base, revision)).unwrap();
        let (breaking, total, listed) = json_counts(&json);
        assert_eq!(total as usize, listed);

        let yaml: Value = serde_saphyr::from_str(&run("yaml", base, revision)).unwrap();
        assert_eq!(yaml, json, "yaml is the json report");

        let sarif: Value = serde_json::from_str(&run("sarif", base, revision)).unwrap();
        let results = sarif["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), listed);
        assert_eq!(
            results.iter().filter(|r| r["level"] == "error").count() as u64,
            breaking
        );

        let junit = run("junit", base, revision);
        assert_eq!(junit.matches("<testcase ").count(), listed);
        assert_eq!(junit.matches("<failure ").count() as u64, breaking);

        let github = run("github", base, revision);
        assert_eq!(
            github.lines().filter(|l| l.starts_with("::")).count(),
            listed
        );
        assert_eq!(
            github.lines().filter(|l| l.starts_with("::error ")).count() as u64,
            breaking
        );

        let markdown = run("markdown", base, revision);
        assert!(
            markdown.contains(&format!("| breaking | {breaking} |")),
            "{markdown}"
        );

        let html = run("html", base, revision);
        assert_eq!(html.matches("<div class=\"finding ").count(), listed);
        assert!(
            html.contains(&format!("<td>breaking</td><td>{breaking}</td>")),
            "{html}"
        );

        let text = run("text", base, revision);
        assert!(text.contains(&format!("{breaking} breaking,")), "{text}");
    }
}

#[test]
fn junit_is_well_formed_xml() {
    for (base, revision) in PAIRS {
        let xml = run("junit", base, revision);
        let mut reader = quick_xml::Reader::from_str(&xml);
        let mut depth = 0i32;
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Start(_)) => depth += 1,
                Ok(quick_xml::events::Event::End(_)) => depth -= 1,
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!(
                    "{base}: invalid XML at {}: {e}\n{xml}",
                    reader.buffer_position()
                ),
            }
        }
        assert_eq!(depth, 0, "unbalanced elements");
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    }
}

#[test]
fn sarif_has_the_shape_code_scanning_expects() {
    let sarif: Value = serde_json::from_str(&run("sarif", PAIRS[0].0, PAIRS[0].1)).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let run0 = &sarif["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "one rule entry per rule used");
    for r in rules {
        for key in ["shortDescription", "fullDescription", "help"] {
            assert!(!r[key]["text"].as_str().unwrap().is_empty(), "{r}");
        }
    }
    for result in run0["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        let location = &result["locations"][0]["physicalLocation"];
        assert!(
            location["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .starts_with("specs/")
        );
        assert!(location["region"]["startLine"].as_u64().unwrap() > 0);
        assert!(location["region"]["startColumn"].as_u64().unwrap() > 0);
        assert_eq!(
            result["partialFingerprints"]["apidelta/v1"]
                .as_str()
                .unwrap()
                .len(),
            12
        );
    }
}

#[test]
fn output_is_deterministic_to_the_byte() {
    for format in [
        "text", "json", "yaml", "markdown", "github", "junit", "sarif",
    ] {
        let a = run(format, PAIRS[1].0, PAIRS[1].1);
        let b = run(format, PAIRS[1].0, PAIRS[1].1);
        assert_eq!(a, b, "{format}");
    }
}

#[test]
fn diff_yaml_is_the_diff_json() {
    let run_diff = |format: &str| {
        let out = Command::cargo_bin("apidelta")
            .unwrap()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["diff", "--format", format, PAIRS[0].0, PAIRS[0].1])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let json: Value = serde_json::from_str(&run_diff("json")).unwrap();
    let yaml: Value = serde_saphyr::from_str(&run_diff("yaml")).unwrap();
    assert_eq!(json, yaml);
    assert_eq!(json["changes"].as_array().unwrap().len(), 9);
}
