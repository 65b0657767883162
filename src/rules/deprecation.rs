//! Lifecycle rules: deprecation with or without a sunset, sunsets moved or deleted,
//! removals before their sunset, and `x-stability-level` changes. They read the reference
//! date and the policy from the options, never the clock.

use super::classify::ClassifyOptions;
use super::lifecycle::{Date, Stability, SunsetCheck, check_sunset, sunset_of};
use crate::diff::{Change, ChangeKind, Group, Usage, What};
use crate::model::{Api, Extensions, Operation, Parameter};
use serde_json::Value;

type Ids = Vec<(String, Vec<Usage>)>;

/// The operation a usage points at.
pub fn operation<'a>(api: &'a Api, u: &Usage) -> Option<&'a Operation> {
    // By identity: the path template with parameter names erased.
    let pattern = crate::normalize::path_pattern(&u.path);
    api.operations
        .iter()
        .find(|(key, _)| key.method == u.method && key.pattern == pattern)
        .map(|(_, op)| op)
}

fn parameter<'a>(op: &'a Operation, display: &str) -> Option<&'a Parameter> {
    let (location, name) = display.split_once('.')?;
    op.parameters
        .values()
        .find(|p| p.location.as_str() == location && p.name == name)
        .map(|p| &**p)
}

/// The same parameter on both sides, by identity: a renamed path parameter (`{id}` to
/// `{petId}`) is still the same parameter.
fn parameter_pair<'a>(
    b_op: &'a Operation,
    r_op: &'a Operation,
    display: &str,
) -> Option<(&'a Parameter, &'a Parameter)> {
    let (key, rp) = r_op.parameters.iter().find(|(_, p)| {
        display
            .split_once('.')
            .is_some_and(|(l, n)| p.location.as_str() == l && p.name == n)
    })?;
    Some((b_op.parameters.get(key)?, rp))
}

fn stability(ext: &Extensions) -> Option<Stability> {
    Stability::of(ext).ok().flatten()
}

/// `-decreased`, `-increased`, or `None` for an invalid level (reported elsewhere).
fn stability_move(c: &Change) -> Option<&'static str> {
    let parse = |v: &Option<Value>| v.as_ref().and_then(Value::as_str).map(Stability::parse);
    // An absent level counts as stable.
    let b = parse(&c.base_value).unwrap_or(Some(Stability::Stable))?;
    let r = parse(&c.revision_value).unwrap_or(Some(Stability::Stable))?;
    match r.cmp(&b) {
        std::cmp::Ordering::Less => Some("decreased"),
        std::cmp::Ordering::Greater => Some("increased"),
        std::cmp::Ordering::Equal => None,
    }
}

fn invalid_stability(c: &Change) -> bool {
    let bad = |v: &Option<Value>| {
        v.as_ref()
            .is_some_and(|v| v.as_str().and_then(Stability::parse).is_none())
    };
    bad(&c.base_value) || bad(&c.revision_value)
}

fn with(id: impl Into<String>, c: &Change) -> Option<Ids> {
    Some(vec![(id.into(), c.operations.clone())])
}

/// The lifecycle rule ids of a change, or `None` when it is not a lifecycle change.
pub fn lifecycle_ids(c: &Change, base: &Api, rev: &Api, options: &ClassifyOptions) -> Option<Ids> {
    let usage = c.operations.first();
    let op_change = matches!(c.group, Group::Operation(_)) && c.schemas.is_none();
    let at_operation = usage.is_some_and(|u| u.location.is_empty());
    let at_parameter =
        usage.is_some_and(|u| u.location.starts_with("parameter ") && !u.location.contains(": "));
    match (c.what, c.name.as_deref()) {
        (What::Extension, Some("x-stability-level")) if op_change && at_operation => {
            if invalid_stability(c) {
                return with("api-invalid-stability-level", c);
            }
            with(format!("api-stability-{}", stability_move(c)?), c)
        }
        (What::Extension, Some("x-stability-level")) if c.schemas.is_some() => {
            let mut out: Ids = Vec::new();
            let dir = stability_move(c)?;
            // A property that was below the threshold promised nothing.
            let was = c
                .base_value
                .as_ref()
                .and_then(Value::as_str)
                .and_then(Stability::parse);
            if was.is_some_and(|s| s < options.stability_threshold) {
                return Some(out);
            }
            for u in &c.operations {
                let side = if super::ids::client_sends(u) {
                    "request"
                } else {
                    "response"
                };
                out.push((format!("{side}-property-stability-{dir}"), vec![u.clone()]));
            }
            Some(out)
        }
        (What::OperationDeprecated, _) => {
            let op = operation(rev, usage?)?;
            if c.revision_value != Some(Value::Bool(true)) {
                return with("endpoint-reactivated", c);
            }
            // An invalid stability level is its own finding; no policy applies to it.
            if Stability::of(&op.extensions).is_err() {
                return with("endpoint-deprecated", c);
            }
            let days = options.policy.days_for(stability(&op.extensions));
            let id = match check_sunset(
                super::lifecycle::operation_sunset(rev, op).as_ref(),
                days,
                options.as_of,
            ) {
                SunsetCheck::Invalid => "api-deprecated-sunset-parse",
                SunsetCheck::Missing => "api-deprecated-sunset-missing",
                SunsetCheck::TooSoon => "api-sunset-date-too-small",
                SunsetCheck::WithSunset => "endpoint-deprecated-with-sunset",
                SunsetCheck::Plain => "endpoint-deprecated",
            };
            with(id, c)
        }
        (What::Extension, Some("x-sunset")) if op_change && (at_operation || at_parameter) => {
            let (b_op, r_op) = (operation(base, usage?)?, operation(rev, usage?)?);
            let (prefix, deprecated, ext) = if at_parameter {
                let name = usage?.location.strip_prefix("parameter ")?;
                let (bp, rp) = parameter_pair(b_op, r_op, name)?;
                (
                    "request-parameter",
                    bp.deprecated && rp.deprecated,
                    &rp.extensions,
                )
            } else {
                ("api", b_op.deprecated && r_op.deprecated, &r_op.extensions)
            };
            if !deprecated {
                return with("extension-changed", c);
            }
            let parse = |v: &Option<Value>| v.as_ref().map(Date::parse_value);
            let path_prefix = if at_parameter {
                "request-parameter"
            } else {
                "api-path"
            };
            let id = match (c.kind, parse(&c.base_value), parse(&c.revision_value)) {
                (ChangeKind::Removed, _, _) if at_parameter => format!("{prefix}-sunset-deleted"),
                (ChangeKind::Removed, _, _) => "sunset-deleted".to_string(),
                (_, Some(None), _) | (_, _, Some(None)) => format!("{path_prefix}-sunset-parse"),
                (ChangeKind::Modified, Some(Some(old)), Some(Some(new))) if new < old => {
                    let days = options.policy.days_for(stability(ext));
                    if options.as_of.days_until(new) < i64::from(days) {
                        format!("{prefix}-sunset-date-changed-too-small")
                    } else {
                        "extension-changed".to_string()
                    }
                }
                _ => "extension-changed".to_string(),
            };
            with(id, c)
        }
        // A documented `Deprecation` response header (RFC 9745) deprecates the operation.
        (What::Header, Some(name))
            if c.kind == ChangeKind::Added && name.eq_ignore_ascii_case("deprecation") =>
        {
            let op = operation(rev, usage?)?;
            let id = match super::lifecycle::operation_sunset(rev, op) {
                Some(_) => "endpoint-deprecated-with-sunset",
                None => "endpoint-deprecated",
            };
            with(id, c)
        }
        (What::ParameterDeprecated, Some(name)) => {
            if c.revision_value != Some(Value::Bool(true)) {
                return with("request-parameter-reactivated", c);
            }
            let op = operation(rev, usage?)?;
            let p = parameter(op, name)?;
            let days = options.policy.days_for(stability(&op.extensions));
            let id = match check_sunset(sunset_of(&p.extensions).as_ref(), days, options.as_of) {
                SunsetCheck::Invalid => "request-parameter-sunset-parse",
                SunsetCheck::Missing => "request-parameter-deprecated-sunset-missing",
                SunsetCheck::TooSoon => "request-parameter-sunset-date-too-small",
                SunsetCheck::WithSunset | SunsetCheck::Plain => "request-parameter-deprecated",
            };
            with(id, c)
        }
        (What::Parameter, Some(name)) if c.kind == ChangeKind::Removed => {
            let op = operation(base, usage?)?;
            let p = parameter(op, name)?;
            if !p.deprecated {
                return None;
            }
            let id = match sunset_of(&p.extensions).as_ref().map(Date::parse_value) {
                Some(None) => "request-parameter-sunset-parse",
                Some(Some(sunset)) if options.as_of < sunset => {
                    "request-parameter-removed-before-sunset"
                }
                _ => "request-parameter-removed-with-deprecation",
            };
            with(id, c)
        }
        (What::Deprecated, _) if c.schemas.is_some() => {
            let (_, rid) = c.schemas?;
            let schema = rev.schemas.get(rid);
            // A deprecated component schema is one finding, wherever it is used.
            if schema.component.is_some() && c.revision_value == Some(Value::Bool(true)) {
                return with("api-schema-deprecated", c);
            }
            let mut out: Ids = Vec::new();
            for u in &c.operations {
                let side = if super::ids::client_sends(u) {
                    "request"
                } else {
                    "response"
                };
                let id = if c.revision_value != Some(Value::Bool(true)) {
                    format!("{side}-property-reactivated")
                } else {
                    let days = operation(rev, u)
                        .map(|op| {
                            options.policy.days_for(
                                stability(&op.extensions).or(stability(&schema.extensions)),
                            )
                        })
                        .unwrap_or(0);
                    match check_sunset(sunset_of(&schema.extensions).as_ref(), days, options.as_of)
                    {
                        SunsetCheck::Invalid => {
                            format!("{side}-property-deprecated-sunset-invalid")
                        }
                        SunsetCheck::Missing => {
                            format!("{side}-property-deprecated-sunset-missing")
                        }
                        SunsetCheck::TooSoon => format!("{side}-property-sunset-date-too-small"),
                        SunsetCheck::WithSunset => {
                            format!("{side}-property-deprecated-with-sunset")
                        }
                        SunsetCheck::Plain => format!("{side}-property-deprecated"),
                    }
                };
                out.push((id, vec![u.clone()]));
            }
            Some(out)
        }
        _ => None,
    }
}

/// The operations (method, path pattern) below the stability threshold (draft and alpha
/// by default): they make no promises, so their changes are not reported, except changes to
/// their stability itself. Computed once per classification.
pub fn below_threshold(
    base: &Api,
    threshold: Stability,
) -> std::collections::HashSet<(String, String)> {
    base.operations
        .iter()
        .filter(|(_, op)| stability(&op.extensions).is_some_and(|s| s < threshold))
        .map(|(key, _)| (key.method.clone(), key.pattern.clone()))
        .collect()
}
