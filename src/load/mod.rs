//! Loading: read a spec and every file its `$ref`s reach into a [`DocumentSet`] of parsed
//! JSON trees, with the source text kept for positions.
//!
//! External files are found by scanning each loaded document's `$ref`s and loaded up front,
//! so the set is immutable afterwards and later stages can borrow from it freely. A `$ref`
//! may only read files inside the root document's directory (or `--ref-root`), and never a
//! URL: partner specs are untrusted input.

mod error;
mod parse;
mod pointer;
mod position;
mod refs;

pub use error::{LoadError, LoadErrorKind};
pub use parse::{detect_syntax, line_col, Syntax};
pub use pointer::{pointer_get, unescape_segment};
pub use refs::Target;

use crate::model::DocId;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Safety limits; each error that hits one names it and the flag that raises it.
#[derive(Debug, Clone)]
pub struct Limits {
    pub max_file_bytes: usize,
    pub max_depth: usize,
    pub max_aliases: usize,
    /// Events replayed through aliases, summed over the document (alias bombs).
    pub max_alias_events: usize,
    pub max_ref_chain: usize,
    pub max_documents: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 64 * 1024 * 1024,
            max_depth: 256,
            max_aliases: 10_000,
            max_alias_events: 1_000_000,
            max_ref_chain: 64,
            max_documents: 2_000,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    pub limits: Limits,
    /// The directory file `$ref`s may read from; defaults to the root document's directory.
    pub ref_root: Option<PathBuf>,
}

/// Where a root document comes from.
#[derive(Debug, Clone)]
pub enum Input {
    File(PathBuf),
    /// Already-read text, with the name to show in messages (stdin is `-`).
    Text { name: String, text: String },
}

impl Input {
    /// `-` is stdin; anything else is a file path.
    pub fn from_arg(arg: &str) -> Result<Input, LoadError> {
        if arg == "-" {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).map_err(|e| {
                LoadError::new(LoadErrorKind::Io, "-", format!("cannot read standard input: {e}"))
            })?;
            Ok(Input::Text {
                name: "-".into(),
                text,
            })
        } else {
            Ok(Input::File(PathBuf::from(arg)))
        }
    }

    pub fn name(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::Text { name, .. } => name.clone(),
        }
    }
}

/// One parsed document.
#[derive(Debug)]
pub struct Document {
    /// The name shown to people: the path as given for the root, and relative to the root's
    /// directory for referenced files.
    pub name: String,
    /// Canonical path, for files.
    pub path: Option<PathBuf>,
    pub text: String,
    pub syntax: Syntax,
    pub value: Value,
}

/// The root document and every document its `$ref`s reach.
#[derive(Debug)]
pub struct DocumentSet {
    docs: Vec<Document>,
    /// Canonical directory `$ref`s may read from (none for stdin without `--ref-root`).
    ref_root: Option<PathBuf>,
    limits: Limits,
}

/// Loads `input` and every file reachable through its `$ref`s.
pub fn load(input: &Input, options: &LoadOptions) -> Result<DocumentSet, LoadError> {
    let (root_doc, default_root) = match input {
        Input::File(path) => {
            let text = read_file(path, &path.display().to_string(), &options.limits)?;
            let canonical = path.canonicalize().map_err(|e| io_error(path, e))?;
            let dir = canonical.parent().map(Path::to_path_buf);
            let doc = parse_document(path.display().to_string(), Some(canonical), text, &options.limits)?;
            (doc, dir)
        }
        Input::Text { name, text } => {
            let doc = parse_document(name.clone(), None, text.clone(), &options.limits)?;
            (doc, None)
        }
    };
    let ref_root = match &options.ref_root {
        Some(dir) => Some(dir.canonicalize().map_err(|e| io_error(dir, e))?),
        None => default_root,
    };
    let mut set = DocumentSet {
        docs: vec![root_doc],
        ref_root,
        limits: options.limits.clone(),
    };
    refs::load_referenced_documents(&mut set)?;
    Ok(set)
}

fn io_error(path: &Path, e: std::io::Error) -> LoadError {
    LoadError::new(
        LoadErrorKind::Io,
        path.display().to_string(),
        format!("cannot read the file: {e}"),
    )
}

fn read_file(path: &Path, name: &str, limits: &Limits) -> Result<String, LoadError> {
    let meta = std::fs::metadata(path).map_err(|e| io_error(path, e))?;
    if meta.len() > limits.max_file_bytes as u64 {
        return Err(LoadError::new(
            LoadErrorKind::Limit,
            name,
            format!(
                "the file is {} bytes, over the limit of {} bytes (max-file-size)",
                meta.len(),
                limits.max_file_bytes
            ),
        )
        .with_help("raise it with --max-file-size BYTES"));
    }
    let bytes = std::fs::read(path).map_err(|e| io_error(path, e))?;
    String::from_utf8(bytes).map_err(|e| {
        LoadError::new(
            LoadErrorKind::Syntax,
            name,
            format!("the file is not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to()),
        )
    })
}

fn parse_document(
    name: String,
    path: Option<PathBuf>,
    text: String,
    limits: &Limits,
) -> Result<Document, LoadError> {
    let (value, syntax) = parse::parse_text(&text, &name, limits)?;
    Ok(Document {
        name,
        path,
        text,
        syntax,
        value,
    })
}

impl DocumentSet {
    pub fn root(&self) -> DocId {
        DocId(0)
    }

    pub fn document(&self, doc: DocId) -> &Document {
        &self.docs[doc.0 as usize]
    }

    pub fn value(&self, doc: DocId) -> &Value {
        &self.document(doc).value
    }

    pub fn name(&self, doc: DocId) -> &str {
        &self.document(doc).name
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// 1-based line and column of the value at `pointer`, when it can be found.
    pub fn position(&self, doc: DocId, pointer: &str) -> Option<(usize, usize)> {
        let d = self.document(doc);
        refs::locate(&d.text, d.syntax, pointer)
    }

    /// An error about the value at `pointer`, positioned when the position is known.
    pub fn error_at(&self, kind: LoadErrorKind, doc: DocId, pointer: &str, message: impl Into<String>) -> LoadError {
        let d = self.document(doc);
        let err = LoadError::new(kind, d.name.clone(), message);
        match self.position(doc, pointer) {
            Some((line, col)) => err.at(Some(&d.text), line, col),
            None => err,
        }
    }
}
