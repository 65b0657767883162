//! YAML pitfalls and YAML safety limits.

#![allow(clippy::result_large_err)] // helpers return the loader's own error

use apidelta::load::{DocumentSet, Input, LoadError, LoadErrorKind, LoadOptions, load};
use serde_json::json;
use std::time::{Duration, Instant};

fn parse_with(yaml: &str, options: &LoadOptions) -> Result<DocumentSet, LoadError> {
    load(
        &Input::Text {
            name: "spec.yaml".into(),
            text: yaml.into(),
        },
        options,
    )
}

fn parse(yaml: &str) -> Result<DocumentSet, LoadError> {
    parse_with(yaml, &LoadOptions::default())
}

fn value(yaml: &str) -> serde_json::Value {
    let set = parse(yaml).unwrap_or_else(|e| panic!("{e}"));
    set.value(set.root())
}

#[test]
fn integer_and_other_scalar_keys_are_strings() {
    let v = value(
        "responses:\n  200:\n    description: ok\n  404: {description: gone}\n  1.50: a\n  true: b\n  ~: c\n  null: d\n",
    );
    let keys: Vec<&String> = v["responses"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["200", "404", "1.50", "true", "~", "null"]);
    assert_eq!(v["responses"]["200"], json!({"description": "ok"}));
    assert_eq!(v["responses"]["404"]["description"], json!("gone"));
}

#[test]
fn anchors_and_aliases_are_expanded() {
    let v = value(
        "error: &error\n  type: object\n  properties:\n    code: {type: integer}\nother: *error\nlist: [&x 1, *x]\n",
    );
    assert_eq!(v["other"], v["error"]);
    assert_eq!(v["other"]["properties"]["code"], json!({"type": "integer"}));
    assert_eq!(v["list"], json!([1, 1]));
}

#[test]
fn merge_keys_merge_with_own_keys_first() {
    let v = value(
        "base: &base {type: object, description: base}\nmore: &more {title: more, description: more}\none:\n  <<: *base\n  description: own\nmany:\n  <<: [*more, *base]\n",
    );
    assert_eq!(v["one"], json!({"type": "object", "description": "own"}));
    // Earlier mappings in the list win.
    assert_eq!(v["many"]["description"], json!("more"));
    assert_eq!(v["many"]["type"], json!("object"));
    assert_eq!(v["many"]["title"], json!("more"));
    assert!(v["one"].get("<<").is_none());
}

#[test]
fn yaml_1_1_booleans_where_openapi_wants_a_boolean() {
    let v = value(
        "paths:\n  /a:\n    get:\n      deprecated: yes\n      parameters:\n        - {name: q, in: query, required: Yes, allowEmptyValue: off}\ncomponents:\n  schemas:\n    Flag: {type: boolean, default: on, enum: [yes, no]}\n    Country: {type: string, enum: [NO, SE, Y, N, yes]}\n    Note: {type: string, default: yes, example: no}\nfree: yes\nreal: true\n",
    );
    let op = &v["paths"]["/a"]["get"];
    assert_eq!(op["deprecated"], json!(true));
    assert_eq!(op["parameters"][0]["required"], json!(true));
    assert_eq!(op["parameters"][0]["allowEmptyValue"], json!(false));
    let schemas = &v["components"]["schemas"];
    assert_eq!(schemas["Flag"]["default"], json!(true));
    assert_eq!(schemas["Flag"]["enum"], json!([true, false]));
    // The Norway problem: strings stay strings.
    assert_eq!(
        schemas["Country"]["enum"],
        json!(["NO", "SE", "Y", "N", "yes"])
    );
    assert_eq!(schemas["Note"]["default"], json!("yes"));
    assert_eq!(schemas["Note"]["example"], json!("no"));
    assert_eq!(v["free"], json!("yes"));
    assert_eq!(v["real"], json!(true));
}

#[test]
fn duplicate_keys_are_an_error_with_position() {
    let err = parse("openapi: 3.0.0\npaths:\n  /a: {}\n  /b: {}\n  /a: {}\n").unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::Syntax);
    assert_eq!(
        err.message,
        "invalid YAML: duplicate key `/a` in the same mapping"
    );
    assert_eq!(
        (err.file.as_str(), err.line, err.column),
        ("spec.yaml", Some(5), Some(3))
    );
    let shown = err.to_string();
    assert!(
        shown.starts_with("spec.yaml:5:3: invalid YAML: duplicate key `/a`"),
        "{shown}"
    );
    assert!(shown.contains("5 |   /a: {}\n  |   ^"), "{shown}");
}

#[test]
fn syntax_errors_have_the_right_line() {
    let err =
        parse("openapi: 3.0.0\ninfo:\n  title: [unclosed\n  version: 1\npaths: {}\n").unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::Syntax);
    assert!(err.message.starts_with("invalid YAML: "), "{}", err.message);
    assert!(
        !err.message.contains(" at line "),
        "the position is not repeated: {}",
        err.message
    );
    assert_eq!(err.line, Some(4));

    let err = parse("a: 1\nb: [1, 2\nc: 3\n").unwrap_err();
    assert_eq!((err.line, err.column), (Some(3), Some(2)));

    let err = parse("a: *nowhere\n").unwrap_err();
    assert_eq!(
        err.message,
        "invalid YAML: an alias names an anchor that is not defined before it"
    );
    assert_eq!((err.line, err.column), (Some(1), Some(4)));

    let err = parse("a: 1\n---\nb: 2\n").unwrap_err();
    assert!(
        err.message.contains("more than one YAML document"),
        "{}",
        err.message
    );
}

/// The classic: ten levels of nine aliases each, 10^9 strings when expanded.
fn billion_laughs() -> String {
    let mut yaml = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..10u8 {
        let (prev, this) = ((b'a' + level - 1) as char, (b'a' + level) as char);
        let items = vec![format!("*{prev}"); 9].join(", ");
        yaml.push_str(&format!("{this}: &{this} [{items}]\n"));
    }
    yaml
}

#[test]
fn an_alias_bomb_is_refused_quickly() {
    let started = Instant::now();
    let err = parse(&billion_laughs()).unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(err.kind, LoadErrorKind::Limit);
    assert_eq!(
        err.message,
        "YAML aliases expand to more than 100000 nodes (max-alias-events); this looks like an alias bomb"
    );
    let help = err.help.as_deref().unwrap();
    assert!(
        help.contains("--max-alias-events N") && help.contains("--max-aliases N"),
        "{help}"
    );
    assert!(err.line.is_some());
}

#[test]
fn too_many_aliases_is_a_limit() {
    let mut yaml = String::from("base: &b {type: string}\nlist:\n");
    for _ in 0..20 {
        yaml.push_str("  - *b\n");
    }
    let mut options = LoadOptions::default();
    options.limits.max_aliases = 10;
    let err = parse_with(&yaml, &options).unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::Limit);
    assert_eq!(
        err.message,
        "the document has more than 10 aliases (max-aliases)"
    );
    assert_eq!(err.help.as_deref(), Some("raise it with --max-aliases N"));
    // One anchor used many times is normal, not a bomb.
    options.limits.max_aliases = 10_000;
    assert!(parse_with(&yaml, &options).is_ok());
    let mut many = String::from("base: &b {type: string}\nlist:\n");
    many.push_str(&"  - *b\n".repeat(500));
    assert!(parse(&many).is_ok());
}

fn assert_depth_limit(err: &LoadError, depth: usize) {
    assert_eq!(err.kind, LoadErrorKind::Limit, "{err}");
    assert_eq!(
        err.message,
        format!("the document nests deeper than {depth} levels (max-depth)")
    );
    assert_eq!(err.help.as_deref(), Some("raise it with --max-depth N"));
}

#[test]
fn a_100000_deep_flow_document_is_refused() {
    let deep = format!("a: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let err = parse(&deep).unwrap_err();
    assert_depth_limit(&err, 256);
    assert_eq!(err.line, Some(1));
    let deep = format!("a: {}\n", "{a: ".repeat(100_000));
    assert_depth_limit(&parse(&deep).unwrap_err(), 256);
}

#[test]
fn a_100000_deep_block_document_is_refused() {
    // Nested block sequences on one line: `- - - - x`.
    let deep = format!("{}x\n", "- ".repeat(100_000));
    assert_depth_limit(&parse(&deep).unwrap_err(), 256);
    // Nested block mappings need indentation, so 300 levels is as deep as a sane file gets.
    let mut nested = String::new();
    for level in 0..300 {
        nested.push_str(&format!("{}k{level}:\n", " ".repeat(level)));
    }
    let err = parse(&nested).unwrap_err();
    assert_depth_limit(&err, 256);
    assert_eq!(err.line, Some(257));
}

#[test]
fn max_depth_is_adjustable_and_bounded() {
    let mut options = LoadOptions::default();
    options.limits.max_depth = 8;
    let err = parse_with("a: [[[[[[[[[1]]]]]]]]]\n", &options).unwrap_err();
    assert_depth_limit(&err, 8);
    options.limits.max_depth = 600;
    let deep = format!("{}x{}\n", "[".repeat(500), "]".repeat(500));
    assert!(parse_with(&deep, &options).is_ok());
    // Beyond the ceiling the ceiling applies, and deep documents still cannot overflow.
    options.limits.max_depth = usize::MAX;
    let deep = format!("{}x\n", "- ".repeat(100_000));
    let err = parse_with(&deep, &options).unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::Limit);
    assert!(
        err.message.contains("deeper than 1024 levels"),
        "{}",
        err.message
    );
}

#[test]
fn deep_documents_under_the_limit_parse_on_a_small_stack() {
    // Test threads have 2 MiB stacks; the parser runs on its own, sized for the limit.
    let deep = format!("{}x\n", "- ".repeat(250));
    assert!(parse(&deep).is_ok());
    let deep = format!("{}x{}\n", "[".repeat(250), "]".repeat(250));
    assert!(parse(&deep).is_ok());
}

#[test]
fn tabs_and_byte_order_marks_do_not_panic() {
    // A BOM at the start is skipped.
    assert_eq!(
        value("\u{feff}openapi: 3.0.0\n"),
        json!({"openapi": "3.0.0"})
    );
    // Tabs as separators are fine; as indentation they are an error, with a position.
    assert_eq!(value("a:\t1\nb:\t[1,\t2]\n"), json!({"a": 1, "b": [1, 2]}));
    let err = parse("a:\n\tb: 1\n").unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::Syntax);
    assert_eq!(err.line, Some(2));
    let err = parse("a: 1\n\u{feff}b: 2\n").unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::Syntax);
    assert_eq!(err.line, Some(2));
    for odd in [
        "\t",
        "\u{feff}",
        "\u{feff}\u{feff}",
        "a: \"\\t\"\n",
        "? \t\n",
        "-\t-\t-",
        "{a: 1,}",
        "[\t]",
        "\r\r\n",
        "a: |\n\t\n",
        ": :",
        "&a *a",
    ] {
        let _ = parse(odd);
    }
}

#[test]
fn a_complex_key_is_an_error_not_a_panic() {
    let err = parse("? [a, b]\n: c\n").unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::Syntax);
    assert_eq!(err.line, Some(1));
}
