//! `$ref` resolution: finding and loading referenced files (inside the allowed directory
//! only), and resolving a reference to its target value.

use super::error::{LoadError, LoadErrorKind};
use super::pointer::{percent_decode, unescape_segment};
use super::store::{Place, join_url};
use super::tree::{Json, View};
use super::{DocumentSet, parse_document};
use crate::model::{DocId, pointer_push};
use std::borrow::Cow;
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

/// A resolved reference: the document, the pointer inside it, and the value there.
#[derive(Debug, Clone)]
pub struct Target<'a> {
    pub doc: DocId,
    pub pointer: String,
    pub value: Json<'a>,
}

/// Why a `$ref`'s file cannot or may not be read, before it becomes a positioned error.
struct RefProblem {
    kind: LoadErrorKind,
    message: String,
    help: Option<String>,
    /// For a missing file, where it was looked for (to suggest a near name).
    missing: Option<PathBuf>,
}

impl RefProblem {
    fn new(kind: LoadErrorKind, message: String, help: &str) -> RefProblem {
        RefProblem {
            kind,
            message,
            help: Some(help.to_string()),
            missing: None,
        }
    }
}

/// A `$ref` string split into its file part and its fragment (a JSON pointer).
struct RefParts<'r> {
    file: &'r str,
    fragment: String,
}

fn split_ref(reference: &str) -> RefParts<'_> {
    match reference.split_once('#') {
        Some((file, fragment)) => RefParts {
            file,
            fragment: percent_decode(fragment),
        },
        None => RefParts {
            file: reference,
            fragment: String::new(),
        },
    }
}

fn is_remote(file: &str) -> bool {
    file.contains("://") || file.starts_with("//")
}

/// Every `$ref` string in a document that `keep` accepts, in document order, with the
/// pointer of the `$ref` member. Found without recursion (depth is never a problem here),
/// and pointers are only built for the `$ref`s kept, not for every node.
fn collect_refs<'t>(root: Json<'t>, keep: impl Fn(&str) -> bool) -> Vec<(String, &'t str)> {
    enum Seg<'v> {
        Key(&'v str),
        Index(usize),
    }
    // (parent, segment) per container visited; the root is entry 0.
    let mut path: Vec<(usize, Seg<'_>)> = vec![(0, Seg::Index(0))];
    let pointer_of = |path: &[(usize, Seg<'_>)], mut at: usize| {
        let mut segments = Vec::new();
        while at != 0 {
            segments.push(&path[at].1);
            at = path[at].0;
        }
        let mut pointer = String::new();
        for seg in segments.iter().rev() {
            pointer = match seg {
                Seg::Key(k) => pointer_push(&pointer, k),
                Seg::Index(i) => pointer_push(&pointer, &i.to_string()),
            };
        }
        pointer
    };
    let mut out = Vec::new();
    let mut stack: Vec<(usize, Json<'t>)> = vec![(0, root)];
    while let Some((at, value)) = stack.pop() {
        match value.view() {
            View::Object(map) => {
                if let Some(s) = map.get("$ref").and_then(Json::as_str)
                    && keep(s)
                {
                    out.push((pointer_push(&pointer_of(&path, at), "$ref"), s));
                }
                for (k, v) in map.iter().rev() {
                    if v.is_object() || v.is_array() {
                        path.push((at, Seg::Key(k)));
                        stack.push((path.len() - 1, v));
                    }
                }
            }
            View::Array(items) => {
                for (i, v) in items.iter().enumerate().rev() {
                    if v.is_object() || v.is_array() {
                        path.push((at, Seg::Index(i)));
                        stack.push((path.len() - 1, v));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Every `$ref` string of a document, in document order, with the pointer of its `$ref`
/// member (`/paths/~1pets/get/responses/200/$ref`).
pub fn refs_in(value: Json<'_>) -> Vec<(String, &str)> {
    collect_refs(value, |_| true)
}

/// Loads, breadth first, every file that a loaded document's `$ref`s name.
///
/// A `$ref` that cannot or may not be followed (a missing file, a file outside the allowed
/// directory, a URL, a relative file from standard input) does not fail the load: the file
/// is not read, and resolving that `$ref` gives the error (positioned, with suggestions).
/// Like a dangling pointer, it only matters when something needs the value, and a spec with
/// a broken `$ref` in a corner nobody reads (an extension) loads.
pub(super) fn load_referenced_documents(set: &mut DocumentSet) -> Result<(), LoadError> {
    let mut next = 0;
    while next < set.docs.len() {
        let doc = DocId(next as u32);
        let wanted: Vec<(String, String)> = {
            let mut seen = HashSet::new();
            // Only `$ref`s to other files: a big single-file spec has thousands of local ones.
            collect_refs(set.json(doc), |r| !split_ref(r).file.is_empty())
                .into_iter()
                .filter_map(|(pointer, reference)| {
                    let file = split_ref(reference).file;
                    (!file.is_empty() && seen.insert(file)).then(|| (pointer, file.to_string()))
                })
                .collect()
        };
        for (pointer, file) in wanted {
            // Not read; resolving this `$ref` reports it.
            let Ok(place) = set.check_file(doc, &file) else {
                continue;
            };
            let target = match set.doc_at(&place) {
                Some(target) => target,
                None => {
                    if set.docs.len() >= set.limits.max_documents {
                        return Err(set
                            .error_at(
                                LoadErrorKind::Limit,
                                doc,
                                &pointer,
                                format!(
                                    "the spec references more than {} files (max-documents)",
                                    set.limits.max_documents
                                ),
                            )
                            .with_help("raise it with --max-documents N"));
                    }
                    let name = set.display_name(&place);
                    let text = set.store.read(&place, &name, &set.limits, &set.http)?;
                    let loaded = parse_document(name, Some(place), text, &set.limits)?;
                    set.push(loaded)
                }
            };
            set.file_refs.insert((doc, file), target);
        }
        next += 1;
    }
    Ok(())
}

impl DocumentSet {
    /// Referenced files are named relative to the allowed root, which is what people see in
    /// their repository.
    fn display_name(&self, place: &Place) -> String {
        let path = match place {
            Place::Url(url) => return super::store::display_url(url),
            Place::Path(path) => path,
        };
        match self
            .ref_root
            .as_ref()
            .and_then(|r| path.strip_prefix(r).ok())
        {
            Some(rel) => rel.display().to_string(),
            None => self.store.show(path),
        }
    }

    /// The canonical path of the file a `$ref` (at `pointer` in `from`) names, after the
    /// safety checks, or the error to report.
    fn file_place(&self, from: DocId, pointer: &str, file: &str) -> Result<Place, LoadError> {
        self.check_file(from, file).map_err(|problem| {
            let mut err = self.error_at(problem.kind, from, pointer, problem.message);
            err.help = match problem.missing {
                Some(missing) => self
                    .ref_root
                    .as_deref()
                    .and_then(|root| self.suggest_file(&missing, root))
                    .map(|s| format!("did you mean `{s}`?")),
                None => problem.help,
            };
            err
        })
    }

    /// [`DocumentSet::file_path`] without building an error: no position is looked up and no
    /// directory listed, which loading (that skips such `$ref`s) does not need.
    ///
    /// The checks: no URLs, nothing outside the root (checked on the path as written before
    /// the file system is touched, and again after symlinks are resolved).
    fn check_file(&self, from: DocId, file: &str) -> Result<Place, RefProblem> {
        let from_url = match &self.document(from).place {
            Some(Place::Url(base)) => Some(base.as_str()),
            _ => None,
        };
        if is_remote(file) || from_url.is_some() {
            let url = from_url.map_or_else(|| file.to_string(), |base| join_url(base, file));
            let http = url.starts_with("http://") || url.starts_with("https://");
            return if self.allow_remote_refs && http {
                Ok(Place::Url(url))
            } else if self.allow_remote_refs {
                Err(RefProblem::new(
                    LoadErrorKind::RemoteRef,
                    format!(
                        "remote $ref `{file}` refused: only http:// and https:// URLs are fetched"
                    ),
                    "vendor the referenced file next to the spec and reference it by a relative path",
                ))
            } else {
                Err(RefProblem::new(
                    LoadErrorKind::RemoteRef,
                    format!(
                        "remote $ref `{file}` refused: apidelta does not fetch URLs a spec references unless told to ({url})"
                    ),
                    "pass --allow-remote-refs to fetch it, or vendor the file next to the spec and reference it by a relative path",
                ))
            };
        }
        let Some(root) = &self.ref_root else {
            return Err(RefProblem::new(
                LoadErrorKind::UnresolvedRef,
                format!(
                    "$ref `{file}` is relative, and a spec read from standard input has no directory"
                ),
                "pass --ref-root DIR to say where referenced files live",
            ));
        };
        let outside = |how: &str| {
            RefProblem::new(
                LoadErrorKind::RefOutsideRoot,
                format!(
                    "$ref `{file}` {how} the directory the spec may read from, {}",
                    root.display()
                ),
                "a spec may only reference files under its own directory; widen that with --ref-root DIR",
            )
        };
        let base_dir = match &self.document(from).place {
            Some(Place::Path(p)) => p
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| root.clone()),
            // URL documents were handled above.
            _ => root.clone(),
        };
        let joined = match lexical_join(&base_dir, &percent_decode(file)) {
            Some(joined) if joined.starts_with(root) => joined,
            _ => return Err(outside("leaves")),
        };
        match self.store.canonicalize(&joined) {
            Ok(canonical) if canonical.starts_with(root) => Ok(Place::Path(canonical)),
            Ok(_) => Err(outside("is a symbolic link that leaves")),
            Err(e) => {
                let message = if e.kind() == std::io::ErrorKind::NotFound {
                    format!("$ref `{file}` names a file that does not exist")
                } else {
                    format!("$ref `{file}` names a file that cannot be read: {e}")
                };
                Err(RefProblem {
                    kind: LoadErrorKind::UnresolvedRef,
                    message,
                    help: None,
                    missing: Some(joined),
                })
            }
        }
    }

    /// Resolves one reference found at `from_pointer` in document `from`.
    pub fn resolve(
        &self,
        from: DocId,
        from_pointer: &str,
        reference: &str,
    ) -> Result<Target<'_>, LoadError> {
        let parts = split_ref(reference);
        let doc = if parts.file.is_empty() {
            from
        } else if let Some(doc) = self.file_refs.get(&(from, parts.file.to_string())) {
            *doc
        } else {
            let place = self.file_place(from, from_pointer, parts.file)?;
            self.doc_at(&place).ok_or_else(|| {
                self.error_at(
                    LoadErrorKind::UnresolvedRef,
                    from,
                    from_pointer,
                    format!("$ref `{reference}` names a file that was not loaded"),
                )
            })?
        };
        let pointer = parts.fragment;
        match self.json(doc).pointer(&pointer) {
            Some(value) => Ok(Target {
                doc,
                pointer,
                value,
            }),
            None if !pointer.starts_with('/') => Err(self
                .error_at(
                    LoadErrorKind::UnresolvedRef,
                    from,
                    from_pointer,
                    format!("$ref `{reference}` does not resolve: its fragment `{pointer}` is not a JSON pointer"),
                )
                .with_help("a fragment names a value by its path, such as `#/components/schemas/Pet`")),
            None => {
                let mut err = self.error_at(
                    LoadErrorKind::UnresolvedRef,
                    from,
                    from_pointer,
                    format!("$ref `{reference}` does not resolve: nothing at `{pointer}`"),
                );
                if let Some(s) = suggest_pointer(self.json(doc), &pointer) {
                    err = err.with_help(format!("did you mean `{}#{s}`?", parts.file));
                }
                Err(err)
            }
        }
    }

    /// Follows `$ref` to `$ref` until a value that is not a pure reference, bounded by
    /// `max_ref_chain` and refusing cycles.
    pub fn deref<'a>(
        &'a self,
        doc: DocId,
        pointer: &str,
        value: Json<'a>,
    ) -> Result<(DocId, String, Json<'a>), LoadError> {
        let mut current = (doc, pointer.to_string(), value);
        let mut seen: Vec<(DocId, String)> = Vec::new();
        while let Some(reference) = ref_of(current.2) {
            if seen.len() >= self.limits.max_ref_chain {
                return Err(self
                    .error_at(
                        LoadErrorKind::Limit,
                        doc,
                        pointer,
                        format!(
                            "a chain of more than {} $refs (max-ref-chain)",
                            self.limits.max_ref_chain
                        ),
                    )
                    .with_help("raise it with --max-ref-chain N"));
            }
            seen.push((current.0, current.1.clone()));
            let ref_pointer = pointer_push(&current.1, "$ref");
            let target = self.resolve(current.0, &ref_pointer, reference)?;
            if let Some(start) = seen
                .iter()
                .position(|(d, p)| *d == target.doc && *p == target.pointer)
            {
                let cycle: Vec<String> = seen[start..]
                    .iter()
                    .chain(std::iter::once(&seen[start]))
                    .map(|(d, p)| self.show_ref_target(*d, p))
                    .collect();
                return Err(self
                    .error_at(
                        LoadErrorKind::UnresolvedRef,
                        doc,
                        pointer,
                        format!(
                            "$ref `{reference}` is part of a cycle of references that never reaches a value: {}",
                            cycle.join(" -> ")
                        ),
                    )
                    .with_help("one of the references in the cycle should point at a definition instead"));
            }
            current = (target.doc, target.pointer, target.value);
        }
        Ok(current)
    }

    /// `#/a/b` for the root document, `file.yaml#/a/b` for others.
    fn show_ref_target(&self, doc: DocId, pointer: &str) -> String {
        if doc == self.root() {
            format!("#{pointer}")
        } else {
            format!("{}#{pointer}", self.name(doc))
        }
    }
}

/// The reference of a value that is an object with a string `$ref`.
pub fn ref_of(value: Json<'_>) -> Option<&str> {
    value.get("$ref")?.as_str()
}

/// The pointer a typo'd one was probably meant to be: each segment that names nothing is
/// replaced by the nearest key (at most two of them), and the result must resolve.
fn suggest_pointer(root: Json<'_>, pointer: &str) -> Option<String> {
    let rest = pointer.strip_prefix('/')?;
    let mut current = root;
    let mut fixed = String::new();
    let mut fixes = 0;
    for raw in rest.split('/') {
        let segment = unescape_segment(raw);
        let (next, used): (Json<'_>, Cow<'_, str>) = match current.view() {
            View::Object(map) => match map.get_key_value(&segment) {
                Some((k, v)) => (v, Cow::Borrowed(k)),
                None => {
                    fixes += 1;
                    if fixes > 2 {
                        return None;
                    }
                    let k = nearest(&segment, map.keys())?;
                    (map.get(k)?, Cow::Borrowed(k))
                }
            },
            View::Array(items) => (
                items.get(segment.parse::<usize>().ok()?)?,
                Cow::Owned(segment),
            ),
            _ => return None,
        };
        fixed = pointer_push(&fixed, &used);
        current = next;
    }
    (fixes > 0).then_some(fixed)
}

impl DocumentSet {
    /// A near file name in the directory a missing file was looked for in, when that
    /// directory is inside the root (names outside it are nobody's business).
    fn suggest_file(&self, path: &Path, root: &Path) -> Option<String> {
        let dir = match &self.store {
            super::store::Store::Disk => path.parent()?.canonicalize().ok()?,
            super::store::Store::Git(_) => path.parent()?.to_path_buf(),
        };
        if !dir.starts_with(root) {
            return None;
        }
        let want = path.file_name()?.to_str()?;
        let entries = self.store.list(&dir);
        let found = nearest(want, entries.iter().map(String::as_str))?;
        // Shown relative to the root, like the names of loaded files.
        let shown = dir.join(found);
        Some(
            shown
                .strip_prefix(root)
                .unwrap_or(&shown)
                .display()
                .to_string(),
        )
    }
}

/// `base` joined with `relative`, with `.` and `..` resolved on the path as written (no
/// file system access). `None` when `..` climbs above the file system root.
pub(super) fn lexical_join(base: &Path, relative: &str) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in base.join(relative).components() {
        match component {
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    Some(out)
}

/// The candidate closest to `want` by edit distance, when close enough to be a typo.
pub(super) fn nearest<'k>(
    want: &str,
    candidates: impl Iterator<Item = &'k str>,
) -> Option<&'k str> {
    let limit = (want.chars().count() / 3).max(2);
    candidates
        .map(|c| (edit_distance(want, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(row[j]).min(row[j + 1])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_finds_typos() {
        let keys = ["Pet", "Pets", "Owner"];
        assert_eq!(nearest("Pett", keys.iter().copied()), Some("Pet"));
        assert_eq!(nearest("Completely", keys.iter().copied()), None);
    }
}
