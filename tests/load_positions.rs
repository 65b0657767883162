//! Positions of JSON pointers, as reports show them (file:line:col).

use apidelta::load::{
    DocumentSet, Input, LoadOptions, PositionIndex, Syntax, load, locate, locate_many,
};
use apidelta::model::DocId;
use std::path::PathBuf;

fn multi() -> DocumentSet {
    let root =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/load/multi/openapi.yaml");
    load(&Input::File(root), &LoadOptions::default()).unwrap()
}

fn doc_named(set: &DocumentSet, name: &str) -> DocId {
    set.documents()
        .find(|(_, d)| d.name == name)
        .map(|(id, _)| id)
        .unwrap()
}

#[test]
fn members_point_at_their_key_and_elements_at_their_value() {
    let set = multi();
    let root = set.root();
    assert_eq!(set.position(root, ""), Some((1, 1)));
    assert_eq!(set.position(root, "/paths/~1pets~1{id}"), Some((6, 3)));
    assert_eq!(
        set.position(root, "/paths/~1pets~1{id}/get/parameters/0"),
        Some((9, 11))
    );
    assert_eq!(
        set.position(root, "/paths/~1pets~1{id}/get/parameters/0/$ref"),
        Some((9, 11))
    );
    assert_eq!(
        set.position(root, "/paths/~1pets~1{id}/get/responses/200"),
        Some((11, 9))
    );
    assert_eq!(
        set.position(root, "/components/schemas/Local/type"),
        Some((25, 7))
    );
    assert_eq!(set.position(root, "/components/schemas/Nope"), None);

    let problem = doc_named(&set, "schemas/problem.json");
    assert_eq!(
        set.position(problem, "/properties/detail/$ref"),
        Some((5, 16))
    );
    let pet = doc_named(&set, "schemas/pet.yaml");
    assert_eq!(set.position(pet, "/Tag"), Some((12, 1)));
}

#[test]
fn many_positions_at_once() {
    let set = multi();
    let pointers = [
        "/openapi",
        "/info/version",
        "/nope",
        "/components/schemas/Alias1/$ref",
    ];
    assert_eq!(
        set.positions(set.root(), &pointers),
        vec![Some((1, 1)), Some((4, 3)), None, Some((27, 7))]
    );
    // The same through the free functions and the index.
    let d = set.document(set.root());
    assert_eq!(
        locate_many(&d.text, d.syntax, &pointers),
        set.positions(set.root(), &pointers)
    );
    assert_eq!(locate(&d.text, d.syntax, "/info/version"), Some((4, 3)));
    let index = PositionIndex::new(&d.text, d.syntax);
    assert_eq!(index.locate(&d.text, "/info/version"), Some((4, 3)));
}

#[test]
fn errors_at_a_pointer_show_the_source_line() {
    let set = multi();
    let err = set.error_at(
        apidelta::load::LoadErrorKind::Invalid,
        set.root(),
        "/components/schemas/Local/type",
        "a made-up problem",
    );
    assert_eq!(
        err.to_string(),
        format!(
            "{}:25:7: a made-up problem\n   |\n25 |       type: string\n   |       ^",
            set.name(set.root())
        )
    );
}

#[test]
fn aliases_and_merge_keys() {
    let yaml = "\
base: &base
  type: object
  required: [id]
copy: *base
derived:
  <<: *base
  title: own
";
    let set = load(
        &Input::Text {
            name: "a.yaml".into(),
            text: yaml.into(),
        },
        &LoadOptions::default(),
    )
    .unwrap();
    let root = set.root();
    assert_eq!(set.value(root)["derived"]["type"], "object");
    assert_eq!(set.position(root, "/base/required/0"), Some((3, 14)));
    // Through an alias, the alias is the position.
    assert_eq!(set.position(root, "/copy/required/0"), Some((4, 7)));
    assert_eq!(set.position(root, "/derived/title"), Some((7, 3)));
    assert_eq!(set.position(root, "/derived/type"), Some((6, 7)));
    assert_eq!(set.position(root, "/derived/nope"), None);
}

#[test]
fn integer_keys_and_quoted_keys() {
    let yaml = "responses:\n  200:\n    description: ok\n  \"404\":\n    description: missing\n  'x~y/z': 1\n";
    assert_eq!(
        locate(yaml, Syntax::Yaml, "/responses/200/description"),
        Some((3, 5))
    );
    assert_eq!(locate(yaml, Syntax::Yaml, "/responses/404"), Some((4, 3)));
    assert_eq!(
        locate(yaml, Syntax::Yaml, "/responses/x~0y~1z"),
        Some((6, 3))
    );
}
