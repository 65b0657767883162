//! JSON Schema nodes in an arena. A `$ref` is an edge to another node, never a copy.

use super::{Extensions, List, Origin};
use crate::model::OrderedMap;
use serde_json::{Number, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Index of a schema in its [`SchemaArena`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SchemaId(pub u32);

/// Nodes live in fixed-size chunks rather than one growing `Vec`: a big spec has tens of
/// thousands of nodes, and doubling one vector would copy them all and briefly hold both
/// copies (a third of the peak memory of a run on the largest specs), besides leaving up to
/// half of its capacity unused.
#[derive(Debug, Clone, Default)]
pub struct SchemaArena {
    chunks: Vec<Vec<Schema>>,
    len: usize,
}

/// Nodes per chunk (a chunk is about 1 MB).
const CHUNK: usize = 1024;

impl SchemaArena {
    pub fn push(&mut self, schema: Schema) -> SchemaId {
        let id = SchemaId(self.len as u32);
        match self.chunks.last_mut() {
            Some(chunk) if chunk.len() < CHUNK => chunk.push(schema),
            _ => {
                let mut chunk = Vec::with_capacity(CHUNK);
                chunk.push(schema);
                self.chunks.push(chunk);
            }
        }
        self.len += 1;
        id
    }

    pub fn get(&self, id: SchemaId) -> &Schema {
        let i = id.0 as usize;
        &self.chunks[i / CHUNK][i % CHUNK]
    }

    pub fn get_mut(&mut self, id: SchemaId) -> &mut Schema {
        let i = id.0 as usize;
        &mut self.chunks[i / CHUNK][i % CHUNK]
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// The set of JSON types a schema admits, `null` included. 3.0 `nullable: true`, 2.0
/// `x-nullable` and 3.1 `type: [T, "null"]` all end up as the same set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TypeSet(u8);

impl TypeSet {
    pub const NULL: TypeSet = TypeSet(1);
    pub const BOOLEAN: TypeSet = TypeSet(2);
    pub const OBJECT: TypeSet = TypeSet(4);
    pub const ARRAY: TypeSet = TypeSet(8);
    pub const NUMBER: TypeSet = TypeSet(16);
    pub const STRING: TypeSet = TypeSet(32);
    pub const INTEGER: TypeSet = TypeSet(64);
    const NAMES: [(&'static str, TypeSet); 7] = [
        ("array", TypeSet::ARRAY),
        ("boolean", TypeSet::BOOLEAN),
        ("integer", TypeSet::INTEGER),
        ("null", TypeSet::NULL),
        ("number", TypeSet::NUMBER),
        ("object", TypeSet::OBJECT),
        ("string", TypeSet::STRING),
    ];

    pub fn from_name(name: &str) -> Option<TypeSet> {
        Self::NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| *t)
    }

    pub fn contains(self, other: TypeSet) -> bool {
        self.0 & other.0 == other.0
    }

    pub fn union(self, other: TypeSet) -> TypeSet {
        TypeSet(self.0 | other.0)
    }

    pub fn without(self, other: TypeSet) -> TypeSet {
        TypeSet(self.0 & !other.0)
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The type names in alphabetical order.
    pub fn names(self) -> Vec<&'static str> {
        Self::NAMES
            .iter()
            .filter(|(_, t)| self.contains(*t))
            .map(|(n, _)| *n)
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum AdditionalProperties {
    /// `additionalProperties: false`.
    Forbidden,
    Schema(SchemaId),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Discriminator {
    pub property_name: String,
    /// Value -> target, with component refs reduced to the component name.
    pub mapping: BTreeMap<String, String>,
}

/// What a schema belongs to, for grouping changes in reports.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Owner {
    /// A component schema (`components/schemas/X`, `definitions/X`) or anything inline in it.
    /// Shared: every node of a component names it.
    Component(Arc<str>),
    /// Inline in an operation, parameter, response or other non-component place.
    Inline,
}

/// One schema node.
///
/// Keywords most schemas use are fields; the rest are grouped in [`RareKeywords`], boxed and
/// absent when none is set: a big spec has tens of thousands of nodes, and those keywords
/// inline made every node twice as big. For the same reason strings are `Box<str>` and
/// lists boxed slices (no spare capacity), and properties a plain list.
#[derive(Debug, Clone)]
pub struct Schema {
    pub origin: Origin,
    pub owner: Owner,
    /// Set on the root node of a component schema.
    pub component: Option<Arc<str>>,
    /// `None` when the schema does not constrain the type.
    pub types: Option<TypeSet>,
    pub format: Option<Box<str>>,
    /// `enum`, and `const` as a one-value enum.
    pub enum_values: Option<Box<[Value]>>,
    pub items: Option<SchemaId>,
    pub unique_items: bool,
    pub properties: Properties,
    pub required: Names,
    /// `None` when additional properties are allowed without constraint (absent, `true`, `{}`).
    pub additional_properties: Option<AdditionalProperties>,
    pub all_of: List<SchemaId>,
    pub one_of: List<SchemaId>,
    pub any_of: List<SchemaId>,
    /// 3.1 `$ref` with sibling keywords: the referenced schema, applied like `allOf`.
    pub ref_target: Option<SchemaId>,
    pub read_only: bool,
    pub write_only: bool,
    pub deprecated: bool,
    pub default: Option<Box<Value>>,
    pub examples: List<Value>,
    pub title: Option<Box<str>>,
    /// Shared between schemas with the same text (a spec repeats a field's description
    /// wherever the field appears: a third of openai's description bytes are repeats).
    pub description: Option<Arc<str>>,
    /// Keywords the model does not name (`xml`, `externalDocs`, `contentEncoding`, ...),
    /// kept verbatim.
    pub other: Extensions,
    pub extensions: Extensions,
    /// `None` when the schema has none of them; read through [`Schema::rare`].
    pub rare: Option<Box<RareKeywords>>,
}

/// The keywords few schemas use (see [`Schema`]).
#[derive(Debug, Clone, Default)]
pub struct RareKeywords {
    /// Inclusive bounds.
    pub minimum: Option<Number>,
    pub maximum: Option<Number>,
    /// Exclusive bounds, as 3.1 spells them; a 3.0 `minimum` with `exclusiveMinimum: true`
    /// lands here too, so both spellings compare equal.
    pub exclusive_minimum: Option<Number>,
    pub exclusive_maximum: Option<Number>,
    pub multiple_of: Option<Number>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<Box<str>>,
    pub prefix_items: Vec<SchemaId>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub pattern_properties: OrderedMap<String, SchemaId>,
    pub min_properties: Option<u64>,
    pub max_properties: Option<u64>,
    /// Other keywords whose value is a schema (`if`, `then`, `else`, `contains`,
    /// `propertyNames`, `unevaluatedItems`, `unevaluatedProperties`, `contentSchema`), and
    /// `dependentSchemas` entries as `dependentSchemas/NAME`.
    pub applicators: BTreeMap<String, SchemaId>,
    pub discriminator: Option<Discriminator>,
    pub not: Option<SchemaId>,
}

impl RareKeywords {
    pub fn is_empty(&self) -> bool {
        self.minimum.is_none()
            && self.maximum.is_none()
            && self.exclusive_minimum.is_none()
            && self.exclusive_maximum.is_none()
            && self.multiple_of.is_none()
            && self.min_length.is_none()
            && self.max_length.is_none()
            && self.pattern.is_none()
            && self.prefix_items.is_empty()
            && self.min_items.is_none()
            && self.max_items.is_none()
            && self.pattern_properties.is_empty()
            && self.min_properties.is_none()
            && self.max_properties.is_none()
            && self.applicators.is_empty()
            && self.discriminator.is_none()
            && self.not.is_none()
    }
}

/// What [`Schema::rare`] returns for a schema without rare keywords.
static NO_RARE_KEYWORDS: std::sync::LazyLock<RareKeywords> =
    std::sync::LazyLock::new(RareKeywords::default);

impl Schema {
    pub fn new(origin: Origin, owner: Owner) -> Schema {
        Schema {
            origin,
            owner,
            component: None,
            types: None,
            format: None,
            enum_values: None,
            items: None,
            unique_items: false,
            properties: Properties::default(),
            required: Names::default(),
            additional_properties: None,
            all_of: List::new(),
            one_of: List::new(),
            any_of: List::new(),
            ref_target: None,
            read_only: false,
            write_only: false,
            deprecated: false,
            default: None,
            examples: List::new(),
            title: None,
            description: None,
            other: Extensions::new(),
            extensions: Extensions::new(),
            rare: None,
        }
    }

    /// The rarely used keywords (all empty when the schema has none).
    pub fn rare(&self) -> &RareKeywords {
        self.rare.as_deref().unwrap_or(&NO_RARE_KEYWORDS)
    }

    /// Sets the rarely used keywords, keeping no box when they are all empty.
    pub fn set_rare(&mut self, rare: RareKeywords) {
        self.rare = (!rare.is_empty()).then(|| Box::new(rare));
    }
}

/// A schema's `properties`, in document order. A list rather than a hash map: most schemas
/// have a few properties, and a map per node cost more than the rest of the node.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Properties(List<(Box<str>, SchemaId)>);

impl Properties {
    pub fn get(&self, name: &str) -> Option<&SchemaId> {
        self.0.iter().find(|(n, _)| &**n == name).map(|(_, id)| id)
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&str, &SchemaId)> + ExactSizeIterator {
        self.0.iter().map(|(n, id)| (&**n, id))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator {
        self.0.iter().map(|(n, _)| &**n)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &SchemaId> + ExactSizeIterator {
        self.0.iter().map(|(_, id)| id)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds a property, or replaces the schema of one with that name (which keeps its place).
    pub fn insert(&mut self, name: String, id: SchemaId) {
        let properties = self.0.as_vec_mut();
        match properties.iter_mut().find(|(n, _)| **n == *name) {
            Some(slot) => slot.1 = id,
            None => properties.push((name.into(), id)),
        }
    }
}

impl FromIterator<(String, SchemaId)> for Properties {
    /// A repeated name keeps its first place and takes the last schema, as a map would.
    fn from_iter<I: IntoIterator<Item = (String, SchemaId)>>(iter: I) -> Self {
        let mut properties = Properties::default();
        for (name, id) in iter {
            properties.insert(name, id);
        }
        properties.0.tidy();
        properties
    }
}

impl<'a> IntoIterator for &'a Properties {
    type Item = (&'a str, &'a SchemaId);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (Box<str>, SchemaId)>,
        fn(&'a (Box<str>, SchemaId)) -> (&'a str, &'a SchemaId),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(n, id)| (&**n, id))
    }
}

/// A set of names (`required`), sorted. A boxed list rather than a `BTreeSet`: most schemas
/// require a few properties, and a B-tree node has room for eleven.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Names(List<Box<str>>);

impl Names {
    pub fn contains(&self, name: &str) -> bool {
        self.0.binary_search_by(|n| (**n).cmp(name)).is_ok()
    }

    /// The names in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator {
        self.0.iter().map(|n| &**n)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds a name (kept sorted; a name already there stays once).
    pub fn insert(&mut self, name: String) {
        if !self.contains(&name) {
            *self = self.iter().map(str::to_string).chain([name]).collect();
        }
    }
}

impl FromIterator<String> for Names {
    fn from_iter<I: IntoIterator<Item = String>>(iter: I) -> Self {
        let names: BTreeSet<String> = iter.into_iter().collect();
        Names(names.into_iter().map(String::into_boxed_str).collect())
    }
}

impl serde::Serialize for Names {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}
