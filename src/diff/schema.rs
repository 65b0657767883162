//! Schema comparison. Each (base, revision) node pair is compared once; the pairs form a
//! graph (parent pair -> child pair, labelled with the property path) whose roots are the
//! places operations use schemas. A change found on a pair is reported once, and its usages
//! are found by walking the graph up to the roots.

use super::Usage;
use super::emit::{Differ, OpUse, OperationIds, Site, What};
use super::{ChangeKind, Group};
use crate::model::{AdditionalProperties, Owner, Schema, SchemaId, TypeSet};
use foldhash::{HashMap, HashMapExt};
use serde_json::Value;
use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, VecDeque};

/// The pair graph, kept flat: a big spec has tens of thousands of pairs, most with one
/// parent, and a vector of parents and one of roots for each cost several times the edges
/// themselves (a vector's first allocation has room for four).
#[derive(Default)]
pub(super) struct SchemaPairs<'a> {
    memo: HashMap<(SchemaId, SchemaId), usize>,
    /// (base, revision) of each pair.
    pub(super) pairs: Vec<(SchemaId, SchemaId)>,
    /// Parent edges in the order found; sorted by child by [`SchemaPairs::index`].
    edges: Vec<Edge<'a>>,
    /// The places operations use a pair directly, with the pair, in the order found; sorted
    /// by pair by [`SchemaPairs::index`].
    roots: Vec<(usize, OpUse<'a>)>,
}

struct Edge<'a> {
    child: usize,
    parent: usize,
    /// The path label from the parent to the child.
    label: Label<'a>,
}

/// How a child schema hangs off its parent, for location paths. Names are borrowed from
/// the model.
#[derive(Clone, Copy)]
enum Label<'a> {
    Property(&'a str),
    Items,
    Tuple(usize),
    AdditionalProperties,
    PatternProperty(&'a str),
    Not,
    /// allOf, oneOf, anyOf and `$ref` siblings: the same value, no path segment.
    Transparent,
}

/// The items of `sorted` (sorted by `key`) whose key is `k`.
fn group_of<T>(sorted: &[T], k: usize, key: impl Fn(&T) -> usize) -> &[T] {
    let start = sorted.partition_point(|x| key(x) < k);
    let end = start + sorted[start..].partition_point(|x| key(x) == k);
    &sorted[start..end]
}

impl<'a> SchemaPairs<'a> {
    /// Readies the graph for [`SchemaPairs::usages`] once every pair is known: sorts the
    /// edges by child and the roots by pair, stably, so each pair's keep the order they were
    /// found in (which decides the path reported when several are as short), and frees the
    /// memo.
    pub fn index(&mut self) {
        self.memo = HashMap::new();
        self.edges.sort_by_key(|e| e.child);
        self.roots.sort_by_key(|r| r.0);
    }

    /// Every root usage that reaches `pair`, each with the shortest property path to it.
    pub fn usages(&self, pair: usize, ids: &mut OperationIds) -> Vec<Usage> {
        let mut out = Vec::new();
        // Breadth-first up the parent edges. Each visited pair remembers the child it was
        // reached from and the edge's label, so its path is rebuilt only when it has roots
        // (copying the path onto every queued pair cost most of the diff on big specs).
        // Each root hangs off one pair and each pair is visited once, so each root is
        // reported once.
        let mut reached_from: HashMap<usize, Option<(usize, Label<'a>)>> = HashMap::new();
        let mut queue = VecDeque::new();
        queue.push_back(pair);
        reached_from.insert(pair, None);
        while let Some(p) = queue.pop_front() {
            let mut rendered: Option<String> = None;
            for (_, r) in group_of(&self.roots, p, |r| r.0) {
                let rendered =
                    rendered.get_or_insert_with(|| render_path(path_to(p, &reached_from)));
                // `concat` sizes the string exactly; `format!` may leave slack, and this
                // string is kept for every usage a change lists.
                let location = if rendered.is_empty() {
                    r.location.clone()
                } else {
                    [r.location.as_str(), ": ", rendered].concat()
                };
                out.push(r.usage(location, ids));
            }
            for e in group_of(&self.edges, p, |e| e.child) {
                if let Entry::Vacant(slot) = reached_from.entry(e.parent) {
                    slot.insert(Some((p, e.label)));
                    queue.push_back(e.parent);
                }
            }
        }
        out
    }
}

/// The labels from `pair` down to where the search in [`SchemaPairs::usages`] started.
fn path_to<'a>(
    pair: usize,
    reached_from: &HashMap<usize, Option<(usize, Label<'a>)>>,
) -> impl Iterator<Item = Label<'a>> {
    let mut current = pair;
    std::iter::from_fn(move || {
        let (child, label) = reached_from.get(&current).copied().flatten()?;
        current = child;
        Some(label)
    })
}

/// `items[].sku`, `meta{*}.x`, `[0].name`.
fn render_path<'a>(path: impl IntoIterator<Item = Label<'a>>) -> String {
    let mut out = String::new();
    for label in path {
        match label {
            Label::Property(name) | Label::PatternProperty(name) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(name);
            }
            Label::Items => out.push_str("[]"),
            Label::Tuple(i) => out.push_str(&format!("[{i}]")),
            Label::AdditionalProperties => out.push_str("{*}"),
            Label::Not => out.push('!'),
            Label::Transparent => {}
        }
    }
    out
}

impl<'a> Differ<'a> {
    /// Compares two schemas used at `root` (an operation location, or `None` for a component
    /// compared by name).
    pub(super) fn schema_root(&mut self, root: Option<OpUse<'a>>, base: SchemaId, rev: SchemaId) {
        let pair = self.schema_pair(base, rev);
        if let Some(usage) = root {
            self.pairs.roots.push((pair, usage));
        }
    }

    fn schema_child(&mut self, parent: usize, label: Label<'a>, base: SchemaId, rev: SchemaId) {
        let child = self.schema_pair(base, rev);
        self.pairs.edges.push(Edge {
            child,
            parent,
            label,
        });
    }

    fn schema_pair(&mut self, base: SchemaId, rev: SchemaId) -> usize {
        if let Some(&p) = self.pairs.memo.get(&(base, rev)) {
            return p;
        }
        let p = self.pairs.pairs.len();
        self.pairs.pairs.push((base, rev));
        self.pairs.memo.insert((base, rev), p);
        let (base_api, rev_api) = (self.base, self.rev);
        let b = base_api.schemas.get(base);
        let r = rev_api.schemas.get(rev);
        let group = match (&r.owner, &b.owner) {
            (Owner::Component(name), _) | (_, Owner::Component(name)) => {
                Group::Schema(name.to_string())
            }
            _ => Group::Document,
        };
        let site = Site {
            group,
            usage: None,
            pair: Some(p),
        };
        self.compare_schema_fields(&site, b, r);
        self.compare_schema_children(&site, p, b, r);
        p
    }

    fn compare_schema_fields(&mut self, site: &Site, b: &Schema, r: &Schema) {
        let (bo, ro) = (&b.origin, &r.origin);
        let non_null = |t: Option<TypeSet>| t.map(|t| t.without(TypeSet::NULL).names());
        self.compare(
            site,
            What::Type,
            None,
            bo,
            ro,
            &non_null(b.types),
            &non_null(r.types),
        );
        if let (Some(bt), Some(rt)) = (b.types, r.types) {
            let (bn, rn) = (bt.contains(TypeSet::NULL), rt.contains(TypeSet::NULL));
            self.compare(site, What::Nullable, None, bo, ro, &bn, &rn);
        }
        // One keyword, the same field on both sides: `opt` for an optional value (added,
        // removed or modified), `eq` for a plain one; `map` converts both before comparing.
        macro_rules! keyword {
            (opt $what:ident, $($field:tt)+) => {
                self.compare_opt(site, What::$what, None, bo, ro, &b.$($field)+, &r.$($field)+)
            };
            (num $what:ident, $($field:tt)+) => {
                self.compare_opt(
                    site,
                    What::$what,
                    None,
                    bo,
                    ro,
                    &b.$($field)+.as_ref().map(num),
                    &r.$($field)+.as_ref().map(num),
                )
            };
            (eq $what:ident, $($field:tt)+) => {
                self.compare(site, What::$what, None, bo, ro, &b.$($field)+, &r.$($field)+)
            };
        }
        keyword!(opt Format, format);
        self.compare_enum(site, b, r);
        keyword!(num Minimum, rare().minimum);
        keyword!(num Maximum, rare().maximum);
        keyword!(num ExclusiveMinimum, rare().exclusive_minimum);
        keyword!(num ExclusiveMaximum, rare().exclusive_maximum);
        keyword!(num MultipleOf, rare().multiple_of);
        keyword!(opt MinLength, rare().min_length);
        keyword!(opt MaxLength, rare().max_length);
        keyword!(opt Pattern, rare().pattern);
        keyword!(opt MinItems, rare().min_items);
        keyword!(opt MaxItems, rare().max_items);
        keyword!(eq UniqueItems, unique_items);
        keyword!(opt MinProperties, rare().min_properties);
        keyword!(opt MaxProperties, rare().max_properties);
        keyword!(eq ReadOnly, read_only);
        keyword!(eq WriteOnly, write_only);
        keyword!(eq Deprecated, deprecated);
        keyword!(opt Default, default);
        keyword!(opt Title, title);
        keyword!(opt SchemaDescription, description.as_deref());
        keyword!(eq SchemaExamples, examples);
        // Required is a set of names; each name added or removed is its own change.
        let (b_names, r_names): (BTreeSet<&str>, BTreeSet<&str>) =
            (b.required.iter().collect(), r.required.iter().collect());
        set_changes(&b_names, &r_names, |name, added| {
            let kind = if added {
                ChangeKind::Added
            } else {
                ChangeKind::Removed
            };
            (kind, name.to_string())
        })
        .into_iter()
        .for_each(|(kind, name)| {
            self.record(
                site,
                kind,
                What::Required,
                Some(name.clone()),
                Some(bo),
                Some(ro),
                None,
                Some(Value::String(name)),
            );
        });
        self.compare_discriminator(site, b, r);
        self.compare_map(site, What::Keyword, bo, ro, &b.other, &r.other);
        self.compare_map(site, What::Extension, bo, ro, &b.extensions, &r.extensions);
    }

    fn compare_enum(&mut self, site: &Site, b: &Schema, r: &Schema) {
        let (bo, ro) = (&b.origin, &r.origin);
        match (&b.enum_values, &r.enum_values) {
            (None, Some(values)) => self.record(
                site,
                ChangeKind::Added,
                What::Enum,
                None,
                Some(bo),
                Some(ro),
                None,
                super::emit::small(values),
            ),
            (Some(values), None) => self.record(
                site,
                ChangeKind::Removed,
                What::Enum,
                None,
                Some(bo),
                Some(ro),
                super::emit::small(values),
                None,
            ),
            (Some(bv), Some(rv)) => {
                // Order does not matter; values compare by their JSON text.
                let key = |v: &Value| serde_json::to_string(v).unwrap_or_default();
                let bset: BTreeSet<String> = bv.iter().map(key).collect();
                let rset: BTreeSet<String> = rv.iter().map(key).collect();
                for v in bv.iter().filter(|v| !rset.contains(&key(v))) {
                    self.record(
                        site,
                        ChangeKind::Removed,
                        What::EnumValue,
                        Some(value_name(v)),
                        Some(bo),
                        Some(ro),
                        Some(v.clone()),
                        None,
                    );
                }
                for v in rv.iter().filter(|v| !bset.contains(&key(v))) {
                    self.record(
                        site,
                        ChangeKind::Added,
                        What::EnumValue,
                        Some(value_name(v)),
                        Some(bo),
                        Some(ro),
                        None,
                        Some(v.clone()),
                    );
                }
            }
            (None, None) => {}
        }
    }

    fn compare_discriminator(&mut self, site: &Site, b: &Schema, r: &Schema) {
        let (bo, ro) = (&b.origin, &r.origin);
        match (&b.rare().discriminator, &r.rare().discriminator) {
            (Some(bd), Some(rd)) => {
                self.compare(
                    site,
                    What::Discriminator,
                    None,
                    bo,
                    ro,
                    &bd.property_name,
                    &rd.property_name,
                );
                let to_values =
                    |m: &std::collections::BTreeMap<String, String>| -> crate::model::Extensions {
                        m.iter()
                            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                            .collect()
                    };
                let (bm, rm) = (to_values(&bd.mapping), to_values(&rd.mapping));
                self.compare_map(
                    site,
                    What::DiscriminatorMapping,
                    &bo.child("discriminator"),
                    &ro.child("discriminator"),
                    &bm,
                    &rm,
                );
            }
            (bd, rd) => {
                let bn = bd.as_ref().map(|d| d.property_name.clone());
                let rn = rd.as_ref().map(|d| d.property_name.clone());
                self.compare_opt(site, What::Discriminator, None, bo, ro, &bn, &rn);
            }
        }
    }

    fn compare_schema_children(&mut self, site: &Site, p: usize, b: &'a Schema, r: &'a Schema) {
        let (bo, ro) = (&b.origin, &r.origin);
        // Properties by name.
        for (name, &bid) in &b.properties {
            match r.properties.get(name) {
                Some(&rid) => self.schema_child(p, Label::Property(name), bid, rid),
                None => {
                    let origin = self.base.schemas.get(bid).origin.clone();
                    self.record(
                        site,
                        ChangeKind::Removed,
                        What::Property,
                        Some(name.to_string()),
                        Some(&origin),
                        Some(ro),
                        None,
                        None,
                    );
                }
            }
        }
        for (name, &rid) in &r.properties {
            if !b.properties.contains_key(name) {
                let origin = self.rev.schemas.get(rid).origin.clone();
                self.record(
                    site,
                    ChangeKind::Added,
                    What::Property,
                    Some(name.to_string()),
                    Some(bo),
                    Some(&origin),
                    None,
                    None,
                );
            }
        }
        // Items, tuples, additional and pattern properties, not.
        self.child_opt(site, p, What::Items, Label::Items, b.items, r.items);
        let longest = b.rare().prefix_items.len().max(r.rare().prefix_items.len());
        for i in 0..longest {
            self.child_opt(
                site,
                p,
                What::PrefixItems,
                Label::Tuple(i),
                b.rare().prefix_items.get(i).copied(),
                r.rare().prefix_items.get(i).copied(),
            );
        }
        match (&b.additional_properties, &r.additional_properties) {
            (Some(AdditionalProperties::Schema(bid)), Some(AdditionalProperties::Schema(rid))) => {
                self.schema_child(p, Label::AdditionalProperties, *bid, *rid)
            }
            (bap, rap) => {
                let show = |a: &Option<AdditionalProperties>| match a {
                    None => Value::Bool(true),
                    Some(AdditionalProperties::Forbidden) => Value::Bool(false),
                    Some(AdditionalProperties::Schema(_)) => Value::String("schema".into()),
                };
                self.compare(
                    site,
                    What::AdditionalProperties,
                    None,
                    bo,
                    ro,
                    &show(bap),
                    &show(rap),
                );
            }
        }
        for (pattern, &bid) in &b.rare().pattern_properties {
            match r.rare().pattern_properties.get(pattern) {
                Some(&rid) => self.schema_child(p, Label::PatternProperty(pattern), bid, rid),
                None => self.record(
                    site,
                    ChangeKind::Removed,
                    What::PatternProperty,
                    Some(pattern.clone()),
                    Some(bo),
                    Some(ro),
                    None,
                    None,
                ),
            }
        }
        for pattern in r.rare().pattern_properties.keys() {
            if !b.rare().pattern_properties.contains_key(pattern) {
                self.record(
                    site,
                    ChangeKind::Added,
                    What::PatternProperty,
                    Some(pattern.clone()),
                    Some(bo),
                    Some(ro),
                    None,
                    None,
                );
            }
        }
        self.child_opt(site, p, What::Not, Label::Not, b.rare().not, r.rare().not);
        // Conditional and other applicators: compared like children, reported by keyword
        // when one side lacks them.
        let keywords: std::collections::BTreeSet<&String> = b
            .rare()
            .applicators
            .keys()
            .chain(r.rare().applicators.keys())
            .collect();
        for keyword in keywords {
            let (bid, rid) = (
                b.rare().applicators.get(keyword).copied(),
                r.rare().applicators.get(keyword).copied(),
            );
            let label = match keyword.as_str() {
                "contains" | "unevaluatedItems" => Label::Items,
                "unevaluatedProperties" => Label::AdditionalProperties,
                _ => Label::Transparent,
            };
            match (bid, rid) {
                (Some(bid), Some(rid)) => self.schema_child(p, label, bid, rid),
                (Some(bid), None) => {
                    let origin = self.base.schemas.get(bid).origin.clone();
                    self.record(
                        site,
                        ChangeKind::Removed,
                        What::Keyword,
                        Some(keyword_name(keyword)),
                        Some(&origin),
                        Some(ro),
                        None,
                        None,
                    );
                }
                (None, Some(rid)) => {
                    let origin = self.rev.schemas.get(rid).origin.clone();
                    self.record(
                        site,
                        ChangeKind::Added,
                        What::Keyword,
                        Some(keyword_name(keyword)),
                        Some(bo),
                        Some(&origin),
                        None,
                        None,
                    );
                }
                (None, None) => {}
            }
        }
        self.child_opt(
            site,
            p,
            What::AllOf,
            Label::Transparent,
            b.ref_target,
            r.ref_target,
        );
        self.compose(site, p, What::AllOf, &b.all_of, &r.all_of);
        self.compose(site, p, What::OneOf, &b.one_of, &r.one_of);
        self.compose(site, p, What::AnyOf, &b.any_of, &r.any_of);
    }

    /// An optional child schema: added, removed, or compared.
    fn child_opt(
        &mut self,
        site: &Site,
        p: usize,
        what: What,
        label: Label<'a>,
        b: Option<SchemaId>,
        r: Option<SchemaId>,
    ) {
        match (b, r) {
            (Some(bid), Some(rid)) => self.schema_child(p, label, bid, rid),
            (Some(bid), None) => {
                let origin = self.base.schemas.get(bid).origin.clone();
                let ro = self.rev.schemas.get(self.pairs.ids(p).1).origin.clone();
                self.record(
                    site,
                    ChangeKind::Removed,
                    what,
                    label_name(&label),
                    Some(&origin),
                    Some(&ro),
                    None,
                    None,
                );
            }
            (None, Some(rid)) => {
                let origin = self.rev.schemas.get(rid).origin.clone();
                let bo = self.base.schemas.get(self.pairs.ids(p).0).origin.clone();
                self.record(
                    site,
                    ChangeKind::Added,
                    what,
                    label_name(&label),
                    Some(&bo),
                    Some(&origin),
                    None,
                    None,
                );
            }
            (None, None) => {}
        }
    }

    /// allOf/oneOf/anyOf members: matched by component name first, then the rest in order,
    /// so reordering named branches is no change.
    fn compose(&mut self, site: &Site, p: usize, what: What, b: &[SchemaId], r: &[SchemaId]) {
        let name_of = |api: &crate::model::Api, id: SchemaId| api.schemas.get(id).component.clone();
        let mut r_used = vec![false; r.len()];
        let mut b_unmatched = Vec::new();
        for &bid in b {
            let bn = name_of(self.base, bid);
            let found = bn.as_ref().and_then(|n| {
                r.iter()
                    .enumerate()
                    .position(|(i, &rid)| !r_used[i] && name_of(self.rev, rid).as_ref() == Some(n))
            });
            match found {
                Some(i) => {
                    r_used[i] = true;
                    self.schema_child(p, Label::Transparent, bid, r[i]);
                }
                None => b_unmatched.push(bid),
            }
        }
        let mut r_rest = r
            .iter()
            .enumerate()
            .filter(|(i, _)| !r_used[*i])
            .map(|(_, &id)| id);
        for bid in b_unmatched {
            match r_rest.next() {
                // Two unnamed branches, or a named one replaced: compared in order. A
                // component replaced by another is reported as removed and added.
                Some(rid)
                    if name_of(self.base, bid).is_none() || name_of(self.rev, rid).is_none() =>
                {
                    self.schema_child(p, Label::Transparent, bid, rid)
                }
                Some(rid) => {
                    self.member_change(site, what, ChangeKind::Removed, bid, true);
                    self.member_change(site, what, ChangeKind::Added, rid, false);
                }
                None => self.member_change(site, what, ChangeKind::Removed, bid, true),
            }
        }
        for rid in r_rest {
            self.member_change(site, what, ChangeKind::Added, rid, false);
        }
    }

    fn member_change(
        &mut self,
        site: &Site,
        what: What,
        kind: ChangeKind,
        id: SchemaId,
        in_base: bool,
    ) {
        let api = if in_base { self.base } else { self.rev };
        let s = api.schemas.get(id);
        let name = s
            .component
            .as_deref()
            .or_else(|| s.origin.pointer.rsplit('/').next())
            .map(str::to_string);
        let origin = s.origin.clone();
        if in_base {
            self.record(site, kind, what, name, Some(&origin), None, None, None);
        } else {
            self.record(site, kind, what, name, None, Some(&origin), None, None);
        }
    }
}

/// `dependentSchemas/x` is reported as the `dependentSchemas` keyword.
fn keyword_name(key: &str) -> String {
    key.split('/').next().unwrap_or(key).to_string()
}

fn label_name(label: &Label) -> Option<String> {
    match label {
        Label::Tuple(i) => Some(i.to_string()),
        Label::PatternProperty(p) => Some(p.to_string()),
        _ => None,
    }
}

/// Numbers compare by value: `5` and `5.0` are the same bound.
fn num(n: &serde_json::Number) -> Value {
    match n.as_f64() {
        Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Value::from(f as i64),
        _ => Value::Number(n.clone()),
    }
}

fn value_name(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Elements only in `b` (removed) and only in `r` (added), mapped by `f`.
fn set_changes<T: Ord, O>(b: &BTreeSet<T>, r: &BTreeSet<T>, f: impl Fn(&T, bool) -> O) -> Vec<O> {
    let mut out: Vec<O> = b.difference(r).map(|x| f(x, false)).collect();
    out.extend(r.difference(b).map(|x| f(x, true)));
    out
}
