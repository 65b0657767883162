//! The differ's state and the helpers every comparison uses to record a change.

use super::schema::SchemaPairs;
use super::{Change, ChangeKind, Diff, Direction, Group, Usage};
use crate::model::{Api, OpScope, Operation, Origin, SchemaId};
use foldhash::{HashMap, HashMapExt, HashSet};
use serde::Serialize;
use serde_json::Value;
use std::sync::Arc;

macro_rules! whats {
    ($($variant:ident => $name:literal,)*) => {
        /// What a change is about. The kebab-case name is part of the JSON contract.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum What { $($variant,)* }

        impl What {
            pub const ALL: &'static [What] = &[$(What::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(What::$variant => $name,)* }
            }
        }
    };
}

whats! {
    // Document level.
    Info => "info",
    Server => "server",
    ServerDescription => "server-description",
    ServerVariable => "server-variable",
    Security => "security",
    SecurityScheme => "security-scheme",
    SecuritySchemeField => "security-scheme-field",
    SecurityFlow => "security-flow",
    SecurityFlowUrl => "security-flow-url",
    SecurityScope => "security-scope",
    TagDefinition => "tag-definition",
    ComponentSchema => "component-schema",
    Extension => "extension",
    Keyword => "keyword",
    // Operations.
    Operation => "operation",
    OperationId => "operation-id",
    OperationDeprecated => "operation-deprecated",
    OperationSecurity => "operation-security",
    OperationServers => "operation-servers",
    Summary => "summary",
    Description => "description",
    Tag => "tag",
    Callback => "callback",
    Parameter => "parameter",
    ParameterRequired => "parameter-required",
    ParameterDeprecated => "parameter-deprecated",
    ParameterStyle => "parameter-style",
    ParameterExplode => "parameter-explode",
    ParameterAllowEmptyValue => "parameter-allow-empty-value",
    ParameterAllowReserved => "parameter-allow-reserved",
    ParameterDescription => "parameter-description",
    RequestBody => "request-body",
    RequestBodyRequired => "request-body-required",
    RequestBodyDescription => "request-body-description",
    MediaType => "media-type",
    Encoding => "encoding",
    Examples => "examples",
    Response => "response",
    ResponseDescription => "response-description",
    Header => "header",
    HeaderRequired => "header-required",
    HeaderDeprecated => "header-deprecated",
    HeaderDescription => "header-description",
    HeaderStyle => "header-style",
    Link => "link",
    // Schemas.
    Type => "type",
    Nullable => "nullable",
    Format => "format",
    Enum => "enum",
    EnumValue => "enum-value",
    Minimum => "minimum",
    Maximum => "maximum",
    ExclusiveMinimum => "exclusive-minimum",
    ExclusiveMaximum => "exclusive-maximum",
    MultipleOf => "multiple-of",
    MinLength => "min-length",
    MaxLength => "max-length",
    Pattern => "pattern",
    Items => "items",
    PrefixItems => "prefix-items",
    MinItems => "min-items",
    MaxItems => "max-items",
    UniqueItems => "unique-items",
    Property => "property",
    Required => "required",
    AdditionalProperties => "additional-properties",
    PatternProperty => "pattern-property",
    MinProperties => "min-properties",
    MaxProperties => "max-properties",
    AllOf => "all-of",
    OneOf => "one-of",
    AnyOf => "any-of",
    Not => "not",
    Discriminator => "discriminator",
    DiscriminatorMapping => "discriminator-mapping",
    ReadOnly => "read-only",
    WriteOnly => "write-only",
    Deprecated => "deprecated",
    Default => "default",
    Title => "title",
    SchemaDescription => "schema-description",
    SchemaExamples => "schema-examples",
}

impl What {
    /// The schema keyword a schema change is about, so its location can point at the keyword
    /// itself rather than at the schema holding it.
    pub fn schema_keyword(self) -> Option<&'static str> {
        Some(match self {
            What::Type => "type",
            What::Format => "format",
            What::Enum => "enum",
            What::Minimum => "minimum",
            What::Maximum => "maximum",
            What::ExclusiveMinimum => "exclusiveMinimum",
            What::ExclusiveMaximum => "exclusiveMaximum",
            What::MultipleOf => "multipleOf",
            What::MinLength => "minLength",
            What::MaxLength => "maxLength",
            What::Pattern => "pattern",
            What::MinItems => "minItems",
            What::MaxItems => "maxItems",
            What::UniqueItems => "uniqueItems",
            What::Required => "required",
            What::AdditionalProperties => "additionalProperties",
            What::MinProperties => "minProperties",
            What::MaxProperties => "maxProperties",
            What::Discriminator => "discriminator",
            What::ReadOnly => "readOnly",
            What::WriteOnly => "writeOnly",
            What::Deprecated => "deprecated",
            What::Default => "default",
            What::Title => "title",
            What::SchemaDescription => "description",
            _ => return None,
        })
    }
}

/// Where a change is being recorded: its group, the operation it is in (for non-schema
/// changes) and, for schema changes, the pair it was found on.
#[derive(Clone)]
pub(super) struct Site<'a> {
    pub group: Group,
    pub usage: Option<OpUse<'a>>,
    pub pair: Option<usize>,
}

/// A place inside an operation, borrowing the operation's strings from the model: a
/// [`Usage`] is made from it only for a change that lists it. (A big spec has tens of
/// thousands of places that use a schema, each kept until the usages are resolved; owned
/// copies of method, path and operation id for each cost more than the diff's result.)
#[derive(Clone)]
pub(super) struct OpUse<'a> {
    pub scope: OpScope,
    pub op: &'a Operation,
    pub direction: Direction,
    /// For example `response 200 application/json`.
    pub location: String,
}

impl OpUse<'_> {
    pub fn usage(&self, location: String, ids: &mut OperationIds) -> Usage {
        Usage {
            scope: self.scope,
            method: self.op.method.clone(),
            path: self.op.path.clone(),
            operation_id: self.op.operation_id.as_deref().map(|id| ids.get(id)),
            direction: self.direction,
            location,
        }
    }
}

/// The operation ids usages name, each allocated once.
#[derive(Default)]
pub(super) struct OperationIds(HashSet<Arc<str>>);

impl OperationIds {
    fn get(&mut self, id: &str) -> Arc<str> {
        if let Some(shared) = self.0.get(id) {
            return shared.clone();
        }
        let shared: Arc<str> = id.into();
        self.0.insert(shared.clone());
        shared
    }
}

pub(super) struct Differ<'a> {
    pub base: &'a Api,
    pub rev: &'a Api,
    pub changes: Vec<Change>,
    /// For each change, the schema pair whose usages it inherits (schema changes only).
    pub change_pairs: Vec<Option<usize>>,
    pub pairs: SchemaPairs<'a>,
    pub ids: OperationIds,
}

/// Values longer than this (as JSON text) are left out of a change: the pointers say where
/// to look, and reports stay small.
const MAX_VALUE_LEN: usize = 1_000;

pub(super) fn small<T: Serialize + ?Sized>(value: &T) -> Option<Value> {
    // A value far past the limit (a spec can change a 500 KB example or enum) is ruled out
    // by counting its JSON text, cut short, before it is copied. A string's text is at most
    // six bytes per byte (`\u0000`) plus quotes, so past that bound even a string is too long.
    let mut text = Measure {
        len: 0,
        limit: 6 * MAX_VALUE_LEN + 2,
    };
    if serde_json::to_writer(&mut text, value).is_err() && text.len > text.limit {
        return None;
    }
    let v = serde_json::to_value(value).ok()?;
    if v.is_null() {
        return None;
    }
    let len = match &v {
        Value::String(s) => s.len(),
        Value::Bool(_) | Value::Number(_) => 0,
        other => serde_json::to_string(other)
            .map(|s| s.len())
            .unwrap_or(usize::MAX),
    };
    (len <= MAX_VALUE_LEN).then_some(v)
}

/// A writer that only counts bytes, and fails once past `limit`.
struct Measure {
    len: usize,
    limit: usize,
}

impl std::io::Write for Measure {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.len += buf.len();
        if self.len > self.limit {
            return Err(std::io::Error::other("past the limit"));
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> Differ<'a> {
    pub fn new(base: &'a Api, rev: &'a Api) -> Self {
        Differ {
            base,
            rev,
            changes: Vec::new(),
            change_pairs: Vec::new(),
            pairs: SchemaPairs::default(),
            ids: OperationIds::default(),
        }
    }

    /// Records one change.
    #[allow(clippy::too_many_arguments)]
    pub fn record(
        &mut self,
        site: &Site,
        kind: ChangeKind,
        what: What,
        name: Option<String>,
        base: Option<&Origin>,
        rev: Option<&Origin>,
        base_value: Option<Value>,
        rev_value: Option<Value>,
    ) {
        let schemas = site.pair.map(|p| self.pairs.ids(p));
        self.changes.push(Change {
            kind,
            what,
            name,
            group: site.group.clone(),
            base: base.cloned(),
            revision: rev.cloned(),
            base_value,
            revision_value: rev_value,
            schemas,
            operations: site
                .usage
                .iter()
                .map(|u| u.usage(u.location.clone(), &mut self.ids))
                .collect(),
        });
        self.change_pairs.push(site.pair);
    }

    pub fn added<T: Serialize + ?Sized>(
        &mut self,
        site: &Site,
        what: What,
        name: Option<String>,
        rev: &Origin,
        value: &T,
    ) {
        self.record(
            site,
            ChangeKind::Added,
            what,
            name,
            None,
            Some(rev),
            None,
            small(value),
        );
    }

    pub fn removed<T: Serialize + ?Sized>(
        &mut self,
        site: &Site,
        what: What,
        name: Option<String>,
        base: &Origin,
        value: &T,
    ) {
        self.record(
            site,
            ChangeKind::Removed,
            what,
            name,
            Some(base),
            None,
            small(value),
            None,
        );
    }

    /// Records a modification when the values differ.
    #[allow(clippy::too_many_arguments)]
    pub fn compare<T: Serialize + PartialEq + ?Sized>(
        &mut self,
        site: &Site,
        what: What,
        name: Option<&str>,
        base: &Origin,
        rev: &Origin,
        bv: &T,
        rv: &T,
    ) {
        if bv != rv {
            self.record(
                site,
                ChangeKind::Modified,
                what,
                name.map(str::to_string),
                Some(base),
                Some(rev),
                small(bv),
                small(rv),
            );
        }
    }

    /// Records added, removed or modified for an optional value.
    #[allow(clippy::too_many_arguments)]
    pub fn compare_opt<T: Serialize + PartialEq>(
        &mut self,
        site: &Site,
        what: What,
        name: Option<&str>,
        base: &Origin,
        rev: &Origin,
        bv: &Option<T>,
        rv: &Option<T>,
    ) {
        let name = name.map(str::to_string);
        match (bv, rv) {
            (None, Some(r)) => self.record(
                site,
                ChangeKind::Added,
                what,
                name,
                Some(base),
                Some(rev),
                None,
                small(r),
            ),
            (Some(b), None) => self.record(
                site,
                ChangeKind::Removed,
                what,
                name,
                Some(base),
                Some(rev),
                small(b),
                None,
            ),
            (Some(b), Some(r)) if b != r => self.record(
                site,
                ChangeKind::Modified,
                what,
                name,
                Some(base),
                Some(rev),
                small(b),
                small(r),
            ),
            _ => {}
        }
    }

    /// `x-` extensions (or other verbatim members) compared by name.
    pub fn compare_map(
        &mut self,
        site: &Site,
        what: What,
        base_origin: &Origin,
        rev_origin: &Origin,
        base: &crate::model::Extensions,
        rev: &crate::model::Extensions,
    ) {
        // Values are kept as text: equal texts are equal values, and only the others are
        // parsed (an object's member order alone is no change).
        use crate::model::Extensions;
        for (k, bt) in base.texts() {
            match rev.text(k) {
                None => {
                    let bv = Extensions::parse(bt);
                    self.removed(site, what, Some(k.clone()), &base_origin.child(k), &bv);
                }
                Some(rt) if rt == bt => {}
                Some(rt) => self.compare(
                    site,
                    what,
                    Some(k),
                    &base_origin.child(k),
                    &rev_origin.child(k),
                    &Extensions::parse(bt),
                    &Extensions::parse(rt),
                ),
            }
        }
        for (k, rt) in rev.texts() {
            if !base.contains_key(k) {
                let rv = Extensions::parse(rt);
                self.added(site, what, Some(k.clone()), &rev_origin.child(k), &rv);
            }
        }
    }

    /// Resolves the usages of schema changes and merges changes found more than once (a
    /// node reached through several pairs), keeping the first position.
    ///
    /// One pass, one change at a time: a change's usages are built just before it is kept or
    /// merged, so no other copy of them (a per-pair cache, a duplicate waiting to be merged)
    /// is alive beside the result. Rebuilding a pair's usages for each of its changes costs
    /// about what cloning them from a cache did.
    pub fn finish(self) -> Diff {
        let mut seen: HashMap<ChangeIdentity, usize> = HashMap::new();
        // For changes that absorb others: the usages they list, so each merge is a set
        // lookup rather than a scan (a change on a shared schema lists thousands).
        let mut listed: HashMap<usize, HashSet<Usage>> = HashMap::new();
        let mut out: Vec<Change> = Vec::with_capacity(self.changes.len());
        let (mut pairs, mut ids) = (self.pairs, self.ids);
        pairs.index();
        for (mut change, pair) in self.changes.into_iter().zip(self.change_pairs) {
            if let (Some(_), Some(keyword)) = (pair, change.what.schema_keyword()) {
                // Point at the keyword on each side that has it. Done here, for changes
                // only, so comparing equal schemas allocates nothing.
                if change.base_value.is_some() {
                    change.base = change.base.as_ref().map(|o| o.child(keyword));
                }
                if change.revision_value.is_some() {
                    change.revision = change.revision.as_ref().map(|o| o.child(keyword));
                }
            }
            if let Some(p) = pair {
                let member = match change.what {
                    super::What::Property | super::What::Required => change.name.as_deref(),
                    _ => None,
                };
                change.operations = pairs.usages(p, &mut ids);
                if let Some(member) = member {
                    for u in &mut change.operations {
                        u.location = join_location(&u.location, member);
                    }
                }
                if let (Group::Document, Some(first)) = (&change.group, change.operations.first()) {
                    change.group = Group::Operation(crate::model::OpKey {
                        scope: first.scope,
                        pattern: crate::normalize::path_pattern(&first.path),
                        method: first.method.clone(),
                    });
                }
            }
            let id = ChangeIdentity::of(&change);
            match seen.get(&id) {
                Some(&i) => {
                    let merged = &mut out[i].operations;
                    let listed = listed
                        .entry(i)
                        .or_insert_with(|| merged.iter().cloned().collect());
                    for u in change.operations {
                        if !listed.contains(&u) {
                            listed.insert(u.clone());
                            merged.push(u);
                        }
                    }
                }
                None => {
                    seen.insert(id, out.len());
                    out.push(change);
                }
            }
        }
        for change in &mut out {
            change.operations.sort();
            // Lists grown by pushing keep up to twice their length; the result is kept.
            change.operations.shrink_to_fit();
        }
        Diff { changes: out }
    }
}

/// Appends a property name to a location path: `response 200 application/json: pet` and
/// `name` give `response 200 application/json: pet.name`. `concat` sizes the string exactly
/// (`format!` may leave slack, kept for every usage of the result).
fn join_location(location: &str, member: &str) -> String {
    if location.contains(": ") {
        [location, ".", member].concat()
    } else {
        [location, ": ", member].concat()
    }
}

#[derive(PartialEq, Eq, Hash)]
struct ChangeIdentity {
    kind: ChangeKind,
    what: What,
    name: Option<String>,
    base: Option<Origin>,
    rev: Option<Origin>,
}

impl ChangeIdentity {
    fn of(c: &Change) -> Self {
        ChangeIdentity {
            kind: c.kind,
            what: c.what,
            name: c.name.clone(),
            base: c.base.clone(),
            rev: c.revision.clone(),
        }
    }
}

/// The pair ids recorded with schema changes.
impl SchemaPairs<'_> {
    pub fn ids(&self, pair: usize) -> (SchemaId, SchemaId) {
        self.pairs[pair]
    }
}

#[cfg(test)]
mod tests {
    use super::{MAX_VALUE_LEN, small};
    use serde_json::{Value, json};

    #[test]
    fn small_keeps_values_up_to_the_limit_and_drops_longer_ones() {
        let n = MAX_VALUE_LEN;
        // A string counts its characters, not its escaped text.
        let quotes = "\"".repeat(n);
        assert_eq!(small(&quotes), Some(Value::String(quotes.clone())));
        assert_eq!(small(&"x".repeat(n + 1)), None);
        assert_eq!(small(&"x".repeat(100 * n)), None);
        // Anything else counts its JSON text.
        let list = vec!["ab"; (n - 1) / 5];
        assert!(serde_json::to_string(&list).unwrap().len() <= n);
        assert_eq!(small(&list), Some(json!(list)));
        assert_eq!(small(&vec!["ab"; n]), None);
        assert_eq!(small(&vec!["ab"; 100 * n]), None);
        assert_eq!(small(&u64::MAX), Some(json!(u64::MAX)));
        assert_eq!(small(&true), Some(json!(true)));
        assert_eq!(small(&Value::Null), None);
    }
}
