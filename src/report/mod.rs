//! Renderers: each reads the diff (and the loaded documents, for names and positions) and
//! writes one format. Formatting stays here, out of the engine.

pub mod findings;
pub mod github;
pub mod history;
pub mod html;
pub mod impact;
pub mod json;
pub mod json_stream;
pub mod junit;
pub mod ledger;
pub mod markdown;
pub mod sarif;
pub mod text;

/// Indentation of items under a heading in text reports.
pub const SEP: &str = "  ";

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

impl DiffReport<'_> {
    /// Finds the positions the changes' locations need, up front (see
    /// [`DocumentSet::locate_all`](crate::load::DocumentSet::locate_all)).
    pub fn locate_all(&self) {
        let changes = &self.diff.changes;
        self.base
            .locate_all(changes.iter().filter_map(|c| c.base.as_ref()));
        self.revision
            .locate_all(changes.iter().filter_map(|c| c.revision.as_ref()));
    }
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
        let position = self.docs.nearest_position(origin.doc, &origin.pointer);
        Location {
            file: self.docs.name(origin.doc).to_string(),
            pointer: origin.pointer.to_string(),
            line: position.map(|p| p.0),
            column: position.map(|p| p.1),
        }
    }

    /// Finds the positions of `origins` up front, for a report about to locate them.
    pub fn locate_all<'o>(&self, origins: impl Iterator<Item = &'o Origin>) {
        self.docs.locate_all(origins.map(|o| (o.doc, &*o.pointer)));
    }
}

/// One CSV record (RFC 4180): cells quoted when they hold a comma, a quote or a line break,
/// records ended by CRLF.
pub fn csv_row(cells: &[String]) -> String {
    let mut row = cells
        .iter()
        .map(|c| {
            if c.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", c.replace('"', "\"\""))
            } else {
                c.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(",");
    row.push_str("\r\n");
    row
}

/// The field path of a pointer inside a component schema: `/components/schemas/Order/
/// properties/items/items/properties/sku` is `items[].sku`. Compositions (allOf, oneOf,
/// anyOf) add nothing: a field reached through them is the same field. `None` when the
/// pointer is not inside a component schema.
pub fn component_field_path(pointer: &str) -> Option<String> {
    let rest = pointer
        .strip_prefix("/components/schemas/")
        .or_else(|| pointer.strip_prefix("/definitions/"))?;
    let mut segments = rest.split('/').map(crate::load::unescape_segment);
    segments.next()?;
    let mut out = String::new();
    while let Some(seg) = segments.next() {
        match seg.as_str() {
            "properties" | "patternProperties" => {
                if let Some(name) = segments.next() {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(&name);
                }
            }
            "items" => out.push_str("[]"),
            "prefixItems" => {
                let i = segments.next().unwrap_or_default();
                out.push_str(&format!("[{i}]"));
            }
            "additionalProperties" => out.push_str("{*}"),
            "allOf" | "oneOf" | "anyOf" => {
                segments.next();
            }
            "not" => out.push('!'),
            _ => {}
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::component_field_path;

    #[test]
    fn field_paths_inside_components() {
        let p = "/components/schemas/Order/properties/items/items/allOf/1/properties/sku";
        assert_eq!(component_field_path(p).as_deref(), Some("items[].sku"));
        assert_eq!(
            component_field_path("/definitions/Pet").as_deref(),
            Some("")
        );
        assert_eq!(component_field_path("/paths/~1pets"), None);
    }
}
