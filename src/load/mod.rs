//! Loading: read a spec and every file its `$ref`s reach into a [`DocumentSet`] of parsed
//! trees (compact, see [`tree`]); the source text is kept, or read again, for positions.
//!
//! A spec is read from a file, standard input, a git revision (`REV:path`, see [`git`]) or
//! a URL (see [`http`]); the files its `$ref`s name come from the same place ([`Place`],
//! `store`), so a spec in a revision never reads the working tree.
//!
//! External files are found by scanning each loaded document's `$ref`s and loaded up front,
//! so the set is immutable afterwards and later stages can borrow from it freely. A `$ref`
//! may only read files inside the root document's directory (or `--ref-root`), and never a
//! URL unless `allow_remote_refs` says so: partner specs are untrusted input. A `$ref` that
//! cannot or may not be followed does not fail the load (its file is not read); resolving
//! it gives the error, positioned at the `$ref`, like any dangling reference.
//!
//! Decisions worth knowing (see the submodules for details):
//! - YAML is read with YAML 1.2 scalars, plus YAML 1.1 booleans where OpenAPI wants a
//!   boolean (`deprecated: yes`); `enum: [NO, Y]` stays strings. Keys are strings as
//!   written (`200:` is "200"); anchors, aliases and merge keys are expanded; duplicate keys
//!   are errors (also in JSON, which serde_json would otherwise accept).
//! - Text that starts like JSON but is not, and is not named `*.json`, is read as YAML.
//! - Every limit error names the limit and its flag; parsing runs on a thread whose stack
//!   fits `max_depth`, so no input overflows the stack.
//! - Positions (`DocumentSet::position`) come from an index built per document on first
//!   use; see [`PositionIndex`].

// A `LoadError` (file, position, message, source line, help) is returned by value on purpose;
// errors are rare and carry what a person needs to fix the file.
#![allow(clippy::result_large_err)]

mod error;
pub mod git;
pub mod http;
mod parse;
mod pointer;
mod position;
mod refs;
mod store;
pub mod tree;

pub use error::{LoadError, LoadErrorKind};
pub use parse::{Syntax, detect_syntax, line_col, parse_text};
pub use pointer::{percent_decode, unescape_segment};
pub use position::{PositionIndex, locate, locate_many};
use refs::lexical_join;
pub use refs::{Target, ref_of, refs_in};
pub use store::{Place, display_url, join_url};
pub use tree::{Json, Tree};

use crate::model::DocId;
use foldhash::{HashMap, HashMapExt};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock, PoisonError};

/// Safety limits; each error that hits one names it and the flag that raises it (the
/// flag is the field name with dashes: `--max-file-size` for `max_file_bytes`, the others
/// `--max-depth`, `--max-aliases`, `--max-alias-events`, `--max-ref-chain`,
/// `--max-documents`, `--max-callback-operations`).
#[derive(Debug, Clone)]
pub struct Limits {
    /// Bytes per file.
    pub max_file_bytes: usize,
    /// Nesting of objects and arrays (YAML: mappings and sequences). Values above
    /// [`MAX_DEPTH_CEILING`] are treated as that ceiling: deeper trees would overflow the
    /// stack of the recursive stages.
    pub max_depth: usize,
    /// YAML alias uses (`*name`) per file; also bounds anchors and merge keys.
    pub max_aliases: usize,
    /// Nodes produced by expanding YAML aliases, summed over a file: the alias-bomb
    /// ("billion laughs") guard. Real specs use a few hundred at most.
    pub max_alias_events: usize,
    /// `$ref`s followed from one value before reaching a value that is not a `$ref`.
    pub max_ref_chain: usize,
    /// Files loaded, the root included.
    pub max_documents: usize,
    /// Operations read inside callbacks, summed over a spec. Callbacks that `$ref` path items
    /// with callbacks of their own multiply: a few kilobytes can describe millions of
    /// operations (a "billion laughs" of callbacks). Real specs have a few dozen.
    pub max_callback_operations: usize,
}

/// The nesting depth no `--max-depth` can raise past.
pub const MAX_DEPTH_CEILING: usize = 1_024;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 64 * 1024 * 1024,
            max_depth: 256,
            max_aliases: 10_000,
            max_alias_events: 100_000,
            max_ref_chain: 64,
            max_documents: 2_000,
            max_callback_operations: 10_000,
        }
    }
}

impl Limits {
    /// The depth limit in force ([`Limits::max_depth`], at most [`MAX_DEPTH_CEILING`]).
    pub fn effective_max_depth(&self) -> usize {
        self.max_depth.min(MAX_DEPTH_CEILING)
    }
}

#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    pub limits: Limits,
    /// The directory file `$ref`s may read from; defaults to the root document's directory.
    pub ref_root: Option<PathBuf>,
    /// Kept for callers that set it alongside the normalizer's option of the same name;
    /// loading does not depend on it. A `$ref` that cannot or may not be followed (missing
    /// file, outside the allowed directory, remote) never fails the load and its file is
    /// never read: like a dangling pointer, it is an error when something resolves it, which
    /// the normalizer's `allow_unresolved_refs` turns into a warning.
    pub allow_unresolved_refs: bool,
    /// Fetch `$ref`s to URLs (and relative `$ref`s of a spec read from a URL); off by default:
    /// a partner spec must not make apidelta fetch arbitrary URLs.
    pub allow_remote_refs: bool,
    /// Timeouts and redirects of URL inputs (the size limit is `limits.max_file_bytes`).
    pub http: http::HttpOptions,
}

/// Where a root document comes from.
#[derive(Debug, Clone)]
pub enum Input {
    File(PathBuf),
    /// Already-read text, with the name to show in messages (stdin is `-`).
    Text {
        name: String,
        text: String,
    },
    /// `REV:path` in the git repository containing `repo`. As in git, `path` is relative to
    /// the repository's top level unless it starts with `./` or `../`.
    Git {
        repo: PathBuf,
        rev: String,
        path: String,
    },
    /// An `http://` or `https://` URL.
    Url(String),
}

impl Input {
    /// `-` is stdin; anything else is a file path. See [`Input::parse`] for the other forms.
    pub fn from_arg(arg: &str) -> Result<Input, LoadError> {
        Input::parse(arg, None)
    }

    /// An input argument: `-` (stdin), an `http(s)://` URL, an existing file, or else
    /// `REV:path` read from git (in `repo`, default the current directory). A file that
    /// exists wins over the git reading of a name with a colon.
    pub fn parse(arg: &str, repo: Option<&Path>) -> Result<Input, LoadError> {
        if let Some((scheme, _)) = arg.split_once("://") {
            return match scheme.to_ascii_lowercase().as_str() {
                "http" | "https" => Ok(Input::Url(arg.to_string())),
                _ => Err(LoadError::new(
                    LoadErrorKind::Io,
                    arg,
                    format!(
                        "unsupported URL scheme `{scheme}`: apidelta reads http:// and https:// URLs"
                    ),
                )),
            };
        }
        let git_form = arg.split_once(':').filter(|(rev, _)| !rev.is_empty());
        if let Some((rev, path)) = git_form.filter(|_| arg != "-" && !Path::new(arg).exists()) {
            return Ok(Input::Git {
                repo: repo.unwrap_or(Path::new(".")).to_path_buf(),
                rev: rev.to_string(),
                path: path.to_string(),
            });
        }
        if arg == "-" {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).map_err(|e| {
                LoadError::new(
                    LoadErrorKind::Io,
                    "-",
                    format!("cannot read standard input: {e}"),
                )
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
            Input::Git { rev, path, .. } => format!("{rev}:{path}"),
            Input::Url(url) => display_url(url),
        }
    }
}

/// One parsed document.
#[derive(Debug)]
pub struct Document {
    /// The name shown to people: the path as given for the root, and relative to the root's
    /// directory for referenced files.
    pub name: String,
    /// Where it was read from (none for standard input).
    pub place: Option<Place>,
    pub syntax: Syntax,
    /// The parsed text; empty once the model is built (see [`DocumentSet::release_trees`]).
    pub tree: Tree,
    /// The source text, read through [`DocumentSet::text`]. After parsing, only positions
    /// and error snippets need it, and most runs ask for few or none: a text that can be
    /// read again from its place is dropped once the tree does not borrow from it (see
    /// [`DocumentSet::release_texts`]) and read again on first use. Inside, `None` means it
    /// was read again but is no longer the text that was parsed.
    text: OnceLock<Option<String>>,
    /// Length and hash of the text as parsed, kept when the text is dropped.
    fingerprint: Option<(usize, u64)>,
}

impl Document {
    /// The root value of the parsed text.
    pub fn json(&self) -> Json<'_> {
        // A tree that borrows from its text keeps it (`release_texts`); any other tree reads
        // nothing from the text it is given.
        let text = self.text.get().and_then(|t| t.as_deref()).unwrap_or("");
        self.tree.root(text)
    }
}

/// Length and hash of a text, to tell whether a file read again still holds it.
///
/// A multiply-rotate hash over four independent 8-byte lanes: three times as fast as std's
/// SipHash on a 4 MB text, and it runs twice per released text. It only has to notice an
/// edit, not resist a crafted collision: whoever can rewrite the file can make the
/// positions wrong anyway.
fn fingerprint(text: &str) -> (usize, u64) {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes = text.as_bytes();
    let mut lanes = [1u64, 2, 3, 4];
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        for (lane, word) in lanes.iter_mut().zip(block.chunks_exact(8)) {
            let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
            *lane = (*lane ^ word).wrapping_mul(K).rotate_left(31);
        }
    }
    let mut hash = bytes.len() as u64;
    for &byte in blocks.remainder() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(K);
    }
    for lane in lanes {
        hash = (hash ^ lane).wrapping_mul(K).rotate_left(29);
    }
    (bytes.len(), hash)
}

/// The first position `find` gives for `pointer` or one of its parents, nearest first.
fn nearest(
    mut pointer: &str,
    mut find: impl FnMut(&str) -> Option<(usize, usize)>,
) -> Option<(usize, usize)> {
    loop {
        if let Some(found) = find(pointer) {
            return Some(found);
        }
        if pointer.is_empty() {
            return None;
        }
        pointer = pointer.rsplit_once('/').map_or("", |(parent, _)| parent);
    }
}

/// Positions by document and pointer (see [`DocumentSet::locate_all`]).
type Located = HashMap<DocId, HashMap<Box<str>, Option<(usize, usize)>>>;

/// The root document and every document its `$ref`s reach.
#[derive(Debug)]
pub struct DocumentSet {
    docs: Vec<Document>,
    /// Per document, the position index, built on the first position asked for.
    positions: Vec<OnceLock<PositionIndex>>,
    /// Positions found by [`DocumentSet::locate_all`] without keeping an index.
    located: Mutex<Located>,
    /// Where each document was read from.
    by_place: HashMap<Place, DocId>,
    /// The file part of each `$ref` found while loading, per referring document, to the
    /// document it names: resolving never touches the file system again.
    file_refs: HashMap<(DocId, String), DocId>,
    /// Canonical directory `$ref`s may read from (none for stdin and URLs without
    /// `--ref-root`).
    ref_root: Option<PathBuf>,
    /// Where the paths of this set are read from.
    store: store::Store,
    limits: Limits,
    allow_remote_refs: bool,
    http: http::HttpOptions,
}

/// Loads `input` and every file reachable through its `$ref`s.
///
/// Runs on a thread of its own, with a stack sized for the parsers at the depth limit.
pub fn load(input: &Input, options: &LoadOptions) -> Result<DocumentSet, LoadError> {
    parse::on_parse_stack(&options.limits, &input.name(), || load_here(input, options))
}

fn load_here(input: &Input, options: &LoadOptions) -> Result<DocumentSet, LoadError> {
    let name = input.name();
    let limits = &options.limits;
    let bad_ref_root = |dir: &Path, e: &dyn std::fmt::Display| {
        LoadError::new(
            LoadErrorKind::Io,
            dir.display().to_string(),
            format!("cannot use this directory as the --ref-root: {e}"),
        )
    };
    let (store, place, text) = match input {
        Input::File(path) => {
            let text = read_file(path, &name, limits)?;
            let canonical = path.canonicalize().map_err(|e| io_error(path, e))?;
            (store::Store::Disk, Some(Place::Path(canonical)), text)
        }
        Input::Text { text, .. } => (store::Store::Disk, None, text.clone()),
        Input::Git { repo, rev, path } => {
            let revision = git::Revision::open(repo, rev, &name)?;
            let place = git_place(&revision, path, &name)?;
            let store = store::Store::Git(revision);
            let text = store.read(&place, &name, limits, &options.http)?;
            (store, Some(place), text)
        }
        Input::Url(url) => {
            let place = Place::Url(url.clone());
            let text = store::Store::Disk.read(&place, &name, limits, &options.http)?;
            (store::Store::Disk, Some(place), text)
        }
    };
    let ref_root = match (&options.ref_root, &store) {
        (Some(dir), store::Store::Disk) => {
            Some(dir.canonicalize().map_err(|e| bad_ref_root(dir, &e))?)
        }
        // In a revision, `--ref-root` is a directory of the repository.
        (Some(dir), store::Store::Git(_)) => Some(
            lexical_join(Path::new("/"), &dir.to_string_lossy())
                .ok_or_else(|| bad_ref_root(dir, &"it leaves the repository"))?,
        ),
        (None, _) => match &place {
            Some(Place::Path(p)) => p.parent().map(Path::to_path_buf),
            _ => None,
        },
    };
    let root_doc = parse_document(name, place, text, limits)?;
    let mut set = DocumentSet {
        docs: Vec::new(),
        positions: Vec::new(),
        located: Mutex::default(),
        by_place: HashMap::new(),
        file_refs: HashMap::new(),
        ref_root,
        store,
        limits: options.limits.clone(),
        allow_remote_refs: options.allow_remote_refs,
        http: options.http.clone(),
    };
    set.push(root_doc);
    refs::load_referenced_documents(&mut set)?;
    set.release_texts();
    Ok(set)
}

/// The place of `path` (as written in `REV:path`) in the revision, checked to exist.
fn git_place(revision: &git::Revision, path: &str, name: &str) -> Result<Place, LoadError> {
    // As in git: `./` and `../` are relative to the current directory, the rest to the top.
    let relative = if path.starts_with("./") || path.starts_with("../") {
        format!("{}{path}", revision.prefix)
    } else {
        path.to_string()
    };
    let outside = || {
        LoadError::new(
            LoadErrorKind::Io,
            name,
            format!("`{path}` is outside the git repository"),
        )
    };
    let absolute = lexical_join(Path::new("/"), &relative).ok_or_else(outside)?;
    match store::git_canonicalize(revision, &absolute) {
        Ok(canonical) => Ok(Place::Path(canonical)),
        Err(e) => {
            let shown = store::repo_relative(&absolute);
            let mut err = LoadError::new(
                LoadErrorKind::Io,
                name,
                if e.kind() == std::io::ErrorKind::NotFound {
                    format!(
                        "`{shown}` does not exist in git revision {} ({})",
                        revision.asked,
                        revision.short()
                    )
                } else {
                    format!(
                        "cannot read `{shown}` in git revision {}: {e}",
                        revision.asked
                    )
                },
            );
            let dir = absolute.parent().unwrap_or(Path::new("/"));
            let want = absolute.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let names = revision.list(&store::repo_relative(dir));
            if let Some(near) = refs::nearest(want, names.iter().map(String::as_str)) {
                let near = store::repo_relative(&dir.join(near));
                err = err.with_help(format!("did you mean `{}:{near}`?", revision.asked));
            }
            Err(err)
        }
    }
}

/// A `/`-separated path with `.` and `..` resolved, or `None` when it climbs above its start.
pub(crate) fn lexical_path(path: &str) -> Option<String> {
    lexical_join(Path::new("/"), path).map(|p| store::repo_relative(&p))
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
    check_size(meta.len(), name, limits)?;
    utf8(std::fs::read(path).map_err(|e| io_error(path, e))?, name)
}

fn check_size(size: u64, name: &str, limits: &Limits) -> Result<(), LoadError> {
    if size > limits.max_file_bytes as u64 {
        return Err(LoadError::new(
            LoadErrorKind::Limit,
            name,
            format!(
                "the file is {size} bytes, over the limit of {} bytes (max-file-size)",
                limits.max_file_bytes
            ),
        )
        .with_help("raise it with --max-file-size BYTES"));
    }
    Ok(())
}

fn utf8(bytes: Vec<u8>, name: &str) -> Result<String, LoadError> {
    String::from_utf8(bytes).map_err(|e| not_utf8(name, e.as_bytes(), e.utf8_error().valid_up_to()))
}

pub(super) fn not_utf8(name: &str, bytes: &[u8], valid_up_to: usize) -> LoadError {
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    let valid = std::str::from_utf8(&bytes[..valid_up_to]).unwrap_or_default();
    let (line, col) = line_col(valid, valid.len());
    let message = format!(
        "the file is not UTF-8 text: byte 0x{:02X} at offset {valid_up_to} is not valid UTF-8{}",
        bytes[valid_up_to],
        if utf16 {
            " (the file looks like UTF-16)"
        } else {
            ""
        }
    );
    LoadError::new(LoadErrorKind::Syntax, name, message)
        .at(Some(valid), line, col)
        .with_help("save the file as UTF-8")
}

fn parse_document(
    name: String,
    place: Option<Place>,
    text: String,
    limits: &Limits,
) -> Result<Document, LoadError> {
    // `load` runs on a parse stack already.
    let (tree, syntax) = parse::parse_in_place(&text, &name, limits)?;
    Ok(Document {
        name,
        place,
        syntax,
        tree,
        text: OnceLock::from(Some(text)),
        fingerprint: None,
    })
}

impl DocumentSet {
    pub fn root(&self) -> DocId {
        DocId(0)
    }

    pub fn document(&self, doc: DocId) -> &Document {
        &self.docs[doc.0 as usize]
    }

    /// The root value of a document.
    pub fn json(&self, doc: DocId) -> Json<'_> {
        self.document(doc).json()
    }

    /// A document as a `serde_json::Value` (a copy, for tests and tools).
    pub fn value(&self, doc: DocId) -> Value {
        self.json(doc).to_value()
    }

    /// Frees the parsed trees once the model is built: positions and error snippets work
    /// from the source text, so only `json()` is affected (it is `null` afterwards). The
    /// texts the trees borrowed go too, when they can be read again.
    pub fn release_trees(&mut self) {
        for d in &mut self.docs {
            d.tree = Tree::empty();
        }
        self.release_texts();
    }

    /// Drops the source texts that no tree borrows from and that can be read again: files,
    /// on disk or in a git revision. Standard input and URLs are kept (nothing to read
    /// again, or not without fetching). On YAML this halves what a loaded spec holds while
    /// its model is built; after that, most of a run's memory would be text no one reads.
    pub fn release_texts(&mut self) {
        for d in &mut self.docs {
            if matches!(d.place, Some(Place::Path(_)))
                && !d.tree.borrows_text()
                && let Some(Some(text)) = d.text.take()
            {
                d.fingerprint = Some(fingerprint(&text));
            }
        }
    }

    /// A document's source text: as read, or read again if it was released. `None` when it
    /// cannot be read again, or the file has changed since it was parsed (then positions
    /// are unknown rather than wrong).
    pub fn text(&self, doc: DocId) -> Option<&str> {
        let d = self.document(doc);
        d.text.get_or_init(|| self.read_again(d)).as_deref()
    }

    fn read_again(&self, d: &Document) -> Option<String> {
        let (place, parsed) = (d.place.as_ref()?, d.fingerprint?);
        let text = self
            .store
            .read(place, &d.name, &self.limits, &self.http)
            .ok()?;
        (fingerprint(&text) == parsed).then_some(text)
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

    /// Every document, with its id, root first.
    pub fn documents(&self) -> impl Iterator<Item = (DocId, &Document)> {
        self.docs
            .iter()
            .enumerate()
            .map(|(i, d)| (DocId(i as u32), d))
    }

    /// The document loaded from a place, if any.
    pub fn doc_at(&self, place: &Place) -> Option<DocId> {
        self.by_place.get(place).copied()
    }

    fn push(&mut self, doc: Document) -> DocId {
        let id = DocId(self.docs.len() as u32);
        if let Some(place) = &doc.place {
            self.by_place.insert(place.clone(), id);
        }
        self.docs.push(doc);
        self.positions.push(OnceLock::new());
        id
    }

    /// 1-based line and column of the value at `pointer` (for an object member: of its
    /// key), when it can be found. See [`PositionIndex`] for what is reported.
    ///
    /// The first call for a document indexes its text once (one pass); every later call is
    /// a walk along the pointer's path, so a report may ask for hundreds of positions.
    pub fn position(&self, doc: DocId, pointer: &str) -> Option<(usize, usize)> {
        let located = self.located.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(&found) = located.get(&doc).and_then(|m| m.get(pointer)) {
            return found;
        }
        drop(located);
        let text = self.text(doc)?;
        self.position_index(doc).locate(text, pointer)
    }

    /// [`DocumentSet::position`] of `pointer`, or of its nearest parent that has one: how
    /// reports place an element. A keyword may be spelled differently in the document (a 3.0
    /// boolean `exclusiveMinimum` bound sits under `minimum`).
    pub fn nearest_position(&self, doc: DocId, pointer: &str) -> Option<(usize, usize)> {
        nearest(pointer, |p| self.position(doc, p))
    }

    /// Finds the positions of many pointers up front, for a report about to ask for them
    /// (see [`DocumentSet::nearest_position`]: a pointer not found is tried again at its
    /// parents). A document whose text was released is read again and
    /// indexed for this call only, one document at a time, and the answers are kept:
    /// text and index would otherwise be the largest thing alive for the rest of the run.
    pub fn locate_all<'p>(&self, pointers: impl IntoIterator<Item = (DocId, &'p str)>) {
        let mut by_doc: BTreeMap<DocId, BTreeSet<&str>> = BTreeMap::new();
        for (doc, pointer) in pointers {
            by_doc.entry(doc).or_default().insert(pointer);
        }
        for (doc, pointers) in by_doc {
            let d = self.document(doc);
            if d.text.get().is_some() {
                // The text is here anyway: the cached index serves every later lookup.
                self.position_index(doc);
                continue;
            }
            let Some(text) = self.read_again(d) else {
                continue;
            };
            let index = PositionIndex::new(&text, d.syntax);
            let mut found = HashMap::new();
            for pointer in pointers {
                // Every pointer tried is kept, so `nearest_position` is answered from here.
                nearest(pointer, |p| {
                    let at = index.locate(&text, p);
                    found.insert(p.into(), at);
                    at
                });
            }
            let mut located = self.located.lock().unwrap_or_else(PoisonError::into_inner);
            located.entry(doc).or_default().extend(found);
        }
    }

    /// [`DocumentSet::position`] for many pointers into one document.
    pub fn positions(&self, doc: DocId, pointers: &[&str]) -> Vec<Option<(usize, usize)>> {
        pointers.iter().map(|p| self.position(doc, p)).collect()
    }

    /// The position index of a document, built on first use (empty when its text is gone).
    pub fn position_index(&self, doc: DocId) -> &PositionIndex {
        let syntax = self.document(doc).syntax;
        self.positions[doc.0 as usize]
            .get_or_init(|| PositionIndex::new(self.text(doc).unwrap_or(""), syntax))
    }

    /// An error about the value at `pointer`, positioned when the position is known.
    pub fn error_at(
        &self,
        kind: LoadErrorKind,
        doc: DocId,
        pointer: &str,
        message: impl Into<String>,
    ) -> LoadError {
        let d = self.document(doc);
        let err = LoadError::new(kind, d.name.clone(), message);
        match self.position(doc, pointer) {
            Some((line, col)) => err.at(self.text(doc), line, col),
            None => err,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fingerprint;

    #[test]
    fn a_fingerprint_notices_any_one_byte_changed() {
        let text: String = (0..100)
            .map(|i| char::from(b'a' + (i % 26) as u8))
            .collect();
        assert_eq!(fingerprint(&text), fingerprint(&text.clone()));
        // Every lane of the 32-byte blocks, and the tail after them.
        for at in 0..text.len() {
            let mut changed = text.clone().into_bytes();
            changed[at] = b'#';
            let changed = String::from_utf8(changed).unwrap();
            assert_ne!(fingerprint(&changed), fingerprint(&text), "byte {at}");
        }
        assert_ne!(fingerprint("ab"), fingerprint("ba"));
        assert_ne!(fingerprint(""), fingerprint(" "));
    }
}
