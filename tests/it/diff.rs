//! The structural diff on fixture pairs: what it finds, where, and for which operations.

use crate::common;

use apidelta::diff::{Change, ChangeKind, diff};
use apidelta::load::{Input, LoadOptions, load};
use apidelta::normalize::normalize;
use apidelta::report::{DiffReport, Side, json::diff_json};
use common::{api, changes, describe, fixture};
use std::path::Path;

fn find<'c>(changes: &'c [Change], what: &str, name: Option<&str>) -> &'c Change {
    changes
        .iter()
        .find(|c| c.what.as_str() == what && c.name.as_deref() == name)
        .unwrap_or_else(|| panic!("no {what} {name:?} change in:\n{}", describe(changes)))
}

#[test]
fn every_fixture_equals_itself() {
    let mut seen = 0;
    for dir in ["diff", "equivalence"] {
        for case in std::fs::read_dir(fixture(dir)).unwrap() {
            let case = case.unwrap().path();
            for side in ["base.yaml", "revision.yaml"] {
                let path = case.join(side);
                let found = changes(&path, &path);
                assert!(
                    found.is_empty(),
                    "{}:\n{}",
                    path.display(),
                    describe(&found)
                );
                seen += 1;
            }
        }
    }
    assert!(seen >= 18, "only {seen} fixture files were compared");
}

#[test]
fn a_change_to_a_shared_component_is_one_change_listing_its_operations() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs");
    let found = changes(
        &root.join("petstore-v1.yaml"),
        &root.join("petstore-v2.yaml"),
    );
    let removed = find(&found, "property", Some("zip"));
    assert_eq!(removed.kind, ChangeKind::Removed);
    let ops: Vec<String> = removed
        .operations
        .iter()
        .map(|u| format!("{} {} {}", u.method, u.path, u.location))
        .collect();
    assert_eq!(
        ops,
        [
            "GET /pets response 200 application/json: [].owner.address.zip",
            "GET /pets/{id} response 200 application/json: owner.address.zip",
            "GET /stores response 200 application/json: [].address.zip",
            "POST /pets response 201 application/json: owner.address.zip",
        ]
    );
    // Exactly one change for the property, not one per operation.
    let count = found
        .iter()
        .filter(|c| c.what.as_str() == "property")
        .count();
    assert_eq!(
        count,
        2,
        "zip removed and postal_code added:\n{}",
        describe(&found)
    );
    let value = find(&found, "enum-value", Some("archived"));
    assert_eq!(value.kind, ChangeKind::Added);
    assert_eq!(value.operations.len(), 5, "{:?}", value.operations);
}

#[test]
fn openapi_32_query_method_querystring_and_item_schema() {
    let dir = fixture("diff/openapi-3.2");
    let found = changes(&dir.join("base.yaml"), &dir.join("revision.yaml"));
    let added = find(&found, "operation", Some("QUERY /documents/{docId}"));
    assert_eq!(added.kind, ChangeKind::Added);
    let removed = find(&found, "operation", Some("LINK /documents/{id}"));
    assert_eq!(removed.kind, ChangeKind::Removed);
    let required = find(&found, "required", Some("q"));
    assert_eq!(required.operations[0].method, "QUERY");
    assert_eq!(
        required.operations[0].location,
        "parameter querystring.filter application/x-www-form-urlencoded: q"
    );
    let ty = find(&found, "type", None);
    assert_eq!(ty.base_value, Some(serde_json::json!(["number"])));
    assert_eq!(ty.revision_value, Some(serde_json::json!(["integer"])));
    assert_eq!(
        ty.operations[0].location,
        "response 200 application/jsonl itemSchema: score"
    );
    assert_eq!(found.len(), 5, "{}", describe(&found));
}

#[test]
fn swagger2_models_are_diffed_like_openapi3() {
    let dir = fixture("equivalence/swagger2-openapi30");
    let v2 = api(&dir.join("base.yaml"));
    assert_eq!(v2.servers[0].url, "https://api.example.com/v1");
    let scheme = &v2.components.security_schemes["oauth"];
    assert!(scheme.flows.contains_key("authorizationCode"));
    assert_eq!(v2.components.security_schemes["basic"].kind, "http");
}

/// The whole JSON output of the kitchen-sink pair, positions included.
#[test]
fn kitchen_sink_json_snapshot() {
    let base_path = "tests/fixtures/diff/kitchen-sink/base.yaml";
    let rev_path = "tests/fixtures/diff/kitchen-sink/revision.yaml";
    let options = LoadOptions::default();
    let base_docs = load(&Input::File(base_path.into()), &options).unwrap();
    let rev_docs = load(&Input::File(rev_path.into()), &options).unwrap();
    let base_api = normalize(&base_docs).unwrap();
    let rev_api = normalize(&rev_docs).unwrap();
    let d = diff(&base_api, &rev_api);
    let report = DiffReport {
        base: Side {
            source: base_path.into(),
            docs: &base_docs,
            api: &base_api,
        },
        revision: Side {
            source: rev_path.into(),
            docs: &rev_docs,
            api: &rev_api,
        },
        diff: &d,
    };
    let mut json = diff_json(&report).unwrap();
    json["tool"]["version"] = serde_json::json!("<version>");
    insta::assert_json_snapshot!(json);
}
