//! oasdiff conformance: `../shared/corpus/oasdiff-checker/cases.jsonl` scored as its README
//! describes. The score is printed; the test fails below the committed threshold
//! (`tests/conformance-threshold.txt`, a number of passing cases). Cases where apidelta
//! deliberately disagrees are listed, with the reason, in `docs/conformance-deviations.md`.

use crate::common;

use apidelta::diff::diff;
use apidelta::rules::lifecycle::{Date, DeprecationPolicy, Stability};
use apidelta::rules::{ClassifyOptions, Finding, Level, classify};
use common::{shared, try_api};
use serde_json::Value;
use std::path::Path;

/// One finding as oasdiff reports it: per operation.
#[derive(Debug, Clone, PartialEq)]
struct Tuple {
    id: String,
    level: &'static str,
    method: Option<String>,
    path: Option<String>,
}

fn oasdiff_level(level: Level) -> &'static str {
    match level {
        Level::Breaking => "ERR",
        Level::PotentiallyBreaking => "WARN",
        _ => "INFO",
    }
}

fn rank(level: &str) -> u8 {
    match level {
        "ERR" => 3,
        "WARN" => 2,
        _ => 1,
    }
}

/// `/pets/{petId}` and `/pets/{id}` are the same endpoint.
fn erase_params(path: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in path.chars() {
        match c {
            '{' => {
                inside = true;
                out.push_str("{}");
            }
            '}' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

fn expand(findings: &[Finding]) -> Vec<Tuple> {
    let mut out = Vec::new();
    for f in findings {
        let level = oasdiff_level(f.level);
        if f.operations.is_empty() {
            out.push(Tuple {
                id: f.rule.id.clone(),
                level,
                method: None,
                path: None,
            });
        }
        // oasdiff reports one finding per operation, however many places inside it.
        let mut seen = std::collections::HashSet::new();
        for u in &f.operations {
            if seen.insert((u.method.clone(), u.path.clone())) {
                out.push(Tuple {
                    id: f.rule.id.clone(),
                    level,
                    method: Some(u.method.clone()),
                    path: Some(u.path.clone()),
                });
            }
        }
    }
    out
}

fn matches(expect: &Value, t: &Tuple) -> bool {
    expect["id"].as_str() == Some(t.id.as_str())
        && expect["level"].as_str() == Some(t.level)
        && expect["operation"]
            .as_str()
            .filter(|m| !m.is_empty())
            .is_none_or(|m| t.method.as_deref() == Some(m))
        && expect["path"]
            .as_str()
            .filter(|p| !p.is_empty())
            .is_none_or(|p| t.path.as_deref().map(erase_params) == Some(erase_params(p)))
}

/// Greedy matching of expectations to distinct tuples; returns the unmatched expectations.
fn unmatched<'e>(expect: &'e [Value], tuples: &[Tuple]) -> (Vec<&'e Value>, Vec<bool>) {
    let mut used = vec![false; tuples.len()];
    let mut missing = Vec::new();
    // Most specific expectations first, so they are not starved by looser ones.
    let mut order: Vec<&Value> = expect.iter().collect();
    order.sort_by_key(|e| {
        std::cmp::Reverse(e["operation"].is_string() as u8 + e["path"].is_string() as u8)
    });
    for e in order {
        match tuples
            .iter()
            .enumerate()
            .position(|(i, t)| !used[i] && matches(e, t))
        {
            Some(i) => used[i] = true,
            None => missing.push(e),
        }
    }
    (missing, used)
}

const VERSIONING_RULES: [&str; 3] = [
    "api-version-not-bumped",
    "api-version-decreased",
    "api-major-version-not-bumped",
];

/// Runs one case; `Err` says why it failed.
fn run_case(dir: &Path, case: &Value) -> Result<(), String> {
    let options = &case["options"];
    let base = try_api(&dir.join(case["base"].as_str().unwrap()), false)
        .map_err(|e| format!("base: {e}"))?;
    let rev = try_api(&dir.join(case["revision"].as_str().unwrap()), false)
        .map_err(|e| format!("revision: {e}"))?;
    let days = |key: &str| options[key].as_u64().unwrap_or(0) as u32;
    let classify_options = ClassifyOptions {
        policy: DeprecationPolicy {
            beta_days: days("deprecation_days_beta"),
            stable_days: days("deprecation_days_stable"),
        },
        stability_threshold: options["stability_level"]
            .as_str()
            .and_then(Stability::parse)
            .unwrap_or(Stability::Beta),
        // Inside the window the corpus README gives for its dated fixtures.
        ..ClassifyOptions::as_of(Date::parse("2026-01-01").unwrap())
    };
    let findings = classify(&diff(&base, &rev), &base, &rev, &classify_options);
    let min = rank(options["min_level"].as_str().unwrap_or("INFO"));
    let filter: Option<Vec<&str>> = (options["checks"] == "single").then(|| {
        options["rule_filter"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    });
    let versioning = options["versioning_policy"] == true;
    let tuples: Vec<Tuple> = expand(&findings)
        .into_iter()
        .filter(|t| rank(t.level) >= min)
        .filter(|t| filter.as_ref().is_none_or(|f| f.contains(&t.id.as_str())))
        .filter(|t| versioning || !VERSIONING_RULES.contains(&t.id.as_str()))
        .collect();
    let expect = case["expect"].as_array().unwrap();
    let (missing, used) = unmatched(expect, &tuples);
    let show = |t: &Tuple| {
        format!(
            "{} {} {} {}",
            t.id,
            t.level,
            t.method.as_deref().unwrap_or("-"),
            t.path.as_deref().unwrap_or("-")
        )
    };
    if !missing.is_empty() {
        let got: Vec<String> = tuples.iter().map(show).collect();
        return Err(format!("missing {missing:?}; got {got:?}"));
    }
    if case["expect_exact"] == true && tuples.len() != expect.len() {
        let extra: Vec<String> = tuples
            .iter()
            .zip(&used)
            .filter(|(_, u)| !**u)
            .map(|(t, _)| show(t))
            .collect();
        return Err(format!("unexpected {extra:?}"));
    }
    if let Some(n) = case["expect_count"]
        .as_u64()
        .filter(|&n| tuples.len() as u64 != n)
    {
        return Err(format!(
            "expected {n} findings, got {}: {:?}",
            tuples.len(),
            tuples.iter().map(show).collect::<Vec<_>>()
        ));
    }
    if let Some(absent) = case["expect_absent"].as_array() {
        for id in absent.iter().filter_map(Value::as_str) {
            if tuples.iter().any(|t| t.id == id) {
                return Err(format!("`{id}` must not be reported"));
            }
        }
    }
    Ok(())
}

#[test]
fn oasdiff_conformance() {
    let Some(shared) = shared() else { return };
    let dir = shared.join("corpus/oasdiff-checker");
    let text = std::fs::read_to_string(dir.join("cases.jsonl")).unwrap();
    let cases: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let deviations_doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/conformance-deviations.md"),
    )
    .unwrap();
    // Case names are the first column of the table: | `TestName` | ...
    let deviations: Vec<&str> = deviations_doc
        .lines()
        .filter_map(|l| l.strip_prefix("| `")?.split('`').next())
        .collect();
    let mut passed = 0;
    let mut deviated = 0;
    let mut failures = Vec::new();
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        match std::panic::catch_unwind(|| run_case(&dir, case)) {
            Ok(Ok(())) => {
                passed += 1;
                assert!(
                    !deviations.contains(&name),
                    "{name} passes: remove it from docs/conformance-deviations.md"
                );
            }
            Ok(Err(_)) if deviations.contains(&name) => deviated += 1,
            Ok(Err(why)) => failures.push(format!("{name}: {why}")),
            Err(_) => failures.push(format!("{name}: panicked")),
        }
    }
    let report = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/conformance-failures.txt");
    let _ = std::fs::write(&report, failures.join("\n"));
    let percent = 100.0 * passed as f64 / cases.len() as f64;
    eprintln!(
        "oasdiff conformance: {passed}/{} cases pass ({percent:.1}%), {deviated} documented deviations, {} failures listed in {}",
        cases.len(),
        failures.len(),
        report.display()
    );
    let threshold: usize = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance-threshold.txt"),
    )
    .unwrap()
    .trim()
    .parse()
    .unwrap();
    assert!(
        passed >= threshold,
        "conformance fell to {passed} passing cases, below the committed {threshold}"
    );
}
