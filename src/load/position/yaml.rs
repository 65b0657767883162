//! YAML: the one-pass indexer over `granit-parser`'s events and their spans.
//!
//! The event parser is the one serde-saphyr (which builds the values) runs on, so keys and
//! structure here are the ones the loaded value has. Aliases are not expanded: an alias is
//! a node pointing at its anchored node, which is what keeps alias bombs harmless here.

use super::{Builder, Key, Kind, NO_POS};
use foldhash::{HashMap, HashMapExt};
use granit_parser::{Event, Parser, ScalarStyle, Tag};

/// Indexes the first document of a YAML text.
pub(super) fn index(text: &str, builder: &mut Builder) {
    // The text was loaded under the depth limit already; the event parser's own nesting
    // limits are counters (it does not recurse), so a generous value is safe.
    let options = granit_parser::options! {
        emit_comments: false,
        flow_nesting_limit: 100_000,
        block_nesting_limit: 100_000,
    };
    let mut anchors: HashMap<usize, u32> = HashMap::new();
    // The key spelling of anchored scalars, for aliases used as keys.
    let mut anchor_keys: HashMap<usize, Key> = HashMap::new();
    for item in Parser::new_from_str_with_options(text, options) {
        let Ok((event, span)) = item else {
            break;
        };
        let pos = span
            .start
            .byte_offset()
            .and_then(|o| u32::try_from(o).ok())
            .unwrap_or(NO_POS);
        match event {
            Event::Scalar(value, style, anchor, tag) => {
                let as_key = builder.wants_key();
                let key = if as_key || anchor != 0 {
                    scalar_key(text, &value, style, tag.as_deref(), &mut builder.arena)
                } else {
                    Key::Opaque
                };
                if as_key {
                    builder.key(key, pos);
                } else if anchor == 0 {
                    // As in JSON: no node of its own, its entry has its position.
                    builder.scalar(pos);
                }
                if anchor != 0 {
                    // An alias may name it: it needs a node.
                    let node = builder.node(Kind::Scalar, pos, 0);
                    anchors.insert(anchor, node);
                    anchor_keys.insert(anchor, key);
                    if !as_key {
                        builder.value(node);
                    }
                }
            }
            Event::SequenceStart(_, anchor, _) | Event::MappingStart(_, anchor, _) => {
                let kind = if matches!(event, Event::MappingStart(..)) {
                    Kind::Map
                } else {
                    Kind::Seq
                };
                let node = builder.open(kind, pos);
                if anchor != 0 {
                    anchors.insert(anchor, node);
                }
            }
            Event::SequenceEnd | Event::MappingEnd => builder.close(None),
            Event::Alias(id) => {
                if builder.wants_key() {
                    let key = anchor_keys.get(&id).copied().unwrap_or(Key::Opaque);
                    builder.key(key, pos);
                } else {
                    let target = anchors.get(&id).copied().unwrap_or(NO_POS);
                    let node = builder.node(Kind::Alias, pos, target);
                    builder.value(node);
                }
            }
            Event::DocumentEnd | Event::StreamEnd => break,
            _ => {}
        }
        if builder.done() {
            break;
        }
    }
    while !builder.stack.is_empty() {
        builder.close(None);
    }
}

/// How a scalar used as a mapping key is matched against pointer segments: by its value
/// (`200:` is the key "200", as the loaded value has it).
fn scalar_key(
    text: &str,
    value: &str,
    style: ScalarStyle,
    tag: Option<&Tag>,
    arena: &mut Vec<String>,
) -> Key {
    if value == "<<" {
        let merge_tag = tag.is_some_and(|t| t.core_suffix() == Some("merge"));
        if merge_tag || (style == ScalarStyle::Plain && tag.is_none()) {
            return Key::Merge;
        }
    }
    // A value borrowed from the text (no escapes or folding) is a verbatim slice of it; an
    // owned one lives elsewhere.
    let base = text.as_ptr() as usize;
    let at = value.as_ptr() as usize;
    if at >= base && at + value.len() <= base + text.len() {
        let start = (at - base) as u32;
        return Key::Verbatim {
            start,
            end: start + value.len() as u32,
        };
    }
    arena.push(value.to_string());
    Key::Arena(arena.len() as u32 - 1)
}
