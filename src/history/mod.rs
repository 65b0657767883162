//! Successive versions of one spec, for `history` and `deprecations --history`: which
//! inputs, in which order. Loading and comparing them is the caller's job.
//!
//! Versions come either from files (paths, directories, globs; ordered by file name, with
//! numbers compared as numbers so `v9` comes before `v10`) or from the commits of a git
//! repository that changed one file, oldest first.

#![allow(clippy::result_large_err)]

use crate::load::git::{FileCommit, file_log};
use crate::load::{Input, LoadError, LoadErrorKind};
use std::cmp::Ordering;
use std::path::{Path, PathBuf};

/// One version to load.
#[derive(Debug, Clone)]
pub struct Version {
    /// How reports name it: the path, or `<commit>:<path>`.
    pub source: String,
    pub input: Input,
    /// The commit, for versions read from git.
    pub commit: Option<FileCommit>,
}

/// File extensions a directory is searched for.
const SPEC_EXTENSIONS: [&str; 3] = ["yaml", "yml", "json"];

/// The versions named by `args`: inputs as given (files, URLs, `REV:path` in the repository
/// of `repo`), every spec file (`*.yaml`, `*.yml`, `*.json`) of a directory, or the files a
/// glob (`*`, `?`, `[a-z]` in any component) matches. Directories and globs are ordered by
/// [`natural_cmp`]; the others keep the order given.
pub fn from_paths(args: &[String], repo: Option<&Path>) -> Result<Vec<Version>, LoadError> {
    let mut out = Vec::new();
    for arg in args {
        let path = Path::new(arg);
        let expands = path.is_dir() || (is_glob(arg) && !path.exists());
        if !expands {
            out.push(Version {
                source: arg.clone(),
                input: Input::parse(arg, repo)?,
                commit: None,
            });
            continue;
        }
        let (mut found, none_found) = if path.is_dir() {
            let entries = std::fs::read_dir(path).map_err(|e| io(arg, &e))?;
            let files = entries
                .filter_map(|e| Some(e.ok()?.path()))
                .filter(|p| p.is_file() && has_spec_extension(p))
                .collect();
            (files, "the directory contains no .yaml, .yml or .json file")
        } else {
            (glob(arg), "the pattern matches no file")
        };
        if found.is_empty() {
            return Err(LoadError::new(LoadErrorKind::Io, arg.as_str(), none_found));
        }
        if found.len() > 1 {
            found.sort_by(|a, b| natural_cmp(&a.to_string_lossy(), &b.to_string_lossy()));
        }
        out.extend(found.drain(..).map(|p| Version {
            source: p.display().to_string(),
            input: Input::File(p),
            commit: None,
        }));
    }
    Ok(out)
}

/// The versions of `path` in the git repository containing `dir`: one per commit that
/// changed it (renames followed), oldest first. See [`file_log`] for `since` and `max`.
pub fn from_git(
    dir: &Path,
    path: &str,
    since: Option<&str>,
    max: Option<usize>,
) -> Result<Vec<Version>, LoadError> {
    let (top, commits) = file_log(dir, path, since, max)?;
    Ok(commits
        .into_iter()
        .map(|c| Version {
            source: format!("{}:{}", &c.commit[..c.commit.len().min(10)], c.path),
            input: Input::Git {
                repo: top.clone(),
                rev: c.commit.clone(),
                path: c.path.clone(),
            },
            commit: Some(c),
        })
        .collect())
}

fn io(arg: &str, e: &std::io::Error) -> LoadError {
    LoadError::new(LoadErrorKind::Io, arg, format!("cannot read: {e}"))
}

fn has_spec_extension(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| SPEC_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

fn is_glob(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

/// Files matching a glob whose wildcards may sit in any path component (no `**`).
fn glob(pattern: &str) -> Vec<PathBuf> {
    let absolute = pattern.starts_with('/');
    let mut current: Vec<PathBuf> = vec![if absolute {
        PathBuf::from("/")
    } else {
        PathBuf::new()
    }];
    let components: Vec<&str> = pattern.split('/').filter(|c| !c.is_empty()).collect();
    for (i, component) in components.iter().enumerate() {
        let last = i + 1 == components.len();
        let mut next = Vec::new();
        for base in &current {
            if !is_glob(component) {
                next.push(base.join(component));
                continue;
            }
            let dir = if base.as_os_str().is_empty() {
                Path::new(".")
            } else {
                base.as_path()
            };
            let Ok(entries) = std::fs::read_dir(dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let name = entry.file_name();
                let Some(name) = name.to_str() else { continue };
                // Like a shell: hidden files only when the pattern asks for them.
                if name.starts_with('.') && !component.starts_with('.') {
                    continue;
                }
                if wildcard_match(component, name) {
                    next.push(base.join(name));
                }
            }
        }
        current = next
            .into_iter()
            .filter(|p| if last { p.is_file() } else { p.is_dir() })
            .collect();
    }
    current
}

/// Shell wildcard matching of one name: `*`, `?`, `[abc]`, `[a-z]`, `[!x]`.
fn wildcard_match(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    // Iterative matching with backtracking to the last `*`.
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ni));
                pi += 1;
                continue;
            }
            Some('?') => {
                pi += 1;
                ni += 1;
                continue;
            }
            Some('[') => {
                if let Some(len) = class_match(&p[pi..], n[ni]) {
                    pi += len;
                    ni += 1;
                    continue;
                }
            }
            Some(c) if *c == n[ni] => {
                pi += 1;
                ni += 1;
                continue;
            }
            _ => {}
        }
        // No match here: let the last `*` swallow one more character, or fail.
        let Some((sp, sn)) = star else {
            return false;
        };
        pi = sp + 1;
        ni = sn + 1;
        star = Some((sp, sn + 1));
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// Whether the class at the start of `p` (`[...]`) matches `c`: `Some(class length)` or
/// `None`. An unclosed `[` matches itself.
fn class_match(p: &[char], c: char) -> Option<usize> {
    let Some(close) = p.iter().skip(2).position(|x| *x == ']').map(|i| i + 2) else {
        return (c == '[').then_some(1);
    };
    let body = &p[1..close];
    let (negated, body) = match body.first() {
        Some('!') | Some('^') => (true, &body[1..]),
        _ => (false, body),
    };
    let mut matched = false;
    let mut i = 0;
    while i < body.len() {
        if i + 2 < body.len() && body[i + 1] == '-' {
            matched |= (body[i]..=body[i + 2]).contains(&c);
            i += 3;
        } else {
            matched |= body[i] == c;
            i += 1;
        }
    }
    (matched != negated).then_some(close + 1)
}

/// Compares names with runs of digits compared as numbers: `v9.yaml` < `v10.yaml`,
/// `1.28` < `1.100`.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        match (a.first(), b.first()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let da = a.iter().take_while(|c| c.is_ascii_digit()).count();
                let db = b.iter().take_while(|c| c.is_ascii_digit()).count();
                let (na, nb) = (trim_zeros(&a[..da]), trim_zeros(&b[..db]));
                let ord = na.len().cmp(&nb.len()).then_with(|| na.cmp(nb));
                if ord != Ordering::Equal {
                    return ord;
                }
                a = &a[da..];
                b = &b[db..];
            }
            (Some(x), Some(y)) => {
                if x != y {
                    return x.cmp(y);
                }
                a = &a[1..];
                b = &b[1..];
            }
        }
    }
}

fn trim_zeros(digits: &[u8]) -> &[u8] {
    let start = digits.iter().take_while(|d| **d == b'0').count();
    &digits[start.min(digits.len().saturating_sub(1))..]
}

/// Orders `info.version` strings: as semantic versions when both read as one (a leading `v`
/// and missing minor/patch parts are accepted), else naturally.
pub fn version_cmp(a: &str, b: &str) -> Ordering {
    match (lenient_semver(a), lenient_semver(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        _ => natural_cmp(a, b),
    }
}

fn lenient_semver(s: &str) -> Option<semver::Version> {
    let s = s.trim().trim_start_matches(['v', 'V']);
    if let Ok(v) = semver::Version::parse(s) {
        return Some(v);
    }
    let (core, rest) = match s.find(['-', '+']) {
        Some(i) => s.split_at(i),
        None => (s, ""),
    };
    let parts: Vec<&str> = core.split('.').collect();
    if parts.is_empty() || parts.len() > 3 || parts.iter().any(|p| p.parse::<u64>().is_err()) {
        return None;
    }
    let mut full = parts.join(".");
    for _ in parts.len()..3 {
        full.push_str(".0");
    }
    semver::Version::parse(&format!("{full}{rest}")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order_compares_numbers_as_numbers() {
        let mut names = vec!["v10.yaml", "v9.yaml", "v1.yaml", "v09b.yaml", "a.yaml"];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            names,
            ["a.yaml", "v1.yaml", "v9.yaml", "v09b.yaml", "v10.yaml"]
        );
        assert_eq!(natural_cmp("k8s-1.28", "k8s-1.100"), Ordering::Less);
        assert_eq!(natural_cmp("x", "x"), Ordering::Equal);
    }

    #[test]
    fn versions_order_as_semver_when_they_can() {
        assert_eq!(version_cmp("1.10.0", "1.9.2"), Ordering::Greater);
        assert_eq!(version_cmp("v2", "1.99"), Ordering::Greater);
        assert_eq!(version_cmp("2.0.0-beta.1", "2.0.0"), Ordering::Less);
        assert_eq!(version_cmp("2024-06-20", "2024-10-01"), Ordering::Less);
        assert_eq!(version_cmp("1.41", "1.5"), Ordering::Greater);
    }

    #[test]
    fn wildcards_match_like_a_shell() {
        assert!(wildcard_match("*.yaml", "v1.yaml"));
        assert!(!wildcard_match("*.yaml", "v1.json"));
        assert!(wildcard_match("v?.y*l", "v1.yml"));
        assert!(wildcard_match("0[1-3]-*", "02-x.json"));
        assert!(!wildcard_match("0[!1-3]-*", "02-x.json"));
        assert!(wildcard_match("a*b*c", "aXbYbZc"));
        assert!(!wildcard_match("a*b*c", "aXbYbZ"));
        assert!(wildcard_match("[x", "[x"));
    }

    #[test]
    fn globs_and_directories_expand_in_natural_order() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["v10.yaml", "v9.yaml", "v2.json", "notes.txt"] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        let d = dir.path().display().to_string();
        let names = |vs: Vec<Version>| -> Vec<String> {
            vs.iter()
                .map(|v| v.source.rsplit('/').next().unwrap().to_string())
                .collect()
        };
        assert_eq!(
            names(from_paths(std::slice::from_ref(&d), None).unwrap()),
            ["v2.json", "v9.yaml", "v10.yaml"]
        );
        assert_eq!(
            names(from_paths(&[format!("{d}/v*.yaml")], None).unwrap()),
            ["v9.yaml", "v10.yaml"]
        );
        let err = from_paths(&[format!("{d}/z*.yaml")], None).unwrap_err();
        assert!(err.to_string().contains("matches no file"), "{err}");
    }
}
