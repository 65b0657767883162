//! Probable renames are linked, with a confidence, and the migration notes say so.

use apidelta::diff::diff;
use apidelta::load::{Input, LoadOptions, load};
use apidelta::normalize::normalize;
use apidelta::rules::lifecycle::Date;
use apidelta::rules::{ClassifyOptions, Finding, classify};

fn findings(base: &str, revision: &str) -> Vec<Finding> {
    let api = |name: &str, text: &str| {
        let input = Input::Text {
            name: name.into(),
            text: text.into(),
        };
        normalize(&load(&input, &LoadOptions::default()).unwrap()).unwrap()
    };
    let (b, r) = (api("base.yaml", base), api("revision.yaml", revision));
    classify(
        &diff(&b, &r),
        &b,
        &r,
        &ClassifyOptions::as_of(Date::parse("2026-11-28").unwrap()),
    )
}

fn by_id<'f>(findings: &'f [Finding], id: &str) -> &'f Finding {
    findings
        .iter()
        .find(|f| f.rule.id == id)
        .unwrap_or_else(|| {
            panic!(
                "no {id} in {:?}",
                findings.iter().map(|f| &f.rule.id).collect::<Vec<_>>()
            )
        })
}

const SPEC: &str = "openapi: 3.0.3
info: {title: t, version: '1.0.0'}
paths:
  PATH:
    get:
      operationId: listUsers
      parameters:
        - {name: PARAM, in: query, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/SCHEMA'}
components:
  schemas:
    SCHEMA:
      type: object
      properties:
        PROP: {type: string, format: email}
";

fn spec(path: &str, param: &str, schema: &str, prop: &str) -> String {
    SPEC.replace("PATH", path)
        .replace("PARAM", param)
        .replace("SCHEMA", schema)
        .replace("PROP", prop)
}

#[test]
fn a_renamed_property_is_linked_both_ways() {
    let f = findings(
        &spec("/users", "team", "User", "mail"),
        &spec("/users", "team", "User", "mail_address"),
    );
    let removed = by_id(&f, "response-optional-property-removed");
    let added = by_id(&f, "response-optional-property-added");
    assert_eq!(removed.related[0].fingerprint, added.fingerprint);
    assert_eq!(added.related[0].fingerprint, removed.fingerprint);
    assert_eq!(removed.related[0].relation, "probable-rename");
    assert!(
        removed.related[0].confidence >= 0.8,
        "{}",
        removed.related[0].confidence
    );
    assert!(
        removed.migration.contains("renamed to `mail_address`"),
        "{}",
        removed.migration
    );
}

#[test]
fn a_renamed_parameter_is_linked() {
    let f = findings(
        &spec("/users", "team", "User", "mail"),
        &spec("/users", "team_id", "User", "mail"),
    );
    let removed = by_id(&f, "request-parameter-removed");
    assert_eq!(removed.related.len(), 1);
    assert!(
        removed.migration.contains("`query.team_id`"),
        "{}",
        removed.migration
    );
}

#[test]
fn a_renamed_component_schema_is_linked() {
    let f = findings(
        &spec("/users", "team", "User", "mail"),
        &spec("/users", "team", "Member", "mail"),
    );
    let removed = by_id(&f, "api-schema-removed");
    let added = by_id(&f, "api-schema-added");
    assert_eq!(removed.related[0].fingerprint, added.fingerprint);
}

#[test]
fn an_operation_moved_to_a_new_path_is_linked_by_operation_id() {
    let f = findings(
        &spec("/users", "team", "User", "mail"),
        &spec("/members", "team", "User", "mail"),
    );
    let removed = by_id(&f, "api-path-removed-without-deprecation");
    let added = by_id(&f, "endpoint-added");
    assert_eq!(removed.related[0].fingerprint, added.fingerprint);
    assert!(removed.related[0].confidence > 0.9);
}

/// Same definition, different name: still a probable rename, with a lower confidence.
/// A different definition and a different name: no link.
#[test]
fn unrelated_changes_are_not_linked() {
    let alike = findings(
        &spec("/users", "team", "User", "mail"),
        &spec("/users", "team", "User", "shoe_size"),
    );
    let linked = &by_id(&alike, "response-optional-property-removed").related;
    assert!(linked[0].confidence < 0.8, "{linked:?}");
    let f = findings(
        &spec("/users", "team", "User", "mail"),
        &spec("/users", "team", "User", "shoe_size").replace("format: email", "format: int32"),
    );
    let removed = by_id(&f, "response-optional-property-removed");
    assert!(removed.related.is_empty(), "{:?}", removed.related);
}
