use super::*;

fn json(text: &str, pointer: &str) -> Option<(usize, usize)> {
    let walked = locate(text, Syntax::Json, pointer);
    let indexed = PositionIndex::new(text, Syntax::Json).locate(text, pointer);
    assert_eq!(walked, indexed, "walker and index disagree on {pointer:?}");
    walked
}

fn yaml(text: &str, pointer: &str) -> Option<(usize, usize)> {
    locate(text, Syntax::Yaml, pointer)
}

const JSON: &str = r#"{
  "openapi": "3.0.0",
  "skip": {"a": [1, {"b": "}]\"{["}], "c": null},
  "paths": {
    "/pets/{id}": {
      "get": {"responses": {"200": {"description": "ok"}}}
    }
  },
  "a~b": [10, 20, {"x": true}],
  "esc\u0041ped": 1,
  "caf\u00e9": 2,
  "emoji\ud83d\ude00": 3,
  "quote\"d": 4,
  "naïve": {"deep": 5},
  "back\\slash\\": 6
}"#;

#[test]
fn json_members_point_at_keys() {
    assert_eq!(json(JSON, ""), Some((1, 1)));
    assert_eq!(json(JSON, "/openapi"), Some((2, 3)));
    assert_eq!(json(JSON, "/paths"), Some((4, 3)));
    assert_eq!(json(JSON, "/paths/~1pets~1{id}"), Some((5, 5)));
    assert_eq!(
        json(JSON, "/paths/~1pets~1{id}/get/responses/200/description"),
        Some((6, 37))
    );
    assert_eq!(json(JSON, "/skip/c"), Some((3, 39)));
}

#[test]
fn json_array_elements_point_at_values() {
    assert_eq!(json(JSON, "/a~0b/0"), Some((9, 11)));
    assert_eq!(json(JSON, "/a~0b/2"), Some((9, 19)));
    assert_eq!(json(JSON, "/a~0b/2/x"), Some((9, 20)));
    assert_eq!(json(JSON, "/a~0b/3"), None);
    assert_eq!(json(JSON, "/a~0b/x"), None);
}

#[test]
fn json_escaped_keys_compare_unescaped() {
    assert_eq!(json(JSON, "/escAped"), Some((10, 3)));
    assert_eq!(json(JSON, "/café"), Some((11, 3)));
    assert_eq!(json(JSON, "/emoji😀"), Some((12, 3)));
    assert_eq!(json(JSON, "/quote\"d"), Some((13, 3)));
    assert_eq!(json(JSON, "/esc\\u0041ped"), None);
    // Columns count characters: `"deep"` follows the two-byte `ï`.
    assert_eq!(json(JSON, "/naïve/deep"), Some((14, 13)));
    // An escaped backslash does not escape the quote after it.
    assert_eq!(json(JSON, "/back\\slash\\"), Some((15, 3)));
}

#[test]
fn json_missing_and_malformed_find_nothing() {
    assert_eq!(json(JSON, "/nope"), None);
    assert_eq!(json(JSON, "/openapi/x"), None);
    assert_eq!(json(JSON, "no-slash"), None);
    for text in [
        "",
        "{",
        "{\"a\"",
        "{\"a\":",
        "[1,",
        "\"abc",
        "{\"a\" 1}",
        "}}]]",
        "{\"a\":[1,2",
    ] {
        for pointer in ["", "/a", "/a/1", "/0"] {
            let _ = locate(text, Syntax::Json, pointer);
            let _ = PositionIndex::new(text, Syntax::Json).locate(text, pointer);
        }
    }
    // Truncated text still indexes the part read.
    assert_eq!(
        PositionIndex::new("{\"a\": [1, 2", Syntax::Json).locate("{\"a\": [1, 2", "/a/1"),
        Some((1, 11))
    );
}

#[test]
fn json_bom_and_minified() {
    let text = "\u{feff}{\"a\": {\"b\": 1}}";
    assert_eq!(json(text, "/a/b"), Some((1, 8)));
    let mut minified = String::from("{\"pad\":\"");
    minified.push_str(&"é".repeat(10_000));
    minified.push_str("\",\"k\":1}");
    assert_eq!(json(&minified, "/k"), Some((1, 10_011)));
}

const YAML: &str = "\
openapi: 3.0.0
paths:
  /pets/{id}:
    get:
      responses:
        200:
          description: ok
        '404': {description: missing}
list:
  - first
  - name: second
    tags: [a, b]
\"quoted\\tkey\": 1
? folded
  key
: 2
";

#[test]
fn yaml_members_and_elements() {
    assert_eq!(yaml(YAML, ""), Some((1, 1)));
    assert_eq!(yaml(YAML, "/openapi"), Some((1, 1)));
    assert_eq!(yaml(YAML, "/paths/~1pets~1{id}/get"), Some((4, 5)));
    assert_eq!(
        yaml(YAML, "/paths/~1pets~1{id}/get/responses/200"),
        Some((6, 9))
    );
    assert_eq!(
        yaml(YAML, "/paths/~1pets~1{id}/get/responses/200/description"),
        Some((7, 11))
    );
    assert_eq!(
        yaml(YAML, "/paths/~1pets~1{id}/get/responses/404"),
        Some((8, 9))
    );
    assert_eq!(
        yaml(YAML, "/paths/~1pets~1{id}/get/responses/404/description"),
        Some((8, 17))
    );
    assert_eq!(yaml(YAML, "/list/0"), Some((10, 5)));
    assert_eq!(yaml(YAML, "/list/1"), Some((11, 5)));
    assert_eq!(yaml(YAML, "/list/1/tags/1"), Some((12, 15)));
    assert_eq!(yaml(YAML, "/quoted\tkey"), Some((13, 1)));
    assert_eq!(yaml(YAML, "/folded key"), Some((14, 3)));
    assert_eq!(yaml(YAML, "/list/2"), None);
    assert_eq!(yaml(YAML, "/paths/nope"), None);
}

const ANCHORS: &str = "\
base: &base
  type: object
  properties:
    id: {type: integer}
copy: *base
derived:
  <<: *base
  description: own
many:
  <<: [*base, {extra: 1, type: string}]
  type: array
inline:
  <<: {x: 1}
quoted:
  '<<': not a merge
";

#[test]
fn yaml_aliases_report_the_alias() {
    assert_eq!(yaml(ANCHORS, "/base/properties/id"), Some((4, 5)));
    assert_eq!(yaml(ANCHORS, "/copy"), Some((5, 1)));
    // Below an alias, the alias is the position (when the member exists).
    assert_eq!(yaml(ANCHORS, "/copy/type"), Some((5, 7)));
    assert_eq!(yaml(ANCHORS, "/copy/properties/id"), Some((5, 7)));
    assert_eq!(yaml(ANCHORS, "/copy/nope"), None);
}

#[test]
fn yaml_merge_keys() {
    assert_eq!(yaml(ANCHORS, "/derived/description"), Some((8, 3)));
    // Merged members point at the alias in the merge key.
    assert_eq!(yaml(ANCHORS, "/derived/type"), Some((7, 7)));
    assert_eq!(yaml(ANCHORS, "/derived/properties/id"), Some((7, 7)));
    // Own keys win over merged ones; earlier merged mappings over later ones.
    assert_eq!(yaml(ANCHORS, "/many/type"), Some((11, 3)));
    assert_eq!(yaml(ANCHORS, "/many/extra"), Some((10, 16)));
    assert_eq!(yaml(ANCHORS, "/many/properties"), Some((10, 8)));
    assert_eq!(yaml(ANCHORS, "/inline/x"), Some((13, 8)));
    assert_eq!(yaml(ANCHORS, "/derived/nope"), None);
    // A quoted `<<` is an ordinary key.
    assert_eq!(yaml(ANCHORS, "/quoted/<<"), Some((15, 3)));
}

#[test]
fn yaml_odd_input_never_panics() {
    for text in [
        "",
        "a: [1, 2",
        "a: *missing",
        "? [a, b]\n: c\n",
        "&a [*a]",
        "a: 1\n---\nb: 2\n",
        "\u{feff}a: 1",
        "a:\n\tb: 1",
    ] {
        for pointer in ["", "/a", "/a/0", "/0/0/0"] {
            let _ = yaml(text, pointer);
        }
    }
    assert_eq!(yaml("\u{feff}a: {b: 1}", "/a/b"), Some((1, 5)));
    // A recursive alias is bounded by the pointer's length.
    assert_eq!(yaml("&a [*a]", "/0/0/0/0"), Some((1, 5)));
    // Only the first document is indexed.
    assert_eq!(yaml("a: 1\n---\nb: 2\n", "/b"), None);
}

#[test]
fn many_pointers_in_one_pass() {
    let pointers = [
        "/openapi",
        "/paths/~1pets~1{id}/get",
        "/nope",
        "/list/1/tags/0",
    ];
    assert_eq!(
        locate_many(YAML, Syntax::Yaml, &pointers),
        vec![Some((1, 1)), Some((4, 5)), None, Some((12, 12))]
    );
    assert_eq!(
        locate_many(JSON, Syntax::Json, &["/openapi", "/a~0b/1"]),
        vec![Some((2, 3)), Some((9, 15))]
    );
}

/// Every pointer of a document, from its parsed value.
fn all_pointers(value: &serde_json::Value, prefix: String, out: &mut Vec<String>) {
    out.push(prefix.clone());
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                all_pointers(v, crate::model::pointer_push(&prefix, k), out);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                all_pointers(v, format!("{prefix}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn collapsed_collections_give_the_positions_a_full_index_gives() {
    // Big collections (indexed) holding small ones (collapsed), escapes, and arrays.
    let mut members = Vec::new();
    for i in 0..120 {
        members.push(format!(
            "\"s{i}\": {{\"type\": \"object\", \"properties\": {{\"a\\/b\": {{\"type\": \"string\"}}, \"list\": [1, {{\"x\": [true, null]}}, \"}}]\"]}}, \"required\": [\"a/b\"]}}"
        ));
    }
    let text = format!(
        "{{\n  \"components\": {{\"schemas\": {{\n{}\n}}}},\n  \"small\": {{\"k\": [1, 2]}}\n}}",
        members.join(",\n")
    );
    assert!(text.len() > 4 * COLLAPSE_BELOW as usize);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut pointers = Vec::new();
    all_pointers(&value, String::new(), &mut pointers);
    pointers.extend(["/components/schemas/s1/nope".into(), "/small/k/7".into()]);
    let collapsed = PositionIndex::new(&text, Syntax::Json);
    let full = PositionIndex::full(&text, Syntax::Json);
    assert!(collapsed.nodes.iter().any(|n| n.kind == Kind::Collapsed));
    assert!(collapsed.entries.len() * 4 < full.entries.len());
    for pointer in &pointers {
        assert_eq!(
            collapsed.locate(&text, pointer),
            full.locate(&text, pointer),
            "{pointer}"
        );
    }
    assert!(
        collapsed
            .locate(&text, "/components/schemas/s7/properties/a~1b")
            .is_some()
    );
}
