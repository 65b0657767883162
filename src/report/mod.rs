//! Renderers: each reads the diff (and the loaded documents, for names and positions) and
//! writes one format. Formatting stays here, out of the engine.

pub mod json;
pub mod text;

use crate::diff::Diff;
use crate::load::DocumentSet;
use crate::model::{Api, Origin};

/// One side of a comparison, as reports show it.
pub struct Side<'a> {
    /// The input as the user named it (a path, `-`, later a URL or `REV:path`).
    pub source: String,
    pub docs: &'a DocumentSet,
    pub api: &'a Api,
}

/// Everything a diff report needs.
pub struct DiffReport<'a> {
    pub base: Side<'a>,
    pub revision: Side<'a>,
    pub diff: &'a Diff,
}

/// A resolved location: file, pointer and (when found) line and column.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Location {
    pub file: String,
    pub pointer: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

impl Side<'_> {
    /// The file and position of an origin on this side. Positions are computed here, only for
    /// the formats that show them.
    pub fn locate(&self, origin: &Origin) -> Location {
        let position = self.docs.position(origin.doc, &origin.pointer);
        Location {
            file: self.docs.name(origin.doc).to_string(),
            pointer: origin.pointer.clone(),
            line: position.map(|p| p.0),
            column: position.map(|p| p.1),
        }
    }
}
