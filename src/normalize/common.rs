//! What the version readers share: the reading context and small value helpers.

use super::Dialect;
use crate::load::tree::{Json, Object, Tree, View, json_text};
use crate::load::{DocumentSet, LoadError, LoadErrorKind};
use crate::model::{DocId, Extensions, Origin, Parameter, SchemaArena, SchemaId, pointer_push};
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::sync::Arc;

/// State shared while reading one document set.
pub(crate) struct Ctx<'a> {
    pub docs: &'a DocumentSet,
    pub dialect: Dialect,
    pub schemas: SchemaArena,
    /// (document, pointer) of a schema node -> its id, so each node is read once and
    /// `$ref` cycles close on themselves.
    pub schema_index: SchemaIndex,
    /// Unresolvable `$ref`s become warnings and empty (or opaque) nodes instead of errors.
    pub allow_unresolved: bool,
    pub warnings: Vec<LoadError>,
    /// Texts already shared by [`Ctx::shared_text`].
    texts: HashSet<Arc<str>>,
    /// Parameters already read, by location: one shared value for a parameter that many
    /// operations take (a path item's, or a `$ref`'d one). Kubernetes has 8,500 parameter
    /// uses of fewer than 1,000 parameters.
    parameters: ByPointer<Arc<Parameter>>,
    /// What keeps callbacks finite (see `v3::read_path_item`).
    pub callbacks: CallbackBounds,
}

/// Callbacks may `$ref` path items that hold callbacks: what keeps reading them finite.
#[derive(Default)]
pub(crate) struct CallbackBounds {
    /// The path items being read, outermost first: a callback may lead back to a path item
    /// that holds it, and reading that one again would never end.
    pub open: Vec<(DocId, String)>,
    /// Operations read inside callbacks so far (bounded by `max_callback_operations`).
    pub operations: usize,
    /// Callbacks already warned about for leading back to a path item that holds them.
    pub warned: HashSet<(DocId, String)>,
}

/// Values by document and pointer, kept per document so that a lookup borrows the pointer
/// rather than copying it into a key. Keys are shared with the origins of what they index.
pub(crate) struct ByPointer<T>(HashMap<DocId, HashMap<Arc<str>, T>>);

impl<T> Default for ByPointer<T> {
    fn default() -> Self {
        ByPointer(HashMap::new())
    }
}

impl<T: Clone> ByPointer<T> {
    pub fn get(&self, doc: DocId, pointer: &str) -> Option<T> {
        self.0.get(&doc)?.get(pointer).cloned()
    }

    pub fn insert(&mut self, doc: DocId, pointer: Arc<str>, value: T) {
        self.0.entry(doc).or_default().insert(pointer, value);
    }
}

/// Schema ids by document and pointer.
pub(crate) type SchemaIndex = ByPointer<SchemaId>;

/// An object found by following `$ref`s: its document, pointer and members.
pub(crate) type Located<'a> = (DocId, String, Object<'a>);

/// A JSON object being read, with where it came from.
#[derive(Clone, Copy)]
pub(crate) struct Node<'p, 'a> {
    pub doc: DocId,
    pub pointer: &'p str,
    pub map: Object<'a>,
}

impl<'a> Ctx<'a> {
    pub fn new(docs: &'a DocumentSet, dialect: Dialect, allow_unresolved: bool) -> Self {
        Ctx {
            docs,
            dialect,
            schemas: SchemaArena::default(),
            schema_index: SchemaIndex::default(),
            allow_unresolved,
            warnings: Vec::new(),
            texts: HashSet::new(),
            parameters: ByPointer::default(),
            callbacks: CallbackBounds::default(),
        }
    }

    /// `text` as a shared string: one allocation per distinct text.
    pub fn shared_text(&mut self, text: Option<String>) -> Option<Arc<str>> {
        let text = text?;
        if let Some(shared) = self.texts.get(text.as_str()) {
            return Some(shared.clone());
        }
        let shared: Arc<str> = text.into();
        self.texts.insert(shared.clone());
        Some(shared)
    }

    /// The parameter at `pointer` of `doc`: read by `read` the first time, shared after.
    pub fn parameter(
        &mut self,
        doc: DocId,
        pointer: &str,
        read: impl FnOnce(&mut Self) -> Result<Parameter, LoadError>,
    ) -> Result<Arc<Parameter>, LoadError> {
        if let Some(parameter) = self.parameters.get(doc, pointer) {
            return Ok(parameter);
        }
        let parameter = Arc::new(read(self)?);
        // The key shares the parameter's own pointer when it is the same text.
        let key = match &parameter.origin.pointer {
            own if **own == *pointer => own.clone(),
            _ => pointer.into(),
        };
        self.parameters.insert(doc, key, parameter.clone());
        Ok(parameter)
    }

    /// Turns an unresolved-reference error into a warning when that is allowed.
    pub fn tolerate(&mut self, e: LoadError) -> Result<(), LoadError> {
        if self.allow_unresolved && e.kind.is_unfollowable_ref() {
            self.warnings.push(e);
            Ok(())
        } else {
            Err(e)
        }
    }

    /// A member that holds named entries (`paths`, `components/schemas`, ...), which some
    /// specs put in another file behind a `$ref`.
    pub fn container(
        &mut self,
        doc: DocId,
        pointer: &str,
        value: Option<Json<'a>>,
    ) -> Result<Option<Located<'a>>, LoadError> {
        match value {
            None => Ok(None),
            Some(v) => self.object(doc, pointer, v, "a mapping").map(Some),
        }
    }

    /// Follows a chain of `$ref`s to the object it ends at. Non-objects are an error.
    pub fn object(
        &mut self,
        doc: DocId,
        pointer: &str,
        value: Json<'a>,
        what: &str,
    ) -> Result<Located<'a>, LoadError> {
        let (doc, pointer, value) = match self.docs.deref(doc, pointer, value) {
            Ok(found) => found,
            Err(e) => {
                // What an unresolvable reference stands for under `--allow-unresolved-refs`.
                self.tolerate(e)?;
                return Ok((doc, pointer.to_string(), Tree::empty_object()));
            }
        };
        match value.as_object() {
            Some(map) => Ok((doc, pointer, map)),
            None => Err(self.invalid(doc, &pointer, format!("{what} must be a mapping"))),
        }
    }

    pub fn invalid(&self, doc: DocId, pointer: &str, message: impl Into<String>) -> LoadError {
        self.docs
            .error_at(LoadErrorKind::Invalid, doc, pointer, message)
    }
}

impl<'a> Node<'_, 'a> {
    pub fn origin(&self) -> Origin {
        Origin::new(self.doc, self.pointer)
    }

    pub fn child_pointer(&self, key: &str) -> String {
        pointer_push(self.pointer, key)
    }

    pub fn get(&self, key: &str) -> Option<Json<'a>> {
        self.map.get(key)
    }

    pub fn str(&self, key: &str) -> Option<String> {
        self.map.get(key).and_then(scalar_string)
    }

    pub fn bool(&self, key: &str) -> bool {
        self.map.get(key).is_some_and(lenient_bool)
    }

    pub fn opt_bool(&self, key: &str) -> Option<bool> {
        self.map.get(key).map(lenient_bool)
    }

    /// A list of strings (`tags`), as a set.
    pub fn string_set(&self, key: &str) -> std::collections::BTreeSet<String> {
        self.map
            .get(key)
            .and_then(Json::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|t| t.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn extensions(&self) -> Extensions {
        extensions(self.map)
    }
}

/// A count (`minLength: 3`): a whole non-negative number, or a string holding one.
pub(crate) fn lenient_u64(v: Json<'_>) -> Option<u64> {
    match v.view() {
        View::Number(n) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 0.0)
                .map(|f| f as u64)
        }),
        View::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A scalar as text: strings as they are, numbers and booleans spelled out.
pub(crate) fn scalar_string(v: Json<'_>) -> Option<String> {
    match v.view() {
        View::String(s) => Some(s.to_string()),
        View::Number(n) => Some(n.to_string()),
        View::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Booleans as old specs write them too: YAML 1.1 `yes`/`no`/`on`/`off` may arrive as
/// strings, depending on the parser.
pub(crate) fn lenient_bool(v: Json<'_>) -> bool {
    match v.view() {
        View::Bool(b) => b,
        View::String(s) => matches!(
            s.trim().to_ascii_lowercase().as_str(),
            "true" | "yes" | "y" | "on"
        ),
        _ => false,
    }
}

/// The `x-` members of an object.
pub(crate) fn extensions(map: Object<'_>) -> Extensions {
    members_where(map, |k| k.starts_with("x-"))
}

/// The members of `map` whose name `keep` accepts, kept verbatim.
pub(crate) fn members_where(map: Object<'_>, keep: impl Fn(&str) -> bool) -> Extensions {
    Extensions::from_texts(
        map.iter()
            .filter(|(k, _)| keep(k))
            .map(|(k, v)| (k.to_string(), json_text(&v))),
    )
}

/// `/pets/{petId}` -> `/pets/{}`: operations match with parameter names erased.
pub(crate) fn path_pattern(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            c if !in_param => out.push(c),
            _ => {}
        }
    }
    out
}

/// The names of a path template's parameters, in order.
pub(crate) fn path_param_names(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(name, _)| name))
        .collect()
}

/// Status codes compare case-insensitively (`2xx` is `2XX`); `default` stays lowercase.
pub(crate) fn status_key(code: &str) -> String {
    let trimmed = code.trim();
    if trimmed.eq_ignore_ascii_case("default") {
        "default".to_string()
    } else {
        trimmed.to_ascii_uppercase()
    }
}

/// Media types compare case-insensitively and without spaces around parameters.
pub(crate) fn media_key(media: &str) -> String {
    // Most are written that way already (`application/json`): one allocation, no splitting.
    let canonical = !media.contains(';')
        && media.trim() == media
        && !media.bytes().any(|b| b.is_ascii_uppercase());
    if canonical {
        return media.to_string();
    }
    media
        .split(';')
        .map(|p| p.trim().to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join(";")
}

/// The HTTP methods a path item may hold as fixed fields, in their usual order.
pub(crate) const METHODS: [&str; 9] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace", "query",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_patterns_erase_names() {
        assert_eq!(path_pattern("/pets/{petId}/toys/{id}"), "/pets/{}/toys/{}");
        assert_eq!(
            path_param_names("/pets/{petId}/toys/{id}"),
            vec!["petId", "id"]
        );
    }

    #[test]
    fn keys_are_canonical() {
        assert_eq!(status_key("2xx"), "2XX");
        assert_eq!(status_key("Default"), "default");
        assert_eq!(
            media_key("Application/JSON; charset=utf-8"),
            "application/json;charset=utf-8"
        );
        assert_eq!(media_key("application/json"), "application/json");
        assert_eq!(media_key(" text/plain "), "text/plain");
    }

    #[test]
    fn yaml_11_booleans() {
        for (text, expected) in [(r#""yes""#, true), (r#""off""#, false), ("true", true)] {
            let tree = Tree::from_json(text).unwrap();
            assert_eq!(lenient_bool(tree.root(text)), expected, "{text}");
        }
    }
}
