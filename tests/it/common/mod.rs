//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod http_server;

use apidelta::diff::{Change, diff};
use apidelta::load::{Input, LoadOptions, load};
use apidelta::model::Api;
use apidelta::normalize::{NormalizeOptions, normalize_with};
use std::path::{Path, PathBuf};

pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// `../shared` beside the repository, when it is there.
pub fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: ../shared is not beside the repository (CI always has it)");
        None
    }
}

/// Loads and normalizes a spec, panicking with the rendered error (tests want to see it).
pub fn api(path: &Path) -> Api {
    try_api(path, false).unwrap_or_else(|e| panic!("{e}"))
}

pub fn try_api(path: &Path, allow_unresolved: bool) -> Result<Api, apidelta::load::LoadError> {
    let options = LoadOptions {
        allow_unresolved_refs: allow_unresolved,
        ..LoadOptions::default()
    };
    let docs = load(&Input::File(path.to_path_buf()), &options)?;
    let normalized = normalize_with(
        &docs,
        NormalizeOptions {
            allow_unresolved_refs: allow_unresolved,
        },
    )?;
    Ok(normalized.api)
}

/// The changes between two fixture files.
pub fn changes(base: &Path, revision: &Path) -> Vec<Change> {
    diff(&api(base), &api(revision)).changes
}

/// One line per change, for readable assertion failures.
pub fn describe(changes: &[Change]) -> String {
    changes
        .iter()
        .map(|c| {
            format!(
                "{} {} {} [{}] {:?} -> {:?}",
                c.kind.as_str(),
                c.what.as_str(),
                c.name.as_deref().unwrap_or(""),
                c.base
                    .as_ref()
                    .or(c.revision.as_ref())
                    .map(|o| &*o.pointer)
                    .unwrap_or(""),
                c.base_value,
                c.revision_value
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Runs git in `dir`, isolated from the machine's configuration, with a fixed identity and
/// the given commit date (`2026-03-01T12:00:00Z`).
pub fn git_at(dir: &Path, date: &str, args: &[&str]) {
    let status = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}
