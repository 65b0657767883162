//! JSON specifics: duplicate keys, syntax errors, depth, and JSON that is really YAML.

#![allow(clippy::result_large_err)] // helpers return the loader's own error

use apidelta::load::{DocumentSet, Input, LoadError, LoadErrorKind, LoadOptions, Syntax, load};
use serde_json::json;

fn parse(text: &str) -> Result<DocumentSet, LoadError> {
    load(
        &Input::Text {
            name: "spec.json".into(),
            text: text.into(),
        },
        &LoadOptions::default(),
    )
}

#[test]
fn duplicate_keys_are_an_error_at_the_second_key() {
    let err =
        parse("{\"a\": 1,\n \"b\": {\"a\": {\"a\": 1}},\n \"a\": {\"a\": [1, 2]}}").unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::Syntax);
    assert_eq!(
        err.message,
        "invalid JSON: duplicate key `a` in the same object"
    );
    assert_eq!((err.line, err.column), (Some(3), Some(2)));
    assert!(
        err.to_string()
            .contains("3 |  \"a\": {\"a\": [1, 2]}}\n  |  ^"),
        "{err}"
    );

    let err = parse("{\"x\": {\"k\": 1, \"k\": 2}}").unwrap_err();
    assert_eq!((err.line, err.column), (Some(1), Some(16)));
}

#[test]
fn syntax_errors_have_line_and_character_column() {
    let err = parse("{\"a\": 1,\n \"é\": [1, 2,, 3]}").unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::Syntax);
    assert_eq!(err.message, "invalid JSON: expected value");
    // The column counts characters: `é` is two bytes.
    assert_eq!((err.line, err.column), (Some(2), Some(13)));
    let err = parse("{\"a\": tru}").unwrap_err();
    assert_eq!(err.message, "invalid JSON: expected ident");
    assert_eq!((err.line, err.column), (Some(1), Some(10)));
}

#[test]
fn json_that_is_only_valid_as_yaml_is_read_as_yaml_unless_named_json() {
    let input = Input::Text {
        name: "spec.yaml".into(),
        text: "{\"a\": [1, 2,], b: yes}".into(),
    };
    let set = load(&input, &LoadOptions::default()).unwrap();
    assert_eq!(set.document(set.root()).syntax, Syntax::Yaml);
    assert_eq!(set.value(set.root()), json!({"a": [1, 2], "b": "yes"}));
    let err = parse("{\"a\": [1, 2,], b: yes}").unwrap_err();
    assert_eq!(err.message, "invalid JSON: trailing comma");
}

#[test]
fn a_100000_deep_document_is_refused() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let err = parse(&deep).unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::Limit);
    assert_eq!(
        err.message,
        "the document nests deeper than 256 levels (max-depth)"
    );
    assert_eq!(err.help.as_deref(), Some("raise it with --max-depth N"));
    assert_eq!((err.line, err.column), (Some(1), Some(257)));
    // Brackets inside strings do not count.
    let fine = format!("{{\"a\": \"{}\"}}", "[".repeat(10_000));
    assert!(parse(&fine).is_ok());
    // Nor is a deep document under the limit a problem on a test thread's small stack.
    let deep = format!("{}{}", "[".repeat(256), "]".repeat(256));
    assert!(parse(&deep).is_ok());
}

#[test]
fn a_byte_order_mark_is_skipped() {
    let set = parse("\u{feff}{\"openapi\": \"3.1.0\"}").unwrap();
    assert_eq!(set.document(set.root()).syntax, Syntax::Json);
    assert_eq!(set.value(set.root())["openapi"], json!("3.1.0"));
    assert_eq!(set.position(set.root(), "/openapi"), Some((1, 2)));
}
