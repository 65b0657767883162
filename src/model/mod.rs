//! The version-neutral model of an API description.
//!
//! Every spec version (Swagger 2.0, OpenAPI 3.0, 3.1, 3.2) is normalized into these types, so
//! the diff and the rules never see version differences. Schemas live in an arena
//! ([`SchemaArena`]) and `$ref` edges stay edges ([`SchemaId`]), which keeps cyclic schemas
//! finite. Every node keeps its [`Origin`]: the document and JSON pointer it came from.

mod list;
mod schema;

pub use schema::{
    AdditionalProperties, Discriminator, Names, Owner, Properties, RareKeywords, Schema,
    SchemaArena, SchemaId, TypeSet,
};

pub use list::List;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// The model's insertion-ordered maps (operations, responses, media types, ...). They hash
/// with foldhash, seeded at random per run, instead of SipHash: with the loader's and the
/// diff's maps done the same way, normalizing and diffing Kubernetes is 12% faster.
pub type OrderedMap<K, V> = indexmap::IndexMap<K, V, foldhash::fast::RandomState>;

/// Index of a document inside a loaded document set (0 is the root document).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocId(pub u32);

/// Where a model node came from: a document and a JSON pointer inside it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin {
    pub doc: DocId,
    /// Shared, not a `String`: every model node has one, and the media types of a Swagger
    /// 2.0 response (one per `produces` entry) all come from the response.
    pub pointer: Arc<str>,
}

impl Origin {
    pub fn new(doc: DocId, pointer: impl Into<Arc<str>>) -> Self {
        Origin {
            doc,
            pointer: pointer.into(),
        }
    }

    /// The origin of a child member, with the JSON-pointer escaping applied to `segment`.
    pub fn child(&self, segment: &str) -> Origin {
        Origin {
            doc: self.doc,
            pointer: pointer_push(&self.pointer, segment).into(),
        }
    }
}

/// Appends one escaped segment to a JSON pointer (`~` as `~0`, `/` as `~1`).
pub fn pointer_push(pointer: &str, segment: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + segment.len() + 1);
    out.push_str(pointer);
    out.push('/');
    for c in segment.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

/// `x-` extensions (and other kept-verbatim members), sorted by name for determinism.
///
/// A sorted list rather than a `BTreeMap`: most of these maps hold one to three members, and a
/// B-tree node has room for eleven, about 1 KB a map; thousands of operations and schemas
/// carry one. Each value is kept as its compact JSON text: these are the model's free-form
/// values (vendor metadata, code samples), and a `serde_json::Value` costs several times its
/// text (an 80-byte enum per value, a hash map per object). Reading a value parses it.
#[derive(Debug, Clone, Default)]
pub struct Extensions(List<(String, Box<str>)>);

impl Extensions {
    pub fn new() -> Extensions {
        Extensions(List::new())
    }

    /// A value as its compact JSON text.
    pub fn text(&self, key: &str) -> Option<&str> {
        let i = self.find(key).ok()?;
        Some(&self.0[i].1)
    }

    fn find(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    pub fn get(&self, key: &str) -> Option<Value> {
        self.text(key).map(Extensions::parse)
    }

    /// A value from its text (see [`Extensions::texts`]).
    pub fn parse(text: &str) -> Value {
        // The text was written by serde_json from a value, so it parses.
        serde_json::from_str(text).unwrap_or(Value::Null)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    /// Sets `key`. Collecting builds a map without the spare room inserting one by one
    /// leaves.
    pub fn insert(&mut self, key: String, value: &Value) {
        let text = value.to_string().into_boxed_str();
        let members = self.0.as_vec_mut();
        match members.binary_search_by(|(k, _)| k.as_str().cmp(&key)) {
            Ok(i) => members[i].1 = text,
            Err(i) => members.insert(i, (key, text)),
        }
    }

    /// The members in name order, each value as its compact JSON text.
    pub fn texts(&self) -> impl DoubleEndedIterator<Item = (&String, &str)> + ExactSizeIterator {
        self.0.iter().map(|(k, v)| (k, &**v))
    }

    /// The members in name order, each value parsed.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&String, Value)> + ExactSizeIterator {
        self.0.iter().map(|(k, v)| (k, Extensions::parse(v)))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &String> + ExactSizeIterator {
        self.0.iter().map(|(k, _)| k)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// From members whose values are already compact JSON text (see [`Extensions::texts`]).
    pub fn from_texts(members: impl IntoIterator<Item = (String, String)>) -> Extensions {
        let mut members: Vec<(String, Box<str>)> = members
            .into_iter()
            .map(|(k, v)| (k, v.into_boxed_str()))
            .collect();
        // Stable, so among equal names the last one collected stays last.
        members.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out: Vec<(String, Box<str>)> = Vec::with_capacity(members.len());
        for member in members {
            match out.last_mut() {
                Some(last) if last.0 == member.0 => *last = member,
                _ => out.push(member),
            }
        }
        Extensions(out.into())
    }
}

impl PartialEq for Extensions {
    /// Equal values, as `Value`s compare (an object's member order does not count).
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len()
            && self.texts().zip(other.texts()).all(|((ka, a), (kb, b))| {
                ka == kb && (a == b || Extensions::parse(a) == Extensions::parse(b))
            })
    }
}

impl FromIterator<(String, Value)> for Extensions {
    /// As a map collects: sorted by name, and a repeated name keeps its last value.
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Self {
        Extensions::from_texts(iter.into_iter().map(|(k, v)| (k, v.to_string())))
    }
}

impl serde::Serialize for Extensions {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

/// The spec family a document was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecFamily {
    Swagger2,
    OpenApi30,
    OpenApi31,
    OpenApi32,
}

#[derive(Debug, Clone)]
pub struct Api {
    /// The version string as written (`2.0`, `3.0.3`, `3.1.0`, ...).
    pub spec_version: String,
    pub family: SpecFamily,
    pub info: Info,
    pub servers: Vec<Server>,
    /// Global security requirements; `None` when the document declares none.
    pub security: Option<Vec<SecurityRequirement>>,
    /// Operations under `paths`, `webhooks` and (3.1+) nothing else; callbacks hang off
    /// their operation.
    pub operations: OrderedMap<OpKey, Operation>,
    pub components: Components,
    /// Top-level tag definitions by name.
    pub tags: BTreeMap<String, Tag>,
    /// Top-level members the model does not name (`externalDocs`, `jsonSchemaDialect`,
    /// `$self`, ...), kept verbatim.
    pub other: Extensions,
    pub extensions: Extensions,
    pub schemas: SchemaArena,
}

#[derive(Debug, Clone)]
pub struct Tag {
    pub origin: Origin,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Info {
    pub origin: Option<Origin>,
    pub title: Option<String>,
    pub version: Option<String>,
    pub description: Option<String>,
    /// Every other member of `info` (contact, license, termsOfService, `x-` ...).
    pub other: Extensions,
}

#[derive(Debug, Clone)]
pub struct Server {
    pub origin: Origin,
    pub url: String,
    pub description: Option<String>,
    pub variables: BTreeMap<String, ServerVariable>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ServerVariable {
    pub default: Option<String>,
    pub enum_values: Vec<String>,
    pub description: Option<String>,
}

/// Scheme name -> required scopes. One requirement is satisfied when all its schemes are.
pub type SecurityRequirement = BTreeMap<String, BTreeSet<String>>;

#[derive(Debug, Clone, Default)]
pub struct Components {
    pub schemas: OrderedMap<String, SchemaId>,
    pub security_schemes: OrderedMap<String, SecurityScheme>,
}

#[derive(Debug, Clone)]
pub struct SecurityScheme {
    pub origin: Origin,
    /// `apiKey`, `http`, `oauth2`, `openIdConnect` or `mutualTLS` (2.0 `basic` becomes `http`).
    pub kind: String,
    pub description: Option<String>,
    /// apiKey: the header, query or cookie name.
    pub name: Option<String>,
    /// apiKey: `header`, `query` or `cookie`.
    pub location: Option<String>,
    /// http: the scheme, lowercased (`basic`, `bearer`, ...).
    pub scheme: Option<String>,
    pub bearer_format: Option<String>,
    /// oauth2 flows by 3.x name (`implicit`, `password`, `clientCredentials`, `authorizationCode`).
    pub flows: BTreeMap<String, OAuthFlow>,
    pub open_id_connect_url: Option<String>,
    pub extensions: Extensions,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OAuthFlow {
    pub authorization_url: Option<String>,
    pub token_url: Option<String>,
    pub refresh_url: Option<String>,
    /// Scope name -> description.
    pub scopes: BTreeMap<String, String>,
}

/// Where an operation lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OpScope {
    /// Under `paths`.
    Path,
    /// Under `webhooks` (the API calls the client).
    Webhook,
    /// Inside an operation's callback (the API calls the client).
    Callback,
}

/// Identity of an operation across versions: the path template with parameter names erased
/// (`/pets/{}`), and the uppercase method.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OpKey {
    pub scope: OpScope,
    pub pattern: String,
    pub method: String,
}

#[derive(Debug, Clone)]
pub struct Operation {
    pub origin: Origin,
    /// Uppercase method (`GET`, `QUERY`, or a 3.2 additional operation's own method).
    pub method: String,
    /// The path template as written (`/pets/{petId}`), or the webhook name or callback
    /// expression.
    pub path: String,
    pub operation_id: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub tags: BTreeSet<String>,
    pub deprecated: bool,
    /// Shared: operations that take the same parameter (a path item's, or a `$ref`'d one)
    /// hold one value.
    pub parameters: OrderedMap<ParamKey, Arc<Parameter>>,
    pub request_body: Option<RequestBody>,
    /// Status code (`200`, `2XX`, `default`) -> response.
    pub responses: OrderedMap<String, Response>,
    /// The operation's own security requirements; `None` inherits the global ones.
    pub security: Option<Vec<SecurityRequirement>>,
    /// Servers declared on the operation or its path item; empty inherits the global ones.
    pub servers: Vec<Server>,
    /// Callback name -> operations inside it.
    pub callbacks: OrderedMap<String, OrderedMap<OpKey, Operation>>,
    /// Kept verbatim: `externalDocs` and any other member the model does not name.
    pub other: Extensions,
    pub extensions: Extensions,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ParamLocation {
    Path,
    Query,
    /// 3.2: the whole query string as one parameter.
    QueryString,
    Header,
    Cookie,
}

impl ParamLocation {
    pub fn parse(s: &str) -> Option<ParamLocation> {
        Some(match s {
            "path" => ParamLocation::Path,
            "query" => ParamLocation::Query,
            "querystring" => ParamLocation::QueryString,
            "header" => ParamLocation::Header,
            "cookie" => ParamLocation::Cookie,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::QueryString => "querystring",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        }
    }

    /// The style a parameter has when it declares none.
    pub fn default_style(self) -> &'static str {
        match self {
            ParamLocation::Query | ParamLocation::Cookie | ParamLocation::QueryString => "form",
            ParamLocation::Path | ParamLocation::Header => "simple",
        }
    }
}

/// Identity of a parameter: its location and name. Header names are lowercased (they are
/// case-insensitive); path parameters are named by their position in the template, so that
/// renaming `{id}` to `{petId}` is no change.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ParamKey {
    pub location: ParamLocation,
    pub name: String,
}

#[derive(Debug, Clone)]
pub struct Parameter {
    pub origin: Origin,
    pub location: ParamLocation,
    /// The name as written.
    pub name: String,
    /// Shared between parameters with the same text: specs repeat a parameter's description
    /// in every operation that takes it (Kubernetes, 2-3 MB of them per version).
    pub description: Option<Arc<str>>,
    pub required: bool,
    pub deprecated: bool,
    pub allow_empty_value: bool,
    /// Effective style: defaults are filled in, so an explicit default is no change.
    pub style: String,
    /// Effective explode.
    pub explode: bool,
    pub allow_reserved: bool,
    pub schema: Option<SchemaId>,
    pub content: OrderedMap<String, MediaType>,
    pub examples: Vec<Value>,
    pub extensions: Extensions,
}

#[derive(Debug, Clone)]
pub struct RequestBody {
    pub origin: Origin,
    pub description: Option<String>,
    pub required: bool,
    pub content: OrderedMap<String, MediaType>,
    pub extensions: Extensions,
}

#[derive(Debug, Clone)]
pub struct MediaType {
    pub origin: Origin,
    pub schema: Option<SchemaId>,
    /// 3.2 `itemSchema`: the schema of each item of a sequential media type.
    pub item_schema: Option<SchemaId>,
    /// Property name -> encoding.
    pub encoding: BTreeMap<String, Encoding>,
    pub examples: Vec<Value>,
    pub extensions: Extensions,
}

#[derive(Debug, Clone)]
pub struct Encoding {
    pub origin: Origin,
    pub content_type: Option<String>,
    /// Lowercased header name -> header.
    pub headers: BTreeMap<String, Header>,
    pub style: Option<String>,
    pub explode: Option<bool>,
    pub allow_reserved: bool,
}

#[derive(Debug, Clone)]
pub struct Response {
    pub origin: Origin,
    pub description: Option<String>,
    /// Lowercased header name -> header.
    pub headers: BTreeMap<String, Header>,
    pub content: OrderedMap<String, MediaType>,
    /// Link name -> link object, kept verbatim.
    pub links: Extensions,
    pub extensions: Extensions,
}

#[derive(Debug, Clone)]
pub struct Header {
    pub origin: Origin,
    /// The name as written.
    pub name: String,
    pub description: Option<String>,
    pub required: bool,
    pub deprecated: bool,
    pub style: String,
    pub explode: bool,
    pub schema: Option<SchemaId>,
    pub content: OrderedMap<String, MediaType>,
    pub extensions: Extensions,
}
