//! Where documents are read from: the file system, one git revision, or HTTP. Loading and
//! `$ref` confinement work on [`Place`]s and ask the [`Store`] for bytes, so a spec read
//! from `main:specs/api.yaml` reads its referenced files from the same commit, under the
//! same rules as on disk.

#![allow(clippy::result_large_err)]

use super::git::{Entry, Revision};
use super::http::HttpOptions;
use super::{Limits, LoadError, LoadErrorKind, lexical_join};
use std::path::{Path, PathBuf};

/// The identity of a loaded document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Place {
    /// A canonical path. In a git revision this is the path inside the repository, rooted at
    /// `/` (`/specs/api.yaml`), never a path on disk.
    Path(PathBuf),
    Url(String),
}

/// Where the [`Place::Path`]s of one document set live.
#[derive(Debug)]
pub enum Store {
    Disk,
    Git(Revision),
}

/// Symbolic links followed inside a git revision before giving up (a link loop).
const MAX_LINKS: usize = 16;

/// [`Store::canonicalize`] in a revision: symbolic links stored in the tree are followed,
/// lexically, as git stores them.
pub fn git_canonicalize(rev: &Revision, path: &Path) -> std::io::Result<PathBuf> {
    let not_found = || std::io::Error::from(std::io::ErrorKind::NotFound);
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match rev.entry(&repo_relative(&current)) {
            Some(Entry::File) => return Ok(current),
            Some(Entry::Symlink(target)) => {
                let parent = current.parent().unwrap_or(Path::new("/"));
                current = lexical_join(parent, &target).ok_or_else(not_found)?;
            }
            Some(Entry::Directory) => {
                return Err(std::io::Error::other("it is a directory"));
            }
            None => return Err(not_found()),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

impl Store {
    /// The canonical form of `path`: symbolic links resolved. An error of kind `NotFound`
    /// when nothing is there.
    pub fn canonicalize(&self, path: &Path) -> std::io::Result<PathBuf> {
        match self {
            Store::Disk => path.canonicalize(),
            Store::Git(rev) => git_canonicalize(rev, path),
        }
    }

    /// The file names in directory `dir`, for "did you mean" suggestions.
    pub fn list(&self, dir: &Path) -> Vec<String> {
        match self {
            Store::Disk => std::fs::read_dir(dir)
                .map(|entries| {
                    entries
                        .filter_map(|e| e.ok()?.file_name().into_string().ok())
                        .collect()
                })
                .unwrap_or_default(),
            Store::Git(rev) => rev.list(&repo_relative(dir)),
        }
    }

    /// The text at `place`, named `name` in messages, within the size limit.
    pub fn read(
        &self,
        place: &Place,
        name: &str,
        limits: &Limits,
        http: &HttpOptions,
    ) -> Result<String, LoadError> {
        match (place, self) {
            (Place::Url(url), _) => super::http::fetch(
                url,
                &HttpOptions {
                    max_bytes: limits.max_file_bytes,
                    ..http.clone()
                },
            )
            .map_err(|mut e| {
                e.file = display_url(&e.file);
                e.message = e.message.replace(url.as_str(), &display_url(url));
                e
            }),
            (Place::Path(path), Store::Disk) => super::read_file(path, name, limits),
            (Place::Path(path), Store::Git(rev)) => {
                let relative = repo_relative(path);
                if let Some(size) = rev.size(&relative) {
                    super::check_size(size, name, limits)?;
                }
                let bytes = rev.blob(&relative).map_err(|e| {
                    LoadError::new(
                        LoadErrorKind::Io,
                        name,
                        format!(
                            "cannot read `{relative}` from git revision {} ({}): {e}",
                            rev.asked,
                            rev.short()
                        ),
                    )
                })?;
                super::utf8(bytes, name)
            }
        }
    }

    /// How a place is shown when it is not under the allowed root.
    pub fn show(&self, path: &Path) -> String {
        match self {
            Store::Disk => path.display().to_string(),
            Store::Git(rev) => format!("{}:{}", rev.asked, repo_relative(path)),
        }
    }
}

/// `/specs/api.yaml` → `specs/api.yaml`.
pub fn repo_relative(path: &Path) -> String {
    let s = path.to_string_lossy();
    s.trim_start_matches('/').to_string()
}

/// A URL as reports and messages show it: credentials (`user:token@`) and query values
/// (`?token=…`) are masked, so a PR comment never leaks them.
pub fn display_url(url: &str) -> String {
    let (scheme, rest) = match url.split_once("://") {
        Some(parts) => parts,
        None => return url.to_string(),
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let host = match authority.rsplit_once('@') {
        Some((_, host)) => format!("***@{host}"),
        None => authority.to_string(),
    };
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let (query, fragment) = match query.split_once('#') {
                Some((q, f)) => (q, format!("#{f}")),
                None => (query, String::new()),
            };
            let masked: Vec<String> = query
                .split('&')
                .map(|pair| match pair.split_once('=') {
                    Some((k, _)) => format!("{k}=***"),
                    None => pair.to_string(),
                })
                .collect();
            format!("{path}?{}{fragment}", masked.join("&"))
        }
        None => tail.to_string(),
    };
    format!("{scheme}://{host}{tail}")
}

/// `reference` resolved against the URL `base` (RFC 3986 §5.2, for the forms specs use:
/// absolute URLs, `/absolute/path`, and relative paths with `.` and `..`).
pub fn join_url(base: &str, reference: &str) -> String {
    if reference.contains("://") {
        return reference.to_string();
    }
    let (scheme, rest) = base.split_once("://").unwrap_or(("https", base));
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    if let Some(network) = reference.strip_prefix("//") {
        return format!("{scheme}://{network}");
    }
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let joined = if reference.starts_with('/') {
        reference.to_string()
    } else {
        let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
        format!("{dir}{reference}")
    };
    let mut segments: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "." => {}
            // The leading empty segment (the root) is never popped.
            ".." => {
                if segments.len() > 1 {
                    segments.pop();
                }
            }
            s => segments.push(s),
        }
    }
    format!("{scheme}://{authority}{}", segments.join("/"))
}

#[cfg(test)]
mod tests {
    use super::{display_url, join_url};

    #[test]
    fn urls_are_shown_without_secrets() {
        assert_eq!(
            display_url("https://bot:s3cret@example.com/a.yaml?token=abc&v=2#x"),
            "https://***@example.com/a.yaml?token=***&v=***#x"
        );
        assert_eq!(
            display_url("http://127.0.0.1:8080/api.yaml"),
            "http://127.0.0.1:8080/api.yaml"
        );
    }

    #[test]
    fn urls_join_like_a_browser() {
        let base = "https://example.com/specs/v1/api.yaml";
        assert_eq!(
            join_url(base, "common.yaml"),
            "https://example.com/specs/v1/common.yaml"
        );
        assert_eq!(
            join_url(base, "../shared/pet.yaml"),
            "https://example.com/specs/shared/pet.yaml"
        );
        assert_eq!(
            join_url(base, "/root.yaml"),
            "https://example.com/root.yaml"
        );
        assert_eq!(
            join_url(base, "../../../../x.yaml"),
            "https://example.com/x.yaml"
        );
        assert_eq!(
            join_url(base, "//cdn.example.com/a.yaml"),
            "https://cdn.example.com/a.yaml"
        );
        assert_eq!(join_url(base, "http://other/a.yaml"), "http://other/a.yaml");
        assert_eq!(
            join_url("http://127.0.0.1:8080/api.yaml", "./b.yaml"),
            "http://127.0.0.1:8080/b.yaml"
        );
    }
}
