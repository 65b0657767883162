//! Changes to findings: one finding per (rule, change site), listing every affected
//! operation, with a level, a stable fingerprint, a message and a migration note.

use super::catalog::{CATALOG, Level, Rule};
use super::ids::{Facts, schema_context, schema_facet, structural_id};
use super::lifecycle::Date;
use super::renames::{Related, find_renames};
use crate::diff::{Change, ChangeKind, Diff, Group, Usage, What};
use crate::model::{Api, OpKey, OpScope, Origin};
use serde_json::Value;
use std::collections::BTreeMap;

/// How to classify.
#[derive(Debug, Clone)]
pub struct ClassifyOptions {
    /// The reference date for sunsets (`--as-of`); runs are reproducible with it.
    pub as_of: Date,
    /// Potentially-breaking findings require a major bump.
    pub strict: bool,
    /// Minimum days between deprecation and sunset, per stability.
    pub policy: super::lifecycle::DeprecationPolicy,
    /// Operations below this `x-stability-level` make no promises (`--stability-level`).
    pub stability_threshold: super::lifecycle::Stability,
}

impl ClassifyOptions {
    /// Defaults as of a date: no deprecation policy, draft and alpha excluded.
    pub fn as_of(as_of: Date) -> Self {
        ClassifyOptions {
            as_of,
            strict: false,
            policy: Default::default(),
            stability_threshold: super::lifecycle::Stability::Beta,
        }
    }
}

/// One classified change.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: &'static Rule,
    pub level: Level,
    /// Stable across rewording and reformatting: rule id + site, hashed.
    pub fingerprint: String,
    pub message: String,
    pub base: Option<Origin>,
    pub revision: Option<Origin>,
    pub operations: Vec<Usage>,
    pub related: Vec<Related>,
    pub migration: String,
    /// The structural change behind the finding (index into `Diff::changes`); `None` for
    /// findings about the comparison as a whole (the version policy).
    pub change: Option<usize>,
}

/// Classifies every change of `diff`.
pub fn classify(diff: &Diff, base: &Api, rev: &Api, options: &ClassifyOptions) -> Vec<Finding> {
    let mut findings = Vec::new();
    let renamed_media = media_type_renames(diff);
    let mut wrapped = wrapped_in_one_of(diff, base, rev);
    let unpromised = super::deprecation::below_threshold(base, options.stability_threshold);
    for (index, change) in diff.changes.iter().enumerate() {
        let ids = match (renamed_media.get(&index), change.schemas) {
            (Some(None), _) => continue, // the removed side of a renamed media type
            (Some(Some(id)), _) => vec![(id.clone(), change.operations.clone())],
            // A schema wrapped in a oneOf is one finding, not its parts.
            (None, Some(pair)) if wrapped.contains_key(&pair) => match wrapped.insert(pair, true) {
                Some(false) => by_context(
                    change,
                    "wrapped-in-one-of",
                    base.schemas.get(pair.0),
                    rev.schemas.get(pair.1),
                ),
                _ => continue,
            },
            (None, _) => rule_ids(change, base, rev, options),
        };
        for (id, mut usages) in ids {
            // Operations below the stability threshold promise nothing; an invalid level is
            // reported wherever it is.
            if id != "api-invalid-stability-level" && !unpromised.is_empty() {
                usages.retain(|u| {
                    let key = (u.method.clone(), crate::normalize::path_pattern(&u.path));
                    !unpromised.contains(&key)
                });
                if usages.is_empty() && !change.operations.is_empty() {
                    continue;
                }
            }
            let Some(rule) = CATALOG.get(&id).or_else(|| CATALOG.get(fallback(change))) else {
                continue;
            };
            findings.push(finding(rule, change, index, usages));
        }
    }
    let renames = find_renames(diff, base, rev);
    let first: std::collections::HashMap<usize, String> = findings
        .iter()
        .rev()
        .filter_map(|f| Some((f.change?, f.fingerprint.clone())))
        .collect();
    for f in &mut findings {
        if let Some(links) = f.change.and_then(|c| renames.get(&c)) {
            f.related = links
                .iter()
                .filter_map(|(other, confidence)| {
                    Some(Related {
                        fingerprint: first.get(other)?.clone(),
                        relation: "probable-rename".into(),
                        confidence: *confidence,
                    })
                })
                .collect();
            if let Some((other, _)) = links.first() {
                let name = diff.changes[*other].name.clone().unwrap_or_default();
                let hint = match f.change.map(|c| diff.changes[c].kind) {
                    Some(ChangeKind::Removed) => format!(" It was probably renamed to `{name}`."),
                    _ => format!(" It probably replaces `{name}`."),
                };
                f.migration = f.migration.replace("{rename}", &hint);
            }
        }
        f.migration = f.migration.replace("{rename}", "");
    }
    findings.extend(versioning_findings(&findings, base, rev));
    findings.sort_by(|a, b| {
        (a.level, &a.rule.id, &a.fingerprint).cmp(&(b.level, &b.rule.id, &b.fingerprint))
    });
    findings
}

fn fallback(c: &Change) -> &'static str {
    match c.what {
        What::Extension => "extension-changed",
        _ => "schema-keyword-changed",
    }
}

/// The rule ids a change maps to, each with the usages it applies to.
fn rule_ids(
    c: &Change,
    base: &Api,
    rev: &Api,
    options: &ClassifyOptions,
) -> Vec<(String, Vec<Usage>)> {
    if let Some(ids) = super::deprecation::lifecycle_ids(c, base, rev, options) {
        return ids;
    }
    let facts = facts(c, base, rev, options);
    if let Some(ids) = c.schemas.and_then(|_| schema_rule_ids(c, base, rev)) {
        return ids;
    }
    if let Some(ids) = super::security::security_ids(c) {
        return ids
            .into_iter()
            .map(|id| (id, c.operations.clone()))
            .collect();
    }
    let usage = c.operations.first();
    match structural_id(c, usage, &facts) {
        Some(id) => vec![(id, c.operations.clone())],
        None => match schema_facet(c) {
            // A schema keyword change on a parameter or header schema found without a pair.
            Some(facet) => group_by_context(c, &facet),
            None => vec![(fallback(c).to_string(), c.operations.clone())],
        },
    }
}

fn group_by_context(c: &Change, facet: &str) -> Vec<(String, Vec<Usage>)> {
    let mut out: BTreeMap<String, Vec<Usage>> = BTreeMap::new();
    for u in &c.operations {
        out.entry(format!("{}-{facet}", schema_context(u)))
            .or_default()
            .push(u.clone());
    }
    out.into_iter().collect()
}

/// Schema changes: property added/removed have ids of their own; other keywords are a facet
/// per context. readOnly properties are not part of requests, writeOnly ones not part of
/// responses, so those usages are dropped.
fn schema_rule_ids(c: &Change, base: &Api, rev: &Api) -> Option<Vec<(String, Vec<Usage>)>> {
    let (bid, rid) = c.schemas?;
    let (bs, rs) = (base.schemas.get(bid), rev.schemas.get(rid));
    let mut out: BTreeMap<String, Vec<Usage>> = BTreeMap::new();
    match c.what {
        What::Property => {
            let name = c.name.as_deref()?;
            let (parent, api, pid) = match c.kind {
                ChangeKind::Added => (rs, rev, rs.properties.get(name)?),
                _ => (bs, base, bs.properties.get(name)?),
            };
            let prop = api.schemas.get(*pid);
            let required = parent.required.contains(name);
            for u in &c.operations {
                let request = super::ids::client_sends(u);
                if request && prop.read_only {
                    continue;
                }
                let header = schema_context(u) == "request-header-property";
                let id = match (c.kind, request) {
                    (ChangeKind::Added, true) if required && header => {
                        "new-required-request-header-property".to_string()
                    }
                    (ChangeKind::Added, false) if prop.write_only && required => {
                        "response-required-write-only-property-added".into()
                    }
                    (ChangeKind::Added, false) if prop.write_only => {
                        "response-optional-write-only-property-added".into()
                    }
                    (ChangeKind::Added, true) if required && prop.default.is_some() => {
                        "new-required-request-property-with-default".to_string()
                    }
                    (ChangeKind::Added, true) if required => "new-required-request-property".into(),
                    (ChangeKind::Added, true) => "new-optional-request-property".into(),
                    (ChangeKind::Removed, true) => "request-property-removed".into(),
                    (ChangeKind::Added, false) if required => {
                        "response-required-property-added".into()
                    }
                    (ChangeKind::Added, false) => "response-optional-property-added".into(),
                    (_, false) if prop.write_only && required => {
                        "response-required-write-only-property-removed".into()
                    }
                    (_, false) if prop.write_only => {
                        "response-optional-write-only-property-removed".into()
                    }
                    (_, false) if required => "response-required-property-removed".into(),
                    (_, false) => "response-optional-property-removed".into(),
                    _ => continue,
                };
                out.entry(id).or_default().push(u.clone());
            }
        }
        What::Required => {
            let name = c.name.as_deref()?;
            // A property added (or removed) as required is reported as that, not twice.
            if !(bs.properties.contains_key(name) && rs.properties.contains_key(name)) {
                return Some(Vec::new());
            }
            // The property as the revision has it, else as the base had it.
            let prop = rs
                .properties
                .get(name)
                .map(|p| rev.schemas.get(*p))
                .or_else(|| bs.properties.get(name).map(|p| base.schemas.get(*p)));
            let (read_only, write_only) = prop
                .map(|s| (s.read_only, s.write_only))
                .unwrap_or_default();
            let became = if c.kind == ChangeKind::Added {
                "became-required"
            } else {
                "became-optional"
            };
            for u in &c.operations {
                let request = super::ids::client_sends(u);
                if request && read_only {
                    continue;
                }
                if !request && write_only {
                    out.entry(format!("response-write-only-property-{became}"))
                        .or_default()
                        .push(u.clone());
                    continue;
                }
                if schema_context(u) == "request-header-property" && c.kind == ChangeKind::Added {
                    out.entry("request-header-property-became-required".into())
                        .or_default()
                        .push(u.clone());
                    continue;
                }
                let side = if request { "request" } else { "response" };
                let has_default = prop.is_some_and(|s| s.default.is_some());
                let suffix = if request && has_default && c.kind == ChangeKind::Added {
                    "-with-default"
                } else {
                    ""
                };
                out.entry(format!("{side}-property-{became}{suffix}"))
                    .or_default()
                    .push(u.clone());
            }
        }
        // A type change already covers a format change on the same schema.
        What::Format if non_null(bs) != non_null(rs) => return Some(Vec::new()),
        // A one-value enum on both sides is a `const`: one change, not a removal and an
        // addition.
        What::EnumValue if is_const(bs) && is_const(rs) => {
            if c.kind == ChangeKind::Removed {
                return Some(Vec::new());
            }
            return Some(by_context(c, "const-changed", bs, rs));
        }
        What::Enum if c.kind == ChangeKind::Added && is_const(rs) => {
            return Some(by_context(c, "const-added", bs, rs));
        }
        What::Enum if c.kind == ChangeKind::Removed && is_const(bs) => {
            return Some(by_context(c, "const-removed", bs, rs));
        }
        What::ReadOnly | What::WriteOnly => {
            return Some(access_flag_ids(c, base, rev));
        }
        What::Extension if c.name.as_deref() == Some("x-extensible-enum") => {
            let values = |v: &Option<Value>| {
                v.as_ref()
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default()
            };
            let (b, r) = (values(&c.base_value), values(&c.revision_value));
            if !b.iter().any(|v| !r.contains(v)) {
                return None;
            }
            return Some(by_context(c, "x-extensible-enum-value-removed", bs, rs));
        }
        What::AllOf if c.kind == ChangeKind::Added && annotation_only(c, rev, rs) => {
            return Some(by_context(c, "all-of-added-annotation-only", bs, rs));
        }
        What::AllOf if c.kind == ChangeKind::Removed && annotation_only(c, base, bs) => {
            return Some(by_context(c, "all-of-removed-annotation-only", bs, rs));
        }
        _ => {
            let facet = schema_facet(c)?;
            for u in &c.operations {
                let request = super::ids::client_sends(u);
                // Not part of this direction; a few rules still say something about it.
                let hidden = if request && (rs.read_only || bs.read_only) {
                    Some("request-read-only-property")
                } else if !request && (rs.write_only || bs.write_only) {
                    Some("response-write-only-property")
                } else {
                    None
                };
                if let Some(prefix) = hidden {
                    let id = format!("{prefix}-{facet}");
                    if CATALOG.get(&id).is_some() {
                        out.entry(id).or_default().push(u.clone());
                    }
                    continue;
                }
                let ctx = schema_context(u);
                let facet = match c.what {
                    What::Type if ctx.starts_with("request-parameter") => {
                        weak_type_facet(bs, rs, rev).unwrap_or_else(|| facet.clone())
                    }
                    // Headers, forms and plain text carry every scalar as text.
                    What::Type
                        if (ctx == "response-header" || textual_media(u))
                            && text_compatible(bs, rs) =>
                    {
                        "type-compatible".to_string()
                    }
                    _ => facet.clone(),
                };
                let id = format!("{ctx}-{facet}");
                let id = if CATALOG.get(&id).is_some() {
                    id
                } else {
                    // Nested parameter properties and headers share the body rules.
                    // A response body enum has its own oasdiff id.
                    if id == "response-body-enum-value-removed"
                        || id == "response-header-enum-value-removed"
                    {
                        out.entry("response-mediatype-enum-value-removed".into())
                            .or_default()
                            .push(u.clone());
                        continue;
                    }
                    let fallback_ctx = match schema_context(u) {
                        "request-parameter-property" | "request-header-property" => {
                            "request-parameter"
                        }
                        "response-header" => "response-body",
                        ctx => ctx,
                    };
                    format!("{fallback_ctx}-{facet}")
                };
                out.entry(id).or_default().push(u.clone());
            }
            if c.operations.is_empty() {
                return Some(Vec::new());
            }
        }
    }
    Some(out.into_iter().collect())
}

/// Schema pairs where the revision replaced an object by a `oneOf` of alternatives (each
/// offering the same properties): mapped to `false` until their finding is emitted.
fn wrapped_in_one_of(
    diff: &Diff,
    base: &Api,
    rev: &Api,
) -> std::collections::HashMap<(crate::model::SchemaId, crate::model::SchemaId), bool> {
    let mut out = std::collections::HashMap::new();
    for c in &diff.changes {
        let Some((bid, rid)) = c.schemas else {
            continue;
        };
        let (b, r) = (base.schemas.get(bid), rev.schemas.get(rid));
        let was_object = !b.properties.is_empty() && b.one_of.is_empty();
        let now_one_of = r.properties.is_empty() && r.types.is_none() && !r.one_of.is_empty();
        let members_keep_properties = r.one_of.iter().all(|&m| {
            let m = rev.schemas.get(m);
            b.properties.keys().all(|k| m.properties.contains_key(k))
        });
        if was_object && now_one_of && members_keep_properties {
            out.insert((bid, rid), false);
        }
    }
    out
}

/// A response whose only media type was replaced by another: one finding saying how the
/// name changed, instead of a removal and an addition. Maps the added change to its rule id
/// and the removed one to `None`.
fn media_type_renames(diff: &Diff) -> std::collections::HashMap<usize, Option<String>> {
    let mut by_site: BTreeMap<(String, String), (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for (i, c) in diff.changes.iter().enumerate() {
        let Some(u) = c.operations.first() else {
            continue;
        };
        if c.what != What::MediaType || super::ids::client_sends(u) {
            continue;
        }
        let entry = by_site
            .entry((format!("{} {}", u.method, u.path), u.location.clone()))
            .or_default();
        match c.kind {
            ChangeKind::Removed => entry.0.push(i),
            ChangeKind::Added => entry.1.push(i),
            ChangeKind::Modified => {}
        }
    }
    let mut out = std::collections::HashMap::new();
    for (removed, added) in by_site.into_values() {
        let ([r], [a]) = (removed.as_slice(), added.as_slice()) else {
            continue;
        };
        let (old, new) = (
            diff.changes[*r].name.as_deref().unwrap_or(""),
            diff.changes[*a].name.as_deref().unwrap_or(""),
        );
        out.insert(*r, None);
        out.insert(*a, Some(media_rename_id(old, new).to_string()));
    }
    out
}

/// `application/json` → `application/problem+json` is more specific; the reverse is more
/// general; anything else (parameters included) is a plain change.
fn media_rename_id(old: &str, new: &str) -> &'static str {
    let split = |m: &str| -> (String, String) {
        let (t, params) = m.split_once(';').unwrap_or((m, ""));
        (t.trim().to_string(), params.trim().to_string())
    };
    let ((ot, op), (nt, np)) = (split(old), split(new));
    let suffix_of = |specific: &str, general: &str| {
        let (Some((st, ss)), Some((gt, gs))) = (specific.split_once('/'), general.split_once('/'))
        else {
            return false;
        };
        st == gt && ss.rsplit_once('+').is_some_and(|(_, suffix)| suffix == gs)
    };
    if op == np && suffix_of(&nt, &ot) {
        "response-media-type-name-specialized"
    } else if op == np && suffix_of(&ot, &nt) {
        "response-media-type-name-generalized"
    } else {
        "response-media-type-name-changed"
    }
}

/// A form or plain-text body: values travel as text whatever their schema type.
fn textual_media(u: &Usage) -> bool {
    [
        "application/x-www-form-urlencoded",
        "multipart/form-data",
        "text/plain",
    ]
    .iter()
    .any(|m| u.location.contains(m))
}

/// Both sides are text-representable scalars and one of them is a string, so the same text
/// still travels (integer to number stays a generalization).
fn text_compatible(bs: &crate::model::Schema, rs: &crate::model::Schema) -> bool {
    use crate::model::TypeSet;
    let scalar = TypeSet::STRING
        .union(TypeSet::NUMBER)
        .union(TypeSet::INTEGER)
        .union(TypeSet::BOOLEAN);
    match (non_null(bs), non_null(rs)) {
        (Some(b), Some(r)) => {
            scalar.contains(b)
                && scalar.contains(r)
                && (b.contains(TypeSet::STRING) || r.contains(TypeSet::STRING))
        }
        _ => false,
    }
}

/// Parameters and headers travel as text, so their types compare as text: a string that
/// became a number is narrowed (specialized), a number that became a string widened
/// (generalized); scalars that became a form-exploded array of strings still accept the
/// same query strings.
fn weak_type_facet(
    bs: &crate::model::Schema,
    rs: &crate::model::Schema,
    rev: &Api,
) -> Option<String> {
    use crate::model::TypeSet;
    let (b, r) = (non_null(bs)?, non_null(rs)?);
    let scalar = TypeSet::NUMBER
        .union(TypeSet::INTEGER)
        .union(TypeSet::BOOLEAN);
    let string = TypeSet::STRING;
    if b == string && scalar.contains(r) {
        return Some("type-specialized".into());
    }
    if scalar.contains(b) && r == string {
        return Some("type-generalized".into());
    }
    // Items that accept any string; a pattern, enum, length or format would reject values
    // the scalar accepted.
    let items_string = rs.items.map(|i| rev.schemas.get(i)).is_some_and(|items| {
        non_null(items).is_some_and(|t| t.contains(string))
            && items.enum_values.is_none()
            && items.format.is_none()
            && items.rare().pattern.is_none()
            && items.rare().min_length.is_none()
            && items.rare().max_length.is_none()
    });
    if r == TypeSet::ARRAY
        && items_string
        && !b.contains(TypeSet::ARRAY)
        && !b.contains(TypeSet::OBJECT)
    {
        return Some("type-generalized".into());
    }
    None
}

/// readOnly / writeOnly switched on a property: the rule depends on the direction and on
/// whether the parent schema requires the property.
fn access_flag_ids(c: &Change, base: &Api, rev: &Api) -> Vec<(String, Vec<Usage>)> {
    let flag = if c.what == What::ReadOnly {
        "read-only"
    } else {
        "write-only"
    };
    let not = if c.revision_value == Some(Value::Bool(true)) {
        ""
    } else {
        "not-"
    };
    let required = property_required(c, rev)
        .or_else(|| property_required(c, base))
        .unwrap_or(false);
    let requirement = if required { "required" } else { "optional" };
    let mut out: BTreeMap<String, Vec<Usage>> = BTreeMap::new();
    for u in &c.operations {
        let side = if super::ids::client_sends(u) {
            "request"
        } else {
            "response"
        };
        out.entry(format!("{side}-{requirement}-property-became-{not}{flag}"))
            .or_default()
            .push(u.clone());
    }
    out.into_iter().collect()
}

/// Whether the schema holding the changed property lists it as required: the parent is found
/// by its location (`…/properties/NAME/readOnly` lives under the parent's pointer).
fn property_required(c: &Change, api: &Api) -> Option<bool> {
    let origin = c.revision.as_ref().or(c.base.as_ref())?;
    let (parent_pointer, rest) = origin.pointer.rsplit_once("/properties/")?;
    let name = crate::load::unescape_segment(rest.split('/').next()?);
    (0..api.schemas.len())
        .map(|i| api.schemas.get(crate::model::SchemaId(i as u32)))
        .find(|s| s.origin.doc == origin.doc && *s.origin.pointer == *parent_pointer)
        .map(|s| s.required.contains(&name))
}

fn non_null(s: &crate::model::Schema) -> Option<crate::model::TypeSet> {
    s.types.map(|t| t.without(crate::model::TypeSet::NULL))
}

fn is_const(s: &crate::model::Schema) -> bool {
    s.enum_values.as_ref().is_some_and(|v| v.len() == 1)
}

/// An allOf member that only annotates (title, description, examples...) constrains nothing.
fn annotation_only(c: &Change, api: &Api, parent: &crate::model::Schema) -> bool {
    let origin = if c.kind == ChangeKind::Added {
        &c.revision
    } else {
        &c.base
    };
    let Some(origin) = origin else { return false };
    parent
        .all_of
        .iter()
        .map(|&id| api.schemas.get(id))
        .any(|m| {
            m.origin == *origin
                && m.types.is_none()
                && m.properties.is_empty()
                && m.enum_values.is_none()
                && m.required.is_empty()
                && m.items.is_none()
                && m.all_of.is_empty()
                && m.one_of.is_empty()
                && m.any_of.is_empty()
                && m.format.is_none()
                && m.other.is_empty()
        })
}

/// One facet in every context the change is used in, read-only and write-only aside.
fn by_context(
    c: &Change,
    facet: &str,
    bs: &crate::model::Schema,
    rs: &crate::model::Schema,
) -> Vec<(String, Vec<Usage>)> {
    let mut out: BTreeMap<String, Vec<Usage>> = BTreeMap::new();
    for u in &c.operations {
        let request = super::ids::client_sends(u);
        if (request && (rs.read_only || bs.read_only))
            || (!request && (rs.write_only || bs.write_only))
        {
            continue;
        }
        out.entry(format!("{}-{facet}", schema_context(u)))
            .or_default()
            .push(u.clone());
    }
    out.into_iter().collect()
}

/// Looks up what the rule choice depends on.
fn facts(c: &Change, base: &Api, rev: &Api, options: &ClassifyOptions) -> Facts {
    let flag = |v: &Option<Value>, key: &str| {
        v.as_ref()
            .and_then(|v| v.get(key))
            .and_then(Value::as_bool)
            .unwrap_or(false)
    };
    let value = if c.kind == ChangeKind::Removed {
        &c.base_value
    } else {
        &c.revision_value
    };
    let mut facts = Facts {
        required: flag(value, "required"),
        deprecated: flag(&c.base_value, "deprecated"),
        path_parameter: c.name.as_deref().is_some_and(|n| n.starts_with("path.")),
        path_level: c.what == What::Parameter
            && c.revision
                .as_ref()
                .is_some_and(|o| is_path_item_parameter(&o.pointer)),
        success: c.name.as_deref().is_some_and(|n| n.starts_with('2')),
        ..Facts::default()
    };
    if let Group::Operation(key) = &c.group {
        if c.what == What::OperationDeprecated {
            facts.sunset = rev
                .operations
                .get(key)
                .and_then(|op| super::lifecycle::operation_sunset(rev, op))
                .is_some();
        }
        if c.what == What::Operation && c.kind == ChangeKind::Removed {
            facts.removal_id = Some(removal_id(key, base, rev, options));
        }
    }
    facts
}

/// `/paths/{path}/parameters/{i}`: declared on the path item, not on the operation.
fn is_path_item_parameter(pointer: &str) -> bool {
    let parts: Vec<&str> = pointer.split('/').collect();
    parts.len() == 5 && parts[1] == "paths" && parts[3] == "parameters"
}

/// A removed operation: was it deprecated first, and is its sunset past? A whole path gone
/// has its own ids.
fn removal_id(key: &OpKey, base: &Api, rev: &Api, options: &ClassifyOptions) -> String {
    let Some(op) = base.operations.get(key) else {
        return "api-removed-without-deprecation".into();
    };
    let path_gone = !rev
        .operations
        .keys()
        .any(|k| k.scope == OpScope::Path && k.pattern == key.pattern);
    let scope = if path_gone { "api-path" } else { "api" };
    if !super::lifecycle::operation_deprecated(op) {
        return format!("{scope}-removed-without-deprecation");
    }
    match super::lifecycle::operation_sunset(base, op)
        .as_ref()
        .map(Date::parse_value)
    {
        Some(None) => format!("{scope}-sunset-parse"),
        Some(Some(sunset)) if options.as_of < sunset => format!("{scope}-removed-before-sunset"),
        // Announced and past its date: clients still calling it break, but it was planned.
        Some(Some(_)) => "api-removed-after-sunset".to_string(),
        None => format!("{scope}-removed-with-deprecation"),
    }
}

/// The version policy: breaking changes shipped without the bump they need.
fn versioning_findings(findings: &[Finding], base: &Api, rev: &Api) -> Option<Finding> {
    use super::semver::{Bump, parse_version};
    if !findings.iter().any(|f| f.level == Level::Breaking) {
        return None;
    }
    let b = parse_version(base.info.version.as_deref()?)?;
    let r = parse_version(rev.info.version.as_deref()?)?;
    let (bt, rt) = ((b.major, b.minor, b.patch), (r.major, r.minor, r.patch));
    let id = if rt < bt {
        "api-version-decreased"
    } else if rt == bt {
        "api-version-not-bumped"
    } else if (b.major == 0 && r.major == 0 && r.minor > b.minor) || r.major > b.major {
        return None;
    } else {
        "api-major-version-not-bumped"
    };
    let rule = CATALOG.get(id)?;
    let (old, new) = (b.to_string(), r.to_string());
    let required = if b.major == 0 {
        Bump::Minor
    } else {
        Bump::Major
    };
    Some(Finding {
        rule,
        level: rule.level,
        fingerprint: fingerprint_of(&[id, "/info/version"]),
        message: format!(
            "{}: {old} → {new} with breaking changes (a {} bump is required)",
            rule.title,
            required.as_str()
        ),
        base: Some(Origin::new(crate::model::DocId(0), "/info/version")),
        revision: Some(Origin::new(crate::model::DocId(0), "/info/version")),
        operations: Vec::new(),
        related: Vec::new(),
        migration: rule
            .migration
            .replace("{subject}", "`info.version`")
            .replace("{old}", &old)
            .replace("{new}", &new)
            .replace("{rename}", ""),
        change: None,
    })
}

/// Stable identity: rule id and the change's site (pointers and name), never text, lines or
/// file names.
pub fn fingerprint(rule_id: &str, c: &Change) -> String {
    fingerprint_of(&[
        rule_id,
        c.kind.as_str(),
        c.what.as_str(),
        c.name.as_deref().unwrap_or(""),
        c.base.as_ref().map_or("", |o| &*o.pointer),
        c.revision.as_ref().map_or("", |o| &*o.pointer),
    ])
}

fn fingerprint_of(parts: &[&str]) -> String {
    let mut h = Fnv::default();
    for p in parts {
        h.write(p);
    }
    format!("{:012x}", h.0 & 0xffff_ffff_ffff)
}

/// FNV-1a: small, stable across platforms and releases (std's hashers are not).
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, s: &str) {
        for b in s.bytes().chain([0xff]) {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// How a finding names the element it is about.
pub fn subject(c: &Change, usages: &[Usage]) -> String {
    let element = element_name(c, usages);
    match usages.first() {
        Some(u) if usages.len() > 1 => format!(
            "{element} in `{} {}` and {} more operation{}",
            u.method,
            u.path,
            usages.len() - 1,
            if usages.len() == 2 { "" } else { "s" }
        ),
        Some(u) if !element.contains(&u.path) => format!("{element} in `{} {}`", u.method, u.path),
        _ => element,
    }
}

/// The element a finding is about, in backticks, without a noun (rule templates say
/// "property", "parameter"...): `Address.zip`, `query.limit`, `GET /pets`.
fn element_name(c: &Change, usages: &[Usage]) -> String {
    let name = c.name.as_deref();
    let pointer = c
        .revision
        .as_ref()
        .or(c.base.as_ref())
        .map(|o| &*o.pointer)
        .unwrap_or("");
    let field = crate::report::component_field_path(pointer).filter(|f| !f.is_empty());
    // The field path inside the operation, from the usage: `response 200 ...: [].owner.zip`.
    let usage_field = usages
        .first()
        .and_then(|u| u.location.split_once(": ").map(|(_, f)| f.to_string()));
    let usage_root = usages
        .first()
        .map(|u| u.location.clone())
        .unwrap_or_default();
    match (c.what, &c.group) {
        (What::Property | What::Required, Group::Schema(s)) => {
            format!("`{s}.{}`", join_field(pointer_field(c), name.unwrap_or("")))
        }
        (What::Property | What::Required, _) => match (usage_field, name) {
            (Some(f), _) => format!("`{f}`"),
            (None, Some(n)) => format!("`{n}`"),
            (None, None) => String::new(),
        },
        (_, Group::Schema(s)) if c.schemas.is_some() => match field {
            Some(f) => format!("`{s}.{f}`"),
            None => format!("`{s}`"),
        },
        _ if c.schemas.is_some() => match usage_field {
            Some(f) => format!("`{f}`"),
            // A parameter's or a body's own schema.
            None => format!("`{}`", usage_root.trim_start_matches("parameter ")),
        },
        _ => match (name, usages.first()) {
            // The operation itself.
            (None, Some(u)) if u.location.is_empty() => format!("`{} {}`", u.method, u.path),
            (Some(n), _) => format!("`{n}`"),
            (None, _) if !usage_root.is_empty() => {
                format!("`{}`", usage_root.trim_start_matches("parameter "))
            }
            (None, _) => format!("`{}`", c.what.as_str().replace('-', " ")),
        },
    }
}

fn pointer_field(c: &Change) -> Option<String> {
    c.schemas?;
    c.base
        .as_ref()
        .filter(|_| c.kind != ChangeKind::Added)
        .or(c.revision.as_ref())
        .and_then(|o| crate::report::component_field_path(&o.pointer))
}

fn join_field(path: Option<String>, name: &str) -> String {
    match path {
        Some(p) if !p.is_empty() && p != name && !p.ends_with(&format!(".{name}")) => {
            format!("{p}.{name}")
        }
        Some(p) if !p.is_empty() => p,
        _ => name.to_string(),
    }
}

/// A value as it reads in a message or a migration note. Text is inline code, so a value
/// like `archived` or a long description cannot run into the sentence around it. It is cut
/// to one short line; the change carries the whole value. Numbers, booleans and null read
/// plainly as they are.
fn show(v: &Option<Value>) -> String {
    match v {
        None => "none".into(),
        Some(Value::String(s)) if s.is_empty() => "\"\"".into(),
        Some(Value::String(s)) => inline_code(s),
        Some(v @ (Value::Array(_) | Value::Object(_))) => inline_code(&v.to_string()),
        Some(other) => other.to_string(),
    }
}

fn inline_code(text: &str) -> String {
    const MAX_CHARS: usize = 60;
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.is_empty() {
        // Only whitespace: an empty code span would show nothing.
        return Value::String(text.chars().take(MAX_CHARS).collect()).to_string();
    }
    let cut = if one_line.chars().count() > MAX_CHARS {
        let head: String = one_line.chars().take(MAX_CHARS - 1).collect();
        format!("{}…", head.trim_end())
    } else {
        one_line
    };
    // Markdown (CommonMark): a code span is fenced by a run of backticks longer than any
    // run inside it, and padded with a space when it holds one.
    let longest_run = cut.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    if longest_run == 0 {
        format!("{fence}{cut}{fence}")
    } else {
        format!("{fence} {cut} {fence}")
    }
}

fn finding(rule: &'static Rule, c: &Change, index: usize, usages: Vec<Usage>) -> Finding {
    let subject = subject(c, &usages);
    let (old, new) = (show(&c.base_value), show(&c.revision_value));
    let values = match (c.kind, &c.base_value, &c.revision_value) {
        (ChangeKind::Modified, Some(_), Some(_)) => format!(": {old} → {new}"),
        _ => String::new(),
    };
    let migration = rule
        .migration
        .replace("{subject}", &subject)
        .replace("{old}", &old)
        .replace("{new}", &new);
    Finding {
        rule,
        level: rule.level,
        fingerprint: fingerprint(&rule.id, c),
        message: format!("{}: {subject}{values}", rule.title),
        base: c.base.clone(),
        revision: c.revision.clone(),
        operations: usages,
        related: Vec::new(),
        migration,
        change: Some(index),
    }
}

#[cfg(test)]
mod tests {
    use super::show;
    use serde_json::json;

    #[test]
    fn text_values_read_as_inline_code_cut_to_one_short_line() {
        assert_eq!(show(&Some(json!("archived"))), "`archived`");
        assert_eq!(show(&Some(json!(""))), "\"\"");
        assert_eq!(show(&Some(json!("a\n  b"))), "`a b`");
        assert_eq!(show(&Some(json!("say `hi`"))), "`` say `hi` ``");
        assert_eq!(show(&Some(json!("a``b"))), "``` a``b ```");
        assert_eq!(show(&Some(json!("   "))), "\"   \"");
        let long = show(&Some(json!("word ".repeat(30))));
        assert!(
            long.starts_with("`word word") && long.ends_with("…`"),
            "{long}"
        );
        assert_eq!(long.chars().count(), 2 + 60, "{long}");
        assert_eq!(show(&Some(json!(["a", 1]))), "`[\"a\",1]`");
    }

    #[test]
    fn numbers_booleans_null_and_absence_read_plainly() {
        assert_eq!(show(&Some(json!(50))), "50");
        assert_eq!(show(&Some(json!(true))), "true");
        assert_eq!(show(&Some(json!(null))), "null");
        assert_eq!(show(&None), "none");
    }
}
