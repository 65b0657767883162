//! The JSON contract of DESIGN §4 (schema_version 1) for `diff`.

use super::json_stream::Document;
use super::{DiffReport, Side};
use crate::diff::{Change, Group, Usage};
use crate::model::OpScope;
use serde::ser::{Serialize, SerializeMap, Serializer};
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

/// An operation a change or finding affects, as the JSON reports write it.
pub struct UsageJson<'a>(pub &'a Usage);

impl Serialize for UsageJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let u = self.0;
        let mut o = serializer.serialize_map(None)?;
        o.serialize_entry("method", &u.method)?;
        o.serialize_entry("path", &u.path)?;
        o.serialize_entry("operation_id", &u.operation_id.as_deref())?;
        o.serialize_entry("direction", u.direction.as_str())?;
        o.serialize_entry("location", &u.location)?;
        match u.scope {
            OpScope::Path => {}
            OpScope::Webhook => o.serialize_entry("scope", "webhook")?,
            OpScope::Callback => o.serialize_entry("scope", "callback")?,
        }
        o.end()
    }
}

/// The operations of a change or finding.
pub struct UsagesJson<'a>(pub &'a [Usage]);

impl Serialize for UsagesJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(UsageJson))
    }
}

/// [`UsageJson`] as a `Value`, for reports that add to it.
pub fn usage_json(u: &Usage) -> Value {
    serde_json::to_value(UsageJson(u)).expect("a usage converts to a Value")
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

/// A change as `diff --format json` writes it, serialized from the change itself.
struct ChangeJson<'a> {
    report: &'a DiffReport<'a>,
    change: &'a Change,
}

impl Serialize for ChangeJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (c, report) = (self.change, self.report);
        let mut o = serializer.serialize_map(None)?;
        o.serialize_entry("kind", c.kind.as_str())?;
        o.serialize_entry("what", c.what.as_str())?;
        if let Some(name) = &c.name {
            o.serialize_entry("name", name)?;
        }
        o.serialize_entry("group", &change_group_label(c))?;
        o.serialize_entry("base", &c.base.as_ref().map(|at| report.base.locate(at)))?;
        let revision = c.revision.as_ref().map(|at| report.revision.locate(at));
        o.serialize_entry("revision", &revision)?;
        if let Some(v) = &c.base_value {
            o.serialize_entry("base_value", v)?;
        }
        if let Some(v) = &c.revision_value {
            o.serialize_entry("revision_value", v)?;
        }
        o.serialize_entry("operations", &UsagesJson(&c.operations))?;
        o.end()
    }
}

/// The whole `diff --format json` document, each change built as it is written.
pub fn diff_document<'a>(report: &'a DiffReport<'a>) -> Document<'a> {
    let mut out = Document::new(envelope(&report.base, &report.revision));
    out.array(
        "changes",
        report
            .diff
            .changes
            .iter()
            .map(|change| ChangeJson { report, change }),
    );
    out
}

/// The whole `diff --format json` document as one `Value`.
pub fn diff_json(report: &DiffReport) -> serde_json::Result<Value> {
    diff_document(report).into_value()
}
