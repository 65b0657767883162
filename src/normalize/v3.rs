//! OpenAPI 3.0, 3.1 and 3.2 into the model. The versions differ in schema dialect (handled in
//! `schema.rs`) and in a few additions read here: 3.1 webhooks and `components/pathItems`
//! (reached through `$ref`s), 3.2 `query`, `additionalOperations`, `querystring` parameters
//! and `itemSchema`.

use super::common::{
    Ctx, METHODS, Node, extensions, media_key, members_where, path_param_names, path_pattern,
    status_key,
};
use super::{Dialect, NormalizeOptions, Normalized};
use crate::load::tree::{Json, Object, json_text};
use crate::load::{DocumentSet, LoadError};
use crate::model::{
    Api, Components, DocId, Encoding, Header, Info, MediaType, OAuthFlow, OpKey, OpScope,
    Operation, OrderedMap, Origin, Owner, ParamKey, ParamLocation, Parameter, RequestBody,
    Response, SecurityRequirement, SecurityScheme, Server, ServerVariable, SpecFamily, Tag,
    pointer_push,
};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Arc;

pub(super) fn normalize(
    docs: &DocumentSet,
    version: String,
    family: SpecFamily,
    options: NormalizeOptions,
) -> Result<Normalized, LoadError> {
    let mut ctx = Ctx::new(docs, Dialect { family }, options.allow_unresolved_refs);
    let doc = docs.root();
    let root = docs.json(doc).as_object().expect("checked by the caller");
    let top = Node {
        doc,
        pointer: "",
        map: root,
    };
    let components = read_components(&mut ctx, top)?;
    let mut operations = OrderedMap::default();
    for (member, scope) in [("paths", OpScope::Path), ("webhooks", OpScope::Webhook)] {
        let Some((cdoc, cpointer, items)) =
            ctx.container(doc, &pointer_push("", member), root.get(member))?
        else {
            continue;
        };
        for (path, item) in items {
            if path.starts_with("x-") {
                continue;
            }
            let pointer = pointer_push(&cpointer, path);
            read_path_item(&mut ctx, cdoc, &pointer, item, path, scope, &mut operations)?;
        }
    }
    let api = Api {
        spec_version: version,
        family,
        info: read_info(top),
        servers: read_servers(top),
        security: read_security(top.get("security")),
        operations,
        components,
        tags: read_tags(top),
        other: other_members(
            root,
            &[
                "openapi",
                "info",
                "servers",
                "paths",
                "webhooks",
                "components",
                "security",
                "tags",
            ],
        ),
        extensions: top.extensions(),
        schemas: ctx.schemas,
    };
    Ok(Normalized {
        api,
        warnings: ctx.warnings,
    })
}

pub(super) fn read_info(top: Node) -> Info {
    let Some(map) = top.get("info").and_then(Json::as_object) else {
        return Info::default();
    };
    let node = Node {
        doc: top.doc,
        pointer: "/info",
        map,
    };
    Info {
        origin: Some(node.origin()),
        title: node.str("title"),
        version: node.str("version"),
        description: node.str("description"),
        other: map
            .iter()
            .filter(|(k, _)| !matches!(*k, "title" | "version" | "description"))
            .map(|(k, v)| (k.to_string(), v.to_value()))
            .collect(),
    }
}

pub(super) fn read_tags(top: Node) -> BTreeMap<String, Tag> {
    let Some(tags) = top.get("tags").and_then(Json::as_array) else {
        return BTreeMap::new();
    };
    tags.iter()
        .enumerate()
        .filter_map(|(i, t)| {
            let name = t.get("name")?.as_str()?.to_string();
            let description = t
                .get("description")
                .and_then(Json::as_str)
                .map(str::to_string);
            let origin = Origin::new(top.doc, format!("/tags/{i}"));
            Some((
                name,
                Tag {
                    origin,
                    description,
                },
            ))
        })
        .collect()
}

fn read_servers(node: Node) -> Vec<Server> {
    let Some(list) = node.get("servers").and_then(Json::as_array) else {
        return Vec::new();
    };
    let base = node.child_pointer("servers");
    list.iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let map = s.as_object()?;
            let server = Node {
                doc: node.doc,
                pointer: &pointer_push(&base, &i.to_string()),
                map,
            };
            Some(Server {
                origin: server.origin(),
                url: normalize_server_url(&server.str("url").unwrap_or_default()),
                description: server.str("description"),
                variables: read_server_variables(map.get("variables")),
            })
        })
        .collect()
}

/// A trailing slash does not change where requests go.
pub(super) fn normalize_server_url(url: &str) -> String {
    let trimmed = url.trim();
    if trimmed.len() > 1 {
        trimmed.trim_end_matches('/').to_string()
    } else if trimmed.is_empty() {
        "/".to_string()
    } else {
        trimmed.to_string()
    }
}

fn read_server_variables(value: Option<Json<'_>>) -> BTreeMap<String, ServerVariable> {
    let Some(vars) = value.and_then(Json::as_object) else {
        return BTreeMap::new();
    };
    vars.iter()
        .map(|(name, v)| {
            let var = ServerVariable {
                default: v.get("default").and_then(super::common::scalar_string),
                enum_values: v
                    .get("enum")
                    .and_then(Json::as_array)
                    .map(|a| a.iter().filter_map(super::common::scalar_string).collect())
                    .unwrap_or_default(),
                description: v
                    .get("description")
                    .and_then(Json::as_str)
                    .map(str::to_string),
            };
            (name.to_string(), var)
        })
        .collect()
}

pub(super) fn read_security(value: Option<Json<'_>>) -> Option<Vec<SecurityRequirement>> {
    let list = value?.as_array()?;
    Some(
        list.iter()
            .filter_map(Json::as_object)
            .map(|req| {
                req.iter()
                    .map(|(scheme, scopes)| {
                        let scopes = scopes
                            .as_array()
                            .map(|a| {
                                a.iter()
                                    .filter_map(|s| s.as_str().map(str::to_string))
                                    .collect()
                            })
                            .unwrap_or_default();
                        (scheme.to_string(), scopes)
                    })
                    .collect()
            })
            .collect(),
    )
}

fn read_components<'a>(ctx: &mut Ctx<'a>, top: Node<'_, 'a>) -> Result<Components, LoadError> {
    let mut components = Components::default();
    let Some((cdoc, cpointer, map)) =
        ctx.container(top.doc, "/components", top.get("components"))?
    else {
        return Ok(components);
    };
    if let Some((sdoc, spointer, schemas)) = ctx.container(
        cdoc,
        &pointer_push(&cpointer, "schemas"),
        map.get("schemas"),
    )? {
        for (name, value) in schemas {
            let pointer = pointer_push(&spointer, name);
            let component: std::sync::Arc<str> = name.into();
            let owner = Owner::Component(component.clone());
            let id = ctx.schema(sdoc, &pointer, value, &owner)?;
            let schema = ctx.schemas.get_mut(id);
            if schema.component.is_none() {
                schema.component = Some(component);
            }
            components.schemas.insert(name.to_string(), id);
        }
    }
    if let Some((sdoc, spointer, schemes)) = ctx.container(
        cdoc,
        &pointer_push(&cpointer, "securitySchemes"),
        map.get("securitySchemes"),
    )? {
        for (name, value) in schemes {
            let pointer = pointer_push(&spointer, name);
            let (doc, pointer, map) = ctx.object(sdoc, &pointer, value, "a security scheme")?;
            let node = Node {
                doc,
                pointer: &pointer,
                map,
            };
            components
                .security_schemes
                .insert(name.to_string(), read_security_scheme(node));
        }
    }
    Ok(components)
}

fn read_security_scheme(node: Node) -> SecurityScheme {
    let flows = match node.get("flows").and_then(Json::as_object) {
        Some(flows) => flows
            .iter()
            .filter(|(k, _)| !k.starts_with("x-"))
            .map(|(kind, flow)| {
                let get = |k: &str| flow.get(k).and_then(Json::as_str).map(str::to_string);
                let scopes = flow
                    .get("scopes")
                    .and_then(Json::as_object)
                    .map(|m| {
                        m.iter()
                            .map(|(s, d)| {
                                (s.to_string(), d.as_str().unwrap_or_default().to_string())
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let flow = OAuthFlow {
                    authorization_url: get("authorizationUrl"),
                    token_url: get("tokenUrl"),
                    refresh_url: get("refreshUrl"),
                    scopes,
                };
                (kind.to_string(), flow)
            })
            .collect(),
        _ => BTreeMap::new(),
    };
    SecurityScheme {
        origin: node.origin(),
        kind: node.str("type").unwrap_or_default(),
        description: node.str("description"),
        name: node.str("name"),
        location: node.str("in"),
        scheme: node.str("scheme").map(|s| s.to_ascii_lowercase()),
        bearer_format: node.str("bearerFormat"),
        flows,
        open_id_connect_url: node.str("openIdConnectUrl"),
        extensions: node.extensions(),
    }
}

/// Reads the operations of a path item (following a `$ref` to a shared path item).
fn read_path_item<'a>(
    ctx: &mut Ctx<'a>,
    doc: DocId,
    pointer: &str,
    item: Json<'a>,
    path: &str,
    scope: OpScope,
    out: &mut OrderedMap<OpKey, Operation>,
) -> Result<(), LoadError> {
    let (item_doc, item_pointer, map) = ctx.object(doc, pointer, item, "a path item")?;
    // A callback that leads back to a path item being read is legal, but describes
    // callbacks nested without end: it is not read again.
    if ctx
        .callbacks
        .open
        .iter()
        .any(|(d, p)| *d == item_doc && *p == item_pointer)
    {
        if ctx.callbacks.warned.insert((doc, pointer.to_string())) {
            let e = ctx.invalid(
                doc,
                pointer,
                format!(
                    "this callback leads back to `#{item_pointer}`, a path item that holds \
                     it; its operations are not read again inside the callback"
                ),
            );
            ctx.warnings.push(e);
        }
        return Ok(());
    }
    ctx.callbacks.open.push((item_doc, item_pointer.clone()));
    read_path_item_operations(ctx, item_doc, &item_pointer, map, path, scope, out)?;
    ctx.callbacks.open.pop();
    Ok(())
}

/// Counts one more operation read inside a callback against `max_callback_operations`: a
/// few kilobytes of callbacks that `$ref` path items with callbacks can describe millions.
fn count_callback_operation(ctx: &mut Ctx<'_>, doc: DocId, pointer: &str) -> Result<(), LoadError> {
    ctx.callbacks.operations += 1;
    let max = ctx.docs.limits().max_callback_operations;
    if ctx.callbacks.operations <= max {
        return Ok(());
    }
    Err(ctx
        .docs
        .error_at(
            crate::load::LoadErrorKind::Limit,
            doc,
            pointer,
            format!("more than {max} operations inside callbacks (max-callback-operations)"),
        )
        .with_help("raise it with --max-callback-operations N"))
}

/// The operations of a resolved path item.
fn read_path_item_operations<'a>(
    ctx: &mut Ctx<'a>,
    doc: DocId,
    pointer: &str,
    map: Object<'a>,
    path: &str,
    scope: OpScope,
    out: &mut OrderedMap<OpKey, Operation>,
) -> Result<(), LoadError> {
    let item = Node { doc, pointer, map };
    let shared_params = read_parameters(ctx, item, path, &OrderedMap::default())?;
    let shared_servers = read_servers(item);
    let mut methods: Vec<(String, String, Json<'_>)> = METHODS
        .iter()
        .filter_map(|m| {
            map.get(m)
                .map(|op| (m.to_ascii_uppercase(), item.child_pointer(m), op))
        })
        .collect();
    if let Some(extra) = map.get("additionalOperations").and_then(Json::as_object) {
        let base = item.child_pointer("additionalOperations");
        for (method, op) in extra {
            methods.push((method.to_ascii_uppercase(), pointer_push(&base, method), op));
        }
    }
    for (method, op_pointer, op) in methods {
        if scope == OpScope::Callback {
            count_callback_operation(ctx, doc, &op_pointer)?;
        }
        let Some(op_map) = op.as_object() else {
            return Err(ctx.invalid(doc, &op_pointer, "an operation must be a mapping"));
        };
        let node = Node {
            doc,
            pointer: &op_pointer,
            map: op_map,
        };
        let mut operation = read_operation(ctx, node, &method, path, &shared_params)?;
        if operation.servers.is_empty() {
            operation.servers = shared_servers.clone();
        }
        let key = OpKey {
            scope,
            pattern: if scope == OpScope::Path {
                path_pattern(path)
            } else {
                path.to_string()
            },
            method,
        };
        out.insert(key, operation);
    }
    Ok(())
}

fn read_operation<'a>(
    ctx: &mut Ctx<'a>,
    node: Node<'_, 'a>,
    method: &str,
    path: &str,
    shared_params: &OrderedMap<ParamKey, Arc<Parameter>>,
) -> Result<Operation, LoadError> {
    let parameters = read_parameters(ctx, node, path, shared_params)?;
    let request_body = match node.get("requestBody") {
        Some(v) => Some(read_request_body(
            ctx,
            node.doc,
            &node.child_pointer("requestBody"),
            v,
        )?),
        None => None,
    };
    let mut responses = OrderedMap::default();
    if let Some(map) = node.get("responses").and_then(Json::as_object) {
        let base = node.child_pointer("responses");
        for (code, value) in map {
            if code.starts_with("x-") {
                continue;
            }
            let response = read_response(ctx, node.doc, &pointer_push(&base, code), value)?;
            responses.insert(status_key(code), response);
        }
    }
    let mut callbacks = OrderedMap::default();
    if let Some(map) = node.get("callbacks").and_then(Json::as_object) {
        let base = node.child_pointer("callbacks");
        for (name, value) in map {
            let (doc, pointer, cb) =
                ctx.object(node.doc, &pointer_push(&base, name), value, "a callback")?;
            let mut ops = OrderedMap::default();
            for (expression, item) in cb {
                if expression.starts_with("x-") {
                    continue;
                }
                let item_pointer = pointer_push(&pointer, expression);
                read_path_item(
                    ctx,
                    doc,
                    &item_pointer,
                    item,
                    expression,
                    OpScope::Callback,
                    &mut ops,
                )?;
            }
            callbacks.insert(name.to_string(), ops);
        }
    }
    Ok(Operation {
        origin: node.origin(),
        method: method.to_string(),
        path: path.to_string(),
        operation_id: node.str("operationId"),
        summary: node.str("summary"),
        description: node.str("description"),
        tags: node.string_set("tags"),
        deprecated: node.bool("deprecated"),
        parameters,
        request_body,
        responses,
        security: read_security(node.get("security")),
        servers: read_servers(node),
        callbacks,
        other: other_members(node.map, OPERATION_MEMBERS),
        extensions: node.extensions(),
    })
}

const OPERATION_MEMBERS: &[&str] = &[
    "operationId",
    "summary",
    "description",
    "tags",
    "deprecated",
    "parameters",
    "requestBody",
    "responses",
    "security",
    "servers",
    "callbacks",
];

/// Members the model does not name, kept verbatim (`externalDocs`, ...).
pub(super) fn other_members(map: Object<'_>, known: &[&str]) -> crate::model::Extensions {
    members_where(map, |k| !k.starts_with("x-") && !known.contains(&k))
}

/// The parameter identity: header names are case-insensitive and path parameters are named
/// by their position in the template.
pub(super) fn param_key(location: ParamLocation, name: &str, path: &str) -> ParamKey {
    let name = match location {
        ParamLocation::Header => name.to_ascii_lowercase(),
        ParamLocation::Path => match path_param_names(path).iter().position(|n| *n == name) {
            Some(i) => format!("{{{i}}}"),
            None => name.to_string(),
        },
        _ => name.to_string(),
    };
    ParamKey { location, name }
}

/// Reads a `parameters` list over `inherited` (the path item's), the operation's own
/// winning on the same key.
fn read_parameters<'a>(
    ctx: &mut Ctx<'a>,
    node: Node<'_, 'a>,
    path: &str,
    inherited: &OrderedMap<ParamKey, Arc<Parameter>>,
) -> Result<OrderedMap<ParamKey, Arc<Parameter>>, LoadError> {
    let mut out = inherited.clone();
    let Some(list) = node.get("parameters").and_then(Json::as_array) else {
        return Ok(out);
    };
    let base = node.child_pointer("parameters");
    for (i, value) in list.iter().enumerate() {
        let (doc, pointer, map) = ctx.object(
            node.doc,
            &pointer_push(&base, &i.to_string()),
            value,
            "a parameter",
        )?;
        let p = Node {
            doc,
            pointer: &pointer,
            map,
        };
        if map.is_empty() {
            continue; // an unresolved reference, already reported as a warning
        }
        let parameter = ctx.parameter(doc, &pointer, |ctx| read_parameter(ctx, p))?;
        out.insert(
            param_key(parameter.location, &parameter.name, path),
            parameter,
        );
    }
    Ok(out)
}

fn read_parameter<'a>(ctx: &mut Ctx<'a>, p: Node<'_, 'a>) -> Result<Parameter, LoadError> {
    let location_name = p.str("in").unwrap_or_default();
    let Some(location) = ParamLocation::parse(&location_name) else {
        return Err(ctx.invalid(p.doc, p.pointer, format!("unknown parameter location `{location_name}`; expected path, query, querystring, header or cookie")));
    };
    let style = p
        .str("style")
        .unwrap_or_else(|| location.default_style().to_string());
    let explode = p.opt_bool("explode").unwrap_or(style == "form");
    let schema = match p.get("schema") {
        Some(s) => Some(ctx.schema(p.doc, &p.child_pointer("schema"), s, &Owner::Inline)?),
        None => None,
    };
    Ok(Parameter {
        origin: p.origin(),
        location,
        name: p.str("name").unwrap_or_default(),
        description: ctx.shared_text(p.str("description")),
        required: p.bool("required") || location == ParamLocation::Path,
        deprecated: p.bool("deprecated"),
        allow_empty_value: p.bool("allowEmptyValue"),
        style,
        explode,
        allow_reserved: p.bool("allowReserved"),
        schema,
        content: read_content(ctx, p, "content")?,
        examples: read_examples(p),
        extensions: p.extensions(),
    })
}

/// `example` and the values of `examples` (a map of Example objects), in that order.
pub(super) fn read_examples(node: Node) -> Vec<Value> {
    let mut out = Vec::new();
    if let Some(e) = node.get("example") {
        out.push(e.to_value());
    }
    if let Some(map) = node.get("examples").and_then(Json::as_object) {
        for example in map.values() {
            match example.get("value") {
                Some(v) => out.push(v.to_value()),
                None => out.push(example.to_value()),
            }
        }
    }
    out
}

fn read_request_body<'a>(
    ctx: &mut Ctx<'a>,
    doc: DocId,
    pointer: &str,
    value: Json<'a>,
) -> Result<RequestBody, LoadError> {
    let (doc, pointer, map) = ctx.object(doc, pointer, value, "a request body")?;
    let node = Node {
        doc,
        pointer: &pointer,
        map,
    };
    Ok(RequestBody {
        origin: node.origin(),
        description: node.str("description"),
        required: node.bool("required"),
        content: read_content(ctx, node, "content")?,
        extensions: node.extensions(),
    })
}

fn read_response<'a>(
    ctx: &mut Ctx<'a>,
    doc: DocId,
    pointer: &str,
    value: Json<'a>,
) -> Result<Response, LoadError> {
    let (doc, pointer, map) = ctx.object(doc, pointer, value, "a response")?;
    let node = Node {
        doc,
        pointer: &pointer,
        map,
    };
    let links = match node.get("links").and_then(Json::as_object) {
        Some(map) => {
            let base = node.child_pointer("links");
            map.iter()
                .map(|(name, link)| {
                    let pointer = pointer_push(&base, name);
                    let (_, _, link) = ctx.object(doc, &pointer, link, "a link")?;
                    Ok((name.to_string(), json_text(&link)))
                })
                .collect::<Result<Vec<_>, LoadError>>()
                .map(crate::model::Extensions::from_texts)?
        }
        None => crate::model::Extensions::new(),
    };
    Ok(Response {
        origin: node.origin(),
        description: node.str("description"),
        headers: read_headers(ctx, node)?,
        content: read_content(ctx, node, "content")?,
        links,
        extensions: node.extensions(),
    })
}

fn read_headers<'a>(
    ctx: &mut Ctx<'a>,
    node: Node<'_, 'a>,
) -> Result<BTreeMap<String, Header>, LoadError> {
    let mut out = BTreeMap::new();
    let Some(map) = node.get("headers").and_then(Json::as_object) else {
        return Ok(out);
    };
    let base = node.child_pointer("headers");
    for (name, value) in map {
        let (doc, pointer, hmap) =
            ctx.object(node.doc, &pointer_push(&base, name), value, "a header")?;
        let h = Node {
            doc,
            pointer: &pointer,
            map: hmap,
        };
        let schema = match h.get("schema") {
            Some(s) => Some(ctx.schema(doc, &h.child_pointer("schema"), s, &Owner::Inline)?),
            None => None,
        };
        let header = Header {
            origin: h.origin(),
            name: name.to_string(),
            description: h.str("description"),
            required: h.bool("required"),
            deprecated: h.bool("deprecated"),
            style: h.str("style").unwrap_or_else(|| "simple".into()),
            explode: h.bool("explode"),
            schema,
            content: read_content(ctx, h, "content")?,
            extensions: h.extensions(),
        };
        out.insert(name.to_ascii_lowercase(), header);
    }
    Ok(out)
}

fn read_content<'a>(
    ctx: &mut Ctx<'a>,
    node: Node<'_, 'a>,
    key: &str,
) -> Result<OrderedMap<String, MediaType>, LoadError> {
    let mut out = OrderedMap::default();
    let Some(map) = node.get(key).and_then(Json::as_object) else {
        return Ok(out);
    };
    let base = node.child_pointer(key);
    for (media, value) in map {
        let (doc, pointer, mmap) =
            ctx.object(node.doc, &pointer_push(&base, media), value, "a media type")?;
        let m = Node {
            doc,
            pointer: &pointer,
            map: mmap,
        };
        let schema = match m.get("schema") {
            Some(s) => Some(ctx.schema(doc, &m.child_pointer("schema"), s, &Owner::Inline)?),
            None => None,
        };
        let item_schema = match m.get("itemSchema") {
            Some(s) => Some(ctx.schema(doc, &m.child_pointer("itemSchema"), s, &Owner::Inline)?),
            None => None,
        };
        let mut encoding = BTreeMap::new();
        if let Some(enc) = m.get("encoding").and_then(Json::as_object) {
            let ebase = m.child_pointer("encoding");
            for (prop, e) in enc {
                let Some(emap) = e.as_object() else { continue };
                let en = Node {
                    doc,
                    pointer: &pointer_push(&ebase, prop),
                    map: emap,
                };
                encoding.insert(
                    prop.to_string(),
                    Encoding {
                        origin: en.origin(),
                        content_type: en.str("contentType"),
                        headers: read_headers(ctx, en)?,
                        style: en.str("style"),
                        explode: en.opt_bool("explode"),
                        allow_reserved: en.bool("allowReserved"),
                    },
                );
            }
        }
        out.insert(
            media_key(media),
            MediaType {
                origin: m.origin(),
                schema,
                item_schema,
                encoding,
                examples: read_examples(m),
                extensions: extensions(mmap),
            },
        );
    }
    Ok(out)
}
