//! `$ref` resolution: finding and loading referenced files (inside the allowed directory
//! only), and resolving a reference to its target value.

use super::error::{LoadError, LoadErrorKind};
use super::pointer::{percent_decode, pointer_get, unescape_segment};
use super::{parse_document, read_file, DocumentSet, Syntax};
use crate::model::{pointer_push, DocId};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A resolved reference: the document, the pointer inside it, and the value there.
#[derive(Debug, Clone)]
pub struct Target<'a> {
    pub doc: DocId,
    pub pointer: String,
    pub value: &'a Value,
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

/// Every `$ref` string in a document with the pointer of the `$ref` member, found without
/// recursion so depth is never a problem here.
fn collect_refs(root: &Value) -> Vec<(String, &str)> {
    let mut out = Vec::new();
    let mut stack: Vec<(String, &Value)> = vec![(String::new(), root)];
    while let Some((pointer, value)) = stack.pop() {
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    if k == "$ref" {
                        if let Value::String(s) = v {
                            out.push((pointer_push(&pointer, k), s.as_str()));
                            continue;
                        }
                    }
                    if matches!(v, Value::Object(_) | Value::Array(_)) {
                        stack.push((pointer_push(&pointer, k), v));
                    }
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    if matches!(v, Value::Object(_) | Value::Array(_)) {
                        stack.push((pointer_push(&pointer, &i.to_string()), v));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Loads, breadth first, every file that a loaded document's `$ref`s name.
pub(super) fn load_referenced_documents(set: &mut DocumentSet) -> Result<(), LoadError> {
    let mut next = 0;
    while next < set.docs.len() {
        let doc = DocId(next as u32);
        let wanted: Vec<(String, PathBuf)> = {
            let mut wanted = Vec::new();
            for (pointer, reference) in collect_refs(set.value(doc)) {
                let parts = split_ref(reference);
                if parts.file.is_empty() {
                    continue;
                }
                let path = set.file_path(doc, &pointer, parts.file)?;
                wanted.push((pointer, path));
            }
            wanted
        };
        for (pointer, path) in wanted {
            if set.doc_by_path(&path).is_some() {
                continue;
            }
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
            let name = set.display_name(&path);
            let text = read_file(&path, &name, &set.limits)?;
            let loaded = parse_document(name, Some(path), text, &set.limits)?;
            set.docs.push(loaded);
        }
        next += 1;
    }
    Ok(())
}

impl DocumentSet {
    fn doc_by_path(&self, path: &Path) -> Option<DocId> {
        self.docs
            .iter()
            .position(|d| d.path.as_deref() == Some(path))
            .map(|i| DocId(i as u32))
    }

    /// Referenced files are named relative to the allowed root, which is what people see in
    /// their repository.
    fn display_name(&self, path: &Path) -> String {
        match self.ref_root.as_ref().and_then(|r| path.strip_prefix(r).ok()) {
            Some(rel) => rel.display().to_string(),
            None => path.display().to_string(),
        }
    }

    /// The canonical path of the file a `$ref` in `from` names, after the safety checks.
    fn file_path(&self, from: DocId, pointer: &str, file: &str) -> Result<PathBuf, LoadError> {
        if is_remote(file) {
            return Err(self
                .error_at(
                    LoadErrorKind::RemoteRef,
                    from,
                    pointer,
                    format!("remote $ref `{file}` refused: apidelta does not fetch URLs a spec references"),
                )
                .with_help("vendor the referenced file next to the spec and reference it by a relative path"));
        }
        let Some(root) = &self.ref_root else {
            return Err(self
                .error_at(
                    LoadErrorKind::UnresolvedRef,
                    from,
                    pointer,
                    format!("$ref `{file}` is relative, and a spec read from standard input has no directory"),
                )
                .with_help("pass --ref-root DIR to say where referenced files live"));
        };
        let base_dir = match &self.document(from).path {
            Some(p) => p.parent().map(Path::to_path_buf).unwrap_or_else(|| root.clone()),
            None => root.clone(),
        };
        let decoded = percent_decode(file);
        let joined = base_dir.join(&decoded);
        let canonical = match joined.canonicalize() {
            Ok(c) => c,
            Err(_) => {
                let mut err = self.error_at(
                    LoadErrorKind::UnresolvedRef,
                    from,
                    pointer,
                    format!("$ref `{file}` names a file that does not exist"),
                );
                if let Some(s) = suggest_file(&joined) {
                    err = err.with_help(format!("did you mean `{s}`?"));
                }
                return Err(err);
            }
        };
        if !canonical.starts_with(root) {
            return Err(self
                .error_at(
                    LoadErrorKind::RefOutsideRoot,
                    from,
                    pointer,
                    format!(
                        "$ref `{file}` leaves the spec's directory {}",
                        root.display()
                    ),
                )
                .with_help("a spec may only reference files under its own directory; widen that with --ref-root DIR"));
        }
        Ok(canonical)
    }

    /// Resolves one reference found at `from_pointer` in document `from`.
    pub fn resolve(&self, from: DocId, from_pointer: &str, reference: &str) -> Result<Target<'_>, LoadError> {
        let parts = split_ref(reference);
        let doc = if parts.file.is_empty() {
            from
        } else {
            let path = self.file_path(from, from_pointer, parts.file)?;
            self.doc_by_path(&path).ok_or_else(|| {
                self.error_at(
                    LoadErrorKind::UnresolvedRef,
                    from,
                    from_pointer,
                    format!("$ref `{reference}` names a file that was not loaded"),
                )
            })?
        };
        let pointer = parts.fragment;
        match pointer_get(self.value(doc), &pointer) {
            Some(value) => Ok(Target {
                doc,
                pointer,
                value,
            }),
            None => {
                let mut err = self.error_at(
                    LoadErrorKind::UnresolvedRef,
                    from,
                    from_pointer,
                    format!("$ref `{reference}` does not resolve: nothing at `{pointer}`"),
                );
                if let Some(s) = suggest_pointer(self.value(doc), &pointer) {
                    err = err.with_help(format!("did you mean `{}#{s}`?", parts.file));
                }
                Err(err)
            }
        }
    }

    /// Follows `$ref` to `$ref` until a value that is not a pure reference, bounded by
    /// `max_ref_chain` and refusing cycles.
    pub fn deref<'a>(&'a self, doc: DocId, pointer: &str, value: &'a Value) -> Result<(DocId, String, &'a Value), LoadError> {
        let mut current = (doc, pointer.to_string(), value);
        let mut seen: Vec<(DocId, String)> = Vec::new();
        while let Some(reference) = ref_of(current.2) {
            if seen.len() >= self.limits.max_ref_chain {
                return Err(self
                    .error_at(
                        LoadErrorKind::Limit,
                        doc,
                        pointer,
                        format!("a chain of more than {} $refs (max-ref-chain)", self.limits.max_ref_chain),
                    )
                    .with_help("raise it with --max-ref-chain N"));
            }
            seen.push((current.0, current.1.clone()));
            let ref_pointer = pointer_push(&current.1, "$ref");
            let target = self.resolve(current.0, &ref_pointer, reference)?;
            if seen.iter().any(|(d, p)| *d == target.doc && *p == target.pointer) {
                return Err(self.error_at(
                    LoadErrorKind::UnresolvedRef,
                    doc,
                    pointer,
                    format!("$ref `{reference}` is part of a cycle of references that never reaches a value"),
                ));
            }
            current = (target.doc, target.pointer, target.value);
        }
        Ok(current)
    }
}

/// The reference of a value that is an object with a string `$ref`.
pub fn ref_of(value: &Value) -> Option<&str> {
    value.as_object()?.get("$ref")?.as_str()
}

/// A near key for the last segment of a pointer that does not resolve.
fn suggest_pointer(root: &Value, pointer: &str) -> Option<String> {
    let (parent, last) = pointer.rsplit_once('/')?;
    let parent_value = pointer_get(root, parent)?;
    let want = unescape_segment(last);
    let keys = parent_value.as_object()?.keys().map(String::as_str);
    nearest(&want, keys).map(|k| pointer_push(parent, k))
}

fn suggest_file(path: &Path) -> Option<String> {
    let dir = path.parent()?;
    let want = path.file_name()?.to_str()?;
    let entries: Vec<String> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    nearest(want, entries.iter().map(String::as_str)).map(str::to_string)
}

/// The candidate closest to `want` by edit distance, when close enough to be a typo.
fn nearest<'k>(want: &str, candidates: impl Iterator<Item = &'k str>) -> Option<&'k str> {
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

/// Position of the value at `pointer` in a document's text. Computed on demand: only errors
/// and the formats that show positions ask for it.
pub(super) fn locate(text: &str, syntax: Syntax, pointer: &str) -> Option<(usize, usize)> {
    super::position::locate(text, syntax, pointer)
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
