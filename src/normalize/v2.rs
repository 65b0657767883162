//! Swagger 2.0 into the model, with the equivalences a 2.0 -> 3.0 conversion makes:
//! `definitions` are component schemas; `in: body` and `formData` parameters become request
//! bodies per `consumes`; response `schema`s become content per `produces`;
//! host/basePath/schemes become servers; `collectionFormat` becomes style/explode;
//! `securityDefinitions` become security schemes; `x-nullable` adds `null`.

use super::common::{Ctx, Node, media_key, path_pattern, status_key};
use super::v3::{
    normalize_server_url, other_members, param_key, read_info, read_security, read_tags,
};
use super::{Dialect, NormalizeOptions, Normalized};
use crate::load::tree::Json;
use crate::load::{DocumentSet, LoadError};
use crate::model::{
    Api, Components, DocId, Extensions, Header, MediaType, OAuthFlow, OpKey, OpScope, Operation,
    OrderedMap, Origin, Owner, ParamKey, ParamLocation, Parameter, RequestBody, Response, Schema,
    SchemaId, SecurityScheme, Server, SpecFamily, TypeSet, pointer_push,
};
use serde_json::Value;
use std::collections::BTreeMap;

/// Members of a 2.0 parameter or header that are not part of its schema.
const PARAM_ONLY: &[&str] = &[
    "name",
    "in",
    "description",
    "required",
    "collectionFormat",
    "allowEmptyValue",
];

const METHODS: [&str; 7] = ["get", "put", "post", "delete", "options", "head", "patch"];

pub(super) fn normalize(
    docs: &DocumentSet,
    version: String,
    options: NormalizeOptions,
) -> Result<Normalized, LoadError> {
    let dialect = Dialect {
        family: SpecFamily::Swagger2,
    };
    let mut ctx = Ctx::new(docs, dialect, options.allow_unresolved_refs);
    let doc = docs.root();
    let root = docs.json(doc).as_object().expect("checked by the caller");
    let top = Node {
        doc,
        pointer: "",
        map: root,
    };
    let mut components = Components::default();
    if let Some((ddoc, dpointer, defs)) =
        ctx.container(doc, "/definitions", root.get("definitions"))?
    {
        for (name, value) in defs {
            let pointer = pointer_push(&dpointer, name);
            let component: std::sync::Arc<str> = name.into();
            let owner = Owner::Component(component.clone());
            let id = ctx.schema(ddoc, &pointer, value, &owner)?;
            let schema = ctx.schemas.get_mut(id);
            if schema.component.is_none() {
                schema.component = Some(component);
            }
            components.schemas.insert(name.to_string(), id);
        }
    }
    if let Some(defs) = root.get("securityDefinitions").and_then(Json::as_object) {
        for (name, value) in defs {
            let pointer = pointer_push("/securityDefinitions", name);
            let (doc, pointer, map) = ctx.object(doc, &pointer, value, "a security definition")?;
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
    let defaults = MediaDefaults {
        consumes: media_list(top.get("consumes")),
        produces: media_list(top.get("produces")),
    };
    let mut operations = OrderedMap::default();
    if let Some((pdoc, ppointer, paths)) = ctx.container(doc, "/paths", root.get("paths"))? {
        for (path, item) in paths {
            if path.starts_with("x-") {
                continue;
            }
            let pointer = pointer_push(&ppointer, path);
            let (doc, pointer, map) = ctx.object(pdoc, &pointer, item, "a path item")?;
            let item = Node {
                doc,
                pointer: &pointer,
                map,
            };
            for method in METHODS {
                let Some(op) = map.get(method) else { continue };
                let op_pointer = item.child_pointer(method);
                let Some(op_map) = op.as_object() else {
                    return Err(ctx.invalid(doc, &op_pointer, "an operation must be a mapping"));
                };
                let node = Node {
                    doc,
                    pointer: &op_pointer,
                    map: op_map,
                };
                let operation = read_operation(&mut ctx, item, node, method, path, &defaults)?;
                let key = OpKey {
                    scope: OpScope::Path,
                    pattern: path_pattern(path),
                    method: method.to_ascii_uppercase(),
                };
                operations.insert(key, operation);
            }
        }
    }
    let api = Api {
        spec_version: version,
        family: SpecFamily::Swagger2,
        info: read_info(top),
        servers: read_servers(top),
        security: read_security(top.get("security")),
        operations,
        components,
        tags: read_tags(top),
        other: other_members(
            root,
            &[
                "swagger",
                "info",
                "host",
                "basePath",
                "schemes",
                "consumes",
                "produces",
                "paths",
                "definitions",
                "parameters",
                "responses",
                "securityDefinitions",
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

struct MediaDefaults {
    consumes: Vec<String>,
    produces: Vec<String>,
}

fn media_list(value: Option<Json<'_>>) -> Vec<String> {
    value
        .and_then(Json::as_array)
        .map(|a| a.iter().filter_map(Json::as_str).map(media_key).collect())
        .unwrap_or_default()
}

/// One server per scheme: `https://host/basePath`; without a host, the base path alone.
fn read_servers(top: Node) -> Vec<Server> {
    let base_path = top.str("basePath").unwrap_or_default();
    let origin = Origin::new(top.doc, "");
    let Some(host) = top.str("host") else {
        if base_path.is_empty() {
            return Vec::new();
        }
        return vec![server(origin, &base_path)];
    };
    let schemes: Vec<String> = top
        .get("schemes")
        .and_then(Json::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Json::as_str)
                .map(str::to_string)
                .collect()
        })
        .filter(|v: &Vec<String>| !v.is_empty())
        .unwrap_or_else(|| vec!["https".to_string()]);
    schemes
        .iter()
        .map(|scheme| server(origin.clone(), &format!("{scheme}://{host}{base_path}")))
        .collect()
}

fn server(origin: Origin, url: &str) -> Server {
    Server {
        origin,
        url: normalize_server_url(url),
        description: None,
        variables: BTreeMap::new(),
    }
}

fn read_security_scheme(node: Node) -> SecurityScheme {
    let kind = node.str("type").unwrap_or_default();
    let mut flows = BTreeMap::new();
    if kind == "oauth2" {
        let flow_name = match node.str("flow").as_deref() {
            Some("application") => "clientCredentials",
            Some("accessCode") => "authorizationCode",
            Some("password") => "password",
            _ => "implicit",
        };
        let scopes = node
            .get("scopes")
            .and_then(Json::as_object)
            .map(|m| {
                m.iter()
                    .map(|(s, d)| (s.to_string(), d.as_str().unwrap_or_default().to_string()))
                    .collect()
            })
            .unwrap_or_default();
        flows.insert(
            flow_name.to_string(),
            OAuthFlow {
                authorization_url: node.str("authorizationUrl"),
                token_url: node.str("tokenUrl"),
                refresh_url: None,
                scopes,
            },
        );
    }
    let basic = kind == "basic";
    SecurityScheme {
        origin: node.origin(),
        kind: if basic { "http".into() } else { kind },
        description: node.str("description"),
        name: node.str("name"),
        location: node.str("in"),
        scheme: basic.then(|| "basic".to_string()),
        bearer_format: None,
        flows,
        open_id_connect_url: None,
        extensions: node.extensions(),
    }
}

fn read_operation<'a>(
    ctx: &mut Ctx<'a>,
    item: Node<'_, 'a>,
    node: Node<'_, 'a>,
    method: &str,
    path: &str,
    defaults: &MediaDefaults,
) -> Result<Operation, LoadError> {
    let consumes = match node.get("consumes") {
        Some(v) => media_list(Some(v)),
        None => defaults.consumes.clone(),
    };
    let produces = match node.get("produces") {
        Some(v) => media_list(Some(v)),
        None => defaults.produces.clone(),
    };
    // Path-level parameters first, the operation's own override them by key.
    let mut raw: OrderedMap<ParamKey, RawParam> = OrderedMap::default();
    for owner in [item, node] {
        if let Some(list) = owner.get("parameters").and_then(Json::as_array) {
            let base = owner.child_pointer("parameters");
            for (i, value) in list.iter().enumerate() {
                let (doc, pointer, value) =
                    match ctx
                        .docs
                        .deref(owner.doc, &pointer_push(&base, &i.to_string()), value)
                    {
                        Ok(found) => found,
                        Err(e) => {
                            ctx.tolerate(e)?;
                            continue;
                        }
                    };
                let Some(map) = value.as_object() else {
                    return Err(ctx.invalid(doc, &pointer, "a parameter must be a mapping"));
                };
                let location = map
                    .get("in")
                    .and_then(Json::as_str)
                    .unwrap_or_default()
                    .to_string();
                let name = map
                    .get("name")
                    .and_then(Json::as_str)
                    .unwrap_or_default()
                    .to_string();
                // Body and form parameters share one key space of their own.
                let key = match ParamLocation::parse(&location) {
                    Some(loc) => param_key(loc, &name, path),
                    None => ParamKey {
                        location: ParamLocation::Query,
                        name: format!("{location}:{name}"),
                    },
                };
                raw.insert(
                    key,
                    RawParam {
                        doc,
                        pointer,
                        value,
                        location,
                    },
                );
            }
        }
    }
    let mut parameters = OrderedMap::default();
    let mut body: Option<RawParam> = None;
    let mut form: Vec<RawParam> = Vec::new();
    for (key, param) in raw {
        match param.location.as_str() {
            "body" => body = Some(param),
            "formData" => form.push(param),
            _ => {
                let p =
                    ctx.parameter(param.doc, &param.pointer, |ctx| read_parameter(ctx, &param))?;
                parameters.insert(key, p);
            }
        }
    }
    let request_body = if let Some(b) = body {
        Some(read_body_param(ctx, &b, &consumes)?)
    } else if !form.is_empty() {
        Some(read_form_params(ctx, node, &form, &consumes)?)
    } else {
        None
    };
    let mut responses = OrderedMap::default();
    if let Some(map) = node.get("responses").and_then(Json::as_object) {
        let base = node.child_pointer("responses");
        for (code, value) in map {
            if code.starts_with("x-") {
                continue;
            }
            let response =
                read_response(ctx, node.doc, &pointer_push(&base, code), value, &produces)?;
            responses.insert(status_key(code), response);
        }
    }
    Ok(Operation {
        origin: node.origin(),
        method: method.to_ascii_uppercase(),
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
        servers: Vec::new(),
        callbacks: OrderedMap::default(),
        other: other_members(
            node.map,
            &[
                "operationId",
                "summary",
                "description",
                "tags",
                "deprecated",
                "parameters",
                "responses",
                "security",
                "consumes",
                "produces",
                "schemes",
            ],
        ),
        extensions: node.extensions(),
    })
}

struct RawParam<'a> {
    doc: DocId,
    pointer: String,
    value: Json<'a>,
    location: String,
}

impl<'a> RawParam<'a> {
    fn node(&self) -> Node<'_, 'a> {
        Node {
            doc: self.doc,
            pointer: &self.pointer,
            map: self.value.as_object().expect("checked when collected"),
        }
    }
}

/// `collectionFormat` as a 3.x style and explode (only arrays have one; csv is the default).
fn style_explode(location: ParamLocation, node: Node) -> (String, bool) {
    let is_array = node.get("type").and_then(Json::as_str) == Some("array");
    let default_style = location.default_style().to_string();
    if !is_array {
        let explode = default_style == "form";
        return (default_style, explode);
    }
    match node.str("collectionFormat").as_deref() {
        Some("multi") => ("form".into(), true),
        Some("ssv") => ("spaceDelimited".into(), false),
        Some("pipes") => ("pipeDelimited".into(), false),
        Some("tsv") => ("tabDelimited".into(), false),
        _ => (default_style, false),
    }
}

fn read_parameter<'a>(ctx: &mut Ctx<'a>, raw: &RawParam<'a>) -> Result<Parameter, LoadError> {
    let node = raw.node();
    let location = ParamLocation::parse(&raw.location).ok_or_else(|| {
        ctx.invalid(
            raw.doc,
            &raw.pointer,
            format!(
                "unknown parameter location `{}`; expected path, query, header, body or formData",
                raw.location
            ),
        )
    })?;
    let (style, explode) = style_explode(location, node);
    let schema =
        ctx.schema_ignoring(raw.doc, &raw.pointer, raw.value, &Owner::Inline, PARAM_ONLY)?;
    Ok(Parameter {
        origin: node.origin(),
        location,
        name: node.str("name").unwrap_or_default(),
        description: ctx.shared_text(node.str("description")),
        required: node.bool("required") || location == ParamLocation::Path,
        deprecated: node.bool("deprecated"),
        allow_empty_value: node.bool("allowEmptyValue"),
        style,
        explode,
        allow_reserved: false,
        schema: Some(schema),
        content: OrderedMap::default(),
        examples: node
            .get("x-example")
            .map(Json::to_value)
            .into_iter()
            .collect(),
        extensions: node.extensions(),
    })
}

fn read_body_param<'a>(
    ctx: &mut Ctx<'a>,
    raw: &RawParam<'a>,
    consumes: &[String],
) -> Result<RequestBody, LoadError> {
    let node = raw.node();
    let schema = match node.get("schema") {
        Some(s) => Some(ctx.schema(raw.doc, &node.child_pointer("schema"), s, &Owner::Inline)?),
        None => None,
    };
    let media: Vec<String> = if consumes.is_empty() {
        vec!["application/json".to_string()]
    } else {
        consumes.to_vec()
    };
    let origin = node.origin();
    Ok(RequestBody {
        origin: origin.clone(),
        description: node.str("description"),
        required: node.bool("required"),
        content: media
            .into_iter()
            .map(|m| (m, media_type(origin.clone(), schema, Vec::new())))
            .collect(),
        extensions: node.extensions(),
    })
}

/// Form parameters become one object schema, sent as urlencoded or multipart as `consumes`
/// says (multipart when a file is uploaded and nothing is said).
fn read_form_params<'a>(
    ctx: &mut Ctx<'a>,
    op: Node<'_, 'a>,
    form: &[RawParam<'a>],
    consumes: &[String],
) -> Result<RequestBody, LoadError> {
    let origin = Origin::new(op.doc, op.child_pointer("parameters"));
    let mut object = Schema::new(origin.clone(), Owner::Inline);
    object.types = Some(TypeSet::OBJECT);
    let mut has_file = false;
    for raw in form {
        let node = raw.node();
        let name = node.str("name").unwrap_or_default();
        has_file |= node.get("type").and_then(Json::as_str) == Some("file");
        let ignore = [
            "name",
            "in",
            "required",
            "collectionFormat",
            "allowEmptyValue",
        ];
        let id = ctx.schema_ignoring(raw.doc, &raw.pointer, raw.value, &Owner::Inline, &ignore)?;
        if node.bool("required") {
            object.required.insert(name.to_string());
        }
        object.properties.insert(name, id);
    }
    let id: SchemaId = ctx.schemas.push(object);
    let form_types: Vec<String> = consumes
        .iter()
        .filter(|m| {
            m.starts_with("multipart/form-data")
                || m.starts_with("application/x-www-form-urlencoded")
        })
        .cloned()
        .collect();
    let media = if !form_types.is_empty() {
        form_types
    } else if has_file {
        vec!["multipart/form-data".to_string()]
    } else {
        vec!["application/x-www-form-urlencoded".to_string()]
    };
    let required = form.iter().any(|raw| raw.node().bool("required"));
    Ok(RequestBody {
        origin: origin.clone(),
        description: None,
        required,
        content: media
            .into_iter()
            .map(|m| (m, media_type(origin.clone(), Some(id), Vec::new())))
            .collect(),
        extensions: Extensions::new(),
    })
}

fn media_type(origin: Origin, schema: Option<SchemaId>, examples: Vec<Value>) -> MediaType {
    MediaType {
        origin,
        schema,
        item_schema: None,
        encoding: BTreeMap::new(),
        examples,
        extensions: Extensions::new(),
    }
}

fn read_response<'a>(
    ctx: &mut Ctx<'a>,
    doc: DocId,
    pointer: &str,
    value: Json<'a>,
    produces: &[String],
) -> Result<Response, LoadError> {
    let (doc, pointer, map) = ctx.object(doc, pointer, value, "a response")?;
    let node = Node {
        doc,
        pointer: &pointer,
        map,
    };
    let mut headers = BTreeMap::new();
    if let Some(hmap) = node.get("headers").and_then(Json::as_object) {
        let base = node.child_pointer("headers");
        for (name, h) in hmap {
            let hp = pointer_push(&base, name);
            let (hdoc, hp, hv) = match ctx.docs.deref(doc, &hp, h) {
                Ok(found) => found,
                Err(e) => {
                    ctx.tolerate(e)?;
                    continue;
                }
            };
            let Some(hm) = hv.as_object() else {
                return Err(ctx.invalid(hdoc, &hp, "a header must be a mapping"));
            };
            let hn = Node {
                doc: hdoc,
                pointer: &hp,
                map: hm,
            };
            let schema = ctx.schema_ignoring(hdoc, &hp, hv, &Owner::Inline, &["description"])?;
            headers.insert(
                name.to_ascii_lowercase(),
                Header {
                    origin: hn.origin(),
                    name: name.to_string(),
                    description: hn.str("description"),
                    required: false,
                    deprecated: false,
                    style: "simple".into(),
                    explode: false,
                    schema: Some(schema),
                    content: OrderedMap::default(),
                    extensions: hn.extensions(),
                },
            );
        }
    }
    let origin = node.origin();
    let mut content = OrderedMap::default();
    if let Some(s) = node.get("schema") {
        let schema = ctx.schema(doc, &node.child_pointer("schema"), s, &Owner::Inline)?;
        let examples = node.get("examples").and_then(Json::as_object);
        let media: Vec<String> = if produces.is_empty() {
            vec!["application/json".to_string()]
        } else {
            produces.to_vec()
        };
        for m in media {
            let example: Vec<Value> = examples
                .and_then(|e| {
                    e.iter()
                        .find(|(k, _)| media_key(k) == m)
                        .map(|(_, v)| v.to_value())
                })
                .into_iter()
                .collect();
            content.insert(m, media_type(origin.clone(), Some(schema), example));
        }
    }
    Ok(Response {
        origin,
        description: node.str("description"),
        headers,
        content,
        links: Extensions::new(),
        extensions: node.extensions(),
    })
}
