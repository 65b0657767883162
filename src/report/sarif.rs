//! SARIF 2.1.0, for GitHub code scanning: one rule entry per rule used, one result per
//! finding with file, line and column, and the fingerprint as a partial fingerprint so
//! results keep their identity across runs.

use super::findings::FindingsReport;
use crate::rules::{Finding, Level};
use serde_json::{Value, json};
use std::collections::BTreeMap;

fn sarif_level(level: Level) -> &'static str {
    match level {
        Level::Breaking => "error",
        Level::PotentiallyBreaking => "warning",
        _ => "note",
    }
}

fn location(report: &FindingsReport, f: &Finding) -> Option<Value> {
    let loc = super::findings::primary_location(report, f)?;
    let mut region = serde_json::Map::new();
    if let (Some(line), Some(column)) = (loc.line, loc.column) {
        region.insert("startLine".into(), json!(line));
        region.insert("startColumn".into(), json!(column));
    }
    let mut physical = json!({"artifactLocation": {"uri": loc.file}});
    if !region.is_empty() {
        physical["region"] = Value::Object(region);
    }
    Some(json!({
        "physicalLocation": physical,
        "logicalLocations": [{"fullyQualifiedName": loc.pointer, "kind": "member"}],
    }))
}

/// The SARIF log.
pub fn findings_sarif(report: &FindingsReport) -> Value {
    // One entry per rule used, in a stable order; results refer to them by index.
    let mut rule_index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut rules = Vec::new();
    for f in report.findings {
        if rule_index.contains_key(f.rule.id.as_str()) {
            continue;
        }
        rule_index.insert(&f.rule.id, rules.len());
        rules.push(json!({
            "id": f.rule.id,
            "name": f.rule.id,
            "shortDescription": {"text": f.rule.title},
            "fullDescription": {"text": f.rule.explanation},
            "help": {"text": f.rule.migration, "markdown": format!("{}\n\nRun `apidelta rules {}` for details.", f.rule.explanation, f.rule.id)},
            "defaultConfiguration": {"level": sarif_level(f.rule.level)},
            "properties": {"level": f.rule.level.as_str(), "direction": f.rule.direction.as_str(), "area": f.rule.area},
        }));
    }
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let mut r = json!({
                "ruleId": f.rule.id,
                "ruleIndex": rule_index[f.rule.id.as_str()],
                "level": sarif_level(f.level),
                "message": {"text": format!("{}\n{}", f.message, f.migration)},
                "partialFingerprints": {"apidelta/v1": f.fingerprint},
                "properties": {
                    "apidelta_level": f.level.as_str(),
                    "operations": f.operations.iter().map(|u| format!("{} {}", u.method, u.path)).collect::<Vec<_>>(),
                },
            });
            if let Some(l) = location(report, f) {
                r["locations"] = json!([l]);
            }
            r
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "apidelta",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/apidelta/apidelta",
                "rules": rules,
            }},
            "results": results,
        }],
    })
}
