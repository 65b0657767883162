//! Collecting the ledger's entries from one description: every operation (callbacks
//! included), parameter, response header, component schema and property that is deprecated
//! or has a sunset, with the operations each one reaches; and checking whether an element
//! still exists (for the history).

use super::*;
use crate::model::{AdditionalProperties, Operation, Owner, Schema, SchemaId};
use crate::rules::lifecycle::{
    documented_value, operation_deprecated, operation_sunset, sunset_of,
};
use std::collections::{HashMap, HashSet};

/// A sunset as written: a date, or the text of something that is not one.
fn read_sunset(v: Option<&Value>) -> (Option<Date>, Option<String>) {
    match v {
        None => (None, None),
        Some(v) => match Date::parse_value(v) {
            Some(d) => (Some(d), None),
            None => (
                None,
                Some(match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                }),
            ),
        },
    }
}

/// An operation with its identity and label, flattened out of callbacks.
struct FlatOp<'a> {
    op: &'a Operation,
    id: Vec<OpKey>,
    label: String,
    op_ref: OpRef,
}

fn flatten<'a>(
    ops: &'a crate::model::OrderedMap<OpKey, Operation>,
    parent: Option<(&[OpKey], &str, &str)>,
    out: &mut Vec<FlatOp<'a>>,
) {
    for (key, op) in ops {
        let mut id: Vec<OpKey> = parent.map(|p| p.0.to_vec()).unwrap_or_default();
        id.push(key.clone());
        let label = match (key.scope, parent) {
            (OpScope::Callback, Some((_, name, parent_label))) => format!(
                "{} {} (callback `{name}` of {parent_label})",
                op.method, op.path
            ),
            (OpScope::Webhook, _) => format!("{} {} (webhook)", op.method, op.path),
            _ => format!("{} {}", op.method, op.path),
        };
        let op_ref = OpRef {
            scope: key.scope,
            method: op.method.clone(),
            path: op.path.clone(),
            operation_id: op.operation_id.clone(),
        };
        out.push(FlatOp {
            op,
            id: id.clone(),
            label: label.clone(),
            op_ref,
        });
        for (name, cb) in &op.callbacks {
            flatten(cb, Some((&id, name, &label)), out);
        }
    }
}

/// The schema children of a node, with the field-path step each adds (`None`: the same
/// field, as for compositions).
fn children(s: &Schema) -> Vec<(SchemaId, Option<Step>)> {
    let mut out: Vec<(SchemaId, Option<Step>)> = Vec::new();
    let patterns = s.rare().pattern_properties.iter();
    for (name, &id) in s
        .properties
        .iter()
        .chain(patterns.map(|(k, v)| (k.as_str(), v)))
    {
        out.push((id, Some(Step::Property(name.to_string()))));
    }
    if let Some(id) = s.items {
        out.push((id, Some(Step::Items)));
    }
    for (i, &id) in s.rare().prefix_items.iter().enumerate() {
        out.push((id, Some(Step::PrefixItem(i))));
    }
    if let Some(AdditionalProperties::Schema(id)) = s.additional_properties {
        out.push((id, Some(Step::Additional)));
    }
    for &id in same_field(s) {
        out.push((id, None));
    }
    out
}

/// The children that describe the same field (compositions, `$ref` with siblings, `not`,
/// conditional and other applicators).
fn same_field(s: &Schema) -> impl Iterator<Item = &SchemaId> {
    s.all_of
        .iter()
        .chain(&s.one_of)
        .chain(&s.any_of)
        .chain(&s.ref_target)
        .chain(&s.rare().not)
        .chain(s.rare().applicators.values())
}

/// The markers of a schema node, property or parameter: `deprecated: true` and `x-sunset`.
fn plain_markers(deprecated: bool, extensions: &Extensions) -> Vec<Marker> {
    let mut m = Vec::new();
    if deprecated {
        m.push(Marker::Deprecated);
    }
    if sunset_of(extensions).is_some() {
        m.push(Marker::SunsetExtension);
    }
    m
}

/// An entry read the plain way: `deprecated: true`, `x-sunset` and `x-deprecated-since`.
fn plain_entry(
    element: String,
    kind: Kind,
    identity: Identity,
    origin: &Origin,
    marked_by: Vec<Marker>,
    extensions: &Extensions,
    operations: Vec<OpRef>,
) -> Entry {
    let (sunset, invalid_sunset) = read_sunset(sunset_of(extensions).as_ref());
    Entry {
        element,
        kind,
        identity,
        origin: origin.clone(),
        marked_by,
        since: since_of(extensions),
        sunset,
        invalid_sunset,
        operations,
    }
}

struct Collector<'a> {
    api: &'a Api,
    ops: Vec<FlatOp<'a>>,
    entries: Vec<Entry>,
    by_identity: HashMap<Identity, usize>,
}

impl<'a> Collector<'a> {
    /// Adds an entry, or merges its operations into the entry of the same identity.
    fn add(&mut self, entry: Entry) -> usize {
        if let Some(&i) = self.by_identity.get(&entry.identity) {
            for op in entry.operations {
                if !self.entries[i].operations.contains(&op) {
                    self.entries[i].operations.push(op);
                }
            }
            return i;
        }
        let i = self.entries.len();
        self.by_identity.insert(entry.identity.clone(), i);
        self.entries.push(entry);
        i
    }

    fn operation_entries(&mut self, i: usize) {
        let api = self.api;
        let f = &self.ops[i];
        let (op, label, op_ref, id) = (f.op, f.label.clone(), f.op_ref.clone(), f.id.clone());
        let header = |name: &str| op.responses.values().find_map(|r| r.headers.get(name));
        let mut marked_by = Vec::new();
        if operation_deprecated(op) {
            if op.deprecated {
                marked_by.push(Marker::Deprecated);
            }
            if header("deprecation").is_some() {
                marked_by.push(Marker::DeprecationHeader);
            }
        }
        if sunset_of(&op.extensions).is_some() {
            marked_by.push(Marker::SunsetExtension);
        }
        if header("sunset").is_some() {
            marked_by.push(Marker::SunsetHeader);
        }
        if !marked_by.is_empty() {
            let (sunset, invalid_sunset) = read_sunset(operation_sunset(api, op).as_ref());
            let since = since_of(&op.extensions).or_else(|| {
                header("deprecation")
                    .and_then(|h| documented_value(api, h))
                    .and_then(parse_deprecation_date)
            });
            self.add(Entry {
                element: label.clone(),
                kind: Kind::Operation,
                identity: Identity::Operation(id.clone()),
                origin: op.origin.clone(),
                marked_by,
                since,
                sunset,
                invalid_sunset,
                operations: vec![op_ref.clone()],
            });
        }
        for (key, p) in &op.parameters {
            let marked_by = plain_markers(p.deprecated, &p.extensions);
            if marked_by.is_empty() {
                continue;
            }
            let entry = plain_entry(
                format!("{} parameter `{}` of {label}", p.location.as_str(), p.name),
                Kind::Parameter,
                Identity::Parameter(id.clone(), key.clone()),
                &p.origin,
                marked_by,
                &p.extensions,
                vec![op_ref.clone()],
            );
            self.add(entry);
        }
        for (status, r) in &op.responses {
            for (lower, h) in &r.headers {
                let marked_by = plain_markers(h.deprecated, &h.extensions);
                if marked_by.is_empty() {
                    continue;
                }
                let entry = plain_entry(
                    format!("header `{}` of {label} {status}", h.name),
                    Kind::Header,
                    Identity::Header(id.clone(), status.clone(), lower.clone()),
                    &h.origin,
                    marked_by,
                    &h.extensions,
                    vec![op_ref.clone()],
                );
                self.add(entry);
            }
        }
    }

    /// The inline schemas of operation `i`: deprecated nodes become entries; the components
    /// they reach are returned (by index in `components.schemas`).
    fn operation_schemas(&mut self, i: usize) -> HashSet<usize> {
        let api = self.api;
        let op = self.ops[i].op;
        // (root, place, whether the root itself is an element of its own)
        let roots: Vec<(SchemaId, Place, bool)> = places(op)
            .into_iter()
            .flat_map(|(place, own)| {
                place_roots(op, &place)
                    .into_iter()
                    .map(move |root| (root, place.clone(), own))
            })
            .collect();
        let mut reached = HashSet::new();
        let mut visited: HashSet<SchemaId> = HashSet::new();
        for (root, place, report_root) in roots {
            let mut stack: Vec<(SchemaId, Vec<Step>, bool)> = vec![(root, Vec::new(), true)];
            while let Some((id, path, is_root)) = stack.pop() {
                if !visited.insert(id) {
                    continue;
                }
                let s = api.schemas.get(id);
                if let Owner::Component(name) = &s.owner {
                    if let Some(index) = api.components.schemas.get_index_of(&**name) {
                        reached.insert(index);
                    }
                    continue;
                }
                let marked_by = plain_markers(s.deprecated, &s.extensions);
                if !marked_by.is_empty() && (report_root || !is_root) {
                    self.inline_entry(i, &place, &path, s, marked_by);
                }
                for (child, step) in children(s).into_iter().rev() {
                    let mut p = path.clone();
                    p.extend(step);
                    stack.push((child, p, false));
                }
            }
        }
        reached
    }

    fn inline_entry(
        &mut self,
        i: usize,
        place: &Place,
        path: &[Step],
        s: &Schema,
        marked_by: Vec<Marker>,
    ) {
        let f = &self.ops[i];
        let where_ = match place {
            Place::RequestBody => "request body".to_string(),
            Place::Response(status) => format!("response {status}"),
            Place::Parameter(key) => format!("{} parameter `{}`", key.location.as_str(), {
                f.op.parameters
                    .get(key)
                    .map_or(key.name.as_str(), |p| p.name.as_str())
            }),
            Place::Header(status, lower) => format!(
                "header `{}` of response {status}",
                f.op.responses
                    .get(status)
                    .and_then(|r| r.headers.get(lower))
                    .map_or(lower.as_str(), |h| h.name.as_str())
            ),
        };
        let (element, kind) = if path.is_empty() {
            (format!("schema of {} {where_}", f.label), Kind::Schema)
        } else {
            (
                format!("property `{}` of {} {where_}", field_path(path), f.label),
                Kind::Property,
            )
        };
        let identity = Identity::InlineProperty {
            operation: f.id.clone(),
            place: place.clone(),
            path: path.to_vec(),
        };
        let ops = vec![f.op_ref.clone()];
        let entry = plain_entry(
            element,
            kind,
            identity,
            &s.origin,
            marked_by,
            &s.extensions,
            ops,
        );
        self.add(entry);
    }

    /// Component schemas and their properties. Returns, per component, the entries found in
    /// it and the components it references.
    fn components(&mut self) -> (Vec<Vec<usize>>, Vec<HashSet<usize>>) {
        let api = self.api;
        let n = api.components.schemas.len();
        let mut entries_of: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut edges: Vec<HashSet<usize>> = vec![HashSet::new(); n];
        let mut visited: HashSet<SchemaId> = HashSet::new();
        for (index, (name, &root)) in api.components.schemas.iter().enumerate() {
            let mut stack: Vec<(SchemaId, Vec<Step>)> = vec![(root, Vec::new())];
            while let Some((id, path)) = stack.pop() {
                let s = api.schemas.get(id);
                let is_root = id == root;
                if !is_root {
                    // Another component (or this one again): an edge, not a descent.
                    let other = match (&s.component, &s.owner) {
                        (Some(c), _) => Some(c),
                        (None, Owner::Component(c)) if **c != **name => Some(c),
                        (None, Owner::Inline) => continue,
                        _ => None,
                    };
                    if let Some(other) = other {
                        if let Some(j) = api.components.schemas.get_index_of(&**other)
                            && j != index
                        {
                            edges[index].insert(j);
                        }
                        continue;
                    }
                }
                if !visited.insert(id) {
                    continue;
                }
                let marked_by = plain_markers(s.deprecated, &s.extensions);
                if !marked_by.is_empty() && (is_root || !path.is_empty()) {
                    let (element, kind, identity) = if is_root {
                        (
                            format!("schema `{name}`"),
                            Kind::Schema,
                            Identity::Schema(name.clone()),
                        )
                    } else {
                        (
                            format!("property `{name}.{}`", field_path(&path)),
                            Kind::Property,
                            Identity::Property {
                                component: name.clone(),
                                path: path.clone(),
                            },
                        )
                    };
                    let entry = plain_entry(
                        element,
                        kind,
                        identity,
                        &s.origin,
                        marked_by,
                        &s.extensions,
                        Vec::new(),
                    );
                    let e = self.add(entry);
                    if !entries_of[index].contains(&e) {
                        entries_of[index].push(e);
                    }
                }
                for (child, step) in children(s).into_iter().rev() {
                    let mut p = path.clone();
                    p.extend(step);
                    stack.push((child, p));
                }
            }
        }
        (entries_of, edges)
    }
}

/// Every deprecated (or sunset) element of `api`, unordered (see [`Ledger::of`] for the
/// order). Deterministic: operations in document order, then component schemas.
pub fn collect(api: &Api) -> Vec<Entry> {
    let mut ops = Vec::new();
    flatten(&api.operations, None, &mut ops);
    let mut c = Collector {
        api,
        ops,
        entries: Vec::new(),
        by_identity: HashMap::new(),
    };
    let mut reached: Vec<HashSet<usize>> = Vec::with_capacity(c.ops.len());
    for i in 0..c.ops.len() {
        c.operation_entries(i);
        reached.push(c.operation_schemas(i));
    }
    let (entries_of, edges) = c.components();
    // The operations that reach each component with entries: a walk over the component
    // graph from what each operation reaches directly.
    if entries_of.iter().any(|e| !e.is_empty()) {
        let n = entries_of.len();
        for (i, direct) in reached.iter().enumerate() {
            let mut seen = vec![false; n];
            let mut stack: Vec<usize> = direct.iter().copied().collect();
            while let Some(j) = stack.pop() {
                if std::mem::replace(&mut seen[j], true) {
                    continue;
                }
                stack.extend(edges[j].iter().copied().filter(|&k| !seen[k]));
            }
            for j in (0..n).filter(|&j| seen[j]) {
                for &e in &entries_of[j] {
                    let op = &c.ops[i].op_ref;
                    if !c.entries[e].operations.contains(op) {
                        c.entries[e].operations.push(op.clone());
                    }
                }
            }
        }
    }
    c.entries
}

/// Whether the element `identity` names exists in `api` (deprecated or not).
pub fn exists(api: &Api, identity: &Identity) -> bool {
    match identity {
        Identity::Operation(id) => find_op(api, id).is_some(),
        // Header parameter names are lowercased in their keys already.
        Identity::Parameter(id, key) => {
            find_op(api, id).is_some_and(|op| op.parameters.contains_key(key))
        }
        Identity::Header(id, status, name) => find_op(api, id).is_some_and(|op| {
            op.responses
                .get(status)
                .is_some_and(|r| r.headers.contains_key(name))
        }),
        Identity::Schema(name) => api.components.schemas.contains_key(name),
        Identity::Property { component, path } => api
            .components
            .schemas
            .get(component)
            .is_some_and(|&root| resolve(api, root, path)),
        Identity::InlineProperty {
            operation,
            place,
            path,
        } => {
            let Some(op) = find_op(api, operation) else {
                return false;
            };
            place_roots(op, place)
                .into_iter()
                .any(|r| resolve(api, r, path))
        }
    }
}

/// The places of an operation that hold schemas, in document order, each with whether its
/// root schema is an element of its own: a body or response schema is; a parameter's or
/// header's schema is the parameter or header (2.0 parameters are schemas themselves).
fn places(op: &Operation) -> Vec<(Place, bool)> {
    let mut out: Vec<(Place, bool)> = op
        .parameters
        .keys()
        .map(|key| (Place::Parameter(key.clone()), false))
        .collect();
    if op.request_body.is_some() {
        out.push((Place::RequestBody, true));
    }
    for (status, r) in &op.responses {
        out.push((Place::Response(status.clone()), true));
        for lower in r.headers.keys() {
            out.push((Place::Header(status.clone(), lower.clone()), false));
        }
    }
    out
}

/// Media type -> media type object, as bodies, parameters and headers hold them.
type Content = crate::model::OrderedMap<String, crate::model::MediaType>;

/// The root schemas at `place` in `op` (none when the place is gone).
fn place_roots(op: &Operation, place: &Place) -> Vec<SchemaId> {
    let bodies = |content: &Content| -> Vec<SchemaId> {
        content
            .values()
            .flat_map(|m| m.schema.iter().chain(&m.item_schema).copied())
            .collect()
    };
    let own_and_content = |schema: Option<SchemaId>, content: &Content| -> Vec<SchemaId> {
        schema
            .into_iter()
            .chain(content.values().filter_map(|m| m.schema))
            .collect()
    };
    match place {
        Place::RequestBody => op
            .request_body
            .as_ref()
            .map_or_else(Vec::new, |b| bodies(&b.content)),
        Place::Response(status) => op
            .responses
            .get(status)
            .map_or_else(Vec::new, |r| bodies(&r.content)),
        Place::Parameter(key) => op
            .parameters
            .get(key)
            .map_or_else(Vec::new, |p| own_and_content(p.schema, &p.content)),
        Place::Header(status, name) => op
            .responses
            .get(status)
            .and_then(|r| r.headers.get(name))
            .map_or_else(Vec::new, |h| own_and_content(h.schema, &h.content)),
    }
}

fn find_op<'a>(api: &'a Api, id: &[OpKey]) -> Option<&'a Operation> {
    let (first, rest) = id.split_first()?;
    let mut op = api.operations.get(first)?;
    for key in rest {
        op = op.callbacks.values().find_map(|cb| cb.get(key))?;
    }
    Some(op)
}

/// Follows `path` from `root`, through compositions and `$ref`s.
fn resolve(api: &Api, root: SchemaId, path: &[Step]) -> bool {
    fn step_from(api: &Api, id: SchemaId, step: &Step, depth: usize) -> Option<SchemaId> {
        if depth > 16 {
            return None;
        }
        let s = api.schemas.get(id);
        let direct = match step {
            Step::Property(name) => s
                .properties
                .get(name)
                .or_else(|| s.rare().pattern_properties.get(name))
                .copied(),
            Step::Items => s.items,
            Step::PrefixItem(i) => s.rare().prefix_items.get(*i).copied(),
            Step::Additional => match s.additional_properties {
                Some(AdditionalProperties::Schema(a)) => Some(a),
                _ => None,
            },
        };
        direct.or_else(|| same_field(s).find_map(|&c| step_from(api, c, step, depth + 1)))
    }
    let mut current = root;
    for step in path {
        match step_from(api, current, step, 0) {
            Some(next) => current = next,
            None => return false,
        }
    }
    true
}
