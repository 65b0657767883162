//! Text to `serde_json::Value`: JSON and YAML, told apart by content, with safety limits.

use super::error::{LoadError, LoadErrorKind};
use super::Limits;
use serde_json::Value;

/// The syntax a document was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Json,
    Yaml,
}

/// JSON starts with `{` or `[` after optional whitespace (and a BOM); everything else is YAML.
pub fn detect_syntax(text: &str) -> Syntax {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        Syntax::Json
    } else {
        Syntax::Yaml
    }
}

/// Parses `text` (named `file` in errors) into a JSON value.
pub fn parse_text(text: &str, file: &str, limits: &Limits) -> Result<(Value, Syntax), LoadError> {
    if text.len() > limits.max_file_bytes {
        return Err(LoadError::new(
            LoadErrorKind::Limit,
            file,
            format!(
                "the file is {} bytes, over the limit of {} bytes (max-file-size)",
                text.len(),
                limits.max_file_bytes
            ),
        )
        .with_help("raise it with --max-file-size BYTES"));
    }
    match detect_syntax(text) {
        Syntax::Json => parse_json(text, file, limits).map(|v| (v, Syntax::Json)),
        Syntax::Yaml => parse_yaml(text, file, limits).map(|v| (v, Syntax::Yaml)),
    }
}

fn parse_json(text: &str, file: &str, limits: &Limits) -> Result<Value, LoadError> {
    check_json_depth(text, file, limits.max_depth)?;
    let body = text.trim_start_matches('\u{feff}');
    let mut de = serde_json::Deserializer::from_str(body);
    // Depth is already bounded by check_json_depth; serde_json's own fixed limit (128)
    // would otherwise cap what --max-depth may allow.
    de.disable_recursion_limit();
    let value = serde::de::DeserializeSeed::deserialize(StrictValue, &mut de)
        .and_then(|v: Value| de.end().map(|_| v))
        .map_err(|e| {
            LoadError::new(LoadErrorKind::Syntax, file, format!("invalid JSON: {}", strip_position(&e.to_string())))
                .at(Some(text), e.line(), e.column())
        })?;
    Ok(value)
}

/// serde_json appends " at line L column C"; the position is shown separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Finds the nesting depth of a JSON text in one byte scan, without recursion, so a
/// 100,000-deep document is refused before any recursive parser sees it.
fn check_json_depth(text: &str, file: &str, max_depth: usize) -> Result<(), LoadError> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > max_depth {
                    let (line, col) = line_col(text, i);
                    return Err(depth_error(file, max_depth).at(Some(text), line, col));
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

fn depth_error(file: &str, max_depth: usize) -> LoadError {
    LoadError::new(
        LoadErrorKind::Limit,
        file,
        format!("the document nests deeper than {max_depth} levels (max-depth)"),
    )
    .with_help("raise it with --max-depth N")
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    (line, before[line_start..].chars().count() + 1)
}

/// Builds a `Value` like serde_json does, but refuses duplicate keys: serde_json keeps the
/// last one silently, and a spec with duplicates is ambiguous.
struct StrictValue;

impl<'de> serde::de::DeserializeSeed<'de> for StrictValue {
    type Value = Value;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for StrictValue {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element_seed(StrictValue)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(StrictValue)?;
            if object.contains_key(&key) {
                return Err(serde::de::Error::custom(format_args!(
                    "duplicate key `{key}` in the same object"
                )));
            }
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

fn parse_yaml(text: &str, file: &str, limits: &Limits) -> Result<Value, LoadError> {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = limits.max_depth;
    budget.max_aliases = limits.max_aliases;
    budget.max_anchors = limits.max_aliases.max(50_000);
    // Real specs are large: the event and node caps follow the file size limit instead.
    budget.max_events = usize::MAX;
    budget.max_nodes = usize::MAX;
    budget.max_total_scalar_bytes = limits.max_file_bytes.saturating_mul(4);
    budget.max_recorded_anchor_events = limits.max_alias_events;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    options.alias_limits.max_total_replayed_events = limits.max_alias_events;
    options.emit_comments = false;
    serde_saphyr::from_str_with_options::<Value>(text, options).map_err(|e| yaml_error(&e, text, file))
}

fn yaml_error(e: &serde_saphyr::Error, text: &str, file: &str) -> LoadError {
    let raw = e.without_snippet().to_string();
    let message = raw.lines().next().unwrap_or("").to_string();
    let lower = message.to_lowercase();
    let (kind, help) = if lower.contains("budget") || lower.contains("depth") || lower.contains("alias") {
        (
            LoadErrorKind::Limit,
            Some("raise it with --max-depth N or --max-aliases N"),
        )
    } else {
        (LoadErrorKind::Syntax, None)
    };
    let mut err = LoadError::new(kind, file, format!("invalid YAML: {message}"));
    if let Some(loc) = e.location() {
        if loc.line() > 0 {
            err = err.at(Some(text), loc.line() as usize, loc.column() as usize);
        }
    }
    if let Some(h) = help {
        err = err.with_help(h);
    }
    err
}
