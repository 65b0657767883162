//! The deprecation ledger (`apidelta deprecations`, DESIGN §2.6): everything one description
//! deprecates or schedules for removal, with since and sunset dates, days left and what is
//! overdue as of a reference date; and [`LedgerHistory`], which follows the ledger over
//! successive versions (since which version, removed in which version, before or after its
//! sunset).
//!
//! Deprecation is read as the classifier reads it ([`crate::rules::lifecycle`]):
//! - `deprecated: true` on operations, parameters, response headers, component schemas and
//!   properties (of component schemas, and of inline request, response, parameter and header
//!   schemas);
//! - a documented `Deprecation` response header (RFC 9745) deprecates its operation
//!   ([`operation_deprecated`]);
//! - the sunset is `x-sunset` / `x-sunset-date` ([`sunset_of`]), for an operation also a
//!   documented `Sunset` response header (RFC 8594) ([`operation_sunset`]).
//!
//! An element that declares a sunset without `deprecated: true` is listed too: a sunset
//! announces a removal, and a ledger that left it out would hide the one date that matters.
//! Each entry says what put it in the ledger ([`Entry::marked_by`]).
//!
//! The deprecation date (`since`) comes from an `x-deprecated-since`, `x-deprecated-at`,
//! `x-deprecation-date` or `x-deprecated-date` extension, and for an operation from the date
//! its `Deprecation` header documents (`@1688169599` as RFC 9745 writes it, or an ISO or HTTP
//! date). Vendor extensions naming a *version* (Adyen's `x-deprecatedInVersion`) are not
//! dates and are not read.
//!
//! Deprecated enum values have no standard spelling and no place in the model; they are not
//! listed.

use crate::model::{
    AdditionalProperties, Api, Extensions, Header, OpKey, OpScope, Operation, Origin, Owner,
    ParamKey, Schema, SchemaId,
};
use crate::rules::lifecycle::{Date, operation_deprecated, operation_sunset, sunset_of};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// What kind of element an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Operation,
    Parameter,
    Header,
    Schema,
    Property,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Operation => "operation",
            Kind::Parameter => "parameter",
            Kind::Header => "header",
            Kind::Schema => "schema",
            Kind::Property => "property",
        }
    }
}

/// What put an element in the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Marker {
    /// `deprecated: true`.
    Deprecated,
    /// A documented `Deprecation` response header (RFC 9745).
    DeprecationHeader,
    /// `x-sunset` or `x-sunset-date`.
    SunsetExtension,
    /// A documented `Sunset` response header (RFC 8594).
    SunsetHeader,
}

impl Marker {
    pub fn as_str(self) -> &'static str {
        match self {
            Marker::Deprecated => "deprecated",
            Marker::DeprecationHeader => "deprecation-header",
            Marker::SunsetExtension => "x-sunset",
            Marker::SunsetHeader => "sunset-header",
        }
    }
}

/// One step of a field path inside a schema.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Step {
    /// A property (or a `patternProperties` pattern) by name.
    Property(String),
    /// `items`: shown as `[]`.
    Items,
    /// `prefixItems[i]`: shown as `[i]`.
    PrefixItem(usize),
    /// `additionalProperties`: shown as `{*}`.
    Additional,
}

/// A field path as people read it: `items[].sku`, `metadata{*}`.
pub fn field_path(steps: &[Step]) -> String {
    let mut out = String::new();
    for step in steps {
        match step {
            Step::Property(name) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(name);
            }
            Step::Items => out.push_str("[]"),
            Step::PrefixItem(i) => out.push_str(&format!("[{i}]")),
            Step::Additional => out.push_str("{*}"),
        }
    }
    out
}

/// Where an inline schema hangs off its operation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Place {
    RequestBody,
    /// A response by status code (`200`, `4XX`, `default`).
    Response(String),
    Parameter(ParamKey),
    /// A response header: status code and lowercased name.
    Header(String, String),
}

/// An element's identity across versions, independent of where it is written: operations by
/// method and path template with parameter names erased ([`OpKey`]; a callback operation by
/// the chain of keys from its top-level operation), parameters by location and name
/// ([`ParamKey`]), headers by status and lowercased name, schemas by component name, and
/// properties by component (or operation and place) and field path.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Identity {
    Operation(Vec<OpKey>),
    Parameter(Vec<OpKey>, ParamKey),
    Header(Vec<OpKey>, String, String),
    Schema(String),
    Property {
        component: String,
        path: Vec<Step>,
    },
    InlineProperty {
        operation: Vec<OpKey>,
        place: Place,
        path: Vec<Step>,
    },
}

/// An operation an entry affects.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OpRef {
    pub scope: OpScope,
    pub method: String,
    /// The path template as written (or the webhook name, or the callback expression).
    pub path: String,
    pub operation_id: Option<String>,
}

impl OpRef {
    /// `GET /pets`.
    pub fn label(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// One deprecated (or sunset) element of one description.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Human readable: `GET /pets`, ``query parameter `limit` of GET /pets``,
    /// ``property `Pet.name` ``, ``header `X-Rate-Limit` of GET /pets 200``, ``schema `Pet` ``.
    pub element: String,
    pub kind: Kind,
    pub identity: Identity,
    pub origin: Origin,
    /// What put the element in the ledger, in [`Marker`] order.
    pub marked_by: Vec<Marker>,
    /// When it was deprecated, when the description says.
    pub since: Option<Date>,
    /// When it goes away, when the description says so with a date.
    pub sunset: Option<Date>,
    /// A sunset that is not a date, as written.
    pub invalid_sunset: Option<String>,
    /// The operations that use the element, in document order: the operation itself for
    /// operations, parameters and headers; every operation that reaches the schema for
    /// schemas and properties.
    pub operations: Vec<OpRef>,
}

impl Entry {
    /// `sunset − as_of` in days; `None` without a sunset date.
    pub fn days_left(&self, as_of: Date) -> Option<i64> {
        self.sunset.map(|s| as_of.days_until(s))
    }

    /// The sunset is before the reference date.
    pub fn overdue(&self, as_of: Date) -> bool {
        self.sunset.is_some_and(|s| s < as_of)
    }
}

/// How a deprecated element was removed, judged against its last known sunset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Removal {
    BeforeSunset,
    AfterSunset,
    NoSunset,
}

impl Removal {
    pub fn as_str(self) -> &'static str {
        match self {
            Removal::BeforeSunset => "before-sunset",
            Removal::AfterSunset => "after-sunset",
            Removal::NoSunset => "no-sunset",
        }
    }

    /// Judges a removal on `removed` against `sunset`. A `Sunset` (RFC 8594) is the time from
    /// which the element may stop working, so a removal on the sunset day itself is planned:
    /// `after-sunset`; only a removal strictly before it is `before-sunset`.
    pub fn judge(sunset: Option<Date>, removed: Date) -> Removal {
        match sunset {
            None => Removal::NoSunset,
            Some(s) if removed < s => Removal::BeforeSunset,
            Some(_) => Removal::AfterSunset,
        }
    }
}

/// An entry as of a reference date, with its history when there is one.
#[derive(Debug, Clone)]
pub struct LedgerEntry {
    pub entry: Entry,
    /// `sunset − as_of`; `None` without a sunset.
    pub days_left: Option<i64>,
    /// The sunset is before the reference date (never for a removed element).
    pub overdue: bool,
    /// History only: the first version of the current deprecation.
    pub since_version: Option<String>,
    /// History only: the version in which the element is gone.
    pub removed_in: Option<String>,
    pub removal: Option<Removal>,
}

/// The ledger of one description (or of the newest of several), ordered: present entries
/// before removed ones; overdue first; then by sunset date (none last); then by element.
#[derive(Debug, Clone)]
pub struct Ledger {
    pub as_of: Date,
    pub entries: Vec<LedgerEntry>,
    /// The version labels a history was built from, oldest first; empty for one description.
    pub versions: Vec<String>,
}

/// An entry with its `since_version` and, for a removed element, `removed_in` and `removal`.
type Item = (Entry, Option<String>, Option<(String, Removal)>);

/// Counts for summaries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Present entries (removed ones are not counted here).
    pub deprecated: usize,
    pub overdue: usize,
    /// A sunset date on or after the reference date.
    pub sunset_ahead: usize,
    /// No sunset date (none, or one that is not a date).
    pub no_sunset: usize,
    pub removed: usize,
}

impl Ledger {
    /// The ledger of one description as of `as_of`.
    pub fn of(api: &Api, as_of: Date) -> Ledger {
        Ledger::build(
            as_of,
            collect(api).into_iter().map(|e| (e, None, None)).collect(),
            Vec::new(),
        )
    }

    fn build(as_of: Date, items: Vec<Item>, versions: Vec<String>) -> Ledger {
        let mut entries: Vec<LedgerEntry> = items
            .into_iter()
            .map(|(entry, since_version, removed)| {
                let (removed_in, removal) = match removed {
                    Some((label, r)) => (Some(label), Some(r)),
                    None => (None, None),
                };
                LedgerEntry {
                    days_left: entry.days_left(as_of),
                    overdue: removed_in.is_none() && entry.overdue(as_of),
                    entry,
                    since_version,
                    removed_in,
                    removal,
                }
            })
            .collect();
        entries.sort_by(|a, b| {
            let key = |e: &LedgerEntry| {
                (
                    e.removed_in.is_some(),
                    !e.overdue,
                    e.entry.sunset.is_none(),
                    e.entry.sunset,
                )
            };
            key(a)
                .cmp(&key(b))
                .then_with(|| a.entry.element.cmp(&b.entry.element))
                .then_with(|| a.entry.origin.pointer.cmp(&b.entry.origin.pointer))
                .then_with(|| a.removed_in.cmp(&b.removed_in))
        });
        Ledger {
            as_of,
            entries,
            versions,
        }
    }

    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for e in &self.entries {
            if e.removed_in.is_some() {
                c.removed += 1;
                continue;
            }
            c.deprecated += 1;
            if e.overdue {
                c.overdue += 1;
            } else if e.entry.sunset.is_some() {
                c.sunset_ahead += 1;
            } else {
                c.no_sunset += 1;
            }
        }
        c
    }

    /// Whether any present entry is overdue (`--fail-on-overdue`).
    pub fn any_overdue(&self) -> bool {
        self.entries.iter().any(|e| e.overdue)
    }

    /// Built from several versions.
    pub fn is_history(&self) -> bool {
        !self.versions.is_empty()
    }
}

/// The deprecation date an element's extensions declare.
pub fn since_of(extensions: &Extensions) -> Option<Date> {
    [
        "x-deprecated-since",
        "x-deprecated-at",
        "x-deprecation-date",
        "x-deprecated-date",
    ]
    .iter()
    .find_map(|k| extensions.get(*k))
    .and_then(Date::parse_value)
}

/// A date as a `Deprecation` header carries it: RFC 9745 `@<unix seconds>`, or (earlier
/// drafts) an HTTP-date or ISO date.
pub fn parse_deprecation_date(v: &Value) -> Option<Date> {
    let secs = match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => match s.trim().strip_prefix('@') {
            Some(rest) => Some(rest.parse::<i64>().ok()?),
            None => None,
        },
        _ => None,
    };
    match secs {
        Some(secs) => Some(Date(secs.div_euclid(86_400))),
        None => Date::parse_value(v),
    }
}

/// The value a documented header's schema gives: default, example, or a single enum value
/// (the way [`operation_sunset`] reads the `Sunset` header).
fn header_value<'a>(api: &'a Api, h: &Header) -> Option<&'a Value> {
    let schema = api.schemas.get(h.schema?);
    schema
        .default
        .as_ref()
        .or(schema.examples.first())
        .or(schema.enum_values.as_ref().and_then(|v| v.first()))
}

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
    ops: &'a indexmap::IndexMap<OpKey, Operation>,
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
    for (name, &id) in s.properties.iter().chain(&s.pattern_properties) {
        out.push((id, Some(Step::Property(name.clone()))));
    }
    if let Some(id) = s.items {
        out.push((id, Some(Step::Items)));
    }
    for (i, &id) in s.prefix_items.iter().enumerate() {
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
        .chain(&s.not)
        .chain(s.applicators.values())
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
    let (sunset, invalid_sunset) = read_sunset(sunset_of(extensions));
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
            let (sunset, invalid_sunset) = read_sunset(operation_sunset(api, op));
            let since = since_of(&op.extensions).or_else(|| {
                header("deprecation")
                    .and_then(|h| header_value(api, h))
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
        let mut roots: Vec<(SchemaId, Place, bool)> = Vec::new();
        for (key, p) in &op.parameters {
            // A parameter's schema is the parameter (2.0 parameters are schemas themselves).
            let place = Place::Parameter(key.clone());
            roots.extend(p.schema.map(|s| (s, place.clone(), false)));
            for m in p.content.values() {
                roots.extend(m.schema.map(|s| (s, place.clone(), false)));
            }
        }
        if let Some(body) = &op.request_body {
            for m in body.content.values() {
                for s in m.schema.iter().chain(&m.item_schema) {
                    roots.push((*s, Place::RequestBody, true));
                }
            }
        }
        for (status, r) in &op.responses {
            for m in r.content.values() {
                for s in m.schema.iter().chain(&m.item_schema) {
                    roots.push((*s, Place::Response(status.clone()), true));
                }
            }
            for (lower, h) in &r.headers {
                let place = Place::Header(status.clone(), lower.clone());
                roots.extend(h.schema.map(|s| (s, place.clone(), false)));
                for m in h.content.values() {
                    roots.extend(m.schema.map(|s| (s, place.clone(), false)));
                }
            }
        }
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
                    if let Some(index) = api.components.schemas.get_index_of(name) {
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
                        (None, Owner::Component(c)) if c != name => Some(c),
                        (None, Owner::Inline) => continue,
                        _ => None,
                    };
                    if let Some(other) = other {
                        if let Some(j) = api.components.schemas.get_index_of(other)
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
            let roots: Vec<SchemaId> = match place {
                Place::RequestBody => op
                    .request_body
                    .iter()
                    .flat_map(|b| b.content.values())
                    .flat_map(|m| m.schema.iter().chain(&m.item_schema).copied())
                    .collect(),
                Place::Response(status) => op
                    .responses
                    .get(status)
                    .into_iter()
                    .flat_map(|r| r.content.values())
                    .flat_map(|m| m.schema.iter().chain(&m.item_schema).copied())
                    .collect(),
                Place::Parameter(key) => op
                    .parameters
                    .get(key)
                    .into_iter()
                    .flat_map(|p| {
                        p.schema
                            .into_iter()
                            .chain(p.content.values().filter_map(|m| m.schema))
                    })
                    .collect(),
                Place::Header(status, name) => op
                    .responses
                    .get(status)
                    .and_then(|r| r.headers.get(name))
                    .into_iter()
                    .flat_map(|h| {
                        h.schema
                            .into_iter()
                            .chain(h.content.values().filter_map(|m| m.schema))
                    })
                    .collect(),
            };
            roots.into_iter().any(|r| resolve(api, r, path))
        }
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
                .or_else(|| s.pattern_properties.get(name))
                .copied(),
            Step::Items => s.items,
            Step::PrefixItem(i) => s.prefix_items.get(*i).copied(),
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

/// What the history remembers of an element deprecated in an earlier version and gone now.
#[derive(Debug, Clone)]
struct Removed {
    /// The entry as the last version that had it wrote it (its sunset included).
    entry: Entry,
    since_version: String,
    removed_in: String,
    /// The date of the version it was removed in, when known.
    removed_on: Option<Date>,
}

/// The ledger across successive versions of one API.
///
/// Call [`LedgerHistory::push`] (or [`LedgerHistory::push_dated`]) once per version, oldest
/// first, then [`LedgerHistory::finish`]. The result lists the newest version's entries, each
/// with `since_version` (the first version of its current deprecation: an element that was
/// un-deprecated and deprecated again counts from the later version), and one entry per
/// element that was deprecated in some version and is gone in a later one, with
/// `removed_in` and `removal`.
///
/// `removal` compares the sunset the last version that had the element declared with the
/// date of the version that removed it. Descriptions carry no release date, so that date is,
/// in order: the one given to [`LedgerHistory::push_dated`] (a commit or release date); the
/// version label itself when it is a date (`2024-06-20`, as date-versioned APIs label their
/// releases); and only then the reference date given to [`LedgerHistory::finish`] (`--as-of`),
/// which is right when the newest version is being judged today and may be wrong for old
/// removals.
///
/// An element that comes back (deprecated again, or present and not deprecated) is no
/// longer listed as removed. An element that was deprecated and then un-deprecated is
/// forgotten: it is not deprecated in the newest version, and its later removal is not a
/// removal of a deprecated element.
#[derive(Debug, Clone, Default)]
pub struct LedgerHistory {
    versions: Vec<String>,
    /// The newest version's entries, with their `since_version`.
    current: Vec<(Entry, String)>,
    removed: Vec<Removed>,
}

impl LedgerHistory {
    pub fn new() -> LedgerHistory {
        LedgerHistory::default()
    }

    /// Adds the next version, without a known release date.
    pub fn push(&mut self, label: &str, api: &Api) {
        self.push_dated(label, None, api);
    }

    /// Adds the next version, with its release (or commit) date when known.
    pub fn push_dated(&mut self, label: &str, date: Option<Date>, api: &Api) {
        let entries = collect(api);
        let now: HashSet<&Identity> = entries.iter().map(|e| &e.identity).collect();
        // Earlier removals that came back.
        self.removed
            .retain(|r| !now.contains(&r.entry.identity) && !exists(api, &r.entry.identity));
        let mut since: HashMap<Identity, String> = HashMap::new();
        for (entry, since_version) in std::mem::take(&mut self.current) {
            if now.contains(&entry.identity) {
                since.insert(entry.identity, since_version);
            } else if !exists(api, &entry.identity) {
                self.removed.push(Removed {
                    entry,
                    since_version,
                    removed_in: label.to_string(),
                    removed_on: date.or_else(|| Date::parse(label)),
                });
            }
            // Present and no longer deprecated: forgotten.
        }
        self.current = entries
            .into_iter()
            .map(|e| {
                let s = since
                    .remove(&e.identity)
                    .unwrap_or_else(|| label.to_string());
                (e, s)
            })
            .collect();
        self.versions.push(label.to_string());
    }

    /// The labels pushed so far, oldest first.
    pub fn versions(&self) -> &[String] {
        &self.versions
    }

    /// The ledger of the newest version plus the removed elements, as of `as_of`.
    pub fn finish(self, as_of: Date) -> Ledger {
        let mut items: Vec<Item> = self
            .current
            .into_iter()
            .map(|(e, s)| (e, Some(s), None))
            .collect();
        for r in self.removed {
            let removal = Removal::judge(r.entry.sunset, r.removed_on.unwrap_or(as_of));
            items.push((
                r.entry,
                Some(r.since_version),
                Some((r.removed_in, removal)),
            ));
        }
        Ledger::build(as_of, items, self.versions)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(yaml: &str) -> Api {
        let input = crate::load::Input::Text {
            name: "spec.yaml".into(),
            text: yaml.to_string(),
        };
        let docs = crate::load::load(&input, &Default::default()).unwrap();
        crate::normalize::normalize(&docs).unwrap()
    }

    fn date(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /pets/{petId}:
    get:
      operationId: getPet
      deprecated: true
      x-sunset: "2026-03-01"
      x-deprecated-since: "2025-01-15"
      parameters:
        - {name: petId, in: path, required: true, schema: {type: string}}
        - name: fields
          in: query
          deprecated: true
          x-sunset: "2027-01-01"
          schema: {type: string}
      responses:
        "200":
          description: ok
          headers:
            X-Rate-Limit:
              deprecated: true
              schema: {type: integer}
          content:
            application/json:
              schema:
                type: object
                properties:
                  pet: {$ref: "#/components/schemas/Pet"}
                  legacy: {type: string, deprecated: true}
  /orders:
    get:
      responses:
        "200":
          description: ok
          headers:
            Deprecation:
              schema: {type: string, example: "@1735689600"}
            Sunset:
              schema: {type: string, example: "Wed, 30 Sep 2026 23:59:59 GMT"}
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Order"}
  /stores:
    get:
      x-sunset: soon
      responses:
        "200": {description: ok}
components:
  schemas:
    Order:
      type: object
      properties:
        items:
          type: array
          items: {$ref: "#/components/schemas/Pet"}
    Pet:
      type: object
      properties:
        name: {type: string, deprecated: true, x-sunset: "2026-12-31"}
        tags:
          type: array
          items:
            type: object
            properties:
              old: {type: string, deprecated: true}
    OldPet:
      deprecated: true
      type: object
"##;

    fn find<'a>(entries: &'a [Entry], element: &str) -> &'a Entry {
        entries
            .iter()
            .find(|e| e.element == element)
            .unwrap_or_else(|| {
                let all: Vec<&str> = entries.iter().map(|e| e.element.as_str()).collect();
                panic!("no entry `{element}` in {all:?}")
            })
    }

    #[test]
    fn collects_every_kind_with_dates_and_operations() {
        let entries = collect(&api(SPEC));
        let mut elements: Vec<&str> = entries.iter().map(|e| e.element.as_str()).collect();
        elements.sort();
        assert_eq!(
            elements,
            [
                "GET /orders",
                "GET /pets/{petId}",
                "GET /stores",
                "header `X-Rate-Limit` of GET /pets/{petId} 200",
                "property `Pet.name`",
                "property `Pet.tags[].old`",
                "property `legacy` of GET /pets/{petId} response 200",
                "query parameter `fields` of GET /pets/{petId}",
                "schema `OldPet`",
            ]
        );
        let op = find(&entries, "GET /pets/{petId}");
        assert_eq!(op.kind, Kind::Operation);
        assert_eq!(op.origin.pointer, "/paths/~1pets~1{petId}/get");
        assert_eq!(op.since, Some(date("2025-01-15")));
        assert_eq!(op.sunset, Some(date("2026-03-01")));
        assert_eq!(op.marked_by, [Marker::Deprecated, Marker::SunsetExtension]);

        // RFC 9745 `@seconds` and an RFC 8594 HTTP-date.
        let orders = find(&entries, "GET /orders");
        assert_eq!(orders.since, Some(date("2025-01-01")));
        assert_eq!(orders.sunset, Some(date("2026-09-30")));
        assert_eq!(
            orders.marked_by,
            [Marker::DeprecationHeader, Marker::SunsetHeader]
        );

        let stores = find(&entries, "GET /stores");
        assert_eq!(stores.sunset, None);
        assert_eq!(stores.invalid_sunset.as_deref(), Some("soon"));
        assert_eq!(stores.marked_by, [Marker::SunsetExtension]);

        let param = find(&entries, "query parameter `fields` of GET /pets/{petId}");
        assert_eq!(param.kind, Kind::Parameter);
        assert_eq!(param.sunset, Some(date("2027-01-01")));
        assert_eq!(param.operations.len(), 1);

        let header = find(&entries, "header `X-Rate-Limit` of GET /pets/{petId} 200");
        assert_eq!(header.kind, Kind::Header);
        assert_eq!(
            header.origin.pointer,
            "/paths/~1pets~1{petId}/get/responses/200/headers/X-Rate-Limit"
        );

        // Pet is reached directly by GET /pets/{petId} and through Order by GET /orders.
        let name = find(&entries, "property `Pet.name`");
        assert_eq!(name.kind, Kind::Property);
        assert_eq!(
            name.origin.pointer,
            "/components/schemas/Pet/properties/name"
        );
        let ops: Vec<String> = name.operations.iter().map(OpRef::label).collect();
        assert_eq!(ops, ["GET /pets/{petId}", "GET /orders"]);
        assert_eq!(
            find(&entries, "property `Pet.tags[].old`").identity,
            Identity::Property {
                component: "Pet".into(),
                path: vec![
                    Step::Property("tags".into()),
                    Step::Items,
                    Step::Property("old".into())
                ],
            }
        );
        // Used by nothing.
        let old = find(&entries, "schema `OldPet`");
        assert_eq!(old.kind, Kind::Schema);
        assert!(old.operations.is_empty());
        let legacy = find(
            &entries,
            "property `legacy` of GET /pets/{petId} response 200",
        );
        assert_eq!(legacy.operations.len(), 1);
    }

    #[test]
    fn ledger_orders_overdue_first_then_sunset_then_element() {
        let ledger = Ledger::of(&api(SPEC), date("2026-06-01"));
        let order: Vec<(&str, Option<i64>, bool)> = ledger
            .entries
            .iter()
            .map(|e| (e.entry.element.as_str(), e.days_left, e.overdue))
            .collect();
        assert_eq!(
            order,
            [
                ("GET /pets/{petId}", Some(-92), true),
                ("GET /orders", Some(121), false),
                ("property `Pet.name`", Some(213), false),
                (
                    "query parameter `fields` of GET /pets/{petId}",
                    Some(214),
                    false
                ),
                ("GET /stores", None, false),
                (
                    "header `X-Rate-Limit` of GET /pets/{petId} 200",
                    None,
                    false
                ),
                ("property `Pet.tags[].old`", None, false),
                (
                    "property `legacy` of GET /pets/{petId} response 200",
                    None,
                    false
                ),
                ("schema `OldPet`", None, false),
            ]
        );
        let c = ledger.counts();
        assert_eq!(
            (c.deprecated, c.overdue, c.sunset_ahead, c.no_sunset),
            (9, 1, 3, 5)
        );
        assert!(ledger.any_overdue());
        // On the sunset day itself: zero days left, not overdue.
        let on_the_day = Ledger::of(&api(SPEC), date("2026-03-01"));
        assert!(!on_the_day.any_overdue());
        assert_eq!(on_the_day.entries[0].days_left, Some(0));
    }

    #[test]
    fn deprecation_dates() {
        let v = |s: &str| Value::String(s.into());
        assert_eq!(
            parse_deprecation_date(&v("@1688169599")),
            Some(date("2023-06-30"))
        );
        assert_eq!(
            parse_deprecation_date(&v("Sun, 11 Nov 2018 23:59:59 GMT")),
            Some(date("2018-11-11"))
        );
        assert_eq!(parse_deprecation_date(&v("@x")), None);
        assert_eq!(parse_deprecation_date(&v("true")), None);
        let mut ext = Extensions::new();
        ext.insert("x-deprecated-at".into(), v("2024-02-29"));
        assert_eq!(since_of(&ext), Some(date("2024-02-29")));
    }

    fn version(ops: &str, schemas: &str) -> Api {
        api(&format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n{ops}components:\n  schemas:\n{schemas}"
        ))
    }

    #[test]
    fn history_tracks_since_and_removals() {
        // v1: /a deprecated (sunset 2026-01-01), /b deprecated (sunset 2027-01-01), /c
        // deprecated without sunset, /d deprecated, Pet.name deprecated.
        let v1 = version(
            "  /a: {get: {deprecated: true, x-sunset: '2026-01-01', responses: {'200': {description: ok}}}}\n\
             \x20 /b: {get: {deprecated: true, x-sunset: '2027-01-01', responses: {'200': {description: ok}}}}\n\
             \x20 /c: {get: {deprecated: true, responses: {'200': {description: ok}}}}\n\
             \x20 /d: {get: {deprecated: true, responses: {'200': {description: ok}}}}\n",
            "    Pet: {type: object, properties: {name: {type: string, deprecated: true}}}\n",
        );
        // v2: /a gone; /b, /c still deprecated; /d un-deprecated; /e/{id} newly deprecated;
        // Pet.name still deprecated, Pet.tag newly.
        let v2 = version(
            "  /b: {get: {deprecated: true, x-sunset: '2027-01-01', responses: {'200': {description: ok}}}}\n\
             \x20 /c: {get: {deprecated: true, responses: {'200': {description: ok}}}}\n\
             \x20 /d: {get: {responses: {'200': {description: ok}}}}\n\
             \x20 /e/{id}: {get: {deprecated: true, x-sunset: '2026-08-01', parameters: [{name: id, in: path, required: true, schema: {type: string}}], responses: {'200': {description: ok}}}}\n",
            "    Pet: {type: object, properties: {name: {type: string, deprecated: true}, tag: {type: string, deprecated: true}}}\n",
        );
        // v3: /b gone before its sunset, /c gone without one, /d gone (was not deprecated),
        // /e/{petId} renamed path parameter (same identity), Pet.name gone.
        let v3 = version(
            "  /e/{petId}: {get: {deprecated: true, x-sunset: '2026-08-01', parameters: [{name: petId, in: path, required: true, schema: {type: string}}], responses: {'200': {description: ok}}}}\n",
            "    Pet: {type: object, properties: {tag: {type: string, deprecated: true}}}\n",
        );
        let mut h = LedgerHistory::new();
        h.push("v1", &v1);
        h.push_dated("v2", Some(date("2026-02-01")), &v2);
        h.push_dated("v3", Some(date("2026-06-01")), &v3);
        assert_eq!(h.versions(), ["v1", "v2", "v3"]);
        let ledger = h.finish(date("2026-07-01"));
        assert!(ledger.is_history());
        type Row<'a> = (
            &'a str,
            Option<&'a str>,
            Option<&'a str>,
            Option<&'a str>,
            bool,
        );
        let rows: Vec<Row> = ledger
            .entries
            .iter()
            .map(|e| {
                (
                    e.entry.element.as_str(),
                    e.since_version.as_deref(),
                    e.removed_in.as_deref(),
                    e.removal.map(Removal::as_str),
                    e.overdue,
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("GET /e/{petId}", Some("v2"), None, None, false),
                ("property `Pet.tag`", Some("v2"), None, None, false),
                // Removed in v2 (2026-02-01), after its 2026-01-01 sunset.
                (
                    "GET /a",
                    Some("v1"),
                    Some("v2"),
                    Some("after-sunset"),
                    false
                ),
                // Removed in v3 (2026-06-01), before its 2027-01-01 sunset.
                (
                    "GET /b",
                    Some("v1"),
                    Some("v3"),
                    Some("before-sunset"),
                    false
                ),
                ("GET /c", Some("v1"), Some("v3"), Some("no-sunset"), false),
                (
                    "property `Pet.name`",
                    Some("v1"),
                    Some("v3"),
                    Some("no-sunset"),
                    false
                ),
            ]
        );
        // The newest version's entry is the one reported (its path as v3 writes it).
        assert_eq!(ledger.entries[0].days_left, Some(31));
        assert_eq!(ledger.counts().removed, 4);
    }

    #[test]
    fn history_without_dates_judges_against_as_of_or_a_date_label() {
        let dep = |sunset: &str| {
            version(
                &format!(
                    "  /a: {{get: {{deprecated: true, x-sunset: '{sunset}', responses: {{'200': {{description: ok}}}}}}}}\n"
                ),
                "    Pet: {type: object}\n",
            )
        };
        let gone = version(
            "  /b: {get: {responses: {'200': {description: ok}}}}\n",
            "    Pet: {type: object}\n",
        );
        let judge = |labels: [&str; 2], as_of: &str| {
            let mut h = LedgerHistory::new();
            h.push(labels[0], &dep("2026-03-01"));
            h.push(labels[1], &gone);
            let l = h.finish(date(as_of));
            assert_eq!(l.entries.len(), 1);
            l.entries[0].removal.unwrap()
        };
        assert_eq!(judge(["v1", "v2"], "2026-01-01"), Removal::BeforeSunset);
        assert_eq!(judge(["v1", "v2"], "2026-03-01"), Removal::AfterSunset);
        // A date label wins over --as-of.
        assert_eq!(
            judge(["2025-06-01", "2026-04-01"], "2026-01-01"),
            Removal::AfterSunset
        );
    }

    #[test]
    fn an_element_that_comes_back_is_not_removed() {
        let with = version(
            "  /a: {get: {deprecated: true, responses: {'200': {description: ok}}}}\n",
            "    Pet: {type: object}\n",
        );
        let without = version(
            "  /b: {get: {responses: {'200': {description: ok}}}}\n",
            "    Pet: {type: object}\n",
        );
        let mut h = LedgerHistory::new();
        h.push("v1", &with);
        h.push("v2", &without);
        h.push("v3", &with);
        let l = h.finish(date("2026-01-01"));
        assert_eq!(l.entries.len(), 1);
        assert_eq!(l.entries[0].since_version.as_deref(), Some("v3"));
        assert_eq!(l.entries[0].removed_in, None);
    }

    #[test]
    fn swagger_2_parameters_are_listed_once() {
        let a = api(r##"
swagger: "2.0"
info: {title: T, version: "1"}
paths:
  /pets:
    get:
      parameters:
        - {name: limit, in: query, type: integer, deprecated: true, x-sunset: "2026-05-01"}
      responses:
        "200":
          description: ok
          schema: {$ref: "#/definitions/Pet"}
definitions:
  Pet:
    type: object
    properties:
      name: {type: string, deprecated: true}
"##);
        let entries = collect(&a);
        let elements: Vec<&str> = entries.iter().map(|e| e.element.as_str()).collect();
        assert_eq!(
            elements,
            [
                "query parameter `limit` of GET /pets",
                "property `Pet.name`"
            ]
        );
        assert_eq!(entries[0].sunset, Some(date("2026-05-01")));
        assert_eq!(
            entries[1].origin.pointer,
            "/definitions/Pet/properties/name"
        );
        assert_eq!(entries[1].operations.len(), 1);
    }

    #[test]
    fn cyclic_components_end() {
        let a = api(r##"
openapi: 3.1.0
info: {title: T, version: "1"}
paths:
  /n:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Node"}
components:
  schemas:
    Node:
      type: object
      properties:
        next: {$ref: "#/components/schemas/Node"}
        parent: {$ref: "#/components/schemas/Node", deprecated: true}
"##);
        let entries = collect(&a);
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].element, "property `Node.parent`");
        assert_eq!(entries[0].operations.len(), 1);
        assert!(exists(&a, &entries[0].identity));
    }
}
