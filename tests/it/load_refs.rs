//! `$ref`s across files: loading what they reach, resolving, following chains, and the
//! errors for references that go nowhere.

use apidelta::load::{DocumentSet, Input, LoadErrorKind, LoadOptions, load};
use apidelta::model::DocId;
use serde_json::json;
use std::path::PathBuf;

fn fixture(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/load")
        .join(path)
}

fn multi() -> DocumentSet {
    load(
        &Input::File(fixture("multi/openapi.yaml")),
        &LoadOptions::default(),
    )
    .expect("the multi-file fixture loads")
}

fn text(yaml: &str) -> DocumentSet {
    load(
        &Input::Text {
            name: "spec.yaml".into(),
            text: yaml.into(),
        },
        &LoadOptions::default(),
    )
    .expect("the spec loads")
}

fn doc_named(set: &DocumentSet, name: &str) -> DocId {
    set.documents()
        .find(|(_, d)| d.name == name)
        .map(|(id, _)| id)
        .unwrap_or_else(|| panic!("no document named {name}"))
}

#[test]
fn every_referenced_file_is_loaded_once() {
    let set = multi();
    let mut names: Vec<&str> = set.documents().map(|(_, d)| d.name.as_str()).collect();
    assert!(
        names[0].ends_with("multi/openapi.yaml"),
        "root first: {names:?}"
    );
    names.remove(0);
    names.sort();
    assert_eq!(
        names,
        [
            "common.yaml",
            "schemas/pet.yaml",
            "schemas/problem.json",
            "schemas/with space.yaml"
        ]
    );
}

#[test]
fn relative_refs_resolve_into_other_files() {
    let set = multi();
    let root = set.root();
    let target = set
        .resolve(
            root,
            "/paths/~1pets~1{id}/get/responses/200/content/application~1json/schema/$ref",
            "./schemas/pet.yaml#/Pet",
        )
        .unwrap();
    assert_eq!(set.name(target.doc), "schemas/pet.yaml");
    assert_eq!(target.pointer, "/Pet");
    assert_eq!(target.value.to_value()["type"], json!("object"));

    let param = set
        .resolve(
            root,
            "/paths/~1pets~1{id}/get/parameters/0/$ref",
            "common.yaml#/parameters/Id",
        )
        .unwrap();
    assert_eq!(set.name(param.doc), "common.yaml");
    assert_eq!(param.value.to_value()["name"], json!("id"));

    // A whole file, without a fragment.
    let problem = set
        .resolve(
            root,
            "/components/schemas/Problem/$ref",
            "schemas/problem.json",
        )
        .unwrap();
    assert_eq!(problem.pointer, "");
    assert_eq!(problem.value.to_value()["type"], json!("object"));
}

#[test]
fn refs_inside_referenced_files_resolve_relative_to_that_file() {
    let set = multi();
    let pet = doc_named(&set, "schemas/pet.yaml");
    // Local to pet.yaml.
    let tag = set
        .resolve(pet, "/Pet/properties/tag/$ref", "#/Tag")
        .unwrap();
    assert_eq!(
        (tag.doc, tag.value.to_value()),
        (pet, json!({"type": "string"}))
    );
    // `..` that stays inside the root directory.
    let owner = set
        .resolve(
            pet,
            "/Pet/properties/owner/$ref",
            "../common.yaml#/parameters/Id/schema",
        )
        .unwrap();
    assert_eq!(set.name(owner.doc), "common.yaml");
    assert_eq!(owner.value.to_value(), json!({"type": "string"}));
    // Into a JSON file next to it.
    let detail = set
        .resolve(
            pet,
            "/Pet/properties/problem/$ref",
            "problem.json#/properties/detail",
        )
        .unwrap();
    assert_eq!(set.name(detail.doc), "schemas/problem.json");
}

#[test]
fn refs_back_to_the_root_file_resolve_to_the_root() {
    let set = multi();
    let common = doc_named(&set, "common.yaml");
    let local = set
        .resolve(
            common,
            "/responses/Error/content/application~1json/schema/$ref",
            "openapi.yaml#/components/schemas/Local",
        )
        .unwrap();
    assert_eq!(local.doc, set.root());
    assert_eq!(local.pointer, "/components/schemas/Local");
}

#[test]
fn percent_encoding_and_pointer_escapes() {
    let set = multi();
    let target = set
        .resolve(
            set.root(),
            "/components/schemas/Escaped/$ref",
            "schemas/with%20space.yaml#/a~1b/c~0d%20e",
        )
        .unwrap();
    assert_eq!(set.name(target.doc), "schemas/with space.yaml");
    assert_eq!(target.pointer, "/a~1b/c~0d e");
    assert_eq!(target.value.to_value(), json!({"type": "boolean"}));
}

#[test]
fn deref_follows_chains_across_files() {
    let set = multi();
    let root = set.root();
    let alias1 = set
        .json(root)
        .pointer("/components/schemas/Alias1")
        .unwrap();
    let (doc, pointer, value) = set
        .deref(root, "/components/schemas/Alias1", alias1)
        .unwrap();
    assert_eq!(
        (set.name(doc), pointer.as_str()),
        ("schemas/pet.yaml", "/Pet")
    );
    assert_eq!(value.to_value()["type"], json!("object"));

    let default = set
        .json(root)
        .pointer("/paths/~1pets~1{id}/get/responses/default")
        .unwrap();
    let (doc, pointer, value) = set
        .deref(root, "/paths/~1pets~1{id}/get/responses/default", default)
        .unwrap();
    assert_eq!(
        (set.name(doc), pointer.as_str()),
        ("common.yaml", "/responses/Error")
    );
    assert_eq!(value.to_value()["description"], json!("error"));

    // A value that is not a reference is itself.
    let local = set.json(root).pointer("/components/schemas/Local").unwrap();
    let (doc, pointer, _) = set.deref(root, "/components/schemas/Local", local).unwrap();
    assert_eq!((doc, pointer.as_str()), (root, "/components/schemas/Local"));
}

#[test]
fn a_cycle_of_pure_refs_is_an_error_not_a_hang() {
    let set = text(
        "components:\n  schemas:\n    A:\n      $ref: '#/components/schemas/B'\n    B:\n      $ref: '#/components/schemas/C'\n    C:\n      $ref: '#/components/schemas/A'\n    Self:\n      $ref: '#/components/schemas/Self'\n",
    );
    let root = set.root();
    let a = set.json(root).pointer("/components/schemas/A").unwrap();
    let err = set.deref(root, "/components/schemas/A", a).unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::UnresolvedRef);
    assert!(err.message.contains("cycle"), "{}", err.message);
    assert!(
        err.message.contains("#/components/schemas/A -> #/components/schemas/B -> #/components/schemas/C -> #/components/schemas/A"),
        "{}",
        err.message
    );
    assert_eq!((err.line, err.column), (Some(3), Some(5)));

    let me = set.json(root).pointer("/components/schemas/Self").unwrap();
    let err = set.deref(root, "/components/schemas/Self", me).unwrap_err();
    assert!(err.message.contains("cycle"), "{}", err.message);
}

#[test]
fn a_chain_longer_than_max_ref_chain_is_a_limit() {
    let mut yaml = String::from("components:\n  schemas:\n");
    for i in 0..70 {
        yaml.push_str(&format!(
            "    S{i}:\n      $ref: '#/components/schemas/S{}'\n",
            i + 1
        ));
    }
    yaml.push_str("    S70:\n      type: string\n");
    let input = Input::Text {
        name: "chain.yaml".into(),
        text: yaml,
    };
    let set = load(&input, &LoadOptions::default()).unwrap();
    let root = set.root();
    let s0 = set.json(root).pointer("/components/schemas/S0").unwrap();
    let err = set.deref(root, "/components/schemas/S0", s0).unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::Limit);
    assert!(
        err.message.contains("more than 64 $refs (max-ref-chain)"),
        "{}",
        err.message
    );
    assert_eq!(err.help.as_deref(), Some("raise it with --max-ref-chain N"));
    assert_eq!(
        (err.file.as_str(), err.line, err.column),
        ("chain.yaml", Some(3), Some(5))
    );

    let mut options = LoadOptions::default();
    options.limits.max_ref_chain = 70;
    let set = load(&input, &options).unwrap();
    let s0 = set
        .json(set.root())
        .pointer("/components/schemas/S0")
        .unwrap();
    let (_, pointer, value) = set.deref(set.root(), "/components/schemas/S0", s0).unwrap();
    assert_eq!(
        (pointer.as_str(), value.to_value()),
        ("/components/schemas/S70", json!({"type": "string"}))
    );
}

const TYPO: &str = "\
openapi: 3.0.0
components:
  schemas:
    Pet:
      type: object
    Owner:
      properties:
        pet:
          $ref: '#/components/schemas/Pett'
";

#[test]
fn an_unresolved_ref_says_where_and_what_was_meant() {
    let set = text(TYPO);
    let err = set
        .resolve(
            set.root(),
            "/components/schemas/Owner/properties/pet/$ref",
            "#/components/schemas/Pett",
        )
        .unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::UnresolvedRef);
    assert_eq!(err.file, "spec.yaml");
    assert_eq!((err.line, err.column), (Some(9), Some(11)));
    assert_eq!(
        err.message,
        "$ref `#/components/schemas/Pett` does not resolve: nothing at `/components/schemas/Pett`"
    );
    assert_eq!(
        err.help.as_deref(),
        Some("did you mean `#/components/schemas/Pet`?")
    );
    let shown = err.to_string();
    assert!(
        shown.starts_with("spec.yaml:9:11: $ref `#/components/schemas/Pett` does not resolve"),
        "{shown}"
    );
    assert!(
        shown.contains("9 |           $ref: '#/components/schemas/Pett'\n  |           ^"),
        "{shown}"
    );
    assert!(
        shown.ends_with("= help: did you mean `#/components/schemas/Pet`?"),
        "{shown}"
    );
}

#[test]
fn typos_in_the_middle_of_a_pointer_are_suggested_too() {
    let set = text(TYPO);
    let err = set
        .resolve(set.root(), "/x/$ref", "#/component/schemas/Pet")
        .unwrap_err();
    assert_eq!(
        err.help.as_deref(),
        Some("did you mean `#/components/schemas/Pet`?")
    );
    let err = set
        .resolve(set.root(), "/x/$ref", "#/nothing/like/this")
        .unwrap_err();
    assert_eq!(err.help, None);
    let err = set.resolve(set.root(), "/x/$ref", "#Pet").unwrap_err();
    assert!(
        err.message.contains("is not a JSON pointer"),
        "{}",
        err.message
    );
}

#[test]
fn a_missing_file_is_an_error_when_resolved_with_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pet.yaml"), "type: object\n").unwrap();
    std::fs::write(
        dir.path().join("openapi.yaml"),
        "openapi: 3.0.0\ncomponents:\n  schemas:\n    Pet:\n      $ref: 'pets.yaml'\n",
    )
    .unwrap();
    // Loading succeeds: a broken `$ref` nobody follows (say, in an extension) is harmless.
    let set = load(
        &Input::File(dir.path().join("openapi.yaml")),
        &LoadOptions::default(),
    )
    .unwrap();
    assert_eq!(set.len(), 1);
    let err = set
        .resolve(set.root(), "/components/schemas/Pet/$ref", "pets.yaml")
        .unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::UnresolvedRef);
    assert_eq!(
        err.message,
        "$ref `pets.yaml` names a file that does not exist"
    );
    assert_eq!(err.help.as_deref(), Some("did you mean `pet.yaml`?"));
    assert_eq!((err.line, err.column), (Some(5), Some(7)));
}

#[test]
fn relative_refs_from_text_need_a_ref_root() {
    let input = Input::Text {
        name: "-".into(),
        text: "components:\n  schemas:\n    Pet:\n      $ref: 'schemas/pet.yaml#/Pet'\n".into(),
    };
    let set = load(&input, &LoadOptions::default()).unwrap();
    let err = set
        .resolve(
            set.root(),
            "/components/schemas/Pet/$ref",
            "schemas/pet.yaml#/Pet",
        )
        .unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::UnresolvedRef);
    assert!(
        err.message.contains("standard input has no directory"),
        "{}",
        err.message
    );
    assert_eq!((err.line, err.column), (Some(4), Some(7)));
    assert_eq!(
        err.help.as_deref(),
        Some("pass --ref-root DIR to say where referenced files live")
    );

    let options = LoadOptions {
        ref_root: Some(fixture("multi")),
        ..LoadOptions::default()
    };
    let set = load(&input, &options).unwrap();
    let pet = set
        .resolve(
            set.root(),
            "/components/schemas/Pet/$ref",
            "schemas/pet.yaml#/Pet",
        )
        .unwrap();
    assert_eq!(set.name(pet.doc), "schemas/pet.yaml");
}

/// A callback that leads back to the path item holding it describes callbacks nested without
/// end (fuzzing found it overflowing the stack): it is not read again, and the callback gets
/// one warning.
#[test]
fn a_callback_cycle_is_cut_with_a_warning() {
    let path = fixture("callback-cycle/spec.yaml");
    let api = crate::common::api(&path);
    assert_eq!(api.operations.len(), 1);
    let subscribe = api.operations.values().next().unwrap();
    assert_eq!(subscribe.operation_id.as_deref(), Some("subscribe"));
    assert!(subscribe.callbacks["onEvent"].is_empty());

    let out = assert_cmd::Command::cargo_bin("apidelta")
        .unwrap()
        .args(["diff", path.to_str().unwrap(), path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let warning = "spec.yaml:17:13: this callback leads back to \
                   `#/components/pathItems/Subscriptions`, a path item that holds it";
    // One per side: base and revision are the same file here.
    assert_eq!(stderr.matches(warning).count(), 2, "{stderr}");
}

/// Callbacks that `$ref` path items with callbacks multiply without a cycle: 5 KB describe
/// over a million operations. The count is bounded, and the error names its flag.
#[test]
fn a_callback_bomb_is_a_limit() {
    let path = fixture("callback-cycle/bomb.yaml");
    let out = assert_cmd::Command::cargo_bin("apidelta")
        .unwrap()
        .args(["diff", path.to_str().unwrap(), path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("more than 10000 operations inside callbacks (max-callback-operations)")
            && stderr.contains("raise it with --max-callback-operations N"),
        "{stderr}"
    );
    let small = assert_cmd::Command::cargo_bin("apidelta")
        .unwrap()
        .args(["diff", "--max-callback-operations", "5"])
        .args([
            fixture("callback-cycle/spec.yaml"),
            fixture("callback-cycle/spec.yaml"),
        ])
        .output()
        .unwrap();
    assert_eq!(
        small.status.code(),
        Some(0),
        "the cut cycle reads no callback operation"
    );
}
