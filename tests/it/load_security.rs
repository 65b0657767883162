//! A spec is untrusted input: its `$ref`s may only read files under its own directory (or
//! `--ref-root`), never a URL, and only so many files.

#![allow(clippy::result_large_err)] // helpers return the loader's own error

use apidelta::load::{DocumentSet, Input, LoadError, LoadErrorKind, LoadOptions, load};
use std::path::Path;

/// A temporary tree: `outside.yaml` next to a `spec/` directory holding `openapi.yaml`.
struct Tree {
    dir: tempfile::TempDir,
}

impl Tree {
    fn new(spec: &str) -> Tree {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("spec")).unwrap();
        std::fs::write(dir.path().join("outside.yaml"), "Secret:\n  type: string\n").unwrap();
        std::fs::write(dir.path().join("spec/openapi.yaml"), spec).unwrap();
        Tree { dir }
    }

    fn path(&self, rel: &str) -> std::path::PathBuf {
        self.dir.path().join(rel)
    }

    fn load(&self, options: &LoadOptions) -> Result<DocumentSet, LoadError> {
        load(&Input::File(self.path("spec/openapi.yaml")), options)
    }
}

fn spec_with_ref(reference: &str) -> String {
    format!("openapi: 3.0.0\ncomponents:\n  schemas:\n    S:\n      $ref: '{reference}'\n")
}

/// Loads the tree (a refused `$ref` does not fail the load, and its file is not read),
/// then resolves the `$ref`: the error.
fn refused(tree: &Tree, reference: &str) -> LoadError {
    let set = tree
        .load(&LoadOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(set.len(), 1, "nothing but the root was read");
    let err = set
        .resolve(set.root(), "/components/schemas/S/$ref", reference)
        .unwrap_err();
    // Positioned at the `$ref` member.
    assert!(err.file.ends_with("spec/openapi.yaml"), "{}", err.file);
    assert_eq!((err.line, err.column), (Some(5), Some(7)));
    err
}

#[test]
fn a_ref_out_of_the_directory_is_refused() {
    let tree = Tree::new(&spec_with_ref("../outside.yaml#/Secret"));
    // Were it read, this would fail the load.
    std::fs::write(tree.path("outside.yaml"), "not: [valid").unwrap();
    let err = refused(&tree, "../outside.yaml#/Secret");
    assert_eq!(err.kind, LoadErrorKind::RefOutsideRoot);
    assert!(
        err.message
            .starts_with("$ref `../outside.yaml` leaves the directory the spec may read from"),
        "{}",
        err.message
    );
    assert!(err.help.as_deref().unwrap().contains("--ref-root DIR"));
}

#[test]
fn a_ref_out_of_the_directory_to_a_missing_file_is_still_refused() {
    // Checked on the path as written: nothing outside is looked at, nor suggested.
    let tree = Tree::new(&spec_with_ref("../outsidee.yaml"));
    let err = refused(&tree, "../outsidee.yaml");
    assert_eq!(err.kind, LoadErrorKind::RefOutsideRoot);
    assert!(!err.to_string().contains("did you mean"));
}

#[test]
fn absolute_paths_are_refused_without_reading_them() {
    let tree = Tree::new(&spec_with_ref("/etc/passwd"));
    assert_eq!(
        refused(&tree, "/etc/passwd").kind,
        LoadErrorKind::RefOutsideRoot
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_that_leaves_the_directory_is_refused() {
    let tree = Tree::new(&spec_with_ref("link.yaml#/Secret"));
    std::fs::write(tree.path("outside.yaml"), "not: [valid").unwrap();
    std::os::unix::fs::symlink(tree.path("outside.yaml"), tree.path("spec/link.yaml")).unwrap();
    let err = refused(&tree, "link.yaml#/Secret");
    assert_eq!(err.kind, LoadErrorKind::RefOutsideRoot);
    assert!(
        err.message.contains("is a symbolic link that leaves"),
        "{}",
        err.message
    );

    // A directory symlink is no way round it either.
    let tree = Tree::new(&spec_with_ref("up/outside.yaml#/Secret"));
    std::os::unix::fs::symlink(tree.dir.path(), tree.path("spec/up")).unwrap();
    assert_eq!(
        refused(&tree, "up/outside.yaml#/Secret").kind,
        LoadErrorKind::RefOutsideRoot
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_inside_the_directory_is_fine() {
    let tree = Tree::new(&spec_with_ref("link.yaml#/Secret"));
    std::fs::write(tree.path("spec/real.yaml"), "Secret:\n  type: integer\n").unwrap();
    std::os::unix::fs::symlink(tree.path("spec/real.yaml"), tree.path("spec/link.yaml")).unwrap();
    let set = tree.load(&LoadOptions::default()).unwrap();
    assert_eq!(set.len(), 2);
    assert_eq!(set.name(apidelta::model::DocId(1)), "real.yaml");
}

#[cfg(unix)]
#[test]
fn ref_root_widens_the_directory() {
    let tree = Tree::new(&spec_with_ref("../outside.yaml#/Secret"));
    std::os::unix::fs::symlink(tree.path("outside.yaml"), tree.path("spec/link.yaml")).unwrap();
    let options = LoadOptions {
        ref_root: Some(tree.dir.path().to_path_buf()),
        ..LoadOptions::default()
    };
    let set = tree.load(&options).unwrap();
    let target = set
        .resolve(
            set.root(),
            "/components/schemas/S/$ref",
            "../outside.yaml#/Secret",
        )
        .unwrap();
    assert_eq!(set.name(target.doc), "outside.yaml");
    assert_eq!(target.value.to_value()["type"], "string");
    // The symlink now resolves inside the (wider) root as well.
    let target = set
        .resolve(
            set.root(),
            "/components/schemas/S/$ref",
            "link.yaml#/Secret",
        )
        .unwrap();
    assert_eq!(set.name(target.doc), "outside.yaml");
}

#[test]
fn a_missing_ref_root_is_an_io_error() {
    let tree = Tree::new(&spec_with_ref("#/components/schemas/S"));
    let options = LoadOptions {
        ref_root: Some(tree.path("no-such-dir")),
        ..LoadOptions::default()
    };
    let err = tree.load(&options).unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::Io);
    assert!(err.message.contains("--ref-root"), "{}", err.message);
}

#[test]
fn remote_refs_are_refused() {
    for reference in [
        "https://example.com/x.yaml",
        "http://example.com/x.yaml#/S",
        "//example.com/x.yaml",
        "file:///etc/passwd",
    ] {
        let tree = Tree::new(&spec_with_ref(reference));
        let err = refused(&tree, reference);
        assert_eq!(err.kind, LoadErrorKind::RemoteRef, "{reference}");
        assert!(
            err.message.contains("apidelta does not fetch URLs"),
            "{}",
            err.message
        );
    }
}

#[test]
fn too_many_documents_is_a_limit() {
    let mut spec = String::from("openapi: 3.0.0\ncomponents:\n  schemas:\n");
    let tree = Tree::new("openapi: 3.0.0\n");
    for i in 0..5 {
        std::fs::write(tree.path(&format!("spec/s{i}.yaml")), "type: string\n").unwrap();
        spec.push_str(&format!("    S{i}:\n      $ref: 's{i}.yaml'\n"));
    }
    std::fs::write(tree.path("spec/openapi.yaml"), &spec).unwrap();
    let mut options = LoadOptions::default();
    options.limits.max_documents = 3;
    let err = tree.load(&options).unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::Limit);
    assert_eq!(
        err.message,
        "the spec references more than 3 files (max-documents)"
    );
    assert_eq!(err.help.as_deref(), Some("raise it with --max-documents N"));
    // Positioned at the $ref that would have loaded one file too many.
    assert_eq!((err.line, err.column), (Some(9), Some(7)));

    options.limits.max_documents = 6;
    assert_eq!(tree.load(&options).unwrap().len(), 6);
}

#[test]
fn error_messages_do_not_pass_control_characters_through() {
    let tree = Tree::new("openapi: 3.0.0\n");
    let set = tree.load(&LoadOptions::default()).unwrap();
    let shown = set
        .resolve(set.root(), "/x", "https://example.com/\u{1b}[31mred")
        .unwrap_err()
        .to_string();
    assert!(shown.contains("https://example.com/"), "{shown:?}");
    assert!(!shown.contains('\u{1b}'), "{shown:?}");
}

#[test]
fn names_of_files_are_relative_to_the_root() {
    let tree = Tree::new(&spec_with_ref("sub/deeper/x.yaml"));
    std::fs::create_dir_all(tree.path("spec/sub/deeper")).unwrap();
    std::fs::write(tree.path("spec/sub/deeper/x.yaml"), "type: string\n").unwrap();
    let set = tree.load(&LoadOptions::default()).unwrap();
    assert_eq!(
        Path::new(set.name(apidelta::model::DocId(1))),
        Path::new("sub/deeper/x.yaml")
    );
}

#[test]
fn allow_unresolved_refs_does_not_change_loading() {
    let tree = Tree::new(&spec_with_ref("../outside.yaml#/Secret"));
    let options = LoadOptions {
        allow_unresolved_refs: true,
        ..LoadOptions::default()
    };
    let set = tree.load(&options).unwrap();
    assert_eq!(set.len(), 1);
    let err = set
        .resolve(
            set.root(),
            "/components/schemas/S/$ref",
            "../outside.yaml#/Secret",
        )
        .unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::RefOutsideRoot);
}
