//! Field-mapping impact (DESIGN §5): which fields a change touches, and how each field a
//! consumer maps is affected. Field paths come in two forms: component paths
//! (`Customer.address.zip`, `Order.items[].sku`) and operation-scoped paths
//! (`GET /customers/{id} response.email`, `POST /orders request.items[].sku`,
//! `GET /customers param.limit`). Both resolve to a schema node of the base model, so a field
//! reached through `$ref`s and compositions is one field.

use crate::diff::{ChangeKind, Diff, Direction, Usage, What};
use crate::model::{AdditionalProperties, Api, SchemaId};
use crate::rules::{Finding, Level};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

/// One changed field and the findings behind it.
#[derive(Debug, Clone)]
pub struct ChangedField {
    pub field: String,
    pub level: Level,
    /// Indices into the findings list.
    pub findings: Vec<usize>,
    /// Every operation and location where the field is reachable, with its
    /// operation-scoped path.
    pub operations: Vec<(Usage, Option<String>)>,
    /// The field's schema node in the base model, when it has one.
    node: Option<SchemaId>,
}

/// How a mapped field is affected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Unaffected,
    ChangedCompatible,
    Deprecated,
    Renamed,
    Broken,
    UnknownField,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Unaffected => "unaffected",
            Status::ChangedCompatible => "changed-compatible",
            Status::Deprecated => "deprecated",
            Status::Renamed => "renamed",
            Status::Broken => "broken",
            Status::UnknownField => "unknown-field",
        }
    }
}

/// One entry of a mapping file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MappingEntry {
    pub field: String,
    pub ours: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingFile {
    mappings: Vec<MappingEntry>,
}

/// Parses a mapping file; the error names `file:line:column`.
pub fn parse_mappings(text: &str, file: &str) -> Result<Vec<MappingEntry>, String> {
    let parsed: MappingFile = serde_saphyr::from_str(text).map_err(|e| {
        let at = match e.location().filter(|l| l.line() > 0) {
            Some(l) => format!("{file}:{}:{}", l.line(), l.column()),
            None => format!("{file}:1"),
        };
        let message = e.to_string();
        let mut message = message.lines().next().unwrap_or_default().trim();
        // serde-saphyr repeats the position: `error: line 4 column 12: ...`.
        if let Some(rest) = message.strip_prefix("error: line ")
            && let Some((_, m)) = rest.split_once(": ")
        {
            message = m;
        }
        format!("{at}: invalid mapping file: {message}")
    })?;
    for (i, entry) in parsed.mappings.iter().enumerate() {
        if entry.field.trim().is_empty() || entry.ours.trim().is_empty() {
            let line = line_of_entry(text, i).unwrap_or(1);
            return Err(format!(
                "{file}:{line}: invalid mapping file: entry {} needs a non-empty `field` and `ours`",
                i + 1
            ));
        }
    }
    Ok(parsed.mappings)
}

/// The line of the `i`th `- ` list item (best effort, for semantic errors).
fn line_of_entry(text: &str, i: usize) -> Option<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with("- "))
        .nth(i)
        .map(|(n, _)| n + 1)
}

/// A mapped field's judgement.
#[derive(Debug, Clone)]
pub struct Judgement {
    pub entry: MappingEntry,
    pub status: Status,
    /// For a rename: the probable new field and the confidence.
    pub new_field: Option<(String, f64)>,
    /// Indices into the findings list.
    pub findings: Vec<usize>,
    /// The operation-scoped paths where the matched changes reach (`POST /orders
    /// request.items[].sku`).
    pub operations: Vec<String>,
    pub migration: String,
}

/// Every changed field, worst first then by name.
pub fn changed_fields(diff: &Diff, findings: &[Finding], base: &Api) -> Vec<ChangedField> {
    let mut by_field: BTreeMap<String, ChangedField> = BTreeMap::new();
    for (i, f) in findings.iter().enumerate() {
        let Some(field) = finding_field(diff, f) else {
            continue;
        };
        let entry = by_field
            .entry(field.clone())
            .or_insert_with(|| ChangedField {
                node: resolve(base, &field),
                field: field.clone(),
                level: f.level,
                findings: Vec::new(),
                operations: Vec::new(),
            });
        entry.level = entry.level.min(f.level);
        entry.findings.push(i);
        let usages = f
            .change
            .map(|c| diff.changes[c].operations.clone())
            .unwrap_or_else(|| f.operations.clone());
        for u in usages {
            if !entry.operations.iter().any(|(e, _)| *e == u) {
                let scoped = operation_path(&u);
                entry.operations.push((u, scoped));
            }
        }
    }
    let mut out: Vec<ChangedField> = by_field.into_values().collect();
    for f in &mut out {
        f.operations.sort_by(|a, b| a.0.cmp(&b.0));
    }
    out.sort_by(|a, b| (a.level, &a.field).cmp(&(b.level, &b.field)));
    out
}

/// The field a finding is about: a component path, or for changes outside components the
/// operation-scoped path of its first usage.
pub fn finding_field(diff: &Diff, f: &Finding) -> Option<String> {
    let change = &diff.changes[f.change?];
    let pointer = match (change.kind, &change.base, &change.revision) {
        (ChangeKind::Added, _, Some(o)) | (_, Some(o), _) | (_, None, Some(o)) => &o.pointer,
        _ => return None,
    };
    if let Some(path) = crate::report::component_field_path(pointer) {
        let component = pointer
            .strip_prefix("/components/schemas/")
            .or_else(|| pointer.strip_prefix("/definitions/"))?
            .split('/')
            .next()
            .map(crate::load::unescape_segment)?;
        let mut path = path;
        if matches!(change.what, What::Property | What::Required)
            && let Some(name) = &change.name
            && path.rsplit('.').next() != Some(name.as_str())
        {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(name);
        }
        return Some(if path.is_empty() {
            component
        } else if path.starts_with('[') || path.starts_with('{') {
            format!("{component}{path}")
        } else {
            format!("{component}.{path}")
        });
    }
    let u = f.operations.first().or(change.operations.first())?;
    operation_path(u).map(|p| format!("{} {} {p}", u.method, u.path))
}

/// `response 200 application/json: [].email` → `response[].email`; `response 404 ...: code`
/// → `response[404].code`; `request body application/json: items[].sku` →
/// `request.items[].sku`; `parameter query.limit` → `param.limit`.
pub fn operation_path(u: &Usage) -> Option<String> {
    let (head, sub) = match u.location.split_once(": ") {
        Some((h, s)) => (h, s),
        None => (u.location.as_str(), ""),
    };
    let words: Vec<&str> = head.split(' ').collect();
    let root = match words.as_slice() {
        ["parameter", name, ..] => {
            let name = name.split_once('.').map_or(*name, |(_, n)| n);
            format!("param.{name}")
        }
        ["request", "body", ..] => "request".to_string(),
        ["response", code, rest @ ..] => {
            let mut r = if code.starts_with('2') {
                "response".to_string()
            } else {
                format!("response[{code}]")
            };
            if let ["header", name, ..] = rest {
                r.push_str(&format!(".header.{name}"));
            }
            r
        }
        _ => return None,
    };
    Some(join(&root, sub))
}

fn join(root: &str, sub: &str) -> String {
    if sub.is_empty() {
        root.to_string()
    } else if sub.starts_with('[') || sub.starts_with('{') {
        format!("{root}{sub}")
    } else {
        format!("{root}.{sub}")
    }
}

/// Judges every mapping entry.
pub fn judge(
    entries: &[MappingEntry],
    fields: &[ChangedField],
    diff: &Diff,
    findings: &[Finding],
    base: &Api,
) -> Vec<Judgement> {
    entries
        .iter()
        .map(|entry| judge_one(entry, fields, diff, findings, base))
        .collect()
}

fn judge_one(
    entry: &MappingEntry,
    fields: &[ChangedField],
    diff: &Diff,
    findings: &[Finding],
    base: &Api,
) -> Judgement {
    let wanted = entry.field.trim();
    let node = resolve(base, wanted);
    let known = node.is_some() || names_parameter(base, wanted);
    let matched: Vec<&ChangedField> = fields
        .iter()
        .filter(|f| {
            f.field == wanted
                || (node.is_some() && f.node == node)
                || f.operations.iter().any(|(u, p)| {
                    p.as_ref().is_some_and(|p| {
                        p == wanted || format!("{} {} {p}", u.method, u.path) == wanted
                    })
                })
        })
        .collect();
    let mut ids: Vec<usize> = matched.iter().flat_map(|f| f.findings.clone()).collect();
    ids.sort();
    ids.dedup();
    let ours = &entry.ours;
    let mut judgement = Judgement {
        entry: entry.clone(),
        status: Status::Unaffected,
        new_field: None,
        findings: ids.clone(),
        operations: {
            let mut ops: Vec<String> = matched
                .iter()
                .flat_map(|f| &f.operations)
                .map(|(u, p)| match p {
                    Some(p) => format!("{} {} {p}", u.method, u.path),
                    None => format!("{} {} {}", u.method, u.path, u.location),
                })
                .collect();
            ops.sort();
            ops.dedup();
            ops
        },
        migration: format!("no action needed for {ours}"),
    };
    if !known && matched.is_empty() {
        judgement.status = Status::UnknownField;
        judgement.migration = format!(
            "check {ours}: `{wanted}` names no field of the base spec; fix the mapping entry"
        );
        return judgement;
    }
    if ids.is_empty() {
        return judgement;
    }
    let fs: Vec<&Finding> = ids.iter().map(|&i| &findings[i]).collect();
    let worst = fs.iter().map(|f| f.level).min().unwrap_or(Level::Info);
    let directions: BTreeSet<Direction> = matched
        .iter()
        .flat_map(|f| f.operations.iter().map(|(u, _)| u.direction))
        .collect();
    let verb = match (
        directions.contains(&Direction::Request),
        directions.contains(&Direction::Response),
    ) {
        (true, false) => "send",
        (true, true) => "read and send",
        _ => "read",
    };
    // A removed field linked to an added one: a probable rename.
    let rename = fs.iter().find_map(|f| {
        let change = &diff.changes[f.change?];
        if change.kind != ChangeKind::Removed {
            return None;
        }
        let link = f.related.iter().find(|r| r.relation == "probable-rename")?;
        let target = findings
            .iter()
            .find(|g| g.fingerprint == link.fingerprint)?;
        Some((
            finding_field(diff, f)?,
            finding_field(diff, target)?,
            link.confidence,
        ))
    });
    let first_note = |level: Level| {
        fs.iter()
            .find(|f| f.level == level)
            .map(|f| {
                if f.migration.is_empty() {
                    f.message.clone()
                } else {
                    f.migration.clone()
                }
            })
            .unwrap_or_default()
    };
    if let Some((old, new, confidence)) = rename {
        judgement.status = Status::Renamed;
        judgement.migration = format!(
            "update {ours}: {verb} {new} instead of {old} (probable rename, confidence {confidence:.2})"
        );
        judgement.new_field = Some((new, confidence));
    } else if worst <= Level::PotentiallyBreaking {
        judgement.status = Status::Broken;
        let field = matched.first().map_or(wanted, |f| f.field.as_str());
        judgement.migration = format!(
            "update {ours}: {field} changed incompatibly: {}",
            first_note(worst)
        );
    } else if worst == Level::Deprecation {
        judgement.status = Status::Deprecated;
        let field = matched.first().map_or(wanted, |f| f.field.as_str());
        judgement.migration = format!(
            "plan to move {ours} off {field}: {}",
            first_note(Level::Deprecation)
        );
    } else {
        judgement.status = Status::ChangedCompatible;
        let field = matched.first().map_or(wanted, |f| f.field.as_str());
        judgement.migration = format!(
            "no action needed for {ours}; {field} changed compatibly: {}",
            first_note(worst)
        );
    }
    judgement
}

/// Splits `GET /customers/{id} response.email` into its operation and its rest.
fn split_operation(field: &str) -> Option<(&str, &str, &str)> {
    let (method, rest) = field.split_once(' ')?;
    if !method.chars().all(|c| c.is_ascii_alphabetic()) || !rest.starts_with('/') {
        return None;
    }
    let (path, rest) = rest.split_once(' ')?;
    Some((method, path, rest.trim()))
}

fn names_parameter(base: &Api, field: &str) -> bool {
    let Some((method, path, rest)) = split_operation(field) else {
        return false;
    };
    let Some(name) = rest.strip_prefix("param.") else {
        return false;
    };
    base.operations.values().any(|op| {
        op.method.eq_ignore_ascii_case(method)
            && op.path == path
            && op.parameters.values().any(|p| p.name == name)
    })
}

/// The base schema node a field path names, if any.
pub fn resolve(base: &Api, field: &str) -> Option<SchemaId> {
    // `response[404].code` without an operation: the first operation where it resolves.
    if ["request", "response", "param."]
        .iter()
        .any(|p| field.starts_with(p))
    {
        return base
            .operations
            .values()
            .find_map(|op| resolve(base, &format!("{} {} {field}", op.method, op.path)));
    }
    if let Some((method, path, rest)) = split_operation(field) {
        let op = base
            .operations
            .values()
            .find(|op| op.method.eq_ignore_ascii_case(method) && op.path == path)?;
        let (roots, sub): (Vec<SchemaId>, &str) = if let Some(sub) = rest.strip_prefix("request") {
            let roots = op
                .request_body
                .iter()
                .flat_map(|b| b.content.values().filter_map(|m| m.schema))
                .collect();
            (roots, sub)
        } else if let Some(sub) = rest.strip_prefix("param.") {
            let (name, sub) = split_segment(sub);
            let p = op.parameters.values().find(|p| p.name == name)?;
            (p.schema.into_iter().collect(), sub)
        } else if let Some(sub) = rest.strip_prefix("response") {
            let (codes, sub): (Vec<&String>, &str) = match sub.strip_prefix('[') {
                Some(s) if !s.starts_with(']') => {
                    let (code, sub) = s.split_once(']')?;
                    (op.responses.keys().filter(|k| *k == code).collect(), sub)
                }
                _ => (
                    op.responses.keys().filter(|k| k.starts_with('2')).collect(),
                    sub,
                ),
            };
            let roots = codes
                .iter()
                .filter_map(|c| op.responses.get(*c))
                .flat_map(|r| r.content.values().filter_map(|m| m.schema))
                .collect();
            (roots, sub)
        } else {
            return None;
        };
        return roots.into_iter().find_map(|r| walk(base, r, sub));
    }
    let (component, sub) = match field.find(['.', '[', '{']) {
        Some(i) => (&field[..i], &field[i..]),
        None => (field, ""),
    };
    let root = *base.components.schemas.get(component)?;
    walk(base, root, sub)
}

/// `limit.x` → (`limit`, `.x`).
fn split_segment(s: &str) -> (&str, &str) {
    match s.find(['.', '[', '{']) {
        Some(i) => (&s[..i], &s[i..]),
        None => (s, ""),
    }
}

/// Follows `.name`, `[]` and `{*}` steps from `id`, through compositions and `$ref`s; a
/// property is also found through array items, so `Order.items.sku` finds `items[].sku`.
fn walk(base: &Api, id: SchemaId, path: &str) -> Option<SchemaId> {
    let mut current = id;
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("[]") {
            current = find(base, current, &|s| s.items, 0)?;
            rest = r;
        } else if let Some(r) = rest.strip_prefix("{*}") {
            current = find(
                base,
                current,
                &|s| match s.additional_properties {
                    Some(AdditionalProperties::Schema(a)) => Some(a),
                    _ => None,
                },
                0,
            )?;
            rest = r;
        } else {
            let r = rest.strip_prefix('.').unwrap_or(rest);
            let (name, r) = split_segment(r);
            if name.is_empty() {
                return None;
            }
            current = find_property(base, current, name, 0)?;
            rest = r;
        }
    }
    Some(current)
}

fn find_property(base: &Api, id: SchemaId, name: &str, depth: usize) -> Option<SchemaId> {
    find(base, id, &|s| s.properties.get(name).copied(), depth).or_else(|| {
        if depth > 8 {
            return None;
        }
        let items = find(base, id, &|s| s.items, depth)?;
        find_property(base, items, name, depth + 1)
    })
}

/// The first node, searching `id` and its compositions, for which `step` gives a child.
fn find(
    base: &Api,
    id: SchemaId,
    step: &dyn Fn(&crate::model::Schema) -> Option<SchemaId>,
    depth: usize,
) -> Option<SchemaId> {
    if depth > 16 {
        return None;
    }
    let s = base.schemas.get(id);
    if let Some(child) = step(s) {
        return Some(child);
    }
    s.all_of
        .iter()
        .chain(&s.one_of)
        .chain(&s.any_of)
        .chain(&s.ref_target)
        .find_map(|&c| find(base, c, step, depth + 1))
}
