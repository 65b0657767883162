//! The deprecation ledger (`apidelta deprecations`, DESIGN §2.6): everything one description
//! deprecates or schedules for removal, with since and sunset dates, days left and what is
//! overdue as of a reference date; and [`LedgerHistory`], which follows the ledger over
//! successive versions (since which version, removed in which version, before or after its
//! sunset).
//!
//! Deprecation is read as the classifier reads it ([`crate::rules::lifecycle`]):
//! - `deprecated: true` on operations, parameters, response headers, component schemas and
//!   properties (of component schemas, and of inline request, response, parameter and header
//!   schemas);
//! - a documented `Deprecation` response header (RFC 9745) deprecates its operation
//!   ([`crate::rules::lifecycle::operation_deprecated`]);
//! - the sunset is `x-sunset` / `x-sunset-date` ([`crate::rules::lifecycle::sunset_of`]), for an operation also a
//!   documented `Sunset` response header (RFC 8594) ([`crate::rules::lifecycle::operation_sunset`]).
//!
//! An element that declares a sunset without `deprecated: true` is listed too: a sunset
//! announces a removal, and a ledger that left it out would hide the one date that matters.
//! Each entry says what put it in the ledger ([`Entry::marked_by`]).
//!
//! The deprecation date (`since`) comes from an `x-deprecated-since`, `x-deprecated-at`,
//! `x-deprecation-date` or `x-deprecated-date` extension, and for an operation from the date
//! its `Deprecation` header documents (`@1688169599` as RFC 9745 writes it, or an ISO or HTTP
//! date). Vendor extensions naming a *version* (Adyen's `x-deprecatedInVersion`) are not
//! dates and are not read.
//!
//! Deprecated enum values have no standard spelling and no place in the model; they are not
//! listed.

use crate::model::{Api, Extensions, OpKey, OpScope, Origin, ParamKey};
use crate::rules::lifecycle::Date;
use serde_json::Value;

mod collect;
mod history;

pub use collect::{collect, exists};
pub use history::LedgerHistory;

/// What kind of element an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Operation,
    Parameter,
    Header,
    Schema,
    Property,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Operation => "operation",
            Kind::Parameter => "parameter",
            Kind::Header => "header",
            Kind::Schema => "schema",
            Kind::Property => "property",
        }
    }
}

/// What put an element in the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Marker {
    /// `deprecated: true`.
    Deprecated,
    /// A documented `Deprecation` response header (RFC 9745).
    DeprecationHeader,
    /// `x-sunset` or `x-sunset-date`.
    SunsetExtension,
    /// A documented `Sunset` response header (RFC 8594).
    SunsetHeader,
}

impl Marker {
    pub fn as_str(self) -> &'static str {
        match self {
            Marker::Deprecated => "deprecated",
            Marker::DeprecationHeader => "deprecation-header",
            Marker::SunsetExtension => "x-sunset",
            Marker::SunsetHeader => "sunset-header",
        }
    }
}

/// One step of a field path inside a schema.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Step {
    /// A property (or a `patternProperties` pattern) by name.
    Property(String),
    /// `items`: shown as `[]`.
    Items,
    /// `prefixItems[i]`: shown as `[i]`.
    PrefixItem(usize),
    /// `additionalProperties`: shown as `{*}`.
    Additional,
}

/// A field path as people read it: `items[].sku`, `metadata{*}`.
pub fn field_path(steps: &[Step]) -> String {
    let mut out = String::new();
    for step in steps {
        match step {
            Step::Property(name) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(name);
            }
            Step::Items => out.push_str("[]"),
            Step::PrefixItem(i) => out.push_str(&format!("[{i}]")),
            Step::Additional => out.push_str("{*}"),
        }
    }
    out
}

/// Where an inline schema hangs off its operation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Place {
    RequestBody,
    /// A response by status code (`200`, `4XX`, `default`).
    Response(String),
    Parameter(ParamKey),
    /// A response header: status code and lowercased name.
    Header(String, String),
}

/// An element's identity across versions, independent of where it is written: operations by
/// method and path template with parameter names erased ([`OpKey`]; a callback operation by
/// the chain of keys from its top-level operation), parameters by location and name
/// ([`ParamKey`]), headers by status and lowercased name, schemas by component name, and
/// properties by component (or operation and place) and field path.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Identity {
    Operation(Vec<OpKey>),
    Parameter(Vec<OpKey>, ParamKey),
    Header(Vec<OpKey>, String, String),
    Schema(String),
    Property {
        component: String,
        path: Vec<Step>,
    },
    InlineProperty {
        operation: Vec<OpKey>,
        place: Place,
        path: Vec<Step>,
    },
}

/// An operation an entry affects.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OpRef {
    pub scope: OpScope,
    pub method: String,
    /// The path template as written (or the webhook name, or the callback expression).
    pub path: String,
    pub operation_id: Option<String>,
}

impl OpRef {
    /// `GET /pets`.
    pub fn label(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// One deprecated (or sunset) element of one description.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Human readable: `GET /pets`, ``query parameter `limit` of GET /pets``,
    /// ``property `Pet.name` ``, ``header `X-Rate-Limit` of GET /pets 200``, ``schema `Pet` ``.
    pub element: String,
    pub kind: Kind,
    pub identity: Identity,
    pub origin: Origin,
    /// What put the element in the ledger, in [`Marker`] order.
    pub marked_by: Vec<Marker>,
    /// When it was deprecated, when the description says.
    pub since: Option<Date>,
    /// When it goes away, when the description says so with a date.
    pub sunset: Option<Date>,
    /// A sunset that is not a date, as written.
    pub invalid_sunset: Option<String>,
    /// The operations that use the element, in document order: the operation itself for
    /// operations, parameters and headers; every operation that reaches the schema for
    /// schemas and properties.
    pub operations: Vec<OpRef>,
}

impl Entry {
    /// `sunset − as_of` in days; `None` without a sunset date.
    pub fn days_left(&self, as_of: Date) -> Option<i64> {
        self.sunset.map(|s| as_of.days_until(s))
    }

    /// The sunset is before the reference date.
    pub fn overdue(&self, as_of: Date) -> bool {
        self.sunset.is_some_and(|s| s < as_of)
    }
}

/// How a deprecated element was removed, judged against its last known sunset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Removal {
    BeforeSunset,
    AfterSunset,
    NoSunset,
}

impl Removal {
    pub fn as_str(self) -> &'static str {
        match self {
            Removal::BeforeSunset => "before-sunset",
            Removal::AfterSunset => "after-sunset",
            Removal::NoSunset => "no-sunset",
        }
    }

    /// Judges a removal on `removed` against `sunset`. A `Sunset` (RFC 8594) is the time from
    /// which the element may stop working, so a removal on the sunset day itself is planned:
    /// `after-sunset`; only a removal strictly before it is `before-sunset`.
    pub fn judge(sunset: Option<Date>, removed: Date) -> Removal {
        match sunset {
            None => Removal::NoSunset,
            Some(s) if removed < s => Removal::BeforeSunset,
            Some(_) => Removal::AfterSunset,
        }
    }
}

/// An entry as of a reference date, with its history when there is one.
#[derive(Debug, Clone)]
pub struct LedgerEntry {
    pub entry: Entry,
    /// `sunset − as_of`; `None` without a sunset.
    pub days_left: Option<i64>,
    /// The sunset is before the reference date (never for a removed element).
    pub overdue: bool,
    /// History only: the first version of the current deprecation.
    pub since_version: Option<String>,
    /// History only: the version in which the element is gone.
    pub removed_in: Option<String>,
    pub removal: Option<Removal>,
}

/// The ledger of one description (or of the newest of several), ordered: present entries
/// before removed ones; overdue first; then by sunset date (none last); then by element.
#[derive(Debug, Clone)]
pub struct Ledger {
    pub as_of: Date,
    pub entries: Vec<LedgerEntry>,
    /// The version labels a history was built from, oldest first; empty for one description.
    pub versions: Vec<String>,
}

/// An entry with its `since_version` and, for a removed element, `removed_in` and `removal`.
type Item = (Entry, Option<String>, Option<(String, Removal)>);

/// Counts for summaries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Present entries (removed ones are not counted here).
    pub deprecated: usize,
    pub overdue: usize,
    /// A sunset date on or after the reference date.
    pub sunset_ahead: usize,
    /// No sunset date (none, or one that is not a date).
    pub no_sunset: usize,
    pub removed: usize,
}

impl Ledger {
    /// The ledger of one description as of `as_of`.
    pub fn of(api: &Api, as_of: Date) -> Ledger {
        Ledger::build(
            as_of,
            collect(api).into_iter().map(|e| (e, None, None)).collect(),
            Vec::new(),
        )
    }

    fn build(as_of: Date, items: Vec<Item>, versions: Vec<String>) -> Ledger {
        let mut entries: Vec<LedgerEntry> = items
            .into_iter()
            .map(|(entry, since_version, removed)| {
                let (removed_in, removal) = match removed {
                    Some((label, r)) => (Some(label), Some(r)),
                    None => (None, None),
                };
                LedgerEntry {
                    days_left: entry.days_left(as_of),
                    overdue: removed_in.is_none() && entry.overdue(as_of),
                    entry,
                    since_version,
                    removed_in,
                    removal,
                }
            })
            .collect();
        entries.sort_by(|a, b| {
            let key = |e: &LedgerEntry| {
                (
                    e.removed_in.is_some(),
                    !e.overdue,
                    e.entry.sunset.is_none(),
                    e.entry.sunset,
                )
            };
            key(a)
                .cmp(&key(b))
                .then_with(|| a.entry.element.cmp(&b.entry.element))
                .then_with(|| a.entry.origin.pointer.cmp(&b.entry.origin.pointer))
                .then_with(|| a.removed_in.cmp(&b.removed_in))
        });
        Ledger {
            as_of,
            entries,
            versions,
        }
    }

    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for e in &self.entries {
            if e.removed_in.is_some() {
                c.removed += 1;
                continue;
            }
            c.deprecated += 1;
            if e.overdue {
                c.overdue += 1;
            } else if e.entry.sunset.is_some() {
                c.sunset_ahead += 1;
            } else {
                c.no_sunset += 1;
            }
        }
        c
    }

    /// Whether any present entry is overdue (`--fail-on-overdue`).
    pub fn any_overdue(&self) -> bool {
        self.entries.iter().any(|e| e.overdue)
    }

    /// Built from several versions.
    pub fn is_history(&self) -> bool {
        !self.versions.is_empty()
    }
}

/// The deprecation date an element's extensions declare.
pub fn since_of(extensions: &Extensions) -> Option<Date> {
    [
        "x-deprecated-since",
        "x-deprecated-at",
        "x-deprecation-date",
        "x-deprecated-date",
    ]
    .iter()
    .find_map(|k| extensions.get(k))
    .and_then(|v| Date::parse_value(&v))
}

/// A date as a `Deprecation` header carries it: RFC 9745 `@<unix seconds>`, or (earlier
/// drafts) an HTTP-date or ISO date.
pub fn parse_deprecation_date(v: &Value) -> Option<Date> {
    let secs = match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => match s.trim().strip_prefix('@') {
            Some(rest) => Some(rest.parse::<i64>().ok()?),
            None => None,
        },
        _ => None,
    };
    match secs {
        Some(secs) => Some(Date(secs.div_euclid(86_400))),
        None => Date::parse_value(v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(yaml: &str) -> Api {
        let input = crate::load::Input::Text {
            name: "spec.yaml".into(),
            text: yaml.to_string(),
        };
        let docs = crate::load::load(&input, &Default::default()).unwrap();
        crate::normalize::normalize(&docs).unwrap()
    }

    fn date(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /pets/{petId}:
    get:
      operationId: getPet
      deprecated: true
      x-sunset: "2026-03-01"
      x-deprecated-since: "2025-01-15"
      parameters:
        - {name: petId, in: path, required: true, schema: {type: string}}
        - name: fields
          in: query
          deprecated: true
          x-sunset: "2027-01-01"
          schema: {type: string}
      responses:
        "200":
          description: ok
          headers:
            X-Rate-Limit:
              deprecated: true
              schema: {type: integer}
          content:
            application/json:
              schema:
                type: object
                properties:
                  pet: {$ref: "#/components/schemas/Pet"}
                  legacy: {type: string, deprecated: true}
  /orders:
    get:
      responses:
        "200":
          description: ok
          headers:
            Deprecation:
              schema: {type: string, example: "@1735689600"}
            Sunset:
              schema: {type: string, example: "Wed, 30 Sep 2026 23:59:59 GMT"}
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Order"}
  /stores:
    get:
      x-sunset: soon
      responses:
        "200": {description: ok}
components:
  schemas:
    Order:
      type: object
      properties:
        items:
          type: array
          items: {$ref: "#/components/schemas/Pet"}
    Pet:
      type: object
      properties:
        name: {type: string, deprecated: true, x-sunset: "2026-12-31"}
        tags:
          type: array
          items:
            type: object
            properties:
              old: {type: string, deprecated: true}
    OldPet:
      deprecated: true
      type: object
"##;

    fn find<'a>(entries: &'a [Entry], element: &str) -> &'a Entry {
        entries
            .iter()
            .find(|e| e.element == element)
            .unwrap_or_else(|| {
                let all: Vec<&str> = entries.iter().map(|e| e.element.as_str()).collect();
                panic!("no entry `{element}` in {all:?}")
            })
    }

    #[test]
    fn collects_every_kind_with_dates_and_operations() {
        let entries = collect(&api(SPEC));
        let mut elements: Vec<&str> = entries.iter().map(|e| e.element.as_str()).collect();
        elements.sort();
        assert_eq!(
            elements,
            [
                "GET /orders",
                "GET /pets/{petId}",
                "GET /stores",
                "header `X-Rate-Limit` of GET /pets/{petId} 200",
                "property `Pet.name`",
                "property `Pet.tags[].old`",
                "property `legacy` of GET /pets/{petId} response 200",
                "query parameter `fields` of GET /pets/{petId}",
                "schema `OldPet`",
            ]
        );
        let op = find(&entries, "GET /pets/{petId}");
        assert_eq!(op.kind, Kind::Operation);
        assert_eq!(&*op.origin.pointer, "/paths/~1pets~1{petId}/get");
        assert_eq!(op.since, Some(date("2025-01-15")));
        assert_eq!(op.sunset, Some(date("2026-03-01")));
        assert_eq!(op.marked_by, [Marker::Deprecated, Marker::SunsetExtension]);

        // RFC 9745 `@seconds` and an RFC 8594 HTTP-date.
        let orders = find(&entries, "GET /orders");
        assert_eq!(orders.since, Some(date("2025-01-01")));
        assert_eq!(orders.sunset, Some(date("2026-09-30")));
        assert_eq!(
            orders.marked_by,
            [Marker::DeprecationHeader, Marker::SunsetHeader]
        );

        let stores = find(&entries, "GET /stores");
        assert_eq!(stores.sunset, None);
        assert_eq!(stores.invalid_sunset.as_deref(), Some("soon"));
        assert_eq!(stores.marked_by, [Marker::SunsetExtension]);

        let param = find(&entries, "query parameter `fields` of GET /pets/{petId}");
        assert_eq!(param.kind, Kind::Parameter);
        assert_eq!(param.sunset, Some(date("2027-01-01")));
        assert_eq!(param.operations.len(), 1);

        let header = find(&entries, "header `X-Rate-Limit` of GET /pets/{petId} 200");
        assert_eq!(header.kind, Kind::Header);
        assert_eq!(
            &*header.origin.pointer,
            "/paths/~1pets~1{petId}/get/responses/200/headers/X-Rate-Limit"
        );

        // Pet is reached directly by GET /pets/{petId} and through Order by GET /orders.
        let name = find(&entries, "property `Pet.name`");
        assert_eq!(name.kind, Kind::Property);
        assert_eq!(
            &*name.origin.pointer,
            "/components/schemas/Pet/properties/name"
        );
        let ops: Vec<String> = name.operations.iter().map(OpRef::label).collect();
        assert_eq!(ops, ["GET /pets/{petId}", "GET /orders"]);
        assert_eq!(
            find(&entries, "property `Pet.tags[].old`").identity,
            Identity::Property {
                component: "Pet".into(),
                path: vec![
                    Step::Property("tags".into()),
                    Step::Items,
                    Step::Property("old".into())
                ],
            }
        );
        // Used by nothing.
        let old = find(&entries, "schema `OldPet`");
        assert_eq!(old.kind, Kind::Schema);
        assert!(old.operations.is_empty());
        let legacy = find(
            &entries,
            "property `legacy` of GET /pets/{petId} response 200",
        );
        assert_eq!(legacy.operations.len(), 1);
    }

    #[test]
    fn ledger_orders_overdue_first_then_sunset_then_element() {
        let ledger = Ledger::of(&api(SPEC), date("2026-06-01"));
        let order: Vec<(&str, Option<i64>, bool)> = ledger
            .entries
            .iter()
            .map(|e| (e.entry.element.as_str(), e.days_left, e.overdue))
            .collect();
        assert_eq!(
            order,
            [
                ("GET /pets/{petId}", Some(-92), true),
                ("GET /orders", Some(121), false),
                ("property `Pet.name`", Some(213), false),
                (
                    "query parameter `fields` of GET /pets/{petId}",
                    Some(214),
                    false
                ),
                ("GET /stores", None, false),
                (
                    "header `X-Rate-Limit` of GET /pets/{petId} 200",
                    None,
                    false
                ),
                ("property `Pet.tags[].old`", None, false),
                (
                    "property `legacy` of GET /pets/{petId} response 200",
                    None,
                    false
                ),
                ("schema `OldPet`", None, false),
            ]
        );
        let c = ledger.counts();
        assert_eq!(
            (c.deprecated, c.overdue, c.sunset_ahead, c.no_sunset),
            (9, 1, 3, 5)
        );
        assert!(ledger.any_overdue());
        // On the sunset day itself: zero days left, not overdue.
        let on_the_day = Ledger::of(&api(SPEC), date("2026-03-01"));
        assert!(!on_the_day.any_overdue());
        assert_eq!(on_the_day.entries[0].days_left, Some(0));
    }

    #[test]
    fn deprecation_dates() {
        let v = |s: &str| Value::String(s.into());
        assert_eq!(
            parse_deprecation_date(&v("@1688169599")),
            Some(date("2023-06-30"))
        );
        assert_eq!(
            parse_deprecation_date(&v("Sun, 11 Nov 2018 23:59:59 GMT")),
            Some(date("2018-11-11"))
        );
        assert_eq!(parse_deprecation_date(&v("@x")), None);
        assert_eq!(parse_deprecation_date(&v("true")), None);
        let mut ext = Extensions::new();
        ext.insert("x-deprecated-at".into(), &v("2024-02-29"));
        assert_eq!(since_of(&ext), Some(date("2024-02-29")));
    }

    fn version(ops: &str, schemas: &str) -> Api {
        api(&format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n{ops}components:\n  schemas:\n{schemas}"
        ))
    }

    #[test]
    fn history_tracks_since_and_removals() {
        // v1: /a deprecated (sunset 2026-01-01), /b deprecated (sunset 2027-01-01), /c
        // deprecated without sunset, /d deprecated, Pet.name deprecated.
        let v1 = version(
            "  /a: {get: {deprecated: true, x-sunset: '2026-01-01', responses: {'200': {description: ok}}}}\n\
             \x20 /b: {get: {deprecated: true, x-sunset: '2027-01-01', responses: {'200': {description: ok}}}}\n\
             \x20 /c: {get: {deprecated: true, responses: {'200': {description: ok}}}}\n\
             \x20 /d: {get: {deprecated: true, responses: {'200': {description: ok}}}}\n",
            "    Pet: {type: object, properties: {name: {type: string, deprecated: true}}}\n",
        );
        // v2: /a gone; /b, /c still deprecated; /d un-deprecated; /e/{id} newly deprecated;
        // Pet.name still deprecated, Pet.tag newly.
        let v2 = version(
            "  /b: {get: {deprecated: true, x-sunset: '2027-01-01', responses: {'200': {description: ok}}}}\n\
             \x20 /c: {get: {deprecated: true, responses: {'200': {description: ok}}}}\n\
             \x20 /d: {get: {responses: {'200': {description: ok}}}}\n\
             \x20 /e/{id}: {get: {deprecated: true, x-sunset: '2026-08-01', parameters: [{name: id, in: path, required: true, schema: {type: string}}], responses: {'200': {description: ok}}}}\n",
            "    Pet: {type: object, properties: {name: {type: string, deprecated: true}, tag: {type: string, deprecated: true}}}\n",
        );
        // v3: /b gone before its sunset, /c gone without one, /d gone (was not deprecated),
        // /e/{petId} renamed path parameter (same identity), Pet.name gone.
        let v3 = version(
            "  /e/{petId}: {get: {deprecated: true, x-sunset: '2026-08-01', parameters: [{name: petId, in: path, required: true, schema: {type: string}}], responses: {'200': {description: ok}}}}\n",
            "    Pet: {type: object, properties: {tag: {type: string, deprecated: true}}}\n",
        );
        let mut h = LedgerHistory::new();
        h.push("v1", &v1);
        h.push_dated("v2", Some(date("2026-02-01")), &v2);
        h.push_dated("v3", Some(date("2026-06-01")), &v3);
        assert_eq!(h.versions(), ["v1", "v2", "v3"]);
        let ledger = h.finish(date("2026-07-01"));
        assert!(ledger.is_history());
        type Row<'a> = (
            &'a str,
            Option<&'a str>,
            Option<&'a str>,
            Option<&'a str>,
            bool,
        );
        let rows: Vec<Row> = ledger
            .entries
            .iter()
            .map(|e| {
                (
                    e.entry.element.as_str(),
                    e.since_version.as_deref(),
                    e.removed_in.as_deref(),
                    e.removal.map(Removal::as_str),
                    e.overdue,
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("GET /e/{petId}", Some("v2"), None, None, false),
                ("property `Pet.tag`", Some("v2"), None, None, false),
                // Removed in v2 (2026-02-01), after its 2026-01-01 sunset.
                (
                    "GET /a",
                    Some("v1"),
                    Some("v2"),
                    Some("after-sunset"),
                    false
                ),
                // Removed in v3 (2026-06-01), before its 2027-01-01 sunset.
                (
                    "GET /b",
                    Some("v1"),
                    Some("v3"),
                    Some("before-sunset"),
                    false
                ),
                ("GET /c", Some("v1"), Some("v3"), Some("no-sunset"), false),
                (
                    "property `Pet.name`",
                    Some("v1"),
                    Some("v3"),
                    Some("no-sunset"),
                    false
                ),
            ]
        );
        // The newest version's entry is the one reported (its path as v3 writes it).
        assert_eq!(ledger.entries[0].days_left, Some(31));
        assert_eq!(ledger.counts().removed, 4);
    }

    #[test]
    fn history_without_dates_judges_against_as_of_or_a_date_label() {
        let dep = |sunset: &str| {
            version(
                &format!(
                    "  /a: {{get: {{deprecated: true, x-sunset: '{sunset}', responses: {{'200': {{description: ok}}}}}}}}\n"
                ),
                "    Pet: {type: object}\n",
            )
        };
        let gone = version(
            "  /b: {get: {responses: {'200': {description: ok}}}}\n",
            "    Pet: {type: object}\n",
        );
        let judge = |labels: [&str; 2], as_of: &str| {
            let mut h = LedgerHistory::new();
            h.push(labels[0], &dep("2026-03-01"));
            h.push(labels[1], &gone);
            let l = h.finish(date(as_of));
            assert_eq!(l.entries.len(), 1);
            l.entries[0].removal.unwrap()
        };
        assert_eq!(judge(["v1", "v2"], "2026-01-01"), Removal::BeforeSunset);
        assert_eq!(judge(["v1", "v2"], "2026-03-01"), Removal::AfterSunset);
        // A date label wins over --as-of.
        assert_eq!(
            judge(["2025-06-01", "2026-04-01"], "2026-01-01"),
            Removal::AfterSunset
        );
    }

    #[test]
    fn an_element_that_comes_back_is_not_removed() {
        let with = version(
            "  /a: {get: {deprecated: true, responses: {'200': {description: ok}}}}\n",
            "    Pet: {type: object}\n",
        );
        let without = version(
            "  /b: {get: {responses: {'200': {description: ok}}}}\n",
            "    Pet: {type: object}\n",
        );
        let mut h = LedgerHistory::new();
        h.push("v1", &with);
        h.push("v2", &without);
        h.push("v3", &with);
        let l = h.finish(date("2026-01-01"));
        assert_eq!(l.entries.len(), 1);
        assert_eq!(l.entries[0].since_version.as_deref(), Some("v3"));
        assert_eq!(l.entries[0].removed_in, None);
    }

    #[test]
    fn swagger_2_parameters_are_listed_once() {
        let a = api(r##"
swagger: "2.0"
info: {title: T, version: "1"}
paths:
  /pets:
    get:
      parameters:
        - {name: limit, in: query, type: integer, deprecated: true, x-sunset: "2026-05-01"}
      responses:
        "200":
          description: ok
          schema: {$ref: "#/definitions/Pet"}
definitions:
  Pet:
    type: object
    properties:
      name: {type: string, deprecated: true}
"##);
        let entries = collect(&a);
        let elements: Vec<&str> = entries.iter().map(|e| e.element.as_str()).collect();
        assert_eq!(
            elements,
            [
                "query parameter `limit` of GET /pets",
                "property `Pet.name`"
            ]
        );
        assert_eq!(entries[0].sunset, Some(date("2026-05-01")));
        assert_eq!(
            &*entries[1].origin.pointer,
            "/definitions/Pet/properties/name"
        );
        assert_eq!(entries[1].operations.len(), 1);
    }

    #[test]
    fn cyclic_components_end() {
        let a = api(r##"
openapi: 3.1.0
info: {title: T, version: "1"}
paths:
  /n:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Node"}
components:
  schemas:
    Node:
      type: object
      properties:
        next: {$ref: "#/components/schemas/Node"}
        parent: {$ref: "#/components/schemas/Node", deprecated: true}
"##);
        let entries = collect(&a);
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].element, "property `Node.parent`");
        assert_eq!(entries[0].operations.len(), 1);
        assert!(exists(&a, &entries[0].identity));
    }
}
