//! Files that are not what they should be: missing, empty, not UTF-8, too big.

use apidelta::load::{Input, LoadErrorKind, LoadOptions, load};

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn a_missing_file_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nope.yaml");
    let err = load(&Input::File(path.clone()), &LoadOptions::default()).unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::Io);
    assert_eq!(err.file, path.display().to_string());
    assert!(
        err.message.starts_with("cannot read the file: "),
        "{}",
        err.message
    );
    assert_eq!(err.line, None);
}

#[test]
fn a_directory_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = load(
        &Input::File(dir.path().to_path_buf()),
        &LoadOptions::default(),
    )
    .unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::Io);
}

#[test]
fn an_empty_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    for (name, content) in [
        ("empty.yaml", ""),
        ("blank.yaml", "\n  \n"),
        ("comments.yaml", "# nothing\n"),
        ("bom.json", "\u{feff}"),
    ] {
        let path = write(&dir, name, content.as_bytes());
        let err = load(&Input::File(path), &LoadOptions::default()).unwrap_err();
        assert_eq!(err.kind, LoadErrorKind::Syntax, "{name}");
        assert_eq!(
            err.message, "the file is empty: expected a YAML or JSON document",
            "{name}"
        );
    }
}

#[test]
fn a_file_that_is_not_utf8_is_an_error_with_position() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        &dir,
        "latin1.yaml",
        b"openapi: 3.0.0\ninfo:\n  title: caf\xe9\n",
    );
    let err = load(&Input::File(path.clone()), &LoadOptions::default()).unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::Syntax);
    assert_eq!(err.file, path.display().to_string());
    assert_eq!(
        err.message,
        "the file is not UTF-8 text: byte 0xE9 at offset 33 is not valid UTF-8"
    );
    assert_eq!((err.line, err.column), (Some(3), Some(13)));
    assert_eq!(err.help.as_deref(), Some("save the file as UTF-8"));
    assert!(
        err.to_string()
            .contains("3 |   title: caf\n  |             ^"),
        "{err}"
    );

    let path = write(&dir, "utf16.json", b"\xff\xfe{\x00}\x00");
    let err = load(&Input::File(path), &LoadOptions::default()).unwrap_err();
    assert!(
        err.message.ends_with("(the file looks like UTF-16)"),
        "{}",
        err.message
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "big.yaml", "a: 1\n".repeat(100).as_bytes());
    let mut options = LoadOptions::default();
    options.limits.max_file_bytes = 100;
    let err = load(&Input::File(path), &options).unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::Limit);
    assert_eq!(
        err.message,
        "the file is 500 bytes, over the limit of 100 bytes (max-file-size)"
    );
    assert_eq!(
        err.help.as_deref(),
        Some("raise it with --max-file-size BYTES")
    );
}
