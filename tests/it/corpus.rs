//! The real corpus (`../shared/corpus/real`): every version loads and equals itself, and
//! every successive pair diffs without error.

use crate::common;

use apidelta::diff::diff;
use apidelta::rules::lifecycle::Date;
use apidelta::rules::{ClassifyOptions, classify};
use common::{describe, shared, try_api};
use serde_json::Value;

#[test]
fn every_real_version_loads_equals_itself_and_diffs_with_the_next() {
    let Some(shared) = shared() else { return };
    let real = shared.join("corpus/real");
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(real.join("manifest.json")).unwrap())
            .unwrap();
    let mut versions = 0;
    let mut pairs = 0;
    for series in manifest.as_array().unwrap() {
        let name = series["api"].as_str().unwrap();
        let mut previous = None;
        for version in series["versions"].as_array().unwrap() {
            let root = real.join(version["root_file"].as_str().unwrap());
            // The manifest counts the vendor's dangling references; those specs are read
            // with --allow-unresolved-refs, as a user would.
            let dangling = version["unresolved_refs"].as_u64().unwrap_or(0) > 0;
            let api = try_api(&root, dangling)
                .unwrap_or_else(|e| panic!("{name}: {} does not load:\n{e}", root.display()));
            let same = diff(&api, &api).changes;
            assert!(
                same.is_empty(),
                "{name}: {} differs from itself:\n{}",
                root.display(),
                describe(&same)
            );
            let options = ClassifyOptions::as_of(Date::parse("2026-11-28").unwrap());
            let self_findings = classify(&diff(&api, &api), &api, &api, &options);
            assert!(self_findings.is_empty(), "{name}: findings against itself");
            if let Some(prev) = &previous {
                let d = diff(prev, &api);
                let findings = classify(&d, prev, &api, &options);
                // Every change is classified: no change without a finding.
                assert!(
                    d.changes.is_empty() || !findings.is_empty(),
                    "{name}: {} changes but no finding",
                    d.changes.len()
                );
                pairs += 1;
            }
            previous = Some(api);
            versions += 1;
        }
    }
    eprintln!("{versions} versions loaded, {pairs} successive pairs diffed");
    assert!(
        versions >= 134,
        "the manifest lists 134 versions, saw {versions}"
    );
}
