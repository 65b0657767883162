//! The JSON contract of DESIGN §4 (schema_version 1) for `diff`.

use super::json_stream::Document;
use super::{DiffReport, Side};
use crate::diff::{Change, Group, Usage};
use serde_json::{Map, Value, json};

pub const SCHEMA_VERSION: u32 = 1;

/// `{"source", "spec_version", "title", "version"}` of one side.
pub fn side_json(side: &Side) -> Value {
    json!({
        "source": side.source,
        "spec_version": side.api.spec_version,
        "title": side.api.info.title,
        "version": side.api.info.version,
    })
}

/// The envelope every JSON output shares.
pub fn envelope(base: &Side, revision: &Side) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("schema_version".into(), json!(SCHEMA_VERSION));
    out.insert(
        "tool".into(),
        json!({"name": "apidelta", "version": env!("CARGO_PKG_VERSION")}),
    );
    out.insert("base".into(), side_json(base));
    out.insert("revision".into(), side_json(revision));
    out
}

pub fn usage_json(u: &Usage) -> Value {
    let mut o = json!({
        "method": u.method,
        "path": u.path,
        "operation_id": u.operation_id.as_deref(),
        "direction": u.direction.as_str(),
        "location": u.location,
    });
    if u.scope != crate::model::OpScope::Path {
        o["scope"] = json!(match u.scope {
            crate::model::OpScope::Webhook => "webhook",
            _ => "callback",
        });
    }
    o
}

pub fn group_label(group: &Group) -> String {
    match group {
        Group::Document => "document".to_string(),
        Group::SecurityScheme(name) => format!("security scheme {name}"),
        Group::Schema(name) => format!("schema {name}"),
        Group::Operation(key) => format!("{} {}", key.method, key.pattern),
    }
}

/// A change's group as people read it: operations by their path template as written.
pub fn change_group_label(c: &Change) -> String {
    match (&c.group, c.operations.first()) {
        (Group::Operation(key), Some(u)) if u.method == key.method => {
            format!("{} {}", u.method, u.path)
        }
        (group, _) => group_label(group),
    }
}

fn change_json(report: &DiffReport, c: &Change) -> Value {
    let mut o = Map::new();
    o.insert("kind".into(), json!(c.kind.as_str()));
    o.insert("what".into(), json!(c.what.as_str()));
    if let Some(name) = &c.name {
        o.insert("name".into(), json!(name));
    }
    o.insert("group".into(), json!(change_group_label(c)));
    let loc = |side: &Side, origin: &Option<crate::model::Origin>| match origin {
        Some(origin) => serde_json::to_value(side.locate(origin)).unwrap_or(Value::Null),
        None => Value::Null,
    };
    o.insert("base".into(), loc(&report.base, &c.base));
    o.insert("revision".into(), loc(&report.revision, &c.revision));
    if let Some(v) = &c.base_value {
        o.insert("base_value".into(), v.clone());
    }
    if let Some(v) = &c.revision_value {
        o.insert("revision_value".into(), v.clone());
    }
    o.insert(
        "operations".into(),
        Value::Array(c.operations.iter().map(usage_json).collect()),
    );
    Value::Object(o)
}

/// The whole `diff --format json` document, each change built as it is written.
pub fn diff_document<'a>(report: &'a DiffReport<'a>) -> Document<'a> {
    let mut out = Document::new(envelope(&report.base, &report.revision));
    out.array(
        "changes",
        report.diff.changes.iter().map(|c| change_json(report, c)),
    );
    out
}

/// The whole `diff --format json` document as one `Value`.
pub fn diff_json(report: &DiffReport) -> Value {
    diff_document(report).into_value()
}
