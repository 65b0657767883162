//! The schema reader shared by every version: one arena node per schema location, `$ref`s
//! kept as edges, version spellings folded into one model (`nullable`, `x-nullable` and type
//! arrays; boolean and numeric exclusive bounds; `const`; `example` and `examples`).

use super::common::{Ctx, Node, lenient_bool};
use crate::load::LoadError;
use crate::model::{
    AdditionalProperties, Discriminator, DocId, Origin, Owner, RareKeywords, Schema, SchemaId,
    TypeSet, pointer_push,
};
use serde_json::{Map, Number, Value};

/// Keywords the model names; anything else that is not `x-` is kept in `Schema::other`.
const KNOWN: &[&str] = &[
    "type",
    "nullable",
    "x-nullable",
    "format",
    "enum",
    "const",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "items",
    "prefixItems",
    "minItems",
    "maxItems",
    "uniqueItems",
    "properties",
    "required",
    "additionalProperties",
    "patternProperties",
    "minProperties",
    "maxProperties",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "discriminator",
    "readOnly",
    "writeOnly",
    "deprecated",
    "default",
    "example",
    "examples",
    "title",
    "description",
    "$ref",
    // Read into `Schema::applicators`, with the keywords of `APPLICATORS`.
    "dependentSchemas",
    // Containers of definitions: reached through `$ref`s, not part of this node's contract.
    "$defs",
    "definitions",
    "$schema",
    "$id",
    "$anchor",
];

impl<'a> Ctx<'a> {
    /// Reads the schema `value` found at `pointer` of `doc`. `owner` is given to nodes that
    /// are new and do not belong to a component by their own location.
    pub fn schema(
        &mut self,
        doc: DocId,
        pointer: &str,
        value: &'a Value,
        owner: &Owner,
    ) -> Result<SchemaId, LoadError> {
        self.schema_ignoring(doc, pointer, value, owner, &[])
    }

    /// Like [`Ctx::schema`], skipping the members named in `ignore` (2.0 parameters and
    /// headers are schemas with a few extra members).
    pub fn schema_ignoring(
        &mut self,
        doc: DocId,
        pointer: &str,
        value: &'a Value,
        owner: &Owner,
        ignore: &[&str],
    ) -> Result<SchemaId, LoadError> {
        let mut hops = 0;
        let (mut doc, mut pointer, mut value) = (doc, pointer.to_string(), value);
        // Pure references are edges: follow them to the node they name.
        while let Some(reference) = pure_ref(value, self.dialect.json_schema_2020()) {
            if let Some(&id) = self.schema_index.get(&(doc, pointer.clone())) {
                return Ok(id);
            }
            hops += 1;
            let limit = self.docs.limits().max_ref_chain;
            if hops > limit {
                return Err(self
                    .docs
                    .error_at(
                        crate::load::LoadErrorKind::Limit,
                        doc,
                        &pointer,
                        format!(
                            "a chain (or cycle) of more than {limit} schema $refs (max-ref-chain)"
                        ),
                    )
                    .with_help("raise it with --max-ref-chain N"));
            }
            let target = match self
                .docs
                .resolve(doc, &pointer_push(&pointer, "$ref"), reference)
            {
                Ok(t) => t,
                Err(e) => {
                    self.tolerate(e)?;
                    return Ok(self.opaque_ref(doc, &pointer, reference, owner));
                }
            };
            doc = target.doc;
            pointer = target.pointer;
            value = target.value;
        }
        if let Some(&id) = self.schema_index.get(&(doc, pointer.clone())) {
            return Ok(id);
        }
        let owner = owner_of(doc == self.docs.root(), &pointer).unwrap_or_else(|| owner.clone());
        let id = self.schemas.push(Schema::new(
            Origin::new(doc, pointer.clone()),
            owner.clone(),
        ));
        self.schema_index.insert((doc, pointer.clone()), id);
        let schema = match value {
            Value::Bool(true) => Schema::new(Origin::new(doc, pointer.clone()), owner),
            Value::Bool(false) => {
                let mut s = Schema::new(Origin::new(doc, pointer.clone()), owner);
                s.types = Some(TypeSet::default());
                s
            }
            Value::Object(map) => {
                let node = Node {
                    doc,
                    pointer: &pointer,
                    map,
                };
                self.read_schema(node, owner, ignore)?
            }
            _ => {
                return Err(self.invalid(doc, &pointer, "a schema must be a mapping or a boolean"));
            }
        };
        let component = self.schemas.get(id).component.clone();
        *self.schemas.get_mut(id) = Schema {
            component,
            ..schema
        };
        Ok(id)
    }

    /// An unresolvable reference kept as a node that compares by its reference text.
    fn opaque_ref(
        &mut self,
        doc: DocId,
        pointer: &str,
        reference: &str,
        owner: &Owner,
    ) -> SchemaId {
        let mut s = Schema::new(Origin::new(doc, pointer), owner.clone());
        s.other
            .insert("$ref".into(), Value::String(reference.to_string()));
        let id = self.schemas.push(s);
        self.schema_index.insert((doc, pointer.to_string()), id);
        id
    }

    fn read_schema(
        &mut self,
        node: Node<'_, 'a>,
        owner: Owner,
        ignore: &[&str],
    ) -> Result<Schema, LoadError> {
        let mut s = Schema::new(node.origin(), owner.clone());
        let map = node.map;
        s.types = read_types(map.get("type"));
        let nullable = node.bool("nullable") || node.bool("x-nullable");
        if let (true, Some(t)) = (nullable, s.types) {
            s.types = Some(t.union(TypeSet::NULL));
        }
        // 2.0 `type: file` is a binary string in 3.x.
        if map.get("type").and_then(Value::as_str) == Some("file") {
            s.types = Some(TypeSet::STRING);
            s.format = Some("binary".into());
        } else {
            s.format = node.str("format");
        }
        s.enum_values = match (map.get("const"), map.get("enum")) {
            (Some(c), _) => Some(vec![c.clone()]),
            (None, Some(Value::Array(values))) => Some(values.clone()),
            _ => None,
        };
        let mut rare = RareKeywords::default();
        (rare.minimum, rare.exclusive_minimum) =
            read_bounds(map.get("minimum"), map.get("exclusiveMinimum"));
        (rare.maximum, rare.exclusive_maximum) =
            read_bounds(map.get("maximum"), map.get("exclusiveMaximum"));
        rare.multiple_of = map.get("multipleOf").and_then(Value::as_number).cloned();
        s.min_length = node.u64("minLength");
        s.max_length = node.u64("maxLength");
        // An empty pattern constrains nothing.
        s.pattern = node.str("pattern").filter(|p| !p.is_empty());
        rare.min_items = node.u64("minItems");
        rare.max_items = node.u64("maxItems");
        s.unique_items = node.bool("uniqueItems");
        rare.min_properties = node.u64("minProperties");
        rare.max_properties = node.u64("maxProperties");
        s.read_only = node.bool("readOnly");
        s.write_only = node.bool("writeOnly");
        s.deprecated = node.bool("deprecated");
        s.default = map.get("default").cloned().map(Box::new);
        s.title = node.str("title");
        if !ignore.contains(&"description") {
            s.description = node.str("description");
        }
        if let Some(e) = map.get("example") {
            s.examples.push(e.clone());
        }
        match map.get("examples") {
            Some(Value::Array(items)) => s.examples.extend(items.iter().cloned()),
            Some(other @ Value::Object(_)) => s.examples.push(other.clone()),
            _ => {}
        }
        s.required = match map.get("required") {
            Some(Value::Array(names)) => names
                .iter()
                .filter_map(|n| n.as_str().map(str::to_string))
                .collect(),
            _ => Default::default(),
        };

        match map.get("items") {
            Some(Value::Array(tuple)) => {
                rare.prefix_items = self.schema_list(node, "items", tuple, &owner)?;
            }
            Some(items) => {
                s.items =
                    Some(self.schema(node.doc, &node.child_pointer("items"), items, &owner)?);
            }
            None => {}
        }
        if let Some(Value::Array(tuple)) = map.get("prefixItems") {
            rare.prefix_items = self.schema_list(node, "prefixItems", tuple, &owner)?;
        }
        s.properties = self.schema_map(node, "properties", &owner)?;
        rare.pattern_properties = self.schema_map(node, "patternProperties", &owner)?;
        s.additional_properties = match map.get("additionalProperties") {
            None | Some(Value::Bool(true)) => None,
            Some(Value::Bool(false)) => Some(AdditionalProperties::Forbidden),
            Some(Value::Object(m)) if m.is_empty() => None,
            Some(v) => Some(AdditionalProperties::Schema(self.schema(
                node.doc,
                &node.child_pointer("additionalProperties"),
                v,
                &owner,
            )?)),
        };
        for (key, slot) in [
            ("allOf", &mut s.all_of),
            ("oneOf", &mut s.one_of),
            ("anyOf", &mut s.any_of),
        ] {
            if let Some(Value::Array(list)) = map.get(key) {
                *slot = self.schema_list(node, key, list, &owner)?;
            }
        }
        for keyword in APPLICATORS {
            if let Some(sub) = map.get(*keyword) {
                let id = self.schema(node.doc, &node.child_pointer(keyword), sub, &owner)?;
                rare.applicators.insert((*keyword).to_string(), id);
            }
        }
        if let Some(Value::Object(deps)) = map.get("dependentSchemas") {
            let base = node.child_pointer("dependentSchemas");
            for (name, sub) in deps {
                let id = self.schema(node.doc, &pointer_push(&base, name), sub, &owner)?;
                rare.applicators
                    .insert(format!("dependentSchemas/{name}"), id);
            }
        }
        if let Some(not) = map.get("not") {
            s.not = Some(self.schema(node.doc, &node.child_pointer("not"), not, &owner)?);
        }
        if let Some(Value::String(reference)) = map.get("$ref") {
            // Only reached with sibling keywords in 3.1+: the reference applies like allOf.
            let ref_pointer = node.child_pointer("$ref");
            s.ref_target = match self.docs.resolve(node.doc, &ref_pointer, reference) {
                Ok(target) => {
                    Some(self.schema(target.doc, &target.pointer, target.value, &owner)?)
                }
                Err(e) => {
                    self.tolerate(e)?;
                    Some(self.opaque_ref(node.doc, &ref_pointer, reference, &owner))
                }
            };
        }
        rare.discriminator = read_discriminator(map.get("discriminator"));
        s.set_rare(rare);
        for (k, v) in map {
            if k.starts_with("x-") {
                if k != "x-nullable" {
                    s.extensions.insert(k.clone(), v.clone());
                }
            } else if !KNOWN.contains(&k.as_str())
                && !APPLICATORS.contains(&k.as_str())
                && !ignore.contains(&k.as_str())
            {
                s.other.insert(k.clone(), v.clone());
            }
        }
        Ok(s)
    }

    fn schema_list(
        &mut self,
        node: Node<'_, 'a>,
        key: &str,
        list: &'a [Value],
        owner: &Owner,
    ) -> Result<Vec<SchemaId>, LoadError> {
        let base = node.child_pointer(key);
        list.iter()
            .enumerate()
            .map(|(i, v)| self.schema(node.doc, &pointer_push(&base, &i.to_string()), v, owner))
            .collect()
    }

    fn schema_map(
        &mut self,
        node: Node<'_, 'a>,
        key: &str,
        owner: &Owner,
    ) -> Result<indexmap::IndexMap<String, SchemaId>, LoadError> {
        let mut out = indexmap::IndexMap::new();
        if let Some(Value::Object(map)) = node.get(key) {
            let base = node.child_pointer(key);
            for (name, v) in map {
                let id = self.schema(node.doc, &pointer_push(&base, name), v, owner)?;
                out.insert(name.clone(), id);
            }
        }
        Ok(out)
    }
}

/// Keywords whose value is one subschema.
const APPLICATORS: &[&str] = &[
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
];

/// The reference of a schema that is only a reference. Before 3.1 siblings of `$ref` are
/// ignored by the specification, so any `$ref` makes the schema a pure reference.
fn pure_ref(value: &Value, siblings_count: bool) -> Option<&str> {
    let map = value.as_object()?;
    let reference = map.get("$ref")?.as_str()?;
    if !siblings_count || map.len() == 1 {
        Some(reference)
    } else {
        None
    }
}

/// Component schemas own themselves and what is inline in them.
fn owner_of(in_root: bool, pointer: &str) -> Option<Owner> {
    if !in_root {
        return None;
    }
    let rest = pointer
        .strip_prefix("/components/schemas/")
        .or_else(|| pointer.strip_prefix("/definitions/"))?;
    let name = rest.split('/').next()?;
    Some(Owner::Component(crate::load::unescape_segment(name)))
}

fn read_types(value: Option<&Value>) -> Option<TypeSet> {
    match value? {
        Value::String(name) => TypeSet::from_name(name).or(if name == "file" {
            Some(TypeSet::STRING)
        } else {
            None
        }),
        Value::Array(names) => Some(
            names
                .iter()
                .filter_map(|n| n.as_str().and_then(TypeSet::from_name))
                .fold(TypeSet::default(), TypeSet::union),
        ),
        _ => None,
    }
}

/// (inclusive, exclusive) bounds: `minimum: 5, exclusiveMinimum: true` (3.0) is
/// `exclusiveMinimum: 5` (3.1); a numeric `exclusiveMinimum` next to `minimum` keeps both.
fn read_bounds(
    plain: Option<&Value>,
    exclusive: Option<&Value>,
) -> (Option<Number>, Option<Number>) {
    let plain = plain.and_then(Value::as_number).cloned();
    match exclusive {
        Some(Value::Number(n)) => (plain, Some(n.clone())),
        Some(flag) if lenient_bool(flag) => (None, plain),
        _ => (plain, None),
    }
}

fn read_discriminator(value: Option<&Value>) -> Option<Discriminator> {
    match value? {
        // 2.0: the property name alone.
        Value::String(name) => Some(Discriminator {
            property_name: name.clone(),
            mapping: Default::default(),
        }),
        Value::Object(map) => Some(Discriminator {
            property_name: map.get("propertyName")?.as_str()?.to_string(),
            mapping: map
                .get("mapping")
                .and_then(Value::as_object)
                .map(read_mapping)
                .unwrap_or_default(),
        }),
        _ => None,
    }
}

/// Mapping targets that name a component compare by the component's name, so
/// `#/definitions/Cat` and `#/components/schemas/Cat` are the same.
fn read_mapping(map: &Map<String, Value>) -> std::collections::BTreeMap<String, String> {
    map.iter()
        .filter_map(|(k, v)| {
            let target = v.as_str()?;
            let name = target
                .strip_prefix("#/components/schemas/")
                .or_else(|| target.strip_prefix("#/definitions/"))
                .unwrap_or(target);
            Some((k.clone(), name.to_string()))
        })
        .collect()
}
