//! Positions of JSON pointers in source text: which line and column of a file a value (or
//! an object member's key) comes from.
//!
//! Positions are only needed by errors and by the output formats that show them, so nothing
//! here runs while loading. Two ways in:
//!
//! - [`locate`] finds one pointer. For JSON it walks the text along the pointer's path and
//!   skips every other value without allocating; for YAML it builds a [`PositionIndex`].
//! - [`PositionIndex`] is a structural index of a whole document built in one pass (JSON: a
//!   byte scan; YAML: the `granit-parser` event stream). After that, each lookup only walks
//!   the pointer's path, so hundreds of findings on a 4 MB file cost one pass plus hundreds
//!   of short walks. [`locate_many`] and `DocumentSet::position` use it.
//!
//! What a position means:
//! - A pointer to an object member gives the position of its **key** (for "property `x` was
//!   removed" people want the line that names `x`).
//! - A pointer to an array element gives the position of the element's value.
//! - The empty pointer gives the position of the root value.
//! - YAML aliases: when the path passes through an alias (`*name`, including the alias in a
//!   merge key `<<: *name`), the position is the alias's, for that pointer and every pointer
//!   below it. The value is defined elsewhere, but the alias is the text that puts it at
//!   this pointer. The pointer must still exist in the aliased value.
//! - YAML merge keys (`<<`): a member not written in the mapping itself is looked up in the
//!   merged mappings, in order (explicit keys first, then the first merged mapping that has
//!   it), like the YAML merge-key rules that loading follows.
//!
//! Lines are 1-based; columns are 1-based and count characters (not bytes), with a leading
//! byte-order mark not counted. Texts over 4 GiB have no positions.

mod json;
mod yaml;

use super::Syntax;
use super::pointer::unescape_segment;
use std::borrow::Cow;

/// 1-based line and column of the value (or member key) at `pointer` in `text`.
///
/// `pointer` is a JSON pointer as in a `$ref` fragment after percent-decoding (`~0`/`~1`
/// escaped segments). For many pointers into the same text, build a [`PositionIndex`] once
/// (or call [`locate_many`]) instead.
pub fn locate(text: &str, syntax: Syntax, pointer: &str) -> Option<(usize, usize)> {
    match syntax {
        Syntax::Json => {
            let offset = json::walk(text, pointer)?;
            Some(LineIndex::new(text).line_col(text, offset))
        }
        Syntax::Yaml => PositionIndex::new(text, syntax).locate(text, pointer),
    }
}

/// [`locate`] for many pointers into one text, in one pass over the text.
pub fn locate_many(text: &str, syntax: Syntax, pointers: &[&str]) -> Vec<Option<(usize, usize)>> {
    let index = PositionIndex::new(text, syntax);
    pointers.iter().map(|p| index.locate(text, p)).collect()
}

/// A structural index of one document's text, for many position lookups.
///
/// The index does not keep the text: pass the same text to [`PositionIndex::locate`] that
/// it was built from (a different text gives meaningless positions, never a panic).
pub struct PositionIndex {
    lines: LineIndex,
    nodes: Vec<Node>,
    /// The members or elements of each collection, contiguous per collection.
    entries: Vec<Entry>,
    /// Keys whose text is not verbatim in the source (YAML escapes and line folding).
    arena: Vec<String>,
    root: Option<u32>,
}

impl std::fmt::Debug for PositionIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PositionIndex")
            .field("nodes", &self.nodes.len())
            .field("entries", &self.entries.len())
            .field("lines", &self.lines.line_starts.len())
            .finish()
    }
}

/// Offsets are stored as `u32`; this one means "not known".
const NO_POS: u32 = u32::MAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Scalar,
    Map,
    Seq,
    /// A YAML alias; `first` is the anchored node, or `NO_POS` when it is unknown.
    Alias,
    /// A small JSON object or array whose inside is not indexed: lookups below it walk its
    /// text (see [`COLLAPSE_BELOW`]).
    Collapsed,
}

/// JSON collections whose text is shorter than this are not indexed inside: a lookup walks
/// at most this many bytes, and the index keeps a node for the big collections only (a
/// tenth of a spec's values, not all of them).
const COLLAPSE_BELOW: u32 = 2048;

#[derive(Debug, Clone, Copy)]
struct Node {
    kind: Kind,
    /// Byte offset where the value starts.
    pos: u32,
    /// Collections: the first entry; aliases: the target node.
    first: u32,
    len: u32,
}

#[derive(Debug, Clone, Copy)]
enum Key {
    /// An array element.
    Index,
    /// The key is exactly `text[start..end]`.
    Verbatim { start: u32, end: u32 },
    /// A JSON string body with backslash escapes, `text[start..end]`.
    JsonEscaped { start: u32, end: u32 },
    /// The key is `arena[i]`.
    Arena(u32),
    /// A YAML merge key (`<<`).
    Merge,
    /// A key no pointer segment can name (a YAML collection used as a key).
    Opaque,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    key: Key,
    /// Byte offset of the key (members) or of the value (elements).
    pos: u32,
    value: u32,
}

/// Merged mappings may merge others; this bounds the nesting followed.
const MAX_MERGE_NESTING: usize = 32;

impl PositionIndex {
    /// Indexes `text` in one pass. Text that does not parse gives a partial index (lookups
    /// past the error find nothing); it never panics.
    pub fn new(text: &str, syntax: Syntax) -> PositionIndex {
        Self::build(text, syntax, COLLAPSE_BELOW)
    }

    /// An index of every collection, small ones included (for scans of the whole index,
    /// such as [`PositionIndex::duplicate_key_before`]).
    pub(crate) fn full(text: &str, syntax: Syntax) -> PositionIndex {
        Self::build(text, syntax, 0)
    }

    fn build(text: &str, syntax: Syntax, collapse_below: u32) -> PositionIndex {
        let mut builder = Builder {
            collapse_below,
            ..Builder::default()
        };
        if u32::try_from(text.len()).is_ok() {
            match syntax {
                Syntax::Json => json::index(text, &mut builder),
                Syntax::Yaml => yaml::index(text, &mut builder),
            }
        }
        PositionIndex {
            lines: LineIndex::new(text),
            nodes: builder.nodes,
            entries: builder.entries,
            arena: builder.arena,
            root: builder.root,
        }
    }

    /// 1-based line and column of the value (or member key) at `pointer`; see the module
    /// documentation for what is reported.
    pub fn locate(&self, text: &str, pointer: &str) -> Option<(usize, usize)> {
        let offset = self.offset(text, pointer)?;
        Some(self.lines.line_col(text, offset))
    }

    /// Byte offset of what [`PositionIndex::locate`] reports.
    pub fn offset(&self, text: &str, pointer: &str) -> Option<usize> {
        let root = self.root?;
        let found = if pointer.is_empty() {
            self.nodes[root as usize].pos
        } else {
            let mut node = root;
            // Once the path goes through an alias, the alias is the position.
            let mut via_alias: Option<u32> = None;
            let mut found = NO_POS;
            let mut rest = pointer;
            while let Some(after_slash) = rest.strip_prefix('/') {
                let (raw, next) = after_slash
                    .find('/')
                    .map_or((after_slash, ""), |i| after_slash.split_at(i));
                let segment = segment_cow(raw);
                node = self.through_alias(node, &mut via_alias)?;
                let n = self.nodes[node as usize];
                let here = std::mem::replace(&mut rest, next);
                let entry = match n.kind {
                    // The rest of the path is inside a small collection's text.
                    Kind::Collapsed => return json::walk_from(text, n.pos as usize, here),
                    Kind::Map => self.member(text, node, &segment, &mut via_alias, 0)?,
                    Kind::Seq => {
                        let i = segment.parse::<usize>().ok()?;
                        if i >= n.len as usize {
                            return None;
                        }
                        self.entries[n.first as usize + i]
                    }
                    Kind::Scalar | Kind::Alias => return None,
                };
                found = entry.pos;
                node = entry.value;
            }
            if !rest.is_empty() {
                return None; // not a JSON pointer
            }
            via_alias.unwrap_or(found)
        };
        (found != NO_POS && (found as usize) <= text.len()).then_some(found as usize)
    }

    /// The node an alias stands for (the node itself when it is not an alias), noting the
    /// first alias crossed.
    fn through_alias(&self, node: u32, via_alias: &mut Option<u32>) -> Option<u32> {
        let n = self.nodes.get(node as usize)?;
        if n.kind != Kind::Alias {
            return Some(node);
        }
        if n.first == NO_POS {
            return None;
        }
        via_alias.get_or_insert(n.pos);
        // An alias never names another alias (an alias node cannot carry an anchor).
        Some(n.first)
    }

    /// The entry of member `key` of mapping `map`: its own keys first, then the mappings its
    /// merge keys name, in order.
    fn member(
        &self,
        text: &str,
        map: u32,
        key: &str,
        via_alias: &mut Option<u32>,
        depth: usize,
    ) -> Option<Entry> {
        let n = self.nodes[map as usize];
        let entries = &self.entries[n.first as usize..(n.first + n.len) as usize];
        if let Some(e) = entries.iter().find(|e| self.key_is(text, e.key, key)) {
            return Some(*e);
        }
        if depth >= MAX_MERGE_NESTING {
            return None;
        }
        for merge in entries.iter().filter(|e| matches!(e.key, Key::Merge)) {
            let Some(&value) = self.nodes.get(merge.value as usize) else {
                continue; // a scalar
            };
            let sources: &[Entry] = if value.kind == Kind::Seq {
                &self.entries[value.first as usize..(value.first + value.len) as usize]
            } else {
                std::slice::from_ref(merge)
            };
            for source in sources {
                let mut crossed = *via_alias;
                let Some(target) = self.through_alias(source.value, &mut crossed) else {
                    continue;
                };
                if self.nodes[target as usize].kind != Kind::Map {
                    continue;
                }
                if let Some(found) = self.member(text, target, key, &mut crossed, depth + 1) {
                    *via_alias = crossed;
                    return Some(found);
                }
            }
        }
        None
    }

    /// The key offset of the last repeated `key` of any object that starts before
    /// `before`: where a parser that stopped at `before` found a duplicate key.
    pub(crate) fn duplicate_key_before(
        &self,
        text: &str,
        key: &str,
        before: usize,
    ) -> Option<usize> {
        let mut best: Option<u32> = None;
        for node in self.nodes.iter().filter(|n| n.kind == Kind::Map) {
            let entries = &self.entries[node.first as usize..(node.first + node.len) as usize];
            let mut seen = false;
            for e in entries
                .iter()
                .filter(|e| (e.pos as usize) < before && self.key_is(text, e.key, key))
            {
                if seen && best.is_none_or(|b| e.pos > b) {
                    best = Some(e.pos);
                }
                seen = true;
            }
        }
        best.map(|b| b as usize)
    }

    fn key_is(&self, text: &str, key: Key, want: &str) -> bool {
        match key {
            Key::Verbatim { start, end } => text.get(start as usize..end as usize) == Some(want),
            Key::JsonEscaped { start, end } => text
                .as_bytes()
                .get(start as usize..end as usize)
                .is_some_and(|raw| json::escaped_eq(raw, want)),
            Key::Arena(i) => self.arena.get(i as usize).is_some_and(|k| k == want),
            Key::Index | Key::Merge | Key::Opaque => false,
        }
    }
}

/// Collects nodes while a syntax-specific scanner walks the text. Collections are open on a
/// stack; their entries wait in `pending` and are moved to `entries` (contiguously) when
/// the collection closes.
#[derive(Default)]
struct Builder {
    nodes: Vec<Node>,
    entries: Vec<Entry>,
    arena: Vec<String>,
    root: Option<u32>,
    stack: Vec<Frame>,
    pending: Vec<Entry>,
    /// Collections shorter than this many bytes are collapsed when they close (JSON; 0 for
    /// never).
    collapse_below: u32,
}

struct Frame {
    node: u32,
    pending_start: usize,
    /// `entries` when it opened: what its descendants added since is dropped if it collapses.
    entries_start: usize,
    /// For mappings: the key read, waiting for its value.
    key: Option<(Key, u32)>,
}

impl Builder {
    fn node(&mut self, kind: Kind, pos: u32, first: u32) -> u32 {
        let id = self.nodes.len() as u32;
        self.nodes.push(Node {
            kind,
            pos,
            first,
            len: 0,
        });
        id
    }

    /// Opens a collection (`Kind::Map` or `Kind::Seq`).
    fn open(&mut self, kind: Kind, pos: u32) -> u32 {
        let id = self.node(kind, pos, 0);
        self.stack.push(Frame {
            node: id,
            pending_start: self.pending.len(),
            entries_start: self.entries.len(),
            key: None,
        });
        id
    }

    /// Closes the innermost collection and adds it to its parent. `end` is the offset just
    /// past it, when known (JSON): a collection shorter than `collapse_below` drops what it
    /// holds and becomes `Kind::Collapsed`.
    fn close(&mut self, end: Option<u32>) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let start = self.nodes[frame.node as usize].pos;
        if end.is_some_and(|end| end.saturating_sub(start) < self.collapse_below) {
            // Everything after the collection's own node, and every entry added since it
            // opened, lies inside it.
            self.nodes.truncate(frame.node as usize + 1);
            self.entries.truncate(frame.entries_start);
            self.pending.truncate(frame.pending_start);
            self.nodes[frame.node as usize] = Node {
                kind: Kind::Collapsed,
                pos: start,
                first: 0,
                len: 0,
            };
            self.value(frame.node);
            return;
        }
        let first = self.entries.len() as u32;
        let start = frame.pending_start.min(self.pending.len());
        self.entries.extend(self.pending.drain(start..));
        let node = &mut self.nodes[frame.node as usize];
        node.first = first;
        node.len = self.entries.len() as u32 - first;
        self.value(frame.node);
    }

    /// Is the innermost open collection a mapping waiting for a key?
    fn wants_key(&self) -> bool {
        self.stack
            .last()
            .is_some_and(|f| self.nodes[f.node as usize].kind == Kind::Map && f.key.is_none())
    }

    fn key(&mut self, key: Key, pos: u32) {
        if let Some(frame) = self.stack.last_mut() {
            frame.key = Some((key, pos));
        }
    }

    /// A scalar at `pos`. Inside a collection it gets no node of its own (no lookup goes
    /// below a scalar, and its entry has its position): most values of a document are
    /// scalars, and their nodes were a third of the index.
    fn scalar(&mut self, pos: u32) {
        if self.stack.is_empty() {
            let node = self.node(Kind::Scalar, pos, 0);
            self.value(node);
        } else {
            self.entry(NO_POS, pos);
        }
    }

    /// A complete node: the root, an element, a member's value, or (a collection used as a
    /// key) an opaque key.
    fn value(&mut self, node: u32) {
        if self.stack.is_empty() {
            if self.root.is_none() {
                self.root = Some(node);
            }
            return;
        }
        let pos = self.nodes[node as usize].pos;
        self.entry(node, pos);
    }

    /// Adds the value `node` (`NO_POS` for a scalar without one) at `pos` to the innermost
    /// open collection.
    fn entry(&mut self, node: u32, pos: u32) {
        let Some(frame) = self.stack.last_mut() else {
            return;
        };
        if self.nodes[frame.node as usize].kind == Kind::Seq {
            self.pending.push(Entry {
                key: Key::Index,
                pos,
                value: node,
            });
        } else if let Some((key, key_pos)) = frame.key.take() {
            self.pending.push(Entry {
                key,
                pos: key_pos,
                value: node,
            });
        } else {
            frame.key = Some((Key::Opaque, pos));
        }
    }

    fn done(&self) -> bool {
        self.root.is_some()
    }
}

/// Byte offset to line and column. Columns count characters; a long line (minified JSON)
/// is counted from a checkpoint every 4 KiB, not from its start.
struct LineIndex {
    /// Byte offset where each line starts (line 1 after a byte-order mark).
    line_starts: Vec<u32>,
    /// Characters before each 4 KiB block.
    block_chars: Vec<u32>,
}

const BLOCK: usize = 4096;

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        if u32::try_from(bytes.len()).is_err() {
            return LineIndex {
                line_starts: vec![0],
                block_chars: vec![0],
            };
        }
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let mut line_starts = vec![bom];
        line_starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i as u32 + 1));
        let mut block_chars = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let mut chars = 0u32;
        for block in bytes.chunks(BLOCK) {
            block_chars.push(chars);
            chars += count_chars(block);
        }
        block_chars.push(chars);
        LineIndex {
            line_starts,
            block_chars,
        }
    }

    fn chars_before(&self, bytes: &[u8], offset: usize) -> u32 {
        let block = offset / BLOCK;
        let base = self.block_chars.get(block).copied().unwrap_or(0);
        base + count_chars(bytes.get(block * BLOCK..offset).unwrap_or(&[]))
    }

    fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self
            .line_starts
            .partition_point(|&s| s as usize <= offset)
            .max(1);
        let start = (self.line_starts[line - 1] as usize).min(offset);
        let bytes = text.as_bytes();
        let col = if offset - start < BLOCK {
            count_chars(&bytes[start..offset])
        } else {
            self.chars_before(bytes, offset) - self.chars_before(bytes, start)
        };
        (line, col as usize + 1)
    }
}

/// Characters in a UTF-8 byte slice (which may start or end inside a character).
fn count_chars(bytes: &[u8]) -> u32 {
    // Summed in byte-wide lanes, 255 bytes at a time so that they cannot overflow: over ten
    // times faster than counting into a `usize`, and `LineIndex::new` counts the whole text.
    bytes
        .chunks(255)
        .map(|chunk| {
            let starts = chunk.iter().map(|&b| u8::from((b & 0xC0) != 0x80));
            u32::from(starts.sum::<u8>())
        })
        .sum()
}

/// A pointer segment with `~1` and `~0` undone, borrowed when it has none.
pub(super) fn segment_cow(raw: &str) -> Cow<'_, str> {
    if raw.contains('~') {
        Cow::Owned(unescape_segment(raw))
    } else {
        Cow::Borrowed(raw)
    }
}

#[cfg(test)]
mod tests;
