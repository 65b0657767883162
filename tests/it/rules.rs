//! One fixture per catalog rule: `tests/fixtures/rules/<rule-id>.yaml` holds a base and a
//! revision spec (and optional classify options) whose comparison must report that rule.
//!
//! - `every_rule_has_a_fixture`: the catalog and the fixture directory name the same rules.
//! - `every_fixture_fires_its_rule`: each fixture yields its rule, at the catalog level.
//!   Rules the classifier cannot emit yet are listed in `KNOWN_GAPS.txt` with the reason;
//!   they are skipped (and counted), and the test fails when a listed gap starts firing, so
//!   the list only shrinks.
//! - `fixtures_compared_with_themselves_give_no_finding`: base→base and revision→revision
//!   report nothing.
//! - `direction_mirrors`: the same schema change moved from the request body to a response
//!   body turns the request rule into its `response-` mirror.
//!
//! `RULES_VERBOSE=1 cargo test --test rules every_fixture -- --nocapture` lists every
//! finding of every fixture.
//!
//! Fixtures are written by `tests/fixtures/rules/generate.py` (see its header); a fixture
//! without the generator's marker line is hand-written and left alone by it.

use apidelta::diff::diff;
use apidelta::load::{Input, LoadOptions, load};
use apidelta::model::Api;
use apidelta::normalize::normalize;
use apidelta::rules::lifecycle::{Date, DeprecationPolicy, Stability};
use apidelta::rules::{CATALOG, ClassifyOptions, Finding, RuleDirection, classify};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules")
}

struct Fixture {
    id: String,
    options: Value,
    base: Value,
    revision: Value,
}

/// Every `*.yaml` in the fixture directory, by rule id (the file stem).
fn fixtures() -> BTreeMap<String, Fixture> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir()).expect("tests/fixtures/rules exists") {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("yaml") {
            continue;
        }
        let id = path.file_stem().unwrap().to_str().unwrap().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let value: Value = serde_saphyr::from_str(&text)
            .unwrap_or_else(|e| panic!("{}: not YAML: {e}", path.display()));
        let field = |k: &str| value.get(k).cloned();
        let (Some(base), Some(revision)) = (field("base"), field("revision")) else {
            panic!("{}: needs `base` and `revision`", path.display());
        };
        let options = field("options").unwrap_or(Value::Object(Map::new()));
        out.insert(
            id.clone(),
            Fixture {
                id,
                options,
                base,
                revision,
            },
        );
    }
    out
}

/// `KNOWN_GAPS.txt`: one rule id per line; `#` starts a comment.
fn known_gaps() -> BTreeSet<String> {
    let text = std::fs::read_to_string(dir().join("KNOWN_GAPS.txt")).unwrap_or_default();
    text.lines()
        .map(|l| l.split('#').next().unwrap().trim())
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

fn api(name: &str, spec: &Value) -> Result<Api, String> {
    let input = Input::Text {
        name: name.to_string(),
        text: serde_json::to_string(spec).unwrap(),
    };
    let docs = load(&input, &LoadOptions::default()).map_err(|e| format!("{name}: {e}"))?;
    normalize(&docs).map_err(|e| format!("{name}: {e}"))
}

fn classify_options(options: &Value) -> ClassifyOptions {
    let days = |key: &str| options[key].as_u64().unwrap_or(0) as u32;
    let as_of = options["as_of"].as_str().unwrap_or("2026-01-01");
    ClassifyOptions {
        policy: DeprecationPolicy {
            beta_days: days("deprecation_days_beta"),
            stable_days: days("deprecation_days_stable"),
        },
        stability_threshold: options["stability_level"]
            .as_str()
            .and_then(Stability::parse)
            .unwrap_or(Stability::Beta),
        strict: options["strict"].as_bool().unwrap_or(false),
        ..ClassifyOptions::as_of(Date::parse(as_of).expect("options.as_of is a date"))
    }
}

fn findings(
    name: &str,
    base: &Value,
    revision: &Value,
    options: &Value,
) -> Result<Vec<Finding>, String> {
    let b = api(&format!("{name} (base)"), base)?;
    let r = api(&format!("{name} (revision)"), revision)?;
    Ok(classify(&diff(&b, &r), &b, &r, &classify_options(options)))
}

fn show(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "nothing".into();
    }
    findings
        .iter()
        .map(|f| format!("{} ({})", f.rule.id, f.level.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether `findings` hold `id` at its catalog level.
fn fires(findings: &[Finding], id: &str) -> bool {
    let level = CATALOG.get(id).map(|r| r.level);
    findings
        .iter()
        .any(|f| f.rule.id == id && Some(f.level) == level)
}

#[test]
fn every_rule_has_a_fixture() {
    let fixtures = fixtures();
    let missing: Vec<&str> = CATALOG
        .rules()
        .iter()
        .map(|r| r.id.as_str())
        .filter(|id| !fixtures.contains_key(*id))
        .collect();
    let orphans: Vec<&str> = fixtures
        .keys()
        .map(String::as_str)
        .filter(|id| CATALOG.get(id).is_none())
        .collect();
    let stale_gaps: Vec<String> = known_gaps()
        .into_iter()
        .filter(|id| CATALOG.get(id).is_none())
        .collect();
    assert!(
        missing.is_empty() && orphans.is_empty() && stale_gaps.is_empty(),
        "rules without a fixture in tests/fixtures/rules/ ({}): {missing:?}\n\
         fixtures naming no catalog rule ({}): {orphans:?}\n\
         KNOWN_GAPS.txt entries naming no catalog rule: {stale_gaps:?}\n\
         (python3 tests/fixtures/rules/generate.py writes missing fixtures it has a template for)",
        missing.len(),
        orphans.len(),
    );
}

#[test]
fn every_fixture_fires_its_rule() {
    let gaps = known_gaps();
    let mut failures = Vec::new();
    let mut fired = 0;
    let mut skipped = Vec::new();
    let all = fixtures();
    for f in all.values() {
        let Some(rule) = CATALOG.get(&f.id) else {
            continue; // reported by every_rule_has_a_fixture
        };
        let found = match findings(&f.id, &f.base, &f.revision, &f.options) {
            Ok(found) => found,
            Err(e) => {
                failures.push(format!("{}: does not load: {e}", f.id));
                continue;
            }
        };
        let ok = fires(&found, &f.id);
        if std::env::var_os("RULES_VERBOSE").is_some() {
            eprintln!("{}: {}", f.id, show(&found));
        }
        match (ok, gaps.contains(&f.id)) {
            (true, false) => fired += 1,
            (true, true) => failures.push(format!(
                "{}: listed in KNOWN_GAPS.txt but fires now; remove it from the list",
                f.id
            )),
            (false, true) => skipped.push(f.id.clone()),
            (false, false) => failures.push(format!(
                "{}: expected {} ({}), got {}",
                f.id,
                f.id,
                rule.level.as_str(),
                show(&found)
            )),
        }
    }
    eprintln!(
        "rule fixtures: {} fixtures, {fired} fire their rule, {} known gaps skipped: {}",
        all.len(),
        skipped.len(),
        skipped.join(" ")
    );
    assert!(
        failures.is_empty(),
        "{} of {} fixtures failed:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}

#[test]
fn fixtures_compared_with_themselves_give_no_finding() {
    let mut failures = Vec::new();
    let all = fixtures();
    for f in all.values() {
        for (side, spec) in [("base", &f.base), ("revision", &f.revision)] {
            match findings(&f.id, spec, spec, &f.options) {
                Ok(found) if found.is_empty() => {}
                Ok(found) => failures.push(format!("{} {side}: {}", f.id, show(&found))),
                Err(e) => failures.push(format!("{} {side}: does not load: {e}", f.id)),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture sides differ from themselves:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Moves every request body of `spec` into the success response of its operation: the
/// operation loses its `requestBody` and answers `200` with the same content (media types,
/// schemas). `None` when the spec has no request body to move.
fn request_body_to_response(spec: &Value) -> Option<Value> {
    let mut spec = spec.clone();
    let mut moved = false;
    for item in spec.get_mut("paths")?.as_object_mut()?.values_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for op in item.values_mut() {
            let Some(op) = op.as_object_mut() else {
                continue;
            };
            let Some(body) = op.remove("requestBody") else {
                continue;
            };
            let content = body.get("content").cloned().unwrap_or(Value::Null);
            let mut ok = Map::new();
            ok.insert("description".into(), "OK".into());
            ok.insert("content".into(), content);
            let mut responses = Map::new();
            responses.insert("200".into(), Value::Object(ok));
            op.insert("responses".into(), Value::Object(responses));
            moved = true;
        }
    }
    moved.then_some(spec)
}

/// Direction decides the verdict (DESIGN.md §2.4): a client sends requests and receives
/// responses, so the same schema change is judged by a `request-` rule in a request body and
/// by its `response-` mirror in a response body.
///
/// For every catalog rule `request-X` with direction `request` whose mirror `response-X`
/// exists (with direction `response`), this takes the `request-X` fixture, moves the request
/// body of both sides unchanged into the `200` response of the same operation, and checks
/// that the result reports `response-X` (at its catalog level) and no longer reports
/// `request-X`. Pairs where either rule is in KNOWN_GAPS.txt are skipped and counted.
#[test]
fn direction_mirrors() {
    let gaps = known_gaps();
    let all = fixtures();
    let mut failures = Vec::new();
    let (mut checked, mut skipped) = (0, Vec::new());
    for rule in CATALOG.rules() {
        let Some(rest) = rule.id.strip_prefix("request-") else {
            continue;
        };
        let mirror_id = format!("response-{rest}");
        let Some(mirror) = CATALOG.get(&mirror_id) else {
            continue;
        };
        if rule.direction != RuleDirection::Request || mirror.direction != RuleDirection::Response {
            failures.push(format!(
                "{} ({}) and {mirror_id} ({}): directions should be request and response",
                rule.id,
                rule.direction.as_str(),
                mirror.direction.as_str()
            ));
            continue;
        }
        if !all.contains_key(&mirror_id) {
            failures.push(format!("{mirror_id}: mirror of {} has no fixture", rule.id));
        }
        let Some(f) = all.get(&rule.id) else {
            failures.push(format!("{}: no fixture", rule.id));
            continue;
        };
        if gaps.contains(&rule.id) || gaps.contains(&mirror_id) {
            skipped.push(format!("{} -> {mirror_id}", rule.id));
            continue;
        }
        let (Some(base), Some(revision)) = (
            request_body_to_response(&f.base),
            request_body_to_response(&f.revision),
        ) else {
            failures.push(format!(
                "{}: the fixture has no request body on both sides to move into a response",
                rule.id
            ));
            continue;
        };
        let name = format!("{} moved to a response", rule.id);
        match findings(&name, &base, &revision, &f.options) {
            Ok(found)
                if fires(&found, &mirror_id) && !found.iter().any(|x| x.rule.id == rule.id) =>
            {
                checked += 1
            }
            Ok(found) => failures.push(format!(
                "{}: moved into a response it should report {mirror_id} ({}), got {}",
                rule.id,
                mirror.level.as_str(),
                show(&found)
            )),
            Err(e) => failures.push(format!("{name}: does not load: {e}")),
        }
    }
    eprintln!(
        "direction mirrors: {checked} checked, {} skipped as known gaps: {}",
        skipped.len(),
        skipped.join(", ")
    );
    assert!(
        failures.is_empty(),
        "{} mirror checks failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
