//! Text to a [`Tree`]: JSON and YAML, told apart by content, with safety limits.

use super::error::{LoadError, LoadErrorKind};
use super::position::PositionIndex;
use super::tree::{Builder, DUPLICATE_KEY, Duplicates, Json, Tree, View};
use super::{Limits, MAX_DEPTH_CEILING};

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

/// Parses `text` (named `file` in errors) into a tree.
///
/// Text that looks like JSON but is not valid JSON is tried as YAML (of which JSON is
/// nearly a subset), unless the file is named `*.json`: a flow-style YAML file
/// (`{openapi: 3.0.0, ...}`) loads, while a typo in a JSON file (`tru`) is an error rather
/// than a YAML string. When YAML fails too, the JSON error is reported.
///
/// Parsing runs on a thread whose stack fits the depth limit (see [`on_parse_stack`]): no
/// stack overflow whatever thread calls this.
pub fn parse_text(text: &str, file: &str, limits: &Limits) -> Result<(Tree, Syntax), LoadError> {
    on_parse_stack(limits, file, || parse_in_place(text, file, limits))
}

/// Runs `work` on a thread whose stack fits the parsers at `limits`' depth.
///
/// The parsers recurse once per nesting level, with frames of up to ~20 KiB (serde-saphyr
/// in an unoptimized build), so a document at the depth limit needs more stack than a test
/// thread (2 MiB) or even a main thread (8 MiB) may have. `load` runs whole on one such
/// thread rather than spawning one per file. Should the thread not start, `work` runs here.
pub(super) fn on_parse_stack<T: Send>(
    limits: &Limits,
    file: &str,
    work: impl FnOnce() -> Result<T, LoadError> + Send,
) -> Result<T, LoadError> {
    let stack_size = PARSE_STACK_BASE + limits.effective_max_depth() * PARSE_STACK_PER_LEVEL;
    let mut work = Some(work);
    let outcome = std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("apidelta-load".into())
            .stack_size(stack_size)
            .spawn_scoped(scope, || (work.take().expect("taken once"))());
        spawned.ok().map(|handle| handle.join())
    });
    match outcome {
        Some(Ok(result)) => result,
        Some(Err(_)) => Err(LoadError::new(
            LoadErrorKind::Syntax,
            file,
            "internal error: loading failed on this file (please report it)",
        )),
        None => (work.take().expect("not started"))(),
    }
}

const PARSE_STACK_BASE: usize = 4 << 20;
const PARSE_STACK_PER_LEVEL: usize = 32 << 10;

/// [`parse_text`] on the current thread, for callers already on a parse stack.
pub(super) fn parse_in_place(
    text: &str,
    file: &str,
    limits: &Limits,
) -> Result<(Tree, Syntax), LoadError> {
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
    if is_blank(text) {
        return Err(LoadError::new(
            LoadErrorKind::Syntax,
            file,
            "the file is empty: expected a YAML or JSON document",
        ));
    }
    match detect_syntax(text) {
        Syntax::Json => match parse_json(text, file, limits) {
            Ok(value) => Ok((value, Syntax::Json)),
            Err(JsonFailure::Final(e)) => Err(e),
            Err(JsonFailure::Syntax(e)) if is_json_name(file) => Err(e),
            Err(JsonFailure::Syntax(e)) => match parse_yaml(text, file, limits) {
                Ok(value) => Ok((value, Syntax::Yaml)),
                Err(_) => Err(e),
            },
        },
        Syntax::Yaml => parse_yaml(text, file, limits).map(|v| (v, Syntax::Yaml)),
    }
}

fn is_json_name(file: &str) -> bool {
    file.rsplit('.')
        .next()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("json"))
}

/// Only whitespace and comments.
fn is_blank(text: &str) -> bool {
    text.trim_start_matches('\u{feff}').lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#')
    })
}

enum JsonFailure {
    /// Not JSON; YAML may still read it.
    Syntax(LoadError),
    /// A limit or a duplicate key: YAML would refuse it as well.
    Final(LoadError),
}

fn parse_json(text: &str, file: &str, limits: &Limits) -> Result<Tree, JsonFailure> {
    let max_depth = limits.effective_max_depth();
    let body = text.trim_start_matches('\u{feff}');
    let mut de = serde_json::Deserializer::from_str(body);
    // Depth is bounded by the tree builder; serde_json's own fixed limit (128) would
    // otherwise cap what --max-depth may allow.
    de.disable_recursion_limit();
    // Duplicate keys are refused: serde_json would keep the last one silently, and a spec
    // with duplicates is ambiguous.
    let result = Builder::new(text, Duplicates::Refuse)
        .read(&mut de, max_depth)
        .and_then(|tree| de.end().map(|_| tree));
    result.map_err(|e| {
        // A depth error wins over any other, wherever it is: the byte scan that finds it
        // runs only on failure (the builder refused or something else did), so a valid
        // document is read once.
        if let Err(depth) = check_json_depth(text, file, max_depth) {
            return JsonFailure::Final(depth);
        }
        let message = strip_position(&e.to_string());
        // serde_json counts columns in bytes and points just past the offending character.
        let offset = byte_offset(body, e.line(), e.column()).unwrap_or(body.len());
        let offset = offset + (text.len() - body.len());
        if let Some(key) = message
            .strip_prefix(DUPLICATE_KEY)
            .and_then(|m| m.strip_suffix('`'))
        {
            let offset = duplicate_key_offset(text, key, offset).unwrap_or(offset);
            let (line, col) = line_col(text, offset);
            return JsonFailure::Final(
                LoadError::new(
                    LoadErrorKind::Syntax,
                    file,
                    format!("invalid JSON: duplicate key `{key}` in the same object"),
                )
                .at(Some(text), line, col)
                .with_help("a key may appear once per object: remove or rename one of them"),
            );
        }
        let (line, col) = line_col(text, offset);
        JsonFailure::Syntax(
            LoadError::new(
                LoadErrorKind::Syntax,
                file,
                format!("invalid JSON: {message}"),
            )
            .at(Some(text), line, col),
        )
    })
}

/// The byte offset of serde_json's (line, byte column) position: the last byte it read.
fn byte_offset(text: &str, line: usize, column: usize) -> Option<usize> {
    let mut start = 0;
    for _ in 1..line {
        start += text.get(start..)?.find('\n')? + 1;
    }
    Some((start + column.saturating_sub(1)).min(text.len()))
}

/// Where the second `key` of an object is, for a duplicate serde_json reported at
/// `error_offset` (just after that member's value).
fn duplicate_key_offset(text: &str, key: &str, error_offset: usize) -> Option<usize> {
    PositionIndex::full(text, Syntax::Json).duplicate_key_before(text, key, error_offset)
}

/// serde_json appends " at line L column C"; the position is shown separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Finds where a JSON text first nests deeper than `max_depth`, in one byte scan without
/// recursion, whether or not the text is valid JSON: the depth error is reported there, before
/// any other (the parser itself stops at the limit).
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
    let help = if max_depth >= MAX_DEPTH_CEILING {
        format!("{MAX_DEPTH_CEILING} levels is the most apidelta reads")
    } else {
        "raise it with --max-depth N".to_string()
    };
    LoadError::new(
        LoadErrorKind::Limit,
        file,
        format!("the document nests deeper than {max_depth} levels (max-depth)"),
    )
    .with_help(help)
}

/// 1-based line and column (in characters) of a byte offset. A byte-order mark at the
/// start of the text is not counted, and an offset inside a character counts as that
/// character.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let mut line_text = &before[line_start..];
    if line == 1 {
        line_text = line_text.strip_prefix('\u{feff}').unwrap_or(line_text);
    }
    (line, line_text.chars().count() + 1)
}

fn parse_yaml(text: &str, file: &str, limits: &Limits) -> Result<Tree, LoadError> {
    let max_depth = limits.effective_max_depth();
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = max_depth;
    // Flow collections (`[[[[`) have their own parser limit; one past the depth limit lets
    // the depth budget report it.
    budget.flow_nesting_limit = max_depth.saturating_add(1);
    budget.max_aliases = limits.max_aliases;
    budget.max_anchors = limits.max_aliases.max(50_000);
    budget.max_merge_keys = limits.max_aliases;
    // The ratio heuristic refuses one anchor used 100 times, which real specs do; the
    // expansion budget below is what stops alias bombs.
    budget.enforce_alias_anchor_ratio = false;
    // Real specs are large: the event and node caps follow the file size limit instead.
    budget.max_events = usize::MAX;
    budget.max_nodes = usize::MAX;
    budget.max_total_scalar_bytes = limits.max_file_bytes.saturating_mul(4);
    budget.max_recorded_anchor_events = limits.max_alias_events;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    options.alias_limits.max_total_replayed_events = limits.max_alias_events;
    options.alias_limits.max_replay_stack_depth = max_depth;
    // `~:` and `null:` keys are the strings "~" and "null" rather than an error.
    options.null_as_string = true;
    options.emit_comments = false;
    options.with_snippet = false;
    // YAML 1.2 booleans only; see `yaml11_booleans` for the 1.1 spellings.
    options.strict_booleans = true;
    // The tree owns its strings (it is given no text to borrow from): a YAML text is mostly
    // indentation and line breaks, so copying the scalars out costs a fraction of keeping
    // the text while the model is built (see `DocumentSet::release_texts`).
    let mut tree = serde_saphyr::with_deserializer_from_str_with_options(text, options, |de| {
        Builder::new("", Duplicates::Replace).read(de, max_depth)
    })
    .map_err(|e| yaml_error(&e, text, file, limits))?;
    yaml11_booleans(&mut tree);
    Ok(tree)
}

/// OpenAPI keywords whose value is a boolean (or, for the last ones, a boolean or a schema).
const BOOLEAN_KEYWORDS: &[&str] = &[
    "required",
    "deprecated",
    "nullable",
    "x-nullable",
    "readOnly",
    "writeOnly",
    "uniqueItems",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "allowEmptyValue",
    "explode",
    "allowReserved",
    "attribute",
    "wrapped",
    "additionalProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
];

/// Values under these keys are data, not description: left as written.
const DATA_KEYWORDS: &[&str] = &["example", "examples", "default", "enum", "const"];

/// YAML 1.1 booleans.
///
/// YAML is read with YAML 1.2 rules, where `yes`, `no`, `on`, `off`, `y` and `n` are
/// strings, so `enum: [NO, SE]` (country codes) and `enum: [Y, N]` stay strings (the
/// "Norway problem" of YAML 1.1). Specs written for YAML 1.1 tools do use those spellings
/// as booleans, though, so where OpenAPI wants a boolean they are read as one, as go-yaml
/// does for typed fields: the value of a boolean keyword (`required: yes`,
/// `deprecated: on`), and the `default`, `example`, `const`, `enum` and `examples` values of a
/// `type: boolean` schema.
fn yaml11_booleans(tree: &mut Tree) {
    // Node ids to rewrite once the walk (which borrows the tree) is done.
    let mut booleans: Vec<(u32, bool)> = Vec::new();
    let mut stack = vec![tree.root("")];
    while let Some(value) = stack.pop() {
        match value.view() {
            View::Object(map) => {
                let boolean_schema = match map.get("type").map(Json::view) {
                    Some(View::String(t)) => t == "boolean",
                    Some(View::Array(types)) => {
                        let has = |name| types.iter().any(|t| t.as_str() == Some(name));
                        has("boolean") && !has("string")
                    }
                    _ => false,
                };
                for (key, child) in map.iter() {
                    match child.view() {
                        View::String(s) => {
                            let wanted = BOOLEAN_KEYWORDS.contains(&key)
                                || (boolean_schema
                                    && matches!(key, "default" | "example" | "const"));
                            if let Some(b) = wanted.then(|| yaml11_bool(s)).flatten() {
                                booleans.push((child.id(), b));
                            }
                        }
                        View::Array(items)
                            if boolean_schema && matches!(key, "enum" | "examples") =>
                        {
                            for item in items.iter() {
                                if let Some(b) = item.as_str().and_then(yaml11_bool) {
                                    booleans.push((item.id(), b));
                                }
                            }
                        }
                        View::Object(_) | View::Array(_)
                            if !DATA_KEYWORDS.contains(&key) && !key.starts_with("x-") =>
                        {
                            stack.push(child);
                        }
                        _ => {}
                    }
                }
            }
            View::Array(items) => {
                stack.extend(items.iter().filter(|i| i.is_object() || i.is_array()))
            }
            _ => {}
        }
    }
    for (id, b) in booleans {
        tree.set_bool(id, b);
    }
}

/// A YAML 1.1 boolean spelling (any letter case), as serde-saphyr and go-yaml accept them.
fn yaml11_bool(s: &str) -> Option<bool> {
    const TRUE: [&str; 4] = ["true", "yes", "y", "on"];
    const FALSE: [&str; 4] = ["false", "no", "n", "off"];
    if TRUE.iter().any(|t| s.eq_ignore_ascii_case(t)) {
        Some(true)
    } else if FALSE.iter().any(|f| s.eq_ignore_ascii_case(f)) {
        Some(false)
    } else {
        None
    }
}

/// A serde-saphyr error as a load error: safety limits become `Limit` errors that name the
/// limit and its flag, the rest `Syntax` errors.
fn yaml_error(e: &serde_saphyr::Error, text: &str, file: &str, limits: &Limits) -> LoadError {
    use serde_saphyr::Error as E;
    let position = e.location().filter(|l| l.line() > 0);
    let mut inner = e;
    while let E::WithSnippet { error, .. } | E::AliasError { error, .. } = inner {
        inner = error;
    }
    let max_depth = limits.effective_max_depth();
    let alias_bomb = || {
        limit(
            format!(
                "YAML aliases expand to more than {} nodes (max-alias-events); this looks like an alias bomb",
                limits.max_alias_events
            ),
            "raise it with --max-alias-events N (the number of aliases is limited by --max-aliases N)",
        )
    };
    let aliases = |what: &str| {
        limit(
            format!(
                "the document has more than {} {what} (max-aliases)",
                limits.max_aliases
            ),
            "raise it with --max-aliases N",
        )
    };
    let mut err = match inner {
        E::Budget { breach, .. } => {
            use serde_saphyr::budget::BudgetBreach as B;
            match breach {
                B::Depth { .. } => depth_error(file, max_depth),
                B::Aliases { .. } => aliases("aliases"),
                B::Anchors { .. } => aliases("anchors"),
                B::MergeKeys { .. } => aliases("merge keys"),
                B::RecordedAnchorEvents { .. } | B::RecordedAnchorBytes { .. } => alias_bomb(),
                B::ScalarBytes { .. } => limit(
                    "the document's text values add up to more than four times the file size limit (max-file-size)".into(),
                    "raise it with --max-file-size BYTES",
                ),
                other => limit(format!("a YAML safety limit was exceeded: {other:?}"), "raise the limits with --max-aliases N or --max-depth N"),
            }
        }
        E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayCounterOverflow { .. } => alias_bomb(),
        E::AliasReplayStackDepthExceeded { .. } => depth_error(file, max_depth),
        E::ExternalMessage { source, .. } if is_nesting_error(source) => {
            depth_error(file, max_depth)
        }
        E::DuplicateMappingKey { key, .. } => {
            let key = key.as_deref().map_or(String::new(), |k| format!(" `{k}`"));
            LoadError::new(
                LoadErrorKind::Syntax,
                file,
                format!("invalid YAML: duplicate key{key} in the same mapping"),
            )
            .with_help("a key may appear once per mapping: remove or rename one of them")
        }
        E::UnknownAnchor { .. } => LoadError::new(
            LoadErrorKind::Syntax,
            file,
            "invalid YAML: an alias names an anchor that is not defined before it",
        ),
        E::MultipleDocuments { .. } => LoadError::new(
            LoadErrorKind::Syntax,
            file,
            "the file has more than one YAML document (`---`); a spec is one document",
        ),
        other => {
            let message = other.to_string();
            let message = message.lines().next().unwrap_or("");
            LoadError::new(
                LoadErrorKind::Syntax,
                file,
                format!("invalid YAML: {}", strip_position(message)),
            )
        }
    };
    err.file = file.to_string();
    if let Some(loc) = position {
        let help = err.help.take();
        err = err.at(
            Some(text),
            loc.line() as usize,
            loc.column().max(1) as usize,
        );
        err.help = help;
    }
    err
}

fn limit(message: String, help: &str) -> LoadError {
    LoadError::new(LoadErrorKind::Limit, "", message).with_help(help)
}

fn is_nesting_error(source: &serde_saphyr::ExternalMessageSource) -> bool {
    matches!(
        source,
        serde_saphyr::ExternalMessageSource::Parser(scan)
            if matches!(scan.kind(), granit_parser::ErrorKind::RecursionLimitExceeded)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn line_col_counts_characters_and_skips_a_bom() {
        assert_eq!(line_col("a\nbé: x", 6), (2, 4));
        assert_eq!(line_col("\u{feff}ab", 4), (1, 2));
        // Inside a character: that character.
        assert_eq!(line_col("é", 1), (1, 1));
        assert_eq!(line_col("ab", 99), (1, 3));
    }

    #[test]
    fn serde_json_positions_become_byte_offsets() {
        assert_eq!(byte_offset("ab\ncd", 2, 1), Some(3));
        assert_eq!(byte_offset("ab", 1, 0), Some(0));
        assert_eq!(byte_offset("ab", 5, 1), None);
    }

    #[test]
    fn yaml_1_1_booleans_only_where_a_boolean_is_wanted() {
        let text = json!({
            "deprecated": "Yes",
            "x-nullable": "on",
            "type": "boolean",
            "default": "N",
            "enum": ["yes", "off", "maybe"],
            "description": "yes",
            "example": {"required": "yes"},
            "x-ext": {"deprecated": "yes"},
            "items": [{"readOnly": "y"}],
        })
        .to_string();
        // Owning its strings, as a YAML tree does.
        let mut de = serde_json::Deserializer::from_str(&text);
        let mut tree = Builder::new("", Duplicates::Refuse)
            .read(&mut de, 100)
            .unwrap();
        assert!(!tree.borrows_text());
        yaml11_booleans(&mut tree);
        assert_eq!(
            tree.root(&text).to_value(),
            json!({
                "deprecated": true,
                "x-nullable": true,
                "type": "boolean",
                "default": false,
                "enum": [true, false, "maybe"],
                "description": "yes",
                "example": {"required": "yes"},
                "x-ext": {"deprecated": "yes"},
                "items": [{"readOnly": true}],
            })
        );
    }

    #[test]
    fn json_names() {
        assert!(is_json_name("a/b.JSON"));
        assert!(!is_json_name("a.yaml"));
        assert!(!is_json_name("-"));
    }
}
