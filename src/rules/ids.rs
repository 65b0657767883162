//! Which rule a change is. A schema change gets a facet (`max-length-decreased`) from the
//! change alone, and a context (`request-property`) from each place it is used; the rule id
//! is the two joined, as in oasdiff (`request-property-max-length-decreased`). Operation and
//! document changes have ids of their own. Everything else about a rule lives in the catalog.

use crate::diff::{Change, ChangeKind, Usage, What};
use serde_json::Value;

/// Whether the client sends what the usage points at. For paths that is the request; in
/// webhooks and callbacks the API calls the client, so the roles flip: the request body is
/// what the client receives, and the response is what it sends back.
pub fn client_sends(u: &Usage) -> bool {
    let request = u.direction == crate::diff::Direction::Request;
    if u.scope == crate::model::OpScope::Path {
        request
    } else {
        !request && u.direction != crate::diff::Direction::None
    }
}

/// Where a schema change is observed, from a usage's location and who sends it.
pub fn schema_context(u: &Usage) -> &'static str {
    let loc = u.location.as_str();
    let nested = loc.contains(": ");
    if loc.starts_with("parameter header.") && nested {
        "request-header-property"
    } else if loc.starts_with("parameter ") {
        if nested {
            "request-parameter-property"
        } else {
            "request-parameter"
        }
    } else if loc.contains(" header ") {
        "response-header"
    } else {
        match (client_sends(u), nested) {
            (true, false) => "request-body",
            (true, true) => "request-property",
            (false, false) => "response-body",
            (false, true) => "response-property",
        }
    }
}

fn number(v: &Option<Value>) -> Option<f64> {
    v.as_ref()?.as_f64()
}

/// `increased` / `decreased` / `set` / `unset` for a numeric bound.
fn bound_action(c: &Change, prefix: &str) -> String {
    match c.kind {
        ChangeKind::Added => format!("{prefix}-set"),
        ChangeKind::Removed => format!("{prefix}-unset"),
        ChangeKind::Modified => match (number(&c.base_value), number(&c.revision_value)) {
            (Some(b), Some(r)) if r > b => format!("{prefix}-increased"),
            _ => format!("{prefix}-decreased"),
        },
    }
}

fn added_removed(c: &Change, prefix: &str) -> String {
    match c.kind {
        ChangeKind::Added => format!("{prefix}-added"),
        ChangeKind::Removed => format!("{prefix}-removed"),
        ChangeKind::Modified => format!("{prefix}-changed"),
    }
}

fn type_names(v: &Option<Value>) -> Vec<String> {
    v.as_ref()
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|t| t.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The facet of a change to a schema keyword, independent of where the schema is used.
pub fn schema_facet(c: &Change) -> Option<String> {
    let facet = match c.what {
        What::Type => {
            let (b, r) = (type_names(&c.base_value), type_names(&c.revision_value));
            let widened = b
                .iter()
                .all(|t| r.contains(t) || (t == "integer" && r.contains(&"number".to_string())));
            let narrowed = r
                .iter()
                .all(|t| b.contains(t) || (t == "integer" && b.contains(&"number".to_string())));
            if b.len() == 1 && r.len() == 1 {
                match (b[0].as_str(), r[0].as_str()) {
                    ("integer", "number") => "type-generalized".into(),
                    ("number", "integer") => "type-specialized".into(),
                    _ => "type-changed".into(),
                }
            } else if b.is_empty() || r.is_empty() {
                "type-changed".into()
            } else if widened {
                "list-of-types-widened".into()
            } else if narrowed {
                "list-of-types-narrowed".into()
            } else {
                "type-changed".into()
            }
        }
        // oasdiff reports a format change as a type change.
        What::Format => "type-changed".into(),
        What::Nullable => match c.revision_value {
            Some(Value::Bool(true)) => "became-nullable".into(),
            _ => "became-not-nullable".into(),
        },
        What::Enum => match c.kind {
            ChangeKind::Added => "became-enum".into(),
            _ => "enum-removed".into(),
        },
        What::EnumValue => added_removed(c, "enum-value"),
        What::Minimum => bound_action(c, "min"),
        What::Maximum => bound_action(c, "max"),
        What::ExclusiveMinimum => bound_action(c, "exclusive-min"),
        What::ExclusiveMaximum => bound_action(c, "exclusive-max"),
        What::MinLength => bound_action(c, "min-length"),
        What::MaxLength => bound_action(c, "max-length"),
        What::MinItems => bound_action(c, "min-items"),
        What::MaxItems => bound_action(c, "max-items"),
        What::MinProperties => bound_action(c, "min-properties"),
        What::MaxProperties => bound_action(c, "max-properties"),
        What::MultipleOf => match c.kind {
            ChangeKind::Added => "multiple-of-set".into(),
            ChangeKind::Removed => "multiple-of-unset".into(),
            ChangeKind::Modified => "multiple-of-changed".into(),
        },
        What::UniqueItems => match c.revision_value {
            Some(Value::Bool(true)) => "unique-items-set".into(),
            _ => "unique-items-unset".into(),
        },
        What::Pattern
            if c.kind == ChangeKind::Modified
                && c.revision_value.as_ref().and_then(Value::as_str) == Some(".*") =>
        {
            "pattern-generalized".into()
        }
        What::Pattern => added_removed(c, "pattern"),
        What::Default => match c.kind {
            ChangeKind::Added => "default-value-added".into(),
            ChangeKind::Removed => "default-value-removed".into(),
            ChangeKind::Modified => "default-value-changed".into(),
        },
        What::Discriminator => match c.kind {
            ChangeKind::Added => "discriminator-added".into(),
            ChangeKind::Removed => "discriminator-removed".into(),
            ChangeKind::Modified => "discriminator-property-name-changed".into(),
        },
        What::DiscriminatorMapping => match c.kind {
            ChangeKind::Added => "discriminator-mapping-added".into(),
            ChangeKind::Removed => "discriminator-mapping-deleted".into(),
            ChangeKind::Modified => "discriminator-mapping-changed".into(),
        },
        What::AllOf => added_removed(c, "all-of"),
        What::OneOf => added_removed(c, "one-of"),
        What::AnyOf => added_removed(c, "any-of"),
        What::PrefixItems => added_removed(c, "prefix-items"),
        What::PatternProperty => added_removed(c, "pattern-property"),
        What::Required => match c.kind {
            ChangeKind::Added => "became-required".into(),
            _ => "became-optional".into(),
        },
        What::Deprecated => match c.revision_value {
            Some(Value::Bool(true)) => "deprecated".into(),
            _ => "reactivated".into(),
        },
        What::Keyword => keyword_facet(c)?,
        _ => return None,
    };
    Some(facet)
}

/// JSON Schema keywords the model keeps verbatim, by their oasdiff facet names.
fn keyword_facet(c: &Change) -> Option<String> {
    let name = c.name.as_deref()?;
    Some(match name {
        "contains" => added_removed(c, "contains"),
        "minContains" => bound_action(c, "min-contains"),
        "maxContains" => bound_action(c, "max-contains"),
        "if" => added_removed(c, "if"),
        "then" => added_removed(c, "then"),
        "else" => added_removed(c, "else"),
        "dependentRequired" => added_removed(c, "dependent-required"),
        "dependentSchemas" => added_removed(c, "dependent-schema"),
        "propertyNames" => added_removed(c, "property-names"),
        "unevaluatedItems" => added_removed(c, "unevaluated-items"),
        "unevaluatedProperties" => added_removed(c, "unevaluated-properties"),
        "contentEncoding" => "content-encoding-changed".into(),
        "contentMediaType" => "content-media-type-changed".into(),
        "contentSchema" => added_removed(c, "content-schema"),
        _ => return None,
    })
}

/// The id of a change that is not about a schema keyword, or `None` when it is.
/// `usage` is the operation it is seen from (if any).
pub fn structural_id(c: &Change, usage: Option<&Usage>, facts: &Facts) -> Option<String> {
    use ChangeKind::*;
    let id = match (c.what, c.kind) {
        // A media type that gained or lost its schema.
        (What::Type, Added) if c.name.as_deref() == Some("schema") && is_body(usage) => {
            return Some(format!("{}-body-media-type-schema-added", side(usage)));
        }
        (What::Type, Removed) if c.name.as_deref() == Some("schema") && is_body(usage) => {
            return Some(format!("{}-body-media-type-schema-removed", side(usage)));
        }
        (What::Operation, Added) if usage.is_some_and(is_webhook) => "webhook-added",
        (What::Operation, Removed) if usage.is_some_and(is_webhook) => "webhook-removed",
        (What::Operation, Added) => "endpoint-added",
        (What::Operation, Removed) => return facts.removal_id.clone(),
        (What::OperationDeprecated, _) => match c.revision_value {
            Some(Value::Bool(true)) if facts.sunset => "endpoint-deprecated-with-sunset",
            Some(Value::Bool(true)) => "endpoint-deprecated",
            _ => "endpoint-reactivated",
        },
        (What::OperationId, Added) => "api-operation-id-added",
        (What::OperationId, _) => "api-operation-id-removed",
        (What::Tag, Added) => "api-tag-added",
        (What::Tag, _) => "api-tag-removed",
        (What::Summary | What::Description, _) => "description-changed",
        (What::Callback, Added) => "api-callback-added",
        (What::Callback, _) => "api-callback-removed",
        (What::Parameter, Added) if facts.path_parameter => "new-request-path-parameter",
        (What::Parameter, Added) if facts.path_level && facts.required => {
            "new-required-request-default-parameter-to-existing-path"
        }
        (What::Parameter, Added) if facts.path_level => {
            "new-optional-request-default-parameter-to-existing-path"
        }
        (What::Parameter, Added) if facts.required => "new-required-request-parameter",
        (What::Parameter, Added) => "new-optional-request-parameter",
        (What::Parameter, Removed) if facts.deprecated => {
            "request-parameter-removed-with-deprecation"
        }
        (What::Parameter, Removed) => "request-parameter-removed",
        (What::ParameterRequired, _) => match c.revision_value {
            Some(Value::Bool(true)) => "request-parameter-became-required",
            _ => "request-parameter-became-optional",
        },
        (What::ParameterDeprecated, _) => match c.revision_value {
            Some(Value::Bool(true)) => "request-parameter-deprecated",
            _ => "request-parameter-reactivated",
        },
        (What::ParameterStyle, _) => "request-parameter-style-changed",
        (What::ParameterExplode, _) => "request-parameter-explode-changed",
        (What::ParameterAllowEmptyValue | What::ParameterAllowReserved, _) => {
            "request-parameter-serialization-changed"
        }
        (
            What::ParameterDescription
            | What::RequestBodyDescription
            | What::ResponseDescription
            | What::HeaderDescription,
            _,
        ) => "description-changed",
        (What::RequestBody, Added) if facts.required => "request-body-added-required",
        (What::RequestBody, Added) => "request-body-added-optional",
        (What::RequestBody, Removed) => "request-body-removed",
        (What::RequestBodyRequired, _) => match c.revision_value {
            Some(Value::Bool(true)) => "request-body-became-required",
            _ => "request-body-became-optional",
        },
        (What::MediaType, Added) if is_request(usage) => "request-body-media-type-added",
        (What::MediaType, Removed) if is_request(usage) => "request-body-media-type-removed",
        (What::MediaType, Added) => "response-media-type-added",
        (What::MediaType, _) => "response-media-type-removed",
        (What::Response, Added) if facts.success => "response-success-status-added",
        (What::Response, Added) => "response-non-success-status-added",
        (What::Response, _) if facts.success => "response-success-status-removed",
        (What::Response, _) => "response-non-success-status-removed",
        (What::Header, Added) => "response-header-added",
        (What::Header, _) if facts.required => "required-response-header-removed",
        (What::Header, _) => "optional-response-header-removed",
        (What::HeaderRequired, _) => match c.revision_value {
            Some(Value::Bool(true)) => "response-header-became-required",
            _ => "response-header-became-optional",
        },
        (What::HeaderDeprecated, _) => "response-header-deprecated",
        (What::HeaderStyle, _) => "response-header-style-changed",
        (What::OperationServers, _) => "api-server-removed",
        (What::Server, Added) => "api-server-added",
        (What::Server, _) => "api-server-removed",
        (What::ServerVariable, _) => return Some(server_variable_id(c)),
        (What::ServerDescription, _) => "description-changed",
        (What::SecurityScheme, Added) => "api-security-component-added",
        (What::SecurityScheme, _) => "api-security-component-removed",
        (What::SecuritySchemeField, _) if c.name.as_deref() == Some("type") => {
            "api-security-component-type-changed"
        }
        (What::SecuritySchemeField, _) => "api-security-component-changed",
        (What::SecurityFlowUrl, _)
            if c.name.as_deref().is_some_and(|n| n.ends_with("tokenUrl")) =>
        {
            "api-security-component-oauth-token-url-changed"
        }
        (What::SecurityFlowUrl, _) => "api-security-component-oauth-url-changed",
        (What::SecurityFlow, _) => "api-security-component-changed",
        (What::SecurityScope, Added) => "api-security-component-oauth-scope-added",
        (What::SecurityScope, Modified) => "api-security-component-oauth-scope-changed",
        (What::SecurityScope, _) => "api-security-component-oauth-scope-removed",
        (What::ComponentSchema, Added) => "api-schema-added",
        (What::ComponentSchema, _) => "api-schema-removed",
        (What::Link, _) => "response-link-changed",
        (What::Encoding, _) => "request-body-encoding-changed",
        (What::Info | What::TagDefinition, _) => "api-info-changed",
        (What::Title | What::SchemaDescription, _) => "description-changed",
        (What::SchemaExamples | What::Examples, _) => "example-changed",
        (What::Extension, _) => "extension-changed",
        (What::Keyword, _) => "schema-keyword-changed",
        _ => return None,
    };
    Some(id.to_string())
}

/// A server variable: its enum lost or gained values, or its default moved.
fn server_variable_id(c: &Change) -> String {
    let list = |v: &Option<Value>| -> Vec<Value> {
        v.as_ref()
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    match (&c.base_value, &c.revision_value) {
        (Some(Value::Array(_)), Some(Value::Array(_))) => {
            let (b, r) = (list(&c.base_value), list(&c.revision_value));
            if b.iter().any(|v| !r.contains(v)) {
                "api-server-variable-enum-value-removed".into()
            } else {
                "api-server-variable-enum-value-added".into()
            }
        }
        _ if c.kind == ChangeKind::Removed => "api-server-removed".into(),
        _ if c.kind == ChangeKind::Added => "api-server-added".into(),
        _ => "api-server-variable-default-changed".into(),
    }
}

/// A request body or response content location (not a header, not a parameter).
fn is_body(u: Option<&Usage>) -> bool {
    u.is_some_and(|u| {
        (u.location.starts_with("request body ") || u.location.starts_with("response "))
            && !u.location.contains(" header ")
    })
}

fn side(u: Option<&Usage>) -> &'static str {
    if u.is_some_and(client_sends) {
        "request"
    } else {
        "response"
    }
}

fn is_webhook(u: &Usage) -> bool {
    u.scope == crate::model::OpScope::Webhook
}

fn is_request(u: Option<&Usage>) -> bool {
    u.is_some_and(client_sends)
}

/// What the classifier looked up in the models for one change.
#[derive(Debug, Default, Clone)]
pub struct Facts {
    /// The added or removed element is required.
    pub required: bool,
    /// The removed element was deprecated in the base.
    pub deprecated: bool,
    /// The element carries a sunset date (deprecation with sunset).
    pub sunset: bool,
    /// The added parameter is a path parameter.
    pub path_parameter: bool,
    /// The added parameter is declared on the path item (it applies to all its operations).
    pub path_level: bool,
    /// The response status is a success (2XX).
    pub success: bool,
    /// For a removed operation: its rule id, from its deprecation and sunset.
    pub removal_id: Option<String>,
}
