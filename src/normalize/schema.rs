//! The schema reader shared by every version: one arena node per schema location, `$ref`s
//! kept as edges, version spellings folded into one model (`nullable`, `x-nullable` and type
//! arrays; boolean and numeric exclusive bounds; `const`; `example` and `examples`).

use super::common::{Ctx, Node, lenient_bool, lenient_u64, members_where, scalar_string};
use crate::load::LoadError;
use crate::load::tree::{Array, Json, Object, View};
use crate::model::{
    AdditionalProperties, Discriminator, DocId, Origin, Owner, RareKeywords, Schema, SchemaId,
    TypeSet, pointer_push,
};
use serde_json::{Number, Value};

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
        value: Json<'a>,
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
        value: Json<'a>,
        owner: &Owner,
        ignore: &[&str],
    ) -> Result<SchemaId, LoadError> {
        let mut hops = 0;
        let (mut doc, mut pointer, mut value) = (doc, pointer.to_string(), value);
        // Pure references are edges: follow them to the node they name.
        while let Some(reference) = pure_ref(value, self.dialect.json_schema_2020()) {
            if let Some(id) = self.schema_index.get(doc, &pointer) {
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
        if let Some(id) = self.schema_index.get(doc, &pointer) {
            return Ok(id);
        }
        // The owner given is shared by the nodes of a component; a new one only where the
        // location names another component.
        let owner = match component_of(doc == self.docs.root(), &pointer) {
            Some(name) if !matches!(owner, Owner::Component(o) if **o == *name) => {
                Owner::Component(name.into())
            }
            _ => owner.clone(),
        };
        // One copy of the pointer, shared by the node's origin and the index key.
        let origin = Origin::new(doc, pointer);
        let id = self
            .schemas
            .push(Schema::new(origin.clone(), owner.clone()));
        self.schema_index.insert(doc, origin.pointer.clone(), id);
        let schema = match value.view() {
            View::Bool(true) => Schema::new(origin, owner),
            View::Bool(false) => {
                let mut s = Schema::new(origin, owner);
                s.types = Some(TypeSet::default());
                s
            }
            View::Object(map) => {
                let node = Node {
                    doc,
                    pointer: &origin.pointer,
                    map,
                };
                self.read_schema(node, origin.clone(), owner, ignore)?
            }
            _ => {
                let message = "a schema must be a mapping or a boolean";
                return Err(self.invalid(doc, &origin.pointer, message));
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
        let origin = Origin::new(doc, pointer);
        let mut s = Schema::new(origin.clone(), owner.clone());
        s.other
            .insert("$ref".into(), &Value::String(reference.to_string()));
        let id = self.schemas.push(s);
        self.schema_index.insert(doc, origin.pointer, id);
        id
    }

    /// The schema object at `node`, whose origin is `origin`.
    fn read_schema(
        &mut self,
        node: Node<'_, 'a>,
        origin: Origin,
        owner: Owner,
        ignore: &[&str],
    ) -> Result<Schema, LoadError> {
        let mut s = Schema::new(origin, owner.clone());
        let map = node.map;
        let kw = Keywords::of(map);
        s.types = read_types(kw.type_);
        let nullable =
            kw.nullable.is_some_and(lenient_bool) || kw.x_nullable.is_some_and(lenient_bool);
        if let (true, Some(t)) = (nullable, s.types) {
            s.types = Some(t.union(TypeSet::NULL));
        }
        // 2.0 `type: file` is a binary string in 3.x.
        if kw.type_.and_then(Json::as_str) == Some("file") {
            s.types = Some(TypeSet::STRING);
            s.format = Some("binary".into());
        } else {
            s.format = kw.format.and_then(scalar_string).map(Into::into);
        }
        s.enum_values = match (kw.const_, kw.enum_.and_then(Json::as_array)) {
            (Some(c), _) => Some(Box::new([c.to_value()])),
            (None, Some(values)) => Some(values.iter().map(Json::to_value).collect()),
            _ => None,
        };
        let mut rare = RareKeywords::default();
        (rare.minimum, rare.exclusive_minimum) = read_bounds(kw.minimum, kw.exclusive_minimum);
        (rare.maximum, rare.exclusive_maximum) = read_bounds(kw.maximum, kw.exclusive_maximum);
        rare.multiple_of = kw.multiple_of.and_then(Json::as_number).cloned();
        rare.min_length = kw.min_length.and_then(lenient_u64);
        rare.max_length = kw.max_length.and_then(lenient_u64);
        // An empty pattern constrains nothing.
        rare.pattern = kw
            .pattern
            .and_then(scalar_string)
            .filter(|p| !p.is_empty())
            .map(Into::into);
        rare.min_items = kw.min_items.and_then(lenient_u64);
        rare.max_items = kw.max_items.and_then(lenient_u64);
        s.unique_items = kw.unique_items.is_some_and(lenient_bool);
        rare.min_properties = kw.min_properties.and_then(lenient_u64);
        rare.max_properties = kw.max_properties.and_then(lenient_u64);
        s.read_only = kw.read_only.is_some_and(lenient_bool);
        s.write_only = kw.write_only.is_some_and(lenient_bool);
        s.deprecated = kw.deprecated.is_some_and(lenient_bool);
        s.default = kw.default.map(|d| Box::new(d.to_value()));
        s.title = kw.title.and_then(scalar_string).map(Into::into);
        if !ignore.contains(&"description") {
            s.description = self.shared_text(kw.description.and_then(scalar_string));
        }
        let mut examples: Vec<Value> = kw.example.map(Json::to_value).into_iter().collect();
        if let Some(more) = kw.examples {
            match more.view() {
                View::Array(items) => examples.extend(items.iter().map(Json::to_value)),
                View::Object(_) => examples.push(more.to_value()),
                _ => {}
            }
        }
        s.examples = examples.into();
        s.required = match kw.required.and_then(Json::as_array) {
            Some(names) => names
                .iter()
                .filter_map(|n| n.as_str().map(str::to_string))
                .collect(),
            _ => Default::default(),
        };

        match kw.items.map(|v| (v, v.as_array())) {
            Some((_, Some(tuple))) => {
                rare.prefix_items = self.schema_list(node, "items", tuple, &owner)?;
            }
            Some((items, None)) => {
                s.items =
                    Some(self.schema(node.doc, &node.child_pointer("items"), items, &owner)?);
            }
            None => {}
        }
        if let Some(tuple) = kw.prefix_items.and_then(Json::as_array) {
            rare.prefix_items = self.schema_list(node, "prefixItems", tuple, &owner)?;
        }
        s.properties = self.schema_map(node, "properties", kw.properties, &owner)?;
        rare.pattern_properties =
            self.schema_map(node, "patternProperties", kw.pattern_properties, &owner)?;
        s.additional_properties = match kw.additional_properties.map(|v| (v, v.view())) {
            None | Some((_, View::Bool(true))) => None,
            Some((_, View::Bool(false))) => Some(AdditionalProperties::Forbidden),
            Some((_, View::Object(m))) if m.is_empty() => None,
            Some((v, _)) => Some(AdditionalProperties::Schema(self.schema(
                node.doc,
                &node.child_pointer("additionalProperties"),
                v,
                &owner,
            )?)),
        };
        for (key, value, slot) in [
            ("allOf", kw.all_of, &mut s.all_of),
            ("oneOf", kw.one_of, &mut s.one_of),
            ("anyOf", kw.any_of, &mut s.any_of),
        ] {
            if let Some(list) = value.and_then(Json::as_array) {
                *slot = self.schema_list(node, key, list, &owner)?.into();
            }
        }
        for (keyword, value) in APPLICATORS.iter().zip(kw.applicators) {
            if let Some(sub) = value {
                let id = self.schema(node.doc, &node.child_pointer(keyword), sub, &owner)?;
                rare.applicators.insert((*keyword).to_string(), id);
            }
        }
        if let Some(deps) = kw.dependent_schemas.and_then(Json::as_object) {
            let base = node.child_pointer("dependentSchemas");
            for (name, sub) in deps.iter() {
                let id = self.schema(node.doc, &pointer_push(&base, name), sub, &owner)?;
                rare.applicators
                    .insert(format!("dependentSchemas/{name}"), id);
            }
        }
        if let Some(not) = kw.not {
            rare.not = Some(self.schema(node.doc, &node.child_pointer("not"), not, &owner)?);
        }
        if let Some(reference) = kw.ref_.and_then(Json::as_str) {
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
        rare.discriminator = read_discriminator(kw.discriminator);
        s.set_rare(rare);
        s.extensions = members_where(map, |k| k.starts_with("x-") && k != "x-nullable");
        s.other = members_where(map, |k| {
            !k.starts_with("x-")
                && !KNOWN.contains(&k)
                && !APPLICATORS.contains(&k)
                && !ignore.contains(&k)
        });
        Ok(s)
    }

    fn schema_list(
        &mut self,
        node: Node<'_, 'a>,
        key: &str,
        list: Array<'a>,
        owner: &Owner,
    ) -> Result<Vec<SchemaId>, LoadError> {
        let base = node.child_pointer(key);
        list.iter()
            .enumerate()
            .map(|(i, v)| self.schema(node.doc, &pointer_push(&base, &i.to_string()), v, owner))
            .collect()
    }

    /// The subschemas of a keyword whose value maps names to schemas (`properties`).
    fn schema_map<T: FromIterator<(String, SchemaId)>>(
        &mut self,
        node: Node<'_, 'a>,
        key: &str,
        value: Option<Json<'a>>,
        owner: &Owner,
    ) -> Result<T, LoadError> {
        let Some(map) = value.and_then(Json::as_object) else {
            return Ok(std::iter::empty().collect());
        };
        let base = node.child_pointer(key);
        map.iter()
            .map(|(name, v)| {
                let id = self.schema(node.doc, &pointer_push(&base, name), v, owner)?;
                Ok((name.to_string(), id))
            })
            .collect()
    }
}

/// The members of a schema object that [`Ctx::read_schema`] reads, found in one pass over the
/// object: looking each keyword up hashed its name again, some forty lookups per node.
#[derive(Default)]
struct Keywords<'a> {
    type_: Option<Json<'a>>,
    nullable: Option<Json<'a>>,
    x_nullable: Option<Json<'a>>,
    format: Option<Json<'a>>,
    enum_: Option<Json<'a>>,
    const_: Option<Json<'a>>,
    minimum: Option<Json<'a>>,
    maximum: Option<Json<'a>>,
    exclusive_minimum: Option<Json<'a>>,
    exclusive_maximum: Option<Json<'a>>,
    multiple_of: Option<Json<'a>>,
    min_length: Option<Json<'a>>,
    max_length: Option<Json<'a>>,
    pattern: Option<Json<'a>>,
    min_items: Option<Json<'a>>,
    max_items: Option<Json<'a>>,
    unique_items: Option<Json<'a>>,
    min_properties: Option<Json<'a>>,
    max_properties: Option<Json<'a>>,
    read_only: Option<Json<'a>>,
    write_only: Option<Json<'a>>,
    deprecated: Option<Json<'a>>,
    default: Option<Json<'a>>,
    title: Option<Json<'a>>,
    description: Option<Json<'a>>,
    example: Option<Json<'a>>,
    examples: Option<Json<'a>>,
    required: Option<Json<'a>>,
    items: Option<Json<'a>>,
    prefix_items: Option<Json<'a>>,
    properties: Option<Json<'a>>,
    pattern_properties: Option<Json<'a>>,
    additional_properties: Option<Json<'a>>,
    all_of: Option<Json<'a>>,
    one_of: Option<Json<'a>>,
    any_of: Option<Json<'a>>,
    dependent_schemas: Option<Json<'a>>,
    not: Option<Json<'a>>,
    ref_: Option<Json<'a>>,
    discriminator: Option<Json<'a>>,
    /// By position in [`APPLICATORS`].
    applicators: [Option<Json<'a>>; APPLICATORS.len()],
}

impl<'a> Keywords<'a> {
    fn of(map: Object<'a>) -> Self {
        let mut kw = Keywords::default();
        for (name, value) in map.iter() {
            let slot = match name {
                "type" => &mut kw.type_,
                "nullable" => &mut kw.nullable,
                "x-nullable" => &mut kw.x_nullable,
                "format" => &mut kw.format,
                "enum" => &mut kw.enum_,
                "const" => &mut kw.const_,
                "minimum" => &mut kw.minimum,
                "maximum" => &mut kw.maximum,
                "exclusiveMinimum" => &mut kw.exclusive_minimum,
                "exclusiveMaximum" => &mut kw.exclusive_maximum,
                "multipleOf" => &mut kw.multiple_of,
                "minLength" => &mut kw.min_length,
                "maxLength" => &mut kw.max_length,
                "pattern" => &mut kw.pattern,
                "minItems" => &mut kw.min_items,
                "maxItems" => &mut kw.max_items,
                "uniqueItems" => &mut kw.unique_items,
                "minProperties" => &mut kw.min_properties,
                "maxProperties" => &mut kw.max_properties,
                "readOnly" => &mut kw.read_only,
                "writeOnly" => &mut kw.write_only,
                "deprecated" => &mut kw.deprecated,
                "default" => &mut kw.default,
                "title" => &mut kw.title,
                "description" => &mut kw.description,
                "example" => &mut kw.example,
                "examples" => &mut kw.examples,
                "required" => &mut kw.required,
                "items" => &mut kw.items,
                "prefixItems" => &mut kw.prefix_items,
                "properties" => &mut kw.properties,
                "patternProperties" => &mut kw.pattern_properties,
                "additionalProperties" => &mut kw.additional_properties,
                "allOf" => &mut kw.all_of,
                "oneOf" => &mut kw.one_of,
                "anyOf" => &mut kw.any_of,
                "dependentSchemas" => &mut kw.dependent_schemas,
                "not" => &mut kw.not,
                "$ref" => &mut kw.ref_,
                "discriminator" => &mut kw.discriminator,
                other => match APPLICATORS.iter().position(|a| *a == other) {
                    Some(i) => &mut kw.applicators[i],
                    None => continue,
                },
            };
            *slot = Some(value);
        }
        kw
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
fn pure_ref(value: Json<'_>, siblings_count: bool) -> Option<&str> {
    let map = value.as_object()?;
    let reference = map.get("$ref")?.as_str()?;
    if !siblings_count || map.len() == 1 {
        Some(reference)
    } else {
        None
    }
}

/// Component schemas own themselves and what is inline in them: the component a location is
/// in, if any.
fn component_of(in_root: bool, pointer: &str) -> Option<String> {
    if !in_root {
        return None;
    }
    let rest = pointer
        .strip_prefix("/components/schemas/")
        .or_else(|| pointer.strip_prefix("/definitions/"))?;
    let name = rest.split('/').next()?;
    Some(crate::load::unescape_segment(name))
}

fn read_types(value: Option<Json<'_>>) -> Option<TypeSet> {
    match value?.view() {
        View::String(name) => TypeSet::from_name(name).or(if name == "file" {
            Some(TypeSet::STRING)
        } else {
            None
        }),
        View::Array(names) => Some(
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
    plain: Option<Json<'_>>,
    exclusive: Option<Json<'_>>,
) -> (Option<Number>, Option<Number>) {
    let plain = plain.and_then(Json::as_number).cloned();
    match exclusive {
        Some(n) if n.as_number().is_some() => (plain, n.as_number().cloned()),
        Some(flag) if lenient_bool(flag) => (None, plain),
        _ => (plain, None),
    }
}

fn read_discriminator(value: Option<Json<'_>>) -> Option<Discriminator> {
    match value?.view() {
        // 2.0: the property name alone.
        View::String(name) => Some(Discriminator {
            property_name: name.to_string(),
            mapping: Default::default(),
        }),
        View::Object(map) => Some(Discriminator {
            property_name: map.get("propertyName")?.as_str()?.to_string(),
            mapping: map
                .get("mapping")
                .and_then(Json::as_object)
                .map(read_mapping)
                .unwrap_or_default(),
        }),
        _ => None,
    }
}

/// Mapping targets that name a component compare by the component's name, so
/// `#/definitions/Cat` and `#/components/schemas/Cat` are the same.
fn read_mapping(map: Object<'_>) -> std::collections::BTreeMap<String, String> {
    map.iter()
        .filter_map(|(k, v)| {
            let target = v.as_str()?;
            let name = target
                .strip_prefix("#/components/schemas/")
                .or_else(|| target.strip_prefix("#/definitions/"))
                .unwrap_or(target);
            Some((k.to_string(), name.to_string()))
        })
        .collect()
}
