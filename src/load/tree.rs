//! A parsed document as a compact, read-only tree.
//!
//! Why not `serde_json::Value`: a `Value` tree of a big spec is about four times the size of
//! its text (an `IndexMap` per object, an owned `String` per key and string value), and while
//! both sides of a comparison load, both trees are alive. This tree is a few flat vectors:
//! 12 bytes per value plus 12 per object member or array element, and strings that appear
//! verbatim in the source text (most of them in JSON) are spans of that text, not copies.
//!
//! A [`Tree`] does not keep the text; [`Json`] handles pair the two, and
//! `DocumentSet::json` hands them out.
//!
//! Objects keep their members in document order. Lookups scan small objects; objects with
//! more than [`INDEXED_OBJECT`] members (`paths`, `components/schemas`) get a sorted index
//! when the tree is built, so resolving thousands of `$ref`s stays cheap.

use foldhash::{HashMap, HashMapExt};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Number, Value};
use std::fmt;

/// Objects with more members than this get a sorted index for lookups.
const INDEXED_OBJECT: usize = 12;

/// A string's place: in the source text, or (high bit of `start` set) in the tree's own
/// buffer, for strings the text does not hold verbatim (JSON escapes, most YAML scalars).
#[derive(Debug, Clone, Copy)]
struct Str {
    start: u32,
    len: u32,
}

const OWNED: u32 = 1 << 31;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
}

/// One value. Bool: `a` is 0 or 1. Number: `a` indexes `numbers`. String: `a`/`b` are a
/// [`Str`]. Array and Object: `a` is the first entry in `members`, `b` their count.
#[derive(Debug, Clone, Copy)]
struct NodeData {
    tag: Tag,
    a: u32,
    b: u32,
}

/// An object member or an array element (whose key is unused).
#[derive(Debug, Clone, Copy)]
struct Member {
    key: Str,
    value: u32,
}

/// See the module documentation.
#[derive(Default)]
pub struct Tree {
    nodes: Vec<NodeData>,
    members: Vec<Member>,
    numbers: Vec<Number>,
    owned: String,
    /// Big objects: their member offsets (into `members`) sorted by key.
    sorted: HashMap<u32, Box<[u32]>>,
    root: u32,
    /// Whether some string is a span of the source text (else any text reads the tree).
    borrows_text: bool,
}

impl fmt::Debug for Tree {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tree")
            .field("nodes", &self.nodes.len())
            .field("members", &self.members.len())
            .finish()
    }
}

impl Tree {
    /// An empty tree (what a document keeps once its model is built); its root is `null`.
    pub fn empty() -> Tree {
        Tree {
            nodes: vec![NodeData {
                tag: Tag::Null,
                a: 0,
                b: 0,
            }],
            ..Tree::default()
        }
    }

    /// An object with no members, for what stands in for a missing one.
    pub fn empty_object() -> Object<'static> {
        static EMPTY: std::sync::LazyLock<Tree> = std::sync::LazyLock::new(|| Tree {
            nodes: vec![NodeData {
                tag: Tag::Object,
                a: 0,
                b: 0,
            }],
            ..Tree::default()
        });
        Object {
            tree: &EMPTY,
            text: "",
            node: 0,
            first: 0,
            len: 0,
        }
    }

    /// Reads a JSON text without the loader's limits (for tests and small literals; the
    /// loader goes through `parse`).
    pub fn from_json(text: &str) -> Result<Tree, serde_json::Error> {
        let mut de = serde_json::Deserializer::from_str(text);
        Builder::new(text, Duplicates::Refuse).read(&mut de, 128)
    }

    /// Whether reading the tree needs the text it was built from: some of its strings are
    /// spans of it. A YAML tree never does: it is built with no text to borrow from (see
    /// `parse::parse_yaml`), so its text can go as soon as it is loaded.
    pub fn borrows_text(&self) -> bool {
        self.borrows_text
    }

    /// The root value, read with the text the tree was built from.
    pub fn root<'t>(&'t self, text: &'t str) -> Json<'t> {
        Json {
            tree: self,
            text,
            id: self.root,
        }
    }

    fn str<'t>(&'t self, text: &'t str, s: Str) -> &'t str {
        let (source, start) = if s.start & OWNED != 0 {
            (self.owned.as_str(), (s.start & !OWNED) as usize)
        } else {
            (text, s.start as usize)
        };
        source.get(start..start + s.len as usize).unwrap_or("")
    }

    fn node(&self, id: u32) -> NodeData {
        self.nodes[id as usize]
    }
}

/// A value of a document: a cheap, copyable handle.
#[derive(Clone, Copy)]
pub struct Json<'t> {
    tree: &'t Tree,
    text: &'t str,
    id: u32,
}

/// What a [`Json`] value is, for `match`.
#[derive(Clone, Copy)]
pub enum View<'t> {
    Null,
    Bool(bool),
    Number(&'t Number),
    String(&'t str),
    Array(Array<'t>),
    Object(Object<'t>),
}

/// An object's members, in document order.
#[derive(Clone, Copy)]
pub struct Object<'t> {
    tree: &'t Tree,
    text: &'t str,
    node: u32,
    first: u32,
    len: u32,
}

/// An array's elements.
#[derive(Clone, Copy)]
pub struct Array<'t> {
    tree: &'t Tree,
    text: &'t str,
    first: u32,
    len: u32,
}

impl<'t> Json<'t> {
    pub fn view(self) -> View<'t> {
        let n = self.tree.node(self.id);
        match n.tag {
            Tag::Null => View::Null,
            Tag::Bool => View::Bool(n.a != 0),
            Tag::Number => View::Number(&self.tree.numbers[n.a as usize]),
            Tag::String => View::String(self.tree.str(
                self.text,
                Str {
                    start: n.a,
                    len: n.b,
                },
            )),
            Tag::Array => View::Array(Array {
                tree: self.tree,
                text: self.text,
                first: n.a,
                len: n.b,
            }),
            Tag::Object => View::Object(Object {
                tree: self.tree,
                text: self.text,
                node: self.id,
                first: n.a,
                len: n.b,
            }),
        }
    }

    /// The member `key` of an object (`None` for anything else).
    pub fn get(self, key: &str) -> Option<Json<'t>> {
        self.as_object()?.get(key)
    }

    pub fn as_object(self) -> Option<Object<'t>> {
        match self.view() {
            View::Object(o) => Some(o),
            _ => None,
        }
    }

    pub fn as_array(self) -> Option<Array<'t>> {
        match self.view() {
            View::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_str(self) -> Option<&'t str> {
        match self.view() {
            View::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_number(self) -> Option<&'t Number> {
        match self.view() {
            View::Number(n) => Some(n),
            _ => None,
        }
    }

    pub fn as_u64(self) -> Option<u64> {
        self.as_number()?.as_u64()
    }

    pub fn as_f64(self) -> Option<f64> {
        self.as_number()?.as_f64()
    }

    pub fn is_object(self) -> bool {
        self.tag() == Tag::Object
    }

    pub fn is_array(self) -> bool {
        self.tag() == Tag::Array
    }

    fn tag(self) -> Tag {
        self.tree.node(self.id).tag
    }

    /// The value at a JSON pointer (already percent-decoded, still `~`-escaped) below this one.
    pub fn pointer(self, pointer: &str) -> Option<Json<'t>> {
        if pointer.is_empty() {
            return Some(self);
        }
        let mut current = self;
        for raw in pointer.strip_prefix('/')?.split('/') {
            let segment = super::pointer::unescape_segment(raw);
            current = match current.view() {
                View::Object(map) => map.get(&segment)?,
                View::Array(items) => items.get(segment.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(current)
    }

    /// A copy as a `serde_json::Value`, for the model's verbatim values (enums, defaults,
    /// examples, extensions).
    pub fn to_value(self) -> Value {
        match self.view() {
            View::Null => Value::Null,
            View::Bool(b) => Value::Bool(b),
            View::Number(n) => Value::Number(n.clone()),
            View::String(s) => Value::String(s.to_string()),
            View::Array(items) => Value::Array(items.iter().map(Json::to_value).collect()),
            View::Object(map) => map.to_value(),
        }
    }
}

impl serde::Serialize for Json<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.view() {
            View::Null => serializer.serialize_unit(),
            View::Bool(b) => serializer.serialize_bool(b),
            View::Number(n) => n.serialize(serializer),
            View::String(s) => serializer.serialize_str(s),
            View::Array(items) => serializer.collect_seq(items.iter()),
            View::Object(map) => map.serialize(serializer),
        }
    }
}

impl serde::Serialize for Object<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

/// A value of the tree as compact JSON text, written straight from the tree.
pub fn json_text(value: &impl serde::Serialize) -> String {
    // Writing to a string fails only on a failing `Serialize`; the tree's does not.
    serde_json::to_string(value).unwrap_or_default()
}

impl fmt::Debug for Json<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.to_value())
    }
}

impl<'t> Object<'t> {
    pub fn len(self) -> usize {
        self.len as usize
    }

    pub fn is_empty(self) -> bool {
        self.len == 0
    }

    fn member(self, i: u32) -> Member {
        self.tree.members[(self.first + i) as usize]
    }

    fn key(self, m: Member) -> &'t str {
        self.tree.str(self.text, m.key)
    }

    fn value(self, m: Member) -> Json<'t> {
        Json {
            tree: self.tree,
            text: self.text,
            id: m.value,
        }
    }

    pub fn get(self, key: &str) -> Option<Json<'t>> {
        self.get_key_value(key).map(|(_, v)| v)
    }

    /// A copy as a `serde_json::Value` (see [`Json::to_value`]).
    pub fn to_value(self) -> Value {
        Value::Object(
            self.iter()
                .map(|(k, v)| (k.to_string(), v.to_value()))
                .collect(),
        )
    }

    pub fn contains_key(self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The member `key`, with the key as stored.
    pub fn get_key_value(self, key: &str) -> Option<(&'t str, Json<'t>)> {
        // Only big objects have a sorted index: don't hash to find that out for the others.
        let sorted = (self.len as usize > INDEXED_OBJECT)
            .then(|| self.tree.sorted.get(&self.node))
            .flatten();
        let found = match sorted {
            Some(sorted) => sorted
                .binary_search_by(|&at| self.key(self.tree.members[at as usize]).cmp(key))
                .ok()
                .map(|i| self.tree.members[sorted[i] as usize]),
            None => (0..self.len)
                .map(|i| self.member(i))
                .find(|m| self.key(*m) == key),
        };
        found.map(|m| (self.key(m), self.value(m)))
    }

    pub fn iter(self) -> Members<'t> {
        Members {
            object: self,
            front: 0,
            back: self.len,
        }
    }

    pub fn keys(self) -> impl DoubleEndedIterator<Item = &'t str> + 't {
        self.iter().map(|(k, _)| k)
    }

    pub fn values(self) -> impl DoubleEndedIterator<Item = Json<'t>> + 't {
        self.iter().map(|(_, v)| v)
    }
}

impl<'t> Array<'t> {
    pub fn len(self) -> usize {
        self.len as usize
    }

    pub fn is_empty(self) -> bool {
        self.len == 0
    }

    pub fn get(self, i: usize) -> Option<Json<'t>> {
        (i < self.len as usize).then(|| self.at(i as u32))
    }

    fn at(self, i: u32) -> Json<'t> {
        Json {
            tree: self.tree,
            text: self.text,
            id: self.tree.members[(self.first + i) as usize].value,
        }
    }

    pub fn iter(self) -> Elements<'t> {
        Elements {
            array: self,
            front: 0,
            back: self.len,
        }
    }
}

/// The members of an [`Object`], in document order.
pub struct Members<'t> {
    object: Object<'t>,
    front: u32,
    back: u32,
}

impl<'t> Iterator for Members<'t> {
    type Item = (&'t str, Json<'t>);
    fn next(&mut self) -> Option<Self::Item> {
        (self.front < self.back).then(|| {
            let m = self.object.member(self.front);
            self.front += 1;
            (self.object.key(m), self.object.value(m))
        })
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = (self.back - self.front) as usize;
        (n, Some(n))
    }
}

impl DoubleEndedIterator for Members<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        (self.front < self.back).then(|| {
            self.back -= 1;
            let m = self.object.member(self.back);
            (self.object.key(m), self.object.value(m))
        })
    }
}

impl ExactSizeIterator for Members<'_> {}

impl<'t> IntoIterator for Object<'t> {
    type Item = (&'t str, Json<'t>);
    type IntoIter = Members<'t>;
    fn into_iter(self) -> Members<'t> {
        self.iter()
    }
}

/// The elements of an [`Array`].
pub struct Elements<'t> {
    array: Array<'t>,
    front: u32,
    back: u32,
}

impl<'t> Iterator for Elements<'t> {
    type Item = Json<'t>;
    fn next(&mut self) -> Option<Json<'t>> {
        (self.front < self.back).then(|| {
            self.front += 1;
            self.array.at(self.front - 1)
        })
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = (self.back - self.front) as usize;
        (n, Some(n))
    }
}

impl DoubleEndedIterator for Elements<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        (self.front < self.back).then(|| {
            self.back -= 1;
            self.array.at(self.back)
        })
    }
}

impl ExactSizeIterator for Elements<'_> {}

impl<'t> IntoIterator for Array<'t> {
    type Item = Json<'t>;
    type IntoIter = Elements<'t>;
    fn into_iter(self) -> Elements<'t> {
        self.iter()
    }
}

// --- building -------------------------------------------------------------------------------

/// What to do with a key an object already has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Duplicates {
    /// An error (JSON: a spec with duplicate keys is ambiguous).
    Refuse,
    /// The later value replaces the earlier one, which keeps its place (YAML: serde-saphyr
    /// refuses real duplicates itself; what reaches here are explicit keys overriding merged
    /// ones, `<<: *base`).
    Replace,
}

/// The message of a duplicate-key error; `parse` finds the key's position from it.
pub(super) const DUPLICATE_KEY: &str = "duplicate key `";

/// Builds a tree while a serde deserializer (serde_json or serde-saphyr) walks the text.
pub(super) struct Builder<'x> {
    text: &'x str,
    tree: Tree,
    /// Entries of the collections still open, moved to `tree.members` when each closes.
    pending: Vec<Member>,
    duplicates: Duplicates,
    /// Keys already copied into the tree's buffer: a spec repeats a few hundred names
    /// (`type`, `description`, ...) tens of thousands of times, and YAML keys are copies.
    keys: HashMap<Box<str>, Str>,
}

impl<'x> Builder<'x> {
    pub fn new(text: &'x str, duplicates: Duplicates) -> Builder<'x> {
        Builder {
            text,
            keys: HashMap::new(),
            tree: Tree::default(),
            pending: Vec::new(),
            duplicates,
        }
    }

    /// Reads the whole value `deserializer` yields into a tree.
    pub fn read<'de, D: de::Deserializer<'de>>(
        mut self,
        deserializer: D,
        max_depth: usize,
    ) -> Result<Tree, D::Error> {
        let root = Seed {
            builder: &mut self,
            depth_left: max_depth,
        }
        .deserialize(deserializer)?;
        self.tree.root = root;
        self.tree.nodes.shrink_to_fit();
        self.tree.members.shrink_to_fit();
        self.tree.owned.shrink_to_fit();
        Ok(self.tree)
    }

    fn push(&mut self, tag: Tag, a: u32, b: u32) -> u32 {
        self.tree.nodes.push(NodeData { tag, a, b });
        (self.tree.nodes.len() - 1) as u32
    }

    /// A string as a span of the text when it is one, else copied into the tree.
    fn string<E: de::Error>(&mut self, s: &str) -> Result<Str, E> {
        let base = self.text.as_ptr() as usize;
        let at = s.as_ptr() as usize;
        if at >= base && at + s.len() <= base + self.text.len() && s.len() < OWNED as usize {
            self.tree.borrows_text |= !s.is_empty();
            return Ok(Str {
                start: (at - base) as u32,
                len: s.len() as u32,
            });
        }
        let start = self.tree.owned.len();
        if start + s.len() >= OWNED as usize {
            return Err(E::custom("the document's strings exceed 2 GiB"));
        }
        self.tree.owned.push_str(s);
        Ok(Str {
            start: start as u32 | OWNED,
            len: s.len() as u32,
        })
    }

    /// [`Builder::string`] for an object key: a key that must be copied is copied once.
    fn key_string<E: de::Error>(&mut self, s: &str) -> Result<Str, E> {
        if let Some(&copied) = self.keys.get(s) {
            return Ok(copied);
        }
        let key = self.string(s)?;
        if key.start & OWNED != 0 {
            self.keys.insert(s.into(), key);
        }
        Ok(key)
    }

    fn key(&self, s: Str) -> &str {
        self.tree.str(self.text, s)
    }

    /// Moves the entries pending since `from` to the tree as one collection.
    fn close<E: de::Error>(&mut self, tag: Tag, from: usize) -> Result<u32, E> {
        if tag == Tag::Object {
            self.merge_duplicates::<E>(from)?;
        }
        let first = self.tree.members.len() as u32;
        let len = (self.pending.len() - from) as u32;
        self.tree.members.extend(self.pending.drain(from..));
        let node = self.push(tag, first, len);
        if tag == Tag::Object && len as usize > INDEXED_OBJECT {
            let mut sorted: Box<[u32]> = (first..first + len).collect();
            let members = &self.tree.members;
            sorted.sort_unstable_by(|&a, &b| {
                self.tree
                    .str(self.text, members[a as usize].key)
                    .cmp(self.tree.str(self.text, members[b as usize].key))
            });
            self.tree.sorted.insert(node, sorted);
        }
        Ok(node)
    }

    /// Refuses or resolves repeated keys among the pending members since `from`.
    fn merge_duplicates<E: de::Error>(&mut self, from: usize) -> Result<(), E> {
        let n = self.pending.len() - from;
        if n < 2 {
            return Ok(());
        }
        // (earlier, later) index pairs with the same key.
        let mut repeated: Vec<(usize, usize)> = Vec::new();
        if n <= INDEXED_OBJECT {
            for later in from + 1..self.pending.len() {
                let key = self.key(self.pending[later].key);
                if let Some(earlier) = (from..later).find(|&e| self.key(self.pending[e].key) == key)
                {
                    repeated.push((earlier, later));
                }
            }
        } else {
            let mut order: Vec<usize> = (from..self.pending.len()).collect();
            order.sort_by(|&a, &b| {
                self.key(self.pending[a].key)
                    .cmp(self.key(self.pending[b].key))
                    .then(a.cmp(&b))
            });
            for pair in order.windows(2) {
                if self.key(self.pending[pair[0]].key) == self.key(self.pending[pair[1]].key) {
                    repeated.push((pair[0], pair[1]));
                }
            }
        }
        if repeated.is_empty() {
            return Ok(());
        }
        if self.duplicates == Duplicates::Refuse {
            let (_, later) = repeated[0];
            return Err(E::custom(format_args!(
                "{DUPLICATE_KEY}{}`",
                self.key(self.pending[later].key)
            )));
        }
        // The first occurrence keeps its place and takes the last value.
        let mut dropped = vec![false; n];
        let mut first_of: HashMap<usize, usize> = HashMap::new();
        for (earlier, later) in repeated {
            let first = *first_of.get(&earlier).unwrap_or(&earlier);
            first_of.insert(later, first);
            self.pending[first].value = self.pending[later].value;
            dropped[later - from] = true;
        }
        let mut i = 0;
        self.pending.retain(|_| {
            let keep = i < from || !dropped[i - from];
            i += 1;
            keep
        });
        Ok(())
    }
}

/// Reads one value; `depth_left` bounds the nesting (the recursion stays within the parse
/// stack).
struct Seed<'b, 'x> {
    builder: &'b mut Builder<'x>,
    depth_left: usize,
}

impl Seed<'_, '_> {
    /// The depth for this collection's entries, or an error when it is too deep (`parse`
    /// reports it with its position).
    fn members<E: de::Error>(&self) -> Result<usize, E> {
        self.depth_left
            .checked_sub(1)
            .ok_or_else(|| E::custom("nested deeper than the depth limit"))
    }
}

impl<'de> DeserializeSeed<'de> for Seed<'_, '_> {
    type Value = u32;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<u32, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_, '_> {
    type Value = u32;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<u32, E> {
        Ok(self.builder.push(Tag::Bool, v as u32, 0))
    }
    fn visit_i64<E>(self, v: i64) -> Result<u32, E> {
        Ok(self.number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<u32, E> {
        Ok(self.number(v.into()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<u32, E> {
        Ok(match Number::from_f64(v) {
            Some(n) => self.number(n),
            None => self.builder.push(Tag::Null, 0, 0),
        })
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<u32, E> {
        let s = self.builder.string(v)?;
        Ok(self.builder.push(Tag::String, s.start, s.len))
    }
    fn visit_unit<E>(self) -> Result<u32, E> {
        Ok(self.builder.push(Tag::Null, 0, 0))
    }
    fn visit_none<E>(self) -> Result<u32, E> {
        Ok(self.builder.push(Tag::Null, 0, 0))
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<u32, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<u32, A::Error> {
        let depth_left = self.members()?;
        let from = self.builder.pending.len();
        loop {
            let seed = Seed {
                builder: &mut *self.builder,
                depth_left,
            };
            let Some(value) = seq.next_element_seed(seed)? else {
                break;
            };
            self.builder.pending.push(Member {
                key: Str { start: 0, len: 0 },
                value,
            });
        }
        self.builder.close(Tag::Array, from)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<u32, A::Error> {
        let depth_left = self.members()?;
        let from = self.builder.pending.len();
        while let Some(key) = map.next_key_seed(KeySeed {
            builder: &mut *self.builder,
        })? {
            let value = map.next_value_seed(Seed {
                builder: &mut *self.builder,
                depth_left,
            })?;
            self.builder.pending.push(Member { key, value });
        }
        self.builder.close(Tag::Object, from)
    }
}

impl Seed<'_, '_> {
    fn number(self, n: Number) -> u32 {
        self.builder.tree.numbers.push(n);
        let at = (self.builder.tree.numbers.len() - 1) as u32;
        self.builder.push(Tag::Number, at, 0)
    }
}

/// Reads an object key as a string. Keys that are not strings in YAML (`200:`, `true:`)
/// arrive as their text, as serde-saphyr gives them to a string key.
struct KeySeed<'b, 'x> {
    builder: &'b mut Builder<'x>,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_, '_> {
    type Value = Str;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Str, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_, '_> {
    type Value = Str;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Str, E> {
        self.builder.key_string(v)
    }
}

// --- YAML 1.1 booleans ------------------------------------------------------------------------

impl Tree {
    /// Turns the string at `id` into a boolean.
    pub(super) fn set_bool(&mut self, id: u32, b: bool) {
        self.nodes[id as usize] = NodeData {
            tag: Tag::Bool,
            a: b as u32,
            b: 0,
        };
    }
}

impl Json<'_> {
    /// The node id, for passes that rewrite nodes (see [`Tree::set_bool`]).
    pub(super) fn id(self) -> u32 {
        self.id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json_tree(text: &str) -> Result<Tree, serde_json::Error> {
        let mut de = serde_json::Deserializer::from_str(text);
        Builder::new(text, Duplicates::Refuse).read(&mut de, 100)
    }

    #[test]
    fn reads_back_what_serde_json_reads() {
        let text = r#"{"a": [1, -2, 2.5, true, null, "x\"y"], "b": {"c": "d"}, "e": {}}"#;
        let tree = json_tree(text).unwrap();
        let expected: Value = serde_json::from_str(text).unwrap();
        assert_eq!(tree.root(text).to_value(), expected);
        // Unescaped strings are spans of the text; escaped ones are copies.
        assert_eq!(tree.owned, "x\"y");
    }

    #[test]
    fn big_objects_are_indexed_and_keep_their_order() {
        let members: Vec<String> = (0..40).rev().map(|i| format!("\"k{i}\": {i}")).collect();
        let text = format!("{{{}}}", members.join(", "));
        let tree = json_tree(&text).unwrap();
        let root = tree.root(&text);
        assert_eq!(root.get("k7").and_then(Json::as_u64), Some(7));
        assert_eq!(root.get("k39").and_then(Json::as_u64), Some(39));
        assert!(root.get("k40").is_none());
        let keys: Vec<&str> = root.as_object().unwrap().keys().take(2).collect();
        assert_eq!(keys, ["k39", "k38"]);
    }

    #[test]
    fn duplicate_keys_are_refused_in_small_and_big_objects() {
        let err = json_tree(r#"{"a": 1, "b": 2, "a": 3}"#).unwrap_err();
        assert!(err.to_string().starts_with("duplicate key `a`"), "{err}");
        let mut members: Vec<String> = (0..30).map(|i| format!("\"k{i}\": {i}")).collect();
        members.push("\"k3\": 0".into());
        let err = json_tree(&format!("{{{}}}", members.join(", "))).unwrap_err();
        assert!(err.to_string().starts_with("duplicate key `k3`"), "{err}");
    }

    #[test]
    fn replaced_duplicates_keep_the_first_place_and_the_last_value() {
        let text = r#"{"a": 1, "b": 2, "a": 3, "c": 4, "a": 5}"#;
        let mut de = serde_json::Deserializer::from_str(text);
        let tree = Builder::new(text, Duplicates::Replace)
            .read(&mut de, 100)
            .unwrap();
        assert_eq!(
            tree.root(text).to_value(),
            serde_json::json!({"a": 5, "b": 2, "c": 4})
        );
    }

    #[test]
    fn depth_is_bounded() {
        let text = "[[[[1]]]]";
        let mut de = serde_json::Deserializer::from_str(text);
        assert!(
            Builder::new(text, Duplicates::Refuse)
                .read(&mut de, 3)
                .is_err()
        );
        let mut de = serde_json::Deserializer::from_str(text);
        assert!(
            Builder::new(text, Duplicates::Refuse)
                .read(&mut de, 4)
                .is_ok()
        );
    }

    #[test]
    fn pointers_walk_objects_and_arrays() {
        let text = r#"{"paths": {"/pets/{id}": {"get": [10, 20]}}, "a~b": 1}"#;
        let tree = json_tree(text).unwrap();
        let root = tree.root(text);
        let got = root
            .pointer("/paths/~1pets~1{id}/get/1")
            .and_then(Json::as_u64);
        assert_eq!(got, Some(20));
        assert_eq!(root.pointer("/a~0b").and_then(Json::as_u64), Some(1));
        assert!(root.pointer("/paths/x").is_none());
    }
}
