//! Normalization: any spec version into one [`Api`] model.
//!
//! `v2` reads Swagger 2.0; `v3` reads OpenAPI 3.0, 3.1 and 3.2, whose differences are small
//! enough to be flags on one reader (see [`Dialect`]). Both share the schema reader in
//! `schema.rs`. Every equivalence the diff must not report is made here, once.

mod common;
mod schema;
mod v2;
mod v3;

pub(crate) use common::path_pattern;

use crate::load::tree::{Json, View};
use crate::load::{DocumentSet, LoadError, LoadErrorKind};
use crate::model::{Api, SpecFamily};

/// How strictly to read.
#[derive(Debug, Clone, Copy, Default)]
pub struct NormalizeOptions {
    /// Treat a `$ref` that does not resolve as a warning (the node becomes empty, or opaque
    /// for schemas) instead of an error. Some vendors ship specs with dangling references.
    pub allow_unresolved_refs: bool,
}

/// A model and the problems that were tolerated while building it.
pub struct Normalized {
    pub api: Api,
    pub warnings: Vec<LoadError>,
}

/// Builds the model of the root document of `docs`; any unresolved `$ref` is an error.
pub fn normalize(docs: &DocumentSet) -> Result<Api, LoadError> {
    normalize_with(docs, NormalizeOptions::default()).map(|n| n.api)
}

/// Builds the model of the root document of `docs`.
pub fn normalize_with(
    docs: &DocumentSet,
    options: NormalizeOptions,
) -> Result<Normalized, LoadError> {
    let root = docs.root();
    let Some(obj) = docs.json(root).as_object() else {
        return Err(docs.error_at(
            LoadErrorKind::NotOpenApi,
            root,
            "",
            "not an OpenAPI or Swagger document: the top level is not a mapping",
        ));
    };
    if let Some(v) = obj.get("swagger") {
        let version = version_string(v);
        if version == "2.0" {
            return v2::normalize(docs, version, options);
        }
        return Err(unsupported(docs, "/swagger", &version, "Swagger"));
    }
    if let Some(v) = obj.get("openapi") {
        let version = version_string(v);
        let family = match version.get(..4) {
            Some("3.0.") | Some("3.0") => SpecFamily::OpenApi30,
            Some("3.1.") | Some("3.1") => SpecFamily::OpenApi31,
            Some("3.2.") | Some("3.2") => SpecFamily::OpenApi32,
            _ => return Err(unsupported(docs, "/openapi", &version, "OpenAPI")),
        };
        return v3::normalize(docs, version, family, options);
    }
    Err(docs
        .error_at(
            LoadErrorKind::NotOpenApi,
            root,
            "",
            "not an OpenAPI or Swagger document: there is no top-level `openapi` or `swagger` member",
        )
        .with_help("apidelta reads Swagger 2.0 and OpenAPI 3.0, 3.1 and 3.2 descriptions"))
}

fn version_string(v: Json<'_>) -> String {
    match v.view() {
        View::String(s) => s.trim().to_string(),
        // `swagger: 2.0` unquoted in YAML is a number.
        View::Number(n) => n.to_string(),
        _ => v.to_value().to_string(),
    }
}

fn unsupported(docs: &DocumentSet, pointer: &str, version: &str, what: &str) -> LoadError {
    docs.error_at(
        LoadErrorKind::UnsupportedVersion,
        docs.root(),
        pointer,
        format!("unsupported {what} version `{version}`"),
    )
    .with_help("apidelta reads Swagger 2.0 and OpenAPI 3.0, 3.1 and 3.2 descriptions")
}

/// The differences between the 3.x versions (and 2.0) that the shared readers care about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Dialect {
    pub family: SpecFamily,
}

impl Dialect {
    /// 3.1 and later: JSON Schema 2020-12 (type arrays, numeric exclusive bounds, `$ref`
    /// siblings).
    pub fn json_schema_2020(self) -> bool {
        matches!(self.family, SpecFamily::OpenApi31 | SpecFamily::OpenApi32)
    }
}
