//! Spellings that mean the same API give no change (DESIGN §2.2).

use crate::common;

use common::{changes, describe, fixture};

fn assert_equivalent(case: &str) {
    let dir = fixture(&format!("equivalence/{case}"));
    let found = changes(&dir.join("base.yaml"), &dir.join("revision.yaml"));
    assert!(
        found.is_empty(),
        "{case}: expected no change, found:\n{}",
        describe(&found)
    );
    // And the other way round.
    let back = changes(&dir.join("revision.yaml"), &dir.join("base.yaml"));
    assert!(
        back.is_empty(),
        "{case} reversed: expected no change, found:\n{}",
        describe(&back)
    );
}

#[test]
fn swagger2_and_openapi30_of_the_same_api() {
    assert_equivalent("swagger2-openapi30");
}

#[test]
fn nullable_and_exclusive_bounds_in_30_and_31() {
    assert_equivalent("nullable-30-31");
}

#[test]
fn path_parameter_names_do_not_matter() {
    assert_equivalent("path-param-names");
}

#[test]
fn header_names_are_case_insensitive() {
    assert_equivalent("header-case");
}

#[test]
fn yaml_anchors_and_merge_keys_equal_the_expanded_yaml() {
    assert_equivalent("yaml-anchors");
}

#[test]
fn inline_schemas_equal_referenced_components() {
    assert_equivalent("inline-vs-ref");
}

#[test]
fn path_level_parameters_merge_into_operations() {
    assert_equivalent("path-level-params");
}

/// The equivalences must not hide real changes: the same pairs with one edit each.
#[test]
fn a_real_change_next_to_an_equivalence_is_still_found() {
    let dir = fixture("equivalence/swagger2-openapi30");
    let base = std::fs::read_to_string(dir.join("base.yaml")).unwrap();
    let edited = base.replace("maxLength: 200", "maxLength: 100");
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("edited.yaml");
    std::fs::write(&path, edited).unwrap();
    let found = changes(&dir.join("revision.yaml"), &path);
    assert_eq!(describe(&found).lines().count(), 1, "{}", describe(&found));
    let c = &found[0];
    assert_eq!(c.what.as_str(), "max-length");
    assert_eq!(c.base_value, Some(serde_json::json!(200)));
    assert_eq!(c.revision_value, Some(serde_json::json!(100)));
    assert_eq!(c.operations.len(), 1);
    assert_eq!(c.operations[0].method, "POST");
    assert_eq!(c.operations[0].path, "/pets/{petId}/photo");
    assert_eq!(
        c.operations[0].location,
        "request body multipart/form-data: caption"
    );
}
