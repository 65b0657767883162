//! JSON Schema nodes in an arena. A `$ref` is an edge to another node, never a copy.

use super::{Extensions, Origin};
use indexmap::IndexMap;
use serde_json::{Number, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Index of a schema in its [`SchemaArena`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SchemaId(pub u32);

#[derive(Debug, Clone, Default)]
pub struct SchemaArena {
    nodes: Vec<Schema>,
}

impl SchemaArena {
    pub fn push(&mut self, schema: Schema) -> SchemaId {
        let id = SchemaId(self.nodes.len() as u32);
        self.nodes.push(schema);
        id
    }

    pub fn get(&self, id: SchemaId) -> &Schema {
        &self.nodes[id.0 as usize]
    }

    pub fn get_mut(&mut self, id: SchemaId) -> &mut Schema {
        &mut self.nodes[id.0 as usize]
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
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
    Component(String),
    /// Inline in an operation, parameter, response or other non-component place.
    Inline,
}

#[derive(Debug, Clone)]
pub struct Schema {
    pub origin: Origin,
    pub owner: Owner,
    /// Set on the root node of a component schema.
    pub component: Option<String>,
    /// `None` when the schema does not constrain the type.
    pub types: Option<TypeSet>,
    pub format: Option<String>,
    /// `enum`, and `const` as a one-value enum.
    pub enum_values: Option<Vec<Value>>,
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
    pub pattern: Option<String>,
    pub items: Option<SchemaId>,
    pub prefix_items: Vec<SchemaId>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub unique_items: bool,
    pub properties: IndexMap<String, SchemaId>,
    pub required: BTreeSet<String>,
    /// `None` when additional properties are allowed without constraint (absent, `true`, `{}`).
    pub additional_properties: Option<AdditionalProperties>,
    pub pattern_properties: IndexMap<String, SchemaId>,
    pub min_properties: Option<u64>,
    pub max_properties: Option<u64>,
    pub all_of: Vec<SchemaId>,
    pub one_of: Vec<SchemaId>,
    pub any_of: Vec<SchemaId>,
    pub not: Option<SchemaId>,
    /// Other keywords whose value is a schema (`if`, `then`, `else`, `contains`,
    /// `propertyNames`, `unevaluatedItems`, `unevaluatedProperties`, `contentSchema`), and
    /// `dependentSchemas` entries as `dependentSchemas/NAME`.
    pub applicators: std::collections::BTreeMap<String, SchemaId>,
    /// 3.1 `$ref` with sibling keywords: the referenced schema, applied like `allOf`.
    pub ref_target: Option<SchemaId>,
    pub discriminator: Option<Discriminator>,
    pub read_only: bool,
    pub write_only: bool,
    pub deprecated: bool,
    pub default: Option<Value>,
    pub examples: Vec<Value>,
    pub title: Option<String>,
    pub description: Option<String>,
    /// Keywords the model does not name (`xml`, `externalDocs`, `contentEncoding`, ...),
    /// kept verbatim.
    pub other: Extensions,
    pub extensions: Extensions,
}

impl Schema {
    pub fn new(origin: Origin, owner: Owner) -> Schema {
        Schema {
            origin,
            owner,
            component: None,
            types: None,
            format: None,
            enum_values: None,
            minimum: None,
            maximum: None,
            exclusive_minimum: None,
            exclusive_maximum: None,
            multiple_of: None,
            min_length: None,
            max_length: None,
            pattern: None,
            items: None,
            prefix_items: Vec::new(),
            min_items: None,
            max_items: None,
            unique_items: false,
            properties: IndexMap::new(),
            required: BTreeSet::new(),
            additional_properties: None,
            pattern_properties: IndexMap::new(),
            min_properties: None,
            max_properties: None,
            all_of: Vec::new(),
            one_of: Vec::new(),
            any_of: Vec::new(),
            not: None,
            applicators: Default::default(),
            ref_target: None,
            discriminator: None,
            read_only: false,
            write_only: false,
            deprecated: false,
            default: None,
            examples: Vec::new(),
            title: None,
            description: None,
            other: Extensions::new(),
            extensions: Extensions::new(),
        }
    }
}
