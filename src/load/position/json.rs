//! JSON: a path walker that skips values without allocating, and the one-pass indexer.
//!
//! Both read the text as bytes and never trust it: on text that is not JSON they find
//! nothing, but never index out of bounds.

use super::{Builder, Key, Kind, segment_cow};

/// Byte offset of what a pointer names (see the module documentation), walking only along
/// the pointer's path.
pub(super) fn walk(text: &str, pointer: &str) -> Option<usize> {
    walk_from(text, skip_ws(text.as_bytes(), body_start(text)), pointer)
}

/// [`walk`] from the value that starts at byte `i`.
pub(super) fn walk_from(text: &str, i: usize, pointer: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = i;
    if i >= b.len() {
        return None;
    }
    if pointer.is_empty() {
        return Some(i);
    }
    let mut found = i;
    for raw in pointer.strip_prefix('/')?.split('/') {
        let segment = segment_cow(raw);
        match b.get(i)? {
            b'{' => {
                i = skip_ws(b, i + 1);
                loop {
                    if *b.get(i)? != b'"' {
                        return None;
                    }
                    let key_start = i;
                    let (end, escaped) = string_end(b, i)?;
                    let key = &b[i + 1..end - 1];
                    let hit = if escaped {
                        escaped_eq(key, &segment)
                    } else {
                        key == segment.as_bytes()
                    };
                    i = skip_ws(b, end);
                    if *b.get(i)? != b':' {
                        return None;
                    }
                    i = skip_ws(b, i + 1);
                    if hit {
                        b.get(i)?;
                        found = key_start;
                        break;
                    }
                    i = skip_ws(b, skip_value(b, i)?);
                    if *b.get(i)? != b',' {
                        return None;
                    }
                    i = skip_ws(b, i + 1);
                }
            }
            b'[' => {
                let n = segment.parse::<usize>().ok()?;
                i = skip_ws(b, i + 1);
                if *b.get(i)? == b']' {
                    return None;
                }
                for _ in 0..n {
                    i = skip_ws(b, skip_value(b, i)?);
                    if *b.get(i)? != b',' {
                        return None;
                    }
                    i = skip_ws(b, i + 1);
                }
                found = i;
            }
            _ => return None,
        }
    }
    Some(found)
}

/// Indexes a JSON text in one pass (iteratively: depth is no problem here).
pub(super) fn index(text: &str, builder: &mut Builder) {
    let b = text.as_bytes();
    let mut i = skip_ws(b, body_start(text));
    while i < b.len() && !builder.done() {
        let pos = i as u32;
        match b[i] {
            b'{' => {
                builder.open(Kind::Map, pos);
                i += 1;
            }
            b'[' => {
                builder.open(Kind::Seq, pos);
                i += 1;
            }
            b'}' | b']' => {
                i += 1;
                builder.close(Some(i as u32));
            }
            b',' | b':' => i += 1,
            b'"' => {
                let Some((end, escaped)) = string_end(b, i) else {
                    break;
                };
                if builder.wants_key() {
                    let (start, end) = (pos + 1, end as u32 - 1);
                    let key = if escaped {
                        Key::JsonEscaped { start, end }
                    } else {
                        Key::Verbatim { start, end }
                    };
                    builder.key(key, pos);
                } else {
                    builder.scalar(pos);
                }
                i = end;
            }
            _ => {
                let end = scalar_end(b, i);
                if end == i {
                    // Not JSON; step over it rather than stall.
                    i += 1;
                    continue;
                }
                builder.scalar(pos);
                i = end;
            }
        }
        i = skip_ws(b, i);
    }
    // Truncated text: close what is open so the part read can still be found.
    while !builder.stack.is_empty() {
        builder.close(None);
    }
}

fn body_start(text: &str) -> usize {
    if text.starts_with('\u{feff}') { 3 } else { 0 }
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// The offset just past the string whose opening quote is at `i`, and whether the string
/// has backslash escapes.
fn string_end(b: &[u8], i: usize) -> Option<(usize, bool)> {
    let mut j = i + 1;
    let mut escaped = false;
    // Descriptions are long: jump from one quote or backslash to the next.
    while let Some(k) = memchr::memchr2(b'"', b'\\', b.get(j..)?) {
        j += k;
        if b[j] == b'"' {
            return Some((j + 1, escaped));
        }
        escaped = true;
        j += 2; // the backslash and the character it escapes
    }
    None
}

/// The end of a number, `true`, `false` or `null` starting at `i`.
fn scalar_end(b: &[u8], i: usize) -> usize {
    let mut j = i;
    while j < b.len()
        && !matches!(
            b[j],
            b',' | b'}' | b']' | b':' | b'"' | b'{' | b'[' | b' ' | b'\t' | b'\n' | b'\r'
        )
    {
        j += 1;
    }
    j
}

/// The offset just past the value starting at `i`.
fn skip_value(b: &[u8], i: usize) -> Option<usize> {
    match *b.get(i)? {
        b'"' => string_end(b, i).map(|(end, _)| end),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            while j < b.len() {
                match b[j] {
                    b'"' => {
                        j = string_end(b, j)?.0;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            None
        }
        _ => {
            let end = scalar_end(b, i);
            (end > i).then_some(end)
        }
    }
}

/// Does the body of a JSON string with escapes (`raw`, without quotes) spell `want`?
pub(super) fn escaped_eq(raw: &[u8], want: &str) -> bool {
    let want = want.as_bytes();
    let mut w = 0;
    let mut i = 0;
    while i < raw.len() {
        let c = raw[i];
        if c != b'\\' {
            if want.get(w) != Some(&c) {
                return false;
            }
            w += 1;
            i += 1;
            continue;
        }
        let ch = match raw.get(i + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let Some(unit) = hex4(raw, i + 2) else {
                    return false;
                };
                i += 6;
                let code = if (0xD800..0xDC00).contains(&unit) {
                    // A surrogate pair: `\uD83D\uDE00`.
                    let low = match (raw.get(i), raw.get(i + 1)) {
                        (Some(b'\\'), Some(b'u')) => hex4(raw, i + 2),
                        _ => None,
                    };
                    let Some(low) = low.filter(|l| (0xDC00..0xE000).contains(l)) else {
                        return false;
                    };
                    i += 6;
                    0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    unit
                };
                let Some(ch) = char::from_u32(code) else {
                    return false;
                };
                let mut buf = [0u8; 4];
                let enc = ch.encode_utf8(&mut buf).as_bytes();
                if want.get(w..w + enc.len()) != Some(enc) {
                    return false;
                }
                w += enc.len();
                continue;
            }
            _ => return false,
        };
        i += 2;
        if want.get(w) != Some(&(ch as u8)) {
            return false;
        }
        w += 1;
    }
    w == want.len()
}

fn hex4(raw: &[u8], at: usize) -> Option<u32> {
    let digits = raw.get(at..at + 4)?;
    let s = std::str::from_utf8(digits).ok()?;
    u32::from_str_radix(s, 16).ok()
}
