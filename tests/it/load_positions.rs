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
    let syntax = set.document(set.root()).syntax;
    let text = set.text(set.root()).unwrap();
    assert_eq!(
        locate_many(text, syntax, &pointers),
        set.positions(set.root(), &pointers)
    );
    assert_eq!(locate(text, syntax, "/info/version"), Some((4, 3)));
    let index = PositionIndex::new(text, syntax);
    assert_eq!(index.locate(text, "/info/version"), Some((4, 3)));
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

/// Copies the multi-file fixture into a fresh directory, so a test may change its files.
fn multi_copy(test: &str) -> PathBuf {
    let from = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/load/multi");
    let to = std::env::temp_dir().join(format!("apidelta-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&to);
    copy_dir(&from, &to);
    to
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn released_texts_are_read_again_for_positions() {
    let mut set = multi();
    let before: Vec<_> = set
        .documents()
        .map(|(id, _)| set.position(id, "/components/schemas/Local/type"))
        .collect();
    let root = set.root();
    let expected = set.text(root).unwrap().to_string();
    set.release_trees();
    // A fresh set: the one above has read its texts again already.
    let mut fresh = multi();
    fresh.release_trees();
    assert_eq!(fresh.text(root), Some(expected.as_str()));
    let after: Vec<_> = fresh
        .documents()
        .map(|(id, _)| fresh.position(id, "/components/schemas/Local/type"))
        .collect();
    assert_eq!(after, before);
    assert_eq!(after[0], Some((25, 7)));
}

#[test]
fn a_file_changed_after_loading_gives_no_positions_rather_than_wrong_ones() {
    let dir = multi_copy("changed");
    let root = dir.join("openapi.yaml");
    let mut set = load(&Input::File(root.clone()), &LoadOptions::default()).unwrap();
    set.release_trees();
    let problem = doc_named(&set, "schemas/problem.json");
    // The same length, other text: only the hash tells them apart.
    let original = std::fs::read_to_string(&root).unwrap();
    std::fs::write(&root, original.replace("openapi", "OPENAPI")).unwrap();
    assert_eq!(set.text(set.root()), None);
    assert_eq!(set.position(set.root(), "/info/version"), None);
    assert!(set.positions(set.root(), &["/info/version"])[0].is_none());
    // An unchanged file of the same set still has its positions.
    assert_eq!(
        set.position(problem, "/properties/detail/$ref"),
        Some((5, 16))
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn standard_input_keeps_its_text() {
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("specs/petstore-v1.yaml"),
    )
    .unwrap();
    let input = Input::Text {
        name: "-".into(),
        text: text.clone(),
    };
    let mut set = load(&input, &LoadOptions::default()).unwrap();
    set.release_trees();
    assert_eq!(set.text(set.root()), Some(text.as_str()));
    assert_eq!(set.position(set.root(), ""), Some((1, 1)));
}

#[test]
fn positions_located_up_front_are_kept_without_the_text() {
    let dir = multi_copy("located");
    let root = dir.join("openapi.yaml");
    let mut set = load(&Input::File(root.clone()), &LoadOptions::default()).unwrap();
    set.release_trees();
    let problem = doc_named(&set, "schemas/problem.json");
    set.locate_all([
        (set.root(), "/info/version"),
        // Not there: its parents are located too, up to the first one found.
        (set.root(), "/components/schemas/Local/nope/deeper"),
        (problem, "/properties/detail/$ref"),
    ]);
    // The files are gone: only what was located up front can be answered.
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(set.position(set.root(), "/info/version"), Some((4, 3)));
    assert_eq!(
        set.position(set.root(), "/components/schemas/Local/nope/deeper"),
        None
    );
    assert_eq!(
        set.position(set.root(), "/components/schemas/Local"),
        Some((24, 5))
    );
    assert_eq!(
        set.position(problem, "/properties/detail/$ref"),
        Some((5, 16))
    );
    assert_eq!(set.position(set.root(), "/openapi"), None);
    assert_eq!(set.text(set.root()), None);
}
