//! Operations and what hangs off them: parameters, request bodies, responses, headers,
//! media types, links, security, servers and callbacks.

use super::emit::{Differ, OpUse, Site, What};
use super::{ChangeKind, Direction, Group};
use crate::model::{
    Header, MediaType, OpKey, OpScope, Operation, OrderedMap, Origin, Parameter, RequestBody,
    Response, SecurityRequirement,
};
use serde_json::Value;
use std::collections::BTreeMap;

/// The operation-level place every non-schema change of `op` carries.
fn op_use<'a>(op: &'a Operation, key: &OpKey, direction: Direction, location: String) -> OpUse<'a> {
    OpUse {
        scope: key.scope,
        op,
        direction,
        location,
    }
}

pub(super) fn diff_operations<'a>(
    d: &mut Differ<'a>,
    base: &'a OrderedMap<OpKey, Operation>,
    rev: &'a OrderedMap<OpKey, Operation>,
    _scope: OpScope,
    parent: Option<&Site>,
) {
    for (key, b) in base {
        match rev.get(key) {
            Some(r) => diff_operation(d, key, b, r, parent),
            None => {
                let site = op_site(key, b, parent, Direction::None, String::new());
                d.removed(
                    &site,
                    What::Operation,
                    Some(op_name(b)),
                    &b.origin,
                    &Value::Null,
                );
            }
        }
    }
    for (key, r) in rev {
        if !base.contains_key(key) {
            let site = op_site(key, r, parent, Direction::None, String::new());
            d.added(
                &site,
                What::Operation,
                Some(op_name(r)),
                &r.origin,
                &Value::Null,
            );
        }
    }
}

/// The value recorded for an added or removed parameter or header: what the classifier
/// needs to know about it.
fn member_facts(required: bool, deprecated: bool) -> Value {
    serde_json::json!({"required": required, "deprecated": deprecated})
}

fn op_name(op: &Operation) -> String {
    format!("{} {}", op.method, op.path)
}

/// Callback operations are grouped with the operation that declares them.
fn op_site<'a>(
    key: &OpKey,
    op: &'a Operation,
    parent: Option<&Site>,
    direction: Direction,
    location: String,
) -> Site<'a> {
    Site {
        group: parent
            .map(|p| p.group.clone())
            .unwrap_or_else(|| Group::Operation(key.clone())),
        usage: Some(op_use(op, key, direction, location)),
        pair: None,
    }
}

fn diff_operation<'a>(
    d: &mut Differ<'a>,
    key: &OpKey,
    b: &'a Operation,
    r: &'a Operation,
    parent: Option<&Site>,
) {
    let site = op_site(key, r, parent, Direction::None, String::new());
    let (bo, ro) = (&b.origin, &r.origin);
    d.compare(
        &site,
        What::OperationDeprecated,
        None,
        bo,
        ro,
        &b.deprecated,
        &r.deprecated,
    );
    d.compare_opt(
        &site,
        What::OperationId,
        None,
        bo,
        ro,
        &b.operation_id,
        &r.operation_id,
    );
    d.compare_opt(&site, What::Summary, None, bo, ro, &b.summary, &r.summary);
    d.compare_opt(
        &site,
        What::Description,
        None,
        bo,
        ro,
        &b.description,
        &r.description,
    );
    for tag in b.tags.difference(&r.tags) {
        d.removed(&site, What::Tag, Some(tag.clone()), bo, tag);
    }
    for tag in r.tags.difference(&b.tags) {
        d.added(&site, What::Tag, Some(tag.clone()), ro, tag);
    }
    diff_security(d, &site, b, r);
    let urls = |op: &Operation| op.servers.iter().map(|s| s.url.clone()).collect::<Vec<_>>();
    d.compare(
        &site,
        What::OperationServers,
        None,
        bo,
        ro,
        &urls(b),
        &urls(r),
    );
    diff_parameters(d, key, b, r, parent);
    diff_request_body(
        d,
        key,
        r,
        b.request_body.as_ref(),
        r.request_body.as_ref(),
        parent,
    );
    diff_responses(d, key, r, &b.responses, &r.responses, parent);
    for (name, bcb) in &b.callbacks {
        match r.callbacks.get(name) {
            Some(rcb) => diff_operations(d, bcb, rcb, OpScope::Callback, Some(&site)),
            None => d.removed(
                &site,
                What::Callback,
                Some(name.clone()),
                &bo.child("callbacks").child(name),
                &Value::Null,
            ),
        }
    }
    for name in r.callbacks.keys() {
        if !b.callbacks.contains_key(name) {
            d.added(
                &site,
                What::Callback,
                Some(name.clone()),
                &ro.child("callbacks").child(name),
                &Value::Null,
            );
        }
    }
    d.compare_map(&site, What::Keyword, bo, ro, &b.other, &r.other);
    d.compare_map(&site, What::Extension, bo, ro, &b.extensions, &r.extensions);
}

/// Compares the effective security of an operation. An operation that inherits the global
/// requirements on both sides is left to the document-level change, so one global change is
/// one change, not one per operation.
fn diff_security(d: &mut Differ, site: &Site, b: &Operation, r: &Operation) {
    if b.security.is_none() && r.security.is_none() {
        return;
    }
    let effective = |own: &Option<Vec<SecurityRequirement>>,
                     global: &Option<Vec<SecurityRequirement>>| {
        let mut reqs = own.clone().or_else(|| global.clone()).unwrap_or_default();
        reqs.sort();
        reqs.dedup();
        reqs
    };
    let bs = effective(&b.security, &d.base.security);
    let rs = effective(&r.security, &d.rev.security);
    d.compare(
        site,
        What::OperationSecurity,
        None,
        &b.origin,
        &r.origin,
        &bs,
        &rs,
    );
}

fn diff_parameters<'a>(
    d: &mut Differ<'a>,
    key: &OpKey,
    b: &Operation,
    r: &'a Operation,
    parent: Option<&Site>,
) {
    for (pk, bp) in &b.parameters {
        // Named as the revision names it when it still exists (a path parameter may have
        // been renamed), as the base named it when it is gone.
        let current = r.parameters.get(pk).unwrap_or(bp);
        let label = format!("{}.{}", current.location.as_str(), current.name);
        let site = op_site(
            key,
            r,
            parent,
            Direction::Request,
            format!("parameter {label}"),
        );
        match r.parameters.get(pk) {
            Some(rp) => diff_parameter(d, &site, bp, rp),
            None => d.removed(
                &site,
                What::Parameter,
                Some(label),
                &bp.origin,
                &member_facts(bp.required, bp.deprecated),
            ),
        }
    }
    for (pk, rp) in &r.parameters {
        if !b.parameters.contains_key(pk) {
            let label = format!("{}.{}", rp.location.as_str(), rp.name);
            let site = op_site(
                key,
                r,
                parent,
                Direction::Request,
                format!("parameter {label}"),
            );
            d.added(
                &site,
                What::Parameter,
                Some(label),
                &rp.origin,
                &member_facts(rp.required, rp.deprecated),
            );
        }
    }
}

fn diff_parameter<'a>(d: &mut Differ<'a>, site: &Site<'a>, b: &Parameter, r: &Parameter) {
    let (bo, ro) = (&b.origin, &r.origin);
    let name = Some(format!("{}.{}", r.location.as_str(), r.name));
    let n = name.as_deref();
    d.compare(
        site,
        What::ParameterRequired,
        n,
        bo,
        ro,
        &b.required,
        &r.required,
    );
    d.compare(
        site,
        What::ParameterDeprecated,
        n,
        bo,
        ro,
        &b.deprecated,
        &r.deprecated,
    );
    d.compare(site, What::ParameterStyle, n, bo, ro, &b.style, &r.style);
    d.compare(
        site,
        What::ParameterExplode,
        n,
        bo,
        ro,
        &b.explode,
        &r.explode,
    );
    d.compare(
        site,
        What::ParameterAllowEmptyValue,
        n,
        bo,
        ro,
        &b.allow_empty_value,
        &r.allow_empty_value,
    );
    d.compare(
        site,
        What::ParameterAllowReserved,
        n,
        bo,
        ro,
        &b.allow_reserved,
        &r.allow_reserved,
    );
    d.compare_opt(
        site,
        What::ParameterDescription,
        n,
        bo,
        ro,
        &b.description.as_deref(),
        &r.description.as_deref(),
    );
    d.compare(site, What::Examples, n, bo, ro, &b.examples, &r.examples);
    d.compare_map(site, What::Extension, bo, ro, &b.extensions, &r.extensions);
    schema_opt(d, site, b.schema, r.schema, bo, ro);
    diff_content(d, site, &b.content, &r.content);
}

/// Compares two optional schemas used directly at `site`'s location.
fn schema_opt<'a>(
    d: &mut Differ<'a>,
    site: &Site<'a>,
    b: Option<crate::model::SchemaId>,
    r: Option<crate::model::SchemaId>,
    bo: &Origin,
    ro: &Origin,
) {
    match (b, r) {
        (Some(bid), Some(rid)) => d.schema_root(site.usage.clone(), bid, rid),
        (Some(bid), None) => {
            let origin = d.base.schemas.get(bid).origin.clone();
            d.record(
                site,
                ChangeKind::Removed,
                What::Type,
                Some("schema".into()),
                Some(&origin),
                Some(ro),
                None,
                None,
            )
        }
        (None, Some(rid)) => {
            let origin = d.rev.schemas.get(rid).origin.clone();
            d.record(
                site,
                ChangeKind::Added,
                What::Type,
                Some("schema".into()),
                Some(bo),
                Some(&origin),
                None,
                None,
            )
        }
        (None, None) => {}
    }
}

/// The same site, one level deeper in the location.
fn deeper<'a>(site: &Site<'a>, suffix: &str) -> Site<'a> {
    let mut s = site.clone();
    if let Some(u) = &mut s.usage {
        u.location = if u.location.is_empty() {
            suffix.to_string()
        } else {
            format!("{} {suffix}", u.location)
        };
    }
    s
}

fn diff_content<'a>(
    d: &mut Differ<'a>,
    site: &Site<'a>,
    b: &OrderedMap<String, MediaType>,
    r: &OrderedMap<String, MediaType>,
) {
    for (media, bm) in b {
        let msite = deeper(site, media);
        match r.get(media) {
            Some(rm) => diff_media(d, &msite, bm, rm),
            None => d.removed(
                site,
                What::MediaType,
                Some(media.clone()),
                &bm.origin,
                &Value::Null,
            ),
        }
    }
    for (media, rm) in r {
        if !b.contains_key(media) {
            d.added(
                site,
                What::MediaType,
                Some(media.clone()),
                &rm.origin,
                &Value::Null,
            );
        }
    }
}

fn diff_media<'a>(d: &mut Differ<'a>, site: &Site<'a>, b: &MediaType, r: &MediaType) {
    let (bo, ro) = (&b.origin, &r.origin);
    schema_opt(d, site, b.schema, r.schema, bo, ro);
    let item_site = deeper(site, "itemSchema");
    schema_opt(d, &item_site, b.item_schema, r.item_schema, bo, ro);
    d.compare(site, What::Examples, None, bo, ro, &b.examples, &r.examples);
    d.compare_map(site, What::Extension, bo, ro, &b.extensions, &r.extensions);
    for (prop, be) in &b.encoding {
        match r.encoding.get(prop) {
            Some(re) => {
                let (eo, fo) = (&be.origin, &re.origin);
                let n = Some(prop.as_str());
                d.compare_opt(
                    site,
                    What::Encoding,
                    n,
                    eo,
                    fo,
                    &be.content_type,
                    &re.content_type,
                );
                d.compare_opt(site, What::Encoding, n, eo, fo, &be.style, &re.style);
                d.compare_opt(site, What::Encoding, n, eo, fo, &be.explode, &re.explode);
                d.compare(
                    site,
                    What::Encoding,
                    n,
                    eo,
                    fo,
                    &be.allow_reserved,
                    &re.allow_reserved,
                );
                let esite = deeper(site, &format!("encoding {prop}"));
                diff_headers(d, &esite, &be.headers, &re.headers);
            }
            None => d.removed(
                site,
                What::Encoding,
                Some(prop.clone()),
                &be.origin,
                &Value::Null,
            ),
        }
    }
    for (prop, re) in &r.encoding {
        if !b.encoding.contains_key(prop) {
            d.added(
                site,
                What::Encoding,
                Some(prop.clone()),
                &re.origin,
                &Value::Null,
            );
        }
    }
}

fn diff_request_body<'a>(
    d: &mut Differ<'a>,
    key: &OpKey,
    op: &'a Operation,
    b: Option<&RequestBody>,
    r: Option<&RequestBody>,
    parent: Option<&Site>,
) {
    let site = op_site(key, op, parent, Direction::Request, "request body".into());
    match (b, r) {
        (Some(b), Some(r)) => {
            let (bo, ro) = (&b.origin, &r.origin);
            d.compare(
                &site,
                What::RequestBodyRequired,
                None,
                bo,
                ro,
                &b.required,
                &r.required,
            );
            d.compare_opt(
                &site,
                What::RequestBodyDescription,
                None,
                bo,
                ro,
                &b.description,
                &r.description,
            );
            d.compare_map(&site, What::Extension, bo, ro, &b.extensions, &r.extensions);
            diff_content(d, &site, &b.content, &r.content);
        }
        (Some(b), None) => d.removed(
            &site,
            What::RequestBody,
            None,
            &b.origin,
            &serde_json::json!({"required": b.required}),
        ),
        (None, Some(r)) => d.added(
            &site,
            What::RequestBody,
            None,
            &r.origin,
            &serde_json::json!({"required": r.required}),
        ),
        (None, None) => {}
    }
}

fn diff_responses<'a>(
    d: &mut Differ<'a>,
    key: &OpKey,
    op: &'a Operation,
    b: &OrderedMap<String, Response>,
    r: &OrderedMap<String, Response>,
    parent: Option<&Site>,
) {
    for (code, br) in b {
        let site = op_site(
            key,
            op,
            parent,
            Direction::Response,
            format!("response {code}"),
        );
        match r.get(code) {
            Some(rr) => diff_response(d, &site, br, rr),
            None => d.removed(
                &site,
                What::Response,
                Some(code.clone()),
                &br.origin,
                &Value::Null,
            ),
        }
    }
    for (code, rr) in r {
        if !b.contains_key(code) {
            let site = op_site(
                key,
                op,
                parent,
                Direction::Response,
                format!("response {code}"),
            );
            d.added(
                &site,
                What::Response,
                Some(code.clone()),
                &rr.origin,
                &Value::Null,
            );
        }
    }
}

fn diff_response<'a>(d: &mut Differ<'a>, site: &Site<'a>, b: &Response, r: &Response) {
    let (bo, ro) = (&b.origin, &r.origin);
    d.compare_opt(
        site,
        What::ResponseDescription,
        None,
        bo,
        ro,
        &b.description,
        &r.description,
    );
    d.compare_map(site, What::Extension, bo, ro, &b.extensions, &r.extensions);
    d.compare_map(
        site,
        What::Link,
        &bo.child("links"),
        &ro.child("links"),
        &b.links,
        &r.links,
    );
    diff_headers(d, site, &b.headers, &r.headers);
    diff_content(d, site, &b.content, &r.content);
}

fn diff_headers<'a>(
    d: &mut Differ<'a>,
    site: &Site<'a>,
    b: &BTreeMap<String, Header>,
    r: &BTreeMap<String, Header>,
) {
    for (name, bh) in b {
        match r.get(name) {
            Some(rh) => {
                let hsite = deeper(site, &format!("header {}", rh.name));
                let (bo, ro) = (&bh.origin, &rh.origin);
                let n = Some(rh.name.as_str());
                d.compare(
                    &hsite,
                    What::HeaderRequired,
                    n,
                    bo,
                    ro,
                    &bh.required,
                    &rh.required,
                );
                d.compare(
                    &hsite,
                    What::HeaderDeprecated,
                    n,
                    bo,
                    ro,
                    &bh.deprecated,
                    &rh.deprecated,
                );
                d.compare(
                    &hsite,
                    What::HeaderStyle,
                    n,
                    bo,
                    ro,
                    &(&bh.style, bh.explode),
                    &(&rh.style, rh.explode),
                );
                d.compare_opt(
                    &hsite,
                    What::HeaderDescription,
                    n,
                    bo,
                    ro,
                    &bh.description,
                    &rh.description,
                );
                d.compare_map(
                    &hsite,
                    What::Extension,
                    bo,
                    ro,
                    &bh.extensions,
                    &rh.extensions,
                );
                schema_opt(d, &hsite, bh.schema, rh.schema, bo, ro);
                diff_content(d, &hsite, &bh.content, &rh.content);
            }
            None => d.removed(
                site,
                What::Header,
                Some(bh.name.clone()),
                &bh.origin,
                &member_facts(bh.required, bh.deprecated),
            ),
        }
    }
    for (name, rh) in r {
        if !b.contains_key(name) {
            d.added(
                site,
                What::Header,
                Some(rh.name.clone()),
                &rh.origin,
                &member_facts(rh.required, rh.deprecated),
            );
        }
    }
}
