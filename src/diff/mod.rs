//! Structural diff: walks two models together and emits [`Change`] facts (what was added,
//! removed or modified, where, with both values). It knows nothing about "breaking"; that is
//! the classifier's job.
//!
//! Schemas are compared once per (base, revision) node pair and memoized, so a cycle ends and
//! a change to a shared component is ONE change listing every operation that reaches it.

mod document;
mod emit;
mod operation;
mod schema;

use crate::model::{Api, OpKey, OpScope, Origin, SchemaId};
use serde_json::Value;
use std::sync::Arc;

pub use emit::What;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChangeKind {
    Added,
    Removed,
    Modified,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Modified => "modified",
        }
    }
}

/// Which way data flows for the client: what it sends, or what it receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Direction {
    Request,
    Response,
    /// The operation itself, or a document-level element.
    None,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Request => "request",
            Direction::Response => "response",
            Direction::None => "none",
        }
    }
}

/// One operation a change affects, and where inside it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Usage {
    pub scope: OpScope,
    pub method: String,
    pub path: String,
    /// One allocation per operation id, shared by every usage naming it: a change to a shared
    /// schema lists thousands of usages.
    pub operation_id: Option<Arc<str>>,
    pub direction: Direction,
    /// For example `response 200 application/json: items[].name`.
    pub location: String,
}

/// How reports group changes: by operation, by component, or the document itself.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    Document,
    SecurityScheme(String),
    Schema(String),
    Operation(OpKey),
}

/// One structural change.
#[derive(Debug, Clone)]
pub struct Change {
    pub kind: ChangeKind,
    pub what: What,
    /// The member the change is about: a property, parameter, status code, media type,
    /// enum value, extension name...
    pub name: Option<String>,
    pub group: Group,
    pub base: Option<Origin>,
    pub revision: Option<Origin>,
    pub base_value: Option<Value>,
    pub revision_value: Option<Value>,
    /// The schema pair a schema change was found on, so later stages can look at both nodes.
    pub schemas: Option<(SchemaId, SchemaId)>,
    pub operations: Vec<Usage>,
}

/// All changes between two models, in document order.
#[derive(Debug, Clone, Default)]
pub struct Diff {
    pub changes: Vec<Change>,
}

/// Compares `base` with `revision`.
pub fn diff(base: &Api, revision: &Api) -> Diff {
    let mut d = emit::Differ::new(base, revision);
    document::diff_document(&mut d);
    operation::diff_operations(
        &mut d,
        &base.operations,
        &revision.operations,
        OpScope::Path,
        None,
    );
    d.finish()
}
